/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef SOCNIC_BIND_CLI_H
#define SOCNIC_BIND_CLI_H

/*
 * socnic-bind's command line and output: everything main() does, with the
 * world it runs in passed in, so unit tests run the whole tool against a
 * fake sysfs tree and read what it printed.
 */

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "platnic.h"

enum sb_cmd {
	SB_CMD_LIST,
	SB_CMD_STATUS,
	SB_CMD_BIND,
	SB_CMD_UNBIND,
	SB_CMD_RESTORE,
	SB_CMD_HELP,
};

#define SB_MAX_DEVS 32

struct sb_args {
	enum sb_cmd cmd;
	bool json;
	bool force;
	const char *sysfs;
	const char *modules;
	const char *proc;
	unsigned int nb_devs;
	const char *devs[SB_MAX_DEVS];
};

/* 0, or -1 with one line in err naming the problem and the fix. */
int sb_args_parse(int argc, char *const argv[], struct sb_args *a, char *err,
		  size_t errlen);

/* The environment the tool runs in (main passes the real one). */
struct sb_env {
	uid_t euid;
	const char *sysfs;	/* $SOCNIC_SYSFS, or NULL */
	const char *modules;	/* $SOCNIC_MODULES, or NULL */
	const char *proc;	/* $SOCNIC_PROC, or NULL */
	platsysfs_write_fn *write; /* NULL: write the files */
	void *opaque;
	FILE *out;
	FILE *err;
};

/* The whole tool; returns its exit status. */
int sb_main(int argc, char *const argv[], const struct sb_env *env);

void sb_print_list(FILE *f, const struct sb_system *sys,
		   const struct sb_nic *nics, unsigned int nb);
void sb_print_status(FILE *f, const struct sb_system *sys,
		     const struct sb_nic *nics, unsigned int nb);
void sb_print_json(FILE *f, const struct sb_system *sys,
		   const struct sb_nic *nics, unsigned int nb);
void sb_usage(FILE *f);

#endif /* SOCNIC_BIND_CLI_H */
