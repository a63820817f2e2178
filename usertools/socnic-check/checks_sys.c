/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * The system-wide checks: the kernel's configuration, VFIO and
 * vfio-platform, hugepages, and the IOVA mode EAL will pick.
 */

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "check.h"
#include "checks.h"

const char *
sc_proc(const struct sc_env *env)
{
	return env->proc != NULL ? env->proc : "/proc";
}

static bool
sc_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

const char *
sc_release(const struct sc_env *env, struct utsname *u)
{
	if (env->release != NULL)
		return env->release;
	return uname(u) == 0 ? u->release : "";
}

/* ---- kernel configuration ---- */

/*
 * The options a GEM under DPDK needs, what each is for, and whether
 * lacking it fails (DPDK cannot start) or only warns (one way of running
 * is lost).
 */
static const struct {
	const char *opt;
	enum sc_level missing;
	const char *why;
} sc_kconfig[] = {
	{ "CONFIG_VFIO", SC_FAIL, "VFIO, through which DPDK drives the GEM" },
	{ "CONFIG_VFIO_PLATFORM", SC_FAIL, "vfio-platform, which binds device-tree devices to VFIO" },
	{ "CONFIG_HUGETLBFS", SC_FAIL, "hugepages, DPDK's packet memory" },
	{ "CONFIG_VFIO_NOIOMMU", SC_WARN, "VFIO's no-IOMMU mode, the only way on SoCs whose GEMs sit behind no IOMMU" },
	{ "CONFIG_PROC_PAGE_MONITOR", SC_WARN, "/proc/self/pagemap, which EAL reads for physical addresses (IOVA as PA, no-IOMMU)" },
};

/*
 * The configuration as text: /proc/config.gz (CONFIG_IKCONFIG_PROC, through
 * gzip, which busybox has too) or /boot/config-<release>. Returns a
 * malloc'ed string and names the source, or NULL.
 */
static char *
sc_kconfig_read(const struct sc_env *env, char *src, size_t srclen)
{
	char p[PATH_MAX], cmd[PATH_MAX + 32];
	struct utsname u;
	size_t len = 0, cap = 0;
	char *buf = NULL;
	FILE *f = NULL;
	bool piped = false;

	snprintf(p, sizeof(p), "%s/config.gz", sc_proc(env));
	if (sc_exists(p) && strchr(p, '\'') == NULL) {
		snprintf(cmd, sizeof(cmd), "gzip -dc '%s' 2>/dev/null", p);
		f = popen(cmd, "r");
		piped = f != NULL;
	}
	if (f == NULL) {
		snprintf(p, sizeof(p), "%s/config-%s",
			 env->boot != NULL ? env->boot : "/boot",
			 sc_release(env, &u));
		f = fopen(p, "r");
	}
	if (f == NULL)
		return NULL;
	for (;;) {
		size_t n;

		if (cap - len < 4096) {
			char *nb = realloc(buf, cap + 65536);

			if (nb == NULL)
				break;
			buf = nb;
			cap += 65536;
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		if (n == 0)
			break;
		len += n;
	}
	if (piped)
		pclose(f);
	else
		fclose(f);
	if (buf == NULL || len == 0) {
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	snprintf(src, srclen, "%s", p);
	return buf;
}

/* "y", "m", or NULL when the option is not set. */
static const char *
sc_kconfig_value(const char *cfg, const char *opt)
{
	size_t n = strlen(opt);
	const char *l;

	for (l = cfg; l != NULL && *l != '\0'; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		if (strncmp(l, opt, n) == 0 && l[n] == '=')
			return l[n + 1] == 'y' ? "y" : l[n + 1] == 'm' ? "m" :
				NULL;
	}
	return NULL;
}

static void
sc_check_kconfig(const struct sc_env *env, struct sc_report *rep)
{
	char src[PATH_MAX], fix[SC_FIX_MAX];
	char *cfg = sc_kconfig_read(env, src, sizeof(src));
	unsigned int i;

	if (cfg == NULL) {
		sc_add(rep, "kernel", NULL, SC_WARN,
		       "build the kernel with CONFIG_IKCONFIG_PROC=y, or install its config as /boot/config-$(uname -r); the checks below still see what the running kernel lacks",
		       "cannot read the kernel's configuration (no /proc/config.gz, no /boot/config-<release>)");
		return;
	}
	for (i = 0; i < sizeof(sc_kconfig) / sizeof(sc_kconfig[0]); i++) {
		const char *v = sc_kconfig_value(cfg, sc_kconfig[i].opt);

		if (v != NULL) {
			sc_add(rep, "kernel", NULL, SC_PASS, NULL, "%s=%s (%s)",
			       sc_kconfig[i].opt, v, src);
			continue;
		}
		snprintf(fix, sizeof(fix),
			 "rebuild the kernel with %s=y or =m (socnic's cross/kernel.config lists every option a board needs)",
			 sc_kconfig[i].opt);
		sc_add(rep, "kernel", NULL, sc_kconfig[i].missing, fix,
		       "%s is not set in %s: no %s", sc_kconfig[i].opt, src,
		       sc_kconfig[i].why);
	}
	free(cfg);
}

/* ---- VFIO ---- */

static void
sc_check_vfio(const struct sc_env *env, struct sc_report *rep)
{
	const struct platsysfs *ps = &env->sb.sys;

	if (platsysfs_module_loaded(ps, "vfio") ||
	    platsysfs_module_builtin(ps, "vfio"))
		sc_add(rep, "vfio", NULL, SC_PASS, NULL, "vfio is loaded");
	else
		sc_add(rep, "vfio", NULL, SC_FAIL,
		       "modprobe vfio enable_unsafe_noiommu_mode=1 (no IOMMU) or modprobe vfio",
		       "vfio is not loaded");
	if (platsysfs_driver_loaded(ps, PLATSYSFS_VFIO_PLATFORM))
		sc_add(rep, "vfio", NULL, SC_PASS, NULL,
		       "vfio-platform is loaded");
	else
		sc_add(rep, "vfio", NULL, SC_FAIL, "modprobe vfio-platform",
		       "vfio-platform is not loaded (no /sys/bus/platform/drivers/vfio-platform)");
	/* Loaded with reset_required=0 it binds a GEM with no handler, and
	 * then nothing stops the GEM's DMA when a DPDK process dies. */
	if (platsysfs_reset_required(ps))
		sc_add(rep, "vfio", NULL, SC_PASS, NULL,
		       "vfio-platform requires a reset handler (reset_required=Y): each GEM's is checked below");
	else if (platsysfs_reset_optional(ps))
		sc_add(rep, "vfio", NULL, SC_WARN,
		       "load vfio-platform-gem and vfio-platform without reset_required=0",
		       "vfio-platform is loaded with reset_required=0: a GEM without a reset handler keeps its DMA running when a DPDK process dies, until the next process's probe stops it");
	else
		sc_add(rep, "vfio", NULL, SC_WARN,
		       "load vfio-platform-gem and vfio-platform without reset_required=0",
		       "vfio-platform is loaded with reset_required=0: a GEM without a reset handler keeps its DMA running into freed memory when a DPDK process dies");
}

/* ---- hugepages ---- */

static bool
sc_hugetlbfs_mounted(const struct sc_env *env)
{
	char p[PATH_MAX], line[512];
	bool found = false;
	FILE *f;

	snprintf(p, sizeof(p), "%s/mounts", sc_proc(env));
	f = fopen(p, "r");
	if (f == NULL)
		return false;
	while (!found && fgets(line, sizeof(line), f) != NULL) {
		char dev[128], dir[256], type[64];

		found = sscanf(line, "%127s %255s %63s", dev, dir, type) == 3 &&
			strcmp(type, "hugetlbfs") == 0;
	}
	fclose(f);
	return found;
}

static unsigned long
sc_read_ul(const char *path)
{
	char buf[32];

	if (platsysfs_read_attr(path, buf, sizeof(buf)) != 0)
		return 0;
	return strtoul(buf, NULL, 10);
}

/* The size hugepages= and a plain hugetlbfs mount take: /proc/meminfo's
 * Hugepagesize, 2048 kB (arm64 with 4 kB pages) when it cannot be read. */
static unsigned long
sc_default_hugepage_kb(const struct sc_env *env)
{
	char p[PATH_MAX], line[128];
	unsigned long kb = 0;
	FILE *f;

	snprintf(p, sizeof(p), "%s/meminfo", sc_proc(env));
	f = fopen(p, "r");
	if (f == NULL)
		return 2048;
	while (kb == 0 && fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "Hugepagesize: %lu kB", &kb) != 1)
			kb = 0;
	fclose(f);
	return kb != 0 ? kb : 2048;
}

static void
sc_check_hugepages(const struct sc_env *env, struct sc_report *rep)
{
	const struct platsysfs *ps = &env->sb.sys;
	unsigned long long need, free_b = 0, total_b = 0;
	unsigned long def_kb = sc_default_hugepage_kb(env), used_kb = 0;
	unsigned long long used_b = 0;
	char dir[PATH_MAX], p[PATH_MAX + 300], fix[SC_FIX_MAX];
	struct dirent *e;
	DIR *d;

	need = SC_HUGE_BASE + SC_HUGE_PORT * rep->nb_ports;
	platsysfs_path(ps, dir, sizeof(dir), "kernel/mm/hugepages");
	d = opendir(dir);
	if (d == NULL) {
		sc_add(rep, "hugepages", NULL, SC_FAIL,
		       "rebuild the kernel with CONFIG_HUGETLBFS=y",
		       "the kernel has no hugepages (no /sys/kernel/mm/hugepages)");
		return;
	}
	while ((e = readdir(d)) != NULL) {
		unsigned long kb, nr, fr;

		if (sscanf(e->d_name, "hugepages-%lukB", &kb) != 1)
			continue;
		snprintf(p, sizeof(p), "%s/%s/nr_hugepages", dir, e->d_name);
		nr = sc_read_ul(p);
		snprintf(p, sizeof(p), "%s/%s/free_hugepages", dir, e->d_name);
		fr = sc_read_ul(p);
		total_b += (unsigned long long)nr * kb * 1024;
		free_b += (unsigned long long)fr * kb * 1024;
		if ((unsigned long long)nr * kb * 1024 > used_b) {
			used_b = (unsigned long long)nr * kb * 1024;
			used_kb = kb;
		}
	}
	closedir(d);
	if (used_kb == 0)
		used_kb = def_kb;
	snprintf(fix, sizeof(fix),
		 "echo %llu > /sys/kernel/mm/hugepages/hugepages-%lukB/nr_hugepages (or hugepages=%llu on the kernel command line)",
		 (need + def_kb * 1024 - 1) / (def_kb * 1024) +
		 (total_b - free_b) / (def_kb * 1024), def_kb,
		 (need + def_kb * 1024 - 1) / (def_kb * 1024));
	if (total_b == 0) {
		sc_add(rep, "hugepages", NULL, SC_FAIL, fix,
		       "no hugepages reserved: DPDK needs about %llu MiB for %u port%s",
		       need >> 20, rep->nb_ports, rep->nb_ports == 1 ? "" : "s");
		return;
	}
	if (free_b < need) {
		sc_add(rep, "hugepages", NULL, SC_FAIL, fix,
		       "%llu MiB of hugepages free (%llu MiB reserved): DPDK needs about %llu MiB for %u port%s",
		       free_b >> 20, total_b >> 20, need >> 20, rep->nb_ports,
		       rep->nb_ports == 1 ? "" : "s");
		return;
	}
	if (!sc_hugetlbfs_mounted(env)) {
		sc_add(rep, "hugepages", NULL, SC_FAIL,
		       "mkdir -p /dev/hugepages && mount -t hugetlbfs nodev /dev/hugepages",
		       "%llu MiB of hugepages free, but no hugetlbfs is mounted: EAL finds hugepages through a mount",
		       free_b >> 20);
		return;
	}
	sc_add(rep, "hugepages", NULL, SC_PASS, NULL,
	       "%llu MiB free of %llu MiB (%lu kB pages), hugetlbfs mounted: enough for %u port%s (about %llu MiB)",
	       free_b >> 20, total_b >> 20, used_kb, rep->nb_ports,
	       rep->nb_ports == 1 ? "" : "s", need >> 20);
}

/* ---- IOVA mode ---- */

/*
 * EAL picks IOVA as PA when any device is in a no-IOMMU group (VFIO then
 * hands the device physical addresses), and that needs root and
 * /proc/self/pagemap; behind an IOMMU it picks IOVA as VA.
 */
static void
sc_check_iova(const struct sc_env *env, const struct sb_nic *nics,
	      unsigned int nb, struct sc_report *rep)
{
	char p[PATH_MAX];
	unsigned int i, pa = 0;

	for (i = 0; i < nb; i++)
		if (nics[i].group < 0 || nics[i].group_noiommu)
			pa++;
	if (nb == 0 || pa == 0) {
		sc_add(rep, "iova", NULL, SC_PASS, NULL, nb == 0 ?
		       "no port to decide the IOVA mode" :
		       "IOVA as VA: every port is behind an IOMMU");
		return;
	}
	if (env->euid != 0) {
		sc_add(rep, "iova", NULL, SC_FAIL,
		       "run DPDK (and socnic-check) as root",
		       "IOVA as PA (%u port%s without an IOMMU), which needs root: EAL reads physical addresses from /proc/self/pagemap",
		       pa, pa == 1 ? "" : "s");
		return;
	}
	snprintf(p, sizeof(p), "%s/self/pagemap", sc_proc(env));
	if (!sc_exists(p)) {
		sc_add(rep, "iova", NULL, SC_FAIL,
		       "rebuild the kernel with CONFIG_PROC_PAGE_MONITOR=y",
		       "IOVA as PA (%u port%s without an IOMMU), but there is no /proc/self/pagemap to find physical addresses in",
		       pa, pa == 1 ? "" : "s");
		return;
	}
	sc_add(rep, "iova", NULL, SC_PASS, NULL,
	       "IOVA as PA (%u port%s without an IOMMU): running as root, /proc/self/pagemap present; do not pass --iova-mode=va",
	       pa, pa == 1 ? "" : "s");
}

void
sc_check_system(const struct sc_env *env, const struct sb_nic *nics,
		unsigned int nb, struct sc_report *rep)
{
	sc_check_kconfig(env, rep);
	sc_check_vfio(env, rep);
	sc_check_hugepages(env, rep);
	sc_check_iova(env, nics, nb, rep);
}
