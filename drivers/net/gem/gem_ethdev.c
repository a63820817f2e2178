/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_malloc.h>
#include <rte_memzone.h>

#include "socnic_dpdk_compat.h"

#include "gem_dma.h"
#include "gem_ethdev.h"
#include "gem_hw_ops.h"
#include "gem_rxtx.h"

/* An Ethernet frame around an MTU: header, one VLAN tag, FCS. */
#define GEM_FRAME_OVERHEAD (RTE_ETHER_HDR_LEN + RTE_VLAN_HLEN + \
			    RTE_ETHER_CRC_LEN)

static uint32_t
gem_frame_len(uint16_t mtu)
{
	return (uint32_t)mtu + GEM_FRAME_OVERHEAD;
}

void
gem_park_iova(const struct gem_adapter *ad, rte_iova_t *rx, rte_iova_t *tx)
{
	*rx = ad->park_mz->iova + GEM_PARK_RX_OFF;
	*tx = ad->park_mz->iova + GEM_PARK_TX_OFF;
}

/* ------------------------------------------------------ configuration */

/* NCFGR speed and duplex bits for the link as known now. */
static uint32_t
gem_ncfgr_link(const struct rte_eth_link *link, const struct gem_caps *caps)
{
	uint32_t v = 0;

	if (link->link_speed == RTE_ETH_SPEED_NUM_1G ||
	    (link->link_speed == RTE_ETH_SPEED_NUM_UNKNOWN &&
	     (caps->caps & GEM_CAP_GIGABIT)))
		v |= GEM_NCFGR_GBE;
	else if (link->link_speed == RTE_ETH_SPEED_NUM_100M)
		v |= GEM_NCFGR_SPD;
	if (link->link_duplex == RTE_ETH_LINK_FULL_DUPLEX ||
	    link->link_speed == RTE_ETH_SPEED_NUM_UNKNOWN)
		v |= GEM_NCFGR_FD;
	return v;
}

#define GEM_NCFGR_SPEED (GEM_NCFGR_GBE | GEM_NCFGR_SPD)

static const char *
gem_ncfgr_speed_str(uint32_t ncfgr)
{
	return (ncfgr & GEM_NCFGR_GBE) ? "1000 Mb/s" :
	       (ncfgr & GEM_NCFGR_SPD) ? "100 Mb/s" : "10 Mb/s";
}

/*
 * A parallel interface's TX clock (GTX_CLK) must follow the speed, and
 * only the kernel's clock framework sets it (macb_set_tx_clk): user space
 * cannot. Through the PCS (SGMII, 1000BASE-X) it does not change. Said
 * once per change away from what the kernel left.
 */
static void
gem_tx_clock_check(struct rte_eth_dev *dev, uint32_t old, uint32_t ncfgr,
		   const struct rte_eth_link *link)
{
	const struct gem_adapter *ad = GEM_ADAPTER(dev);
	const uint32_t left = ad->ncfgr_found;

	if (((old ^ ncfgr) & GEM_NCFGR_SPEED) &&
	    ((left ^ ncfgr) & GEM_NCFGR_SPEED) &&
	    !(ad->ncfgr_if & GEM_NCFGR_PCSSEL))
		GEM_PLOG(WARNING, dev, "link now %u Mb/s, the kernel left the GEM at %s: its TX clock must follow and only the kernel sets it; if frames stop reaching the wire, make the PHY advertise only %s or describe the link as a fixed-link",
			 link->link_speed, gem_ncfgr_speed_str(left),
			 gem_ncfgr_speed_str(left));
}

/* NCFGR for a link that is up: speed and duplex from it, the rest kept. */
static uint32_t
gem_ncfgr_for(const struct gem_adapter *ad, const struct rte_eth_link *link)
{
	return (ad->ncfgr & ~(GEM_NCFGR_SPEED | GEM_NCFGR_FD)) |
	       gem_ncfgr_link(link, &ad->caps);
}

/*
 * NCFGR bits the driver sets. The others (pause, IPG stretch, external
 * address match, and whatever an implementation adds) keep what the boot
 * loader or the kernel left.
 */
#define GEM_NCFGR_OWNED (GEM_NCFGR_SPD | GEM_NCFGR_FD | GEM_NCFGR_JFRAME | \
	GEM_NCFGR_CAF | GEM_NCFGR_NBC | GEM_NCFGR_MTIHEN | GEM_NCFGR_UNIHEN | \
	GEM_NCFGR_BIG | GEM_NCFGR_GBE | GEM_NCFGR_PCSSEL | \
	GEM_MASK(GEM_NCFGR_RBOF) | GEM_NCFGR_RLCE | GEM_NCFGR_DRFCS | \
	GEM_MASK(GEM_NCFGR_CLK) | GEM_MASK(GEM_NCFGR_DBW) | \
	GEM_NCFGR_RXCOEN | GEM_NCFGR_SGMIIEN)

/* What every configuration starts from: the bits others own, as found,
 * then the interface, bus width, MDC and frame handling. */
static uint32_t
gem_ncfgr_base(const struct gem_adapter *ad)
{
	return (ad->ncfgr_found & ~GEM_NCFGR_OWNED) | ad->ncfgr_if |
	       GEM_NCFGR_DRFCS | GEM_NCFGR_BIG |
	       GEM_SET(GEM_NCFGR_CLK, GEM_NCFGR_CLK_DIV224) |
	       GEM_SET(GEM_NCFGR_DBW, ad->caps.dbw);
}

/*
 * NCFGR's interface bits for the DT's phy-mode: SGMII and 1000BASE-X go
 * through the GEM's PCS (PCSSEL, and SGMIIEN for SGMII), as Linux's macb
 * sets them; the parallel interfaces need none (RGMII delays are the
 * PHY's or the board's). -ENOTSUP for a mode the GEM cannot do.
 */
static int
gem_phy_mode_bits(const char *mode, uint32_t *bits)
{
	static const char * const parallel[] = {
		"mii", "gmii", "rgmii", "rgmii-id", "rgmii-rxid", "rgmii-txid",
		"rmii", "internal",
	};
	unsigned int i;

	*bits = 0;
	if (mode == NULL)
		return 0;
	if (strcmp(mode, "sgmii") == 0) {
		*bits = GEM_NCFGR_PCSSEL | GEM_NCFGR_SGMIIEN;
		return 0;
	}
	if (strcmp(mode, "1000base-x") == 0) {
		*bits = GEM_NCFGR_PCSSEL;
		return 0;
	}
	for (i = 0; i < RTE_DIM(parallel); i++)
		if (strcmp(mode, parallel[i]) == 0)
			return 0;
	return -ENOTSUP;
}

void
gem_ncfgr_write(struct rte_eth_dev *dev, uint32_t ncfgr)
{
	GEM_ADAPTER(dev)->ncfgr = ncfgr;
	gem_wr(gem_regs(dev), GEM_NCFGR, ncfgr);
}

/* Frame length limits for an MTU: NCFGR jumbo bits, JML, TX limit. */
static void
gem_frame_limits_apply(struct rte_eth_dev *dev, uint16_t mtu)
{
	struct gem_adapter *ad = GEM_ADAPTER(dev);
	uint32_t frame = gem_frame_len(mtu);
	uint32_t ncfgr = ad->ncfgr & ~GEM_NCFGR_JFRAME;
	uint32_t tx_max = GEM_MAX_FRAME_STD;
	uint16_t q;

	if (frame > GEM_MAX_FRAME_BIG) {
		gem_wr(gem_regs(dev), GEM_JML, frame);
		ncfgr |= GEM_NCFGR_JFRAME;
		tx_max = frame;
	}
	gem_ncfgr_write(dev, ncfgr);
	for (q = 0; q < dev->data->nb_tx_queues; q++) {
		struct gem_tx_queue *txq = dev->data->tx_queues[q];

		if (txq != NULL)
			txq->max_frame_len = tx_max;
	}
	for (q = 0; q < dev->data->nb_rx_queues; q++) {
		struct gem_rx_queue *rxq = dev->data->rx_queues[q];

		if (rxq != NULL)
			rxq->max_frame_len = frame - RTE_ETHER_CRC_LEN;
	}
}

static int
gem_dev_configure(struct rte_eth_dev *dev)
{
	const struct rte_eth_conf *conf = &dev->data->dev_conf;

	/*
	 * The GEM has no RSS. Applications that ask for it anyway (l3fwd
	 * always does, with rss_hf cut down to the port's hash functions:
	 * none) get what RSS with no hash means: every frame that no
	 * steering rule claims on queue 0. DCB and VMDq have no meaning here.
	 */
	if (conf->rxmode.mq_mode == RTE_ETH_MQ_RX_RSS &&
	    (conf->rx_adv_conf.rss_conf.rss_hf == 0 ||
	     dev->data->nb_rx_queues <= 1)) {
		GEM_PLOG(INFO, dev, "RSS asked with no hash function or one queue: no RSS, the GEM has none");
	} else if (conf->rxmode.mq_mode != RTE_ETH_MQ_RX_NONE) {
		GEM_PLOG(ERR, dev, "RX multi-queue mode %d is not supported: the GEM has no RSS, DCB or VMDq; use RTE_ETH_MQ_RX_NONE, or RSS with rss_hf 0",
			 conf->rxmode.mq_mode);
		return -ENOTSUP;
	}
	if (conf->txmode.mq_mode != RTE_ETH_MQ_TX_NONE) {
		GEM_PLOG(ERR, dev, "TX multi-queue mode %d is not supported; use RTE_ETH_MQ_TX_NONE",
			 conf->txmode.mq_mode);
		return -ENOTSUP;
	}
	if (conf->link_speeds & RTE_ETH_LINK_SPEED_FIXED) {
		GEM_PLOG(ERR, dev, "forcing the link speed is not supported: the link is the device tree's fixed-link or what the PHY negotiates");
		return -ENOTSUP;
	}
	return 0;
}

static int
gem_dev_infos_get(struct rte_eth_dev *dev, struct rte_eth_dev_info *info)
{
	const struct gem_adapter *ad = GEM_ADAPTER(dev);
	const struct gem_caps *c = &ad->caps;
	uint16_t align = gem_descs_per_line(ad);

	info->max_rx_queues = c->nb_queues;
	info->max_tx_queues = c->nb_queues;
	info->min_rx_bufsize = GEM_DMACFG_RXBS_UNIT + RTE_PKTMBUF_HEADROOM;
	info->max_rx_pktlen = c->max_frame;
	info->min_mtu = RTE_ETHER_MIN_MTU;
	info->max_mtu = c->max_frame - GEM_FRAME_OVERHEAD;
	info->max_mac_addrs = GEM_NUM_SA;

	info->rx_offload_capa = 0;
	info->tx_offload_capa = 0;
	if (c->caps & GEM_CAP_SG) {
		info->rx_offload_capa |= RTE_ETH_RX_OFFLOAD_SCATTER;
		info->tx_offload_capa |= RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
	}
	if (c->caps & GEM_CAP_RX_CSUM)
		info->rx_offload_capa |= RTE_ETH_RX_OFFLOAD_IPV4_CKSUM |
					 RTE_ETH_RX_OFFLOAD_UDP_CKSUM |
					 RTE_ETH_RX_OFFLOAD_TCP_CKSUM;
	if (c->caps & GEM_CAP_TX_CSUM)
		info->tx_offload_capa |= RTE_ETH_TX_OFFLOAD_IPV4_CKSUM |
					 RTE_ETH_TX_OFFLOAD_UDP_CKSUM |
					 RTE_ETH_TX_OFFLOAD_TCP_CKSUM;
	info->tx_offload_capa |= RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE;
	/* Offloads are per port: DMACFG and NCFGR are shared by queues
	 * (fast free is the driver's own and may differ by queue). */
	info->rx_queue_offload_capa = 0;
	info->tx_queue_offload_capa = RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE;

	info->rx_desc_lim = (struct rte_eth_desc_lim){
		.nb_max = GEM_MAX_RING_DESC,
		.nb_min = GEM_MIN_RING_DESC,
		.nb_align = RTE_MAX(align, (uint16_t)GEM_DEFAULT_RX_FREE_THRESH),
	};
	info->tx_desc_lim = (struct rte_eth_desc_lim){
		.nb_max = GEM_MAX_RING_DESC,
		.nb_min = GEM_MIN_RING_DESC,
		.nb_align = align,
		.nb_seg_max = GEM_MAX_RING_DESC / 2,
		.nb_mtu_seg_max = GEM_MAX_RING_DESC / 2,
	};
	info->default_rxconf.rx_free_thresh = GEM_DEFAULT_RX_FREE_THRESH;
	info->default_txconf.tx_free_thresh = GEM_DEFAULT_TX_FREE_THRESH;
	info->default_rxportconf.ring_size = GEM_DEFAULT_RING_DESC;
	info->default_txportconf.ring_size = GEM_DEFAULT_RING_DESC;
	info->default_rxportconf.nb_queues = 1;
	info->default_txportconf.nb_queues = 1;

	info->speed_capa = RTE_ETH_LINK_SPEED_10M_HD | RTE_ETH_LINK_SPEED_10M |
			   RTE_ETH_LINK_SPEED_100M_HD | RTE_ETH_LINK_SPEED_100M;
	if (c->caps & GEM_CAP_GIGABIT)
		info->speed_capa |= RTE_ETH_LINK_SPEED_1G;
	return 0;
}

/* ------------------------------------------------------------- start */

/*
 * All rings of one direction share the upper 32 address bits (RBQPH/TBQPH):
 * check that they, and the park descriptors, do.
 */
static int
gem_check_upper(struct rte_eth_dev *dev, const char *dir, rte_iova_t park,
		const rte_iova_t *ring, uint16_t n)
{
	uint16_t q;

	for (q = 0; q < n; q++) {
		if ((ring[q] >> 32) != (park >> 32)) {
			GEM_PLOG(ERR, dev, "%s ring %u at IOVA 0x%" PRIx64 " and the park descriptors at 0x%" PRIx64 " are in different 4 GiB windows; the GEM has one upper-address register per direction: restrict DPDK memory to one 4 GiB window (e.g. --socket-mem with fewer hugepages)",
				 dir, q, ring[q], park);
			return -EINVAL;
		}
	}
	return 0;
}

static void gem_queues_drain(struct rte_eth_dev *dev);
static int gem_link_update(struct rte_eth_dev *dev, int wait);

/*
 * Step 1 of start: everything that can refuse the configuration, before a
 * register is touched.
 */
static int
gem_start_check(struct rte_eth_dev *dev)
{
	struct gem_adapter *ad = GEM_ADAPTER(dev);
	const bool scatter = dev->data->dev_conf.rxmode.offloads &
			     RTE_ETH_RX_OFFLOAD_SCATTER;
	const uint16_t nb_rxq = dev->data->nb_rx_queues;
	const uint16_t nb_txq = dev->data->nb_tx_queues;
	const uint32_t frame = gem_frame_len(dev->data->mtu);
	rte_iova_t rx_iova[GEM_MAX_QUEUES], tx_iova[GEM_MAX_QUEUES];
	rte_iova_t park_rx, park_tx;
	uint16_t q;

	if (frame > ad->caps.max_frame) {
		GEM_PLOG(ERR, dev, "MTU %u needs %u-byte frames; this GEM takes at most %u",
			 dev->data->mtu, frame, ad->caps.max_frame);
		return -EINVAL;
	}
	if (gem_steer_check(dev) != 0)
		return -EINVAL;
	for (q = 0; q < nb_rxq; q++) {
		struct gem_rx_queue *rxq = dev->data->rx_queues[q];

		if (rxq == NULL) {
			GEM_PLOG(ERR, dev, "rxq %u is not set up: call rte_eth_rx_queue_setup for every configured queue",
				 q);
			return -EINVAL;
		}
		if (!scatter && frame - RTE_ETHER_CRC_LEN > rxq->rx_buf_len) {
			GEM_PLOG(ERR, dev, "MTU %u needs %u-byte RX buffers but rxq %u has %u-byte ones: enable RTE_ETH_RX_OFFLOAD_SCATTER or use mbufs with more data room",
				 dev->data->mtu, frame - RTE_ETHER_CRC_LEN, q,
				 rxq->rx_buf_len);
			return -EINVAL;
		}
		rx_iova[q] = rxq->rx_ring_phys_addr;
	}
	for (q = 0; q < nb_txq; q++) {
		struct gem_tx_queue *txq = dev->data->tx_queues[q];

		if (txq == NULL) {
			GEM_PLOG(ERR, dev, "txq %u is not set up: call rte_eth_tx_queue_setup for every configured queue",
				 q);
			return -EINVAL;
		}
		tx_iova[q] = txq->tx_ring_phys_addr;
	}
	gem_park_iova(ad, &park_rx, &park_tx);
	if (ad->desc64 &&
	    (gem_check_upper(dev, "RX", park_rx, rx_iova, nb_rxq) != 0 ||
	     gem_check_upper(dev, "TX", park_tx, tx_iova, nb_txq) != 0))
		return -EINVAL;
	return 0;
}

/*
 * Step 2: the MAC (RX/TX are off: probe and stop leave them so): network
 * configuration, frame limits, filters, DMA configuration, addresses.
 */
static void
gem_start_mac(struct rte_eth_dev *dev, bool tx_csum)
{
	struct gem_adapter *ad = GEM_ADAPTER(dev);
	const struct gem_caps *c = &ad->caps;
	void *regs = gem_regs(dev);
	uint32_t ncfgr, dmacfg;
	uint16_t i;

	ncfgr = gem_ncfgr_base(ad) | gem_ncfgr_link(&dev->data->dev_link, c);
	if (ad->link_kind == GEM_LINK_FIXED) {
		struct rte_eth_link fixed = {
			.link_speed = ad->link_speed,
			.link_duplex = ad->link_full_duplex ?
				RTE_ETH_LINK_FULL_DUPLEX :
				RTE_ETH_LINK_HALF_DUPLEX,
		};

		ncfgr = (ncfgr & ~(GEM_NCFGR_GBE | GEM_NCFGR_SPD |
				   GEM_NCFGR_FD)) | gem_ncfgr_link(&fixed, c);
	}
	gem_ncfgr_write(dev, ncfgr);
	gem_frame_limits_apply(dev, dev->data->mtu);
	gem_rx_filters_apply(dev);

	/*
	 * Queue 0's buffer size; the others have RBQS (gem_start_rings). A
	 * port without RX queues (TX only) parks them all: any size does.
	 */
	dmacfg = GEM_SET(GEM_DMACFG_RXBMS, GEM_DMACFG_RXBMS_FULL) |
		 GEM_DMACFG_TXPBMS |
		 GEM_SET(GEM_DMACFG_RXBS, dev->data->nb_rx_queues == 0 ? 1 :
			 ((struct gem_rx_queue *)dev->data->rx_queues[0])->
			 rx_buf_len / GEM_DMACFG_RXBS_UNIT);
	if (c->dma_burst != 0)
		dmacfg |= GEM_SET(GEM_DMACFG_FBLDO, c->dma_burst);
	if (tx_csum)
		dmacfg |= GEM_DMACFG_TXCOEN;
	if (ad->desc64)
		dmacfg |= GEM_DMACFG_ADDR64;
	gem_wr(regs, GEM_DMACFG, dmacfg);

	for (i = 0; i < GEM_NUM_SA; i++) {
		if (!rte_is_zero_ether_addr(&dev->data->mac_addrs[i]))
			gem_hw_sa_set(regs, i, &dev->data->mac_addrs[i]);
		else
			gem_hw_sa_clear(regs, i);
	}
}

/*
 * Step 3: the rings. RX rings filled and handed to hardware, TX rings
 * empty, every queue's base programmed; queues without a ring point at the
 * park descriptors.
 */
static int
gem_start_rings(struct rte_eth_dev *dev, bool rx_csum)
{
	struct gem_adapter *ad = GEM_ADAPTER(dev);
	const struct gem_caps *c = &ad->caps;
	void *regs = gem_regs(dev);
	const uint16_t nb_rxq = dev->data->nb_rx_queues;
	const uint16_t nb_txq = dev->data->nb_tx_queues;
	rte_iova_t park_rx, park_tx;
	uint16_t q;
	int ret;

	gem_rx_pools_clean(dev);
	for (q = 0; q < nb_rxq; q++) {
		struct gem_rx_queue *rxq = dev->data->rx_queues[q];

		gem_rx_csum_table(rxq, rx_csum);
		/*
		 * QEMU's model, once any queue has a free descriptor, writes a
		 * frame for another queue into that queue's next descriptor
		 * whether it owns it or not: with several queues, a consumed
		 * descriptor must point at a buffer still the ring's.
		 */
		if (nb_rxq > 1 && (c->quirks & GEM_QUIRK_QEMU))
			rxq->flags |= GEM_QF_QEMU_REPOINT;
		else
			rxq->flags &= ~GEM_QF_QEMU_REPOINT;
		ret = gem_rx_ring_fill(rxq);
		if (ret != 0) {
			GEM_PLOG(ERR, dev, "rxq %u: pool %s cannot fill %u descriptors: make it larger",
				 q, rxq->mb_pool->name, rxq->nb_rx_desc);
			return ret;
		}
		gem_ring_base_set(regs, q, true, rxq->rx_ring_phys_addr,
				  ad->desc64);
		if (q > 0)
			gem_wr(regs, GEM_RBQS_Q(q),
			       rxq->rx_buf_len / GEM_DMACFG_RXBS_UNIT);
	}
	for (q = 0; q < nb_txq; q++) {
		struct gem_tx_queue *txq = dev->data->tx_queues[q];

		gem_tx_ring_init(txq);
		gem_ring_base_set(regs, q, false, txq->tx_ring_phys_addr,
				  ad->desc64);
	}
	/*
	 * ZynqMP and Versal GEMs (and QEMU's model, whose pointers otherwise
	 * say 0) do fetch from unused queues; for the others it costs nothing.
	 */
	gem_park_iova(ad, &park_rx, &park_tx);
	for (q = nb_rxq; q < c->nb_queues; q++)
		gem_ring_base_set(regs, q, true, park_rx, ad->desc64);
	for (q = nb_txq; q < c->nb_queues; q++)
		gem_ring_base_set(regs, q, false, park_tx, ad->desc64);
	return 0;
}

/* The PHY the DT names answers, and is powered up. */
static int
gem_start_phy(struct rte_eth_dev *dev)
{
	struct gem_adapter *ad = GEM_ADAPTER(dev);
	struct rte_eth_link link = { .link_status = RTE_ETH_LINK_DOWN };
	uint32_t id = 0, ncfgr;
	int ret = gem_phy_wake(gem_regs(dev), ad->phy_addr, &id);

	switch (ret) {
	case 0:
		/* Up already: speed and duplex now, while RX and TX are off
		 * (later changes cost a TX re-arm, gem_link_apply). */
		if (gem_phy_link(gem_regs(dev), ad->phy_addr, &link) == 0 &&
		    link.link_status == RTE_ETH_LINK_UP) {
			ncfgr = gem_ncfgr_for(ad, &link);
			gem_tx_clock_check(dev, ad->ncfgr, ncfgr, &link);
			gem_ncfgr_write(dev, ncfgr);
		}
		return 0;
	case 1:
		GEM_PLOG(NOTICE, dev, "PHY %d (ID 0x%08x) was powered down (its kernel driver detached): powered it up, autonegotiation restarted",
			 ad->phy_addr, id);
		return 0;
	case -ENODEV:
		GEM_PLOG(ERR, dev, "no PHY answers at MDIO address %d (ID 0x%08x), where the DT's phy-handle points: check the PHY node's reg, that the PHY is on this GEM's MDIO bus, powered and out of reset",
			 ad->phy_addr, id);
		return -ENODEV;
	default:
		GEM_PLOG(ERR, dev, "MDIO did not answer reading PHY %d: the GEM's clocks are likely gated (boot with clk_ignore_unused, or let macb probe the port before vfio-platform takes it)",
			 ad->phy_addr);
		return -EIO;
	}
}

static int
gem_dev_start(struct rte_eth_dev *dev)
{
	struct gem_adapter *ad = GEM_ADAPTER(dev);
	const struct rte_eth_conf *conf = &dev->data->dev_conf;
	void *regs = gem_regs(dev);
	const bool rx_csum = gem_rx_csum_on(dev);
	const bool tx_csum = conf->txmode.offloads &
			     (RTE_ETH_TX_OFFLOAD_IPV4_CKSUM |
			      RTE_ETH_TX_OFFLOAD_UDP_CKSUM |
			      RTE_ETH_TX_OFFLOAD_TCP_CKSUM);
	uint16_t q;
	int ret;

	ret = gem_start_check(dev);
	if (ret != 0)
		return ret;
	dev->data->scattered_rx = !!(conf->rxmode.offloads &
				     RTE_ETH_RX_OFFLOAD_SCATTER);
	gem_start_mac(dev, tx_csum);
	ret = gem_start_rings(dev, rx_csum);
	if (ret != 0) {
		gem_queues_drain(dev);
		return ret;
	}
	gem_dma_err_start(dev);
	if (ad->link_kind == GEM_LINK_PHY) {
		ret = gem_start_phy(dev);
		if (ret != 0) {
			gem_queues_drain(dev);
			return ret;
		}
	}
	gem_steer_apply(dev);
	if (conf->intr_conf.rxq) {
		ret = gem_rxq_intr_setup(dev);
		if (ret != 0) {
			gem_queues_drain(dev);
			return ret;
		}
	}

	/* Step 4: go. */
	gem_wr(regs, GEM_TSR, GEM_TSR_ALL);
	gem_wr(regs, GEM_RSR, GEM_RSR_ALL);
	gem_ncr_write(dev, ad->ncr_want | GEM_NCR_RE | GEM_NCR_TE);

	gem_set_rx_function(dev);
	gem_set_tx_function(dev);
	for (q = 0; q < dev->data->nb_rx_queues; q++)
		dev->data->rx_queue_state[q] = RTE_ETH_QUEUE_STATE_STARTED;
	for (q = 0; q < dev->data->nb_tx_queues; q++)
		dev->data->tx_queue_state[q] = RTE_ETH_QUEUE_STATE_STARTED;
	dev->data->dev_started = 1;
	gem_stats_timer(dev, true);
	gem_link_update(dev, 0);
	return 0;
}

/* Return every mbuf the rings hold; rings stay allocated. */
static void
gem_queues_drain(struct rte_eth_dev *dev)
{
	uint16_t q;

	for (q = 0; q < dev->data->nb_rx_queues; q++) {
		struct gem_rx_queue *rxq = dev->data->rx_queues[q];

		if (rxq != NULL)
			gem_rx_ring_release_mbufs(rxq);
	}
	for (q = 0; q < dev->data->nb_tx_queues; q++) {
		struct gem_tx_queue *txq = dev->data->tx_queues[q];

		if (txq != NULL) {
			gem_tx_ring_release_mbufs(txq);
			gem_tx_ring_init(txq);
		}
	}
}

/* Stop DMA the way the reset module does, parking every queue. */
static int
gem_port_quiesce(struct rte_eth_dev *dev, bool clear_stats)
{
	struct gem_adapter *ad = GEM_ADAPTER(dev);
	int ret;

	ret = gem_quiesce(gem_regs(dev), ad->park_mz->iova, clear_stats,
			  NULL);
	if (ret == -ETIMEDOUT)
		GEM_PLOG(WARNING, dev, "TX did not halt in time (TSR 0x%08x); disabled it anyway",
			 gem_rd(gem_regs(dev), GEM_TSR));
	gem_ncr_record(dev, gem_rd(gem_regs(dev), GEM_NCR) &
		       ~(GEM_NCR_RE | GEM_NCR_TE | GEM_NCR_CLRSTAT));
	return ret;
}

static int
gem_dev_stop(struct rte_eth_dev *dev)
{
	struct rte_eth_link down = { .link_status = RTE_ETH_LINK_DOWN };
	uint16_t q;

	gem_stats_timer(dev, false);
	gem_port_quiesce(dev, false);
	gem_rxq_intr_teardown(dev);
	gem_queues_drain(dev);
	for (q = 0; q < dev->data->nb_rx_queues; q++)
		dev->data->rx_queue_state[q] = RTE_ETH_QUEUE_STATE_STOPPED;
	for (q = 0; q < dev->data->nb_tx_queues; q++)
		dev->data->tx_queue_state[q] = RTE_ETH_QUEUE_STATE_STOPPED;
	dev->data->dev_started = 0;
	rte_eth_linkstatus_set(dev, &down);
	return 0;
}

/* Everything but the port itself: queues, rings, the device quiesced. */
static void
gem_dev_release(struct rte_eth_dev *dev)
{
	struct gem_adapter *ad = GEM_ADAPTER(dev);
	uint16_t q;

	if (dev->data->dev_started)
		gem_dev_stop(dev);
	for (q = 0; q < dev->data->nb_rx_queues; q++)
		gem_rx_queue_release(dev, q);
	for (q = 0; q < dev->data->nb_tx_queues; q++)
		gem_tx_queue_release(dev, q);
	gem_port_quiesce(dev, true);
	/* The pointers now name freed memory: inert while RE/TE are off. */
	rte_memzone_free(ad->park_mz);
	ad->park_mz = NULL;
}

static int
gem_dev_close(struct rte_eth_dev *dev)
{
	if (rte_eal_process_type() != RTE_PROC_PRIMARY)
		return 0;
	gem_dev_release(dev);
	return 0;
}

static int gem_hw_init(struct rte_eth_dev *dev);

static int
gem_dev_reset(struct rte_eth_dev *dev)
{
	gem_dev_release(dev);
	return gem_hw_init(dev);
}

/* -------------------------------------------------------------- link */

/*
 * A speed or duplex the PHY negotiated. The GEM takes them only with RX
 * and TX off, as Linux's macb sets them between link down and link up;
 * the data path's NCR writes are held meanwhile (gem_ncr.c), so none can
 * switch them on again in between. macb then rebuilds its rings, because
 * clearing TE sends every TX queue back to its base; here the rings belong
 * to the data lcores, so each TX queue is pointed at the park descriptor
 * (no TSTART may send from a stale base) and a new DMA error epoch makes
 * every TX queue re-arm itself on its next look (gem_dma_err.c), its
 * unsent frames counted as errors. RX keeps its place: RE off and on
 * moves no RX pointer.
 */
static void
gem_link_apply(struct rte_eth_dev *dev, uint32_t ncfgr,
	       const struct rte_eth_link *link)
{
	struct gem_adapter *ad = GEM_ADAPTER(dev);
	const uint32_t old = ad->ncfgr;
	void *regs = gem_regs(dev);
	rte_iova_t park_rx, park_tx;
	uint16_t q;

	gem_ncr_take(dev, GEM_HOLD_MAC);
	if (gem_dma_stop(regs) != 0)
		GEM_PLOG(WARNING, dev, "TX did not halt in time for a link change (TSR 0x%08x): the frame in flight is cut short, most likely a TX clock that no longer matches the link; switched off anyway: if it recurs, keep the PHY at the speed the kernel left (advertise only it) or use a fixed-link",
			 gem_rd(regs, GEM_TSR));
	gem_ncfgr_write(dev, ncfgr);
	/* Only a writer outside this process could have: say so. */
	if (gem_rd(regs, GEM_NCR) & (GEM_NCR_RE | GEM_NCR_TE))
		GEM_PLOG(ERR, dev, "RX or TX was switched on while the link changed speed (NCR 0x%08x): another program writes this GEM's registers; stop it",
			 gem_rd(regs, GEM_NCR));
	gem_park_iova(ad, &park_rx, &park_tx);
	for (q = 0; q < dev->data->nb_tx_queues; q++)
		gem_ring_base_set(regs, q, false, park_tx, ad->desc64);
	__atomic_fetch_add(&ad->tx_dma_epoch, 1, __ATOMIC_RELEASE);
	gem_ncr_give(dev);
	gem_tx_clock_check(dev, old, ncfgr, link);
}

static int
gem_link_update(struct rte_eth_dev *dev, int wait __rte_unused)
{
	struct gem_adapter *ad = GEM_ADAPTER(dev);
	void *regs = gem_regs(dev);
	struct rte_eth_link link = {
		.link_status = RTE_ETH_LINK_DOWN,
		.link_speed = RTE_ETH_SPEED_NUM_NONE,
		.link_duplex = RTE_ETH_LINK_FULL_DUPLEX,
		.link_autoneg = RTE_ETH_LINK_FIXED,
	};
	if (!dev->data->dev_started)
		return rte_eth_linkstatus_set(dev, &link);

	switch (ad->link_kind) {
	case GEM_LINK_FIXED:
		link.link_status = RTE_ETH_LINK_UP;
		link.link_speed = ad->link_speed;
		link.link_duplex = ad->link_full_duplex ?
			RTE_ETH_LINK_FULL_DUPLEX : RTE_ETH_LINK_HALF_DUPLEX;
		break;
	case GEM_LINK_PHY:
		if (gem_phy_link(regs, ad->phy_addr, &link) != 0)
			GEM_PLOG(WARNING, dev, "MDIO read of PHY %d timed out: link reported down",
				 ad->phy_addr);
		break;
	case GEM_LINK_NONE:
		/* Neither fixed-link nor a PHY: the MAC's own link input. */
		if (gem_rd(regs, GEM_NSR) & GEM_NSR_LINK) {
			link.link_status = RTE_ETH_LINK_UP;
			link.link_speed = RTE_ETH_SPEED_NUM_UNKNOWN;
		}
		break;
	}
	if (link.link_status == RTE_ETH_LINK_UP &&
	    ad->link_kind == GEM_LINK_PHY) {
		const uint32_t ncfgr = gem_ncfgr_for(ad, &link);

		if (ncfgr != ad->ncfgr)
			gem_link_apply(dev, ncfgr, &link);
	}
	return rte_eth_linkstatus_set(dev, &link);
}

static int
gem_mtu_set(struct rte_eth_dev *dev, uint16_t mtu)
{
	uint32_t frame = gem_frame_len(mtu);

	if (frame > GEM_ADAPTER(dev)->caps.max_frame)
		return -EINVAL;
	/*
	 * The frame limits live in NCFGR (JFRAME) and JML, which the GEM
	 * must not see change while it receives: as Linux's macb, only
	 * with the port stopped; dev_start applies the new MTU.
	 */
	if (dev->data->dev_started) {
		GEM_PLOG(ERR, dev, "MTU %u: the GEM's frame limits change only with the port stopped: stop it, set the MTU, start it",
			 mtu);
		return -EBUSY;
	}
	return 0;
}

/* What RX reports, with RX checksum offload on (gem_rx_csum_ptypes). */
static const uint32_t *
gem_ptypes(struct rte_eth_dev *dev, size_t *count)
{
	static const uint32_t ptypes[] = {
		RTE_PTYPE_L3_IPV4_EXT_UNKNOWN,
		RTE_PTYPE_L4_TCP,
		RTE_PTYPE_L4_UDP,
		RTE_PTYPE_UNKNOWN,
	};

	if (!gem_rx_csum_on(dev))
		return NULL;
	*count = RTE_DIM(ptypes) - 1;
	return ptypes;
}
SOCNIC_PTYPES_GET(gem_dev_supported_ptypes_get, gem_ptypes)

/*
 * ethdev's lpbk_mode: 1 is the MAC's local loopback (NCR.LLB), where every
 * frame sent comes back to the port's own receiver inside the MAC, with
 * nothing on the wire and nothing from it: what socnic-check --soak uses
 * to test a board's port without a cable or a peer. Set or cleared at each
 * start, since a stop (gem_quiesce) keeps NCR's other bits as they were.
 */
static int
gem_dev_start_lpbk(struct rte_eth_dev *dev)
{
	struct gem_adapter *ad = GEM_ADAPTER(dev);
	const uint32_t mode = dev->data->dev_conf.lpbk_mode;

	if (mode > 1) {
		GEM_PLOG(ERR, dev, "loopback mode %u is not supported: the GEM has local loopback only (lpbk_mode 1) or none (0)",
			 mode);
		return -ENOTSUP;
	}
	ad->ncr_want = mode ? ad->ncr_want | GEM_NCR_LLB :
			      ad->ncr_want & ~GEM_NCR_LLB;
	return gem_dev_start(dev);
}

static const struct eth_dev_ops gem_ops = {
	.dev_configure = gem_dev_configure,
	.dev_start = gem_dev_start_lpbk,
	.dev_stop = gem_dev_stop,
	.dev_close = gem_dev_close,
	.dev_reset = gem_dev_reset,
	.dev_infos_get = gem_dev_infos_get,
	.dev_supported_ptypes_get = gem_dev_supported_ptypes_get,
	.link_update = gem_link_update,
	.promiscuous_enable = gem_promiscuous_enable,
	.promiscuous_disable = gem_promiscuous_disable,
	.allmulticast_enable = gem_allmulticast_enable,
	.allmulticast_disable = gem_allmulticast_disable,
	.mac_addr_set = gem_mac_addr_set,
	.mac_addr_add = gem_mac_addr_add,
	.mac_addr_remove = gem_mac_addr_remove,
	.set_mc_addr_list = gem_set_mc_addr_list,
	.mtu_set = gem_mtu_set,
	.stats_get = gem_stats_get,
	.stats_reset = gem_stats_reset,
	.xstats_get = gem_xstats_get,
	.xstats_get_names = gem_xstats_get_names,
	.xstats_reset = gem_stats_reset,
	.rx_queue_setup = gem_rx_queue_setup,
	.rx_queue_release = gem_rx_queue_release,
	.tx_queue_setup = gem_tx_queue_setup,
	.tx_queue_release = gem_tx_queue_release,
	.rxq_info_get = gem_rxq_info_get,
	.txq_info_get = gem_txq_info_get,
	.rx_burst_mode_get = gem_rx_burst_mode_get,
	.tx_burst_mode_get = gem_tx_burst_mode_get,
	.tx_done_cleanup = gem_tx_done_cleanup,
	.rx_queue_intr_enable = gem_rx_queue_intr_enable,
	.rx_queue_intr_disable = gem_rx_queue_intr_disable,
	.flow_ops_get = gem_flow_ops_get,
};

/* -------------------------------------------------------------- probe */

/*
 * Bring the block to the state dev_configure expects: quiesced, statistics
 * counted from now, NCFGR at its defaults with MDIO usable.
 */
static int
gem_hw_init(struct rte_eth_dev *dev)
{
	struct gem_adapter *ad = GEM_ADAPTER(dev);
	if (ad->park_mz == NULL) {
		char name[RTE_MEMZONE_NAMESIZE];

		snprintf(name, sizeof(name), "gem_park_%u",
			 dev->data->port_id);
		ad->park_mz = rte_memzone_reserve_aligned(name, GEM_PARK_BYTES,
				dev->device->numa_node, RTE_MEMZONE_IOVA_CONTIG,
				GEM_PARK_BYTES);
		if (ad->park_mz == NULL) {
			GEM_PLOG(ERR, dev, "no memory for park descriptors: %s",
				 rte_strerror(rte_errno));
			return -ENOMEM;
		}
	}
	gem_park_fill(ad->park_mz->addr);
	if (!ad->dma_coherent)
		gem_dma_clean(ad->park_mz->addr, GEM_PARK_BYTES);

	gem_ncr_init(dev, 0);
	gem_port_quiesce(dev, true);
	gem_ncr_write(dev, ad->ncr_want | GEM_NCR_MPE);
	gem_ncfgr_write(dev, gem_ncfgr_base(ad) | GEM_NCFGR_FD);
	ad->mc_hash = 0;
	gem_stats_init(dev);
	return 0;
}

/* MAC address: the device tree's, else what firmware left in SA1, else a
 * random locally administered one. */
static void
gem_mac_init(struct rte_eth_dev *dev, const struct gem_init_params *p)
{
	struct rte_ether_addr *mac = &dev->data->mac_addrs[0];
	char buf[RTE_ETHER_ADDR_FMT_SIZE];

	if (p->dt_mac != NULL) {
		rte_ether_addr_copy(p->dt_mac, mac);
		return;
	}
	gem_hw_sa_get(p->regs, 0, mac);
	if (rte_is_valid_assigned_ether_addr(mac))
		return;
	rte_eth_random_addr(mac->addr_bytes);
	rte_ether_format_addr(buf, sizeof(buf), mac);
	GEM_PLOG(WARNING, dev, "no MAC address in the device tree (local-mac-address) nor in SA1: using random %s",
		 buf);
}

int
gem_ethdev_init(struct rte_eth_dev *dev, void *params)
{
	const struct gem_init_params *p = params;
	struct gem_adapter *ad = GEM_ADAPTER(dev);
	struct gem_dcfg dcfg;
	char why[GEM_CAPS_WHY_LEN], buf[RTE_ETHER_ADDR_FMT_SIZE];
	int ret;

	dev->process_private = p->regs;
	dev->dev_ops = &gem_ops;
	if (rte_eal_process_type() != RTE_PROC_PRIMARY) {
		gem_set_rx_function(dev);
		gem_set_tx_function(dev);
		return 0;
	}

	dcfg.mid = gem_rd(p->regs, GEM_MID);
	dcfg.dcfg1 = gem_rd(p->regs, GEM_DCFG1);
	dcfg.dcfg2 = gem_rd(p->regs, GEM_DCFG2);
	dcfg.dcfg6 = gem_rd(p->regs, GEM_DCFG6);
	dcfg.dcfg10 = gem_rd(p->regs, GEM_DCFG10);
	ret = gem_caps_resolve(p->variant, &dcfg, &ad->caps, why);
	if (ret != 0) {
		GEM_PLOG(ERR, dev, "%s", why);
		return ret;
	}
	strlcpy(ad->compatible, p->compatible, sizeof(ad->compatible));
	ad->rx_dirty_max = p->rx_dirty_max;
	if (p->rx_dirty_max != GEM_RX_DIRTY_ALL && p->dma_coherent)
		GEM_PLOG(INFO, dev, "%s=%u: nothing to do, DMA is coherent",
			 GEM_ARG_RX_DIRTY_MAX, p->rx_dirty_max);
	else if (p->rx_dirty_max != GEM_RX_DIRTY_ALL)
		GEM_PLOG(NOTICE, dev, "%s=%u: RX buffers handed back are invalidated only that far: the application promises to write no further into any buffer of the RX pools, or received frames may be overwritten by its stale data (gem.rst)",
			 GEM_ARG_RX_DIRTY_MAX, p->rx_dirty_max);
	if (p->qemu)
		ad->caps.quirks |= GEM_QUIRK_QEMU;
	if (rte_mem_check_dma_mask(ad->caps.dma_bits) != 0) {
		GEM_PLOG(ERR, dev, "DPDK memory lies beyond the %u address bits this GEM can drive: reserve hugepages below that line (e.g. fewer hugepages, or --legacy-mem with --socket-mem)",
			 ad->caps.dma_bits);
		return -ERANGE;
	}
	if (!p->dma_coherent && !GEM_DMA_NONCOHERENT_OK) {
		GEM_PLOG(ERR, dev, "DMA is not coherent (no dma-coherent in the DT) and userspace on this CPU (32-bit ARM, RISC-V) cannot clean or invalidate data cache lines: net_gem drives this port only when its interconnect is coherent and the DT says dma-coherent, or from an arm64 CPU");
		return -ENOTSUP;
	}
	if (gem_phy_mode_bits(p->phy_mode, &ad->ncfgr_if) != 0) {
		GEM_PLOG(ERR, dev, "phy-mode \"%s\" is not one net_gem drives (mii, gmii, rgmii*, rmii, sgmii, 1000base-x): check the DT",
			 p->phy_mode);
		return -ENOTSUP;
	}
	ad->ncfgr_found = gem_rd(p->regs, GEM_NCFGR);
	ad->desc64 = ad->caps.caps & GEM_CAP_DMA64;
	ad->dma_coherent = p->dma_coherent;
	ad->link_kind = p->link_kind;
	ad->link_speed = p->link_speed;
	ad->link_full_duplex = p->link_full_duplex;
	ad->phy_addr = p->phy_addr;

	dev->data->mac_addrs = rte_zmalloc("gem_mac",
					   RTE_ETHER_ADDR_LEN * GEM_NUM_SA, 0);
	if (dev->data->mac_addrs == NULL)
		return -ENOMEM;
	gem_mac_init(dev, p);
	ret = gem_hw_init(dev);
	if (ret == 0)
		ret = gem_steer_init(dev, &p->steer);
	if (ret != 0)
		return ret;
	dev->data->dev_flags |= RTE_ETH_DEV_AUTOFILL_QUEUE_XSTATS;
	gem_set_rx_function(dev);
	gem_set_tx_function(dev);

	rte_ether_format_addr(buf, sizeof(buf), &dev->data->mac_addrs[0]);
	GEM_PLOG(INFO, dev, "%s%s, MID 0x%08x: %u queue%s, %u-bit DMA%s%s%s, MAC %s",
		 ad->compatible, p->qemu ? " (QEMU's model)" : "",
		 dcfg.mid, ad->caps.nb_queues,
		 ad->caps.nb_queues == 1 ? "" : "s", ad->caps.dma_bits,
		 ad->dma_coherent ? "" : " (non-coherent: cache maintenance on)",
		 ad->caps.jumbo_max ? ", jumbo frames" : "",
		 (ad->caps.caps & GEM_CAP_TX_CSUM) ? ", checksum offload" : "",
		 buf);
	return 0;
}

int
gem_ethdev_uninit(struct rte_eth_dev *dev)
{
	return gem_dev_close(dev);
}
