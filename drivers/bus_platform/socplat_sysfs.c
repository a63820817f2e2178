/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * The Linux side of the bus: platform devices in /sys/bus/platform/devices,
 * their device-tree nodes (of_node), the kernel driver each is bound to,
 * binding to vfio-platform and IOMMU groups. Every path is built under one
 * root (/sys, or $SOCPLAT_SYSFS_ROOT) so tests run against a fake tree.
 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <rte_devargs.h>
#include <rte_string_fns.h>

#include "private.h"

static char sysfs_root[PATH_MAX];
static char devices_dir[PATH_MAX];
static char dt_base[PATH_MAX];
static char modules_dir[PATH_MAX];

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
}

int
socplat_path(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n, m;

	n = snprintf(buf, len, "%s/", socplat_sysfs_root());
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	va_start(ap, fmt);
	m = vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
	if (m < 0 || (size_t)m >= len - n)
		return -ENAMETOOLONG;
	return 0;
}

int
socplat_read_attr(const char *path, char *buf, size_t len)
{
	ssize_t r;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	r = read(fd, buf, len - 1);
	if (r < 0) {
		r = -errno;
		close(fd);
		return (int)r;
	}
	close(fd);
	buf[r] = '\0';
	while (r > 0 && (buf[r - 1] == '\n' || buf[r - 1] == '\0'))
		buf[--r] = '\0';
	return 0;
}

int
socplat_write_attr(const char *path, const char *val)
{
	size_t len = strlen(val);
	ssize_t r;
	int fd;

	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	r = write(fd, val, len);
	if (r < 0) {
		r = -errno;
		close(fd);
		return (int)r;
	}
	close(fd);
	return (size_t)r == len ? 0 : -EIO;
}

/* The last component a sysfs symlink points to (driver, iommu_group). */
static int
link_basename(const char *link, char *buf, size_t len)
{
	char target[PATH_MAX];
	const char *base;
	ssize_t r;

	r = readlink(link, target, sizeof(target) - 1);
	if (r < 0)
		return -errno;
	target[r] = '\0';
	base = strrchr(target, '/');
	base = base != NULL ? base + 1 : target;
	if (rte_strscpy(buf, base, len) < 0)
		return -ENAMETOOLONG;
	return 0;
}

int
socplat_kernel_driver(const char *devname, char *buf, size_t len)
{
	char path[PATH_MAX];

	if (socplat_path(path, sizeof(path), "bus/platform/devices/%s/driver",
			 devname) < 0)
		return -ENAMETOOLONG;
	return link_basename(path, buf, len);
}

int
socplat_iommu_group(const char *devname)
{
	char path[PATH_MAX], grp[32], *end;
	long n;

	if (socplat_path(path, sizeof(path),
			 "bus/platform/devices/%s/iommu_group", devname) < 0 ||
	    link_basename(path, grp, sizeof(grp)) < 0)
		return -1;
	n = strtol(grp, &end, 10);
	if (end == grp || *end != '\0' || n < 0 || n > INT_MAX)
		return -1;
	return (int)n;
}

bool
socplat_group_is_noiommu(int group)
{
	char path[PATH_MAX], name[64];

	/* VFIO names the groups it makes up for devices without an IOMMU. */
	if (socplat_path(path, sizeof(path), "kernel/iommu_groups/%d/name",
			 group) == 0 &&
	    socplat_read_attr(path, name, sizeof(name)) == 0)
		return strcmp(name, "vfio-noiommu") == 0;
	snprintf(path, sizeof(path), "/dev/vfio/noiommu-%d", group);
	return access(path, F_OK) == 0;
}

bool
socplat_vfio_platform_loaded(void)
{
	char path[PATH_MAX];
	struct stat st;

	return socplat_path(path, sizeof(path), "bus/platform/drivers/%s",
			    SOCPLAT_VFIO_DRIVER) == 0 &&
		stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int
socplat_noiommu_mode(void)
{
	char path[PATH_MAX], val[8];

	if (socplat_path(path, sizeof(path),
			 "module/vfio/parameters/enable_unsafe_noiommu_mode") < 0)
		return -ENOENT;
	if (socplat_read_attr(path, val, sizeof(val)) < 0)
		return -ENOENT;
	return val[0] == 'Y' || val[0] == 'y' || val[0] == '1';
}

bool
socplat_module_loaded(const char *module)
{
	char name[128], path[PATH_MAX];
	struct stat st;
	size_t i;

	if (rte_strscpy(name, module, sizeof(name)) < 0)
		return false;
	/* /sys/module spells every module with underscores. */
	for (i = 0; name[i] != '\0'; i++)
		if (name[i] == '-')
			name[i] = '_';
	return socplat_path(path, sizeof(path), "module/%s", name) == 0 &&
		stat(path, &st) == 0;
}

int
socplat_reset_alias(const char *compat, char *module, size_t len)
{
	char path[PATH_MAX + 32], line[512], want[300];
	struct utsname u;
	int found = 0;
	FILE *f;

	if (modules_dir[0] != '\0') {
		snprintf(path, sizeof(path), "%s/modules.alias", modules_dir);
	} else {
		if (uname(&u) < 0)
			return -ENOENT;
		snprintf(path, sizeof(path), "/lib/modules/%s/modules.alias",
			 u.release);
	}
	f = fopen(path, "re");
	if (f == NULL)
		return -ENOENT;
	/* vfio-platform requests "vfio-reset:<first compatible>". */
	snprintf(want, sizeof(want), "vfio-reset:%s", compat);
	while (!found && fgets(line, sizeof(line), f) != NULL) {
		char *tok[3];

		if (rte_strsplit(line, sizeof(line), tok, 3, ' ') != 3 ||
		    strcmp(tok[0], "alias") != 0 || strcmp(tok[1], want) != 0)
			continue;
		tok[2][strcspn(tok[2], "\r\n")] = '\0';
		rte_strscpy(module, tok[2], len);
		found = 1;
	}
	fclose(f);
	return found;
}

int
socplat_group_viable(const char *devname, int group)
{
	char path[PATH_MAX], drv[64], others[512] = "";
	struct dirent *de;
	size_t used = 0;
	DIR *d;

	if (socplat_path(path, sizeof(path), "kernel/iommu_groups/%d/devices",
			 group) < 0)
		return -ENAMETOOLONG;
	d = opendir(path);
	if (d == NULL)
		return 0; /* VFIO itself will say what is wrong */
	while ((de = readdir(d)) != NULL) {
		char link[PATH_MAX + 300];
		int n;

		if (de->d_name[0] == '.' || strcmp(de->d_name, devname) == 0)
			continue;
		snprintf(link, sizeof(link), "%s/%s/driver", path, de->d_name);
		/* A device with no driver, or on VFIO, keeps the group viable. */
		if (link_basename(link, drv, sizeof(drv)) < 0 ||
		    strncmp(drv, "vfio", 4) == 0)
			continue;
		n = snprintf(others + used, sizeof(others) - used, "%s%s (%s)",
			     used ? ", " : "", de->d_name, drv);
		if (n > 0)
			used = RTE_MIN(used + n, sizeof(others) - 1);
	}
	closedir(d);
	if (used == 0)
		return 0;
	SOCPLAT_LOG(ERR, "%s: IOMMU group %d is not viable: it also holds %s; unbind those devices or bind them to vfio-platform so the whole group belongs to VFIO",
		    devname, group, others);
	return -EBUSY;
}

/* The one line every failed sysfs write gets. */
static int
write_failed(const char *devname, const char *path, int err)
{
	if (err == -EACCES || err == -EPERM)
		SOCPLAT_LOG(ERR, "%s: permission denied writing %s: run as root (binding needs write access to sysfs)",
			    devname, path);
	else
		SOCPLAT_LOG(ERR, "%s: writing %s failed: %s",
			    devname, path, strerror(-err));
	return err;
}

static int
dev_attr_write(const char *devname, const char *attr, const char *val)
{
	char path[PATH_MAX];
	int ret;

	if (socplat_path(path, sizeof(path), "bus/platform/devices/%s/%s",
			 devname, attr) < 0)
		return -ENAMETOOLONG;
	ret = socplat_write_attr(path, val);
	return ret < 0 ? write_failed(devname, path, ret) : 0;
}

static int
drv_attr_write(const char *devname, const char *drv, const char *attr)
{
	char path[PATH_MAX];
	int ret;

	if (socplat_path(path, sizeof(path), "bus/platform/drivers/%s/%s",
			 drv, attr) < 0)
		return -ENAMETOOLONG;
	ret = socplat_write_attr(path, devname);
	return ret < 0 ? write_failed(devname, path, ret) : 0;
}

static bool
same_module(const char *a, const char *b)
{
	for (; *a != '\0' && *b != '\0'; a++, b++)
		if (*a != *b && !((*a == '-' || *a == '_') &&
				  (*b == '-' || *b == '_')))
			return false;
	return *a == *b;
}

/* Why vfio-platform did not take the device, as far as we can tell
 * without the kernel log: Linux before 6.3 refuses any device whose first
 * compatible has no reset handler. */
static void
explain_bind_failure(const struct rte_socplat_device *dev, const char *now,
		     const char *hint)
{
	const char *name = dev->device.name;
	const char *compat = dev->dt->compat[0];
	char module[128];
	int alias;

	alias = socplat_reset_alias(compat, module, sizeof(module));
	if (alias != 1) {
		if (hint == NULL) {
			SOCPLAT_LOG(ERR, "%s: vfio-platform refused the device: no module provides a reset handler for \"%s\" and Linux before 6.3 cannot bind without one; see the kernel log (dmesg)",
				    name, compat);
			return;
		}
		if (alias == 0 && socplat_module_loaded(hint)) {
			SOCPLAT_LOG(ERR, "%s: vfio-platform refused the device: %s is loaded but has no reset handler for \"%s\" (vfio-platform looks up the first compatible only)",
				    name, hint, compat);
			return;
		}
		rte_strscpy(module, hint, sizeof(module));
	} else if (hint != NULL && same_module(hint, module)) {
		/* modules.alias spells it with '_'; users know the '-' name. */
		rte_strscpy(module, hint, sizeof(module));
	}
	if (!socplat_module_loaded(module)) {
		SOCPLAT_LOG(ERR, "%s: vfio-platform refused the device: no reset handler for \"%s\" (kernel log: \"No reset function found\"): modprobe %s",
			    name, compat, module);
		return;
	}
	SOCPLAT_LOG(ERR, "%s: binding to vfio-platform did not take (driver now: %s) although %s is loaded; see the kernel log (dmesg)",
		    name, now, module);
}

/* The device must end up in an IOMMU group; say why it cannot. */
static int
check_iommu(const struct rte_socplat_device *dev)
{
	const char *name = dev->device.name;
	int mode;

	if (socplat_iommu_group(name) >= 0)
		return 0;
	mode = socplat_noiommu_mode();
	if (mode == 1)
		return 0;
	if (dev->dt->has_iommus)
		SOCPLAT_LOG(ERR, "%s: no IOMMU group although its device tree node has iommus: the IOMMU driver has not attached it (check the SMMU node and driver), or modprobe vfio enable_unsafe_noiommu_mode=1",
			    name);
	else if (mode == 0)
		SOCPLAT_LOG(ERR, "%s: no IOMMU group and VFIO no-IOMMU mode is off: attach the device to an IOMMU (iommus, see the dts/ smmu overlay) or modprobe vfio enable_unsafe_noiommu_mode=1",
			    name);
	else
		SOCPLAT_LOG(ERR, "%s: no IOMMU group and this kernel has no VFIO no-IOMMU mode (CONFIG_VFIO_NOIOMMU): attach the device to an IOMMU (iommus, see the dts/ smmu overlay)",
			    name);
	return -ENODEV;
}

int
socplat_bind(struct rte_socplat_device *dev, enum socplat_bind_action action,
	     const char *reset_kmod)
{
	struct socplat_device *sdev = SOCPLAT_PRIV(dev);
	const char *name = dev->device.name;
	char path[PATH_MAX], now[64], orig[64] = "";
	int ret;

	if (action == SOCPLAT_BIND_USE)
		return 0;
	if (action != SOCPLAT_BIND_BIND && action != SOCPLAT_BIND_TAKEOVER)
		return -EINVAL;
	if (!socplat_vfio_platform_loaded()) {
		SOCPLAT_LOG(ERR, "%s: vfio-platform is not loaded (no %s/bus/platform/drivers/vfio-platform): modprobe vfio-platform",
			    name, socplat_sysfs_root());
		return -ENODEV;
	}
	ret = check_iommu(dev);
	if (ret < 0)
		return ret;

	if (action == SOCPLAT_BIND_TAKEOVER) {
		if (socplat_kernel_driver(name, orig, sizeof(orig)) < 0)
			orig[0] = '\0';
		if (orig[0] != '\0') {
			ret = drv_attr_write(name, orig, "unbind");
			if (ret < 0)
				return ret;
			SOCPLAT_LOG(NOTICE, "%s: taken from kernel driver %s",
				    name, orig);
		}
	}
	ret = dev_attr_write(name, "driver_override", SOCPLAT_VFIO_DRIVER);
	if (ret < 0)
		goto undo;
	if (socplat_path(path, sizeof(path), "bus/platform/drivers_probe") < 0) {
		ret = -ENAMETOOLONG;
		goto undo;
	}
	/* A probe that fails in the kernel may fail this write too; the
	 * driver link below is what tells. */
	ret = socplat_write_attr(path, name);
	if (ret == -EACCES || ret == -EPERM) {
		write_failed(name, path, ret);
		goto undo;
	}
	if (socplat_kernel_driver(name, now, sizeof(now)) < 0)
		rte_strscpy(now, "none", sizeof(now));
	if (strcmp(now, SOCPLAT_VFIO_DRIVER) != 0) {
		explain_bind_failure(dev, now, reset_kmod);
		ret = -ENODEV;
		goto undo;
	}
	free(sdev->kdrv_orig);
	sdev->kdrv_orig = orig[0] != '\0' ? strdup(orig) : NULL;
	sdev->bound_by_us = true;
	dev->iommu_group = socplat_iommu_group(name);
	SOCPLAT_LOG(INFO, "%s: bound to vfio-platform", name);
	return 0;
undo:
	/* Leave the device as we found it, not driverless. */
	dev_attr_write(name, "driver_override", "\n");
	if (orig[0] != '\0' && drv_attr_write(name, orig, "bind") == 0)
		SOCPLAT_LOG(NOTICE, "%s: given back to kernel driver %s",
			    name, orig);
	return ret;
}

int
socplat_restore(struct rte_socplat_device *dev)
{
	struct socplat_device *sdev = SOCPLAT_PRIV(dev);
	const char *name = dev->device.name;
	char now[64];
	int ret;

	if (!sdev->bound_by_us)
		return 0;
	sdev->bound_by_us = false;
	if (socplat_kernel_driver(name, now, sizeof(now)) == 0 &&
	    strcmp(now, SOCPLAT_VFIO_DRIVER) == 0) {
		ret = drv_attr_write(name, SOCPLAT_VFIO_DRIVER, "unbind");
		if (ret < 0)
			return ret;
	}
	ret = dev_attr_write(name, "driver_override", "\n");
	if (ret < 0)
		return ret;
	if (sdev->kdrv_orig == NULL) {
		SOCPLAT_LOG(INFO, "%s: released from vfio-platform", name);
		return 0;
	}
	ret = drv_attr_write(name, sdev->kdrv_orig, "bind");
	if (ret < 0)
		return ret;
	if (socplat_kernel_driver(name, now, sizeof(now)) < 0 ||
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
	sdev->dev.iommu_group = socplat_iommu_group(name);
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
