/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef SOCNIC_FWD_ARGS_H
#define SOCNIC_FWD_ARGS_H

/*
 * socnic-fwd's own options (the ones after `--`). Nothing here touches DPDK,
 * so the parser and the sizing rules run in unit tests without EAL.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define FWD_MAX_PORTS	32	/* RTE_MAX_ETHPORTS of a default DPDK build */
#define FWD_MAX_QUEUES	16	/* the GEM has at most 16 priority queues */
#define FWD_MAX_BURST	512
#define FWD_MAX_DESC	32768
#define FWD_MAX_STREAMS	(FWD_MAX_PORTS * FWD_MAX_QUEUES)

struct fwd_mac {
	uint8_t b[6];
};

/* Frames received on port a go out of port b (and back, unless unidirectional). */
struct fwd_pair {
	uint16_t a;
	uint16_t b;
};

/* What to write into the Ethernet header of frames sent out of a port. */
struct fwd_rewrite_opt {
	bool dst;
	bool src;		/* src given on the command line */
	struct fwd_mac dst_mac;
	struct fwd_mac src_mac;
};

struct fwd_args {
	bool pairs_given;
	unsigned int nb_pairs;
	struct fwd_pair pairs[FWD_MAX_PORTS];
	bool unidirectional;
	uint16_t queues;	/* RX and TX queues per port */
	uint16_t burst;
	uint16_t rxd;
	uint16_t txd;
	unsigned int tx_retries;
	bool promisc;
	double interval;	/* seconds between live lines, 0 = none */
	bool quiet;
	double duration;	/* seconds to run, 0 = until a signal */
	struct fwd_rewrite_opt rewrite[FWD_MAX_PORTS];
};

/* Results of fwd_args_parse(). */
#define FWD_ARGS_OK	0
#define FWD_ARGS_HELP	1
#define FWD_ARGS_ERROR	-1

void fwd_args_defaults(struct fwd_args *a);

/*
 * Parse the application's arguments (argv[0] is skipped, as getopt does).
 * On FWD_ARGS_ERROR, err holds one line naming the option, what was wrong,
 * and what is accepted.
 */
int fwd_args_parse(int argc, char *const argv[], struct fwd_args *a,
		   char *err, size_t errlen);

/*
 * Once the ports are known: pair them (0<->1, 2<->3 ... when --pairs was not
 * given) and check every port named exists, is used once, and that MAC
 * rewrites name ports that send. port_ids are the available ports in order.
 */
int fwd_args_resolve(struct fwd_args *a, const uint16_t *port_ids,
		     unsigned int nb_ports, char *err, size_t errlen);

/* Whether a port appears in some pair, and whether frames are sent out of it. */
bool fwd_args_port_used(const struct fwd_args *a, uint16_t port);
bool fwd_args_port_sends(const struct fwd_args *a, uint16_t port);

/* "aa:bb:cc:dd:ee:ff" (or with '-'); 0 on success, -1 if malformed. */
int fwd_parse_mac(const char *s, struct fwd_mac *mac);

/*
 * Mbufs the pool needs so that no ring ever starves: every RX descriptor
 * holds one, every TX descriptor may hold one until the NIC is done with it,
 * each lcore's mempool cache may keep `cache` of them, and each forwarding
 * lcore has one burst in hand.
 */
unsigned int fwd_mbuf_count(unsigned int nb_ports, unsigned int queues,
			    unsigned int rxd, unsigned int txd,
			    unsigned int nb_lcores, unsigned int nb_workers,
			    unsigned int burst, unsigned int cache);

/* The per-lcore cache size for that pool (DPDK wants cache <= n / 1.5). */
unsigned int fwd_mbuf_cache(unsigned int burst);

void fwd_usage(FILE *f, const char *prog);

#endif /* SOCNIC_FWD_ARGS_H */
