/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef GEM_HW_OPS_H
#define GEM_HW_OPS_H

/*
 * Register access, layered by block: raw 32-bit access, then one accessor
 * group per register block (control, MAC filters, MDIO, queues, statistics).
 * Everything takes the register base of the calling process: a secondary
 * process maps the block at its own address.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_common.h>
#include <rte_ether.h>
#include <rte_io.h>

#include "base/gem_hw.h"

static inline uint32_t
gem_rd(const volatile void *regs, uint32_t off)
{
	return rte_read32((const volatile uint8_t *)regs + off);
}

static inline void
gem_wr(volatile void *regs, uint32_t off, uint32_t val)
{
	rte_write32(val, (volatile uint8_t *)regs + off);
}

/* Queue q's copy of a per-queue register: queue 0 has the base offsets. */
#define GEM_QREG(name, q)  ((q) == 0 ? name : name##_Q(q))

/* ---- control: quiesce ---- */

/* Bounded waits; a timeout is reported, never fatal. */
#define GEM_HALT_MIN_US    1000		/* TX halt: frame time plus this */
#define GEM_MDIO_TIMEOUT_US 10000
/*
 * Stop the block as the reset module does (see reset/vfio_platform_gem.c):
 * halt TX and wait for TGO to drop, clear RE/TE, wait out a frame if RX was
 * on, mask and clear every queue's interrupts, clear TSR/RSR, park every
 * queue's ring pointers on (park_rx, park_tx) (0: leave them), and clear the
 * statistics when asked. Returns 0, or -ETIMEDOUT if TX did not halt (the
 * block is stopped regardless).
 */
int gem_hw_quiesce(volatile void *regs, unsigned int nb_queues, bool isr_cor,
		   bool daw64, rte_iova_t park_rx, rte_iova_t park_tx,
		   bool clear_stats);

/* Ring base of queue q (RX or TX); the upper word is shared by all queues. */
void gem_hw_ring_base(volatile void *regs, unsigned int q, bool rx,
		      rte_iova_t iova, bool daw64);

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
