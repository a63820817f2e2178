/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * socnic-bench-fastpath: what net_gem's burst functions cost per packet on
 * the build machine, beside DPDK's own net_ring PMD in the same process.
 *
 * Each PMD forwards a loop of frames through ethdev: rx burst, then tx burst
 * of what came in, then a "device" step the harness plays between bursts
 * (benchdev.c). Only the two ethdev calls are measured; the device step is
 * excluded from every figure:
 *   --mode cycles     TSC cycles around each call, median over --runs runs
 *   --mode callgrind  no timing of its own: each configuration is bracketed
 *                     by CALLGRIND_ZERO_STATS and CALLGRIND_DUMP_STATS_AT,
 *                     and bench/run collects only inside bench_rx_burst or
 *                     bench_tx_burst (valgrind --toggle-collect)
 *   --mode count      aarch64 under QEMU with bench/insn-count.c: the two
 *                     calls bracketed by marker hints (BENCH_MARK), each
 *                     configuration's counts zeroed before its measured
 *                     run and written after it
 *   --mode memory     heap, memzone and libc heap bytes one port takes at
 *                     its default ring size
 * Results are JSON lines on stdout, one per configuration.
 */

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef BENCH_CALLGRIND
#include <valgrind/callgrind.h>
#else
/* No valgrind for this target (aarch64 counts under QEMU instead). */
#define CALLGRIND_ZERO_STATS do { } while (0)
#define CALLGRIND_DUMP_STATS_AT(label) do { (void)(label); } while (0)
#endif

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_memzone.h>
#include <rte_ring.h>

#include "benchdev.h"

#define MAX_BURST    32
#define MAX_LIST     8
#define POOL_CACHE   256
/* Enough for a full RX ring, a full TX ring, a burst and every cache. */
#define POOL_MBUFS   (2 * 4096 + 2 * MAX_BURST + 2 * POOL_CACHE + 1023)

struct options {
	enum { MODE_CYCLES, MODE_CALLGRIND, MODE_COUNT, MODE_MEMORY } mode;
	bool pmds[BENCH_NB_PMDS];
	unsigned int bursts[MAX_LIST], nb_bursts;
	unsigned int frames[MAX_LIST], nb_frames;
	unsigned int rings[MAX_LIST], nb_rings;
	unsigned int packets;	/* measured per run */
	unsigned int runs;
};

static struct rte_mempool *pool;
static uint64_t stamp_cost;	/* two back-to-back stamp()s, cycles */

static void __rte_noreturn
fail(const char *fmt, ...)
{
	va_list ap;

	fputs("socnic-bench-fastpath: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

/*
 * Markers for the instruction-counting QEMU plugin (insn-count.c): hints
 * the architecture leaves as NOPs, so they cost a NOP where nothing counts.
 */
#ifdef RTE_ARCH_ARM64
#define BENCH_MARK(n) __asm__ volatile("hint #" RTE_STR(n) : : : "memory")
#else
#define BENCH_MARK(n) do { } while (0)
#endif
#define BENCH_MARK_RX   122
#define BENCH_MARK_TX   123
#define BENCH_MARK_ZERO 124
#define BENCH_MARK_OFF  125
#define BENCH_MARK_DUMP 126

/*
 * The two measured calls. Out of line so that callgrind can collect inside
 * them alone; the call itself is the same for both PMDs.
 */
__rte_noinline uint16_t
bench_rx_burst(uint16_t port, struct rte_mbuf **pkts, uint16_t n)
{
	uint16_t nb;

	BENCH_MARK(BENCH_MARK_RX);
	nb = rte_eth_rx_burst(port, 0, pkts, n);
	BENCH_MARK(BENCH_MARK_OFF);
	return nb;
}

__rte_noinline uint16_t
bench_tx_burst(uint16_t port, struct rte_mbuf **pkts, uint16_t n)
{
	uint16_t nb;

	BENCH_MARK(BENCH_MARK_TX);
	nb = rte_eth_tx_burst(port, 0, pkts, n);
	BENCH_MARK(BENCH_MARK_OFF);
	return nb;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(double *v, unsigned int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/*
 * A time stamp that waits for everything before it to finish executing, so
 * an interval holds its call's work and nothing overlapped from outside
 * (plain rdtsc lets the core run ahead and makes short calls look free).
 */
static __rte_always_inline uint64_t
stamp(void)
{
#ifdef RTE_ARCH_X86
	uint32_t lo, hi;

	asm volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return ((uint64_t)hi << 32) | lo;
#else
	return rte_rdtsc_precise();
#endif
}

/* The cost of the stamps themselves, subtracted from every interval. */
static uint64_t
calibrate_stamps(void)
{
	double v[15];
	unsigned int r, i;

	for (r = 0; r < RTE_DIM(v); r++) {
		uint64_t sum = 0;

		for (i = 0; i < 10000; i++) {
			uint64_t t0 = stamp();
			uint64_t t1 = stamp();

			sum += t1 - t0;
		}
		v[r] = (double)sum / 10000;
	}
	return (uint64_t)(median(v, RTE_DIM(v)) + 0.5);
}

/*
 * A burst call that took longer than this was preempted (these machines
 * are shared; a time slice is a millisecond or more): its iteration is left
 * out and counted. The slowest honest call measured, net_gem/sync's TX
 * reclaim walking a 4096-entry ring, takes some 30,000 cycles.
 */
#define INTERRUPTED_CYCLES 500000

struct run_result {
	uint64_t packets;
	uint64_t timed;		/* packets whose iteration was timed */
	/* Signed: a call can take less than the stamps' average cost. */
	int64_t rx_cycles, tx_cycles;
	uint64_t short_bursts;	/* rx burst returned less than asked */
	uint64_t interrupted;	/* iterations left out */
};

/*
 * Forward `packets` frames: rx burst, tx burst, device step. A frame the
 * device has not received yet, or a TX the PMD refused, is a harness bug
 * for this steady loop: report it rather than average over it.
 */
static void
run_loop(struct bench_dev *d, unsigned int burst, uint64_t packets,
	 struct run_result *res)
{
	struct rte_mbuf *pkts[MAX_BURST];
	uint64_t stalls = 0;

	memset(res, 0, sizeof(*res));
	while (res->packets < packets) {
		uint64_t t0, t1, t2;
		uint16_t nb_rx, nb_tx;

		t0 = stamp();
		nb_rx = bench_rx_burst(d->port, pkts, burst);
		t1 = stamp();
		nb_tx = bench_tx_burst(d->port, pkts, nb_rx);
		t2 = stamp();
		if (nb_tx != nb_rx)
			fail("%s: tx burst took %u of %u frames: the loop is not steady",
			     d->pmd, nb_tx, nb_rx);
		if (t1 - t0 > INTERRUPTED_CYCLES ||
		    t2 - t1 > INTERRUPTED_CYCLES) {
			res->interrupted++;
		} else {
			res->rx_cycles += (int64_t)(t1 - t0 - stamp_cost);
			res->tx_cycles += (int64_t)(t2 - t1 - stamp_cost);
			res->timed += nb_rx;
		}
		res->packets += nb_rx;
		if (nb_rx < burst) {
			res->short_bursts++;
			if (nb_rx == 0 && ++stalls > 1000)
				fail("%s: no frame received in 1000 polls: the device model lost them",
				     d->pmd);
		} else {
			stalls = 0;
		}
		bench_dev_step(d);
	}
}

static void
print_config(enum bench_pmd pmd, unsigned int burst, unsigned int frame,
	     unsigned int ring)
{
	printf("{\"kind\": \"fastpath\", \"pmd\": \"%s\", \"burst\": %u, "
	       "\"frame\": %u, \"ring\": %u", bench_pmd_name(pmd), burst, frame,
	       ring);
}

/*
 * The port's own counters must agree with the loop: every frame received
 * whole, at its length, and sent, none dropped. Otherwise the device model
 * and the PMD disagree, and the figures would measure something else.
 */
static void
check_counters(const struct bench_dev *d, uint64_t packets)
{
	struct rte_eth_stats st;
	/* net_ring counts no bytes. */
	uint64_t bytes = d->gem ? packets * d->frame_len : 0;

	if (rte_eth_stats_get(d->port, &st) != 0)
		fail("%s: no port statistics", d->pmd);
	if (st.ipackets != packets || st.opackets != packets ||
	    st.ibytes != bytes || st.obytes != bytes ||
	    st.ierrors != 0 || st.oerrors != 0 || st.rx_nombuf != 0)
		fail("%s: counters disagree with the loop's %" PRIu64 " frames of %u bytes: "
		     "in %" PRIu64 "/%" PRIu64 " B, out %" PRIu64 "/%" PRIu64
		     " B, errors %" PRIu64 "/%" PRIu64 ", nombuf %" PRIu64,
		     d->pmd, packets, d->frame_len, st.ipackets, st.ibytes,
		     st.opackets, st.obytes, st.ierrors, st.oerrors,
		     st.rx_nombuf);
}

static void
bench_config(const struct options *o, enum bench_pmd pmd, unsigned int burst,
	     unsigned int frame, unsigned int ring)
{
	struct bench_dev d;
	struct run_result res;
	double rx[64], tx[64], all[64];
	uint64_t short_bursts = 0, interrupted = 0, total;
	/* Warm up: every ring entry and mbuf goes round twice. */
	uint64_t warm = 2ull * (2 * ring + POOL_CACHE) + 64 * burst;
	const bool counted = o->mode == MODE_CALLGRIND || o->mode == MODE_COUNT;
	unsigned int r, runs = counted ? 1 : o->runs;
	char label[96];

	if (bench_dev_open(&d, pmd, pool, ring, frame, burst) != 0)
		exit(2);
	run_loop(&d, burst, warm, &res);
	total = res.packets;

	snprintf(label, sizeof(label), "%s burst=%u frame=%u ring=%u",
		 bench_pmd_name(pmd), burst, frame, ring);
	for (r = 0; r < runs; r++) {
		if (o->mode == MODE_CALLGRIND)
			CALLGRIND_ZERO_STATS;
		if (o->mode == MODE_COUNT)
			BENCH_MARK(BENCH_MARK_ZERO);
		run_loop(&d, burst, o->packets, &res);
		if (o->mode == MODE_CALLGRIND)
			CALLGRIND_DUMP_STATS_AT(label);
		if (o->mode == MODE_COUNT)
			BENCH_MARK(BENCH_MARK_DUMP);
		rx[r] = (double)res.rx_cycles / res.timed;
		tx[r] = (double)res.tx_cycles / res.timed;
		all[r] = rx[r] + tx[r];
		short_bursts += res.short_bursts;
		interrupted += res.interrupted;
		total += res.packets;
	}
	check_counters(&d, total);
	bench_dev_close(&d);
	if (rte_mempool_in_use_count(pool) != 0)
		fail("%s: %u mbufs still in use after close: leak in the PMD or the harness",
		     bench_pmd_name(pmd), rte_mempool_in_use_count(pool));

	print_config(pmd, burst, frame, ring);
	printf(", \"packets\": %" PRIu64 ", \"runs\": %u, \"short_bursts\": %"
	       PRIu64 ", \"interrupted\": %" PRIu64, res.packets, runs,
	       short_bursts, interrupted);
	if (counted) {
		printf(", \"label\": \"%s\"", label);
	} else {
		double rx_med = median(rx, runs), tx_med = median(tx, runs);
		double all_med = median(all, runs);	/* sorts all[] */

		printf(", \"rx_cycles\": %.1f, \"tx_cycles\": %.1f, "
		       "\"cycles\": %.1f, \"cycles_min\": %.1f, "
		       "\"stamp_cost\": %" PRIu64 ", \"tsc_hz\": %" PRIu64,
		       rx_med, tx_med, all_med, all[0], stamp_cost,
		       rte_get_tsc_hz());
	}
	printf("}\n");
	fflush(stdout);
}

/* ------------------------------------------------------------ memory */

struct mem_snap {
	size_t heap;		/* rte_malloc heaps: allocated bytes */
	size_t memzones;	/* of which memzones */
	unsigned int nb_memzones;
	size_t libc;		/* malloc() arena bytes in use */
	size_t shared;		/* ETHDEV_SHARED_MZ, once it exists */
};

/*
 * ethdev's table of every port's data, reserved with the first port of
 * the process: shared by all ports, not part of any one.
 */
#define ETHDEV_SHARED_MZ "rte_eth_dev_data"

static void
mz_sum(const struct rte_memzone *mz, void *arg)
{
	struct mem_snap *s = arg;

	if (strcmp(mz->name, ETHDEV_SHARED_MZ) == 0) {
		s->shared = mz->len;
		return;
	}
	s->memzones += mz->len;
	s->nb_memzones++;
}

static void
mem_snap(struct mem_snap *s)
{
	unsigned int i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < rte_socket_count(); i++) {
		struct rte_malloc_socket_stats st;

		if (rte_malloc_get_socket_stats(rte_socket_id_by_idx(i),
						&st) == 0)
			s->heap += st.heap_allocsz_bytes;
	}
	rte_memzone_walk(mz_sum, s);
	s->heap -= s->shared;
	s->libc = mallinfo2().uordblks;
}

static void
mz_print(const struct rte_memzone *mz, void *arg)
{
	bool *first = arg;

	if (strcmp(mz->name, ETHDEV_SHARED_MZ) == 0 ||
	    strncmp(mz->name, "MP_", 3) == 0 || strncmp(mz->name, "RG_MP_", 6) == 0)
		return;		/* not the port's: ethdev's, the mbuf pool's */
	printf("%s{\"name\": \"%s\", \"bytes\": %zu}", *first ? "" : ", ",
	       mz->name, mz->len);
	*first = false;
}

static void
print_delta(const char *name, const struct mem_snap *a,
	    const struct mem_snap *b)
{
	printf(", \"%s\": {\"heap\": %zd, \"memzones\": %zd, "
	       "\"nb_memzones\": %d, \"libc\": %zd}", name,
	       (ssize_t)(b->heap - a->heap),
	       (ssize_t)(b->memzones - a->memzones),
	       (int)(b->nb_memzones - a->nb_memzones),
	       (ssize_t)(b->libc - a->libc));
}

/*
 * One port at its default ring size, measured around the stages an
 * application goes through: probe (the ethdev and driver state), then
 * configure + queue setup + start (rings). The mbufs an RX ring holds come
 * from the application's pool and are reported apart.
 */
static void
bench_memory(enum bench_pmd pmd)
{
	struct bench_dev d;
	struct mem_snap s0, s1, s2;
	bool first = true;

	if (bench_dev_init(&d, pmd) != 0)
		exit(2);
	mem_snap(&s0);
	if (bench_dev_create(&d, 0) != 0)
		exit(2);
	mem_snap(&s1);
	if (bench_dev_start(&d, pool, 0, 64, 1) != 0)
		exit(2);
	mem_snap(&s2);

	printf("{\"kind\": \"memory\", \"pmd\": \"%s\", \"rx_ring\": %u, "
	       "\"tx_ring\": %u", bench_pmd_name(pmd), d.nb_rx_desc, d.nb_tx_desc);
	print_delta("probe", &s0, &s1);
	print_delta("setup", &s1, &s2);
	print_delta("total", &s0, &s2);
	printf(", \"rx_fill_mbufs\": %u, \"mbuf_bytes\": %zu",
	       d.rx_fill_mbufs, (size_t)(pool->header_size + pool->elt_size +
					 pool->trailer_size));
	printf(", \"ethdev_shared\": %zu, \"memzone_list\": [", s2.shared);
	rte_memzone_walk(mz_print, &first);
	printf("]}\n");
	fflush(stdout);
	bench_dev_close(&d);
}

/* --------------------------------------------------------------- main */

static unsigned int
parse_list(const char *arg, unsigned int *v, const char *opt)
{
	char *copy = strdup(arg), *save = NULL, *tok;
	unsigned int n = 0;

	for (tok = strtok_r(copy, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		char *end;
		unsigned long x = strtoul(tok, &end, 0);

		if (*end != '\0' || x == 0 || x > 65535 || n == MAX_LIST)
			fail("%s %s: give up to %d numbers 1..65535, comma separated",
			     opt, arg, MAX_LIST);
		v[n++] = (unsigned int)x;
	}
	free(copy);
	if (n == 0)
		fail("%s needs at least one value", opt);
	return n;
}

static void
parse_pmds(const char *arg, bool *pmds)
{
	static const char * const names[BENCH_NB_PMDS] = {
		[BENCH_GEM] = "gem", [BENCH_GEM_SYNC] = "gem-sync",
		[BENCH_GEM_DIRTY64] = "gem-dirty64", [BENCH_RING] = "ring",
	};
	char *copy = strdup(arg), *save = NULL, *tok;
	unsigned int i;

	memset(pmds, 0, sizeof(bool) * BENCH_NB_PMDS);
	for (tok = strtok_r(copy, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < BENCH_NB_PMDS; i++)
			if (strcmp(tok, names[i]) == 0)
				break;
		if (i == BENCH_NB_PMDS)
			fail("--pmd: '%s' is not gem, gem-sync, gem-dirty64 or ring",
			     tok);
		pmds[i] = true;
	}
	free(copy);
}

static void
usage(FILE *f)
{
	fprintf(f,
"Usage: socnic-bench-fastpath [options]\n"
"Per-packet cost of net_gem's and net_ring's burst functions, ring level,\n"
"against an in-memory GEM; JSON lines on stdout (bench/run prints tables).\n"
"  --mode cycles|callgrind|count|memory   what to measure (default cycles)\n"
"  --pmd LIST            of gem (coherent data path), gem-sync (the\n"
"                        non-coherent one, cache operations as no-ops off\n"
"                        arm64), gem-dirty64 (that with rx_dirty_max=64),\n"
"                        ring (default gem,ring)\n"
"  --bursts LIST         burst sizes, at most %d (default 1,8,32)\n"
"  --frames LIST         frame sizes on the wire incl. FCS (default 64,1518)\n"
"  --rings LIST          descriptors per ring (default 256,1024,4096)\n"
"  --packets N           frames per measured run (default 65536;\n"
"                        callgrind mode: 8192)\n"
"  --runs N              runs per configuration, median reported (default 7)\n",
		MAX_BURST);
}

static void
parse_args(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "mode", required_argument, NULL, 'm' },
		{ "pmd", required_argument, NULL, 'p' },
		{ "bursts", required_argument, NULL, 'b' },
		{ "frames", required_argument, NULL, 'f' },
		{ "rings", required_argument, NULL, 'r' },
		{ "packets", required_argument, NULL, 'n' },
		{ "runs", required_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned int i;
	int c;

	*o = (struct options){
		.mode = MODE_CYCLES,
		.pmds = { [BENCH_GEM] = true, [BENCH_RING] = true },
		.bursts = { 1, 8, 32 }, .nb_bursts = 3,
		.frames = { 64, 1518 }, .nb_frames = 2,
		.rings = { 256, 1024, 4096 }, .nb_rings = 3,
		.runs = 7,
	};
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'm':
			if (strcmp(optarg, "cycles") == 0)
				o->mode = MODE_CYCLES;
			else if (strcmp(optarg, "callgrind") == 0)
				o->mode = MODE_CALLGRIND;
			else if (strcmp(optarg, "count") == 0)
				o->mode = MODE_COUNT;
			else if (strcmp(optarg, "memory") == 0)
				o->mode = MODE_MEMORY;
			else
				fail("--mode %s: use cycles, callgrind, count or memory",
				     optarg);
			break;
		case 'p':
			parse_pmds(optarg, o->pmds);
			break;
		case 'b':
			o->nb_bursts = parse_list(optarg, o->bursts, "--bursts");
			break;
		case 'f':
			o->nb_frames = parse_list(optarg, o->frames, "--frames");
			break;
		case 'r':
			o->nb_rings = parse_list(optarg, o->rings, "--rings");
			break;
		case 'n':
			o->packets = (unsigned int)strtoul(optarg, NULL, 0);
			if (o->packets == 0)
				fail("--packets %s: give a positive count", optarg);
			break;
		case 'R':
			o->runs = (unsigned int)strtoul(optarg, NULL, 0);
			if (o->runs == 0 || o->runs > 64)
				fail("--runs %s: give 1..64", optarg);
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			exit(2);
		}
	}
	if (optind != argc)
		fail("unexpected argument '%s' (see --help)", argv[optind]);
	for (i = 0; i < o->nb_bursts; i++)
		if (o->bursts[i] > MAX_BURST)
			fail("--bursts: %u is above %d", o->bursts[i], MAX_BURST);
	for (i = 0; i < o->nb_frames; i++)
		if (o->frames[i] < 64 || o->frames[i] > 1518)
			fail("--frames: %u is not 64..1518", o->frames[i]);
	if (o->packets == 0)
		o->packets = o->mode == MODE_CALLGRIND ||
			     o->mode == MODE_COUNT ? 8192 : 65536;
}

static char sysroot[PATH_MAX];

/* The fake sysfs goes on every exit, fail() included. */
static void
remove_sysroot(void)
{
	static const char * const dirs[] = {
		"/bus/platform/devices", "/bus/platform", "/bus", "",
	};
	char path[PATH_MAX + 32];
	unsigned int i;

	for (i = 0; i < RTE_DIM(dirs); i++) {
		snprintf(path, sizeof(path), "%s%s", sysroot, dirs[i]);
		rmdir(path);
	}
}

static void
eal_setup(void)
{
	char *argv[] = {
		"socnic-bench-fastpath", "-l", "0", "--no-huge", "-m", "512",
		"--no-pci", "--no-shconf", "--iova-mode=va",
		/* 16-byte GEM descriptors still share one upper address
		 * word between all rings: keep EAL memory in one 4 GiB
		 * window. */
		"--base-virtaddr=0x40000000",
		"--log-level=lib.eal:error", "--log-level=pmd.net.gem:warning",
	};
	char path[PATH_MAX + 32];

	/* An empty sysfs for the socplat bus: no real device is touched. */
	snprintf(sysroot, sizeof(sysroot), "/tmp/socnic-bench-sys-XXXXXX");
	if (mkdtemp(sysroot) == NULL)
		fail("mkdtemp %s: %s", sysroot, strerror(errno));
	atexit(remove_sysroot);
	snprintf(path, sizeof(path), "%s/bus", sysroot);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/bus/platform", sysroot);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/bus/platform/devices", sysroot);
	if (mkdir(path, 0755) != 0)
		fail("mkdir %s: %s", path, strerror(errno));
	setenv("SOCPLAT_SYSFS_ROOT", sysroot, 1);

	if (rte_eal_init(RTE_DIM(argv), argv) < 0)
		fail("EAL init failed: %s (needs about 600 MB of free memory)",
		     rte_strerror(rte_errno));
	pool = rte_pktmbuf_pool_create("bench_pool", POOL_MBUFS, POOL_CACHE,
				       0, RTE_MBUF_DEFAULT_BUF_SIZE,
				       rte_socket_id());
	if (pool == NULL)
		fail("mbuf pool of %d: %s", POOL_MBUFS,
		     rte_strerror(rte_errno));
}

static void
eal_teardown(void)
{
	rte_mempool_free(pool);
	rte_eal_cleanup();
}

int
main(int argc, char **argv)
{
	struct options o;
	unsigned int b, f, r;
	int p;

	parse_args(argc, argv, &o);
	eal_setup();
	stamp_cost = o.mode == MODE_CYCLES ? calibrate_stamps() : 0;

	for (p = 0; p < BENCH_NB_PMDS; p++) {
		if (!o.pmds[p])
			continue;
		if (o.mode == MODE_MEMORY) {
			bench_memory(p);
			continue;
		}
		for (r = 0; r < o.nb_rings; r++)
			for (f = 0; f < o.nb_frames; f++)
				for (b = 0; b < o.nb_bursts; b++)
					bench_config(&o, p, o.bursts[b],
						     o.frames[f], o.rings[r]);
	}
	eal_teardown();
	return 0;
}
