/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * rte_flow on the GEM's screeners. What the hardware can check, and so
 * what a rule may ask:
 *   type 1: the UDP destination port, the IPv4 TOS (DS/TC) byte, or both;
 *   type 2: an EtherType, the VLAN priority, and up to three compares of
 *           16 masked or 32 exact bits at an offset from the frame start,
 *           the L3 header or the L4 header.
 * A rule takes a type 1 screener when it asks for a UDP destination port
 * and/or TOS only (as the udp_rxq devarg always did), else a type 2 one,
 * built as Linux's macb builds ethtool -N rules: EtherType 0x0800 for any
 * IPv4 rule, one 32-bit compare per address, one for the ports. We add one
 * for the protocol byte whenever UDP or TCP is named, since the port
 * compares alone would match either. The only action is QUEUE: no public
 * description of the GEM (QEMU's model, macb) gives its screeners a way
 * to drop.
 */

#include <errno.h>
#include <stddef.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "gem_ethdev.h"
#include "gem_flow.h"
#include "gem_hw_ops.h"

/* Where the IPv4 fields we compare lie, from the L3 header. */
#define GEM_IP_TOS_OFF   1
#define GEM_IP_PROTO_OFF 9
#define GEM_IP_SRC_OFF   12
#define GEM_IP_DST_OFF   16
/* And the ports, from the L4 header. */
#define GEM_L4_SPORT_OFF 0
#define GEM_L4_DPORT_OFF 2
#define GEM_VLAN_PCP_SHIFT 13

/* What a pattern matches, gathered item by item. */
struct gem_flow_match {
	int layer;		/* the last item's: orders the items */
	bool eth_type;
	uint16_t etype;
	bool vlan;
	uint8_t pcp;
	bool ipv4;
	bool tos;
	uint8_t tos_v;
	bool proto;
	uint8_t proto_v;
	bool src;
	bool dst;
	uint8_t src_v[4];	/* as on the wire */
	uint8_t dst_v[4];
	uint8_t l4;		/* IPPROTO_UDP, IPPROTO_TCP or 0 */
	bool sport;
	bool dport;
	uint8_t sport_v[2];
	uint8_t dport_v[2];
};

enum { GEM_L_ETH = 1, GEM_L_VLAN, GEM_L_IPV4, GEM_L_L4 };

static int
gem_flow_fail(struct rte_flow_error *error, int code,
	      enum rte_flow_error_type type, const void *cause,
	      const char *msg)
{
	return rte_flow_error_set(error, code, type, cause, msg);
}

static bool
gem_any(const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n-- > 0)
		if (b[n] != 0)
			return true;
	return false;
}

/* Frame bytes as a compare register takes them: the first one lowest. */
static uint32_t
gem_cmp_bytes(const uint8_t *b, unsigned int n)
{
	uint32_t v = 0;

	while (n-- > 0)
		v = (v << 8) | b[n];
	return v;
}

static struct gem_flow_cmp
gem_cmp32(unsigned int base, unsigned int off, const uint8_t *b)
{
	struct gem_flow_cmp c = {
		.w0 = gem_cmp_bytes(b, 4),
		.w1 = GEM_T2CMPW1_DISMSK | GEM_SET(GEM_T2CMPW1_BASE, base) |
		      GEM_SET(GEM_T2CMPW1_OFFSET, off),
	};

	return c;
}

/*
 * One byte: in the low half, which QEMU's model (it compares the byte at
 * the offset twice over) reads as silicon does.
 */
static struct gem_flow_cmp
gem_cmp8(unsigned int base, unsigned int off, uint8_t v)
{
	struct gem_flow_cmp c = {
		.w0 = GEM_SET(GEM_T2CMPW0_VALUE, v) |
		      GEM_SET(GEM_T2CMPW0_MASK, 0xffu),
		.w1 = GEM_SET(GEM_T2CMPW1_BASE, base) |
		      GEM_SET(GEM_T2CMPW1_OFFSET, off),
	};

	return c;
}

static struct gem_flow_cmp
gem_cmp16(unsigned int base, unsigned int off, const uint8_t *b)
{
	struct gem_flow_cmp c = {
		.w0 = GEM_SET(GEM_T2CMPW0_VALUE, gem_cmp_bytes(b, 2)) |
		      GEM_SET(GEM_T2CMPW0_MASK, 0xffffu),
		.w1 = GEM_SET(GEM_T2CMPW1_BASE, base) |
		      GEM_SET(GEM_T2CMPW1_OFFSET, off),
	};

	return c;
}

/* ------------------------------------------------------------- items */

static int
gem_flow_eth(const struct rte_flow_item *it, struct gem_flow_match *m,
	     struct rte_flow_error *e)
{
	const struct rte_flow_item_eth *spec = it->spec;
	const struct rte_flow_item_eth *mask =
		it->mask != NULL ? it->mask : &rte_flow_item_eth_mask;

	if (spec == NULL)
		return 0;
	if (gem_any(&mask->hdr.dst_addr, sizeof(mask->hdr.dst_addr)) ||
	    gem_any(&mask->hdr.src_addr, sizeof(mask->hdr.src_addr)))
		return gem_flow_fail(e, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM_MASK,
			it, "ETH dst/src: GEM screeners do not match MAC addresses; its address filters do (rte_eth_dev_mac_addr_add)");
	if (mask->has_vlan)
		return gem_flow_fail(e, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM_MASK,
			it, "ETH has_vlan: GEM screeners cannot check for a tag; match a VLAN pcp instead");
	if (mask->hdr.ether_type == 0)
		return 0;
	if (mask->hdr.ether_type != RTE_BE16(0xffff))
		return gem_flow_fail(e, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM_MASK,
			it, "ETH type: the GEM compares EtherTypes whole; use mask 0xffff");
	m->eth_type = true;
	m->etype = rte_be_to_cpu_16(spec->hdr.ether_type);
	return 0;
}

static int
gem_flow_vlan(const struct rte_flow_item *it, struct gem_flow_match *m,
	      struct rte_flow_error *e)
{
	const struct rte_flow_item_vlan *spec = it->spec;
	const struct rte_flow_item_vlan *mask =
		it->mask != NULL ? it->mask : &rte_flow_item_vlan_mask;
	uint16_t tci_mask = rte_be_to_cpu_16(mask->hdr.vlan_tci);

	if (m->eth_type)
		return gem_flow_fail(e, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM, it,
			"VLAN after ETH type: the GEM's VLAN check is its own; leave ETH type out");
	if (spec == NULL || tci_mask == 0)
		return gem_flow_fail(e, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM, it,
			"VLAN without pcp: a GEM screener matches a tag's priority, not its presence");
	if (mask->hdr.eth_proto != 0 || mask->has_more_vlan)
		return gem_flow_fail(e, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM_MASK,
			it, "VLAN inner_type/has_more_vlan: a GEM screener matches the priority (pcp) only");
	if (tci_mask != (uint16_t)(7u << GEM_VLAN_PCP_SHIFT))
		return gem_flow_fail(e, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM_MASK,
			it, "VLAN tci: a GEM screener matches all three pcp bits and nothing else (mask 0xe000)");
	m->vlan = true;
	m->pcp = rte_be_to_cpu_16(spec->hdr.vlan_tci) >> GEM_VLAN_PCP_SHIFT;
	return 0;
}

static int
gem_flow_ipv4(const struct rte_flow_item *it, struct gem_flow_match *m,
	      struct rte_flow_error *e)
{
	const struct rte_flow_item_ipv4 *spec = it->spec;
	const struct rte_flow_item_ipv4 *mask =
		it->mask != NULL ? it->mask : &rte_flow_item_ipv4_mask;
	struct rte_ipv4_hdr rest;

	if (m->vlan)
		return gem_flow_fail(e, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM, it,
			"IPv4 after VLAN: the GEM finds IPv4 fields in untagged frames only");
	if (m->eth_type && m->etype != RTE_ETHER_TYPE_IPV4)
		return gem_flow_fail(e, EINVAL, RTE_FLOW_ERROR_TYPE_ITEM, it,
			"IPv4 after an ETH type other than 0x0800 matches nothing");
	m->ipv4 = true;
	if (spec == NULL)
		return 0;
	rest = mask->hdr;
	rest.type_of_service = 0;
	rest.next_proto_id = 0;
	rest.src_addr = 0;
	rest.dst_addr = 0;
	if (gem_any(&rest, sizeof(rest)))
		return gem_flow_fail(e, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM_MASK,
			it, "IPv4: GEM screeners match src, dst, tos and proto only (not version/ihl, length, id, fragment, ttl, checksum)");
	if ((mask->hdr.src_addr != 0 && mask->hdr.src_addr != RTE_BE32(UINT32_MAX)) ||
	    (mask->hdr.dst_addr != 0 && mask->hdr.dst_addr != RTE_BE32(UINT32_MAX)))
		return gem_flow_fail(e, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM_MASK,
			it, "IPv4 src/dst: the GEM compares addresses whole; use a /32 mask");
	if (mask->hdr.type_of_service != 0 && mask->hdr.type_of_service != 0xff)
		return gem_flow_fail(e, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM_MASK,
			it, "IPv4 tos: the GEM compares the TOS byte whole; use mask 0xff");
	if (mask->hdr.next_proto_id != 0 && mask->hdr.next_proto_id != 0xff)
		return gem_flow_fail(e, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM_MASK,
			it, "IPv4 proto: the GEM compares the protocol byte whole; use mask 0xff");
	if (mask->hdr.src_addr != 0) {
		m->src = true;
		memcpy(m->src_v, &spec->hdr.src_addr, 4);
	}
	if (mask->hdr.dst_addr != 0) {
		m->dst = true;
		memcpy(m->dst_v, &spec->hdr.dst_addr, 4);
	}
	if (mask->hdr.type_of_service != 0) {
		m->tos = true;
		m->tos_v = spec->hdr.type_of_service;
	}
	if (mask->hdr.next_proto_id != 0) {
		m->proto = true;
		m->proto_v = spec->hdr.next_proto_id;
	}
	return 0;
}

/* UDP and TCP: their ports lie at the same place. */
static int
gem_flow_l4(const struct rte_flow_item *it, struct gem_flow_match *m,
	    struct rte_flow_error *e)
{
	static const char *const other_fields[] = {
		"UDP: GEM screeners match the ports only (not length, checksum)",
		"TCP: GEM screeners match the ports only (not seq, ack, offset, flags, window, checksum, urp)",
	};
	bool udp = it->type == RTE_FLOW_ITEM_TYPE_UDP;
	const uint8_t *spec = it->spec, *mask = it->mask;
	size_t len, ports = 2 * sizeof(rte_be16_t);
	rte_be16_t msp, mdp;

	if (!m->ipv4)
		return gem_flow_fail(e, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM, it,
			"UDP/TCP without IPv4 before it: the GEM finds ports after an IPv4 header only");
	m->l4 = udp ? IPPROTO_UDP : IPPROTO_TCP;
	if (m->proto && m->proto_v != m->l4)
		return gem_flow_fail(e, EINVAL, RTE_FLOW_ERROR_TYPE_ITEM, it,
			"UDP/TCP after an IPv4 proto of another protocol matches nothing");
	if (mask == NULL)
		mask = udp ? (const uint8_t *)&rte_flow_item_udp_mask :
			     (const uint8_t *)&rte_flow_item_tcp_mask;
	len = udp ? sizeof(struct rte_udp_hdr) : sizeof(struct rte_tcp_hdr);
	if (spec == NULL)
		return 0;
	/* Both headers (and items) begin with the two ports. */
	if (gem_any(mask + ports, len - ports))
		return gem_flow_fail(e, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM_MASK,
			it, other_fields[udp ? 0 : 1]);
	memcpy(&msp, mask, sizeof(msp));
	memcpy(&mdp, mask + sizeof(msp), sizeof(mdp));
	if ((msp != 0 && msp != RTE_BE16(0xffff)) ||
	    (mdp != 0 && mdp != RTE_BE16(0xffff)))
		return gem_flow_fail(e, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM_MASK,
			it, "UDP/TCP port: net_gem matches whole ports only; use mask 0xffff");
	if (msp != 0) {
		m->sport = true;
		memcpy(m->sport_v, spec, 2);
	}
	if (mdp != 0) {
		m->dport = true;
		memcpy(m->dport_v, spec + 2, 2);
	}
	return 0;
}

static int
gem_flow_items(const struct rte_flow_item pattern[], struct gem_flow_match *m,
	       struct rte_flow_error *e)
{
	const struct rte_flow_item *it;
	int layer, ret;

	if (pattern == NULL)
		return gem_flow_fail(e, EINVAL, RTE_FLOW_ERROR_TYPE_ITEM_NUM,
			NULL, "no pattern");
	for (it = pattern; it->type != RTE_FLOW_ITEM_TYPE_END; it++) {
		switch (it->type) {
		case RTE_FLOW_ITEM_TYPE_VOID:
			continue;
		case RTE_FLOW_ITEM_TYPE_ETH:
			layer = GEM_L_ETH;
			break;
		case RTE_FLOW_ITEM_TYPE_VLAN:
			layer = GEM_L_VLAN;
			break;
		case RTE_FLOW_ITEM_TYPE_IPV4:
			layer = GEM_L_IPV4;
			break;
		case RTE_FLOW_ITEM_TYPE_UDP:
		case RTE_FLOW_ITEM_TYPE_TCP:
			layer = GEM_L_L4;
			break;
		default:
			return gem_flow_fail(e, ENOTSUP,
				RTE_FLOW_ERROR_TYPE_ITEM, it,
				"item: GEM screeners match ETH, VLAN, IPV4, UDP and TCP only");
		}
		if (layer <= m->layer)
			return gem_flow_fail(e, EINVAL,
				RTE_FLOW_ERROR_TYPE_ITEM, it,
				"items out of order or repeated: ETH, VLAN, IPV4, then UDP or TCP, each at most once");
		if (it->last != NULL)
			return gem_flow_fail(e, ENOTSUP,
				RTE_FLOW_ERROR_TYPE_ITEM_LAST, it,
				"last: GEM screeners match values, not ranges");
		m->layer = layer;
		switch (layer) {
		case GEM_L_ETH:
			ret = gem_flow_eth(it, m, e);
			break;
		case GEM_L_VLAN:
			ret = gem_flow_vlan(it, m, e);
			break;
		case GEM_L_IPV4:
			ret = gem_flow_ipv4(it, m, e);
			break;
		default:
			ret = gem_flow_l4(it, m, e);
			break;
		}
		if (ret != 0)
			return ret;
	}
	return 0;
}

/* ------------------------------------------------------ the encoding */

static bool
gem_flow_is_t1(const struct gem_flow_match *m)
{
	if (m->vlan || m->src || m->dst || m->sport)
		return false;
	if (m->l4 == IPPROTO_UDP)
		return m->dport;
	/* TOS alone; a protocol byte needs a type 2 compare. */
	return m->l4 == 0 && !m->proto && m->tos;
}

static int
gem_flow_encode(const struct gem_flow_match *m, struct gem_flow_spec *s,
		struct rte_flow_error *e)
{
	struct gem_flow_cmp cmp[5];
	unsigned int n = 0;

	if (gem_flow_is_t1(m)) {
		s->type = GEM_SCR_T1;
		if (m->tos)
			s->scr |= GEM_SCRT1_DSTC_EN |
				  GEM_SET(GEM_SCRT1_DSTC, m->tos_v);
		if (m->dport)
			s->scr |= GEM_SCRT1_UDP_EN |
				  GEM_SET(GEM_SCRT1_UDP,
					  (uint32_t)m->dport_v[0] << 8 |
					  m->dport_v[1]);
		return 0;
	}

	s->type = GEM_SCR_T2;
	if (m->eth_type || m->ipv4) {
		s->etype_en = true;
		s->etype = m->eth_type ? m->etype : RTE_ETHER_TYPE_IPV4;
	}
	if (m->vlan)
		s->scr |= GEM_SCRT2_VLAN_EN | GEM_SET(GEM_SCRT2_VLANPR, m->pcp);
	if (m->src)
		cmp[n++] = gem_cmp32(GEM_T2CMP_BASE_ETYPE, GEM_IP_SRC_OFF,
				     m->src_v);
	if (m->dst)
		cmp[n++] = gem_cmp32(GEM_T2CMP_BASE_ETYPE, GEM_IP_DST_OFF,
				     m->dst_v);
	if (m->tos)
		cmp[n++] = gem_cmp8(GEM_T2CMP_BASE_ETYPE, GEM_IP_TOS_OFF,
				    m->tos_v);
	if (m->proto || m->l4 != 0)
		cmp[n++] = gem_cmp8(GEM_T2CMP_BASE_ETYPE, GEM_IP_PROTO_OFF,
				    m->proto ? m->proto_v : m->l4);
	if (m->sport && m->dport) {
		uint8_t both[4] = { m->sport_v[0], m->sport_v[1],
				    m->dport_v[0], m->dport_v[1] };

		cmp[n++] = gem_cmp32(GEM_T2CMP_BASE_L4, GEM_L4_SPORT_OFF, both);
	} else if (m->sport) {
		cmp[n++] = gem_cmp16(GEM_T2CMP_BASE_L4, GEM_L4_SPORT_OFF,
				     m->sport_v);
	} else if (m->dport) {
		cmp[n++] = gem_cmp16(GEM_T2CMP_BASE_L4, GEM_L4_DPORT_OFF,
				     m->dport_v);
	}
	if (n > GEM_SCRT2_NB_CMP)
		return gem_flow_fail(e, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM, NULL,
			"too many fields: IPv4 src, dst, tos, proto (implied by UDP/TCP) and the ports take one GEM compare each, and a screener has 3");
	if (!s->etype_en && !m->vlan && n == 0)
		return gem_flow_fail(e, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM, NULL,
			"empty pattern: a GEM screener needs a field to match; unmatched frames go to queue 0 anyway");
	memcpy(s->cmp, cmp, n * sizeof(cmp[0]));
	s->nb_cmp = n;
	return 0;
}

static int
gem_flow_attr(const struct rte_flow_attr *attr, struct rte_flow_error *e)
{
	if (attr == NULL)
		return gem_flow_fail(e, EINVAL, RTE_FLOW_ERROR_TYPE_ATTR, NULL,
			"no attributes");
	if (attr->egress)
		return gem_flow_fail(e, ENOTSUP,
			RTE_FLOW_ERROR_TYPE_ATTR_EGRESS, attr,
			"egress: GEM screeners steer received frames only");
	if (attr->transfer)
		return gem_flow_fail(e, ENOTSUP,
			RTE_FLOW_ERROR_TYPE_ATTR_TRANSFER, attr,
			"transfer: the GEM has no switch");
	if (!attr->ingress)
		return gem_flow_fail(e, EINVAL,
			RTE_FLOW_ERROR_TYPE_ATTR_INGRESS, attr,
			"ingress: GEM screener rules are ingress rules; set it");
	if (attr->group != 0)
		return gem_flow_fail(e, ENOTSUP,
			RTE_FLOW_ERROR_TYPE_ATTR_GROUP, attr,
			"group: the GEM has one table; use group 0");
	if (attr->priority != 0)
		return gem_flow_fail(e, ENOTSUP,
			RTE_FLOW_ERROR_TYPE_ATTR_PRIORITY, attr,
			"priority: the GEM orders its screeners itself (type 1 before type 2); use priority 0");
	return 0;
}

static int
gem_flow_actions(struct rte_eth_dev *dev, const struct rte_flow_action actions[],
		 struct gem_flow_spec *s, struct rte_flow_error *e)
{
	const struct rte_flow_action *a;
	const struct rte_flow_action_queue *q;
	bool fate = false;

	if (actions == NULL)
		return gem_flow_fail(e, EINVAL, RTE_FLOW_ERROR_TYPE_ACTION_NUM,
			NULL, "no actions");
	for (a = actions; a->type != RTE_FLOW_ACTION_TYPE_END; a++) {
		switch (a->type) {
		case RTE_FLOW_ACTION_TYPE_VOID:
			continue;
		case RTE_FLOW_ACTION_TYPE_QUEUE:
			break;
		case RTE_FLOW_ACTION_TYPE_DROP:
			return gem_flow_fail(e, ENOTSUP,
				RTE_FLOW_ERROR_TYPE_ACTION, a,
				"DROP: GEM screeners only choose a queue (no drop bit in QEMU's model or Linux's macb); steer to a queue and drop there");
		default:
			return gem_flow_fail(e, ENOTSUP,
				RTE_FLOW_ERROR_TYPE_ACTION, a,
				"action: GEM screeners do QUEUE only");
		}
		if (fate)
			return gem_flow_fail(e, EINVAL,
				RTE_FLOW_ERROR_TYPE_ACTION, a,
				"a second QUEUE: a GEM screener steers to one queue");
		q = a->conf;
		if (q == NULL)
			return gem_flow_fail(e, EINVAL,
				RTE_FLOW_ERROR_TYPE_ACTION_CONF, a,
				"QUEUE without its index");
		if (q->index >= dev->data->nb_rx_queues)
			return gem_flow_fail(e, EINVAL,
				RTE_FLOW_ERROR_TYPE_ACTION_CONF, a,
				"QUEUE index: the port has no such RX queue; configure more queues");
		s->queue = (uint8_t)q->index;
		fate = true;
	}
	if (!fate)
		return gem_flow_fail(e, EINVAL, RTE_FLOW_ERROR_TYPE_ACTION_NUM,
			NULL, "no QUEUE action: a GEM screener needs the queue to steer to");
	return 0;
}

int
gem_flow_parse(struct rte_eth_dev *dev, const struct rte_flow_attr *attr,
	       const struct rte_flow_item pattern[],
	       const struct rte_flow_action actions[],
	       struct gem_flow_spec *spec, struct rte_flow_error *error)
{
	struct gem_flow_match m;
	int ret;

	memset(&m, 0, sizeof(m));
	memset(spec, 0, sizeof(*spec));
	ret = gem_flow_attr(attr, error);
	if (ret == 0)
		ret = gem_flow_items(pattern, &m, error);
	if (ret == 0)
		ret = gem_flow_encode(&m, spec, error);
	if (ret == 0)
		ret = gem_flow_actions(dev, actions, spec, error);
	return ret;
}

/* ------------------------------------------- screeners and registers */

static struct gem_screeners *
gem_scr(struct rte_eth_dev *dev)
{
	return &GEM_ADAPTER(dev)->scr;
}

static unsigned int
gem_flow_slot(const struct gem_screeners *sc, const struct rte_flow *f)
{
	return f->spec.type == GEM_SCR_T1 ? (unsigned int)(f - sc->t1) :
					    (unsigned int)(f - sc->t2);
}

/* Program one rule: its compare and EtherType registers, then the
 * screener that enables them. */
static void
gem_flow_write(struct rte_eth_dev *dev, const struct rte_flow *f)
{
	const struct gem_flow_spec *s = &f->spec;
	unsigned int i = gem_flow_slot(gem_scr(dev), f), n;
	void *regs = gem_regs(dev);
	uint32_t v;

	if (s->type == GEM_SCR_T1) {
		gem_wr(regs, GEM_SCRT1(i),
		       s->scr | GEM_SET(GEM_SCRT1_QUEUE, s->queue));
		return;
	}
	v = s->scr | GEM_SET(GEM_SCRT2_QUEUE, s->queue);
	if (s->etype_en) {
		gem_wr(regs, GEM_SCRT2_ETYPE(f->etype_idx), s->etype);
		v |= GEM_SCRT2_ETYPE_EN |
		     GEM_SET(GEM_SCRT2_ETYPE_IDX, f->etype_idx);
	}
	for (n = 0; n < s->nb_cmp; n++) {
		gem_wr(regs, GEM_SCRT2_CMP_W0(f->cmp_idx[n]), s->cmp[n].w0);
		gem_wr(regs, GEM_SCRT2_CMP_W1(f->cmp_idx[n]), s->cmp[n].w1);
		v |= (uint32_t)f->cmp_idx[n] << GEM_SCRT2_CMP_IDX_SHIFT(n) |
		     GEM_SCRT2_CMP_EN(n);
	}
	gem_wr(regs, GEM_SCRT2(i), v);
}

static const char *
gem_flow_full(const struct gem_screeners *sc, const struct gem_flow_spec *s)
{
	if (s->type == GEM_SCR_T1)
		return sc->nb_t1 == 0 ?
			"this GEM has no type 1 screeners (DCFG8), which UDP dst and IPv4 tos rules take" :
			"every type 1 screener (UDP dst / IPv4 tos rules) is taken; destroy a rule";
	return sc->nb_t2 == 0 ?
		"this GEM has no type 2 screeners (DCFG8), which every other rule takes" :
		"every type 2 screener is taken; destroy a rule";
}

/*
 * Find registers for a rule in f (not yet in use): a free screener, the
 * EtherType register holding its type or a free one, free compares.
 * Nothing is taken; -ENOSPC with the error set when something lacks.
 */
static int
gem_flow_fit(const struct gem_screeners *sc, const struct gem_flow_spec *s,
	     struct rte_flow **slot, uint8_t *etype_idx, uint8_t *cmp_idx,
	     struct rte_flow_error *e)
{
	const struct rte_flow *tab = s->type == GEM_SCR_T1 ? sc->t1 : sc->t2;
	unsigned int nb = s->type == GEM_SCR_T1 ? sc->nb_t1 : sc->nb_t2;
	unsigned int i, n, free_etype = UINT32_MAX;

	for (i = 0; i < nb && tab[i].in_use; i++)
		;
	if (i == nb)
		return gem_flow_fail(e, ENOSPC, RTE_FLOW_ERROR_TYPE_HANDLE,
				     NULL, gem_flow_full(sc, s));
	*slot = (struct rte_flow *)(uintptr_t)&tab[i];
	if (s->type == GEM_SCR_T1)
		return 0;
	if (s->etype_en) {
		for (i = 0; i < sc->nb_etype; i++) {
			if (sc->etype_refs[i] != 0 && sc->etype[i] == s->etype)
				break;
			if (sc->etype_refs[i] == 0 && free_etype == UINT32_MAX)
				free_etype = i;
		}
		if (i == sc->nb_etype && free_etype == UINT32_MAX)
			return gem_flow_fail(e, ENOSPC,
				RTE_FLOW_ERROR_TYPE_HANDLE, NULL,
				"every GEM EtherType register holds another type; destroy a rule matching another EtherType");
		*etype_idx = i < sc->nb_etype ? i : free_etype;
	}
	for (i = 0, n = 0; i < sc->nb_cmp && n < s->nb_cmp; i++)
		if (!(sc->cmp_used & (1u << i)))
			cmp_idx[n++] = i;
	if (n < s->nb_cmp)
		return gem_flow_fail(e, ENOSPC, RTE_FLOW_ERROR_TYPE_HANDLE,
			NULL, "not enough free GEM compare registers (IPv4 address, tos, proto and port matches take them); destroy a rule");
	return 0;
}

struct rte_flow *
gem_flow_add(struct rte_eth_dev *dev, const struct gem_flow_spec *spec,
	     bool devarg, struct rte_flow_error *error)
{
	struct gem_screeners *sc = gem_scr(dev);
	struct rte_flow *f = NULL;
	uint8_t etype_idx = 0, cmp_idx[GEM_SCRT2_NB_CMP];
	unsigned int n;

	if (gem_flow_fit(sc, spec, &f, &etype_idx, cmp_idx, error) != 0)
		return NULL;
	memset(f, 0, sizeof(*f));
	f->spec = *spec;
	f->devarg = devarg;
	f->in_use = true;
	if (spec->type == GEM_SCR_T2) {
		if (spec->etype_en) {
			f->etype_idx = etype_idx;
			sc->etype[etype_idx] = spec->etype;
			sc->etype_refs[etype_idx]++;
		}
		for (n = 0; n < spec->nb_cmp; n++) {
			f->cmp_idx[n] = cmp_idx[n];
			sc->cmp_used |= 1u << cmp_idx[n];
		}
	}
	gem_flow_write(dev, f);
	return f;
}

/* Disable the screener first, so no frame meets half a rule. */
static void
gem_flow_del(struct rte_eth_dev *dev, struct rte_flow *f)
{
	struct gem_screeners *sc = gem_scr(dev);
	unsigned int i = gem_flow_slot(sc, f), n;

	if (f->spec.type == GEM_SCR_T1) {
		gem_wr(gem_regs(dev), GEM_SCRT1(i), 0);
	} else {
		gem_wr(gem_regs(dev), GEM_SCRT2(i), 0);
		if (f->spec.etype_en)
			sc->etype_refs[f->etype_idx]--;
		for (n = 0; n < f->spec.nb_cmp; n++)
			sc->cmp_used &= ~(1u << f->cmp_idx[n]);
	}
	f->in_use = false;
}

void
gem_flow_init(struct rte_eth_dev *dev)
{
	struct gem_adapter *ad = GEM_ADAPTER(dev);
	struct gem_screeners *sc = &ad->scr;
	uint32_t d8 = gem_rd(gem_regs(dev), GEM_DCFG8);

	memset(sc, 0, sizeof(*sc));
	if (d8 == 0 && (ad->caps.quirks & GEM_QUIRK_QEMU)) {
		/*
		 * QEMU 7.2's model reads DCFG8 as 0 yet has four screeners of
		 * each type (its num-type1/2-screeners properties), and calls
		 * an EtherType or compare index beyond that count out of
		 * range.
		 */
		sc->nb_t1 = 4;
		sc->nb_t2 = 4;
		sc->nb_etype = 4;
		sc->nb_cmp = 4;
		return;
	}
	sc->nb_t1 = RTE_MIN(GEM_GET(GEM_DCFG8_T1SCR, d8), (unsigned int)GEM_SCRT1_MAX);
	sc->nb_t2 = RTE_MIN(GEM_GET(GEM_DCFG8_T2SCR, d8), (unsigned int)GEM_SCRT2_MAX);
	sc->nb_etype = RTE_MIN(GEM_GET(GEM_DCFG8_SCR2ETH, d8),
			       (unsigned int)GEM_SCRT2_ETYPE_MAX);
	sc->nb_cmp = RTE_MIN(GEM_GET(GEM_DCFG8_SCR2CMP, d8),
			     (unsigned int)GEM_SCRT2_CMP_MAX);
}

/* ------------------------------------------------------ the flow ops */

static int
gem_flow_validate(struct rte_eth_dev *dev, const struct rte_flow_attr *attr,
		  const struct rte_flow_item pattern[],
		  const struct rte_flow_action actions[],
		  struct rte_flow_error *error)
{
	struct gem_flow_spec spec;
	struct rte_flow *slot;
	uint8_t etype_idx, cmp_idx[GEM_SCRT2_NB_CMP];
	int ret;

	ret = gem_flow_parse(dev, attr, pattern, actions, &spec, error);
	if (ret != 0)
		return ret;
	return gem_flow_fit(gem_scr(dev), &spec, &slot, &etype_idx, cmp_idx,
			    error);
}

static struct rte_flow *
gem_flow_create(struct rte_eth_dev *dev, const struct rte_flow_attr *attr,
		const struct rte_flow_item pattern[],
		const struct rte_flow_action actions[],
		struct rte_flow_error *error)
{
	struct gem_flow_spec spec;

	if (gem_flow_parse(dev, attr, pattern, actions, &spec, error) != 0)
		return NULL;
	return gem_flow_add(dev, &spec, false, error);
}

/* Whether f is a live rule of this port that the application made. */
static bool
gem_flow_ours(const struct gem_screeners *sc, const struct rte_flow *f)
{
	uintptr_t p = (uintptr_t)f;
	bool t1 = p >= (uintptr_t)sc->t1 &&
		  p < (uintptr_t)(sc->t1 + sc->nb_t1);
	bool t2 = p >= (uintptr_t)sc->t2 &&
		  p < (uintptr_t)(sc->t2 + sc->nb_t2);

	return (t1 || t2) && f->in_use && !f->devarg;
}

static int
gem_flow_destroy(struct rte_eth_dev *dev, struct rte_flow *flow,
		 struct rte_flow_error *error)
{
	if (!gem_flow_ours(gem_scr(dev), flow))
		return gem_flow_fail(error, EINVAL, RTE_FLOW_ERROR_TYPE_HANDLE,
			flow, "not a rule this port's application created (already destroyed, or from a devarg)");
	gem_flow_del(dev, flow);
	return 0;
}

/* Every rule the application made; the devargs' stay. */
static int
gem_flow_flush(struct rte_eth_dev *dev, struct rte_flow_error *error)
{
	struct gem_screeners *sc = gem_scr(dev);
	unsigned int i;

	RTE_SET_USED(error);
	for (i = 0; i < sc->nb_t1; i++)
		if (gem_flow_ours(sc, &sc->t1[i]))
			gem_flow_del(dev, &sc->t1[i]);
	for (i = 0; i < sc->nb_t2; i++)
		if (gem_flow_ours(sc, &sc->t2[i]))
			gem_flow_del(dev, &sc->t2[i]);
	return 0;
}

static const struct rte_flow_ops gem_flow_ops = {
	.validate = gem_flow_validate,
	.create = gem_flow_create,
	.destroy = gem_flow_destroy,
	.flush = gem_flow_flush,
};

int
gem_flow_ops_get(struct rte_eth_dev *dev, const struct rte_flow_ops **ops)
{
	RTE_SET_USED(dev);
	*ops = &gem_flow_ops;
	return 0;
}

/* dev_start: every screener as the rules say, the unused ones off. */
void
gem_steer_apply(struct rte_eth_dev *dev)
{
	struct gem_screeners *sc = gem_scr(dev);
	unsigned int i;

	for (i = 0; i < sc->nb_t1; i++) {
		if (sc->t1[i].in_use)
			gem_flow_write(dev, &sc->t1[i]);
		else
			gem_wr(gem_regs(dev), GEM_SCRT1(i), 0);
	}
	for (i = 0; i < sc->nb_t2; i++) {
		if (sc->t2[i].in_use)
			gem_flow_write(dev, &sc->t2[i]);
		else
			gem_wr(gem_regs(dev), GEM_SCRT2(i), 0);
	}
}

/* dev_start: a rule to a queue the port no longer has stops it. */
int
gem_steer_check(struct rte_eth_dev *dev)
{
	struct gem_screeners *sc = gem_scr(dev);
	uint16_t nb_rxq = dev->data->nb_rx_queues;
	const struct rte_flow *f;
	unsigned int i;

	for (i = 0; i < GEM_SCRT1_MAX + GEM_SCRT2_MAX; i++) {
		f = i < GEM_SCRT1_MAX ? &sc->t1[i] : &sc->t2[i - GEM_SCRT1_MAX];
		if (!f->in_use || f->spec.queue < nb_rxq)
			continue;
		GEM_PLOG(ERR, dev, "%s sends frames to RX queue %u but the port has %u RX queue%s: configure more queues, or %s",
			 !f->devarg ? "a flow rule" :
			 f->spec.type == GEM_SCR_T1 ? "devarg " GEM_ARG_UDP_RXQ :
			 "devarg " GEM_ARG_ETYPE_RXQ,
			 f->spec.queue, nb_rxq, nb_rxq == 1 ? "" : "s",
			 f->devarg ? "change the devarg" : "destroy the rule");
		return -EINVAL;
	}
	return 0;
}
