/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * net_gem against the faults silicon raises and QEMU's model never does:
 * a bus error (HRESP) on RX and TX, a TX underrun, an RX overrun, an RX
 * ring run dry (BNA), statistics that clear on read, and a PHY that
 * renegotiates another speed. The fake GEM
 * stops a queue's DMA on a bus error until its base is written again with
 * the DMA stopped, as silicon does; every test asserts the frames that
 * follow come through intact with the port never restarted, and what the
 * counters say.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <linux/mii.h>

#include <ethdev_driver.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "gemport.h"
#include "gem_dma.h"
#include "gem_rxtx.h"
#include "simcache.h"

#define LINE 64

static struct ctx *
fault_port(const struct port_cfg *cfg)
{
	static unsigned int seq;
	char name[32];

	snprintf(name, sizeof(name), "gem_fault%u", seq++);
	if (!cfg->coherent) {
		simcache_init(LINE, 0xfa017 + seq);
		gem_dma_ops = &simcache_ops;
	}
	return ctx_new_named(cfg, name, cfg->coherent ? NULL : cache_regions);
}

static void
fault_port_free(struct ctx *c)
{
	const bool noncoh = !c->cfg.coherent;

	c->f.lcore = NULL;
	ctx_free(c);
	if (noncoh) {
		assert_int_equal(simcache_stats()->clobbers, 0);
		gem_dma_ops = &gem_dma_cpu_ops;
		simcache_fini();
	}
}

/* Receive exactly n frames on q, the ones of seeds seed.., intact. */
static void
rx_expect(struct ctx *c, uint16_t q, unsigned int n, uint32_t len,
	  uint32_t seed)
{
	struct rte_mbuf *m[BURST];
	unsigned int got = 0, i;
	uint16_t nb;

	while ((nb = rte_eth_rx_burst(c->port, q, m, BURST)) != 0) {
		for (i = 0; i < nb; i++) {
			assert_true(got + i < n);
			assert_true(check_mbuf(m[i], len, seed + got + i));
			rte_pktmbuf_free(m[i]);
		}
		got += nb;
	}
	assert_int_equal(got, n);
}

/* Empty polls enough for the PMD to look at RX's status. */
static void
rx_idle(struct ctx *c, uint16_t q)
{
	struct rte_mbuf *m[BURST];
	unsigned int i;

	for (i = 0; i < GEM_DMA_CHECK_POLLS; i++)
		assert_int_equal(rte_eth_rx_burst(c->port, q, m, BURST), 0);
}

/*
 * Another lcore in the middle of a TX doorbell on queue q: it has read
 * the doorbell word NCR had then, and its write lands at the first moment
 * the PMD does not wait for it: at the PMD's register write `lands` picks
 * (before or after it, as `when` says), unless the PMD pauses for that
 * lcore first. Its queue's ncr_seq is odd until the write lands.
 */
static struct {
	bool pending;
	uint32_t val;
	uint32_t *seq;
	enum fakegem_when when;
	bool (*lands)(uint32_t off, uint32_t val);
	unsigned int landed_in_pause;
} stale;

static void
stale_lcore(struct fakegem *f, enum fakegem_when when, uint32_t off,
	    uint32_t val)
{
	if (!stale.pending)
		return;
	if (when == FAKEGEM_PAUSE)
		stale.landed_in_pause++;
	else if (when != stale.when || !stale.lands(off, val))
		return;
	fakegem_lcore_wr(f, GEM_NCR, stale.val);
	__atomic_fetch_add(stale.seq, 1, __ATOMIC_RELEASE);
	stale.pending = false;
}

static void
stale_arm(struct ctx *c, uint16_t txq, enum fakegem_when when,
	  bool (*lands)(uint32_t off, uint32_t val))
{
	struct gem_tx_queue *q = rte_eth_devices[c->port].data->tx_queues[txq];

	stale.val = fakegem_rd(&c->f, GEM_NCR) | GEM_NCR_TSTART;
	stale.seq = &q->ncr_seq;
	stale.when = when;
	stale.lands = lands;
	stale.pending = true;
	stale.landed_in_pause = 0;
	__atomic_fetch_add(stale.seq, 1, __ATOMIC_RELEASE);
	c->f.lcore = stale_lcore;
}

/* The write that switches RX off for a re-arm. */
static bool
lands_after_rx_off(uint32_t off, uint32_t val)
{
	return off == GEM_NCR && !(val & GEM_NCR_RE);
}

/* The THALT of a TX re-arm. */
static bool
lands_after_thalt(uint32_t off, uint32_t val)
{
	return off == GEM_NCR && (val & GEM_NCR_THALT);
}

/* A link change's new speed. */
static bool
lands_before_ncfgr(uint32_t off, uint32_t val)
{
	(void)val;
	return off == GEM_NCFGR;
}

static void
rx_hresp(const struct port_cfg *cfg, uint16_t faulty, bool doorbell)
{
	struct ctx *c = fault_port(cfg);
	struct rte_eth_stats st;
	uint16_t q, nq = c->cfg.nb_queues;
	uint32_t seed = 1;

	for (q = 0; q < nq; q++, seed += 100) {
		assert_int_equal(hw_rx(c, q, 200, seed), 0);
		rx_expect(c, q, 1, 200, seed);
	}

	/* The bus error stops the faulty queue: the frame and the ones after
	 * it are lost; the other queues still receive. */
	fakegem_fault(&c->f, FAKEGEM_RX_HRESP, faulty);
	assert_int_equal(hw_rx(c, faulty, 200, 1000), -EIO);
	assert_true(fakegem_rd(&c->f, GEM_RSR) & GEM_RSR_HRESP);
	assert_int_equal(hw_rx(c, faulty, 200, 1001), -EIO);
	for (q = 0; q < nq; q++) {
		if (q == faulty)
			continue;
		assert_int_equal(hw_rx(c, q, 300, 2000 + q), 0);
		rx_expect(c, q, 1, 300, 2000 + q);
	}

	/* Idle polling finds it; each queue re-arms itself, with another
	 * lcore's doorbell, read before, landing after RX went off. */
	if (doorbell)
		stale_arm(c, nq - 1, FAKEGEM_AFTER_WR, lands_after_rx_off);
	for (q = 0; q < nq; q++)
		rx_idle(c, q);
	if (doorbell) {
		assert_false(stale.pending);
		assert_int_equal(stale.landed_in_pause, 1);
	}
	assert_false(fakegem_rd(&c->f, GEM_RSR) & GEM_RSR_HRESP);
	assert_int_equal(xstat(c->port, "rx_dma_errors"), 1);
	assert_int_equal(xstat(c->port, "rx_queue_rearms"), nq);
	assert_false(c->f.rx_stopped[faulty]);
	assert_int_equal(c->f.base_ignored, 0);

	/* And receives again, from the ring's start, with no restart. */
	assert_true(rte_eth_devices[c->port].data->dev_started);
	for (q = 0; q < nq; q++) {
		unsigned int i;

		for (i = 0; i < 40; i++)
			assert_int_equal(hw_rx(c, q, 64 + i, 3000 + 100 * q + i),
					 0);
		for (i = 0; i < 40; i++) {
			struct rte_mbuf *m;

			while (rte_eth_rx_burst(c->port, q, &m, 1) == 0)
				;
			assert_true(check_mbuf(m, 64 + i, 3000 + 100 * q + i));
			rte_pktmbuf_free(m);
		}
	}
	assert_int_equal(rte_eth_stats_get(c->port, &st), 0);
	assert_int_equal(st.ipackets, 2 * nq - 1 + 40 * nq);
	fault_port_free(c);
}

static void
test_rx_hresp_1q(void **state)
{
	struct port_cfg cfg = { .dcfg6 = QEMU_DCFG6, .silicon = true,
				.coherent = true };

	(void)state;
	rx_hresp(&cfg, 0, false);
}

static void
test_rx_hresp_2q_noncoherent(void **state)
{
	struct port_cfg cfg = { .dcfg6 = QEMU_DCFG6, .silicon = true,
				.nb_queues = 2 };

	(void)state;
	rx_hresp(&cfg, 1, false);
}

/*
 * A re-arm switches RX off for every queue while another lcore is ringing
 * TX with the NCR it read before: the re-arm must wait for that write, or
 * it switches RX on again, the queue base written next is lost, and the
 * GEM fills the ring from where it was while software starts at the top.
 */
static void
test_rx_rearm_waits_for_doorbell(void **state)
{
	struct port_cfg cfg = { .dcfg6 = QEMU_DCFG6, .silicon = true,
				.nb_queues = 2 };

	(void)state;
	rx_hresp(&cfg, 1, true);
}

/*
 * A re-arm that cannot refill its ring (the pool is empty) parks the
 * queue: its descriptors may name the buffers it just freed, and the GEM,
 * whose RX is on again for the other queues, must not write there. Once
 * mbufs are back, the next look re-arms it.
 */
static void
test_rx_rearm_without_mbufs(void **state)
{
	struct port_cfg cfg = { .dcfg6 = QEMU_DCFG6, .silicon = true,
				.coherent = true, .nb_queues = 2 };
	struct ctx *c = fault_port(&cfg);
	struct rte_mbuf **held = calloc(NB_MBUF, sizeof(*held));
	unsigned int n = 0, i;

	(void)state;
	/* Three frames the application keeps: their descriptors wait for
	 * mbufs the re-arm will not find. */
	for (i = 0; i < 3; i++)
		assert_int_equal(hw_rx(c, 0, 100, 100 + i), 0);
	assert_int_equal(rte_eth_rx_burst(c->port, 0, held, 3), 3);
	n = 3;
	fakegem_fault(&c->f, FAKEGEM_RX_HRESP, 1);
	assert_int_equal(hw_rx(c, 1, 200, 1), -EIO);
	while ((held[n] = rte_pktmbuf_alloc(pool)) != NULL)
		n++;
	rx_idle(c, 0);
	assert_int_equal(xstat(c->port, "rx_dma_errors"), 1);
	assert_int_equal(xstat(c->port, "rx_queue_rearms"), 0);
	/* Parked: a frame for queue 0 finds no buffer, and writes none. */
	assert_int_equal(hw_rx(c, 0, 200, 2), -ENOBUFS);

	for (i = 0; i < n; i++)
		rte_pktmbuf_free(held[i]);
	free(held);
	rx_idle(c, 0);
	rx_idle(c, 1);
	assert_int_equal(xstat(c->port, "rx_queue_rearms"), 2);
	for (i = 0; i < 2; i++) {
		assert_int_equal(hw_rx(c, i, 300, 10 + i), 0);
		rx_expect(c, i, 1, 300, 10 + i);
	}
	fault_port_free(c);
}

/* Run the transmitter; returns the frames it sent, checked against seeds. */
static unsigned int
tx_out(struct ctx *c, uint32_t len, uint32_t seed)
{
	static struct fakegem_frame out[64];
	static uint8_t want[GEM_JML_MAX];
	int n = fakegem_tx_run(&c->f, 0, out, 64, 256), i;

	for (i = 0; i < n; i++) {
		fill(want, len, seed + i);
		assert_int_equal(out[i].len, len);
		assert_memory_equal(out[i].data, want, len);
	}
	return n;
}

static void
tx_send(struct ctx *c, unsigned int n, uint32_t len, uint32_t seed)
{
	struct rte_mbuf *pkts[BURST];
	unsigned int i;

	for (i = 0; i < n; i++)
		pkts[i] = make_pkt(len, seed + i, 2048);
	assert_int_equal(rte_eth_tx_burst(c->port, 0, pkts, n), n);
}

static void
tx_fault(const struct port_cfg *cfg, enum fakegem_fault what)
{
	struct ctx *c = fault_port(cfg);
	struct rte_eth_stats st;

	tx_send(c, 2, 100, 1);
	assert_int_equal(tx_out(c, 100, 1), 2);

	/* The first of four meets the fault: none goes out, and the
	 * transmitter ignores TSTART from now on. */
	fakegem_fault(&c->f, what, 0);
	tx_send(c, 4, 100, 10);
	assert_int_equal(tx_out(c, 100, 10), 0);
	assert_true(fakegem_rd(&c->f, GEM_TSR) &
		    (what == FAKEGEM_TX_HRESP ? GEM_TSR_HRESP : GEM_TSR_UND));

	/* The PMD's reclaim frees the two sent and the failed one; the next
	 * finds the stall and the error, and re-arms the queue. */
	assert_int_equal(rte_eth_tx_burst(c->port, 0, NULL, 0), 0);
	assert_int_equal(rte_eth_tx_burst(c->port, 0, NULL, 0), 0);
	assert_int_equal(xstat(c->port, "tx_dma_errors"), 1);
	assert_int_equal(xstat(c->port, "tx_queue_rearms"), 1);
	assert_false(fakegem_rd(&c->f, GEM_TSR) & GEM_TSR_DMA_ERRORS);
	assert_false(c->f.tx_stopped[0]);
	assert_int_equal(c->f.base_ignored, 0);

	/* Frames after it go out intact, from the ring's start. */
	assert_true(rte_eth_devices[c->port].data->dev_started);
	tx_send(c, 8, 300, 100);
	assert_int_equal(tx_out(c, 300, 100), 8);
	assert_int_equal(rte_eth_tx_done_cleanup(c->port, 0, 0), 8);

	/* The failed frame and the three behind it count as errors. */
	assert_int_equal(rte_eth_stats_get(c->port, &st), 0);
	assert_int_equal(st.opackets, 14);
	assert_int_equal(st.oerrors,
			 4 + (what == FAKEGEM_TX_UNDERRUN ? 1 : 0));
	if (what == FAKEGEM_TX_UNDERRUN)
		assert_int_equal(xstat(c->port, "tx_underrun_errors"), 1);
	fault_port_free(c);
}

static void
test_tx_hresp(void **state)
{
	struct port_cfg cfg = { .dcfg6 = QEMU_DCFG6, .silicon = true,
				.coherent = true };

	(void)state;
	tx_fault(&cfg, FAKEGEM_TX_HRESP);
}

static void
test_tx_hresp_noncoherent_desc32(void **state)
{
	struct port_cfg cfg = { .dcfg6 = DCFG6_32, .silicon = true };

	(void)state;
	tx_fault(&cfg, FAKEGEM_TX_HRESP);
}

static void
test_tx_underrun(void **state)
{
	struct port_cfg cfg = { .dcfg6 = QEMU_DCFG6, .silicon = true,
				.coherent = true };

	(void)state;
	tx_fault(&cfg, FAKEGEM_TX_UNDERRUN);
}

/*
 * A TX DMA error on queue 1 re-arms queue 0 too (TSR does not say which
 * queue failed), while another lcore's doorbell, read before, is still
 * on its way: it must land before the THALT, not between the THALT and
 * the queue base, or the base write meets a running transmitter and is
 * lost, and queue 0's frames start from a place software no longer uses.
 */
static void
test_tx_rearm_waits_for_doorbell(void **state)
{
	struct port_cfg cfg = { .dcfg6 = QEMU_DCFG6, .silicon = true,
				.coherent = true, .nb_queues = 2 };
	struct ctx *c = fault_port(&cfg);
	struct rte_mbuf *pkts[4];
	unsigned int i;

	(void)state;
	tx_send(c, 2, 100, 1);
	assert_int_equal(tx_out(c, 100, 1), 2);
	tx_send(c, 3, 100, 10);			/* in flight on queue 0 */

	for (i = 0; i < 4; i++)
		pkts[i] = make_pkt(100, 50 + i, 2048);
	fakegem_fault(&c->f, FAKEGEM_TX_HRESP, 1);
	assert_int_equal(rte_eth_tx_burst(c->port, 1, pkts, 4), 4);
	assert_int_equal(fakegem_tx_run(&c->f, 1, NULL, 0, 64), 0);
	/* The first look frees the failed frame, the next finds the stall,
	 * the error, and re-arms queue 1. */
	assert_int_equal(rte_eth_tx_burst(c->port, 1, NULL, 0), 0);
	assert_int_equal(rte_eth_tx_burst(c->port, 1, NULL, 0), 0);
	assert_int_equal(xstat(c->port, "tx_dma_errors"), 1);
	assert_int_equal(xstat(c->port, "tx_queue_rearms"), 1);

	/* Queue 0's first look frees its two sent; the next finds the
	 * stall and the new epoch. */
	assert_int_equal(rte_eth_tx_burst(c->port, 0, NULL, 0), 0);
	stale_arm(c, 1, FAKEGEM_AFTER_WR, lands_after_thalt);
	assert_int_equal(rte_eth_tx_burst(c->port, 0, NULL, 0), 0);
	assert_false(stale.pending);
	assert_int_equal(stale.landed_in_pause, 1);
	assert_int_equal(xstat(c->port, "tx_queue_rearms"), 2);
	assert_int_equal(c->f.base_ignored, 0);

	/* Queue 0 sends from its ring's start again, every frame intact. */
	tx_send(c, 8, 300, 100);
	assert_int_equal(tx_out(c, 300, 100), 8);
	fault_port_free(c);
}

/*
 * A re-arm whose THALT times out (the transmitter stuck mid-frame) leaves
 * the queue as it was and is tried again at the next look, not given up.
 */
static void
test_tx_rearm_after_halt_timeout(void **state)
{
	struct port_cfg cfg = { .dcfg6 = QEMU_DCFG6, .silicon = true,
				.coherent = true };
	struct ctx *c = fault_port(&cfg);

	(void)state;
	tx_send(c, 2, 100, 1);
	assert_int_equal(tx_out(c, 100, 1), 2);
	fakegem_fault(&c->f, FAKEGEM_TX_HRESP, 0);
	tx_send(c, 4, 100, 10);
	assert_int_equal(tx_out(c, 100, 10), 0);

	c->f.halt_ignored = 1;
	assert_int_equal(rte_eth_tx_burst(c->port, 0, NULL, 0), 0);
	assert_int_equal(rte_eth_tx_burst(c->port, 0, NULL, 0), 0);
	assert_int_equal(xstat(c->port, "tx_dma_errors"), 1);
	assert_int_equal(xstat(c->port, "tx_queue_rearms"), 0);
	assert_int_equal(c->f.halt_ignored, 0);

	assert_int_equal(rte_eth_tx_burst(c->port, 0, NULL, 0), 0);
	assert_int_equal(xstat(c->port, "tx_queue_rearms"), 1);
	tx_send(c, 8, 300, 100);
	assert_int_equal(tx_out(c, 300, 100), 8);
	fault_port_free(c);
}

/*
 * An overrun loses one frame and stops nothing; a ring run dry loses what
 * arrives until the PMD hands buffers back. Both are counted as missed,
 * through the counters the fake keeps sticky or clear-on-read.
 */
static void
rx_losses(bool stats_cor)
{
	struct port_cfg cfg = { .dcfg6 = QEMU_DCFG6, .silicon = true,
				.coherent = true, .stats_cor = stats_cor };
	struct ctx *c = fault_port(&cfg);
	struct rte_eth_stats st;
	unsigned int i, n;
	uint32_t seed = 1;

	assert_int_equal(GEM_ADAPTER(&rte_eth_devices[c->port])->
			 stats_clear_on_read, stats_cor);
	fakegem_fault(&c->f, FAKEGEM_RX_OVERRUN, 0);
	assert_int_equal(hw_rx(c, 0, 100, seed++), -EOVERFLOW);
	assert_int_equal(hw_rx(c, 0, 100, seed), 0);
	rx_expect(c, 0, 1, 100, seed++);

	/* Fill what the ring has free; three more have nowhere to go. */
	for (n = 0; hw_rx(c, 0, 100, seed + n) == 0; n++)
		assert_true(n < NB_DESC);
	for (i = 0; i < 2; i++)
		assert_int_equal(hw_rx(c, 0, 100, 9999), -ENOBUFS);
	rx_expect(c, 0, n, 100, seed);
	seed += n;
	assert_int_equal(hw_rx(c, 0, 100, seed), 0);
	rx_expect(c, 0, 1, 100, seed);

	/* Read twice: a clear-on-read counter is folded, not lost or
	 * counted again. */
	for (i = 0; i < 2; i++) {
		assert_int_equal(rte_eth_stats_get(c->port, &st), 0);
		assert_int_equal(st.imissed, 4);
		assert_int_equal(st.ipackets, n + 2);
		assert_int_equal(xstat(c->port, "rx_overrun_errors"), 1);
		assert_int_equal(xstat(c->port, "rx_resource_errors"), 3);
	}
	fakegem_fault(&c->f, FAKEGEM_RX_OVERRUN, 0);
	assert_int_equal(hw_rx(c, 0, 100, 9999), -EOVERFLOW);
	assert_int_equal(rte_eth_stats_get(c->port, &st), 0);
	assert_int_equal(st.imissed, 5);
	assert_int_equal(xstat(c->port, "rx_dma_errors"), 0);
	fault_port_free(c);
}

static void
test_rx_losses_sticky(void **state)
{
	(void)state;
	rx_losses(false);
}

static void
test_rx_losses_clear_on_read(void **state)
{
	(void)state;
	rx_losses(true);
}

/*
 * The PHY renegotiates 100 Mb/s: NCFGR changes with RX and TX off, the
 * frames TX had in flight are counted as errors, both directions carry on
 * with no restart, and one line says the TX clock is the kernel's.
 */
static void
test_link_speed_change(void **state)
{
	struct port_cfg cfg = { .dcfg6 = QEMU_DCFG6, .silicon = true,
				.coherent = true, .phy = true };
	struct ctx *c = fault_port(&cfg);
	struct rte_eth_link link;
	struct rte_eth_stats st;
	char *log = NULL;
	size_t log_len = 0;
	FILE *cap;

	(void)state;
	assert_int_equal(rte_eth_link_get_nowait(c->port, &link), 0);
	assert_int_equal(link.link_speed, RTE_ETH_SPEED_NUM_1G);
	assert_true(fakegem_rd(&c->f, GEM_NCFGR) & GEM_NCFGR_GBE);
	tx_send(c, 2, 100, 1);
	assert_int_equal(tx_out(c, 100, 1), 2);
	tx_send(c, 3, 100, 10);		/* in flight across the change */

	c->f.phy[MII_STAT1000] = 0;
	c->f.phy[MII_LPA] = ADVERTISE_100FULL | ADVERTISE_CSMA;
	/* The data lcore is ringing TX with the NCR it read before. */
	stale_arm(c, 0, FAKEGEM_BEFORE_WR, lands_before_ncfgr);
	cap = open_memstream(&log, &log_len);
	rte_openlog_stream(cap);
	assert_int_equal(rte_eth_link_get_nowait(c->port, &link), 0);
	rte_openlog_stream(NULL);
	fclose(cap);
	assert_int_equal(link.link_speed, RTE_ETH_SPEED_NUM_100M);
	assert_int_equal(link.link_duplex, RTE_ETH_LINK_FULL_DUPLEX);
	assert_int_equal(fakegem_rd(&c->f, GEM_NCFGR) &
			 (GEM_NCFGR_GBE | GEM_NCFGR_SPD | GEM_NCFGR_FD),
			 GEM_NCFGR_SPD | GEM_NCFGR_FD);
	assert_int_equal(c->f.ncfgr_unsafe, 0);
	assert_false(stale.pending);
	assert_int_equal(stale.landed_in_pause, 1);
	assert_int_equal(fakegem_rd(&c->f, GEM_NCR) & (GEM_NCR_RE | GEM_NCR_TE),
			 GEM_NCR_RE | GEM_NCR_TE);
	assert_non_null(strstr(log, "link now 100 Mb/s, the kernel left the GEM at 10 Mb/s: its TX clock must follow"));
	free(log);

	/* The first look frees the two sent, the next re-arms the queue. */
	assert_int_equal(rte_eth_tx_burst(c->port, 0, NULL, 0), 0);
	assert_int_equal(rte_eth_tx_burst(c->port, 0, NULL, 0), 0);
	assert_int_equal(xstat(c->port, "tx_queue_rearms"), 1);
	assert_int_equal(xstat(c->port, "tx_dma_errors"), 0);
	tx_send(c, 4, 200, 100);
	assert_int_equal(tx_out(c, 200, 100), 4);
	assert_int_equal(hw_rx(c, 0, 300, 500), 0);
	rx_expect(c, 0, 1, 300, 500);
	assert_int_equal(c->f.base_ignored, 0);
	assert_int_equal(rte_eth_stats_get(c->port, &st), 0);
	assert_int_equal(st.oerrors, 3);
	fault_port_free(c);
}

/*
 * A link change with nothing in flight: the queue's base was parked, and
 * its next burst, the first after the change, must re-arm it before it
 * writes, not be sent into the park and dropped.
 */
static void
test_link_change_idle_txq(void **state)
{
	struct port_cfg cfg = { .dcfg6 = QEMU_DCFG6, .silicon = true,
				.coherent = true, .phy = true };
	struct ctx *c = fault_port(&cfg);
	struct rte_eth_link link;
	struct rte_eth_stats st;

	(void)state;
	tx_send(c, 2, 100, 1);
	assert_int_equal(tx_out(c, 100, 1), 2);
	assert_int_equal(rte_eth_tx_done_cleanup(c->port, 0, 0), 2);

	c->f.phy[MII_STAT1000] = 0;
	c->f.phy[MII_LPA] = ADVERTISE_100FULL | ADVERTISE_CSMA;
	assert_int_equal(rte_eth_link_get_nowait(c->port, &link), 0);
	assert_int_equal(link.link_speed, RTE_ETH_SPEED_NUM_100M);

	tx_send(c, 4, 200, 100);
	assert_int_equal(tx_out(c, 200, 100), 4);
	assert_int_equal(xstat(c->port, "tx_queue_rearms"), 1);
	assert_int_equal(c->f.base_ignored, 0);
	assert_int_equal(rte_eth_stats_get(c->port, &st), 0);
	assert_int_equal(st.oerrors, 0);
	assert_int_equal(st.opackets, 6);
	fault_port_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rx_hresp_1q),
		cmocka_unit_test(test_rx_hresp_2q_noncoherent),
		cmocka_unit_test(test_rx_rearm_waits_for_doorbell),
		cmocka_unit_test(test_tx_rearm_waits_for_doorbell),
		cmocka_unit_test(test_rx_rearm_without_mbufs),
		cmocka_unit_test(test_tx_hresp),
		cmocka_unit_test(test_tx_hresp_noncoherent_desc32),
		cmocka_unit_test(test_tx_underrun),
		cmocka_unit_test(test_tx_rearm_after_halt_timeout),
		cmocka_unit_test(test_rx_losses_sticky),
		cmocka_unit_test(test_rx_losses_clear_on_read),
		cmocka_unit_test(test_link_speed_change),
		cmocka_unit_test(test_link_change_idle_txq),
	};

	return cmocka_run_group_tests_name("gem_faults", tests, eal_setup,
					   eal_teardown);
}
