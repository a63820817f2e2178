/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#include <rte_common.h>

#include "gem_dma.h"

#if defined(RTE_ARCH_ARM64)

/* DminLine: log2 of the smallest data cache line, in 4-byte words. */
static unsigned int
gem_dma_ctr_line(void)
{
	uint64_t ctr;

	__asm__ volatile("mrs %0, ctr_el0" : "=r" (ctr));
	return 4u << ((ctr >> 16) & 0xf);
}

unsigned int
gem_dma_line_size(void)
{
	static unsigned int line;

	if (line == 0)
		line = gem_dma_ctr_line();
	return line;
}

/* CWG: log2 of the writeback granule in words; 0 when not provided. */
unsigned int
gem_dma_granule(void)
{
	static unsigned int granule;
	uint64_t ctr, cwg;

	if (granule == 0) {
		__asm__ volatile("mrs %0, ctr_el0" : "=r" (ctr));
		cwg = (ctr >> 24) & 0xf;
		granule = RTE_MAX(cwg != 0 ? 4u << cwg : 128u,
				  gem_dma_line_size());
	}
	return granule;
}

/*
 * One data cache operation on every line of [addr, addr + len). The DSB
 * makes the maintenance complete before what follows: the descriptor
 * write or doorbell that lets the device read, or the CPU's own loads.
 */
#define GEM_DMA_LINES(op, addr, len) do {				\
	unsigned int line_ = gem_dma_line_size();			\
	uintptr_t p_;							\
	size_t n_ = gem_dma_lines((uintptr_t)(addr), (len), line_, &p_);	\
									\
	for (; n_ != 0; n_--, p_ += line_)				\
		__asm__ volatile("dc " op ", %0" : : "r" (p_) : "memory"); \
	__asm__ volatile("dsb sy" : : : "memory");			\
} while (0)

static void
gem_dma_cpu_clean(const volatile void *addr, size_t len)
{
	GEM_DMA_LINES("cvac", addr, len);
}

static void
gem_dma_cpu_inval(const volatile void *addr, size_t len)
{
	GEM_DMA_LINES("civac", addr, len);
}

#else

/*
 * Every other architecture DPDK runs this PMD on (x86 hosts for the unit
 * tests and benchmarks) snoops DMA: nothing to do.
 */
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

static void
gem_dma_cpu_clean(const volatile void *addr __rte_unused,
		  size_t len __rte_unused)
{
}

static void
gem_dma_cpu_inval(const volatile void *addr __rte_unused,
		  size_t len __rte_unused)
{
}

#endif

const struct gem_dma_ops gem_dma_cpu_ops = {
	.clean = gem_dma_cpu_clean,
	.inval = gem_dma_cpu_inval,
};

const struct gem_dma_ops *gem_dma_ops = &gem_dma_cpu_ops;
