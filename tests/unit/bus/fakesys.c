/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libfdt.h>

#include "fakesys.h"

#ifndef DTC
#define DTC "dtc"
#endif

static int
mkdirs(const char *path)
{
	char buf[PATH_MAX];
	char *p;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, 0755) < 0 && errno != EEXIST ? -1 : 0;
}

static int
write_bytes(const char *path, const void *val, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ssize_t r;

	if (fd < 0)
		return -1;
	r = write(fd, val, len);
	close(fd);
	return r == (ssize_t)len ? 0 : -1;
}

int
fakesys_write(const char *root, const char *rel, const char *val)
{
	char path[PATH_MAX], dir[PATH_MAX];
	char *slash;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	*slash = '\0';
	if (mkdirs(dir) < 0)
		return -1;
	return write_bytes(path, val, strlen(val));
}

int
fakesys_read(const char *root, const char *rel, char *buf, size_t len)
{
	char path[PATH_MAX];
	ssize_t r;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	r = read(fd, buf, len - 1);
	close(fd);
	if (r < 0)
		return -1;
	buf[r] = '\0';
	return 0;
}

int
fakesys_dtc(const char *dts, const char *dtb)
{
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		execlp(DTC, DTC, "-q", "-I", "dts", "-O", "dtb", "-o", dtb, dts,
		       (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return -1;
	return 0;
}

static void *
load(const char *path, size_t *len)
{
	struct stat st;
	void *buf;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st) < 0) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	buf = malloc(st.st_size);
	if (buf != NULL && read(fd, buf, st.st_size) != st.st_size) {
		free(buf);
		buf = NULL;
	}
	close(fd);
	*len = st.st_size;
	return buf;
}

static bool
is_simple_bus(const void *fdt, int node)
{
	int len, off = 0;
	const char *c = fdt_getprop(fdt, node, "compatible", &len);

	while (c != NULL && off < len) {
		if (strcmp(c + off, "simple-bus") == 0)
			return true;
		off += strlen(c + off) + 1;
	}
	return false;
}

/* Linux's name for a DT platform device: "<reg address>.<node name>". */
static void
device_name(const void *fdt, int node, int parent, char *buf, size_t len)
{
	const char *full = fdt_get_name(fdt, node, NULL);
	int ac = fdt_address_cells(fdt, parent), plen, i;
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &plen);
	size_t base = strcspn(full, "@");
	unsigned long long addr = 0;

	if (reg == NULL || ac <= 0 || plen < ac * 4) {
		snprintf(buf, len, "%.*s", (int)base, full);
		return;
	}
	for (i = 0; i < ac; i++)
		addr = addr << 32 | fdt32_to_cpu(reg[i]);
	snprintf(buf, len, "%llx.%.*s", addr, (int)base, full);
}

static int
add_device(const char *root, const char *name, const char *node_path)
{
	char path[PATH_MAX], target[PATH_MAX];

	snprintf(path, sizeof(path), "%s/devices/platform/%s", root, name);
	if (mkdirs(path) < 0)
		return -1;
	snprintf(target, sizeof(target), "../../../firmware/devicetree/base%s",
		 node_path);
	snprintf(path, sizeof(path), "%s/devices/platform/%s/of_node", root,
		 name);
	if (symlink(target, path) < 0)
		return -1;
	snprintf(path, sizeof(path), "devices/platform/%s/driver_override",
		 name);
	if (fakesys_write(root, path, "(null)\n") < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/bus/platform/devices", root);
	if (mkdirs(path) < 0)
		return -1;
	snprintf(target, sizeof(target), "../../../devices/platform/%s", name);
	snprintf(path, sizeof(path), "%s/bus/platform/devices/%s", root, name);
	return symlink(target, path);
}

static int
expand(const char *root, const void *fdt)
{
	char paths[64][PATH_MAX];
	int offs[64];
	int node, depth = 0;

	for (node = 0; node >= 0 && depth >= 0;
	     node = fdt_next_node(fdt, node, &depth)) {
		char dir[PATH_MAX * 2], file[PATH_MAX * 3];
		const char *name = fdt_get_name(fdt, node, NULL);
		int prop;

		if (depth >= 64)
			return -1;
		offs[depth] = node;
		if (depth == 0)
			paths[0][0] = '\0';
		else {
			char tmp[PATH_MAX];

			snprintf(tmp, sizeof(tmp), "%s/%s", paths[depth - 1],
				 name);
			memcpy(paths[depth], tmp, PATH_MAX);
		}
		snprintf(dir, sizeof(dir), "%s/firmware/devicetree/base%s",
			 root, paths[depth]);
		if (mkdirs(dir) < 0)
			return -1;
		fdt_for_each_property_offset(prop, fdt, node) {
			const char *pname;
			const void *val;
			int len;

			val = fdt_getprop_by_offset(fdt, prop, &pname, &len);
			snprintf(file, sizeof(file), "%s/%s", dir, pname);
			if (val == NULL || write_bytes(file, val, len) < 0)
				return -1;
		}
		if (depth > 0) {
			/* Linux adds a "name" property to every node. */
			size_t base = strcspn(name, "@");
			char nm[256];

			snprintf(nm, sizeof(nm), "%.*s", (int)base, name);
			snprintf(file, sizeof(file), "%s/name", dir);
			if (write_bytes(file, nm, strlen(nm) + 1) < 0)
				return -1;
		}
		if (depth > 0 && fdt_getprop(fdt, node, "compatible", NULL) &&
		    (depth == 1 || is_simple_bus(fdt, offs[depth - 1]))) {
			char dname[256];

			device_name(fdt, node, offs[depth - 1], dname,
				    sizeof(dname));
			if (add_device(root, dname, paths[depth]) < 0)
				return -1;
		}
	}
	return 0;
}

int
fakesys_create(char *root_template, const char *dts)
{
	char dtb[PATH_MAX];
	size_t len;
	void *fdt;
	int ret;

	if (mkdtemp(root_template) == NULL)
		return -1;
	/* Walkable by others, as /sys is: tests drop privileges in it. */
	if (chmod(root_template, 0755) < 0)
		return -1;
	snprintf(dtb, sizeof(dtb), "%s/board.dtb", root_template);
	if (fakesys_dtc(dts, dtb) < 0)
		return -1;
	fdt = load(dtb, &len);
	if (fdt == NULL || fdt_check_header(fdt) != 0) {
		free(fdt);
		return -1;
	}
	ret = expand(root_template, fdt);
	free(fdt);
	if (ret == 0)
		ret = fakesys_write(root_template, "bus/platform/drivers_probe",
				    "");
	return ret;
}

int
fakesys_add_driver(const char *root, const char *drv)
{
	char rel[PATH_MAX];

	snprintf(rel, sizeof(rel), "bus/platform/drivers/%s/bind", drv);
	if (fakesys_write(root, rel, "") < 0)
		return -1;
	snprintf(rel, sizeof(rel), "bus/platform/drivers/%s/unbind", drv);
	return fakesys_write(root, rel, "");
}

int
fakesys_bind(const char *root, const char *dev, const char *drv)
{
	char path[PATH_MAX], target[PATH_MAX];

	if (fakesys_add_driver(root, drv) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/devices/platform/%s/driver", root, dev);
	snprintf(target, sizeof(target), "../../../bus/platform/drivers/%s", drv);
	unlink(path);
	return symlink(target, path);
}

int
fakesys_iommu_group(const char *root, const char *dev, int n,
		    const char *name)
{
	char path[PATH_MAX], target[PATH_MAX], rel[PATH_MAX];

	snprintf(path, sizeof(path), "%s/kernel/iommu_groups/%d/devices", root, n);
	if (mkdirs(path) < 0)
		return -1;
	if (name != NULL) {
		snprintf(rel, sizeof(rel), "kernel/iommu_groups/%d/name", n);
		if (fakesys_write(root, rel, name) < 0)
			return -1;
	}
	snprintf(path, sizeof(path), "%s/kernel/iommu_groups/%d/devices/%s",
		 root, n, dev);
	snprintf(target, sizeof(target), "../../../../devices/platform/%s", dev);
	if (symlink(target, path) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/devices/platform/%s/iommu_group", root,
		 dev);
	snprintf(target, sizeof(target), "../../../kernel/iommu_groups/%d", n);
	return symlink(target, path);
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void
fakesys_destroy(const char *root)
{
	nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}
