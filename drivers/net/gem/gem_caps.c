/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "gem_compat.h"
#include "gem_hw.h"
#include "gem_caps.h"

/*
 * What each SoC integration can do, one named variant per SoC as Linux's
 * macb_config tables ({caps, quirks, dma_burst, jumbo_max}); gem_compat.h
 * binds the compatibles to them. Values follow the SoC vendors' kernel
 * drivers (Linux's macb_config table for the mainline ones); the
 * design-config registers refine them at probe. A block that turns out to
 * be a 10/100 MACB is refused there, by module ID.
 */
#define GEM_GBIT_JUMBO (GEM_CAP_GIGABIT | GEM_CAP_JUMBO | GEM_CAP_SG)
#define GEM_VARIANT(v, caps_, quirks_, burst, jumbo)			\
	static const struct gem_variant gem_##v##_config = {		\
		.name = #v, .caps = (caps_), .quirks = (quirks_),	\
		.dma_burst = (burst), .jumbo_max = (jumbo) }

/*
 * ZynqMP and Versal. (Unused priority queues, which these fetch from unless
 * parked, are parked on every GEM; QEMU's model of them is GEM_QUIRK_QEMU,
 * set at probe.)
 */
GEM_VARIANT(zynqmp, GEM_GBIT_JUMBO, 0, 16, 10240);
/* Zynq-7000: no jumbo frames; RX must be restarted after it ran dry. */
GEM_VARIANT(zynq, GEM_CAP_GIGABIT | GEM_CAP_SG, GEM_QUIRK_RX_RESTART, 16, 0);
GEM_VARIANT(phytium, GEM_GBIT_JUMBO, 0, 16, 10240);
GEM_VARIANT(rp1, GEM_GBIT_JUMBO, 0, 16, 10240);
GEM_VARIANT(fu540, GEM_GBIT_JUMBO, 0, 16, 10240);
GEM_VARIANT(mpfs, GEM_GBIT_JUMBO, 0, 16, 10240);
GEM_VARIANT(sama7g5_gem, GEM_CAP_GIGABIT | GEM_CAP_SG, 0, 16, 0);
/* A GEM core wired as a 10/100 MAC. */
GEM_VARIANT(sama7g5_emac, GEM_CAP_SG, 0, 16, 0);
GEM_VARIANT(sama5d2, GEM_CAP_SG, 0, 16, 0);
/* SAMA5D3: one descriptor per frame only (no scatter-gather). */
GEM_VARIANT(sama5d3, GEM_CAP_GIGABIT | GEM_CAP_JUMBO, 0, 16, 10240);
GEM_VARIANT(sama5d4, GEM_CAP_SG, 0, 4, 0);
/* The generic bindings: Linux runs these without scatter-gather. */
GEM_VARIANT(generic, GEM_CAP_GIGABIT, 0, 16, 0);
GEM_VARIANT(macb, GEM_GBIT_JUMBO, 0, 16, 10240);

#define GEM_ID(compat, variant) \
	{ .compatible = (compat), .data = &gem_##variant##_config },
const struct rte_socplat_id gem_socplat_ids[] = {
	GEM_COMPATIBLES(GEM_ID)
	{ .compatible = NULL },
};

const struct gem_variant *
gem_variant_find(const char *compatible)
{
	const struct rte_socplat_id *id;

	for (id = gem_socplat_ids; id->compatible != NULL; id++)
		if (strcmp(id->compatible, compatible) == 0)
			return id->data;
	return NULL;
}

int
gem_caps_resolve(const struct gem_variant *v, const struct gem_dcfg *d,
		 struct gem_caps *c, char *why)
{
	unsigned int idnum = GEM_GET(GEM_MID_IDNUM, d->mid);
	unsigned int qmask, jml, pf;

	if (idnum < GEM_MID_IDNUM_GEM) {
		snprintf(why, GEM_CAPS_WHY_LEN,
			 "module ID 0x%08x (IDNUM %u) is a 10/100 MACB, not a GEM; net_gem drives GEMs only",
			 d->mid, idnum);
		return -ENOTSUP;
	}

	memset(c, 0, sizeof(*c));
	c->caps = v->caps;
	c->quirks = v->quirks;
	c->dma_burst = v->dma_burst;

	/* Queue 0 always exists; count the queues that follow it without a
	 * gap (no known design has holes, and queue steering needs none). */
	qmask = GEM_GET(GEM_DCFG6_QUEUES, d->dcfg6) | 1u;
	while (c->nb_queues < GEM_MAX_QUEUES && (qmask & (1u << c->nb_queues)))
		c->nb_queues++;

	if (d->dcfg6 & GEM_DCFG6_DAW64) {
		c->caps |= GEM_CAP_DMA64;
		c->dma_bits = GEM_DMA_BITS_64;
	} else {
		c->dma_bits = GEM_DMA_BITS_32;
	}

	/* Checksum offload needs the packet buffers; FIFO designs lack it. */
	if (d->dcfg2 & GEM_DCFG2_TX_PKT_BUFF)
		c->caps |= GEM_CAP_TX_CSUM;
	if (d->dcfg2 & GEM_DCFG2_RX_PKT_BUFF)
		c->caps |= GEM_CAP_RX_CSUM;
	if (d->dcfg1 & GEM_DCFG1_IRQCOR)
		c->caps |= GEM_CAP_ISR_COR;

	switch (GEM_GET(GEM_DCFG1_DBWDEF, d->dcfg1)) {
	case 4:
		c->dbw = GEM_NCFGR_DBW128;
		break;
	case 2:
		c->dbw = GEM_NCFGR_DBW64;
		break;
	default:
		c->dbw = GEM_NCFGR_DBW32;
		break;
	}

	if ((c->caps & GEM_CAP_JUMBO) && v->jumbo_max != 0) {
		c->jumbo_max = RTE_MIN(v->jumbo_max, (uint16_t)GEM_JML_MAX);
		/* Designs that report their own limit may be built smaller. */
		jml = GEM_GET(GEM_DCFG2_JML, d->dcfg2);
		if (jml != 0 && jml < c->jumbo_max)
			c->jumbo_max = jml;
	} else {
		c->caps &= ~GEM_CAP_JUMBO;
	}
	/* As Linux's macb: a field of n means 2^n descriptors, 0 none. */
	pf = GEM_GET(GEM_DCFG10_RXBD_RDBUFF, d->dcfg10);
	c->rx_prefetch = pf != 0 ? 1u << pf : 0;
	pf = GEM_GET(GEM_DCFG10_TXBD_RDBUFF, d->dcfg10);
	c->tx_prefetch = pf != 0 ? 1u << pf : 0;
	c->max_frame = c->jumbo_max > GEM_MAX_FRAME_BIG ?
		       c->jumbo_max : GEM_MAX_FRAME_BIG;
	return 0;
}
