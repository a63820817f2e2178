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
 * RX queue steering by devargs. The GEM has no RSS: a frame goes to queue 0
 * unless a screener claims it. rte_flow (gem_flow.c) programs the
 * screeners; two kinds of rule can also be given as devargs: EtherType
 * (ethertype_rxq=0x88b5:1) and UDP destination port over IPv4
 * (udp_rxq=4789:1); several rules are separated by '/'.
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

/*
 * The devargs are shortcuts for the rules an application without rte_flow
 * (l3fwd, a secondary process) cannot make: at probe each becomes a rule
 * as rte_flow would make it (udp_rxq a type 1 screener, ethertype_rxq a
 * type 2), taken before any of the application's and left by its flush.
 */
int
gem_steer_init(struct rte_eth_dev *dev, const struct gem_steer *st)
{
	struct gem_flow_spec spec;
	struct rte_flow_error error;
	uint8_t i;

	gem_flow_init(dev);
	for (i = 0; i < st->nb_udp + st->nb_etype; i++) {
		const struct gem_steer_rule *r = i < st->nb_udp ?
			&st->udp[i] : &st->etype[i - st->nb_udp];
		const char *key = i < st->nb_udp ? GEM_ARG_UDP_RXQ :
				  GEM_ARG_ETYPE_RXQ;

		memset(&spec, 0, sizeof(spec));
		spec.queue = r->queue;
		if (i < st->nb_udp) {
			spec.type = GEM_SCR_T1;
			spec.scr = GEM_SCRT1_UDP_EN |
				   GEM_SET(GEM_SCRT1_UDP, r->value);
		} else {
			spec.type = GEM_SCR_T2;
			spec.etype_en = true;
			spec.etype = r->value;
		}
		if (gem_flow_add(dev, &spec, true, &error) == NULL) {
			GEM_PLOG(ERR, dev, "%s 0x%04x:%u: %s",
				 key, r->value, r->queue, error.message);
			return -ENOSPC;
		}
	}
	return 0;
}
