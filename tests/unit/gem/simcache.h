/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef SIMCACHE_H
#define SIMCACHE_H

/*
 * A write-back data cache between the PMD and a fake GEM, for the
 * non-coherent data path: the silicon behaviour that QEMU's model and a
 * plain fake cannot show.
 *
 * Registered regions (descriptor rings, the mbuf pool) get a second copy,
 * the memory the device sees. The process's own memory is the CPU's view,
 * and changes only through the PMD's stores and its cache operations:
 *   - clean (DC CVAC): a dirty line is written back, whole, reaching
 *     memory only at the next wait (DSB), the latest the architecture
 *     allows;
 *   - clean+invalidate (DC CIVAC): the same, and the CPU's view of the
 *     bytes it had not changed is reloaded from memory;
 *   - at random, seeded points (simcache_evict), dirty lines are written
 *     back on their own, as a cache does when it needs the room.
 * A line is dirty when the CPU's view differs from what it held when last
 * loaded or written back. Device reads and writes go to memory only.
 *
 * Whenever a write-back replaces bytes the device wrote since the CPU last
 * loaded the line, bytes the CPU itself never changed, the device's data is
 * lost: the model counts it (clobbers) and remembers the first address, so
 * a test sees the hazard even when the lost bytes would not have mattered.
 * With SIMCACHE_ABORT set in the environment the model prints the line and
 * aborts at the first one, for a debugger's backtrace.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gem_dma.h"

struct simcache_stats {
	uint64_t cleans;	/* clean operations (calls) */
	uint64_t invals;	/* clean+invalidate operations (calls) */
	uint64_t waits;		/* waits for them (DSBs) */
	uint64_t lines;		/* lines the operations covered */
	uint64_t writebacks;	/* dirty lines written back, any cause */
	uint64_t evictions;	/* of which by simcache_evict */
	uint64_t clobbers;	/* write-backs that lost device data */
	uintptr_t first_clobber;	/* address of the first, 0 if none */
	uint64_t outside;	/* lines operated on outside every region */
	uintptr_t first_outside;	/* the first of them, 0 if none */
};

/* line: bytes per line (a power of two); seed: the eviction sequence. */
void simcache_init(unsigned int line, uint64_t seed);
void simcache_fini(void);

/* Put [base, base + len) behind the cache; its contents count as clean.
 * ring: descriptor memory, where evictions are drawn more often. */
void simcache_add(void *base, size_t len, bool ring);
/* Whether addr lies in a registered region. */
bool simcache_covers(uintptr_t addr);

/* The device's accesses. Outside every region they go straight through. */
void simcache_dev_read(uintptr_t addr, void *buf, size_t len);
void simcache_dev_write(uintptr_t addr, const void *buf, size_t len);
uint32_t simcache_dev_rd32(uintptr_t addr);
void simcache_dev_wr32(uintptr_t addr, uint32_t val);

/*
 * The device runs alongside the CPU: before a cache operation, with odds
 * 1 in `every` drawn from the seeded sequence, the model calls tick, where
 * the test lets the device move (receive a frame, say). The operations are
 * where the CPU's view meets memory, so a device write that lands between
 * the CPU's load of a line and its write-back happens here.
 */
void simcache_set_tick(void (*tick)(void *arg), void *arg,
		       unsigned int every);

/* Write back up to n randomly chosen lines, if dirty. */
void simcache_evict(unsigned int n);

/* The PMD's cache operations, through this model. */
extern const struct gem_dma_ops simcache_ops;

const struct simcache_stats *simcache_stats(void);
void simcache_stats_reset(void);

#endif /* SIMCACHE_H */
