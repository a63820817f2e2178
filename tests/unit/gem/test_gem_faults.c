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

static void
rx_hresp(const struct port_cfg *cfg, uint16_t faulty)
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

	/* Idle polling finds it; each queue re-arms itself. */
	for (q = 0; q < nq; q++)
		rx_idle(c, q);
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
	rx_hresp(&cfg, 0);
}

static void
test_rx_hresp_2q_noncoherent(void **state)
{
	struct port_cfg cfg = { .dcfg6 = QEMU_DCFG6, .silicon = true,
				.nb_queues = 2 };

	(void)state;
	rx_hresp(&cfg, 1);
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rx_hresp_1q),
		cmocka_unit_test(test_rx_hresp_2q_noncoherent),
		cmocka_unit_test(test_tx_hresp),
		cmocka_unit_test(test_tx_hresp_noncoherent_desc32),
		cmocka_unit_test(test_tx_underrun),
		cmocka_unit_test(test_rx_losses_sticky),
		cmocka_unit_test(test_rx_losses_clear_on_read),
		cmocka_unit_test(test_link_speed_change),
	};

	return cmocka_run_group_tests_name("gem_faults", tests, eal_setup,
					   eal_teardown);
}
