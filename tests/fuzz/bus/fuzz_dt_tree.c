/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * libFuzzer target for the socplat device-level parse: the input is
 * decoded into a small device tree laid out as Linux exposes one under
 * /sys/firmware/devicetree/base (a directory per node, a file per
 * property) in a tmpfs directory, and every node with a compatible is
 * parsed as a device: the node walk, inherited cells, interrupt parents,
 * phandles, the MDIO owner, dma-ranges. The bus's logging is formatted
 * into /dev/null so every message's arguments are exercised too.
 *
 * Input, a sequence of records:
 *   op (bit 0 clear)   a node: next byte picks the parent (modulo the nodes
 *                      so far), op >> 1 its name from names[]
 *   op (bit 0 set)     a property: next byte picks the node, op >> 1 the
 *                      name from props[]; then a length byte: bit 7 set
 *                      means each of the (len & 63) following bytes is one
 *                      big-endian cell (so small phandles and cell counts
 *                      are one byte away), clear means raw bytes
 */

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rte_log.h>

#include "private.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

#define MAX_NODES 12
#define MAX_PROPS 48

int socplat_logtype;

static const char *const names[] = {
	"axi", "ethernet@ff0c0000", "ethernet@ff0d0000", "mdio",
	"ethernet-phy@1", "ethernet-phy@2", "fixed-link",
	"interrupt-controller@f9000000", "pcie@0", "rp1", "bus@0", "mdio@1",
};

static const char *const props[] = {
	"compatible", "status", "reg", "#address-cells", "#size-cells",
	"#interrupt-cells", "interrupt-parent", "interrupts",
	"interrupts-extended", "phandle", "phy-handle", "dma-ranges",
	"device_type", "speed", "full-duplex", "local-mac-address",
	"mac-address", "phy-mode", "fixed-link", "interrupt-names",
	"reg-names", "iommus", "dma-coherent", "socnic,data-plane",
	"interrupt-controller", "ranges", "phy", "linux,phandle",
};

static char base[64];
static char nodes[MAX_NODES][PATH_MAX];

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	if (ftw->level > 0)
		remove(path);
	return 0;
}

/* The tree's directory goes when the fuzzer exits, so runs leave no
 * trace in /dev/shm. */
static void
remove_base(void)
{
	nftw(base, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	rmdir(base);
}

static void
init_once(void)
{
	FILE *null;

	if (base[0] != '\0')
		return;
	snprintf(base, sizeof(base), "/dev/shm/socplat-fuzz-XXXXXX");
	if (mkdtemp(base) == NULL) {
		/* no tmpfs at /dev/shm: the temporary directory will do */
		snprintf(base, sizeof(base), "/tmp/socplat-fuzz-XXXXXX");
		CHECK(mkdtemp(base) != NULL);
	}
	atexit(remove_base);
	null = fopen("/dev/null", "w");
	CHECK(null != NULL);
	rte_openlog_stream(null);
	socplat_logtype = rte_log_register("bus.socplat");
	CHECK(socplat_logtype >= 0);
	rte_log_set_level(socplat_logtype, RTE_LOG_DEBUG);
}

static void
write_prop(const char *dir, const char *name, const uint8_t *val, size_t len)
{
	char path[PATH_MAX];
	int fd;

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    (int)sizeof(path))
		return;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return;
	if (len > 0 && write(fd, val, len) < 0)
		abort();
	close(fd);
}

/* Decodes the input into the tree; returns the number of nodes. */
static unsigned int
build(const uint8_t *data, size_t size)
{
	unsigned int nb = 1, nb_props = 0;
	size_t i = 0;

	snprintf(nodes[0], sizeof(nodes[0]), "%s", base);
	while (i + 2 <= size && nb_props < MAX_PROPS) {
		uint8_t op = data[i++], pick = data[i++];
		const char *dir = nodes[pick % nb];

		if (!(op & 1)) {
			char path[PATH_MAX];

			if (nb == MAX_NODES ||
			    snprintf(path, sizeof(path), "%s/%s", dir,
				     names[(op >> 1) % RTE_DIM(names)]) >=
			    (int)sizeof(path) || mkdir(path, 0755) < 0)
				continue;
			memcpy(nodes[nb++], path, sizeof(path));
		} else {
			uint8_t val[4 * 63];
			size_t len, n, j;

			if (i >= size)
				break;
			len = data[i] & 63;
			if (data[i++] & 0x80) {
				n = RTE_MIN(len, size - i);
				memset(val, 0, 4 * n);
				for (j = 0; j < n; j++)
					val[4 * j + 3] = data[i + j];
				i += n;
				n *= 4;
			} else {
				n = RTE_MIN(len, size - i);
				memcpy(val, data + i, n);
				i += n;
			}
			write_prop(dir, props[(op >> 1) % RTE_DIM(props)], val,
				   n);
			nb_props++;
		}
	}
	return nb;
}

static void
parse_one(const char *dir)
{
	struct rte_socplat_device dev;
	const struct rte_socplat_dma_range *r;
	struct rte_socplat_link link;
	struct socplat_dt_node *n;
	uint64_t off;
	int ret, nb, i;

	n = socplat_dt_node_load(dir, base);
	if (n == NULL)
		return;
	if (socplat_dt_prop(n, "compatible") == NULL) {
		socplat_dt_node_free(n);
		return;
	}
	memset(&dev, 0, sizeof(dev));
	dev.device.name = "fuzz.ethernet";
	ret = socplat_dt_parse_device(&dev, n, base);
	CHECK(ret == 0 || ret == 1 || ret == -EINVAL || ret == -ENOMEM);
	if (ret == 0) {
		/* the cells are only checked when there is a reg to size */
		CHECK(dev.nb_regions == 0 || (n->addr_cells >= 1 &&
		      n->addr_cells <= SOCPLAT_DT_MAX_CELLS));
		CHECK(n->nb_reg_names <= dev.nb_regions);
		CHECK(n->nb_dt_irqs < 0 ? dev.nb_irqs == 0 :
		      dev.nb_irqs == (unsigned int)n->nb_dt_irqs);
		CHECK(n->nb_dt_irqs < 0 ||
		      n->nb_irq_names <= (unsigned int)n->nb_dt_irqs);
		if (rte_socplat_dt_link(&dev, &link) == 0)
			CHECK(link.phy_addr >= -1 && link.phy_addr <= 31);
		if (n->mdio_owner_dir != NULL)
			CHECK(n->mdio_owner_path != NULL &&
			      n->link.phy_addr >= 0);
		nb = rte_socplat_dma_ranges(&dev, &r);
		CHECK(nb >= 0 || nb == -EINVAL);
		for (i = 0; i < nb; i++)
			CHECK(r != NULL);
		ret = rte_socplat_dma_offset(&dev, &off);
		CHECK(ret == 0 || ret == -ERANGE || ret == -EINVAL);
		ret = socplat_dma_check(&dev, RTE_IOVA_PA);
		CHECK(ret == 0 || ret == -ENOTSUP || ret == -EINVAL);
		CHECK(ret != 0 || nb <= 0 || r[0].cpu_addr == r[0].dma_addr);
	}
	free(dev.regions);
	socplat_dt_node_free(n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int nb, i;

	init_once();
	nftw(base, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	nb = build(data, size);
	for (i = 1; i < nb; i++)
		parse_one(nodes[i]);
	socplat_dt_count_marked(base);
	return 0;
}
