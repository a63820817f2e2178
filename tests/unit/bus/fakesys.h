/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef FAKESYS_H
#define FAKESYS_H

/*
 * A sysfs tree shaped like Linux's, built in a temporary directory from a
 * .dts source: dtc compiles it, libfdt walks the blob, and every node
 * becomes a directory under firmware/devicetree/base with one file per
 * property (raw bytes, as the kernel exposes them). Nodes with a
 * compatible that sit under the root or a simple-bus become platform
 * devices: devices/platform/<name> (linked from bus/platform/devices) with
 * an of_node link, a driver_override file, and the bus's drivers_probe.
 * Unlike Linux it also creates devices for disabled nodes, so the bus's
 * own status check is exercised.
 */

/* Creates root (mkdtemp template) and the tree; returns 0 or -1. */
int fakesys_create(char *root_template, const char *dts);
/* Compiles one .dts to a .dtb file; returns 0 or -1. */
int fakesys_dtc(const char *dts, const char *dtb);
/* A kernel driver directory with bind/unbind files (e.g. vfio-platform). */
int fakesys_add_driver(const char *root, const char *drv);
/* Links dev to drv, as if the kernel had bound it. */
int fakesys_bind(const char *root, const char *dev, const char *drv);
/* Puts dev in IOMMU group n, named name (e.g. "vfio-noiommu") or NULL. */
int fakesys_iommu_group(const char *root, const char *dev, int n,
			const char *name);
/* Writes a file under root, creating directories on the way. */
int fakesys_write(const char *root, const char *rel, const char *val);
/* Reads a file under root into buf (NUL-terminated); returns 0 or -1. */
int fakesys_read(const char *root, const char *rel, char *buf, size_t len);
/* Removes the whole tree. */
void fakesys_destroy(const char *root);

#endif
