/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * socnic-check's prerequisite checks against fake sysfs, /proc, /boot and
 * debugfs trees: for each check, the state that passes and each state
 * that warns or fails, with the fix it names; the report's text and JSON
 * forms and the exit status.
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
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "bindfix.h"
#include "check.h"
#include "cli.h"

#define GEM0_NODE "/axi/node-" GEM0
#define GEM1_NODE "/axi/node-" GEM1

/* A file anywhere in the fake system (proc, boot), directories made. */
static void
put(struct fk *fk, const char *rel, const char *text)
{
	char p[PATH_MAX];
	char *s;
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", fk->root, rel);
	for (s = strchr(p + strlen(fk->root) + 1, '/'); s != NULL;
	     s = strchr(s + 1, '/')) {
		*s = '\0';
		mkdir(p, 0755);
		*s = '/';
	}
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void
hugepages(struct fk *fk, unsigned int nr, unsigned int nfree)
{
	char v[16];

	/* arm64 with 4 kB pages offers four sizes; only one has pages. */
	fk_write(fk, "kernel/mm/hugepages/hugepages-64kB/nr_hugepages", "0");
	fk_write(fk, "kernel/mm/hugepages/hugepages-64kB/free_hugepages", "0");
	fk_write(fk, "kernel/mm/hugepages/hugepages-32768kB/nr_hugepages", "0");
	fk_write(fk, "kernel/mm/hugepages/hugepages-32768kB/free_hugepages", "0");

	snprintf(v, sizeof(v), "%u", nr);
	fk_write(fk, "kernel/mm/hugepages/hugepages-2048kB/nr_hugepages", v);
	snprintf(v, sizeof(v), "%u", nfree);
	fk_write(fk, "kernel/mm/hugepages/hugepages-2048kB/free_hugepages", v);
}

static const char kconfig_full[] =
	"CONFIG_VFIO=m\nCONFIG_VFIO_PLATFORM=m\nCONFIG_HUGETLBFS=y\n"
	"CONFIG_VFIO_NOIOMMU=y\nCONFIG_PROC_PAGE_MONITOR=y\n";

/* The emulated board ready for DPDK: socnic-bind's Versal board plus what
 * the lab's lab-setup does (hugepages, hugetlbfs), the kernel's config in
 * /boot, root, /proc/self/pagemap, clk_ignore_unused, both GEMs on a
 * fixed-link. */
static void
ready_board(struct fk *fk)
{
	static const uint8_t speed[4] = { 0, 0, 0x03, 0xe8 };

	versal_board(fk);
	hugepages(fk, 256, 256);
	put(fk, "proc/mounts", "sysfs /sys sysfs rw 0 0\nnodev /mnt/huge hugetlbfs rw,relatime,pagesize=2M 0 0\n");
	put(fk, "proc/self/pagemap", "");
	put(fk, "boot/config-6.1.0-test", kconfig_full);
	fk_cmdline(fk, "console=ttyAMA0 clk_ignore_unused");
	fk_node_prop(fk, GEM0_NODE "/fixed-link", "speed", speed, 4);
	fk_node_prop(fk, GEM1_NODE "/fixed-link", "speed", speed, 4);
}

static struct sc_env
env_of(struct fk *fk)
{
	static char boot[PATH_MAX];
	struct sc_env e = {
		.sb = ctx_of(fk),
		.proc = fk->proc,
		.release = "6.1.0-test",
		.machine = "aarch64",
		.euid = 0,
	};

	snprintf(boot, sizeof(boot), "%s/boot", fk->root);
	e.boot = boot;
	return e;
}

/* The report over the fake tree, kept in a static for the asserts. */
static struct sc_report rep;

static void
run(struct fk *fk, const struct sc_env *e)
{
	(void)fk;
	sc_report_free(&rep);
	assert_int_equal(sc_run(e, NULL, 0, &rep), 0);
}

/* The result of check for port (NULL: system-wide) that has level, what
 * and fix in it: several checks (kernel, vfio) give more than one line. */
static const struct sc_result *
expect(const char *check, const char *port, enum sc_level level,
       const char *what, const char *fix)
{
	const struct sc_result *r;
	unsigned int i;

	for (i = 0; i < rep.nb; i++) {
		r = &rep.res[i];
		if (strcmp(r->check, check) != 0 ||
		    strcmp(r->port, port ? port : "") != 0 ||
		    r->level != level ||
		    (what != NULL && strstr(r->what, what) == NULL) ||
		    (fix != NULL && strstr(r->fix, fix) == NULL))
			continue;
		/* A result that is not a PASS always says what to do. */
		assert_true((r->level == SC_PASS) == (r->fix[0] == '\0'));
		return r;
	}
	for (i = 0; i < rep.nb; i++)
		fprintf(stderr, "%s %s %s: %s | %s\n",
			sc_level_str(rep.res[i].level), rep.res[i].check,
			rep.res[i].port, rep.res[i].what, rep.res[i].fix);
	fail_msg("%s/%s: wanted %s '%s' fix '%s'", check, port ? port : "system",
		 sc_level_str(level), what ? what : "", fix ? fix : "");
	return NULL;
}

/* ---- the whole board ---- */

static void
test_ready_board_passes(void **state)
{
	struct fk *fk = *state;
	struct sc_env e;

	ready_board(fk);
	e = env_of(fk);
	run(fk, &e);
	assert_int_equal(rep.nb_ports, 2);
	expect("ports", NULL, SC_PASS, "2 GEM-family ports", NULL);
	expect("kernel", NULL, SC_PASS, "CONFIG_VFIO_PLATFORM=m", NULL);
	expect("vfio", NULL, SC_PASS, "vfio is loaded", NULL);
	expect("hugepages", NULL, SC_PASS, "512 MiB free of 512 MiB (2048 kB pages)", NULL);
	expect("iova", NULL, SC_PASS, "IOVA as PA (2 ports", NULL);
	expect("driver", GEM0, SC_PASS, "no driver", NULL);
	expect("reset", GEM1, SC_PASS, "vfio-platform-gem is loaded", NULL);
	expect("iommu", GEM0, SC_WARN, "no-IOMMU mode", "smmu");
	expect("consent", GEM0, SC_WARN, "leaves it alone unless named",
	       "-a " GEM0);
	expect("dma", GEM0, SC_PASS, "not dma-coherent", NULL);
	expect("clocks", GEM0, SC_PASS, "clk_ignore_unused", NULL);
	expect("phy", GEM1, SC_PASS, "fixed-link", NULL);
	expect("dma-ranges", GEM1, SC_PASS, "no translating", NULL);
	assert_int_not_equal(sc_worst(&rep), SC_FAIL);
}

/* ---- each check's decisions ---- */

static void
test_reset_module(void **state)
{
	struct fk *fk = *state;
	struct sc_env e;
	char p[PATH_MAX];

	ready_board(fk);
	e = env_of(fk);
	/* Not loaded, not installed: vfio-platform will refuse the GEM. */
	snprintf(p, sizeof(p), "%s/module/vfio_platform_gem", fk->sys);
	assert_int_equal(rmdir(p), 0);
	run(fk, &e);
	expect("reset", GEM0, SC_FAIL, "no reset handler for cdns,zynqmp-gem",
	       "modprobe vfio-platform-gem");
	assert_int_equal(sc_worst(&rep), SC_FAIL);
	/* Installed: vfio-platform loads it by its alias when binding. */
	fk_modules_file(fk, "modules.alias",
			"alias vfio-reset:cdns,zynqmp-gem vfio_platform_gem\n");
	fk_modules_file(fk, "modules.dep", "extra/vfio-platform-gem.ko: vfio-platform-base.ko\n");
	fk_modules_file(fk, "extra/vfio-platform-gem.ko", "");
	run(fk, &e);
	expect("reset", GEM0, SC_PASS, "is installed", NULL);
	/* reset_required=0 on Linux 6.3+: binding works, a dead process's
	 * DMA stops only at the next probe. */
	snprintf(p, sizeof(p), "%s/module/vfio_platform_gem", fk->sys);
	fk_write(fk, "module/vfio_platform/parameters/reset_required", "N");
	rmdir(p);
	fk_modules_file(fk, "modules.alias", "");
	fk_osrelease(fk, "6.12.118\n");
	run(fk, &e);
	expect("reset", GEM0, SC_WARN, "no reset handler", "vfio-platform-gem");
	expect("vfio", NULL, SC_WARN, "until the next process's probe", "vfio-platform-gem");
	/* On 6.1 reset_required=0 binds nothing without a handler. */
	fk_osrelease(fk, "6.1.192\n");
	run(fk, &e);
	expect("reset", GEM0, SC_FAIL, "no reset handler", "vfio-platform-gem");
	expect("vfio", NULL, SC_WARN, "reset_required=0", "vfio-platform-gem");
}

static void
test_hugepages(void **state)
{
	struct fk *fk = *state;
	struct sc_env e;

	ready_board(fk);
	e = env_of(fk);
	hugepages(fk, 0, 0);
	run(fk, &e);
	/* 32 MiB for EAL and 32 per port: 48 pages of 2 MiB for two. */
	expect("hugepages", NULL, SC_FAIL, "no hugepages reserved: DPDK needs about 96 MiB for 2 ports",
	       "echo 48 > /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages");
	/* Reserved, but mostly taken: the fix counts the taken ones in. */
	hugepages(fk, 64, 16);
	run(fk, &e);
	expect("hugepages", NULL, SC_FAIL, "32 MiB of hugepages free (128 MiB reserved)",
	       "echo 96 > ");
	hugepages(fk, 48, 48);
	run(fk, &e);
	expect("hugepages", NULL, SC_PASS, "enough for 2 ports", NULL);
	put(fk, "proc/mounts", "sysfs /sys sysfs rw 0 0\n");
	run(fk, &e);
	expect("hugepages", NULL, SC_FAIL, "no hugetlbfs is mounted",
	       "mount -t hugetlbfs");
}

static void
test_macb_netdev_up(void **state)
{
	struct fk *fk = *state;
	struct sc_env e;

	ready_board(fk);
	e = env_of(fk);
	fk_driver(fk, "macb");
	fk_bind(fk, GEM0, "macb");
	fk_netdev_flags(fk, "eth0", GEM0, 0x1003);
	fk_addr(fk, "eth0", "192.0.2.1/24");
	fk_bind(fk, GEM1, "macb");
	fk_netdev(fk, "eth1", GEM1);
	run(fk, &e);
	expect("driver", GEM0, SC_FAIL, "on macb, and eth0 is up with 192.0.2.1/24",
	       "ip link set eth0 down");
	/* Down and unaddressed: DPDK may take it. */
	expect("driver", GEM1, SC_PASS, "on macb (eth1 down, no address)", NULL);
	/* macb holds the clocks while bound. */
	fk_cmdline(fk, "console=ttyAMA0");
	run(fk, &e);
	expect("clocks", GEM1, SC_PASS, "macb holds the clocks", NULL);
	assert_int_equal(sc_worst(&rep), SC_FAIL);
}

static void
test_consent(void **state)
{
	struct fk *fk = *state;
	struct sc_env e;

	ready_board(fk);
	e = env_of(fk);
	fk_node_prop(fk, GEM1_NODE, "socnic,data-plane", "", 0);
	fk_override(fk, GEM0, "macb");
	run(fk, &e);
	expect("consent", GEM1, SC_PASS, "marked socnic,data-plane", NULL);
	expect("consent", GEM0, SC_FAIL, "driver_override is \"macb\"",
	       "echo > /sys/bus/platform/devices/" GEM0 "/driver_override");
	fk_override(fk, GEM0, "vfio-platform");
	fk_bind(fk, GEM0, "vfio-platform");
	run(fk, &e);
	expect("consent", GEM0, SC_PASS, "on vfio-platform", NULL);
	expect("driver", GEM0, SC_PASS, "on vfio-platform", NULL);
}

static void
test_iommu(void **state)
{
	struct fk *fk = *state;
	struct sc_env e;

	ready_board(fk);
	e = env_of(fk);
	fk_noiommu(fk, 'N');
	fk_group(fk, GEM1, 3, NULL);
	fk_device(fk, "ff0e0000.dma", "acme,dma", sizeof("acme,dma"));
	fk_driver(fk, "acme-dma");
	fk_bind(fk, "ff0e0000.dma", "acme-dma");
	fk_group(fk, "ff0e0000.dma", 3, NULL);
	run(fk, &e);
	expect("iommu", GEM0, SC_FAIL, "no-IOMMU mode is off",
	       "enable_unsafe_noiommu_mode");
	expect("iommu", GEM1, SC_FAIL, "ff0e0000.dma (driver acme-dma)",
	       "bind those devices to vfio-platform");
	/* GEM1 behind the IOMMU alone in its group; GEM0 still without one,
	 * so EAL still runs IOVA as PA. */
	fk_unbind(fk, "ff0e0000.dma");
	run(fk, &e);
	expect("iommu", GEM1, SC_PASS, "IOMMU group 3", NULL);
	expect("iova", NULL, SC_PASS, "IOVA as PA (1 port", NULL);
}

static void
test_iova(void **state)
{
	struct fk *fk = *state;
	struct sc_env e;
	char p[PATH_MAX];

	ready_board(fk);
	e = env_of(fk);
	e.euid = 1000;
	run(fk, &e);
	expect("iova", NULL, SC_FAIL, "needs root", "as root");
	e.euid = 0;
	snprintf(p, sizeof(p), "%s/self/pagemap", fk->proc);
	assert_int_equal(unlink(p), 0);
	run(fk, &e);
	expect("iova", NULL, SC_FAIL, "no /proc/self/pagemap",
	       "CONFIG_PROC_PAGE_MONITOR=y");
}

static void
test_kernel_config(void **state)
{
	struct fk *fk = *state;
	struct sc_env e;
	char p[PATH_MAX];

	ready_board(fk);
	e = env_of(fk);
	put(fk, "boot/config-6.1.0-test",
	    "CONFIG_VFIO=m\n# CONFIG_VFIO_PLATFORM is not set\nCONFIG_HUGETLBFS=y\nCONFIG_PROC_PAGE_MONITOR=y\n");
	run(fk, &e);
	expect("kernel", NULL, SC_FAIL, "CONFIG_VFIO_PLATFORM is not set",
	       "CONFIG_VFIO_PLATFORM=y or =m");
	/* The other release's config is not this kernel's. */
	e.release = "6.1.0-other";
	run(fk, &e);
	expect("kernel", NULL, SC_WARN, "cannot read the kernel's configuration",
	       "CONFIG_IKCONFIG_PROC");
	snprintf(p, sizeof(p), "%s/boot/config-6.1.0-test", fk->root);
	unlink(p);
}

static void
test_dma_coherent(void **state)
{
	struct fk *fk = *state;
	struct sc_env e;

	ready_board(fk);
	e = env_of(fk);
	fk_node_prop(fk, GEM1_NODE, "dma-coherent", "", 0);
	e.machine = "armv7l";
	run(fk, &e);
	expect("dma", GEM1, SC_PASS, "dma-coherent: net_gem does no cache maintenance", NULL);
	expect("dma", GEM0, SC_FAIL, "32-bit ARM", "arm64");
}

static void
test_clocks(void **state)
{
	struct fk *fk = *state;
	static const uint8_t clocks[] = { 0, 0, 0, 0x20, 0, 0, 0, 0x21, 0, 0, 0, 5 };
	static const uint8_t ph_fixed[4] = { 0, 0, 0, 0x20 };
	static const uint8_t ph_crl[4] = { 0, 0, 0, 0x21 };
	static const uint8_t one[4] = { 0, 0, 0, 1 };
	static const char crl_names[] = "a\0b\0c\0d\0e\0gem0_ref";
	struct sc_env e;

	ready_board(fk);
	e = env_of(fk);
	fk_cmdline(fk, "console=ttyAMA0");
	run(fk, &e);
	expect("clocks", GEM0, SC_WARN, "clk_disable_unused may have turned them off",
	       "clk_ignore_unused");
	/* A fixed clock named after its node, and a provider's sixth output. */
	fk_node_prop(fk, "/clk125", "phandle", ph_fixed, 4);
	fk_node_prop(fk, "/clk125", "#clock-cells", "\0\0\0\0", 4);
	fk_node_prop(fk, "/crl@ff5e0000", "phandle", ph_crl, 4);
	fk_node_prop(fk, "/crl@ff5e0000", "#clock-cells", one, 4);
	fk_node_prop(fk, "/crl@ff5e0000", "clock-output-names", crl_names,
		     sizeof(crl_names));
	fk_prop(fk, GEM0, "clocks", clocks, sizeof(clocks));
	fk_write(fk, "kernel/debug/clk/clk125/clk_enable_count", "2");
	fk_write(fk, "kernel/debug/clk/gem0_ref/clk_enable_count", "0");
	run(fk, &e);
	expect("clocks", GEM0, SC_FAIL, "clock gem0_ref is off (enable counts: clk125 2, gem0_ref 0)",
	       "clk_ignore_unused");
	fk_write(fk, "kernel/debug/clk/gem0_ref/clk_enable_count", "1");
	run(fk, &e);
	expect("clocks", GEM0, SC_PASS, "clk125 2, gem0_ref 1", NULL);
}

static void
test_phy_mdio_owner(void **state)
{
	struct fk *fk = *state;
	static const uint8_t ph[4] = { 0, 0, 0, 0x30 };
	struct sc_env e;
	char p[PATH_MAX];

	ready_board(fk);
	e = env_of(fk);
	/* Versal VCK190-like: both PHYs on GEM1's MDIO bus. */
	snprintf(p, sizeof(p), "firmware/devicetree/base%s/fixed-link/speed",
		 GEM0_NODE);
	fk_write(fk, p, "");
	snprintf(p, sizeof(p), "%s/firmware/devicetree/base%s/fixed-link/speed",
		 fk->sys, GEM0_NODE);
	unlink(p);
	snprintf(p, sizeof(p), "%s/firmware/devicetree/base%s/fixed-link",
		 fk->sys, GEM0_NODE);
	assert_int_equal(rmdir(p), 0);
	run(fk, &e);
	expect("phy", GEM0, SC_WARN, "neither phy-handle nor fixed-link", "phy-handle");
	fk_node_prop(fk, GEM1_NODE "/mdio/ethernet-phy@1", "phandle", ph, 4);
	fk_prop(fk, GEM0, "phy-handle", ph, 4);
	fk_driver(fk, "macb");
	fk_bind(fk, GEM1, "macb");
	run(fk, &e);
	expect("phy", GEM0, SC_WARN, "on the MDIO bus of " GEM1 " (driver macb)",
	       "fixed-link");
	/* On its own bus. */
	fk_node_prop(fk, GEM0_NODE "/mdio/ethernet-phy@2", "phandle", "\0\0\0\x31", 4);
	fk_prop(fk, GEM0, "phy-handle", "\0\0\0\x31", 4);
	run(fk, &e);
	expect("phy", GEM0, SC_PASS, "on the port's own MDIO bus", NULL);
	fk_prop(fk, GEM0, "phy-handle", "\0\0\0\x99", 4);
	run(fk, &e);
	expect("phy", GEM0, SC_FAIL, "names no node", "device tree");
}

static void
test_dma_ranges(void **state)
{
	struct fk *fk = *state;
	/* /axi: 2 address cells, 2 size cells; the GEMs see DDR at 0 where
	 * the CPU has it at 0x10_0000_0000 (as the RP1 sits behind PCIe). */
	static const uint8_t two[4] = { 0, 0, 0, 2 };
	static const uint8_t offset[24] = {
		0, 0, 0, 0, 0, 0, 0, 0,  0, 0, 0, 0x10, 0, 0, 0, 0,
		0, 0, 0, 1, 0, 0, 0, 0 };
	static const uint8_t identity[24] = {
		0, 0, 0, 0, 0, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 1, 0, 0, 0, 0 };
	struct sc_env e;

	ready_board(fk);
	e = env_of(fk);
	fk_node_prop(fk, "/axi", "#address-cells", two, 4);
	fk_node_prop(fk, "/axi", "#size-cells", two, 4);
	fk_node_prop(fk, "/axi", "dma-ranges", offset, sizeof(offset));
	run(fk, &e);
	expect("dma-ranges", GEM0, SC_FAIL, "sees memory at 0x0 where the CPU has it at 0x1000000000",
	       "does not apply dma-ranges");
	fk_node_prop(fk, "/axi", "dma-ranges", identity, sizeof(identity));
	run(fk, &e);
	expect("dma-ranges", GEM0, SC_PASS, NULL, NULL);
	fk_node_prop(fk, "/axi", "dma-ranges", "", 0);
	run(fk, &e);
	expect("dma-ranges", GEM0, SC_PASS, NULL, NULL);
}

/* ---- the tool: ports named, text, JSON, exit status, arguments ---- */

static char *
check_main(struct fk *fk, const struct sc_env *e, int *status, ...)
{
	char *argv[16] = { (char *)"socnic-check" };
	char *out = NULL, err[256];
	size_t olen = 0;
	struct sc_args a;
	const char *s;
	va_list ap;
	int argc = 1;
	FILE *f;

	(void)fk;
	va_start(ap, status);
	while ((s = va_arg(ap, const char *)) != NULL)
		argv[argc++] = (char *)s;
	va_end(ap);
	assert_int_equal(sc_args_parse(argc, argv, &a, err, sizeof(err)), 0);
	f = open_memstream(&out, &olen);
	*status = sc_check_main(&a, e, f);
	fclose(f);
	return out;
}

static void
test_tool_output(void **state)
{
	struct fk *fk = *state;
	struct sc_env e;
	char *out;
	int st;

	ready_board(fk);
	e = env_of(fk);
	out = check_main(fk, &e, &st, NULL);
	assert_int_equal(st, 0);
	assert_non_null(strstr(out, "\n" GEM0 "\n  PASS driver       no driver: free for DPDK\n  WARN consent      not marked"));
	assert_non_null(strstr(out, "fix: name it (-a " GEM0 ")"));
	assert_non_null(strstr(out, "0 failed: ready for DPDK, with the warnings above\n"));
	free(out);

	hugepages(fk, 0, 0);
	out = check_main(fk, &e, &st, "--json", GEM1, NULL);
	assert_int_equal(st, 1);
	assert_non_null(strstr(out, "{\"check\": \"hugepages\", \"port\": null, \"result\": \"FAIL\", \"what\": \"no hugepages reserved: DPDK needs about 64 MiB for 1 port\""));
	assert_non_null(strstr(out, "\"port\": \"" GEM1 "\""));
	assert_null(strstr(out, "\"port\": \"" GEM0 "\""));
	assert_non_null(strstr(out, "\"ports\": 1, "));
	assert_non_null(strstr(out, "\"result\": \"fail\"}\n"));
	free(out);

	out = check_main(fk, &e, &st, "ff0e0000.ethernet", NULL);
	assert_int_equal(st, 1);
	assert_non_null(strstr(out, "FAIL ports        ff0e0000.ethernet: no GEM-family platform device"));
	free(out);
	sc_report_free(&rep);
}

static void
test_args(void **state)
{
	char *ok[] = { "socnic-check", "--soak", "60", "--dma", "both", GEM0,
		       GEM1, "--", "--log-level=8" };
	char *bad_soak[] = { "socnic-check", "--soak", "x" };
	char *bad_json[] = { "socnic-check", "--soak", "5", "--json" };
	char *bad_dma[] = { "socnic-check", "--dma", "1" };
	char *bad_opt[] = { "socnic-check", "--nope" };
	struct sc_args a;
	char err[256];

	(void)state;
	assert_int_equal(sc_args_parse(9, ok, &a, err, sizeof(err)), 0);
	assert_int_equal(a.soak_s, 60);
	assert_int_equal(a.dma, SC_DMA_BOTH);
	assert_int_equal(a.nb_ports, 2);
	assert_int_equal(a.eal_argc, 1);
	assert_string_equal(a.eal_argv[0], "--log-level=8");
	assert_int_equal(sc_args_parse(3, bad_soak, &a, err, sizeof(err)), -1);
	assert_string_equal(err, "--soak needs a number of seconds, e.g. --soak 60");
	assert_int_equal(sc_args_parse(4, bad_json, &a, err, sizeof(err)), -1);
	assert_int_equal(sc_args_parse(3, bad_dma, &a, err, sizeof(err)), -1);
	assert_string_equal(err, "--dma and EAL arguments (after --) go with --soak only");
	assert_int_equal(sc_args_parse(2, bad_opt, &a, err, sizeof(err)), -1);
	assert_string_equal(err, "unknown option '--nope' (see socnic-check --help)");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ready_board_passes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset_module, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hugepages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_macb_netdev_up, setup, teardown),
		cmocka_unit_test_setup_teardown(test_consent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_iommu, setup, teardown),
		cmocka_unit_test_setup_teardown(test_iova, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kernel_config, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dma_coherent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clocks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_phy_mdio_owner, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dma_ranges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tool_output, setup, teardown),
		cmocka_unit_test(test_args),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
