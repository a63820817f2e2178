/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * The Linux side of the bus: platform devices in /sys/bus/platform/devices,
 * their device-tree nodes (of_node), the kernel driver each is bound to,
 * binding to vfio-platform and IOMMU groups. The sysfs work itself is
 * platsysfs's (drivers/common/platsysfs, shared with socnic-bind); this
 * file decides and says what happens, in the bus's log. Every path is
 * built under one root (/sys, or $SOCPLAT_SYSFS_ROOT) so tests run against
 * a fake tree.
 */

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_devargs.h>
#include <rte_eal.h>
#include <rte_string_fns.h>

#include "platsysfs.h"
#include "private.h"

static char sysfs_root[PATH_MAX];
static char devices_dir[PATH_MAX];
static char dt_base[PATH_MAX];
static char modules_dir[PATH_MAX];
static struct platsysfs sysfs = { .sysfs = sysfs_root };

enum rte_iova_mode (*socplat_iova_mode)(void) = rte_eal_iova_mode;

void
socplat_set_sysfs_hooks(int (*write)(void *, const char *, const char *),
			int (*addrs)(void *, const char *, char *, size_t),
			void *opaque)
{
	sysfs.write = write;
	sysfs.addrs = addrs;
	sysfs.opaque = opaque;
}

void
socplat_set_sysfs_root(const char *root)
{
	rte_strscpy(sysfs_root, root, sizeof(sysfs_root));
	snprintf(devices_dir, sizeof(devices_dir), "%s/bus/platform/devices",
		 root);
	snprintf(dt_base, sizeof(dt_base), "%s/firmware/devicetree/base", root);
}

const char *
socplat_sysfs_root(void)
{
	if (sysfs_root[0] == '\0') {
		const char *env = getenv("SOCPLAT_SYSFS_ROOT");

		socplat_set_sysfs_root(env != NULL && env[0] != '\0' ?
				       env : "/sys");
	}
	return sysfs_root;
}

const struct platsysfs *
socplat_sysfs(void)
{
	socplat_sysfs_root();
	return &sysfs;
}

const char *
socplat_devices_dir(void)
{
	socplat_sysfs_root();
	return devices_dir;
}

const char *
socplat_dt_base(void)
{
	socplat_sysfs_root();
	return dt_base;
}

void
socplat_set_modules_dir(const char *dir)
{
	rte_strscpy(modules_dir, dir, sizeof(modules_dir));
	sysfs.modules = modules_dir[0] != '\0' ? modules_dir : NULL;
}

int
socplat_group_viable(const char *devname, int group)
{
	struct platsysfs_blocker b[8];
	char others[512] = "";
	size_t used = 0;
	int n, i;

	n = platsysfs_group_blockers(socplat_sysfs(), group, devname, b,
				     RTE_DIM(b));
	if (n <= 0)
		return n;
	for (i = 0; i < n && i < (int)RTE_DIM(b); i++) {
		int m = snprintf(others + used, sizeof(others) - used,
				 "%s%s (%s)", i ? ", " : "", b[i].dev,
				 b[i].driver);

		if (m > 0)
			used = RTE_MIN(used + m, sizeof(others) - 1);
	}
	if (n > (int)RTE_DIM(b))
		snprintf(others + used, sizeof(others) - used, " and %d more",
			 n - (int)RTE_DIM(b));
	SOCPLAT_LOG(ERR, "%s: IOMMU group %d is not viable: it also holds %s; unbind those devices or bind them to vfio-platform so the whole group belongs to VFIO",
		    devname, group, others);
	return -EBUSY;
}

/* The one line every failed sysfs write gets; 0 when ret is no failure. */
static int
write_checked(const char *devname, const char *path, int ret)
{
	if (ret >= 0)
		return 0;
	if (ret == -EACCES || ret == -EPERM)
		SOCPLAT_LOG(ERR, "%s: permission denied writing %s: run as root (binding needs write access to sysfs)",
			    devname, path);
	else
		SOCPLAT_LOG(ERR, "%s: writing %s failed: %s",
			    devname, path, strerror(-ret));
	return ret;
}

/*
 * Whether vfio-platform will find a reset handler for the device: it
 * looks one up by the node's first compatible and, unless loaded with
 * reset_required=0, refuses a device without one. 0 when one is loaded,
 * built in or installed (vfio-platform autoloads it by its alias), or
 * when nothing says which module it would be; else the ERR line.
 */
static int
check_reset_handler(const struct rte_socplat_device *dev, const char *hint)
{
	const struct platsysfs *ps = socplat_sysfs();
	const char *name = dev->device.name;
	const char *compat = dev->dt->compat[0];
	char module[128];
	int alias;

	if (!platsysfs_reset_required(ps))
		return 0;
	alias = platsysfs_reset_module(ps, compat, module, sizeof(module));
	if (alias < 0 && hint == NULL)
		return 0; /* no modules.alias and no hint: nothing to go by */
	if (alias == 0 && hint != NULL && platsysfs_module_loaded(ps, hint)) {
		SOCPLAT_LOG(ERR, "%s: %s is loaded but has no reset handler for \"%s\" (vfio-platform looks up the first compatible only): add it to the module's list %s",
			    name, hint, compat, platsysfs_reset_why(ps));
		return -ENODEV;
	}
	if (alias == 0) {
		SOCPLAT_LOG(ERR, "%s: no module provides a reset handler for \"%s\" (modules.alias) and vfio-platform refuses a device without one: install one and run depmod %s",
			    name, compat, platsysfs_reset_why(ps));
		return -ENODEV;
	}
	if (alias < 0 || (hint != NULL && platsysfs_same_module(hint, module)))
		rte_strscpy(module, hint, sizeof(module)); /* users know '-' */
	if (platsysfs_module_loaded(ps, module) ||
	    platsysfs_module_builtin(ps, module) ||
	    (alias == 1 && platsysfs_module_installed(ps, module)))
		return 0;
	SOCPLAT_LOG(ERR, "%s: no reset handler for \"%s\" is loaded or installed and vfio-platform refuses a device without one: modprobe %s %s",
		    name, compat, module, platsysfs_reset_why(ps));
	return -ENODEV;
}

/* vfio-platform did not take the device although every check passed. */
static void
explain_bind_failure(const struct rte_socplat_device *dev, const char *now)
{
	SOCPLAT_LOG(ERR, "%s: vfio-platform did not take it (driver now: %s) although the checks before binding passed: see the kernel log (dmesg) for vfio-platform's reason",
		    dev->device.name, now);
}

/* The device must end up in an IOMMU group; say why it cannot. */
static int
check_iommu(const struct rte_socplat_device *dev)
{
	const struct platsysfs *ps = socplat_sysfs();
	const char *name = dev->device.name;
	int mode;

	if (platsysfs_iommu_group(ps, name) >= 0)
		return 0;
	mode = platsysfs_noiommu_mode(ps);
	if (mode == 1)
		return 0;
	if (dev->dt->has_iommus)
		SOCPLAT_LOG(ERR, "%s: no IOMMU group although its device tree node has iommus: the IOMMU driver has not attached it (check the SMMU node and driver), or turn on VFIO's no-IOMMU mode: %s",
			    name, platsysfs_noiommu_fix(ps));
	else if (mode == 0)
		SOCPLAT_LOG(ERR, "%s: no IOMMU group and VFIO no-IOMMU mode is off: attach the device to an IOMMU (iommus, see the dts/ smmu overlay) or %s",
			    name, platsysfs_noiommu_fix(ps));
	else
		SOCPLAT_LOG(ERR, "%s: no IOMMU group and this kernel has no VFIO no-IOMMU mode (CONFIG_VFIO_NOIOMMU): attach the device to an IOMMU (iommus, see the dts/ smmu overlay)",
			    name);
	return -ENODEV;
}

/* A no-IOMMU group (the one VFIO will make, or the one it has) hands the
 * device physical addresses: EAL must run IOVA as PA. */
static int
check_iova(const struct rte_socplat_device *dev)
{
	const struct platsysfs *ps = socplat_sysfs();
	int group = platsysfs_iommu_group(ps, dev->device.name);
	bool noiommu = group >= 0 ? platsysfs_group_is_noiommu(ps, group) :
		platsysfs_noiommu_mode(ps) == 1;

	if (!noiommu || socplat_iova_mode() == RTE_IOVA_PA)
		return 0;
	SOCPLAT_LOG(ERR, "%s: %s", dev->device.name, SOCPLAT_IOVA_PA_NEEDED);
	return -EINVAL;
}

/* driver_override someone else set: it is theirs, and binding would
 * overwrite it. Unset ("(null)") and ours are fine. */
static int
check_override(const struct rte_socplat_device *dev)
{
	const char *name = dev->device.name;
	char ov[PLATSYSFS_NAME_MAX];
	int ret = platsysfs_override(socplat_sysfs(), name, ov, sizeof(ov));

	if (ret < 0) {
		SOCPLAT_LOG(ERR, "%s: cannot read %s/%s/driver_override (%s), so whether someone reserved it is unknown: left alone; run as root",
			    name, socplat_devices_dir(), name, strerror(-ret));
		return ret;
	}
	if (ov[0] == '\0' || strcmp(ov, PLATSYSFS_VFIO_PLATFORM) == 0)
		return 0;
	SOCPLAT_LOG(ERR, "%s: driver_override is \"%s\", set by someone else: left alone; clear it (echo > %s/%s/driver_override) to let DPDK have it",
		    name, ov, socplat_devices_dir(), name);
	return -EBUSY;
}

/* The kernel's interface on a device about to be taken from its driver. */
static int
check_in_use(const struct rte_socplat_device *dev, bool force)
{
	const char *name = dev->device.name;
	char what[256], fix[192];
	struct platsysfs_use u;
	int ret = platsysfs_netdev_use(socplat_sysfs(), name, &u);

	if (ret < 0 && !force) {
		SOCPLAT_LOG(ERR, "%s: cannot tell whether the kernel uses its interface (%s): left alone; pass force=1 to take it anyway",
			    name, strerror(-ret));
		return ret;
	}
	if (ret <= 0)
		return 0;
	platsysfs_use_what(&u, what, sizeof(what));
	if (force) {
		SOCPLAT_LOG(WARNING, "%s: %s: taken anyway (force=1)", name,
			    what);
		return 0;
	}
	platsysfs_use_fix(&u, fix, sizeof(fix));
	SOCPLAT_LOG(ERR, "%s: %s: the kernel is using it; %s, or pass force=1",
		    name, what, fix);
	return -EBUSY;
}

int
socplat_bind_checks(struct rte_socplat_device *dev,
		    enum socplat_bind_action action, const char *reset_kmod,
		    bool force)
{
	const struct platsysfs *ps = socplat_sysfs();
	const char *name = dev->device.name;
	int ret, group;

	if (action != SOCPLAT_BIND_BIND && action != SOCPLAT_BIND_TAKEOVER)
		return 0;
	if (!platsysfs_driver_loaded(ps, PLATSYSFS_VFIO_PLATFORM)) {
		SOCPLAT_LOG(ERR, "%s: vfio-platform is not loaded (no %s/bus/platform/drivers/vfio-platform): modprobe vfio-platform",
			    name, socplat_sysfs_root());
		return -ENODEV;
	}
	ret = check_override(dev);
	if (ret == 0 && action == SOCPLAT_BIND_TAKEOVER)
		ret = check_in_use(dev, force);
	if (ret == 0)
		ret = check_iommu(dev);
	/* The iommu_group link is there before binding: a real IOMMU's
	 * group can be judged now (VFIO makes a no-IOMMU one at bind). */
	group = platsysfs_iommu_group(ps, name);
	if (ret == 0 && group >= 0)
		ret = socplat_group_viable(name, group);
	if (ret == 0)
		ret = check_iova(dev);
	if (ret == 0)
		ret = check_reset_handler(dev, reset_kmod);
	return ret;
}

int
socplat_bind(struct rte_socplat_device *dev, enum socplat_bind_action action)
{
	const struct platsysfs *ps = socplat_sysfs();
	struct socplat_device *sdev = SOCPLAT_PRIV(dev);
	const char *name = dev->device.name;
	struct platsysfs_take t;
	char orig[64] = "";
	int ret;

	if (action == SOCPLAT_BIND_USE)
		return 0;
	if (action != SOCPLAT_BIND_BIND && action != SOCPLAT_BIND_TAKEOVER)
		return -EINVAL;
	if (action == SOCPLAT_BIND_TAKEOVER)
		platsysfs_driver(ps, name, orig, sizeof(orig));
	/* Override first, then unbind, then probe; undone on failure. */
	ret = platsysfs_take(ps, name, orig, &t);
	if (ret == 0) {
		free(sdev->kdrv_orig);
		sdev->kdrv_orig = orig[0] != '\0' ? strdup(orig) : NULL;
		sdev->bound_by_us = true;
		dev->iommu_group = platsysfs_iommu_group(ps, name);
		if (orig[0] != '\0')
			SOCPLAT_LOG(NOTICE, "%s: taken from kernel driver %s",
				    name, orig);
		SOCPLAT_LOG(INFO, "%s: bound to vfio-platform", name);
		return 0;
	}
	if (ret == -ENODEV)
		explain_bind_failure(dev, t.now[0] != '\0' ? t.now : "none");
	else
		write_checked(name, t.where, ret);
	if (t.given_back)
		SOCPLAT_LOG(NOTICE, "%s: given back to kernel driver %s", name,
			    orig);
	else if (orig[0] != '\0')
		SOCPLAT_LOG(ERR, "%s: could not give it back to kernel driver %s: echo %s > /sys/bus/platform/drivers/%s/bind",
			    name, orig, name, orig);
	return ret;
}

int
socplat_restore(struct rte_socplat_device *dev)
{
	const struct platsysfs *ps = socplat_sysfs();
	struct socplat_device *sdev = SOCPLAT_PRIV(dev);
	const char *name = dev->device.name;
	char path[PATH_MAX], now[64], ov[PLATSYSFS_NAME_MAX];
	int ret;

	if (!sdev->bound_by_us)
		return 0;
	sdev->bound_by_us = false;
	platsysfs_driver(ps, name, now, sizeof(now));
	platsysfs_override(ps, name, ov, sizeof(ov));
	if (strcmp(now, PLATSYSFS_VFIO_PLATFORM) != 0 ||
	    strcmp(ov, PLATSYSFS_VFIO_PLATFORM) != 0) {
		SOCPLAT_LOG(NOTICE, "%s: not given back: it is no longer as this process left it (driver %s, driver_override \"%s\"), so another process or an admin has it now",
			    name, now[0] != '\0' ? now : "none", ov);
		return 0;
	}
	ret = write_checked(name, path,
			    platsysfs_unbind(ps, name, PLATSYSFS_VFIO_PLATFORM,
					     path, sizeof(path)));
	if (ret < 0)
		return ret;
	ret = write_checked(name, path, platsysfs_set_override(ps, name, NULL,
							path, sizeof(path)));
	if (ret < 0)
		return ret;
	if (sdev->kdrv_orig == NULL) {
		SOCPLAT_LOG(INFO, "%s: released from vfio-platform", name);
		return 0;
	}
	ret = write_checked(name, path, platsysfs_bind(ps, name, sdev->kdrv_orig,
						       path, sizeof(path)));
	if (ret < 0)
		return ret;
	if (platsysfs_driver(ps, name, now, sizeof(now)) < 0 ||
	    strcmp(now, sdev->kdrv_orig) != 0) {
		SOCPLAT_LOG(WARNING, "%s: %s did not take the device back; see the kernel log (dmesg)",
			    name, sdev->kdrv_orig);
		return -EIO;
	}
	SOCPLAT_LOG(NOTICE, "%s: given back to kernel driver %s", name,
		    sdev->kdrv_orig);
	return 0;
}

static struct rte_devargs *
devargs_of(const char *name)
{
	struct rte_devargs *da;

	RTE_EAL_DEVARGS_FOREACH(RTE_SOCPLAT_BUS_NAME, da)
		if (strcmp(da->name, name) == 0)
			return da;
	return NULL;
}

static struct rte_socplat_device *
find_by_name(const char *name)
{
	struct rte_socplat_device *dev;

	SOCPLAT_FOREACH_DEV(dev)
		if (strcmp(dev->device.name, name) == 0)
			return dev;
	return NULL;
}

/* Keeps the list sorted by name, so probe order (and port ids) is stable. */
static void
insert_sorted(struct rte_socplat_device *dev)
{
	struct rte_socplat_device *it;

	SOCPLAT_FOREACH_DEV(it) {
		if (strcmp(dev->device.name, it->device.name) < 0) {
			TAILQ_INSERT_BEFORE(it, dev, next);
			return;
		}
	}
	TAILQ_INSERT_TAIL(&socplat_bus.devices, dev, next);
}

static void
free_device(struct socplat_device *sdev)
{
	socplat_dt_node_free(sdev->dev.dt);
	free(sdev->dev.regions);
	free((char *)(uintptr_t)sdev->dev.device.name);
	free(sdev);
}

/* Adds one platform device if a registered driver claims its node. */
static int
scan_one(const char *name)
{
	char of_node[PATH_MAX], why[SOCPLAT_DT_WHY_LEN];
	const struct rte_socplat_id *id;
	struct socplat_dt_node *node;
	struct socplat_device *sdev;
	const char **compat;
	uint8_t *val;
	size_t len;
	unsigned int idx;
	int n, i, ret;

	if (snprintf(of_node, sizeof(of_node), "%s/%s/of_node",
		     socplat_devices_dir(), name) >= (int)sizeof(of_node))
		return 0;
	/* Cheap first look: most platform devices are not ours. */
	if (socplat_dt_read_file(of_node, "compatible", &val, &len) < 0)
		return 0;
	n = socplat_dt_count_strings(val, len, why);
	if (n <= 0) {
		free(val);
		return 0;
	}
	compat = calloc(n, sizeof(*compat));
	if (compat == NULL) {
		free(val);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		socplat_dt_parse_string(val, len, i, &compat[i], why);
	ret = socplat_match(compat, n, &id, &idx) != NULL;
	free(compat);
	free(val);
	if (!ret)
		return 0;

	sdev = calloc(1, sizeof(*sdev));
	if (sdev == NULL)
		return -ENOMEM;
	sdev->dma_coherent_arg = -1;
	sdev->dev.vfio_dev_fd = -1;
	sdev->dev.iommu_group = -1;
	sdev->dev.device.name = strdup(name);
	sdev->dev.device.bus = &socplat_bus.bus;
	sdev->dev.device.numa_node = 0; /* SoCs are one NUMA node */
	node = socplat_dt_node_load(of_node, socplat_dt_base());
	if (sdev->dev.device.name == NULL || node == NULL) {
		socplat_dt_node_free(node);
		free_device(sdev);
		return -ENOMEM;
	}
	ret = socplat_dt_parse_device(&sdev->dev, node, socplat_dt_base());
	if (ret == 1) {
		SOCPLAT_LOG(NOTICE, "%s: device-tree node %s is not enabled (status), skipped",
			    name, node->path);
	}
	if (ret != 0) {
		free_device(sdev);
		return 0;
	}
	sdev->dev.iommu_group = platsysfs_iommu_group(socplat_sysfs(), name);
	sdev->dev.device.devargs = devargs_of(name);
	insert_sorted(&sdev->dev);
	SOCPLAT_LOG(DEBUG, "%s: found %s (%s), %u region(s), %u interrupt(s)",
		    name, node->path, node->compat[0], sdev->dev.nb_regions,
		    sdev->dev.nb_irqs);
	return 0;
}

int
socplat_sysfs_scan(void)
{
	struct rte_socplat_device *dev;
	struct dirent *de;
	DIR *d;
	int ret = 0;

	d = opendir(socplat_devices_dir());
	if (d == NULL) {
		SOCPLAT_LOG(DEBUG, "no %s: no platform devices",
			    socplat_devices_dir());
		return 0;
	}
	/* A fresh look each scan: an overlay applied at run time may have
	 * marked (or unmarked) the tree since. */
	socplat_bus.dt_marked = socplat_dt_count_marked(socplat_dt_base()) > 0;
	while (ret >= 0 && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		dev = find_by_name(de->d_name);
		if (dev != NULL) {
			/* Rescan (hotplug): new devargs for an idle device. */
			if (dev->driver == NULL)
				dev->device.devargs = devargs_of(de->d_name);
			continue;
		}
		ret = scan_one(de->d_name);
	}
	closedir(d);
	if (ret < 0)
		SOCPLAT_LOG(ERR, "scan of %s failed: %s", socplat_devices_dir(),
			    strerror(-ret));
	return ret < 0 ? -1 : 0;
}

void
socplat_device_free(struct rte_socplat_device *dev)
{
	struct socplat_device *sdev = SOCPLAT_PRIV(dev);

	free(sdev->kdrv_orig);
	free_device(sdev);
}
