/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * Device-tree nodes as Linux exposes them under
 * /sys/firmware/devicetree/base: one directory per node, one file per
 * property holding the raw bytes. This file reads node directories and
 * fills a device; the bytes themselves are decoded by socplat_dt_prop.c.
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

/* ---- node directories ---- */

/* Properties are small; this bounds what a corrupt file can make us read. */
#define SOCPLAT_DT_PROP_MAX (64 * 1024)

int
socplat_dt_read_file(const char *dir, const char *name, uint8_t **val,
		     size_t *len)
{
	char path[PATH_MAX];
	uint8_t *buf;
	size_t got = 0;
	ssize_t r;
	int fd;

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* One spare byte so a string property can always be NUL-checked. */
	buf = malloc(SOCPLAT_DT_PROP_MAX + 1);
	if (buf == NULL) {
		close(fd);
		return -ENOMEM;
	}
	while (got < SOCPLAT_DT_PROP_MAX) {
		r = read(fd, buf + got, SOCPLAT_DT_PROP_MAX - got);
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
	*val = realloc(buf, got + 1);
	if (*val == NULL)
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

/* The node's path inside the tree, for messages: "/" for the root. */
static char *
dt_rel_path(const char *dir, const char *dt_base)
{
	char base[PATH_MAX];
	size_t n;

	if (dt_base != NULL && realpath(dt_base, base) != NULL) {
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
	n->path = dt_rel_path(real, dt_base);
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

/*
 * A u32 property looked up like Linux looks up #address-cells and
 * interrupt-parent: in start, then each ancestor up to the root.
 * Returns 0 with the value, -ENOENT if no node has it, -EINVAL if the
 * first one found is malformed (logged against n).
 */
static int
inherited_u32(const struct socplat_dt_node *n, const char *start,
	      const char *dt_base, const char *prop, uint32_t *val)
{
	char dir[PATH_MAX], base[PATH_MAX], why[SOCPLAT_DT_WHY_LEN];
	uint8_t *v;
	size_t len;
	int ret;

	if (realpath(dt_base, base) == NULL)
		rte_strscpy(base, "/", sizeof(base));
	rte_strscpy(dir, start, sizeof(dir));
	for (;;) {
		char *slash;

		if (socplat_dt_read_file(dir, prop, &v, &len) == 0) {
			ret = socplat_dt_parse_u32(v, len, val, why);
			free(v);
			if (ret < 0) {
				char where[PATH_MAX + 64];
				char *rel = dt_rel_path(dir, dt_base);

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

static char *
parent_dir(const char *dir)
{
	char *p = strdup(dir), *slash;

	if (p == NULL)
		return NULL;
	slash = strrchr(p, '/');
	if (slash != NULL && slash != p)
		*slash = '\0';
	return p;
}

/* A string list property split into pointers; -ENOENT if absent. */
static int
string_list(const struct socplat_dt_node *n, const char *name,
	    const char ***out, unsigned int *count, bool log)
{
	const struct socplat_prop *p = socplat_dt_prop(n, name);
	char why[SOCPLAT_DT_WHY_LEN];
	int c, i;

	*out = NULL;
	*count = 0;
	if (p == NULL)
		return -ENOENT;
	c = socplat_dt_count_strings(p->val, p->len, why);
	if (c < 0) {
		if (log)
			socplat_dt_malformed(n, name, why);
		return c;
	}
	*out = calloc(c, sizeof(**out));
	if (*out == NULL)
		return -ENOMEM;
	for (i = 0; i < c; i++)
		socplat_dt_parse_string(p->val, p->len, i, &(*out)[i], why);
	*count = c;
	return 0;
}

static int
parse_reg(struct rte_socplat_device *dev, struct socplat_dt_node *n,
	  const char *dt_base)
{
	const struct socplat_prop *p = socplat_dt_prop(n, "reg");
	char why[SOCPLAT_DT_WHY_LEN];
	struct socplat_dt_reg *regs;
	char *parent;
	int nb, i, ret;

	parent = parent_dir(n->dir);
	if (parent == NULL)
		return -ENOMEM;
	/* Linux sizes reg by the nearest ancestor that says, else 2/1. */
	ret = inherited_u32(n, parent, dt_base, "#address-cells",
			    &n->addr_cells);
	if (ret == -ENOENT)
		n->addr_cells = 2;
	else if (ret < 0)
		goto out;
	ret = inherited_u32(n, parent, dt_base, "#size-cells", &n->size_cells);
	if (ret == -ENOENT)
		n->size_cells = 1;
	else if (ret < 0)
		goto out;
	ret = 0;
	if (p == NULL)
		goto out;
	nb = socplat_dt_parse_reg(p->val, p->len, n->addr_cells, n->size_cells,
				  NULL, 0, why);
	if (nb < 0) {
		socplat_dt_malformed(n, "reg", why);
		ret = nb;
		goto out;
	}
	regs = calloc(nb, sizeof(*regs));
	dev->regions = calloc(nb, sizeof(*dev->regions));
	if (regs == NULL || dev->regions == NULL) {
		free(regs);
		ret = -ENOMEM;
		goto out;
	}
	socplat_dt_parse_reg(p->val, p->len, n->addr_cells, n->size_cells,
			     regs, nb, why);
	for (i = 0; i < nb; i++) {
		dev->regions[i].phys = regs[i].addr;
		dev->regions[i].len = regs[i].size;
	}
	dev->nb_regions = nb;
	free(regs);

	if (string_list(n, "reg-names", &n->reg_names, &n->nb_reg_names,
			true) == -EINVAL)
		goto out;
	if (n->nb_reg_names > dev->nb_regions) {
		snprintf(why, sizeof(why), "%u names for %u reg entries",
			 n->nb_reg_names, dev->nb_regions);
		socplat_dt_malformed(n, "reg-names", why);
		n->nb_reg_names = dev->nb_regions;
	}
	for (i = 0; i < (int)n->nb_reg_names; i++)
		dev->regions[i].name = n->reg_names[i];
out:
	free(parent);
	return ret;
}

/* #interrupt-cells of the node with phandle ph; -ENOENT if unknown. */
static int
irq_cells_of(const struct socplat_dt_node *n, const char *dt_base,
	     uint32_t ph, uint32_t *cells)
{
	char why[SOCPLAT_DT_WHY_LEN];
	char *ctl = socplat_dt_find_phandle(dt_base, ph);
	uint8_t *v;
	size_t len;
	int ret;

	if (ctl == NULL)
		return -ENOENT;
	ret = socplat_dt_read_file(ctl, "#interrupt-cells", &v, &len);
	if (ret == 0) {
		ret = socplat_dt_parse_u32(v, len, cells, why);
		if (ret == 0 && (*cells == 0 || *cells > SOCPLAT_DT_MAX_CELLS)) {
			snprintf(why, sizeof(why), "%u, out of range 1..%u",
				 *cells, SOCPLAT_DT_MAX_CELLS);
			ret = -EINVAL;
		}
		if (ret < 0) {
			char where[PATH_MAX + 64];
			char *rel = dt_rel_path(ctl, dt_base);

			snprintf(where, sizeof(where),
				 "#interrupt-cells (of interrupt parent %s)",
				 rel ? rel : ctl);
			free(rel);
			socplat_dt_malformed(n, where, why);
		}
		free(v);
	}
	free(ctl);
	return ret;
}

/* interrupts-extended: <phandle cells...> per entry, each its own parent. */
static int
count_irqs_extended(const struct socplat_dt_node *n,
		    const struct socplat_prop *p, const char *dt_base)
{
	char why[SOCPLAT_DT_WHY_LEN];
	size_t off = 0;
	int count = 0;

	if (p->len == 0 || p->len % 4 != 0) {
		snprintf(why, sizeof(why),
			 "%zu bytes, not a whole number of 4-byte cells", p->len);
		socplat_dt_malformed(n, p->name, why);
		return -EINVAL;
	}
	while (off < p->len) {
		uint32_t ph, cells;
		int ret;

		if (socplat_dt_parse_phandle(p->val + off, 4, &ph, why) < 0) {
			socplat_dt_malformed(n, p->name, why);
			return -EINVAL;
		}
		ret = irq_cells_of(n, dt_base, ph, &cells);
		if (ret < 0)
			return ret;
		off += 4 + 4 * (size_t)cells;
		if (off > p->len) {
			snprintf(why, sizeof(why),
				 "entry %d is cut short (%zu bytes)", count, p->len);
			socplat_dt_malformed(n, p->name, why);
			return -EINVAL;
		}
		count++;
	}
	return count;
}

static void
parse_irqs(struct rte_socplat_device *dev, struct socplat_dt_node *n,
	   const char *dt_base)
{
	const struct socplat_prop *p;
	char why[SOCPLAT_DT_WHY_LEN];
	uint32_t parent, cells;
	int count = -1;

	p = socplat_dt_prop(n, "interrupts-extended");
	if (p != NULL) {
		count = count_irqs_extended(n, p, dt_base);
	} else if ((p = socplat_dt_prop(n, "interrupts")) != NULL) {
		/* The parent is inherited; its #interrupt-cells sizes them. */
		if (inherited_u32(n, n->dir, dt_base, "interrupt-parent",
				  &parent) == 0 &&
		    irq_cells_of(n, dt_base, parent, &cells) == 0) {
			count = socplat_dt_count_irqs(p->val, p->len, cells,
						      why);
			if (count < 0)
				socplat_dt_malformed(n, "interrupts", why);
		}
	} else {
		count = 0;
	}
	n->nb_dt_irqs = count < 0 ? -1 : count;
	dev->nb_irqs = count < 0 ? 0 : count;

	if (string_list(n, "interrupt-names", &n->irq_names, &n->nb_irq_names,
			true) < 0)
		return;
	if (count >= 0 && n->nb_irq_names > (unsigned int)count) {
		snprintf(why, sizeof(why), "%u names for %d interrupts",
			 n->nb_irq_names, count);
		socplat_dt_malformed(n, "interrupt-names", why);
		n->nb_irq_names = count;
	}
}

static int
is_valid_unicast(const uint8_t *m)
{
	static const uint8_t zero[6];

	return memcmp(m, zero, 6) != 0 && !(m[0] & 1);
}

static void
parse_mac(struct socplat_dt_node *n)
{
	/* mac-address (set by the boot loader) beats the factory address,
	 * as in Linux's of_get_mac_address(). */
	static const char *const names[] = {
		"mac-address", "local-mac-address",
	};
	char why[SOCPLAT_DT_WHY_LEN];
	unsigned int i;

	n->mac_rc = -ENOENT;
	for (i = 0; i < RTE_DIM(names); i++) {
		const struct socplat_prop *p = socplat_dt_prop(n, names[i]);

		if (p == NULL)
			continue;
		if (socplat_dt_parse_mac(p->val, p->len, n->mac.addr_bytes,
					 why) < 0) {
			socplat_dt_malformed(n, names[i], why);
			n->mac_rc = -EINVAL;
			continue;
		}
		if (!is_valid_unicast(n->mac.addr_bytes))
			continue;
		n->mac_rc = 0;
		return;
	}
}

/* fixed-link as a child node: speed (required), full-duplex. */
static int
parse_fixed_link_node(struct socplat_dt_node *n, const char *dir)
{
	char why[SOCPLAT_DT_WHY_LEN];
	uint8_t *v;
	size_t len;
	int ret;

	ret = socplat_dt_read_file(dir, "speed", &v, &len);
	if (ret < 0) {
		socplat_dt_malformed(n, "fixed-link", "the node has no speed");
		return -EINVAL;
	}
	ret = socplat_dt_parse_u32(v, len, &n->link.speed, why);
	free(v);
	if (ret == 0 && n->link.speed == 0) {
		snprintf(why, sizeof(why), "speed 0");
		ret = -EINVAL;
	}
	if (ret < 0) {
		socplat_dt_malformed(n, "fixed-link/speed", why);
		return -EINVAL;
	}
	n->link.full_duplex =
		socplat_dt_read_file(dir, "full-duplex", &v, &len) == 0;
	if (n->link.full_duplex)
		free(v);
	n->link.fixed = true;
	return 0;
}

static int
parse_phy_handle(struct socplat_dt_node *n, const struct socplat_prop *p,
		 const char *dt_base, const char *fixed_dir)
{
	char why[SOCPLAT_DT_WHY_LEN];
	uint32_t ph, addr;
	uint8_t *v;
	size_t len;
	char *phy;
	int ret;

	if (socplat_dt_parse_phandle(p->val, p->len, &ph, why) < 0) {
		socplat_dt_malformed(n, "phy-handle", why);
		return -EINVAL;
	}
	phy = socplat_dt_find_phandle(dt_base, ph);
	if (phy == NULL) {
		snprintf(why, sizeof(why), "phandle 0x%x matches no node", ph);
		socplat_dt_malformed(n, "phy-handle", why);
		return -EINVAL;
	}
	/* Some trees (QEMU's among them) point phy-handle at the node's own
	 * fixed-link: that is a fixed link, not a PHY on an MDIO bus. */
	if (fixed_dir != NULL && strcmp(phy, fixed_dir) == 0) {
		free(phy);
		return 0;
	}
	ret = socplat_dt_read_file(phy, "reg", &v, &len);
	if (ret < 0) {
		char *rel = dt_rel_path(phy, dt_base);

		snprintf(why, sizeof(why), "its target %s has no reg (MDIO address)",
			 rel ? rel : phy);
		free(rel);
		free(phy);
		socplat_dt_malformed(n, "phy-handle", why);
		return -EINVAL;
	}
	ret = socplat_dt_parse_mdio_addr(v, len, &addr, why);
	free(v);
	if (ret < 0) {
		char *rel = dt_rel_path(phy, dt_base);
		char where[PATH_MAX + 32];

		snprintf(where, sizeof(where), "reg of phy-handle target %s",
			 rel ? rel : phy);
		free(rel);
		free(phy);
		socplat_dt_malformed(n, where, why);
		return -EINVAL;
	}
	free(phy);
	n->link.phy_addr = addr;
	return 0;
}

static void
parse_link(struct socplat_dt_node *n, const char *dt_base)
{
	const struct socplat_prop *p;
	char why[SOCPLAT_DT_WHY_LEN], fixed[PATH_MAX];
	const char *mode, *fixed_dir = NULL;
	struct stat st;
	bool any = false;
	int bad = 0;

	memset(&n->link, 0, sizeof(n->link));
	n->link.phy_addr = -1;

	p = socplat_dt_prop(n, "phy-mode");
	if (p == NULL)
		p = socplat_dt_prop(n, "phy-connection-type");
	if (p != NULL) {
		if (socplat_dt_parse_string(p->val, p->len, 0, &mode, why) < 0) {
			socplat_dt_malformed(n, p->name, why);
			bad = 1;
		} else {
			n->phy_mode = strdup(mode);
			n->link.phy_mode = n->phy_mode;
			any = true;
		}
	}

	snprintf(fixed, sizeof(fixed), "%s/fixed-link", n->dir);
	if (stat(fixed, &st) == 0 && S_ISDIR(st.st_mode)) {
		fixed_dir = fixed;
		if (parse_fixed_link_node(n, fixed) < 0)
			bad = 1;
		else
			any = true;
	} else if ((p = socplat_dt_prop(n, "fixed-link")) != NULL) {
		if (socplat_dt_parse_fixed_link_legacy(p->val, p->len, &n->link,
						       why) < 0) {
			socplat_dt_malformed(n, "fixed-link", why);
			bad = 1;
		} else {
			any = true;
		}
	}

	p = socplat_dt_prop(n, "phy-handle");
	if (p == NULL)
		p = socplat_dt_prop(n, "phy");
	if (p != NULL) {
		if (parse_phy_handle(n, p, dt_base, fixed_dir) < 0)
			bad = 1;
		else
			any = true;
	}
	n->link_rc = bad ? -EINVAL : any ? 0 : -ENOENT;
}

int
socplat_dt_parse_device(struct rte_socplat_device *dev,
			struct socplat_dt_node *n, const char *dt_base)
{
	const struct socplat_prop *p;
	char why[SOCPLAT_DT_WHY_LEN];
	bool okay = true;
	int ret;

	n->devname = dev->device.name;
	dev->dt = n;

	ret = string_list(n, "compatible", &n->compat, &n->nb_compat, true);
	if (ret == -ENOENT)
		return 1;
	if (ret < 0)
		return ret;

	p = socplat_dt_prop(n, "status");
	if (p != NULL) {
		if (socplat_dt_parse_status(p->val, p->len, &okay, why) < 0) {
			socplat_dt_malformed(n, "status", why);
			return -EINVAL;
		}
		if (!okay)
			return 1;
	}

	ret = parse_reg(dev, n, dt_base);
	if (ret < 0)
		return ret;
	parse_irqs(dev, n, dt_base);
	dev->dma_coherent = socplat_dt_prop(n, "dma-coherent") != NULL;
	n->data_plane = socplat_dt_prop(n, SOCPLAT_DT_DATA_PLANE) != NULL;

	p = socplat_dt_prop(n, "iommus");
	if (p != NULL) {
		if (p->len == 0 || p->len % 4 != 0) {
			snprintf(why, sizeof(why),
				 "%zu bytes, expected <phandle stream-id...> cells",
				 p->len);
			socplat_dt_malformed(n, "iommus", why);
		} else {
			n->has_iommus = true;
		}
	}
	parse_mac(n);
	parse_link(n, dt_base);
	return 0;
}

/* ---- the accessors drivers use ---- */

const char *
rte_socplat_dt_path(const struct rte_socplat_device *dev)
{
	return dev->dt != NULL ? dev->dt->path : NULL;
}

bool
rte_socplat_dt_has(const struct rte_socplat_device *dev, const char *prop)
{
	return socplat_dt_prop(dev->dt, prop) != NULL;
}

int
rte_socplat_dt_u32(const struct rte_socplat_device *dev, const char *prop,
		   uint32_t *val)
{
	const struct socplat_prop *p = socplat_dt_prop(dev->dt, prop);
	char why[SOCPLAT_DT_WHY_LEN];

	if (p == NULL)
		return -ENOENT;
	if (socplat_dt_parse_u32(p->val, p->len, val, why) < 0) {
		socplat_dt_malformed(dev->dt, prop, why);
		return -EINVAL;
	}
	return 0;
}

int
rte_socplat_dt_u32_array(const struct rte_socplat_device *dev,
			 const char *prop, uint32_t *vals, unsigned int max)
{
	const struct socplat_prop *p = socplat_dt_prop(dev->dt, prop);
	char why[SOCPLAT_DT_WHY_LEN];
	int n;

	if (p == NULL)
		return -ENOENT;
	n = socplat_dt_parse_u32_array(p->val, p->len, vals, max, why);
	if (n < 0) {
		socplat_dt_malformed(dev->dt, prop, why);
		return -EINVAL;
	}
	return RTE_MIN((unsigned int)n, max);
}

int
rte_socplat_dt_string(const struct rte_socplat_device *dev, const char *prop,
		      unsigned int idx, const char **str)
{
	const struct socplat_prop *p = socplat_dt_prop(dev->dt, prop);
	char why[SOCPLAT_DT_WHY_LEN];
	int ret;

	if (p == NULL)
		return -ENOENT;
	ret = socplat_dt_parse_string(p->val, p->len, idx, str, why);
	if (ret == -EINVAL)
		socplat_dt_malformed(dev->dt, prop, why);
	return ret;
}

int
rte_socplat_dt_mac(const struct rte_socplat_device *dev,
		   struct rte_ether_addr *mac)
{
	/* Parsed and, if malformed, reported once at scan. */
	if (dev->dt == NULL)
		return -ENOENT;
	if (dev->dt->mac_rc == 0)
		rte_ether_addr_copy(&dev->dt->mac, mac);
	return dev->dt->mac_rc;
}

int
rte_socplat_dt_link(const struct rte_socplat_device *dev,
		    struct rte_socplat_link *link)
{
	if (dev->dt == NULL)
		return -ENOENT;
	if (dev->dt->link_rc == 0)
		*link = dev->dt->link;
	return dev->dt->link_rc;
}
