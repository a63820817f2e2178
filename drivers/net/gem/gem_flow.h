/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef GEM_FLOW_H
#define GEM_FLOW_H

/*
 * rte_flow on the GEM's screeners (gem_flow.c). A rule becomes one type 1
 * screener (UDP destination port and/or the IPv4 TOS byte) or one type 2
 * screener (EtherType, VLAN priority and up to three compare registers over
 * the frame's bytes); its one action is the RX queue. The rules live in
 * the adapter, in memory every process of the port shares: an rte_flow
 * handle is the address of its slot there.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_flow_driver.h>

#include "gem_hw.h"

enum gem_scr_type {
	GEM_SCR_NONE,
	GEM_SCR_T1,
	GEM_SCR_T2,
};

/* One compare register as a rule needs it: its two words. */
struct gem_flow_cmp {
	uint32_t w0;
	uint32_t w1;
};

/* What a rule asks of the hardware, before it is given registers. */
struct gem_flow_spec {
	uint8_t type;		/* enum gem_scr_type */
	uint8_t queue;
	uint32_t scr;		/* SCRT1/SCRT2 bits but queue and indices */
	bool etype_en;		/* type 2: EtherType register needed */
	uint16_t etype;
	uint8_t nb_cmp;		/* type 2: compare registers needed */
	struct gem_flow_cmp cmp[GEM_SCRT2_NB_CMP];
};

struct rte_flow {
	struct gem_flow_spec spec;
	bool in_use;
	bool devarg;		/* from ethertype_rxq/udp_rxq: flush keeps it */
	uint8_t etype_idx;	/* the EtherType register it shares */
	uint8_t cmp_idx[GEM_SCRT2_NB_CMP];
};

/* The screeners of one port: how many the design has, and who holds them. */
struct gem_screeners {
	uint8_t nb_t1;
	uint8_t nb_t2;
	uint8_t nb_etype;
	uint8_t nb_cmp;
	struct rte_flow t1[GEM_SCRT1_MAX];
	struct rte_flow t2[GEM_SCRT2_MAX];
	uint16_t etype[GEM_SCRT2_ETYPE_MAX];
	uint8_t etype_refs[GEM_SCRT2_ETYPE_MAX];
	uint32_t cmp_used;	/* bit i: compare register i is taken */
};

struct rte_eth_dev;

/* The flow operations (eth_dev_ops.flow_ops_get). */
int gem_flow_ops_get(struct rte_eth_dev *dev, const struct rte_flow_ops **ops);

/*
 * Parse one rule into what it asks of the hardware; 0, or a negative errno
 * with the error set naming the item or field the GEM cannot match.
 */
int gem_flow_parse(struct rte_eth_dev *dev, const struct rte_flow_attr *attr,
		   const struct rte_flow_item pattern[],
		   const struct rte_flow_action actions[],
		   struct gem_flow_spec *spec, struct rte_flow_error *error);

/*
 * Give a parsed rule its screener and registers and program them; NULL
 * with the error set when this GEM has none left.
 */
struct rte_flow *gem_flow_add(struct rte_eth_dev *dev,
			      const struct gem_flow_spec *spec, bool devarg,
			      struct rte_flow_error *error);

/* How many screeners this design has: DCFG8, or QEMU's model's numbers. */
void gem_flow_init(struct rte_eth_dev *dev);

#endif /* GEM_FLOW_H */
