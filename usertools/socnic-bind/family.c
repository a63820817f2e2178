/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#include <string.h>

#include "platnic.h"

/*
 * The union of net_gem's variant table (drivers/net/gem/gem_caps.c) and the
 * reset module's GEM_COMPATIBLES (reset/vfio_platform_gem.c). Change those
 * first; the bind unit tests fail until this table agrees with both.
 */
const struct sb_family sb_families[] = {
	/* compatible              net_gem reset */
	{ "cdns,gem",               true,  true },
	{ "cdns,pc302-gem",         true,  true },
	{ "cdns,macb",              true,  true },
	{ "cdns,zynq-gem",          true,  true },
	{ "cdns,zynqmp-gem",        true,  true },
	{ "cdns,versal-gem",        true,  false },
	{ "xlnx,zynq-gem",          true,  true },
	{ "xlnx,zynqmp-gem",        true,  true },
	{ "xlnx,versal-gem",        true,  true },
	{ "atmel,sama5d2-gem",      true,  true },
	{ "atmel,sama5d29-gem",     true,  true },
	{ "atmel,sama5d3-gem",      true,  true },
	{ "atmel,sama5d4-gem",      true,  true },
	{ "microchip,sama7g5-gem",  true,  true },
	{ "microchip,sama7g5-emac", true,  true },
	{ "microchip,mpfs-macb",    true,  true },
	{ "sifive,fu540-c000-gem",  true,  true },
	{ "raspberrypi,rp1-gem",    true,  true },
	{ "cdns,phytium-gem-1.0",   true,  true },
	{ "cdns,phytium-gem-2.0",   true,  true },
	{ NULL, false, false },
};

const struct sb_family *
sb_family_find(const char *compatible)
{
	const struct sb_family *f;

	for (f = sb_families; f->compatible != NULL; f++)
		if (strcmp(f->compatible, compatible) == 0)
			return f;
	return NULL;
}
