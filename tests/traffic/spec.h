/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef SOCNIC_TRAFFIC_SPEC_H
#define SOCNIC_TRAFFIC_SPEC_H

/*
 * Command-line values of socnic-traffic: wires, frame sizes, destinations,
 * numbers. Each parser returns 0, or -1 with a one-line reason in err that
 * says what a valid value looks like.
 */

#include <stddef.h>
#include <stdint.h>

#include "frame.h"

/* One emulated cable: the tester's UDP port and the board's, on 127.0.0.1.
 * Written "TESTER_PORT:BOARD_PORT", the form of the lab's LAB_WIRE0/1.
 */
struct wire {
	uint16_t tester_port;
	uint16_t board_port;
};

int wire_parse(const char *s, struct wire *w, char *err, size_t errlen);

enum size_kind {
	SIZE_FIXED,
	SIZE_RANGE,	/* uniform random in min..max, from the seeded PRNG */
	SIZE_LIST,	/* cycled in order */
};

#define SIZE_LIST_MAX	64

struct size_spec {
	enum size_kind kind;
	uint16_t min;
	uint16_t max;
	unsigned int n;
	uint16_t list[SIZE_LIST_MAX];
};

/* "N", "MIN-MAX", "A,B,C..." or "imix" (7 x 60, 4 x 590, 1 x 1514). */
int size_spec_parse(const char *s, struct size_spec *sp, char *err,
		    size_t errlen);
uint16_t size_spec_next(const struct size_spec *sp, uint64_t idx,
			uint64_t *rng);

#define DST_LIST_MAX	16

/* Destinations cycled frame by frame. */
struct dst_list {
	unsigned int n;
	uint8_t mac[DST_LIST_MAX][ETH_ALEN];
};

/* Locally administered addresses, so they can never belong to real gear. */
extern const uint8_t spec_default_unicast[ETH_ALEN];
extern const uint8_t spec_default_multicast[ETH_ALEN];
extern const uint8_t spec_default_src[ETH_ALEN];

/* Comma list of unicast, multicast, broadcast or a MAC address. */
int dst_list_parse(const char *s, struct dst_list *dl, char *err,
		   size_t errlen);

/* splitmix64: small, seedable, and good enough for picking sizes. */
uint64_t spec_rng_next(uint64_t *state);

int spec_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);
int spec_parse_double(const char *s, double min, double max, double *out);

#endif /* SOCNIC_TRAFFIC_SPEC_H */
