/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef SOCNIC_TEST_FAKESYSFS_H
#define SOCNIC_TEST_FAKESYSFS_H

/*
 * The one fake /sys (with /proc and /lib/modules beside it) behind every
 * unit test that reads sysfs: platsysfs's, the socplat bus's and
 * socnic-bind's. Built in a temporary directory and laid out as Linux 6.1
 * lays it out: devices under devices/platform with the bus's devices/
 * entries linking to them, of_node linking into firmware/devicetree/base,
 * driver and iommu_group as relative symlinks, driver_override reading
 * "(null)" until set, compatible as NUL-separated strings.
 *
 * fakesysfs.c builds it by hand; fakesysfs_dt.c (libfdt, dtc) builds it
 * from a .dts, as the kernel would from the board's tree. Any failure
 * aborts the test with the path and errno.
 */

#include <stdbool.h>
#include <stddef.h>

struct fk {
	char root[256];		/* the temporary directory */
	char sys[300];		/* <root>/sys: the sysfs root */
	char proc[300];		/* <root>/proc */
	char modules[300];	/* <root>/lib/modules/6.1.0-test */
};

/* An empty system: the platform bus and its drivers_probe, class/net. */
void fk_init(struct fk *fk);
void fk_cleanup(struct fk *fk);

/* The tree from a .dts: every node under firmware/devicetree/base, and a
 * platform device for each node with a compatible under the root or a
 * simple-bus (disabled ones too, so status checks are exercised). */
void fk_from_dts(struct fk *fk, const char *dts);
/* Compiles one .dts to a .dtb file; returns 0 or -1. */
int fk_dtc(const char *dts, const char *dtb);

/* A device-tree node's directory (e.g. "/axi"), parents included. */
void fk_node(struct fk *fk, const char *node);
/* A platform device whose of_node is the DT node at node (e.g.
 * "/axi/ethernet@ff0c0000"), created if missing. */
void fk_device_at(struct fk *fk, const char *name, const char *node);
/* A device with a node of its own, /axi/node-<name>, holding compatible:
 * strings separated (and ended) by '\0', of total length clen. */
void fk_device(struct fk *fk, const char *name, const char *compat,
	       size_t clen);
/* A property of the node at node, and of a device's node. */
void fk_node_prop(struct fk *fk, const char *node, const char *prop,
		  const void *val, size_t len);
void fk_prop(struct fk *fk, const char *dev, const char *prop,
	     const void *val, size_t len);

void fk_driver(struct fk *fk, const char *drv);	/* registers a driver */
void fk_bind(struct fk *fk, const char *dev, const char *drv);
void fk_unbind(struct fk *fk, const char *dev);
void fk_override(struct fk *fk, const char *dev, const char *val);
/* Puts dev in IOMMU group n, named name (e.g. "vfio-noiommu") or NULL. */
void fk_group(struct fk *fk, const char *dev, int group, const char *name);
/* dev's network interface, down and without addresses: class/net/<ifname>
 * and <dev>/net/<ifname>/flags, as a network driver makes them. */
void fk_netdev(struct fk *fk, const char *ifname, const char *dev);
/* The same with its flags (IFF_UP is 0x1). */
void fk_netdev_flags(struct fk *fk, const char *ifname, const char *dev,
		     unsigned int flags);
/* Gives ifname one more address ("192.0.2.1/24"), for fk_addrs. */
void fk_addr(struct fk *fk, const char *ifname, const char *addr);
/* A platsysfs addrs hook (platsysfs.h) over the addresses fk_addr gave
 * the tree fk_init made last; opaque is not used. */
int fk_addrs(void *opaque, const char *ifname, char *first, size_t len);
/* The fake /proc/cmdline. */
void fk_cmdline(struct fk *fk, const char *cmdline);
/* The fake /proc/sys/kernel/osrelease ("6.12.118\n"). */
void fk_osrelease(struct fk *fk, const char *release);
void fk_module(struct fk *fk, const char *sysname);	/* a loaded module */
void fk_noiommu(struct fk *fk, char yn);
/* A file of the module directory (modules.alias, modules.dep, a .ko). */
void fk_modules_file(struct fk *fk, const char *file, const char *text);
/* A process with comm whose fd 7 links to target. */
void fk_proc_fd(struct fk *fk, int pid, const char *comm, const char *target);

/* Writes a file under the sysfs root, making directories on the way. */
void fk_write(struct fk *fk, const char *rel, const char *val);
/* Contents of a file under the sysfs root ("" if missing). */
const char *fk_read(struct fk *fk, const char *rel);
/* The driver a device is bound to in the fake tree ("" if none). */
const char *fk_driver_of(struct fk *fk, const char *dev);

/*
 * The kernel's side of the writes that move a device between drivers, as
 * a platsysfs writer (struct platsysfs .write, with a struct fk_kernel as
 * opaque):
 *   driver_override     stored ("\n" clears it: reads "(null)")
 *   drivers/D/unbind    drops the driver link, -ENODEV unless the device is
 *                       on D; a network driver's interface goes with it
 *   drivers/D/bind      binds an unbound device whose override allows D,
 *                       -EBUSY when bound, -ENODEV when the override names
 *                       another driver
 *   drivers_probe       binds the override's driver (vfio-platform only
 *                       with handler set: else -EINVAL, as vfio-platform
 *                       refuses a device with no reset handler), or with no
 *                       override probe_driver (NULL: nothing)
 * Every write is logged as "<path below the sysfs root>=<value>;" ("\n"
 * as "\\n"). A write whose path contains fail_path fails with -fail_errno
 * and changes nothing (fail_path NULL: every write, when fail_errno is set).
 */
struct fk_kernel {
	struct fk *fk;
	bool handler;
	const char *probe_driver;
	int fail_errno;
	const char *fail_path;
	char log[4096];
};
/* handler set, probe_driver "macb", nothing failing, an empty log. */
void fk_kernel_init(struct fk_kernel *k, struct fk *fk);
int fk_kernel_write(void *opaque, const char *path, const char *val);

#endif /* SOCNIC_TEST_FAKESYSFS_H */
