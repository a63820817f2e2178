/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * net_gem's non-coherent data path against a GEM that fails like silicon:
 * the fake GEM behind a write-back data cache (simcache.c) with dirty lines
 * evicted at seeded random points, receiving while the PMD runs, and with
 * ZynqMP's transmitter: descriptors prefetched, TSTART lost while busy. Frames go host -> RX -> TX -> host, as
 * a forwarder moves them, through 1, 2 and 4 RX queues, 8- and 16-byte
 * descriptors, scattered RX and fast-free TX. Every frame carries its own
 * pattern; the test counts frames lost, corrupt and stalled, and the cache
 * model counts every write-back that lost data the device wrote.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <ethdev_driver.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "gemport.h"
#include "gem_dma.h"
#include "gem_rxtx.h"
#include "simcache.h"

#define LINE		64	/* Cortex-A53/A72 data cache line */
#define PER_POLL	16	/* frames the wire brings per queue per poll, at most */
#define EVICT		4	/* random evictions per device step */
#define TX_BUDGET	128	/* descriptors the transmitter moves per step, at most */
#define FIFO		1024	/* frames in flight per queue, at most */
#define TICK		8	/* the device runs at 1 in 8 cache operations */
#define EARLY		8	/* frames it sends mid-burst, at most, per step */

/* Frames per configuration: SOCNIC_SOAK_FRAMES, or this. */
#define SOAK_FRAMES	200000u

struct expect {
	uint32_t len, seed;
};

/* Frames in order on one queue: sent by the wire or given to TX. */
struct fifo {
	struct expect e[FIFO];
	unsigned int head, tail;
};

/* Frames received, not yet taken by TX. */
struct pending {
	struct rte_mbuf *m[BURST];
	struct expect e[BURST];
	uint16_t n;
};

struct soak {
	struct ctx *c;
	uint64_t frames;	/* how many the wire brings */
	uint32_t seq;		/* the next frame's seed */
	struct fifo rx[GEM_MAX_QUEUES], tx[GEM_MAX_QUEUES];
	struct pending pend[GEM_MAX_QUEUES];
	uint64_t rng;
	uint32_t max_len;
	uint64_t wire, delivered, sent, lost, corrupt, stalls;
	/* Frames tx_burst handed back while the ring had room for them. */
	uint64_t refused;
	/* Sent by the transmitter while the PMD was mid-burst: checked once
	 * the burst's frames are in the TX fifo. */
	struct fakegem_frame early[GEM_MAX_QUEUES][EARLY];
	int nb_early[GEM_MAX_QUEUES];
};

static unsigned int
fifo_len(const struct fifo *f)
{
	return f->tail - f->head;
}

static void
fifo_push(struct fifo *f, uint32_t len, uint32_t seed)
{
	assert_true(fifo_len(f) < FIFO);
	f->e[f->tail++ % FIFO] = (struct expect){ len, seed };
}

static uint64_t
soak_rand(struct soak *s)
{
	s->rng ^= s->rng << 13;
	s->rng ^= s->rng >> 7;
	s->rng ^= s->rng << 17;
	return s->rng;
}


static struct ctx *
soak_port(const struct port_cfg *cfg)
{
	static unsigned int seq;
	char name[32];

	/* A name of its own: a failed run leaves its port behind. A coherent
	 * port has no cache between it and the device. */
	snprintf(name, sizeof(name), "gem_silicon%u", seq++);
	return ctx_new_named(cfg, name, cfg->coherent ? NULL : cache_regions);
}

/*
 * An mbuf against the oldest frames expected on its queue: the frame it
 * is, with the ones before it counted lost; len 0 if it is none of them.
 */
static struct expect
soak_match(struct soak *s, struct fifo *f, const struct rte_mbuf *m)
{
	while (fifo_len(f) != 0) {
		struct expect e = f->e[f->head++ % FIFO];

		if (check_mbuf(m, e.len, e.seed))
			return e;
		s->lost++;
	}
	s->corrupt++;
	return (struct expect){ 0, 0 };
}

/* Frames the transmitter sent, against what TX was given, in order. */
static void
soak_sent(struct soak *s, struct fifo *f, const struct fakegem_frame *out,
	  int n)
{
	static uint8_t want[GEM_JML_MAX];
	int i;

	for (i = 0; i < n; i++) {
		struct expect e;

		assert_true(fifo_len(f) != 0);
		e = f->e[f->head++ % FIFO];
		fill(want, e.len, e.seed);
		if (out[i].len != e.len ||
		    memcmp(out[i].data, want, e.len) != 0)
			s->corrupt++;
	}
	s->sent += n;
}

/* A frame from the wire into queue q, if it has a free descriptor. */
static bool
soak_wire(struct soak *s, uint16_t q)
{
	uint32_t len = 60 + soak_rand(s) % (s->max_len - 59);

	if (s->wire >= s->frames || fifo_len(&s->rx[q]) >= FIFO - 1 ||
	    hw_rx(s->c, q, len, s->seq) != 0)
		return false;
	fifo_push(&s->rx[q], len, s->seq++);
	s->wire++;
	return true;
}

/* The device receiving while the PMD is in the middle of a burst. */
static void
soak_tick(void *arg)
{
	struct soak *s = arg;
	const uint16_t q = soak_rand(s) % s->c->cfg.nb_queues;
	int room = EARLY - s->nb_early[q];

	soak_wire(s, q);
	/* And a transmitter moving a descriptor or two: it writes USED
	 * into lines the PMD may be storing into. */
	if (room > 0 && soak_rand(s) % 2 == 0)
		s->nb_early[q] += fakegem_tx_run(&s->c->f, q,
						 &s->early[q][s->nb_early[q]],
						 room, 1 + soak_rand(s) % room);
}

/* One step: the wire brings frames, the application forwards, TX sends. */
/*
 * Whether, after a burst that stopped at m, queue q had the descriptors m
 * takes free: its segments, up to a granule of pad to end the burst on a
 * granule boundary, and a granule the oldest frame in flight may share
 * with free ones (gem_tx_room).
 */
static bool
soak_tx_room(struct ctx *c, uint16_t q, const struct rte_mbuf *m)
{
	const struct rte_eth_dev *dev = &rte_eth_devices[c->port];
	const struct gem_tx_queue *txq = dev->data->tx_queues[q];
	const unsigned int shift = (txq->flags & GEM_QF_DESC64) ?
				   GEM_DESC_SHIFT_64 : GEM_DESC_SHIFT_32;

	return txq->nb_tx_free >= m->nb_segs +
				  2 * (gem_dma_granule() >> shift);
}

static bool
soak_step(struct soak *s)
{
	static struct fakegem_frame out[TX_BUDGET];
	struct ctx *c = s->c;
	struct rte_mbuf *pkts[BURST];
	bool moved = false;
	uint16_t q, n, i, k;

	for (q = 0; q < c->cfg.nb_queues; q++) {
		/* A random count: polls end anywhere in a cache line. */
		uint16_t burst = soak_rand(s) % (PER_POLL + 1);

		for (k = 0; k < burst; k++)
			if (!soak_wire(s, q))
				break;
	}
	simcache_evict(EVICT);
	for (q = 0; q < c->cfg.nb_queues; q++) {
		struct pending *p = &s->pend[q];

		/* A lossless forwarder: what TX did not take is offered
		 * again first, and RX waits until it is gone (the wire then
		 * finds the RX ring full: back-pressure, nothing dropped). */
		if (p->n == 0) {
			n = rte_eth_rx_burst(c->port, q, pkts, BURST);
			for (i = 0; i < n; i++) {
				p->e[p->n] = soak_match(s, &s->rx[q], pkts[i]);
				if (p->e[p->n].len == 0) {
					rte_pktmbuf_free(pkts[i]);
					continue;
				}
				p->m[p->n++] = pkts[i];
			}
			s->delivered += n;
			moved |= n != 0;
		}
		/* Bursts of any size, 1..32: short ones leave a burst's end
		 * anywhere in a writeback granule. */
		n = RTE_MIN(p->n, 1 + soak_rand(s) % BURST);
		k = rte_eth_tx_burst(c->port, q, p->m, n);
		if (k < n && soak_tx_room(c, q, p->m[k]))
			s->refused += n - k;
		for (i = 0; i < k; i++)
			fifo_push(&s->tx[q], p->e[i].len, p->e[i].seed);
		memmove(p->m, p->m + k, (p->n - k) * sizeof(p->m[0]));
		memmove(p->e, p->e + k, (p->n - k) * sizeof(p->e[0]));
		p->n -= k;
		moved |= k != 0;
	}
	for (q = 0; q < c->cfg.nb_queues; q++) {
		soak_sent(s, &s->tx[q], s->early[q], s->nb_early[q]);
		moved |= s->nb_early[q] != 0;
		s->nb_early[q] = 0;
	}
	simcache_evict(EVICT);
	for (q = 0; q < c->cfg.nb_queues; q++) {
		/* The transmitter gets through a random share of its work
		 * before the application's next burst rings again; on
		 * average more than the wire brings, so a ring that fills
		 * up means a stalled transmitter. */
		int sent = fakegem_tx_run(&c->f, q, out, TX_BUDGET,
					  1 + soak_rand(s) % TX_BUDGET);

		soak_sent(s, &s->tx[q], out, sent);
		moved |= sent != 0;
	}
	return moved;
}


static void
soak(const struct port_cfg *cfg, uint32_t max_len, uint64_t seed)
{
	const char *env = getenv("SOCNIC_SOAK_FRAMES");
	const uint64_t frames = env != NULL ? strtoull(env, NULL, 0) :
				SOAK_FRAMES;
	const struct simcache_stats *st;
	struct soak *s = calloc(1, sizeof(*s));
	unsigned int idle = 0, q;
	uint64_t ignored = 0;

	simcache_init(LINE, seed);
	gem_dma_ops = &simcache_ops;
	s->rng = seed;
	s->max_len = max_len;
	s->frames = frames;
	s->seq = 1;
	s->c = soak_port(cfg);
	simcache_set_tick(soak_tick, s, TICK);

	/*
	 * Until nothing moved for 64 steps in a row: the wire has brought
	 * every frame and they all came out, or a queue stalled (and the
	 * wire, finding no free descriptor, could bring nothing either).
	 */
	while (idle < 64) {
		idle = soak_step(s) ? 0 : idle + 1;
		for (q = 0; q < s->c->cfg.nb_queues; q++)
			(void)rte_eth_tx_done_cleanup(s->c->port, q, 0);
	}
	for (q = 0; q < s->c->cfg.nb_queues; q++)
		s->stalls += fifo_len(&s->rx[q]) + fifo_len(&s->tx[q]) +
			     s->pend[q].n;

	st = simcache_stats();
	for (q = 0; q < s->c->cfg.nb_queues; q++)
		ignored += s->c->f.txs[q].ignored;
	printf("soak %u queue(s), %s descriptors%s%s: %" PRIu64 " frames, %" PRIu64 " delivered, %" PRIu64 " sent, %" PRIu64 " lost, %" PRIu64 " corrupt, %" PRIu64 " stalled, %" PRIu64 " refused with room, %" PRIu64 " TSTARTs lost to a busy transmitter, %" PRIu64 " restarts; cache: %" PRIu64 " write-backs (%" PRIu64 " evictions), %" PRIu64 " clobbers\n",
	       s->c->cfg.nb_queues, (cfg->dcfg6 & GEM_DCFG6_DAW64) ? "16-byte" :
	       "8-byte", (cfg->rx_offloads & RTE_ETH_RX_OFFLOAD_SCATTER) ?
	       ", scattered" : "",
	       (cfg->tx_offloads & RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE) ?
	       ", fast free" : "", s->wire, s->delivered, s->sent, s->lost,
	       s->corrupt, s->stalls, s->refused, ignored,
	       xstat(s->c->port, "tx_restarts"), st->writebacks, st->evictions,
	       st->clobbers);
	if (st->clobbers != 0)
		printf("first clobbered byte at %p\n",
		       (void *)st->first_clobber);
	if (st->outside != 0)
		printf("first line maintained outside the DMA memory: %p\n",
		       (void *)st->first_outside);
	assert_int_equal(st->clobbers, 0);
	assert_int_equal(s->corrupt, 0);
	assert_int_equal(s->lost, 0);
	assert_int_equal(s->stalls, 0);
	assert_int_equal(s->refused, 0);
	assert_int_equal(s->sent, s->wire);
	assert_int_equal(st->outside, 0);
	assert_true(st->evictions > 0);
	/* No queue base was written to a running DMA, where silicon
	 * ignores it. */
	assert_int_equal(s->c->f.base_ignored, 0);

	ctx_free(s->c);
	gem_dma_ops = &gem_dma_cpu_ops;
	simcache_fini();
	free(s);
}

/*
 * rx_dirty_max's contract on the silicon model: an application that writes
 * a received buffer at byte `at` and frees it, round after round, while
 * frames of 1000 bytes arrive and dirty lines are evicted. Returns the
 * write-backs that lost device data plus the frames that came in wrong.
 */
static uint64_t
dirty_rounds(uint16_t rx_dirty_max, unsigned int at, bool predirty)
{
	struct port_cfg cfg = { .dcfg6 = QEMU_DCFG6, .silicon = true,
				.rx_dirty_max = rx_dirty_max };
	struct rte_mbuf *pkts[BURST];
	uint64_t bad = 0, clobbers;
	uint32_t seed = 1;
	unsigned int round, i;
	struct ctx *c;

	simcache_init(LINE, 0xd1127);
	gem_dma_ops = &simcache_ops;
	c = soak_port(&cfg);
	/* Lines of the pool dirty before the port starts, as the kernel's
	 * zeroing of a fresh hugepage leaves them: no promise covers them. */
	if (predirty) {
		static struct rte_mbuf *all[NB_MBUF];
		unsigned int n = 0;

		while (n < NB_MBUF &&
		       (all[n] = rte_pktmbuf_alloc(pool)) != NULL) {
			rte_pktmbuf_mtod(all[n], uint8_t *)[700] ^= 0x5a;
			n++;
		}
		rte_pktmbuf_free_bulk(all, n);
		assert_int_equal(rte_eth_dev_stop(c->port), 0);
		port_start(c);
	}
	/* Enough rounds for the written buffers to come back from the pool
	 * (no cache: first in, first out) into the ring, and to be filled. */
	for (round = 0; round < 2 * NB_MBUF / BURST; round++) {
		uint16_t n;

		for (i = 0; i < BURST; i++)
			assert_int_equal(hw_rx(c, 0, 1000, seed + i), 0);
		simcache_evict(256);
		n = rte_eth_rx_burst(c->port, 0, pkts, BURST);
		assert_int_equal(n, BURST);
		for (i = 0; i < n; i++) {
			bad += !check_mbuf(pkts[i], 1000, seed + i);
			rte_pktmbuf_mtod(pkts[i], uint8_t *)[at] ^= 0xa5;
		}
		rte_pktmbuf_free_bulk(pkts, n);
		seed += BURST;
	}
	clobbers = simcache_stats()->clobbers;
	ctx_free(c);
	gem_dma_ops = &gem_dma_cpu_ops;
	simcache_fini();
	return clobbers + bad;
}

/*
 * Without the devarg every buffer handed back is invalidated whole: an
 * application may write anywhere. With rx_dirty_max=64, one that keeps
 * its promise (writes at byte 10) loses nothing, and one that breaks it
 * (byte 500) has its stale lines written back over frames: the risk the
 * guide states. Lines dirty before the port starts are the driver's to
 * clean: it cleans the whole pool once when it fills the ring.
 */
static void
test_rx_dirty_max_contract(void **state)
{
	(void)state;
	assert_int_equal(dirty_rounds(0, 500, false), 0);
	assert_int_equal(dirty_rounds(64, 10, false), 0);
	assert_true(dirty_rounds(64, 500, false) > 0);
	/* A pool dirty before the start: cleaned whole once, at the start. */
	assert_int_equal(dirty_rounds(64, 10, true), 0);
}

static void
test_soak_1q_desc64(void **state)
{
	struct port_cfg cfg = { .dcfg6 = QEMU_DCFG6, .silicon = true };

	(void)state;
	soak(&cfg, 1514, 0x5eed0001);
}

static void
test_soak_1q_desc32_fast_free(void **state)
{
	struct port_cfg cfg = {
		.dcfg6 = DCFG6_32, .silicon = true,
		.tx_offloads = RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE,
	};

	(void)state;
	soak(&cfg, 1514, 0x5eed0002);
}

static void
test_soak_2q(void **state)
{
	struct port_cfg cfg = {
		.dcfg6 = QEMU_DCFG6, .silicon = true, .nb_queues = 2,
	};

	(void)state;
	soak(&cfg, 1514, 0x5eed0003);
}

static void
test_soak_4q_desc32(void **state)
{
	struct port_cfg cfg = {
		.dcfg6 = 0x0000000eu, .silicon = true, .nb_queues = 4,
	};

	(void)state;
	soak(&cfg, 1514, 0x5eed0004);
}

static void
test_soak_scattered(void **state)
{
	struct port_cfg cfg = {
		.dcfg6 = QEMU_DCFG6, .silicon = true, .mtu = 9000,
		.rx_offloads = RTE_ETH_RX_OFFLOAD_SCATTER,
		.tx_offloads = RTE_ETH_TX_OFFLOAD_MULTI_SEGS,
	};

	(void)state;
	soak(&cfg, 9018, 0x5eed0005);
}

/* Multi-segment frames through 8-byte descriptors. */
static void
test_soak_scattered_desc32(void **state)
{
	struct port_cfg cfg = {
		.dcfg6 = DCFG6_32, .silicon = true, .mtu = 9000,
		.rx_offloads = RTE_ETH_RX_OFFLOAD_SCATTER,
		.tx_offloads = RTE_ETH_TX_OFFLOAD_MULTI_SEGS,
	};

	(void)state;
	soak(&cfg, 9018, 0x5eed0006);
}

/*
 * The race itself: two frames given; the transmitter, busy on the first,
 * prefetched the burst's end marker; two more given, whose doorbell is
 * lost; it sends the second and stops at the old marker. Returns the port.
 */
static struct ctx *
lost_doorbell(void)
{
	struct port_cfg cfg = {
		.dcfg6 = QEMU_DCFG6, .silicon = true, .coherent = true,
	};
	static struct fakegem_frame out[8];
	struct rte_mbuf *pkts[4];
	struct ctx *c = soak_port(&cfg);
	unsigned int i;

	for (i = 0; i < 4; i++)
		pkts[i] = make_pkt(100, i, 2048);
	assert_int_equal(rte_eth_tx_burst(c->port, 0, pkts, 2), 2);
	assert_int_equal(fakegem_tx_run(&c->f, 0, out, 8, 1), 1);
	assert_true(fakegem_rd(&c->f, GEM_TSR) & GEM_TSR_TGO);
	assert_int_equal(rte_eth_tx_burst(c->port, 0, pkts + 2, 2), 2);
	assert_int_equal(fakegem_tx_run(&c->f, 0, out, 8, 8), 1);
	assert_int_equal(c->f.txs[0].ignored, 1);
	assert_false(fakegem_rd(&c->f, GEM_TSR) & GEM_TSR_TGO);
	assert_int_equal(fakegem_tx_run(&c->f, 0, out, 8, 8), 0);
	return c;
}

/* The two frames the lost doorbell left go out, intact. */
static void
sent_after_restart(struct ctx *c)
{
	static struct fakegem_frame out[8];
	static uint8_t want[100];
	unsigned int i;

	assert_int_equal(xstat(c->port, "tx_restarts"), 1);
	assert_int_equal(fakegem_tx_run(&c->f, 0, out, 8, 8), 2);
	for (i = 0; i < 2; i++) {
		fill(want, 100, 2 + i);
		assert_int_equal(out[i].len, 100);
		assert_memory_equal(out[i].data, want, 100);
	}
	assert_int_equal(rte_eth_tx_done_cleanup(c->port, 0, 0), 2);
	ctx_free(c);
}

/*
 * rte_eth_tx_done_cleanup frees the two sent; its next look finds nothing
 * sent, frames in flight and the transmitter idle: TSTART again.
 */
static void
test_tx_restart_race(void **state)
{
	struct ctx *c = lost_doorbell();

	(void)state;
	assert_int_equal(xstat(c->port, "tx_restarts"), 0);
	assert_int_equal(rte_eth_tx_done_cleanup(c->port, 0, 0), 2);
	sent_after_restart(c);
}

/* The same from empty bursts, as an idle application may poll TX. */
static void
test_tx_restart_on_empty_burst(void **state)
{
	struct ctx *c = lost_doorbell();

	(void)state;
	/* The first frees the two sent, the second finds the stall. */
	assert_int_equal(rte_eth_tx_burst(c->port, 0, NULL, 0), 0);
	assert_int_equal(xstat(c->port, "tx_restarts"), 0);
	assert_int_equal(rte_eth_tx_burst(c->port, 0, NULL, 0), 0);
	sent_after_restart(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tx_restart_race),
		cmocka_unit_test(test_tx_restart_on_empty_burst),
		cmocka_unit_test(test_rx_dirty_max_contract),
		cmocka_unit_test(test_soak_1q_desc64),
		cmocka_unit_test(test_soak_1q_desc32_fast_free),
		cmocka_unit_test(test_soak_2q),
		cmocka_unit_test(test_soak_4q_desc32),
		cmocka_unit_test(test_soak_scattered),
		cmocka_unit_test(test_soak_scattered_desc32),
	};

	return cmocka_run_group_tests_name("gem_silicon", tests, eal_setup,
					   eal_teardown);
}
