/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * socnic-traffic: the tester at the far end of the emulated board's wires.
 * QEMU carries each GEM's Ethernet over a UDP socket pair on 127.0.0.1, one
 * frame per datagram; this tool sends numbered, checksummed frames into one
 * wire and accounts for what comes out of another. See --help.
 */

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "frame.h"
#include "spec.h"
#include "track.h"

#define PROG		"socnic-traffic"
#define EXIT_PASS	0
#define EXIT_TRAFFIC	1
#define EXIT_USAGE	2

#define NS_PER_S	1000000000ull
#define NS_PER_MS	1000000ull
/* Datagrams read per wake-up, and frames sent back to back when behind. */
#define RX_BURST	256
#define TX_BURST	32
/* Room for a jumbo frame plus FCS and anything odd a board might send. */
#define RX_BUF_LEN	16384
#define SOCK_BUF_BYTES	(8 << 20)
/* A window that stays full this many stall periods with nothing at all
 * coming back means the board is not forwarding: stop, do not crawl on.
 */
#define DEAD_STALLS	3
/* Once every frame is accounted for, stay this long for late duplicates. */
#define LINGER_MS	100
#define VERBOSE_MAX	10

enum mode { MODE_TXRX, MODE_TX, MODE_RX, MODE_REFLECT };

static const char *const mode_names[] = {
	[MODE_TXRX] = "txrx", [MODE_TX] = "tx", [MODE_RX] = "rx",
	[MODE_REFLECT] = "reflect",
};

struct opts {
	enum mode mode;
	bool have_tx, have_rx;
	struct wire tx, rx;
	const char *size_text;
	struct size_spec sizes;
	uint64_t seed;
	bool seed_set;
	uint32_t run_id;
	bool run_id_set;
	struct dst_list dst;
	uint8_t src[ETH_ALEN];
	uint64_t count;
	bool count_set;
	double rate;
	uint64_t window;
	uint64_t drain_ms;
	double timeout_s;
	double duration_s;
	double interval_s;
	uint64_t max_loss;
	bool max_loss_set;
	double max_loss_pct;
	bool max_loss_pct_set;
	bool fail_on_reorder;
	bool json;
	bool ready;
	bool verbose;
	/* --reflect: stand in for the board, impairing on purpose. */
	uint64_t drop_every, dup_every, corrupt_every, swap_every;
	bool pad, add_fcs;
	/* IPv4 carriage (--l4): what to send, and what must come back. */
	uint8_t l4;
	uint8_t ip_src[4], ip_dst[4];
	uint16_t sport, dport;
	uint8_t ttl;
	uint64_t bad_csum_every;
	uint64_t udp_csum_ffff_every;
	bool accept_udp_csum_zero;
	int expect_ttl;		/* -1: not checked */
	bool expect_csum_good;	/* every checksum must arrive right */
};

struct stats {
	uint32_t run_id;
	bool run_id_known;	/* false only with --rx alone, until a frame */
	uint64_t sent, sent_bytes;
	uint64_t received, received_bytes;	/* good frames of this run */
	uint64_t corrupted, unexpected, other_run;
	uint64_t padded, fcs;
	uint64_t csum_wrong, ttl_wrong;	/* IPv4 frames, within corrupted */
	uint64_t udp_csum_zero;		/* good, under --accept-udp-csum-zero */
	uint64_t rx_unicast, rx_multicast, rx_broadcast;
	uint64_t window_stalls, written_off;
	uint64_t lat_n, lat_min, lat_max;
	double lat_sum;
	uint64_t t_start, t_end;
	uint64_t t_first_tx, t_last_tx, t_first_rx, t_last_rx;
	bool timed_out, gave_up, interrupted;
	struct seq_track track;
};

static volatile sig_atomic_t stop_signals;

static void
on_signal(int sig)
{
	(void)sig;
	stop_signals++;
}

static uint64_t
mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NS_PER_S + (uint64_t)ts.tv_nsec;
}

static void __attribute__((noreturn, format(printf, 1, 2)))
usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs(PROG ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_USAGE);
}

static void
print_help(void)
{
	printf(
"Usage: " PROG " --tx WIRE [--rx WIRE] [options]   send (and check)\n"
"       " PROG " --rx WIRE [options]               receive and check\n"
"       " PROG " --reflect --rx WIRE --tx WIRE     be a board (tests)\n"
"\n"
"Plays the tester on the far end of an emulated board's Ethernet wires. QEMU\n"
"carries each GEM over UDP on 127.0.0.1, one datagram per Ethernet frame\n"
"(no FCS). Every frame sent carries a run id, a sequence number, its length,\n"
"its send time and a CRC-32, so the receiver finds loss, duplicates,\n"
"reordering and corruption. Frames use EtherType 0x88B5 (local experimental).\n"
"\n"
"Wires\n"
"  WIRE is TESTER_PORT:BOARD_PORT, both UDP ports on 127.0.0.1: the tool binds\n"
"  TESTER_PORT and sends to BOARD_PORT. The lab exports LAB_WIRE0 and\n"
"  LAB_WIRE1 in this form (QEMU: -nic socket,udp=127.0.0.1:TESTER_PORT,\n"
"  localaddr=127.0.0.1:BOARD_PORT).\n"
"  --tx WIRE          send into this wire\n"
"  --rx WIRE          receive from this wire (may be the --tx wire)\n"
"\n"
"Frames\n"
"  --size N|MIN-MAX   frame length incl. Ethernet header, excl. FCS; a range\n"
"                     picks a random size per frame (default 60-1514).\n"
"                     Sizes 60..9000; 46..59 sends runts a MAC pads to 60\n"
"  --sizes A,B,C|imix cycle through these sizes (imix: 7x60, 4x590, 1x1514)\n"
"  --seed N           seed for random sizes (default: from the clock; the\n"
"                     report shows it, so a run can be repeated)\n"
"  --dst LIST         destinations, cycled per frame: unicast, multicast,\n"
"                     broadcast or a MAC, comma separated (default unicast =\n"
"                     02:53:4e:00:00:02; multicast = 03:53:4e:00:00:01).\n"
"                     The board must accept them: promiscuous, or its MAC\n"
"  --dst-mix          same as --dst unicast,multicast,broadcast\n"
"  --src MAC          source MAC (default 02:53:4e:00:00:01)\n"
"  --run-id N         run id to send, or with --rx alone the only one to\n"
"                     accept (default: random; --rx alone takes the first seen)\n"
"\n"
"IPv4 (for routers, checksum offloads and flow rules)\n"
"  --l4 udp|tcp|ip    carry the payload in IPv4 and UDP, TCP or nothing (IP\n"
"                     protocol 253); sizes from 74 (UDP), 86 (TCP), 66 (ip)\n"
"  --ip-src A.B.C.D   source (default 198.18.0.1)\n"
"  --ip-dst A.B.C.D   destination (default 198.18.1.1)\n"
"  --sport N, --dport N  UDP/TCP ports (default 1024, 5000)\n"
"  --ttl N            TTL sent (default 64)\n"
"  --bad-csum-every N every Nth frame has a wrong checksum, the IPv4 header's\n"
"                     and the UDP/TCP one's in turn. Received frames must\n"
"                     verify exactly as sent (a good one good, a bad one bad),\n"
"                     or count as corrupted\n"
"  --expect-ttl N     received frames must carry TTL N (a router: --ttl - 1)\n"
"  --expect-csum-good every received frame's checksums must verify, however\n"
"                     sent (a port that computes them on transmit)\n"
"  --udp-csum-ffff-every N  every Nth UDP frame gets the source port that\n"
"                     makes its right checksum 0xffff: the one RFC 768 sends\n"
"                     where the plain sum gives 0 (--sport is kept for others)\n"
"  --accept-udp-csum-zero  with --expect-csum-good: a UDP checksum of 0 on a\n"
"                     frame whose right one is 0xffff counts as udp_csum_zero,\n"
"                     not corrupted (QEMU's GEM model writes 0 there)\n"
"\n"
"Pace and duration\n"
"  --count N          frames to send (default 1000; 0 = until --duration or\n"
"                     Ctrl-C). With --rx alone: frames expected (0 = none,\n"
"                     to prove a port drops them); stops once all arrived.\n"
"                     Without it, gaps below the highest sequence seen count\n"
"                     as lost\n"
"  --duration S       send (or with --rx alone, listen) for S seconds at most\n"
"  --rate PPS         frames per second, paced (default 0 = as fast as possible)\n"
"  --window N         at most N frames in flight (sent, not yet back): keeps a\n"
"                     slow board from being overrun; needs --rx (0 = off, the\n"
"                     default).\n"
"                     If nothing comes back for --drain-ms the frames in flight\n"
"                     are written off; after %d such stalls in a row the run\n"
"                     gives up\n"
"  --drain-ms MS      wait this long for stragglers after the last send\n"
"                     (default 500)\n"
"  --timeout S        hard limit for the whole run; fails if reached before\n"
"                     all frames are sent (default 0 = none)\n"
"  --interval S       print running totals to stderr every S seconds\n"
"\n"
"Verdict and report\n"
"  --max-loss N       accept up to N lost frames (default 0)\n"
"  --max-loss-pct P   accept up to P percent lost (with --max-loss, both hold)\n"
"  --fail-on-reorder  fail when any frame arrives out of order\n"
"  --json             print the report as JSON on stdout\n"
"  --ready            print a line \"ready\" on stdout once the sockets are\n"
"                     bound, before any traffic (for scripts)\n"
"  -v, --verbose      describe the first %d bad frames of each kind on stderr\n"
"  -h, --help         this text;  --version  the version\n"
"\n"
"Reflect (a stand-in board for testing this tool and scripts)\n"
"  --reflect          forward every datagram from --rx to --tx; give the wires\n"
"                     from the board's side (BOARD_PORT:TESTER_PORT). Runs\n"
"                     until --count datagrams, --duration or SIGTERM; always\n"
"                     prints \"ready\" first\n"
"  --drop-every N     drop every Nth datagram     --dup-every N    send twice\n"
"  --corrupt-every N  flip a bit in the last byte --swap-every N   hold one back\n"
"  --pad              pad runts to 60 bytes       --add-fcs        append an FCS\n"
"\n"
"Exit status: 0 no loss beyond --max-loss/--max-loss-pct, no corruption, no\n"
"duplicates (and with --rx alone no more frames than --count); 1 traffic\n"
"failure; 2 usage or setup error (one line on stderr with cause and fix).\n"
"Corrupted frames count as corrupted, not lost. A frame 4 bytes longer than\n"
"sent is taken as carrying an FCS and checked on the sent length only.\n"
"\n"
"Example (lab): " PROG " --tx $LAB_WIRE0 --rx $LAB_WIRE1 --count 10000 \\\n"
"                 --sizes imix --dst-mix --window 32 --json\n",
	DEAD_STALLS, VERBOSE_MAX);
}

/* getopt_long values for options without a short form. */
enum {
	OPT_TX = 256, OPT_RX, OPT_SIZE, OPT_SIZES, OPT_SEED, OPT_DST,
	OPT_DST_MIX, OPT_SRC, OPT_RUN_ID, OPT_COUNT, OPT_DURATION, OPT_RATE,
	OPT_WINDOW, OPT_DRAIN_MS, OPT_TIMEOUT, OPT_INTERVAL, OPT_MAX_LOSS,
	OPT_MAX_LOSS_PCT, OPT_FAIL_ON_REORDER, OPT_JSON, OPT_READY,
	OPT_VERSION, OPT_REFLECT, OPT_DROP_EVERY, OPT_DUP_EVERY,
	OPT_CORRUPT_EVERY, OPT_SWAP_EVERY, OPT_PAD, OPT_ADD_FCS,
	OPT_L4, OPT_IP_SRC, OPT_IP_DST, OPT_SPORT, OPT_DPORT, OPT_TTL,
	OPT_BAD_CSUM_EVERY, OPT_EXPECT_TTL, OPT_EXPECT_CSUM_GOOD,
	OPT_UDP_CSUM_FFFF_EVERY, OPT_ACCEPT_UDP_CSUM_ZERO,
};

static const struct option long_opts[] = {
	{ "tx", required_argument, NULL, OPT_TX },
	{ "rx", required_argument, NULL, OPT_RX },
	{ "size", required_argument, NULL, OPT_SIZE },
	{ "sizes", required_argument, NULL, OPT_SIZES },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "dst", required_argument, NULL, OPT_DST },
	{ "dst-mix", no_argument, NULL, OPT_DST_MIX },
	{ "src", required_argument, NULL, OPT_SRC },
	{ "run-id", required_argument, NULL, OPT_RUN_ID },
	{ "count", required_argument, NULL, OPT_COUNT },
	{ "duration", required_argument, NULL, OPT_DURATION },
	{ "rate", required_argument, NULL, OPT_RATE },
	{ "window", required_argument, NULL, OPT_WINDOW },
	{ "drain-ms", required_argument, NULL, OPT_DRAIN_MS },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "interval", required_argument, NULL, OPT_INTERVAL },
	{ "max-loss", required_argument, NULL, OPT_MAX_LOSS },
	{ "max-loss-pct", required_argument, NULL, OPT_MAX_LOSS_PCT },
	{ "fail-on-reorder", no_argument, NULL, OPT_FAIL_ON_REORDER },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "ready", no_argument, NULL, OPT_READY },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "reflect", no_argument, NULL, OPT_REFLECT },
	{ "drop-every", required_argument, NULL, OPT_DROP_EVERY },
	{ "dup-every", required_argument, NULL, OPT_DUP_EVERY },
	{ "corrupt-every", required_argument, NULL, OPT_CORRUPT_EVERY },
	{ "swap-every", required_argument, NULL, OPT_SWAP_EVERY },
	{ "pad", no_argument, NULL, OPT_PAD },
	{ "add-fcs", no_argument, NULL, OPT_ADD_FCS },
	{ "l4", required_argument, NULL, OPT_L4 },
	{ "ip-src", required_argument, NULL, OPT_IP_SRC },
	{ "ip-dst", required_argument, NULL, OPT_IP_DST },
	{ "sport", required_argument, NULL, OPT_SPORT },
	{ "dport", required_argument, NULL, OPT_DPORT },
	{ "ttl", required_argument, NULL, OPT_TTL },
	{ "bad-csum-every", required_argument, NULL, OPT_BAD_CSUM_EVERY },
	{ "expect-ttl", required_argument, NULL, OPT_EXPECT_TTL },
	{ "expect-csum-good", no_argument, NULL, OPT_EXPECT_CSUM_GOOD },
	{ "udp-csum-ffff-every", required_argument, NULL,
	  OPT_UDP_CSUM_FFFF_EVERY },
	{ "accept-udp-csum-zero", no_argument, NULL, OPT_ACCEPT_UDP_CSUM_ZERO },
	{ NULL, 0, NULL, 0 },
};

static uint64_t
arg_u64(const char *opt, const char *val, uint64_t min, uint64_t max)
{
	uint64_t v;

	if (spec_parse_u64(val, min, max, &v) != 0)
		usage_error("%s '%s': give a whole number in %" PRIu64 "..%" PRIu64,
			    opt, val, min, max);
	return v;
}

static double
arg_double(const char *opt, const char *val, double min, double max)
{
	double v;

	if (spec_parse_double(val, min, max, &v) != 0)
		usage_error("%s '%s': give a number in %g..%g", opt, val, min,
			    max);
	return v;
}

static void
arg_wire(const char *opt, const char *val, struct wire *w)
{
	char err[256];

	if (wire_parse(val, w, err, sizeof(err)) != 0)
		usage_error("%s: %s", opt, err);
}

static void
arg_ipv4(const char *opt, const char *val, uint8_t ip[4])
{
	unsigned int a[4];
	char end;

	if (sscanf(val, "%u.%u.%u.%u%c", &a[0], &a[1], &a[2], &a[3],
		   &end) != 4 || a[0] > 255 || a[1] > 255 || a[2] > 255 ||
	    a[3] > 255)
		usage_error("%s '%s': give an IPv4 address like 198.18.1.1",
			    opt, val);
	for (int i = 0; i < 4; i++)
		ip[i] = (uint8_t)a[i];
}

static void
parse_args(int argc, char **argv, struct opts *o)
{
	char err[256];
	const char *dst_text = "unicast";
	bool reflect = false;
	int c;

	memset(o, 0, sizeof(*o));
	o->size_text = "60-1514";
	o->count = 1000;
	o->drain_ms = 500;
	memcpy(o->src, spec_default_src, ETH_ALEN);
	/* RFC 2544's benchmarking range: never anyone's real network. */
	arg_ipv4("--ip-src", "198.18.0.1", o->ip_src);
	arg_ipv4("--ip-dst", "198.18.1.1", o->ip_dst);
	o->sport = 1024;
	o->dport = 5000;
	o->ttl = 64;
	o->expect_ttl = -1;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":vh", long_opts, NULL)) != -1) {
		switch (c) {
		case OPT_TX:
			arg_wire("--tx", optarg, &o->tx);
			o->have_tx = true;
			break;
		case OPT_RX:
			arg_wire("--rx", optarg, &o->rx);
			o->have_rx = true;
			break;
		case OPT_SIZE:
		case OPT_SIZES:
			o->size_text = optarg;
			break;
		case OPT_SEED:
			o->seed = arg_u64("--seed", optarg, 0, UINT64_MAX);
			o->seed_set = true;
			break;
		case OPT_DST:
			dst_text = optarg;
			break;
		case OPT_DST_MIX:
			dst_text = "unicast,multicast,broadcast";
			break;
		case OPT_SRC:
			if (frame_mac_parse(optarg, o->src) != 0)
				usage_error("--src '%s': give a MAC like 02:53:4e:00:00:01",
					    optarg);
			break;
		case OPT_RUN_ID:
			o->run_id = (uint32_t)arg_u64("--run-id", optarg, 0,
						      UINT32_MAX);
			o->run_id_set = true;
			break;
		case OPT_COUNT:
			o->count = arg_u64("--count", optarg, 0, UINT64_MAX / 2);
			o->count_set = true;
			break;
		case OPT_DURATION:
			o->duration_s = arg_double("--duration", optarg, 0, 1e7);
			break;
		case OPT_RATE:
			o->rate = arg_double("--rate", optarg, 0, 1e9);
			break;
		case OPT_WINDOW:
			o->window = arg_u64("--window", optarg, 0, 1u << 20);
			break;
		case OPT_DRAIN_MS:
			o->drain_ms = arg_u64("--drain-ms", optarg, 0,
					      3600 * 1000);
			break;
		case OPT_TIMEOUT:
			o->timeout_s = arg_double("--timeout", optarg, 0, 1e7);
			break;
		case OPT_INTERVAL:
			o->interval_s = arg_double("--interval", optarg, 0, 1e6);
			break;
		case OPT_MAX_LOSS:
			o->max_loss = arg_u64("--max-loss", optarg, 0,
					      UINT64_MAX);
			o->max_loss_set = true;
			break;
		case OPT_MAX_LOSS_PCT:
			o->max_loss_pct = arg_double("--max-loss-pct", optarg,
						     0, 100);
			o->max_loss_pct_set = true;
			break;
		case OPT_FAIL_ON_REORDER:
			o->fail_on_reorder = true;
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_READY:
			o->ready = true;
			break;
		case 'v':
			o->verbose = true;
			break;
		case 'h':
			print_help();
			exit(EXIT_PASS);
		case OPT_VERSION:
			printf(PROG " 1 (frame format %d)\n", FRAME_VERSION);
			exit(EXIT_PASS);
		case OPT_REFLECT:
			reflect = true;
			break;
		case OPT_DROP_EVERY:
			o->drop_every = arg_u64("--drop-every", optarg, 1,
						UINT64_MAX);
			break;
		case OPT_DUP_EVERY:
			o->dup_every = arg_u64("--dup-every", optarg, 1,
					       UINT64_MAX);
			break;
		case OPT_CORRUPT_EVERY:
			o->corrupt_every = arg_u64("--corrupt-every", optarg, 1,
						   UINT64_MAX);
			break;
		case OPT_SWAP_EVERY:
			o->swap_every = arg_u64("--swap-every", optarg, 1,
						UINT64_MAX);
			break;
		case OPT_PAD:
			o->pad = true;
			break;
		case OPT_ADD_FCS:
			o->add_fcs = true;
			break;
		case OPT_L4:
			if (strcmp(optarg, "udp") == 0)
				o->l4 = FRAME_IPPROTO_UDP;
			else if (strcmp(optarg, "tcp") == 0)
				o->l4 = FRAME_IPPROTO_TCP;
			else if (strcmp(optarg, "ip") == 0)
				o->l4 = FRAME_IPPROTO_RAW;
			else
				usage_error("--l4 '%s': give udp, tcp or ip",
					    optarg);
			break;
		case OPT_IP_SRC:
			arg_ipv4("--ip-src", optarg, o->ip_src);
			break;
		case OPT_IP_DST:
			arg_ipv4("--ip-dst", optarg, o->ip_dst);
			break;
		case OPT_SPORT:
			o->sport = (uint16_t)arg_u64("--sport", optarg, 0,
						     UINT16_MAX);
			break;
		case OPT_DPORT:
			o->dport = (uint16_t)arg_u64("--dport", optarg, 0,
						     UINT16_MAX);
			break;
		case OPT_TTL:
			o->ttl = (uint8_t)arg_u64("--ttl", optarg, 1, 255);
			break;
		case OPT_BAD_CSUM_EVERY:
			o->bad_csum_every = arg_u64("--bad-csum-every", optarg,
						    1, UINT64_MAX);
			break;
		case OPT_EXPECT_TTL:
			o->expect_ttl = (int)arg_u64("--expect-ttl", optarg, 0,
						     255);
			break;
		case OPT_EXPECT_CSUM_GOOD:
			o->expect_csum_good = true;
			break;
		case OPT_UDP_CSUM_FFFF_EVERY:
			o->udp_csum_ffff_every = arg_u64("--udp-csum-ffff-every",
							 optarg, 1, UINT64_MAX);
			break;
		case OPT_ACCEPT_UDP_CSUM_ZERO:
			o->accept_udp_csum_zero = true;
			break;
		case ':':
			usage_error("%s needs a value (see --help)",
				    argv[optind - 1]);
		default:
			usage_error("unknown option '%s' (see --help)",
				    argv[optind - 1]);
		}
	}
	if (optind < argc)
		usage_error("unexpected argument '%s': options take the form --name VALUE (see --help)",
			    argv[optind]);

	if (size_spec_parse(o->size_text, &o->sizes, err, sizeof(err)) != 0)
		usage_error("--size/--sizes: %s", err);
	if (dst_list_parse(dst_text, &o->dst, err, sizeof(err)) != 0)
		usage_error("--dst: %s", err);
	if (o->l4 != 0 &&
	    o->sizes.min < frame_hdr_len(o->l4) + FRAME_PL_HDR_LEN)
		usage_error("--size/--sizes: %u is too short for --l4: frames from %zu bytes carry the IPv4 headers and the payload header",
			    o->sizes.min,
			    frame_hdr_len(o->l4) + FRAME_PL_HDR_LEN);
	if (o->l4 == 0 && (o->bad_csum_every || o->expect_ttl >= 0 ||
			   o->expect_csum_good))
		usage_error("--bad-csum-every, --expect-ttl and --expect-csum-good need IPv4 frames: add --l4 udp, tcp or ip");
	if (o->l4 != FRAME_IPPROTO_UDP && o->udp_csum_ffff_every)
		usage_error("--udp-csum-ffff-every needs UDP frames: add --l4 udp");
	if (o->accept_udp_csum_zero && !o->expect_csum_good)
		usage_error("--accept-udp-csum-zero goes with --expect-csum-good (it forgives a port that computes UDP checksums and writes 0 for 0xffff)");

	if (reflect) {
		if (!o->have_tx || !o->have_rx)
			usage_error("--reflect needs --rx WIRE and --tx WIRE, both seen from the board's side (BOARD_PORT:TESTER_PORT)");
		o->mode = MODE_REFLECT;
		if (!o->count_set)
			o->count = 0;
	} else if (o->have_tx) {
		o->mode = o->have_rx ? MODE_TXRX : MODE_TX;
	} else if (o->have_rx) {
		o->mode = MODE_RX;
	} else {
		usage_error("nothing to do: give --tx WIRE and/or --rx WIRE, e.g. --tx $LAB_WIRE0 --rx $LAB_WIRE1 (see --help)");
	}
	if (!reflect && (o->drop_every || o->dup_every || o->corrupt_every ||
			 o->swap_every || o->pad || o->add_fcs))
		usage_error("--drop-every, --dup-every, --corrupt-every, --swap-every, --pad and --add-fcs only work with --reflect");
	if (o->window && o->mode != MODE_TXRX)
		usage_error("--window needs both --tx and --rx: frames in flight are counted from what comes back");

	if (!o->seed_set)
		o->seed = mono_ns() ^ ((uint64_t)getpid() << 32);
	if (!o->run_id_set && o->mode != MODE_RX) {
		uint64_t s = mono_ns() ^ (uint64_t)getpid() * 0x9E3779B97F4A7C15ull;

		o->run_id = (uint32_t)spec_rng_next(&s);
	}
}

/* One UDP socket bound to 127.0.0.1:port, non-blocking. */
static int
open_port(uint16_t port, const char *opt)
{
	struct sockaddr_in sa = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	int buf = SOCK_BUF_BYTES;
	int fd;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		usage_error("cannot create a UDP socket: %s (out of file descriptors? check ulimit -n)",
			    strerror(errno));
	/* A burst from the board must not overflow the default ~200 KiB
	 * buffer while we are busy sending; the forced size needs root, the
	 * plain one is capped by net.core.rmem_max.
	 */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buf, sizeof(buf)) != 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof(buf));
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &buf, sizeof(buf)) != 0)
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buf, sizeof(buf));

	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		if (errno == EADDRINUSE)
			usage_error("%s: UDP port 127.0.0.1:%u is already in use (by another tester, reflector or QEMU; or is the wire reversed? it is TESTER_PORT:BOARD_PORT): pass a free port",
				    opt, port);
		if (errno == EACCES)
			usage_error("%s: binding 127.0.0.1:%u needs root (port under 1024): use a port above 1023",
				    opt, port);
		usage_error("%s: cannot bind 127.0.0.1:%u: %s", opt, port,
			    strerror(errno));
	}
	return fd;
}

static struct sockaddr_in
board_addr(const struct wire *w)
{
	struct sockaddr_in sa = {
		.sin_family = AF_INET,
		.sin_port = htons(w->board_port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};

	return sa;
}

static void
ready_line(void)
{
	printf("ready\n");
	fflush(stdout);
}

/* Waits for fd to be readable (and/or writable) until deadline_ns. */
static int
wait_fd(int fd, short events, uint64_t now, uint64_t deadline_ns)
{
	struct pollfd p = { .fd = fd, .events = events };
	struct timespec ts;
	uint64_t d = deadline_ns > now ? deadline_ns - now : 0;

	/* Short sleeps keep a signal arriving just before ppoll() from
	 * delaying the stop by more than a blink.
	 */
	if (d > 100 * NS_PER_MS)
		d = 100 * NS_PER_MS;
	ts.tv_sec = (time_t)(d / NS_PER_S);
	ts.tv_nsec = (long)(d % NS_PER_S);
	if (fd < 0)
		return nanosleep(&ts, NULL) == 0 ? 0 : -1;
	if (ppoll(&p, 1, &ts, NULL) < 0)
		return -1;
	return p.revents;
}

static void
note_bad(const struct opts *o, unsigned int *left, const char *what,
	 const struct frame_info *fi, size_t rx_len, enum frame_reason r,
	 bool have_info)
{
	if (!o->verbose || *left == 0)
		return;
	(*left)--;
	if (have_info)
		fprintf(stderr, PROG ": rx %s: %s (run 0x%08" PRIx32 " seq %" PRIu64
			" len %u, received %zu bytes)\n", what,
			frame_reason_str(r), fi->run_id, fi->seq, fi->len,
			rx_len);
	else
		fprintf(stderr, PROG ": rx %s: %s (%zu bytes)\n", what,
			frame_reason_str(r), rx_len);
}


struct rx_ctx {
	const struct opts *o;
	struct stats *st;
	unsigned int bad_left[3];	/* unexpected, corrupt, dup/late */
};

static void
account_rx(struct rx_ctx *r, const uint8_t *buf, size_t n, uint64_t now)
{
	struct stats *st = r->st;
	struct frame_info fi;
	enum frame_reason why;
	enum frame_verdict v;
	unsigned int flags = 0;
	enum seq_result sr;

	v = frame_decode(buf, n, &fi, &flags, &why);
	if (v == FRAME_FOREIGN) {
		st->unexpected++;
		note_bad(r->o, &r->bad_left[0], "unexpected", &fi, n, why,
			 false);
		return;
	}
	/* With --rx alone the run is whichever arrives first intact. */
	if (!st->run_id_known && v == FRAME_OK) {
		st->run_id = fi.run_id;
		st->run_id_known = true;
	}
	/* A stale frame of an earlier run is not this run's corruption. */
	if (st->run_id_known && fi.run_id != st->run_id) {
		st->unexpected++;
		st->other_run++;
		if (r->o->verbose && r->bad_left[0] > 0) {
			r->bad_left[0]--;
			fprintf(stderr, PROG ": rx unexpected: frame of run 0x%08"
				PRIx32 " seq %" PRIu64 ", this run is 0x%08"
				PRIx32 "\n", fi.run_id, fi.seq, st->run_id);
		}
		return;
	}
	if (v == FRAME_CORRUPT) {
		st->corrupted++;
		note_bad(r->o, &r->bad_left[1], "corrupt", &fi, n, why, true);
		return;
	}

	/* IPv4: checksums verify exactly as sent (or all, when the port
	 * computes them), the TTL as expected. */
	if (fi.l4 != 0) {
		bool ip_bad = flags & FRAME_F_IP_BAD, l4_bad = flags & FRAME_F_L4_BAD;
		const unsigned int want_bad = r->o->expect_csum_good ? 0 : fi.bad;

		/* --accept-udp-csum-zero: a UDP checksum the port wrote as 0
		 * where RFC 768 wants 0xffff, the data intact, is counted
		 * apart rather than as corruption. */
		if (l4_bad && (flags & FRAME_F_UDP_ZERO) &&
		    r->o->accept_udp_csum_zero) {
			st->udp_csum_zero++;
			l4_bad = false;
		}
		if (ip_bad != !!(want_bad & FRAME_BAD_IP) ||
		    l4_bad != !!(want_bad & FRAME_BAD_L4)) {
			st->corrupted++;
			st->csum_wrong++;
			if (r->o->verbose && r->bad_left[1] > 0) {
				r->bad_left[1]--;
				fprintf(stderr, PROG ": rx corrupt: seq %" PRIu64
					" sent with IPv4/L4 checksum %s/%s, came %s/%s\n",
					fi.seq, fi.bad & FRAME_BAD_IP ? "bad" : "good",
					fi.bad & FRAME_BAD_L4 ? "bad" : "good",
					ip_bad ? "bad" : "good", l4_bad ? "bad" : "good");
			}
			return;
		}
		if (r->o->expect_ttl >= 0 && fi.ttl != r->o->expect_ttl) {
			st->corrupted++;
			st->ttl_wrong++;
			if (r->o->verbose && r->bad_left[1] > 0) {
				r->bad_left[1]--;
				fprintf(stderr, PROG ": rx corrupt: seq %" PRIu64
					" came with TTL %u, want %d\n", fi.seq,
					fi.ttl, r->o->expect_ttl);
			}
			return;
		}
	}
	sr = seq_track_add(&st->track, fi.seq);
	st->received++;
	st->received_bytes += fi.len;
	if (sr != SEQ_NEW && r->o->verbose && r->bad_left[2] > 0) {
		r->bad_left[2]--;
		fprintf(stderr, PROG ": rx %s: seq %" PRIu64 " after %" PRIu64
			"\n", sr == SEQ_DUP ? "duplicate" : "out of order",
			fi.seq, st->track.max_seq);
	}
	if (flags & FRAME_F_PADDED)
		st->padded++;
	if (flags & FRAME_F_FCS)
		st->fcs++;
	if (frame_mac_is_broadcast(fi.dst))
		st->rx_broadcast++;
	else if (frame_mac_is_multicast(fi.dst))
		st->rx_multicast++;
	else
		st->rx_unicast++;
	/* CLOCK_MONOTONIC is one clock for every process on the host, so
	 * this holds even when another instance sent the frame.
	 */
	if (fi.tx_ns != 0 && fi.tx_ns <= now) {
		uint64_t lat = now - fi.tx_ns;

		if (st->lat_n == 0 || lat < st->lat_min)
			st->lat_min = lat;
		if (lat > st->lat_max)
			st->lat_max = lat;
		st->lat_sum += (double)lat;
		st->lat_n++;
	}
	if (st->t_first_rx == 0)
		st->t_first_rx = now;
	st->t_last_rx = now;
}

/* Accounts for everything queued on fd, at most RX_BURST datagrams. */
static void
drain_rx(struct rx_ctx *r, int fd, uint16_t port, uint8_t *buf)
{
	for (unsigned int i = 0; i < RX_BURST; i++) {
		ssize_t n = recv(fd, buf, RX_BUF_LEN, MSG_DONTWAIT | MSG_TRUNC);

		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK ||
			    errno == EINTR)
				return;
			/* An ICMP error of an earlier send: not a frame. */
			if (errno == ECONNREFUSED)
				continue;
			usage_error("receiving on 127.0.0.1:%u failed: %s", port,
				    strerror(errno));
		}
		if (n > RX_BUF_LEN) {
			r->st->unexpected++;
			continue;
		}
		account_rx(r, buf, (size_t)n, mono_ns());
	}
}

/* Sent frames neither back (good or corrupt) nor written off. */
static uint64_t
in_flight(const struct stats *st)
{
	uint64_t back = st->track.unique + st->corrupted + st->written_off;

	return st->sent > back ? st->sent - back : 0;
}

struct sender {
	int fd;
	struct sockaddr_in dst;
	uint64_t rng;
	uint64_t period;	/* ns between frames, 0 = unpaced */
	uint64_t next_tx;
	uint16_t len;		/* size drawn for the next frame, 0 = none */
	/* --window: when something last came back, and stalls since. */
	uint64_t progress_mark;
	uint64_t last_progress;
	unsigned int dead_stalls;
};

static int
send_one(const struct opts *o, struct stats *st, struct sender *s)
{
	static uint8_t buf[FRAME_MAX_LEN];
	struct frame_info fi = { .run_id = st->run_id, .seq = st->sent };
	size_t len;

	/* Drawn once per sequence number, so a retry after a full socket
	 * buffer keeps a --seed run identical.
	 */
	if (s->len == 0)
		s->len = size_spec_next(&o->sizes, st->sent, &s->rng);
	fi.len = s->len;
	memcpy(fi.dst, o->dst.mac[st->sent % o->dst.n], ETH_ALEN);
	memcpy(fi.src, o->src, ETH_ALEN);
	fi.l4 = o->l4;
	fi.ttl = o->ttl;
	memcpy(fi.ip_src, o->ip_src, 4);
	memcpy(fi.ip_dst, o->ip_dst, 4);
	fi.sport = o->sport;
	fi.dport = o->dport;
	fi.udp_sum_ffff = o->udp_csum_ffff_every &&
			  st->sent % o->udp_csum_ffff_every ==
			  o->udp_csum_ffff_every - 1;
	/* Every Nth: the IPv4 header's, then (with a UDP/TCP header) the
	 * L4 one's, in turn. */
	if (o->bad_csum_every && st->sent % o->bad_csum_every ==
				 o->bad_csum_every - 1) {
		uint64_t k = st->sent / o->bad_csum_every;

		fi.bad = (k & 1) && o->l4 != FRAME_IPPROTO_RAW ?
			 FRAME_BAD_L4 : FRAME_BAD_IP;
	}
	fi.tx_ns = mono_ns();
	len = frame_encode(buf, sizeof(buf), &fi);

	if (sendto(s->fd, buf, len, 0, (struct sockaddr *)&s->dst,
		   sizeof(s->dst)) < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK ||
		    errno == ENOBUFS || errno == EINTR ||
		    errno == ECONNREFUSED) {
			return -1;
		}
		usage_error("sending to 127.0.0.1:%u failed: %s",
			    o->tx.board_port, strerror(errno));
	}
	if (st->sent == 0)
		st->t_first_tx = fi.tx_ns;
	st->t_last_tx = fi.tx_ns;
	st->sent++;
	st->sent_bytes += len;
	s->len = 0;
	return 0;
}

/*
 * --window: true while another frame may go. A window that stays full for
 * --drain-ms writes its frames off (they count as lost unless they still
 * turn up), so one lost frame cannot stall the run.
 */
static bool
window_open(const struct opts *o, struct stats *st, struct sender *s,
	    uint64_t now, uint64_t *wake)
{
	uint64_t back = st->track.unique + st->corrupted;
	uint64_t stall_at;

	if (back != s->progress_mark) {
		s->progress_mark = back;
		s->last_progress = now;
		s->dead_stalls = 0;
	}
	if (o->window == 0 || in_flight(st) < o->window)
		return true;
	stall_at = s->last_progress + o->drain_ms * NS_PER_MS;
	if (now < stall_at) {
		*wake = stall_at;
		return false;
	}
	st->window_stalls++;
	st->written_off += in_flight(st);
	s->last_progress = now;
	if (++s->dead_stalls >= DEAD_STALLS) {
		st->gave_up = true;
		return false;
	}
	return true;
}

/* Sends what is due, at most TX_BURST frames; returns when to come back. */
static uint64_t
tx_due(const struct opts *o, struct stats *st, struct sender *s, uint64_t now)
{
	for (unsigned int burst = 0; burst < TX_BURST; burst++) {
		if ((o->count && st->sent >= o->count) ||
		    (o->window && in_flight(st) >= o->window))
			return now;
		if (now < s->next_tx)
			return s->next_tx;
		if (send_one(o, st, s) != 0)
			return now + NS_PER_MS;
		if (s->period) {
			s->next_tx += s->period;
			/* Far behind (a stall, a busy host): pace on from now
			 * instead of bursting to catch up.
			 */
			if (s->next_tx + TX_BURST * s->period < now)
				s->next_tx = now;
		}
		now = mono_ns();
	}
	return now;
}

static void
print_interval(const struct opts *o, const struct stats *st, uint64_t now)
{
	fprintf(stderr, PROG ": %.1f s: sent %" PRIu64 " received %" PRIu64
		" in flight %" PRIu64 " corrupted %" PRIu64 " duplicated %"
		PRIu64 " unexpected %" PRIu64 "\n",
		(double)(now - st->t_start) / NS_PER_S, st->sent, st->received,
		o->mode == MODE_TXRX ? in_flight(st) : 0, st->corrupted,
		st->track.duplicated, st->unexpected);
}

/* Sends, receives and accounts until done; fills st. */
static void
run_traffic(const struct opts *o, struct stats *st)
{
	static uint8_t rxbuf[RX_BUF_LEN];
	struct rx_ctx r = {
		.o = o, .st = st,
		.bad_left = { VERBOSE_MAX, VERBOSE_MAX, VERBOSE_MAX },
	};
	bool do_tx = o->mode != MODE_RX, do_rx = o->mode != MODE_TX;
	struct sender s = { .fd = -1, .rng = o->seed };
	int rxfd = -1;
	uint64_t stop_tx_at = UINT64_MAX, hard_end = UINT64_MAX;
	uint64_t end_at = UINT64_MAX, next_report = UINT64_MAX;
	uint64_t interval = (uint64_t)(o->interval_s * NS_PER_S);
	uint64_t linger = (o->drain_ms < LINGER_MS ? o->drain_ms : LINGER_MS) *
			  NS_PER_MS;
	bool active = true;	/* sending, or with --rx alone listening */
	uint64_t now;

	st->run_id = o->run_id;
	st->run_id_known = o->mode != MODE_RX || o->run_id_set;
	if (do_tx) {
		s.fd = open_port(o->tx.tester_port, "--tx");
		s.dst = board_addr(&o->tx);
		s.period = o->rate > 0 ? (uint64_t)(NS_PER_S / o->rate) : 0;
	}
	if (do_rx)
		rxfd = do_tx && o->rx.tester_port == o->tx.tester_port ?
			s.fd : open_port(o->rx.tester_port, "--rx");
	if (seq_track_init(&st->track) != 0)
		usage_error("out of memory for the sequence tracker (%u KiB): free some memory",
			    SEQ_TRACK_BITS / 8 / 1024);
	if (o->ready)
		ready_line();

	now = mono_ns();
	st->t_start = now;
	s.next_tx = now;
	s.last_progress = now;
	if (o->duration_s > 0)
		stop_tx_at = now + (uint64_t)(o->duration_s * NS_PER_S);
	if (o->timeout_s > 0)
		hard_end = now + (uint64_t)(o->timeout_s * NS_PER_S);
	if (interval)
		next_report = now + interval;

	for (;;) {
		uint64_t wake = UINT64_MAX;
		uint64_t accounted = st->track.unique + st->corrupted;
		int ev;

		now = mono_ns();
		if (now >= next_report) {
			print_interval(o, st, now);
			next_report += interval;
		}
		if (stop_signals >= 2)
			break;
		if (now >= hard_end) {
			st->timed_out = active && do_tx;
			break;
		}
		if (active) {
			if (stop_signals) {
				st->interrupted = true;
				active = false;
			} else if (now >= stop_tx_at || st->gave_up ||
				   (do_tx && o->count && st->sent >= o->count) ||
				   (!do_tx && o->count_set && o->count &&
				    accounted >= o->count)) {
				active = false;
			}
			if (!active)
				end_at = now + o->drain_ms * NS_PER_MS;
		}

		if (!active) {
			/* Everything back: stay only a moment for late
			 * duplicates instead of the whole drain time.
			 */
			if (do_tx && do_rx && accounted >= st->sent) {
				uint64_t last = st->t_last_rx > st->t_last_tx ?
					st->t_last_rx : st->t_last_tx;

				if (last + linger < end_at)
					end_at = last + linger;
			}
			if (!do_rx || now >= end_at)
				break;
			wake = end_at;
		} else if (do_tx) {
			if (window_open(o, st, &s, now, &wake))
				wake = tx_due(o, st, &s, now);
		} else {
			wake = stop_tx_at;	/* --rx alone */
		}

		if (hard_end < wake)
			wake = hard_end;
		if (next_report < wake)
			wake = next_report;
		/* A full send buffer (ENOBUFS has no POLLOUT) is retried by
		 * tx_due() a millisecond later.
		 */
		ev = wait_fd(do_rx ? rxfd : -1, POLLIN, now, wake);
		if (ev < 0 && errno != EINTR)
			usage_error("waiting on the sockets failed: %s",
				    strerror(errno));
		if (do_rx)
			drain_rx(&r, rxfd, o->rx.tester_port, rxbuf);
	}
	st->t_end = mono_ns();
	if (s.fd >= 0)
		close(s.fd);
	if (rxfd >= 0 && rxfd != s.fd)
		close(rxfd);
}

#define MAX_FAILURES	8

struct verdict {
	uint64_t expected;
	uint64_t lost;
	double loss_pct;
	unsigned int nfail;
	char fail[MAX_FAILURES][200];
};

static void __attribute__((format(printf, 2, 3)))
add_failure(struct verdict *v, const char *fmt, ...)
{
	va_list ap;

	if (v->nfail == MAX_FAILURES)
		return;
	va_start(ap, fmt);
	vsnprintf(v->fail[v->nfail++], sizeof(v->fail[0]), fmt, ap);
	va_end(ap);
}

static void
judge(const struct opts *o, const struct stats *st, struct verdict *v)
{
	const struct seq_track *t = &st->track;
	bool loss_ok;

	memset(v, 0, sizeof(*v));
	if (o->mode == MODE_TXRX)
		v->expected = st->sent;
	else if (o->mode == MODE_RX)
		v->expected = o->count_set ? o->count :
			      (t->any ? t->max_seq + 1 : 0);
	if (o->mode != MODE_TX)
		v->lost = seq_track_lost(t, v->expected, st->corrupted);
	v->loss_pct = v->expected ? 100.0 * (double)v->lost /
				    (double)v->expected : 0;

	if (!o->max_loss_set && !o->max_loss_pct_set) {
		loss_ok = v->lost == 0;
	} else {
		loss_ok = true;
		if (o->max_loss_set && v->lost > o->max_loss)
			loss_ok = false;
		/* Tolerance for the percent's binary rounding only. */
		if (o->max_loss_pct_set &&
		    v->loss_pct > o->max_loss_pct + 1e-9)
			loss_ok = false;
	}
	if (!loss_ok) {
		char allowed[64];

		if (o->max_loss_set && o->max_loss_pct_set)
			snprintf(allowed, sizeof(allowed),
				 "%" PRIu64 " and %.3f%%", o->max_loss,
				 o->max_loss_pct);
		else if (o->max_loss_pct_set)
			snprintf(allowed, sizeof(allowed), "%.3f%%",
				 o->max_loss_pct);
		else
			snprintf(allowed, sizeof(allowed), "%" PRIu64,
				 o->max_loss);
		add_failure(v, "lost %" PRIu64 " of %" PRIu64
			    " frames (%.3f%%; allowed %s)", v->lost,
			    v->expected, v->loss_pct, allowed);
	}
	if (st->corrupted)
		add_failure(v, "%" PRIu64 " corrupted frames", st->corrupted);
	if (t->duplicated)
		add_failure(v, "%" PRIu64 " duplicated frames", t->duplicated);
	if (o->fail_on_reorder && t->reordered)
		add_failure(v, "%" PRIu64 " frames out of order", t->reordered);
	if (o->mode == MODE_RX && o->count_set && t->unique > o->count) {
		if (o->count == 0)
			add_failure(v, "received %" PRIu64 " frames where none should arrive",
				    t->unique);
		else
			add_failure(v, "received %" PRIu64 " distinct frames, expected %" PRIu64,
				    t->unique, o->count);
	}
	if (st->timed_out)
		add_failure(v, "timed out after %g s with %" PRIu64 " frames sent",
			    o->timeout_s, st->sent);
	if (st->gave_up)
		add_failure(v, "gave up: nothing came back for %d x %" PRIu64 " ms with the window full; is the board forwarding from --tx to --rx?",
			    DEAD_STALLS, o->drain_ms);
}

/* Both directions' rates, as every report gives them. */
struct run_rates {
	double tx_pps, tx_mbps, rx_pps, rx_mbps;
};

static void
rates(uint64_t n, uint64_t bytes, uint64_t t0, uint64_t t1, double *pps,
      double *mbps)
{
	double span = (double)(t1 - t0) / NS_PER_S;

	*pps = 0;
	*mbps = 0;
	/* n frames span n - 1 gaps; counting n would flatter short runs. */
	if (n < 2 || t1 <= t0)
		return;
	*pps = (double)(n - 1) / span;
	*mbps = (double)bytes * 8 * ((double)(n - 1) / (double)n) / span / 1e6;
}

static struct run_rates
run_rates(const struct stats *st)
{
	struct run_rates r;

	rates(st->sent, st->sent_bytes, st->t_first_tx, st->t_last_tx,
	      &r.tx_pps, &r.tx_mbps);
	rates(st->received, st->received_bytes, st->t_first_rx, st->t_last_rx,
	      &r.rx_pps, &r.rx_mbps);
	return r;
}

static const char *
wire_text(bool have, const struct wire *w, char *buf, size_t len)
{
	if (!have)
		return NULL;
	snprintf(buf, len, "%u:%u", w->tester_port, w->board_port);
	return buf;
}

static void
json_quoted(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static void
json_str(const char *key, const char *val, bool comma)
{
	printf("  \"%s\": ", key);
	if (val == NULL)
		printf("null");
	else
		json_quoted(val);
	printf("%s\n", comma ? "," : "");
}

static void
json_u64(const char *key, uint64_t v)
{
	printf("  \"%s\": %" PRIu64 ",\n", key, v);
}

static void
json_num(const char *key, double v)
{
	printf("  \"%s\": %.6g,\n", key, v);
}

static void
json_bool(const char *key, bool v)
{
	printf("  \"%s\": %s,\n", key, v ? "true" : "false");
}

static void
report_json(const struct opts *o, const struct stats *st,
	    const struct verdict *v)
{
	const struct run_rates r = run_rates(st);
	char tw[16], rw[16];

	printf("{\n");
	json_str("tool", PROG, true);
	json_u64("format", FRAME_VERSION);
	json_str("mode", mode_names[o->mode], true);
	json_str("tx_wire", wire_text(o->have_tx, &o->tx, tw, sizeof(tw)),
		 true);
	json_str("rx_wire", wire_text(o->have_rx, &o->rx, rw, sizeof(rw)),
		 true);
	if (st->run_id_known)
		json_u64("run_id", st->run_id);
	else
		printf("  \"run_id\": null,\n");
	json_u64("seed", o->seed);
	json_str("sizes", o->size_text, true);
	if (o->mode == MODE_RX && !o->count_set)
		printf("  \"count\": null,\n");
	else
		json_u64("count", o->count);
	json_num("rate", o->rate);
	json_u64("window", o->window);
	json_u64("sent", st->sent);
	json_u64("sent_bytes", st->sent_bytes);
	json_u64("received", st->received);
	json_u64("received_bytes", st->received_bytes);
	json_u64("expected", v->expected);
	json_u64("lost", v->lost);
	json_num("loss_pct", v->loss_pct);
	json_u64("duplicated", st->track.duplicated);
	json_u64("reordered", st->track.reordered);
	json_u64("corrupted", st->corrupted);
	json_u64("csum_wrong", st->csum_wrong);
	json_u64("udp_csum_zero", st->udp_csum_zero);
	json_u64("ttl_wrong", st->ttl_wrong);
	json_u64("unexpected", st->unexpected);
	json_u64("other_run", st->other_run);
	json_u64("padded", st->padded);
	json_u64("fcs", st->fcs);
	json_u64("rx_unicast", st->rx_unicast);
	json_u64("rx_multicast", st->rx_multicast);
	json_u64("rx_broadcast", st->rx_broadcast);
	json_num("tx_pps", r.tx_pps);
	json_num("tx_mbps", r.tx_mbps);
	json_num("rx_pps", r.rx_pps);
	json_num("rx_mbps", r.rx_mbps);
	if (st->lat_n) {
		json_num("latency_us_min", (double)st->lat_min / 1e3);
		json_num("latency_us_avg", st->lat_sum / (double)st->lat_n / 1e3);
		json_num("latency_us_max", (double)st->lat_max / 1e3);
	} else {
		printf("  \"latency_us_min\": null,\n  \"latency_us_avg\": null,\n  \"latency_us_max\": null,\n");
	}
	json_num("elapsed_s", (double)(st->t_end - st->t_start) / NS_PER_S);
	json_u64("window_stalls", st->window_stalls);
	json_u64("written_off", st->written_off);
	json_u64("seq_too_old", st->track.too_old);
	json_bool("timed_out", st->timed_out);
	json_bool("gave_up", st->gave_up);
	json_bool("interrupted", st->interrupted);
	json_str("result", v->nfail ? "fail" : "pass", true);
	printf("  \"failures\": [");
	for (unsigned int i = 0; i < v->nfail; i++) {
		printf("%s", i ? ", " : "");
		json_quoted(v->fail[i]);
	}
	printf("]\n}\n");
}

static void
report_human(const struct opts *o, const struct stats *st,
	     const struct verdict *v)
{
	const struct run_rates r = run_rates(st);
	char tw[16], rw[16];

	printf(PROG " %s: ", mode_names[o->mode]);
	if (st->run_id_known)
		printf("run 0x%08" PRIx32 ", ", st->run_id);
	if (o->have_tx)
		printf("seed %" PRIu64 ", sizes %s, tx %s", o->seed,
		       o->size_text, wire_text(true, &o->tx, tw, sizeof(tw)));
	if (o->have_rx)
		printf("%srx %s", o->have_tx ? ", " : "", wire_text(true, &o->rx, rw, sizeof(rw)));
	printf("\n  %-12s %12s %14s %12s %10s\n", "", "frames", "bytes", "pps",
	       "Mb/s");
	if (o->mode != MODE_RX)
		printf("  %-12s %12" PRIu64 " %14" PRIu64 " %12.1f %10.2f\n",
		       "sent", st->sent, st->sent_bytes, r.tx_pps, r.tx_mbps);
	if (o->mode != MODE_TX) {
		printf("  %-12s %12" PRIu64 " %14" PRIu64 " %12.1f %10.2f\n",
		       "received", st->received, st->received_bytes, r.rx_pps,
		       r.rx_mbps);
		printf("  %-12s %12" PRIu64 " %13.3f%%  (of %" PRIu64 " expected)\n",
		       "lost", v->lost, v->loss_pct, v->expected);
		printf("  %-12s %12" PRIu64 "\n", "duplicated",
		       st->track.duplicated);
		printf("  %-12s %12" PRIu64 "\n", "reordered",
		       st->track.reordered);
		printf("  %-12s %12" PRIu64 "\n", "corrupted", st->corrupted);
		printf("  %-12s %12" PRIu64 "\n", "csum_wrong", st->csum_wrong);
		printf("  %-12s %12" PRIu64 "\n", "udp_csum_zero",
		       st->udp_csum_zero);
		printf("  %-12s %12" PRIu64 "\n", "ttl_wrong", st->ttl_wrong);
		printf("  %-12s %12" PRIu64 "  (other runs %" PRIu64 ")\n",
		       "unexpected", st->unexpected, st->other_run);
		printf("  %-12s %12" PRIu64 "  (FCS kept %" PRIu64 ")\n",
		       "padded", st->padded, st->fcs);
		printf("  %-12s %12s  unicast %" PRIu64 ", multicast %" PRIu64
		       ", broadcast %" PRIu64 "\n", "destinations", "",
		       st->rx_unicast, st->rx_multicast, st->rx_broadcast);
		if (st->lat_n)
			printf("  %-12s %12s  min %.1f, avg %.1f, max %.1f us\n",
			       "latency", "", (double)st->lat_min / 1e3,
			       st->lat_sum / (double)st->lat_n / 1e3,
			       (double)st->lat_max / 1e3);
	}
	printf("  %-12s %12.3f s", "elapsed",
	       (double)(st->t_end - st->t_start) / NS_PER_S);
	if (o->window)
		printf("  (window %" PRIu64 ", stalls %" PRIu64 ", written off %"
		       PRIu64 ")", o->window, st->window_stalls,
		       st->written_off);
	if (st->interrupted)
		printf("  (interrupted)");
	printf("\n");
	if (v->nfail == 0) {
		printf("PASS\n");
		return;
	}
	for (unsigned int i = 0; i < v->nfail; i++)
		printf("FAIL: %s\n", v->fail[i]);
}

/* Blocks until buf is on its way: a stand-in board must not lose frames
 * it was not told to lose.
 */
static void
send_all(int fd, const void *buf, size_t len, const struct sockaddr_in *dst,
	 uint16_t port)
{
	while (sendto(fd, buf, len, 0, (const struct sockaddr *)dst,
		      sizeof(*dst)) < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK ||
		    errno == ENOBUFS || errno == EINTR) {
			struct pollfd p = { .fd = fd, .events = POLLOUT };

			if (stop_signals >= 2)
				return;
			poll(&p, 1, 1);
			continue;
		}
		if (errno == ECONNREFUSED)
			return;
		usage_error("reflect: sending to 127.0.0.1:%u failed: %s",
			    port, strerror(errno));
	}
}

struct reflect_stats {
	uint64_t received, forwarded, dropped, duplicated, corrupted;
	uint64_t swapped, padded, fcs_added;
	uint64_t t_start, t_end;
};

/* How long a frame held back by --swap-every waits for a successor. */
#define SWAP_HOLD_NS	(20 * NS_PER_MS)

static void
run_reflect(const struct opts *o, struct reflect_stats *rs)
{
	static uint8_t buf[RX_BUF_LEN + FRAME_FCS_LEN];
	static uint8_t held[RX_BUF_LEN + FRAME_FCS_LEN];
	size_t held_len = 0;
	uint64_t held_at = 0, end = UINT64_MAX, now;
	struct sockaddr_in dst = board_addr(&o->tx);
	int rxfd, txfd;

	rxfd = open_port(o->rx.tester_port, "--rx");
	txfd = o->tx.tester_port == o->rx.tester_port ? rxfd :
	       open_port(o->tx.tester_port, "--tx");
	ready_line();
	now = mono_ns();
	rs->t_start = now;
	if (o->duration_s > 0)
		end = now + (uint64_t)(o->duration_s * NS_PER_S);

	for (;;) {
		uint64_t wake = end;

		now = mono_ns();
		if (held_len && (now >= held_at + SWAP_HOLD_NS ||
				 stop_signals || now >= end)) {
			send_all(txfd, held, held_len, &dst, o->tx.board_port);
			rs->forwarded++;
			held_len = 0;
		}
		if (stop_signals || now >= end ||
		    (o->count && rs->received >= o->count && !held_len))
			break;
		if (held_len && held_at + SWAP_HOLD_NS < wake)
			wake = held_at + SWAP_HOLD_NS;
		if (wait_fd(rxfd, POLLIN, now, wake) < 0 && errno != EINTR)
			usage_error("reflect: waiting on the socket failed: %s",
				    strerror(errno));

		for (unsigned int i = 0; i < RX_BURST; i++) {
			ssize_t r = recv(rxfd, buf, RX_BUF_LEN, MSG_DONTWAIT);
			size_t n;
			uint64_t k;

			if (r < 0)
				break;
			n = (size_t)r;
			k = ++rs->received;
			if (o->drop_every && k % o->drop_every == 0) {
				rs->dropped++;
				continue;
			}
			if (o->corrupt_every && k % o->corrupt_every == 0 &&
			    n > 0) {
				buf[n - 1] ^= 1;
				rs->corrupted++;
			}
			if (o->pad && n < FRAME_MIN_LEN) {
				memset(buf + n, 0, FRAME_MIN_LEN - n);
				n = FRAME_MIN_LEN;
				rs->padded++;
			}
			if (o->add_fcs) {
				uint32_t fcs = frame_crc32(buf, n);

				/* The FCS goes out least significant byte
				 * first, as on the wire.
				 */
				for (int b = 0; b < FRAME_FCS_LEN; b++)
					buf[n + b] = (uint8_t)(fcs >> (8 * b));
				n += FRAME_FCS_LEN;
				rs->fcs_added++;
			}
			if (o->swap_every && k % o->swap_every == 0 &&
			    !held_len) {
				memcpy(held, buf, n);
				held_len = n;
				held_at = mono_ns();
				continue;
			}
			send_all(txfd, buf, n, &dst, o->tx.board_port);
			rs->forwarded++;
			if (held_len) {
				send_all(txfd, held, held_len, &dst,
					 o->tx.board_port);
				rs->forwarded++;
				rs->swapped++;
				held_len = 0;
			}
			if (o->dup_every && k % o->dup_every == 0) {
				send_all(txfd, buf, n, &dst, o->tx.board_port);
				rs->duplicated++;
			}
			if (o->count && rs->received >= o->count)
				break;
		}
	}
	rs->t_end = mono_ns();
	if (txfd != rxfd)
		close(txfd);
	close(rxfd);
}

static void
report_reflect(const struct opts *o, const struct reflect_stats *rs)
{
	double el = (double)(rs->t_end - rs->t_start) / NS_PER_S;
	char tw[16], rw[16];

	if (!o->json) {
		printf(PROG " reflect: rx %s, tx %s: received %" PRIu64
		       ", forwarded %" PRIu64 ", dropped %" PRIu64
		       ", duplicated %" PRIu64 ", corrupted %" PRIu64
		       ", swapped %" PRIu64 ", padded %" PRIu64
		       ", fcs added %" PRIu64 " in %.3f s\n",
		       wire_text(true, &o->rx, rw, sizeof(rw)),
		       wire_text(true, &o->tx, tw, sizeof(tw)), rs->received,
		       rs->forwarded, rs->dropped, rs->duplicated,
		       rs->corrupted, rs->swapped, rs->padded, rs->fcs_added,
		       el);
		return;
	}
	printf("{\n");
	json_str("tool", PROG, true);
	json_str("mode", "reflect", true);
	json_str("rx_wire", wire_text(true, &o->rx, rw, sizeof(rw)), true);
	json_str("tx_wire", wire_text(true, &o->tx, tw, sizeof(tw)), true);
	json_u64("received", rs->received);
	json_u64("forwarded", rs->forwarded);
	json_u64("dropped", rs->dropped);
	json_u64("duplicated", rs->duplicated);
	json_u64("corrupted", rs->corrupted);
	json_u64("swapped", rs->swapped);
	json_u64("padded", rs->padded);
	json_u64("fcs_added", rs->fcs_added);
	printf("  \"elapsed_s\": %.6g\n}\n", el);
}

int
main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct opts o;

	parse_args(argc, argv, &o);
	/* No SA_RESTART: a signal must cut a wait short. */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	if (o.mode == MODE_REFLECT) {
		struct reflect_stats rs = { 0 };

		run_reflect(&o, &rs);
		report_reflect(&o, &rs);
		return EXIT_PASS;
	} else {
		struct stats st = { 0 };
		struct verdict v;

		run_traffic(&o, &st);
		judge(&o, &st, &v);
		if (o.json)
			report_json(&o, &st, &v);
		else
			report_human(&o, &st, &v);
		seq_track_free(&st.track);
		return v.nfail ? EXIT_TRAFFIC : EXIT_PASS;
	}
}
