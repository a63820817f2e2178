/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

void
sc_add(struct sc_report *rep, const char *check, const char *port,
       enum sc_level level, const char *fix, const char *fmt, ...)
{
	struct sc_result *r;
	va_list ap;

	if (rep->nb == rep->cap) {
		unsigned int cap = rep->cap ? rep->cap * 2 : 32;
		struct sc_result *n = realloc(rep->res, cap * sizeof(*n));

		/* Out of memory for a report line: the report is short of
		 * one, and sc_worst still sees what was stored. */
		if (n == NULL)
			return;
		rep->res = n;
		rep->cap = cap;
	}
	r = &rep->res[rep->nb++];
	memset(r, 0, sizeof(*r));
	snprintf(r->check, sizeof(r->check), "%s", check);
	snprintf(r->port, sizeof(r->port), "%s", port != NULL ? port : "");
	r->level = level;
	va_start(ap, fmt);
	vsnprintf(r->what, sizeof(r->what), fmt, ap);
	va_end(ap);
	snprintf(r->fix, sizeof(r->fix), "%s", fix != NULL ? fix : "");
}

void
sc_report_free(struct sc_report *rep)
{
	free(rep->res);
	memset(rep, 0, sizeof(*rep));
}

enum sc_level
sc_worst(const struct sc_report *rep)
{
	enum sc_level w = SC_PASS;
	unsigned int i;

	for (i = 0; i < rep->nb; i++)
		if (rep->res[i].level > w)
			w = rep->res[i].level;
	return w;
}

const struct sc_result *
sc_find(const struct sc_report *rep, const char *check, const char *port)
{
	unsigned int i;

	for (i = 0; i < rep->nb; i++)
		if (strcmp(rep->res[i].check, check) == 0 &&
		    strcmp(rep->res[i].port, port) == 0)
			return &rep->res[i];
	return NULL;
}

const char *
sc_level_str(enum sc_level l)
{
	return l == SC_PASS ? "PASS" : l == SC_WARN ? "WARN" : "FAIL";
}

void
sc_print_text(FILE *f, const struct sc_report *rep)
{
	unsigned int i, n[3] = { 0, 0, 0 };
	const char *port = NULL;

	for (i = 0; i < rep->nb; i++) {
		const struct sc_result *r = &rep->res[i];

		if (port == NULL || strcmp(port, r->port) != 0) {
			port = r->port;
			fprintf(f, "%s%s\n", i ? "\n" : "",
				port[0] ? port : "system");
		}
		fprintf(f, "  %s %-12s %s\n", sc_level_str(r->level), r->check,
			r->what);
		if (r->fix[0] != '\0')
			fprintf(f, "       %-12s fix: %s\n", "", r->fix);
		n[r->level]++;
	}
	fprintf(f, "\n%u passed, %u warnings, %u failed: %s\n", n[SC_PASS],
		n[SC_WARN], n[SC_FAIL],
		n[SC_FAIL] ? "DPDK will not forward correctly on this board until the failures are fixed" :
		n[SC_WARN] ? "ready for DPDK, with the warnings above" :
		"ready for DPDK");
}

static void
sc_json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

void
sc_print_json(FILE *f, const struct sc_report *rep)
{
	unsigned int i, n[3] = { 0, 0, 0 };

	fprintf(f, "{\"tool\": \"socnic-check\", \"checks\": [");
	for (i = 0; i < rep->nb; i++) {
		const struct sc_result *r = &rep->res[i];

		fprintf(f, "%s\n  {\"check\": ", i ? "," : "");
		sc_json_str(f, r->check);
		fprintf(f, ", \"port\": ");
		if (r->port[0] != '\0')
			sc_json_str(f, r->port);
		else
			fprintf(f, "null");
		fprintf(f, ", \"result\": \"%s\", \"what\": ",
			sc_level_str(r->level));
		sc_json_str(f, r->what);
		fprintf(f, ", \"fix\": ");
		if (r->fix[0] != '\0')
			sc_json_str(f, r->fix);
		else
			fprintf(f, "null");
		fputc('}', f);
		n[r->level]++;
	}
	fprintf(f, "\n], \"ports\": %u, \"passed\": %u, \"warnings\": %u, \"failed\": %u, \"result\": \"%s\"}\n",
		rep->nb_ports, n[SC_PASS], n[SC_WARN], n[SC_FAIL],
		n[SC_FAIL] ? "fail" : "pass");
}
