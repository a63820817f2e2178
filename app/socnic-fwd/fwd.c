/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#include <rte_branch_prediction.h>
#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "fwd.h"

bool fwd_running = true;

/* How long a stopping lcore keeps forwarding what its RX rings still hold. */
#define FWD_DRAIN_MS 100

static inline void
fwd_rewrite(struct rte_mbuf **pkts, uint16_t n, const struct fwd_rewrite *rw)
{
	uint16_t i;

	for (i = 0; i < n; i++) {
		struct rte_ether_hdr *eth =
			rte_pktmbuf_mtod(pkts[i], struct rte_ether_hdr *);

		if (rw->dst)
			rte_ether_addr_copy(&rw->dst_mac, &eth->dst_addr);
		if (rw->src)
			rte_ether_addr_copy(&rw->src_mac, &eth->src_addr);
	}
}

/* One burst through stream s; returns the frames it received. */
static inline uint16_t
fwd_stream_burst(struct fwd_stream *s, uint16_t burst, unsigned int retries)
{
	struct rte_mbuf *pkts[FWD_MAX_BURST];
	uint16_t nb_rx, nb_tx;

	nb_rx = rte_eth_rx_burst(s->rx_port, s->rx_queue, pkts, burst);
	if (nb_rx == 0)
		return 0;
	if (s->rw != NULL)
		fwd_rewrite(pkts, nb_rx, s->rw);
	nb_tx = rte_eth_tx_burst(s->tx_port, s->tx_queue, pkts, nb_rx);
	/*
	 * A full TX ring frees up as the port sends, within a frame time or
	 * two; waiting that long once in a while is cheaper than losing the
	 * rest of a burst that already cost us the receive.
	 */
	while (unlikely(nb_tx < nb_rx) && retries-- > 0) {
		rte_delay_us_block(1);
		nb_tx += rte_eth_tx_burst(s->tx_port, s->tx_queue, pkts + nb_tx,
					  nb_rx - nb_tx);
	}
	if (unlikely(nb_tx < nb_rx)) {
		rte_pktmbuf_free_bulk(pkts + nb_tx, nb_rx - nb_tx);
		__atomic_store_n(&s->tx_dropped,
				 s->tx_dropped + (uint64_t)(nb_rx - nb_tx),
				 __ATOMIC_RELAXED);
	}
	return nb_rx;
}

int
fwd_lcore_main(void *arg)
{
	struct fwd_lcore *lc = arg;
	uint64_t deadline;
	unsigned int i, got;

	while (__atomic_load_n(&fwd_running, __ATOMIC_RELAXED))
		for (i = 0; i < lc->nb_streams; i++)
			fwd_stream_burst(lc->streams[i], lc->burst,
					 lc->tx_retries);

	/*
	 * Frames already in the RX rings were received: forward them rather
	 * than leave them behind when the ports stop, so a stop after the
	 * sender has finished loses nothing.
	 */
	deadline = rte_get_timer_cycles() + rte_get_timer_hz() * FWD_DRAIN_MS / 1000;
	do {
		got = 0;
		for (i = 0; i < lc->nb_streams; i++)
			got += fwd_stream_burst(lc->streams[i], lc->burst,
						lc->tx_retries);
	} while (got != 0 && rte_get_timer_cycles() < deadline);
	return 0;
}
