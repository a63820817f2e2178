/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef BENCHDEV_H
#define BENCHDEV_H

/*
 * The ports the fast-path benchmark drives, and the "device" behind each,
 * played by the harness between bursts as a loopback wire: every frame the
 * port transmits comes back on its receive side.
 *
 * net_gem: the real PMD (probe, ethdev ops, burst functions) over a GEM
 * whose register block is 4 KiB of malloc'ed memory. The device step does
 * at the ring level what the GEM's DMA does: finds the rings through
 * RBQP/TBQP, marks each frame software released (TX USED clear) as sent by
 * setting USED on its first descriptor, and for each frame sent writes the
 * next hardware-owned RX descriptor back (length, SOF|EOF, USED). Frames
 * land in no buffer: the PMD never reads packet data, and DMA does not
 * cost the CPU cycles. The TSTART doorbell is a plain store into the block.
 *
 * net_ring: DPDK's ring PMD (rte_eth_from_rings) on two rte_rings the
 * harness owns; the device step moves whatever was transmitted from the
 * TX ring to the RX ring.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_mempool.h>
#include <rte_ring.h>

enum bench_pmd {
	BENCH_GEM,	/* net_gem, coherent data path */
	BENCH_GEM_SYNC,	/* net_gem, non-coherent path (the board tree's) */
	BENCH_GEM_DIRTY64, /* the same with devarg rx_dirty_max=64 */
	BENCH_RING,	/* net_ring */
	BENCH_NB_PMDS
};

struct bench_dev {
	const char *pmd;
	bool gem;
	bool sync;			/* dma_coherent off */
	uint16_t rx_dirty_max;		/* the devarg; GEM_RX_DIRTY_ALL: none */
	uint16_t port;
	uint16_t nb_rx_desc, nb_tx_desc;	/* as the port took them */
	unsigned int rx_fill_mbufs;	/* mbufs the RX ring holds from the pool */
	uint32_t frame_len;		/* bytes in the buffer (no FCS) */

	/* net_gem */
	uint8_t *regs;			/* the "MMIO" block */
	volatile uint8_t *rx_ring, *tx_ring;
	unsigned int shift;		/* log2 of the descriptor stride */
	uint16_t rx_pos, tx_pos;	/* next descriptor the device takes */
	uint32_t on_wire;		/* sent, not yet received */

	/* net_ring */
	struct rte_ring *rxr, *txr;
};

const char *bench_pmd_name(enum bench_pmd pmd);
/* Register block only (net_gem), so memory figures can leave it out. */
int bench_dev_init(struct bench_dev *d, enum bench_pmd pmd);
/* Probe the port (net_ring: with rings of nb_desc, or 512 if 0). */
int bench_dev_create(struct bench_dev *d, unsigned int nb_desc);
/*
 * Configure one queue pair of nb_desc (0: the PMD's default), start, and
 * put `burst` frames of `frame` bytes (on the wire, FCS included) on the
 * loopback wire.
 */
int bench_dev_start(struct bench_dev *d, struct rte_mempool *mp,
		    unsigned int nb_desc, unsigned int frame,
		    unsigned int burst);
/* bench_dev_init + create + start. */
int bench_dev_open(struct bench_dev *d, enum bench_pmd pmd,
		   struct rte_mempool *mp,
		   unsigned int nb_desc, unsigned int frame, unsigned int burst);
/* The device's turn: complete what was sent, receive it back. */
void bench_dev_step(struct bench_dev *d);
/* Stop, close, free; fails loudly if an mbuf leaked. */
void bench_dev_close(struct bench_dev *d);

#endif /* BENCHDEV_H */
