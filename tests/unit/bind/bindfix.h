/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef SOCNIC_TEST_BINDFIX_H
#define SOCNIC_TEST_BINDFIX_H

/* What socnic-bind's two test programs share: a fresh fake sysfs per test
 * (tests/unit/common/fakesysfs.h), the tool's context over it, and the
 * emulated Versal board. */

#include <stdint.h>

#include "fakesysfs.h"
#include "platnic.h"

#define GEM0 "ff0c0000.ethernet"
#define GEM1 "ff0d0000.ethernet"
#define VERSAL_COMPAT "cdns,zynqmp-gem\0cdns,gem"

/* GEM0's local-mac-address on the Versal board. */
extern const uint8_t mac0[6];

/* cmocka setup/teardown: *state is a struct fk of its own. */
int setup(void **state);
int teardown(void **state);
/* socnic-bind's context over the fake tree. */
struct sb_ctx ctx_of(struct fk *fk);
/* The emulated Versal board: two GEMs, a UART, vfio-platform and the reset
 * module, no-IOMMU mode on. */
void versal_board(struct fk *fk);

#endif /* SOCNIC_TEST_BINDFIX_H */
