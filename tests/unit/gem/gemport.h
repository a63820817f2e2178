/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef GEMPORT_H
#define GEMPORT_H

/*
 * The port harness the net_gem tests share: a real EAL, mempool and
 * ethdev, and the PMD's own probe, ops and burst functions over a fake GEM
 * (fakegem.c) whose DMA engine the test steps.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "fakegem.h"
#include "gem_ethdev.h"

#define QEMU_MID   0x00020118u
#define QEMU_DCFG1 0x02d00111u
#define QEMU_DCFG2 (0x2ab10000u | 10240u)
#define QEMU_DCFG6 0x00800002u	/* two queues, 64-bit DMA */
#define DCFG6_32   0x00000002u	/* two queues, 32-bit DMA */

#define PHY_ADDR   7
#define NB_DESC    128
#define NB_MBUF    2047
#define BURST      32

extern struct rte_mempool *pool;
/* The MAC address the fake device tree gives every port. */
extern const struct rte_ether_addr dt_mac;

struct port_cfg {
	uint32_t dcfg6;
	bool coherent;
	uint16_t mtu;
	uint64_t rx_offloads;
	uint64_t tx_offloads;
	uint16_t nb_queues;
	struct gem_steer steer;
	const char *compatible;		/* default cdns,zynqmp-gem */
	bool silicon;			/* not QEMU's model: no GEM_QUIRK_QEMU,
					 * and the fake's silicon semantics */
	bool stats_cor;			/* counters clear on read */
	bool phy;			/* link from the fake's PHY at PHY_ADDR,
					 * not a fixed-link */
	const char *phy_mode;		/* the DT's phy-mode, or NULL */
	uint32_t dcfg8;			/* screener counts; QEMU's model: 0 */
	uint16_t rx_dirty_max;		/* devarg rx_dirty_max; 0: not given */
};

struct ctx {
	struct fakegem f;
	uint16_t port;
	struct port_cfg cfg;
	unsigned int in_use_before;
};

/* Frame bytes of a test frame: a pattern the seed picks. */
void fill(uint8_t *p, uint32_t len, uint32_t seed);
/* Whether m holds the len-byte frame of seed, in one or more segments. */
bool check_mbuf(const struct rte_mbuf *m, uint32_t len, uint32_t seed);
/* The fake receives the len-byte frame of seed on queue q. */
int hw_rx(struct ctx *c, unsigned int q, uint32_t len, uint32_t seed);
/* An mbuf chain holding the len-byte frame of seed, seg_len per segment. */
struct rte_mbuf *make_pkt(uint32_t len, uint32_t seed, uint16_t seg_len);
unsigned int in_use(void);
/* The port's extended statistic of that name. */
uint64_t xstat(uint16_t port, const char *name);

/* A port created, configured and started as cfg says. */
struct ctx *ctx_new(const struct port_cfg *cfg);
/* The same under another name, with a hook between queue setup and start. */
struct ctx *ctx_new_named(const struct port_cfg *cfg, const char *name,
			  void (*before_start)(struct ctx *c));
void port_create(struct ctx *c, const char *name);
/* The probe alone: its return value. */
int port_try_create(struct ctx *c, const char *name);
void port_setup(struct ctx *c);
void port_start(struct ctx *c);
/* Stop, close, and check nothing leaked or was freed twice. */
void ctx_free(struct ctx *c);
void assert_pool_whole(void);

/* Put the port's rings, park area and the pool behind the simulated cache
 * (simcache.c): a before_start hook for a non-coherent port. */
void cache_regions(struct ctx *c);

/* cmocka group setup and teardown: EAL on an empty sysfs, the pool. */
int eal_setup(void **state);
int eal_teardown(void **state);

#endif /* GEMPORT_H */
