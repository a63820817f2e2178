/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#include <errno.h>
#include <sys/eventfd.h>

#include <bus_driver.h>

#include "bus_socplat_driver.h"
#include "gem_ethdev.h"
#include "gem_hw_ops.h"

/*
 * RX interrupt mode. Queue q's RCOMP raises the GEM's interrupt line q (the
 * DT's q-th `interrupts` entry; designs that share one line for every
 * queue list it once, or the same SPI again, which the bus cannot wire a
 * second time: such queues share line 0). The bus hands each line over as
 * an eventfd; the ethdev handle built here gives RX queue q the eventfd of
 * its line, for rte_eth_dev_rx_intr_ctl_q() and epoll.
 *
 * The lines are level-triggered and vfio-platform masks one as it fires:
 * enabling a queue clears its ISR (so the line is low), then acks the
 * line at the bus (drain the eventfd, unmask), then unmasks RCOMP. A frame
 * that arrived while RCOMP was masked latched nothing, so one already
 * waiting is signalled by hand.
 */

static struct rte_socplat_device *
gem_socplat_dev(struct rte_eth_dev *dev)
{
	const struct rte_bus *bus = dev->device->bus;

	if (bus == NULL || strcmp(rte_bus_name(bus), RTE_SOCPLAT_BUS_NAME) != 0)
		return NULL;
	return RTE_ETH_DEV_TO_SOCPLAT(dev);
}

/* The line of RX queue q, or -1. */
static int
gem_rxq_line(const struct rte_socplat_device *sdev, uint16_t q)
{
	if (q < sdev->nb_irqs && sdev->irqs[q] != NULL)
		return q;
	if (sdev->nb_irqs > 0 && sdev->irqs[0] != NULL)
		return 0;
	return -1;
}

int
gem_rxq_intr_setup(struct rte_eth_dev *dev)
{
	struct rte_socplat_device *sdev = gem_socplat_dev(dev);
	uint16_t nb = dev->data->nb_rx_queues, q;
	struct rte_intr_handle *h;

	if (sdev == NULL || gem_rxq_line(sdev, 0) < 0) {
		GEM_PLOG(ERR, dev, "RX interrupts requested but the bus wired no interrupt line for this GEM: check the node's interrupts, or poll");
		return -ENOTSUP;
	}
	h = rte_intr_instance_alloc(RTE_INTR_INSTANCE_F_PRIVATE);
	if (h == NULL)
		return -ENOMEM;
	/* EXT: EAL leaves the eventfd to us; the bus's ack drains it. */
	if (rte_intr_type_set(h, RTE_INTR_HANDLE_EXT) != 0 ||
	    rte_intr_vec_list_alloc(h, "gem_rxq_intr", nb) != 0)
		goto fail;
	for (q = 0; q < nb; q++) {
		int line = gem_rxq_line(sdev, q);

		if (rte_intr_efds_index_set(h, q,
				rte_intr_fd_get(sdev->irqs[line])) != 0 ||
		    rte_intr_vec_list_index_set(h, q,
				RTE_INTR_VEC_RXTX_OFFSET + q) != 0)
			goto fail;
	}
	if (rte_intr_nb_efd_set(h, nb) != 0 ||
	    rte_intr_max_intr_set(h, nb + 1) != 0)
		goto fail;
	dev->intr_handle = h;
	return 0;
fail:
	rte_intr_vec_list_free(h);
	rte_intr_instance_free(h);
	GEM_PLOG(ERR, dev, "cannot build the RX interrupt handle for %u queues",
		 nb);
	return -ENOMEM;
}

void
gem_rxq_intr_teardown(struct rte_eth_dev *dev)
{
	if (dev->intr_handle == NULL)
		return;
	rte_intr_vec_list_free(dev->intr_handle);
	rte_intr_instance_free(dev->intr_handle);
	dev->intr_handle = NULL;
}

int
gem_rx_queue_intr_enable(struct rte_eth_dev *dev, uint16_t q)
{
	struct rte_socplat_device *sdev = gem_socplat_dev(dev);
	struct gem_adapter *ad = GEM_ADAPTER(dev);
	void *regs = gem_regs(dev);
	int line, ret;

	if (sdev == NULL || dev->intr_handle == NULL)
		return -ENOTSUP;
	line = gem_rxq_line(sdev, q);
	if (ad->caps.caps & GEM_CAP_ISR_COR)
		(void)gem_rd(regs, GEM_QREG(GEM_ISR, q));
	else
		gem_wr(regs, GEM_QREG(GEM_ISR, q), GEM_INT_ALL);
	ret = rte_socplat_irq_ack(sdev, line);
	if (ret != 0)
		return ret;
	gem_wr(regs, GEM_QREG(GEM_IER, q), GEM_INT_RCOMP);
	if (gem_rx_queue_count(dev->data->rx_queues[q]) > 0)
		(void)eventfd_write(rte_intr_fd_get(sdev->irqs[line]), 1);
	return 0;
}

int
gem_rx_queue_intr_disable(struct rte_eth_dev *dev, uint16_t q)
{
	if (dev->intr_handle == NULL)
		return -ENOTSUP;
	gem_wr(gem_regs(dev), GEM_QREG(GEM_IDR, q), GEM_INT_RCOMP);
	return 0;
}
