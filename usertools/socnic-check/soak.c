/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * socnic-check --soak: numbered, checksummed frames of 60..9000 bytes sent
 * on each port with the MAC in local loopback (lpbk_mode 1, NCR.LLB), so
 * every frame comes back to the same port's receiver with no cable and no
 * peer. Frames go to every RX queue (EtherType steering), large ones in
 * several TX segments and received scattered; the ports are stopped and
 * started every --cycle seconds; a window bounds the frames in flight so
 * no RX ring can overflow and any loss is the port's. Each DMA setting
 * runs in a child process of its own: EAL initialises once per process,
 * and the dma_coherent devarg applies at probe.
 */

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <rte_bus.h>
#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "soak.h"
#include "soak_tally.h"

#define SOAK_PROG	"socnic-check --soak"
#define SOAK_DESC	512
#define SOAK_WINDOW	32	/* frames in flight per port: at 9000 bytes
				 * 5 RX buffers each, well within a ring */
#define SOAK_BURST	8
#define SOAK_STALL_NS	(300ull * 1000 * 1000)
#define SOAK_DRAIN_NS	(500ull * 1000 * 1000)
#define SOAK_SEG_ROOM	2048

/* PMD counters that say a queue was recovered rather than lost. */
static const char *const soak_xstats[] = {
	"rx_dma_errors", "tx_dma_errors", "rx_queue_rearms",
	"tx_queue_rearms", "tx_restarts",
};
#define SOAK_NB_XSTATS (sizeof(soak_xstats) / sizeof(soak_xstats[0]))

/* What one port did in one phase: sent back to the parent through a pipe. */
struct soak_result {
	char name[SB_NAME_MAX];
	int coherent;
	int ok;			/* the phase ran */
	uint16_t nb_rxq;
	uint64_t sent, sent_bytes, good, lost, corrupt, duplicated;
	uint64_t misrouted, late, scattered, multiseg, stalls, cycles;
	uint64_t rx_queue[SOAK_MAX_QUEUES];
	uint64_t xstats[SOAK_NB_XSTATS];
	double seconds;
};

struct soak_port {
	uint16_t id;
	struct soak_result *r;
	struct soak_tally t;
	uint8_t mac[6];
	uint16_t max_len;
	uint64_t seq;
	uint64_t written_off;	/* frames given up on at stalls */
	uint64_t last_rx_ns;
	uint64_t multiseg;
};

static volatile sig_atomic_t soak_stop;

static void
soak_on_signal(int sig)
{
	(void)sig;
	soak_stop = 1;
}

static uint64_t
soak_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* xorshift: sizes and segmentation vary from frame to frame. */
static uint32_t
soak_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return (uint32_t)(*s >> 16);
}

/* Frame lengths: small, around 1500 and jumbo alike, every few an edge. */
static uint16_t
soak_len(uint64_t *rs, uint16_t max)
{
	static const uint16_t edges[] = { 60, 61, 64, 127, 1514, 1515, 2048,
					  2049, 4096, 9000 };
	uint32_t r = soak_rand(rs);
	uint16_t len;

	if (r % 4 == 0)
		len = edges[(r >> 2) % (sizeof(edges) / sizeof(edges[0]))];
	else if (r % 4 == 1)
		len = (uint16_t)(60 + (r >> 2) % 1455);
	else
		len = (uint16_t)(60 + (r >> 2) % (9000 - 59));
	return len > max ? max : len;
}

/* One frame as an mbuf chain: frames over a segment's room, and one in
 * four others, go in several segments of random sizes. */
static struct rte_mbuf *
soak_mbuf(struct rte_mempool *mp, const uint8_t *f, uint16_t len,
	  uint64_t *rs, uint64_t *multiseg)
{
	struct rte_mbuf *head = NULL, *last = NULL, *m;
	bool split = len > SOAK_SEG_ROOM || soak_rand(rs) % 4 == 0;
	uint16_t off = 0;

	while (off < len) {
		uint16_t n = len - off;

		if (split && n > 60)
			n = (uint16_t)(1 + soak_rand(rs) % (n < SOAK_SEG_ROOM ?
							     n : SOAK_SEG_ROOM));
		if (n > SOAK_SEG_ROOM)
			n = SOAK_SEG_ROOM;
		m = rte_pktmbuf_alloc(mp);
		if (m == NULL || rte_pktmbuf_tailroom(m) < n) {
			rte_pktmbuf_free(m);
			rte_pktmbuf_free(head);
			return NULL;
		}
		memcpy(rte_pktmbuf_mtod(m, uint8_t *), f + off, n);
		m->data_len = n;
		if (head == NULL) {
			head = m;
		} else {
			last->next = m;
			head->nb_segs++;
		}
		last = m;
		off += n;
	}
	head->pkt_len = len;
	if (head->nb_segs > 1)
		(*multiseg)++;
	return head;
}

static uint64_t
soak_in_flight(const struct soak_port *p)
{
	uint64_t back = p->t.received + p->written_off;

	return p->t.sent > back ? p->t.sent - back : 0;
}

static void
soak_rx(struct soak_port *p, uint8_t *buf)
{
	struct rte_mbuf *pkts[SOAK_BURST * 4];
	uint16_t q, n, i;

	for (q = 0; q < p->r->nb_rxq; q++) {
		n = rte_eth_rx_burst(p->id, q, pkts, RTE_DIM(pkts));
		for (i = 0; i < n; i++) {
			const struct rte_mbuf *m = pkts[i];
			uint32_t len = m->pkt_len;

			if (len > FRAME_MAX_LEN + FRAME_FCS_LEN)
				len = FRAME_MAX_LEN + FRAME_FCS_LEN;
			const uint8_t *d = rte_pktmbuf_read(m, 0, len, buf);

			if (d != buf)
				memcpy(buf, d, len);
			soak_tally_rx(&p->t, buf, len, q, m->nb_segs);
			p->last_rx_ns = soak_now();
		}
		rte_pktmbuf_free_bulk(pkts, n);
	}
}

static void
soak_tx(struct soak_port *p, struct rte_mempool *mp, uint8_t *f,
	uint64_t *rs)
{
	struct rte_mbuf *pkts[SOAK_BURST];
	uint16_t lens[SOAK_BURST], n = 0, sent, i;
	uint64_t room = SOAK_WINDOW - soak_in_flight(p);

	while (n < SOAK_BURST && n < room) {
		uint16_t len = soak_len(rs, p->max_len);
		unsigned int q = (unsigned int)(p->seq % p->r->nb_rxq);

		soak_frame_build(&p->t, f, FRAME_MAX_LEN, p->seq, len, p->mac,
				 p->mac, q);
		pkts[n] = soak_mbuf(mp, f, len, rs, &p->multiseg);
		if (pkts[n] == NULL) {
			soak_frame_unsent(&p->t, len);
			break;
		}
		lens[n++] = len;
		p->seq++;
	}
	if (n == 0)
		return;
	sent = rte_eth_tx_burst(p->id, 0, pkts, n);
	/* Frames the ring did not take were never sent: their numbers go
	 * to the next ones. */
	for (i = sent; i < n; i++) {
		soak_frame_unsent(&p->t, lens[i]);
		rte_pktmbuf_free(pkts[i]);
	}
	p->seq -= n - sent;
	if (p->t.sent > 0 && p->last_rx_ns == 0)
		p->last_rx_ns = soak_now();
}

/* A window that has not moved for a while: its frames are written off
 * (lost unless they turn up later) so the soak goes on. */
static void
soak_watch(struct soak_port *p, uint64_t now)
{
	uint64_t f = soak_in_flight(p);

	if (f > 0 && now - p->last_rx_ns > SOAK_STALL_NS) {
		p->r->stalls++;
		p->written_off += f;
		p->last_rx_ns = now;
	}
}

static void
soak_drain(struct soak_port *ports, unsigned int nb, uint8_t *buf)
{
	uint64_t end = soak_now() + SOAK_DRAIN_NS;
	unsigned int i;
	bool busy = true;

	while (busy && soak_now() < end) {
		busy = false;
		for (i = 0; i < nb; i++) {
			soak_rx(&ports[i], buf);
			busy |= soak_in_flight(&ports[i]) > 0;
		}
	}
}

static int
soak_port_id(const char *name, uint16_t *id)
{
	struct rte_eth_dev_info info;
	uint16_t p;

	RTE_ETH_FOREACH_DEV(p) {
		if (rte_eth_dev_info_get(p, &info) == 0 &&
		    strcmp(rte_dev_name(info.device), name) == 0) {
			*id = p;
			return 0;
		}
	}
	return -ENODEV;
}

/*
 * Every RX queue needs a steering rule naming it, given as a devarg at
 * probe; the queue count is known only once the PMD has read the GEM. So
 * a port with more than one queue is probed again with the rules.
 */
static int
soak_steer(const char *name, int coherent, uint16_t *id)
{
	struct rte_eth_dev_info info;
	char args[512];
	size_t off;
	uint16_t q;

	if (rte_eth_dev_info_get(*id, &info) != 0)
		return -ENODEV;
	if (info.max_rx_queues <= 1)
		return 0;
	off = (size_t)snprintf(args, sizeof(args),
			       "socplat:%s,dma_coherent=%d,ethertype_rxq=", name,
			       coherent);
	for (q = 1; q < info.max_rx_queues && q < SOAK_MAX_QUEUES; q++)
		off += (size_t)snprintf(args + off, sizeof(args) - off,
					"%s0x%04x:%u", q > 1 ? "/" : "",
					FRAME_ETHERTYPE + q, q);
	if (rte_eth_dev_close(*id) != 0 || rte_dev_remove(info.device) != 0 ||
	    rte_dev_probe(args) != 0) {
		fprintf(stderr, SOAK_PROG ": %s: cannot probe it again with a steering rule per RX queue (%s)\n",
			name, args);
		return -EIO;
	}
	return soak_port_id(name, id);
}

static int
soak_port_setup(struct soak_port *p, struct rte_mempool *mp)
{
	struct rte_eth_conf conf = {
		.lpbk_mode = 1,
		.rxmode = { .offloads = RTE_ETH_RX_OFFLOAD_SCATTER },
		.txmode = { .offloads = RTE_ETH_TX_OFFLOAD_MULTI_SEGS },
	};
	struct rte_eth_dev_info info;
	struct rte_ether_addr mac;
	uint16_t q, nrxq;
	int ret;

	ret = rte_eth_dev_info_get(p->id, &info);
	if (ret != 0)
		return ret;
	nrxq = info.max_rx_queues < SOAK_MAX_QUEUES ? info.max_rx_queues :
		SOAK_MAX_QUEUES;
	p->r->nb_rxq = nrxq;
	conf.rxmode.offloads &= info.rx_offload_capa;
	conf.txmode.offloads &= info.tx_offload_capa;
	ret = rte_eth_dev_configure(p->id, nrxq, 1, &conf);
	if (ret != 0)
		return ret;
	/* The largest frame the port takes, at most 9000 (no FCS). */
	if (rte_eth_dev_set_mtu(p->id, info.max_mtu) != 0)
		return -EINVAL;
	p->max_len = (uint16_t)RTE_MIN(9000u, (unsigned int)info.max_mtu +
				       RTE_ETHER_HDR_LEN);
	if (!(conf.rxmode.offloads & RTE_ETH_RX_OFFLOAD_SCATTER) ||
	    !(conf.txmode.offloads & RTE_ETH_TX_OFFLOAD_MULTI_SEGS))
		p->max_len = RTE_MIN(p->max_len, (uint16_t)SOAK_SEG_ROOM);
	for (q = 0; q < nrxq; q++) {
		ret = rte_eth_rx_queue_setup(p->id, q, SOAK_DESC, SOCKET_ID_ANY,
					     NULL, mp);
		if (ret != 0)
			return ret;
	}
	ret = rte_eth_tx_queue_setup(p->id, 0, SOAK_DESC, SOCKET_ID_ANY, NULL);
	if (ret != 0)
		return ret;
	rte_eth_macaddr_get(p->id, &mac);
	memcpy(p->mac, mac.addr_bytes, 6);
	return rte_eth_dev_start(p->id);
}

static void
soak_xstats_read(struct soak_port *p)
{
	unsigned int i;

	for (i = 0; i < SOAK_NB_XSTATS; i++) {
		uint64_t id, v;

		if (rte_eth_xstats_get_id_by_name(p->id, soak_xstats[i], &id) == 0 &&
		    rte_eth_xstats_get_by_id(p->id, &id, &v, 1) == 1)
			p->r->xstats[i] += v;
	}
}

static void
soak_progress(const struct soak_port *ports, unsigned int nb, double t)
{
	unsigned int i;

	printf("%6.0f s", t);
	for (i = 0; i < nb; i++) {
		const struct soak_port *p = &ports[i];

		printf(" | %s tx %" PRIu64 " rx %" PRIu64 " corrupt %" PRIu64
		       " dup %" PRIu64 " stalls %" PRIu64, p->r->name,
		       p->t.sent, p->t.good, p->t.corrupt,
		       p->t.seq.duplicated, p->r->stalls);
	}
	printf("\n");
	fflush(stdout);
}

/* One phase in this (child) process: EAL, the ports, the loop, results. */
static int
soak_phase(const struct sc_args *a, const char *prog, char **names,
	   unsigned int nb, int coherent, unsigned int seconds,
	   struct soak_result *res)
{
	char *argv[64 + SC_MAX_PORTS * 2];
	char devs[SC_MAX_PORTS][256], prefix[64];
	static uint8_t frame[FRAME_MAX_LEN + 64], buf[FRAME_MAX_LEN + 64];
	struct soak_port ports[SC_MAX_PORTS];
	struct rte_mempool *mp;
	uint64_t rs = (uint64_t)soak_now() | 1, start, next_line, next_cycle;
	unsigned int i;
	int argc = 0, k;

	argv[argc++] = (char *)prog;
	snprintf(prefix, sizeof(prefix), "--file-prefix=socnic-check-%d",
		 (int)getpid());
	argv[argc++] = prefix;
	argv[argc++] = (char *)"-l";
	argv[argc++] = (char *)"0";
	for (i = 0; i < nb; i++) {
		snprintf(devs[i], sizeof(devs[i]), "%s,dma_coherent=%d",
			 names[i], coherent);
		argv[argc++] = (char *)"-a";
		argv[argc++] = devs[i];
	}
	for (k = 0; k < a->eal_argc && argc < 63 + SC_MAX_PORTS * 2; k++)
		argv[argc++] = a->eal_argv[k];
	argv[argc] = NULL;
	if (rte_eal_init(argc, argv) < 0) {
		fprintf(stderr, SOAK_PROG ": EAL did not start (%s): run socnic-check without --soak to see what the board lacks\n",
			rte_strerror(rte_errno));
		return 2;
	}
	mp = rte_pktmbuf_pool_create("soak", 4095 + nb * 4096, 256, 0,
				     RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	if (mp == NULL) {
		fprintf(stderr, SOAK_PROG ": no memory for the mbuf pool (%s): reserve more hugepages\n",
			rte_strerror(rte_errno));
		return 2;
	}
	memset(ports, 0, sizeof(ports));
	for (i = 0; i < nb; i++) {
		struct soak_port *p = &ports[i];

		p->r = &res[i];
		snprintf(p->r->name, sizeof(p->r->name), "%s", names[i]);
		p->r->coherent = coherent;
		if (soak_port_id(names[i], &p->id) != 0 ||
		    soak_steer(names[i], coherent, &p->id) != 0) {
			fprintf(stderr, SOAK_PROG ": %s: no DPDK port (see the bus's lines above; socnic-check without --soak says what is missing)\n",
				names[i]);
			return 2;
		}
		if (soak_port_setup(p, mp) != 0) {
			fprintf(stderr, SOAK_PROG ": %s: the port did not start in loopback (see the PMD's line above)\n",
				names[i]);
			return 2;
		}
		soak_tally_init(&p->t, soak_rand(&rs));
		printf("%s: %u RX queue%s, frames 60..%u, DMA %s, MAC loopback\n",
		       names[i], p->r->nb_rxq, p->r->nb_rxq == 1 ? "" : "s",
		       p->max_len, coherent ? "coherent" : "non-coherent");
		p->r->ok = 1;
	}
	start = soak_now();
	next_line = start + 1000000000ull;
	next_cycle = start + (uint64_t)a->cycle_s * 1000000000ull;
	while (!soak_stop && soak_now() - start < (uint64_t)seconds * 1000000000ull) {
		uint64_t now = soak_now();

		for (i = 0; i < nb; i++) {
			soak_tx(&ports[i], mp, frame, &rs);
			soak_rx(&ports[i], buf);
			soak_watch(&ports[i], now);
		}
		if (now >= next_line) {
			soak_progress(ports, nb, (double)(now - start) / 1e9);
			next_line += 1000000000ull;
		}
		if (now >= next_cycle) {
			/* What is in flight comes back first: a stop drops
			 * the rings, and that loss would be the soak's. */
			soak_drain(ports, nb, buf);
			for (i = 0; i < nb; i++) {
				soak_xstats_read(&ports[i]);
				rte_eth_dev_stop(ports[i].id);
				if (rte_eth_dev_start(ports[i].id) != 0) {
					fprintf(stderr, SOAK_PROG ": %s: did not start again after a stop\n",
						names[i]);
					soak_stop = 1;
				}
				ports[i].r->cycles++;
				ports[i].last_rx_ns = soak_now();
			}
			next_cycle = soak_now() + (uint64_t)a->cycle_s * 1000000000ull;
		}
	}
	soak_drain(ports, nb, buf);
	for (i = 0; i < nb; i++) {
		struct soak_port *p = &ports[i];
		struct soak_result *r = p->r;

		soak_xstats_read(p);
		r->seconds = (double)(soak_now() - start) / 1e9;
		r->sent = p->t.sent;
		r->sent_bytes = p->t.sent_bytes;
		r->good = p->t.good;
		r->lost = soak_tally_lost(&p->t);
		r->corrupt = p->t.corrupt;
		r->duplicated = p->t.seq.duplicated;
		r->misrouted = p->t.misrouted;
		r->late = p->t.seq.reordered;
		r->scattered = p->t.scattered;
		r->multiseg = p->multiseg;
		memcpy(r->rx_queue, p->t.rx_queue, sizeof(r->rx_queue));
		rte_eth_dev_stop(p->id);
		rte_eth_dev_close(p->id);
		soak_tally_free(&p->t);
	}
	rte_eal_cleanup();
	return 0;
}

/* The ports to soak: those named, or those already on vfio-platform. */
static int
soak_ports(const struct sc_args *a, const struct sc_env *env, char **names,
	   unsigned int *nb, char store[][SB_NAME_MAX])
{
	struct sb_system sys;
	struct sb_nic *nics;
	unsigned int i, n;

	*nb = 0;
	for (i = 0; i < a->nb_ports; i++) {
		if (sb_resolve(&env->sb, a->ports[i], store[i], SB_NAME_MAX) != 0) {
			fprintf(stderr, SOAK_PROG ": %s: no such platform device or interface: socnic-check lists the GEMs\n",
				a->ports[i]);
			return -1;
		}
		names[(*nb)++] = store[i];
	}
	if (*nb > 0)
		return 0;
	sb_system_read(&env->sb, &sys);
	if (sb_scan(&env->sb, &sys, &nics, &n) != 0)
		n = 0;
	for (i = 0; i < n && *nb < SC_MAX_PORTS; i++)
		if (strcmp(nics[i].driver, PLATSYSFS_VFIO_PLATFORM) == 0) {
			snprintf(store[*nb], SB_NAME_MAX, "%s", nics[i].name);
			names[*nb] = store[*nb];
			(*nb)++;
		}
	free(nics);
	if (*nb == 0) {
		fprintf(stderr, SOAK_PROG ": no port named and none on vfio-platform: name the ports (socnic-check --soak 60 ff0c0000.ethernet) or hand them over first (socnic-bind --bind)\n");
		return -1;
	}
	return 0;
}

/* The DMA settings to soak: --dma, or what the device tree allows. */
static unsigned int
soak_dma_settings(const struct sc_args *a, const struct sc_env *env,
		  char **names, unsigned int nb, int *set)
{
	char p[4096];
	unsigned int i;
	bool all_coherent = true;

	switch (a->dma) {
	case SC_DMA_NONCOHERENT:
		set[0] = 0;
		return 1;
	case SC_DMA_COHERENT:
		set[0] = 1;
		return 1;
	case SC_DMA_BOTH:
		set[0] = 0;
		set[1] = 1;
		return 2;
	default:
		break;
	}
	/* Cache maintenance is correct on a coherent port too, so a
	 * dma-coherent node is soaked both ways; a non-coherent one only
	 * with it. */
	for (i = 0; i < nb; i++) {
		platsysfs_path(&env->sb.sys, p, sizeof(p),
			       "bus/platform/devices/%s/of_node/dma-coherent",
			       names[i]);
		if (access(p, F_OK) != 0)
			all_coherent = false;
	}
	set[0] = 0;
	if (!all_coherent) {
		printf("DMA: non-coherent only (not every port is dma-coherent in the device tree; --dma both when the interconnect is known to snoop)\n");
		return 1;
	}
	set[1] = 1;
	return 2;
}

static void
soak_report(const struct soak_result *r, unsigned int n, unsigned int phases)
{
	unsigned int i, q, k;

	printf("\n=== socnic-check --soak: MAC loopback, frames checked one by one ===\n");
	for (i = 0; i < n; i++) {
		struct soak_result t;

		memset(&t, 0, sizeof(t));
		for (k = 0; k < phases; k++) {
			const struct soak_result *x = &r[k * n + i];

			t.sent += x->sent;
			t.sent_bytes += x->sent_bytes;
			t.good += x->good;
			t.lost += x->lost;
			t.corrupt += x->corrupt;
			t.duplicated += x->duplicated;
			t.misrouted += x->misrouted;
			t.late += x->late;
			t.scattered += x->scattered;
			t.multiseg += x->multiseg;
			t.stalls += x->stalls;
			t.cycles += x->cycles;
			t.seconds += x->seconds;
			for (q = 0; q < SOAK_MAX_QUEUES; q++)
				t.rx_queue[q] += x->rx_queue[q];
			for (q = 0; q < SOAK_NB_XSTATS; q++)
				t.xstats[q] += x->xstats[q];
		}
		printf("%s (%s)\n", r[i].name,
		       phases == 2 ? "non-coherent then coherent DMA" :
		       r[i].coherent ? "coherent DMA" : "non-coherent DMA");
		printf("  frames      %" PRIu64 " sent (%" PRIu64 " bytes, 60..9000, %" PRIu64 " in several TX segments), %" PRIu64 " back (%" PRIu64 " scattered on RX)\n",
		       t.sent, t.sent_bytes, t.multiseg, t.good, t.scattered);
		printf("  per queue  ");
		for (q = 0; q < r[i].nb_rxq; q++)
			printf(" rx%u %" PRIu64, q, t.rx_queue[q]);
		printf("\n  lost        %" PRIu64 "\n  corrupt     %" PRIu64
		       "\n  duplicated  %" PRIu64 "\n  misrouted   %" PRIu64
		       "\n  late        %" PRIu64 "\n", t.lost, t.corrupt,
		       t.duplicated, t.misrouted, t.late);
		printf("  stalls      %" PRIu64 " (windows written off)\n", t.stalls);
		printf("  recoveries ");
		for (q = 0; q < SOAK_NB_XSTATS; q++)
			printf(" %s %" PRIu64, soak_xstats[q], t.xstats[q]);
		printf("\n  stop/start  %" PRIu64 " cycles\n", t.cycles);
		printf("  rate        %.0f frames/s, %.2f Mb/s over %.1f s\n",
		       t.seconds > 0 ? (double)t.good / t.seconds : 0.0,
		       t.seconds > 0 ? (double)t.sent_bytes * 8 / t.seconds / 1e6 : 0.0,
		       t.seconds);
		printf("  result      %s\n",
		       t.sent > 0 && t.lost == 0 && t.corrupt == 0 &&
		       t.duplicated == 0 && t.misrouted == 0 ? "PASS" : "FAIL");
	}
}

int
sc_soak_main(const struct sc_args *a, const struct sc_env *env,
	     const char *prog)
{
	char store[SC_MAX_PORTS][SB_NAME_MAX], *names[SC_MAX_PORTS];
	struct soak_result *res;
	unsigned int nb, phases, k, i;
	int set[2], status = 0;
	bool fail = false;

	if (soak_ports(a, env, names, &nb, store) != 0)
		return 2;
	phases = soak_dma_settings(a, env, names, nb, set);
	res = calloc((size_t)phases * nb, sizeof(*res));
	if (res == NULL)
		return 2;
	signal(SIGINT, soak_on_signal);
	signal(SIGTERM, soak_on_signal);
	for (k = 0; k < phases && !soak_stop; k++) {
		unsigned int secs = a->soak_s / phases +
				    (k == 0 ? a->soak_s % phases : 0);
		int fd[2], wst;
		pid_t pid;

		printf("--- phase %u of %u: %s DMA, %u s ---\n", k + 1, phases,
		       set[k] ? "coherent" : "non-coherent", secs);
		fflush(stdout);
		if (pipe(fd) != 0 || (pid = fork()) < 0) {
			fprintf(stderr, SOAK_PROG ": cannot start the phase: %s\n",
				strerror(errno));
			free(res);
			return 2;
		}
		if (pid == 0) {
			int rc;

			close(fd[0]);
			rc = soak_phase(a, prog, names, nb, set[k], secs,
					&res[k * nb]);
			if (write(fd[1], &res[k * nb], nb * sizeof(*res)) < 0)
				rc = 2;
			close(fd[1]);
			_exit(rc);
		}
		close(fd[1]);
		if (read(fd[0], &res[k * nb], nb * sizeof(*res)) !=
		    (ssize_t)(nb * sizeof(*res)))
			fail = true;
		close(fd[0]);
		while (waitpid(pid, &wst, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(wst) || WEXITSTATUS(wst) != 0) {
			fprintf(stderr, SOAK_PROG ": phase %u failed (%s %d)\n", k + 1,
				WIFEXITED(wst) ? "exit status" : "signal",
				WIFEXITED(wst) ? WEXITSTATUS(wst) : WTERMSIG(wst));
			fail = true;
		}
	}
	soak_report(res, nb, phases);
	for (i = 0; i < phases * nb; i++)
		if (!res[i].ok || res[i].sent == 0 || res[i].lost ||
		    res[i].corrupt || res[i].duplicated || res[i].misrouted)
			fail = true;
	if (soak_stop)
		fail = true;
	status = fail ? 1 : 0;
	printf("result: %s\n", fail ? "FAIL" : "PASS");
	free(res);
	return status;
}
