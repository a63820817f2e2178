/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * socnic-bind: status and vfio-platform binding of the device tree's GEM
 * NICs. C rather than Python: boards run busybox userlands.
 */

#include <stdlib.h>
#include <unistd.h>

#include "cli.h"

int
main(int argc, char **argv)
{
	struct sb_env env = {
		.euid = geteuid(),
		.sysfs = getenv("SOCNIC_SYSFS"),
		.modules = getenv("SOCNIC_MODULES"),
		.proc = getenv("SOCNIC_PROC"),
		.out = stdout,
		.err = stderr,
	};

	return sb_main(argc, argv, &env);
}
