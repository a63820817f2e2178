/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * The socplat bus against fake sysfs trees built from .dts sources: scan,
 * matching, every property the bus reads, bind/skip decisions, devargs,
 * iteration, the data-plane marker and the exact lines users see when
 * something is wrong. The real kernel (binding that sticks, VFIO) is the
 * lab's job.
 */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include <rte_devargs.h>
#include <rte_errno.h>

#include "fakesysfs.h"
#include "logcap.h"
#include "platsysfs.h"
#include "private.h"

static struct fk fs;
static char expect[PATH_MAX + 2048];

static const int caps_generic = 1, caps_zynq = 2, caps_versal = 3;

static int probed, removed;
static struct rte_socplat_device *last_probed;
/* Every device probed, in order, each followed by a space. */
static char probed_list[1024];

static int
test_probe(struct rte_socplat_driver *drv, struct rte_socplat_device *dev)
{
	size_t n = strlen(probed_list);

	(void)drv;
	probed++;
	last_probed = dev;
	snprintf(probed_list + n, sizeof(probed_list) - n, "%s ",
		 dev->device.name);
	return 0;
}

static int
test_remove(struct rte_socplat_device *dev)
{
	(void)dev;
	removed++;
	return 0;
}

/* The generic entry first: the node's order must win over the table's. */
static const struct rte_socplat_id gem_ids[] = {
	{ "cdns,gem", &caps_generic },
	{ "cdns,zynq-gem", &caps_zynq },
	{ "raspberrypi,rp1-gem", &caps_generic },
	{ NULL, NULL },
};
static const struct rte_socplat_id versal_ids[] = {
	{ "xlnx,versal-gem", &caps_versal },
	{ NULL, NULL },
};

static struct rte_socplat_driver gem_drv = {
	.driver = { .name = "test_gem" },
	.id_table = gem_ids,
	.probe = test_probe,
	.remove = test_remove,
	.reset_kmod = "vfio-platform-gem",
};
static struct rte_socplat_driver versal_drv = {
	.driver = { .name = "test_versal" },
	.id_table = versal_ids,
	.probe = test_probe,
	.remove = test_remove,
};

/* The fake kernel behind the bus's writes (fakesysfs.h), once a test
 * calls use_kernel(); until then writes land in plain files. */
static struct fk_kernel kern;
static enum rte_iova_mode test_iova;

static enum rte_iova_mode
iova_now(void)
{
	return test_iova;
}

static int
setup_tree(const char *dts)
{
	fk_init(&fs);
	fk_from_dts(&fs, dts);
	socplat_set_sysfs_root(fs.sys);
	/* No modules.alias unless a test writes one. */
	socplat_set_modules_dir(fs.modules);
	gem_drv.drv_flags = RTE_SOCPLAT_DRV_NEED_MAPPING | RTE_SOCPLAT_DRV_INTR;
	versal_drv.drv_flags = RTE_SOCPLAT_DRV_NEED_MAPPING;
	rte_socplat_register(&gem_drv);
	rte_socplat_register(&versal_drv);
	socplat_bus.bus.conf.scan_mode = RTE_BUS_SCAN_UNDEFINED;
	probed = removed = 0;
	last_probed = NULL;
	probed_list[0] = '\0';
	socplat_bus.dt_marked = false;
	/* Hermetic: the host's interfaces and EAL's state have no say. */
	fk_kernel_init(&kern, &fs);
	kern.probe_driver = NULL;
	socplat_set_sysfs_hooks(NULL, fk_addrs, &kern);
	test_iova = RTE_IOVA_PA;
	socplat_iova_mode = iova_now;
	gem_drv.dma_bits = 0;
	logcap_start();
	return 0;
}

static int
setup_board(void **state)
{
	(void)state;
	return setup_tree(DTS_DIR "/board.dts");
}

static int
setup_malformed(void **state)
{
	(void)state;
	return setup_tree(DTS_DIR "/malformed.dts");
}

static int
setup_walk(void **state)
{
	(void)state;
	return setup_tree(DTS_DIR "/dt-walk.dts");
}

/* The data-plane marker's boards: the same tree with no marker, two
 * marked ports, a marker with a value, a marker only on a disabled node. */
static int
setup_unmarked(void **state)
{
	(void)state;
	return setup_tree(DTS_DIR "/data-plane-board.dtsi");
}

static int
setup_marked(void **state)
{
	(void)state;
	return setup_tree(DTS_DIR "/data-plane.dts");
}

static int
setup_marked_value(void **state)
{
	(void)state;
	return setup_tree(DTS_DIR "/data-plane-value.dts");
}

static int
setup_marked_disabled(void **state)
{
	(void)state;
	return setup_tree(DTS_DIR "/data-plane-disabled.dts");
}

static int
teardown(void **state)
{
	struct rte_devargs *da;

	(void)state;
	socplat_bus.bus.cleanup();
	while ((da = rte_devargs_next(RTE_SOCPLAT_BUS_NAME, NULL)) != NULL)
		rte_devargs_remove(da);
	rte_socplat_unregister(&gem_drv);
	rte_socplat_unregister(&versal_drv);
	logcap_stop();
	fk_cleanup(&fs);
	return 0;
}

static struct rte_socplat_device *
dev_named(const char *name)
{
	struct rte_socplat_device *dev;

	SOCPLAT_FOREACH_DEV(dev)
		if (strcmp(dev->device.name, name) == 0)
			return dev;
	return NULL;
}

/* A device's driver_override as the fake kernel holds it. */
static const char *
override_of(const char *dev)
{
	char rel[PATH_MAX];

	snprintf(rel, sizeof(rel), "devices/platform/%s/driver_override", dev);
	return fk_read(&fs, rel);
}

static void
scan(void)
{
	assert_int_equal(socplat_bus.bus.scan(), 0);
}

static void
name_device(const char *arg, enum rte_dev_policy policy)
{
	struct rte_devargs *da = calloc(1, sizeof(*da));

	assert_non_null(da);
	assert_int_equal(rte_devargs_parse(da, arg), 0);
	da->policy = policy;
	assert_int_equal(rte_devargs_insert(&da), 0);
}

/* ---- scan and match ---- */

static void
test_scan_keeps_ours(void **state)
{
	static const char *const want[] = {
		"e000b000.ethernet", "ff0c0000.ethernet", "ff0d0000.ethernet",
		"ff100000.ethernet",
	};
	struct rte_socplat_device *dev;
	unsigned int i = 0;

	(void)state;
	scan();
	/* sorted by name; the pl011, the macb-only node, the GIC and the
	 * disabled GEM are not ours */
	SOCPLAT_FOREACH_DEV(dev) {
		assert_true(i < RTE_DIM(want));
		assert_string_equal(dev->device.name, want[i]);
		assert_ptr_equal(dev->device.bus, &socplat_bus.bus);
		assert_int_equal(dev->vfio_dev_fd, -1);
		i++;
	}
	assert_int_equal(i, RTE_DIM(want));
	assert_log_line("socplat: ff0f0000.ethernet: device-tree node /axi/ethernet@ff0f0000 is not enabled (status), skipped");
	/* a second scan adds nothing */
	scan();
	i = 0;
	SOCPLAT_FOREACH_DEV(dev)
		i++;
	assert_int_equal(i, RTE_DIM(want));
}

static void
test_match_precedence(void **state)
{
	static const char *const zynq[] = { "cdns,zynq-gem", "cdns,gem" };
	static const char *const versal[] = { "xlnx,versal-gem", "cdns,gem" };
	static const char *const other[] = { "vendor,x", "vendor,y" };
	static const struct rte_socplat_id dup_ids[] = {
		{ "cdns,gem", NULL }, { NULL, NULL },
	};
	static struct rte_socplat_driver dup = {
		.driver = { .name = "dup" }, .id_table = dup_ids,
	};
	const struct rte_socplat_id *id = NULL;
	unsigned int idx = 99;

	(void)state;
	/* the node's first string wins over the table's first entry */
	assert_ptr_equal(socplat_match(zynq, 2, &id, &idx), &gem_drv);
	assert_string_equal(id->compatible, "cdns,zynq-gem");
	assert_ptr_equal(id->data, &caps_zynq);
	assert_int_equal(idx, 0);
	/* ...and over registration order: versal_drv came second */
	assert_ptr_equal(socplat_match(versal, 2, &id, &idx), &versal_drv);
	assert_string_equal(id->compatible, "xlnx,versal-gem");
	/* the fallback string when the specific one is unknown */
	assert_ptr_equal(socplat_match(versal + 1, 1, &id, &idx), &gem_drv);
	assert_string_equal(id->compatible, "cdns,gem");
	assert_null(socplat_match(other, 2, &id, &idx));
	/* two drivers with the same string: the first registered */
	rte_socplat_register(&dup);
	assert_ptr_equal(socplat_match(versal + 1, 1, &id, &idx), &gem_drv);
	rte_socplat_unregister(&dup);

	/* the same through the scan */
	scan();
	assert_ptr_equal(socplat_match(dev_named("e000b000.ethernet")->dt->compat,
				       2, &id, NULL), &gem_drv);
	assert_ptr_equal(id->data, &caps_zynq);
	assert_ptr_equal(socplat_match(dev_named("ff0d0000.ethernet")->dt->compat,
				       2, &id, NULL), &versal_drv);
}

/* ---- properties ---- */

static void
test_props_qemu_style(void **state)
{
	struct rte_socplat_device *dev;
	struct rte_socplat_link link;
	struct rte_ether_addr mac;
	const char *s;
	uint32_t speed;

	(void)state;
	scan();
	dev = dev_named("ff0c0000.ethernet");
	assert_non_null(dev);
	assert_string_equal(rte_socplat_dt_path(dev), "/ethernet@ff0c0000");
	assert_int_equal(dev->dt->nb_compat, 2);
	assert_int_equal(rte_socplat_dt_string(dev, "compatible", 0, &s), 0);
	assert_string_equal(s, "cdns,zynqmp-gem");
	assert_int_equal(rte_socplat_dt_string(dev, "compatible", 1, &s), 0);
	assert_string_equal(s, "cdns,gem");
	assert_int_equal(rte_socplat_dt_string(dev, "compatible", 2, &s), -ENOENT);
	assert_int_equal(dev->nb_regions, 1);
	assert_int_equal(rte_socplat_region(dev, 0)->phys, 0xff0c0000);
	assert_int_equal(rte_socplat_region(dev, 0)->len, 0x1000);
	assert_null(rte_socplat_region(dev, 0)->name);
	assert_null(rte_socplat_region(dev, 0)->addr);
	assert_null(rte_socplat_region(dev, 1));
	assert_null(rte_socplat_region_by_name(dev, "gem"));
	/* the SPI listed twice still counts twice */
	assert_int_equal(dev->nb_irqs, 2);
	assert_false(dev->dma_coherent);
	assert_false(rte_socplat_dt_has(dev, "dma-coherent"));
	assert_int_equal(rte_socplat_dt_mac(dev, &mac), 0);
	assert_int_equal(mac.addr_bytes[0], 2);
	assert_int_equal(mac.addr_bytes[5], 1);
	/* phy-handle onto its own fixed-link is a fixed link, not a PHY */
	assert_int_equal(rte_socplat_dt_link(dev, &link), 0);
	assert_true(link.fixed);
	assert_int_equal(link.speed, 1000);
	assert_true(link.full_duplex);
	assert_int_equal(link.phy_addr, -1);
	assert_int_equal(rte_socplat_dt_mdio_owner(dev, NULL, NULL), -ENOENT);
	assert_string_equal(link.phy_mode, "rgmii-id");
	assert_int_equal(rte_socplat_dt_u32(dev, "speed", &speed), -ENOENT);
	assert_int_equal(rte_socplat_irq_by_name(dev, "q0"), -ENOENT);
	assert_log_lacks("malformed");
}

static void
test_props_full(void **state)
{
	struct rte_socplat_device *dev;
	const struct rte_socplat_region *r;
	struct rte_socplat_link link;
	struct rte_ether_addr mac;
	uint32_t cells[4];

	(void)state;
	scan();
	dev = dev_named("ff0d0000.ethernet");
	assert_non_null(dev);
	assert_string_equal(rte_socplat_dt_path(dev), "/axi/ethernet@ff0d0000");
	assert_int_equal(dev->nb_regions, 2);
	r = rte_socplat_region_by_name(dev, "tsu");
	assert_ptr_equal(r, rte_socplat_region(dev, 1));
	assert_int_equal(r->phys, 0xff0e0000);
	assert_int_equal(r->len, 0x100);
	assert_string_equal(rte_socplat_region(dev, 0)->name, "gem");
	assert_int_equal(dev->nb_irqs, 2);
	assert_int_equal(rte_socplat_irq_by_name(dev, "wol"), 1);
	assert_int_equal(rte_socplat_irq_by_name(dev, "q0"), 0);
	assert_true(dev->dma_coherent);
	assert_true(dev->dt->has_iommus);
	assert_int_equal(rte_socplat_dt_u32_array(dev, "iommus", cells, 4), 2);
	assert_int_equal(cells[1], 0x875);
	/* mac-address (the boot loader's) beats local-mac-address */
	assert_int_equal(rte_socplat_dt_mac(dev, &mac), 0);
	assert_int_equal(mac.addr_bytes[5], 0x22);
	/* phy-handle followed to the PHY: its reg is the MDIO address */
	assert_int_equal(rte_socplat_dt_link(dev, &link), 0);
	assert_false(link.fixed);
	assert_int_equal(link.phy_addr, 7);
	assert_string_equal(link.phy_mode, "sgmii");
	assert_log_lacks("malformed");
}

static void
test_props_legacy_and_32bit(void **state)
{
	struct rte_socplat_device *dev;
	struct rte_socplat_link link;
	struct rte_ether_addr mac;

	(void)state;
	scan();
	dev = dev_named("ff100000.ethernet");
	assert_non_null(dev);
	assert_int_equal(rte_socplat_dt_link(dev, &link), 0);
	assert_true(link.fixed);
	assert_int_equal(link.speed, 100);
	assert_true(link.full_duplex);
	assert_null(link.phy_mode);
	/* an all-zero MAC is no MAC */
	assert_int_equal(rte_socplat_dt_mac(dev, &mac), -ENOENT);
	assert_int_equal(dev->nb_irqs, 1);

	dev = dev_named("e000b000.ethernet");
	assert_non_null(dev);
	assert_int_equal(dev->dt->addr_cells, 1);
	assert_int_equal(dev->dt->size_cells, 1);
	assert_int_equal(rte_socplat_region(dev, 0)->phys, 0xe000b000);
	assert_int_equal(rte_socplat_region(dev, 0)->len, 0x1000);
	/* interrupts-extended, sized by the named controller */
	assert_int_equal(dev->nb_irqs, 1);
	assert_int_equal(rte_socplat_dt_link(dev, &link), -ENOENT);
	assert_int_equal(rte_socplat_dt_mac(dev, &mac), -ENOENT);
}

static void
test_props_malformed(void **state)
{
	struct rte_socplat_device *dev;
	struct rte_socplat_link link;
	struct rte_ether_addr mac;
	uint32_t v;

	(void)state;
	scan();
	/* fatal for the bus: the device is not kept */
	assert_null(dev_named("a0000000.ethernet"));
	assert_log_line("socplat: a0000000.ethernet: malformed device-tree property 'reg' of /ethernet@a0000000: 12 bytes, not a multiple of 16 (#address-cells 2 + #size-cells 2); fix the board's device tree");
	assert_null(dev_named("a0010000.ethernet")); /* compatible: not ours */
	assert_null(dev_named("a0020000.ethernet"));
	assert_log_line("socplat: a0020000.ethernet: malformed device-tree property 'status' of /ethernet@a0020000: not NUL-terminated (4 bytes); fix the board's device tree");
	assert_null(dev_named("ethernet"));
	assert_log_line("socplat: ethernet: malformed device-tree property '#address-cells (inherited from /badbus)' of /badbus/ethernet@a0080000: 2 bytes, expected 4 (one cell); fix the board's device tree");

	/* logged, the device kept, the property unusable */
	dev = dev_named("a0030000.ethernet");
	assert_non_null(dev);
	assert_log_line("socplat: a0030000.ethernet: malformed device-tree property 'local-mac-address' of /ethernet@a0030000: 5 bytes, expected 6; fix the board's device tree");
	assert_log_line("socplat: a0030000.ethernet: malformed device-tree property 'interrupts' of /ethernet@a0030000: 8 bytes, not a multiple of 12 (#interrupt-cells 3); fix the board's device tree");
	assert_log_line("socplat: a0030000.ethernet: malformed device-tree property 'reg-names' of /ethernet@a0030000: 2 names for 1 reg entries; fix the board's device tree");
	assert_int_equal(rte_socplat_dt_mac(dev, &mac), -EINVAL);
	assert_int_equal(dev->nb_irqs, 0);
	assert_string_equal(rte_socplat_region(dev, 0)->name, "gem");
	assert_int_equal(rte_socplat_dt_link(dev, &link), 0);
	assert_string_equal(link.phy_mode, "rgmii");
	/* the typed accessors check and say so too */
	assert_int_equal(rte_socplat_dt_u32(dev, "reg", &v), -EINVAL);
	assert_log_line("socplat: a0030000.ethernet: malformed device-tree property 'reg' of /ethernet@a0030000: 16 bytes, expected 4 (one cell); fix the board's device tree");

	dev = dev_named("a0040000.ethernet");
	assert_int_equal(rte_socplat_dt_link(dev, &link), -EINVAL);
	assert_log_line("socplat: a0040000.ethernet: malformed device-tree property 'phy-handle' of /ethernet@a0040000: phandle 0x1234 matches no node; fix the board's device tree");
	assert_int_equal(rte_socplat_dt_mdio_owner(dev, NULL, NULL), -EINVAL);
	dev = dev_named("a0050000.ethernet");
	assert_int_equal(rte_socplat_dt_link(dev, &link), -EINVAL);
	assert_log_line("socplat: a0050000.ethernet: malformed device-tree property 'fixed-link' of /ethernet@a0050000: the node has no speed; fix the board's device tree");
	dev = dev_named("a0060000.ethernet");
	assert_int_equal(rte_socplat_dt_link(dev, &link), -EINVAL);
	assert_log_line("socplat: a0060000.ethernet: malformed device-tree property 'fixed-link' of /ethernet@a0060000: 16 bytes, expected 20 (5 cells: phy-id duplex speed pause asym-pause); fix the board's device tree");
	dev = dev_named("a0070000.ethernet");
	assert_int_equal(rte_socplat_dt_link(dev, &link), -EINVAL);
	assert_log_line("socplat: a0070000.ethernet: malformed device-tree property 'reg of phy-handle target /ethernet@a0070000/mdio/ethernet-phy@28' of /ethernet@a0070000: MDIO address 40, out of range 0..31; fix the board's device tree");
	/* a multicast MAC is not a MAC, and not malformed */
	dev = dev_named("a0090000.ethernet");
	assert_int_equal(rte_socplat_dt_mac(dev, &mac), -ENOENT);
	assert_log_lacks("a0090000.ethernet: malformed");
}

/* ---- what the tree says beyond a node: cells, interrupt parents ---- */

static void
test_walk_default_cells(void **state)
{
	struct rte_socplat_device *dev;

	(void)state;
	scan();
	/* No node above says: Linux's 1 and 1, not 2 and 1. */
	dev = dev_named("e000b000.ethernet");
	assert_non_null(dev);
	assert_int_equal(dev->dt->addr_cells, 1);
	assert_int_equal(dev->dt->size_cells, 1);
	assert_int_equal(dev->nb_regions, 1);
	assert_int_equal(rte_socplat_region(dev, 0)->phys, 0xe000b000);
	assert_int_equal(rte_socplat_region(dev, 0)->len, 0x1000);
	assert_int_equal(dev->nb_irqs, 1);
	/* below a bus that says, its cells */
	dev = dev_named("ff0c0000.ethernet");
	assert_non_null(dev);
	assert_int_equal(dev->dt->addr_cells, 2);
	assert_int_equal(dev->dt->size_cells, 2);
	assert_log_lacks("e000b000.ethernet: malformed");
}

static void
test_walk_irq_parents(void **state)
{
	struct rte_socplat_device *dev;

	(void)state;
	scan();
	/* interrupt-parent on the bus only */
	dev = dev_named("ff0d0000.ethernet");
	assert_non_null(dev);
	assert_int_equal(dev->nb_irqs, 2);
	/* under RP1, an interrupt controller: its 2 cells, not the GIC's 3
	 * that the nearest interrupt-parent names */
	dev = dev_named("c040100000.ethernet");
	assert_non_null(dev);
	assert_int_equal(dev->nb_irqs, 1);
	assert_int_equal(dev->dt->nb_dt_irqs, 1);
	assert_log_lacks("c040100000.ethernet: malformed");
	/* genuinely no parent: one line saying what to add */
	dev = dev_named("e000c000.ethernet");
	assert_non_null(dev);
	assert_int_equal(dev->nb_irqs, 0);
	assert_int_equal(dev->dt->nb_dt_irqs, -1);
	assert_log_line("socplat: e000c000.ethernet: /ethernet@e000c000 has interrupts but no interrupt parent (no interrupt-parent on it or an ancestor, and no ancestor is an interrupt controller): add interrupt-parent = <&your-interrupt-controller> to the node or to the root of the board's device tree");
	dev = dev_named("e000d000.ethernet");
	assert_non_null(dev);
	assert_int_equal(dev->nb_irqs, 0);
	assert_log_line("socplat: e000d000.ethernet: malformed device-tree property 'interrupt-parent' of /ethernet@e000d000: phandle 0x4242 matches no node; fix the board's device tree");
	dev = dev_named("e000e000.ethernet");
	assert_non_null(dev);
	assert_int_equal(dev->nb_irqs, 0);
	assert_log_line("socplat: e000e000.ethernet: malformed device-tree property 'interrupts-extended' of /ethernet@e000e000: entry 0 points at /axi/ethernet@ff0c0000, which has no #interrupt-cells (not an interrupt controller); fix the board's device tree");
}

static void
test_walk_mdio_owner(void **state)
{
	struct rte_socplat_device *gem0, *gem1, *dev, *owner;
	struct rte_socplat_link link;
	const char *path;

	(void)state;
	scan();
	gem0 = dev_named("ff0c0000.ethernet");
	gem1 = dev_named("ff0d0000.ethernet");
	assert_non_null(gem0);
	assert_non_null(gem1);
	/* GEM0's PHY on its own mdio node */
	assert_int_equal(rte_socplat_dt_mdio_owner(gem0, &path, &owner), 0);
	assert_string_equal(path, "/axi/ethernet@ff0c0000");
	assert_ptr_equal(owner, gem0);
	/* GEM1's PHY on GEM0's bus (VCK190): GEM0 owns it */
	assert_int_equal(rte_socplat_dt_link(gem1, &link), 0);
	assert_int_equal(link.phy_addr, 2);
	assert_int_equal(rte_socplat_dt_mdio_owner(gem1, &path, &owner), 0);
	assert_string_equal(path, "/axi/ethernet@ff0c0000");
	assert_ptr_equal(owner, gem0);
	/* the old binding: the PHY a direct child of its MAC */
	dev = dev_named("ff0e0000.ethernet");
	assert_non_null(dev);
	assert_int_equal(rte_socplat_dt_link(dev, &link), 0);
	assert_int_equal(link.phy_addr, 3);
	assert_int_equal(rte_socplat_dt_mdio_owner(dev, &path, NULL), 0);
	assert_string_equal(path, "/axi/ethernet@ff0e0000");
	/* no PHY at all */
	dev = dev_named("e000b000.ethernet");
	assert_int_equal(rte_socplat_dt_mdio_owner(dev, &path, &owner), -ENOENT);
}

static void
test_walk_dma_ranges(void **state)
{
	const struct rte_socplat_dma_range *r;
	struct rte_socplat_device *dev;
	uint64_t off;

	(void)state;
	scan();
	/* RP1 behind PCIe: RP1's window passes 0x10_0000_0000 to PCIe 1:1,
	 * whose window maps it to CPU address 0 */
	dev = dev_named("c040100000.ethernet");
	assert_non_null(dev);
	assert_int_equal(rte_socplat_dma_ranges(dev, &r), 1);
	assert_true(r[0].dma_addr == 0x1000000000ull);
	assert_true(r[0].cpu_addr == 0);
	assert_true(r[0].size == 0x1000000000ull);
	assert_int_equal(rte_socplat_dma_offset(dev, &off), 0);
	assert_true(off == (uint64_t)0 - 0x1000000000ull);
	/* refused with IOVA as PA, before anything is unbound */
	assert_int_equal(socplat_dma_check(dev, RTE_IOVA_PA), -ENOTSUP);
	assert_log_line("socplat: c040100000.ethernet: dma-ranges of /axi/pcie@1000120000/rp1 translate its DMA (device address 0x1000000000 is CPU address 0x0) and IOVA is PA, so it would reach the wrong memory: attach the device to an IOMMU (IOVA as VA) or run where its bus does not translate");
	assert_int_equal(socplat_dma_check(dev, RTE_IOVA_VA), 0);

	/* an empty dma-ranges passes the walk on to PCIe's window */
	dev = dev_named("c050000000.ethernet");
	assert_non_null(dev);
	assert_int_equal(rte_socplat_dma_ranges(dev, &r), 1);
	assert_true(r[0].dma_addr == 0x1000000000ull && r[0].cpu_addr == 0);
	assert_int_equal(socplat_dma_check(dev, RTE_IOVA_PA), -ENOTSUP);
	/* a bus without one, past the first level, ends it: no translation */
	dev = dev_named("c060000000.ethernet");
	assert_non_null(dev);
	assert_int_equal(rte_socplat_dma_ranges(dev, &r), 0);
	assert_int_equal(socplat_dma_check(dev, RTE_IOVA_PA), 0);

	/* a window that does not translate */
	dev = dev_named("40000000.ethernet");
	assert_non_null(dev);
	assert_int_equal(rte_socplat_dma_ranges(dev, &r), 1);
	assert_true(r[0].dma_addr == 0 && r[0].cpu_addr == 0);
	assert_true(r[0].size == 0x80000000ull);
	assert_int_equal(rte_socplat_dma_offset(dev, &off), 0);
	assert_true(off == 0);
	assert_int_equal(socplat_dma_check(dev, RTE_IOVA_PA), 0);

	/* no dma-ranges above at all */
	dev = dev_named("ff0c0000.ethernet");
	assert_int_equal(rte_socplat_dma_ranges(dev, &r), 0);
	assert_int_equal(socplat_dma_check(dev, RTE_IOVA_PA), 0);

	/* unreadable: logged at scan, refused as PA */
	dev = dev_named("50000000.ethernet");
	assert_non_null(dev);
	assert_int_equal(rte_socplat_dma_ranges(dev, &r), -EINVAL);
	assert_log_line("socplat: 50000000.ethernet: malformed device-tree property 'dma-ranges (of /axi/dmabad)' of /axi/dmabad/ethernet@50000000: 12 bytes, not a multiple of 16 (#address-cells 1 + parent's #address-cells 2 + #size-cells 1); fix the board's device tree");
	assert_int_equal(socplat_dma_check(dev, RTE_IOVA_PA), -EINVAL);
	assert_log_line("socplat: 50000000.ethernet: IOVA is PA but the DMA translation of /axi/dmabad/ethernet@50000000 is unknown (dma-ranges of /axi/dmabad is malformed, see above): fix dma-ranges in the board's device tree, or attach the device to an IOMMU (IOVA as VA)");
}

/* ---- binding ---- */

static void
noiommu_on(void)
{
	fk_driver(&fs, "vfio-platform");
	fk_write(&fs, "module/vfio/parameters/enable_unsafe_noiommu_mode",
		 "Y\n");
}

static void
use_kernel(void)
{
	socplat_set_sysfs_hooks(fk_kernel_write, fk_addrs, &kern);
}

/* What every binding test starts from: the fake kernel with
 * vfio-platform, no-IOMMU mode and the reset module loaded. */
static void
kernel_board(void)
{
	noiommu_on();
	use_kernel();
	fk_module(&fs, "vfio_platform_gem");
}

/* The board's four GEMs, named as -a (without allowlist mode) names them. */
static void
name_board(void)
{
	name_device("e000b000.ethernet", RTE_DEV_ALLOWED);
	name_device("ff0c0000.ethernet", RTE_DEV_ALLOWED);
	name_device("ff0d0000.ethernet", RTE_DEV_ALLOWED);
	name_device("ff100000.ethernet", RTE_DEV_ALLOWED);
}

#define LEFT_ALONE(dev, on) "socplat: " dev ": " on ", not named or marked socnic,data-plane: left alone (hand it over with -a " dev ", the DT marker, or socnic-bind --bind " dev ")"
#define RESET_MISSING(dev, compat, mod) "socplat: " dev ": no reset handler for \"" compat "\" is loaded or installed and vfio-platform refuses a device without one: modprobe " mod " (a reset handler is what stops the GEM's DMA when a DPDK process dies; Linux before 6.3 binds nothing without one)"

static void
test_bind_decide(void **state)
{
	(void)state;
	assert_int_equal(socplat_bind_decide("vfio-platform", false, true),
			 SOCPLAT_BIND_USE);
	assert_int_equal(socplat_bind_decide("vfio-platform", false, false),
			 SOCPLAT_BIND_USE);
	/* free is no consent: the kernel's driver may not have probed yet */
	assert_int_equal(socplat_bind_decide(NULL, false, true),
			 SOCPLAT_BIND_SKIP);
	assert_int_equal(socplat_bind_decide("", false, true),
			 SOCPLAT_BIND_SKIP);
	assert_int_equal(socplat_bind_decide("", true, true), SOCPLAT_BIND_BIND);
	assert_int_equal(socplat_bind_decide("macb", false, true),
			 SOCPLAT_BIND_SKIP);
	assert_int_equal(socplat_bind_decide("macb", true, true),
			 SOCPLAT_BIND_TAKEOVER);
	/* a secondary never binds, named or not */
	assert_int_equal(socplat_bind_decide(NULL, true, false),
			 SOCPLAT_BIND_NOT_READY);
	assert_int_equal(socplat_bind_decide("macb", true, false),
			 SOCPLAT_BIND_NOT_READY);
	assert_string_equal(socplat_bind_action_str(SOCPLAT_BIND_TAKEOVER),
			    "takeover");
}

static void
test_consent(void **state)
{
	(void)state;
	kernel_board();
	fk_bind(&fs, "ff100000.ethernet", "macb");
	fk_bind(&fs, "ff0d0000.ethernet", "vfio-platform");
	fk_override(&fs, "ff0d0000.ethernet", "vfio-platform\n");
	gem_drv.drv_flags = RTE_SOCPLAT_DRV_NEED_MAPPING;
	scan();
	assert_int_equal(socplat_bus.bus.probe(), 0);
	/* free or on macb, unnamed, unmarked: one line each, nothing written */
	assert_log_line(LEFT_ALONE("ff0c0000.ethernet", "free"));
	assert_log_line(LEFT_ALONE("e000b000.ethernet", "free"));
	assert_log_line(LEFT_ALONE("ff100000.ethernet", "on kernel driver macb"));
	assert_string_equal(kern.log, "");
	assert_string_equal(fk_driver_of(&fs, "ff0c0000.ethernet"), "");
	assert_string_equal(fk_driver_of(&fs, "ff100000.ethernet"), "macb");
	/* on vfio-platform already (socnic-bind --bind): used, no line */
	assert_log_lacks("ff0d0000.ethernet: free");
	assert_log_lacks("ff0d0000.ethernet: on kernel driver");
	/* the one line, once */
	{
		const char *t = logcap_text();
		const char *first = strstr(t, "ff0c0000.ethernet: free");

		assert_non_null(first);
		assert_null(strstr(first + 1, "ff0c0000.ethernet: free"));
	}

	/* named: bound, override first, then the probe */
	logcap_stop();
	logcap_start();
	name_device("ff0c0000.ethernet", RTE_DEV_ALLOWED);
	scan();
	socplat_bus.bus.probe();
	/* bound (VFIO, which a unit test has not, then fails: released) */
	assert_string_equal(kern.log,
		"bus/platform/devices/ff0c0000.ethernet/driver_override=vfio-platform;"
		"bus/platform/drivers_probe=ff0c0000.ethernet;"
		"bus/platform/drivers/vfio-platform/unbind=ff0c0000.ethernet;"
		"bus/platform/devices/ff0c0000.ethernet/driver_override=\\n;");
	assert_log_line("socplat: ff0c0000.ethernet: bound to vfio-platform");
	assert_log_lacks("ff0c0000.ethernet: free");
}

static void
test_fail_closed(void **state)
{
	char p[PATH_MAX + 64];

	(void)state;
	kernel_board();
	name_board();
	/* someone else's override on a free device */
	fk_override(&fs, "ff0c0000.ethernet", "my-driver\n");
	/* a driver link that cannot be read: a loop stands for any error
	 * but "no link" */
	snprintf(p, sizeof(p), "%s/devices/platform/e000b000.ethernet/driver",
		 fs.sys);
	assert_int_equal(mkdir(p, 0755), 0);
	scan();
	assert_int_equal(socplat_bus.bus.probe(), -1);
	snprintf(expect, sizeof(expect), "socplat: ff0c0000.ethernet: driver_override is \"my-driver\", set by someone else: left alone; clear it (echo > %s/bus/platform/devices/ff0c0000.ethernet/driver_override) to let DPDK have it",
		 fs.sys);
	assert_log_line(expect);
	snprintf(expect, sizeof(expect), "socplat: e000b000.ethernet: cannot read %s/bus/platform/devices/e000b000.ethernet/driver (Invalid argument), so whether a kernel driver holds it is unknown: left alone; check that sysfs is mounted and readable (run as root)",
		 fs.sys);
	assert_log_line(expect);
	/* neither was written to: the override is still theirs */
	assert_null(strstr(kern.log, "ff0c0000.ethernet"));
	assert_null(strstr(kern.log, "e000b000.ethernet"));
	assert_string_equal(override_of("ff0c0000.ethernet"), "my-driver\n");
}

static void
test_in_use(void **state)
{
	(void)state;
	kernel_board();
	gem_drv.drv_flags = RTE_SOCPLAT_DRV_NEED_MAPPING;
	fk_bind(&fs, "ff100000.ethernet", "macb");
	fk_netdev_flags(&fs, "eth1", "ff100000.ethernet", 0x1003);
	fk_addr(&fs, "eth1", "192.0.2.1/24");
	fk_bind(&fs, "ff0c0000.ethernet", "macb");
	fk_netdev(&fs, "eth0", "ff0c0000.ethernet");
	fk_addr(&fs, "eth0", "2001:db8::1/64");
	fk_bind(&fs, "e000b000.ethernet", "macb");
	fk_netdev(&fs, "eth2", "e000b000.ethernet");
	fk_cmdline(&fs, "console=ttyAMA0 root=/dev/nfs ip=192.0.2.9:192.0.2.1::255.255.255.0:board:eth2:off\n");
	name_device("ff100000.ethernet", RTE_DEV_ALLOWED);
	name_device("ff0c0000.ethernet", RTE_DEV_ALLOWED);
	name_device("e000b000.ethernet", RTE_DEV_ALLOWED);
	scan();
	assert_int_equal(socplat_bus.bus.probe(), -1);
	assert_log_line("socplat: ff100000.ethernet: eth1 is up with 192.0.2.1/24: the kernel is using it; take it down (ip link set eth1 down, ip addr flush dev eth1), or pass force=1");
	assert_log_line("socplat: ff0c0000.ethernet: eth0 has 2001:db8::1/64: the kernel is using it; remove its addresses (ip addr flush dev eth0), or pass force=1");
	assert_log_line("socplat: e000b000.ethernet: eth2 is down and carries the root file system (root=/dev/nfs, ip= names it): the kernel is using it; boot over another interface (ip= on the kernel command line), or pass force=1");
	/* nothing unbound, nothing written: the interfaces are as they were */
	assert_string_equal(kern.log, "");
	assert_string_equal(fk_read(&fs, "devices/platform/ff100000.ethernet/net/eth1/flags"),
			    "0x1003\n");
	assert_string_equal(fk_driver_of(&fs, "ff100000.ethernet"), "macb");

	/* down and bare: taken, the safe way round */
	logcap_stop();
	logcap_start();
	assert_int_equal(socplat_bus.bus.cleanup(), 0);
	fk_write(&fs, "devices/platform/ff100000.ethernet/net/eth1/flags",
		 "0x1002\n");
	unlink(strcat(strcpy(expect, fs.root), "/addrs/eth1"));
	scan();
	socplat_bus.bus.probe();
	/* taken (then given back: a unit test has no VFIO to map it) */
	assert_string_equal(kern.log,
		"bus/platform/devices/ff100000.ethernet/driver_override=vfio-platform;"
		"bus/platform/drivers/macb/unbind=ff100000.ethernet;"
		"bus/platform/drivers_probe=ff100000.ethernet;"
		"bus/platform/drivers/vfio-platform/unbind=ff100000.ethernet;"
		"bus/platform/devices/ff100000.ethernet/driver_override=\\n;"
		"bus/platform/drivers/macb/bind=ff100000.ethernet;");
	assert_log_line("socplat: ff100000.ethernet: taken from kernel driver macb");
	assert_log_line("socplat: ff100000.ethernet: given back to kernel driver macb");
}

static void
test_in_use_force(void **state)
{
	(void)state;
	kernel_board();
	gem_drv.drv_flags = RTE_SOCPLAT_DRV_NEED_MAPPING;
	fk_bind(&fs, "ff100000.ethernet", "macb");
	fk_netdev_flags(&fs, "eth1", "ff100000.ethernet", 0x1003);
	fk_addr(&fs, "eth1", "192.0.2.1/24");
	name_device("ff100000.ethernet,force=1", RTE_DEV_ALLOWED);
	scan();
	socplat_bus.bus.probe();
	assert_log_line("socplat: ff100000.ethernet: eth1 is up with 192.0.2.1/24: taken anyway (force=1)");
	assert_log_line("socplat: ff100000.ethernet: taken from kernel driver macb");
}

/* A start that fails a check leaves the kernel's port exactly as it was. */
static void
test_checks_before_unbind(void **state)
{
	(void)state;
	noiommu_on();
	use_kernel();
	gem_drv.drv_flags = RTE_SOCPLAT_DRV_NEED_MAPPING;
	fk_bind(&fs, "ff100000.ethernet", "macb");
	fk_netdev(&fs, "eth1", "ff100000.ethernet");
	name_device("ff100000.ethernet", RTE_DEV_ALLOWED);
	scan();
	/* no reset handler anywhere */
	assert_int_equal(socplat_bus.bus.probe(), -1);
	assert_log_line(RESET_MISSING("ff100000.ethernet", "cdns,gem",
				      "vfio-platform-gem"));
	/* IOVA as VA under no-IOMMU */
	fk_module(&fs, "vfio_platform_gem");
	test_iova = RTE_IOVA_VA;
	assert_int_equal(socplat_bus.bus.probe(), -1);
	assert_log_line("socplat: ff100000.ethernet: " SOCPLAT_IOVA_PA_NEEDED);
	/* a group another driver's device shares */
	test_iova = RTE_IOVA_PA;
	fk_bind(&fs, "ff0c0000.ethernet", "uart");
	fk_group(&fs, "ff100000.ethernet", 4, "");
	fk_group(&fs, "ff0c0000.ethernet", 4, "");
	assert_int_equal(socplat_bus.bus.probe(), -1);
	assert_log_line("socplat: ff100000.ethernet: IOMMU group 4 is not viable: it also holds ff0c0000.ethernet (uart); unbind those devices or bind them to vfio-platform so the whole group belongs to VFIO");
	fk_unbind(&fs, "ff0c0000.ethernet");
	/* (the DMA mask needs EAL's memory: test_eal.c) */
	/* through all of it, not one write: macb and eth1 as they were */
	assert_string_equal(kern.log, "");
	assert_string_equal(fk_driver_of(&fs, "ff100000.ethernet"), "macb");
	assert_string_equal(fk_read(&fs, "devices/platform/ff100000.ethernet/net/eth1/flags"),
			    "0x1002\n");
}

/* vfio-platform refuses after all: the override goes back, macb is
 * bound again. */
static void
test_bind_undo(void **state)
{
	(void)state;
	kernel_board();
	kern.handler = false;
	fk_bind(&fs, "ff100000.ethernet", "macb");
	fk_override(&fs, "ff0c0000.ethernet", "vfio-platform\n");
	name_device("ff100000.ethernet", RTE_DEV_ALLOWED);
	name_device("ff0c0000.ethernet", RTE_DEV_ALLOWED);
	scan();
	assert_int_equal(socplat_bus.bus.probe(), -1);
	assert_string_equal(fk_driver_of(&fs, "ff100000.ethernet"), "macb");
	assert_log_line("socplat: ff100000.ethernet: vfio-platform did not take it (driver now: none) although the checks before binding passed: see the kernel log (dmesg) for vfio-platform's reason");
	assert_log_line("socplat: ff100000.ethernet: given back to kernel driver macb");
	assert_log_lacks("ff100000.ethernet: taken from");
	assert_non_null(strstr(kern.log,
		"bus/platform/devices/ff100000.ethernet/driver_override=vfio-platform;"
		"bus/platform/drivers/macb/unbind=ff100000.ethernet;"
		"bus/platform/drivers_probe=ff100000.ethernet;"
		"bus/platform/devices/ff100000.ethernet/driver_override=\\n;"
		"bus/platform/drivers/macb/bind=ff100000.ethernet;"));
	/* the previous override is written back, not cleared */
	assert_string_equal(override_of("ff0c0000.ethernet"), "vfio-platform");
	assert_string_equal(override_of("ff100000.ethernet"), "(null)\n");
}

/* restore=1 gives back only what is still as this process left it. */
static void
test_restore_guard(void **state)
{
	struct rte_socplat_device *dev;
	struct socplat_device *sdev;

	(void)state;
	kernel_board();
	fk_bind(&fs, "ff100000.ethernet", "macb");
	name_device("ff100000.ethernet,restore=1", RTE_DEV_ALLOWED);
	scan();
	dev = dev_named("ff100000.ethernet");
	sdev = SOCPLAT_PRIV(dev);
	assert_int_equal(socplat_bind_checks(dev, SOCPLAT_BIND_TAKEOVER,
					     "vfio-platform-gem", false), 0);
	assert_int_equal(socplat_bind(dev, SOCPLAT_BIND_TAKEOVER), 0);
	assert_true(sdev->bound_by_us);
	/* another primary (or socnic-bind) moved it meanwhile */
	fk_unbind(&fs, "ff100000.ethernet");
	fk_bind(&fs, "ff100000.ethernet", "vfio-platform");
	fk_override(&fs, "ff100000.ethernet", "(null)\n");
	kern.log[0] = '\0';
	assert_int_equal(socplat_restore(dev), 0);
	assert_string_equal(kern.log, "");
	assert_log_line("socplat: ff100000.ethernet: not given back: it is no longer as this process left it (driver vfio-platform, driver_override \"\"), so another process or an admin has it now");

	/* still ours: given back, in order */
	assert_int_equal(socplat_bind(dev, SOCPLAT_BIND_USE), 0);
	fk_override(&fs, "ff100000.ethernet", "vfio-platform\n");
	sdev->bound_by_us = true;
	assert_int_equal(socplat_restore(dev), 0);
	assert_string_equal(kern.log,
		"bus/platform/drivers/vfio-platform/unbind=ff100000.ethernet;"
		"bus/platform/devices/ff100000.ethernet/driver_override=\\n;"
		"bus/platform/drivers/macb/bind=ff100000.ethernet;");
	assert_string_equal(fk_driver_of(&fs, "ff100000.ethernet"), "macb");
}

static void
test_skip_kernel_driver(void **state)
{
	(void)state;
	fk_bind(&fs, "ff100000.ethernet", "macb");
	scan();
	assert_int_equal(socplat_bus.bus.probe(), 0);
	assert_log_line(LEFT_ALONE("ff100000.ethernet", "on kernel driver macb"));
	/* nothing was written for it */
	assert_string_equal(fk_read(&fs, "bus/platform/drivers/macb/unbind"),
			     "");
	assert_string_equal(override_of("ff100000.ethernet"), "(null)\n");
	assert_int_equal(probed, 0);
}

static void
test_vfio_platform_missing(void **state)
{
	(void)state;
	name_board();
	scan();
	assert_int_equal(socplat_bus.bus.probe(), -1);
	snprintf(expect, sizeof(expect), "socplat: ff0c0000.ethernet: vfio-platform is not loaded (no %s/bus/platform/drivers/vfio-platform): modprobe vfio-platform",
		 fs.sys);
	assert_log_line(expect);
	assert_int_equal(probed, 0);
}

static void
test_no_iommu(void **state)
{
	(void)state;
	fk_driver(&fs, "vfio-platform");
	name_board();
	scan();
	/* kernel without CONFIG_VFIO_NOIOMMU: no parameter at all */
	assert_int_equal(socplat_bus.bus.probe(), -1);
	assert_log_line("socplat: ff0c0000.ethernet: no IOMMU group and this kernel has no VFIO no-IOMMU mode (CONFIG_VFIO_NOIOMMU): attach the device to an IOMMU (iommus, see the dts/ smmu overlay)");
	/* vfio loaded with the mode off: modprobe would do nothing now */
	fk_write(&fs, "module/vfio/parameters/enable_unsafe_noiommu_mode",
		 "N\n");
	assert_int_equal(socplat_bus.bus.probe(), -1);
	assert_log_line("socplat: ff0c0000.ethernet: no IOMMU group and VFIO no-IOMMU mode is off: attach the device to an IOMMU (iommus, see the dts/ smmu overlay) or echo 1 > /sys/module/vfio/parameters/enable_unsafe_noiommu_mode");
	/* its node asks for the SMMU, which never took it */
	assert_log_line("socplat: ff0d0000.ethernet: no IOMMU group although its device tree node has iommus: the IOMMU driver has not attached it (check the SMMU node and driver), or turn on VFIO's no-IOMMU mode: echo 1 > /sys/module/vfio/parameters/enable_unsafe_noiommu_mode");
	assert_int_equal(probed, 0);
	assert_string_equal(platsysfs_noiommu_fix(socplat_sysfs()),
			    "echo 1 > /sys/module/vfio/parameters/enable_unsafe_noiommu_mode");
}

static void
test_no_reset_handler(void **state)
{
	(void)state;
	noiommu_on();
	name_board();
	scan();
	assert_int_equal(socplat_bus.bus.probe(), -1);
	/* refused before anything is written: the driver's module is named */
	assert_log_line(RESET_MISSING("ff0c0000.ethernet", "cdns,zynqmp-gem",
				      "vfio-platform-gem"));
	assert_string_equal(override_of("ff0c0000.ethernet"), "(null)\n");
	assert_null(strstr(fk_read(&fs, "bus/platform/drivers_probe"),
			   "ff0c0000.ethernet"));
	/* versal_drv names no module and there is no modules.alias: nothing
	 * to go by, so vfio-platform is asked (no kernel here: refused) */
	assert_log_line("socplat: ff0d0000.ethernet: vfio-platform did not take it (driver now: none) although the checks before binding passed: see the kernel log (dmesg) for vfio-platform's reason");
	assert_string_equal(override_of("ff0d0000.ethernet"), "\n");
	assert_int_equal(probed, 0);

	/* vfio-platform loaded with reset_required=0 needs no handler: the
	 * bind is tried (and undone) */
	fk_write(&fs, "module/vfio_platform/parameters/reset_required", "N\n");
	assert_int_equal(socplat_bus.bus.probe(), -1);
	assert_string_equal(override_of("ff0c0000.ethernet"), "\n");
}

static void
test_reset_handler_alias(void **state)
{
	(void)state;
	noiommu_on();
	name_board();
	/* modules.alias knows the module, spelt the kernel's way */
	fk_modules_file(&fs, "modules.alias",
			"alias of:N*T*Ccdns,macb macb\n"
			"alias vfio-reset:cdns,zynqmp-gem vfio_platform_gem\n"
			"alias vfio-reset:xlnx,versal-gem vfio_platform_gem\n");
	scan();
	assert_int_equal(socplat_bus.bus.probe(), -1);
	assert_log_line(RESET_MISSING("ff0c0000.ethernet", "cdns,zynqmp-gem",
				      "vfio-platform-gem"));
	assert_log_line(RESET_MISSING("ff0d0000.ethernet", "xlnx,versal-gem",
				      "vfio_platform_gem"));
	/* nothing registers one for cdns,gem (ff100000's first compatible) */
	assert_log_line("socplat: ff100000.ethernet: no module provides a reset handler for \"cdns,gem\" (modules.alias) and vfio-platform refuses a device without one: install one and run depmod (a reset handler is what stops the GEM's DMA when a DPDK process dies; Linux before 6.3 binds nothing without one)");

	/* installed: vfio-platform autoloads it, so the bind is tried */
	fk_modules_file(&fs, "modules.dep", "extra/vfio-platform-gem.ko:\n");
	fk_modules_file(&fs, "extra/vfio-platform-gem.ko", "");
	assert_int_equal(socplat_bus.bus.probe(), -1);
	assert_log_line("socplat: ff0c0000.ethernet: vfio-platform did not take it (driver now: none) although the checks before binding passed: see the kernel log (dmesg) for vfio-platform's reason");

	/* loaded, but it registers nothing for cdns,gem */
	fk_write(&fs, "module/vfio_platform_gem/refcnt", "0\n");
	assert_int_equal(socplat_bus.bus.probe(), -1);
	assert_log_line("socplat: ff100000.ethernet: vfio-platform-gem is loaded but has no reset handler for \"cdns,gem\" (vfio-platform looks up the first compatible only): add it to the module's list (a reset handler is what stops the GEM's DMA when a DPDK process dies; Linux before 6.3 binds nothing without one)");
}

static void
test_blocked_and_allowlist(void **state)
{
	(void)state;
	noiommu_on();
	fk_module(&fs, "vfio_platform_gem");
	name_device("ff0c0000.ethernet", RTE_DEV_BLOCKED);
	scan();
	assert_int_equal(socplat_bus.bus.probe(), 0);
	/* blocked: not a word; unblocked and unnamed: the consent line */
	assert_log_lacks("ff0c0000.ethernet: free");
	assert_string_equal(override_of("ff0c0000.ethernet"), "(null)\n");
	assert_log_line(LEFT_ALONE("ff0d0000.ethernet", "free"));

	/* allowlist mode: only what was named, and no line for the rest */
	logcap_stop();
	logcap_start();
	socplat_bus.bus.conf.scan_mode = RTE_BUS_SCAN_ALLOWLIST;
	name_device("socplat:e000b000.ethernet", RTE_DEV_ALLOWED);
	name_device("ff990000.ethernet", RTE_DEV_ALLOWED);
	scan();
	assert_int_equal(socplat_bus.bus.probe(), -1);
	assert_log_line("socplat: e000b000.ethernet: vfio-platform did not take it (driver now: none) although the checks before binding passed: see the kernel log (dmesg) for vfio-platform's reason");
	assert_log_lacks("ff0d0000.ethernet");
	assert_log_lacks("ff0c0000.ethernet");
	snprintf(expect, sizeof(expect), "socplat: ff990000.ethernet: no such platform device with a device-tree node a registered driver claims (ls %s/bus/platform/devices)",
		 fs.sys);
	assert_log_line(expect);
}

static void
test_permission_denied(void **state)
{
	char log[PATH_MAX + 32];
	pid_t pid;
	int st;

	(void)state;
	noiommu_on();
	fk_module(&fs, "vfio_platform_gem");
	name_device("ff0c0000.ethernet", RTE_DEV_ALLOWED);
	scan();
	snprintf(log, sizeof(log), "%s/child.log", fs.root);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		FILE *f = fopen(log, "w");

		rte_openlog_stream(f);
		if (geteuid() == 0) {
			/* root writes anything: be nobody */
			if (setgid(65534) < 0 || setuid(65534) < 0)
				_exit(3);
		} else {
			char p[PATH_MAX + 128];

			snprintf(p, sizeof(p), "%s/devices/platform/ff0c0000.ethernet/driver_override",
				 fs.sys);
			chmod(p, 0444);
		}
		socplat_bus.bus.probe();
		fclose(f);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	/* the parent's capture, filled from the child's file */
	{
		char line[4096];
		FILE *f = fopen(log, "r");
		bool found = false;

		assert_non_null(f);
		snprintf(expect, sizeof(expect), "socplat: ff0c0000.ethernet: permission denied writing %s/bus/platform/devices/ff0c0000.ethernet/driver_override: run as root (binding needs write access to sysfs)",
			 fs.sys);
		while (fgets(line, sizeof(line), f) != NULL) {
			line[strcspn(line, "\n")] = '\0';
			found |= strcmp(line, expect) == 0;
		}
		fclose(f);
		if (!found)
			fail_msg("missing: %s", expect);
	}
}

static void
test_group_viability(void **state)
{
	(void)state;
	scan();
	fk_bind(&fs, "ff100000.ethernet", "macb");
	fk_bind(&fs, "ff0d0000.ethernet", "vfio-platform");
	fk_group(&fs, "ff0c0000.ethernet", 3, NULL);
	fk_group(&fs, "ff0d0000.ethernet", 3, NULL);
	fk_group(&fs, "ff000000.serial", 3, NULL);
	/* on VFIO and driverless members are fine */
	assert_int_equal(socplat_group_viable("ff0c0000.ethernet", 3), 0);
	fk_group(&fs, "ff100000.ethernet", 3, NULL);
	assert_int_equal(socplat_group_viable("ff0c0000.ethernet", 3), -EBUSY);
	assert_log_line("socplat: ff0c0000.ethernet: IOMMU group 3 is not viable: it also holds ff100000.ethernet (macb); unbind those devices or bind them to vfio-platform so the whole group belongs to VFIO");
	assert_int_equal(platsysfs_iommu_group(socplat_sysfs(),
					       "ff0c0000.ethernet"), 3);
	assert_int_equal(platsysfs_iommu_group(socplat_sysfs(),
					       "e000b000.ethernet"), -1);
}

static void
test_iommu_class(void **state)
{
	(void)state;
	scan();
	/* nothing says: no opinion */
	assert_int_equal(socplat_bus.bus.get_iommu_class(), RTE_IOVA_DC);
	/* devices will land in no-IOMMU groups */
	fk_write(&fs, "module/vfio/parameters/enable_unsafe_noiommu_mode",
		 "Y\n");
	/* ...but nobody consented to hand them over: they have no say */
	assert_int_equal(socplat_bus.bus.get_iommu_class(), RTE_IOVA_DC);
	name_board();
	scan();
	assert_int_equal(socplat_bus.bus.get_iommu_class(), RTE_IOVA_PA);
	teardown(state);

	/* every device behind a real IOMMU: VA */
	setup_tree(DTS_DIR "/board.dts");
	name_board();
	fk_group(&fs, "ff0c0000.ethernet", 1, "");
	fk_group(&fs, "ff0d0000.ethernet", 2, "");
	fk_group(&fs, "ff100000.ethernet", 4, "");
	fk_group(&fs, "e000b000.ethernet", 5, "");
	scan();
	assert_int_equal(socplat_bus.bus.get_iommu_class(), RTE_IOVA_VA);
	/* a device already in a VFIO no-IOMMU group: PA */
	fk_write(&fs, "kernel/iommu_groups/5/name", "vfio-noiommu\n");
	assert_int_equal(socplat_bus.bus.get_iommu_class(), RTE_IOVA_PA);
	/* unless it is blocked: then it has no say */
	name_device("e000b000.ethernet", RTE_DEV_BLOCKED);
	scan();
	assert_int_equal(socplat_bus.bus.get_iommu_class(), RTE_IOVA_VA);
}

static void
test_on_vfio_checks(void **state)
{
	(void)state;
	test_iova = RTE_IOVA_VA;
	/* already on vfio-platform (someone bound them): used as they are,
	 * and the group is what gets checked */
	fk_bind(&fs, "ff0c0000.ethernet", "vfio-platform");
	fk_bind(&fs, "ff0d0000.ethernet", "vfio-platform");
	fk_bind(&fs, "e000b000.ethernet", "vfio-platform");
	fk_bind(&fs, "ff100000.ethernet", "macb");
	/* ff0d0000 shares a group with a device macb holds */
	fk_group(&fs, "ff0d0000.ethernet", 3, "");
	fk_group(&fs, "ff100000.ethernet", 3, "");
	/* e000b000 is in a no-IOMMU group, but EAL has not chosen PA */
	fk_group(&fs, "e000b000.ethernet", 7, "vfio-noiommu");
	scan();
	assert_int_equal(socplat_bus.bus.probe(), 0);
	assert_log_line("socplat: ff0c0000.ethernet: on vfio-platform but in no IOMMU group: attach the device to an IOMMU (iommus, see the dts/ smmu overlay), or modprobe vfio enable_unsafe_noiommu_mode=1 and bind it again");
	assert_log_line("socplat: ff0d0000.ethernet: IOMMU group 3 is not viable: it also holds ff100000.ethernet (macb); unbind those devices or bind them to vfio-platform so the whole group belongs to VFIO");
	assert_log_line("socplat: e000b000.ethernet: " SOCPLAT_IOVA_PA_NEEDED);
	/* nothing was bound or unbound on the way */
	assert_log_lacks("bound to vfio-platform");
	assert_log_lacks("taken from");
	assert_int_equal(probed, 0);

	/* a viable group of its own: what is left is VFIO itself, which EAL
	 * only opens at start-up (not here) */
	assert_int_equal(unlink(strcat(strcpy(expect, fs.sys),
			 "/kernel/iommu_groups/3/devices/ff100000.ethernet")), 0);
	assert_int_equal(socplat_bus.bus.probe(), 0);
	if (access("/dev/vfio/vfio", F_OK) != 0)
		assert_log_line("socplat: ff0d0000.ethernet: VFIO is not enabled in EAL (the vfio module was not loaded when the application started): modprobe vfio-platform, then restart the application");
	assert_int_equal(probed, 0);
}

/* ---- the data-plane marker (dts/README.md) ---- */

#define LEFT_LINE(dev) "socplat: " dev ": not marked socnic,data-plane, left to the kernel (take it with -a " dev ")"
#define NAMED_LINE(dev) "socplat: " dev ": not marked socnic,data-plane, taken because it was named"

static void
test_marker_unmarked_tree(void **state)
{
	(void)state;
	assert_int_equal(socplat_dt_count_marked(socplat_dt_base()), 0);
	/* drivers that need no VFIO: every matched device is probed */
	gem_drv.drv_flags = 0;
	versal_drv.drv_flags = 0;
	scan();
	assert_false(socplat_bus.dt_marked);
	assert_int_equal(socplat_bus.bus.probe(), 0);
	assert_string_equal(probed_list, "ff0c0000.ethernet ff0d0000.ethernet ff0e0000.ethernet ff0f0000.ethernet ");
	assert_log_lacks("socnic,data-plane");
	assert_int_equal(socplat_bus.bus.cleanup(), 0);

	/* and devices macb holds stay macb's unless named, as before */
	logcap_stop();
	logcap_start();
	noiommu_on();
	gem_drv.drv_flags = RTE_SOCPLAT_DRV_NEED_MAPPING;
	fk_bind(&fs, "ff0e0000.ethernet", "macb");
	fk_bind(&fs, "ff0f0000.ethernet", "macb");
	scan();
	assert_int_equal(socplat_bus.bus.probe(), 0);
	assert_log_line(LEFT_ALONE("ff0e0000.ethernet", "on kernel driver macb"));
	assert_log_line(LEFT_ALONE("ff0f0000.ethernet", "on kernel driver macb"));
	assert_string_equal(fk_read(&fs, "bus/platform/drivers/macb/unbind"),
			     "");
	/* a free one is not bound either: free is no consent */
	assert_log_line(LEFT_ALONE("ff0c0000.ethernet", "free"));
	assert_string_equal(override_of("ff0c0000.ethernet"), "(null)\n");
}

static void
test_marker_takes_marked(void **state)
{
	(void)state;
	assert_int_equal(socplat_dt_count_marked(socplat_dt_base()), 2);
	gem_drv.drv_flags = 0;
	versal_drv.drv_flags = 0;
	scan();
	assert_true(socplat_bus.dt_marked);
	assert_true(dev_named("ff0d0000.ethernet")->dt->data_plane);
	assert_false(dev_named("ff0c0000.ethernet")->dt->data_plane);
	/* nothing named, nothing failed */
	assert_int_equal(socplat_bus.bus.probe(), 0);
	assert_string_equal(probed_list, "ff0d0000.ethernet ff0e0000.ethernet ");
	assert_log_line(LEFT_LINE("ff0c0000.ethernet"));
	assert_log_line(LEFT_LINE("ff0f0000.ethernet"));
	assert_log_line("socplat: /ethernet@ff0d0000 is marked socnic,data-plane");
	assert_log_line("socplat: /axi/ethernet@ff0e0000 is marked socnic,data-plane");
	assert_log_lacks("ff0d0000.ethernet: not marked");
	assert_log_lacks("ff0e0000.ethernet: not marked");
	assert_log_lacks("has a value");
	/* the left ones stay on the bus, idle, for a later rte_dev_probe */
	assert_null(dev_named("ff0c0000.ethernet")->driver);
	assert_non_null(dev_named("ff0d0000.ethernet")->driver);
}

static void
test_marker_takes_from_macb(void **state)
{
	(void)state;
	kernel_board();
	gem_drv.drv_flags = RTE_SOCPLAT_DRV_NEED_MAPPING;
	fk_bind(&fs, "ff0e0000.ethernet", "macb");
	fk_bind(&fs, "ff0f0000.ethernet", "macb");
	/* the free unmarked port sits in a no-IOMMU group, the marked ones
	 * behind an IOMMU */
	fk_group(&fs, "ff0c0000.ethernet", 1, "vfio-noiommu");
	fk_group(&fs, "ff0d0000.ethernet", 2, "");
	fk_group(&fs, "ff0e0000.ethernet", 3, "");
	scan();
	/* devices the bus leaves have no say in the IOVA mode */
	assert_int_equal(socplat_bus.bus.get_iommu_class(), RTE_IOVA_VA);
	assert_log_lacks("not marked");

	assert_int_equal(socplat_bus.bus.probe(), 0);
	/* the marker is the board's consent: taken from macb unnamed (and
	 * given back when VFIO, which a unit test has not, fails) */
	assert_log_line("socplat: ff0e0000.ethernet: marked socnic,data-plane: taking it from macb");
	assert_log_line("socplat: ff0e0000.ethernet: taken from kernel driver macb");
	assert_non_null(strstr(kern.log, "bus/platform/drivers/macb/unbind=ff0e0000.ethernet;"));
	assert_log_line("socplat: ff0e0000.ethernet: given back to kernel driver macb");
	/* the free marked port: bound, then released */
	assert_non_null(strstr(kern.log, "bus/platform/drivers_probe=ff0d0000.ethernet;"));
	assert_log_line("socplat: ff0d0000.ethernet: bound to vfio-platform");

	/* unmarked: nothing written for them, one line each and no other */
	assert_log_line(LEFT_ALONE("ff0c0000.ethernet", "free"));
	assert_log_line(LEFT_ALONE("ff0f0000.ethernet", "on kernel driver macb"));
	assert_null(strstr(kern.log, "ff0c0000.ethernet"));
	assert_null(strstr(kern.log, "ff0f0000.ethernet"));
	assert_log_lacks("ff0f0000.ethernet: taken");
	assert_log_lacks("ff0c0000.ethernet: no IOMMU");
	assert_int_equal(probed, 0);
}

/* The marker alone never takes a port whose interface the kernel uses. */
static void
test_marker_busy(void **state)
{
	(void)state;
	kernel_board();
	gem_drv.drv_flags = RTE_SOCPLAT_DRV_NEED_MAPPING;
	versal_drv.drv_flags = 0;
	fk_bind(&fs, "ff0e0000.ethernet", "macb");
	fk_netdev_flags(&fs, "eth2", "ff0e0000.ethernet", 0x1003);
	scan();
	assert_int_equal(socplat_bus.bus.probe(), 0);
	assert_log_line("socplat: ff0e0000.ethernet: eth2 is up: the kernel is using it; take it down (ip link set eth2 down), or pass force=1");
	assert_string_equal(kern.log, "");
	assert_string_equal(fk_driver_of(&fs, "ff0e0000.ethernet"), "macb");
}

static void
test_marker_named(void **state)
{
	(void)state;
	gem_drv.drv_flags = 0;
	versal_drv.drv_flags = 0;
	/* -a ff0c0000.ethernet: exactly that one, marked ones not */
	socplat_bus.bus.conf.scan_mode = RTE_BUS_SCAN_ALLOWLIST;
	name_device("ff0c0000.ethernet", RTE_DEV_ALLOWED);
	scan();
	assert_int_equal(socplat_bus.bus.probe(), 0);
	assert_string_equal(probed_list, "ff0c0000.ethernet ");
	assert_log_line(NAMED_LINE("ff0c0000.ethernet"));
	/* the others are outside the allow list: not a word about them */
	assert_log_lacks("left to the kernel");
	assert_log_lacks("ff0d0000.ethernet: probing");

	/* hot plug by name is explicit too */
	name_device("socplat:ff0f0000.ethernet", RTE_DEV_ALLOWED);
	scan();
	assert_int_equal(socplat_bus.bus.plug(&dev_named("ff0f0000.ethernet")->device), 0);
	assert_string_equal(probed_list, "ff0c0000.ethernet ff0f0000.ethernet ");
	assert_log_line(NAMED_LINE("ff0f0000.ethernet"));
	/* marked, never named under -a: still not taken */
	assert_null(dev_named("ff0d0000.ethernet")->driver);
}

static void
test_marker_named_from_macb(void **state)
{
	(void)state;
	kernel_board();
	gem_drv.drv_flags = RTE_SOCPLAT_DRV_NEED_MAPPING;
	versal_drv.drv_flags = 0;
	fk_bind(&fs, "ff0f0000.ethernet", "macb");
	/* named without -a (as a hot plug's devargs are): taken from macb
	 * on the user's word, not the board's */
	name_device("ff0f0000.ethernet", RTE_DEV_ALLOWED);
	scan();
	assert_int_equal(socplat_bus.bus.probe(), -1);
	assert_log_line(NAMED_LINE("ff0f0000.ethernet"));
	assert_log_line("socplat: ff0f0000.ethernet: taken from kernel driver macb");
	assert_non_null(strstr(kern.log, "bus/platform/drivers/macb/unbind=ff0f0000.ethernet;"));
	assert_log_lacks("ff0f0000.ethernet: marked");
	/* and the board's split still holds for the others */
	assert_log_line(LEFT_ALONE("ff0c0000.ethernet", "free"));
	assert_string_equal(probed_list, "ff0d0000.ethernet ");
}

static void
test_marker_blocked(void **state)
{
	(void)state;
	gem_drv.drv_flags = 0;
	versal_drv.drv_flags = 0;
	name_device("socplat:ff0d0000.ethernet", RTE_DEV_BLOCKED);
	scan();
	assert_int_equal(socplat_bus.bus.probe(), 0);
	assert_string_equal(probed_list, "ff0e0000.ethernet ");
	/* blocked: not probed, and nothing said about the marker either */
	assert_log_lacks("ff0d0000.ethernet: probing");
	assert_log_lacks("ff0d0000.ethernet: not marked");
	assert_log_line(LEFT_LINE("ff0c0000.ethernet"));
	assert_log_line(LEFT_LINE("ff0f0000.ethernet"));
}

static void
test_marker_value(void **state)
{
	(void)state;
	assert_int_equal(socplat_dt_count_marked(socplat_dt_base()), 1);
	assert_log_line("socplat: /ethernet@ff0d0000: socnic,data-plane has a value (4 bytes), ignored: the marker is a boolean and its presence marks the node; write it as \"socnic,data-plane;\" in the board's device tree");
	gem_drv.drv_flags = 0;
	versal_drv.drv_flags = 0;
	scan();
	assert_true(socplat_bus.dt_marked);
	assert_int_equal(socplat_bus.bus.probe(), 0);
	/* <0> is no "no": the port is marked */
	assert_string_equal(probed_list, "ff0d0000.ethernet ");
	assert_log_line(LEFT_LINE("ff0c0000.ethernet"));
	assert_log_line(LEFT_LINE("ff0e0000.ethernet"));
	assert_log_line(LEFT_LINE("ff0f0000.ethernet"));
}

static void
test_marker_disabled_only(void **state)
{
	(void)state;
	gem_drv.drv_flags = 0;
	versal_drv.drv_flags = 0;
	scan();
	/* the marked node has no device to take, yet it marks the tree: a
	 * variant that disables its data ports does not take them all */
	assert_true(socplat_bus.dt_marked);
	assert_log_line("socplat: /axi/pl/ethernet@a0000000 is marked socnic,data-plane");
	assert_log_line("socplat: a0000000.ethernet: device-tree node /axi/pl/ethernet@a0000000 is not enabled (status), skipped");
	assert_null(dev_named("a0000000.ethernet"));
	assert_int_equal(socplat_bus.bus.probe(), 0);
	assert_string_equal(probed_list, "");
	assert_log_line(LEFT_LINE("ff0c0000.ethernet"));
	assert_log_line(LEFT_LINE("ff0d0000.ethernet"));
	assert_log_line(LEFT_LINE("ff0e0000.ethernet"));
	assert_log_line(LEFT_LINE("ff0f0000.ethernet"));
}

/* ---- devargs, iteration, plug ---- */

static void
test_devargs(void **state)
{
	struct socplat_device *sdev;
	struct rte_devargs da;

	(void)state;
	scan();
	memset(&da, 0, sizeof(da));
	assert_int_equal(rte_devargs_parse(&da, "socplat:ff0c0000.ethernet,restore=1"), 0);
	assert_string_equal(da.bus->name, "socplat");
	assert_string_equal(da.name, "ff0c0000.ethernet");
	assert_string_equal(da.args, "restore=1");
	rte_devargs_reset(&da);
	/* a bare sysfs name */
	assert_int_equal(rte_devargs_parse(&da, "ff0d0000.ethernet,dma_coherent=0"), 0);
	assert_string_equal(da.bus->name, "socplat");
	assert_string_equal(da.name, "ff0d0000.ethernet");
	rte_devargs_reset(&da);
	/* not present, but a platform device's name: still ours */
	assert_int_equal(rte_devargs_parse(&da, "ff990000.ethernet"), 0);
	assert_string_equal(da.bus->name, "socplat");
	rte_devargs_reset(&da);
	/* present under a name of another form */
	assert_int_equal(socplat_parse("ff0c0000.ethernet", NULL), 0);
	assert_int_equal(socplat_parse("0000:01:00.0", NULL), -1);
	assert_int_equal(socplat_parse("net_null0", NULL), -1);
	assert_int_equal(socplat_parse("../etc", NULL), -1);
	assert_int_equal(socplat_parse("", NULL), -1);
	/* the generic syntax */
	assert_int_equal(rte_devargs_parse(&da, "bus=socplat,name=ff0d0000.ethernet"), 0);
	assert_string_equal(da.bus->name, "socplat");
	assert_string_equal(da.name, "ff0d0000.ethernet");
	rte_devargs_reset(&da);

	sdev = SOCPLAT_PRIV(dev_named("ff0c0000.ethernet"));
	/* our keys among the driver's */
	memset(&da, 0, sizeof(da));
	assert_int_equal(rte_devargs_parse(&da, "ff0c0000.ethernet,rxq=2,restore=1,dma_coherent=0"), 0);
	assert_int_equal(socplat_parse_devargs(sdev, &da), 0);
	assert_true(sdev->restore);
	assert_int_equal(sdev->dma_coherent_arg, 0);
	rte_devargs_reset(&da);
	assert_int_equal(rte_devargs_parse(&da, "ff0c0000.ethernet,restore"), 0);
	assert_int_equal(socplat_parse_devargs(sdev, &da), 0);
	assert_true(sdev->restore);
	assert_int_equal(sdev->dma_coherent_arg, -1);
	rte_devargs_reset(&da);
	assert_int_equal(rte_devargs_parse(&da, "ff0c0000.ethernet,restore=2"), 0);
	assert_int_equal(socplat_parse_devargs(sdev, &da), -EINVAL);
	assert_log_line("socplat: ff0c0000.ethernet: devarg restore=2: expected 0 or 1");
	rte_devargs_reset(&da);
	assert_int_equal(rte_devargs_parse(&da, "ff0c0000.ethernet,restore=1,restore=0"), 0);
	assert_int_equal(socplat_parse_devargs(sdev, &da), -EINVAL);
	assert_log_line("socplat: ff0c0000.ethernet: devarg restore given more than once");
	rte_devargs_reset(&da);
}

static void
test_dma_coherent_devarg(void **state)
{
	(void)state;
	gem_drv.drv_flags = 0;
	versal_drv.drv_flags = 0;
	name_device("ff0d0000.ethernet,dma_coherent=0", RTE_DEV_ALLOWED);
	name_device("ff0c0000.ethernet,dma_coherent=1", RTE_DEV_ALLOWED);
	scan();
	assert_int_equal(socplat_bus.bus.probe(), 0);
	assert_false(dev_named("ff0d0000.ethernet")->dma_coherent);
	assert_true(dev_named("ff0c0000.ethernet")->dma_coherent);
	assert_false(dev_named("ff100000.ethernet")->dma_coherent);
}

static void
test_iterate(void **state)
{
	struct rte_device *d;
	int n = 0;

	(void)state;
	scan();
	d = socplat_bus.bus.dev_iterate(NULL, "name=ff0d0000.ethernet", NULL);
	assert_non_null(d);
	assert_string_equal(d->name, "ff0d0000.ethernet");
	assert_null(socplat_bus.bus.dev_iterate(d, "name=ff0d0000.ethernet", NULL));
	assert_null(socplat_bus.bus.dev_iterate(NULL, "name=nope.ethernet", NULL));
	for (d = socplat_bus.bus.dev_iterate(NULL, NULL, NULL); d != NULL;
	     d = socplat_bus.bus.dev_iterate(d, NULL, NULL))
		n++;
	assert_int_equal(n, 4);
	rte_errno = 0;
	assert_null(socplat_bus.bus.dev_iterate(NULL, "addr=ff0d0000", NULL));
	assert_int_equal(rte_errno, EINVAL);
}

static void
test_plug_unplug(void **state)
{
	struct rte_socplat_device *dev;

	(void)state;
	/* drivers that need no VFIO, so the whole path runs here */
	gem_drv.drv_flags = 0;
	versal_drv.drv_flags = 0;
	scan();
	dev = dev_named("ff0d0000.ethernet");
	assert_int_equal(socplat_bus.bus.plug(&dev->device), 0);
	assert_int_equal(probed, 1);
	assert_ptr_equal(last_probed, dev);
	assert_ptr_equal(dev->driver, &versal_drv);
	assert_ptr_equal(dev->device.driver, &versal_drv.driver);
	assert_string_equal(dev->id->compatible, "xlnx,versal-gem");
	assert_int_equal(socplat_bus.bus.plug(&dev->device), -EEXIST);
	assert_int_equal(socplat_bus.bus.unplug(&dev->device), 0);
	assert_int_equal(removed, 1);
	assert_null(dev_named("ff0d0000.ethernet"));
	/* a rescan finds it again, ready for another plug */
	scan();
	dev = dev_named("ff0d0000.ethernet");
	assert_non_null(dev);
	assert_null(dev->driver);
	assert_int_equal(socplat_bus.bus.plug(&dev->device), 0);
	assert_int_equal(probed, 2);
	/* cleanup removes what is probed */
	assert_int_equal(socplat_bus.bus.cleanup(), 0);
	assert_int_equal(removed, 2);
	assert_null(TAILQ_FIRST(&socplat_bus.devices));

	/* a hot plug by name: its devargs go with the device */
	name_device("ff0c0000.ethernet,restore=1", RTE_DEV_ALLOWED);
	scan();
	dev = dev_named("ff0c0000.ethernet");
	assert_non_null(dev->device.devargs);
	assert_int_equal(socplat_bus.bus.plug(&dev->device), 0);
	assert_int_equal(socplat_bus.bus.unplug(&dev->device), 0);
	assert_null(rte_devargs_next(RTE_SOCPLAT_BUS_NAME, NULL));
}

/* A failed VFIO ioctl reports its own errno, not one the log left. */
static void
test_vfio_errno(void **state)
{
	struct rte_socplat_device *dev;
	char p[PATH_MAX + 32];
	FILE *full;
	int fd;

	(void)state;
	scan();
	dev = dev_named("ff0c0000.ethernet");
	snprintf(p, sizeof(p), "%s/not-a-vfio-device", fs.root);
	fd = open(p, O_RDWR | O_CREAT, 0600);
	assert_true(fd >= 0);
	dev->vfio_dev_fd = fd;
	SOCPLAT_PRIV(dev)->map_len = calloc(dev->nb_regions, sizeof(size_t));
	SOCPLAT_PRIV(dev)->region_off = calloc(dev->nb_regions,
					       sizeof(uint64_t));
	/* a log whose every write fails (ENOSPC) */
	full = fopen("/dev/full", "w");
	assert_non_null(full);
	setvbuf(full, NULL, _IONBF, 0);
	rte_openlog_stream(full);
	/* a plain file answers VFIO's ioctl with ENOTTY */
	assert_int_equal(socplat_map_regions(dev, dev->nb_regions), -ENOTTY);
	rte_openlog_stream(logcap_file);
	fclose(full);
	dev->vfio_dev_fd = -1;
	close(fd);
	free(SOCPLAT_PRIV(dev)->map_len);
	SOCPLAT_PRIV(dev)->map_len = NULL;
	free(SOCPLAT_PRIV(dev)->region_off);
	SOCPLAT_PRIV(dev)->region_off = NULL;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_scan_keeps_ours, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_match_precedence, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_props_qemu_style, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_props_full, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_props_legacy_and_32bit, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_props_malformed, setup_malformed, teardown),
		cmocka_unit_test_setup_teardown(test_walk_default_cells, setup_walk, teardown),
		cmocka_unit_test_setup_teardown(test_walk_irq_parents, setup_walk, teardown),
		cmocka_unit_test_setup_teardown(test_walk_mdio_owner, setup_walk, teardown),
		cmocka_unit_test_setup_teardown(test_walk_dma_ranges, setup_walk, teardown),
		cmocka_unit_test(test_bind_decide),
		cmocka_unit_test_setup_teardown(test_consent, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_fail_closed, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_in_use, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_in_use_force, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_checks_before_unbind, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_bind_undo, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_restore_guard, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_skip_kernel_driver, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_vfio_platform_missing, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_no_iommu, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_no_reset_handler, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_reset_handler_alias, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_blocked_and_allowlist, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_permission_denied, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_group_viability, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_on_vfio_checks, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_iommu_class, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_marker_unmarked_tree, setup_unmarked, teardown),
		cmocka_unit_test_setup_teardown(test_marker_takes_marked, setup_marked, teardown),
		cmocka_unit_test_setup_teardown(test_marker_takes_from_macb, setup_marked, teardown),
		cmocka_unit_test_setup_teardown(test_marker_busy, setup_marked, teardown),
		cmocka_unit_test_setup_teardown(test_marker_named, setup_marked, teardown),
		cmocka_unit_test_setup_teardown(test_marker_named_from_macb, setup_marked, teardown),
		cmocka_unit_test_setup_teardown(test_marker_blocked, setup_marked, teardown),
		cmocka_unit_test_setup_teardown(test_marker_value, setup_marked_value, teardown),
		cmocka_unit_test_setup_teardown(test_marker_disabled_only, setup_marked_disabled, teardown),
		cmocka_unit_test_setup_teardown(test_devargs, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_dma_coherent_devarg, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_iterate, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_plug_unplug, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_vfio_errno, setup_board, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
