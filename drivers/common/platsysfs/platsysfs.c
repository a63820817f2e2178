/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * Platform devices, their drivers and their IOMMU groups in sysfs
 * (platsysfs.h says what is shared and why).
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
#include <unistd.h>

#include "platsysfs.h"

/* ---- files ---- */

/* Copy, cut to fit: sysfs names longer than our buffers do not occur. */
static void
copy_cut(char *dst, size_t len, const char *src)
{
	size_t n = strnlen(src, len - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

const char *
platsysfs_root(const struct platsysfs *ps)
{
	return ps->sysfs != NULL ? ps->sysfs : "/sys";
}

int
platsysfs_proc_path(const struct platsysfs *ps, char *buf, size_t len,
		    const char *file)
{
	char root[PATH_MAX], *slash;
	int n;

	if (ps->proc != NULL) {
		n = snprintf(buf, len, "%s/%s", ps->proc, file);
	} else {
		snprintf(root, sizeof(root), "%s", platsysfs_root(ps));
		slash = strrchr(root, '/');
		if (slash != NULL)
			*slash = '\0';
		n = snprintf(buf, len, "%s/proc/%s", root, file);
	}
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int
platsysfs_path(const struct platsysfs *ps, char *buf, size_t len,
	       const char *fmt, ...)
{
	va_list ap;
	int n, m;

	n = snprintf(buf, len, "%s/", platsysfs_root(ps));
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
platsysfs_read_attr(const char *path, char *buf, size_t len)
{
	ssize_t r;
	int fd;

	buf[0] = '\0';
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	r = read(fd, buf, len - 1);
	if (r < 0) {
		r = -errno;
		close(fd);
		buf[0] = '\0';
		return (int)r;
	}
	close(fd);
	buf[r] = '\0';
	while (r > 0 && (buf[r - 1] == '\n' || buf[r - 1] == '\0'))
		buf[--r] = '\0';
	return 0;
}

int
platsysfs_write_file(void *opaque, const char *path, const char *val)
{
	size_t len = strlen(val);
	ssize_t n;
	int fd, err = 0;

	(void)opaque;
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, val, len);
	if (n < 0)
		err = -errno;
	else if ((size_t)n != len)
		err = -EIO;
	/* sysfs reports some store errors only here. */
	if (close(fd) != 0 && err == 0)
		err = -errno;
	return err;
}

int
platsysfs_link_name(const char *link, char *buf, size_t len)
{
	char target[PATH_MAX];
	const char *base;
	ssize_t r;
	int n;

	buf[0] = '\0';
	r = readlink(link, target, sizeof(target) - 1);
	if (r < 0)
		return -errno;
	target[r] = '\0';
	base = strrchr(target, '/');
	base = base != NULL ? base + 1 : target;
	n = snprintf(buf, len, "%s", base);
	if (n < 0 || (size_t)n >= len) {
		buf[0] = '\0';
		return -ENAMETOOLONG;
	}
	return 0;
}

/* ---- one platform device and its driver ---- */

int
platsysfs_driver(const struct platsysfs *ps, const char *dev, char *buf,
		 size_t len)
{
	char path[PATH_MAX];

	buf[0] = '\0';
	if (platsysfs_path(ps, path, sizeof(path),
			   "bus/platform/devices/%s/driver", dev) < 0)
		return -ENAMETOOLONG;
	return platsysfs_link_name(path, buf, len);
}

int
platsysfs_override(const struct platsysfs *ps, const char *dev, char *buf,
		   size_t len)
{
	char path[PATH_MAX];
	int ret;

	buf[0] = '\0';
	if (platsysfs_path(ps, path, sizeof(path),
			   "bus/platform/devices/%s/driver_override", dev) < 0)
		return -ENAMETOOLONG;
	ret = platsysfs_read_attr(path, buf, len);
	/* How the kernel shows an unset override. */
	if (ret == 0 && strcmp(buf, "(null)") == 0)
		buf[0] = '\0';
	return ret;
}

bool
platsysfs_driver_loaded(const struct platsysfs *ps, const char *drv)
{
	char path[PATH_MAX];
	struct stat st;

	return platsysfs_path(ps, path, sizeof(path), "bus/platform/drivers/%s",
			      drv) == 0 &&
		stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Writes val to the file at path (built from fmt), saying where in where. */
static int
attr_write(const struct platsysfs *ps, const char *val, char *where,
	   size_t wlen, const char *fmt, ...)
{
	char path[PATH_MAX], rel[PATH_MAX];
	va_list ap;
	int n, ret;

	va_start(ap, fmt);
	n = vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	ret = n < 0 || (size_t)n >= sizeof(rel) ? -ENAMETOOLONG :
		platsysfs_path(ps, path, sizeof(path), "%s", rel);
	if (where != NULL && wlen > 0)
		snprintf(where, wlen, "%s", ret == 0 ? path : rel);
	if (ret < 0)
		return ret;
	return (ps->write != NULL ? ps->write : platsysfs_write_file)
		(ps->opaque, path, val);
}

int
platsysfs_set_override(const struct platsysfs *ps, const char *dev,
		       const char *drv, char *where, size_t wlen)
{
	/* A lone newline clears it; an empty write never reaches the kernel. */
	return attr_write(ps, drv != NULL ? drv : "\n", where, wlen,
			  "bus/platform/devices/%s/driver_override", dev);
}

int
platsysfs_unbind(const struct platsysfs *ps, const char *dev,
		 const char *drv, char *where, size_t wlen)
{
	return attr_write(ps, dev, where, wlen, "bus/platform/drivers/%s/unbind",
			  drv);
}

int
platsysfs_bind(const struct platsysfs *ps, const char *dev, const char *drv,
	       char *where, size_t wlen)
{
	return attr_write(ps, dev, where, wlen, "bus/platform/drivers/%s/bind",
			  drv);
}

int
platsysfs_probe(const struct platsysfs *ps, const char *dev, char *where,
		size_t wlen)
{
	return attr_write(ps, dev, where, wlen, "bus/platform/drivers_probe");
}

/* Puts dev back as platsysfs_take found it (see there). */
static void
take_undo(const struct platsysfs *ps, const char *dev, const char *from,
	  struct platsysfs_take *t)
{
	char scratch[PATH_MAX], now[PLATSYSFS_NAME_MAX];

	platsysfs_driver(ps, dev, now, sizeof(now));
	if (strcmp(now, PLATSYSFS_VFIO_PLATFORM) == 0)
		platsysfs_unbind(ps, dev, PLATSYSFS_VFIO_PLATFORM, scratch,
				 sizeof(scratch));
	platsysfs_set_override(ps, dev, t->prev_override[0] != '\0' ?
			       t->prev_override : NULL, scratch,
			       sizeof(scratch));
	if (from[0] == '\0')
		return;
	platsysfs_driver(ps, dev, now, sizeof(now));
	if (now[0] == '\0')
		platsysfs_bind(ps, dev, from, scratch, sizeof(scratch));
	platsysfs_driver(ps, dev, now, sizeof(now));
	t->given_back = strcmp(now, from) == 0;
}

int
platsysfs_take(const struct platsysfs *ps, const char *dev, const char *from,
	       struct platsysfs_take *t)
{
	int ret;

	memset(t, 0, sizeof(*t));
	platsysfs_override(ps, dev, t->prev_override, sizeof(t->prev_override));
	ret = platsysfs_set_override(ps, dev, PLATSYSFS_VFIO_PLATFORM,
				     t->where, sizeof(t->where));
	if (ret == 0 && from[0] != '\0')
		ret = platsysfs_unbind(ps, dev, from, t->where,
				       sizeof(t->where));
	if (ret == 0) {
		ret = platsysfs_probe(ps, dev, t->where, sizeof(t->where));
		/* A driver that refuses the device fails this write too; the
		 * driver link is what tells. Only a write that never reached
		 * the kernel counts as a failed write. */
		if (ret != -EACCES && ret != -EPERM && ret != -EROFS &&
		    ret != -ENOENT)
			ret = 0;
	}
	platsysfs_driver(ps, dev, t->now, sizeof(t->now));
	if (ret == 0 && strcmp(t->now, PLATSYSFS_VFIO_PLATFORM) == 0)
		return 0;
	if (ret == 0)
		ret = -ENODEV;
	take_undo(ps, dev, from, t);
	return ret;
}

/* ---- IOMMU groups and VFIO ---- */

int
platsysfs_iommu_group(const struct platsysfs *ps, const char *dev)
{
	char path[PATH_MAX], grp[32], *end;
	long n;

	if (platsysfs_path(ps, path, sizeof(path),
			   "bus/platform/devices/%s/iommu_group", dev) < 0 ||
	    platsysfs_link_name(path, grp, sizeof(grp)) < 0)
		return -1;
	n = strtol(grp, &end, 10);
	if (end == grp || *end != '\0' || n < 0 || n > INT_MAX)
		return -1;
	return (int)n;
}

bool
platsysfs_group_is_noiommu(const struct platsysfs *ps, int group)
{
	char path[PATH_MAX], name[64];

	/* VFIO names the groups it makes up for devices without an IOMMU;
	 * their character device says so too. */
	if (platsysfs_path(ps, path, sizeof(path), "kernel/iommu_groups/%d/name",
			   group) == 0 &&
	    platsysfs_read_attr(path, name, sizeof(name)) == 0)
		return strcmp(name, "vfio-noiommu") == 0;
	snprintf(path, sizeof(path), "/dev/vfio/noiommu-%d", group);
	return access(path, F_OK) == 0;
}

int
platsysfs_noiommu_mode(const struct platsysfs *ps)
{
	char path[PATH_MAX], val[8];

	if (platsysfs_path(ps, path, sizeof(path),
			   "module/vfio/parameters/enable_unsafe_noiommu_mode") < 0 ||
	    platsysfs_read_attr(path, val, sizeof(val)) < 0)
		return -ENOENT;
	return val[0] == 'Y' || val[0] == 'y' || val[0] == '1';
}

const char *
platsysfs_noiommu_fix(const struct platsysfs *ps)
{
	if (platsysfs_module_loaded(ps, "vfio"))
		return "echo 1 > /sys/module/vfio/parameters/enable_unsafe_noiommu_mode";
	return "modprobe vfio enable_unsafe_noiommu_mode=1";
}

/*
 * Group viability. Since Linux 5.19 the IOMMU core, not VFIO, decides: VFIO
 * may claim a group only while no device in it is bound to a driver that
 * does DMA through the kernel's DMA API; drivers that manage DMA
 * themselves say so with driver_managed_dma, which sysfs does not show.
 * So the rule is: every other device of the group is unbound, or bound to
 * one of the drivers Linux 6.1 marks driver_managed_dma, named here:
 *   VFIO's bus drivers     vfio-platform, vfio-amba, vfio-fsl-mc, vfio-pci,
 *                          and vfio-pci's variants (mlx5_vfio_pci,
 *                          hisi_acc_vfio_pci)
 *   PCI's DMA-less ones    pci-stub, pcieport (VFIO always let them share)
 * This replaces two guesses that had drifted apart: the bus took any name
 * starting "vfio" (which misses the variants and pci-stub), socnic-bind
 * only vfio-platform and vfio-pci (which refused a group shared with a
 * device on vfio-amba, the driver of the SoCs' PL330 DMA engines). The
 * kernel still has the last word when the group is opened.
 */
static const char *const group_sharing_drivers[] = {
	PLATSYSFS_VFIO_PLATFORM,
	"vfio-amba",
	"vfio-fsl-mc",
	"vfio-pci",
	"mlx5_vfio_pci",
	"hisi_acc_vfio_pci",
	"pci-stub",
	"pcieport",
	NULL,
};

bool
platsysfs_driver_shares_group(const char *drv)
{
	const char *const *d;

	for (d = group_sharing_drivers; *d != NULL; d++)
		if (strcmp(drv, *d) == 0)
			return true;
	return false;
}

int
platsysfs_group_blockers(const struct platsysfs *ps, int group,
			 const char *dev, struct platsysfs_blocker *b,
			 unsigned int max)
{
	char dir[PATH_MAX], drv[PLATSYSFS_NAME_MAX];
	unsigned int n = 0;
	struct dirent *de;
	DIR *d;

	if (platsysfs_path(ps, dir, sizeof(dir), "kernel/iommu_groups/%d/devices",
			   group) < 0)
		return -ENAMETOOLONG;
	d = opendir(dir);
	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		char link[PATH_MAX + 300];

		if (de->d_name[0] == '.' || strcmp(de->d_name, dev) == 0)
			continue;
		snprintf(link, sizeof(link), "%s/%s/driver", dir, de->d_name);
		if (platsysfs_link_name(link, drv, sizeof(drv)) < 0 ||
		    platsysfs_driver_shares_group(drv))
			continue;
		if (n < max) {
			copy_cut(b[n].dev, sizeof(b[n].dev), de->d_name);
			copy_cut(b[n].driver, sizeof(b[n].driver), drv);
		}
		n++;
	}
	closedir(d);
	return (int)n;
}
