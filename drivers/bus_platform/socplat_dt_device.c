/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * A device's node parsed once at scan (socplat_dt_parse_device): compatible,
 * status, reg, interrupts, MAC, link and iommus, each malformed property
 * reported in one line; then the accessors drivers read the result with.
 */

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "private.h"

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
	/* Sized by the parent's cells, inherited from further up as Linux
	 * inherits them (1 and 1 when no node says). */
	ret = socplat_dt_bus_cells(n, parent, dt_base, &n->addr_cells,
				   &n->size_cells);
	if (ret < 0)
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

/* Interrupt-parent hops followed before a chain is called a loop: real
 * trees take two or three. */
#define SOCPLAT_DT_MAX_IRQ_HOPS 64

/* Logs a problem with n's interrupt wiring found at node dir (n's own or
 * an ancestor's): "prop" or "prop (of /dir)". */
static void
irq_malformed(const struct socplat_dt_node *n, const char *dir,
	      const char *dt_base, const char *prop, const char *why)
{
	char where[PATH_MAX + 64];
	char *rel;

	if (strcmp(dir, n->dir) == 0) {
		socplat_dt_malformed(n, prop, why);
		return;
	}
	rel = socplat_dt_rel_path(dir, dt_base);
	snprintf(where, sizeof(where), "%s (of %s)", prop, rel ? rel : dir);
	free(rel);
	socplat_dt_malformed(n, where, why);
}

/* #interrupt-cells of the controller at ctl: 0, -ENOENT (not a
 * controller, not logged) or -EINVAL (logged). */
static int
irq_cells_at(const struct socplat_dt_node *n, const char *dt_base,
	     const char *ctl, uint32_t *cells)
{
	char why[SOCPLAT_DT_WHY_LEN];
	int ret;

	ret = socplat_dt_node_u32(n, ctl, dt_base, "#interrupt-cells", cells);
	if (ret == 0 && (*cells == 0 || *cells > SOCPLAT_DT_MAX_CELLS)) {
		snprintf(why, sizeof(why), "%u, out of range 1..%u", *cells,
			 SOCPLAT_DT_MAX_CELLS);
		irq_malformed(n, ctl, dt_base, "#interrupt-cells", why);
		ret = -EINVAL;
	}
	return ret;
}

/*
 * The interrupt parent of n as Linux's of_irq_find_parent finds it: from
 * n, follow interrupt-parent where a node has one, else go up to the
 * parent node, until a node with #interrupt-cells is reached. So a node
 * inherits its ancestors' interrupt-parent, and the children of a bus
 * that is itself an interrupt controller (RP1) are wired to it without
 * saying so. Returns the controller's directory, or NULL with the one
 * line that says why.
 */
static char *
irq_parent_of(const struct socplat_dt_node *n, const char *dt_base)
{
	char why[SOCPLAT_DT_WHY_LEN];
	char *cur = strdup(n->dir), *next;
	unsigned int hops;
	struct stat st;
	char path[PATH_MAX];
	uint32_t ph;
	int ret;

	for (hops = 0; cur != NULL && hops < SOCPLAT_DT_MAX_IRQ_HOPS; hops++) {
		ret = socplat_dt_node_u32(n, cur, dt_base, "interrupt-parent",
					  &ph);
		if (ret == -EINVAL) {
			free(cur);
			return NULL;
		}
		if (ret == 0) {
			next = socplat_dt_find_phandle(dt_base, ph);
			if (next == NULL) {
				snprintf(why, sizeof(why),
					 "phandle 0x%x matches no node", ph);
				irq_malformed(n, cur, dt_base,
					      "interrupt-parent", why);
				free(cur);
				return NULL;
			}
		} else {
			next = socplat_dt_parent(cur, dt_base);
			if (next == NULL) {
				free(cur);
				SOCPLAT_LOG(ERR, "%s: %s has interrupts but no interrupt parent (no interrupt-parent on it or an ancestor, and no ancestor is an interrupt controller): add interrupt-parent = <&your-interrupt-controller> to the node or to the root of the board's device tree",
					    n->devname ? n->devname : "?",
					    n->path);
				return NULL;
			}
		}
		free(cur);
		cur = next;
		if (snprintf(path, sizeof(path), "%s/#interrupt-cells", cur) <
		    (int)sizeof(path) && stat(path, &st) == 0)
			return cur;
	}
	if (cur != NULL) {
		free(cur);
		socplat_dt_malformed(n, "interrupt-parent",
				     "following interrupt-parent goes round in circles without reaching a node with #interrupt-cells");
	}
	return NULL;
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
		char *ctl;
		int ret;

		if (socplat_dt_parse_phandle(p->val + off, 4, &ph, why) < 0) {
			socplat_dt_malformed(n, p->name, why);
			return -EINVAL;
		}
		/* Linux takes the phandle's node as it is: no walking. */
		ctl = socplat_dt_find_phandle(dt_base, ph);
		if (ctl == NULL) {
			snprintf(why, sizeof(why),
				 "entry %d: phandle 0x%x matches no node",
				 count, ph);
			socplat_dt_malformed(n, p->name, why);
			return -EINVAL;
		}
		ret = irq_cells_at(n, dt_base, ctl, &cells);
		if (ret == -ENOENT) {
			char *rel = socplat_dt_rel_path(ctl, dt_base);

			snprintf(why, sizeof(why),
				 "entry %d points at %s, which has no #interrupt-cells (not an interrupt controller)",
				 count, rel ? rel : "?");
			free(rel);
			socplat_dt_malformed(n, p->name, why);
		}
		free(ctl);
		if (ret < 0)
			return -EINVAL;
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
	uint32_t cells;
	char *ctl;
	int count = -1;

	p = socplat_dt_prop(n, "interrupts-extended");
	if (p != NULL) {
		count = count_irqs_extended(n, p, dt_base);
	} else if ((p = socplat_dt_prop(n, "interrupts")) != NULL) {
		/* The parent's #interrupt-cells sizes them. */
		ctl = irq_parent_of(n, dt_base);
		if (ctl != NULL && irq_cells_at(n, dt_base, ctl, &cells) == 0) {
			count = socplat_dt_count_irqs(p->val, p->len, cells,
						      why);
			if (count < 0)
				socplat_dt_malformed(n, "interrupts", why);
		}
		free(ctl);
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

/* Whether a node directory is named "mdio" (with or without a unit
 * address): the child a MAC's MDIO bus is described in. */
static bool
is_mdio_node(const char *dir)
{
	const char *name = strrchr(dir, '/');

	name = name != NULL ? name + 1 : dir;
	return strcmp(name, "mdio") == 0 || strncmp(name, "mdio@", 5) == 0;
}

/*
 * The node that drives the MDIO bus the PHY at phy sits on, as macb
 * registers its bus: the MAC whose "mdio" child holds the PHY, or the MAC
 * itself when the PHY is its direct child (the old binding). An mdio node
 * with a compatible of its own is a controller in its own right and owns
 * its bus. Versal boards (VCK190, VMK180) put both ports' PHYs under
 * GEM0's mdio node, so this is not always the port itself.
 */
static int
record_mdio_owner(struct socplat_dt_node *n, const char *phy,
		  const char *dt_base)
{
	char *bus = socplat_dt_parent(phy, dt_base), *owner, path[PATH_MAX];
	struct stat st;

	if (bus == NULL)
		return -ENOMEM;
	owner = bus;
	if (is_mdio_node(bus) &&
	    (snprintf(path, sizeof(path), "%s/compatible", bus) >=
	     (int)sizeof(path) || stat(path, &st) != 0)) {
		owner = socplat_dt_parent(bus, dt_base);
		free(bus);
		if (owner == NULL)
			return -ENOMEM;
	}
	n->mdio_owner_dir = owner;
	n->mdio_owner_path = socplat_dt_rel_path(owner, dt_base);
	return n->mdio_owner_path == NULL ? -ENOMEM : 0;
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
		char *rel = socplat_dt_rel_path(phy, dt_base);

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
		char *rel = socplat_dt_rel_path(phy, dt_base);
		char where[PATH_MAX + 32];

		snprintf(where, sizeof(where), "reg of phy-handle target %s",
			 rel ? rel : phy);
		free(rel);
		free(phy);
		socplat_dt_malformed(n, where, why);
		return -EINVAL;
	}
	ret = record_mdio_owner(n, phy, dt_base);
	free(phy);
	if (ret < 0)
		return ret;
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
	/* Logged here; only refused at probe, and only with IOVA as PA. */
	socplat_dt_parse_dma(n, dt_base);
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
