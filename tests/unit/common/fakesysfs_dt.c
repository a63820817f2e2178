/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * The fake sysfs from a .dts (fakesysfs.h): dtc compiles it, libfdt walks
 * the blob, every node becomes a directory under firmware/devicetree/base
 * with one file per property (raw bytes, as the kernel exposes them), and
 * nodes with a compatible under the root or a simple-bus become platform
 * devices. Unlike Linux it makes devices of disabled nodes too.
 */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libfdt.h>

#include "fakesysfs.h"

#ifndef DTC
#define DTC "dtc"
#endif

static void
dt_die(const char *what, const char *path)
{
	fprintf(stderr, "fakesysfs: %s %s: %s\n", what, path, strerror(errno));
	abort();
}

int
fk_dtc(const char *dts, const char *dtb)
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

/* #address-cells as Linux finds it: the parent's, else the nearest
 * ancestor's, else 1 (libfdt's fdt_address_cells says 2 and stops at the
 * parent). -1 when the one found is malformed. */
static int
address_cells(const void *fdt, int parent)
{
	const fdt32_t *c;
	int len;

	for (; parent >= 0; parent = fdt_parent_offset(fdt, parent)) {
		c = fdt_getprop(fdt, parent, "#address-cells", &len);
		if (c != NULL)
			return len == 4 ? (int)fdt32_to_cpu(*c) : -1;
		if (parent == 0)
			break;
	}
	return 1;
}

/* Linux's name for a DT platform device: "<reg address>.<node name>". */
static void
device_name(const void *fdt, int node, int parent, char *buf, size_t len)
{
	const char *full = fdt_get_name(fdt, node, NULL);
	int ac = address_cells(fdt, parent), plen, i;
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

/* One node: its directory, its properties, and its device if it has one. */
static void
expand_node(struct fk *fk, const void *fdt, int node, int parent,
	    bool is_dev, const char *path)
{
	const char *name = fdt_get_name(fdt, node, NULL);
	char dname[256];
	int prop;

	if (is_dev) {
		device_name(fdt, node, parent, dname, sizeof(dname));
		fk_device_at(fk, dname, path);
	} else {
		fk_node(fk, path);
	}
	fdt_for_each_property_offset(prop, fdt, node) {
		const char *pname;
		const void *val;
		int len;

		val = fdt_getprop_by_offset(fdt, prop, &pname, &len);
		if (val == NULL)
			dt_die("property of", path);
		fk_node_prop(fk, path, pname, val, len);
	}
	if (parent >= 0) {
		/* Linux adds a "name" property to every node. */
		char nm[256];

		snprintf(nm, sizeof(nm), "%.*s", (int)strcspn(name, "@"), name);
		fk_node_prop(fk, path, "name", nm, strlen(nm) + 1);
	}
}

static void
expand(struct fk *fk, const void *fdt)
{
	static char paths[64][PATH_MAX];
	int offs[64];
	int node, depth = 0;

	for (node = 0; node >= 0 && depth >= 0;
	     node = fdt_next_node(fdt, node, &depth)) {
		bool is_dev;

		if (depth >= 64)
			dt_die("tree too deep at", paths[63]);
		offs[depth] = node;
		if (depth == 0) {
			paths[0][0] = '\0';
		} else {
			char tmp[PATH_MAX];

			snprintf(tmp, sizeof(tmp), "%.*s/%s", PATH_MAX / 2,
				 paths[depth - 1], fdt_get_name(fdt, node, NULL));
			memcpy(paths[depth], tmp, PATH_MAX);
		}
		is_dev = depth > 0 &&
			fdt_getprop(fdt, node, "compatible", NULL) != NULL &&
			(depth == 1 || is_simple_bus(fdt, offs[depth - 1]));
		expand_node(fk, fdt, node, depth > 0 ? offs[depth - 1] : -1,
			    is_dev, paths[depth]);
	}
}

void
fk_from_dts(struct fk *fk, const char *dts)
{
	char dtb[PATH_MAX];
	size_t len;
	void *fdt;

	snprintf(dtb, sizeof(dtb), "%s/board.dtb", fk->root);
	if (fk_dtc(dts, dtb) < 0)
		dt_die("dtc failed on", dts);
	fdt = load(dtb, &len);
	if (fdt == NULL || fdt_check_header(fdt) != 0)
		dt_die("not a device tree blob:", dtb);
	expand(fk, fdt);
	free(fdt);
}
