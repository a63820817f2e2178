/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef GEM_QUIESCE_H
#define GEM_QUIESCE_H

/*
 * Stopping a GEM's DMA, written once for every side that does it: the PMD
 * on probe, stop and close, and the vfio-platform reset module (kernel) on
 * every open and release of the device, so also when a DPDK process dies.
 * The includer's gem_osdep.h supplies (e1000's base/ pattern):
 *   gem_os_regs_t                  what register accesses take
 *   gem_os_rd(regs, off)           32-bit register read
 *   gem_os_wr(regs, off, val)      32-bit register write, ordered after
 *                                  the CPU's earlier stores to DMA memory
 *   gem_os_delay_us(us)            wait while polling (may sleep)
 *   gem_os_sleep_us(us)            wait once (may sleep)
 *   gem_os_cpu_to_le32(v)          a descriptor word as the GEM reads it
 *   GEM_OS_ETIMEDOUT               the errno for a bounded poll that ran out
 *
 * The sequence:
 *  1. If TE is set: write NCR with THALT, keeping TE (and RE) set, then poll
 *     TSR.TGO until it drops. THALT lets the frame in flight finish, and TGO
 *     is the only signal that TX DMA has stopped reading memory; clearing TE
 *     first would stop the MAC without telling us when DMA is done.
 *  2. Clear RE and TE in NCR (other bits kept: MDIO stays usable). If RE was
 *     set, wait one longest-frame time at the current speed: RX has no
 *     status bit that says its DMA has drained the frame it was receiving.
 *  3. On every queue in DCFG6's mask: IDR = all ones, then clear ISR (read
 *     when DCFG1.IRQCOR says clear-on-read, else write ones). After step 2,
 *     so status raised by the last frames is cleared too.
 *  4. TSR and RSR: write ones to clear.
 *  5. When given a park area: every queue's RX and TX ring pointers on its
 *     safe descriptors (upper address word, shared by all queues, first
 *     when DCFG6.DAW64, then each queue's low word). Ring bases may only be
 *     written with the DMA stopped, hence after step 2. With RE/TE clear
 *     the pointers are inert; parking is for whatever enables RE/TE next
 *     without programming every queue (ZynqMP and QEMU's model fetch from
 *     every queue once RE is set).
 *  6. NCR.CLRSTAT last, when asked, so the counters also lose the final
 *     frames.
 * Checking that the block is a GEM at all (MID) is the caller's first step:
 * a wrong device tree must not make us write a stranger's registers.
 */

#include "gem_osdep.h"
#include "gem_hw.h"

/* Microseconds the longest frame a descriptor can hold takes on the wire. */
static inline unsigned int
gem_frame_us(gem_os_regs_t regs)
{
	uint32_t ncfgr = gem_os_rd(regs, GEM_NCFGR);
	unsigned int mbps = 10;

	if (ncfgr & GEM_NCFGR_GBE)
		mbps = 1000;
	else if (ncfgr & GEM_NCFGR_SPD)
		mbps = 100;
	return (GEM_MASK(GEM_RX_W1_LENJ) * 8 + mbps - 1) / mbps;
}

/* How long step 1 waits for TGO to drop: two frames, plus slack. */
static inline unsigned int
gem_halt_timeout_us(gem_os_regs_t regs)
{
	return 2 * gem_frame_us(regs) + 1000;
}

/* Ring base of queue q; the upper word (daw64) is shared by all queues. */
static inline void
gem_ring_base_set(gem_os_regs_t regs, unsigned int q, bool rx, uint64_t iova,
		  bool daw64)
{
	/* The upper word first: the low word is what the queue latches. */
	if (daw64)
		gem_os_wr(regs, rx ? GEM_RBQPH : GEM_TBQPH,
			  (uint32_t)(iova >> 32));
	if (rx)
		gem_os_wr(regs, GEM_QREG(GEM_RBQP, q), (uint32_t)iova);
	else
		gem_os_wr(regs, GEM_QREG(GEM_TBQP, q), (uint32_t)iova);
}

/* Write the park area's safe descriptors (GEM_PARK_BYTES at area). */
static inline void
gem_park_fill(void *area)
{
	uint32_t *w = (uint32_t *)area;
	unsigned int i;

	for (i = 0; i < GEM_PARK_BYTES / 4; i++)
		w[i] = 0;
	w[GEM_PARK_RX_OFF / 4] =
		gem_os_cpu_to_le32(GEM_RX_W0_USED | GEM_RX_W0_WRAP);
	w[GEM_PARK_TX_OFF / 4 + 1] =
		gem_os_cpu_to_le32(GEM_TX_W1_USED | GEM_TX_W1_WRAP);
}

/*
 * Step 1: THALT with ncr (TE set), then TGO polled until it drops: the
 * frame in flight finishes, and every queue keeps its place. 0, or
 * -GEM_OS_ETIMEDOUT.
 */
static inline int
gem_tx_halt(gem_os_regs_t regs, uint32_t ncr)
{
	unsigned int limit = gem_halt_timeout_us(regs), waited;

	gem_os_wr(regs, GEM_NCR, ncr | GEM_NCR_THALT);
	for (waited = 0; gem_os_rd(regs, GEM_TSR) & GEM_TSR_TGO;
	     waited += 10) {
		if (waited >= limit)
			return -GEM_OS_ETIMEDOUT;
		gem_os_delay_us(10);
	}
	return 0;
}

/* Steps 1 and 2: stop TX at a frame boundary, then RX. */
static inline int
gem_dma_stop(gem_os_regs_t regs)
{
	uint32_t ncr = gem_os_rd(regs, GEM_NCR) &
		       ~(GEM_NCR_THALT | GEM_NCR_TSTART);
	int ret = 0;

	if (ncr & GEM_NCR_TE)
		ret = gem_tx_halt(regs, ncr);
	gem_os_wr(regs, GEM_NCR, ncr & ~(GEM_NCR_RE | GEM_NCR_TE));
	if (ncr & GEM_NCR_RE)
		gem_os_sleep_us(gem_frame_us(regs));
	return ret;
}

/*
 * The whole sequence. park_iova: the device address of a park area whose
 * descriptors gem_park_fill() wrote and the device can read, or 0 to leave
 * the ring pointers. Returns 0, or -GEM_OS_ETIMEDOUT when TX did not halt
 * in time (the block is stopped regardless); *nb_queues (if not NULL) gets
 * the number of queues masked.
 */
static inline int
gem_quiesce(gem_os_regs_t regs, uint64_t park_iova, bool clear_stats,
	    unsigned int *nb_queues)
{
	const uint32_t dcfg6 = gem_os_rd(regs, GEM_DCFG6);
	const unsigned int qmask = GEM_GET(GEM_DCFG6_QUEUES, dcfg6) |
				   GEM_BIT32(0);
	const bool isr_cor = gem_os_rd(regs, GEM_DCFG1) & GEM_DCFG1_IRQCOR;
	const bool daw64 = dcfg6 & GEM_DCFG6_DAW64;
	unsigned int q, nq = 0;
	int ret = gem_dma_stop(regs);

	for (q = 0; q < GEM_MAX_QUEUES; q++) {
		if (!(qmask & GEM_BIT32(q)))
			continue;
		nq++;
		gem_os_wr(regs, GEM_QREG(GEM_IDR, q), GEM_INT_ALL);
		if (isr_cor)
			(void)gem_os_rd(regs, GEM_QREG(GEM_ISR, q));
		else
			gem_os_wr(regs, GEM_QREG(GEM_ISR, q), GEM_INT_ALL);
	}
	gem_os_wr(regs, GEM_TSR, GEM_TSR_ALL);
	gem_os_wr(regs, GEM_RSR, GEM_RSR_ALL);

	if (park_iova != 0) {
		for (q = 0; q < GEM_MAX_QUEUES; q++) {
			if (!(qmask & GEM_BIT32(q)))
				continue;
			gem_ring_base_set(regs, q, true,
					  park_iova + GEM_PARK_RX_OFF, daw64);
			gem_ring_base_set(regs, q, false,
					  park_iova + GEM_PARK_TX_OFF, daw64);
		}
	}
	if (clear_stats)
		gem_os_wr(regs, GEM_NCR,
			  gem_os_rd(regs, GEM_NCR) | GEM_NCR_CLRSTAT);
	if (nb_queues != NULL)
		*nb_queues = nq;
	return ret;
}

#endif /* GEM_QUIESCE_H */
