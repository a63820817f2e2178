/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#include <errno.h>

#include <rte_cycles.h>

#include "gem_hw_ops.h"

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
