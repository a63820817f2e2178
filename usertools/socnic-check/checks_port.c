/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * One port's checks. The driver, IOMMU and reset-handler facts are
 * socnic-bind's reading of the NIC (struct sb_nic) and the kernel's use of
 * its interface is platsysfs_netdev_use, the rule the bus applies; the
 * device-tree ones (clocks, PHY, dma-ranges) read the live tree directly
 * (dtnode.h) until the bus has accessors for them.
 */

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "checks.h"
#include "dtnode.h"

/* ---- who drives it, and the kernel's use of its interface ---- */

static void
sc_check_driver(const struct sc_env *env, const struct sb_nic *nic,
		struct sc_report *rep)
{
	char what[256], fix[192], full[SC_FIX_MAX];
	struct platsysfs_use u;
	struct sb_user users[1];
	int ret;

	if (nic->driver[0] == '\0') {
		sc_add(rep, "driver", nic->name, SC_PASS, NULL,
		       "no driver: free for DPDK");
		return;
	}
	if (strcmp(nic->driver, PLATSYSFS_VFIO_PLATFORM) == 0) {
		if (sb_group_users(&env->sb, nic, users, 1) > 0)
			sc_add(rep, "driver", nic->name, SC_PASS, NULL,
			       "on vfio-platform, in use by pid %d (%s)",
			       users[0].pid, users[0].comm);
		else
			sc_add(rep, "driver", nic->name, SC_PASS, NULL,
			       "on vfio-platform");
		return;
	}
	ret = platsysfs_netdev_use(&env->sb.sys, nic->name, &u);
	if (ret < 0) {
		sc_add(rep, "driver", nic->name, SC_WARN,
		       "run socnic-check as root",
		       "on %s, and whether the kernel uses its interface cannot be read (%s): DPDK will refuse it",
		       nic->driver, strerror(-ret));
		return;
	}
	if (ret == 0) {
		sc_add(rep, "driver", nic->name, SC_PASS, NULL,
		       "on %s%s%s%s: DPDK takes it from %s when consented to",
		       nic->driver, u.ifname[0] ? " (" : "", u.ifname,
		       u.ifname[0] ? " down, no address)" : "", nic->driver);
		return;
	}
	platsysfs_use_what(&u, what, sizeof(what));
	platsysfs_use_fix(&u, fix, sizeof(fix));
	snprintf(full, sizeof(full),
		 "%s, or let DPDK take it anyway (force=1, socnic-bind --bind --force)",
		 fix);
	sc_add(rep, "driver", nic->name, SC_FAIL, full,
	       "on %s, and %s: the kernel is using it, so DPDK refuses it",
	       nic->driver, what);
}

/* ---- consent: the bus hands a port over only when told to ---- */

static void
sc_check_consent(const struct sc_env *env, const struct sb_nic *nic,
		 struct sc_report *rep)
{
	char node[PATH_MAX], fix[SC_FIX_MAX];
	bool marked;

	marked = sc_dt_of_node(&env->sb.sys, nic->name, node, sizeof(node)) == 0 &&
		 sc_dt_has(node, "socnic,data-plane");
	if (nic->override[0] != '\0' &&
	    strcmp(nic->override, PLATSYSFS_VFIO_PLATFORM) != 0) {
		snprintf(fix, sizeof(fix),
			 "clear it (echo > /sys/bus/platform/devices/%s/driver_override) to let DPDK have it",
			 nic->name);
		sc_add(rep, "consent", nic->name, SC_FAIL, fix,
		       "driver_override is \"%s\", set by someone else: DPDK leaves the port alone",
		       nic->override);
		return;
	}
	if (strcmp(nic->driver, PLATSYSFS_VFIO_PLATFORM) == 0) {
		sc_add(rep, "consent", nic->name, SC_PASS, NULL,
		       "handed over already (on vfio-platform): DPDK uses it");
		return;
	}
	if (marked) {
		sc_add(rep, "consent", nic->name, SC_PASS, NULL,
		       "marked socnic,data-plane: DPDK takes it without -a");
		return;
	}
	snprintf(fix, sizeof(fix),
		 "name it (-a %s), mark it socnic,data-plane in the device tree, or socnic-bind --bind %s",
		 nic->name, nic->name);
	sc_add(rep, "consent", nic->name, SC_WARN, fix,
	       "not marked socnic,data-plane and not on vfio-platform: DPDK leaves it alone unless named");
}

/* ---- IOMMU ---- */

static void
sc_check_iommu(const struct sc_env *env, const struct sb_system *sys,
	       const struct sb_nic *nic, struct sc_report *rep)
{
	char fix[SC_FIX_MAX];

	if (nic->group < 0 && !sys->noiommu) {
		snprintf(fix, sizeof(fix),
			 "%s, or put the port behind the SoC's IOMMU (iommus; dts/socnic-zynqmp-smmu.dtso)",
			 platsysfs_noiommu_fix(&env->sb.sys));
		sc_add(rep, "iommu", nic->name, SC_FAIL, fix,
		       "no IOMMU group and VFIO's no-IOMMU mode is off: VFIO cannot have the port");
		return;
	}
	if (!nic->viable) {
		sc_add(rep, "iommu", nic->name, SC_FAIL,
		       "bind those devices to vfio-platform or unbind them, so the whole group belongs to VFIO",
		       "%s", nic->viable_why);
		return;
	}
	if (nic->group < 0 || nic->group_noiommu) {
		sc_add(rep, "iommu", nic->name, SC_WARN,
		       "where the SoC has an IOMMU, put the port behind it (iommus; dts/socnic-zynqmp-smmu.dtso)",
		       "no IOMMU: VFIO's no-IOMMU mode, so the GEM's DMA is not isolated (a bad descriptor can write anywhere; the kernel is tainted)");
		return;
	}
	sc_add(rep, "iommu", nic->name, SC_PASS, NULL, "%s", nic->viable_why);
}

/* ---- reset handler ---- */

static void
sc_check_reset(const struct sc_env *env, const struct sb_nic *nic,
	       struct sc_report *rep)
{
	if (nic->reset != SB_RESET_NONE) {
		sc_add(rep, "reset", nic->name, SC_PASS, NULL, "%s",
		       nic->reset_why);
		return;
	}
	/* Linux before 6.3 refuses a device without a handler even with
	 * reset_required=0: there it is no opt-out. */
	sc_add(rep, "reset", nic->name,
	       platsysfs_reset_required(&env->sb.sys) ||
	       !platsysfs_reset_optional(&env->sb.sys) ? SC_FAIL : SC_WARN,
	       "modprobe vfio-platform-gem, or insmod vfio-platform-gem.ko built from socnic's reset/ (install it and run depmod so vfio-platform loads it itself)",
	       "no reset handler for %s, the first compatible: %s",
	       nic->nb_compat ? nic->compat[0] : "(none)", nic->reset_why);
}

/* ---- DMA coherency ---- */

static void
sc_check_coherent(const struct sc_env *env, const struct sb_nic *nic,
		  struct sc_report *rep)
{
	char node[PATH_MAX];
	struct utsname u;
	const char *m = env->machine;
	bool coherent;

	if (sc_dt_of_node(&env->sb.sys, nic->name, node, sizeof(node)) != 0) {
		sc_add(rep, "dma", nic->name, SC_WARN,
		       "check that /sys/firmware/devicetree is there (CONFIG_OF) and readable",
		       "no device-tree node to read dma-coherent from");
		return;
	}
	if (m == NULL)
		m = uname(&u) == 0 ? u.machine : "";
	coherent = sc_dt_has(node, "dma-coherent");
	if (coherent) {
		sc_add(rep, "dma", nic->name, SC_PASS, NULL,
		       "dma-coherent: net_gem does no cache maintenance, so the interconnect must really snoop the GEM (soak both settings with socnic-check --soak)");
		return;
	}
	/* Only arm64 user space can clean and invalidate to the point of
	 * coherency (DC CVAC, DC CIVAC); 32-bit ARM cannot at all. */
	if (strncmp(m, "arm", 3) == 0 && strcmp(m, "arm64") != 0) {
		sc_add(rep, "dma", nic->name, SC_FAIL,
		       "run a 64-bit (arm64) kernel and user space, or mark the node dma-coherent only if the hardware is",
		       "not dma-coherent on %s: 32-bit ARM user space cannot clean or invalidate caches to the point of coherency",
		       m);
		return;
	}
	sc_add(rep, "dma", nic->name, SC_PASS, NULL,
	       "not dma-coherent: net_gem cleans and invalidates every descriptor and buffer line it shares with the GEM (CPU time per frame)");
}

/* ---- clocks ---- */

static bool
sc_cmdline_has(const struct sc_env *env, const char *word)
{
	char p[PATH_MAX], line[4096], *tok, *save;

	snprintf(p, sizeof(p), "%s/cmdline", sc_proc(env));
	if (platsysfs_read_attr(p, line, sizeof(line)) != 0)
		return false;
	for (tok = strtok_r(line, " \t", &save); tok != NULL;
	     tok = strtok_r(NULL, " \t", &save))
		if (strcmp(tok, word) == 0)
			return true;
	return false;
}

/*
 * The name the clock framework gives clock i of node: its provider's
 * clock-output-names entry (indexed by the specifier's first cell when
 * the provider takes one), else the provider node's name. Returns the
 * offset of the next specifier in the clocks cells, or -1.
 */
static int
sc_clock_name(const char *base, const uint8_t *cells, int ncells, int at,
	      char *name, size_t len)
{
	char prov[PATH_MAX], names[1024];
	uint32_t nc, idx = 0;
	int n, i, off = 0;
	const char *s;

	if (at >= ncells ||
	    sc_dt_by_phandle(base, (uint32_t)sc_dt_cells(cells + at * 4, 1),
			     prov, sizeof(prov)) != 0)
		return -1;
	nc = sc_dt_u32(prov, "#clock-cells", 0);
	if (at + 1 + (int)nc > ncells)
		return -1;
	if (nc > 0)
		idx = (uint32_t)sc_dt_cells(cells + (at + 1) * 4, 1);
	n = sc_dt_prop(prov, "clock-output-names", names, sizeof(names) - 1);
	if (n > 0) {
		names[n] = '\0';
		for (i = 0, s = names; off < n && (uint32_t)i < idx; i++) {
			off += (int)strlen(names + off) + 1;
			s = names + off;
		}
		if (off < n) {
			sc_copy(name, len, s);
			return at + 1 + (int)nc;
		}
	}
	s = strrchr(prov, '/');
	sc_copy(name, len, s != NULL ? s + 1 : prov);
	name[strcspn(name, "@")] = '\0';
	return at + 1 + (int)nc;
}

static void
sc_check_clocks(const struct sc_env *env, const struct sb_nic *nic,
		struct sc_report *rep)
{
	char node[PATH_MAX], base[PATH_MAX], dbg[PATH_MAX], p[PATH_MAX + 160];
	char name[128], list[SC_WHAT_MAX] = "", gated[160] = "";
	uint8_t cells[256];
	int n, at = 0, seen = 0;
	bool cmdline = sc_cmdline_has(env, "clk_ignore_unused");
	size_t off = 0;

	if (env->debugfs != NULL)
		snprintf(dbg, sizeof(dbg), "%s/clk", env->debugfs);
	else
		platsysfs_path(&env->sb.sys, dbg, sizeof(dbg), "kernel/debug/clk");
	n = sc_dt_of_node(&env->sb.sys, nic->name, node, sizeof(node)) == 0 &&
	    sc_dt_base(&env->sb.sys, base, sizeof(base)) == 0 ?
		sc_dt_prop(node, "clocks", cells, sizeof(cells)) : -ENOENT;
	while (n > 0 && at >= 0 && at < n / 4) {
		unsigned long cnt;
		char v[32];

		at = sc_clock_name(base, cells, n / 4, at, name, sizeof(name));
		if (at < 0)
			break;
		snprintf(p, sizeof(p), "%s/%s/clk_enable_count", dbg, name);
		if (platsysfs_read_attr(p, v, sizeof(v)) != 0)
			continue;
		cnt = strtoul(v, NULL, 10);
		seen++;
		if (off < sizeof(list))
			off += (size_t)snprintf(list + off, sizeof(list) - off,
						"%s%s %lu", seen > 1 ? ", " : "",
						name, cnt);
		if (cnt == 0 && gated[0] == '\0')
			snprintf(gated, sizeof(gated), "%s", name);
	}
	if (seen > 0 && gated[0] != '\0') {
		sc_add(rep, "clocks", nic->name, SC_FAIL,
		       "boot with clk_ignore_unused on the kernel command line (and without macb bound to the port: its remove disables the clocks)",
		       "clock %s is off (enable counts: %s): the GEM's registers read but its MAC and DMA do not run",
		       gated, list);
		return;
	}
	if (seen > 0) {
		sc_add(rep, "clocks", nic->name, SC_PASS, NULL,
		       "clocks on (enable counts: %s)", list);
		return;
	}
	if (cmdline) {
		sc_add(rep, "clocks", nic->name, SC_PASS, NULL,
		       "clk_ignore_unused on the kernel command line: clocks nobody claims stay on");
		return;
	}
	if (strcmp(nic->driver, PLATSYSFS_VFIO_PLATFORM) != 0 &&
	    nic->driver[0] != '\0') {
		sc_add(rep, "clocks", nic->name, SC_PASS, NULL,
		       "%s holds the clocks now (enable counts unknown: debugfs not mounted)",
		       nic->driver);
		return;
	}
	sc_add(rep, "clocks", nic->name, SC_WARN,
	       "add clk_ignore_unused to the kernel command line; mount debugfs (mount -t debugfs none /sys/kernel/debug) so socnic-check can read the enable counts",
	       "no driver holds the GEM's clocks and clk_ignore_unused is not on the kernel command line: clk_disable_unused may have turned them off at boot (vfio-platform turns on none)");
}

/* ---- the PHY's MDIO bus ---- */

/* The platform device whose of_node is node, or "". */
static void
sc_device_of(const struct sc_env *env, const char *node, char *dev,
	     size_t len)
{
	char dir[PATH_MAX], n[PATH_MAX];
	struct dirent *e;
	DIR *d;

	dev[0] = '\0';
	platsysfs_path(&env->sb.sys, dir, sizeof(dir), "bus/platform/devices");
	d = opendir(dir);
	if (d == NULL)
		return;
	while (dev[0] == '\0' && (e = readdir(d)) != NULL)
		if (e->d_name[0] != '.' &&
		    sc_dt_of_node(&env->sb.sys, e->d_name, n, sizeof(n)) == 0 &&
		    strcmp(n, node) == 0)
			sc_copy(dev, len, e->d_name);
	closedir(d);
}

static void
sc_check_mdio(const struct sc_env *env, const struct sb_nic *nic,
	      struct sc_report *rep)
{
	char node[PATH_MAX], base[PATH_MAX], phy[PATH_MAX], bus[PATH_MAX];
	char owner[PATH_MAX], odev[SB_NAME_MAX], fix[SC_FIX_MAX];
	char drv[SB_NAME_MAX] = "";
	uint8_t ph[4];

	if (sc_dt_of_node(&env->sb.sys, nic->name, node, sizeof(node)) != 0 ||
	    sc_dt_base(&env->sb.sys, base, sizeof(base)) != 0)
		return;
	if (sc_dt_has(node, "fixed-link") || sc_dt_has(node, "fixed-link/speed")) {
		sc_add(rep, "phy", nic->name, SC_PASS, NULL,
		       "fixed-link: no PHY to manage");
		return;
	}
	if (sc_dt_prop(node, "phy-handle", ph, sizeof(ph)) != 4) {
		sc_add(rep, "phy", nic->name, SC_WARN,
		       "give the node a phy-handle or a fixed-link in the device tree",
		       "neither phy-handle nor fixed-link: net_gem cannot learn the link's speed");
		return;
	}
	if (sc_dt_by_phandle(base, (uint32_t)sc_dt_cells(ph, 1), phy,
			     sizeof(phy)) != 0) {
		sc_add(rep, "phy", nic->name, SC_FAIL,
		       "fix the board's device tree (phy-handle names no node)",
		       "phy-handle 0x%x names no node", (unsigned int)sc_dt_cells(ph, 1));
		return;
	}
	/* A PHY node sits in an "mdio" child of the MAC that drives the bus,
	 * or directly under it in older trees. */
	if (sc_dt_parent(base, phy, bus, sizeof(bus)) != 0)
		return;
	if (strcmp(bus, node) == 0 ||
	    (sc_dt_parent(base, bus, owner, sizeof(owner)) == 0 &&
	     strcmp(owner, node) == 0)) {
		sc_add(rep, "phy", nic->name, SC_PASS, NULL,
		       "PHY %s on the port's own MDIO bus", sc_dt_name(base, phy));
		return;
	}
	if (sc_dt_parent(base, bus, owner, sizeof(owner)) != 0)
		snprintf(owner, sizeof(owner), "%s", bus);
	sc_device_of(env, owner, odev, sizeof(odev));
	if (odev[0] != '\0')
		platsysfs_driver(&env->sb.sys, odev, drv, sizeof(drv));
	snprintf(fix, sizeof(fix),
		 "describe the link to DPDK as a fixed-link, or move the PHY under this port's mdio node");
	sc_add(rep, "phy", nic->name, SC_WARN, fix,
	       "PHY %s is on the MDIO bus of %s (driver %s): net_gem reads a PHY through the port's own MDIO only, so it cannot follow this link",
	       sc_dt_name(base, phy), odev[0] ? odev : sc_dt_name(base, owner),
	       drv[0] ? drv : "none");
}

/* ---- dma-ranges between the GEM and memory ---- */

static void
sc_check_dma_ranges(const struct sc_env *env, const struct sb_nic *nic,
		    struct sc_report *rep)
{
	char node[PATH_MAX], base[PATH_MAX], bus[PATH_MAX], up[PATH_MAX];
	uint8_t r[256];
	int n;

	if (sc_dt_of_node(&env->sb.sys, nic->name, node, sizeof(node)) != 0 ||
	    sc_dt_base(&env->sb.sys, base, sizeof(base)) != 0)
		return;
	/* Every bus between the node and the root translates (dma-ranges):
	 * the GEM sees memory through all of them. */
	while (sc_dt_parent(base, node, bus, sizeof(bus)) == 0) {
		uint32_t ca, pa, sz;
		uint64_t child, parent;

		n = sc_dt_prop(bus, "dma-ranges", r, sizeof(r));
		snprintf(node, sizeof(node), "%s", bus);
		if (n <= 0)
			continue;
		ca = sc_dt_u32(bus, "#address-cells", 2);
		sz = sc_dt_u32(bus, "#size-cells", 1);
		pa = 2;
		if (sc_dt_parent(base, bus, up, sizeof(up)) == 0)
			pa = sc_dt_u32(up, "#address-cells", 2);
		if (ca > 2 || pa > 2 || sz > 2 ||
		    (unsigned int)n < (ca + pa + sz) * 4) {
			sc_add(rep, "dma-ranges", nic->name, SC_WARN,
			       "check the board's device tree",
			       "dma-ranges of %s cannot be read (%d bytes, cells %u/%u/%u)",
			       sc_dt_name(base, bus), n, ca, pa, sz);
			return;
		}
		child = sc_dt_cells(r, ca);
		parent = sc_dt_cells(r + ca * 4, pa);
		if (child != parent) {
			sc_add(rep, "dma-ranges", nic->name, SC_FAIL,
			       "not supported yet: net_gem programs CPU physical addresses (IOVA as PA) and does not apply dma-ranges; the bus's DMA offset is a follow-up",
			       "dma-ranges of %s: the GEM sees memory at 0x%llx where the CPU has it at 0x%llx",
			       sc_dt_name(base, bus), (unsigned long long)child,
			       (unsigned long long)parent);
			return;
		}
	}
	sc_add(rep, "dma-ranges", nic->name, SC_PASS, NULL,
	       "no translating dma-ranges: the GEM sees memory where the CPU does");
}

void
sc_check_port(const struct sc_env *env, const struct sb_system *sys,
	      const struct sb_nic *nic, struct sc_report *rep)
{
	sc_check_driver(env, nic, rep);
	sc_check_consent(env, nic, rep);
	sc_check_iommu(env, sys, nic, rep);
	sc_check_reset(env, nic, rep);
	sc_check_coherent(env, nic, rep);
	sc_check_clocks(env, nic, rep);
	sc_check_mdio(env, nic, rep);
	sc_check_dma_ranges(env, nic, rep);
}
