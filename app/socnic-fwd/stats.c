/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "stats.h"

uint64_t
fwd_delta(uint64_t before, uint64_t now)
{
	return now >= before ? now - before : now;
}

void
fwd_counters_delta(const struct fwd_counters *before,
		   const struct fwd_counters *now, struct fwd_counters *out)
{
	out->rx_pkts = fwd_delta(before->rx_pkts, now->rx_pkts);
	out->rx_bytes = fwd_delta(before->rx_bytes, now->rx_bytes);
	out->tx_pkts = fwd_delta(before->tx_pkts, now->tx_pkts);
	out->tx_bytes = fwd_delta(before->tx_bytes, now->tx_bytes);
	out->rx_missed = fwd_delta(before->rx_missed, now->rx_missed);
	out->rx_errors = fwd_delta(before->rx_errors, now->rx_errors);
	out->rx_nombuf = fwd_delta(before->rx_nombuf, now->rx_nombuf);
	out->tx_errors = fwd_delta(before->tx_errors, now->tx_errors);
	out->tx_dropped = fwd_delta(before->tx_dropped, now->tx_dropped);
}

uint64_t
fwd_drops(const struct fwd_counters *c)
{
	return c->rx_missed + c->tx_dropped;
}

double
fwd_per_sec(uint64_t count, uint64_t ns)
{
	if (ns == 0)
		return 0.0;
	return (double)count * 1e9 / (double)ns;
}

void
fwd_rates(const struct fwd_counters *d, uint64_t ns, struct fwd_rates *r)
{
	r->rx_pps = fwd_per_sec(d->rx_pkts, ns);
	r->tx_pps = fwd_per_sec(d->tx_pkts, ns);
	r->rx_bps = fwd_per_sec(d->rx_bytes, ns) * 8.0;
	r->tx_bps = fwd_per_sec(d->tx_bytes, ns) * 8.0;
}

const char *
fwd_fmt_si(char *buf, size_t len, double value, const char *unit)
{
	static const char prefix[] = { 'k', 'M', 'G', 'T', 'P' };
	int i = -1;

	/* Round first, so 999.7 shows as "1.00 k", not "1000". */
	while (i + 1 < (int)sizeof(prefix) && value >= 999.5) {
		value /= 1000.0;
		i++;
	}
	if (i < 0)
		snprintf(buf, len, "%.0f %s", value, unit);
	else if (value >= 99.95)
		snprintf(buf, len, "%.0f %c%s", value, prefix[i], unit);
	else if (value >= 9.995)
		snprintf(buf, len, "%.1f %c%s", value, prefix[i], unit);
	else
		snprintf(buf, len, "%.2f %c%s", value, prefix[i], unit);
	return buf;
}

int
fwd_fmt_live(char *buf, size_t len, double elapsed_s,
	     const uint16_t *ports, const struct fwd_counters *deltas,
	     unsigned int nb_ports, uint64_t ns)
{
	char rxp[32], rxb[32], txp[32], txb[32];
	size_t off = 0;
	unsigned int i;
	int n;

	n = snprintf(buf, len, "%7.1f s", elapsed_s);
	if (n < 0)
		return n;
	off = (size_t)n;
	for (i = 0; i < nb_ports; i++) {
		struct fwd_rates r;

		fwd_rates(&deltas[i], ns, &r);
		n = snprintf(off < len ? buf + off : NULL, off < len ? len - off : 0,
			"%s port %u rx %s %s tx %s %s drop %" PRIu64 " nombuf %" PRIu64,
			i == 0 ? " " : " |", ports[i],
			fwd_fmt_si(rxp, sizeof(rxp), r.rx_pps, "pps"),
			fwd_fmt_si(rxb, sizeof(rxb), r.rx_bps, "bit/s"),
			fwd_fmt_si(txp, sizeof(txp), r.tx_pps, "pps"),
			fwd_fmt_si(txb, sizeof(txb), r.tx_bps, "bit/s"),
			fwd_drops(&deltas[i]), deltas[i].rx_nombuf);
		if (n < 0)
			return n;
		off += (size_t)n;
	}
	return (int)off;
}

#define FWD_SUM_HDR "%-6s %14s %14s %10s %10s %12s %12s %10s %10s"
#define FWD_SUM_ROW "%-6s %14" PRIu64 " %14" PRIu64 " %10" PRIu64 " %10" PRIu64 \
		    " %12.1f %12.1f %10.3f %10.3f"

static void
fwd_summary_row(FILE *f, const char *label, const struct fwd_counters *c,
		uint64_t ns, const char *name)
{
	struct fwd_rates r;

	fwd_rates(c, ns, &r);
	fprintf(f, FWD_SUM_ROW, label, c->rx_pkts, c->tx_pkts, fwd_drops(c),
		c->rx_nombuf, r.rx_pps, r.tx_pps, r.rx_bps / 1e6, r.tx_bps / 1e6);
	fprintf(f, "%s%s\n", name[0] ? "  " : "", name);
}

void
fwd_print_summary(FILE *f, double duration_s, const char *why,
		  const uint16_t *ports, const char *const *names,
		  const struct fwd_counters *totals, unsigned int nb_ports)
{
	uint64_t ns = duration_s > 0 ? (uint64_t)llround(duration_s * 1e9) : 0;
	struct fwd_counters sum;
	char label[16];
	unsigned int i;

	memset(&sum, 0, sizeof(sum));
	fprintf(f, "socnic-fwd: summary after %.1f s (%s)\n", duration_s, why);
	fprintf(f, FWD_SUM_HDR, "port", "rx-packets", "tx-packets", "dropped",
		"rx_nombuf", "rx-avg-pps", "tx-avg-pps", "rx-Mbit/s",
		"tx-Mbit/s");
	fprintf(f, "%s\n", names != NULL ? "  device" : "");
	for (i = 0; i < nb_ports; i++) {
		const struct fwd_counters *c = &totals[i];

		snprintf(label, sizeof(label), "%u", ports[i]);
		fwd_summary_row(f, label, c, ns, names != NULL ? names[i] : "");
		sum.rx_pkts += c->rx_pkts;
		sum.rx_bytes += c->rx_bytes;
		sum.tx_pkts += c->tx_pkts;
		sum.tx_bytes += c->tx_bytes;
		sum.rx_missed += c->rx_missed;
		sum.rx_errors += c->rx_errors;
		sum.rx_nombuf += c->rx_nombuf;
		sum.tx_errors += c->tx_errors;
		sum.tx_dropped += c->tx_dropped;
	}
	fwd_summary_row(f, "total", &sum, ns, "");
	for (i = 0; i < nb_ports; i++) {
		const struct fwd_counters *c = &totals[i];

		if (fwd_drops(c) == 0 && c->rx_errors == 0 && c->tx_errors == 0)
			continue;
		fprintf(f, "port %u: %" PRIu64 " missed by RX (ring full: more --rxd, queues or lcores), %" PRIu64
			" not taken by TX (queue full: more --txd or --tx-retries), %" PRIu64
			" bad frames received, %" PRIu64 " TX errors\n",
			ports[i], c->rx_missed, c->tx_dropped, c->rx_errors,
			c->tx_errors);
	}
}
