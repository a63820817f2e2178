/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"

/*
 * A hand-written parser rather than getopt_long: EAL has already run getopt
 * over the same process by the time we would, and our error lines name the
 * option together with what it accepts, which getopt's messages do not.
 */

enum fwd_opt {
	OPT_PAIRS, OPT_UNIDIR, OPT_QUEUES, OPT_BURST, OPT_RXD, OPT_TXD,
	OPT_DST_MAC, OPT_SRC_MAC, OPT_NO_PROMISC, OPT_TX_RETRIES,
	OPT_INTERVAL, OPT_QUIET, OPT_DURATION, OPT_HELP,
};

struct fwd_optdef {
	const char *name;
	char short_name;
	bool has_arg;
	enum fwd_opt id;
};

static const struct fwd_optdef fwd_opts[] = {
	{ "pairs",          'p', true,  OPT_PAIRS },
	{ "unidirectional", 'u', false, OPT_UNIDIR },
	{ "queues",         'q', true,  OPT_QUEUES },
	{ "burst",          0,   true,  OPT_BURST },
	{ "rxd",            0,   true,  OPT_RXD },
	{ "txd",            0,   true,  OPT_TXD },
	{ "dst-mac",        0,   true,  OPT_DST_MAC },
	{ "src-mac",        0,   true,  OPT_SRC_MAC },
	{ "no-promisc",     0,   false, OPT_NO_PROMISC },
	{ "tx-retries",     0,   true,  OPT_TX_RETRIES },
	{ "interval",       'i', true,  OPT_INTERVAL },
	{ "quiet",          0,   false, OPT_QUIET },
	{ "duration",       't', true,  OPT_DURATION },
	{ "help",           'h', false, OPT_HELP },
};

#define FWD_NB_OPTS (sizeof(fwd_opts) / sizeof(fwd_opts[0]))

static int
fwd_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL && errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return FWD_ARGS_ERROR;
}

void
fwd_args_defaults(struct fwd_args *a)
{
	memset(a, 0, sizeof(*a));
	a->queues = 1;
	a->burst = 32;
	/* Enough to ride out a scheduling hiccup of a forwarding lcore at
	 * gigabit rates (512 frames = ~0.3 ms of 64-byte line rate). */
	a->rxd = 512;
	a->txd = 512;
	a->tx_retries = 4;
	a->promisc = true;
	a->interval = 1.0;
}

/* A whole decimal number in [min, max]; -1 if anything else. */
static int
fwd_parse_uint(const char *s, unsigned long min, unsigned long max,
	       unsigned long *val)
{
	unsigned long v;
	char *end;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*val = v;
	return 0;
}

static int
fwd_parse_seconds(const char *s, double max, double *val)
{
	double v;
	char *end;

	if (s == NULL || ((*s < '0' || *s > '9') && *s != '.'))
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || *end != '\0' || !isfinite(v) || v < 0 || v > max)
		return -1;
	*val = v;
	return 0;
}

static int
fwd_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
fwd_parse_mac(const char *s, struct fwd_mac *mac)
{
	char sep = 0;
	int i, hi, lo;

	if (s == NULL || strlen(s) != 17)
		return -1;
	for (i = 0; i < 6; i++) {
		const char *p = s + 3 * i;

		hi = fwd_hex(p[0]);
		lo = fwd_hex(p[1]);
		if (hi < 0 || lo < 0)
			return -1;
		if (i < 5) {
			if (p[2] != ':' && p[2] != '-')
				return -1;
			if (sep != 0 && p[2] != sep)
				return -1;
			sep = p[2];
		}
		mac->b[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

/* "0:1,2:3" -> pairs. */
static int
fwd_parse_pairs(const char *s, struct fwd_args *a, char *err, size_t errlen)
{
	char buf[512];
	char *tok, *save = NULL;

	if (strlen(s) >= sizeof(buf))
		return fwd_err(err, errlen, "--pairs: list too long");
	strcpy(buf, s);
	a->nb_pairs = 0;
	for (tok = strtok_r(buf, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		unsigned long pa, pb;
		char *colon = strchr(tok, ':');

		if (colon == NULL)
			return fwd_err(err, errlen,
				"--pairs: '%s' is not a pair: write PORT:PORT, e.g. --pairs 0:1,2:3",
				tok);
		*colon = '\0';
		if (fwd_parse_uint(tok, 0, FWD_MAX_PORTS - 1, &pa) < 0 ||
		    fwd_parse_uint(colon + 1, 0, FWD_MAX_PORTS - 1, &pb) < 0) {
			*colon = ':';
			return fwd_err(err, errlen,
				"--pairs: '%s': ports are numbers 0..%d, e.g. --pairs 0:1,2:3",
				tok, FWD_MAX_PORTS - 1);
		}
		if (a->nb_pairs == FWD_MAX_PORTS)
			return fwd_err(err, errlen, "--pairs: more than %d pairs",
				       FWD_MAX_PORTS);
		a->pairs[a->nb_pairs].a = (uint16_t)pa;
		a->pairs[a->nb_pairs].b = (uint16_t)pb;
		a->nb_pairs++;
	}
	if (a->nb_pairs == 0)
		return fwd_err(err, errlen,
			"--pairs: empty list: write PORT:PORT, e.g. --pairs 0:1");
	a->pairs_given = true;
	return FWD_ARGS_OK;
}

/* "P:aa:bb:cc:dd:ee:ff" for --dst-mac / --src-mac. */
static int
fwd_parse_port_mac(const char *opt, const char *s, struct fwd_args *a,
		   bool dst, char *err, size_t errlen)
{
	const char *colon = s != NULL ? strchr(s, ':') : NULL;
	char port[16];
	unsigned long p;
	struct fwd_mac mac;

	if (colon == NULL || (size_t)(colon - s) >= sizeof(port))
		return fwd_err(err, errlen,
			"%s '%s': write PORT:MAC, e.g. %s 1:02:00:00:00:00:02",
			opt, s ? s : "", opt);
	memcpy(port, s, colon - s);
	port[colon - s] = '\0';
	if (fwd_parse_uint(port, 0, FWD_MAX_PORTS - 1, &p) < 0)
		return fwd_err(err, errlen,
			"%s '%s': port '%s' is not a number 0..%d",
			opt, s, port, FWD_MAX_PORTS - 1);
	if (fwd_parse_mac(colon + 1, &mac) < 0)
		return fwd_err(err, errlen,
			"%s '%s': '%s' is not a MAC address: write PORT:MAC, e.g. %s 1:02:00:00:00:00:02",
			opt, s, colon + 1, opt);
	if (dst) {
		a->rewrite[p].dst = true;
		a->rewrite[p].dst_mac = mac;
	} else {
		a->rewrite[p].src = true;
		a->rewrite[p].src_mac = mac;
	}
	return FWD_ARGS_OK;
}

static const struct fwd_optdef *
fwd_find_long(const char *name, size_t len)
{
	unsigned int i;

	for (i = 0; i < FWD_NB_OPTS; i++)
		if (strlen(fwd_opts[i].name) == len &&
		    strncmp(fwd_opts[i].name, name, len) == 0)
			return &fwd_opts[i];
	return NULL;
}

static const struct fwd_optdef *
fwd_find_short(char c)
{
	unsigned int i;

	for (i = 0; i < FWD_NB_OPTS; i++)
		if (fwd_opts[i].short_name != 0 && fwd_opts[i].short_name == c)
			return &fwd_opts[i];
	return NULL;
}

static int
fwd_apply(const struct fwd_optdef *o, const char *val, struct fwd_args *a,
	  char *err, size_t errlen)
{
	char opt[32];
	unsigned long v;

	snprintf(opt, sizeof(opt), "--%s", o->name);
	switch (o->id) {
	case OPT_PAIRS:
		return fwd_parse_pairs(val, a, err, errlen);
	case OPT_UNIDIR:
		a->unidirectional = true;
		break;
	case OPT_QUEUES:
		if (fwd_parse_uint(val, 1, FWD_MAX_QUEUES, &v) < 0)
			return fwd_err(err, errlen, "%s '%s': want a number 1..%d",
				       opt, val, FWD_MAX_QUEUES);
		a->queues = (uint16_t)v;
		break;
	case OPT_BURST:
		if (fwd_parse_uint(val, 1, FWD_MAX_BURST, &v) < 0)
			return fwd_err(err, errlen, "%s '%s': want a number 1..%d",
				       opt, val, FWD_MAX_BURST);
		a->burst = (uint16_t)v;
		break;
	case OPT_RXD:
	case OPT_TXD:
		if (fwd_parse_uint(val, 1, FWD_MAX_DESC, &v) < 0)
			return fwd_err(err, errlen,
				"%s '%s': want a descriptor count 1..%d (the port rounds it to what it supports)",
				opt, val, FWD_MAX_DESC);
		if (o->id == OPT_RXD)
			a->rxd = (uint16_t)v;
		else
			a->txd = (uint16_t)v;
		break;
	case OPT_DST_MAC:
		return fwd_parse_port_mac(opt, val, a, true, err, errlen);
	case OPT_SRC_MAC:
		return fwd_parse_port_mac(opt, val, a, false, err, errlen);
	case OPT_NO_PROMISC:
		a->promisc = false;
		break;
	case OPT_TX_RETRIES:
		if (fwd_parse_uint(val, 0, 1000, &v) < 0)
			return fwd_err(err, errlen, "%s '%s': want a number 0..1000",
				       opt, val);
		a->tx_retries = (unsigned int)v;
		break;
	case OPT_INTERVAL:
		if (fwd_parse_seconds(val, 3600, &a->interval) < 0)
			return fwd_err(err, errlen,
				"%s '%s': want seconds 0..3600 (decimals allowed, 0 = no live lines)",
				opt, val);
		break;
	case OPT_QUIET:
		a->quiet = true;
		break;
	case OPT_DURATION:
		if (fwd_parse_seconds(val, 1e7, &a->duration) < 0)
			return fwd_err(err, errlen,
				"%s '%s': want seconds (decimals allowed, 0 = until SIGINT/SIGTERM)",
				opt, val);
		break;
	case OPT_HELP:
		return FWD_ARGS_HELP;
	}
	return FWD_ARGS_OK;
}

int
fwd_args_parse(int argc, char *const argv[], struct fwd_args *a,
	       char *err, size_t errlen)
{
	int i, ret;

	fwd_args_defaults(a);
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];
		const struct fwd_optdef *o;
		const char *val = NULL;

		if (strncmp(arg, "--", 2) == 0 && arg[2] != '\0') {
			const char *name = arg + 2;
			const char *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);

			o = fwd_find_long(name, len);
			if (o == NULL)
				return fwd_err(err, errlen,
					"unknown option '%.*s' (EAL options go before '--', ours after it; see --help)",
					(int)(len + 2), arg);
			if (eq != NULL) {
				if (!o->has_arg)
					return fwd_err(err, errlen,
						"--%s takes no value", o->name);
				val = eq + 1;
			}
		} else if (arg[0] == '-' && arg[1] != '\0' && arg[2] == '\0') {
			o = fwd_find_short(arg[1]);
			if (o == NULL)
				return fwd_err(err, errlen,
					"unknown option '%s' (EAL options go before '--', ours after it; see --help)",
					arg);
		} else {
			return fwd_err(err, errlen,
				"unexpected argument '%s' (options only; see --help)",
				arg);
		}
		if (o->has_arg && val == NULL) {
			if (i + 1 >= argc)
				return fwd_err(err, errlen,
					"--%s needs a value (see --help)", o->name);
			val = argv[++i];
		}
		ret = fwd_apply(o, val, a, err, errlen);
		if (ret != FWD_ARGS_OK)
			return ret;
	}
	return FWD_ARGS_OK;
}

bool
fwd_args_port_used(const struct fwd_args *a, uint16_t port)
{
	unsigned int i;

	for (i = 0; i < a->nb_pairs; i++)
		if (a->pairs[i].a == port || a->pairs[i].b == port)
			return true;
	return false;
}

bool
fwd_args_port_sends(const struct fwd_args *a, uint16_t port)
{
	unsigned int i;

	for (i = 0; i < a->nb_pairs; i++)
		if (a->pairs[i].b == port ||
		    (!a->unidirectional && a->pairs[i].a == port))
			return true;
	return false;
}

static bool
fwd_port_known(const uint16_t *port_ids, unsigned int nb_ports, uint16_t p)
{
	unsigned int i;

	for (i = 0; i < nb_ports; i++)
		if (port_ids[i] == p)
			return true;
	return false;
}

int
fwd_args_resolve(struct fwd_args *a, const uint16_t *port_ids,
		 unsigned int nb_ports, char *err, size_t errlen)
{
	unsigned int i, j, p;

	if (nb_ports == 0)
		return fwd_err(err, errlen,
			"no ports: is the NIC bound to vfio-platform (socnic-bind --status) and did you pass -a?");
	if (!a->pairs_given) {
		if (nb_ports % 2 != 0)
			return fwd_err(err, errlen,
				"%u port%s found, pairing needs an even number: name the pairs (e.g. --pairs 0:1, or 0:0 to send frames back out of the port they came in on) or allow more ports with -a",
				nb_ports, nb_ports == 1 ? "" : "s");
		if (nb_ports / 2 > FWD_MAX_PORTS)
			return fwd_err(err, errlen, "too many ports (%u)", nb_ports);
		for (i = 0; i < nb_ports / 2; i++) {
			a->pairs[i].a = port_ids[2 * i];
			a->pairs[i].b = port_ids[2 * i + 1];
		}
		a->nb_pairs = nb_ports / 2;
	}
	for (i = 0; i < a->nb_pairs; i++) {
		const struct fwd_pair *pr = &a->pairs[i];

		if (!fwd_port_known(port_ids, nb_ports, pr->a) ||
		    !fwd_port_known(port_ids, nb_ports, pr->b)) {
			char list[128] = "";
			size_t off = 0;

			for (j = 0; j < nb_ports && off < sizeof(list); j++)
				off += (size_t)snprintf(list + off, sizeof(list) - off,
						"%s%u", j ? " " : "", port_ids[j]);
			return fwd_err(err, errlen,
				"--pairs %u:%u: there is no port %u (ports found: %s; allow more devices with -a)",
				pr->a, pr->b,
				fwd_port_known(port_ids, nb_ports, pr->a) ? pr->b : pr->a,
				list);
		}
		/* A port in two pairs would have two lcores sending on the
		 * same TX queue, which ethdev does not allow. */
		for (j = 0; j < i; j++) {
			const struct fwd_pair *q = &a->pairs[j];
			uint16_t dup = UINT16_MAX;

			if (pr->a == q->a || pr->a == q->b)
				dup = pr->a;
			else if (pr->b == q->a || pr->b == q->b)
				dup = pr->b;
			if (dup != UINT16_MAX)
				return fwd_err(err, errlen,
					"--pairs: port %u is in two pairs (%u:%u and %u:%u): each port may be in one pair only",
					dup, q->a, q->b, pr->a, pr->b);
		}
	}
	for (p = 0; p < FWD_MAX_PORTS; p++) {
		const struct fwd_rewrite_opt *rw = &a->rewrite[p];
		const char *opt = rw->dst ? "--dst-mac" : "--src-mac";

		if (!rw->dst && !rw->src)
			continue;
		if (!fwd_args_port_used(a, (uint16_t)p))
			return fwd_err(err, errlen,
				"%s %u: port %u is not forwarded (no pair uses it)",
				opt, p, p);
		if (!fwd_args_port_sends(a, (uint16_t)p))
			return fwd_err(err, errlen,
				"%s %u: nothing is sent out of port %u with --unidirectional (MACs are rewritten on the sending port)",
				opt, p, p);
	}
	return FWD_ARGS_OK;
}

unsigned int
fwd_mbuf_cache(unsigned int burst)
{
	return burst <= 256 ? 256 : 512;
}

unsigned int
fwd_mbuf_count(unsigned int nb_ports, unsigned int queues,
	       unsigned int rxd, unsigned int txd,
	       unsigned int nb_lcores, unsigned int nb_workers,
	       unsigned int burst, unsigned int cache)
{
	unsigned long n;

	n = (unsigned long)nb_ports * queues * (rxd + txd) +
	    (unsigned long)nb_lcores * cache +
	    (unsigned long)nb_workers * burst;
	/* rte_mempool refuses a cache larger than n / 1.5. */
	if (n * 2 < (unsigned long)cache * 3)
		n = ((unsigned long)cache * 3 + 1) / 2;
	return n > UINT32_MAX ? UINT32_MAX : (unsigned int)n;
}

void
fwd_usage(FILE *f, const char *prog)
{
	fprintf(f,
"Usage: %s [EAL options] -- [options]\n"
"\n"
"L2 forwarding between pairs of DPDK ports: every frame received on one port\n"
"of a pair is sent out of the other. Prints one line of rates per interval and\n"
"a summary when stopped with Ctrl-C (SIGINT) or SIGTERM.\n"
"\n"
"EAL options (before '--'; any DPDK program's --help lists them all):\n"
"  -l CORES              lcores to use, e.g. -l 0-1: the first prints stats,\n"
"                        the others forward (at least two)\n"
"  -a DEVICE             use this device, e.g. -a ff0c0000.ethernet (repeat it)\n"
"  -d LIB                load a driver plugin (not needed for socnic's bus and\n"
"                        GEM driver: built in, or loaded from DPDK's driver\n"
"                        directory when DPDK is linked shared)\n"
"  --vdev DEV            add a virtual port, e.g. --vdev net_null0\n"
"  --iova-mode pa|va     force the IOVA mode (VFIO no-IOMMU needs pa: automatic)\n"
"  --file-prefix NAME    run beside another DPDK process\n"
"\n"
"Options (after '--'):\n"
"  -p, --pairs LIST      ports to forward between, e.g. 0:1,2:3 (each port in one\n"
"                        pair; 0:0 sends frames back out of port 0)\n"
"                        default: 0:1, 2:3, ... over all ports found\n"
"  -u, --unidirectional  forward only from the first port of a pair to the second\n"
"  -q, --queues N        RX and TX queues per port, 1..%d (default 1); queues are\n"
"                        spread over the forwarding lcores; RX spreads frames over\n"
"                        them only if the port has RSS\n"
"      --burst N         frames per receive burst, 1..%d (default 32)\n"
"      --rxd N           RX descriptors per queue (default 512)\n"
"      --txd N           TX descriptors per queue (default 512)\n"
"      --dst-mac P:MAC   write MAC as destination of frames sent out of port P\n"
"      --src-mac P:MAC   write MAC as source of frames sent out of port P; when\n"
"                        only --dst-mac is given, the source is port P's own MAC\n"
"      --no-promisc      leave promiscuous mode off: ports then take only frames\n"
"                        to their own MAC, broadcast and multicast\n"
"      --tx-retries N    tries to give a burst to a full TX queue again before\n"
"                        dropping what is left (default 4)\n"
"  -i, --interval S      seconds between live lines (default 1; 0 = none)\n"
"      --quiet           no live lines: only the start banner and the summary\n"
"  -t, --duration S      stop by itself after S seconds, as on SIGINT\n"
"  -h, --help            this text\n"
"\n"
"Live line, per port: rx and tx frames/s and bit/s (frame bytes as the port\n"
"counts them, without preamble, CRC or gap), frames dropped in the interval\n"
"(missed by the port's RX + not taken by TX after the retries) and rx_nombuf\n"
"(receive buffers the port could not get from the pool).\n"
"\n"
"Example, on a board with two GEMs bound to vfio-platform (socnic-bind --bind):\n"
"  %s -l 0-1 -a ff0c0000.ethernet -a ff0d0000.ethernet -- --pairs 0:1\n"
"\n"
"Exit status: 0 after a clean stop, 1 when setup fails (the reason is printed),\n"
"2 for a bad command line.\n",
		prog, FWD_MAX_QUEUES, FWD_MAX_BURST, prog);
}
