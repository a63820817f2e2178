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

#define gem_os_rd(regs, off) \
	rte_read32((const volatile uint8_t *)(regs) + (off))
/* rte_write32 is ordered after the CPU's earlier stores (rte_io_wmb). */
#define gem_os_wr(regs, off, val) \
	rte_write32((val), (volatile uint8_t *)(regs) + (off))
#define gem_os_delay_us(us)	rte_delay_us_block(us)
#define gem_os_sleep_us(us)	rte_delay_us_sleep(us)
#define gem_os_cpu_to_le32(v)	rte_cpu_to_le_32(v)
#define GEM_OS_ETIMEDOUT	ETIMEDOUT

#endif /* GEM_OSDEP_H */
