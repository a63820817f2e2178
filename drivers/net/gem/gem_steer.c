/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gem_ethdev.h"
#include "gem_hw_ops.h"

/*
 * RX queue steering with the GEM's screeners. The GEM has no RSS: a frame
 * goes to queue 0 unless a screener claims it. Two kinds are offered, as
 * devargs: EtherType (type 2 screeners, ethertype_rxq=0x88b5:1) and UDP
 * destination port over IPv4 (type 1, udp_rxq=4789:1); several rules are
 * separated by '/'.
 */

static int
gem_steer_add(struct gem_steer_rule *rules, uint8_t *nb, const char *key,
	      const char *rule, unsigned long max_value, char *why)
{
	char *end;
	unsigned long value, queue;

	errno = 0;
	value = strtoul(rule, &end, 0);
	if (errno != 0 || end == rule || *end != ':' || value > max_value) {
		snprintf(why, GEM_STEER_WHY_LEN,
			 "%s: '%s' is not VALUE:QUEUE with VALUE up to 0x%lx",
			 key, rule, max_value);
		return -EINVAL;
	}
	rule = end + 1;
	errno = 0;
	queue = strtoul(rule, &end, 0);
	if (errno != 0 || end == rule || (*end != '\0' && *end != '/') ||
	    queue >= GEM_MAX_QUEUES) {
		snprintf(why, GEM_STEER_WHY_LEN,
			 "%s: the queue after ':' must be 0..%u",
			 key, GEM_MAX_QUEUES - 1);
		return -EINVAL;
	}
	if (*nb == GEM_STEER_MAX) {
		snprintf(why, GEM_STEER_WHY_LEN,
			 "%s: at most %u rules", key, GEM_STEER_MAX);
		return -ENOSPC;
	}
	rules[*nb].value = (uint16_t)value;
	rules[*nb].queue = (uint8_t)queue;
	(*nb)++;
	return 0;
}

int
gem_steer_parse(const char *key, const char *value, struct gem_steer *st,
		char *why)
{
	const char *rule = value;
	int ret;

	do {
		if (strcmp(key, GEM_ARG_ETYPE_RXQ) == 0)
			ret = gem_steer_add(st->etype, &st->nb_etype, key, rule,
					    UINT16_MAX, why);
		else if (strcmp(key, GEM_ARG_UDP_RXQ) == 0)
			ret = gem_steer_add(st->udp, &st->nb_udp, key, rule,
					    UINT16_MAX, why);
		else
			ret = -EINVAL;
		if (ret != 0)
			return ret;
		rule = strchr(rule, '/');
	} while (rule != NULL && *++rule != '\0');
	return 0;
}

static int
gem_steer_check_rules(struct rte_eth_dev *dev, const char *key,
		      const struct gem_steer_rule *rules, uint8_t nb)
{
	uint16_t nb_rxq = dev->data->nb_rx_queues;
	uint8_t i;

	for (i = 0; i < nb; i++) {
		if (rules[i].queue < nb_rxq)
			continue;
		GEM_PLOG(ERR, dev, "%s sends 0x%04x to RX queue %u but the port has %u RX queue%s: configure more queues or change the devarg",
			 key, rules[i].value, rules[i].queue, nb_rxq,
			 nb_rxq == 1 ? "" : "s");
		return -EINVAL;
	}
	return 0;
}

int
gem_steer_check(struct rte_eth_dev *dev)
{
	const struct gem_steer *st = &GEM_ADAPTER(dev)->steer;

	if (gem_steer_check_rules(dev, GEM_ARG_ETYPE_RXQ, st->etype,
				  st->nb_etype) != 0)
		return -EINVAL;
	return gem_steer_check_rules(dev, GEM_ARG_UDP_RXQ, st->udp,
				     st->nb_udp);
}

/* Program every screener: the rules, then nothing in the rest. */
void
gem_steer_apply(struct rte_eth_dev *dev)
{
	const struct gem_steer *st = &GEM_ADAPTER(dev)->steer;
	void *regs = gem_regs(dev);
	unsigned int i;

	for (i = 0; i < GEM_STEER_MAX; i++) {
		uint32_t t1 = 0, t2 = 0;

		if (i < st->nb_udp)
			t1 = GEM_SCRT1_UDP_EN |
			     GEM_SET(GEM_SCRT1_UDP, st->udp[i].value) |
			     GEM_SET(GEM_SCRT1_QUEUE, st->udp[i].queue);
		if (i < st->nb_etype) {
			gem_wr(regs, GEM_SCRT2_ETYPE(i), st->etype[i].value);
			t2 = GEM_SCRT2_ETYPE_EN |
			     GEM_SET(GEM_SCRT2_ETYPE_IDX, i) |
			     GEM_SET(GEM_SCRT2_QUEUE, st->etype[i].queue);
		}
		gem_wr(regs, GEM_SCRT1(i), t1);
		gem_wr(regs, GEM_SCRT2(i), t2);
	}
}
