/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef SOCNIC_CHECK_CHECKS_H
#define SOCNIC_CHECK_CHECKS_H

/* What the check files share inside socnic-check (check.h is the API). */

#include <string.h>
#include <sys/utsname.h>

#include "check.h"

/* Copy, cut to fit: DT and sysfs names longer than our buffers do not
 * occur, and a cut one only shortens a message. */
static inline void
sc_copy(char *dst, size_t len, const char *src)
{
	size_t n = strnlen(src, len - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* The /proc root of env. */
const char *sc_proc(const struct sc_env *env);
/* uname -r as env says it (u is the storage for the running one's). */
const char *sc_release(const struct sc_env *env, struct utsname *u);

/* checks_sys.c: kernel configuration, VFIO, hugepages, IOVA mode. */
void sc_check_system(const struct sc_env *env, const struct sb_nic *nics,
		     unsigned int nb, struct sc_report *rep);
/* checks_port.c: one NIC's driver, consent, IOMMU, reset handler, DMA
 * coherency, clocks, PHY and dma-ranges. */
void sc_check_port(const struct sc_env *env, const struct sb_system *sys,
		   const struct sb_nic *nic, struct sc_report *rep);

#endif /* SOCNIC_CHECK_CHECKS_H */
