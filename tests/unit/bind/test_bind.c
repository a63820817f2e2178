/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * socnic-bind against fake sysfs trees: which devices it lists, the
 * viability and reset-handler decisions, the MAC, the three output formats,
 * the command line and the error lines (test_bind_actions.c has the
 * bind/unbind/restore sequences).
 */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bindfix.h"
#include "cli.h"

static char *
run_main(struct fk *fk, int *status, char **err_out, ...)
{
	char *argv[16] = { (char *)"socnic-bind" };
	char *out = NULL, *err = NULL;
	size_t olen = 0, elen = 0;
	struct sb_env env = { .euid = 0, .sysfs = fk->sys,
			      .modules = fk->modules, .proc = fk->proc };
	const char *a;
	va_list ap;
	int argc = 1;

	va_start(ap, err_out);
	while ((a = va_arg(ap, const char *)) != NULL)
		argv[argc++] = (char *)a;
	va_end(ap);
	env.out = open_memstream(&out, &olen);
	env.err = open_memstream(&err, &elen);
	*status = sb_main(argc, argv, &env);
	fclose(env.out);
	fclose(env.err);
	if (err_out != NULL)
		*err_out = err;
	else
		free(err);
	return out;
}

/* ---- scan and decisions ---- */

static void
test_scan_lists_gems_only(void **state)
{
	struct fk *fk = *state;
	struct sb_ctx c = ctx_of(fk);
	struct sb_system sys;
	struct sb_nic *nics;
	unsigned int nb;

	versal_board(fk);
	/* Created out of order: the scan sorts by name. */
	fk_device(fk, "fe000000.ethernet", "acme,board-gem\0xlnx,zynqmp-gem\0cdns,gem",
		  sizeof("acme,board-gem\0xlnx,zynqmp-gem\0cdns,gem"));
	sb_system_read(&c, &sys);
	assert_true(sys.vfio_platform);
	assert_true(sys.noiommu);
	assert_true(sys.reset_loaded);
	assert_int_equal(sb_scan(&c, &sys, &nics, &nb), 0);
	assert_int_equal(nb, 3);
	assert_string_equal(nics[0].name, "fe000000.ethernet");
	assert_string_equal(nics[1].name, GEM0);
	assert_string_equal(nics[2].name, GEM1);
	/* Every string of the list, and the most specific known one wins. */
	assert_int_equal(nics[0].nb_compat, 3);
	assert_string_equal(nics[0].compat[0], "acme,board-gem");
	assert_string_equal(nics[0].compat[2], "cdns,gem");
	assert_string_equal(nics[0].family->compatible, "xlnx,zynqmp-gem");
	assert_string_equal(nics[1].family->compatible, "cdns,zynqmp-gem");
	free(nics);
}

static void
test_not_a_gem(void **state)
{
	struct fk *fk = *state;
	struct sb_ctx c = ctx_of(fk);
	struct sb_system sys;
	struct sb_nic nic;

	versal_board(fk);
	sb_system_read(&c, &sys);
	assert_int_equal(sb_nic_read(&c, &sys, "ff000000.serial", &nic), -ENODEV);
	assert_string_equal(nic.compat[0], "arm,pl011");
	assert_int_equal(sb_nic_read(&c, &sys, "nothere.ethernet", &nic), -ENOENT);
	assert_int_equal(sb_nic_read(&c, &sys, "../devices", &nic), -ENOENT);
	/* A node with no compatible at all is nobody's NIC. */
	fk_device(fk, "f0000000.bare", "", 0);
	assert_int_equal(sb_nic_read(&c, &sys, "f0000000.bare", &nic), -ENODEV);
}

static void
test_viable_no_group(void **state)
{
	struct fk *fk = *state;
	struct sb_ctx c = ctx_of(fk);
	struct sb_system sys;
	struct sb_nic nic;

	versal_board(fk);
	fk_noiommu(fk, 'N');
	sb_system_read(&c, &sys);
	assert_int_equal(sb_nic_read(&c, &sys, GEM0, &nic), 0);
	assert_int_equal(nic.group, -1);
	assert_false(nic.viable);
	assert_non_null(strstr(nic.viable_why, "no-IOMMU mode is off"));
	/* vfio is loaded: modprobe would do nothing, the parameter is written */
	assert_non_null(strstr(nic.viable_why, "echo 1 > /sys/module/vfio/parameters/enable_unsafe_noiommu_mode"));

	fk_noiommu(fk, 'Y');
	sb_system_read(&c, &sys);
	assert_int_equal(sb_nic_read(&c, &sys, GEM0, &nic), 0);
	assert_true(nic.viable);
	assert_non_null(strstr(nic.viable_why, "no-IOMMU mode is on"));
}

static void
test_viable_group(void **state)
{
	struct fk *fk = *state;
	struct sb_ctx c = ctx_of(fk);
	struct sb_system sys;
	struct sb_nic nic;

	versal_board(fk);
	fk_noiommu(fk, 'N');
	/* Group 5: GEM0, GEM1 on vfio-platform, an unbound DMA engine. */
	fk_device(fk, "fd500000.dma", "xlnx,zynqmp-dma-1.0",
		  sizeof("xlnx,zynqmp-dma-1.0"));
	fk_group(fk, GEM0, 5, NULL);
	fk_group(fk, GEM1, 5, NULL);
	fk_group(fk, "fd500000.dma", 5, NULL);
	fk_bind(fk, GEM1, PLATSYSFS_VFIO_PLATFORM);
	sb_system_read(&c, &sys);
	assert_int_equal(sb_nic_read(&c, &sys, GEM0, &nic), 0);
	assert_int_equal(nic.group, 5);
	assert_false(nic.group_noiommu);
	assert_true(nic.viable);
	assert_int_equal(nic.nb_offenders, 0);
	assert_string_equal(nic.viable_why,
		"every other device in IOMMU group 5 is unbound or on VFIO");

	/* The DMA engine on its kernel driver spoils the group. */
	fk_bind(fk, "fd500000.dma", "xilinx-zynqmp-dma");
	assert_int_equal(sb_nic_read(&c, &sys, GEM0, &nic), 0);
	assert_false(nic.viable);
	assert_int_equal(nic.nb_offenders, 1);
	assert_string_equal(nic.offenders[0].dev, "fd500000.dma");
	assert_string_equal(nic.offenders[0].driver, "xilinx-zynqmp-dma");
	assert_string_equal(nic.viable_why,
		"IOMMU group 5 also holds fd500000.dma (driver xilinx-zynqmp-dma): bind it to vfio-platform or unbind it too");

	/* Two offenders: both named. */
	fk_bind(fk, GEM1, "macb");
	assert_int_equal(sb_nic_read(&c, &sys, GEM0, &nic), 0);
	assert_int_equal(nic.nb_offenders, 2);
	assert_non_null(strstr(nic.viable_why, "fd500000.dma (driver xilinx-zynqmp-dma)"));
	assert_non_null(strstr(nic.viable_why, GEM1 " (driver macb)"));
	assert_non_null(strstr(nic.viable_why, "bind them to vfio-platform or unbind them too"));
}

static void
test_noiommu_group(void **state)
{
	struct fk *fk = *state;
	struct sb_ctx c = ctx_of(fk);
	struct sb_system sys;
	struct sb_nic nic;

	versal_board(fk);
	/* What VFIO makes when it binds a device in no-IOMMU mode. */
	fk_group(fk, GEM0, 0, "vfio-noiommu\n");
	fk_bind(fk, GEM0, PLATSYSFS_VFIO_PLATFORM);
	sb_system_read(&c, &sys);
	assert_int_equal(sb_nic_read(&c, &sys, GEM0, &nic), 0);
	assert_int_equal(nic.group, 0);
	assert_true(nic.group_noiommu);
	assert_true(nic.viable);
	assert_string_equal(nic.driver, PLATSYSFS_VFIO_PLATFORM);
}

static void
test_reset_handler(void **state)
{
	struct fk *fk = *state;
	struct sb_ctx c = ctx_of(fk);
	struct sb_system sys;
	struct sb_nic nic;
	char p[512];

	fk_device(fk, GEM0, VERSAL_COMPAT, sizeof(VERSAL_COMPAT));
	sb_system_read(&c, &sys);
	assert_false(sys.reset_loaded);
	assert_int_equal(sb_nic_read(&c, &sys, GEM0, &nic), 0);
	assert_int_equal(nic.reset, SB_RESET_NONE);
	assert_non_null(strstr(nic.reset_why, "insmod vfio-platform-gem.ko"));

	/* modules.alias names it, but the module file is not there. */
	fk_modules_file(fk, "modules.alias",
		"alias of:N*T*Ccdns,gem macb\n"
		"alias vfio-reset:cdns,zynqmp-gem vfio_platform_gem\n");
	fk_modules_file(fk, "modules.dep",
		"kernel/drivers/net/ethernet/cadence/macb.ko:\n"
		"extra/vfio-platform-gem.ko: kernel/drivers/vfio/platform/vfio-platform-base.ko\n");
	assert_int_equal(sb_nic_read(&c, &sys, GEM0, &nic), 0);
	assert_int_equal(nic.reset, SB_RESET_NONE);
	assert_string_equal(nic.reset_why,
		"modules.alias names vfio_platform_gem as the handler for cdns,zynqmp-gem, but its file is gone: reinstall it and run depmod");

	/* Installed: alias, modules.dep entry and file. */
	fk_modules_file(fk, "extra/vfio-platform-gem.ko", "\177ELF");
	assert_int_equal(sb_nic_read(&c, &sys, GEM0, &nic), 0);
	assert_int_equal(nic.reset, SB_RESET_AUTOLOAD);
	assert_string_equal(nic.reset_module, "vfio_platform_gem");
	assert_non_null(strstr(nic.reset_why, "vfio-platform loads it when binding"));

	/* Loaded. */
	fk_module(fk, "vfio_platform_gem");
	sb_system_read(&c, &sys);
	assert_int_equal(sb_nic_read(&c, &sys, GEM0, &nic), 0);
	assert_int_equal(nic.reset, SB_RESET_LOADED);
	assert_string_equal(nic.reset_why,
			    "vfio-platform-gem is loaded and handles cdns,zynqmp-gem");

	/* Built in: no /sys/module entry (no parameters), only modules.builtin. */
	snprintf(p, sizeof(p), "rmdir %s/module/vfio_platform_gem", fk->sys);
	assert_int_equal(system(p), 0);
	fk_modules_file(fk, "modules.alias", "");
	fk_modules_file(fk, "modules.builtin",
		"kernel/drivers/vfio/platform/reset/vfio-platform-gem.ko\n");
	sb_system_read(&c, &sys);
	assert_int_equal(sb_nic_read(&c, &sys, GEM0, &nic), 0);
	assert_int_equal(nic.reset, SB_RESET_LOADED);
	assert_non_null(strstr(nic.reset_why, "built into the kernel"));
}

static void
test_reset_first_compatible(void **state)
{
	struct fk *fk = *state;
	struct sb_ctx c = ctx_of(fk);
	struct sb_system sys;
	struct sb_nic nic;

	/* A board compatible first: vfio-platform looks up only that one. */
	fk_device(fk, GEM0, "acme,board-gem\0cdns,gem",
		  sizeof("acme,board-gem\0cdns,gem"));
	fk_module(fk, "vfio_platform_gem");
	sb_system_read(&c, &sys);
	assert_int_equal(sb_nic_read(&c, &sys, GEM0, &nic), 0);
	assert_int_equal(nic.reset, SB_RESET_NONE);
	assert_string_equal(nic.reset_why,
		"no handler for acme,board-gem, the first compatible (vfio-platform looks handlers up by the first one only): add it to GEM_COMPATIBLES in drivers/common/gem/gem_compat.h");

	/* Unless some module declares itself its handler. */
	fk_modules_file(fk, "modules.alias",
			"alias vfio-reset:acme,board-gem vfio_platform_acme\n");
	fk_module(fk, "vfio_platform_acme");
	assert_int_equal(sb_nic_read(&c, &sys, GEM0, &nic), 0);
	assert_int_equal(nic.reset, SB_RESET_LOADED);
	assert_string_equal(nic.reset_module, "vfio_platform_acme");
}

static void
test_mac(void **state)
{
	static const uint8_t zero[6];
	static const uint8_t mac1[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	struct fk *fk = *state;
	struct sb_ctx c = ctx_of(fk);
	struct sb_system sys;
	struct sb_nic nic;
	char s[24];

	fk_device(fk, GEM0, VERSAL_COMPAT, sizeof(VERSAL_COMPAT));
	sb_system_read(&c, &sys);
	assert_int_equal(sb_nic_read(&c, &sys, GEM0, &nic), 0);
	assert_false(nic.has_mac);

	/* A placeholder of zeros is no MAC; mac-address is the fallback. */
	fk_prop(fk, GEM0, "local-mac-address", zero, 6);
	assert_int_equal(sb_nic_read(&c, &sys, GEM0, &nic), 0);
	assert_false(nic.has_mac);
	fk_prop(fk, GEM0, "mac-address", mac1, 6);
	assert_int_equal(sb_nic_read(&c, &sys, GEM0, &nic), 0);
	assert_true(nic.has_mac);
	assert_string_equal(nic.mac_prop, "mac-address");
	sb_fmt_mac(nic.mac, s, sizeof(s));
	assert_string_equal(s, "02:11:22:33:44:55");

	fk_prop(fk, GEM0, "local-mac-address", mac0, 6);
	assert_int_equal(sb_nic_read(&c, &sys, GEM0, &nic), 0);
	assert_string_equal(nic.mac_prop, "local-mac-address");
	assert_memory_equal(nic.mac, mac0, 6);

	/* Truncated: not a MAC. */
	fk_prop(fk, GEM0, "local-mac-address", mac0, 5);
	fk_prop(fk, GEM0, "mac-address", mac1, 7);
	assert_int_equal(sb_nic_read(&c, &sys, GEM0, &nic), 0);
	assert_false(nic.has_mac);
}

static void
test_driver_and_override(void **state)
{
	struct fk *fk = *state;
	struct sb_ctx c = ctx_of(fk);
	struct sb_system sys;
	struct sb_nic nic;

	versal_board(fk);
	fk_bind(fk, GEM1, "macb");
	fk_netdev(fk, "eth1", GEM1);
	fk_override(fk, GEM0, "vfio-platform\n");
	sb_system_read(&c, &sys);
	assert_int_equal(sb_nic_read(&c, &sys, GEM0, &nic), 0);
	assert_string_equal(nic.driver, "");
	assert_string_equal(nic.override, "vfio-platform");
	assert_string_equal(nic.netdev, "");
	assert_int_equal(sb_nic_read(&c, &sys, GEM1, &nic), 0);
	assert_string_equal(nic.driver, "macb");
	assert_string_equal(nic.override, "");
	assert_string_equal(nic.netdev, "eth1");
}

static void
test_resolve(void **state)
{
	struct fk *fk = *state;
	struct sb_ctx c = ctx_of(fk);
	char name[SB_NAME_MAX];

	versal_board(fk);
	fk_netdev(fk, "eth1", GEM1);
	assert_int_equal(sb_resolve(&c, GEM0, name, sizeof(name)), 0);
	assert_string_equal(name, GEM0);
	assert_int_equal(sb_resolve(&c, "socplat:" GEM0, name, sizeof(name)), 0);
	assert_string_equal(name, GEM0);
	assert_int_equal(sb_resolve(&c, "eth1", name, sizeof(name)), 0);
	assert_string_equal(name, GEM1);
	assert_int_equal(sb_resolve(&c, "eth9", name, sizeof(name)), -ENOENT);
	assert_int_equal(sb_resolve(&c, "../../..", name, sizeof(name)), -ENOENT);
	assert_int_equal(sb_resolve(&c, "socplat:", name, sizeof(name)), -ENOENT);
}

/* ---- output formats ---- */

static void
test_status_output(void **state)
{
	struct fk *fk = *state;
	char *out;
	int st;

	versal_board(fk);
	fk_group(fk, GEM0, 0, "vfio-noiommu\n");
	fk_bind(fk, GEM0, PLATSYSFS_VFIO_PLATFORM);
	fk_bind(fk, GEM1, "macb");
	fk_netdev(fk, "eth1", GEM1);
	out = run_main(fk, &st, NULL, "--status", NULL);
	assert_int_equal(st, 0);
	assert_string_equal(out,
		"Platform NICs using vfio-platform\n"
		"=================================\n"
		GEM0 " 'cdns,zynqmp-gem cdns,gem' drv=vfio-platform group=0 (no-IOMMU) viable reset=loaded mac=02:00:00:00:00:01\n"
		"\n"
		"Platform NICs using a kernel driver\n"
		"===================================\n"
		GEM1 " 'cdns,zynqmp-gem cdns,gem' if=eth1 drv=macb unused=vfio-platform group=none viable reset=loaded\n"
		"\n"
		"Unbound platform NICs\n"
		"=====================\n"
		"<none>\n"
		"\n"
		"vfio-platform loaded, no-IOMMU mode on, vfio-platform-gem loaded\n");
	free(out);
}

static void
test_list_output(void **state)
{
	struct fk *fk = *state;
	char *out;
	int st;

	versal_board(fk);
	fk_override(fk, GEM1, "vfio-platform\n");
	fk_module(fk, "vfio_platform_gem");
	out = run_main(fk, &st, NULL, NULL);
	assert_int_equal(st, 0);
	assert_string_equal(out,
		GEM0 "\n"
		"  compatible   cdns,zynqmp-gem cdns,gem\n"
		"  driver       none\n"
		"  iommu group  none\n"
		"  viable       yes: no IOMMU group, and VFIO's no-IOMMU mode is on (DMA is not isolated)\n"
		"  reset        yes: vfio-platform-gem is loaded and handles cdns,zynqmp-gem\n"
		"  mac          02:00:00:00:00:01 (local-mac-address)\n"
		"\n"
		GEM1 "\n"
		"  compatible   cdns,zynqmp-gem cdns,gem\n"
		"  driver       none, driver_override vfio-platform\n"
		"  iommu group  none\n"
		"  viable       yes: no IOMMU group, and VFIO's no-IOMMU mode is on (DMA is not isolated)\n"
		"  reset        yes: vfio-platform-gem is loaded and handles cdns,zynqmp-gem\n"
		"  mac          none in the device tree\n");
	free(out);
}

static void
test_json_output(void **state)
{
	struct fk *fk = *state;
	char *out;
	int st;

	versal_board(fk);
	fk_noiommu(fk, 'N');
	fk_device(fk, "fd500000.dma", "xlnx,zynqmp-dma-1.0",
		  sizeof("xlnx,zynqmp-dma-1.0"));
	fk_group(fk, GEM1, 3, NULL);
	fk_group(fk, "fd500000.dma", 3, NULL);
	fk_bind(fk, "fd500000.dma", "xilinx-zynqmp-dma");
	/* Names the JSON must escape. */
	fk_bind(fk, GEM0, "we\"ird\\drv");
	out = run_main(fk, &st, NULL, "--status", "--json", NULL);
	assert_int_equal(st, 0);
	assert_string_equal(out,
		"{\n"
		"  \"vfio_platform_loaded\": true,\n"
		"  \"noiommu_mode\": false,\n"
		"  \"reset_module_loaded\": true,\n"
		"  \"nics\": [\n"
		"    {\n"
		"      \"name\": \"" GEM0 "\",\n"
		"      \"compatible\": [\"cdns,zynqmp-gem\", \"cdns,gem\"],\n"
		"      \"driver\": \"we\\\"ird\\\\drv\",\n"
		"      \"driver_override\": null,\n"
		"      \"interface\": null,\n"
		"      \"iommu_group\": null,\n"
		"      \"noiommu_group\": false,\n"
		"      \"viable\": false,\n"
		"      \"viable_reason\": \"no IOMMU group, and VFIO's no-IOMMU mode is off: echo 1 > /sys/module/vfio/parameters/enable_unsafe_noiommu_mode, or put the NIC behind the SoC's IOMMU in the device tree (iommus)\",\n"
		"      \"offenders\": [],\n"
		"      \"reset_handler\": \"loaded\",\n"
		"      \"reset_module\": \"vfio-platform-gem\",\n"
		"      \"reset_reason\": \"vfio-platform-gem is loaded and handles cdns,zynqmp-gem\",\n"
		"      \"mac\": \"02:00:00:00:00:01\",\n"
		"      \"mac_source\": \"local-mac-address\"\n"
		"    },\n"
		"    {\n"
		"      \"name\": \"" GEM1 "\",\n"
		"      \"compatible\": [\"cdns,zynqmp-gem\", \"cdns,gem\"],\n"
		"      \"driver\": null,\n"
		"      \"driver_override\": null,\n"
		"      \"interface\": null,\n"
		"      \"iommu_group\": 3,\n"
		"      \"noiommu_group\": false,\n"
		"      \"viable\": false,\n"
		"      \"viable_reason\": \"IOMMU group 3 also holds fd500000.dma (driver xilinx-zynqmp-dma): bind it to vfio-platform or unbind it too\",\n"
		"      \"offenders\": [{\"device\": \"fd500000.dma\", \"driver\": \"xilinx-zynqmp-dma\"}],\n"
		"      \"reset_handler\": \"loaded\",\n"
		"      \"reset_module\": \"vfio-platform-gem\",\n"
		"      \"reset_reason\": \"vfio-platform-gem is loaded and handles cdns,zynqmp-gem\",\n"
		"      \"mac\": null,\n"
		"      \"mac_source\": null\n"
		"    }\n"
		"  ]\n"
		"}\n");
	free(out);
}

static void
test_empty_outputs(void **state)
{
	struct fk *fk = *state;
	char *out;
	int st;

	out = run_main(fk, &st, NULL, "--json", NULL);
	assert_int_equal(st, 0);
	assert_string_equal(out,
		"{\n  \"vfio_platform_loaded\": false,\n  \"noiommu_mode\": false,\n"
		"  \"reset_module_loaded\": false,\n  \"nics\": []\n}\n");
	free(out);
	out = run_main(fk, &st, NULL, NULL);
	assert_non_null(strstr(out, "no GEM-family platform NICs"));
	assert_non_null(strstr(out, "modprobe vfio-platform"));
	free(out);
}

/* ---- command line ---- */

static void
test_args(void **state)
{
	char *argv1[] = { "x", "--bind", GEM0, GEM1, NULL };
	char *argv2[] = { "x", "-s", "-j", "--sysfs", "/tmp/s", NULL };
	char *bad_nodev[] = { "x", "--bind", NULL };
	char *bad_json[] = { "x", "--json", "--unbind", GEM0, NULL };
	char *bad_two[] = { "x", "--bind", GEM0, "--restore", GEM1, NULL };
	char *bad_opt[] = { "x", "--frobnicate", NULL };
	char *bad_pos[] = { "x", GEM0, NULL };
	char *bad_dir[] = { "x", "--sysfs", NULL };
	char *help[] = { "x", "--status", "--help", NULL };
	struct sb_args a;
	char err[256];

	(void)state;
	assert_int_equal(sb_args_parse(4, argv1, &a, err, sizeof(err)), 0);
	assert_int_equal(a.cmd, SB_CMD_BIND);
	assert_int_equal(a.nb_devs, 2);
	assert_string_equal(a.devs[1], GEM1);
	assert_int_equal(sb_args_parse(5, argv2, &a, err, sizeof(err)), 0);
	assert_int_equal(a.cmd, SB_CMD_STATUS);
	assert_true(a.json);
	assert_string_equal(a.sysfs, "/tmp/s");
	assert_int_equal(sb_args_parse(3, help, &a, err, sizeof(err)), 0);
	assert_int_equal(a.cmd, SB_CMD_HELP);

	assert_int_equal(sb_args_parse(2, bad_nodev, &a, err, sizeof(err)), -1);
	assert_string_equal(err,
		"--bind needs a device, e.g. --bind ff0c0000.ethernet (socnic-bind --status lists them)");
	assert_int_equal(sb_args_parse(4, bad_json, &a, err, sizeof(err)), -1);
	assert_string_equal(err, "--json goes with --list or --status only");
	assert_int_equal(sb_args_parse(5, bad_two, &a, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "one action at a time"));
	assert_int_equal(sb_args_parse(2, bad_opt, &a, err, sizeof(err)), -1);
	assert_string_equal(err, "unknown option '--frobnicate' (see socnic-bind --help)");
	assert_int_equal(sb_args_parse(2, bad_pos, &a, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "only follows --bind, --unbind or --restore"));
	assert_int_equal(sb_args_parse(2, bad_dir, &a, err, sizeof(err)), -1);
	assert_string_equal(err, "--sysfs needs a directory");
}

static void
test_main_errors(void **state)
{
	struct fk *fk = *state;
	char *argv[] = { "socnic-bind", "--bind", GEM0, NULL };
	char *out = NULL, *err = NULL, *o;
	size_t olen = 0, elen = 0;
	struct sb_env env = { .euid = 1000 };
	int st;

	/* Not root, on the live /sys: refused before anything is touched. */
	env.out = open_memstream(&out, &olen);
	env.err = open_memstream(&err, &elen);
	assert_int_equal(sb_main(3, argv, &env), 1);
	fclose(env.out);
	fclose(env.err);
	assert_string_equal(err,
		"socnic-bind: --bind writes to /sys/bus/platform and needs root: run it as root (sudo socnic-bind ...)\n");
	assert_string_equal(out, "");
	free(out);
	free(err);

	o = run_main(fk, &st, &err, "--bind", "eth7", NULL);
	assert_int_equal(st, 1);
	assert_string_equal(err,
		"socnic-bind: eth7: no such platform device or interface: socnic-bind --status lists the NICs by name\n");
	free(o);
	free(err);

	o = run_main(fk, &st, &err, "--restore", NULL);
	assert_int_equal(st, 2);
	free(o);
	free(err);

	o = run_main(fk, &st, &err, "--sysfs", "/nonexistent-socnic", "--status", NULL);
	assert_int_equal(st, 1);
	assert_non_null(strstr(err, "cannot read /nonexistent-socnic/bus/platform/devices"));
	free(o);
	free(err);

	o = run_main(fk, &st, &err, "--help", NULL);
	assert_int_equal(st, 0);
	assert_non_null(strstr(o, "Usage: socnic-bind"));
	free(o);
	free(err);
}


int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_scan_lists_gems_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_a_gem, setup, teardown),
		cmocka_unit_test_setup_teardown(test_viable_no_group, setup, teardown),
		cmocka_unit_test_setup_teardown(test_viable_group, setup, teardown),
		cmocka_unit_test_setup_teardown(test_noiommu_group, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset_handler, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset_first_compatible, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mac, setup, teardown),
		cmocka_unit_test_setup_teardown(test_driver_and_override, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resolve, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status_output, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_output, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_output, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_outputs, setup, teardown),
		cmocka_unit_test(test_args),
		cmocka_unit_test_setup_teardown(test_main_errors, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
