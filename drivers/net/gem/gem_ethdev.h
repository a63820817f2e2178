/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef GEM_ETHDEV_H
#define GEM_ETHDEV_H

/*
 * The net_gem port: per-port state shared by the primary and secondary
 * processes (dev_private), and what the ethdev ops share between files.
 */

#include <stdbool.h>
#include <stdint.h>

#include <ethdev_driver.h>
#include <rte_log.h>
#include <rte_spinlock.h>

#include "gem_caps.h"
#include "gem_dma.h"
#include "gem_flow.h"
#include "gem_rxtx.h"

extern int gem_logtype;
#define GEM_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, gem_logtype, "net_gem: " fmt "\n", \
		##__VA_ARGS__)
/* Port-scoped messages name the device, so users with two GEMs can tell. */
#define GEM_PLOG(level, dev, fmt, ...) \
	GEM_LOG(level, "%s: " fmt, (dev)->data->name, ##__VA_ARGS__)

/* Data-path logs exist only in builds with RTE_ETHDEV_DEBUG_RX/TX. */
#ifdef RTE_ETHDEV_DEBUG_RX
#define GEM_RX_LOG(level, fmt, ...) GEM_LOG(level, fmt, ##__VA_ARGS__)
#else
#define GEM_RX_LOG(level, fmt, ...) do { } while (0)
#endif
#ifdef RTE_ETHDEV_DEBUG_TX
#define GEM_TX_LOG(level, fmt, ...) GEM_LOG(level, fmt, ##__VA_ARGS__)
#else
#define GEM_TX_LOG(level, fmt, ...) do { } while (0)
#endif

/* Ring sizes and thresholds. */
#define GEM_MIN_RING_DESC      64
#define GEM_MAX_RING_DESC      4096
#define GEM_DEFAULT_RING_DESC  512
#define GEM_DEFAULT_RX_FREE_THRESH 32
#define GEM_DEFAULT_TX_FREE_THRESH 32

/* The hardware statistics counters we fold (gem_xstats.c). */
#define GEM_NB_HW_STATS 48

/* How a link is known: the DT's fixed-link, an MDIO PHY, or not at all. */
enum gem_link_kind {
	GEM_LINK_NONE,
	GEM_LINK_FIXED,
	GEM_LINK_PHY,
};

/* RX steering rules (gem_steer.c): VALUE:QUEUE, several joined by '/'. */
#define GEM_ARG_ETYPE_RXQ "ethertype_rxq"
#define GEM_ARG_UDP_RXQ   "udp_rxq"
#define GEM_ARG_QEMU      "qemu"
#define GEM_ARG_RX_DIRTY_MAX "rx_dirty_max"
/* rx_dirty_max not given: every RX buffer handed back is invalidated whole. */
#define GEM_RX_DIRTY_ALL  UINT16_MAX
/* The root compatible of QEMU's emulated Versal board. */
#define GEM_QEMU_MACHINE  "xlnx-versal-virt"
/* Rules of each devarg. */
#define GEM_STEER_MAX 4
#define GEM_STEER_WHY_LEN 160

struct gem_steer_rule {
	uint16_t value;		/* EtherType or UDP destination port */
	uint8_t queue;
};

struct gem_steer {
	uint8_t nb_etype;
	uint8_t nb_udp;
	struct gem_steer_rule etype[GEM_STEER_MAX];
	struct gem_steer_rule udp[GEM_STEER_MAX];
};

struct gem_adapter {
	struct gem_caps caps;
	char compatible[64];	/* the match that won, for messages */

	/*
	 * NCR (gem_ncr.c): as the port wants it; what the data path writes
	 * now, for an RX kick (ncr) and a TX doorbell (doorbell: ncr with
	 * TSTART, unless TX is held); what the holder of ncr_lock keeps off.
	 */
	rte_spinlock_t ncr_lock;
	uint32_t ncr_want;
	uint32_t ncr;
	uint32_t doorbell;
	unsigned int ncr_hold;
	uint32_t ncfgr;		/* as last written */

	bool dma_coherent;	/* DT `dma-coherent`, or the devarg */
	uint16_t rx_dirty_max;	/* devarg; GEM_RX_DIRTY_ALL when not given */
	bool desc64;		/* 16-byte descriptors (DMACFG.ADDR64) */

	/* Link as the DT describes it. */
	enum gem_link_kind link_kind;
	uint32_t link_speed;	/* fixed links: Mb/s */
	bool link_full_duplex;
	int phy_addr;

	/* RX filtering and steering. */
	uint64_t mc_hash;	/* the multicast list's buckets */
	uint32_t ncfgr_if;	/* NCFGR's interface bits, from phy-mode */
	uint32_t ncfgr_found;	/* NCFGR at probe: the bits others own */
	struct gem_screeners scr;	/* rte_flow and devarg rules */

	/* DMA errors seen (gem_dma_err.c); each starts a new epoch. */
	uint32_t rx_dma_epoch;
	uint32_t tx_dma_epoch;
	uint64_t rx_dma_errors;
	uint64_t tx_dma_errors;
	uint64_t tx_halt_timeouts;	/* re-arms that could not halt TX */

	/* Safe descriptors for queues that are not in use. */
	const struct rte_memzone *park_mz;

	/* Hardware counters folded into 64-bit totals (gem_xstats.c). */
	rte_spinlock_t stats_lock;
	bool stats_clear_on_read;
	bool stats_octets_swapped;
	uint64_t hw_last[GEM_NB_HW_STATS];
	uint64_t hw_total[GEM_NB_HW_STATS];
	uint64_t hw_base[GEM_NB_HW_STATS];	/* totals at the last reset */
};

#define GEM_ADAPTER(dev) ((struct gem_adapter *)(dev)->data->dev_private)

/* This process's mapping of the register block. */
static inline void *
gem_regs(const struct rte_eth_dev *dev)
{
	return dev->process_private;
}

/* What probe hands the common init (gem_ethdev.c), bus-independent. */
struct gem_init_params {
	void *regs;			/* mapped register block */
	const char *compatible;		/* the one the bus matched */
	const struct gem_variant *variant;
	bool dma_coherent;
	bool qemu;			/* QEMU's model: GEM_QUIRK_QEMU */
	const char *phy_mode;		/* DT phy-mode, or NULL */
	const struct rte_ether_addr *dt_mac;	/* NULL if the DT has none */
	enum gem_link_kind link_kind;
	uint32_t link_speed;
	bool link_full_duplex;
	int phy_addr;
	struct gem_steer steer;		/* from devargs */
	/* devarg rx_dirty_max: the most bytes from an RX buffer's start the
	 * application writes (GEM_RX_DIRTY_ALL: no such promise) */
	uint16_t rx_dirty_max;
};

int gem_ethdev_init(struct rte_eth_dev *dev, void *params);
int gem_ethdev_uninit(struct rte_eth_dev *dev);

/* gem_dma_err.c: every queue starts in the current DMA error epoch. */
void gem_dma_err_start(struct rte_eth_dev *dev);

/*
 * gem_ncr.c: NCR's writers. gem_ncr_write sets the port's NCR and writes
 * it; gem_ncr_record only takes note of what the register holds (after a
 * quiesce wrote it). gem_ncr_take holds RX and TX as hold says, for a queue
 * re-arm or a link change, and returns the NCR now in force, which the
 * holder may write itself (THALT, RE off) until gem_ncr_give puts the
 * port's NCR back, with TSTART if TX was held.
 */
#define GEM_HOLD_RX  RTE_BIT32(0)	/* RE off */
#define GEM_HOLD_TX  RTE_BIT32(1)	/* no TSTART from the data path */
#define GEM_HOLD_MAC RTE_BIT32(2)	/* RE and TE off */
void gem_ncr_init(struct rte_eth_dev *dev, uint32_t ncr);
void gem_ncr_write(struct rte_eth_dev *dev, uint32_t ncr);
void gem_ncr_record(struct rte_eth_dev *dev, uint32_t ncr);
uint32_t gem_ncr_take(struct rte_eth_dev *dev, unsigned int hold);
void gem_ncr_give(struct rte_eth_dev *dev);

/* gem_ethdev.c, shared with the other files. */
void gem_ncfgr_write(struct rte_eth_dev *dev, uint32_t ncfgr);

/* Whether the port is configured for RX checksum offload. */
static inline bool
gem_rx_csum_on(const struct rte_eth_dev *dev)
{
	return dev->data->dev_conf.rxmode.offloads &
	       (RTE_ETH_RX_OFFLOAD_IPV4_CKSUM | RTE_ETH_RX_OFFLOAD_UDP_CKSUM |
		RTE_ETH_RX_OFFLOAD_TCP_CKSUM);
}

/* gem_filter.c: RX address filtering, as ethdev asks for it. */
void gem_rx_filters_apply(struct rte_eth_dev *dev);
int gem_promiscuous_enable(struct rte_eth_dev *dev);
int gem_promiscuous_disable(struct rte_eth_dev *dev);
int gem_allmulticast_enable(struct rte_eth_dev *dev);
int gem_allmulticast_disable(struct rte_eth_dev *dev);
int gem_mac_addr_set(struct rte_eth_dev *dev, struct rte_ether_addr *mac);
int gem_mac_addr_add(struct rte_eth_dev *dev, struct rte_ether_addr *mac,
		     uint32_t index, uint32_t pool);
void gem_mac_addr_remove(struct rte_eth_dev *dev, uint32_t index);
int gem_set_mc_addr_list(struct rte_eth_dev *dev,
			 struct rte_ether_addr *list, uint32_t nb);
void gem_park_iova(const struct gem_adapter *ad, rte_iova_t *rx,
		   rte_iova_t *tx);

/*
 * gem_phy.c: a clause-22 PHY's link into link (status, speed, duplex,
 * autonegotiation); -ETIMEDOUT when MDIO does not answer.
 */
int gem_phy_link(volatile void *regs, int phy, struct rte_eth_link *link);
/*
 * Check that a PHY answers at address phy (*id: its ID registers) and power
 * it up if it was powered down: 0, 1 when it was woken, -ENODEV when
 * nothing answers (ID all ones or zero), -ETIMEDOUT when MDIO does not.
 */
int gem_phy_wake(volatile void *regs, int phy, uint32_t *id);

struct rte_socplat_device;
/*
 * gem_socplat.c: 0 when dev's PHY (if any) is on dev's own MDIO bus;
 * -ENOTSUP, with the one line naming both nodes and the fix, when it sits
 * on another node's bus (Versal VCK190/VMK180: GEM1's PHY on GEM0's).
 */
int gem_socplat_check_mdio(const struct rte_socplat_device *dev);

/* gem_intr.c */
int gem_rxq_intr_setup(struct rte_eth_dev *dev);
void gem_rxq_intr_teardown(struct rte_eth_dev *dev);
int gem_rx_queue_intr_enable(struct rte_eth_dev *dev, uint16_t q);
int gem_rx_queue_intr_disable(struct rte_eth_dev *dev, uint16_t q);

/* gem_steer.c: the devargs, parsed, then made rules at probe. */
int gem_steer_parse(const char *key, const char *value, struct gem_steer *st,
		    char *why);
int gem_steer_init(struct rte_eth_dev *dev, const struct gem_steer *st);
/* gem_flow.c: at dev_start, every rule's queue exists; the screeners. */
int gem_steer_check(struct rte_eth_dev *dev);
void gem_steer_apply(struct rte_eth_dev *dev);

/* gem_xstats.c */
void gem_stats_init(struct rte_eth_dev *dev);
void gem_stats_fold(struct rte_eth_dev *dev);
/* Fold on an EAL alarm while the port runs (on) or no more (off). */
void gem_stats_timer(struct rte_eth_dev *dev, bool on);
void gem_stats_alarm(void *dev);
int gem_stats_get(struct rte_eth_dev *dev, struct rte_eth_stats *stats);
int gem_stats_reset(struct rte_eth_dev *dev);
int gem_xstats_get(struct rte_eth_dev *dev, struct rte_eth_xstat *xstats,
		   unsigned int n);
int gem_xstats_get_names(struct rte_eth_dev *dev,
			 struct rte_eth_xstat_name *names, unsigned int size);
/* Counters are not clear-on-read if a written value survives two reads. */
bool gem_stats_probe_sticky(void *regs);

/* Shared by RX and TX queue setup (gem_rxq.c, gem_txq.c). */

/*
 * A ring's memzone, aligned to a power of two at least its size: it then
 * never crosses a 4 GiB line, which the GEM's 32-bit descriptor pointer
 * increments could not follow.
 */
static inline const struct rte_memzone *
gem_ring_zone(struct rte_eth_dev *dev, const char *name, uint16_t qid,
	      size_t size, unsigned int socket)
{
	return rte_eth_dma_zone_reserve(dev, name, qid, size,
					rte_align32pow2((uint32_t)size),
					(int)socket);
}

static inline uint16_t
gem_queue_flags(const struct gem_adapter *ad)
{
	uint16_t flags = 0;

	if (ad->desc64)
		flags |= GEM_QF_DESC64;
	if (!ad->dma_coherent)
		flags |= GEM_QF_NONCOHERENT;
	return flags;
}

/*
 * Descriptors sharing one cache line, or on a non-coherent port one
 * writeback granule (gem_dma_granule): batches must cover whole ones.
 */
static inline uint16_t
gem_descs_per_line(const struct gem_adapter *ad)
{
	return (ad->dma_coherent ? RTE_CACHE_LINE_SIZE : gem_dma_granule()) >>
	       (ad->desc64 ? GEM_DESC_SHIFT_64 : GEM_DESC_SHIFT_32);
}

#endif /* GEM_ETHDEV_H */
