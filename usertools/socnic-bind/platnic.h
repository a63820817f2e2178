/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef SOCNIC_BIND_PLATNIC_H
#define SOCNIC_BIND_PLATNIC_H

/*
 * The device tree's platform NICs as sysfs shows them, and the decisions
 * socnic-bind makes about them: who owns each, whether vfio-platform can
 * take it (IOMMU group, no-IOMMU mode, reset handler), and the sysfs writes
 * that bind, unbind and restore it. The sysfs and module-directory work is
 * platsysfs's (drivers/common/platsysfs, shared with the socplat bus);
 * the decisions and the words are ours. Everything works against a sysfs
 * root (and /proc and module directories) given by the caller, so the unit
 * tests run it against fake trees.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platsysfs.h"

#define SB_NAME_MAX	128
#define SB_MAX_COMPAT	8
#define SB_MAX_OFFENDERS 8
#define SB_MAX_USERS	8
#define SB_MSG_MAX	512

#define SB_RESET_MODULE	"vfio-platform-gem"

/*
 * The GEM family: every compatible a GEM is known by, from the one list
 * (drivers/common/gem/gem_compat.h) that net_gem matches and the reset
 * module registers handlers for.
 */
struct sb_family {
	const char *compatible;
};

extern const struct sb_family sb_families[];
const struct sb_family *sb_family_find(const char *compatible);

/* The Linux driver a GEM goes back to (--restore). */
#define SB_KERNEL_DRIVER "macb"

/* Where to look; NULL members take the live system's paths. */
struct sb_ctx {
	struct platsysfs sys;	/* sysfs and module roots, attribute writer */
	const char *proc;	/* "/proc" */
	bool force;		/* --force: bind although the kernel uses it */
};

/* Facts about the system, not one device. */
struct sb_system {
	bool vfio_platform;	/* the vfio-platform driver is registered */
	bool noiommu;		/* vfio's enable_unsafe_noiommu_mode is Y */
	bool reset_loaded;	/* vfio-platform-gem is loaded */
};

enum sb_reset {
	SB_RESET_NONE,
	SB_RESET_LOADED,	/* its module is loaded (or it is built in) */
	SB_RESET_AUTOLOAD,	/* installed: vfio-platform loads it on bind */
};

struct sb_user {
	int pid;
	char comm[32];
};

struct sb_nic {
	char name[SB_NAME_MAX];		/* sysfs name, e.g. ff0c0000.ethernet */
	unsigned int nb_compat;
	char compat[SB_MAX_COMPAT][SB_NAME_MAX];
	const struct sb_family *family;	/* the most specific match */
	char driver[SB_NAME_MAX];	/* bound driver, "" when unbound */
	char override[SB_NAME_MAX];	/* driver_override, "" when unset */
	char netdev[SB_NAME_MAX];	/* kernel interface, "" when none */

	int group;			/* IOMMU group, -1 when none */
	bool group_noiommu;		/* a VFIO no-IOMMU group */
	bool viable;
	unsigned int nb_offenders;
	struct platsysfs_blocker offenders[SB_MAX_OFFENDERS];
	char viable_why[SB_MSG_MAX];

	enum sb_reset reset;
	char reset_module[SB_NAME_MAX];	/* the module that handles it, if any */
	char reset_why[SB_MSG_MAX];

	bool has_mac;
	uint8_t mac[6];
	const char *mac_prop;		/* local-mac-address or mac-address */
};

void sb_system_read(const struct sb_ctx *ctx, struct sb_system *sys);

/*
 * One NIC by sysfs name: 0, -ENOENT when there is no such platform device,
 * -ENODEV when it is not of the GEM family (nic->compat is still filled).
 */
int sb_nic_read(const struct sb_ctx *ctx, const struct sb_system *sys,
		const char *name, struct sb_nic *nic);

/* Every GEM-family platform NIC, sorted by name; *nics is malloc'ed. */
int sb_scan(const struct sb_ctx *ctx, const struct sb_system *sys,
	    struct sb_nic **nics, unsigned int *nb);

/*
 * A device as the user names it: the sysfs name, "socplat:<name>" (the
 * form DPDK's -a takes) or a kernel interface such as eth0. Writes the
 * sysfs name to out; -ENOENT when nothing matches.
 */
int sb_resolve(const struct sb_ctx *ctx, const char *arg, char *out,
	       size_t len);

/* Processes holding the NIC's VFIO group open. Returns how many (at most max). */
unsigned int sb_group_users(const struct sb_ctx *ctx, const struct sb_nic *nic,
			    struct sb_user *users, unsigned int max);

/*
 * The actions. Each returns 0 on success (or nothing to do) and -1 on
 * failure; msg receives one line either way: what happened, or the cause
 * and the fix.
 */
int sb_bind(const struct sb_ctx *ctx, const char *name, char *msg, size_t len);
int sb_unbind(const struct sb_ctx *ctx, const char *name, char *msg,
	      size_t len);
int sb_restore(const struct sb_ctx *ctx, const char *name, char *msg,
	       size_t len);

/* "aa:bb:cc:dd:ee:ff" */
void sb_fmt_mac(const uint8_t *mac, char *buf, size_t len);

#endif /* SOCNIC_BIND_PLATNIC_H */
