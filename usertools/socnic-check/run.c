/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"

/* The NICs to check: every GEM, or those named (by sysfs name,
 * socplat:<name> or interface, as socnic-bind takes them). */
static int
sc_nics(const struct sc_env *env, const struct sb_system *sys,
	const char *const *ports, unsigned int nb_ports, struct sb_nic **nics,
	unsigned int *nb, struct sc_report *rep)
{
	char name[SB_NAME_MAX];
	unsigned int i;
	int ret;

	if (nb_ports == 0) {
		ret = sb_scan(&env->sb, sys, nics, nb);
		if (ret < 0)
			sc_add(rep, "ports", NULL, SC_FAIL,
			       "mount sysfs on /sys and run socnic-check as root",
			       "cannot read the platform bus (%s)", strerror(-ret));
		else if (*nb == 0)
			sc_add(rep, "ports", NULL, SC_FAIL,
			       "enable the GEMs' nodes in the board's device tree (status = \"okay\")",
			       "no GEM-family platform NIC: the device tree has none, or their nodes are disabled");
		else
			sc_add(rep, "ports", NULL, SC_PASS, NULL,
			       "%u GEM-family port%s in the device tree", *nb,
			       *nb == 1 ? "" : "s");
		return ret;
	}
	*nics = calloc(nb_ports, sizeof(**nics));
	*nb = 0;
	if (*nics == NULL)
		return -ENOMEM;
	for (i = 0; i < nb_ports; i++) {
		if (sb_resolve(&env->sb, ports[i], name, sizeof(name)) != 0 ||
		    sb_nic_read(&env->sb, sys, name, &(*nics)[*nb]) != 0) {
			sc_add(rep, "ports", NULL, SC_FAIL,
			       "socnic-check with no port names lists every GEM-family port",
			       "%s: no GEM-family platform device or interface of that name",
			       ports[i]);
			continue;
		}
		(*nb)++;
	}
	return 0;
}

int
sc_run(const struct sc_env *env, const char *const *ports,
       unsigned int nb_ports, struct sc_report *rep)
{
	struct sb_nic *nics = NULL;
	struct sb_system sys;
	unsigned int nb = 0, i;
	int ret;

	memset(rep, 0, sizeof(*rep));
	sb_system_read(&env->sb, &sys);
	ret = sc_nics(env, &sys, ports, nb_ports, &nics, &nb, rep);
	rep->nb_ports = nb;
	sc_check_system(env, nics, nb, rep);
	for (i = 0; i < nb; i++)
		sc_check_port(env, &sys, &nics[i], rep);
	free(nics);
	return ret;
}
