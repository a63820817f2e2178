/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * socnic-fwd: L2 forwarding between pairs of ports, with a live rate line
 * and a summary on SIGINT/SIGTERM. The main lcore sets up, prints and
 * stops; the worker lcores only forward (fwd.c).
 */

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_version.h>

#include "args.h"
#include "fwd.h"
#include "stats.h"

#define FWD_PROG "socnic-fwd"

/* A port that some pair uses. */
struct fwd_port {
	uint16_t id;
	char name[RTE_ETH_NAME_MAX_LEN];
	const char *driver;
	struct rte_ether_addr mac;
	uint16_t rxd;
	uint16_t txd;
	bool started;
	bool has_rw;
	struct fwd_rewrite rw;
	struct fwd_counters base;	/* at start; totals are taken from here */
};

static struct fwd_args fwd_args;
static struct fwd_port fwd_ports[FWD_MAX_PORTS];
static unsigned int fwd_nb_ports;
static struct fwd_stream fwd_streams[FWD_MAX_STREAMS];
static unsigned int fwd_nb_streams;
static struct fwd_lcore fwd_lcores[RTE_MAX_LCORE];
static unsigned int fwd_nb_workers;
static struct rte_mempool *fwd_pool;

static volatile sig_atomic_t fwd_signal;

static void
fwd_on_signal(int sig)
{
	fwd_signal = sig;
}

static int
fwd_fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, FWD_PROG ": ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

static uint64_t
fwd_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void
fwd_sleep_ns(uint64_t ns)
{
	struct timespec ts = {
		.tv_sec = (time_t)(ns / 1000000000ull),
		.tv_nsec = (long)(ns % 1000000000ull),
	};

	nanosleep(&ts, NULL);
}

static const char *
fwd_fmt_mac(char *buf, size_t len, const struct rte_ether_addr *mac)
{
	rte_ether_format_addr(buf, (uint16_t)len, mac);
	return buf;
}

static void
fwd_read(const struct fwd_port *p, struct fwd_counters *c)
{
	struct rte_eth_stats st;
	unsigned int i;

	memset(c, 0, sizeof(*c));
	if (rte_eth_stats_get(p->id, &st) == 0) {
		c->rx_pkts = st.ipackets;
		c->rx_bytes = st.ibytes;
		c->tx_pkts = st.opackets;
		c->tx_bytes = st.obytes;
		c->rx_missed = st.imissed;
		c->rx_errors = st.ierrors;
		c->rx_nombuf = st.rx_nombuf;
		c->tx_errors = st.oerrors;
	}
	for (i = 0; i < fwd_nb_streams; i++)
		if (fwd_streams[i].tx_port == p->id)
			c->tx_dropped += __atomic_load_n(&fwd_streams[i].tx_dropped,
							 __ATOMIC_RELAXED);
}

/* Counters since the start, for every port in use. */
static void
fwd_read_all(struct fwd_counters *totals)
{
	unsigned int i;

	for (i = 0; i < fwd_nb_ports; i++) {
		struct fwd_counters now;

		fwd_read(&fwd_ports[i], &now);
		fwd_counters_delta(&fwd_ports[i].base, &now, &totals[i]);
	}
}

static int
fwd_eal_fail(int err)
{
	const char *fix;

	switch (err) {
	case EACCES:
		fix = "run it as root";
		break;
	case ENOMEM:
		fix = "reserve hugepages (mount -t hugetlbfs nodev /mnt/huge; echo 256 > /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages)";
		break;
	case EINVAL:
		fix = "check the EAL arguments before '--' (see --help)";
		break;
	case EALREADY:
		fix = "another DPDK process runs with the same --file-prefix: stop it or pass another prefix";
		break;
	default:
		fix = "see the EAL lines above";
		break;
	}
	return fwd_fail("EAL initialisation failed (%s): %s", rte_strerror(err), fix);
}

static struct fwd_port *
fwd_port_by_id(uint16_t id)
{
	unsigned int i;

	for (i = 0; i < fwd_nb_ports; i++)
		if (fwd_ports[i].id == id)
			return &fwd_ports[i];
	return NULL;
}

/* Ports in use, in port-id order, with descriptor counts the port accepts. */
static int
fwd_ports_collect(void)
{
	uint16_t pid;

	RTE_ETH_FOREACH_DEV(pid) {
		struct fwd_port *p;
		struct rte_eth_dev_info info;
		int ret;

		if (!fwd_args_port_used(&fwd_args, pid))
			continue;
		p = &fwd_ports[fwd_nb_ports++];
		p->id = pid;
		rte_eth_dev_get_name_by_port(pid, p->name);
		ret = rte_eth_dev_info_get(pid, &info);
		if (ret != 0)
			return fwd_fail("port %u (%s): cannot read its device info: %s",
					pid, p->name, rte_strerror(-ret));
		p->driver = info.driver_name;
		if (fwd_args.queues > info.max_rx_queues ||
		    fwd_args.queues > info.max_tx_queues)
			return fwd_fail("port %u (%s): --queues %u, but it has %u RX and %u TX queues: lower --queues",
					pid, p->name, fwd_args.queues,
					info.max_rx_queues, info.max_tx_queues);
		p->rxd = fwd_args.rxd;
		p->txd = fwd_args.txd;
		ret = rte_eth_dev_adjust_nb_rx_tx_desc(pid, &p->rxd, &p->txd);
		if (ret != 0)
			return fwd_fail("port %u (%s): cannot fit %u/%u descriptors: %s",
					pid, p->name, fwd_args.rxd, fwd_args.txd,
					rte_strerror(-ret));
	}
	return 0;
}

static int
fwd_pool_create(void)
{
	unsigned int rxd = 0, txd = 0, i, n, cache;

	for (i = 0; i < fwd_nb_ports; i++) {
		rxd = RTE_MAX(rxd, fwd_ports[i].rxd);
		txd = RTE_MAX(txd, fwd_ports[i].txd);
	}
	cache = fwd_mbuf_cache(fwd_args.burst);
	n = fwd_mbuf_count(fwd_nb_ports, fwd_args.queues, rxd, txd,
			   rte_lcore_count(), fwd_nb_workers, fwd_args.burst,
			   cache);
	fwd_pool = rte_pktmbuf_pool_create("socnic_fwd", n, cache, 0,
					   RTE_MBUF_DEFAULT_BUF_SIZE,
					   (int)rte_socket_id());
	if (fwd_pool == NULL)
		return fwd_fail("cannot create the pool of %u mbufs (%.1f MiB): %s: reserve more hugepages (echo 512 > /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages) or lower --rxd/--txd/--queues",
				n, (double)n * (RTE_MBUF_DEFAULT_BUF_SIZE +
						sizeof(struct rte_mbuf)) / (1 << 20),
				rte_strerror(rte_errno));
	printf(FWD_PROG ": pool of %u mbufs (%u per-lcore cache)\n", n, cache);
	return 0;
}

static int
fwd_port_start(struct fwd_port *p)
{
	struct rte_eth_conf conf;
	struct rte_eth_dev_info info;
	struct rte_eth_link link;
	char mac[RTE_ETHER_ADDR_FMT_SIZE], lk[RTE_ETH_LINK_MAX_STR_LEN];
	uint16_t q;
	int ret;

	memset(&conf, 0, sizeof(conf));
	ret = rte_eth_dev_info_get(p->id, &info);
	if (ret != 0)
		return fwd_fail("port %u (%s): cannot read its device info: %s",
				p->id, p->name, rte_strerror(-ret));
	if (fwd_args.queues > 1) {
		uint64_t hf = info.flow_type_rss_offloads &
			(RTE_ETH_RSS_IP | RTE_ETH_RSS_TCP | RTE_ETH_RSS_UDP);

		if (hf != 0) {
			conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
			conf.rx_adv_conf.rss_conf.rss_hf = hf;
		} else {
			printf(FWD_PROG ": port %u (%s) has no RSS: it receives on queue 0 only; its other RX queues stay idle\n",
			       p->id, p->name);
		}
	}
	/* One pool, refcount 1 everywhere: the PMD may free TX mbufs in bulk. */
	if (info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE)
		conf.txmode.offloads |= RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE;
	ret = rte_eth_dev_configure(p->id, fwd_args.queues, fwd_args.queues,
				    &conf);
	if (ret != 0)
		return fwd_fail("port %u (%s): configure with %u queues failed: %s",
				p->id, p->name, fwd_args.queues, rte_strerror(-ret));
	for (q = 0; q < fwd_args.queues; q++) {
		ret = rte_eth_rx_queue_setup(p->id, q, p->rxd,
					     rte_eth_dev_socket_id(p->id),
					     NULL, fwd_pool);
		if (ret != 0)
			return fwd_fail("port %u (%s): RX queue %u with %u descriptors: %s",
					p->id, p->name, q, p->rxd, rte_strerror(-ret));
		ret = rte_eth_tx_queue_setup(p->id, q, p->txd,
					     rte_eth_dev_socket_id(p->id), NULL);
		if (ret != 0)
			return fwd_fail("port %u (%s): TX queue %u with %u descriptors: %s",
					p->id, p->name, q, p->txd, rte_strerror(-ret));
	}
	if (fwd_args.promisc) {
		ret = rte_eth_promiscuous_enable(p->id);
		if (ret != 0)
			printf(FWD_PROG ": port %u (%s): promiscuous mode unavailable (%s): it receives only frames to its own MAC, broadcast and multicast\n",
			       p->id, p->name, rte_strerror(-ret));
	} else {
		rte_eth_promiscuous_disable(p->id);
	}
	rte_eth_macaddr_get(p->id, &p->mac);

	/* Totals count from here, whether or not the port clears its
	 * counters itself on start (fwd_delta copes with both). */
	rte_eth_stats_reset(p->id);
	fwd_read(p, &p->base);

	ret = rte_eth_dev_start(p->id);
	if (ret != 0)
		return fwd_fail("port %u (%s): start failed: %s", p->id, p->name,
				rte_strerror(-ret));
	p->started = true;

	rte_eth_link_get_nowait(p->id, &link);
	rte_eth_link_to_str(lk, sizeof(lk), &link);
	printf(FWD_PROG ": port %u: %s (%s) %s, %s, %u queue%s, %u RX / %u TX descriptors%s\n",
	       p->id, p->name, p->driver, fwd_fmt_mac(mac, sizeof(mac), &p->mac),
	       lk, fwd_args.queues, fwd_args.queues == 1 ? "" : "s",
	       p->rxd, p->txd,
	       fwd_args.promisc && rte_eth_promiscuous_get(p->id) == 1 ?
	       ", promiscuous" : "");
	return 0;
}

/* Rewrites for frames leaving each port, with the port MAC as the default source. */
static void
fwd_rewrites_setup(void)
{
	char d[RTE_ETHER_ADDR_FMT_SIZE], s[RTE_ETHER_ADDR_FMT_SIZE];
	unsigned int i;

	for (i = 0; i < fwd_nb_ports; i++) {
		struct fwd_port *p = &fwd_ports[i];
		const struct fwd_rewrite_opt *o = &fwd_args.rewrite[p->id];

		if (!o->dst && !o->src)
			continue;
		p->has_rw = true;
		p->rw.dst = o->dst;
		memcpy(p->rw.dst_mac.addr_bytes, o->dst_mac.b, RTE_ETHER_ADDR_LEN);
		p->rw.src = true;
		if (o->src)
			memcpy(p->rw.src_mac.addr_bytes, o->src_mac.b,
			       RTE_ETHER_ADDR_LEN);
		else
			rte_ether_addr_copy(&p->mac, &p->rw.src_mac);
		printf(FWD_PROG ": port %u sends with destination %s, source %s\n",
		       p->id, o->dst ? fwd_fmt_mac(d, sizeof(d), &p->rw.dst_mac) :
		       "(unchanged)", fwd_fmt_mac(s, sizeof(s), &p->rw.src_mac));
	}
}

static void
fwd_stream_add(uint16_t rx, uint16_t tx, uint16_t q)
{
	struct fwd_stream *s = &fwd_streams[fwd_nb_streams++];
	struct fwd_port *out = fwd_port_by_id(tx);

	s->rx_port = rx;
	s->rx_queue = q;
	s->tx_port = tx;
	s->tx_queue = q;
	s->rw = out->has_rw ? &out->rw : NULL;
	s->tx_dropped = 0;
}

/* Streams for every pair and queue, dealt out to the workers in turn. */
static void
fwd_streams_setup(void)
{
	unsigned int i, w;
	uint16_t q;

	for (q = 0; q < fwd_args.queues; q++)
		for (i = 0; i < fwd_args.nb_pairs; i++) {
			const struct fwd_pair *pr = &fwd_args.pairs[i];

			fwd_stream_add(pr->a, pr->b, q);
			if (!fwd_args.unidirectional && pr->a != pr->b)
				fwd_stream_add(pr->b, pr->a, q);
		}
	for (i = 0; i < fwd_nb_streams; i++) {
		struct fwd_lcore *lc = &fwd_lcores[i % fwd_nb_workers];

		lc->streams[lc->nb_streams++] = &fwd_streams[i];
	}
	for (w = 0; w < fwd_nb_workers; w++) {
		struct fwd_lcore *lc = &fwd_lcores[w];

		printf(FWD_PROG ": lcore %u:", lc->lcore_id);
		if (lc->nb_streams == 0)
			printf(" idle (more lcores than streams)");
		for (i = 0; i < lc->nb_streams; i++)
			printf(" %u/%u->%u/%u", lc->streams[i]->rx_port,
			       lc->streams[i]->rx_queue, lc->streams[i]->tx_port,
			       lc->streams[i]->tx_queue);
		printf("\n");
	}
}

static int
fwd_workers_setup(void)
{
	unsigned int lcore_id;

	RTE_LCORE_FOREACH_WORKER(lcore_id) {
		struct fwd_lcore *lc = &fwd_lcores[fwd_nb_workers++];

		lc->lcore_id = lcore_id;
		lc->burst = fwd_args.burst;
		lc->tx_retries = fwd_args.tx_retries;
	}
	if (fwd_nb_workers == 0)
		return fwd_fail("no forwarding lcore: give EAL two or more lcores (e.g. -l 0-1): the first prints stats, the others forward");
	return 0;
}

/* Until a signal or --duration: one live line per interval. Returns why it stopped. */
static const char *
fwd_run(uint64_t t0)
{
	struct fwd_counters prev[FWD_MAX_PORTS], now[FWD_MAX_PORTS],
			    delta[FWD_MAX_PORTS];
	uint16_t ids[FWD_MAX_PORTS];
	uint64_t interval = (uint64_t)(fwd_args.interval * 1e9);
	uint64_t stop_at = fwd_args.duration > 0 ?
		t0 + (uint64_t)(fwd_args.duration * 1e9) : UINT64_MAX;
	bool live = !fwd_args.quiet && interval > 0;
	uint64_t last = t0, next = t0 + interval;
	char line[256 * FWD_MAX_PORTS];
	unsigned int i;

	memset(prev, 0, sizeof(prev));
	for (i = 0; i < fwd_nb_ports; i++)
		ids[i] = fwd_ports[i].id;
	for (;;) {
		uint64_t t = fwd_now_ns(), wake;

		if (fwd_signal != 0)
			return fwd_signal == SIGINT ? "SIGINT" : "SIGTERM";
		if (t >= stop_at)
			return "--duration reached";
		if (live && t >= next) {
			fwd_read_all(now);
			for (i = 0; i < fwd_nb_ports; i++)
				fwd_counters_delta(&prev[i], &now[i], &delta[i]);
			fwd_fmt_live(line, sizeof(line), (double)(t - t0) / 1e9,
				     ids, delta, fwd_nb_ports, t - last);
			puts(line);
			memcpy(prev, now, sizeof(prev));
			last = t;
			next += interval;
			if (next <= t)
				next = t + interval;
		}
		/* Short naps: the signal may land on an EAL thread and not
		 * interrupt ours. */
		wake = RTE_MIN(live ? next : UINT64_MAX, stop_at);
		fwd_sleep_ns(RTE_MIN(wake - RTE_MIN(wake, t), 50000000ull));
	}
}

/* Let TX rings finish sending what the lcores handed them. */
static void
fwd_wait_tx_idle(void)
{
	uint64_t deadline = fwd_now_ns() + 500000000ull;
	uint64_t last = UINT64_MAX;

	while (fwd_now_ns() < deadline) {
		uint64_t sent = 0;
		unsigned int i;

		for (i = 0; i < fwd_nb_ports; i++) {
			struct rte_eth_stats st;

			if (rte_eth_stats_get(fwd_ports[i].id, &st) == 0)
				sent += st.opackets;
		}
		if (sent == last)
			break;
		last = sent;
		fwd_sleep_ns(20000000ull);
	}
}

/* Every port, used or not: closing gives each device back (VFIO fds, IRQs). */
static void
fwd_ports_close(void)
{
	unsigned int i;
	uint16_t pid;

	for (i = 0; i < fwd_nb_ports; i++)
		if (fwd_ports[i].started)
			rte_eth_dev_stop(fwd_ports[i].id);
	RTE_ETH_FOREACH_DEV(pid)
		rte_eth_dev_close(pid);
	fwd_nb_ports = 0;
}

static bool
fwd_wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return true;
	return false;
}

static int
fwd_setup(void)
{
	char err[512];
	uint16_t ids[FWD_MAX_PORTS];
	unsigned int nb = 0, i;
	uint16_t pid;

	/* Our tables are indexed by port id; a bigger RTE_MAX_ETHPORTS build
	 * may number ports past them. */
	RTE_ETH_FOREACH_DEV(pid) {
		if (pid < FWD_MAX_PORTS)
			ids[nb++] = pid;
		else
			printf(FWD_PROG ": port %u ignored: socnic-fwd handles port ids below %d\n",
			       pid, FWD_MAX_PORTS);
	}
	if (fwd_args_resolve(&fwd_args, ids, nb, err, sizeof(err)) != 0)
		return fwd_fail("%s", err);
	if (fwd_workers_setup() != 0 || fwd_ports_collect() != 0 ||
	    fwd_pool_create() != 0)
		return -1;
	for (i = 0; i < fwd_nb_ports; i++)
		if (fwd_port_start(&fwd_ports[i]) != 0)
			return -1;
	fwd_rewrites_setup();
	fwd_streams_setup();
	return 0;
}

int
main(int argc, char **argv)
{
	struct fwd_counters totals[FWD_MAX_PORTS];
	const char *names[FWD_MAX_PORTS];
	uint16_t ids[FWD_MAX_PORTS];
	struct sigaction sa;
	int eal_argc, ret, status = 1;
	char err[512];
	const char *why;
	unsigned int i;
	uint64_t t0, t_stop;

	/* Live lines must reach a log file as they happen. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (fwd_wants_help(argc, argv)) {
		fwd_usage(stdout, FWD_PROG);
		return 0;
	}
	/* Our options are checked before EAL takes hugepages and devices. */
	for (eal_argc = 1; eal_argc < argc; eal_argc++)
		if (strcmp(argv[eal_argc], "--") == 0)
			break;
	if (eal_argc < argc) {
		argv[eal_argc] = argv[0];
		ret = fwd_args_parse(argc - eal_argc, argv + eal_argc, &fwd_args,
				     err, sizeof(err));
		argv[eal_argc] = (char *)"--";
	} else {
		ret = fwd_args_parse(1, argv, &fwd_args, err, sizeof(err));
	}
	if (ret == FWD_ARGS_ERROR) {
		fprintf(stderr, FWD_PROG ": %s\n", err);
		return 2;
	}

	ret = rte_eal_init(eal_argc, argv);
	if (ret < 0) {
		fwd_eal_fail(rte_errno);
		return 1;
	}
	printf(FWD_PROG ": %s\n", rte_version());

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fwd_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	if (fwd_setup() != 0)
		goto out;

	printf(FWD_PROG ": forwarding");
	for (i = 0; i < fwd_args.nb_pairs; i++)
		printf("%s %u %s %u", i ? "," : "", fwd_args.pairs[i].a,
		       fwd_args.unidirectional ? "->" : "<->", fwd_args.pairs[i].b);
	printf(" on %u lcore%s; Ctrl-C (SIGINT) or SIGTERM stops it\n",
	       fwd_nb_workers, fwd_nb_workers == 1 ? "" : "s");

	t0 = fwd_now_ns();
	for (i = 0; i < fwd_nb_workers; i++)
		rte_eal_remote_launch(fwd_lcore_main, &fwd_lcores[i],
				      fwd_lcores[i].lcore_id);
	why = fwd_run(t0);
	t_stop = fwd_now_ns();

	__atomic_store_n(&fwd_running, false, __ATOMIC_RELEASE);
	rte_eal_mp_wait_lcore();
	fwd_wait_tx_idle();

	fwd_read_all(totals);
	for (i = 0; i < fwd_nb_ports; i++) {
		ids[i] = fwd_ports[i].id;
		names[i] = fwd_ports[i].name;
	}
	fwd_print_summary(stdout, (double)(t_stop - t0) / 1e9, why, ids,
			  names, totals, fwd_nb_ports);
	status = 0;
out:
	fwd_ports_close();
	rte_mempool_free(fwd_pool);
	rte_eal_cleanup();
	return status;
}
