/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * net_gem on the socplat bus: what the device tree and the devargs say
 * about a port, gathered for the bus-independent init (gem_ethdev_init),
 * and the driver's registration.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_kvargs.h>

#include "bus_socplat_driver.h"
#include "gem_ethdev.h"

/* Register block bytes the driver touches (up to the screeners). */
#define GEM_REG_SPAN 0x800

static const char * const gem_valid_args[] = {
	RTE_SOCPLAT_DEVARGS_KEYS,
	GEM_ARG_ETYPE_RXQ,
	GEM_ARG_UDP_RXQ,
	GEM_ARG_QEMU,
	GEM_ARG_RX_DIRTY_MAX,
	NULL
};

#define GEM_PARAMS RTE_SOCPLAT_PARAMS \
	" " GEM_ARG_ETYPE_RXQ "=<ethertype:queue[/...]>" \
	" " GEM_ARG_UDP_RXQ "=<udp-port:queue[/...]>" \
	" " GEM_ARG_QEMU "=<0|1>" \
	" " GEM_ARG_RX_DIRTY_MAX "=<bytes>"

static int
gem_steer_arg(const char *key, const char *value, void *opaque)
{
	char why[GEM_STEER_WHY_LEN];

	if (gem_steer_parse(key, value, opaque, why) != 0) {
		GEM_LOG(ERR, "%s", why);
		return -EINVAL;
	}
	return 0;
}

/* qemu=0|1: force QEMU's workarounds off or on. */
static int
gem_qemu_arg(const char *key, const char *value, void *opaque)
{
	int *qemu = opaque;

	if (strcmp(value, "0") != 0 && strcmp(value, "1") != 0) {
		GEM_LOG(ERR, "%s=%s: say 1 for QEMU's GEM model, 0 for silicon",
			key, value);
		return -EINVAL;
	}
	*qemu = value[0] - '0';
	return 0;
}

static int
gem_dirty_arg(const char *key, const char *value, void *opaque)
{
	uint16_t *max = opaque;
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(value, &end, 10);
	if (errno != 0 || end == value || *end != '\0' || value[0] == '-' ||
	    v >= GEM_RX_DIRTY_ALL) {
		GEM_LOG(ERR, "%s=%s: give the most bytes from an RX buffer's start the application writes, 0 to %u",
			key, value, GEM_RX_DIRTY_ALL - 1);
		return -EINVAL;
	}
	*max = (uint16_t)v;
	return 0;
}

/* qemu: -1 when the devarg is absent. */
static int
gem_parse_devargs(const struct rte_socplat_device *dev, struct gem_steer *st,
		  int *qemu, uint16_t *rx_dirty_max)
{
	struct rte_kvargs *kv;
	int ret;

	if (dev->device.devargs == NULL || dev->device.devargs->args == NULL ||
	    dev->device.devargs->args[0] == '\0')
		return 0;
	kv = rte_kvargs_parse(dev->device.devargs->args, gem_valid_args);
	if (kv == NULL) {
		GEM_LOG(ERR, "%s: devargs \"%s\" not understood; net_gem takes %s",
			dev->device.name, dev->device.devargs->args,
			GEM_PARAMS);
		return -EINVAL;
	}
	ret = rte_kvargs_process(kv, GEM_ARG_ETYPE_RXQ, gem_steer_arg, st);
	if (ret == 0)
		ret = rte_kvargs_process(kv, GEM_ARG_UDP_RXQ, gem_steer_arg,
					 st);
	if (ret == 0)
		ret = rte_kvargs_process(kv, GEM_ARG_QEMU, gem_qemu_arg, qemu);
	if (ret == 0)
		ret = rte_kvargs_process(kv, GEM_ARG_RX_DIRTY_MAX, gem_dirty_arg,
					 rx_dirty_max);
	rte_kvargs_free(kv);
	return ret != 0 ? -EINVAL : 0;
}

/*
 * gem_phy.c reaches the PHY through this port's own MDIO registers. A PHY
 * on another MAC's bus would be polled on the wrong bus (another PHY, or
 * nothing, answering at that address). Reaching it through the owner's
 * registers would mean sharing that MDIO with whoever drives the owner
 * (macb, or this driver for another port, with its own lifetime and
 * locking), which net_gem does not do: refuse, naming both nodes.
 */
int
gem_socplat_check_mdio(const struct rte_socplat_device *dev)
{
	struct rte_socplat_device *owner = NULL;
	const char *path, *self = rte_socplat_dt_path(dev);

	if (rte_socplat_dt_mdio_owner(dev, &path, &owner) != 0 ||
	    self == NULL || strcmp(path, self) == 0)
		return 0;
	GEM_LOG(ERR, "%s: the PHY of %s (phy-handle) sits on the MDIO bus of %s%s%s%s, and net_gem reaches a PHY only through its own port's MDIO: leave %s to the kernel's macb driver, or describe its link as fixed-link in the board's device tree",
		dev->device.name, self, path,
		owner != NULL ? " (" : "",
		owner != NULL ? owner->device.name : "",
		owner != NULL ? (owner->driver != NULL ?
				 ", taken by DPDK too)" : ")") : "",
		dev->device.name);
	return -ENOTSUP;
}

static int
gem_socplat_probe(struct rte_socplat_driver *drv __rte_unused,
		  struct rte_socplat_device *dev)
{
	const struct rte_socplat_region *r = rte_socplat_region(dev, 0);
	struct gem_init_params p = { .phy_addr = -1,
				     .rx_dirty_max = GEM_RX_DIRTY_ALL };
	struct rte_socplat_link link;
	struct rte_ether_addr mac;
	int ret, qemu = -1;

	if (r == NULL || r->addr == NULL || r->len < GEM_REG_SPAN) {
		GEM_LOG(ERR, "%s: register region 0 is %s; a GEM needs 0x%x mapped bytes: check the node's reg",
			dev->device.name, r == NULL || r->addr == NULL ?
			"not mapped" : "too small", GEM_REG_SPAN);
		return -ENODEV;
	}
	ret = gem_parse_devargs(dev, &p.steer, &qemu, &p.rx_dirty_max);
	if (ret != 0)
		return ret;
	/* QEMU's machine names itself in the root node; its GEM model then
	 * needs workarounds no silicon does (GEM_QUIRK_QEMU). */
	p.qemu = qemu >= 0 ? qemu == 1 :
		 rte_socplat_dt_machine_is(GEM_QEMU_MACHINE);

	p.regs = r->addr;
	p.compatible = dev->id->compatible;
	p.variant = dev->id->data;
	p.dma_coherent = dev->dma_coherent;
	if (rte_socplat_dt_mac(dev, &mac) == 0)
		p.dt_mac = &mac;
	if (rte_socplat_dt_link(dev, &link) == 0) {
		p.phy_mode = link.phy_mode;
		if (link.fixed) {
			p.link_kind = GEM_LINK_FIXED;
			p.link_speed = link.speed;
			p.link_full_duplex = link.full_duplex;
		} else if (link.phy_addr >= 0) {
			ret = gem_socplat_check_mdio(dev);
			if (ret != 0)
				return ret;
			p.link_kind = GEM_LINK_PHY;
			p.phy_addr = link.phy_addr;
		}
	}
	return rte_eth_dev_create(&dev->device, dev->device.name,
				  sizeof(struct gem_adapter), NULL, NULL,
				  gem_ethdev_init, &p);
}

static int
gem_socplat_remove(struct rte_socplat_device *dev)
{
	struct rte_eth_dev *eth_dev = rte_eth_dev_allocated(dev->device.name);

	if (eth_dev == NULL)
		return 0;	/* already closed */
	return rte_eth_dev_destroy(eth_dev, gem_ethdev_uninit);
}

static struct rte_socplat_driver gem_socplat_driver = {
	.id_table = gem_socplat_ids,
	.probe = gem_socplat_probe,
	.remove = gem_socplat_remove,
	.drv_flags = RTE_SOCPLAT_DRV_NEED_MAPPING | RTE_SOCPLAT_DRV_INTR,
	.reset_kmod = "vfio-platform-gem",
};

RTE_PMD_REGISTER_SOCPLAT(net_gem, gem_socplat_driver);
RTE_PMD_REGISTER_PARAM_STRING(net_gem, GEM_PARAMS);
RTE_PMD_REGISTER_KMOD_DEP(net_gem, "* vfio-platform");
RTE_LOG_REGISTER_DEFAULT(gem_logtype, NOTICE);
