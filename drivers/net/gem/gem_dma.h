/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef GEM_DMA_H
#define GEM_DMA_H

/*
 * Cache maintenance for a GEM outside the CPU's coherency domain (ZynqMP
 * without CCI routing: its DT node has no `dma-coherent`). Descriptor rings
 * and packet buffers live in ordinary cacheable hugepages, so the data path
 * must
 *  - clean (write back) what it wrote before the device may read it, and
 *  - clean+invalidate what the device writes, both before handing a buffer
 *    over (so no dirty line is evicted on top of the DMA) and again before
 *    reading it (so no line fetched meanwhile hides the DMA).
 * EL0 may clean (DC CVAC) and clean+invalidate (DC CIVAC) by address but
 * not invalidate alone, hence the pairing. Coherent devices never call any
 * of this: the data path picks a burst function without it.
 *
 * An operation is issued and then waited for: a burst issues every one it
 * needs and waits once (DSB) before what depends on them, the hand-over of
 * a descriptor or the doorbell. The unit tests' build (GEM_DEVICE_MODEL)
 * reaches them through gem_dma_ops, so a simulated cache can record and
 * play them, an issued operation reaching memory only at the wait; the
 * driver calls the CPU's instructions directly.
 */

#include <stddef.h>
#include <stdint.h>

#include <rte_common.h>
#include <rte_config.h>

/*
 * Whether this build can drive a non-coherent port. arm64 userspace may
 * clean and clean+invalidate by address (DC CVAC/CIVAC, SCTLR_EL1.UCI set
 * by Linux); x86 snoops DMA, so there is nothing to maintain (the unit
 * tests and benchmarks run the path there). 32-bit ARM userspace cannot
 * maintain its data cache to the point of coherency and RISC-V has no
 * such instruction in userspace: there a port must be dma-coherent.
 */
#if defined(RTE_ARCH_ARM64) || defined(RTE_ARCH_X86)
#define GEM_DMA_NONCOHERENT_OK 1
#else
#define GEM_DMA_NONCOHERENT_OK 0
#endif

/*
 * The most a write-back can carry, bytes: CTR_EL0's cache writeback granule
 * on arm64 (at least the line; 128 when the CPU does not say), read once
 * at start-up (gem_dma.c); the cache line elsewhere. What the CPU writes
 * near DMA must be owned in these units, not in lines.
 */
#ifdef RTE_ARCH_ARM64
extern unsigned int gem_dma_granule_bytes;

static inline unsigned int
gem_dma_granule(void)
{
	return gem_dma_granule_bytes;
}
#else
static inline unsigned int
gem_dma_granule(void)
{
	return RTE_CACHE_LINE_SIZE;
}
#endif

/*
 * The cache lines covering [addr, addr + len): the first line's address
 * and how many lines. Zero lines for len 0. line is a power of two: a
 * shift, not a division (UDIV takes tens of cycles on a Cortex-A53).
 */
static inline size_t
gem_dma_lines(uintptr_t addr, size_t len, unsigned int line, uintptr_t *first)
{
	uintptr_t start = addr & ~(uintptr_t)(line - 1);
	uintptr_t end;

	*first = start;
	if (len == 0)
		return 0;
	end = (addr + len + line - 1) & ~(uintptr_t)(line - 1);
	return (end - start) >> __builtin_ctz(line);
}

#ifdef GEM_DEVICE_MODEL

struct gem_dma_ops {
	/* issue: write back dirty lines of [addr, addr + len) */
	void (*clean)(const volatile void *addr, size_t len);
	/* issue: write back and drop the lines of [addr, addr + len) */
	void (*inval)(const volatile void *addr, size_t len);
	/* wait until everything issued has reached memory */
	void (*wait)(void);
};

/* The ops in force; tests point this at a recorder or a cache model. */
extern const struct gem_dma_ops *gem_dma_ops;
/* The CPU's own (no-ops: the tests run where DMA is coherent). */
extern const struct gem_dma_ops gem_dma_cpu_ops;

static inline void
gem_dma_clean_issue(const volatile void *addr, size_t len)
{
	gem_dma_ops->clean(addr, len);
}

static inline void
gem_dma_inval_issue(const volatile void *addr, size_t len)
{
	gem_dma_ops->inval(addr, len);
}

static inline void
gem_dma_wait(void)
{
	gem_dma_ops->wait();
}

#elif defined(RTE_ARCH_ARM64)

/* The line size, read once from CTR_EL0 (gem_dma.c). */
extern unsigned int gem_dma_line;

/*
 * One data cache operation on every line of [addr, addr + len), four a
 * round while four remain (a refilled buffer is tens of lines): a DC and
 * an address each, the loop's own cost spread over four.
 */
#define GEM_DMA_LINES(op, addr, len) do {				\
	const uintptr_t line_ = gem_dma_line;				\
	uintptr_t p_;							\
	size_t n_ = gem_dma_lines((uintptr_t)(addr), (len), line_, &p_);	\
									\
	for (; n_ >= 4; n_ -= 4, p_ += 4 * line_)			\
		__asm__ volatile("dc " op ", %0\n\tdc " op ", %1\n\t"	\
				 "dc " op ", %2\n\tdc " op ", %3"		\
				 : : "r" (p_), "r" (p_ + line_),	\
				 "r" (p_ + 2 * line_), "r" (p_ + 3 * line_)	\
				 : "memory");				\
	for (; n_ != 0; n_--, p_ += line_)				\
		__asm__ volatile("dc " op ", %0" : : "r" (p_) : "memory"); \
} while (0)

static inline void
gem_dma_clean_issue(const volatile void *addr, size_t len)
{
	GEM_DMA_LINES("cvac", addr, len);
}

static inline void
gem_dma_inval_issue(const volatile void *addr, size_t len)
{
	GEM_DMA_LINES("civac", addr, len);
}

/* Maintenance by address completes, to the point of coherency, only at a
 * DSB: what follows (a descriptor store, the doorbell, loads) waits. */
static inline void
gem_dma_wait(void)
{
	__asm__ volatile("dsb sy" : : : "memory");
}

#else

/* Every other architecture this runs on snoops DMA: nothing to do. */
static inline void
gem_dma_clean_issue(const volatile void *addr __rte_unused,
		    size_t len __rte_unused)
{
}

static inline void
gem_dma_inval_issue(const volatile void *addr __rte_unused,
		    size_t len __rte_unused)
{
}

static inline void
gem_dma_wait(void)
{
}

#endif

/* One operation, waited for: for control paths and single lines. */
static inline void
gem_dma_clean(const volatile void *addr, size_t len)
{
	gem_dma_clean_issue(addr, len);
	gem_dma_wait();
}

static inline void
gem_dma_inval(const volatile void *addr, size_t len)
{
	gem_dma_inval_issue(addr, len);
	gem_dma_wait();
}

#endif /* GEM_DMA_H */
