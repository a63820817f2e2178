/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef SOCNIC_CHECK_H
#define SOCNIC_CHECK_H

/*
 * socnic-check's prerequisite checks: will DPDK forward on this board's
 * GEMs? Each check reads the running system (sysfs, /proc, the kernel's
 * configuration, debugfs, the live device tree) and says PASS, WARN or
 * FAIL with one line of what it found and, unless it passed, one line of
 * what to do. Plain C and libc, no DPDK: the NICs, their IOMMU groups and
 * reset handlers are socnic-bind's reading (usertools/socnic-bind,
 * platnic.h), the kernel's side of binding is platsysfs's; nothing here
 * decides those twice. Every path is built under roots the caller names,
 * so the unit tests run the checks against fake trees.
 */

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "platnic.h"

enum sc_level {
	SC_PASS,
	SC_WARN,	/* works, with a cost or a risk worth knowing */
	SC_FAIL,	/* DPDK will not start, or will not forward correctly */
};

#define SC_WHAT_MAX 512
#define SC_FIX_MAX 512

struct sc_result {
	char check[24];			/* "hugepages", "reset", ... */
	char port[SB_NAME_MAX];		/* "" for the system-wide ones */
	enum sc_level level;
	char what[SC_WHAT_MAX];		/* what was found */
	char fix[SC_FIX_MAX];		/* what to do; "" on PASS */
};

struct sc_report {
	struct sc_result *res;
	unsigned int nb;
	unsigned int cap;
	unsigned int nb_ports;
};

/* Where to look and who is asking; NULL roots take the running system's. */
struct sc_env {
	struct sb_ctx sb;		/* sysfs and module roots (socnic-bind's) */
	const char *proc;		/* "/proc" */
	const char *boot;		/* "/boot" */
	const char *debugfs;		/* "/sys/kernel/debug" */
	const char *release;		/* uname -r; NULL: uname(2) */
	const char *machine;		/* uname -m; NULL: uname(2) */
	uid_t euid;
};

/*
 * Runs every check: the system-wide ones, then each GEM-family NIC's (all
 * of them, or only the nb_ports named in ports). Returns 0, or -errno
 * when the platform bus cannot be read at all (the report then holds one
 * FAIL saying so).
 */
int sc_run(const struct sc_env *env, const char *const *ports,
	   unsigned int nb_ports, struct sc_report *rep);
void sc_report_free(struct sc_report *rep);

/* The worst level in the report. */
enum sc_level sc_worst(const struct sc_report *rep);
/* The first result of check for port ("" for system-wide), or NULL. */
const struct sc_result *sc_find(const struct sc_report *rep,
				const char *check, const char *port);

const char *sc_level_str(enum sc_level l);
void sc_print_text(FILE *f, const struct sc_report *rep);
void sc_print_json(FILE *f, const struct sc_report *rep);

/* ---- the parts of it the checks share (check_util.c) ---- */

/* Appends one result; the what and fix are printf formats ("" fix on PASS). */
void sc_add(struct sc_report *rep, const char *check, const char *port,
	    enum sc_level level, const char *fix, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/*
 * Hugepages DPDK needs for nb_ports GEMs, in bytes: EAL's own memory plus,
 * per port, the rings and a pool of 2 KiB mbufs for them (what socnic-fwd
 * and the soak allocate), rounded up generously.
 */
#define SC_HUGE_BASE	(32ull << 20)
#define SC_HUGE_PORT	(32ull << 20)

#endif /* SOCNIC_CHECK_H */
