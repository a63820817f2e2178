/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec.h"

const uint8_t spec_default_unicast[ETH_ALEN] = { 0x02, 0x53, 0x4e, 0, 0, 0x02 };
const uint8_t spec_default_multicast[ETH_ALEN] = { 0x03, 0x53, 0x4e, 0, 0, 0x01 };
const uint8_t spec_default_src[ETH_ALEN] = { 0x02, 0x53, 0x4e, 0, 0, 0x01 };

static int
fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL && errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

int
spec_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	char *end;

	/* strtoull quietly accepts "-1" and leading blanks; we do not. */
	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	/* Decimal, or hex with 0x; never octal, "010" is ten. */
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		if (!isxdigit((unsigned char)s[2]))
			return -1;
		v = strtoull(s + 2, &end, 16);
	}
	else
		v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int
spec_parse_double(const char *s, double min, double max, double *out)
{
	double v;
	char *end;

	if (s == NULL || *s == '\0')
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || *end != '\0' || isnan(v) || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static const char wire_form[] =
	"must be TESTER_PORT:BOARD_PORT, two different UDP ports 1..65535 on 127.0.0.1 (e.g. 40000:40001, the form of $LAB_WIRE0)";

int
wire_parse(const char *s, struct wire *w, char *err, size_t errlen)
{
	char buf[32];
	char *colon;
	uint64_t t, b;

	if (s == NULL || *s == '\0')
		return fail(err, errlen, "empty wire: it %s", wire_form);
	if (strlen(s) >= sizeof(buf))
		return fail(err, errlen, "wire '%s' %s", s, wire_form);
	strcpy(buf, s);
	colon = strchr(buf, ':');
	if (colon == NULL)
		return fail(err, errlen, "wire '%s' has no ':': it %s", s,
			    wire_form);
	*colon = '\0';
	if (spec_parse_u64(buf, 1, 65535, &t) != 0 ||
	    spec_parse_u64(colon + 1, 1, 65535, &b) != 0)
		return fail(err, errlen, "wire '%s' %s", s, wire_form);
	if (t == b)
		return fail(err, errlen,
			    "wire '%s' uses one port for both ends: it %s", s,
			    wire_form);
	w->tester_port = (uint16_t)t;
	w->board_port = (uint16_t)b;
	return 0;
}

static int
parse_size(const char *s, uint16_t *out, char *err, size_t errlen)
{
	uint64_t v;

	if (spec_parse_u64(s, FRAME_HDRS_LEN, FRAME_MAX_LEN, &v) != 0)
		return fail(err, errlen,
			    "frame size '%s' must be a number in %d..%d (60..%d normally; Ethernet header included, FCS excluded; under 60 sends runts)",
			    s, FRAME_HDRS_LEN, FRAME_MAX_LEN, FRAME_MAX_LEN);
	*out = (uint16_t)v;
	return 0;
}

int
size_spec_parse(const char *s, struct size_spec *sp, char *err, size_t errlen)
{
	/* Simple IMIX, 7:4:1, in the sizes this tool counts (no FCS). */
	static const uint16_t imix[] = {
		60, 60, 60, 60, 60, 60, 60, 590, 590, 590, 590, 1514,
	};
	char buf[512];
	char *tok, *save, *dash;

	if (s == NULL || *s == '\0')
		return fail(err, errlen,
			    "empty size: give N, MIN-MAX, A,B,C or imix");
	if (strcmp(s, "imix") == 0) {
		sp->kind = SIZE_LIST;
		sp->n = sizeof(imix) / sizeof(imix[0]);
		memcpy(sp->list, imix, sizeof(imix));
		sp->min = 60;
		sp->max = 1514;
		return 0;
	}
	if (strlen(s) >= sizeof(buf))
		return fail(err, errlen, "size list too long (at most %d sizes)",
			    SIZE_LIST_MAX);
	strcpy(buf, s);

	if (strchr(buf, ',') != NULL) {
		sp->kind = SIZE_LIST;
		sp->n = 0;
		sp->min = FRAME_MAX_LEN;
		sp->max = 0;
		for (tok = strtok_r(buf, ",", &save); tok != NULL;
		     tok = strtok_r(NULL, ",", &save)) {
			uint16_t v = 0;

			if (sp->n == SIZE_LIST_MAX)
				return fail(err, errlen,
					    "too many sizes in '%s' (at most %d)",
					    s, SIZE_LIST_MAX);
			if (parse_size(tok, &v, err, errlen) != 0)
				return -1;
			sp->list[sp->n++] = v;
			if (v < sp->min)
				sp->min = v;
			if (v > sp->max)
				sp->max = v;
		}
		if (sp->n == 0 || s[strlen(s) - 1] == ',' || s[0] == ',' ||
		    strstr(s, ",,") != NULL)
			return fail(err, errlen,
				    "size list '%s' has an empty entry", s);
		return 0;
	}

	dash = strchr(buf, '-');
	if (dash != NULL) {
		*dash = '\0';
		if (parse_size(buf, &sp->min, err, errlen) != 0 ||
		    parse_size(dash + 1, &sp->max, err, errlen) != 0)
			return -1;
		if (sp->min > sp->max)
			return fail(err, errlen,
				    "size range '%s' runs backwards: write MIN-MAX",
				    s);
		sp->kind = SIZE_RANGE;
		return 0;
	}

	if (parse_size(buf, &sp->min, err, errlen) != 0)
		return -1;
	sp->max = sp->min;
	sp->kind = SIZE_FIXED;
	return 0;
}

uint16_t
size_spec_next(const struct size_spec *sp, uint64_t idx, uint64_t *rng)
{
	switch (sp->kind) {
	case SIZE_RANGE:
		return (uint16_t)(sp->min +
			spec_rng_next(rng) % ((uint64_t)sp->max - sp->min + 1));
	case SIZE_LIST:
		return sp->list[idx % sp->n];
	case SIZE_FIXED:
		break;
	}
	return sp->min;
}

int
dst_list_parse(const char *s, struct dst_list *dl, char *err, size_t errlen)
{
	char buf[DST_LIST_MAX * 24];
	char *tok, *save;
	unsigned int n = 0;

	if (s == NULL || *s == '\0' || s[0] == ',' || s[strlen(s) - 1] == ',' ||
	    strstr(s, ",,") != NULL)
		return fail(err, errlen,
			    "destination list '%s' has an empty entry: give unicast, multicast, broadcast or a MAC, comma separated",
			    s ? s : "");
	if (strlen(s) >= sizeof(buf))
		return fail(err, errlen,
			    "destination list too long (at most %d entries)",
			    DST_LIST_MAX);
	strcpy(buf, s);
	for (tok = strtok_r(buf, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		uint8_t *mac;

		if (n == DST_LIST_MAX)
			return fail(err, errlen,
				    "too many destinations (at most %d)",
				    DST_LIST_MAX);
		mac = dl->mac[n];
		if (strcmp(tok, "unicast") == 0)
			memcpy(mac, spec_default_unicast, ETH_ALEN);
		else if (strcmp(tok, "multicast") == 0)
			memcpy(mac, spec_default_multicast, ETH_ALEN);
		else if (strcmp(tok, "broadcast") == 0)
			memset(mac, 0xff, ETH_ALEN);
		else if (frame_mac_parse(tok, mac) != 0)
			return fail(err, errlen,
				    "destination '%s' is not unicast, multicast, broadcast or a MAC like 02:00:00:00:00:01",
				    tok);
		n++;
	}
	dl->n = n;
	return 0;
}

uint64_t
spec_rng_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}
