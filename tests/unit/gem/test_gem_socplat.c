/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * net_gem's side of the device tree the bus walks: a port whose PHY sits
 * on another GEM's MDIO bus (Versal VCK190/VMK180) is refused in one line
 * naming both nodes and the fix, a port with its PHY on its own bus (or
 * as its direct child, the old binding) is not. The tree is the bus
 * tests' dt-walk.dts in a fake sysfs; net_gem's own registration makes
 * the bus keep its ports.
 */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fakesysfs.h"
#include "gem_ethdev.h"
#include "logcap.h"
#include "private.h"

static struct fk fs;

static int
setup(void **state)
{
	(void)state;
	fk_init(&fs);
	fk_from_dts(&fs, DTS_DIR "/dt-walk.dts");
	socplat_set_sysfs_root(fs.sys);
	logcap_start();
	rte_log_set_level_pattern("pmd.net.gem", RTE_LOG_DEBUG);
	assert_int_equal(socplat_bus.bus.scan(), 0);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	socplat_bus.bus.cleanup();
	logcap_stop();
	fk_cleanup(&fs);
	return 0;
}

static int
name_cmp(const struct rte_device *dev, const void *name)
{
	return strcmp(dev->name, name);
}

/* The port by name, through the bus's own lookup. */
static struct rte_socplat_device *
dev_named(const char *name)
{
	struct rte_device *dev = socplat_bus.bus.find_device(NULL, name_cmp,
							     name);

	if (dev == NULL)
		fail_msg("no device %s", name);
	return RTE_DEV_TO_SOCPLAT(dev);
}

static void
test_phy_on_other_gems_bus(void **state)
{
	(void)state;
	assert_int_equal(gem_socplat_check_mdio(dev_named("ff0d0000.ethernet")),
			 -ENOTSUP);
	assert_log_line("net_gem: ff0d0000.ethernet: the PHY of /axi/ethernet@ff0d0000 (phy-handle) sits on the MDIO bus of /axi/ethernet@ff0c0000 (ff0c0000.ethernet), and net_gem reaches a PHY only through its own port's MDIO: leave ff0d0000.ethernet to the kernel's macb driver, or describe its link as fixed-link in the board's device tree");
}

static void
test_phy_on_own_bus(void **state)
{
	(void)state;
	/* its own mdio node, the old binding, no PHY at all */
	assert_int_equal(gem_socplat_check_mdio(dev_named("ff0c0000.ethernet")), 0);
	assert_int_equal(gem_socplat_check_mdio(dev_named("ff0e0000.ethernet")), 0);
	assert_int_equal(gem_socplat_check_mdio(dev_named("e000b000.ethernet")), 0);
	assert_log_lacks("MDIO bus");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_phy_on_other_gems_bus, setup, teardown),
		cmocka_unit_test_setup_teardown(test_phy_on_own_bus, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
