/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#include <stdlib.h>

#include "bindfix.h"

const uint8_t mac0[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };

int
setup(void **state)
{
	struct fk *fk = calloc(1, sizeof(*fk));

	fk_init(fk);
	*state = fk;
	return 0;
}

int
teardown(void **state)
{
	fk_cleanup(*state);
	free(*state);
	return 0;
}

struct sb_ctx
ctx_of(struct fk *fk)
{
	struct sb_ctx c = {
		.sys = { .sysfs = fk->sys, .modules = fk->modules,
			 .addrs = fk_addrs },
		.proc = fk->proc,
	};
	return c;
}

void
versal_board(struct fk *fk)
{
	fk_device(fk, GEM0, VERSAL_COMPAT, sizeof(VERSAL_COMPAT));
	fk_device(fk, GEM1, VERSAL_COMPAT, sizeof(VERSAL_COMPAT));
	fk_device(fk, "ff000000.serial", "arm,pl011\0arm,primecell",
		  sizeof("arm,pl011\0arm,primecell"));
	fk_bind(fk, "ff000000.serial", "uart-pl011");
	fk_driver(fk, PLATSYSFS_VFIO_PLATFORM);
	fk_module(fk, "vfio_platform_gem");
	fk_noiommu(fk, 'Y');
	fk_prop(fk, GEM0, "local-mac-address", mac0, 6);
}
