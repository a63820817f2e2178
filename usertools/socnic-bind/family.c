/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#include <string.h>

#include "gem_compat.h"
#include "platnic.h"

#define SB_FAMILY(compat, variant) { compat },
const struct sb_family sb_families[] = {
	GEM_COMPATIBLES(SB_FAMILY)
	{ NULL },
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
