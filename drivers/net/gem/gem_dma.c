/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#include <rte_common.h>

#include "gem_dma.h"

#if defined(RTE_ARCH_ARM64)

/* Set from CTR_EL0 by the constructor, before any port can exist. */
unsigned int gem_dma_line = 64;
unsigned int gem_dma_granule_bytes = 128;

/*
 * DminLine: log2 of the smallest data cache line, in 4-byte words. CWG:
 * log2 of the writeback granule in words; 0 when the CPU does not say,
 * when the architecture's largest, 2 KiB, would be safe but costly: 128
 * bytes covers every core Linux runs on (its ARCH_DMA_MINALIGN).
 */
RTE_INIT(gem_dma_cache_init)
{
	uint64_t ctr, cwg;

	__asm__ volatile("mrs %0, ctr_el0" : "=r" (ctr));
	gem_dma_line = 4u << ((ctr >> 16) & 0xf);
	cwg = (ctr >> 24) & 0xf;
	gem_dma_granule_bytes = RTE_MAX(cwg != 0 ? 4u << cwg : 128u,
					gem_dma_line);
}

#endif

#ifdef GEM_DEVICE_MODEL

static void
gem_dma_cpu_op(const volatile void *addr __rte_unused,
	       size_t len __rte_unused)
{
}

static void
gem_dma_cpu_wait(void)
{
}

const struct gem_dma_ops gem_dma_cpu_ops = {
	.clean = gem_dma_cpu_op,
	.inval = gem_dma_cpu_op,
	.wait = gem_dma_cpu_wait,
};

const struct gem_dma_ops *gem_dma_ops = &gem_dma_cpu_ops;

#endif
