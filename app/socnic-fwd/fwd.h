/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef SOCNIC_FWD_FWD_H
#define SOCNIC_FWD_FWD_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_common.h>
#include <rte_ether.h>

#include "args.h"

/* Header rewrite for frames leaving one port; NULL in a stream when none. */
struct fwd_rewrite {
	bool dst;
	bool src;
	struct rte_ether_addr dst_mac;
	struct rte_ether_addr src_mac;
};

/*
 * One RX queue feeding one TX queue. A stream belongs to exactly one lcore,
 * and each TX queue to exactly one stream, so nothing on the path locks.
 */
struct fwd_stream {
	uint16_t rx_port;
	uint16_t rx_queue;
	uint16_t tx_port;
	uint16_t tx_queue;
	const struct fwd_rewrite *rw;
	/* Written by the owning lcore only, read by the stats loop. */
	uint64_t tx_dropped;
} __rte_cache_aligned;

struct fwd_lcore {
	unsigned int lcore_id;
	unsigned int nb_streams;
	struct fwd_stream *streams[FWD_MAX_STREAMS];
	uint16_t burst;
	unsigned int tx_retries;
} __rte_cache_aligned;

/* Cleared by the main lcore (atomically) to stop the forwarding lcores. */
extern bool fwd_running;

/* Forwarding lcore body (rte_eal_remote_launch); arg is its fwd_lcore. */
int fwd_lcore_main(void *arg);

#endif /* SOCNIC_FWD_FWD_H */
