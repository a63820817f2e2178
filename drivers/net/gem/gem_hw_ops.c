/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#include <errno.h>

#include <rte_cycles.h>

#include "gem_hw_ops.h"

/* Microseconds the longest frame a descriptor can describe takes to send. */
static unsigned int
gem_frame_us(const volatile void *regs)
{
	uint32_t ncfgr = gem_rd(regs, GEM_NCFGR);
	unsigned int mbps = 10;

	if (ncfgr & GEM_NCFGR_GBE)
		mbps = 1000;
	else if (ncfgr & GEM_NCFGR_SPD)
		mbps = 100;
	return (GEM_MASK(GEM_RX_W1_LENJ) * 8 + mbps - 1) / mbps;
}

void
gem_hw_ring_base(volatile void *regs, unsigned int q, bool rx,
		 rte_iova_t iova, bool daw64)
{
	/* The upper word first: the low word is what the queue latches. */
	if (daw64)
		gem_wr(regs, rx ? GEM_RBQPH : GEM_TBQPH, (uint32_t)(iova >> 32));
	if (rx)
		gem_wr(regs, GEM_QREG(GEM_RBQP, q), (uint32_t)iova);
	else
		gem_wr(regs, GEM_QREG(GEM_TBQP, q), (uint32_t)iova);
}

int
gem_hw_quiesce(volatile void *regs, unsigned int nb_queues, bool isr_cor,
	       bool daw64, rte_iova_t park_rx, rte_iova_t park_tx,
	       bool clear_stats)
{
	uint32_t ncr = gem_rd(regs, GEM_NCR) & ~(GEM_NCR_THALT | GEM_NCR_TSTART);
	unsigned int frame_us = gem_frame_us(regs);
	unsigned int waited, q;
	int ret = 0;

	/* THALT lets the frame in flight finish; TGO is the only sign that
	 * TX DMA has stopped reading memory. */
	if (ncr & GEM_NCR_TE) {
		gem_wr(regs, GEM_NCR, ncr | GEM_NCR_THALT);
		for (waited = 0; gem_rd(regs, GEM_TSR) & GEM_TSR_TGO;
		     waited += 10) {
			if (waited >= 2 * frame_us + GEM_HALT_MIN_US) {
				ret = -ETIMEDOUT;
				break;
			}
			rte_delay_us_block(10);
		}
	}
	gem_wr(regs, GEM_NCR, ncr & ~(GEM_NCR_RE | GEM_NCR_TE));
	/* Nothing says when RX DMA has drained the frame it was taking. */
	if (ncr & GEM_NCR_RE)
		rte_delay_us_sleep(frame_us);

	for (q = 0; q < nb_queues; q++) {
		gem_wr(regs, GEM_QREG(GEM_IDR, q), GEM_INT_ALL);
		if (isr_cor)
			(void)gem_rd(regs, GEM_QREG(GEM_ISR, q));
		else
			gem_wr(regs, GEM_QREG(GEM_ISR, q), GEM_INT_ALL);
	}
	gem_wr(regs, GEM_TSR, GEM_TSR_ALL);
	gem_wr(regs, GEM_RSR, GEM_RSR_ALL);

	if (park_rx != 0 && park_tx != 0) {
		for (q = 0; q < nb_queues; q++) {
			gem_hw_ring_base(regs, q, true, park_rx, daw64);
			gem_hw_ring_base(regs, q, false, park_tx, daw64);
		}
	}
	if (clear_stats)
		gem_wr(regs, GEM_NCR, (ncr & ~(GEM_NCR_RE | GEM_NCR_TE)) |
		       GEM_NCR_CLRSTAT);
	return ret;
}

void
gem_hw_sa_get(const volatile void *regs, unsigned int i,
	      struct rte_ether_addr *mac)
{
	uint32_t bottom = gem_rd(regs, GEM_SAB(i));
	uint32_t top = gem_rd(regs, GEM_SAT(i));

	mac->addr_bytes[0] = bottom;
	mac->addr_bytes[1] = bottom >> 8;
	mac->addr_bytes[2] = bottom >> 16;
	mac->addr_bytes[3] = bottom >> 24;
	mac->addr_bytes[4] = top;
	mac->addr_bytes[5] = top >> 8;
}

void
gem_hw_sa_set(volatile void *regs, unsigned int i,
	      const struct rte_ether_addr *mac)
{
	const uint8_t *b = mac->addr_bytes;

	/* Writing the bottom word disables the filter, the top re-enables. */
	gem_wr(regs, GEM_SAB(i), (uint32_t)b[0] | (uint32_t)b[1] << 8 |
	       (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24);
	gem_wr(regs, GEM_SAT(i), (uint32_t)b[4] | (uint32_t)b[5] << 8);
}

void
gem_hw_sa_clear(volatile void *regs, unsigned int i)
{
	gem_wr(regs, GEM_SAB(i), 0);
}

/*
 * The hash index is the XOR of the destination address cut into 6-bit
 * slices, bit b of the address being bit b%8 of byte b/8 (first byte on the
 * wire first).
 */
unsigned int
gem_mac_hash(const struct rte_ether_addr *mac)
{
	uint64_t v = 0;
	unsigned int h = 0, i;

	for (i = 0; i < RTE_ETHER_ADDR_LEN; i++)
		v |= (uint64_t)mac->addr_bytes[i] << (8 * i);
	for (i = 0; i < 48; i += 6)
		h ^= (v >> i) & 0x3f;
	return h;
}

void
gem_hw_hash_set(volatile void *regs, uint64_t hash)
{
	gem_wr(regs, GEM_HRB, (uint32_t)hash);
	gem_wr(regs, GEM_HRT, (uint32_t)(hash >> 32));
}

static int
gem_mdio_wait(const volatile void *regs)
{
	unsigned int waited;

	for (waited = 0; !(gem_rd(regs, GEM_NSR) & GEM_NSR_MDIO_IDLE);
	     waited++) {
		if (waited >= GEM_MDIO_TIMEOUT_US)
			return -ETIMEDOUT;
		rte_delay_us_block(1);
	}
	return 0;
}

static uint32_t
gem_man_word(unsigned int op, unsigned int phy, unsigned int reg,
	     uint16_t data)
{
	return GEM_SET(GEM_MAN_SOF, GEM_MAN_SOF_C22) |
	       GEM_SET(GEM_MAN_RW, op) |
	       GEM_SET(GEM_MAN_PHYA, phy) |
	       GEM_SET(GEM_MAN_REGA, reg) |
	       GEM_SET(GEM_MAN_CODE, GEM_MAN_CODE_VALUE) |
	       GEM_SET(GEM_MAN_DATA, data);
}

int
gem_hw_mdio_read(volatile void *regs, unsigned int phy, unsigned int reg,
		 uint16_t *val)
{
	if (gem_mdio_wait(regs) != 0)
		return -ETIMEDOUT;
	gem_wr(regs, GEM_MAN, gem_man_word(GEM_MAN_RW_READ, phy, reg, 0));
	if (gem_mdio_wait(regs) != 0)
		return -ETIMEDOUT;
	*val = GEM_GET(GEM_MAN_DATA, gem_rd(regs, GEM_MAN));
	return 0;
}

int
gem_hw_mdio_write(volatile void *regs, unsigned int phy, unsigned int reg,
		  uint16_t val)
{
	if (gem_mdio_wait(regs) != 0)
		return -ETIMEDOUT;
	gem_wr(regs, GEM_MAN, gem_man_word(GEM_MAN_RW_WRITE, phy, reg, val));
	return gem_mdio_wait(regs);
}
