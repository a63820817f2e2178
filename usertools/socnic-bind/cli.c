/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define SB_PROG "socnic-bind"

static int
sb_err(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

static int
sb_set_cmd(struct sb_args *a, enum sb_cmd cmd, const char *opt, bool *given,
	   char *err, size_t len)
{
	if (*given && a->cmd != cmd)
		return sb_err(err, len,
			      "%s: one action at a time (--list, --status, --bind, --unbind or --restore)",
			      opt);
	*given = true;
	a->cmd = cmd;
	return 0;
}

int
sb_args_parse(int argc, char *const argv[], struct sb_args *a, char *err,
	      size_t errlen)
{
	bool given = false, takes_devs = false;
	int i;

	memset(a, 0, sizeof(*a));
	a->cmd = SB_CMD_LIST;
	for (i = 1; i < argc; i++) {
		const char *s = argv[i];
		enum sb_cmd cmd;

		if (strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0) {
			a->cmd = SB_CMD_HELP;
			return 0;
		}
		if (strcmp(s, "--json") == 0 || strcmp(s, "-j") == 0) {
			a->json = true;
			continue;
		}
		if (strcmp(s, "--force") == 0 || strcmp(s, "-f") == 0) {
			a->force = true;
			continue;
		}
		if (strcmp(s, "--sysfs") == 0 || strcmp(s, "--modules") == 0 ||
		    strcmp(s, "--proc") == 0) {
			if (i + 1 >= argc)
				return sb_err(err, errlen, "%s needs a directory", s);
			if (s[2] == 's')
				a->sysfs = argv[++i];
			else if (s[2] == 'm')
				a->modules = argv[++i];
			else
				a->proc = argv[++i];
			continue;
		}
		if (strcmp(s, "--list") == 0 || strcmp(s, "-l") == 0)
			cmd = SB_CMD_LIST;
		else if (strcmp(s, "--status") == 0 || strcmp(s, "-s") == 0)
			cmd = SB_CMD_STATUS;
		else if (strcmp(s, "--bind") == 0 || strcmp(s, "-b") == 0)
			cmd = SB_CMD_BIND;
		else if (strcmp(s, "--unbind") == 0 || strcmp(s, "-u") == 0)
			cmd = SB_CMD_UNBIND;
		else if (strcmp(s, "--restore") == 0 || strcmp(s, "-r") == 0)
			cmd = SB_CMD_RESTORE;
		else if (s[0] == '-')
			return sb_err(err, errlen,
				      "unknown option '%s' (see socnic-bind --help)", s);
		else if (takes_devs) {
			if (a->nb_devs == SB_MAX_DEVS)
				return sb_err(err, errlen,
					      "more than %d devices", SB_MAX_DEVS);
			a->devs[a->nb_devs++] = s;
			continue;
		} else {
			return sb_err(err, errlen,
				      "'%s': a device name only follows --bind, --unbind or --restore (see socnic-bind --help)",
				      s);
		}
		if (sb_set_cmd(a, cmd, s, &given, err, errlen) != 0)
			return -1;
		takes_devs = cmd == SB_CMD_BIND || cmd == SB_CMD_UNBIND ||
			     cmd == SB_CMD_RESTORE;
	}
	if ((a->cmd == SB_CMD_BIND || a->cmd == SB_CMD_UNBIND ||
	     a->cmd == SB_CMD_RESTORE) && a->nb_devs == 0)
		return sb_err(err, errlen,
			      "--%s needs a device, e.g. --%s ff0c0000.ethernet (socnic-bind --status lists them)",
			      a->cmd == SB_CMD_BIND ? "bind" :
			      a->cmd == SB_CMD_UNBIND ? "unbind" : "restore",
			      a->cmd == SB_CMD_BIND ? "bind" :
			      a->cmd == SB_CMD_UNBIND ? "unbind" : "restore");
	if (a->json && a->cmd != SB_CMD_LIST && a->cmd != SB_CMD_STATUS)
		return sb_err(err, errlen,
			      "--json goes with --list or --status only");
	if (a->force && a->cmd != SB_CMD_BIND)
		return sb_err(err, errlen, "--force goes with --bind only");
	return 0;
}

/* ---- text output ---- */

static void
sb_print_compat(FILE *f, const struct sb_nic *n)
{
	unsigned int i;

	for (i = 0; i < n->nb_compat; i++)
		fprintf(f, "%s%s", i ? " " : "", n->compat[i]);
}

static const char *
sb_reset_word(enum sb_reset r)
{
	switch (r) {
	case SB_RESET_LOADED:
		return "loaded";
	case SB_RESET_AUTOLOAD:
		return "autoload";
	default:
		return "none";
	}
}

static void
sb_print_group(FILE *f, const struct sb_nic *n)
{
	if (n->group < 0)
		fprintf(f, "none");
	else
		fprintf(f, "%d%s", n->group, n->group_noiommu ? " (no-IOMMU)" : "");
}

void
sb_print_list(FILE *f, const struct sb_system *sys, const struct sb_nic *nics,
	      unsigned int nb)
{
	char mac[24];
	unsigned int i;

	if (nb == 0)
		fprintf(f, "no GEM-family platform NICs: the device tree has none, or their nodes are disabled\n");
	for (i = 0; i < nb; i++) {
		const struct sb_nic *n = &nics[i];

		fprintf(f, "%s%s\n", i ? "\n" : "", n->name);
		fprintf(f, "  compatible   ");
		sb_print_compat(f, n);
		fprintf(f, "\n  driver       %s", n->driver[0] ? n->driver : "none");
		if (n->netdev[0])
			fprintf(f, " (interface %s)", n->netdev);
		if (n->override[0])
			fprintf(f, ", driver_override %s", n->override);
		fprintf(f, "\n  iommu group  ");
		sb_print_group(f, n);
		fprintf(f, "\n  viable       %s: %s\n", n->viable ? "yes" : "no",
			n->viable_why);
		fprintf(f, "  reset        %s: %s\n",
			n->reset != SB_RESET_NONE ? "yes" : "no", n->reset_why);
		if (n->has_mac) {
			sb_fmt_mac(n->mac, mac, sizeof(mac));
			fprintf(f, "  mac          %s (%s)\n", mac, n->mac_prop);
		} else {
			fprintf(f, "  mac          none in the device tree\n");
		}
	}
	if (!sys->vfio_platform)
		fprintf(f, "\nvfio-platform is not loaded: modprobe vfio-platform before binding\n");
}

static void
sb_status_line(FILE *f, const struct sb_nic *n)
{
	char mac[24];

	fprintf(f, "%s '", n->name);
	sb_print_compat(f, n);
	fprintf(f, "'");
	if (n->netdev[0])
		fprintf(f, " if=%s", n->netdev);
	if (n->driver[0])
		fprintf(f, " drv=%s", n->driver);
	if (strcmp(n->driver, PLATSYSFS_VFIO_PLATFORM) != 0)
		fprintf(f, " unused=" PLATSYSFS_VFIO_PLATFORM);
	if (n->override[0])
		fprintf(f, " override=%s", n->override);
	fprintf(f, " group=");
	sb_print_group(f, n);
	fprintf(f, " %s", n->viable ? "viable" : "not-viable");
	if (!n->viable && n->nb_offenders > 0)
		fprintf(f, " (%s on %s)", n->offenders[0].dev,
			n->offenders[0].driver);
	fprintf(f, " reset=%s", sb_reset_word(n->reset));
	if (n->has_mac) {
		sb_fmt_mac(n->mac, mac, sizeof(mac));
		fprintf(f, " mac=%s", mac);
	}
	fprintf(f, "\n");
}

static void
sb_status_section(FILE *f, const char *title, const struct sb_nic *nics,
		  unsigned int nb, int which)
{
	size_t i, len = strlen(title);
	unsigned int shown = 0;

	fprintf(f, "%s\n", title);
	for (i = 0; i < len; i++)
		fputc('=', f);
	fputc('\n', f);
	for (i = 0; i < nb; i++) {
		const struct sb_nic *n = &nics[i];
		int kind = strcmp(n->driver, PLATSYSFS_VFIO_PLATFORM) == 0 ? 0 :
			   n->driver[0] ? 1 : 2;

		if (kind != which)
			continue;
		sb_status_line(f, n);
		shown++;
	}
	if (shown == 0)
		fprintf(f, "<none>\n");
}

void
sb_print_status(FILE *f, const struct sb_system *sys,
		const struct sb_nic *nics, unsigned int nb)
{
	sb_status_section(f, "Platform NICs using vfio-platform", nics, nb, 0);
	fputc('\n', f);
	sb_status_section(f, "Platform NICs using a kernel driver", nics, nb, 1);
	fputc('\n', f);
	sb_status_section(f, "Unbound platform NICs", nics, nb, 2);
	fprintf(f, "\nvfio-platform %s, no-IOMMU mode %s, " SB_RESET_MODULE " %s\n",
		sys->vfio_platform ? "loaded" : "not loaded (modprobe vfio-platform)",
		sys->noiommu ? "on" : "off",
		sys->reset_loaded ? "loaded" : "not loaded");
}

/* ---- JSON ---- */

static void
sb_json_str(FILE *f, const char *s)
{
	const unsigned char *p;

	if (s == NULL || s[0] == '\0') {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p == '\t')
			fputs("\\t", f);
		else if (*p < 0x20)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

static const char *
sb_bool(bool b)
{
	return b ? "true" : "false";
}

void
sb_print_json(FILE *f, const struct sb_system *sys, const struct sb_nic *nics,
	      unsigned int nb)
{
	char mac[24];
	unsigned int i, j;

	fprintf(f, "{\n  \"vfio_platform_loaded\": %s,\n"
		"  \"noiommu_mode\": %s,\n  \"reset_module_loaded\": %s,\n"
		"  \"nics\": [",
		sb_bool(sys->vfio_platform), sb_bool(sys->noiommu),
		sb_bool(sys->reset_loaded));
	for (i = 0; i < nb; i++) {
		const struct sb_nic *n = &nics[i];

		fprintf(f, "%s\n    {\n      \"name\": ", i ? "," : "");
		sb_json_str(f, n->name);
		fprintf(f, ",\n      \"compatible\": [");
		for (j = 0; j < n->nb_compat; j++) {
			fprintf(f, "%s", j ? ", " : "");
			sb_json_str(f, n->compat[j]);
		}
		fprintf(f, "],\n      \"driver\": ");
		sb_json_str(f, n->driver);
		fprintf(f, ",\n      \"driver_override\": ");
		sb_json_str(f, n->override);
		fprintf(f, ",\n      \"interface\": ");
		sb_json_str(f, n->netdev);
		fprintf(f, ",\n      \"iommu_group\": ");
		if (n->group < 0)
			fprintf(f, "null");
		else
			fprintf(f, "%d", n->group);
		fprintf(f, ",\n      \"noiommu_group\": %s,\n      \"viable\": %s,\n"
			"      \"viable_reason\": ",
			sb_bool(n->group_noiommu), sb_bool(n->viable));
		sb_json_str(f, n->viable_why);
		fprintf(f, ",\n      \"offenders\": [");
		for (j = 0; j < n->nb_offenders; j++) {
			fprintf(f, "%s{\"device\": ", j ? ", " : "");
			sb_json_str(f, n->offenders[j].dev);
			fprintf(f, ", \"driver\": ");
			sb_json_str(f, n->offenders[j].driver);
			fprintf(f, "}");
		}
		fprintf(f, "],\n      \"reset_handler\": \"%s\",\n"
			"      \"reset_module\": ", sb_reset_word(n->reset));
		sb_json_str(f, n->reset_module);
		fprintf(f, ",\n      \"reset_reason\": ");
		sb_json_str(f, n->reset_why);
		fprintf(f, ",\n      \"mac\": ");
		if (n->has_mac) {
			sb_fmt_mac(n->mac, mac, sizeof(mac));
			sb_json_str(f, mac);
		} else {
			fprintf(f, "null");
		}
		fprintf(f, ",\n      \"mac_source\": ");
		sb_json_str(f, n->has_mac ? n->mac_prop : NULL);
		fprintf(f, "\n    }");
	}
	fprintf(f, "%s]\n}\n", nb ? "\n  " : "");
}

void
sb_usage(FILE *f)
{
	fprintf(f,
"Usage: socnic-bind [--list | --status] [--json]\n"
"       socnic-bind --bind [--force] DEV [DEV...] | --unbind DEV [DEV...] | --restore DEV [DEV...]\n"
"\n"
"The device tree's Cadence GEM NICs (platform devices, not PCI): who owns each\n"
"one, and whether vfio-platform can take it for DPDK.\n"
"\n"
"  -l, --list       every NIC in detail: compatibles, driver, IOMMU group,\n"
"                   whether the group is viable and why, reset handler, MAC\n"
"                   from the device tree (the default)\n"
"  -s, --status     one line per NIC, grouped like dpdk-devbind.py --status:\n"
"                   using vfio-platform / using a kernel driver / unbound\n"
"  -j, --json       the same facts as one JSON object, for scripts\n"
"  -b, --bind       give DEV to vfio-platform (driver_override, unbind, probe)\n"
"                   and check that it took it; refused while the kernel uses\n"
"                   DEV's interface (up, addressed, the boot interface)\n"
"  -f, --force      with --bind: take DEV even then\n"
"  -u, --unbind     detach DEV from its driver and clear driver_override\n"
"  -r, --restore    give DEV back to its kernel driver (" SB_KERNEL_DRIVER ")\n"
"  -h, --help       this text\n"
"\n"
"DEV is the sysfs name (ff0c0000.ethernet), the same with DPDK's socplat:\n"
"prefix, or the kernel interface while the NIC has one (eth0).\n"
"\n"
"Where it looks (for tests and chroots): --sysfs DIR or $SOCNIC_SYSFS (/sys),\n"
"--modules DIR or $SOCNIC_MODULES (/lib/modules/$(uname -r)), --proc DIR or\n"
"$SOCNIC_PROC (/proc).\n"
"\n"
"vfio-platform needs a reset handler for the NIC's first compatible (socnic's\n"
SB_RESET_MODULE " module, reset/) unless loaded with reset_required=0.\n"
"Without an IOMMU, VFIO must run in no-IOMMU mode: modprobe vfio\n"
"enable_unsafe_noiommu_mode=1, or once vfio is loaded\n"
"echo 1 > /sys/module/vfio/parameters/enable_unsafe_noiommu_mode.\n"
"A DPDK program takes a NIC only when named (-a), marked socnic,data-plane in\n"
"the device tree, or already bound here with --bind.\n"
"\n"
"Exit status: 0 on success, 1 when an action failed, 2 for a bad command line.\n");
}

/* ---- main ---- */

static int
sb_act(const struct sb_ctx *ctx, const struct sb_args *a, FILE *out, FILE *err)
{
	char name[SB_NAME_MAX], msg[SB_MSG_MAX];
	unsigned int i;
	int status = 0, ret;

	for (i = 0; i < a->nb_devs; i++) {
		if (sb_resolve(ctx, a->devs[i], name, sizeof(name)) != 0) {
			fprintf(err, SB_PROG ": %s: no such platform device or interface: socnic-bind --status lists the NICs by name\n",
				a->devs[i]);
			status = 1;
			continue;
		}
		if (a->cmd == SB_CMD_BIND)
			ret = sb_bind(ctx, name, msg, sizeof(msg));
		else if (a->cmd == SB_CMD_UNBIND)
			ret = sb_unbind(ctx, name, msg, sizeof(msg));
		else
			ret = sb_restore(ctx, name, msg, sizeof(msg));
		if (ret == 0) {
			fprintf(out, "%s\n", msg);
		} else {
			fprintf(err, SB_PROG ": %s\n", msg);
			status = 1;
		}
	}
	return status;
}

int
sb_main(int argc, char *const argv[], const struct sb_env *env)
{
	struct sb_args a;
	struct sb_ctx ctx;
	struct sb_system sys;
	struct sb_nic *nics;
	unsigned int nb;
	char err[SB_MSG_MAX];
	int ret;

	if (sb_args_parse(argc, argv, &a, err, sizeof(err)) != 0) {
		fprintf(env->err, SB_PROG ": %s\n", err);
		return 2;
	}
	if (a.cmd == SB_CMD_HELP) {
		sb_usage(env->out);
		return 0;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.sys.sysfs = a.sysfs != NULL ? a.sysfs : env->sysfs;
	ctx.sys.modules = a.modules != NULL ? a.modules : env->modules;
	ctx.sys.write = env->write;
	ctx.sys.opaque = env->opaque;
	ctx.proc = a.proc != NULL ? a.proc : env->proc;
	ctx.sys.proc = ctx.proc;
	ctx.force = a.force;

	if (a.cmd == SB_CMD_BIND || a.cmd == SB_CMD_UNBIND ||
	    a.cmd == SB_CMD_RESTORE) {
		/* A fake tree (tests) is anyone's to write. */
		if (ctx.sys.sysfs == NULL && env->euid != 0) {
			fprintf(env->err, SB_PROG ": --%s writes to /sys/bus/platform and needs root: run it as root (sudo socnic-bind ...)\n",
				a.cmd == SB_CMD_BIND ? "bind" :
				a.cmd == SB_CMD_UNBIND ? "unbind" : "restore");
			return 1;
		}
		return sb_act(&ctx, &a, env->out, env->err);
	}

	sb_system_read(&ctx, &sys);
	ret = sb_scan(&ctx, &sys, &nics, &nb);
	if (ret != 0) {
		fprintf(env->err, SB_PROG ": cannot read %s/bus/platform/devices: %s: is sysfs mounted (mount -t sysfs sysfs /sys)?\n",
			platsysfs_root(&ctx.sys), strerror(-ret));
		return 1;
	}
	if (a.json)
		sb_print_json(env->out, &sys, nics, nb);
	else if (a.cmd == SB_CMD_STATUS)
		sb_print_status(env->out, &sys, nics, nb);
	else
		sb_print_list(env->out, &sys, nics, nb);
	free(nics);
	return 0;
}
