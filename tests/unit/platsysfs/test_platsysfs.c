/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * platsysfs against the fake sysfs: paths under a root, the driver link
 * and override, the writes (with a writer that records them, and the real
 * one), IOMMU groups and the viability rule, no-IOMMU mode, and the module
 * directory.
 */

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fakesysfs.h"
#include "platsysfs.h"

#define GEM0 "ff0c0000.ethernet"
#define GEM1 "ff0d0000.ethernet"
#define DMA "fd500000.dma"
#define COMPAT "cdns,zynqmp-gem\0cdns,gem"

struct fixture {
	struct fk fk;
	struct platsysfs ps;
	char log[1024];		/* "<path below the root>=<value>;" a write */
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	fk_init(&f->fk);
	f->ps.sysfs = f->fk.sys;
	f->ps.modules = f->fk.modules;
	fk_device(&f->fk, GEM0, COMPAT, sizeof(COMPAT));
	fk_device(&f->fk, GEM1, COMPAT, sizeof(COMPAT));
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	fk_cleanup(&f->fk);
	free(f);
	return 0;
}

static int
record(void *opaque, const char *path, const char *val)
{
	struct fixture *f = opaque;
	size_t n = strlen(f->log);

	snprintf(f->log + n, sizeof(f->log) - n, "%s=%s;",
		 path + strlen(f->fk.sys) + 1,
		 strcmp(val, "\n") == 0 ? "\\n" : val);
	return 0;
}

static void
test_paths(void **state)
{
	struct fixture *f = *state;
	struct platsysfs live = { 0 };
	char buf[PATH_MAX], small[16];

	assert_string_equal(platsysfs_root(&live), "/sys");
	assert_string_equal(platsysfs_root(&f->ps), f->fk.sys);
	assert_int_equal(platsysfs_path(&live, buf, sizeof(buf), "bus/%s",
					"platform"), 0);
	assert_string_equal(buf, "/sys/bus/platform");
	assert_int_equal(platsysfs_path(&live, small, sizeof(small),
					"bus/platform/devices"), -ENAMETOOLONG);
	assert_int_equal(platsysfs_path(&live, small, 4, "x"), -ENAMETOOLONG);
}

static void
test_read_attr(void **state)
{
	struct fixture *f = *state;
	char path[PATH_MAX], buf[64], tiny[4];

	fk_write(&f->fk, "a/attr", "Y\n\n");
	snprintf(path, sizeof(path), "%s/a/attr", f->fk.sys);
	assert_int_equal(platsysfs_read_attr(path, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "Y");
	fk_write(&f->fk, "a/long", "abcdefgh");
	snprintf(path, sizeof(path), "%s/a/long", f->fk.sys);
	assert_int_equal(platsysfs_read_attr(path, tiny, sizeof(tiny)), 0);
	assert_string_equal(tiny, "abc");
	snprintf(path, sizeof(path), "%s/a/none", f->fk.sys);
	assert_int_equal(platsysfs_read_attr(path, buf, sizeof(buf)), -ENOENT);
	assert_string_equal(buf, "");
}

static void
test_driver_and_override(void **state)
{
	struct fixture *f = *state;
	char buf[PLATSYSFS_NAME_MAX], tiny[3];

	assert_int_equal(platsysfs_driver(&f->ps, GEM0, buf, sizeof(buf)),
			 -ENOENT);
	assert_string_equal(buf, "");
	fk_bind(&f->fk, GEM0, "macb");
	assert_int_equal(platsysfs_driver(&f->ps, GEM0, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "macb");
	assert_int_equal(platsysfs_driver(&f->ps, GEM0, tiny, sizeof(tiny)),
			 -ENAMETOOLONG);
	assert_string_equal(tiny, "");
	assert_int_equal(platsysfs_driver(&f->ps, "nothere.ethernet", buf,
					  sizeof(buf)), -ENOENT);

	/* The kernel shows an unset override as "(null)". */
	assert_int_equal(platsysfs_override(&f->ps, GEM0, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	fk_override(&f->fk, GEM0, "vfio-platform\n");
	assert_int_equal(platsysfs_override(&f->ps, GEM0, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "vfio-platform");

	assert_false(platsysfs_driver_loaded(&f->ps, PLATSYSFS_VFIO_PLATFORM));
	fk_driver(&f->fk, PLATSYSFS_VFIO_PLATFORM);
	assert_true(platsysfs_driver_loaded(&f->ps, PLATSYSFS_VFIO_PLATFORM));
	/* A file of that name is not a driver. */
	fk_write(&f->fk, "bus/platform/drivers/odd", "");
	assert_false(platsysfs_driver_loaded(&f->ps, "odd"));
}

static void
test_writes(void **state)
{
	struct fixture *f = *state;
	struct platsysfs ps = f->ps;
	char where[PATH_MAX], want[PATH_MAX];

	ps.write = record;
	ps.opaque = f;
	assert_int_equal(platsysfs_set_override(&ps, GEM0,
			 PLATSYSFS_VFIO_PLATFORM, where, sizeof(where)), 0);
	snprintf(want, sizeof(want), "%s/bus/platform/devices/" GEM0
		 "/driver_override", f->fk.sys);
	assert_string_equal(where, want);
	/* NULL clears it: a lone newline, as an empty write never arrives. */
	assert_int_equal(platsysfs_set_override(&ps, GEM0, NULL, NULL, 0), 0);
	assert_int_equal(platsysfs_unbind(&ps, GEM0, "macb", where,
					  sizeof(where)), 0);
	snprintf(want, sizeof(want), "%s/bus/platform/drivers/macb/unbind",
		 f->fk.sys);
	assert_string_equal(where, want);
	assert_int_equal(platsysfs_bind(&ps, GEM0, "macb", NULL, 0), 0);
	assert_int_equal(platsysfs_probe(&ps, GEM0, where, sizeof(where)), 0);
	assert_string_equal(f->log,
		"bus/platform/devices/" GEM0 "/driver_override=vfio-platform;"
		"bus/platform/devices/" GEM0 "/driver_override=\\n;"
		"bus/platform/drivers/macb/unbind=" GEM0 ";"
		"bus/platform/drivers/macb/bind=" GEM0 ";"
		"bus/platform/drivers_probe=" GEM0 ";");
}

static void
test_write_file(void **state)
{
	struct fixture *f = *state;
	char where[PATH_MAX];

	/* The default writer, into the fake's files. */
	assert_int_equal(platsysfs_set_override(&f->ps, GEM1, "macb", NULL, 0),
			 0);
	assert_string_equal(fk_read(&f->fk, "devices/platform/" GEM1
				    "/driver_override"), "macb");
	assert_int_equal(platsysfs_probe(&f->ps, GEM1, NULL, 0), 0);
	assert_string_equal(fk_read(&f->fk, "bus/platform/drivers_probe"),
			    GEM1);
	/* No such driver: the file it tried is named. */
	assert_int_equal(platsysfs_unbind(&f->ps, GEM1, "macb", where,
					  sizeof(where)), -ENOENT);
	assert_non_null(strstr(where, "/bus/platform/drivers/macb/unbind"));
}

static void
test_groups(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(platsysfs_iommu_group(&f->ps, GEM0), -1);
	fk_group(&f->fk, GEM0, 12, NULL);
	assert_int_equal(platsysfs_iommu_group(&f->ps, GEM0), 12);
	assert_false(platsysfs_group_is_noiommu(&f->ps, 12));
	fk_group(&f->fk, GEM1, 0, "vfio-noiommu\n");
	assert_true(platsysfs_group_is_noiommu(&f->ps, 0));
	fk_write(&f->fk, "kernel/iommu_groups/12/name", "smmu-ctx\n");
	assert_false(platsysfs_group_is_noiommu(&f->ps, 12));

	/* A kernel without CONFIG_VFIO_NOIOMMU has no parameter at all. */
	assert_int_equal(platsysfs_noiommu_mode(&f->ps), -ENOENT);
	fk_noiommu(&f->fk, 'N');
	assert_int_equal(platsysfs_noiommu_mode(&f->ps), 0);
	fk_noiommu(&f->fk, 'Y');
	assert_int_equal(platsysfs_noiommu_mode(&f->ps), 1);
}

static void
test_shares_group(void **state)
{
	static const char *const yes[] = {
		"vfio-platform", "vfio-amba", "vfio-fsl-mc", "vfio-pci",
		"mlx5_vfio_pci", "hisi_acc_vfio_pci", "pci-stub", "pcieport",
	};
	static const char *const no[] = {
		"macb", "xilinx-zynqmp-dma", "vfio", "vfio-platformx",
		"vfio-mdev", "pl330", "",
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!platsysfs_driver_shares_group(yes[i]))
			fail_msg("%s should let VFIO have the group", yes[i]);
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (platsysfs_driver_shares_group(no[i]))
			fail_msg("%s should keep VFIO from the group", no[i]);
}

static void
test_blockers(void **state)
{
	struct fixture *f = *state;
	struct platsysfs_blocker b[4];
	int n;

	/* Unreadable group: nothing to say, VFIO will. */
	assert_int_equal(platsysfs_group_blockers(&f->ps, 5, GEM0, b, 4), 0);

	fk_device(&f->fk, DMA, "arm,pl330\0arm,primecell",
		  sizeof("arm,pl330\0arm,primecell"));
	fk_device(&f->fk, "fd510000.dma", "xlnx,zynqmp-dma-1.0",
		  sizeof("xlnx,zynqmp-dma-1.0"));
	fk_group(&f->fk, GEM0, 5, NULL);
	fk_group(&f->fk, GEM1, 5, NULL);
	fk_group(&f->fk, DMA, 5, NULL);
	fk_group(&f->fk, "fd510000.dma", 5, NULL);
	/* The device asked about never counts against itself; unbound and
	 * vfio-amba members keep the group viable. */
	fk_bind(&f->fk, GEM0, "macb");
	fk_bind(&f->fk, DMA, "vfio-amba");
	assert_int_equal(platsysfs_group_blockers(&f->ps, 5, GEM0, b, 4), 0);

	fk_bind(&f->fk, GEM1, "macb");
	fk_bind(&f->fk, "fd510000.dma", "xilinx-zynqmp-dma");
	n = platsysfs_group_blockers(&f->ps, 5, GEM0, b, 4);
	assert_int_equal(n, 2);
	if (strcmp(b[0].dev, GEM1) != 0) {
		struct platsysfs_blocker t = b[0];

		b[0] = b[1];
		b[1] = t;
	}
	assert_string_equal(b[0].dev, GEM1);
	assert_string_equal(b[0].driver, "macb");
	assert_string_equal(b[1].dev, "fd510000.dma");
	assert_string_equal(b[1].driver, "xilinx-zynqmp-dma");
	/* Counted in full, stored up to max. */
	memset(b, 0, sizeof(b));
	assert_int_equal(platsysfs_group_blockers(&f->ps, 5, GEM0, b, 1), 2);
	assert_string_equal(b[1].dev, "");
}

static void
test_module_names(void **state)
{
	char buf[PLATSYSFS_NAME_MAX];

	(void)state;
	platsysfs_module_name("vfio-platform-gem", buf, sizeof(buf));
	assert_string_equal(buf, "vfio_platform_gem");
	assert_true(platsysfs_same_module("vfio-platform-gem",
					  "vfio_platform_gem"));
	assert_true(platsysfs_same_module("macb", "macb"));
	assert_false(platsysfs_same_module("vfio-platform", "vfio_platform_gem"));
	assert_false(platsysfs_same_module("vfio-platform-gem", "vfio.platform.gem"));
}

static void
test_modules(void **state)
{
	struct fixture *f = *state;
	char mod[PLATSYSFS_NAME_MAX], dep[PATH_MAX + 64];

	assert_false(platsysfs_module_loaded(&f->ps, "vfio-platform-gem"));
	fk_module(&f->fk, "vfio_platform_gem");
	assert_true(platsysfs_module_loaded(&f->ps, "vfio-platform-gem"));
	assert_true(platsysfs_module_loaded(&f->ps, "vfio_platform_gem"));

	/* modules.alias: none at all, no entry, an entry. */
	assert_int_equal(platsysfs_reset_module(&f->ps, "cdns,zynqmp-gem", mod,
						sizeof(mod)), -ENOENT);
	fk_modules_file(&f->fk, "modules.alias",
		"alias of:N*T*Ccdns,zynqmp-gem macb\n"
		"softdep vfio-reset:cdns,gem pre: nothing\n"
		"alias vfio-reset:cdns,zynqmp-gemx other\n"
		"alias vfio-reset:cdns,zynqmp-gem vfio_platform_gem\n");
	assert_int_equal(platsysfs_reset_module(&f->ps, "cdns,gem", mod,
						sizeof(mod)), 0);
	assert_int_equal(platsysfs_reset_module(&f->ps, "cdns,zynqmp-gem", mod,
						sizeof(mod)), 1);
	assert_string_equal(mod, "vfio_platform_gem");

	/* Built in: modules.builtin lists the file, in either spelling. */
	assert_false(platsysfs_module_builtin(&f->ps, "vfio-platform-gem"));
	fk_modules_file(&f->fk, "modules.builtin",
		"kernel/drivers/net/ethernet/cadence/macb.ko\n"
		"kernel/drivers/vfio/platform/reset/vfio-platform-gem.ko\n");
	assert_true(platsysfs_module_builtin(&f->ps, "vfio_platform_gem"));
	assert_false(platsysfs_module_builtin(&f->ps, "vfio-platform"));

	/* Installed: listed in modules.dep and its file is there. */
	fk_modules_file(&f->fk, "modules.dep",
		"kernel/drivers/vfio/platform/vfio-platform-base.ko:\n"
		"extra/vfio-platform-gem.ko: kernel/drivers/vfio/platform/vfio-platform-base.ko\n");
	assert_false(platsysfs_module_installed(&f->ps, "vfio_platform_gem"));
	fk_modules_file(&f->fk, "extra/vfio-platform-gem.ko", "\177ELF");
	assert_true(platsysfs_module_installed(&f->ps, "vfio_platform_gem"));
	assert_false(platsysfs_module_installed(&f->ps, "macb"));
	/* An absolute path in modules.dep is taken as it is. */
	snprintf(dep, sizeof(dep), "%s/extra/vfio-platform-gem.ko:\n",
		 f->fk.modules);
	fk_modules_file(&f->fk, "modules.dep", dep);
	assert_true(platsysfs_module_installed(&f->ps, "vfio-platform-gem"));
}

/* Which kernels bind without a reset handler, and what the messages say. */
static void
test_reset_why(void **state)
{
	struct fixture *f = *state;

	/* No osrelease (a fake tree without one): the pre-6.3 rule. */
	assert_false(platsysfs_reset_optional(&f->ps));
	assert_string_equal(platsysfs_reset_why(&f->ps), PLATSYSFS_RESET_WHY);
	fk_osrelease(&f->fk, "6.1.192\n");
	assert_false(platsysfs_reset_optional(&f->ps));
	assert_string_equal(platsysfs_reset_why(&f->ps), PLATSYSFS_RESET_WHY);
	fk_osrelease(&f->fk, "6.2.16-arm64\n");
	assert_false(platsysfs_reset_optional(&f->ps));
	fk_osrelease(&f->fk, "5.15.0\n");
	assert_false(platsysfs_reset_optional(&f->ps));
	fk_osrelease(&f->fk, "6.3.0\n");
	assert_true(platsysfs_reset_optional(&f->ps));
	fk_osrelease(&f->fk, "6.12.118\n");
	assert_true(platsysfs_reset_optional(&f->ps));
	assert_string_equal(platsysfs_reset_why(&f->ps), PLATSYSFS_RESET_WHY_OPTIONAL);
	fk_osrelease(&f->fk, "7.0.1\n");
	assert_true(platsysfs_reset_optional(&f->ps));
	fk_osrelease(&f->fk, "garbage\n");
	assert_false(platsysfs_reset_optional(&f->ps));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_paths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_attr, setup, teardown),
		cmocka_unit_test_setup_teardown(test_driver_and_override, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_groups, setup, teardown),
		cmocka_unit_test(test_shares_group),
		cmocka_unit_test_setup_teardown(test_blockers, setup, teardown),
		cmocka_unit_test(test_module_names),
		cmocka_unit_test_setup_teardown(test_modules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset_why, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
