/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * The address a device puts on its bus for DMA is not always the CPU's
 * physical address: a bus may translate it (dma-ranges). RP1 on the
 * Raspberry Pi 5 sits behind the BCM2712's PCIe, where CPU address 0 is
 * bus address 0x10_0000_0000. Found here as Linux 6.1 finds it
 * (of_dma_get_range, of_translate_dma_address in drivers/of/address.c),
 * read for the facts:
 *
 * - The walk starts at the device's parent. The first node with a
 *   non-empty dma-ranges holds the device's windows. An empty
 *   "dma-ranges;" is 1:1 at that level and the walk goes on; a node
 *   without dma-ranges ends it with no translation, except at the first
 *   level, which may simply not say.
 * - Each window is <child-address parent-address size>, sized by the
 *   node's own cells, its parent's address cells and its own size cells
 *   (inherited as everywhere). The parent address is then carried up to
 *   the root through each ancestor's dma-ranges; an ancestor without one
 *   (or with an empty one) passes addresses 1:1.
 * - Under a PCI bus (device_type "pci"), the first address cell holds
 *   flags: a window matches an address only in the same space (I/O or
 *   memory), and the address is the cells after it.
 *
 * Linux also lets interconnects = <... "dma-mem"> name another DMA parent;
 * no GEM board uses it, and the tree's parent is taken here.
 */

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

#define DMA_PROP "dma-ranges"

/* No space to match against: the address is not a PCI one. */
#define SPACE_NONE (-1)

/* One address in some bus's space. */
struct dt_addr {
	uint64_t val;
	int space; /* PCI: 1 I/O, 2 memory, 0 configuration; else SPACE_NONE */
};

static bool
is_pci_bus(const char *dir)
{
	uint8_t *v;
	size_t len;
	bool pci;

	if (socplat_dt_read_file(dir, "device_type", &v, &len) < 0)
		return false;
	pci = (len == 4 && memcmp(v, "pci", 4) == 0) ||
	      (len == 6 && memcmp(v, "pciex", 6) == 0);
	free(v);
	return pci;
}

/* An address of cells cells at p, in a PCI bus's space or not. */
static struct dt_addr
read_addr(const uint8_t *p, uint32_t cells, bool pci)
{
	struct dt_addr a = { .space = SPACE_NONE };
	uint32_t code;

	if (!pci || cells < 2) {
		a.val = socplat_dt_read_number(p, cells);
		return a;
	}
	/* phys.hi: bits 24-25 are the space code; 64-bit memory is memory. */
	code = (uint32_t)(socplat_dt_read_number(p, 1) >> 24) & 3;
	a.space = code == 3 ? 2 : (int)code;
	a.val = socplat_dt_read_number(p + 4, cells - 1);
	return a;
}

/* The cells a dma-ranges at dir is made of. */
struct dma_layout {
	uint32_t na, ns, pna;
	bool pci, parent_pci;
};

/* The layout of a dma-ranges at dir: -ENOENT for the root (no parent
 * bus to translate into), -EINVAL when a cell count is malformed. */
static int
dma_layout(const struct socplat_dt_node *n, const char *dir,
	   const char *dt_base, struct dma_layout *l)
{
	char *parent = socplat_dt_parent(dir, dt_base);
	uint32_t pns;
	int ret;

	if (parent == NULL)
		return -ENOENT;
	ret = socplat_dt_bus_cells(n, dir, dt_base, &l->na, &l->ns);
	if (ret == 0)
		ret = socplat_dt_bus_cells(n, parent, dt_base, &l->pna, &pns);
	l->pci = is_pci_bus(dir);
	l->parent_pci = is_pci_bus(parent);
	free(parent);
	return ret;
}

/* Whether the windows of the dma-ranges at dir (len bytes) can be read
 * with layout l; logs why not. Returns the bytes of one window, or 0. */
static size_t
dma_window_size(const struct socplat_dt_node *n, const char *dir,
		const char *dt_base, const struct dma_layout *l, size_t len)
{
	char why[SOCPLAT_DT_WHY_LEN], where[PATH_MAX + 64];
	size_t entry = 4 * (size_t)(l->na + l->pna + l->ns);
	char *rel;

	bool ok = socplat_dt_check_cells(l->na, false, why) == 0 &&
		  socplat_dt_check_cells(l->pna, false, why) == 0 &&
		  socplat_dt_check_cells(l->ns, true, why) == 0;

	if (ok && l->ns == 0) {
		snprintf(why, sizeof(why), "#size-cells 0: windows need a size");
		ok = false;
	}
	if (ok && len % entry != 0) {
		snprintf(why, sizeof(why),
			 "%zu bytes, not a multiple of %zu (#address-cells %u + parent's #address-cells %u + #size-cells %u)",
			 len, entry, l->na, l->pna, l->ns);
		ok = false;
	}
	if (ok)
		return entry;
	rel = socplat_dt_rel_path(dir, dt_base);
	snprintf(where, sizeof(where), DMA_PROP " (of %s)", rel ? rel : dir);
	free(rel);
	socplat_dt_malformed(n, where, why);
	return 0;
}

/*
 * Carries a in the address space of bus (the parent of the node whose
 * window produced it) up to the CPU, through each ancestor's dma-ranges.
 * -ERANGE when some window-holding ancestor has no window for it,
 * -EINVAL when a dma-ranges on the way is malformed (logged).
 */
static int
translate_up(const struct socplat_dt_node *n, const char *bus,
	     const char *dt_base, struct dt_addr a, uint64_t *cpu)
{
	char *cur = strdup(bus), *next;
	unsigned int depth;
	int ret = 0;

	for (depth = 0; cur != NULL && depth < 64; depth++) {
		struct dma_layout l;
		uint8_t *v = NULL;
		size_t len = 0, entry, off;
		bool found = false;

		ret = dma_layout(n, cur, dt_base, &l);
		if (ret == -ENOENT) {
			/* The root: its address space is the CPU's. */
			free(cur);
			*cpu = a.val;
			return 0;
		}
		if (ret < 0)
			break;
		if (socplat_dt_read_file(cur, DMA_PROP, &v, &len) < 0 ||
		    len == 0) {
			/* 1:1 at this level (Linux: "empty or absent
			 * dma-ranges, 1:1 translation"). */
			free(v);
			a.space = SPACE_NONE;
			goto up;
		}
		entry = dma_window_size(n, cur, dt_base, &l, len);
		if (entry == 0) {
			free(v);
			ret = -EINVAL;
			break;
		}
		for (off = 0; off < len && !found; off += entry) {
			const uint8_t *w = v + off;
			struct dt_addr child = read_addr(w, l.na, l.pci);
			uint64_t size = socplat_dt_read_number(
				w + 4 * (l.na + l.pna), l.ns);

			if (a.space != SPACE_NONE && child.space != SPACE_NONE &&
			    a.space != child.space)
				continue;
			if (a.val < child.val || a.val - child.val >= size)
				continue;
			found = true;
			child.val = a.val - child.val;
			a = read_addr(w + 4 * l.na, l.pna, l.parent_pci);
			a.val += child.val;
		}
		free(v);
		if (!found) {
			ret = -ERANGE;
			break;
		}
up:
		next = socplat_dt_parent(cur, dt_base);
		free(cur);
		cur = next;
	}
	free(cur);
	return ret < 0 ? ret : -ERANGE;
}

/* The node whose dma-ranges holds dev's windows, or NULL for none (no
 * translation), as of_dma_get_range walks. */
static char *
dma_ranges_node(const char *dir, const char *dt_base)
{
	char *cur = socplat_dt_parent(dir, dt_base), *next;
	bool first = true;
	uint8_t *v;
	size_t len;

	while (cur != NULL) {
		int ret = socplat_dt_read_file(cur, DMA_PROP, &v, &len);

		if (ret == 0) {
			free(v);
			if (len > 0)
				return cur;
		} else if (!first) {
			break;
		}
		first = false;
		next = socplat_dt_parent(cur, dt_base);
		free(cur);
		cur = next;
	}
	free(cur);
	return NULL;
}

int
socplat_dt_parse_dma(struct socplat_dt_node *n, const char *dt_base)
{
	struct rte_socplat_dma_range *r;
	char why[SOCPLAT_DT_WHY_LEN];
	char *node = dma_ranges_node(n->dir, dt_base), *parent = NULL;
	struct dma_layout l;
	size_t len, entry, off;
	unsigned int nb = 0;
	uint8_t *v = NULL;
	int ret;

	n->nb_dma_ranges = 0;
	n->dma_rc = 0;
	if (node == NULL)
		return 0;
	n->dma_node_path = socplat_dt_rel_path(node, dt_base);
	ret = dma_layout(n, node, dt_base, &l);
	if (ret == -ENOENT) {
		socplat_dt_malformed(n, DMA_PROP " (of /)",
				     "the root has no parent bus to translate into");
		ret = -EINVAL;
	}
	if (ret < 0)
		goto out;
	ret = socplat_dt_read_file(node, DMA_PROP, &v, &len);
	if (ret < 0)
		goto out;
	entry = dma_window_size(n, node, dt_base, &l, len);
	if (entry == 0) {
		ret = -EINVAL;
		goto out;
	}
	r = calloc(len / entry, sizeof(*r));
	/* not the root: dma_layout said so */
	parent = socplat_dt_parent(node, dt_base);
	n->dma_ranges = r;
	if (r == NULL || parent == NULL) {
		ret = -ENOMEM;
		goto out;
	}
	for (off = 0; off < len; off += entry) {
		struct dt_addr dma = read_addr(v + off, l.na, l.pci);
		struct dt_addr up = read_addr(v + off + 4 * l.na, l.pna,
					      l.parent_pci);
		uint64_t cpu = 0;

		ret = translate_up(n, parent, dt_base, up, &cpu);
		if (ret == -ERANGE) {
			char where[PATH_MAX + 64];

			/* Linux skips such a window with an error too. */
			snprintf(why, sizeof(why),
				 "window %zu: parent address 0x%" PRIx64 " is in no window of the buses above, skipped",
				 off / entry, up.val);
			snprintf(where, sizeof(where), DMA_PROP " (of %s)",
				 n->dma_node_path ? n->dma_node_path : "?");
			socplat_dt_malformed(n, where, why);
			continue;
		}
		if (ret < 0)
			goto out;
		r[nb].dma_addr = dma.val;
		r[nb].cpu_addr = cpu;
		r[nb].size = socplat_dt_read_number(v + off + 4 * (l.na + l.pna),
						    l.ns);
		nb++;
	}
	ret = nb > 0 ? 0 : -EINVAL;
	n->nb_dma_ranges = nb;
out:
	free(parent);
	free(v);
	free(node);
	n->dma_rc = ret < 0 ? -EINVAL : 0;
	return n->dma_rc;
}

/* ---- what drivers and the bus's probe make of it ---- */

int
rte_socplat_dma_ranges(const struct rte_socplat_device *dev,
		       const struct rte_socplat_dma_range **ranges)
{
	if (dev->dt == NULL)
		return 0;
	if (dev->dt->dma_rc < 0)
		return dev->dt->dma_rc;
	if (ranges != NULL)
		*ranges = dev->dt->dma_ranges;
	return (int)dev->dt->nb_dma_ranges;
}

int
rte_socplat_dma_offset(const struct rte_socplat_device *dev,
		       uint64_t *offset)
{
	const struct rte_socplat_dma_range *r;
	int nb = rte_socplat_dma_ranges(dev, &r), i;

	if (nb < 0)
		return nb;
	*offset = 0;
	for (i = 0; i < nb; i++) {
		uint64_t off = r[i].cpu_addr - r[i].dma_addr;

		if (i > 0 && off != *offset)
			return -ERANGE;
		*offset = off;
	}
	return 0;
}

int
socplat_dma_check(const struct rte_socplat_device *dev,
		  enum rte_iova_mode mode)
{
	const struct socplat_dt_node *n = dev->dt;
	const struct rte_socplat_dma_range *r;
	int nb, i;

	/*
	 * Only IOVA as PA is at stake: the device is then handed physical
	 * addresses. As VA, with an IOMMU, the device's addresses are IOVAs
	 * the IOMMU maps, and the translation is the IOMMU's business.
	 */
	if (mode != RTE_IOVA_PA || n == NULL)
		return 0;
	nb = rte_socplat_dma_ranges(dev, &r);
	if (nb < 0) {
		SOCPLAT_LOG(ERR, "%s: IOVA is PA but the DMA translation of %s is unknown (dma-ranges of %s is malformed, see above): fix dma-ranges in the board's device tree, or attach the device to an IOMMU (IOVA as VA)",
			    dev->device.name, n->path,
			    n->dma_node_path ? n->dma_node_path : "?");
		return -EINVAL;
	}
	for (i = 0; i < nb; i++) {
		if (r[i].cpu_addr == r[i].dma_addr)
			continue;
		SOCPLAT_LOG(ERR, "%s: dma-ranges of %s translate its DMA (device address 0x%" PRIx64 " is CPU address 0x%" PRIx64 ") and IOVA is PA, so it would reach the wrong memory: attach the device to an IOMMU (IOVA as VA) or run where its bus does not translate",
			    dev->device.name, n->dma_node_path,
			    r[i].dma_addr, r[i].cpu_addr);
		return -ENOTSUP;
	}
	return 0;
}
