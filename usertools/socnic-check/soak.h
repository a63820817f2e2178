/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef SOCNIC_CHECK_SOAK_H
#define SOCNIC_CHECK_SOAK_H

#include "cli.h"

/*
 * socnic-check --soak: each port through the MAC's internal loopback, one
 * DPDK process (EAL initialised once) per DMA setting, each run in a child
 * so the next can probe the ports again with another dma_coherent devarg.
 * Prints a line a second and a final report; returns the exit status: 0
 * only when no frame was lost, corrupted, duplicated or misrouted.
 */
int sc_soak_main(const struct sc_args *a, const struct sc_env *env,
		 const char *prog);

#endif /* SOCNIC_CHECK_SOAK_H */
