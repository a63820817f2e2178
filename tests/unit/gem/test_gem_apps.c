/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * What DPDK's applications ask of a port, replayed against net_gem over the
 * fake GEM: each test makes the ethdev calls one application makes to set a
 * port up, in its order and with the values it computes from the port's
 * rte_eth_dev_info, then checks the port starts, receives and sends. The
 * sources each replay follows are named above it; the NIC guide
 * (gem.rst, "What DPDK's applications ask") says the same in prose.
 */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <rte_ethdev.h>
#include <rte_flow.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_udp.h>

#include "gemport.h"

/* A port probed on the fake GEM, not yet configured: the application
 * does that. */
static struct ctx *
app_port_new(const char *name, bool coherent)
{
	struct ctx *c = calloc(1, sizeof(*c));

	assert_non_null(c);
	c->cfg.dcfg6 = QEMU_DCFG6;
	c->cfg.coherent = coherent;
	c->cfg.nb_queues = 1;
	c->in_use_before = in_use();
	fakegem_init(&c->f, QEMU_MID, QEMU_DCFG1, QEMU_DCFG2, QEMU_DCFG6);
	port_create(c, name);
	return c;
}

/* n frames of len bytes into queue q, and back out of it whole. */
static void
rx_check(struct ctx *c, uint16_t q, unsigned int n, uint32_t len,
	 uint32_t seed, bool one_seg)
{
	struct rte_mbuf *pkts[BURST];
	unsigned int i;
	uint16_t got;

	assert_true(n <= BURST);
	for (i = 0; i < n; i++)
		assert_int_equal(hw_rx(c, q, len, seed + i), 0);
	got = rte_eth_rx_burst(c->port, q, pkts, BURST);
	assert_int_equal(got, n);
	for (i = 0; i < got; i++) {
		assert_true(check_mbuf(pkts[i], len, seed + i));
		if (one_seg)
			assert_int_equal(pkts[i]->nb_segs, 1);
	}
	rte_pktmbuf_free_bulk(pkts, got);
}

/* One frame sent on txq q comes out of the fake's transmitter. */
static void
tx_check(struct ctx *c, uint16_t q, struct rte_mbuf *m, uint32_t len)
{
	static struct fakegem_frame out;

	assert_int_equal(rte_eth_tx_burst(c->port, q, &m, 1), 1);
	assert_int_equal(fakegem_tx(&c->f, q, &out, 1), 1);
	assert_int_equal(out.len, len);
}

/* ------------------------------------------------------------------ VPP */

/*
 * VPP's dpdk plugin (src/plugins/dpdk/device/init.c dpdk_lib_init,
 * common.c dpdk_device_setup and dpdk_device_start; 2025 tree): a
 * wish-list of offloads cut down to the port's (RX IPv4 checksum and
 * scatter; TX IPv4/TCP/UDP and outer checksums, multi-segment), RSS on
 * IP/UDP/TCP cut down to the port's hash functions when num-rx-queues
 * asks for more than one, one TX queue per VPP thread up to
 * max_tx_queues, an MTU from its 9000-byte default (a frame capped at
 * max_rx_pktlen, less the driver's overhead, max_rx_pktlen - max_mtu;
 * VPP's own Ethernet overhead is taken here as the driver's, which asks
 * the most: 9000), no interrupts for a driver its table does not know.
 * TX queues before RX queues, conf NULL (the port's defaults), socket 0
 * then any. Started, then promiscuous off (an interface in L3 mode) and
 * all-multicast on.
 */
static void
vpp_port_setup(uint16_t n_rx, uint16_t n_desc)
{
	const uint16_t vpp_threads = 3;	/* main thread and two workers */
	struct ctx *c = app_port_new(n_rx > 1 ? "gem_vpp_rss" : "gem_vpp",
				     false);
	struct rte_eth_conf conf = { 0 };
	struct rte_eth_dev_info info;
	struct rte_eth_link link;
	uint16_t n_tx, q, mtu;
	uint32_t overhead, max_frame;
	uint64_t rxo, txo;
	struct rte_mbuf *m;
	int ret;

	assert_int_equal(rte_eth_dev_info_get(c->port, &info), 0);
	rxo = (RTE_ETH_RX_OFFLOAD_IPV4_CKSUM | RTE_ETH_RX_OFFLOAD_SCATTER) &
	      info.rx_offload_capa;
	txo = (RTE_ETH_TX_OFFLOAD_OUTER_IPV4_CKSUM |
	       RTE_ETH_TX_OFFLOAD_OUTER_UDP_CKSUM |
	       RTE_ETH_TX_OFFLOAD_IPV4_CKSUM | RTE_ETH_TX_OFFLOAD_TCP_CKSUM |
	       RTE_ETH_TX_OFFLOAD_UDP_CKSUM | RTE_ETH_TX_OFFLOAD_MULTI_SEGS) &
	      info.tx_offload_capa;
	/* What this GEM (QEMU's model's DCFG2) gets: all but the outer
	 * checksums. */
	assert_true(rxo & RTE_ETH_RX_OFFLOAD_SCATTER);
	assert_true(txo & RTE_ETH_TX_OFFLOAD_MULTI_SEGS);
	conf.rxmode.offloads = rxo;
	conf.txmode.offloads = txo;
	conf.rxmode.mq_mode = RTE_ETH_MQ_RX_NONE;
	if (n_rx > 1 && info.max_rx_queues >= n_rx) {
		conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
		conf.rx_adv_conf.rss_conf.rss_hf =
			(RTE_ETH_RSS_IP | RTE_ETH_RSS_UDP | RTE_ETH_RSS_TCP) &
			info.flow_type_rss_offloads;
		assert_int_equal(conf.rx_adv_conf.rss_conf.rss_hf, 0);
	}
	overhead = info.max_rx_pktlen - info.max_mtu;
	assert_int_equal(overhead, RTE_ETHER_HDR_LEN + RTE_VLAN_HLEN +
			 RTE_ETHER_CRC_LEN);
	max_frame = RTE_MIN(info.max_rx_pktlen, 9000 + overhead);
	conf.rxmode.mtu = max_frame - overhead;
	n_tx = RTE_MIN(info.max_tx_queues, vpp_threads);

	assert_int_equal(rte_eth_dev_configure(c->port, n_rx, n_tx, &conf), 0);
	for (q = 0; q < n_tx; q++) {
		ret = rte_eth_tx_queue_setup(c->port, q, n_desc, 0, NULL);
		if (ret < 0)
			ret = rte_eth_tx_queue_setup(c->port, q, n_desc,
						     SOCKET_ID_ANY, NULL);
		assert_int_equal(ret, 0);
	}
	for (q = 0; q < n_rx; q++) {
		ret = rte_eth_rx_queue_setup(c->port, q, n_desc, 0, NULL,
					     pool);
		if (ret < 0)
			ret = rte_eth_rx_queue_setup(c->port, q, n_desc,
						     SOCKET_ID_ANY, NULL, pool);
		assert_int_equal(ret, 0);
	}
	assert_int_equal(rte_eth_dev_start(c->port), 0);
	fakegem_start(&c->f);
	assert_int_equal(rte_eth_promiscuous_disable(c->port), 0);
	assert_int_equal(rte_eth_allmulticast_enable(c->port), 0);
	assert_true(rte_eth_xstats_get_names(c->port, NULL, 0) > 0);
	assert_int_equal(rte_eth_link_get_nowait(c->port, &link), 0);
	assert_int_equal(link.link_status, RTE_ETH_LINK_UP);
	assert_int_equal(rte_eth_dev_get_mtu(c->port, &mtu), 0);
	assert_int_equal(mtu, 9000);

	/* A full-size frame and a jumbo one over VPP's 2048-byte buffers;
	 * every frame no steering rule claims is queue 0's. */
	rx_check(c, 0, 8, 1514, 1, false);
	rx_check(c, 0, 2, 9000 + RTE_ETHER_HDR_LEN, 100, false);
	/* A chained buffer and checksum flags, as VPP's TX sets them. */
	m = make_pkt(1400, 7, 1000);
	tx_check(c, 0, m, 1400);
	m = make_pkt(60, 8, 2048);
	m->l2_len = RTE_ETHER_HDR_LEN;
	m->l3_len = sizeof(struct rte_ipv4_hdr);
	m->ol_flags |= RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM;
	tx_check(c, n_tx - 1, m, 60);

	/* VPP's "set interface mtu" calls rte_eth_dev_set_mtu on a running
	 * port: the GEM takes a new frame limit only stopped (VPP says
	 * "port is running"); with the interface down it goes through. */
	assert_int_equal(rte_eth_dev_set_mtu(c->port, 1500), -EBUSY);
	assert_int_equal(rte_eth_allmulticast_disable(c->port), 0);
	assert_int_equal(rte_eth_dev_stop(c->port), 0);
	assert_int_equal(rte_eth_dev_set_mtu(c->port, 1500), 0);
	assert_int_equal(rte_eth_dev_start(c->port), 0);
	fakegem_start(&c->f);
	rx_check(c, 0, 4, 1514, 200, true);
	ctx_free(c);
}

static void
test_vpp_port_setup(void **state)
{
	(void)state;
	/* 1024 descriptors, or 512 with 2 MiB hugepages and no L3 cache:
	 * a Cortex-A53 SoC's case. */
	vpp_port_setup(1, 1024);
	vpp_port_setup(1, 512);
}

/* num-rx-queues 2: RSS mode with no hash function, every frame on
 * queue 0. */
static void
test_vpp_two_rx_queues(void **state)
{
	(void)state;
	vpp_port_setup(2, 512);
}

/* -------------------------------------------------------------- OVS-DPDK */

/*
 * OVS's lib/netdev-dpdk.c (dpdk_eth_dev_init, dpdk_eth_dev_port_config,
 * dpdk_process_queue_size, netdev_dpdk_set_config) and
 * lib/netdev-dpdk-common.c (netdev_dpdk_detect_hw_ol_features,
 * netdev_dpdk_build_port_conf); 2026 tree. RX checksum offload only when
 * the port has all three, scatter above a 1500-byte MTU, every TX
 * checksum the port has, RSS on IP/UDP/TCP cut down to the port's hash
 * functions (none: RTE_ETH_MQ_RX_NONE whatever n_rxq), link interrupt
 * only when the port's flags offer it, queues up to the port's maxima,
 * 2048 descriptors rounded to nb_align and clamped to the limits.
 * configure, set_mtu, TX then RX queues (conf NULL), start, xstats,
 * promiscuous and all-multicast on, flow control asked (optional).
 * Mbufs sized to the MTU, rounded up to 1 KiB; one segment only.
 */
static void
ovs_port_setup(const char *name, uint16_t n_rxq_opt, uint16_t mtu)
{
	const uint16_t n_pmd = 2;		/* PMD threads */
	const uint32_t room = RTE_ALIGN_CEIL(mtu + RTE_ETHER_HDR_LEN +
				RTE_ETHER_CRC_LEN + 2 * RTE_VLAN_HLEN, 1024) +
				RTE_PKTMBUF_HEADROOM;
	struct ctx *c = app_port_new(name, false);
	struct rte_eth_conf conf = { 0 };
	struct rte_eth_dev_info info;
	struct rte_eth_fc_conf fc;
	struct rte_eth_link link;
	struct rte_ether_addr mac;
	struct rte_mempool *mp;
	uint64_t csum = RTE_ETH_RX_OFFLOAD_IPV4_CKSUM |
			RTE_ETH_RX_OFFLOAD_UDP_CKSUM |
			RTE_ETH_RX_OFFLOAD_TCP_CKSUM;
	uint16_t n_rxq, n_txq, rxq_size, txq_size, q;
	struct rte_mbuf *pkts[BURST], *m;
	int n_xstats;
	unsigned int i;

	assert_int_equal(rte_eth_dev_info_get(c->port, &info), 0);
	n_rxq = RTE_MIN(info.max_rx_queues, n_rxq_opt);
	n_txq = RTE_MIN(info.max_tx_queues, n_pmd + 1);
	rxq_size = RTE_ALIGN_CEIL(2048, info.rx_desc_lim.nb_align);
	rxq_size = RTE_MAX(RTE_MIN(rxq_size, info.rx_desc_lim.nb_max),
			   info.rx_desc_lim.nb_min);
	txq_size = RTE_ALIGN_CEIL(2048, info.tx_desc_lim.nb_align);
	txq_size = RTE_MAX(RTE_MIN(txq_size, info.tx_desc_lim.nb_max),
			   info.tx_desc_lim.nb_min);
	assert_int_equal(rxq_size, 2048);
	assert_int_equal(txq_size, 2048);
	/* OVS's per-port estimate, less the 16384 spare mbufs it adds
	 * (more than this test's EAL memory holds at 9 KiB each). */
	mp = rte_pktmbuf_pool_create("gem_ovs_pool", n_rxq * rxq_size +
				     n_txq * txq_size + n_rxq * BURST + 512,
				     256, 0, room, SOCKET_ID_ANY);
	assert_non_null(mp);

	if (mtu > RTE_ETHER_MTU &&
	    (info.rx_offload_capa & RTE_ETH_RX_OFFLOAD_SCATTER))
		conf.rxmode.offloads |= RTE_ETH_RX_OFFLOAD_SCATTER;
	/* OVS turns link interrupts off for a port without them. */
	assert_false(*info.dev_flags & RTE_ETH_DEV_INTR_LSC);
	conf.intr_conf.lsc = 0;
	if ((info.rx_offload_capa & csum) == csum)
		conf.rxmode.offloads |= csum;
	conf.txmode.offloads = info.tx_offload_capa &
		(RTE_ETH_TX_OFFLOAD_IPV4_CKSUM | RTE_ETH_TX_OFFLOAD_TCP_CKSUM |
		 RTE_ETH_TX_OFFLOAD_UDP_CKSUM | RTE_ETH_TX_OFFLOAD_SCTP_CKSUM |
		 RTE_ETH_TX_OFFLOAD_OUTER_IPV4_CKSUM |
		 RTE_ETH_TX_OFFLOAD_OUTER_UDP_CKSUM);
	conf.txmode.mq_mode = RTE_ETH_MQ_TX_NONE;
	conf.rx_adv_conf.rss_conf.rss_hf = (RTE_ETH_RSS_IP | RTE_ETH_RSS_UDP |
		RTE_ETH_RSS_TCP) & info.flow_type_rss_offloads;
	conf.rxmode.mq_mode = conf.rx_adv_conf.rss_conf.rss_hf == 0 ?
			      RTE_ETH_MQ_RX_NONE : RTE_ETH_MQ_RX_RSS;
	assert_int_equal(conf.rxmode.mq_mode, RTE_ETH_MQ_RX_NONE);

	assert_int_equal(rte_eth_dev_configure(c->port, n_rxq, n_txq, &conf),
			 0);
	assert_int_equal(rte_eth_dev_set_mtu(c->port, mtu), 0);
	for (q = 0; q < n_txq; q++)
		assert_int_equal(rte_eth_tx_queue_setup(c->port, q, txq_size,
				 SOCKET_ID_ANY, NULL), 0);
	for (q = 0; q < n_rxq; q++)
		assert_int_equal(rte_eth_rx_queue_setup(c->port, q, rxq_size,
				 SOCKET_ID_ANY, NULL, mp), 0);
	assert_int_equal(rte_eth_dev_start(c->port), 0);
	fakegem_start(&c->f);

	/* netdev_dpdk_configure_xstats: as many values as names. */
	n_xstats = rte_eth_xstats_get_names(c->port, NULL, 0);
	assert_true(n_xstats > 0);
	assert_int_equal(rte_eth_xstats_get(c->port, NULL, 0), n_xstats);
	assert_int_equal(rte_eth_promiscuous_enable(c->port), 0);
	assert_int_equal(rte_eth_allmulticast_enable(c->port), 0);
	assert_int_equal(rte_eth_macaddr_get(c->port, &mac), 0);
	assert_true(rte_is_same_ether_addr(&mac, &dt_mac));
	assert_int_equal(rte_eth_link_get_nowait(c->port, &link), 0);
	assert_int_equal(link.link_status, RTE_ETH_LINK_UP);
	/* Not fatal to OVS: it warns only when flow control was asked. */
	assert_int_equal(rte_eth_dev_flow_ctrl_get(c->port, &fc), -ENOTSUP);

	/* OVS's datapath takes single-segment mbufs only: frames up to the
	 * MTU each fit one of its buffers. A full burst makes it ask the
	 * ring's fill. */
	rx_check(c, 0, 4, mtu + RTE_ETHER_HDR_LEN, 1, true);
	for (i = 0; i < BURST; i++)
		assert_int_equal(hw_rx(c, 0, 64, 50 + i), 0);
	assert_int_equal(hw_rx(c, 0, 64, 99), 0);
	assert_int_equal(rte_eth_rx_burst(c->port, 0, pkts, BURST), BURST);
	assert_int_equal(rte_eth_rx_queue_count(c->port, 0), 1);
	rte_pktmbuf_free_bulk(pkts, BURST);
	assert_int_equal(rte_eth_rx_burst(c->port, 0, pkts, BURST), 1);
	rte_pktmbuf_free(pkts[0]);

	/* TX: rte_eth_tx_prepare, then the burst. */
	m = make_pkt(100, 3, 2048);
	m->l2_len = RTE_ETHER_HDR_LEN;
	m->l3_len = sizeof(struct rte_ipv4_hdr);
	m->ol_flags |= RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM |
		       RTE_MBUF_F_TX_UDP_CKSUM;
	assert_int_equal(rte_eth_tx_prepare(c->port, n_txq - 1, &m, 1), 1);
	tx_check(c, n_txq - 1, m, 100);

	ctx_free(c);
	assert_int_equal(rte_mempool_in_use_count(mp), 0);
	rte_mempool_free(mp);
}

static void
test_ovs_port_setup(void **state)
{
	(void)state;
	ovs_port_setup("gem_ovs", 1, RTE_ETHER_MTU);
	/* mtu_request=9000: scatter asked, buffers of 9 KiB. */
	ovs_port_setup("gem_ovs_jumbo", 1, 9000);
}

/* options:n_rxq=2: no RSS either way, every frame on rxq 0. */
static void
test_ovs_two_rx_queues(void **state)
{
	(void)state;
	ovs_port_setup("gem_ovs_rxq2", 2, RTE_ETHER_MTU);
}

/*
 * options:rx-steering=rss+lacp: OVS adds an RX queue, steers LACP
 * (EtherType 0x8809) to it with rte_flow, then rewrites the RSS
 * redirection table over the others. The GEM takes the rule (a type 2
 * screener) but has no table: ethdev refuses an update of a zero-sized
 * one, and OVS then removes the rule and runs without rx-steering.
 */
static void
test_ovs_rx_steering_lacp(void **state)
{
	struct ctx *c = app_port_new("gem_ovs_lacp", true);
	const struct rte_flow_attr attr = { .ingress = 1 };
	const struct rte_flow_item_eth spec = { .type = RTE_BE16(0x8809) };
	const struct rte_flow_item_eth mask = { .type = RTE_BE16(0xffff) };
	const struct rte_flow_item items[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH, .spec = &spec,
		  .mask = &mask },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	const struct rte_flow_action_queue queue = { .index = 1 };
	const struct rte_flow_action actions[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &queue },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_eth_rss_reta_entry64 reta[1] = { { .mask = 1 } };
	struct rte_eth_conf conf = { 0 };
	struct rte_eth_dev_info info;
	struct rte_flow_error err;
	struct rte_flow *flow;
	uint16_t q;

	(void)state;
	assert_int_equal(rte_eth_dev_info_get(c->port, &info), 0);
	assert_int_equal(info.reta_size, 0);
	assert_int_equal(rte_eth_dev_configure(c->port, 2, 2, &conf), 0);
	for (q = 0; q < 2; q++) {
		assert_int_equal(rte_eth_tx_queue_setup(c->port, q, NB_DESC,
				 SOCKET_ID_ANY, NULL), 0);
		assert_int_equal(rte_eth_rx_queue_setup(c->port, q, NB_DESC,
				 SOCKET_ID_ANY, NULL, pool), 0);
	}
	assert_int_equal(rte_eth_dev_start(c->port), 0);
	fakegem_start(&c->f);
	assert_int_equal(rte_flow_validate(c->port, &attr, items, actions,
					   &err), 0);
	flow = rte_flow_create(c->port, &attr, items, actions, &err);
	assert_non_null(flow);
	assert_int_equal(rte_eth_dev_rss_reta_update(c->port, reta,
						     info.reta_size), -EINVAL);
	assert_int_equal(rte_flow_destroy(c->port, flow, &err), 0);
	ctx_free(c);
}

/*
 * options:dpdk-devargs: OVS finds its port with
 * RTE_ETH_FOREACH_MATCHING_DEV, and a device name goes through ethdev's
 * rte_eth_iterator_init, which in DPDK 22.11 turns a name into a bus
 * filter for the vdev, fslmc, dpaa_bus and pci buses only: for a socplat
 * name it fails (-ENOTSUP), and OVS then tries to hot plug a device EAL
 * already probed. "class=eth,mac=..." needs no bus: OVS matches the MAC
 * itself, and ethdev's class filter does too.
 */
static void
test_ovs_devargs(void **state)
{
	struct ctx *c = app_port_new("gem_ovs_devargs", true);
	char mac[RTE_ETHER_ADDR_FMT_SIZE], devargs[64];
	struct rte_dev_iterator it;
	uint16_t id, found = RTE_MAX_ETHPORTS;

	(void)state;
	assert_int_equal(rte_eth_iterator_init(&it, "ff0c0000.ethernet"),
			 -ENOTSUP);
	rte_eth_iterator_cleanup(&it);
	rte_ether_format_addr(mac, sizeof(mac), &dt_mac);
	snprintf(devargs, sizeof(devargs), "class=eth,mac=%s", mac);
	RTE_ETH_FOREACH_MATCHING_DEV(id, devargs, &it) {
		found = id;
		rte_eth_iterator_cleanup(&it);
		break;
	}
	assert_int_equal(found, c->port);
	ctx_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vpp_port_setup),
		cmocka_unit_test(test_vpp_two_rx_queues),
		cmocka_unit_test(test_ovs_port_setup),
		cmocka_unit_test(test_ovs_two_rx_queues),
		cmocka_unit_test(test_ovs_rx_steering_lacp),
		cmocka_unit_test(test_ovs_devargs),
	};

	return cmocka_run_group_tests_name("gem_apps", tests, eal_setup,
					   eal_teardown);
}
