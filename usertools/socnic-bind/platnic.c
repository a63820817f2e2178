/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#include <ctype.h>
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

#include "platnic.h"

/* ---- paths and small file helpers ---- */

/* Copy, cut to fit: names longer than our buffers do not occur in sysfs. */
static void
sb_copy(char *dst, size_t len, const char *src)
{
	size_t n = strnlen(src, len - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

static const char *
sb_sysfs(const struct sb_ctx *ctx)
{
	return ctx->sysfs != NULL ? ctx->sysfs : "/sys";
}

static const char *
sb_proc(const struct sb_ctx *ctx)
{
	return ctx->proc != NULL ? ctx->proc : "/proc";
}

/* The running kernel's module directory, when the caller gave none. */
static const char *
sb_modules(const struct sb_ctx *ctx, char *buf, size_t len)
{
	struct utsname u;

	if (ctx->modules != NULL)
		return ctx->modules;
	if (uname(&u) != 0)
		return NULL;
	snprintf(buf, len, "/lib/modules/%s", u.release);
	return buf;
}

static const char *
sb_path(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return buf;
}

static bool
sb_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* Whole file into buf (NUL-terminated); bytes read, or -1. */
static ssize_t
sb_read(const char *path, char *buf, size_t len)
{
	ssize_t n, got = 0;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	while ((size_t)got < len - 1) {
		n = read(fd, buf + got, len - 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += n;
	}
	close(fd);
	buf[got] = '\0';
	return got;
}

/* First line of a text attribute, without its newline; "" if unreadable. */
static void
sb_read_line(const char *path, char *buf, size_t len)
{
	char *nl;

	if (sb_read(path, buf, len) < 0) {
		buf[0] = '\0';
		return;
	}
	nl = strchr(buf, '\n');
	if (nl != NULL)
		*nl = '\0';
}

/* Last component of a symlink's target; "" when there is no link. */
static void
sb_link_base(const char *path, char *buf, size_t len)
{
	char target[PATH_MAX];
	ssize_t n;
	const char *base;

	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0) {
		buf[0] = '\0';
		return;
	}
	target[n] = '\0';
	base = strrchr(target, '/');
	sb_copy(buf, len, base != NULL ? base + 1 : target);
}

int
sb_write_file(void *opaque, const char *path, const char *value)
{
	size_t len = strlen(value);
	ssize_t n;
	int fd, err = 0;

	(void)opaque;
	fd = open(path, O_WRONLY | O_TRUNC);
	if (fd < 0)
		return -errno;
	n = write(fd, value, len);
	if (n < 0)
		err = -errno;
	else if ((size_t)n != len)
		err = -EIO;
	if (close(fd) != 0 && err == 0)
		err = -errno;
	return err;
}

static int
sb_write(const struct sb_ctx *ctx, const char *path, const char *value)
{
	return (ctx->write != NULL ? ctx->write : sb_write_file)(ctx->opaque,
								 path, value);
}

static int
sb_msg(char *msg, size_t len, int ret, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, len, fmt, ap);
	va_end(ap);
	return ret;
}

void
sb_fmt_mac(const uint8_t *m, char *buf, size_t len)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x",
		 m[0], m[1], m[2], m[3], m[4], m[5]);
}

/* ---- system-wide facts ---- */

void
sb_system_read(const struct sb_ctx *ctx, struct sb_system *sys)
{
	const char *s = sb_sysfs(ctx);
	char p[PATH_MAX], v[16];

	memset(sys, 0, sizeof(*sys));
	sys->vfio_platform = sb_exists(sb_path(p, sizeof(p),
		"%s/bus/platform/drivers/" SB_VFIO_DRIVER, s));
	sb_read_line(sb_path(p, sizeof(p),
		"%s/module/vfio/parameters/enable_unsafe_noiommu_mode", s),
		v, sizeof(v));
	sys->noiommu = v[0] == 'Y' || v[0] == 'y' || v[0] == '1';
	sys->reset_loaded = sb_exists(sb_path(p, sizeof(p),
		"%s/module/vfio_platform_gem", s));
}

/* ---- one NIC ---- */

static void
sb_read_compat(const char *dev, struct sb_nic *nic)
{
	char p[PATH_MAX], buf[4096];
	ssize_t n, off = 0;

	nic->nb_compat = 0;
	n = sb_read(sb_path(p, sizeof(p), "%s/of_node/compatible", dev),
		    buf, sizeof(buf));
	/* A string list: NUL-terminated strings back to back. */
	while (n > 0 && off < n && nic->nb_compat < SB_MAX_COMPAT) {
		size_t l = strnlen(buf + off, n - off);

		if (l > 0)
			snprintf(nic->compat[nic->nb_compat++], SB_NAME_MAX,
				 "%s", buf + off);
		off += l + 1;
	}
}

static void
sb_read_mac(const char *dev, struct sb_nic *nic)
{
	static const char *const props[] = { "local-mac-address", "mac-address" };
	char p[PATH_MAX], buf[64];
	unsigned int i;
	int fd;

	for (i = 0; i < 2; i++) {
		ssize_t n;

		fd = open(sb_path(p, sizeof(p), "%s/of_node/%s", dev, props[i]),
			  O_RDONLY);
		if (fd < 0)
			continue;
		n = read(fd, buf, sizeof(buf));
		close(fd);
		/* An all-zero address is the "fill me in" placeholder. */
		if (n == 6 && memcmp(buf, "\0\0\0\0\0\0", 6) != 0) {
			memcpy(nic->mac, buf, 6);
			nic->has_mac = true;
			nic->mac_prop = props[i];
			return;
		}
	}
}

static void
sb_read_netdev(const struct sb_ctx *ctx, struct sb_nic *nic)
{
	char p[PATH_MAX], base[SB_NAME_MAX];
	struct dirent *e;
	DIR *d;

	nic->netdev[0] = '\0';
	d = opendir(sb_path(p, sizeof(p), "%s/class/net", sb_sysfs(ctx)));
	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		sb_link_base(sb_path(p, sizeof(p), "%s/class/net/%s/device",
				     sb_sysfs(ctx), e->d_name),
			     base, sizeof(base));
		if (strcmp(base, nic->name) == 0) {
			sb_copy(nic->netdev, sizeof(nic->netdev), e->d_name);
			break;
		}
	}
	closedir(d);
}

static void
sb_add_offender(struct sb_nic *nic, const char *dev, const char *drv)
{
	struct sb_offender *o;

	if (nic->nb_offenders == SB_MAX_OFFENDERS)
		return;
	o = &nic->offenders[nic->nb_offenders++];
	sb_copy(o->dev, sizeof(o->dev), dev);
	sb_copy(o->driver, sizeof(o->driver), drv);
}

/*
 * VFIO hands out a group only when every device in it is either unbound or
 * on a VFIO driver: one DMA-capable device left to a kernel driver would
 * share the IOMMU context with the user.
 */
static void
sb_viability(const struct sb_ctx *ctx, const struct sb_system *sys,
	     const char *dev, struct sb_nic *nic)
{
	char p[PATH_MAX], grp[64], drv[SB_NAME_MAX], name[64];
	char *end;
	struct dirent *e;
	size_t off;
	DIR *d;

	nic->group = -1;
	nic->nb_offenders = 0;
	sb_link_base(sb_path(p, sizeof(p), "%s/iommu_group", dev), grp,
		     sizeof(grp));
	if (grp[0] != '\0') {
		long g = strtol(grp, &end, 10);

		if (*end == '\0' && g >= 0 && g <= INT_MAX)
			nic->group = (int)g;
	}
	if (nic->group < 0) {
		if (sys->noiommu) {
			nic->viable = true;
			snprintf(nic->viable_why, sizeof(nic->viable_why),
				 "no IOMMU group, and VFIO's no-IOMMU mode is on (DMA is not isolated)");
		} else {
			nic->viable = false;
			snprintf(nic->viable_why, sizeof(nic->viable_why),
				 "no IOMMU group, and VFIO's no-IOMMU mode is off: modprobe vfio enable_unsafe_noiommu_mode=1, or put the NIC behind the SoC's IOMMU in the device tree (iommus)");
		}
		return;
	}

	sb_read_line(sb_path(p, sizeof(p), "%s/kernel/iommu_groups/%d/name",
			     sb_sysfs(ctx), nic->group), name, sizeof(name));
	nic->group_noiommu = strcmp(name, "vfio-noiommu") == 0;

	d = opendir(sb_path(p, sizeof(p), "%s/kernel/iommu_groups/%d/devices",
			    sb_sysfs(ctx), nic->group));
	if (d != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.' || strcmp(e->d_name, nic->name) == 0)
				continue;
			sb_link_base(sb_path(p, sizeof(p),
				"%s/kernel/iommu_groups/%d/devices/%s/driver",
				sb_sysfs(ctx), nic->group, e->d_name),
				drv, sizeof(drv));
			if (drv[0] != '\0' && strcmp(drv, SB_VFIO_DRIVER) != 0 &&
			    strcmp(drv, "vfio-pci") != 0)
				sb_add_offender(nic, e->d_name, drv);
		}
		closedir(d);
	}
	if (nic->nb_offenders == 0) {
		nic->viable = true;
		snprintf(nic->viable_why, sizeof(nic->viable_why),
			 "every other device in IOMMU group %d is unbound or on VFIO",
			 nic->group);
		return;
	}
	nic->viable = false;
	off = (size_t)snprintf(nic->viable_why, sizeof(nic->viable_why),
			       "IOMMU group %d also holds", nic->group);
	for (unsigned int i = 0; i < nic->nb_offenders && off < sizeof(nic->viable_why); i++)
		off += (size_t)snprintf(nic->viable_why + off,
			sizeof(nic->viable_why) - off, "%s %s (driver %s)",
			i ? "," : "", nic->offenders[i].dev,
			nic->offenders[i].driver);
	if (off < sizeof(nic->viable_why))
		snprintf(nic->viable_why + off, sizeof(nic->viable_why) - off,
			 ": bind %s to vfio-platform or unbind %s too",
			 nic->nb_offenders == 1 ? "it" : "them",
			 nic->nb_offenders == 1 ? "it" : "them");
}

/* The module modules.alias names for "vfio-reset:<compat>", or "". */
static void
sb_alias_module(const struct sb_ctx *ctx, const char *compat, char *mod,
		size_t len)
{
	char dir[PATH_MAX], p[PATH_MAX], line[512], want[SB_NAME_MAX + 16];
	const char *mdir = sb_modules(ctx, dir, sizeof(dir));
	FILE *f;

	mod[0] = '\0';
	if (mdir == NULL)
		return;
	f = fopen(sb_path(p, sizeof(p), "%s/modules.alias", mdir), "r");
	if (f == NULL)
		return;
	snprintf(want, sizeof(want), "vfio-reset:%s", compat);
	while (fgets(line, sizeof(line), f) != NULL) {
		char a[16], name[SB_NAME_MAX + 16], m[SB_NAME_MAX];

		if (sscanf(line, "%15s %143s %127s", a, name, m) == 3 &&
		    strcmp(a, "alias") == 0 && strcmp(name, want) == 0) {
			sb_copy(mod, len, m);
			break;
		}
	}
	fclose(f);
}

/* modules.builtin lists built-in modules by path: .../vfio-platform-gem.ko */
static bool
sb_builtin(const struct sb_ctx *ctx, const char *module)
{
	char dir[PATH_MAX], p[PATH_MAX], line[512], want[SB_NAME_MAX + 8];
	const char *mdir = sb_modules(ctx, dir, sizeof(dir));
	bool found = false;
	FILE *f;

	if (mdir == NULL)
		return false;
	f = fopen(sb_path(p, sizeof(p), "%s/modules.builtin", mdir), "r");
	if (f == NULL)
		return false;
	snprintf(want, sizeof(want), "/%s.ko", module);
	while (!found && fgets(line, sizeof(line), f) != NULL) {
		char *nl = strchr(line, '\n');

		if (nl != NULL)
			*nl = '\0';
		if (strlen(line) >= strlen(want) &&
		    strcmp(line + strlen(line) - strlen(want), want) == 0)
			found = true;
	}
	fclose(f);
	return found;
}

static void
sb_module_sysfs_name(const char *module, char *buf, size_t len)
{
	size_t i;

	sb_copy(buf, len, module);
	for (i = 0; buf[i] != '\0'; i++)
		if (buf[i] == '-')
			buf[i] = '_';
}

/*
 * Whether modules.dep lists the module (by its name with '_' for '-') and
 * its file is there: modprobe needs both.
 */
static bool
sb_installed(const struct sb_ctx *ctx, const char *sysname)
{
	char dir[PATH_MAX], p[PATH_MAX], line[1024], name[SB_NAME_MAX];
	const char *mdir = sb_modules(ctx, dir, sizeof(dir));
	bool found = false;
	FILE *f;

	if (mdir == NULL)
		return false;
	f = fopen(sb_path(p, sizeof(p), "%s/modules.dep", mdir), "r");
	if (f == NULL)
		return false;
	while (!found && fgets(line, sizeof(line), f) != NULL) {
		char *colon = strchr(line, ':'), *base, *dot;

		if (colon == NULL)
			continue;
		*colon = '\0';
		base = strrchr(line, '/');
		sb_module_sysfs_name(base != NULL ? base + 1 : line, name,
				     sizeof(name));
		dot = strstr(name, ".ko");
		if (dot == NULL)
			continue;
		*dot = '\0';
		if (strcmp(name, sysname) != 0)
			continue;
		found = sb_exists(line[0] == '/' ? line :
				  sb_path(p, sizeof(p), "%s/%s", mdir, line));
		break;
	}
	fclose(f);
	return found;
}

/*
 * vfio-platform (before Linux 6.3) refuses a device with no reset handler,
 * and looks the handler up by the node's FIRST compatible only.
 */
static void
sb_reset_handler(const struct sb_ctx *ctx, const struct sb_system *sys,
		 struct sb_nic *nic)
{
	const char *first = nic->nb_compat > 0 ? nic->compat[0] : "";
	const struct sb_family *f = sb_family_find(first);
	char alias_mod[SB_NAME_MAX], p[PATH_MAX], sysname[SB_NAME_MAX];

	nic->reset = SB_RESET_NONE;
	nic->reset_module[0] = '\0';
	if (f != NULL) {
		snprintf(nic->reset_module, sizeof(nic->reset_module), "%s",
			 SB_RESET_MODULE);
		if (sys->reset_loaded) {
			nic->reset = SB_RESET_LOADED;
			snprintf(nic->reset_why, sizeof(nic->reset_why),
				 SB_RESET_MODULE " is loaded and handles %s", first);
			return;
		}
		if (sb_builtin(ctx, SB_RESET_MODULE)) {
			nic->reset = SB_RESET_LOADED;
			snprintf(nic->reset_why, sizeof(nic->reset_why),
				 SB_RESET_MODULE " is built into the kernel and handles %s",
				 first);
			return;
		}
	}
	/* Any module that declares itself the handler, ours or another. */
	sb_alias_module(ctx, first, alias_mod, sizeof(alias_mod));
	if (alias_mod[0] != '\0') {
		sb_module_sysfs_name(alias_mod, sysname, sizeof(sysname));
		snprintf(nic->reset_module, sizeof(nic->reset_module), "%s",
			 alias_mod);
		if (sb_exists(sb_path(p, sizeof(p), "%s/module/%s",
				      sb_sysfs(ctx), sysname))) {
			nic->reset = SB_RESET_LOADED;
			snprintf(nic->reset_why, sizeof(nic->reset_why),
				 "%s is loaded and handles %s", alias_mod, first);
		} else if (sb_installed(ctx, sysname)) {
			nic->reset = SB_RESET_AUTOLOAD;
			snprintf(nic->reset_why, sizeof(nic->reset_why),
				 "%s is installed: vfio-platform loads it when binding",
				 alias_mod);
		} else {
			snprintf(nic->reset_why, sizeof(nic->reset_why),
				 "modules.alias names %s as the handler for %s, but its file is gone: reinstall it and run depmod",
				 alias_mod, first);
		}
		return;
	}
	if (f != NULL)
		snprintf(nic->reset_why, sizeof(nic->reset_why),
			 SB_RESET_MODULE " is neither loaded nor installed: insmod vfio-platform-gem.ko (socnic's reset/ module), or install it and run depmod");
	else
		snprintf(nic->reset_why, sizeof(nic->reset_why),
			 "no handler for %s, the first compatible (vfio-platform looks handlers up by the first one only): add it to GEM_COMPATIBLES in drivers/common/gem/gem_compat.h",
			 first);
}

int
sb_nic_read(const struct sb_ctx *ctx, const struct sb_system *sys,
	    const char *name, struct sb_nic *nic)
{
	char dev[PATH_MAX], p[PATH_MAX];
	unsigned int i;

	memset(nic, 0, sizeof(*nic));
	nic->group = -1;
	if (name[0] == '\0' || name[0] == '.' || strchr(name, '/') != NULL)
		return -ENOENT;
	sb_copy(nic->name, sizeof(nic->name), name);
	sb_path(dev, sizeof(dev), "%s/bus/platform/devices/%s", sb_sysfs(ctx),
		name);
	if (!sb_exists(dev))
		return -ENOENT;
	sb_read_compat(dev, nic);
	/* The node lists compatibles most specific first. */
	for (i = 0; i < nic->nb_compat && nic->family == NULL; i++)
		nic->family = sb_family_find(nic->compat[i]);
	if (nic->family == NULL)
		return -ENODEV;

	sb_link_base(sb_path(p, sizeof(p), "%s/driver", dev), nic->driver,
		     sizeof(nic->driver));
	sb_read_line(sb_path(p, sizeof(p), "%s/driver_override", dev),
		     nic->override, sizeof(nic->override));
	if (strcmp(nic->override, "(null)") == 0)
		nic->override[0] = '\0';
	sb_read_netdev(ctx, nic);
	sb_viability(ctx, sys, dev, nic);
	sb_reset_handler(ctx, sys, nic);
	sb_read_mac(dev, nic);
	return 0;
}

static int
sb_nic_cmp(const void *a, const void *b)
{
	return strcmp(((const struct sb_nic *)a)->name,
		      ((const struct sb_nic *)b)->name);
}

int
sb_scan(const struct sb_ctx *ctx, const struct sb_system *sys,
	struct sb_nic **nics, unsigned int *nb)
{
	char p[PATH_MAX];
	struct sb_nic *v = NULL, *nv;
	unsigned int n = 0, cap = 0;
	struct dirent *e;
	DIR *d;

	*nics = NULL;
	*nb = 0;
	d = opendir(sb_path(p, sizeof(p), "%s/bus/platform/devices",
			    sb_sysfs(ctx)));
	if (d == NULL)
		return -errno;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			nv = realloc(v, cap * sizeof(*v));
			if (nv == NULL) {
				free(v);
				closedir(d);
				return -ENOMEM;
			}
			v = nv;
		}
		if (sb_nic_read(ctx, sys, e->d_name, &v[n]) == 0)
			n++;
	}
	closedir(d);
	qsort(v, n, sizeof(*v), sb_nic_cmp);
	*nics = v;
	*nb = n;
	return 0;
}

int
sb_resolve(const struct sb_ctx *ctx, const char *arg, char *out, size_t len)
{
	char p[PATH_MAX], base[SB_NAME_MAX];

	if (strncmp(arg, "socplat:", 8) == 0)
		arg += 8;
	if (arg[0] == '\0' || arg[0] == '.' || strchr(arg, '/') != NULL)
		return -ENOENT;
	if (sb_exists(sb_path(p, sizeof(p), "%s/bus/platform/devices/%s",
			      sb_sysfs(ctx), arg))) {
		sb_copy(out, len, arg);
		return 0;
	}
	sb_link_base(sb_path(p, sizeof(p), "%s/class/net/%s/device",
			     sb_sysfs(ctx), arg), base, sizeof(base));
	if (base[0] != '\0' &&
	    sb_exists(sb_path(p, sizeof(p), "%s/bus/platform/devices/%s",
			      sb_sysfs(ctx), base))) {
		sb_copy(out, len, base);
		return 0;
	}
	return -ENOENT;
}

unsigned int
sb_group_users(const struct sb_ctx *ctx, const struct sb_nic *nic,
	       struct sb_user *users, unsigned int max)
{
	char p[PATH_MAX], t1[64], t2[64], target[PATH_MAX];
	struct dirent *pe, *fe;
	unsigned int n = 0;
	DIR *pd, *fd;

	if (nic->group < 0)
		return 0;
	snprintf(t1, sizeof(t1), "/dev/vfio/%d", nic->group);
	snprintf(t2, sizeof(t2), "/dev/vfio/noiommu-%d", nic->group);
	pd = opendir(sb_proc(ctx));
	if (pd == NULL)
		return 0;
	while (n < max && (pe = readdir(pd)) != NULL) {
		bool holds = false;

		if (!isdigit((unsigned char)pe->d_name[0]))
			continue;
		fd = opendir(sb_path(p, sizeof(p), "%s/%s/fd", sb_proc(ctx),
				     pe->d_name));
		if (fd == NULL)
			continue;
		while (!holds && (fe = readdir(fd)) != NULL) {
			ssize_t l;

			if (fe->d_name[0] == '.')
				continue;
			l = readlink(sb_path(p, sizeof(p), "%s/%s/fd/%s",
					     sb_proc(ctx), pe->d_name, fe->d_name),
				     target, sizeof(target) - 1);
			if (l <= 0)
				continue;
			target[l] = '\0';
			holds = strcmp(target, t1) == 0 || strcmp(target, t2) == 0;
		}
		closedir(fd);
		if (!holds)
			continue;
		users[n].pid = atoi(pe->d_name);
		sb_read_line(sb_path(p, sizeof(p), "%s/%s/comm", sb_proc(ctx),
				     pe->d_name), users[n].comm,
			     sizeof(users[n].comm));
		n++;
	}
	closedir(pd);
	return n;
}

/* ---- actions ---- */

/* One line for a failed sysfs write: the attribute, the errno, the fix. */
static int
sb_write_fail(char *msg, size_t len, const char *dev, const char *path,
	      int err)
{
	if (err == -EACCES || err == -EPERM || err == -EROFS)
		return sb_msg(msg, len, -1, "%s: cannot write %s: %s: run socnic-bind as root",
			      dev, path, strerror(-err));
	return sb_msg(msg, len, -1, "%s: writing %s failed: %s (see dmesg for the kernel's reason)",
		      dev, path, strerror(-err));
}

/* Fails when the device is missing or not a GEM; fills nic. */
static int
sb_load(const struct sb_ctx *ctx, const struct sb_system *sys,
	const char *name, struct sb_nic *nic, char *msg, size_t len)
{
	int ret = sb_nic_read(ctx, sys, name, nic);

	if (ret == -ENOENT)
		return sb_msg(msg, len, -1,
			      "%s: no such platform device: socnic-bind --status lists the NICs by name",
			      name);
	if (ret == -ENODEV)
		return sb_msg(msg, len, -1,
			      "%s: not a GEM-family NIC (compatible: %s): socnic-bind handles only the Cadence GEM family",
			      name, nic->nb_compat ? nic->compat[0] : "none");
	return 0;
}

/* A driver holding the NIC must let go first; a VFIO user would make the
 * kernel's unbind wait until that process exits. */
static int
sb_check_unused(const struct sb_ctx *ctx, const struct sb_nic *nic, char *msg,
		size_t len)
{
	struct sb_user u[SB_MAX_USERS];
	unsigned int n;

	if (strcmp(nic->driver, SB_VFIO_DRIVER) != 0)
		return 0;
	n = sb_group_users(ctx, nic, u, SB_MAX_USERS);
	if (n == 0)
		return 0;
	return sb_msg(msg, len, -1,
		      "%s: in use by pid %d (%s) through VFIO group %d: stop that program first",
		      nic->name, u[0].pid, u[0].comm, nic->group);
}

static int
sb_unbind_driver(const struct sb_ctx *ctx, const struct sb_nic *nic,
		 char *msg, size_t len)
{
	char p[PATH_MAX];
	int ret;

	sb_path(p, sizeof(p), "%s/bus/platform/devices/%s/driver/unbind",
		sb_sysfs(ctx), nic->name);
	ret = sb_write(ctx, p, nic->name);
	return ret != 0 ? sb_write_fail(msg, len, nic->name, p, ret) : 0;
}

static int
sb_set_override(const struct sb_ctx *ctx, const char *name, const char *drv,
		char *msg, size_t len)
{
	char p[PATH_MAX];
	int ret;

	sb_path(p, sizeof(p), "%s/bus/platform/devices/%s/driver_override",
		sb_sysfs(ctx), name);
	/* A lone newline clears it; an empty write would not reach the kernel. */
	ret = sb_write(ctx, p, drv != NULL ? drv : "\n");
	return ret != 0 ? sb_write_fail(msg, len, name, p, ret) : 0;
}

/* Ask the bus to match the device again; the result shows in its driver link. */
static int
sb_probe(const struct sb_ctx *ctx, const char *name, char *msg, size_t len)
{
	char p[PATH_MAX];
	int ret;

	sb_path(p, sizeof(p), "%s/bus/platform/drivers_probe", sb_sysfs(ctx));
	ret = sb_write(ctx, p, name);
	/* A probe that binds nothing is reported by the link check, not here. */
	if (ret == -EACCES || ret == -EPERM || ret == -EROFS || ret == -ENOENT)
		return sb_write_fail(msg, len, name, p, ret);
	return 0;
}

static void
sb_current_driver(const struct sb_ctx *ctx, const char *name, char *drv,
		  size_t len)
{
	char p[PATH_MAX];

	sb_link_base(sb_path(p, sizeof(p), "%s/bus/platform/devices/%s/driver",
			     sb_sysfs(ctx), name), drv, len);
}

int
sb_bind(const struct sb_ctx *ctx, const char *name, char *msg, size_t len)
{
	struct sb_system sys;
	struct sb_nic nic;
	char drv[SB_NAME_MAX], was[SB_NAME_MAX];

	sb_system_read(ctx, &sys);
	if (sb_load(ctx, &sys, name, &nic, msg, len) != 0)
		return -1;
	if (strcmp(nic.driver, SB_VFIO_DRIVER) == 0)
		return sb_msg(msg, len, 0, "%s: already bound to vfio-platform",
			      name);
	if (!sys.vfio_platform)
		return sb_msg(msg, len, -1,
			      "%s: vfio-platform is not loaded: modprobe vfio-platform",
			      name);
	if (!nic.viable)
		return sb_msg(msg, len, -1, "%s: not bound: %s", name,
			      nic.viable_why);

	sb_copy(was, sizeof(was), nic.driver);
	if (sb_set_override(ctx, name, SB_VFIO_DRIVER, msg, len) != 0)
		return -1;
	if (was[0] != '\0' && sb_unbind_driver(ctx, &nic, msg, len) != 0)
		return -1;
	if (sb_probe(ctx, name, msg, len) != 0)
		return -1;

	sb_current_driver(ctx, name, drv, sizeof(drv));
	if (strcmp(drv, SB_VFIO_DRIVER) == 0)
		return sb_msg(msg, len, 0, "%s: bound to vfio-platform (was %s)",
			      name, was[0] ? was : "unbound");

	/* Did not stick: give the device back rather than strand it. */
	sb_set_override(ctx, name, NULL, msg, len);
	if (was[0] != '\0' && drv[0] == '\0')
		sb_probe(ctx, name, msg, len);
	if (nic.reset == SB_RESET_NONE)
		return sb_msg(msg, len, -1,
			      "%s: vfio-platform refused it: no reset handler (%s)",
			      name, nic.reset_why);
	return sb_msg(msg, len, -1,
		      "%s: vfio-platform did not take it (driver now: %s): see dmesg for vfio-platform's reason",
		      name, drv[0] ? drv : "none");
}

int
sb_unbind(const struct sb_ctx *ctx, const char *name, char *msg, size_t len)
{
	struct sb_system sys;
	struct sb_nic nic;
	char drv[SB_NAME_MAX];

	sb_system_read(ctx, &sys);
	if (sb_load(ctx, &sys, name, &nic, msg, len) != 0)
		return -1;
	if (nic.driver[0] == '\0') {
		if (nic.override[0] != '\0' &&
		    sb_set_override(ctx, name, NULL, msg, len) != 0)
			return -1;
		return sb_msg(msg, len, 0, "%s: already unbound", name);
	}
	if (sb_check_unused(ctx, &nic, msg, len) != 0)
		return -1;
	if (sb_unbind_driver(ctx, &nic, msg, len) != 0)
		return -1;
	/* Left set, the override would pull it back to vfio-platform on the
	 * next probe; unbound means no driver is forced on it. */
	if (nic.override[0] != '\0' &&
	    sb_set_override(ctx, name, NULL, msg, len) != 0)
		return -1;
	sb_current_driver(ctx, name, drv, sizeof(drv));
	if (drv[0] != '\0')
		return sb_msg(msg, len, -1,
			      "%s: still bound to %s after unbind: see dmesg",
			      name, drv);
	return sb_msg(msg, len, 0, "%s: unbound from %s", name, nic.driver);
}

int
sb_restore(const struct sb_ctx *ctx, const char *name, char *msg, size_t len)
{
	struct sb_system sys;
	struct sb_nic nic;
	char drv[SB_NAME_MAX];

	sb_system_read(ctx, &sys);
	if (sb_load(ctx, &sys, name, &nic, msg, len) != 0)
		return -1;
	if (nic.driver[0] != '\0' && strcmp(nic.driver, SB_VFIO_DRIVER) != 0) {
		if (nic.override[0] != '\0' &&
		    sb_set_override(ctx, name, NULL, msg, len) != 0)
			return -1;
		return sb_msg(msg, len, 0, "%s: already on its kernel driver %s",
			      name, nic.driver);
	}
	if (sb_check_unused(ctx, &nic, msg, len) != 0)
		return -1;
	if (sb_set_override(ctx, name, NULL, msg, len) != 0)
		return -1;
	if (nic.driver[0] != '\0' && sb_unbind_driver(ctx, &nic, msg, len) != 0)
		return -1;
	if (sb_probe(ctx, name, msg, len) != 0)
		return -1;
	sb_current_driver(ctx, name, drv, sizeof(drv));
	if (drv[0] != '\0' && strcmp(drv, SB_VFIO_DRIVER) != 0)
		return sb_msg(msg, len, 0, "%s: back on its kernel driver %s",
			      name, drv);
	return sb_msg(msg, len, -1,
		      "%s: no kernel driver took it: load one (modprobe " SB_KERNEL_DRIVER ") and run socnic-bind --restore %s again",
		      name, name);
}
