/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef GEM_CAPS_H
#define GEM_CAPS_H

/*
 * What a GEM can do. A per-compatible variant table says what the SoC
 * integration offers; the design-configuration registers then say what this
 * particular block was synthesised with (queues, 64-bit DMA, packet buffers,
 * jumbo length). Code elsewhere asks gem_caps only: never a compatible.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_bitops.h>

#include "bus_socplat_driver.h"

/* Capabilities (what the hardware has). */
#define GEM_CAP_GIGABIT    RTE_BIT32(0)	/* 1000 Mb/s MAC */
#define GEM_CAP_JUMBO      RTE_BIT32(1)	/* JFRAME + JML */
#define GEM_CAP_SG         RTE_BIT32(2)	/* frames over several descriptors */
#define GEM_CAP_DMA64      RTE_BIT32(3)	/* refined: DCFG6.DAW64 */
#define GEM_CAP_TX_CSUM    RTE_BIT32(4)	/* refined: DCFG2 TX packet buffer */
#define GEM_CAP_RX_CSUM    RTE_BIT32(5)	/* refined: DCFG2 RX packet buffer */
#define GEM_CAP_ISR_COR    RTE_BIT32(6)	/* refined: DCFG1.IRQCOR */

/* Quirks (what the integration needs worked around). */
/*
 * QEMU's GEM model (any SoC it emulates), set when the PMD recognises the
 * emulated machine or is told so (devarg qemu=1), never by a compatible:
 * its RX re-reads a descriptor it found software-owned only on an NCR
 * write, and with several queues it writes a frame into a queue's next
 * descriptor whether it owns it or not (GEM.md).
 */
#define GEM_QUIRK_QEMU          RTE_BIT32(0)
/* Zynq-7000: after RX ran out of descriptors it must be restarted. */
#define GEM_QUIRK_RX_RESTART    RTE_BIT32(1)

/* One SoC variant (gem_<name>_config), bound to compatibles by gem_compat.h. */
struct gem_variant {
	const char *name;
	uint32_t caps;
	uint32_t quirks;
	uint8_t dma_burst;	/* AHB INCR burst length, beats; 0 = keep */
	uint16_t jumbo_max;	/* longest frame with JFRAME; 0 = no jumbo */
};

/* The design-configuration registers the refinement reads. */
struct gem_dcfg {
	uint32_t mid;
	uint32_t dcfg1;
	uint32_t dcfg2;
	uint32_t dcfg6;
	uint32_t dcfg10;
};

/* One device's capabilities: its variant refined by its registers. */
struct gem_caps {
	uint32_t caps;		/* GEM_CAP_* */
	uint32_t quirks;	/* GEM_QUIRK_* */
	uint8_t nb_queues;	/* priority queues, 1..GEM_MAX_QUEUES */
	uint8_t dma_bits;	/* address bits the DMA can drive */
	uint8_t dma_burst;
	uint8_t dbw;		/* NCFGR.DBW for the bus width */
	uint16_t jumbo_max;	/* 0 without jumbo support */
	uint16_t max_frame;	/* longest frame, with FCS, it will ever pass */
	uint16_t rx_prefetch;	/* descriptors RX reads ahead (DCFG10) */
	uint16_t tx_prefetch;	/* descriptors TX reads ahead (DCFG10) */
};

/* Frames up to this length (with FCS) pass with NCFGR.BIG and no jumbo. */
#define GEM_MAX_FRAME_BIG  1536
/* Without jumbo frames the transmitter takes nothing longer than this. */
#define GEM_MAX_FRAME_STD  1518
/* Linux's choice for DAW64 GEMs: the widest address any of them drives. */
#define GEM_DMA_BITS_64    44
#define GEM_DMA_BITS_32    32

/* The match table handed to the bus; data points at a gem_variant. */
extern const struct rte_socplat_id gem_socplat_ids[];

/*
 * Refine a variant by the design-configuration registers. Returns 0, or
 * -ENOTSUP with a sentence in why (at least GEM_CAPS_WHY_LEN bytes) when the
 * block is not something this driver can drive.
 */
#define GEM_CAPS_WHY_LEN 160
int gem_caps_resolve(const struct gem_variant *v, const struct gem_dcfg *d,
		     struct gem_caps *caps, char *why);

/* The variant for a compatible string, or NULL. */
const struct gem_variant *gem_variant_find(const char *compatible);

#endif /* GEM_CAPS_H */
