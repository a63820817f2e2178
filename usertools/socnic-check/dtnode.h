/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef SOCNIC_CHECK_DTNODE_H
#define SOCNIC_CHECK_DTNODE_H

/*
 * The live device tree as the kernel shows it
 * (<sysfs>/firmware/devicetree/base: a directory per node, a file per
 * property holding its raw big-endian bytes), for the checks the socplat
 * bus has no accessor for yet: where a port's PHY hangs (its MDIO owner)
 * and the dma-ranges between it and memory. Paths are real paths of node
 * directories; every function returns 0 or -errno.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platsysfs.h"

/* The node directory of platform device dev (its of_node, resolved). */
int sc_dt_of_node(const struct platsysfs *ps, const char *dev, char *buf,
		  size_t len);
/* The tree's root directory, resolved. */
int sc_dt_base(const struct platsysfs *ps, char *buf, size_t len);
/* A property's bytes: their count, or -errno (-ENOENT: absent). */
int sc_dt_prop(const char *node, const char *prop, void *buf, size_t len);
bool sc_dt_has(const char *node, const char *prop);
/* A one-cell property, or def when absent or malformed. */
uint32_t sc_dt_u32(const char *node, const char *prop, uint32_t def);
/* The node below base whose phandle is ph. */
int sc_dt_by_phandle(const char *base, uint32_t ph, char *buf, size_t len);
/* node's parent directory, -ENOENT at base. */
int sc_dt_parent(const char *base, const char *node, char *buf, size_t len);
/* The node's path as the tree names it ("/axi/ethernet@ff0c0000"). */
const char *sc_dt_name(const char *base, const char *node);
/* n big-endian cells from p, as one number (n <= 2 fits). */
uint64_t sc_dt_cells(const uint8_t *p, unsigned int n);

#endif /* SOCNIC_CHECK_DTNODE_H */
