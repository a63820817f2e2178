/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * socnic-check: will DPDK forward on this board's GEMs (the checks, no
 * DPDK involved), and does it (--soak, a DPDK program through the MACs'
 * loopback)?
 */

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "soak.h"

int
main(int argc, char **argv)
{
	struct sc_env env = {
		.sb = { .sys = { .sysfs = getenv("SOCNIC_SYSFS"),
				 .modules = getenv("SOCNIC_MODULES"),
				 .proc = getenv("SOCNIC_PROC") },
			.proc = getenv("SOCNIC_PROC") },
		.proc = getenv("SOCNIC_PROC"),
		.euid = geteuid(),
	};
	struct sc_args a;
	char err[256];

	if (sc_args_parse(argc, argv, &a, err, sizeof(err)) != 0) {
		fprintf(stderr, "socnic-check: %s\n", err);
		return 2;
	}
	if (a.help) {
		sc_usage(stdout);
		return 0;
	}
	if (a.soak_s > 0)
		return sc_soak_main(&a, &env, argv[0]);
	return sc_check_main(&a, &env, stdout);
}
