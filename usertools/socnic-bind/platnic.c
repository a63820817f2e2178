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
	return platsysfs_root(&ctx->sys);
}

static const char *
sb_proc(const struct sb_ctx *ctx)
{
	return ctx->proc != NULL ? ctx->proc : "/proc";
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
	memset(sys, 0, sizeof(*sys));
	sys->vfio_platform = platsysfs_driver_loaded(&ctx->sys,
						     PLATSYSFS_VFIO_PLATFORM);
	sys->noiommu = platsysfs_noiommu_mode(&ctx->sys) == 1;
	sys->reset_loaded = platsysfs_module_loaded(&ctx->sys, SB_RESET_MODULE);
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
	platsysfs_netdev(&ctx->sys, nic->name, nic->netdev, sizeof(nic->netdev));
}

/*
 * VFIO hands out a group only when no device in it is left to a driver
 * that does DMA through the kernel (platsysfs_driver_shares_group says
 * which drivers are fine): one would share the IOMMU context with the user.
 */
static void
sb_viability(const struct sb_ctx *ctx, const struct sb_system *sys,
	     struct sb_nic *nic)
{
	size_t off;
	int n;

	nic->group = platsysfs_iommu_group(&ctx->sys, nic->name);
	nic->nb_offenders = 0;
	if (nic->group < 0) {
		if (sys->noiommu) {
			nic->viable = true;
			snprintf(nic->viable_why, sizeof(nic->viable_why),
				 "no IOMMU group, and VFIO's no-IOMMU mode is on (DMA is not isolated)");
		} else {
			nic->viable = false;
			snprintf(nic->viable_why, sizeof(nic->viable_why),
				 "no IOMMU group, and VFIO's no-IOMMU mode is off: %s, or put the NIC behind the SoC's IOMMU in the device tree (iommus)",
				 platsysfs_noiommu_fix(&ctx->sys));
		}
		return;
	}

	nic->group_noiommu = platsysfs_group_is_noiommu(&ctx->sys, nic->group);
	n = platsysfs_group_blockers(&ctx->sys, nic->group, nic->name,
				     nic->offenders, SB_MAX_OFFENDERS);
	if (n <= 0) {
		nic->viable = true;
		snprintf(nic->viable_why, sizeof(nic->viable_why),
			 "every other device in IOMMU group %d is unbound or on VFIO",
			 nic->group);
		return;
	}
	nic->nb_offenders = n < SB_MAX_OFFENDERS ? (unsigned int)n :
		SB_MAX_OFFENDERS;
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
	char alias_mod[SB_NAME_MAX];

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
		if (platsysfs_module_builtin(&ctx->sys, SB_RESET_MODULE)) {
			nic->reset = SB_RESET_LOADED;
			snprintf(nic->reset_why, sizeof(nic->reset_why),
				 SB_RESET_MODULE " is built into the kernel and handles %s",
				 first);
			return;
		}
	}
	/* Any module that declares itself the handler, ours or another. */
	if (platsysfs_reset_module(&ctx->sys, first, alias_mod,
				   sizeof(alias_mod)) == 1) {
		snprintf(nic->reset_module, sizeof(nic->reset_module), "%s",
			 alias_mod);
		if (platsysfs_module_loaded(&ctx->sys, alias_mod)) {
			nic->reset = SB_RESET_LOADED;
			snprintf(nic->reset_why, sizeof(nic->reset_why),
				 "%s is loaded and handles %s", alias_mod, first);
		} else if (platsysfs_module_installed(&ctx->sys, alias_mod)) {
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
	char dev[PATH_MAX];
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

	platsysfs_driver(&ctx->sys, name, nic->driver, sizeof(nic->driver));
	platsysfs_override(&ctx->sys, name, nic->override,
			   sizeof(nic->override));
	sb_read_netdev(ctx, nic);
	sb_viability(ctx, sys, nic);
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
	platsysfs_link_name(sb_path(p, sizeof(p), "%s/class/net/%s/device",
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
		platsysfs_read_attr(sb_path(p, sizeof(p), "%s/%s/comm",
					    sb_proc(ctx), pe->d_name),
				    users[n].comm, sizeof(users[n].comm));
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

	if (strcmp(nic->driver, PLATSYSFS_VFIO_PLATFORM) != 0)
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

	ret = platsysfs_unbind(&ctx->sys, nic->name, nic->driver, p, sizeof(p));
	return ret != 0 ? sb_write_fail(msg, len, nic->name, p, ret) : 0;
}

static int
sb_set_override(const struct sb_ctx *ctx, const char *name, const char *drv,
		char *msg, size_t len)
{
	char p[PATH_MAX];
	int ret;

	ret = platsysfs_set_override(&ctx->sys, name, drv, p, sizeof(p));
	return ret != 0 ? sb_write_fail(msg, len, name, p, ret) : 0;
}

/* Ask the bus to match the device again; the result shows in its driver link. */
static int
sb_probe(const struct sb_ctx *ctx, const char *name, char *msg, size_t len)
{
	char p[PATH_MAX];
	int ret;

	ret = platsysfs_probe(&ctx->sys, name, p, sizeof(p));
	/* A probe that binds nothing is reported by the link check, not here. */
	if (ret == -EACCES || ret == -EPERM || ret == -EROFS || ret == -ENOENT)
		return sb_write_fail(msg, len, name, p, ret);
	return 0;
}

/* The kernel's interface on a NIC about to be taken from its driver:
 * the bus's rule (platsysfs_netdev_use), with --force for force=1. */
static int
sb_check_netdev(const struct sb_ctx *ctx, const struct sb_nic *nic,
		char *msg, size_t len)
{
	char what[256], fix[192];
	struct platsysfs_use u;
	int ret;

	if (nic->driver[0] == '\0' || ctx->force)
		return 0;
	ret = platsysfs_netdev_use(&ctx->sys, nic->name, &u);
	if (ret < 0)
		return sb_msg(msg, len, -1,
			      "%s: cannot tell whether the kernel uses its interface (%s): not bound; pass --force to bind it anyway",
			      nic->name, strerror(-ret));
	if (ret == 0)
		return 0;
	platsysfs_use_what(&u, what, sizeof(what));
	platsysfs_use_fix(&u, fix, sizeof(fix));
	return sb_msg(msg, len, -1,
		      "%s: %s: the kernel is using it; %s, or pass --force",
		      nic->name, what, fix);
}

int
sb_bind(const struct sb_ctx *ctx, const char *name, char *msg, size_t len)
{
	struct platsysfs_take t;
	struct sb_system sys;
	struct sb_nic nic;
	int ret;

	sb_system_read(ctx, &sys);
	if (sb_load(ctx, &sys, name, &nic, msg, len) != 0)
		return -1;
	if (strcmp(nic.driver, PLATSYSFS_VFIO_PLATFORM) == 0)
		return sb_msg(msg, len, 0, "%s: already bound to vfio-platform",
			      name);
	/* Everything that can refuse is checked before anything is
	 * unbound, so a refusal leaves the kernel's interface as it was. */
	if (!sys.vfio_platform)
		return sb_msg(msg, len, -1,
			      "%s: vfio-platform is not loaded: modprobe vfio-platform",
			      name);
	if (!nic.viable)
		return sb_msg(msg, len, -1, "%s: not bound: %s", name,
			      nic.viable_why);
	if (sb_check_netdev(ctx, &nic, msg, len) != 0)
		return -1;
	if (nic.reset == SB_RESET_NONE && platsysfs_reset_required(&ctx->sys))
		return sb_msg(msg, len, -1,
			      "%s: not bound: vfio-platform refuses it without a reset handler (%s) %s",
			      name, nic.reset_why, platsysfs_reset_why(&ctx->sys));

	ret = platsysfs_take(&ctx->sys, name, nic.driver, &t);
	if (ret == 0)
		return sb_msg(msg, len, 0, "%s: bound to vfio-platform (was %s)",
			      name, nic.driver[0] ? nic.driver : "unbound");
	if (ret != -ENODEV)
		return sb_write_fail(msg, len, name, t.where, ret);
	return sb_msg(msg, len, -1,
		      "%s: vfio-platform did not take it (driver now: %s%s): see dmesg for vfio-platform's reason",
		      name, t.now[0] ? t.now : "none",
		      t.given_back ? ", given back" : "");
}

/* The system's state and the NIC called name, for one action on it. */
static int
sb_open(const struct sb_ctx *ctx, const char *name, struct sb_nic *nic,
	char *msg, size_t len)
{
	struct sb_system sys;

	sb_system_read(ctx, &sys);
	return sb_load(ctx, &sys, name, nic, msg, len);
}

/* Clear an override the NIC has, so no driver is forced on it. */
static int
sb_drop_override(const struct sb_ctx *ctx, const char *name,
		 const struct sb_nic *nic, char *msg, size_t len)
{
	if (nic->override[0] == '\0')
		return 0;
	return sb_set_override(ctx, name, NULL, msg, len);
}

int
sb_unbind(const struct sb_ctx *ctx, const char *name, char *msg, size_t len)
{
	struct sb_nic nic;
	char drv[SB_NAME_MAX];

	if (sb_open(ctx, name, &nic, msg, len) != 0)
		return -1;
	if (nic.driver[0] == '\0') {
		if (sb_drop_override(ctx, name, &nic, msg, len) != 0)
			return -1;
		return sb_msg(msg, len, 0, "%s: already unbound", name);
	}
	if (sb_check_unused(ctx, &nic, msg, len) != 0)
		return -1;
	if (sb_unbind_driver(ctx, &nic, msg, len) != 0)
		return -1;
	/* Left set, the override would pull it back to vfio-platform on the
	 * next probe; unbound means no driver is forced on it. */
	if (sb_drop_override(ctx, name, &nic, msg, len) != 0)
		return -1;
	platsysfs_driver(&ctx->sys, name, drv, sizeof(drv));
	if (drv[0] != '\0')
		return sb_msg(msg, len, -1,
			      "%s: still bound to %s after unbind: see dmesg",
			      name, drv);
	return sb_msg(msg, len, 0, "%s: unbound from %s", name, nic.driver);
}

int
sb_restore(const struct sb_ctx *ctx, const char *name, char *msg, size_t len)
{
	struct sb_nic nic;
	char drv[SB_NAME_MAX];

	if (sb_open(ctx, name, &nic, msg, len) != 0)
		return -1;
	if (nic.driver[0] != '\0' && strcmp(nic.driver, PLATSYSFS_VFIO_PLATFORM) != 0) {
		if (sb_drop_override(ctx, name, &nic, msg, len) != 0)
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
	platsysfs_driver(&ctx->sys, name, drv, sizeof(drv));
	if (drv[0] != '\0' && strcmp(drv, PLATSYSFS_VFIO_PLATFORM) != 0)
		return sb_msg(msg, len, 0, "%s: back on its kernel driver %s",
			      name, drv);
	return sb_msg(msg, len, -1,
		      "%s: no kernel driver took it: load one (modprobe " SB_KERNEL_DRIVER ") and run socnic-bind --restore %s again",
		      name, name);
}
