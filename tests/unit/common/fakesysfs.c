/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/* The fake sysfs built by hand (fakesysfs.h). */

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fakesysfs.h"

static void
fk_die(const char *what, const char *path)
{
	fprintf(stderr, "fakesysfs: %s %s: %s\n", what, path, strerror(errno));
	abort();
}

static const char *
fk_p(char *buf, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, PATH_MAX, fmt, ap);
	va_end(ap);
	return buf;
}

static void
fk_mkdirs(const char *path)
{
	char tmp[PATH_MAX];
	char *s;

	snprintf(tmp, sizeof(tmp), "%s", path);
	for (s = tmp + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
			fk_die("mkdir", tmp);
		*s = '/';
	}
	if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
		fk_die("mkdir", tmp);
}

/* Makes the directory a path is in. */
static void
fk_mkparent(const char *path)
{
	char dir[PATH_MAX];

	snprintf(dir, sizeof(dir), "%s", path);
	*strrchr(dir, '/') = '\0';
	fk_mkdirs(dir);
}

static void
fk_file(const char *path, const void *data, size_t len)
{
	int fd;

	fk_mkparent(path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		fk_die("create", path);
	if (write(fd, data, len) != (ssize_t)len)
		fk_die("write", path);
	close(fd);
}

/* Links are relative, as the kernel makes them. */
static void
fk_symlink(const char *target, const char *link)
{
	fk_mkparent(link);
	unlink(link);
	if (symlink(target, link) != 0)
		fk_die("symlink", link);
}

/* The tree fk_addrs answers for: tests build one at a time. */
static struct fk *fk_current;

void
fk_init(struct fk *fk)
{
	char p[PATH_MAX];

	snprintf(fk->root, sizeof(fk->root), "/tmp/socnic-fakesysfs-XXXXXX");
	if (mkdtemp(fk->root) == NULL)
		fk_die("mkdtemp", fk->root);
	/* Walkable by others, as /sys is: tests drop privileges in it. */
	if (chmod(fk->root, 0755) != 0)
		fk_die("chmod", fk->root);
	snprintf(fk->sys, sizeof(fk->sys), "%s/sys", fk->root);
	snprintf(fk->proc, sizeof(fk->proc), "%s/proc", fk->root);
	snprintf(fk->modules, sizeof(fk->modules), "%s/lib/modules/6.1.0-test",
		 fk->root);
	fk_mkdirs(fk_p(p, "%s/bus/platform/devices", fk->sys));
	fk_mkdirs(fk_p(p, "%s/bus/platform/drivers", fk->sys));
	fk_file(fk_p(p, "%s/bus/platform/drivers_probe", fk->sys), "", 0);
	fk_mkdirs(fk_p(p, "%s/class/net", fk->sys));
	fk_mkdirs(fk->proc);
	fk_mkdirs(fk->modules);
	fk_current = fk;
}

static int
fk_rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void
fk_cleanup(struct fk *fk)
{
	nftw(fk->root, fk_rm, 16, FTW_DEPTH | FTW_PHYS);
	if (fk_current == fk)
		fk_current = NULL;
}

void
fk_node(struct fk *fk, const char *node)
{
	char p[PATH_MAX];

	fk_mkdirs(fk_p(p, "%s/firmware/devicetree/base%s", fk->sys, node));
}

void
fk_device_at(struct fk *fk, const char *name, const char *node)
{
	char p[PATH_MAX], t[PATH_MAX];

	fk_node(fk, node);
	fk_mkdirs(fk_p(p, "%s/devices/platform/%s", fk->sys, name));
	fk_symlink(fk_p(t, "../../../firmware/devicetree/base%s", node),
		   fk_p(p, "%s/devices/platform/%s/of_node", fk->sys, name));
	fk_file(fk_p(p, "%s/devices/platform/%s/driver_override", fk->sys,
		     name), "(null)\n", 7);
	fk_symlink(fk_p(t, "../../../devices/platform/%s", name),
		   fk_p(p, "%s/bus/platform/devices/%s", fk->sys, name));
}

void
fk_device(struct fk *fk, const char *name, const char *compat, size_t clen)
{
	char node[PATH_MAX];

	fk_device_at(fk, name, fk_p(node, "/axi/node-%s", name));
	fk_prop(fk, name, "compatible", compat, clen);
}

void
fk_node_prop(struct fk *fk, const char *node, const char *prop,
	     const void *val, size_t len)
{
	char p[PATH_MAX];

	fk_file(fk_p(p, "%s/firmware/devicetree/base%s/%s", fk->sys, node,
		     prop), val, len);
}

void
fk_prop(struct fk *fk, const char *dev, const char *prop, const void *val,
	size_t len)
{
	char p[PATH_MAX];

	fk_file(fk_p(p, "%s/devices/platform/%s/of_node/%s", fk->sys, dev,
		     prop), val, len);
}

void
fk_driver(struct fk *fk, const char *drv)
{
	char p[PATH_MAX];

	fk_file(fk_p(p, "%s/bus/platform/drivers/%s/bind", fk->sys, drv), "", 0);
	fk_file(fk_p(p, "%s/bus/platform/drivers/%s/unbind", fk->sys, drv), "", 0);
}

void
fk_bind(struct fk *fk, const char *dev, const char *drv)
{
	char p[PATH_MAX], t[PATH_MAX];

	fk_driver(fk, drv);
	fk_symlink(fk_p(t, "../../../bus/platform/drivers/%s", drv),
		   fk_p(p, "%s/devices/platform/%s/driver", fk->sys, dev));
}

void
fk_unbind(struct fk *fk, const char *dev)
{
	char p[PATH_MAX];

	unlink(fk_p(p, "%s/devices/platform/%s/driver", fk->sys, dev));
}

void
fk_override(struct fk *fk, const char *dev, const char *val)
{
	char p[PATH_MAX];

	fk_file(fk_p(p, "%s/devices/platform/%s/driver_override", fk->sys, dev),
		val, strlen(val));
}

void
fk_group(struct fk *fk, const char *dev, int group, const char *name)
{
	char p[PATH_MAX], t[PATH_MAX];

	fk_symlink(fk_p(t, "../../../../devices/platform/%s", dev),
		   fk_p(p, "%s/kernel/iommu_groups/%d/devices/%s", fk->sys,
			group, dev));
	fk_symlink(fk_p(t, "../../../kernel/iommu_groups/%d", group),
		   fk_p(p, "%s/devices/platform/%s/iommu_group", fk->sys, dev));
	if (name != NULL)
		fk_file(fk_p(p, "%s/kernel/iommu_groups/%d/name", fk->sys,
			     group), name, strlen(name));
}

void
fk_netdev_flags(struct fk *fk, const char *ifname, const char *dev,
		unsigned int flags)
{
	char p[PATH_MAX], t[PATH_MAX], v[16];

	fk_symlink(fk_p(t, "../../../devices/platform/%s", dev),
		   fk_p(p, "%s/class/net/%s/device", fk->sys, ifname));
	snprintf(v, sizeof(v), "0x%x\n", flags);
	fk_file(fk_p(p, "%s/devices/platform/%s/net/%s/flags", fk->sys, dev,
		     ifname), v, strlen(v));
}

void
fk_netdev(struct fk *fk, const char *ifname, const char *dev)
{
	/* IFF_BROADCAST | IFF_MULTICAST: what macb leaves a port it has not
	 * been told to bring up. */
	fk_netdev_flags(fk, ifname, dev, 0x1002);
}

void
fk_addr(struct fk *fk, const char *ifname, const char *addr)
{
	char p[PATH_MAX];
	FILE *f;

	fk_mkdirs(fk_p(p, "%s/addrs", fk->root));
	f = fopen(fk_p(p, "%s/addrs/%s", fk->root, ifname), "a");
	if (f == NULL)
		fk_die("open", p);
	fprintf(f, "%s\n", addr);
	fclose(f);
}

int
fk_addrs(void *opaque, const char *ifname, char *first, size_t len)
{
	char p[PATH_MAX], line[128];
	FILE *f;
	int n = 0;

	(void)opaque;
	first[0] = '\0';
	if (fk_current == NULL)
		return -ENOENT;
	f = fopen(fk_p(p, "%s/addrs/%s", fk_current->root, ifname), "r");
	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (n++ == 0)
			snprintf(first, len, "%s", line);
	}
	fclose(f);
	return n;
}

void
fk_cmdline(struct fk *fk, const char *cmdline)
{
	char p[PATH_MAX];

	fk_file(fk_p(p, "%s/cmdline", fk->proc), cmdline, strlen(cmdline));
}

void
fk_osrelease(struct fk *fk, const char *release)
{
	char p[PATH_MAX];

	fk_file(fk_p(p, "%s/sys/kernel/osrelease", fk->proc), release,
		strlen(release));
}

void
fk_module(struct fk *fk, const char *sysname)
{
	char p[PATH_MAX];

	fk_mkdirs(fk_p(p, "%s/module/%s", fk->sys, sysname));
}

void
fk_noiommu(struct fk *fk, char yn)
{
	char p[PATH_MAX], v[2] = { yn, '\n' };

	fk_file(fk_p(p, "%s/module/vfio/parameters/enable_unsafe_noiommu_mode",
		     fk->sys), v, 2);
}

void
fk_modules_file(struct fk *fk, const char *file, const char *text)
{
	char p[PATH_MAX];

	fk_file(fk_p(p, "%s/%s", fk->modules, file), text, strlen(text));
}

void
fk_proc_fd(struct fk *fk, int pid, const char *comm, const char *target)
{
	char p[PATH_MAX];

	fk_file(fk_p(p, "%s/%d/comm", fk->proc, pid), comm, strlen(comm));
	fk_symlink("/dev/null", fk_p(p, "%s/%d/fd/0", fk->proc, pid));
	fk_symlink(target, fk_p(p, "%s/%d/fd/7", fk->proc, pid));
}

void
fk_write(struct fk *fk, const char *rel, const char *val)
{
	char p[PATH_MAX];

	fk_file(fk_p(p, "%s/%s", fk->sys, rel), val, strlen(val));
}

const char *
fk_read(struct fk *fk, const char *rel)
{
	static char buf[4096];
	char p[PATH_MAX];
	ssize_t n;
	int fd;

	buf[0] = '\0';
	fd = open(fk_p(p, "%s/%s", fk->sys, rel), O_RDONLY);
	if (fd < 0)
		return buf;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

const char *
fk_driver_of(struct fk *fk, const char *dev)
{
	static char buf[PATH_MAX];
	char p[PATH_MAX];
	const char *slash;
	ssize_t n;

	n = readlink(fk_p(p, "%s/devices/platform/%s/driver", fk->sys, dev),
		     buf, sizeof(buf) - 1);
	if (n < 0)
		return "";
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	return slash != NULL ? slash + 1 : buf;
}

/* ---- the kernel's side of binding ---- */

void
fk_kernel_init(struct fk_kernel *k, struct fk *fk)
{
	memset(k, 0, sizeof(*k));
	k->fk = fk;
	k->handler = true;
	k->probe_driver = "macb";
}

/* A network driver's interface dies with its binding. */
static void
fk_drop_netdevs(struct fk *fk, const char *dev)
{
	char p[PATH_MAX];

	nftw(fk_p(p, "%s/devices/platform/%s/net", fk->sys, dev), fk_rm, 16,
	     FTW_DEPTH | FTW_PHYS);
}

/* The override as the kernel holds it, "" when unset. */
static const char *
fk_override_of(struct fk *fk, const char *dev)
{
	static char ov[256];
	char rel[PATH_MAX];

	snprintf(rel, sizeof(rel), "devices/platform/%s/driver_override", dev);
	snprintf(ov, sizeof(ov), "%s", fk_read(fk, rel));
	ov[strcspn(ov, "\n")] = '\0';
	if (strcmp(ov, "(null)") == 0)
		ov[0] = '\0';
	return ov;
}

static int
fk_kernel_bind(struct fk_kernel *k, const char *dev, const char *drv)
{
	const char *ov = fk_override_of(k->fk, dev);

	if (fk_driver_of(k->fk, dev)[0] != '\0')
		return -EBUSY;
	if (ov[0] != '\0' && strcmp(ov, drv) != 0)
		return -ENODEV;
	if (strcmp(drv, "vfio-platform") == 0 && !k->handler)
		return -EINVAL;
	fk_bind(k->fk, dev, drv);
	return 0;
}

static int
fk_kernel_probe(struct fk_kernel *k, const char *dev)
{
	const char *ov = fk_override_of(k->fk, dev);
	char drv[256];

	if (fk_driver_of(k->fk, dev)[0] != '\0')
		return 0;
	snprintf(drv, sizeof(drv), "%s", ov[0] != '\0' ? ov :
		 k->probe_driver != NULL ? k->probe_driver : "");
	return drv[0] != '\0' ? fk_kernel_bind(k, dev, drv) : 0;
}

int
fk_kernel_write(void *opaque, const char *path, const char *val)
{
	struct fk_kernel *k = opaque;
	const char *rel = path + strlen(k->fk->sys) + 1;
	size_t n = strlen(k->log);
	char dev[256], drv[256];

	snprintf(k->log + n, sizeof(k->log) - n, "%s=%s;", rel,
		 strcmp(val, "\n") == 0 ? "\\n" : val);
	if (k->fail_errno != 0 &&
	    (k->fail_path == NULL || strstr(rel, k->fail_path) != NULL))
		return -k->fail_errno;
	if (sscanf(rel, "bus/platform/devices/%255[^/]/driver_override",
		   dev) == 1) {
		fk_override(k->fk, dev, strcmp(val, "\n") == 0 ? "(null)\n" :
			    val);
		return 0;
	}
	if (strcmp(rel, "bus/platform/drivers_probe") == 0)
		return fk_kernel_probe(k, val);
	if (sscanf(rel, "bus/platform/drivers/%255[^/]/", drv) != 1)
		return -EINVAL;
	if (strstr(rel, "/unbind") != NULL) {
		if (strcmp(fk_driver_of(k->fk, val), drv) != 0)
			return -ENODEV;
		fk_unbind(k->fk, val);
		if (strcmp(drv, "vfio-platform") != 0)
			fk_drop_netdevs(k->fk, val);
		return 0;
	}
	return fk_kernel_bind(k, val, drv);
}
