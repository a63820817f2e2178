/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * TX queues: setup and release, the ring's initial state and the release
 * of frames still in flight at stop, and the choice of TX burst function.
 */

#include <errno.h>
#include <stdio.h>

#include <ethdev_driver.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>

#include "gem_dma.h"
#include "gem_ethdev.h"
#include "gem_rxtx.h"

static void
gem_tx_queue_free(struct gem_tx_queue *txq)
{
	if (txq == NULL)
		return;
	gem_tx_ring_release_mbufs(txq);
	rte_free(txq->sw_ring);
	rte_memzone_free(txq->mz);
	rte_free(txq);
}

void
gem_tx_queue_release(struct rte_eth_dev *dev, uint16_t qid)
{
	gem_tx_queue_free(dev->data->tx_queues[qid]);
	dev->data->tx_queues[qid] = NULL;
}

int
gem_tx_queue_setup(struct rte_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
		   unsigned int socket, const struct rte_eth_txconf *conf)
{
	struct gem_adapter *ad = GEM_ADAPTER(dev);
	uint16_t thresh = conf->tx_free_thresh ? conf->tx_free_thresh :
			  GEM_DEFAULT_TX_FREE_THRESH;
	uint16_t per_line = gem_descs_per_line(ad);
	unsigned int shift = ad->desc64 ? GEM_DESC_SHIFT_64 : GEM_DESC_SHIFT_32;
	struct gem_tx_queue *txq;

	if (nb_desc < GEM_MIN_RING_DESC || nb_desc > GEM_MAX_RING_DESC ||
	    nb_desc % per_line != 0) {
		GEM_PLOG(ERR, dev, "txq %u: %u descriptors; use a multiple of %u in %u..%u",
			 qid, nb_desc, per_line, GEM_MIN_RING_DESC,
			 GEM_MAX_RING_DESC);
		return -EINVAL;
	}
	if (thresh >= nb_desc - 3) {
		GEM_PLOG(ERR, dev, "txq %u: tx_free_thresh %u must be below the ring size minus 3 (%u)",
			 qid, thresh, nb_desc - 3);
		return -EINVAL;
	}
	if (conf->tx_rs_thresh != 0)
		GEM_PLOG(INFO, dev, "txq %u: tx_rs_thresh %u ignored: the GEM reports completion per frame",
			 qid, conf->tx_rs_thresh);
	if (conf->tx_deferred_start) {
		GEM_PLOG(ERR, dev, "txq %u: deferred start is not supported", qid);
		return -EINVAL;
	}

	if (dev->data->tx_queues[qid] != NULL)
		gem_tx_queue_release(dev, qid);

	txq = rte_zmalloc_socket("gem_txq", sizeof(*txq), RTE_CACHE_LINE_SIZE,
				 socket);
	if (txq == NULL)
		return -ENOMEM;
	txq->sw_ring = rte_zmalloc_socket("gem_tx_sw_ring",
					  sizeof(txq->sw_ring[0]) * nb_desc,
					  RTE_CACHE_LINE_SIZE, socket);
	txq->mz = gem_ring_zone(dev, "tx_ring", qid,
				gem_ring_bytes(nb_desc, shift, ad->caps.tx_prefetch),
				socket);
	if (txq->sw_ring == NULL || txq->mz == NULL) {
		GEM_PLOG(ERR, dev, "txq %u: no memory for a ring of %u descriptors on socket %u",
			 qid, nb_desc, socket);
		gem_tx_queue_free(txq);
		return -ENOMEM;
	}
	txq->tx_ring = txq->mz->addr;
	txq->tx_ring_phys_addr = txq->mz->iova;
	txq->nb_tx_desc = nb_desc;
	txq->tx_free_thresh = thresh;
	txq->port_id = dev->data->port_id;
	txq->queue_id = qid;
	txq->doorbell = &ad->doorbell;
	txq->dma_epoch_now = &ad->tx_dma_epoch;
	txq->flags = gem_queue_flags(ad);
	if (!(ad->caps.caps & GEM_CAP_SG))
		txq->flags |= GEM_QF_ONE_SEG;
	txq->offloads = conf->offloads | dev->data->dev_conf.txmode.offloads;
	if (txq->offloads & RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE)
		txq->flags |= GEM_QF_FAST_FREE;
	txq->max_frame_len = GEM_MAX_FRAME_STD;
	gem_tx_ring_init(txq);

	dev->data->tx_queues[qid] = txq;
	return 0;
}

void
gem_txq_info_get(struct rte_eth_dev *dev, uint16_t qid,
		 struct rte_eth_txq_info *qinfo)
{
	const struct gem_tx_queue *txq = dev->data->tx_queues[qid];

	qinfo->nb_desc = txq->nb_tx_desc;
	qinfo->conf.tx_free_thresh = txq->tx_free_thresh;
	qinfo->conf.offloads = txq->offloads;
}

/* Every descriptor software-owned; the ring empty. */
void
gem_tx_ring_init(struct gem_tx_queue *txq)
{
	const unsigned int shift = (txq->flags & GEM_QF_DESC64) ?
				   GEM_DESC_SHIFT_64 : GEM_DESC_SHIFT_32;
	uint16_t i;

	for (i = 0; i < txq->nb_tx_desc; i++) {
		volatile struct gem_desc *d = gem_desc_at(txq->tx_ring, i,
							  shift);

		d->addr = 0;
		d->ctrl = rte_cpu_to_le_32(gem_tx_ctrl_word(0, false,
				i == txq->nb_tx_desc - 1, true));
		if (shift == GEM_DESC_SHIFT_64) {
			d->addr_hi = 0;
			d->reserved = 0;
		}
		txq->sw_ring[i] = NULL;
	}
	if (txq->flags & GEM_QF_NONCOHERENT)
		gem_dma_clean(txq->tx_ring, (size_t)txq->nb_tx_desc << shift);
	txq->tx_tail = 0;
	txq->nb_tx_free = txq->nb_tx_desc - 1;
	txq->last_desc_cleaned = txq->nb_tx_desc - 1;
	txq->nb_tx_multi = 0;
}

/* Free the frames in flight, oldest first (the ring is stopped). */
void
gem_tx_ring_release_mbufs(struct gem_tx_queue *txq)
{
	uint16_t in_flight, idx, nb;

	if (txq->sw_ring == NULL)
		return;
	in_flight = txq->nb_tx_desc - 1 - txq->nb_tx_free;
	idx = gem_ring_next(txq->last_desc_cleaned, txq->nb_tx_desc);
	while (in_flight != 0) {
		struct rte_mbuf *m = txq->sw_ring[idx];

		nb = gem_tx_frame_descs(txq->sw_ring, idx, in_flight,
					txq->nb_tx_desc);
		rte_pktmbuf_free(m);
		in_flight -= nb;
		idx = gem_ring_add(idx, nb, txq->nb_tx_desc);
	}
	txq->nb_tx_free = txq->nb_tx_desc - 1;
	txq->last_desc_cleaned = gem_ring_sub(idx, 1, txq->nb_tx_desc);
}

/* The TX burst function for the port's configuration, chosen at start. */
void
gem_set_tx_function(struct rte_eth_dev *dev)
{
	const struct gem_adapter *ad = GEM_ADAPTER(dev);

	if (!ad->dma_coherent)
		dev->tx_pkt_burst = gem_xmit_pkts_noncoh;
	else if (ad->desc64)
		dev->tx_pkt_burst = gem_xmit_pkts_64;
	else
		dev->tx_pkt_burst = gem_xmit_pkts_32;
	dev->tx_pkt_prepare = gem_prep_pkts;
}

int
gem_tx_burst_mode_get(struct rte_eth_dev *dev, uint16_t qid __rte_unused,
		      struct rte_eth_burst_mode *mode)
{
	const char *info;

	if (dev->tx_pkt_burst == gem_xmit_pkts_32 ||
	    dev->tx_pkt_burst == gem_xmit_pkts_64)
		info = "Scalar";
	else if (dev->tx_pkt_burst == gem_xmit_pkts_noncoh)
		info = "Scalar non-coherent";
	else
		return -EINVAL;
	snprintf(mode->info, sizeof(mode->info), "%s", info);
	return 0;
}
