/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "gem_hw.h"
#include "gem_ethdev.h"
#include "gem_hw_ops.h"
#include "gem_rxtx.h"

#include "benchdev.h"

#define REG_BLOCK 4096

/*
 * The design-configuration registers of the GEM the lab board has (QEMU
 * 7.2's model in xlnx-versal-virt: GEM.md): 64-bit DMA and one priority
 * queue besides queue 0, so net_gem runs with 16-byte descriptors exactly
 * as it does on the board.
 */
#define BOARD_MID   0x00020118u
#define BOARD_DCFG1 0x02d00111u
#define BOARD_DCFG2 (0x2ab10000u | 10240u)
#define BOARD_DCFG6 (GEM_DCFG6_DAW64 | 0x2u)
/* The board's GEMs are ZynqMP ones: the variant, not a compatible. */
#define BOARD_VARIANT "zynqmp"
#define RING_DEFAULT 512	/* net_ring has none: ethdev's fallback */

static unsigned int port_seq;

/* ethdev wants the device's driver; the bus would provide both. */
static struct rte_driver gem_driver = { .name = "net_gem" };
static struct rte_device gem_device = {
	.name = "socnic_bench_gem",
	.driver = &gem_driver,
	.numa_node = SOCKET_ID_ANY,
};
static const struct rte_ether_addr board_mac = {
	.addr_bytes = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 },
};

static void
reg_wr(struct bench_dev *d, uint32_t off, uint32_t v)
{
	*(volatile uint32_t *)(d->regs + off) = v;
}

static uint32_t
reg_rd(const struct bench_dev *d, uint32_t off)
{
	return *(volatile uint32_t *)(d->regs + off);
}

int
bench_dev_init(struct bench_dev *d, enum bench_pmd pmd)
{
	memset(d, 0, sizeof(*d));
	d->gem = pmd != BENCH_RING;
	d->sync = pmd == BENCH_GEM_SYNC || pmd == BENCH_GEM_DIRTY64;
	d->rx_dirty_max = pmd == BENCH_GEM_DIRTY64 ? 64 : GEM_RX_DIRTY_ALL;
	d->pmd = bench_pmd_name(pmd);
	if (!d->gem)
		return 0;
	d->regs = aligned_alloc(REG_BLOCK, REG_BLOCK);
	if (d->regs == NULL) {
		fprintf(stderr, "socnic-bench-fastpath: no memory for a register block\n");
		return -ENOMEM;
	}
	memset(d->regs, 0, REG_BLOCK);
	reg_wr(d, GEM_MID, BOARD_MID);
	reg_wr(d, GEM_DCFG1, BOARD_DCFG1);
	reg_wr(d, GEM_DCFG2, BOARD_DCFG2);
	reg_wr(d, GEM_DCFG6, BOARD_DCFG6);
	reg_wr(d, GEM_NSR, GEM_NSR_MDIO_IDLE);
	return 0;
}

/* The first compatible net_gem binds to the board's variant. */
static const struct rte_socplat_id *
board_id(void)
{
	const struct rte_socplat_id *id;

	for (id = gem_socplat_ids; id->compatible != NULL; id++)
		if (strcmp(((const struct gem_variant *)id->data)->name,
			   BOARD_VARIANT) == 0)
			return id;
	return NULL;
}

static int
gem_create(struct bench_dev *d)
{
	const struct rte_socplat_id *id = board_id();
	struct gem_init_params p = {
		.regs = d->regs,
		/* The coherent data path unless asked: the sync path's cache
		 * operations are no-ops on x86, only their bookkeeping runs. */
		.dma_coherent = !d->sync,
		.dt_mac = &board_mac,
		.link_kind = GEM_LINK_FIXED,
		.link_speed = RTE_ETH_SPEED_NUM_1G,
		.link_full_duplex = true,
		.phy_addr = -1,
		.rx_dirty_max = d->rx_dirty_max,
	};
	char name[RTE_ETH_NAME_MAX_LEN];
	int ret;

	if (id == NULL) {
		fprintf(stderr, "socnic-bench-fastpath: net_gem has no %s variant\n",
			BOARD_VARIANT);
		return -ENOENT;
	}
	p.compatible = id->compatible;
	p.variant = id->data;
	snprintf(name, sizeof(name), "bench_gem%u", port_seq++);
	ret = rte_eth_dev_create(&gem_device, name, sizeof(struct gem_adapter),
				 NULL, NULL, gem_ethdev_init, &p);
	if (ret == 0)
		ret = rte_eth_dev_get_port_by_name(name, &d->port);
	if (ret != 0)
		fprintf(stderr, "socnic-bench-fastpath: net_gem probe failed: %s\n",
			strerror(-ret));
	return ret;
}

static int
ring_create(struct bench_dev *d, unsigned int nb_desc)
{
	char name[RTE_RING_NAMESIZE];
	unsigned int seq = port_seq++;
	int port;

	if (nb_desc == 0)
		nb_desc = RING_DEFAULT;
	snprintf(name, sizeof(name), "bench_rx%u", seq);
	d->rxr = rte_ring_create(name, nb_desc, SOCKET_ID_ANY,
				 RING_F_SP_ENQ | RING_F_SC_DEQ);
	snprintf(name, sizeof(name), "bench_tx%u", seq);
	d->txr = rte_ring_create(name, nb_desc, SOCKET_ID_ANY,
				 RING_F_SP_ENQ | RING_F_SC_DEQ);
	if (d->rxr == NULL || d->txr == NULL) {
		fprintf(stderr, "socnic-bench-fastpath: rings of %u: %s (sizes must be powers of 2)\n",
			nb_desc, rte_strerror(rte_errno));
		return -ENOMEM;
	}
	snprintf(name, sizeof(name), "bench_ring%u", seq);
	port = rte_eth_from_rings(name, &d->rxr, 1, &d->txr, 1, SOCKET_ID_ANY);
	if (port < 0) {
		fprintf(stderr, "socnic-bench-fastpath: rte_eth_from_rings: %s\n",
			rte_strerror(rte_errno));
		return -ENODEV;
	}
	d->port = (uint16_t)port;
	return 0;
}

int
bench_dev_create(struct bench_dev *d, unsigned int nb_desc)
{
	return d->gem ? gem_create(d) : ring_create(d, nb_desc);
}

/* Where the device finds a ring: the base registers, as hardware does. */
static volatile uint8_t *
gem_ring_base(const struct bench_dev *d, uint32_t lo, uint32_t hi)
{
	uint64_t base = reg_rd(d, lo);

	if (reg_rd(d, GEM_DMACFG) & GEM_DMACFG_ADDR64)
		base |= (uint64_t)reg_rd(d, hi) << 32;
	/* IOVA as VA (the harness's EAL mode): bus address = pointer. */
	return (volatile uint8_t *)(uintptr_t)base;
}

int
bench_dev_start(struct bench_dev *d, struct rte_mempool *mp,
		unsigned int nb_desc, unsigned int frame, unsigned int burst)
{
	struct rte_eth_conf conf = { 0 };
	struct rte_eth_dev_info info;
	struct rte_eth_rxq_info rxi;
	struct rte_eth_txq_info txi;
	unsigned int i;
	int ret;

	d->frame_len = frame - RTE_ETHER_CRC_LEN;
	/* As dpdk-testpmd configures a port: fast free when offered. */
	ret = rte_eth_dev_info_get(d->port, &info);
	if (ret == 0 && (info.tx_offload_capa &
			 RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE))
		conf.txmode.offloads |= RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE;
	if (ret == 0)
		ret = rte_eth_dev_configure(d->port, 1, 1, &conf);
	if (ret == 0)
		ret = rte_eth_rx_queue_setup(d->port, 0, nb_desc, SOCKET_ID_ANY,
					     NULL, mp);
	if (ret == 0)
		ret = rte_eth_tx_queue_setup(d->port, 0, nb_desc, SOCKET_ID_ANY,
					     NULL);
	if (ret == 0)
		ret = rte_eth_dev_start(d->port);
	if (ret != 0) {
		fprintf(stderr, "socnic-bench-fastpath: %s port with %u descriptors: setup failed: %s\n",
			d->pmd, nb_desc, strerror(-ret));
		return ret;
	}
	if (rte_eth_rx_queue_info_get(d->port, 0, &rxi) == 0 &&
	    rte_eth_tx_queue_info_get(d->port, 0, &txi) == 0) {
		d->nb_rx_desc = rxi.nb_desc;
		d->nb_tx_desc = txi.nb_desc;
	} else {
		d->nb_rx_desc = rte_ring_get_size(d->rxr);
		d->nb_tx_desc = rte_ring_get_size(d->txr);
	}

	if (d->gem) {
		d->shift = (reg_rd(d, GEM_DMACFG) & GEM_DMACFG_ADDR64) ?
			   GEM_DESC_SHIFT_64 : GEM_DESC_SHIFT_32;
		d->rx_ring = gem_ring_base(d, GEM_RBQP, GEM_RBQPH);
		d->tx_ring = gem_ring_base(d, GEM_TBQP, GEM_TBQPH);
		d->rx_pos = 0;
		d->tx_pos = 0;
		d->on_wire = burst;
		d->rx_fill_mbufs = d->nb_rx_desc;
		return 0;
	}
	for (i = 0; i < burst; i++) {
		struct rte_mbuf *m = rte_pktmbuf_alloc(mp);

		if (m == NULL || rte_pktmbuf_append(m, d->frame_len) == NULL ||
		    rte_ring_enqueue(d->rxr, m) != 0) {
			fprintf(stderr, "socnic-bench-fastpath: cannot prime the ring wire\n");
			return -ENOMEM;
		}
	}
	return 0;
}

const char *
bench_pmd_name(enum bench_pmd pmd)
{
	switch (pmd) {
	case BENCH_GEM:
		return "net_gem";
	case BENCH_GEM_SYNC:
		return "net_gem/sync";
	case BENCH_GEM_DIRTY64:
		return "net_gem/dirty64";
	default:
		return "net_ring";
	}
}

int
bench_dev_open(struct bench_dev *d, enum bench_pmd pmd, struct rte_mempool *mp,
	       unsigned int nb_desc, unsigned int frame, unsigned int burst)
{
	int ret = bench_dev_init(d, pmd);

	if (ret == 0)
		ret = bench_dev_create(d, nb_desc);
	if (ret == 0)
		ret = bench_dev_start(d, mp, nb_desc, frame, burst);
	return ret;
}

static inline volatile struct gem_desc *
dev_desc(volatile uint8_t *ring, uint16_t idx, unsigned int shift)
{
	return (volatile struct gem_desc *)(ring + ((size_t)idx << shift));
}

static void
gem_step(struct bench_dev *d)
{
	uint16_t first = d->tx_pos;

	/* Transmitter, as TSTART runs it: until a software-owned slot. */
	for (;;) {
		volatile struct gem_desc *t = dev_desc(d->tx_ring, d->tx_pos,
						       d->shift);
		uint32_t ctrl = t->ctrl;

		if (ctrl & GEM_TX_W1_USED)
			break;
		d->tx_pos = (ctrl & GEM_TX_W1_WRAP) ? 0 : d->tx_pos + 1;
		if (ctrl & GEM_TX_W1_LAST) {
			dev_desc(d->tx_ring, first, d->shift)->ctrl |=
				GEM_TX_W1_USED;
			d->on_wire++;
			first = d->tx_pos;
		}
	}
	/* Receiver: the frames come back, into hardware-owned slots only. */
	while (d->on_wire != 0) {
		volatile struct gem_desc *r = dev_desc(d->rx_ring, d->rx_pos,
						       d->shift);
		uint32_t w0 = r->addr;

		if (w0 & GEM_RX_W0_USED)
			break;	/* no buffer: the frame waits on the wire */
		r->ctrl = d->frame_len | GEM_RX_W1_SOF | GEM_RX_W1_EOF;
		r->addr = w0 | GEM_RX_W0_USED;
		d->rx_pos = (w0 & GEM_RX_W0_WRAP) ? 0 : d->rx_pos + 1;
		d->on_wire--;
	}
}

static void
ring_step(struct bench_dev *d)
{
	void *objs[64];
	unsigned int n;

	while ((n = rte_ring_dequeue_burst(d->txr, objs, RTE_DIM(objs),
					   NULL)) != 0)
		rte_ring_enqueue_bulk(d->rxr, objs, n, NULL);
}

void
bench_dev_step(struct bench_dev *d)
{
	if (d->gem)
		gem_step(d);
	else
		ring_step(d);
}

static void
ring_drain(struct rte_ring *r)
{
	void *m;

	while (rte_ring_dequeue(r, &m) == 0)
		rte_pktmbuf_free(m);
}

void
bench_dev_close(struct bench_dev *d)
{
	/* The transmitter is idle (TSR.TGO clear): memory does not clear the
	 * write-1-to-clear bits the PMD wrote, hardware would. */
	if (d->gem)
		reg_wr(d, GEM_TSR, 0);
	if (rte_eth_dev_stop(d->port) != 0 || rte_eth_dev_close(d->port) != 0)
		fprintf(stderr, "socnic-bench-fastpath: %s: stop/close failed\n",
			d->pmd);
	if (d->rxr != NULL) {
		ring_drain(d->rxr);
		ring_drain(d->txr);
		rte_ring_free(d->rxr);
		rte_ring_free(d->txr);
	}
	free(d->regs);
	memset(d, 0, sizeof(*d));
}
