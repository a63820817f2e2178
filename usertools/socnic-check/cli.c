/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int
sc_err(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

static int
sc_uint(const char *s, unsigned int min, unsigned int max, unsigned int *v)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || s[0] == '-' ||
	    n < min || n > max)
		return -1;
	*v = (unsigned int)n;
	return 0;
}

int
sc_args_parse(int argc, char **argv, struct sc_args *a, char *err,
	      size_t len)
{
	int i;

	memset(a, 0, sizeof(*a));
	a->cycle_s = 10;
	for (i = 1; i < argc; i++) {
		const char *s = argv[i];

		if (strcmp(s, "--") == 0) {
			a->eal_argc = argc - i - 1;
			a->eal_argv = argv + i + 1;
			break;
		}
		if (strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0) {
			a->help = true;
			return 0;
		}
		if (strcmp(s, "--json") == 0 || strcmp(s, "-j") == 0) {
			a->json = true;
			continue;
		}
		if (strcmp(s, "--soak") == 0 || strcmp(s, "--cycle") == 0) {
			unsigned int *v = s[2] == 's' ? &a->soak_s : &a->cycle_s;

			if (i + 1 >= argc ||
			    sc_uint(argv[i + 1], 1, 7 * 24 * 3600, v) != 0)
				return sc_err(err, len,
					      "%s needs a number of seconds, e.g. %s 60", s, s);
			i++;
			continue;
		}
		if (strcmp(s, "--dma") == 0) {
			const char *v = i + 1 < argc ? argv[++i] : "";

			if (strcmp(v, "board") == 0)
				a->dma = SC_DMA_BOARD;
			else if (strcmp(v, "0") == 0)
				a->dma = SC_DMA_NONCOHERENT;
			else if (strcmp(v, "1") == 0)
				a->dma = SC_DMA_COHERENT;
			else if (strcmp(v, "both") == 0)
				a->dma = SC_DMA_BOTH;
			else
				return sc_err(err, len,
					      "--dma takes board, 0, 1 or both (not '%s')", v);
			continue;
		}
		if (s[0] == '-')
			return sc_err(err, len,
				      "unknown option '%s' (see socnic-check --help)", s);
		if (a->nb_ports == SC_MAX_PORTS)
			return sc_err(err, len, "more than %d ports", SC_MAX_PORTS);
		a->ports[a->nb_ports++] = s;
	}
	if (a->soak_s == 0 && (a->dma != SC_DMA_BOARD || a->eal_argc > 0))
		return sc_err(err, len,
			      "--dma and EAL arguments (after --) go with --soak only");
	if (a->soak_s > 0 && a->json)
		return sc_err(err, len,
			      "--json goes with the checks only; the soak's report is text");
	return 0;
}

void
sc_usage(FILE *f)
{
	fprintf(f,
"Usage: socnic-check [--json] [PORT...]\n"
"       socnic-check --soak SECONDS [--dma board|0|1|both] [--cycle S] [PORT...] [-- EAL-ARGS]\n"
"\n"
"Run as root on the board. Without --soak: checks whether DPDK will forward\n"
"on the board's GEMs (kernel options, VFIO, IOMMU, reset handler, hugepages,\n"
"IOVA mode, DMA coherency, clocks, driver and interface, consent, PHY,\n"
"dma-ranges), one PASS / WARN / FAIL line each with a fix; exit status 0\n"
"only when nothing FAILs.\n"
"\n"
"  -j, --json       the same report as one JSON object\n"
"  PORT             ff0c0000.ethernet, socplat:ff0c0000.ethernet or eth0\n"
"                   (default: every GEM-family port)\n"
"\n"
"--soak SECONDS: a data-checked soak of each PORT through the MAC's internal\n"
"loopback (ethdev lpbk_mode; net_gem sets NCR.LLB): no cable, no peer. Mixed\n"
"sizes 60..9000 with a sequence number and CRC in every frame, every RX\n"
"queue, stop/start cycles, a line a second; exit status 0 only with no frame\n"
"lost, corrupted or duplicated. Naming a port is consent to hand it to DPDK\n"
"(the bus's -a); with no PORT the ports already on vfio-platform are soaked.\n"
"\n"
"  --dma board      DMA settings the device tree allows: non-coherent, and\n"
"                   coherent too when the node is dma-coherent (default)\n"
"  --dma 0|1|both   non-coherent, coherent, or both (dma_coherent devarg)\n"
"  --cycle S        stop and start the ports every S seconds (10)\n"
"  -- EAL-ARGS      extra EAL arguments (e.g. --log-level=pmd.net.gem:debug)\n"
"\n"
"Environment: SOCNIC_SYSFS, SOCNIC_MODULES, SOCNIC_PROC move the roots read.\n");
}

int
sc_check_main(const struct sc_args *a, const struct sc_env *env, FILE *out)
{
	struct sc_report rep;
	enum sc_level worst;

	sc_run(env, a->ports, a->nb_ports, &rep);
	if (a->json)
		sc_print_json(out, &rep);
	else
		sc_print_text(out, &rep);
	worst = sc_worst(&rep);
	sc_report_free(&rep);
	return worst == SC_FAIL ? 1 : 0;
}
