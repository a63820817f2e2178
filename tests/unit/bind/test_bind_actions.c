/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * socnic-bind's bind/unbind/restore sequences against fake sysfs trees,
 * with a small stand-in for the kernel's side of the sysfs writes: what is
 * written in which order, what the tool says, and what it leaves behind
 * when the kernel refuses.
 */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "bindfix.h"
#include "cli.h"

/*
 * The kernel's side of the writes, as far as the tool can see it: the
 * override is stored, unbind drops the driver link, drivers_probe binds
 * vfio-platform when the override asks for it and a reset handler exists,
 * or macb when nothing is forced and macb is loaded.
 */
struct sim {
	struct fk *fk;
	bool handler;
	bool macb;
	int fail;		/* errno every write fails with, 0 = none */
	char log[2048];
};

static int
sim_write(void *opaque, const char *path, const char *value)
{
	struct sim *s = opaque;
	const char *rel = path + strlen(s->fk->sys) + 1;
	size_t n = strlen(s->log);
	char ov[SB_NAME_MAX], rpath[600];

	snprintf(s->log + n, sizeof(s->log) - n, "%s=%s;", rel,
		 strcmp(value, "\n") == 0 ? "\\n" : value);
	if (s->fail)
		return -s->fail;
	if (strstr(rel, "/driver_override") != NULL) {
		char dev[SB_NAME_MAX];

		sscanf(rel, "bus/platform/devices/%127[^/]", dev);
		fk_override(s->fk, dev, strcmp(value, "\n") == 0 ? "(null)\n" :
			    value);
	} else if (strstr(rel, "/unbind") != NULL) {
		fk_unbind(s->fk, value);
	} else if (strcmp(rel, "bus/platform/drivers_probe") == 0) {
		if (fk_driver_of(s->fk, value)[0] != '\0')
			return 0;
		snprintf(rpath, sizeof(rpath), "bus/platform/devices/%s/driver_override",
			 value);
		snprintf(ov, sizeof(ov), "%s", fk_read(s->fk, rpath));
		if (strcmp(ov, "vfio-platform") == 0 && s->handler)
			fk_bind(s->fk, value, PLATSYSFS_VFIO_PLATFORM);
		else if (strcmp(ov, "(null)\n") == 0 && s->macb)
			fk_bind(s->fk, value, "macb");
	}
	return 0;
}

static struct sb_ctx
sim_ctx(struct fk *fk, struct sim *s)
{
	struct sb_ctx c = ctx_of(fk);

	memset(s, 0, sizeof(*s));
	s->fk = fk;
	s->handler = true;
	s->macb = true;
	c.sys.write = sim_write;
	c.sys.opaque = s;
	return c;
}

static void
test_bind_from_macb(void **state)
{
	struct fk *fk = *state;
	struct sim s;
	struct sb_ctx c = sim_ctx(fk, &s);
	char msg[SB_MSG_MAX];

	versal_board(fk);
	fk_bind(fk, GEM0, "macb");
	assert_int_equal(sb_bind(&c, GEM0, msg, sizeof(msg)), 0);
	assert_string_equal(msg, GEM0 ": bound to vfio-platform (was macb)");
	/* Override first, so nothing else grabs it between unbind and probe. */
	assert_string_equal(s.log,
		"bus/platform/devices/" GEM0 "/driver_override=vfio-platform;"
		"bus/platform/drivers/macb/unbind=" GEM0 ";"
		"bus/platform/drivers_probe=" GEM0 ";");
	assert_string_equal(fk_driver_of(fk, GEM0), PLATSYSFS_VFIO_PLATFORM);

	/* Again: nothing to do, nothing written. */
	s.log[0] = '\0';
	assert_int_equal(sb_bind(&c, GEM0, msg, sizeof(msg)), 0);
	assert_string_equal(msg, GEM0 ": already bound to vfio-platform");
	assert_string_equal(s.log, "");
}

static void
test_bind_unbound(void **state)
{
	struct fk *fk = *state;
	struct sim s;
	struct sb_ctx c = sim_ctx(fk, &s);
	char msg[SB_MSG_MAX];

	versal_board(fk);
	assert_int_equal(sb_bind(&c, GEM1, msg, sizeof(msg)), 0);
	assert_string_equal(msg, GEM1 ": bound to vfio-platform (was unbound)");
	assert_string_equal(s.log,
		"bus/platform/devices/" GEM1 "/driver_override=vfio-platform;"
		"bus/platform/drivers_probe=" GEM1 ";");
}

static void
test_bind_refused_no_handler(void **state)
{
	struct fk *fk = *state;
	struct sim s;
	struct sb_ctx c = sim_ctx(fk, &s);
	char msg[SB_MSG_MAX], p[512];

	versal_board(fk);
	snprintf(p, sizeof(p), "rmdir %s/module/vfio_platform_gem", fk->sys);
	assert_int_equal(system(p), 0);
	s.handler = false;
	fk_bind(fk, GEM0, "macb");
	assert_int_equal(sb_bind(&c, GEM0, msg, sizeof(msg)), -1);
	assert_string_equal(msg,
		GEM0 ": not bound: vfio-platform refuses it without a reset handler (vfio-platform-gem is neither loaded nor installed: insmod vfio-platform-gem.ko (socnic's reset/ module), or install it and run depmod) (a reset handler is what stops the GEM's DMA when a DPDK process dies; Linux before 6.3 binds nothing without one)");
	/* Refused before anything was written: macb never let go. */
	assert_string_equal(s.log, "");
	assert_string_equal(fk_driver_of(fk, GEM0), "macb");

	/* vfio-platform loaded with reset_required=0 binds without one. */
	fk_write(fk, "module/vfio_platform/parameters/reset_required", "N\n");
	s.handler = true;
	assert_int_equal(sb_bind(&c, GEM0, msg, sizeof(msg)), 0);
}

/* The kernel's interface in use: refused untouched, bound with --force. */
static void
test_bind_in_use(void **state)
{
	struct fk *fk = *state;
	struct sim s;
	struct sb_ctx c = sim_ctx(fk, &s);
	char msg[SB_MSG_MAX];

	versal_board(fk);
	fk_bind(fk, GEM0, "macb");
	fk_netdev_flags(fk, "eth0", GEM0, 0x1003);
	fk_addr(fk, "eth0", "192.0.2.1/24");
	assert_int_equal(sb_bind(&c, GEM0, msg, sizeof(msg)), -1);
	assert_string_equal(msg, GEM0 ": eth0 is up with 192.0.2.1/24: the kernel is using it; take it down (ip link set eth0 down, ip addr flush dev eth0), or pass --force");
	assert_string_equal(s.log, "");
	assert_string_equal(fk_read(fk, "devices/platform/" GEM0 "/net/eth0/flags"),
			    "0x1003\n");
	/* the interface the kernel booted over, named by ip= */
	fk_write(fk, "devices/platform/" GEM0 "/net/eth0/flags", "0x1002\n");
	snprintf(msg, sizeof(msg), "%s/addrs/eth0", fk->root);
	unlink(msg);
	fk_cmdline(fk, "ip=192.0.2.9::192.0.2.1:255.255.255.0::eth0:off\n");
	assert_int_equal(sb_bind(&c, GEM0, msg, sizeof(msg)), -1);
	assert_string_equal(msg, GEM0 ": eth0 is down and is the boot interface (ip= on the kernel command line names it): the kernel is using it; boot over another interface (ip= on the kernel command line), or pass --force");
	c.force = true;
	assert_int_equal(sb_bind(&c, GEM0, msg, sizeof(msg)), 0);
	assert_string_equal(fk_driver_of(fk, GEM0), PLATSYSFS_VFIO_PLATFORM);
}

static void
test_bind_refused_other(void **state)
{
	struct fk *fk = *state;
	struct sim s;
	struct sb_ctx c = sim_ctx(fk, &s);
	char msg[SB_MSG_MAX];

	versal_board(fk);
	s.handler = false;	/* handler "loaded", yet the probe fails */
	assert_int_equal(sb_bind(&c, GEM0, msg, sizeof(msg)), -1);
	assert_string_equal(msg,
		GEM0 ": vfio-platform did not take it (driver now: none): see dmesg for vfio-platform's reason");
}

static void
test_bind_preconditions(void **state)
{
	struct fk *fk = *state;
	struct sim s;
	struct sb_ctx c = sim_ctx(fk, &s);
	char msg[SB_MSG_MAX], p[512];

	versal_board(fk);
	assert_int_equal(sb_bind(&c, "ff000000.serial", msg, sizeof(msg)), -1);
	assert_string_equal(msg,
		"ff000000.serial: not a GEM-family NIC (compatible: arm,pl011): socnic-bind handles only the Cadence GEM family");
	assert_int_equal(sb_bind(&c, "f1.ethernet", msg, sizeof(msg)), -1);
	assert_string_equal(msg,
		"f1.ethernet: no such platform device: socnic-bind --status lists the NICs by name");

	fk_noiommu(fk, 'N');
	assert_int_equal(sb_bind(&c, GEM0, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, GEM0 ": not bound: no IOMMU group, and VFIO's no-IOMMU mode is off"));

	snprintf(p, sizeof(p), "rm -r %s/bus/platform/drivers/vfio-platform", fk->sys);
	assert_int_equal(system(p), 0);
	assert_int_equal(sb_bind(&c, GEM0, msg, sizeof(msg)), -1);
	assert_string_equal(msg, GEM0 ": vfio-platform is not loaded: modprobe vfio-platform");
	assert_string_equal(s.log, "");
}

static void
test_write_denied(void **state)
{
	struct fk *fk = *state;
	struct sim s;
	struct sb_ctx c = sim_ctx(fk, &s);
	char msg[SB_MSG_MAX];

	versal_board(fk);
	s.fail = EACCES;
	assert_int_equal(sb_bind(&c, GEM0, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, GEM0 ": cannot write "));
	assert_non_null(strstr(msg, "/driver_override: Permission denied: run socnic-bind as root"));
}

static void
test_unbind(void **state)
{
	struct fk *fk = *state;
	struct sim s;
	struct sb_ctx c = sim_ctx(fk, &s);
	char msg[SB_MSG_MAX];

	versal_board(fk);
	fk_group(fk, GEM0, 0, "vfio-noiommu\n");
	fk_bind(fk, GEM0, PLATSYSFS_VFIO_PLATFORM);
	fk_override(fk, GEM0, "vfio-platform\n");

	/* A DPDK process has the group open: unbind would hang in the kernel. */
	fk_proc_fd(fk, 4242, "socnic-fwd\n", "/dev/vfio/noiommu-0");
	fk_proc_fd(fk, 4243, "sh\n", "/dev/vfio/noiommu-1");
	assert_int_equal(sb_unbind(&c, GEM0, msg, sizeof(msg)), -1);
	assert_string_equal(msg,
		GEM0 ": in use by pid 4242 (socnic-fwd) through VFIO group 0: stop that program first");
	assert_string_equal(s.log, "");

	fk_cleanup(fk);
	fk_init(fk);
	versal_board(fk);
	fk_group(fk, GEM0, 0, "vfio-noiommu\n");
	fk_bind(fk, GEM0, PLATSYSFS_VFIO_PLATFORM);
	fk_override(fk, GEM0, "vfio-platform\n");
	assert_int_equal(sb_unbind(&c, GEM0, msg, sizeof(msg)), 0);
	assert_string_equal(msg, GEM0 ": unbound from vfio-platform");
	assert_string_equal(s.log,
		"bus/platform/drivers/vfio-platform/unbind=" GEM0 ";"
		"bus/platform/devices/" GEM0 "/driver_override=\\n;");
	assert_string_equal(fk_driver_of(fk, GEM0), "");

	assert_int_equal(sb_unbind(&c, GEM0, msg, sizeof(msg)), 0);
	assert_string_equal(msg, GEM0 ": already unbound");
}

static void
test_restore(void **state)
{
	struct fk *fk = *state;
	struct sim s;
	struct sb_ctx c = sim_ctx(fk, &s);
	char msg[SB_MSG_MAX];

	versal_board(fk);
	fk_bind(fk, GEM0, PLATSYSFS_VFIO_PLATFORM);
	fk_override(fk, GEM0, "vfio-platform\n");
	assert_int_equal(sb_restore(&c, GEM0, msg, sizeof(msg)), 0);
	assert_string_equal(msg, GEM0 ": back on its kernel driver macb");
	assert_string_equal(s.log,
		"bus/platform/devices/" GEM0 "/driver_override=\\n;"
		"bus/platform/drivers/vfio-platform/unbind=" GEM0 ";"
		"bus/platform/drivers_probe=" GEM0 ";");

	s.log[0] = '\0';
	assert_int_equal(sb_restore(&c, GEM0, msg, sizeof(msg)), 0);
	assert_string_equal(msg, GEM0 ": already on its kernel driver macb");
	assert_string_equal(s.log, "");

	/* macb not loaded: the NIC stays unbound, and we say what to load. */
	s.macb = false;
	assert_int_equal(sb_restore(&c, GEM1, msg, sizeof(msg)), -1);
	assert_string_equal(msg,
		GEM1 ": no kernel driver took it: load one (modprobe macb) and run socnic-bind --restore " GEM1 " again");
}

static void
test_main_bind_several(void **state)
{
	struct fk *fk = *state;
	struct sim s;
	char *argv[] = { "socnic-bind", "--bind", GEM0, "bogus0", "socplat:" GEM1, NULL };
	char *out = NULL, *err = NULL;
	size_t olen = 0, elen = 0;
	struct sb_env env = { .euid = 1000, .sysfs = fk->sys,
			      .modules = fk->modules, .proc = fk->proc,
			      .write = sim_write, .opaque = &s };

	memset(&s, 0, sizeof(s));
	s.fk = fk;
	s.handler = true;
	versal_board(fk);
	env.out = open_memstream(&out, &olen);
	env.err = open_memstream(&err, &elen);
	/* One failure makes the status 1, the others still happen. */
	assert_int_equal(sb_main(5, argv, &env), 1);
	fclose(env.out);
	fclose(env.err);
	assert_string_equal(out,
		GEM0 ": bound to vfio-platform (was unbound)\n"
		GEM1 ": bound to vfio-platform (was unbound)\n");
	assert_string_equal(err,
		"socnic-bind: bogus0: no such platform device or interface: socnic-bind --status lists the NICs by name\n");
	free(out);
	free(err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bind_from_macb, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bind_unbound, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bind_refused_no_handler, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bind_in_use, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bind_refused_other, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bind_preconditions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_denied, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unbind, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restore, setup, teardown),
		cmocka_unit_test_setup_teardown(test_main_bind_several, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
