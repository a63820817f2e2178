/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * What frames RX lets in: promiscuous (NCFGR.CAF), all multicast, the
 * specific address filters SA1..SA4 and the 64-bin multicast hash.
 */

#include <errno.h>

#include <ethdev_driver.h>

#include "gem_ethdev.h"
#include "gem_hw_ops.h"

/* Promiscuous mode, the multicast hash and all-multicast, as ethdev says. */
void
gem_rx_filters_apply(struct rte_eth_dev *dev)
{
	struct gem_adapter *ad = GEM_ADAPTER(dev);
	uint32_t ncfgr = ad->ncfgr & ~(GEM_NCFGR_CAF | GEM_NCFGR_MTIHEN |
				       GEM_NCFGR_RXCOEN);
	uint64_t hash = dev->data->all_multicast ? UINT64_MAX : ad->mc_hash;

	/*
	 * The GEM's RX checksum status is not to be trusted with CAF (frames
	 * to other stations are checked against nothing): as Linux's macb,
	 * checksum offload is off while promiscuous, and frames then come
	 * with their checksums unknown, never "good".
	 */
	if (dev->data->promiscuous)
		ncfgr |= GEM_NCFGR_CAF;
	else if (gem_rx_csum_on(dev))
		ncfgr |= GEM_NCFGR_RXCOEN;
	if (hash != 0)
		ncfgr |= GEM_NCFGR_MTIHEN;
	gem_hw_hash_set(gem_regs(dev), hash);
	gem_ncfgr_write(dev, ncfgr);
}

int
gem_promiscuous_enable(struct rte_eth_dev *dev)
{
	dev->data->promiscuous = 1;
	gem_rx_filters_apply(dev);
	return 0;
}

int
gem_promiscuous_disable(struct rte_eth_dev *dev)
{
	dev->data->promiscuous = 0;
	gem_rx_filters_apply(dev);
	return 0;
}

int
gem_allmulticast_enable(struct rte_eth_dev *dev)
{
	dev->data->all_multicast = 1;
	gem_rx_filters_apply(dev);
	return 0;
}

int
gem_allmulticast_disable(struct rte_eth_dev *dev)
{
	dev->data->all_multicast = 0;
	gem_rx_filters_apply(dev);
	return 0;
}

int
gem_mac_addr_set(struct rte_eth_dev *dev, struct rte_ether_addr *mac)
{
	gem_hw_sa_set(gem_regs(dev), 0, mac);
	return 0;
}

int
gem_mac_addr_add(struct rte_eth_dev *dev, struct rte_ether_addr *mac,
		 uint32_t index, uint32_t pool __rte_unused)
{
	if (index >= GEM_NUM_SA)
		return -EINVAL;
	gem_hw_sa_set(gem_regs(dev), index, mac);
	return 0;
}

void
gem_mac_addr_remove(struct rte_eth_dev *dev, uint32_t index)
{
	if (index < GEM_NUM_SA && index != 0)
		gem_hw_sa_clear(gem_regs(dev), index);
}

int
gem_set_mc_addr_list(struct rte_eth_dev *dev, struct rte_ether_addr *list,
		     uint32_t n)
{
	struct gem_adapter *ad = GEM_ADAPTER(dev);
	uint64_t hash = 0;
	uint32_t i;

	for (i = 0; i < n; i++) {
		if (!rte_is_multicast_ether_addr(&list[i])) {
			GEM_PLOG(ERR, dev, "multicast list entry %u is not a multicast address",
				 i);
			return -EINVAL;
		}
		hash |= UINT64_C(1) << gem_mac_hash(&list[i]);
	}
	ad->mc_hash = hash;
	gem_rx_filters_apply(dev);
	return 0;
}
