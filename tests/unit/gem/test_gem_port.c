/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * net_gem as an application drives it: a real EAL, mempool and ethdev, and
 * the PMD's own probe, ops and burst functions, over a fake GEM (fakegem.c)
 * whose DMA engine the test steps. Proves the ring handling (refill,
 * reclaim, doorbell, wrap), bad-descriptor handling, exhaustion and
 * recovery, scattered RX and multi-segment TX, the QEMU quirks, the
 * registers dev_start and close leave behind, statistics folding, the MAC
 * filters, and exactly which ranges the non-coherent path maintains.
 */

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include <ethdev_driver.h>
#include <rte_alarm.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_vect.h>
#include <rte_ip.h>
#include <rte_mempool.h>
#include <rte_udp.h>

#include "gemport.h"
#include "gem_dma.h"
#include "gem_ethdev.h"
#include "gem_hw_ops.h"

/* ------------------------------------------------------------ helpers */

/* RX descriptors consumed and not yet refilled: they hold no mbuf. */
static unsigned int
rx_held(const struct ctx *c)
{
	unsigned int off, n = 0;

	for (off = 0; off < NB_DESC; off++)
		n += rte_eth_rx_descriptor_status(c->port, 0, off) ==
		     RTE_ETH_RX_DESC_UNAVAIL;
	return n;
}

static int
setup_coherent64(void **state)
{
	struct port_cfg cfg = { .dcfg6 = QEMU_DCFG6, .coherent = true };

	*state = ctx_new(&cfg);
	return 0;
}

static int
setup_coherent32(void **state)
{
	struct port_cfg cfg = { .dcfg6 = DCFG6_32, .coherent = true };

	*state = ctx_new(&cfg);
	return 0;
}

static int
setup_jumbo(void **state)
{
	struct port_cfg cfg = {
		.dcfg6 = QEMU_DCFG6, .coherent = true, .mtu = 9000,
		.rx_offloads = RTE_ETH_RX_OFFLOAD_SCATTER,
		.tx_offloads = RTE_ETH_TX_OFFLOAD_MULTI_SEGS,
	};

	*state = ctx_new(&cfg);
	return 0;
}

static int
setup_fast_free(void **state)
{
	struct port_cfg cfg = {
		.dcfg6 = QEMU_DCFG6, .coherent = true,
		.tx_offloads = RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE,
	};

	*state = ctx_new(&cfg);
	return 0;
}

static int
teardown(void **state)
{
	ctx_free(*state);
	return 0;
}

/* --------------------------------------------------- start and close */

static void
test_start_registers(void **state)
{
	struct ctx *c = *state;
	struct fakegem *f = &c->f;
	bool a64 = c->cfg.dcfg6 & GEM_DCFG6_DAW64;
	uint32_t ncr = fakegem_rd(f, GEM_NCR);
	uint32_t ncfgr = fakegem_rd(f, GEM_NCFGR);
	uint32_t dmacfg = fakegem_rd(f, GEM_DMACFG);
	volatile struct gem_desc *park_rx, *park_tx;
	struct rte_ether_addr sa;
	uint16_t i;

	assert_true(ncr & GEM_NCR_RE);
	assert_true(ncr & GEM_NCR_TE);
	assert_true(ncr & GEM_NCR_MPE);
	/* No FCS in buffers, 1536-byte frames, the DT's 1000 full. */
	assert_true(ncfgr & GEM_NCFGR_DRFCS);
	assert_true(ncfgr & GEM_NCFGR_BIG);
	assert_true(ncfgr & GEM_NCFGR_GBE);
	assert_true(ncfgr & GEM_NCFGR_FD);
	assert_false(ncfgr & GEM_NCFGR_JFRAME);
	assert_int_equal(GEM_GET(GEM_NCFGR_RBOF, ncfgr), 0);
	assert_int_equal(GEM_GET(GEM_DMACFG_RXBS, dmacfg), 2048 / 64);
	assert_int_equal(GEM_GET(GEM_DMACFG_FBLDO, dmacfg), 16);
	assert_int_equal((dmacfg & GEM_DMACFG_ADDR64) != 0, a64);
	assert_false(dmacfg & GEM_DMACFG_TXCOEN);

	/* The DT's MAC in SA1. */
	gem_hw_sa_get(f->regs, 0, &sa);
	assert_true(rte_is_same_ether_addr(&sa, &dt_mac));

	/* Every RX descriptor handed over, WRAP on the last only. */
	for (i = 0; i < NB_DESC; i++) {
		volatile struct gem_desc *d = fakegem_rx_desc(f, 0, i);

		assert_int_equal(d->addr & GEM_RX_W0_USED, 0);
		assert_int_equal((d->addr & GEM_RX_W0_WRAP) != 0,
				 i == NB_DESC - 1);
		assert_non_null(fakegem_rx_buf(f, d));
	}
	/* Every TX descriptor software-owned. */
	for (i = 0; i < NB_DESC; i++)
		assert_true(fakegem_tx_desc(f, 0, i)->ctrl & GEM_TX_W1_USED);

	/* Queue 1 has no ring: it is parked on used descriptors. */
	park_rx = fakegem_rx_desc(f, 1, 0);
	park_tx = fakegem_tx_desc(f, 1, 0);
	assert_int_equal(park_rx->addr & (GEM_RX_W0_USED | GEM_RX_W0_WRAP),
			 GEM_RX_W0_USED | GEM_RX_W0_WRAP);
	assert_int_equal(park_tx->ctrl & (GEM_TX_W1_USED | GEM_TX_W1_WRAP),
			 GEM_TX_W1_USED | GEM_TX_W1_WRAP);
	/* Interrupts masked on both queues (polling). */
	assert_int_equal(fakegem_rd(f, GEM_IDR), GEM_INT_ALL);
	assert_int_equal(fakegem_rd(f, GEM_IDR_Q(1)), GEM_INT_ALL);
}

/* lpbk_mode 1 is the MAC's local loopback (NCR.LLB), set or cleared at
 * each start whatever the last one left; other modes are refused. */
static void
test_start_loopback(void **state)
{
	struct ctx *c = *state;
	struct rte_eth_conf *conf = &rte_eth_devices[c->port].data->dev_conf;

	assert_false(fakegem_rd(&c->f, GEM_NCR) & GEM_NCR_LLB);
	assert_int_equal(rte_eth_dev_stop(c->port), 0);
	conf->lpbk_mode = 1;
	assert_int_equal(rte_eth_dev_start(c->port), 0);
	assert_true(fakegem_rd(&c->f, GEM_NCR) & GEM_NCR_LLB);
	assert_true(fakegem_rd(&c->f, GEM_NCR) & GEM_NCR_RE);
	/* A stop keeps NCR's other bits; the next start without loopback
	 * must clear it. */
	assert_int_equal(rte_eth_dev_stop(c->port), 0);
	assert_true(fakegem_rd(&c->f, GEM_NCR) & GEM_NCR_LLB);
	conf->lpbk_mode = 0;
	assert_int_equal(rte_eth_dev_start(c->port), 0);
	assert_false(fakegem_rd(&c->f, GEM_NCR) & GEM_NCR_LLB);
	assert_int_equal(rte_eth_dev_stop(c->port), 0);
	conf->lpbk_mode = 2;
	assert_int_equal(rte_eth_dev_start(c->port), -ENOTSUP);
	conf->lpbk_mode = 0;
	assert_int_equal(rte_eth_dev_start(c->port), 0);
}

static void
test_close_quiesces(void **state)
{
	struct ctx *c = *state;
	struct fakegem *f = &c->f;
	struct rte_eth_dev_info info;

	assert_int_equal(rte_eth_dev_info_get(c->port, &info), 0);
	assert_int_equal(info.max_rx_queues, 2);
	/* Status the last frames raised: stop clears it (write 1s). */
	fakegem_wr(f, GEM_TSR, GEM_TSR_ALL & ~GEM_TSR_TGO);
	fakegem_wr(f, GEM_RSR, GEM_RSR_ALL);
	assert_int_equal(rte_eth_dev_stop(c->port), 0);
	/* Stop: RX/TX off, both queues parked. */
	assert_int_equal(fakegem_rd(f, GEM_NCR) & (GEM_NCR_RE | GEM_NCR_TE),
			 0);
	assert_true(fakegem_rx_desc(f, 0, 0)->addr & GEM_RX_W0_USED);
	assert_true(fakegem_rx_desc(f, 1, 0)->addr & GEM_RX_W0_USED);
	assert_true(fakegem_tx_desc(f, 0, 0)->ctrl & GEM_TX_W1_USED);
	assert_int_equal(fakegem_rd(f, GEM_RBQP), fakegem_rd(f, GEM_RBQP_Q(1)));
	assert_int_equal(fakegem_rd(f, GEM_TSR), 0);
	assert_int_equal(fakegem_rd(f, GEM_RSR), 0);
	/* Close clears the statistics too. */
	fakegem_wr(f, GEM_NCR, fakegem_rd(f, GEM_NCR) & ~GEM_NCR_CLRSTAT);
	assert_int_equal(rte_eth_dev_close(c->port), 0);
	assert_true(fakegem_rd(f, GEM_NCR) & GEM_NCR_CLRSTAT);
	assert_int_equal(fakegem_rd(f, GEM_NCR) & (GEM_NCR_RE | GEM_NCR_TE),
			 0);
	assert_int_equal(in_use(), c->in_use_before);
	/* The port is gone; recreate it so teardown has one to close. */
	port_create(c, "gem_test0");
	port_setup(c);
	port_start(c);
}

static void
test_link(void **state)
{
	struct ctx *c = *state;
	struct rte_eth_link link;

	assert_int_equal(rte_eth_link_get_nowait(c->port, &link), 0);
	assert_int_equal(link.link_status, RTE_ETH_LINK_UP);
	assert_int_equal(link.link_speed, RTE_ETH_SPEED_NUM_1G);
	assert_int_equal(link.link_duplex, RTE_ETH_LINK_FULL_DUPLEX);
	assert_int_equal(rte_eth_dev_stop(c->port), 0);
	assert_int_equal(rte_eth_link_get_nowait(c->port, &link), 0);
	assert_int_equal(link.link_status, RTE_ETH_LINK_DOWN);
	port_start(c);
}

/* ----------------------------------------------------------------- RX */

static void
test_rx_frames(void **state)
{
	struct ctx *c = *state;
	struct rte_mbuf *pkts[BURST];
	uint32_t sent = 0, got = 0, seed_rx = 0;
	uint16_t n, i;
	unsigned int base = in_use();
	struct rte_eth_stats st;
	uint64_t bytes = 0;

	/* Several times round the ring, sizes 60..1514 and one runt. */
	while (sent < 5 * NB_DESC) {
		uint32_t len = sent == 7 ? 42 : 60 + (sent * 97) % 1455;

		if (hw_rx(c, 0, len, sent) != 0) {
			n = rte_eth_rx_burst(c->port, 0, pkts, BURST);
			assert_true(n > 0);
			for (i = 0; i < n; i++) {
				uint32_t want = seed_rx == 7 ? 42 :
					60 + (seed_rx * 97) % 1455;

				/* Runts come back as 60 bytes, data first. */
				if (want < 60) {
					assert_int_equal(pkts[i]->pkt_len, 60);
					pkts[i]->pkt_len = 42;
					pkts[i]->data_len = 42;
				}
				assert_true(check_mbuf(pkts[i], want,
						       seed_rx));
				assert_int_equal(pkts[i]->nb_segs, 1);
				assert_int_equal(pkts[i]->port, c->port);
				/* QEMU reports no checksum: unknown. */
				assert_int_equal(pkts[i]->ol_flags &
						 RTE_MBUF_F_RX_IP_CKSUM_MASK,
						 RTE_MBUF_F_RX_IP_CKSUM_UNKNOWN);
				bytes += want < 60 ? 60 : want;
				seed_rx++;
			}
			got += n;
			rte_pktmbuf_free_bulk(pkts, n);
			continue;
		}
		sent++;
	}
	while ((n = rte_eth_rx_burst(c->port, 0, pkts, BURST)) > 0) {
		for (i = 0; i < n; i++) {
			uint32_t want = 60 + (seed_rx * 97) % 1455;

			assert_true(check_mbuf(pkts[i], want, seed_rx));
			bytes += want;
			seed_rx++;
		}
		got += n;
		rte_pktmbuf_free_bulk(pkts, n);
	}
	assert_int_equal(got, sent);
	/* The ring holds exactly its own mbufs again. */
	assert_int_equal(in_use(), base);
	assert_int_equal(rte_eth_stats_get(c->port, &st), 0);
	assert_int_equal(st.ipackets, sent);
	assert_int_equal(st.ibytes, bytes);
	assert_int_equal(st.ierrors, 0);
	assert_int_equal(st.rx_nombuf, 0);
}

/*
 * A burst longer than the ring's filled part must stop at the descriptors
 * software consumed but has not handed back yet: they still read USED, and
 * delivering them would hand out their replacement mbufs as stale frames.
 */
static void
test_rx_burst_stops_at_held(void **state)
{
	struct ctx *c = *state;
	struct rte_mbuf *pkts[NB_DESC];
	uint16_t n, i;
	uint32_t seed = 0;

	/* 31 frames taken: below rx_free_thresh, so all 31 stay held. */
	for (i = 0; i < 31; i++)
		assert_int_equal(hw_rx(c, 0, 100, seed++), 0);
	n = rte_eth_rx_burst(c->port, 0, pkts, BURST);
	assert_int_equal(n, 31);
	rte_pktmbuf_free_bulk(pkts, n);
	/* Hardware fills every slot it owns: the rest of the ring. */
	for (i = 0; i < NB_DESC - 31; i++)
		assert_int_equal(hw_rx(c, 0, 200, seed++), 0);
	assert_int_not_equal(hw_rx(c, 0, 200, seed), 0);
	/* One burst asking for the whole ring gets exactly those frames. */
	n = rte_eth_rx_burst(c->port, 0, pkts, NB_DESC);
	assert_int_equal(n, NB_DESC - 31);
	for (i = 0; i < n; i++)
		assert_true(check_mbuf(pkts[i], 200, 31 + i));
	rte_pktmbuf_free_bulk(pkts, n);
	assert_int_equal(rte_eth_rx_burst(c->port, 0, pkts, NB_DESC), 0);
}

/*
 * The RX ring is handed back in batches of rx_free_thresh, at the start of
 * a burst (as DPDK's vector PMDs rearm), so that on a non-coherent port the
 * hand-back and the burst's look at the ring share one wait.
 */
static void
test_rx_batched_handback(void **state)
{
	struct ctx *c = *state;
	struct rte_mbuf *pkts[BURST];
	uint16_t i;

	for (i = 0; i < 31; i++)
		assert_int_equal(hw_rx(c, 0, 100, i), 0);
	assert_int_equal(rte_eth_rx_burst(c->port, 0, pkts, BURST), 31);
	rte_pktmbuf_free_bulk(pkts, 31);
	/* 31 consumed, below the threshold of 32: still software's. */
	for (i = 0; i < 31; i++)
		assert_true(fakegem_rx_desc(&c->f, 0, i)->addr &
			    GEM_RX_W0_USED);
	assert_int_equal(hw_rx(c, 0, 100, 31), 0);
	assert_int_equal(rte_eth_rx_burst(c->port, 0, pkts, BURST), 1);
	rte_pktmbuf_free(pkts[0]);
	/* The 32nd completes the batch, still held until a burst starts. */
	for (i = 0; i < 32; i++)
		assert_true(fakegem_rx_desc(&c->f, 0, i)->addr &
			    GEM_RX_W0_USED);
	/* That one hands them all back, with new buffers the test can fill
	 * again, and their status words cleared (as Linux's macb does) so
	 * no old status outlives its frame. */
	assert_int_equal(rte_eth_rx_burst(c->port, 0, pkts, BURST), 0);
	for (i = 0; i < 32; i++) {
		assert_int_equal(fakegem_rx_desc(&c->f, 0, i)->addr &
				 GEM_RX_W0_USED, 0);
		assert_int_equal(fakegem_rx_desc(&c->f, 0, i)->ctrl, 0);
	}
}

/*
 * Held descriptors wait for the next burst's start, unless a burst leaves
 * hardware with less than a batch: then they go back before it returns,
 * so an application that arms the RX interrupt (or pauses) after draining
 * the ring does not leave the GEM with nowhere to put frames.
 */
static void
test_rx_drained_ring_handed_back(void **state)
{
	struct ctx *c = *state;
	struct rte_mbuf *pkts[NB_DESC];
	unsigned int i, n = 0;

	while (hw_rx(c, 0, 100, n) == 0)
		n++;
	assert_int_equal(n, NB_DESC);
	assert_int_equal(rte_eth_rx_burst(c->port, 0, pkts, NB_DESC), NB_DESC);
	for (i = 0; i < NB_DESC; i++)
		assert_true(check_mbuf(pkts[i], 100, i));
	rte_pktmbuf_free_bulk(pkts, NB_DESC);
	/* No further burst: the GEM has the whole ring again. */
	for (i = 0; i < NB_DESC; i++)
		assert_int_equal(hw_rx(c, 0, 200, i), 0);
	assert_int_equal(rte_eth_rx_burst(c->port, 0, pkts, NB_DESC), NB_DESC);
	for (i = 0; i < NB_DESC; i++)
		assert_true(check_mbuf(pkts[i], 200, i));
	rte_pktmbuf_free_bulk(pkts, NB_DESC);
	/* One batch short of draining keeps them for the next start. */
	for (i = 0; i < NB_DESC - 32; i++)
		assert_int_equal(hw_rx(c, 0, 300, i), 0);
	assert_int_equal(rte_eth_rx_burst(c->port, 0, pkts, NB_DESC),
			 NB_DESC - 32);
	rte_pktmbuf_free_bulk(pkts, NB_DESC - 32);
	for (i = 0; i < 32; i++)
		assert_int_equal(hw_rx(c, 0, 300, i), 0);
	assert_int_equal(hw_rx(c, 0, 300, 32), -ENOBUFS);
}

static void
test_rx_bad_descriptors(void **state)
{
	struct ctx *c = *state;
	struct rte_mbuf *pkts[BURST];
	struct rte_eth_stats st;
	unsigned int base = in_use();

	/* Longer than the buffer. */
	assert_int_equal(fakegem_rx_status(&c->f, 0, GEM_RX_SOF_EOF | 3000),
			 0);
	/* A frame over two buffers on a port without scattered RX. */
	assert_int_equal(fakegem_rx_status(&c->f, 0, GEM_RX_W1_SOF), 0);
	assert_int_equal(fakegem_rx_status(&c->f, 0, GEM_RX_W1_EOF | 2500),
			 0);
	/* Zero length. */
	assert_int_equal(fakegem_rx_status(&c->f, 0, GEM_RX_SOF_EOF), 0);
	/* Nothing at all (a torn write). */
	assert_int_equal(fakegem_rx_status(&c->f, 0, 0), 0);
	assert_int_equal(hw_rx(c, 0, 200, 5), 0);

	assert_int_equal(rte_eth_rx_burst(c->port, 0, pkts, BURST), 1);
	assert_true(check_mbuf(pkts[0], 200, 5));
	rte_pktmbuf_free(pkts[0]);
	assert_int_equal(rte_eth_stats_get(c->port, &st), 0);
	assert_int_equal(st.ipackets, 1);
	/* Three frames dropped, each counted once. */
	assert_int_equal(st.ierrors, 3);
	assert_int_equal(st.q_errors[0], 3);
	assert_int_equal(xstat(c->port, "rx_bad_descriptor_drops"), 3);
	assert_int_equal(xstat(c->port, "rx_q0_errors"), 3);
	/* Every buffer went back to the pool: the six consumed descriptors
	 * hold none until the hand-back refills them. */
	assert_int_equal(rx_held(c), 6);
	assert_int_equal(in_use() + rx_held(c), base);
}

/*
 * Out of mbufs, frames are still delivered: the consumed descriptors stay
 * held, rx_nombuf counts the refills that failed, and the ring grows back
 * once mbufs return. Nothing is lost.
 */
static void
test_rx_nombuf_recovers(void **state)
{
	struct ctx *c = *state;
	struct rte_mbuf *pkts[2 * BURST], *hoard[NB_MBUF];
	struct rte_eth_stats st;
	unsigned int n = 0, got = 0, i;

	for (i = 0; i < 2 * BURST; i++)
		assert_int_equal(hw_rx(c, 0, 300, i), 0);
	/* Take every mbuf the pool has left. */
	while (n < NB_MBUF && (hoard[n] = rte_pktmbuf_alloc(pool)) != NULL)
		n++;
	while (got < 2 * BURST) {
		uint16_t k = rte_eth_rx_burst(c->port, 0, &pkts[got], BURST);

		assert_int_not_equal(k, 0);
		got += k;
	}
	for (i = 0; i < got; i++)
		assert_true(check_mbuf(pkts[i], 300, i));
	assert_int_equal(rte_eth_stats_get(c->port, &st), 0);
	assert_true(st.rx_nombuf >= BURST);
	assert_int_equal(st.ipackets, 2 * BURST);
	/* The consumed descriptors are not hardware's. */
	assert_int_equal(rte_eth_rx_descriptor_status(c->port, 0, NB_DESC - 1),
			 RTE_ETH_RX_DESC_UNAVAIL);

	rte_pktmbuf_free_bulk(hoard, n);
	rte_pktmbuf_free_bulk(pkts, got);
	/* The next burst refills the ring, and it receives again. */
	assert_int_equal(rte_eth_rx_burst(c->port, 0, pkts, BURST), 0);
	assert_int_equal(rte_eth_rx_descriptor_status(c->port, 0, NB_DESC - 1),
			 RTE_ETH_RX_DESC_AVAIL);
	for (i = 0; i < 10; i++)
		assert_int_equal(hw_rx(c, 0, 400, 100 + i), 0);
	assert_int_equal(rte_eth_rx_burst(c->port, 0, pkts, BURST), 10);
	for (i = 0; i < 10; i++)
		assert_true(check_mbuf(pkts[i], 400, 100 + i));
	rte_pktmbuf_free_bulk(pkts, 10);
}

/*
 * QEMU's model caches the descriptor after the last one it filled; if that
 * one was software-owned it waits for an NCR write with RE, and whether
 * that happened cannot be told reliably: the PMD rewrites NCR, whole, after
 * every hand-back (GEM_QUIRK_QEMU).
 */
static void
test_rx_kick_after_handback(void **state)
{
	struct ctx *c = *state;
	struct rte_mbuf *pkts[BURST];
	uint32_t ncr = fakegem_rd(&c->f, GEM_NCR);
	unsigned int i, n = 0;

	while (hw_rx(c, 0, 64, n) == 0)
		n++;
	assert_int_equal(n, NB_DESC);
	fakegem_wr(&c->f, GEM_NCR, 0);
	assert_int_equal(rte_eth_rx_burst(c->port, 0, pkts, BURST), BURST);
	rte_pktmbuf_free_bulk(pkts, BURST);
	/* Held: nothing handed back yet, nothing written. */
	assert_int_equal(fakegem_rd(&c->f, GEM_NCR), 0);
	/* The next burst hands the batch back first: rewritten whole, RE
	 * and TE kept, so TX queues are not rewound. */
	assert_int_equal(rte_eth_rx_burst(c->port, 0, pkts, 1), 1);
	rte_pktmbuf_free(pkts[0]);
	assert_int_equal(fakegem_rd(&c->f, GEM_NCR), ncr);

	/* Below a batch when bursts start: nothing handed back, nothing
	 * written. */
	fakegem_wr(&c->f, GEM_NCR, 0);
	assert_int_equal(rte_eth_rx_burst(c->port, 0, pkts, BURST - 2),
			 BURST - 2);
	rte_pktmbuf_free_bulk(pkts, BURST - 2);
	assert_int_equal(rte_eth_rx_burst(c->port, 0, pkts, 1), 1);
	rte_pktmbuf_free(pkts[0]);
	assert_int_equal(fakegem_rd(&c->f, GEM_NCR), 0);
	/* A batch is held: written again, exhausted or not. */
	assert_int_equal(rte_eth_rx_burst(c->port, 0, pkts, 1), 1);
	rte_pktmbuf_free(pkts[0]);
	assert_int_equal(fakegem_rd(&c->f, GEM_NCR), ncr);
	while ((i = rte_eth_rx_burst(c->port, 0, pkts, BURST)) > 0)
		rte_pktmbuf_free_bulk(pkts, i);
}

static int
setup_zynq(void **state)
{
	struct port_cfg cfg = {
		.dcfg6 = DCFG6_32, .coherent = true,
		.compatible = "cdns,zynq-gem", .silicon = true,
	};

	*state = ctx_new(&cfg);
	return 0;
}

/*
 * A Zynq-7000 must have RX switched off and on after it ran dry, which
 * costs frames: only when the descriptor before the hand-back shows that
 * hardware caught up with it.
 */
static void
test_rx_restart_only_when_exhausted(void **state)
{
	struct ctx *c = *state;
	struct rte_mbuf *pkts[BURST];
	uint32_t ncr = fakegem_rd(&c->f, GEM_NCR);
	unsigned int i, n = 0;

	while (hw_rx(c, 0, 64, n) == 0)
		n++;
	assert_int_equal(rte_eth_rx_burst(c->port, 0, pkts, BURST), BURST);
	rte_pktmbuf_free_bulk(pkts, BURST);
	/* The hand-back at the next burst's start finds it ran dry. */
	fakegem_wr(&c->f, GEM_NCR, 0);
	assert_int_equal(rte_eth_rx_burst(c->port, 0, pkts, BURST), BURST);
	rte_pktmbuf_free_bulk(pkts, BURST);
	assert_int_equal(fakegem_rd(&c->f, GEM_NCR), ncr);

	/* Not exhausted now: the next hand-back writes nothing. */
	for (i = 0; i < 5; i++)
		assert_int_equal(hw_rx(c, 0, 64, n + i), 0);
	fakegem_wr(&c->f, GEM_NCR, 0);
	assert_int_equal(rte_eth_rx_burst(c->port, 0, pkts, BURST), BURST);
	rte_pktmbuf_free_bulk(pkts, BURST);
	assert_int_equal(fakegem_rd(&c->f, GEM_NCR), 0);
	fakegem_wr(&c->f, GEM_NCR, ncr);
	while ((i = rte_eth_rx_burst(c->port, 0, pkts, BURST)) > 0)
		rte_pktmbuf_free_bulk(pkts, i);
}

/* ----------------------------------------------------------------- TX */

static void
test_tx_frames(void **state)
{
	struct ctx *c = *state;
	static struct fakegem_frame out[BURST];
	struct rte_mbuf *pkts[BURST];
	unsigned int base = in_use(), round, i;
	uint32_t seed = 0;
	struct rte_eth_stats st;
	uint64_t bytes = 0;

	for (round = 0; round < 3 * NB_DESC / BURST; round++) {
		uint32_t ncr;

		for (i = 0; i < BURST; i++) {
			uint32_t len = 60 + ((seed + i) * 131) % 1455;

			pkts[i] = make_pkt(len, seed + i, 2048);
			bytes += len;
		}
		fakegem_wr(&c->f, GEM_NCR,
			   fakegem_rd(&c->f, GEM_NCR) & ~GEM_NCR_TSTART);
		assert_int_equal(rte_eth_tx_burst(c->port, 0, pkts, BURST),
				 BURST);
		/* One doorbell, RE and TE kept. */
		ncr = fakegem_rd(&c->f, GEM_NCR);
		assert_true(ncr & GEM_NCR_TSTART);
		assert_true(ncr & GEM_NCR_TE);
		assert_true(ncr & GEM_NCR_RE);
		assert_int_equal(fakegem_tx(&c->f, 0, out, BURST), BURST);
		assert_false(c->f.tx_stuck);
		for (i = 0; i < BURST; i++) {
			uint8_t want[1514];
			uint32_t len = 60 + ((seed + i) * 131) % 1455;

			fill(want, len, seed + i);
			assert_int_equal(out[i].len, len);
			assert_memory_equal(out[i].data, want, len);
		}
		seed += BURST;
	}
	/* An empty burst rings nothing. */
	fakegem_wr(&c->f, GEM_NCR,
		   fakegem_rd(&c->f, GEM_NCR) & ~GEM_NCR_TSTART);
	assert_int_equal(rte_eth_tx_burst(c->port, 0, pkts, 0), 0);
	assert_false(fakegem_rd(&c->f, GEM_NCR) & GEM_NCR_TSTART);

	/* Reclaim returns every frame hardware sent. */
	assert_true(rte_eth_tx_done_cleanup(c->port, 0, 0) >= 0);
	assert_int_equal(in_use(), base);
	assert_int_equal(rte_eth_stats_get(c->port, &st), 0);
	assert_int_equal(st.opackets, seed);
	assert_int_equal(st.obytes, bytes);
	assert_int_equal(st.oerrors, 0);
}

/* Without hardware progress the ring fills and the PMD stops, one short
 * of the ring (the descriptor that keeps hardware from running on). */
static void
test_tx_ring_full(void **state)
{
	struct ctx *c = *state;
	struct rte_mbuf *pkts[NB_DESC];
	unsigned int base = in_use(), i, sent = 0, n;

	for (i = 0; i < NB_DESC; i++)
		pkts[i] = make_pkt(100, i, 2048);
	while (sent < NB_DESC) {
		n = rte_eth_tx_burst(c->port, 0, pkts + sent,
				     RTE_MIN((unsigned int)BURST, NB_DESC - sent));
		if (n == 0)
			break;
		sent += n;
	}
	assert_int_equal(sent, NB_DESC - 1);
	/* The descriptor after the last frame stays software-owned. */
	assert_true(fakegem_tx_desc(&c->f, 0, NB_DESC - 1)->ctrl &
		    GEM_TX_W1_USED);
	assert_int_equal(fakegem_tx(&c->f, 0, NULL, 0), NB_DESC - 1);
	assert_int_equal(rte_eth_tx_burst(c->port, 0, pkts + sent, 1), 1);
	assert_int_equal(fakegem_tx(&c->f, 0, NULL, 0), 1);
	assert_true(rte_eth_tx_done_cleanup(c->port, 0, 0) >= 0);
	assert_int_equal(in_use() + rx_held(c), base);
}

static void
test_tx_invalid_dropped(void **state)
{
	struct ctx *c = *state;
	static struct fakegem_frame out[4];
	struct rte_mbuf *pkts[4];
	struct rte_eth_stats st;
	unsigned int base = in_use();

	pkts[0] = rte_pktmbuf_alloc(pool);		/* empty */
	pkts[1] = make_pkt(2000, 1, 2048);		/* over 1518 */
	pkts[2] = make_pkt(300, 2, 100);		/* 3 segments... */
	rte_pktmbuf_lastseg(pkts[2])->data_len = 0;	/* ...one empty */
	pkts[2]->pkt_len = 200;
	pkts[3] = make_pkt(500, 3, 2048);
	assert_int_equal(rte_eth_tx_burst(c->port, 0, pkts, 4), 4);
	/* Only the good frame reaches hardware; nothing stops the queue. */
	assert_int_equal(fakegem_tx(&c->f, 0, out, 4), 1);
	assert_false(c->f.tx_stuck);
	assert_int_equal(c->f.tx_errors, 0);
	assert_int_equal(out[0].len, 500);
	assert_int_equal(rte_eth_stats_get(c->port, &st), 0);
	assert_int_equal(st.opackets, 1);
	assert_int_equal(st.obytes, 500);
	assert_int_equal(st.oerrors, 3);
	assert_int_equal(xstat(c->port, "tx_driver_errors"), 3);
	assert_true(rte_eth_tx_done_cleanup(c->port, 0, 0) >= 0);
	assert_int_equal(in_use() + rx_held(c), base);
}

/* A GEM without scatter-gather (the generic cdns,gem binding). */
static int
setup_no_sg(void **state)
{
	struct port_cfg cfg = {
		.dcfg6 = QEMU_DCFG6, .coherent = true,
		.compatible = "cdns,gem", .silicon = true,
	};

	*state = ctx_new(&cfg);
	return 0;
}

/* Without scatter-gather a frame of two buffers is dropped, not sent. */
static void
test_tx_multiseg_without_sg(void **state)
{
	struct ctx *c = *state;
	static struct fakegem_frame out[2];
	struct rte_eth_dev_info info;
	struct rte_mbuf *pkts[2];

	assert_int_equal(rte_eth_dev_info_get(c->port, &info), 0);
	assert_false(info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_MULTI_SEGS);
	assert_false(info.rx_offload_capa & RTE_ETH_RX_OFFLOAD_SCATTER);
	pkts[0] = make_pkt(300, 1, 200);		/* two segments */
	pkts[1] = make_pkt(300, 2, 2048);
	assert_int_equal(rte_eth_tx_burst(c->port, 0, pkts, 2), 2);
	assert_int_equal(fakegem_tx(&c->f, 0, out, 2), 1);
	assert_int_equal(out[0].len, 300);
	assert_int_equal(xstat(c->port, "tx_driver_errors"), 1);
	assert_true(rte_eth_tx_done_cleanup(c->port, 0, 0) >= 0);
}

/* Mark TX descriptor i done as hardware does, with error bits err. */
static void
hw_tx_done(struct ctx *c, unsigned int i, uint32_t err)
{
	fakegem_tx_desc(&c->f, 0, i)->ctrl |= GEM_TX_W1_USED | err;
}

/*
 * Fast free: what hardware finished goes back in one put, up to the newest
 * frame done (frames complete in order), never a frame still in flight;
 * a frame hardware failed is counted once; with a multi-segment frame in
 * flight the reclaim walks frame by frame.
 */
static void
test_tx_fast_free_reclaim(void **state)
{
	struct ctx *c = *state;
	struct rte_mbuf *pkts[8];
	struct rte_eth_stats st;
	unsigned int base = in_use(), i;

	for (i = 0; i < 8; i++)
		pkts[i] = make_pkt(100 + i, i, 2048);
	assert_int_equal(rte_eth_tx_burst(c->port, 0, pkts, 8), 8);
	assert_int_equal(in_use(), base + 8);
	/* Only the fifth frame's USED is seen, the third failed. */
	hw_tx_done(c, 2, GEM_BIT32(29));
	hw_tx_done(c, 4, 0);
	assert_int_equal(rte_eth_tx_done_cleanup(c->port, 0, 0), 5);
	assert_int_equal(in_use(), base + 3);
	assert_int_equal(rte_eth_stats_get(c->port, &st), 0);
	assert_int_equal(st.oerrors, 1);
	/* Nothing more is done: nothing more is freed. */
	assert_int_equal(rte_eth_tx_done_cleanup(c->port, 0, 0), 0);
	assert_int_equal(in_use(), base + 3);
	for (i = 5; i < 8; i++)
		hw_tx_done(c, i, 0);
	assert_int_equal(rte_eth_tx_done_cleanup(c->port, 0, 0), 3);
	assert_int_equal(in_use(), base);

	/* One, three segments, one: descriptors 8, 9..11, 12. */
	pkts[0] = make_pkt(200, 20, 2048);
	pkts[1] = make_pkt(300, 21, 100);
	pkts[2] = make_pkt(400, 22, 2048);
	assert_int_equal(rte_eth_tx_burst(c->port, 0, pkts, 3), 3);
	assert_int_equal(in_use(), base + 5);
	hw_tx_done(c, 8, 0);
	hw_tx_done(c, 9, 0);
	assert_int_equal(rte_eth_tx_done_cleanup(c->port, 0, 0), 2);
	assert_int_equal(in_use(), base + 1);
	hw_tx_done(c, 12, 0);
	assert_int_equal(rte_eth_tx_done_cleanup(c->port, 0, 0), 1);
	assert_int_equal(in_use(), base);
	assert_int_equal(rte_eth_stats_get(c->port, &st), 0);
	assert_int_equal(st.oerrors, 1);
	assert_int_equal(st.opackets, 11);
}

/* Descriptors as written: address words, length, LAST, WRAP at the end. */
static void
test_tx_descriptor_words(void **state)
{
	struct ctx *c = *state;
	struct rte_mbuf *pkts[NB_DESC];
	unsigned int i, n = 0;
	bool a64 = c->cfg.dcfg6 & GEM_DCFG6_DAW64;

	/* Move to the ring's end so a frame straddles the wrap. */
	for (i = 0; i < NB_DESC - 2; i++) {
		pkts[0] = make_pkt(64, i, 2048);
		assert_int_equal(rte_eth_tx_burst(c->port, 0, pkts, 1), 1);
		assert_int_equal(fakegem_tx(&c->f, 0, NULL, 0), 1);
	}
	pkts[0] = make_pkt(3000, 77, 1000);	/* 3 segments over the wrap */
	/* Accepted either way: a frame too long is dropped, not refused. */
	assert_int_equal(rte_eth_tx_burst(c->port, 0, pkts, 1), 1);
	if (c->cfg.tx_offloads == 0) {
		/* Without jumbo frames 3000 bytes cannot go: dropped. */
		assert_int_equal(fakegem_tx(&c->f, 0, NULL, 0), 0);
		return;
	}
	{
		volatile struct gem_desc *d0 = fakegem_tx_desc(&c->f, 0,
							       NB_DESC - 2);
		volatile struct gem_desc *d1 = fakegem_tx_desc(&c->f, 0,
							       NB_DESC - 1);
		volatile struct gem_desc *d2 = fakegem_tx_desc(&c->f, 0, 0);
		volatile struct gem_desc *term = fakegem_tx_desc(&c->f, 0, 1);
		struct rte_mbuf *s = pkts[0];

		assert_int_equal(d0->ctrl, 1000);
		assert_int_equal(d1->ctrl, 1000 | GEM_TX_W1_WRAP);
		assert_int_equal(d2->ctrl, 1000 | GEM_TX_W1_LAST);
		assert_true(term->ctrl & GEM_TX_W1_USED);
		assert_int_equal(d0->addr, (uint32_t)rte_mbuf_data_iova(s));
		if (a64)
			assert_int_equal(d0->addr_hi,
				(uint32_t)(rte_mbuf_data_iova(s) >> 32));
		n = fakegem_tx(&c->f, 0, NULL, 0);
		assert_int_equal(n, 1);
		/* Hardware marks the first descriptor only. */
		assert_true(d0->ctrl & GEM_TX_W1_USED);
		assert_false(d1->ctrl & GEM_TX_W1_USED);
	}
	assert_true(rte_eth_tx_done_cleanup(c->port, 0, 0) >= 0);
}

/* -------------------------------------------------- jumbo and scatter */

static void
test_jumbo_scatter(void **state)
{
	struct ctx *c = *state;
	static struct fakegem_frame out[2];
	struct rte_mbuf *pkts[BURST];
	struct rte_eth_stats st;
	unsigned int base = in_use();

	assert_true(fakegem_rd(&c->f, GEM_NCFGR) & GEM_NCFGR_JFRAME);
	assert_int_equal(fakegem_rd(&c->f, GEM_JML),
			 9000 + RTE_ETHER_HDR_LEN + 4 + RTE_ETHER_CRC_LEN);

	/* 9000 bytes over five 2048-byte buffers. */
	assert_int_equal(hw_rx(c, 0, 9000, 9), 0);
	assert_int_equal(rte_eth_rx_burst(c->port, 0, pkts, BURST), 1);
	assert_int_equal(pkts[0]->nb_segs, 5);
	assert_int_equal(rte_pktmbuf_lastseg(pkts[0])->data_len, 9000 - 4 * 2048);
	assert_true(check_mbuf(pkts[0], 9000, 9));

	/* Back out in the same five segments. */
	assert_int_equal(rte_eth_tx_burst(c->port, 0, pkts, 1), 1);
	assert_int_equal(fakegem_tx(&c->f, 0, out, 2), 1);
	assert_int_equal(out[0].len, 9000);
	{
		uint8_t *want = malloc(9000);

		fill(want, 9000, 9);
		assert_memory_equal(out[0].data, want, 9000);
		free(want);
	}

	/* A frame that never ends, then one that does: the first is
	 * dropped whole, the second delivered. */
	assert_int_equal(fakegem_rx_status(&c->f, 0, GEM_RX_W1_SOF), 0);
	assert_int_equal(fakegem_rx_status(&c->f, 0, 0), 0);
	assert_int_equal(hw_rx(c, 0, 3000, 10), 0);
	/* A length that does not fit the buffers used. */
	assert_int_equal(fakegem_rx_status(&c->f, 0, GEM_RX_W1_SOF), 0);
	assert_int_equal(fakegem_rx_status(&c->f, 0, GEM_RX_W1_EOF | 100), 0);
	/* A continuation of nothing. */
	assert_int_equal(fakegem_rx_status(&c->f, 0, GEM_RX_W1_EOF | 2500), 0);
	assert_int_equal(rte_eth_rx_burst(c->port, 0, pkts, BURST), 1);
	assert_true(check_mbuf(pkts[0], 3000, 10));
	assert_int_equal(pkts[0]->nb_segs, 2);
	rte_pktmbuf_free(pkts[0]);
	assert_int_equal(rte_eth_stats_get(c->port, &st), 0);
	assert_int_equal(st.ierrors, 2);

	/* A frame split across two bursts is kept until its EOF. */
	assert_int_equal(fakegem_rx_status(&c->f, 0, GEM_RX_W1_SOF), 0);
	assert_int_equal(rte_eth_rx_burst(c->port, 0, pkts, BURST), 0);
	assert_int_equal(fakegem_rx_status(&c->f, 0, GEM_RX_W1_EOF | 2100),
			 0);
	assert_int_equal(rte_eth_rx_burst(c->port, 0, pkts, BURST), 1);
	assert_int_equal(pkts[0]->pkt_len, 2100);
	assert_int_equal(pkts[0]->nb_segs, 2);
	rte_pktmbuf_free(pkts[0]);

	assert_true(rte_eth_tx_done_cleanup(c->port, 0, 0) >= 0);
	assert_int_equal(in_use() + rx_held(c), base);
}

/* ------------------------------------------------------------ filters */

static void
test_mac_filters(void **state)
{
	struct ctx *c = *state;
	struct rte_ether_addr a = { { 0x02, 0, 0, 0, 0, 0x42 } }, got;
	struct rte_ether_addr mc[2] = {
		{ { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 } },
		{ { 0x33, 0x33, 0x00, 0x00, 0x00, 0x16 } },
	};
	uint64_t hash;

	assert_int_equal(rte_eth_dev_mac_addr_add(c->port, &a, 0), 0);
	gem_hw_sa_get(c->f.regs, 1, &got);
	assert_true(rte_is_same_ether_addr(&a, &got));
	assert_int_equal(rte_eth_dev_mac_addr_remove(c->port, &a), 0);
	assert_int_equal(fakegem_rd(&c->f, GEM_SAB(1)), 0);

	assert_int_equal(rte_eth_dev_set_mc_addr_list(c->port, mc, 2), 0);
	hash = (uint64_t)fakegem_rd(&c->f, GEM_HRT) << 32 |
	       fakegem_rd(&c->f, GEM_HRB);
	assert_int_equal(hash, (UINT64_C(1) << gem_mac_hash(&mc[0])) |
			       (UINT64_C(1) << gem_mac_hash(&mc[1])));
	assert_true(fakegem_rd(&c->f, GEM_NCFGR) & GEM_NCFGR_MTIHEN);
	assert_int_equal(rte_eth_allmulticast_enable(c->port), 0);
	assert_int_equal(fakegem_rd(&c->f, GEM_HRB), UINT32_MAX);
	assert_int_equal(fakegem_rd(&c->f, GEM_HRT), UINT32_MAX);
	assert_int_equal(rte_eth_allmulticast_disable(c->port), 0);
	assert_int_equal((uint64_t)fakegem_rd(&c->f, GEM_HRT) << 32 |
			 fakegem_rd(&c->f, GEM_HRB), hash);
	assert_int_equal(rte_eth_dev_set_mc_addr_list(c->port, NULL, 0), 0);
	assert_false(fakegem_rd(&c->f, GEM_NCFGR) & GEM_NCFGR_MTIHEN);

	assert_false(fakegem_rd(&c->f, GEM_NCFGR) & GEM_NCFGR_CAF);
	assert_int_equal(rte_eth_promiscuous_enable(c->port), 0);
	assert_true(fakegem_rd(&c->f, GEM_NCFGR) & GEM_NCFGR_CAF);
	assert_int_equal(rte_eth_promiscuous_disable(c->port), 0);
	assert_false(fakegem_rd(&c->f, GEM_NCFGR) & GEM_NCFGR_CAF);

	a.addr_bytes[5] = 0x99;
	assert_int_equal(rte_eth_dev_default_mac_addr_set(c->port, &a), 0);
	gem_hw_sa_get(c->f.regs, 0, &got);
	assert_true(rte_is_same_ether_addr(&a, &got));
}

/* --------------------------------------------------------------- stats */

static void
test_hw_stats_folding(void **state)
{
	struct ctx *c = *state;
	struct rte_eth_stats st;

	/* Counters that keep their value: the octet halves come high word
	 * first, as in QEMU's model. */
	fakegem_wr(&c->f, GEM_RXFCSCNT, 7);
	fakegem_wr(&c->f, GEM_RXRESERRCNT, 3);
	fakegem_wr(&c->f, GEM_ORX_LO, 1);
	fakegem_wr(&c->f, GEM_ORX_HI, 1000);
	fakegem_wr(&c->f, GEM_RXCNT, 0xfffffff0u);
	assert_int_equal(rte_eth_stats_get(c->port, &st), 0);
	assert_int_equal(st.ierrors, 7);
	assert_int_equal(st.imissed, 3);
	assert_int_equal(xstat(c->port, "rx_crc_errors"), 7);
	assert_int_equal(xstat(c->port, "mac_rx_bytes"),
			 (UINT64_C(1) << 32) + 1000);
	/* A 32-bit counter wrapping between reads still adds up. */
	fakegem_wr(&c->f, GEM_RXCNT, 0x10);
	assert_int_equal(xstat(c->port, "mac_rx_packets"),
			 UINT64_C(0xfffffff0) + 0x20);

	/* Reset is a snapshot; the hardware is left alone. */
	assert_int_equal(rte_eth_stats_reset(c->port), 0);
	assert_int_equal(fakegem_rd(&c->f, GEM_RXFCSCNT), 7);
	assert_int_equal(rte_eth_stats_get(c->port, &st), 0);
	assert_int_equal(st.ierrors, 0);
	fakegem_wr(&c->f, GEM_RXFCSCNT, 10);
	assert_int_equal(rte_eth_stats_get(c->port, &st), 0);
	assert_int_equal(st.ierrors, 3);
	assert_int_equal(xstat(c->port, "rx_crc_errors"), 3);
	assert_int_equal(xstat(c->port, "tx_size_128_to_255_packets"), 0);
}

/* ---------------------------------------------------- non-coherent DMA */

#define MAX_OPS 8192
struct dma_op {
	char kind;
	uintptr_t addr;
	size_t len;
};
static struct dma_op ops[MAX_OPS];
static unsigned int nb_ops;

static void
rec_clean(const volatile void *addr, size_t len)
{
	assert_true(nb_ops < MAX_OPS);
	ops[nb_ops++] = (struct dma_op){ 'c', (uintptr_t)addr, len };
}

static void
rec_inval(const volatile void *addr, size_t len)
{
	assert_true(nb_ops < MAX_OPS);
	ops[nb_ops++] = (struct dma_op){ 'i', (uintptr_t)addr, len };
}

static void
rec_wait(void)
{
	assert_true(nb_ops < MAX_OPS);
	ops[nb_ops++] = (struct dma_op){ 'w', 0, 0 };
}

static const struct gem_dma_ops recorder = {
	.clean = rec_clean,
	.inval = rec_inval,
	.wait = rec_wait,
};

static unsigned int
nb_waits(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < nb_ops; i++)
		n += ops[i].kind == 'w';
	return n;
}

static bool
has_op(char kind, const volatile void *addr, size_t len)
{
	unsigned int i;

	for (i = 0; i < nb_ops; i++)
		if (ops[i].kind == kind && ops[i].addr == (uintptr_t)addr &&
		    ops[i].len == len)
			return true;
	return false;
}

/* One operation of kind over all of [addr, addr + len)? */
static bool
covered(char kind, const volatile void *addr, size_t len)
{
	uintptr_t a = (uintptr_t)addr;
	unsigned int i;

	for (i = 0; i < nb_ops; i++)
		if (ops[i].kind == kind && ops[i].addr <= a &&
		    a + len <= ops[i].addr + ops[i].len)
			return true;
	return false;
}

/* Any operation at all on [addr, addr + len)? */
static bool
touches(const volatile void *addr, size_t len)
{
	uintptr_t a = (uintptr_t)addr;
	unsigned int i;

	for (i = 0; i < nb_ops; i++)
		if (ops[i].addr < a + len && a < ops[i].addr + ops[i].len)
			return true;
	return false;
}

static int
setup_noncoherent(void **state)
{
	struct port_cfg cfg = { .dcfg6 = QEMU_DCFG6, .coherent = false };

	nb_ops = 0;
	gem_dma_ops = &recorder;
	*state = ctx_new(&cfg);
	return 0;
}

static int
teardown_noncoherent(void **state)
{
	ctx_free(*state);
	gem_dma_ops = &gem_dma_cpu_ops;
	return 0;
}

static void
test_noncoherent_ranges(void **state)
{
	struct ctx *c = *state;
	struct fakegem *f = &c->f;
	unsigned int shift = fakegem_desc_shift(f), i;
	struct rte_mbuf *pkts[BURST], *more[4];
	void *bufs[BURST];
	uint16_t n;

	/* Bring-up handed every buffer over invalidated, whole, and wrote
	 * the ring back in cache-line batches. */
	for (i = 0; i < NB_DESC; i++)
		assert_true(has_op('i', fakegem_rx_buf(f,
					fakegem_rx_desc(f, 0, i)), 2048));
	for (i = 0; i < NB_DESC; i += 32)
		assert_true(has_op('c', fakegem_rx_desc(f, 0, i),
				   (size_t)32 << shift));

	/* RX: descriptors invalidated before their USED bit is read, and
	 * exactly the received bytes before the frame is delivered. */
	for (i = 0; i < BURST; i++) {
		bufs[i] = fakegem_rx_buf(f, fakegem_rx_desc(f, 0, i));
		assert_int_equal(hw_rx(c, 0, 100 + i, i), 0);
	}
	nb_ops = 0;
	n = rte_eth_rx_burst(c->port, 0, pkts, BURST);
	assert_int_equal(n, BURST);
	for (i = 0; i < BURST; i++) {
		assert_true(covered('i', fakegem_rx_desc(f, 0, i),
				    (size_t)1 << shift));
		assert_ptr_equal(rte_pktmbuf_mtod(pkts[i], void *), bufs[i]);
		assert_true(has_op('i', bufs[i], 100 + i));
		assert_true(check_mbuf(pkts[i], 100 + i, i));
	}
	/* Waits (DSBs): one for every descriptor the burst may take,
	 * before their USED bits are read, one at the end for the
	 * delivered buffers; not one per operation or per group. */
	assert_int_equal(nb_waits(), 1 + 1);

	/* The next burst hands the batch back first: new buffers
	 * invalidated whole, the descriptors cleaned as one run. Its look
	 * at the ring shares the hand-back's wait, and the wait at the end
	 * covers the descriptors' clean too: two in all. The frames the
	 * groups of four leave to the careful path were in the one look. */
	for (i = 0; i < 6; i++)
		assert_int_equal(hw_rx(c, 0, 64, 500 + i), 0);
	nb_ops = 0;
	assert_int_equal(rte_eth_rx_burst(c->port, 0, more, 4), 4);
	for (i = 0; i < BURST; i++)
		assert_true(has_op('i', fakegem_rx_buf(f,
					fakegem_rx_desc(f, 0, i)), 2048));
	assert_true(has_op('c', fakegem_rx_desc(f, 0, 0),
			   (size_t)BURST << shift));
	assert_int_equal(nb_waits(), 1 + 1);
	rte_pktmbuf_free_bulk(more, 4);
	nb_ops = 0;
	assert_int_equal(rte_eth_rx_burst(c->port, 0, more, 4), 2);
	assert_int_equal(nb_waits(), 1 + 1);
	rte_pktmbuf_free_bulk(more, 2);

	/* Counting what is filled: the descriptors looked at in one go. */
	for (i = 0; i < 6; i++)
		assert_int_equal(hw_rx(c, 0, 64, 600 + i), 0);
	nb_ops = 0;
	assert_int_equal(rte_eth_rx_queue_count(c->port, 0), 6);
	assert_int_equal(nb_waits(), 1);
	while ((n = rte_eth_rx_burst(c->port, 0, more, 4)) != 0)
		rte_pktmbuf_free_bulk(more, n);

	/* TX: the data of every segment cleaned, then the burst's
	 * descriptors and the one after, then the first again once
	 * released. Nothing else. */
	nb_ops = 0;
	n = rte_eth_tx_burst(c->port, 0, pkts, 4);
	assert_int_equal(n, 4);
	for (i = 0; i < 4; i++)
		assert_true(has_op('c', rte_pktmbuf_mtod(pkts[i], void *),
				   100 + i));
	assert_true(has_op('c', fakegem_tx_desc(f, 0, 0),
			   (size_t)5 << shift));
	assert_true(has_op('c', fakegem_tx_desc(f, 0, 0),
			   (size_t)1 << shift));
	/* Two waits: before the head is released, before the doorbell. */
	assert_int_equal(nb_waits(), 2);
	assert_int_equal(nb_ops - nb_waits(), 4 + 2);
	assert_int_equal(fakegem_tx(f, 0, NULL, 0), 4);

	/* Reclaim reads USED bits only after invalidating them. */
	rte_pktmbuf_free_bulk(pkts + 4, BURST - 4);
	nb_ops = 0;
	assert_true(rte_eth_tx_done_cleanup(c->port, 0, 0) >= 0);
	for (i = 0; i < 4; i++)
		assert_true(covered('i', fakegem_tx_desc(f, 0, i),
				    (size_t)1 << shift));
	assert_false(touches(fakegem_tx_desc(f, 0, 5), 16));
}

/*
 * rx_dirty_max=64: the application promises to write at most 64 bytes
 * from a buffer's start. Buffers the ring is filled with are invalidated
 * whole (nobody promised anything about them before); buffers that come
 * back from the application, only their first 64 bytes. The received
 * bytes are invalidated as always before delivery.
 */
static void
test_noncoherent_rx_dirty_max(void **state)
{
	struct port_cfg cfg = { .dcfg6 = QEMU_DCFG6, .coherent = false,
				.rx_dirty_max = 64 };
	struct rte_mbuf *pkts[BURST];
	struct fakegem *f;
	struct ctx *c;
	void *bufs[BURST];
	unsigned int i;

	(void)state;
	nb_ops = 0;
	gem_dma_ops = &recorder;
	c = ctx_new(&cfg);
	f = &c->f;
	for (i = 0; i < NB_DESC; i++)
		assert_true(has_op('i', fakegem_rx_buf(f,
					fakegem_rx_desc(f, 0, i)), 2048));
	for (i = 0; i < BURST; i++) {
		bufs[i] = fakegem_rx_buf(f, fakegem_rx_desc(f, 0, i));
		assert_int_equal(hw_rx(c, 0, 700 + i, i), 0);
	}
	nb_ops = 0;
	assert_int_equal(rte_eth_rx_burst(c->port, 0, pkts, BURST), BURST);
	/* The next burst hands the batch back. */
	assert_int_equal(rte_eth_rx_burst(c->port, 0, pkts + BURST - 1, 1), 0);
	for (i = 0; i < BURST; i++) {
		void *fresh = fakegem_rx_buf(f, fakegem_rx_desc(f, 0, i));

		assert_true(has_op('i', bufs[i], 700 + i));
		assert_true(check_mbuf(pkts[i], 700 + i, i));
		assert_true(has_op('i', fresh, 64));
		assert_false(has_op('i', fresh, 2048));
	}
	rte_pktmbuf_free_bulk(pkts, BURST);
	ctx_free(c);
	gem_dma_ops = &gem_dma_cpu_ops;
}

/*
 * A frame TX drops (too long for the port) goes back to its pool clean, as
 * a sent one would: rx_dirty_max counts on every buffer the application
 * wrote coming back clean.
 */
static void
test_noncoherent_tx_drop_cleans(void **state)
{
	struct ctx *c = *state;
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
	struct rte_eth_stats st;
	char *data;

	assert_non_null(m);
	data = rte_pktmbuf_append(m, 1600);
	assert_non_null(data);
	memset(data, 0x5a, 1600);
	nb_ops = 0;
	assert_int_equal(rte_eth_tx_burst(c->port, 0, &m, 1), 1);
	assert_int_equal(rte_eth_stats_get(c->port, &st), 0);
	assert_int_equal(st.oerrors, 1);
	assert_true(has_op('c', data, 1600));
	assert_true(nb_waits() >= 1);
	assert_int_equal(ops[nb_ops - 1].kind, 'w');
}

/* A coherent port never calls the cache operations. */
static void
test_coherent_no_maintenance(void **state)
{
	struct port_cfg cfg = { .dcfg6 = QEMU_DCFG6, .coherent = true };
	struct rte_mbuf *pkts[BURST];
	struct ctx *c;
	uint16_t n;

	(void)state;
	gem_dma_ops = &recorder;
	nb_ops = 0;
	c = ctx_new(&cfg);
	assert_int_equal(hw_rx(c, 0, 500, 1), 0);
	n = rte_eth_rx_burst(c->port, 0, pkts, BURST);
	assert_int_equal(n, 1);
	assert_int_equal(rte_eth_tx_burst(c->port, 0, pkts, 1), 1);
	assert_int_equal(fakegem_tx(&c->f, 0, NULL, 0), 1);
	ctx_free(c);
	gem_dma_ops = &gem_dma_cpu_ops;
	assert_int_equal(nb_ops, 0);
}

/* ----------------------------------------------------------- lifetime */

/* Start/stop and close/re-create with traffic: no mbuf leaks. */
static void
test_cycles_keep_mempool(void **state)
{
	struct ctx *c = *state;
	struct rte_mbuf *pkts[BURST];
	unsigned int cycle, i, base = c->in_use_before;

	for (cycle = 0; cycle < 100; cycle++) {
		uint16_t n;

		for (i = 0; i < 20; i++)
			assert_int_equal(hw_rx(c, 0, 60 + i, i), 0);
		n = rte_eth_rx_burst(c->port, 0, pkts, BURST);
		assert_int_equal(n, 20);
		/* Half go out and are sent, half stay in the TX ring. */
		assert_int_equal(rte_eth_tx_burst(c->port, 0, pkts, n), n);
		if (cycle % 2)
			fakegem_tx(&c->f, 0, NULL, 0);
		/* A frame in progress in the RX ring too. */
		assert_int_equal(rte_eth_dev_stop(c->port), 0);
		assert_int_equal(in_use(), base);
		port_start(c);
	}
	for (cycle = 0; cycle < 10; cycle++) {
		for (i = 0; i < 5; i++)
			assert_int_equal(hw_rx(c, 0, 100, i), 0);
		assert_int_equal(rte_eth_rx_burst(c->port, 0, pkts, BURST), 5);
		assert_int_equal(rte_eth_tx_burst(c->port, 0, pkts, 5), 5);
		assert_int_equal(rte_eth_dev_stop(c->port), 0);
		assert_int_equal(rte_eth_dev_close(c->port), 0);
		assert_int_equal(in_use(), base);
		port_create(c, "gem_test0");
		port_setup(c);
		port_start(c);
	}
}

/* ------------------------------------------- descriptor status, offloads */

static void
test_rx_queue_count_and_status(void **state)
{
	struct ctx *c = *state;
	struct rte_mbuf *pkts[BURST];
	unsigned int i;

	assert_int_equal(rte_eth_rx_queue_count(c->port, 0), 0);
	for (i = 0; i < 7; i++)
		assert_int_equal(hw_rx(c, 0, 100, i), 0);
	assert_int_equal(rte_eth_rx_queue_count(c->port, 0), 7);
	assert_int_equal(rte_eth_rx_descriptor_status(c->port, 0, 6),
			 RTE_ETH_RX_DESC_DONE);
	assert_int_equal(rte_eth_rx_descriptor_status(c->port, 0, 7),
			 RTE_ETH_RX_DESC_AVAIL);
	assert_int_equal(rte_eth_rx_burst(c->port, 0, pkts, 5), 5);
	rte_pktmbuf_free_bulk(pkts, 5);
	assert_int_equal(rte_eth_rx_queue_count(c->port, 0), 2);
	/* The five consumed wait for their batch: the driver's. */
	assert_int_equal(rte_eth_rx_descriptor_status(c->port, 0,
						      NB_DESC - 5),
			 RTE_ETH_RX_DESC_UNAVAIL);
	assert_int_equal(rte_eth_rx_burst(c->port, 0, pkts, BURST), 2);
	rte_pktmbuf_free_bulk(pkts, 2);
}

/*
 * NCFGR: SGMII through the PCS when the DT says so; bits the driver does not
 * own (here pause enable, bit 13) kept as the boot loader left them; a
 * phy-mode the GEM cannot do refused at probe.
 */
static void
test_phy_mode_ncfgr(void **state)
{
	struct port_cfg cfg = {
		.dcfg6 = QEMU_DCFG6, .coherent = true, .phy_mode = "sgmii",
	};
	struct ctx *c = calloc(1, sizeof(*c));
	uint32_t ncfgr;

	(void)state;
	c->cfg = cfg;
	c->cfg.nb_queues = 1;
	c->in_use_before = in_use();
	fakegem_init(&c->f, QEMU_MID, QEMU_DCFG1, QEMU_DCFG2, cfg.dcfg6);
	fakegem_wr(&c->f, GEM_NCFGR, GEM_BIT32(13) | GEM_NCFGR_CAF);
	port_create(c, "gem_test0");
	port_setup(c);
	port_start(c);
	ncfgr = fakegem_rd(&c->f, GEM_NCFGR);
	assert_true(ncfgr & GEM_NCFGR_PCSSEL);
	assert_true(ncfgr & GEM_NCFGR_SGMIIEN);
	assert_true(ncfgr & GEM_BIT32(13));
	assert_false(ncfgr & GEM_NCFGR_CAF);	/* the driver's: not promiscuous */
	ctx_free(c);

	c = calloc(1, sizeof(*c));
	c->cfg = cfg;
	c->cfg.phy_mode = "xgmii";
	fakegem_init(&c->f, QEMU_MID, QEMU_DCFG1, QEMU_DCFG2, cfg.dcfg6);
	assert_int_equal(port_try_create(c, "gem_xgmii"), -ENOTSUP);
	fakegem_free(&c->f);
	free(c);
}

/*
 * The counters are folded on an alarm while the port runs (a 32-bit one
 * wraps in 48 minutes at line rate), and no alarm outlives the port.
 */
static void
test_stats_fold_alarm(void **state)
{
	struct ctx *c = *state;
	struct rte_eth_dev *dev = &rte_eth_devices[c->port];

	/* Cancelling finds it armed; arm it again as it was. */
	assert_int_equal(rte_eal_alarm_cancel(gem_stats_alarm, dev), 1);
	gem_stats_timer(dev, true);
	assert_int_equal(rte_eth_dev_stop(c->port), 0);
	assert_int_equal(rte_eal_alarm_cancel(gem_stats_alarm, dev), 0);
	assert_int_equal(rte_eth_dev_start(c->port), 0);
	assert_int_equal(rte_eal_alarm_cancel(gem_stats_alarm, dev), 1);
	gem_stats_timer(dev, true);
}

/* RX checksum offload is off while promiscuous, as in Linux's macb. */
static void
test_rx_csum_off_promiscuous(void **state)
{
	struct port_cfg cfg = {
		.dcfg6 = QEMU_DCFG6, .coherent = true,
		.rx_offloads = RTE_ETH_RX_OFFLOAD_IPV4_CKSUM |
			       RTE_ETH_RX_OFFLOAD_UDP_CKSUM |
			       RTE_ETH_RX_OFFLOAD_TCP_CKSUM,
	};
	struct ctx *c = ctx_new(&cfg);

	(void)state;
	assert_true(fakegem_rd(&c->f, GEM_NCFGR) & GEM_NCFGR_RXCOEN);
	assert_int_equal(rte_eth_promiscuous_enable(c->port), 0);
	assert_true(fakegem_rd(&c->f, GEM_NCFGR) & GEM_NCFGR_CAF);
	assert_false(fakegem_rd(&c->f, GEM_NCFGR) & GEM_NCFGR_RXCOEN);
	assert_int_equal(rte_eth_promiscuous_disable(c->port), 0);
	assert_false(fakegem_rd(&c->f, GEM_NCFGR) & GEM_NCFGR_CAF);
	assert_true(fakegem_rd(&c->f, GEM_NCFGR) & GEM_NCFGR_RXCOEN);
	ctx_free(c);
}

/*
 * Packet types come from the RX checksum status, and only what it proves:
 * IPv4 from a checked header, TCP or UDP from a checked L4 sum; unknown
 * for frames the GEM did not check, and none at all without the offload.
 */
static void
test_rx_ptypes(void **state)
{
	static const uint32_t want[4] = {
		RTE_PTYPE_UNKNOWN, RTE_PTYPE_L3_IPV4_EXT_UNKNOWN,
		RTE_PTYPE_L4_TCP, RTE_PTYPE_L4_UDP,
	};
	struct port_cfg cfg = {
		.dcfg6 = QEMU_DCFG6, .coherent = true,
		.rx_offloads = RTE_ETH_RX_OFFLOAD_IPV4_CKSUM |
			       RTE_ETH_RX_OFFLOAD_UDP_CKSUM |
			       RTE_ETH_RX_OFFLOAD_TCP_CKSUM,
	};
	struct ctx *c = ctx_new(&cfg);
	struct rte_mbuf *pkts[BURST];
	uint32_t ptypes[8];
	unsigned int i, got = 0;
	uint16_t n;

	(void)state;
	assert_int_equal(rte_eth_dev_get_supported_ptypes(c->port,
			 RTE_PTYPE_ALL_MASK, ptypes, RTE_DIM(ptypes)), 3);
	assert_int_equal(ptypes[0], RTE_PTYPE_L3_IPV4_EXT_UNKNOWN);
	/* Eight frames: two groups of four for the fast path, each status
	 * twice. */
	for (i = 0; i < 8; i++)
		assert_int_equal(fakegem_rx_status(&c->f, 0, GEM_RX_SOF_EOF |
			GEM_SET(GEM_RX_W1_CSUM, i % 4) | 64), 0);
	while (got < 8 && (n = rte_eth_rx_burst(c->port, 0, pkts + got,
						BURST - got)) != 0)
		got += n;
	assert_int_equal(got, 8);
	for (i = 0; i < 8; i++) {
		assert_int_equal(pkts[i]->packet_type, want[i % 4]);
		assert_int_equal(pkts[i]->pkt_len, 64);
		assert_int_equal(pkts[i]->ol_flags & RTE_MBUF_F_RX_IP_CKSUM_MASK,
				 i % 4 == 0 ? RTE_MBUF_F_RX_IP_CKSUM_UNKNOWN :
				 RTE_MBUF_F_RX_IP_CKSUM_GOOD);
	}
	rte_pktmbuf_free_bulk(pkts, 8);
	ctx_free(c);

	/* Without the offload the GEM classifies nothing. */
	cfg.rx_offloads = 0;
	c = ctx_new(&cfg);
	assert_true(rte_eth_dev_get_supported_ptypes(c->port,
			RTE_PTYPE_ALL_MASK, ptypes, RTE_DIM(ptypes)) <= 0);
	assert_int_equal(fakegem_rx_status(&c->f, 0, GEM_RX_SOF_EOF |
		GEM_SET(GEM_RX_W1_CSUM, GEM_RX_CSUM_IP_TCP) | 64), 0);
	assert_int_equal(rte_eth_rx_burst(c->port, 0, pkts, BURST), 1);
	assert_int_equal(pkts[0]->packet_type, RTE_PTYPE_UNKNOWN);
	rte_pktmbuf_free(pkts[0]);
	ctx_free(c);
}

/* What an RX burst function made of one mbuf, every field it writes. */
struct rx_seen {
	uint64_t rearm;
	uint64_t ol_flags;
	uint32_t packet_type, pkt_len;
	uint16_t data_len, vlan_tci;
	uint32_t data_hash;		/* FNV-1a of the frame's bytes */
};

static uint32_t
fnv1a(const uint8_t *p, uint32_t len)
{
	uint32_t h = 2166136261u;

	while (len-- != 0)
		h = (h ^ *p++) * 16777619u;
	return h;
}

/*
 * The same descriptors through whichever burst function the port starts
 * with: filled ring positions from 3 on (so groups of four straddle the
 * ring end), every checksum status, lengths 1..1514, and descriptors no
 * burst may deliver (no EOF, longer than a buffer) inside a group.
 * Returns what came out and how many frames.
 */
static unsigned int
rx_paths_run(const struct port_cfg *cfg, uint16_t simd, struct rx_seen *seen,
	     unsigned int max, char *mode, size_t mode_len)
{
	struct rte_eth_burst_mode bm;
	struct rte_mbuf *pkts[BURST];
	unsigned int got = 0, i, k;
	struct ctx *c;
	uint16_t n;

	assert_int_equal(rte_vect_set_max_simd_bitwidth(simd), 0);
	c = ctx_new(cfg);
	assert_int_equal(rte_eth_rx_burst_mode_get(c->port, 0, &bm), 0);
	snprintf(mode, mode_len, "%.*s", (int)mode_len - 1, bm.info);
	/* Move the ring on by three. */
	for (i = 0; i < 3; i++)
		assert_int_equal(hw_rx(c, 0, 64, 900 + i), 0);
	assert_int_equal(rte_eth_rx_burst(c->port, 0, pkts, 3), 3);
	rte_pktmbuf_free_bulk(pkts, 3);
	for (k = 0; k < 5 * NB_DESC; k++) {
		const uint32_t len = 1 + (k * 193) % 1514;
		int ret;

		if (k % 37 == 11)
			ret = fakegem_rx_status(&c->f, 0, GEM_RX_W1_SOF | 64);
		else if (k % 53 == 29)
			ret = fakegem_rx_status(&c->f, 0, GEM_RX_SOF_EOF |
						4000);
		else if (k % 3 == 0)
			ret = fakegem_rx_status(&c->f, 0, GEM_RX_SOF_EOF |
				GEM_SET(GEM_RX_W1_CSUM, k % 4) | len);
		else
			ret = hw_rx(c, 0, len, k);
		if (ret == 0 && k % 16 != 15)
			continue;
		/* Ring full, or now and then: take what is there. */
		while ((n = rte_eth_rx_burst(c->port, 0, pkts,
					     1 + k % BURST)) != 0) {
			for (i = 0; i < n; i++) {
				struct rte_mbuf *m = pkts[i];

				assert_true(got < max);
				seen[got] = (struct rx_seen){
					*gem_mbuf_rearm_word(m), m->ol_flags,
					m->packet_type, m->pkt_len,
					m->data_len, m->vlan_tci,
					fnv1a(rte_pktmbuf_mtod(m, uint8_t *),
					      RTE_MIN(m->data_len, 2048)),
				};
				got++;
			}
			rte_pktmbuf_free_bulk(pkts, n);
		}
		if (ret != 0)
			k--;	/* again, now that there is room */
	}
	ctx_free(c);
	assert_int_equal(rte_vect_set_max_simd_bitwidth(RTE_VECT_SIMD_MAX), 0);
	return got;
}

/*
 * Where a vector RX path exists (NEON, arm64: the unit tests run there under
 * qemu-user) it delivers exactly what the scalar path delivers, field by
 * field, with and without checksum offload and for both descriptor sizes;
 * EAL's SIMD width chooses it, and rte_eth_rx_burst_mode_get names it.
 */
static void
test_rx_vector_matches_scalar(void **state)
{
	static struct rx_seen scalar[5 * NB_DESC], vector[5 * NB_DESC];
	const uint64_t offloads[] = { 0, RTE_ETH_RX_OFFLOAD_CHECKSUM };
	const uint32_t dcfg6[] = { QEMU_DCFG6, DCFG6_32 };
	char mode_s[64], mode_v[64];
	unsigned int o, d, ns, nv, i;

	(void)state;
	for (o = 0; o < RTE_DIM(offloads); o++) {
		for (d = 0; d < RTE_DIM(dcfg6); d++) {
			struct port_cfg cfg = {
				.dcfg6 = dcfg6[d], .coherent = true,
				.rx_offloads = offloads[o],
			};

			ns = rx_paths_run(&cfg, RTE_VECT_SIMD_DISABLED, scalar,
					  RTE_DIM(scalar), mode_s,
					  sizeof(mode_s));
			nv = rx_paths_run(&cfg, RTE_VECT_SIMD_128, vector,
					  RTE_DIM(vector), mode_v,
					  sizeof(mode_v));
			assert_string_equal(mode_s, "Scalar");
#ifdef RTE_ARCH_ARM64
			assert_string_equal(mode_v, "Vector Neon");
#else
			assert_string_equal(mode_v, "Scalar");
#endif
			assert_true(ns > 4 * NB_DESC);
			assert_int_equal(nv, ns);
			for (i = 0; i < ns; i++) {
				assert_int_equal(vector[i].rearm,
						 scalar[i].rearm);
				assert_int_equal(vector[i].ol_flags,
						 scalar[i].ol_flags);
				assert_int_equal(vector[i].packet_type,
						 scalar[i].packet_type);
				assert_int_equal(vector[i].pkt_len,
						 scalar[i].pkt_len);
				assert_int_equal(vector[i].data_len,
						 scalar[i].data_len);
				assert_int_equal(vector[i].vlan_tci, 0);
				assert_int_equal(vector[i].data_hash,
						 scalar[i].data_hash);
			}
		}
	}
}

/*
 * RSS with no hash function, or with one queue, is no RSS: what l3fwd asks
 * of a port that offers no hash functions. DCB is refused, naming the fix.
 */
static void
test_configure_rss_without_hash(void **state)
{
	struct port_cfg cfg = { .dcfg6 = QEMU_DCFG6, .coherent = true,
				.nb_queues = 2 };
	struct ctx *c = ctx_new(&cfg);
	struct rte_eth_conf conf = { 0 };
	struct rte_eth_dev_info info;

	(void)state;
	assert_int_equal(rte_eth_dev_info_get(c->port, &info), 0);
	assert_int_equal(info.flow_type_rss_offloads, 0);
	assert_int_equal(rte_eth_dev_stop(c->port), 0);
	conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
	assert_int_equal(rte_eth_dev_configure(c->port, 2, 2, &conf), 0);
	assert_int_equal(rte_eth_dev_configure(c->port, 1, 1, &conf), 0);
	conf.rxmode.mq_mode = RTE_ETH_MQ_RX_DCB;
	assert_int_equal(rte_eth_dev_configure(c->port, 2, 2, &conf),
			 -ENOTSUP);
	/* Back to what the harness set up, for its teardown. */
	conf.rxmode.mq_mode = RTE_ETH_MQ_RX_NONE;
	port_setup(c);
	port_start(c);
	ctx_free(c);
}

/*
 * Non-coherent short bursts: each starts inside the line the previous one
 * ended in, which the driver enters only once every frame before it is
 * taken back, more than one reclaim batch when many are in flight. The
 * transmitter (QEMU's way) sends each burst at its doorbell: every burst
 * must be taken whole.
 */
static void
test_tx_noncoherent_short_bursts(void **state)
{
	struct port_cfg cfg = { .dcfg6 = QEMU_DCFG6, .coherent = false };
	struct ctx *c = ctx_new(&cfg);
	struct rte_mbuf *pkts[3];
	unsigned int round, i;

	(void)state;
	for (round = 0; round < 300; round++) {
		for (i = 0; i < 3; i++)
			pkts[i] = make_pkt(64, round * 3 + i, 2048);
		assert_int_equal(rte_eth_tx_burst(c->port, 0, pkts, 3), 3);
		assert_int_equal(fakegem_tx(&c->f, 0, NULL, 0), 3);
	}
	assert_int_equal(rte_eth_tx_done_cleanup(c->port, 0, 0) >= 0, 1);
	ctx_free(c);
}

/*
 * Non-coherent, with the transmitter idle between bursts: a short burst
 * must not leave the tail mid-granule, or every later burst is refused
 * until the ring drains (send-and-wait for good). So after 3 frames, full
 * bursts are all taken while the ring has room; then everything arrives
 * intact and in order, and reclaim frees every mbuf. With and without
 * fast free (the fast reclaim assumes one descriptor a frame).
 */
static void
tx_noncoherent_padded(uint64_t tx_offloads)
{
	struct port_cfg cfg = { .dcfg6 = QEMU_DCFG6, .coherent = false,
				.tx_offloads = tx_offloads };
	struct ctx *c = ctx_new(&cfg);
	static struct fakegem_frame out[NB_DESC];
	struct rte_mbuf *pkts[BURST];
	unsigned int base = in_use(), seq = 0, burst, i;
	int sent;

	for (i = 0; i < 3; i++)
		pkts[i] = make_pkt(60 + i, seq + i, 2048);
	assert_int_equal(rte_eth_tx_burst(c->port, 0, pkts, 3), 3);
	seq += 3;
	/* 128 descriptors, one kept back: 3 (padded) + 3 * 32 fit. */
	for (burst = 0; burst < 3; burst++) {
		for (i = 0; i < BURST; i++)
			pkts[i] = make_pkt(60 + (seq + i) % 1400, seq + i, 2048);
		assert_int_equal(rte_eth_tx_burst(c->port, 0, pkts, BURST),
				 BURST);
		seq += BURST;
	}
	sent = fakegem_tx(&c->f, 0, out, NB_DESC);
	assert_int_equal(sent, seq);
	assert_false(c->f.tx_stuck);
	for (i = 0; i < seq; i++) {
		uint32_t len = i < 3 ? 60 + i : 60 + i % 1400;
		uint8_t want[1514];

		fill(want, len, i);
		assert_int_equal(out[i].len, len);
		assert_memory_equal(out[i].data, want, len);
	}
	assert_true(rte_eth_tx_done_cleanup(c->port, 0, 0) >= 0);
	assert_int_equal(in_use(), base);
	ctx_free(c);
}

/*
 * Non-coherent, reclaiming costs no wait of its own: the burst after which
 * the next would be short of room looks at the frames in flight under its
 * own first wait and frees them after its doorbell. Every burst waits
 * twice, the ring never runs out, and every frame arrives whole; with and
 * without fast free (the two reclaims).
 */
static void
tx_noncoherent_reclaim_waits(uint64_t tx_offloads)
{
	struct port_cfg cfg = { .dcfg6 = QEMU_DCFG6, .coherent = false,
				.tx_offloads = tx_offloads };
	static struct fakegem_frame out[BURST];
	struct rte_mbuf *pkts[BURST];
	unsigned int base, seq = 0, burst, i;
	struct ctx *c;
	uint8_t want[200];

	gem_dma_ops = &recorder;
	c = ctx_new(&cfg);
	base = in_use();
	for (burst = 0; burst < 4 * NB_DESC / BURST; burst++) {
		for (i = 0; i < BURST; i++)
			pkts[i] = make_pkt(60 + (seq + i) % 140, seq + i, 2048);
		nb_ops = 0;
		assert_int_equal(rte_eth_tx_burst(c->port, 0, pkts, BURST),
				 BURST);
		assert_int_equal(nb_waits(), 2);
		assert_int_equal(fakegem_tx(&c->f, 0, out, BURST), BURST);
		for (i = 0; i < BURST; i++) {
			uint32_t len = 60 + (seq + i) % 140;

			fill(want, len, seq + i);
			assert_int_equal(out[i].len, len);
			assert_memory_equal(out[i].data, want, len);
		}
		seq += BURST;
		/* Freed as they go: never more than a ring's worth held. */
		assert_true(in_use() - base < NB_DESC);
	}
	assert_true(rte_eth_tx_done_cleanup(c->port, 0, 0) >= 0);
	assert_int_equal(in_use(), base);
	ctx_free(c);
	gem_dma_ops = &gem_dma_cpu_ops;
}

static void
test_tx_noncoherent_reclaim_waits(void **state)
{
	(void)state;
	tx_noncoherent_reclaim_waits(0);
	tx_noncoherent_reclaim_waits(RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE);
}

static void
test_tx_noncoherent_padded(void **state)
{
	(void)state;
	tx_noncoherent_padded(0);
	tx_noncoherent_padded(RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE);
}

/*
 * DPDK's l2fwd, step by step as its port setup goes: fast free if
 * offered, 1024 descriptors each way from the port's default queue
 * configurations, packet type parsing switched off, start, then
 * promiscuous mode. Frames must arrive.
 */
static void
test_l2fwd_port_setup(void **state)
{
	struct port_cfg cfg = { .dcfg6 = QEMU_DCFG6, .coherent = false };
	struct ctx *c = calloc(1, sizeof(*c));
	struct rte_eth_conf conf = { .txmode.mq_mode = RTE_ETH_MQ_TX_NONE };
	struct rte_eth_dev_info info;
	struct rte_eth_rxconf rxq;
	struct rte_eth_txconf txq;
	struct rte_mbuf *pkts[BURST];
	uint16_t nb_rxd = 1024, nb_txd = 1024, n;
	unsigned int i;

	(void)state;
	c->cfg = cfg;
	c->cfg.nb_queues = 1;
	c->in_use_before = in_use();
	fakegem_init(&c->f, QEMU_MID, QEMU_DCFG1, QEMU_DCFG2, cfg.dcfg6);
	port_create(c, "gem_l2fwd");
	assert_int_equal(rte_eth_dev_info_get(c->port, &info), 0);
	if (info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE)
		conf.txmode.offloads |= RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE;
	assert_int_equal(rte_eth_dev_configure(c->port, 1, 1, &conf), 0);
	assert_int_equal(rte_eth_dev_adjust_nb_rx_tx_desc(c->port, &nb_rxd,
							  &nb_txd), 0);
	rxq = info.default_rxconf;
	rxq.offloads = conf.rxmode.offloads;
	assert_int_equal(rte_eth_rx_queue_setup(c->port, 0, nb_rxd,
						SOCKET_ID_ANY, &rxq, pool), 0);
	txq = info.default_txconf;
	txq.offloads = conf.txmode.offloads;
	assert_int_equal(rte_eth_tx_queue_setup(c->port, 0, nb_txd,
						SOCKET_ID_ANY, &txq), 0);
	assert_true(rte_eth_dev_set_ptypes(c->port, RTE_PTYPE_UNKNOWN, NULL,
					   0) >= 0);
	assert_int_equal(rte_eth_dev_start(c->port), 0);
	fakegem_start(&c->f);
	assert_int_equal(rte_eth_promiscuous_enable(c->port), 0);
	for (i = 0; i < 8; i++)
		assert_int_equal(hw_rx(c, 0, 100, i), 0);
	n = rte_eth_rx_burst(c->port, 0, pkts, BURST);
	assert_int_equal(n, 8);
	for (i = 0; i < n; i++)
		assert_true(check_mbuf(pkts[i], 100, i));
	rte_pktmbuf_free_bulk(pkts, n);
	ctx_free(c);
}

static int
setup_csum(void **state)
{
	struct port_cfg cfg = {
		.dcfg6 = QEMU_DCFG6, .coherent = true,
		.tx_offloads = RTE_ETH_TX_OFFLOAD_IPV4_CKSUM |
			       RTE_ETH_TX_OFFLOAD_UDP_CKSUM |
			       RTE_ETH_TX_OFFLOAD_TCP_CKSUM,
	};

	*state = ctx_new(&cfg);
	return 0;
}

/* TX checksum offload: TXCOEN on, and the fields of frames that ask for
 * it zeroed by tx_prepare (some GEMs miscompute otherwise). */
static void
test_tx_csum_prepare(void **state)
{
	struct ctx *c = *state;
	struct rte_mbuf *m[3];
	struct rte_ipv4_hdr *ip;
	struct rte_udp_hdr *udp;
	unsigned int i;

	assert_true(fakegem_rd(&c->f, GEM_DMACFG) & GEM_DMACFG_TXCOEN);
	for (i = 0; i < 3; i++) {
		m[i] = make_pkt(100, i, 2048);
		m[i]->l2_len = RTE_ETHER_HDR_LEN;
		m[i]->l3_len = sizeof(*ip);
		ip = rte_pktmbuf_mtod_offset(m[i], struct rte_ipv4_hdr *,
					     RTE_ETHER_HDR_LEN);
		ip->hdr_checksum = 0xabcd;
		udp = rte_pktmbuf_mtod_offset(m[i], struct rte_udp_hdr *,
					      RTE_ETHER_HDR_LEN + sizeof(*ip));
		udp->dgram_cksum = 0x1234;
	}
	m[0]->ol_flags = RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM |
			 RTE_MBUF_F_TX_UDP_CKSUM;
	m[1]->ol_flags = 0;
	m[2]->ol_flags = RTE_MBUF_F_TX_IPV6 | RTE_MBUF_F_TX_UDP_CKSUM;
	/* The IPv6 one is refused: the GEM's offload is IPv4 here. */
	assert_int_equal(rte_eth_tx_prepare(c->port, 0, m, 3), 2);
	assert_int_equal(rte_errno, ENOTSUP);
	ip = rte_pktmbuf_mtod_offset(m[0], struct rte_ipv4_hdr *,
				     RTE_ETHER_HDR_LEN);
	udp = rte_pktmbuf_mtod_offset(m[0], struct rte_udp_hdr *,
				      RTE_ETHER_HDR_LEN + sizeof(*ip));
	assert_int_equal(ip->hdr_checksum, 0);
	assert_int_equal(udp->dgram_cksum, 0);
	/* A frame that asked for nothing is left alone. */
	ip = rte_pktmbuf_mtod_offset(m[1], struct rte_ipv4_hdr *,
				     RTE_ETHER_HDR_LEN);
	assert_int_equal(ip->hdr_checksum, 0xabcd);
	rte_pktmbuf_free_bulk(m, 3);
}

/* ------------------------------------------------------- reset and MTU */

/* dev_reset quiesces and brings the port back to just-probed; it works
 * again once configured. */
static void
test_dev_reset(void **state)
{
	struct ctx *c = *state;
	struct rte_mbuf *pkts[BURST];

	assert_int_equal(hw_rx(c, 0, 100, 1), 0);
	assert_int_equal(rte_eth_dev_reset(c->port), 0);
	assert_int_equal(fakegem_rd(&c->f, GEM_NCR) &
			 (GEM_NCR_RE | GEM_NCR_TE), 0);
	assert_int_equal(in_use(), c->in_use_before);
	port_setup(c);
	port_start(c);
	assert_int_equal(hw_rx(c, 0, 200, 2), 0);
	assert_int_equal(rte_eth_rx_burst(c->port, 0, pkts, BURST), 1);
	assert_true(check_mbuf(pkts[0], 200, 2));
	rte_pktmbuf_free(pkts[0]);
}

/* MTU changes on a started port: refused when frames would no longer fit
 * a buffer without scattered RX, applied (JFRAME, JML, TX limit) when they
 * would. */
static void
test_mtu_live(void **state)
{
	struct ctx *c = *state;
	struct rte_mbuf *m;

	/* Beyond what the GEM takes at all; then not while it runs: NCFGR
	 * and JML stay as they were. */
	assert_int_equal(rte_eth_dev_set_mtu(c->port, 10240), -EINVAL);
	assert_int_equal(rte_eth_dev_set_mtu(c->port, 2000), -EBUSY);
	assert_false(fakegem_rd(&c->f, GEM_NCFGR) & GEM_NCFGR_JFRAME);
	assert_int_equal(rte_eth_dev_stop(c->port), 0);
	assert_int_equal(rte_eth_dev_set_mtu(c->port, 2000), 0);
	port_start(c);
	assert_true(fakegem_rd(&c->f, GEM_NCFGR) & GEM_NCFGR_JFRAME);
	assert_int_equal(fakegem_rd(&c->f, GEM_JML), 2000 + 22);
	/* A 2014-byte frame now goes out. */
	m = make_pkt(2014, 5, 2048);
	assert_int_equal(rte_eth_tx_burst(c->port, 0, &m, 1), 1);
	assert_int_equal(fakegem_tx(&c->f, 0, NULL, 0), 1);
	assert_true(rte_eth_tx_done_cleanup(c->port, 0, 0) >= 0);
	assert_int_equal(rte_eth_dev_stop(c->port), 0);
	assert_int_equal(rte_eth_dev_set_mtu(c->port, 1500), 0);
	port_start(c);
	assert_false(fakegem_rd(&c->f, GEM_NCFGR) & GEM_NCFGR_JFRAME);
}

/* ------------------------------------------------------------ steering */

static int
setup_steer(void **state)
{
	struct port_cfg cfg = {
		.dcfg6 = QEMU_DCFG6, .coherent = true, .nb_queues = 2,
		.steer = {
			.nb_etype = 1, .etype = { { 0x88b5, 1 } },
			.nb_udp = 1, .udp = { { 4789, 1 } },
		},
	};

	*state = ctx_new(&cfg);
	return 0;
}

static void
test_steering_two_queues(void **state)
{
	struct ctx *c = *state;
	struct fakegem *f = &c->f;
	struct rte_mbuf *pkts[BURST];
	volatile struct gem_desc *d;
	unsigned int i;

	/* The screeners as the devargs say; the others cleared. */
	assert_int_equal(fakegem_rd(f, GEM_SCRT2_ETYPE(0)), 0x88b5);
	assert_int_equal(fakegem_rd(f, GEM_SCRT2(0)),
			 GEM_SCRT2_ETYPE_EN | GEM_SET(GEM_SCRT2_ETYPE_IDX, 0) | 1);
	assert_int_equal(fakegem_rd(f, GEM_SCRT1(0)),
			 GEM_SCRT1_UDP_EN | (4789u << 12) | 1);
	for (i = 1; i < GEM_STEER_MAX; i++) {
		assert_int_equal(fakegem_rd(f, GEM_SCRT1(i)), 0);
		assert_int_equal(fakegem_rd(f, GEM_SCRT2(i)), 0);
	}
	/* Queue 1 has a ring of its own with its own buffer size. */
	assert_int_not_equal(fakegem_rd(f, GEM_RBQP_Q(1)),
			     fakegem_rd(f, GEM_RBQP));
	assert_int_equal(fakegem_rx_buf_len(f, 1), 2048);

	for (i = 0; i < 5; i++)
		assert_int_equal(hw_rx(c, 1, 300 + i, i), 0);
	assert_int_equal(hw_rx(c, 0, 77, 99), 0);
	assert_int_equal(rte_eth_rx_burst(c->port, 1, pkts, BURST), 5);
	for (i = 0; i < 5; i++) {
		assert_true(check_mbuf(pkts[i], 300 + i, i));
		/* Consumed, still software's, and no longer pointing at the
		 * delivered buffer (QEMU's model may write there). */
		d = fakegem_rx_desc(f, 1, i);
		assert_true(d->addr & GEM_RX_W0_USED);
		assert_ptr_not_equal(fakegem_rx_buf(f, d),
				     rte_pktmbuf_mtod(pkts[i], void *));
		/* All at the queue's one scratch buffer. */
		assert_ptr_equal(fakegem_rx_buf(f, d),
				 fakegem_rx_buf(f, fakegem_rx_desc(f, 1, 0)));
	}
	/* A stray write there reaches no delivered frame. */
	memset(fakegem_rx_buf(f, fakegem_rx_desc(f, 1, 0)), 0xa5, 2048);
	for (i = 0; i < 5; i++)
		assert_true(check_mbuf(pkts[i], 300 + i, i));
	rte_pktmbuf_free_bulk(pkts, 5);
	assert_int_equal(rte_eth_rx_burst(c->port, 0, pkts, BURST), 1);
	assert_true(check_mbuf(pkts[0], 77, 99));
	rte_pktmbuf_free(pkts[0]);
}

/* A rule naming a queue the port does not have stops dev_start. */
static void
test_steering_bad_queue(void **state)
{
	struct ctx *c = *state;

	(void)c;
	assert_int_equal(rte_eth_dev_stop(c->port), 0);
	assert_int_equal(rte_eth_dev_configure(c->port, 1, 1,
		&(struct rte_eth_conf){ .rxmode.mtu = RTE_ETHER_MTU }), 0);
	assert_int_not_equal(rte_eth_dev_start(c->port), 0);
	c->cfg.nb_queues = 2;
	port_setup(c);
	port_start(c);
}

/* ---------------------------------------------------------------- main */

#define T64(f) cmocka_unit_test_setup_teardown(f, setup_coherent64, teardown)
#define T32(f) cmocka_unit_test_setup_teardown(f, setup_coherent32, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T64(test_start_registers),
		T32(test_start_registers),
		T64(test_start_loopback),
		T64(test_close_quiesces),
		T64(test_link),
		T64(test_rx_frames),
		T32(test_rx_frames),
		T64(test_rx_batched_handback),
		T64(test_rx_drained_ring_handed_back),
		T64(test_rx_burst_stops_at_held),
		T32(test_rx_burst_stops_at_held),
		T64(test_rx_bad_descriptors),
		T32(test_rx_bad_descriptors),
		T64(test_rx_nombuf_recovers),
		T64(test_rx_kick_after_handback),
		T32(test_rx_kick_after_handback),
		cmocka_unit_test_setup_teardown(test_rx_restart_only_when_exhausted,
						setup_zynq, teardown),
		T64(test_tx_frames),
		T32(test_tx_frames),
		cmocka_unit_test_setup_teardown(test_tx_frames,
						setup_fast_free, teardown),
		cmocka_unit_test_setup_teardown(test_tx_fast_free_reclaim,
						setup_fast_free, teardown),
		T64(test_tx_ring_full),
		T64(test_tx_invalid_dropped),
		cmocka_unit_test_setup_teardown(test_tx_multiseg_without_sg,
						setup_no_sg, teardown),
		cmocka_unit_test(test_rx_csum_off_promiscuous),
		cmocka_unit_test(test_rx_ptypes),
		cmocka_unit_test(test_rx_vector_matches_scalar),
		cmocka_unit_test(test_configure_rss_without_hash),
		cmocka_unit_test(test_tx_noncoherent_short_bursts),
		cmocka_unit_test(test_tx_noncoherent_padded),
		cmocka_unit_test(test_tx_noncoherent_reclaim_waits),
		cmocka_unit_test(test_l2fwd_port_setup),
		cmocka_unit_test(test_phy_mode_ncfgr),
		T64(test_stats_fold_alarm),
		T64(test_tx_descriptor_words),
		cmocka_unit_test_setup_teardown(test_tx_descriptor_words,
						setup_jumbo, teardown),
		cmocka_unit_test_setup_teardown(test_jumbo_scatter,
						setup_jumbo, teardown),
		T64(test_mac_filters),
		T64(test_hw_stats_folding),
		cmocka_unit_test(test_noncoherent_rx_dirty_max),
		cmocka_unit_test_setup_teardown(test_noncoherent_tx_drop_cleans,
			setup_noncoherent, teardown_noncoherent),
		cmocka_unit_test_setup_teardown(test_noncoherent_ranges,
						setup_noncoherent,
						teardown_noncoherent),
		cmocka_unit_test(test_coherent_no_maintenance),
		T64(test_cycles_keep_mempool),
		T64(test_rx_queue_count_and_status),
		T64(test_dev_reset),
		T64(test_mtu_live),
		cmocka_unit_test_setup_teardown(test_tx_csum_prepare,
						setup_csum, teardown),
		cmocka_unit_test_setup_teardown(test_steering_two_queues,
						setup_steer, teardown),
		cmocka_unit_test_setup_teardown(test_steering_bad_queue,
						setup_steer, teardown),
	};

	return cmocka_run_group_tests_name("gem_port", tests, eal_setup,
					   eal_teardown);
}
