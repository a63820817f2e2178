/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef GEM_COMPAT_H
#define GEM_COMPAT_H

/*
 * The GEM family: every device-tree compatible socnic serves, each bound to
 * the name of its SoC variant, as Linux's macb_dt_ids binds them to a
 * macb_config. The list is written once, here; each consumer expands it
 * with its own X(compatible, variant):
 *   - the PMD's match table, pointing each entry at gem_<variant>_config
 *     (drivers/net/gem/gem_caps.c: what the variant can do);
 *   - the reset module's reset handlers and MODULE_ALIAS("vfio-reset:...")
 *     (vfio-platform looks a handler up by a node's FIRST compatible);
 *   - socnic-bind's family table.
 * Order matters to nobody: the bus matches a node's compatibles in the
 * node's own order (most specific first).
 *
 * Entries are the GEM ones of Linux's macb_dt_ids, plus later or
 * vendor-only ones boards use (RP1, Versal's cdns binding, Phytium).
 * Left out, because the block is never a GEM: "cdns,at91sam9260-macb",
 * "cdns,sam9x60-macb", "cdns,np4-macb", "atmel,sama5d3-macb" (10/100 MACBs:
 * no DCFG registers, no priority queues), "cdns,at91rm9200-emac" and
 * "cdns,emac" (the older EMAC, another DMA engine). The generic bindings
 * may name either; the module ID tells at run time (MID.IDNUM >= 2).
 */
#define GEM_COMPATIBLES(X)					\
	X("xlnx,versal-gem",        zynqmp)			\
	X("cdns,versal-gem",        zynqmp)			\
	X("xlnx,zynqmp-gem",        zynqmp)			\
	X("cdns,zynqmp-gem",        zynqmp)			\
	X("xlnx,zynq-gem",          zynq)			\
	X("cdns,zynq-gem",          zynq)			\
	X("cdns,phytium-gem-1.0",   phytium)			\
	X("cdns,phytium-gem-2.0",   phytium)			\
	X("raspberrypi,rp1-gem",    rp1)			\
	X("sifive,fu540-c000-gem",  fu540)			\
	/* PolarFire SoC: a GEM despite the name (gigabit, jumbo) */	\
	X("microchip,mpfs-macb",    mpfs)			\
	X("microchip,sama7g5-gem",  sama7g5_gem)		\
	/* SAMA7G5's 10/100 EMAC: a GEM (Linux sets its GEM burst) */	\
	X("microchip,sama7g5-emac", sama7g5_emac)		\
	X("atmel,sama5d2-gem",      sama5d2)			\
	X("atmel,sama5d29-gem",     sama5d2)			\
	X("atmel,sama5d3-gem",      sama5d3)			\
	X("atmel,sama5d4-gem",      sama5d4)			\
	X("cdns,pc302-gem",         generic)			\
	X("cdns,gem",               generic)			\
	/* generic: Linux tells GEM from MACB by MID, as we do */	\
	X("cdns,macb",              macb)

#endif /* GEM_COMPAT_H */
