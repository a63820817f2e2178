/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef SOCNIC_TEST_FAKESYSFS_H
#define SOCNIC_TEST_FAKESYSFS_H

/*
 * Fake /sys, /proc and /lib/modules trees in a temporary directory, laid
 * out as Linux 6.1 lays them out: devices under devices/platform with the
 * bus's devices/ entries as symlinks to them, of_node as a symlink into
 * firmware/devicetree/base, driver and iommu_group as symlinks, compatible
 * as NUL-separated strings.
 */

#include <stddef.h>

struct fk {
	char root[256];
	char sys[300];
	char proc[300];
	char modules[300];
};

void fk_init(struct fk *fk);
void fk_cleanup(struct fk *fk);

/* compat: strings separated (and ended) by '\0', of total length clen. */
void fk_device(struct fk *fk, const char *name, const char *compat,
	       size_t clen);
void fk_driver(struct fk *fk, const char *drv);	/* registers a driver */
void fk_bind(struct fk *fk, const char *dev, const char *drv);
void fk_unbind(struct fk *fk, const char *dev);
void fk_group(struct fk *fk, const char *dev, int group, const char *name);
void fk_prop(struct fk *fk, const char *dev, const char *prop,
	     const void *val, size_t len);
void fk_netdev(struct fk *fk, const char *ifname, const char *dev);
void fk_module(struct fk *fk, const char *sysname);
void fk_noiommu(struct fk *fk, char yn);
void fk_override(struct fk *fk, const char *dev, const char *val);
void fk_modules_file(struct fk *fk, const char *file, const char *text);
void fk_proc_fd(struct fk *fk, int pid, const char *comm, const char *target);

/* Contents of a file under the fake sysfs root ("" if missing). */
const char *fk_read(struct fk *fk, const char *rel);
/* The driver a device is bound to in the fake tree ("" if none). */
const char *fk_driver_of(struct fk *fk, const char *dev);

#endif /* SOCNIC_TEST_FAKESYSFS_H */
