/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dtnode.h"

static int
sc_realpath(const char *path, char *buf, size_t len)
{
	char real[PATH_MAX];

	if (realpath(path, real) == NULL)
		return -errno;
	if (snprintf(buf, len, "%s", real) >= (int)len)
		return -ENAMETOOLONG;
	return 0;
}

int
sc_dt_of_node(const struct platsysfs *ps, const char *dev, char *buf,
	      size_t len)
{
	char p[PATH_MAX];
	int ret;

	ret = platsysfs_path(ps, p, sizeof(p), "bus/platform/devices/%s/of_node",
			     dev);
	return ret < 0 ? ret : sc_realpath(p, buf, len);
}

int
sc_dt_base(const struct platsysfs *ps, char *buf, size_t len)
{
	char p[PATH_MAX];
	int ret;

	ret = platsysfs_path(ps, p, sizeof(p), "firmware/devicetree/base");
	return ret < 0 ? ret : sc_realpath(p, buf, len);
}

int
sc_dt_prop(const char *node, const char *prop, void *buf, size_t len)
{
	char p[PATH_MAX];
	ssize_t n;
	int fd;

	if (snprintf(p, sizeof(p), "%s/%s", node, prop) >= (int)sizeof(p))
		return -ENAMETOOLONG;
	fd = open(p, O_RDONLY);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len);
	if (n < 0)
		n = -errno;
	close(fd);
	return (int)n;
}

bool
sc_dt_has(const char *node, const char *prop)
{
	char p[PATH_MAX];
	struct stat st;

	snprintf(p, sizeof(p), "%s/%s", node, prop);
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

uint64_t
sc_dt_cells(const uint8_t *p, unsigned int n)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < n * 4; i++)
		v = (v << 8) | p[i];
	return v;
}

uint32_t
sc_dt_u32(const char *node, const char *prop, uint32_t def)
{
	uint8_t b[4];

	if (sc_dt_prop(node, prop, b, sizeof(b)) != 4)
		return def;
	return (uint32_t)sc_dt_cells(b, 1);
}

int
sc_dt_by_phandle(const char *base, uint32_t ph, char *buf, size_t len)
{
	char p[PATH_MAX];
	struct dirent *e;
	int ret = -ENOENT;
	DIR *d;

	if (sc_dt_u32(base, "phandle", 0) == ph)
		return snprintf(buf, len, "%s", base) < (int)len ? 0 :
			-ENAMETOOLONG;
	d = opendir(base);
	if (d == NULL)
		return -errno;
	while (ret == -ENOENT && (e = readdir(d)) != NULL) {
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", base, e->d_name);
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			ret = sc_dt_by_phandle(p, ph, buf, len);
	}
	closedir(d);
	return ret;
}

int
sc_dt_parent(const char *base, const char *node, char *buf, size_t len)
{
	const char *slash;

	if (strcmp(node, base) == 0)
		return -ENOENT;
	slash = strrchr(node, '/');
	if (slash == NULL || (size_t)(slash - node) >= len)
		return -ENOENT;
	memcpy(buf, node, slash - node);
	buf[slash - node] = '\0';
	return 0;
}

const char *
sc_dt_name(const char *base, const char *node)
{
	size_t n = strlen(base);

	if (strncmp(node, base, n) == 0)
		return node[n] == '\0' ? "/" : node + n;
	return node;
}
