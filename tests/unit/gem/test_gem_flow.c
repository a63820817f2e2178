/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * rte_flow on net_gem, through ethdev's rte_flow_* calls on a port over the
 * fake GEM: for every pattern the driver accepts, the exact screener,
 * EtherType and compare register words it writes; for every one it
 * refuses, the error type and the one-line message; the screeners,
 * EtherType and compare registers running out, on QEMU's counts and on a
 * design's DCFG8; destroy and flush giving them back (the devargs' rules
 * kept); and dev_start putting every rule back.
 */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <rte_byteorder.h>
#include <rte_ethdev.h>
#include <rte_flow.h>
#include <rte_ip.h>

#include "gemport.h"
#include "gem_hw.h"

#define IT(t, s, m) { .type = RTE_FLOW_ITEM_TYPE_##t, .spec = (s), .mask = (m) }
#define IT_END { .type = RTE_FLOW_ITEM_TYPE_END }
#define ADDR(a, b, c, d) RTE_BE32(RTE_IPV4(a, b, c, d))

/* Type 2 compare slot n using compare register idx. */
#define CMP(n, idx) ((uint32_t)(idx) << (13 + 6 * (n)) | 1u << (18 + 6 * (n)))
#define ETYPE(idx) (GEM_SCRT2_ETYPE_EN | (uint32_t)(idx) << 9)
/* Compare W1: base (1 L3, 2 L4), offset, 32-bit. */
#define W1(base, off) ((uint32_t)(base) << 7 | (off))
#define W1_32(base, off) (W1(base, off) | 1u << 9)

static const struct rte_flow_attr ingress = { .ingress = 1 };

/* Masks as testpmd builds them for "field is value". */
static const struct rte_flow_item_eth m_type = { .hdr.ether_type = RTE_BE16(0xffff) };
static const struct rte_flow_item_vlan m_pcp = { .hdr.vlan_tci = RTE_BE16(0xe000) };
static const struct rte_flow_item_ipv4 m_src = {
	.hdr.src_addr = RTE_BE32(UINT32_MAX) };
static const struct rte_flow_item_ipv4 m_srcdst = {
	.hdr.src_addr = RTE_BE32(UINT32_MAX),
	.hdr.dst_addr = RTE_BE32(UINT32_MAX) };
static const struct rte_flow_item_ipv4 m_tos = {
	.hdr.type_of_service = 0xff };
static const struct rte_flow_item_ipv4 m_proto = {
	.hdr.next_proto_id = 0xff };
static const struct rte_flow_item_udp m_udp_dst = {
	.hdr.dst_port = RTE_BE16(0xffff) };
static const struct rte_flow_item_udp m_udp_both = {
	.hdr.src_port = RTE_BE16(0xffff), .hdr.dst_port = RTE_BE16(0xffff) };
static const struct rte_flow_item_tcp m_tcp_dst = {
	.hdr.dst_port = RTE_BE16(0xffff) };
static const struct rte_flow_item_tcp m_tcp_src = {
	.hdr.src_port = RTE_BE16(0xffff) };

static const struct rte_flow_item_ipv4 ip_a = {
	.hdr.src_addr = ADDR(10, 0, 0, 1), .hdr.dst_addr = ADDR(10, 0, 0, 2),
	.hdr.type_of_service = 0xb8, .hdr.next_proto_id = IPPROTO_UDP };
static const struct rte_flow_item_udp udp_a = {
	.hdr.src_port = RTE_BE16(1000), .hdr.dst_port = RTE_BE16(2000) };
static const struct rte_flow_item_udp udp_4789 = {
	.hdr.dst_port = RTE_BE16(4789) };
static const struct rte_flow_item_tcp tcp_80 = {
	.hdr.src_port = RTE_BE16(80), .hdr.dst_port = RTE_BE16(80) };

static uint32_t
rd(struct ctx *c, uint32_t off)
{
	return fakegem_rd(&c->f, off);
}

static struct rte_flow *
create_q(struct ctx *c, const struct rte_flow_item *items, uint16_t queue,
	 struct rte_flow_error *err)
{
	struct rte_flow_action_queue q = { .index = queue };
	struct rte_flow_action acts[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};

	memset(err, 0, sizeof(*err));
	return rte_flow_create(c->port, &ingress, items, acts, err);
}

/* Created, or the test fails with the driver's message. */
static struct rte_flow *
must_create(struct ctx *c, const struct rte_flow_item *items, uint16_t queue)
{
	struct rte_flow_error err;
	struct rte_flow *f = create_q(c, items, queue, &err);

	if (f == NULL)
		fail_msg("refused: %s", err.message ? err.message : "(none)");
	return f;
}

static int
setup_qemu(void **state)
{
	struct port_cfg cfg = { .dcfg6 = QEMU_DCFG6, .coherent = true,
				.nb_queues = 2 };

	*state = ctx_new(&cfg);
	return 0;
}

static int
teardown(void **state)
{
	ctx_free(*state);
	return 0;
}

/* ---------------------------------------------------------- accepted */

/* ETH type: a type 2 screener with an EtherType register. */
static void
test_eth_type(void **state)
{
	struct ctx *c = *state;
	const struct rte_flow_item_eth ptp = { .hdr.ether_type = RTE_BE16(0x88f7) };
	const struct rte_flow_item items[] = { IT(ETH, &ptp, &m_type), IT_END };

	must_create(c, items, 1);
	assert_int_equal(rd(c, GEM_SCRT2_ETYPE(0)), 0x88f7);
	assert_int_equal(rd(c, GEM_SCRT2(0)), ETYPE(0) | 1);
	assert_int_equal(rd(c, GEM_SCRT1(0)), 0);
}

/* VLAN pcp: type 2, the priority and its enable, no EtherType. */
static void
test_vlan_pcp(void **state)
{
	struct ctx *c = *state;
	const struct rte_flow_item_vlan v = { .hdr.vlan_tci = RTE_BE16(5u << 13 | 42) };
	const struct rte_flow_item items[] = {
		IT(ETH, NULL, NULL), IT(VLAN, &v, &m_pcp), IT_END };

	must_create(c, items, 1);
	assert_int_equal(rd(c, GEM_SCRT2(0)), GEM_SCRT2_VLAN_EN | 5u << 4 | 1);
}

/* IPv4 addresses: EtherType 0x0800 and a 32-bit compare each, as macb's
 * ethtool -N: bytes first-lowest, 12 and 16 bytes into the L3 header. */
static void
test_ipv4_addresses(void **state)
{
	struct ctx *c = *state;
	const struct rte_flow_item items[] = {
		IT(ETH, NULL, NULL), IT(IPV4, &ip_a, &m_srcdst), IT_END };

	must_create(c, items, 1);
	assert_int_equal(rd(c, GEM_SCRT2_ETYPE(0)), 0x0800);
	assert_int_equal(rd(c, GEM_SCRT2_CMP_W0(0)), 0x0100000a);
	assert_int_equal(rd(c, GEM_SCRT2_CMP_W1(0)), W1_32(1, 12));
	assert_int_equal(rd(c, GEM_SCRT2_CMP_W0(1)), 0x0200000a);
	assert_int_equal(rd(c, GEM_SCRT2_CMP_W1(1)), W1_32(1, 16));
	assert_int_equal(rd(c, GEM_SCRT2(0)),
			 ETYPE(0) | CMP(0, 0) | CMP(1, 1) | 1);
}

/* UDP destination port alone: a type 1 screener, as udp_rxq. */
static void
test_udp_dst_type1(void **state)
{
	struct ctx *c = *state;
	const struct rte_flow_item items[] = {
		IT(ETH, NULL, NULL), IT(IPV4, NULL, NULL),
		IT(UDP, &udp_4789, &m_udp_dst), IT_END };

	must_create(c, items, 1);
	assert_int_equal(rd(c, GEM_SCRT1(0)), GEM_SCRT1_UDP_EN | 4789u << 12 | 1);
	assert_int_equal(rd(c, GEM_SCRT2(0)), 0);
}

/* TOS alone, and TOS with a UDP destination port: type 1. */
static void
test_tos_type1(void **state)
{
	struct ctx *c = *state;
	const struct rte_flow_item tos[] = {
		IT(ETH, NULL, NULL), IT(IPV4, &ip_a, &m_tos), IT_END };
	const struct rte_flow_item tos_udp[] = {
		IT(IPV4, &ip_a, &m_tos), IT(UDP, &udp_4789, &m_udp_dst),
		IT_END };

	must_create(c, tos, 1);
	must_create(c, tos_udp, 0);
	assert_int_equal(rd(c, GEM_SCRT1(0)),
			 GEM_SCRT1_DSTC_EN | 0xb8u << 4 | 1);
	assert_int_equal(rd(c, GEM_SCRT1(1)), GEM_SCRT1_DSTC_EN |
			 0xb8u << 4 | GEM_SCRT1_UDP_EN | 4789u << 12 | 0);
}

/* TCP destination port: the protocol byte (one byte, low half) and a
 * 16-bit port compare two bytes into the L4 header. */
static void
test_tcp_dst(void **state)
{
	struct ctx *c = *state;
	const struct rte_flow_item items[] = {
		IT(ETH, NULL, NULL), IT(IPV4, NULL, NULL),
		IT(TCP, &tcp_80, &m_tcp_dst), IT_END };

	must_create(c, items, 1);
	assert_int_equal(rd(c, GEM_SCRT2_ETYPE(0)), 0x0800);
	assert_int_equal(rd(c, GEM_SCRT2_CMP_W0(0)), 6u << 16 | 0xff);
	assert_int_equal(rd(c, GEM_SCRT2_CMP_W1(0)), W1(1, 9));
	assert_int_equal(rd(c, GEM_SCRT2_CMP_W0(1)), 0x5000u << 16 | 0xffff);
	assert_int_equal(rd(c, GEM_SCRT2_CMP_W1(1)), W1(2, 2));
	assert_int_equal(rd(c, GEM_SCRT2(0)),
			 ETYPE(0) | CMP(0, 0) | CMP(1, 1) | 1);
}

/* A TCP source port: offset 0 into the L4 header. */
static void
test_tcp_src(void **state)
{
	struct ctx *c = *state;
	const struct rte_flow_item items[] = {
		IT(IPV4, NULL, NULL), IT(TCP, &tcp_80, &m_tcp_src), IT_END };

	must_create(c, items, 1);
	assert_int_equal(rd(c, GEM_SCRT2_CMP_W0(1)), 0x5000u << 16 | 0xffff);
	assert_int_equal(rd(c, GEM_SCRT2_CMP_W1(1)), W1(2, 0));
}

/* IPv4 source and both UDP ports: three compares, the ports as one
 * 32-bit word; UDP's protocol number in the second. */
static void
test_udp_both_ports(void **state)
{
	struct ctx *c = *state;
	const struct rte_flow_item items[] = {
		IT(ETH, NULL, NULL), IT(IPV4, &ip_a, &m_src),
		IT(UDP, &udp_a, &m_udp_both), IT_END };

	must_create(c, items, 1);
	assert_int_equal(rd(c, GEM_SCRT2_CMP_W0(0)), 0x0100000a);
	assert_int_equal(rd(c, GEM_SCRT2_CMP_W1(0)), W1_32(1, 12));
	assert_int_equal(rd(c, GEM_SCRT2_CMP_W0(1)), 17u << 16 | 0xff);
	assert_int_equal(rd(c, GEM_SCRT2_CMP_W1(1)), W1(1, 9));
	/* 1000 = 03 e8, 2000 = 07 d0, on the wire in that order. */
	assert_int_equal(rd(c, GEM_SCRT2_CMP_W0(2)), 0xd007e803);
	assert_int_equal(rd(c, GEM_SCRT2_CMP_W1(2)), W1_32(2, 0));
	assert_int_equal(rd(c, GEM_SCRT2(0)), ETYPE(0) | CMP(0, 0) |
			 CMP(1, 1) | CMP(2, 2) | 1);
}

/* The protocol byte alone, TOS with an address (type 2: a byte compare),
 * and IPv4 alone (the EtherType only). */
static void
test_ipv4_type2_bytes(void **state)
{
	struct ctx *c = *state;
	const struct rte_flow_item proto[] = {
		IT(IPV4, &ip_a, &m_proto), IT_END };
	const struct rte_flow_item_ipv4 m_tos_src = {
		.hdr.type_of_service = 0xff,
		.hdr.src_addr = RTE_BE32(UINT32_MAX) };
	const struct rte_flow_item tos_src[] = {
		IT(IPV4, &ip_a, &m_tos_src), IT_END };
	const struct rte_flow_item any[] = {
		IT(ETH, NULL, NULL), IT(IPV4, NULL, NULL), IT_END };

	must_create(c, proto, 1);
	assert_int_equal(rd(c, GEM_SCRT2_CMP_W0(0)), 17u << 16 | 0xff);
	assert_int_equal(rd(c, GEM_SCRT2(0)), ETYPE(0) | CMP(0, 0) | 1);
	must_create(c, tos_src, 0);
	assert_int_equal(rd(c, GEM_SCRT2_CMP_W0(1)), 0x0100000a);
	assert_int_equal(rd(c, GEM_SCRT2_CMP_W0(2)), 0xb8u << 16 | 0xff);
	assert_int_equal(rd(c, GEM_SCRT2_CMP_W1(2)), W1(1, 1));
	/* The second IPv4 rule shares EtherType register 0. */
	assert_int_equal(rd(c, GEM_SCRT2(1)), ETYPE(0) | CMP(0, 1) |
			 CMP(1, 2) | 0);
	must_create(c, any, 1);
	assert_int_equal(rd(c, GEM_SCRT2(2)), ETYPE(0) | 1);
	assert_int_equal(rd(c, GEM_SCRT2_ETYPE(1)), 0);
}

/* ---------------------------------------------------------- refused */

struct reject {
	const char *why;
	const struct rte_flow_attr *attr;
	const struct rte_flow_item *items;
	const struct rte_flow_action *acts;
	int err;
	enum rte_flow_error_type type;
	const char *msg;
};

static void
check_reject(struct ctx *c, const struct reject *r)
{
	struct rte_flow_error err;
	struct rte_flow *f;
	int ret;

	memset(&err, 0, sizeof(err));
	ret = rte_flow_validate(c->port, r->attr, r->items, r->acts, &err);
	if (ret != -r->err || err.type != r->type || err.message == NULL ||
	    strcmp(err.message, r->msg) != 0)
		fail_msg("%s: validate gave %d, type %d, \"%s\"", r->why, ret,
			 err.type, err.message ? err.message : "(none)");
	memset(&err, 0, sizeof(err));
	f = rte_flow_create(c->port, r->attr, r->items, r->acts, &err);
	assert_null(f);
	assert_int_equal(rte_errno, r->err);
	assert_string_equal(err.message, r->msg);
}

static void
test_rejections(void **state)
{
	struct ctx *c = *state;
	static const struct rte_flow_action_queue q1 = { .index = 1 };
	static const struct rte_flow_action_queue q2 = { .index = 2 };
	static const struct rte_flow_action_mark mark = { .id = 1 };
	static const struct rte_flow_action a_q1[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q1 },
		{ .type = RTE_FLOW_ACTION_TYPE_END } };
	static const struct rte_flow_action a_drop[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_DROP },
		{ .type = RTE_FLOW_ACTION_TYPE_END } };
	static const struct rte_flow_action a_mark[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_MARK, .conf = &mark },
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q1 },
		{ .type = RTE_FLOW_ACTION_TYPE_END } };
	static const struct rte_flow_action a_two[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q1 },
		{ .type = RTE_FLOW_ACTION_TYPE_VOID },
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q1 },
		{ .type = RTE_FLOW_ACTION_TYPE_END } };
	static const struct rte_flow_action a_noconf[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE },
		{ .type = RTE_FLOW_ACTION_TYPE_END } };
	static const struct rte_flow_action a_q2[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q2 },
		{ .type = RTE_FLOW_ACTION_TYPE_END } };
	static const struct rte_flow_action a_none[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_VOID },
		{ .type = RTE_FLOW_ACTION_TYPE_END } };
	static const struct rte_flow_attr egress = { .egress = 1 };
	static const struct rte_flow_attr transfer = { .transfer = 1 };
	static const struct rte_flow_attr neither = { 0 };
	static const struct rte_flow_attr group = { .ingress = 1, .group = 1 };
	static const struct rte_flow_attr prio = { .ingress = 1,
						   .priority = 1 };
	static const struct rte_flow_item_eth eth_ip = {
		.hdr.ether_type = RTE_BE16(0x0800) };
	static const struct rte_flow_item_eth eth_v6 = {
		.hdr.ether_type = RTE_BE16(0x86dd) };
	static const struct rte_flow_item_eth m_dst = {
		.hdr.dst_addr.addr_bytes = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
	static const struct rte_flow_item_eth m_has_vlan = { .has_vlan = 1 };
	static const struct rte_flow_item_eth m_type_half = {
		.hdr.ether_type = RTE_BE16(0xff00) };
	static const struct rte_flow_item_vlan vlan = {
		.hdr.vlan_tci = RTE_BE16(3u << 13) };
	static const struct rte_flow_item_vlan m_vid = {
		.hdr.vlan_tci = RTE_BE16(0x0fff) };
	static const struct rte_flow_item_vlan m_pcp2 = {
		.hdr.vlan_tci = RTE_BE16(0x6000) };
	static const struct rte_flow_item_vlan m_inner = {
		.hdr.vlan_tci = RTE_BE16(0xe000), .hdr.eth_proto = RTE_BE16(0xffff) };
	static const struct rte_flow_item_ipv4 m_ttl = {
		.hdr.time_to_live = 0xff };
	static const struct rte_flow_item_ipv4 m_src24 = {
		.hdr.src_addr = RTE_BE32(0xffffff00) };
	static const struct rte_flow_item_ipv4 m_tos_dscp = {
		.hdr.type_of_service = 0xfc };
	static const struct rte_flow_item_ipv4 m_proto_half = {
		.hdr.next_proto_id = 0x0f };
	static const struct rte_flow_item_ipv4 ip_tcp = {
		.hdr.next_proto_id = IPPROTO_TCP };
	static const struct rte_flow_item_ipv4 m_all4 = {
		.hdr.src_addr = RTE_BE32(UINT32_MAX),
		.hdr.dst_addr = RTE_BE32(UINT32_MAX),
		.hdr.type_of_service = 0xff };
	static const struct rte_flow_item_udp m_udp_len = {
		.hdr.dgram_len = RTE_BE16(0xffff) };
	static const struct rte_flow_item_udp m_udp_range = {
		.hdr.dst_port = RTE_BE16(0xff00) };
	static const struct rte_flow_item_tcp m_tcp_flags = {
		.hdr.tcp_flags = 0xff };
	static const struct rte_flow_item_ipv6 ip6 = { 0 };
	static const struct rte_flow_item_udp udp_last = {
		.hdr.dst_port = RTE_BE16(5000) };

#define P(...) ((const struct rte_flow_item[]){ __VA_ARGS__, IT_END })
#define ITEM_LAST(s, m, l) { .type = RTE_FLOW_ITEM_TYPE_UDP, .spec = (s), \
			     .mask = (m), .last = (l) }
	const struct rte_flow_item *udp = P(IT(IPV4, NULL, NULL),
					    IT(UDP, &udp_4789, &m_udp_dst));
	const struct reject cases[] = {
		{ "egress", &egress, udp, a_q1, ENOTSUP,
		  RTE_FLOW_ERROR_TYPE_ATTR_EGRESS,
		  "egress: GEM screeners steer received frames only" },
		{ "transfer", &transfer, udp, a_q1, ENOTSUP,
		  RTE_FLOW_ERROR_TYPE_ATTR_TRANSFER,
		  "transfer: the GEM has no switch" },
		{ "no ingress", &neither, udp, a_q1, EINVAL,
		  RTE_FLOW_ERROR_TYPE_ATTR_INGRESS,
		  "ingress: GEM screener rules are ingress rules; set it" },
		{ "group", &group, udp, a_q1, ENOTSUP,
		  RTE_FLOW_ERROR_TYPE_ATTR_GROUP,
		  "group: the GEM has one table; use group 0" },
		{ "priority", &prio, udp, a_q1, ENOTSUP,
		  RTE_FLOW_ERROR_TYPE_ATTR_PRIORITY,
		  "priority: the GEM orders its screeners itself (type 1 before type 2); use priority 0" },
		{ "eth dst", &ingress, P(IT(ETH, &eth_ip, &m_dst)), a_q1,
		  ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM_MASK,
		  "ETH dst/src: GEM screeners do not match MAC addresses; its address filters do (rte_eth_dev_mac_addr_add)" },
		{ "eth has_vlan", &ingress, P(IT(ETH, &eth_ip, &m_has_vlan)),
		  a_q1, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM_MASK,
		  "ETH has_vlan: GEM screeners cannot check for a tag; match a VLAN pcp instead" },
		{ "eth type half", &ingress, P(IT(ETH, &eth_ip, &m_type_half)),
		  a_q1, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM_MASK,
		  "ETH type: the GEM compares EtherTypes whole; use mask 0xffff" },
		{ "vlan after type", &ingress,
		  P(IT(ETH, &eth_ip, &m_type), IT(VLAN, &vlan, &m_pcp)), a_q1,
		  ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM,
		  "VLAN after ETH type: the GEM's VLAN check is its own; leave ETH type out" },
		{ "vlan bare", &ingress, P(IT(VLAN, NULL, NULL)), a_q1,
		  ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM,
		  "VLAN without pcp: a GEM screener matches a tag's priority, not its presence" },
		{ "vlan inner", &ingress, P(IT(VLAN, &vlan, &m_inner)), a_q1,
		  ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM_MASK,
		  "VLAN inner_type/has_more_vlan: a GEM screener matches the priority (pcp) only" },
		{ "vlan vid", &ingress, P(IT(VLAN, &vlan, &m_vid)), a_q1,
		  ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM_MASK,
		  "VLAN tci: a GEM screener matches all three pcp bits and nothing else (mask 0xe000)" },
		{ "vlan pcp part", &ingress, P(IT(VLAN, &vlan, &m_pcp2)), a_q1,
		  ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM_MASK,
		  "VLAN tci: a GEM screener matches all three pcp bits and nothing else (mask 0xe000)" },
		{ "ipv4 after vlan", &ingress,
		  P(IT(VLAN, &vlan, &m_pcp), IT(IPV4, NULL, NULL)), a_q1,
		  ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM,
		  "IPv4 after VLAN: the GEM finds IPv4 fields in untagged frames only" },
		{ "ipv4 after v6 type", &ingress,
		  P(IT(ETH, &eth_v6, &m_type), IT(IPV4, NULL, NULL)), a_q1,
		  EINVAL, RTE_FLOW_ERROR_TYPE_ITEM,
		  "IPv4 after an ETH type other than 0x0800 matches nothing" },
		{ "ipv4 ttl", &ingress, P(IT(IPV4, &ip_a, &m_ttl)), a_q1,
		  ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM_MASK,
		  "IPv4: GEM screeners match src, dst, tos and proto only (not version/ihl, length, id, fragment, ttl, checksum)" },
		{ "ipv4 /24", &ingress, P(IT(IPV4, &ip_a, &m_src24)), a_q1,
		  ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM_MASK,
		  "IPv4 src/dst: the GEM compares addresses whole; use a /32 mask" },
		{ "ipv4 dscp", &ingress, P(IT(IPV4, &ip_a, &m_tos_dscp)), a_q1,
		  ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM_MASK,
		  "IPv4 tos: the GEM compares the TOS byte whole; use mask 0xff" },
		{ "ipv4 proto part", &ingress,
		  P(IT(IPV4, &ip_a, &m_proto_half)), a_q1, ENOTSUP,
		  RTE_FLOW_ERROR_TYPE_ITEM_MASK,
		  "IPv4 proto: the GEM compares the protocol byte whole; use mask 0xff" },
		{ "udp alone", &ingress, P(IT(ETH, NULL, NULL),
		  IT(UDP, &udp_4789, &m_udp_dst)), a_q1, ENOTSUP,
		  RTE_FLOW_ERROR_TYPE_ITEM,
		  "UDP/TCP without IPv4 before it: the GEM finds ports after an IPv4 header only" },
		{ "udp after tcp proto", &ingress, P(IT(IPV4, &ip_tcp, &m_proto),
		  IT(UDP, &udp_4789, &m_udp_dst)), a_q1, EINVAL,
		  RTE_FLOW_ERROR_TYPE_ITEM,
		  "UDP/TCP after an IPv4 proto of another protocol matches nothing" },
		{ "udp length", &ingress, P(IT(IPV4, NULL, NULL),
		  IT(UDP, &udp_4789, &m_udp_len)), a_q1, ENOTSUP,
		  RTE_FLOW_ERROR_TYPE_ITEM_MASK,
		  "UDP: GEM screeners match the ports only (not length, checksum)" },
		{ "tcp flags", &ingress, P(IT(IPV4, NULL, NULL),
		  IT(TCP, &tcp_80, &m_tcp_flags)), a_q1, ENOTSUP,
		  RTE_FLOW_ERROR_TYPE_ITEM_MASK,
		  "TCP: GEM screeners match the ports only (not seq, ack, offset, flags, window, checksum, urp)" },
		{ "port range", &ingress, P(IT(IPV4, NULL, NULL),
		  IT(UDP, &udp_4789, &m_udp_range)), a_q1, ENOTSUP,
		  RTE_FLOW_ERROR_TYPE_ITEM_MASK,
		  "UDP/TCP port: net_gem matches whole ports only; use mask 0xffff" },
		{ "ipv6", &ingress, P(IT(ETH, NULL, NULL), IT(IPV6, &ip6, NULL)),
		  a_q1, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM,
		  "item: GEM screeners match ETH, VLAN, IPV4, UDP and TCP only" },
		{ "order", &ingress, P(IT(IPV4, NULL, NULL),
		  IT(UDP, &udp_4789, &m_udp_dst), IT(IPV4, NULL, NULL)), a_q1,
		  EINVAL, RTE_FLOW_ERROR_TYPE_ITEM,
		  "items out of order or repeated: ETH, VLAN, IPV4, then UDP or TCP, each at most once" },
		{ "last", &ingress, P(IT(IPV4, NULL, NULL),
		  ITEM_LAST(&udp_4789, &m_udp_dst, &udp_last)), a_q1, ENOTSUP,
		  RTE_FLOW_ERROR_TYPE_ITEM_LAST,
		  "last: GEM screeners match values, not ranges" },
		{ "four compares", &ingress, P(IT(IPV4, &ip_a, &m_all4),
		  IT(UDP, &udp_4789, &m_udp_dst)), a_q1, ENOTSUP,
		  RTE_FLOW_ERROR_TYPE_ITEM,
		  "too many fields: IPv4 src, dst, tos, proto (implied by UDP/TCP) and the ports take one GEM compare each, and a screener has 3" },
		{ "empty", &ingress, P(IT(ETH, NULL, NULL)), a_q1, ENOTSUP,
		  RTE_FLOW_ERROR_TYPE_ITEM,
		  "empty pattern: a GEM screener needs a field to match; unmatched frames go to queue 0 anyway" },
		{ "no pattern", &ingress, NULL, a_q1, EINVAL,
		  RTE_FLOW_ERROR_TYPE_ITEM_NUM, "no pattern" },
		{ "drop", &ingress, udp, a_drop, ENOTSUP,
		  RTE_FLOW_ERROR_TYPE_ACTION,
		  "DROP: GEM screeners only choose a queue (no drop bit in QEMU's model or Linux's macb); steer to a queue and drop there" },
		{ "mark", &ingress, udp, a_mark, ENOTSUP,
		  RTE_FLOW_ERROR_TYPE_ACTION,
		  "action: GEM screeners do QUEUE only" },
		{ "two queues", &ingress, udp, a_two, EINVAL,
		  RTE_FLOW_ERROR_TYPE_ACTION,
		  "a second QUEUE: a GEM screener steers to one queue" },
		{ "queue no conf", &ingress, udp, a_noconf, EINVAL,
		  RTE_FLOW_ERROR_TYPE_ACTION_CONF, "QUEUE without its index" },
		{ "queue 2 of 2", &ingress, udp, a_q2, EINVAL,
		  RTE_FLOW_ERROR_TYPE_ACTION_CONF,
		  "QUEUE index: the port has no such RX queue; configure more queues" },
		{ "no queue", &ingress, udp, a_none, EINVAL,
		  RTE_FLOW_ERROR_TYPE_ACTION_NUM,
		  "no QUEUE action: a GEM screener needs the queue to steer to" },
		{ "no actions", &ingress, udp, NULL, EINVAL,
		  RTE_FLOW_ERROR_TYPE_ACTION_NUM, "no actions" },
	};
	unsigned int i, r;
#undef P
#undef ITEM_LAST

	for (i = 0; i < RTE_DIM(cases); i++)
		check_reject(c, &cases[i]);
	/* Nothing was programmed on the way. */
	for (r = 0; r < 4; r++) {
		assert_int_equal(rd(c, GEM_SCRT1(r)), 0);
		assert_int_equal(rd(c, GEM_SCRT2(r)), 0);
	}
}

/* --------------------------------------- running out, giving back */

/* QEMU's model: four type 1 screeners; validate takes none. */
static void
test_type1_full(void **state)
{
	struct ctx *c = *state;
	struct rte_flow_item_udp u[5];
	struct rte_flow_item items[] = {
		IT(IPV4, NULL, NULL), IT(UDP, NULL, &m_udp_dst), IT_END };
	struct rte_flow *f[4];
	struct rte_flow_error err;
	unsigned int i;

	for (i = 0; i < 5; i++) {
		memset(&u[i], 0, sizeof(u[i]));
		u[i].hdr.dst_port = rte_cpu_to_be_16(5000 + i);
	}
	for (i = 0; i < 4; i++) {
		items[1].spec = &u[i];
		f[i] = must_create(c, items, 1);
	}
	items[1].spec = &u[4];
	assert_null(create_q(c, items, 1, &err));
	assert_int_equal(rte_errno, ENOSPC);
	assert_string_equal(err.message,
		"every type 1 screener (UDP dst / IPv4 tos rules) is taken; destroy a rule");
	/* One destroyed: its screener is off, and a new rule takes it. */
	assert_int_equal(rte_flow_destroy(c->port, f[2], &err), 0);
	assert_int_equal(rd(c, GEM_SCRT1(2)), 0);
	assert_int_equal(rte_flow_destroy(c->port, f[2], &err), -EINVAL);
	assert_string_equal(err.message,
		"not a rule this port's application created (already destroyed, or from a devarg)");
	assert_int_equal(rte_flow_validate(c->port, &ingress, items,
		(struct rte_flow_action[]){
			{ .type = RTE_FLOW_ACTION_TYPE_QUEUE,
			  .conf = &(struct rte_flow_action_queue){ 1 } },
			{ .type = RTE_FLOW_ACTION_TYPE_END } }, &err), 0);
	must_create(c, items, 0);
	assert_int_equal(rd(c, GEM_SCRT1(2)),
			 GEM_SCRT1_UDP_EN | 5004u << 12 | 0);
	assert_int_equal(rte_flow_flush(c->port, &err), 0);
	for (i = 0; i < 4; i++)
		assert_int_equal(rd(c, GEM_SCRT1(i)), 0);
}

/* Four type 2 screeners and EtherType registers on QEMU's model; IPv4
 * rules share one, and a freed register takes a new type. Compare
 * registers run out too. */
static void
test_etype_and_compares_full(void **state)
{
	struct ctx *c = *state;
	struct rte_flow_item_eth e[5];
	struct rte_flow_item items[] = { IT(ETH, NULL, &m_type), IT_END };
	const struct rte_flow_item ip2[] = {
		IT(IPV4, &ip_a, &m_srcdst), IT_END };
	struct rte_flow *f[4], *g;
	struct rte_flow_error err;
	unsigned int i;

	for (i = 0; i < 5; i++) {
		memset(&e[i], 0, sizeof(e[i]));
		e[i].type = rte_cpu_to_be_16(0x88b0 + i);
	}
	for (i = 0; i < 3; i++) {
		items[0].spec = &e[i];
		f[i] = must_create(c, items, 1);
	}
	/* The fourth register holds 0x0800, for the IPv4 rule. */
	f[3] = must_create(c, ip2, 1);
	assert_int_equal(rd(c, GEM_SCRT2_ETYPE(3)), 0x0800);
	items[0].spec = &e[4];
	assert_null(create_q(c, items, 1, &err));
	assert_int_equal(rte_errno, ENOSPC);
	assert_string_equal(err.message,
		"every type 2 screener is taken; destroy a rule");
	/* Two of the four compares taken; a rule wanting three is refused
	 * and one wanting two is not. */
	assert_int_equal(rte_flow_destroy(c->port, f[0], &err), 0);
	assert_null(create_q(c, (const struct rte_flow_item[]){
		IT(IPV4, &ip_a, &m_src), IT(UDP, &udp_a, &m_udp_both), IT_END },
		1, &err));
	assert_int_equal(rte_errno, ENOSPC);
	assert_string_equal(err.message,
		"not enough free GEM compare registers (IPv4 address, tos, proto and port matches take them); destroy a rule");
	g = must_create(c, ip2, 0);
	assert_int_equal(rd(c, GEM_SCRT2(0)), ETYPE(3) | CMP(0, 2) |
			 CMP(1, 3) | 0);
	assert_int_equal(rte_flow_destroy(c->port, g, &err), 0);
	/* The freed EtherType register 0 takes the new type. */
	items[0].spec = &e[4];
	must_create(c, items, 1);
	assert_int_equal(rd(c, GEM_SCRT2_ETYPE(0)), 0x88b4);
}

/* A design's own counts (DCFG8): 1 type 1, 2 type 2, 1 EtherType,
 * 3 compares; none at all refuses with the register named. */
static void
test_dcfg8_counts(void **state)
{
	struct port_cfg cfg = {
		.dcfg6 = QEMU_DCFG6, .coherent = true, .nb_queues = 2,
		.silicon = true,
		.dcfg8 = 1u << 24 | 2u << 16 | 1u << 8 | 3u,
	};
	struct ctx *c = ctx_new(&cfg);
	const struct rte_flow_item udp[] = {
		IT(IPV4, NULL, NULL), IT(UDP, &udp_4789, &m_udp_dst), IT_END };
	const struct rte_flow_item tcp[] = {
		IT(IPV4, NULL, NULL), IT(TCP, &tcp_80, &m_tcp_dst), IT_END };
	const struct rte_flow_item_eth arp = { .hdr.ether_type = RTE_BE16(0x0806) };
	const struct rte_flow_item eth[] = { IT(ETH, &arp, &m_type), IT_END };
	struct rte_flow_error err;

	(void)state;
	must_create(c, udp, 1);
	assert_null(create_q(c, udp, 1, &err));
	assert_int_equal(rte_errno, ENOSPC);
	must_create(c, tcp, 1);
	/* One EtherType register, holding 0x0800. */
	assert_null(create_q(c, eth, 1, &err));
	assert_string_equal(err.message,
		"every GEM EtherType register holds another type; destroy a rule matching another EtherType");
	/* Two compares taken of three. */
	assert_null(create_q(c, tcp, 1, &err));
	assert_string_equal(err.message,
		"not enough free GEM compare registers (IPv4 address, tos, proto and port matches take them); destroy a rule");
	ctx_free(c);

	cfg.dcfg8 = 0;
	c = ctx_new(&cfg);
	assert_null(create_q(c, udp, 1, &err));
	assert_string_equal(err.message,
		"this GEM has no type 1 screeners (DCFG8), which UDP dst and IPv4 tos rules take");
	assert_null(create_q(c, tcp, 1, &err));
	assert_string_equal(err.message,
		"this GEM has no type 2 screeners (DCFG8), which every other rule takes");
	ctx_free(c);
}

/* The devargs' rules come first, survive flush and cannot be destroyed;
 * dev_start writes every rule again; a rule to a queue the port lost
 * stops dev_start. */
static void
test_devargs_flush_restart(void **state)
{
	struct port_cfg cfg = {
		.dcfg6 = QEMU_DCFG6, .coherent = true, .nb_queues = 2,
		.steer = { .nb_etype = 1, .etype = { { 0x88b5, 1 } },
			   .nb_udp = 1, .udp = { { 4789, 1 } } },
	};
	struct ctx *c = ctx_new(&cfg);
	const struct rte_flow_item udp[] = {
		IT(IPV4, NULL, NULL), IT(UDP, &udp_a, &m_udp_dst), IT_END };
	struct rte_flow_error err;
	uint32_t t1_0, t2_0;

	(void)state;
	t1_0 = rd(c, GEM_SCRT1(0));
	t2_0 = rd(c, GEM_SCRT2(0));
	assert_int_equal(t1_0, GEM_SCRT1_UDP_EN | 4789u << 12 | 1);
	assert_int_equal(t2_0, ETYPE(0) | 1);
	must_create(c, udp, 1);
	assert_int_equal(rd(c, GEM_SCRT1(1)), GEM_SCRT1_UDP_EN | 2000u << 12 | 1);
	/* A reset GEM forgets its screeners; dev_start puts them back. */
	assert_int_equal(rte_eth_dev_stop(c->port), 0);
	fakegem_wr(&c->f, GEM_SCRT1(0), 0);
	fakegem_wr(&c->f, GEM_SCRT1(1), 0);
	fakegem_wr(&c->f, GEM_SCRT2(0), 0);
	port_start(c);
	assert_int_equal(rd(c, GEM_SCRT1(0)), t1_0);
	assert_int_equal(rd(c, GEM_SCRT1(1)), GEM_SCRT1_UDP_EN | 2000u << 12 | 1);
	assert_int_equal(rd(c, GEM_SCRT2(0)), t2_0);
	assert_int_equal(rte_flow_flush(c->port, &err), 0);
	assert_int_equal(rd(c, GEM_SCRT1(0)), t1_0);
	assert_int_equal(rd(c, GEM_SCRT1(1)), 0);
	assert_int_equal(rd(c, GEM_SCRT2(0)), t2_0);
	/* Queue 1 gone: start refused until the port has it again. */
	must_create(c, udp, 1);
	assert_int_equal(rte_eth_dev_stop(c->port), 0);
	c->cfg.nb_queues = 1;
	port_setup(c);
	assert_int_not_equal(rte_eth_dev_start(c->port), 0);
	c->cfg.nb_queues = 2;
	port_setup(c);
	port_start(c);
	ctx_free(c);
}

#define TQ(f) cmocka_unit_test_setup_teardown(f, setup_qemu, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TQ(test_eth_type),
		TQ(test_vlan_pcp),
		TQ(test_ipv4_addresses),
		TQ(test_udp_dst_type1),
		TQ(test_tos_type1),
		TQ(test_tcp_dst),
		TQ(test_tcp_src),
		TQ(test_udp_both_ports),
		TQ(test_ipv4_type2_bytes),
		TQ(test_rejections),
		TQ(test_type1_full),
		TQ(test_etype_and_compares_full),
		cmocka_unit_test(test_dcfg8_counts),
		cmocka_unit_test(test_devargs_flush_restart),
	};

	return cmocka_run_group_tests_name("gem_flow", tests, eal_setup,
					   eal_teardown);
}
