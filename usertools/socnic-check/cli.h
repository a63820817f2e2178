/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef SOCNIC_CHECK_CLI_H
#define SOCNIC_CHECK_CLI_H

/*
 * socnic-check's command line and its check mode, with the world passed
 * in (roots, euid, streams) so unit tests run the whole tool on fake
 * trees. The soak (soak.c) needs DPDK and runs from main().
 */

#include <stdbool.h>
#include <stdio.h>

#include "check.h"

#define SC_MAX_PORTS 16

enum sc_dma {
	SC_DMA_BOARD,	/* what the device tree allows (soak.c) */
	SC_DMA_NONCOHERENT,
	SC_DMA_COHERENT,
	SC_DMA_BOTH,
};

struct sc_args {
	bool help;
	bool json;
	unsigned int soak_s;	/* --soak SECONDS; 0: the checks */
	enum sc_dma dma;	/* --dma */
	unsigned int cycle_s;	/* --cycle: seconds between stop/start */
	unsigned int nb_ports;
	const char *ports[SC_MAX_PORTS];
	int eal_argc;		/* after "--": EAL's own arguments */
	char **eal_argv;
};

/* 0, or -1 with one line in err naming the problem and the fix. */
int sc_args_parse(int argc, char **argv, struct sc_args *a, char *err,
		  size_t len);
void sc_usage(FILE *f);

/* The checks as the tool runs them: prints the report (text or JSON) to
 * out and returns the exit status, 0 only when nothing failed. */
int sc_check_main(const struct sc_args *a, const struct sc_env *env,
		  FILE *out);

#endif /* SOCNIC_CHECK_CLI_H */
