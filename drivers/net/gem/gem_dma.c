/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#include <rte_common.h>

#include "gem_dma.h"

#if defined(RTE_ARCH_ARM64)

static uint64_t
gem_dma_ctr(void)
{
	uint64_t ctr;

	__asm__ volatile("mrs %0, ctr_el0" : "=r" (ctr));
	return ctr;
}

/* DminLine: log2 of the smallest data cache line, in 4-byte words. */
unsigned int gem_dma_line = 64;

RTE_INIT(gem_dma_line_init)
{
	gem_dma_line = 4u << ((gem_dma_ctr() >> 16) & 0xf);
}

unsigned int
gem_dma_line_size(void)
{
	return gem_dma_line;
}

/* CWG: log2 of the writeback granule in words; 0 when not provided. */
unsigned int
gem_dma_granule(void)
{
	static unsigned int granule;
	uint64_t cwg;

	if (granule == 0) {
		cwg = (gem_dma_ctr() >> 24) & 0xf;
		granule = RTE_MAX(cwg != 0 ? 4u << cwg : 128u,
				  gem_dma_line_size());
	}
	return granule;
}

#else

unsigned int
gem_dma_line_size(void)
{
	return RTE_CACHE_LINE_SIZE;
}

unsigned int
gem_dma_granule(void)
{
	return RTE_CACHE_LINE_SIZE;
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
