/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef SOCNIC_FWD_STATS_H
#define SOCNIC_FWD_STATS_H

/*
 * Counter arithmetic and the text socnic-fwd prints: pure functions over
 * plain numbers, so the live line and the summary are unit tested without
 * ports.
 */

#include <stdint.h>
#include <stdio.h>

/* One port's counters: the port's own (rte_eth_stats) plus what we count. */
struct fwd_counters {
	uint64_t rx_pkts;
	uint64_t rx_bytes;
	uint64_t tx_pkts;
	uint64_t tx_bytes;
	uint64_t rx_missed;	/* imissed: the port's RX ring was full */
	uint64_t rx_errors;	/* ierrors: bad frames (CRC, length) */
	uint64_t rx_nombuf;	/* no mbuf to refill an RX descriptor */
	uint64_t tx_errors;	/* oerrors */
	uint64_t tx_dropped;	/* frames we freed: TX would not take them */
};

/* Per-second view of a counter difference over an interval. */
struct fwd_rates {
	double rx_pps;
	double tx_pps;
	double rx_bps;
	double tx_bps;
};

/*
 * now - before for a counter that only grows; a counter that went backwards
 * was reset under us (a port restarted its stats), so what it counts since
 * is its whole value.
 */
uint64_t fwd_delta(uint64_t before, uint64_t now);

/* out = now - before, field by field, with fwd_delta's rule. */
void fwd_counters_delta(const struct fwd_counters *before,
			const struct fwd_counters *now,
			struct fwd_counters *out);

/* Frames lost on this port: missed by RX + not taken by TX. */
uint64_t fwd_drops(const struct fwd_counters *c);

/* count per second over ns nanoseconds; 0 when no time passed. */
double fwd_per_sec(uint64_t count, uint64_t ns);

void fwd_rates(const struct fwd_counters *delta, uint64_t ns,
	       struct fwd_rates *r);

/*
 * value with three significant digits and an SI prefix before unit:
 * 0 -> "0 pps", 999 -> "999 pps", 1234 -> "1.23 kpps", 2.5e9 -> "2.50 Gbit/s".
 * Returns buf.
 */
const char *fwd_fmt_si(char *buf, size_t len, double value, const char *unit);

/*
 * The live line for one interval of ns nanoseconds ending elapsed_s after
 * the start, one "port N ..." group per port, groups joined by " | ".
 * Returns the length written (like snprintf).
 */
int fwd_fmt_live(char *buf, size_t len, double elapsed_s,
		 const uint16_t *ports, const struct fwd_counters *deltas,
		 unsigned int nb_ports, uint64_t ns);

/*
 * The summary table: totals since the start per port and a "total" row,
 * then one line per port that dropped frames saying where. names may be
 * NULL, or hold each port's device name.
 */
void fwd_print_summary(FILE *f, double duration_s, const char *why,
		       const uint16_t *ports, const char *const *names,
		       const struct fwd_counters *totals, unsigned int nb_ports);

#endif /* SOCNIC_FWD_STATS_H */
