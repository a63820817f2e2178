/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include <ethdev_driver.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_ip.h>
#include <rte_mempool.h>
#include <rte_udp.h>

#include "gemport.h"
#include "gem_dma.h"
#include "gem_ethdev.h"
#include "gem_hw_ops.h"
#include "gem_rxtx.h"
#include "simcache.h"

struct rte_mempool *pool;
/* What the bus would hand over: ethdev wants the device's driver name. */
static struct rte_driver fake_driver = { .name = "net_gem" };
static struct rte_device fake_device = {
	.name = "gem_test",
	.driver = &fake_driver,
	.numa_node = SOCKET_ID_ANY,
};
const struct rte_ether_addr dt_mac = {
	.addr_bytes = { 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 },
};

void
fill(uint8_t *p, uint32_t len, uint32_t seed)
{
	uint32_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(seed * 31 + i * 7 + (i >> 8));
}

bool
check_mbuf(const struct rte_mbuf *m, uint32_t len, uint32_t seed)
{
	static uint8_t want[GEM_JML_MAX], got[GEM_JML_MAX];

	if (m->pkt_len != len)
		return false;
	fill(want, len, seed);
	if (rte_pktmbuf_read(m, 0, len, got) == NULL)
		return false;
	return memcmp(rte_pktmbuf_read(m, 0, len, got), want, len) == 0;
}

int
hw_rx(struct ctx *c, unsigned int q, uint32_t len, uint32_t seed)
{
	static uint8_t buf[GEM_JML_MAX];

	fill(buf, len, seed);
	return fakegem_rx(&c->f, q, buf, len);
}

struct rte_mbuf *
make_pkt(uint32_t len, uint32_t seed, uint16_t seg_len)
{
	static uint8_t buf[GEM_JML_MAX];
	struct rte_mbuf *head = NULL;
	uint32_t off = 0;

	fill(buf, len, seed);
	do {
		struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
		uint16_t n = len - off < seg_len ? len - off : seg_len;

		assert_non_null(m);
		memcpy(rte_pktmbuf_append(m, n), buf + off, n);
		off += n;
		if (head == NULL)
			head = m;
		else
			assert_int_equal(rte_pktmbuf_chain(head, m), 0);
	} while (off < len);
	return head;
}

uint64_t
xstat(uint16_t port, const char *name)
{
	uint64_t id, v;

	assert_int_equal(rte_eth_xstats_get_id_by_name(port, name, &id), 0);
	assert_int_equal(rte_eth_xstats_get_by_id(port, &id, &v, 1), 1);
	return v;
}

unsigned int
in_use(void)
{
	return rte_mempool_in_use_count(pool);
}

int
port_try_create(struct ctx *c, const char *name)
{
	struct gem_init_params p = {
		.regs = c->f.regs,
		.compatible = c->cfg.compatible != NULL ? c->cfg.compatible :
			      "cdns,zynqmp-gem",
		.dma_coherent = c->cfg.coherent,
		/* fakegem behaves as QEMU's model does */
		.qemu = !c->cfg.silicon,
		.phy_mode = c->cfg.phy_mode,
		.dt_mac = &dt_mac,
		.link_kind = c->cfg.phy ? GEM_LINK_PHY : GEM_LINK_FIXED,
		.link_speed = RTE_ETH_SPEED_NUM_1G,
		.link_full_duplex = true,
		.phy_addr = c->cfg.phy ? PHY_ADDR : -1,
		.steer = c->cfg.steer,
		.rx_dirty_max = c->cfg.rx_dirty_max ? c->cfg.rx_dirty_max :
				GEM_RX_DIRTY_ALL,
	};

	p.variant = gem_variant_find(p.compatible);
	return rte_eth_dev_create(&fake_device, name,
				  sizeof(struct gem_adapter), NULL, NULL,
				  gem_ethdev_init, &p);
}

void
port_create(struct ctx *c, const char *name)
{
	assert_int_equal(port_try_create(c, name), 0);
	assert_int_equal(rte_eth_dev_get_port_by_name(name, &c->port), 0);
}

void
port_setup(struct ctx *c)
{
	struct rte_eth_conf conf = { 0 };
	uint16_t q;

	conf.rxmode.mtu = c->cfg.mtu ? c->cfg.mtu : RTE_ETHER_MTU;
	conf.rxmode.offloads = c->cfg.rx_offloads;
	conf.txmode.offloads = c->cfg.tx_offloads;
	assert_int_equal(rte_eth_dev_configure(c->port, c->cfg.nb_queues,
					       c->cfg.nb_queues, &conf), 0);
	for (q = 0; q < c->cfg.nb_queues; q++) {
		assert_int_equal(rte_eth_rx_queue_setup(c->port, q, NB_DESC,
							SOCKET_ID_ANY, NULL,
							pool), 0);
		assert_int_equal(rte_eth_tx_queue_setup(c->port, q, NB_DESC,
							SOCKET_ID_ANY, NULL),
				 0);
	}
}

void
port_start(struct ctx *c)
{
	assert_int_equal(rte_eth_dev_start(c->port), 0);
	fakegem_start(&c->f);
}

struct ctx *
ctx_new_named(const struct port_cfg *cfg, const char *name,
	      void (*before_start)(struct ctx *c))
{
	struct ctx *c = calloc(1, sizeof(*c));

	c->cfg = *cfg;
	if (c->cfg.nb_queues == 0)
		c->cfg.nb_queues = 1;
	c->in_use_before = in_use();
	fakegem_init(&c->f, QEMU_MID, QEMU_DCFG1, QEMU_DCFG2, cfg->dcfg6);
	fakegem_wr(&c->f, GEM_DCFG8, cfg->dcfg8);
	c->f.silicon = cfg->silicon;
	c->f.stats_cor = cfg->stats_cor;
	if (cfg->phy)
		fakegem_phy_init(&c->f, PHY_ADDR);
	port_create(c, name);
	port_setup(c);
	if (before_start != NULL)
		before_start(c);
	port_start(c);
	return c;
}

struct ctx *
ctx_new(const struct port_cfg *cfg)
{
	return ctx_new_named(cfg, "gem_test0", NULL);
}

static int
ptr_cmp(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(void *const *)a;
	uintptr_t y = (uintptr_t)*(void *const *)b;

	return x < y ? -1 : x > y;
}

/*
 * Every mbuf is back in the pool, and once: a double free puts a pointer
 * in twice, which rte_mempool_in_use_count() cannot show (it clamps the
 * count to the pool's size) but taking everything out does.
 */
void
assert_pool_whole(void)
{
	static void *objs[2 * NB_MBUF];
	unsigned int n = 0, i, dups = 0;

	while (n < RTE_DIM(objs) && rte_mempool_get(pool, &objs[n]) == 0)
		n++;
	qsort(objs, n, sizeof(objs[0]), ptr_cmp);
	for (i = 1; i < n; i++)
		if (objs[i] == objs[i - 1])
			dups++;
	rte_mempool_put_bulk(pool, objs, n);
	assert_int_equal(dups, 0);
	assert_int_equal(n, NB_MBUF);
}

/* Stop, close, and check nothing leaked or was freed twice. */
void
ctx_free(struct ctx *c)
{
	assert_int_equal(rte_eth_dev_stop(c->port), 0);
	assert_int_equal(rte_eth_dev_close(c->port), 0);
	assert_int_equal(in_use(), c->in_use_before);
	if (c->in_use_before == 0)
		assert_pool_whole();
	fakegem_free(&c->f);
	free(c);
}

static char sysroot[PATH_MAX];

int
eal_setup(void **state)
{
	char *argv[] = {
		"test_gem_port", "-l", "0", "--no-huge", "-m", "256",
		"--no-pci", "--no-shconf", "--iova-mode=va",
		"--base-virtaddr=0x40000000",
		"--log-level=pmd.net.gem:notice",
	};
	char path[PATH_MAX + 32];

	(void)state;
	/* An empty sysfs for the socplat bus: no real device is touched. */
	snprintf(sysroot, sizeof(sysroot), "/tmp/gem-test-sys-XXXXXX");
	assert_non_null(mkdtemp(sysroot));
	snprintf(path, sizeof(path), "%s/bus", sysroot);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/bus/platform", sysroot);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/bus/platform/devices", sysroot);
	mkdir(path, 0755);
	setenv("SOCPLAT_SYSFS_ROOT", sysroot, 1);

	if (rte_eal_init(RTE_DIM(argv), argv) < 0)
		return -1;
	pool = rte_pktmbuf_pool_create("gem_test_pool", NB_MBUF, 0, 0,
				       RTE_MBUF_DEFAULT_BUF_SIZE,
				       SOCKET_ID_ANY);
	if (pool == NULL)
		return -1;
	/* 32-bit descriptors need memory the fake can address. */
	if ((uintptr_t)pool->mz->addr >> 32 != 0) {
		fprintf(stderr, "EAL memory at %p, above 4 GiB: --base-virtaddr was not honoured\n",
			pool->mz->addr);
		return -1;
	}
	return 0;
}

int
eal_teardown(void **state)
{
	char path[PATH_MAX + 32];

	(void)state;
	rte_mempool_free(pool);
	rte_eal_cleanup();
	snprintf(path, sizeof(path), "%s/bus/platform/devices", sysroot);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/bus/platform", sysroot);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/bus", sysroot);
	rmdir(path);
	rmdir(sysroot);
	return 0;
}

/* Put the rings and the pool behind the cache, before the port starts. */
void
cache_regions(struct ctx *c)
{
	struct rte_eth_dev *dev = &rte_eth_devices[c->port];
	struct gem_adapter *ad = GEM_ADAPTER(dev);
	struct rte_mempool_memhdr *hdr;
	uint16_t q;

	for (q = 0; q < dev->data->nb_rx_queues; q++) {
		const struct gem_rx_queue *rxq = dev->data->rx_queues[q];

		simcache_add(rxq->mz->addr, rxq->mz->len, true);
	}
	for (q = 0; q < dev->data->nb_tx_queues; q++) {
		const struct gem_tx_queue *txq = dev->data->tx_queues[q];

		simcache_add(txq->mz->addr, txq->mz->len, true);
	}
	simcache_add(ad->park_mz->addr, ad->park_mz->len, true);
	STAILQ_FOREACH(hdr, &pool->mem_list, next)
		simcache_add(hdr->addr, hdr->len, false);
	/* Setup cleaned the TX rings and the park area before they were
	 * registered, hence clean: count from here. */
	simcache_stats_reset();
}
