/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef GEM_HW_OPS_H
#define GEM_HW_OPS_H

/*
 * Register access, layered by block: raw 32-bit access (gem_osdep.h), the
 * shared control sequences (gem_quiesce.h: quiesce, ring bases, park), then
 * one accessor group per register block (MAC filters, MDIO).
 * Everything takes the register base of the calling process: a secondary
 * process maps the block at its own address.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_common.h>
#include <rte_ether.h>
#include <rte_io.h>

#include "gem_hw.h"
#include "gem_quiesce.h"

static inline uint32_t
gem_rd(const volatile void *regs, uint32_t off)
{
	return gem_os_rd(regs, off);
}

static inline void
gem_wr(volatile void *regs, uint32_t off, uint32_t val)
{
	gem_os_wr(regs, off, val);
}

/* Bounded waits; a timeout is reported, never fatal. */
#define GEM_MDIO_TIMEOUT_US 10000

/* ---- MAC address filters: specific addresses 0..3 (SA1..SA4) ---- */

void gem_hw_sa_get(const volatile void *regs, unsigned int i,
		   struct rte_ether_addr *mac);
void gem_hw_sa_set(volatile void *regs, unsigned int i,
		   const struct rte_ether_addr *mac);
void gem_hw_sa_clear(volatile void *regs, unsigned int i);

/* The 6-bit hash index of a destination address (HRB/HRT bucket). */
unsigned int gem_mac_hash(const struct rte_ether_addr *mac);
void gem_hw_hash_set(volatile void *regs, uint64_t hash);

/* ---- MDIO (clause 22); NCR.MPE must be set ---- */

int gem_hw_mdio_read(volatile void *regs, unsigned int phy, unsigned int reg,
		     uint16_t *val);
int gem_hw_mdio_write(volatile void *regs, unsigned int phy,
		      unsigned int reg, uint16_t val);

#endif /* GEM_HW_OPS_H */
