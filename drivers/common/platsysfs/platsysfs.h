/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef PLATSYSFS_H
#define PLATSYSFS_H

/*
 * Platform devices as Linux's sysfs shows them, for the socplat bus and
 * socnic-bind alike: the driver a device is bound to and the writes that
 * change it (driver_override, unbind, bind, drivers_probe), IOMMU groups
 * and whether VFIO can have one, VFIO's no-IOMMU mode, and the kernel
 * module directory (which module handles a reset, whether it is loaded,
 * built in or installed). Plain C and libc, no DPDK.
 *
 * Every path is built under the roots a struct platsysfs names, so tests
 * point it at a fake tree. Nothing here prints: functions return 0 or
 * -errno (and, for writes, the file they wrote) and each caller turns that
 * into its own one-line message.
 *
 * platsysfs.c is sysfs (devices, drivers, IOMMU groups, the hand-over to
 * vfio-platform); platsysfs_modules.c is the kernel's module directory and
 * /sys/module; platsysfs_netdev.c is whether the kernel is using a
 * device's network interface.
 */

#include <stdbool.h>
#include <stddef.h>

#define PLATSYSFS_NAME_MAX 128

/* The driver DPDK's platform devices are bound to. */
#define PLATSYSFS_VFIO_PLATFORM "vfio-platform"

/* Writes val to the attribute at path: 0 or -errno. */
typedef int (platsysfs_write_fn)(void *opaque, const char *path,
				 const char *val);
/*
 * The IPv4 and IPv6 addresses of interface ifname, link-local IPv6 aside:
 * returns how many (0: none) or -errno, and writes the first one as
 * "192.0.2.1/24" to first.
 */
typedef int (platsysfs_addrs_fn)(void *opaque, const char *ifname,
				 char *first, size_t len);

/* Where to look; NULL members take the running system's. */
struct platsysfs {
	const char *sysfs;		/* "/sys" */
	const char *modules;		/* "/lib/modules/$(uname -r)" */
	/* "/proc"; NULL: "proc" beside the sysfs root, so a fake tree
	 * brings its own /proc/cmdline */
	const char *proc;
	platsysfs_write_fn *write;	/* NULL: platsysfs_write_file */
	platsysfs_addrs_fn *addrs;	/* NULL: platsysfs_getifaddrs */
	void *opaque;			/* passed to write and addrs */
};

/* ---- files ---- */

/* The sysfs root: ps->sysfs, or "/sys". */
const char *platsysfs_root(const struct platsysfs *ps);
/* snprintf of "<root>/<fmt>"; -ENAMETOOLONG when it does not fit. */
int platsysfs_path(const struct platsysfs *ps, char *buf, size_t len,
		   const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* A small attribute, trailing newlines dropped: 0 or -errno. */
int platsysfs_read_attr(const char *path, char *buf, size_t len);
/* Writes val to path (the default writer): 0 or -errno. */
int platsysfs_write_file(void *opaque, const char *path, const char *val);
/* The last component of a symlink's target (driver, iommu_group). */
int platsysfs_link_name(const char *link, char *buf, size_t len);
/* "<proc>/<file>": ps->proc, else "proc" beside the sysfs root (so a fake
 * tree brings its own). -ENAMETOOLONG when it does not fit. */
int platsysfs_proc_path(const struct platsysfs *ps, char *buf, size_t len,
			const char *file);

/* ---- one platform device and its driver ---- */

/* The driver dev is bound to: 0 and its name, -ENOENT when unbound (buf
 * is "" on any error). */
int platsysfs_driver(const struct platsysfs *ps, const char *dev, char *buf,
		     size_t len);
/* dev's driver_override: 0 and its value, "" when unset. */
int platsysfs_override(const struct platsysfs *ps, const char *dev,
		       char *buf, size_t len);
/* Whether the kernel has registered a platform driver of that name. */
bool platsysfs_driver_loaded(const struct platsysfs *ps, const char *drv);

/*
 * The writes that move a device between drivers. Each returns 0 or -errno
 * and, when where is not NULL, leaves there the file it wrote (or tried
 * to), for the caller's message.
 *   set_override  dev's driver_override = drv; NULL clears it
 *   unbind        drivers/<drv>/unbind: only ever from the driver named,
 *                 so a device that changed hands meanwhile stays put
 *   bind          drivers/<drv>/bind
 *   probe         drivers_probe: the bus matches dev again; what that did
 *                 shows in its driver link, not always in this result
 */
int platsysfs_set_override(const struct platsysfs *ps, const char *dev,
			   const char *drv, char *where, size_t wlen);
int platsysfs_unbind(const struct platsysfs *ps, const char *dev,
		     const char *drv, char *where, size_t wlen);
int platsysfs_bind(const struct platsysfs *ps, const char *dev,
		   const char *drv, char *where, size_t wlen);
int platsysfs_probe(const struct platsysfs *ps, const char *dev,
		    char *where, size_t wlen);

/*
 * Hands dev to vfio-platform the safe way round, and undoes it on failure.
 * The steps: driver_override = vfio-platform first (so no other driver can
 * grab the device between the unbind and the probe), unbind from the
 * driver it is on (from, "" when free), drivers_probe, then the driver
 * link says whether it took. On any failure the previous override is
 * written back and from is bound again, so the device ends as it was.
 * Returns 0 when vfio-platform holds it; -errno of the first write that
 * failed (t->where names the file); -ENODEV when vfio-platform did not
 * take it (t->now says what holds it). The caller checked everything else
 * first: this only moves the device.
 */
struct platsysfs_take {
	char prev_override[PLATSYSFS_NAME_MAX];	/* before, "" when unset */
	char now[PLATSYSFS_NAME_MAX];	/* driver afterwards, "" when none */
	char where[4096];		/* the file whose write failed */
	bool given_back;		/* undone: back on from (from != "") */
};
int platsysfs_take(const struct platsysfs *ps, const char *dev,
		   const char *from, struct platsysfs_take *t);

/* ---- IOMMU groups and VFIO ---- */

/* dev's IOMMU group number, -1 when it has none. */
int platsysfs_iommu_group(const struct platsysfs *ps, const char *dev);
/* Whether group n is one VFIO made up for a device with no IOMMU. */
bool platsysfs_group_is_noiommu(const struct platsysfs *ps, int group);
/* VFIO's no-IOMMU mode: 1 on, 0 off, -ENOENT when the kernel lacks it. */
int platsysfs_noiommu_mode(const struct platsysfs *ps);
/*
 * How to turn no-IOMMU mode on, for messages. Once vfio is loaded a
 * "modprobe vfio enable_unsafe_noiommu_mode=1" does nothing (modprobe
 * skips a loaded module): the parameter is written in sysfs instead.
 */
const char *platsysfs_noiommu_fix(const struct platsysfs *ps);
/* Whether a device bound to drv lets VFIO have the device's group. */
bool platsysfs_driver_shares_group(const char *drv);

/* A device that keeps VFIO from having a group, and its driver. */
struct platsysfs_blocker {
	char dev[PLATSYSFS_NAME_MAX];
	char driver[PLATSYSFS_NAME_MAX];
};
/*
 * The devices of group n, dev itself aside, that keep VFIO from having it:
 * returns how many (storing at most max, in directory order), 0 when the
 * group is viable or cannot be read (VFIO then says what is wrong), or
 * -ENAMETOOLONG.
 */
int platsysfs_group_blockers(const struct platsysfs *ps, int group,
			     const char *dev, struct platsysfs_blocker *b,
			     unsigned int max);

/* ---- kernel modules ---- */

/* A module's name as /sys/module spells it: '-' becomes '_'. */
void platsysfs_module_name(const char *module, char *buf, size_t len);
/* Whether two spellings name one module ('-' and '_' alike). */
bool platsysfs_same_module(const char *a, const char *b);
/* Whether module is loaded (has a /sys/module entry). */
bool platsysfs_module_loaded(const struct platsysfs *ps, const char *module);
/* Whether modules.builtin lists module (built into the kernel). */
bool platsysfs_module_builtin(const struct platsysfs *ps, const char *module);
/* Whether modules.dep lists module and its file is there: what modprobe,
 * and so vfio-platform's autoload, needs. */
bool platsysfs_module_installed(const struct platsysfs *ps,
				const char *module);
/*
 * The module that registers vfio-platform's reset handler for compat
 * (vfio-platform requests "vfio-reset:<first compatible>"): 1 and its
 * name as modules.alias spells it, 0 when no module registers one,
 * -ENOENT when there is no modules.alias to look in.
 */
int platsysfs_reset_module(const struct platsysfs *ps, const char *compat,
			   char *module, size_t len);
/*
 * Whether vfio-platform insists on a reset handler: its reset_required
 * parameter is on by default. Loaded with vfio_platform.reset_required=0,
 * Linux 6.3 and later bind a device without one; before 6.3 the lookup
 * error fails the bind whatever the parameter says
 * (vfio_platform_init_common). True when the parameter cannot be read
 * (vfio-platform not loaded yet).
 */
bool platsysfs_reset_required(const struct platsysfs *ps);
/*
 * Whether this kernel's vfio-platform can bind a device with no reset
 * handler at all, when loaded with reset_required=0: Linux 6.3 and later
 * (<proc>/sys/kernel/osrelease; false when it cannot be read, as in a fake
 * tree without it).
 */
bool platsysfs_reset_optional(const struct platsysfs *ps);
/*
 * Why a missing reset handler is fixed by installing one, as the running
 * kernel has it (platsysfs_reset_why): without one a dead DPDK process
 * leaves the GEM's DMA writing into its memory. Before 6.3 nothing binds
 * anyway; from 6.3 reset_required=0 binds it, and the PMD's own quiesce
 * then stops the GEM only when the next process probes it.
 */
#define PLATSYSFS_RESET_WHY \
	"(a reset handler is what stops the GEM's DMA when a DPDK process dies; Linux before 6.3 binds nothing without one)"
#define PLATSYSFS_RESET_WHY_OPTIONAL \
	"(a reset handler is what stops the GEM's DMA when a DPDK process dies; without one, vfio-platform loaded with reset_required=0 binds it too, and net_gem then stops a dead process's GEM only when the next process probes it)"
/* PLATSYSFS_RESET_WHY or _OPTIONAL, for the running kernel. */
const char *platsysfs_reset_why(const struct platsysfs *ps);

/* ---- is the kernel using the device's network interface? ---- */

/* What the kernel does with a device's interface (platsysfs_netdev_use). */
struct platsysfs_use {
	char ifname[PLATSYSFS_NAME_MAX];	/* "" when the device has none */
	bool up;			/* IFF_UP in its flags */
	int nb_addrs;			/* IPv4/IPv6 addresses, link-local aside */
	char addr[64];			/* the first, "192.0.2.1/24" */
	bool boot;			/* ip= on the kernel command line names it */
	bool nfsroot;			/* ... and the root is NFS (root=/dev/nfs) */
};
/* The interface of a platform device, found under
 * <sysfs>/bus/platform/devices/<dev>/net/: 0, -ENOENT when it has none. */
int platsysfs_netdev(const struct platsysfs *ps, const char *dev, char *buf,
		     size_t len);
/*
 * Fills u for dev. Returns 1 when the kernel is using the interface (up,
 * addressed, or the boot interface), 0 when not or when there is none,
 * -errno when its state cannot be read (the caller must then assume it is
 * in use).
 */
int platsysfs_netdev_use(const struct platsysfs *ps, const char *dev,
			 struct platsysfs_use *u);
/*
 * Words for a message: what uses it ("eth1 is up with 192.0.2.1/24") and
 * how to free it ("take it down (ip link set eth1 down; ip addr flush dev
 * eth1)"); each caller adds its own way to force.
 */
void platsysfs_use_what(const struct platsysfs_use *u, char *buf, size_t len);
void platsysfs_use_fix(const struct platsysfs_use *u, char *buf, size_t len);
/* The default addrs hook: getifaddrs(3). */
int platsysfs_getifaddrs(void *opaque, const char *ifname, char *first,
			 size_t len);

#endif /* PLATSYSFS_H */
