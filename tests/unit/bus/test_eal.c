/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * The socplat bus under a real EAL: -a/-b with bare names and the socplat:
 * prefix, devargs, hot plug and removal, device iteration, the DMA mask a
 * driver asks for, the notice for a device the kernel holds, and the
 * data-plane marker against -a, -b and hot plug. EAL can
 * be initialised once per process, so every case runs in a child.
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
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include <rte_dev.h>
#include <rte_eal.h>

#include "fakesysfs.h"
#include "logcap.h"
#include "private.h"

static struct fk fs;
static char log_path[PATH_MAX + 32];
static FILE *child_log;

static int
eal_probe(struct rte_socplat_driver *drv, struct rte_socplat_device *dev)
{
	fprintf(child_log, "PROBED %s %s\n", dev->device.name, drv->driver.name);
	fflush(child_log);
	return 0;
}

static int
eal_remove(struct rte_socplat_device *dev)
{
	fprintf(child_log, "REMOVED %s\n", dev->device.name);
	fflush(child_log);
	return 0;
}

static const struct rte_socplat_id eal_ids[] = {
	{ "cdns,zynqmp-gem", NULL },
	{ "xlnx,versal-gem", NULL },
	{ "cdns,gem", NULL },
	{ NULL, NULL },
};

static struct rte_socplat_driver eal_drv = {
	.id_table = eal_ids,
	.probe = eal_probe,
	.remove = eal_remove,
	.reset_kmod = "vfio-platform-gem",
};

RTE_PMD_REGISTER_SOCPLAT(test_eal_gem, eal_drv);

static int
setup_tree(const char *dts)
{
	fk_init(&fs);
	fk_from_dts(&fs, dts);
	snprintf(log_path, sizeof(log_path), "%s/eal.log", fs.root);
	return 0;
}

static int
setup(void **state)
{
	(void)state;
	return setup_tree(DTS_DIR "/board.dts");
}

/* ff0d0000 and ff0e0000 marked socnic,data-plane */
static int
setup_marked(void **state)
{
	(void)state;
	return setup_tree(DTS_DIR "/data-plane.dts");
}

static int
teardown(void **state)
{
	(void)state;
	fk_cleanup(&fs);
	return 0;
}

/*
 * Runs EAL in a child with args after the common ones, then body(), then
 * rte_eal_cleanup(). Returns what the child logged; "EAL-INIT-FAILED" or
 * "BODY-FAILED <line>" mark failures.
 */
static const char *
run_eal(const char *const *args, uint32_t flags, uint8_t dma_bits,
	void (*body)(void))
{
	static char text[1 << 16];
	const char *argv[32] = {
		"test_eal", "--no-huge", "-m", "64", "--no-pci", "--no-shconf",
		"-l", "0", "--log-level=bus.socplat:debug",
	};
	int argc = 9, st;
	FILE *f;
	size_t n;
	pid_t pid;

	while (*args != NULL)
		argv[argc++] = *args++;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		setenv("SOCPLAT_SYSFS_ROOT", fs.sys, 1);
		child_log = fopen(log_path, "w");
		rte_openlog_stream(child_log);
		socplat_set_modules_dir(fs.modules);
		eal_drv.drv_flags = flags;
		eal_drv.dma_bits = dma_bits;
		if (rte_eal_init(argc, (char **)(uintptr_t)argv) < 0) {
			fprintf(child_log, "EAL-INIT-FAILED\n");
			fclose(child_log);
			_exit(0);
		}
		if (body != NULL)
			body();
		rte_eal_cleanup();
		fprintf(child_log, "DONE\n");
		fclose(child_log);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	f = fopen(log_path, "r");
	assert_non_null(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	fclose(f);
	return text;
}

#define assert_line(text, line) do { \
	if (!logcap_has_line((text), (line))) \
		fail_msg("missing line:\n  %s\nchild log:\n%s", (line), (text)); \
} while (0)
#define assert_no(text, part) do { \
	if (strstr((text), (part)) != NULL) \
		fail_msg("unexpected: %s\nchild log:\n%s", (part), (text)); \
} while (0)

#define BODY_CHECK(c) do { \
	if (!(c)) { \
		fprintf(child_log, "BODY-FAILED %d: %s\n", __LINE__, #c); \
		fflush(child_log); \
	} \
} while (0)

static void
test_blocklist(void **state)
{
	static const char *const args[] = { "-b", "ff0c0000.ethernet", NULL };
	const char *t;

	(void)state;
	t = run_eal(args, 0, 0, NULL);
	assert_no(t, "EAL-INIT-FAILED");
	assert_line(t, "PROBED e000b000.ethernet test_eal_gem");
	assert_line(t, "PROBED ff0d0000.ethernet test_eal_gem");
	assert_line(t, "PROBED ff100000.ethernet test_eal_gem");
	assert_no(t, "PROBED ff0c0000.ethernet");
	/* cleanup hands every probed device back to the driver */
	assert_line(t, "REMOVED ff0d0000.ethernet");
	assert_line(t, "DONE");
}

static void
test_allowlist_and_prefix(void **state)
{
	static const char *const args[] = {
		"-a", "socplat:ff0d0000.ethernet,restore=1",
		"-a", "e000b000.ethernet", NULL,
	};
	const char *t;

	(void)state;
	t = run_eal(args, 0, 0, NULL);
	assert_no(t, "EAL-INIT-FAILED");
	assert_line(t, "PROBED e000b000.ethernet test_eal_gem");
	assert_line(t, "PROBED ff0d0000.ethernet test_eal_gem");
	assert_no(t, "PROBED ff0c0000.ethernet");
	assert_no(t, "PROBED ff100000.ethernet");
}

static void
test_bad_devarg_fails_init(void **state)
{
	static const char *const args[] = {
		"-a", "ff0c0000.ethernet,restore=2", NULL,
	};
	const char *t;

	(void)state;
	t = run_eal(args, 0, 0, NULL);
	assert_line(t, "socplat: ff0c0000.ethernet: devarg restore=2: expected 0 or 1");
	/* the user named it: the bus reports failure (22.11's EAL logs it
	 * and carries on) */
	assert_line(t, "EAL: Bus (socplat) probe failed.");
	assert_no(t, "PROBED");
}

static struct rte_device *
find(const char *name)
{
	struct rte_dev_iterator it;
	struct rte_device *dev;
	char filter[128];

	snprintf(filter, sizeof(filter), "bus=socplat,name=%s", name);
	RTE_DEV_FOREACH(dev, filter, &it)
		return dev;
	return NULL;
}

static void
hotplug_body(void)
{
	struct rte_dev_iterator it;
	struct rte_device *dev;
	int n = 0;

	BODY_CHECK(rte_dev_probe("socplat:ff0d0000.ethernet,restore=1") == 0);
	/* every device on the bus, probed or not */
	RTE_DEV_FOREACH(dev, "bus=socplat", &it)
		n++;
	BODY_CHECK(n == 4);
	n = 0;
	RTE_DEV_FOREACH(dev, "bus=socplat,name=ff0d0000.ethernet", &it) {
		BODY_CHECK(strcmp(dev->name, "ff0d0000.ethernet") == 0);
		BODY_CHECK(dev->driver != NULL);
		n++;
	}
	BODY_CHECK(n == 1);
	dev = find("ff0d0000.ethernet");
	BODY_CHECK(dev != NULL);
	BODY_CHECK(rte_dev_remove(dev) == 0);
	BODY_CHECK(find("ff0d0000.ethernet") == NULL);
	/* again: the rescan finds it */
	BODY_CHECK(rte_dev_probe("ff0d0000.ethernet") == 0);
	fprintf(child_log, "BODY-END\n");
}

static void
test_hotplug_and_iterate(void **state)
{
	static const char *const args[] = { "-a", "e000b000.ethernet", NULL };
	const char *t;

	(void)state;
	t = run_eal(args, 0, 0, hotplug_body);
	assert_no(t, "EAL-INIT-FAILED");
	assert_no(t, "BODY-FAILED");
	assert_line(t, "BODY-END");
	assert_line(t, "PROBED e000b000.ethernet test_eal_gem");
	assert_line(t, "PROBED ff0d0000.ethernet test_eal_gem");
	assert_line(t, "REMOVED ff0d0000.ethernet");
	assert_no(t, "PROBED ff0c0000.ethernet");
}

static void
test_kernel_bound_notice(void **state)
{
	static const char *const none[] = { NULL };
	const char *t;

	(void)state;
	fk_driver(&fs, "vfio-platform");
	fk_write(&fs, "module/vfio/parameters/enable_unsafe_noiommu_mode",
		 "Y\n");
	fk_bind(&fs, "ff100000.ethernet", "macb");
	t = run_eal(none, RTE_SOCPLAT_DRV_NEED_MAPPING, 0, NULL);
	/* nobody named anything: nothing is taken, free or not, and each
	 * port says how to hand it over */
	assert_no(t, "EAL-INIT-FAILED");
	assert_line(t, "socplat: ff100000.ethernet: on kernel driver macb, not named or marked socnic,data-plane: left alone (hand it over with -a ff100000.ethernet, the DT marker, or socnic-bind --bind ff100000.ethernet)");
	assert_line(t, "socplat: ff0c0000.ethernet: free, not named or marked socnic,data-plane: left alone (hand it over with -a ff0c0000.ethernet, the DT marker, or socnic-bind --bind ff0c0000.ethernet)");
	assert_no(t, "PROBED");
	assert_line(t, "DONE");
	assert_string_equal(fk_read(&fs, "devices/platform/ff0c0000.ethernet/driver_override"),
			    "(null)\n");
}

static void
test_iova_conflict(void **state)
{
	static const char *const args[] = { "-a", "ff0c0000.ethernet", NULL };
	const char *t;

	(void)state;
	fk_driver(&fs, "vfio-platform");
	fk_write(&fs, "module/vfio/parameters/enable_unsafe_noiommu_mode",
		 "Y\n");
	fk_module(&fs, "vfio_platform_gem");
	/* --no-huge memory has no physical addresses: EAL runs IOVA as VA
	 * whatever the bus asks, and no-IOMMU needs PA. Refused before
	 * anything is written. */
	t = run_eal(args, RTE_SOCPLAT_DRV_NEED_MAPPING, 0, NULL);
	assert_line(t, "socplat: ff0c0000.ethernet: " SOCPLAT_IOVA_PA_NEEDED);
	assert_no(t, "PROBED");
	assert_string_equal(fk_read(&fs, "devices/platform/ff0c0000.ethernet/driver_override"),
			    "(null)\n");
}

static void
test_dma_mask(void **state)
{
	static const char *const args[] = { "-a", "e000b000.ethernet", NULL };
	const char *t;

	(void)state;
	/* --no-huge memory lies at high virtual addresses (IOVA as VA): a
	 * 32-bit device cannot reach it, and EAL refuses it during memory
	 * setup because the bus set the mask before. */
	t = run_eal(args, 0, 32, NULL);
	assert_line(t, "EAL: eal_legacy_hugepage_init(): couldn't allocate memory due to IOVA exceeding limits of current DMA mask.");
	assert_line(t, "EAL-INIT-FAILED");
	assert_no(t, "PROBED");
	t = run_eal(args, 0, 64, NULL);
	assert_no(t, "EAL-INIT-FAILED");
	assert_line(t, "PROBED e000b000.ethernet test_eal_gem");
}

static void
data_plane_plug_body(void)
{
	BODY_CHECK(rte_dev_probe("socplat:ff0f0000.ethernet") == 0);
	BODY_CHECK(find("ff0f0000.ethernet")->driver != NULL);
	fprintf(child_log, "BODY-END\n");
}

static void
test_data_plane(void **state)
{
	static const char *const none[] = { NULL };
	static const char *const allow[] = { "-a", "ff0c0000.ethernet", NULL };
	static const char *const block[] = { "-b", "socplat:ff0d0000.ethernet", NULL };
	const char *t;

	(void)state;
	/* nothing on the command line: the marked ports only */
	t = run_eal(none, 0, 0, NULL);
	assert_no(t, "EAL-INIT-FAILED");
	assert_line(t, "PROBED ff0d0000.ethernet test_eal_gem");
	assert_line(t, "PROBED ff0e0000.ethernet test_eal_gem");
	assert_no(t, "PROBED ff0c0000.ethernet");
	assert_no(t, "PROBED ff0f0000.ethernet");
	assert_line(t, "socplat: ff0c0000.ethernet: not marked socnic,data-plane, left to the kernel (take it with -a ff0c0000.ethernet)");
	assert_line(t, "socplat: ff0f0000.ethernet: not marked socnic,data-plane, left to the kernel (take it with -a ff0f0000.ethernet)");
	assert_line(t, "DONE");

	/* -a: exactly what is listed, marked or not */
	t = run_eal(allow, 0, 0, NULL);
	assert_no(t, "EAL-INIT-FAILED");
	assert_line(t, "PROBED ff0c0000.ethernet test_eal_gem");
	assert_line(t, "socplat: ff0c0000.ethernet: not marked socnic,data-plane, taken because it was named");
	assert_no(t, "PROBED ff0d0000.ethernet");
	assert_no(t, "PROBED ff0e0000.ethernet");
	assert_no(t, "left to the kernel");

	/* -b still blocks a marked port */
	t = run_eal(block, 0, 0, NULL);
	assert_no(t, "EAL-INIT-FAILED");
	assert_line(t, "PROBED ff0e0000.ethernet test_eal_gem");
	assert_no(t, "PROBED ff0d0000.ethernet");
	assert_no(t, "PROBED ff0c0000.ethernet");

	/* hot plug by name takes an unmarked port */
	t = run_eal(none, 0, 0, data_plane_plug_body);
	assert_no(t, "BODY-FAILED");
	assert_line(t, "BODY-END");
	assert_line(t, "PROBED ff0f0000.ethernet test_eal_gem");
	assert_line(t, "socplat: ff0f0000.ethernet: not marked socnic,data-plane, taken because it was named");
	assert_no(t, "PROBED ff0c0000.ethernet");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_blocklist, setup, teardown),
		cmocka_unit_test_setup_teardown(test_allowlist_and_prefix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_devarg_fails_init, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hotplug_and_iterate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kernel_bound_notice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_iova_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dma_mask, setup, teardown),
		cmocka_unit_test_setup_teardown(test_data_plane, setup_marked, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
