/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * Link state from a clause-22 PHY over the GEM's MDIO. Every PHY implements
 * the IEEE 802.3 22.2.4 registers, so link, speed and duplex are resolved
 * from them alone; <linux/mii.h> names them.
 */

#include <errno.h>
#include <stdbool.h>

#include <linux/mii.h>

#include <ethdev_driver.h>

#include "gem_ethdev.h"
#include "gem_hw_ops.h"

/* Speed and duplex both ends of a clause-22 PHY's autonegotiation share. */
static void
gem_phy_resolve(volatile void *regs, int phy, struct rte_eth_link *link)
{
	uint16_t bmcr = 0, adv = 0, lpa = 0, ctrl1000 = 0, stat1000 = 0;
	uint16_t common;

	gem_hw_mdio_read(regs, phy, MII_BMCR, &bmcr);
	if (!(bmcr & BMCR_ANENABLE)) {
		link->link_speed = (bmcr & BMCR_SPEED1000) ?
			RTE_ETH_SPEED_NUM_1G :
			(bmcr & BMCR_SPEED100) ?
			RTE_ETH_SPEED_NUM_100M : RTE_ETH_SPEED_NUM_10M;
		link->link_duplex = (bmcr & BMCR_FULLDPLX) ?
			RTE_ETH_LINK_FULL_DUPLEX : RTE_ETH_LINK_HALF_DUPLEX;
		link->link_autoneg = RTE_ETH_LINK_FIXED;
		return;
	}
	link->link_autoneg = RTE_ETH_LINK_AUTONEG;
	gem_hw_mdio_read(regs, phy, MII_CTRL1000, &ctrl1000);
	gem_hw_mdio_read(regs, phy, MII_STAT1000, &stat1000);
	/* STAT1000 reports the partner's abilities two bits above ours. */
	common = ctrl1000 & (stat1000 >> 2);
	if (common & ADVERTISE_1000FULL) {
		link->link_speed = RTE_ETH_SPEED_NUM_1G;
		link->link_duplex = RTE_ETH_LINK_FULL_DUPLEX;
		return;
	}
	if (common & ADVERTISE_1000HALF) {
		link->link_speed = RTE_ETH_SPEED_NUM_1G;
		link->link_duplex = RTE_ETH_LINK_HALF_DUPLEX;
		return;
	}
	gem_hw_mdio_read(regs, phy, MII_ADVERTISE, &adv);
	gem_hw_mdio_read(regs, phy, MII_LPA, &lpa);
	common = adv & lpa;
	if (common & (ADVERTISE_100FULL | ADVERTISE_100HALF)) {
		link->link_speed = RTE_ETH_SPEED_NUM_100M;
		link->link_duplex = (common & ADVERTISE_100FULL) ?
			RTE_ETH_LINK_FULL_DUPLEX : RTE_ETH_LINK_HALF_DUPLEX;
	} else {
		link->link_speed = RTE_ETH_SPEED_NUM_10M;
		link->link_duplex = (common & ADVERTISE_10FULL) ?
			RTE_ETH_LINK_FULL_DUPLEX : RTE_ETH_LINK_HALF_DUPLEX;
	}
}

/* What an MDIO address with nothing on it reads: the bus's pull-ups, or 0. */
static bool
gem_phy_id_none(uint16_t id1, uint16_t id2)
{
	return (id1 == 0xffff && id2 == 0xffff) || (id1 == 0 && id2 == 0);
}

int
gem_phy_wake(volatile void *regs, int phy, uint32_t *id)
{
	uint16_t id1, id2, bmcr;

	if (gem_hw_mdio_read(regs, phy, MII_PHYSID1, &id1) != 0 ||
	    gem_hw_mdio_read(regs, phy, MII_PHYSID2, &id2) != 0)
		return -ETIMEDOUT;
	*id = (uint32_t)id1 << 16 | id2;
	if (gem_phy_id_none(id1, id2))
		return -ENODEV;
	if (gem_hw_mdio_read(regs, phy, MII_BMCR, &bmcr) != 0)
		return -ETIMEDOUT;
	/*
	 * The kernel's PHY driver powers the PHY down when it detaches (macb
	 * unbinding leaves it so): power it up, and renegotiate if it
	 * negotiates at all.
	 */
	if (bmcr & BMCR_PDOWN) {
		bmcr &= ~(uint16_t)(BMCR_PDOWN | BMCR_ISOLATE);
		if (bmcr & BMCR_ANENABLE)
			bmcr |= BMCR_ANRESTART;
		if (gem_hw_mdio_write(regs, phy, MII_BMCR, bmcr) != 0)
			return -ETIMEDOUT;
		return 1;
	}
	return 0;
}

int
gem_phy_link(volatile void *regs, int phy, struct rte_eth_link *link)
{
	uint16_t bmsr;

	/* BMSR's link bit latches low: the second read is now. */
	if (gem_hw_mdio_read(regs, phy, MII_BMSR, &bmsr) != 0 ||
	    gem_hw_mdio_read(regs, phy, MII_BMSR, &bmsr) != 0)
		return -ETIMEDOUT;
	/* All ones is no PHY at all, whatever its "link" bit says. */
	if (bmsr == 0xffff || !(bmsr & BMSR_LSTATUS))
		return 0;
	link->link_status = RTE_ETH_LINK_UP;
	gem_phy_resolve(regs, phy, link);
	return 0;
}
