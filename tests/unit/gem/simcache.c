/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>

#include "simcache.h"

#define SIMCACHE_MAX_REGIONS 64
#define SIMCACHE_MAX_LINE 256

struct simcache_region {
	uint8_t *cpu;	/* the CPU's view: the process's memory */
	uint8_t *mem;	/* what the device sees */
	uint8_t *snap;	/* the CPU's view when last loaded or written back */
	size_t len;
	bool ring;
};

/* A write-back issued by a cache operation, reaching memory at the wait. */
struct simcache_pending {
	struct simcache_region *r;
	size_t off;
	uint8_t *cpu;	/* the line as the operation wrote it back */
	uint8_t *snap;	/* and as the CPU had last loaded it */
};

static struct {
	unsigned int line;
	struct simcache_pending *pend;
	unsigned int nb_pend, max_pend;
	uint64_t rng;
	unsigned int nb;
	void (*tick)(void *arg);
	void *tick_arg;
	unsigned int tick_every;
	bool in_tick;
	uintptr_t recent[256];	/* lines the last operations named */
	unsigned int nb_recent;
	struct simcache_region r[SIMCACHE_MAX_REGIONS];
	struct simcache_stats st;
} sc;

void
simcache_init(unsigned int line, uint64_t seed)
{
	simcache_fini();
	assert(line >= 16 && line <= SIMCACHE_MAX_LINE &&
	       (line & (line - 1)) == 0);
	sc.line = line;
	sc.rng = seed != 0 ? seed : 1;
}

void
simcache_fini(void)
{
	unsigned int i;

	for (i = 0; i < sc.nb; i++) {
		free(sc.r[i].mem);
		free(sc.r[i].snap);
	}
	for (i = 0; i < sc.max_pend; i++) {
		free(sc.pend[i].cpu);
		free(sc.pend[i].snap);
	}
	free(sc.pend);
	memset(&sc, 0, sizeof(sc));
}

void
simcache_add(void *base, size_t len, bool ring)
{
	struct simcache_region *r = &sc.r[sc.nb++];
	uintptr_t a = (uintptr_t)base;

	assert(sc.nb <= SIMCACHE_MAX_REGIONS);
	/* Whole lines: round out, as the hardware would see them. */
	len += a & (sc.line - 1);
	a &= ~(uintptr_t)(sc.line - 1);
	len = (len + sc.line - 1) & ~(size_t)(sc.line - 1);
	r->cpu = (uint8_t *)a;
	r->len = len;
	r->ring = ring;
	r->mem = malloc(len);
	r->snap = malloc(len);
	assert(r->mem != NULL && r->snap != NULL);
	memcpy(r->mem, r->cpu, len);
	memcpy(r->snap, r->cpu, len);
}

static struct simcache_region *
simcache_find(uintptr_t addr)
{
	unsigned int i;

	for (i = 0; i < sc.nb; i++)
		if (addr >= (uintptr_t)sc.r[i].cpu &&
		    addr < (uintptr_t)sc.r[i].cpu + sc.r[i].len)
			return &sc.r[i];
	return NULL;
}

bool
simcache_covers(uintptr_t addr)
{
	return simcache_find(addr) != NULL;
}

/*
 * A line written back whole: cpu is what the CPU had, snap what it had
 * last loaded. Bytes the CPU never changed but the device has since are
 * lost: a clobber.
 */
static void
simcache_land(struct simcache_region *r, size_t off, const uint8_t *cpu,
	      const uint8_t *snap)
{
	uint8_t *mem = r->mem + off;
	unsigned int b;

	for (b = 0; b < sc.line; b++) {
		if (cpu[b] == snap[b] && mem[b] != snap[b]) {
			if (sc.st.clobbers++ == 0)
				sc.st.first_clobber = (uintptr_t)r->cpu + off + b;
			if (getenv("SIMCACHE_ABORT") != NULL) {
				fprintf(stderr, "clobber: region %u (%s) +0x%zx byte %u: cpu %02x snap %02x mem %02x\n",
					(unsigned int)(r - sc.r), r->ring ? "ring" : "pool",
					off, b, cpu[b], snap[b], mem[b]);
				abort();
			}
			break;
		}
	}
	memcpy(mem, cpu, sc.line);
	sc.st.writebacks++;
}

/* An eviction: the dirty line at offset off of r written back now. */
static void
simcache_writeback(struct simcache_region *r, size_t off)
{
	if (memcmp(r->cpu + off, r->snap + off, sc.line) == 0)
		return;
	simcache_land(r, off, r->cpu + off, r->snap + off);
	memcpy(r->snap + off, r->cpu + off, sc.line);
}

/*
 * A cache operation's write-back of a dirty line: issued now, in memory
 * only at the wait (a DSB), the latest the architecture allows. The CPU's
 * side is done at once: the line is clean to it.
 */
static void
simcache_issue(struct simcache_region *r, size_t off)
{
	struct simcache_pending *p;

	if (memcmp(r->cpu + off, r->snap + off, sc.line) == 0)
		return;
	if (sc.nb_pend == sc.max_pend) {
		unsigned int n = sc.max_pend ? 2 * sc.max_pend : 256, i;

		sc.pend = realloc(sc.pend, n * sizeof(*sc.pend));
		assert(sc.pend != NULL);
		for (i = sc.max_pend; i < n; i++) {
			sc.pend[i].cpu = malloc(sc.line);
			sc.pend[i].snap = malloc(sc.line);
			assert(sc.pend[i].cpu != NULL && sc.pend[i].snap != NULL);
		}
		sc.max_pend = n;
	}
	p = &sc.pend[sc.nb_pend++];
	p->r = r;
	p->off = off;
	memcpy(p->cpu, r->cpu + off, sc.line);
	memcpy(p->snap, r->snap + off, sc.line);
	memcpy(r->snap + off, r->cpu + off, sc.line);
}

static void simcache_maybe_tick(void);
static uint64_t simcache_rand(void);

/*
 * The wait: every issued write-back lands, in any order (maintenance of
 * different lines is not ordered), with the device running in between.
 */
static void
simcache_wait(void)
{
	sc.st.waits++;
	while (sc.nb_pend != 0) {
		unsigned int i = simcache_rand() % sc.nb_pend;
		struct simcache_pending p = sc.pend[i];

		simcache_land(p.r, p.off, p.cpu, p.snap);
		sc.pend[i] = sc.pend[--sc.nb_pend];
		sc.pend[sc.nb_pend] = p;	/* keep its buffers */
		simcache_maybe_tick();
	}
}

void
simcache_set_tick(void (*tick)(void *arg), void *arg, unsigned int every)
{
	sc.tick = tick;
	sc.tick_arg = arg;
	sc.tick_every = every;
}

/* The device runs now and then while the PMD maintains the cache. */
static void
simcache_maybe_tick(void)
{
	if (sc.tick != NULL && !sc.in_tick &&
	    simcache_rand() % sc.tick_every == 0) {
		sc.in_tick = true;
		sc.tick(sc.tick_arg);
		sc.in_tick = false;
	}
}

static void
simcache_op(const volatile void *addr, size_t len, bool inval)
{
	uintptr_t a = (uintptr_t)addr & ~(uintptr_t)(sc.line - 1);
	uintptr_t end = (uintptr_t)addr + len;

	simcache_maybe_tick();

	if (inval)
		sc.st.invals++;
	else
		sc.st.cleans++;
	sc.recent[sc.nb_recent++ % RTE_DIM(sc.recent)] = a;
	for (; a < end; a += sc.line) {
		struct simcache_region *r = simcache_find(a);
		size_t off;

		sc.st.lines++;
		if (r == NULL) {
			if (sc.st.outside++ == 0)
				sc.st.first_outside = a;
			continue;
		}
		off = a - (uintptr_t)r->cpu;
		if (inval) {
			/* Dropped: the CPU's next load of the line reads
			 * memory as it will be once the write-back lands. */
			uint8_t *cpu = r->cpu + off, *snap = r->snap + off;
			bool dirty[SIMCACHE_MAX_LINE];
			unsigned int b;

			for (b = 0; b < sc.line; b++)
				dirty[b] = cpu[b] != snap[b];
			simcache_issue(r, off);
			for (b = 0; b < sc.line; b++)
				if (!dirty[b])
					cpu[b] = r->mem[off + b];
			memcpy(snap, cpu, sc.line);
		} else {
			simcache_issue(r, off);
		}
	}
}

static void
simcache_clean(const volatile void *addr, size_t len)
{
	simcache_op(addr, len, false);
}

static void
simcache_inval(const volatile void *addr, size_t len)
{
	simcache_op(addr, len, true);
}

const struct gem_dma_ops simcache_ops = {
	.clean = simcache_clean,
	.inval = simcache_inval,
	.wait = simcache_wait,
};

/* xorshift64*: seeded, so every run evicts the same lines. */
static uint64_t
simcache_rand(void)
{
	sc.rng ^= sc.rng >> 12;
	sc.rng ^= sc.rng << 25;
	sc.rng ^= sc.rng >> 27;
	return sc.rng * 0x2545f4914f6cdd1dull;
}

/* A line near one the PMD maintained lately: its working set. */
static bool
simcache_pick_recent(struct simcache_region **r, size_t *off)
{
	unsigned int nb = RTE_MIN(sc.nb_recent, (unsigned int)RTE_DIM(sc.recent));
	uintptr_t a;

	if (nb == 0)
		return false;
	/* From four lines before (an mbuf's header, before its headroom)
	 * to two after. */
	a = sc.recent[simcache_rand() % nb] +
	    ((int)(simcache_rand() % 7) - 4) * (intptr_t)sc.line;
	*r = simcache_find(a);
	if (*r == NULL)
		return false;
	*off = a - (uintptr_t)(*r)->cpu;
	return true;
}

/* A line anywhere, half the time among the descriptor rings. */
static void
simcache_pick_any(struct simcache_region **r, size_t *off)
{
	unsigned int nb_ring = 0, i, k;
	uint64_t x = simcache_rand();

	for (i = 0; i < sc.nb; i++)
		nb_ring += sc.r[i].ring;
	if ((x & 1) && nb_ring != 0) {
		k = (x >> 1) % nb_ring;
		for (i = 0; !sc.r[i].ring || k-- != 0; i++)
			;
	} else {
		i = (x >> 1) % sc.nb;
	}
	*r = &sc.r[i];
	*off = (simcache_rand() % ((*r)->len / sc.line)) * sc.line;
}

void
simcache_evict(unsigned int n)
{
	for (; n != 0 && sc.nb != 0; n--) {
		struct simcache_region *r;
		size_t off;

		/* Most draws near what the PMD touched lately: that is where
		 * dirty lines are. */
		if ((simcache_rand() & 3) == 0 ||
		    !simcache_pick_recent(&r, &off))
			simcache_pick_any(&r, &off);
		if (memcmp(r->cpu + off, r->snap + off, sc.line) == 0)
			continue;
		simcache_writeback(r, off);
		sc.st.evictions++;
	}
}

void
simcache_dev_read(uintptr_t addr, void *buf, size_t len)
{
	struct simcache_region *r = simcache_find(addr);

	if (r == NULL) {
		memcpy(buf, (const void *)addr, len);
		return;
	}
	assert(addr + len <= (uintptr_t)r->cpu + r->len);
	memcpy(buf, r->mem + (addr - (uintptr_t)r->cpu), len);
}

void
simcache_dev_write(uintptr_t addr, const void *buf, size_t len)
{
	struct simcache_region *r = simcache_find(addr);

	if (r == NULL) {
		memcpy((void *)addr, buf, len);
		return;
	}
	assert(addr + len <= (uintptr_t)r->cpu + r->len);
	memcpy(r->mem + (addr - (uintptr_t)r->cpu), buf, len);
}

uint32_t
simcache_dev_rd32(uintptr_t addr)
{
	uint32_t v;

	simcache_dev_read(addr, &v, sizeof(v));
	return v;
}

void
simcache_dev_wr32(uintptr_t addr, uint32_t val)
{
	simcache_dev_write(addr, &val, sizeof(val));
}

const struct simcache_stats *
simcache_stats(void)
{
	return &sc.st;
}

void
simcache_stats_reset(void)
{
	memset(&sc.st, 0, sizeof(sc.st));
}
