/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * Device-tree nodes as Linux exposes them under
 * /sys/firmware/devicetree/base: one directory per node, one file per
 * property holding the raw bytes. This file reads node directories, walks
 * the tree (phandle search, the data-plane marker) and looks properties up
 * through a node's ancestors as Linux does (cell sizes, interrupt parents);
 * the bytes themselves are decoded by socplat_dt_prop.c, a device's node is
 * parsed by socplat_dt_device.c, and its DMA translation by
 * socplat_dt_dma.c.
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

#include <rte_string_fns.h>

#include "private.h"

/* Properties are small; this bounds what a corrupt file can make us read. */
#define SOCPLAT_DT_PROP_MAX (64 * 1024)

int
socplat_dt_read_file(const char *dir, const char *name, uint8_t **val,
		     size_t *len)
{
	char path[PATH_MAX];
	uint8_t *buf, *nbuf;
	size_t got = 0, cap;
	struct stat st;
	ssize_t r;
	int fd;

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* The kernel sizes a property file by its length: start there (one
	 * more, so the read that finds the end needs no room), and grow if
	 * it said less than there is. */
	cap = fstat(fd, &st) == 0 && st.st_size >= 0 ?
		RTE_MIN((size_t)st.st_size + 1, (size_t)SOCPLAT_DT_PROP_MAX) :
		64;
	/* One spare byte so a string property can always be NUL-checked. */
	buf = malloc(cap + 1);
	if (buf == NULL) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		if (got == cap) {
			if (cap == SOCPLAT_DT_PROP_MAX)
				break;
			cap = RTE_MIN(2 * cap, (size_t)SOCPLAT_DT_PROP_MAX);
			nbuf = realloc(buf, cap + 1);
			if (nbuf == NULL) {
				free(buf);
				close(fd);
				return -ENOMEM;
			}
			buf = nbuf;
		}
		r = read(fd, buf + got, cap - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			r = -errno;
			free(buf);
			close(fd);
			return (int)r;
		}
		if (r == 0)
			break;
		got += r;
	}
	close(fd);
	*val = buf;
	*len = got;
	return 0;
}

static int
prop_cmp(const void *a, const void *b)
{
	return strcmp(((const struct socplat_prop *)a)->name,
		      ((const struct socplat_prop *)b)->name);
}

/*
 * The tree's base as a real path, to compare with dir, a node's real path.
 * When dt_base already is a leading part of dir it is real (a real path
 * crosses no symlink and holds no "." or ".."), which spares a realpath()
 * at every step of a walk; otherwise it is resolved.
 */
static bool
base_real(const char *dir, const char *dt_base, char base[PATH_MAX])
{
	size_t n = strlen(dt_base);

	while (n > 1 && dt_base[n - 1] == '/')
		n--;
	if (n < PATH_MAX && strncmp(dir, dt_base, n) == 0 &&
	    (dir[n] == '/' || dir[n] == '\0')) {
		memcpy(base, dt_base, n);
		base[n] = '\0';
		return true;
	}
	return realpath(dt_base, base) != NULL;
}

/* The node's path inside the tree, for messages: "/" for the root. */
char *
socplat_dt_rel_path(const char *dir, const char *dt_base)
{
	char base[PATH_MAX];
	size_t n;

	if (dt_base != NULL && base_real(dir, dt_base, base)) {
		n = strlen(base);
		if (strncmp(dir, base, n) == 0 &&
		    (dir[n] == '/' || dir[n] == '\0'))
			return strdup(dir[n] == '\0' ? "/" : dir + n);
	}
	return strdup(dir);
}

struct socplat_dt_node *
socplat_dt_node_load(const char *dir, const char *dt_base)
{
	struct socplat_dt_node *n;
	char real[PATH_MAX];
	struct dirent *de;
	unsigned int cap = 0;
	DIR *d;

	if (realpath(dir, real) == NULL) {
		SOCPLAT_LOG(ERR, "cannot resolve device-tree node %s: %s",
			    dir, strerror(errno));
		return NULL;
	}
	d = opendir(real);
	if (d == NULL) {
		SOCPLAT_LOG(ERR, "cannot read device-tree node %s: %s",
			    real, strerror(errno));
		return NULL;
	}
	n = calloc(1, sizeof(*n));
	if (n == NULL)
		goto nomem;
	n->dir = strdup(real);
	n->path = socplat_dt_rel_path(real, dt_base);
	n->nb_dt_irqs = -1;
	n->mac_rc = -ENOENT;
	n->link_rc = -ENOENT;
	if (n->dir == NULL || n->path == NULL)
		goto nomem;
	while ((de = readdir(d)) != NULL) {
		struct socplat_prop *p;
		struct stat st;
		char path[PATH_MAX];

		if (de->d_name[0] == '.')
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", real, de->d_name) >=
		    (int)sizeof(path))
			continue;
		/* Subdirectories are child nodes, read when needed. */
		if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
			continue;
		if (n->nb_props == cap) {
			struct socplat_prop *np;

			cap = cap ? 2 * cap : 16;
			np = realloc(n->props, cap * sizeof(*np));
			if (np == NULL)
				goto nomem;
			n->props = np;
		}
		p = &n->props[n->nb_props];
		p->name = strdup(de->d_name);
		if (p->name == NULL)
			goto nomem;
		if (socplat_dt_read_file(real, de->d_name, &p->val,
					 &p->len) < 0) {
			free(p->name);
			continue;
		}
		n->nb_props++;
	}
	closedir(d);
	/* A node with no property at all has no array to sort (qsort's
	 * NULL with zero elements is undefined). */
	if (n->nb_props > 1)
		qsort(n->props, n->nb_props, sizeof(*n->props), prop_cmp);
	return n;
nomem:
	closedir(d);
	SOCPLAT_LOG(ERR, "out of memory reading device-tree node %s", real);
	socplat_dt_node_free(n);
	return NULL;
}

void
socplat_dt_node_free(struct socplat_dt_node *n)
{
	unsigned int i;

	if (n == NULL)
		return;
	for (i = 0; i < n->nb_props; i++) {
		free(n->props[i].name);
		free(n->props[i].val);
	}
	free(n->props);
	free(n->compat);
	free(n->reg_names);
	free(n->irq_names);
	free(n->phy_mode);
	free(n->mdio_owner_dir);
	free(n->mdio_owner_path);
	free(n->dma_ranges);
	free(n->dma_node_path);
	free(n->dir);
	free(n->path);
	free(n);
}

const struct socplat_prop *
socplat_dt_prop(const struct socplat_dt_node *n, const char *name)
{
	struct socplat_prop key = { .name = (char *)(uintptr_t)name };

	if (n == NULL || n->nb_props == 0)
		return NULL;
	return bsearch(&key, n->props, n->nb_props, sizeof(*n->props),
		       prop_cmp);
}

void
socplat_dt_malformed(const struct socplat_dt_node *n, const char *prop,
		     const char *why)
{
	SOCPLAT_LOG(ERR, "%s: malformed device-tree property '%s' of %s: %s; fix the board's device tree",
		    n->devname ? n->devname : "?", prop, n->path, why);
}

/*
 * Calls visit on dir and then on every node below it, depth first, until a
 * visit returns non-zero, which is then returned. Real trees are a dozen
 * levels deep at most; the depth limit stops symlink loops.
 */
typedef int (dt_visit_t)(const char *dir, void *ctx);

static int
dt_walk(const char *dir, unsigned int depth, dt_visit_t *visit, void *ctx)
{
	char path[PATH_MAX];
	struct dirent *de;
	int ret;
	DIR *d;

	ret = visit(dir, ctx);
	if (ret != 0 || depth > 32)
		return ret;
	d = opendir(dir);
	if (d == NULL)
		return 0;
	while (ret == 0 && (de = readdir(d)) != NULL) {
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >=
		    (int)sizeof(path))
			continue;
		if (lstat(path, &st) < 0 || !S_ISDIR(st.st_mode))
			continue;
		ret = dt_walk(path, depth + 1, visit, ctx);
	}
	closedir(d);
	return ret;
}

struct phandle_search {
	uint32_t ph;
	char *found;
};

static int
visit_phandle(const char *dir, void *ctx)
{
	static const char *const names[] = { "phandle", "linux,phandle" };
	struct phandle_search *search = ctx;
	char why[SOCPLAT_DT_WHY_LEN];
	unsigned int i;

	for (i = 0; i < RTE_DIM(names); i++) {
		uint8_t *val;
		size_t len;
		uint32_t v;
		int match;

		if (socplat_dt_read_file(dir, names[i], &val, &len) < 0)
			continue;
		match = socplat_dt_parse_u32(val, len, &v, why) == 0 &&
			v == search->ph;
		free(val);
		if (match) {
			search->found = strdup(dir);
			return 1;
		}
	}
	return 0;
}

char *
socplat_dt_find_phandle(const char *dt_base, uint32_t ph)
{
	struct phandle_search search = { .ph = ph, .found = NULL };
	char real[PATH_MAX];

	if (realpath(dt_base, real) == NULL)
		return NULL;
	dt_walk(real, 0, visit_phandle, &search);
	return search.found;
}

/* ---- the data-plane marker (dts/README.md) ---- */

struct marker_count {
	size_t base_len; /* cuts the tree's own path off for messages */
	int count;
};

static int
visit_marker(const char *dir, void *ctx)
{
	struct marker_count *mc = ctx;
	const char *node = dir[mc->base_len] == '\0' ? "/" : dir + mc->base_len;
	uint8_t *val;
	size_t len;

	if (socplat_dt_read_file(dir, SOCPLAT_DT_DATA_PLANE, &val, &len) < 0)
		return 0;
	free(val);
	mc->count++;
	/* Presence is the whole meaning: a <0> must not read as "not a data
	 * port", so it marks like any other value. */
	if (len != 0)
		SOCPLAT_LOG(WARNING, "%s: %s has a value (%zu bytes), ignored: the marker is a boolean and its presence marks the node; write it as \"%s;\" in the board's device tree",
			    node, SOCPLAT_DT_DATA_PLANE, len,
			    SOCPLAT_DT_DATA_PLANE);
	else
		SOCPLAT_LOG(INFO, "%s is marked %s", node,
			    SOCPLAT_DT_DATA_PLANE);
	return 0;
}

int
socplat_dt_count_marked(const char *dt_base)
{
	struct marker_count mc = { .count = 0 };
	char real[PATH_MAX];

	/* No tree at all (ACPI, or no DT exposed): nothing is marked. */
	if (realpath(dt_base, real) == NULL)
		return 0;
	mc.base_len = strlen(real);
	dt_walk(real, 0, visit_marker, &mc);
	return mc.count;
}

/* Whether dir is the tree's root (or above it: never walk out of it). */
static bool
is_root(const char *dir, const char *base_real)
{
	return strcmp(dir, base_real) == 0 || strlen(dir) <= strlen(base_real);
}

char *
socplat_dt_parent(const char *dir, const char *dt_base)
{
	char base[PATH_MAX];
	char *p, *slash;

	if (!base_real(dir, dt_base, base))
		rte_strscpy(base, "/", sizeof(base));
	if (is_root(dir, base))
		return NULL;
	p = strdup(dir);
	if (p == NULL)
		return NULL;
	slash = strrchr(p, '/');
	if (slash == NULL || slash == p) {
		free(p);
		return NULL;
	}
	*slash = '\0';
	return p;
}

int
socplat_dt_node_u32(const struct socplat_dt_node *n, const char *dir,
		    const char *dt_base, const char *prop, uint32_t *val)
{
	char why[SOCPLAT_DT_WHY_LEN];
	uint8_t *v;
	size_t len;
	int ret;

	if (socplat_dt_read_file(dir, prop, &v, &len) < 0)
		return -ENOENT;
	ret = socplat_dt_parse_u32(v, len, val, why);
	free(v);
	if (ret < 0) {
		char where[PATH_MAX + 64];
		char *rel = socplat_dt_rel_path(dir, dt_base);

		snprintf(where, sizeof(where), "%s (of %s)", prop,
			 rel ? rel : dir);
		free(rel);
		socplat_dt_malformed(n, where, why);
	}
	return ret;
}

int
socplat_dt_bus_cells(const struct socplat_dt_node *n, const char *bus,
		     const char *dt_base, uint32_t *addr_cells,
		     uint32_t *size_cells)
{
	int ret;

	/* Linux (of_bus_n_addr_cells): the nearest of bus and its ancestors
	 * that says, else 1 and 1 (OF_ROOT_NODE_*_CELLS_DEFAULT, all but
	 * SPARC). */
	ret = socplat_dt_inherited_u32(n, bus, dt_base, "#address-cells",
				       addr_cells);
	if (ret == -ENOENT)
		*addr_cells = 1;
	else if (ret < 0)
		return ret;
	ret = socplat_dt_inherited_u32(n, bus, dt_base, "#size-cells",
				       size_cells);
	if (ret == -ENOENT)
		*size_cells = 1;
	else if (ret < 0)
		return ret;
	return 0;
}

int
socplat_dt_inherited_u32(const struct socplat_dt_node *n, const char *start,
			 const char *dt_base, const char *prop, uint32_t *val)
{
	char dir[PATH_MAX], base[PATH_MAX], why[SOCPLAT_DT_WHY_LEN];
	uint8_t *v;
	size_t len;
	int ret;

	if (!base_real(start, dt_base, base))
		rte_strscpy(base, "/", sizeof(base));
	rte_strscpy(dir, start, sizeof(dir));
	for (;;) {
		char *slash;

		if (socplat_dt_read_file(dir, prop, &v, &len) == 0) {
			ret = socplat_dt_parse_u32(v, len, val, why);
			free(v);
			if (ret < 0) {
				char where[PATH_MAX + 64];
				char *rel = socplat_dt_rel_path(dir, dt_base);

				snprintf(where, sizeof(where), "%s (inherited from %s)",
					 prop, rel ? rel : dir);
				free(rel);
				socplat_dt_malformed(n, where, why);
			}
			return ret;
		}
		if (is_root(dir, base))
			return -ENOENT;
		slash = strrchr(dir, '/');
		if (slash == NULL || slash == dir)
			return -ENOENT;
		*slash = '\0';
	}
}
