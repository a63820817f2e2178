/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef GEM_OSDEP_H
#define GEM_OSDEP_H

/* What drivers/common/gem/gem_quiesce.h needs, in a DPDK process. */

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#include <rte_byteorder.h>
#include <rte_cycles.h>
#include <rte_io.h>

/* The register base of the calling process (a secondary maps its own). */
typedef volatile void *gem_os_regs_t;

#ifndef GEM_DEVICE_MODEL
#define gem_os_rd(regs, off) \
	rte_read32((const volatile uint8_t *)(regs) + (off))
/* rte_write32 is ordered after the CPU's earlier stores (rte_io_wmb). */
#define gem_os_wr(regs, off, val) \
	rte_write32((val), (volatile uint8_t *)(regs) + (off))
#else
/*
 * The unit tests' build: a device model sees every register access, as a
 * QEMU device's MemoryRegionOps do, so that write-1-to-clear status,
 * clear-on-read counters and queue bases written at the wrong time behave
 * as on silicon (tests/unit/gem/fakegem.c). Never in a shipped driver.
 */
uint32_t gem_model_rd(const volatile void *regs, uint32_t off);
void gem_model_wr(volatile void *regs, uint32_t off, uint32_t val);
/* A spin-wait's pause: other lcores the model plays may run here. */
void gem_model_pause(volatile void *regs);

static inline uint32_t
gem_os_model_rd(const volatile void *regs, uint32_t off)
{
	uint32_t v = gem_model_rd(regs, off);

	rte_io_rmb();
	return v;
}

static inline void
gem_os_model_wr(volatile void *regs, uint32_t off, uint32_t val)
{
	rte_io_wmb();
	gem_model_wr(regs, off, val);
}
#define gem_os_rd(regs, off)		gem_os_model_rd((regs), (off))
#define gem_os_wr(regs, off, val)	gem_os_model_wr((regs), (off), (val))
#endif
#define gem_os_delay_us(us)	rte_delay_us_block(us)
#define gem_os_sleep_us(us)	rte_delay_us_sleep(us)
#define gem_os_cpu_to_le32(v)	rte_cpu_to_le_32(v)
#define GEM_OS_ETIMEDOUT	ETIMEDOUT

#endif /* GEM_OSDEP_H */
