// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-platform reset handler for the Cadence GEM family.
 * Copyright(c) 2026 socnic authors
 *
 * vfio-platform calls this on every open and release of a GEM's VFIO device,
 * so also when the process that drove it dies. It is what stops the GEM's
 * DMA before that process's memory goes back to the kernel, and on 6.1 it is
 * also what lets vfio-platform bind the device at all.
 *
 * The quiesce sequence (drivers/common/gem/gem_quiesce.h) is the one the
 * PMD runs on probe, stop and close, so kernels with reset_required=0 and
 * no module also end safe. Before it, the module ID: a wrong DT must not
 * make us write a stranger's registers, nor a 10/100 MACB's, whose map
 * differs.
 *
 * vfio-platform enables no clocks. Once macb lets a GEM go, or at late boot
 * (clk_disable_unused) when nothing ever claimed it, its clocks are gated:
 * on ZynqMP the registers still read, but the MAC and DMA are dead. So the
 * first reset (the first open) enables every clock in the node's `clocks`,
 * before any register is touched, and keeps them on until vfio-platform
 * lets the device go: devres entries added while a driver is bound are
 * released when it unbinds (drivers/base/dd.c, device_unbind_cleanup()),
 * whether added in probe or, as here, later. Power domains need nothing
 * from us: the platform bus attaches the node's domain (powered on) when
 * vfio-platform binds, and vfio-platform holds a runtime-PM reference from
 * before the open's reset until after the release's.
 *
 * The safe descriptors live in dma_alloc_coherent() memory of the GEM's own
 * struct device (vdev->device), allocated on its first reset and released by
 * devres when vfio-platform unbinds. Being the device's own DMA memory, the
 * address is right for it in every setup: the physical address without an
 * IOMMU (and with vfio's no-IOMMU mode), an IOVA of the kernel's default
 * domain behind an IOMMU, which is the domain the device sits in whenever no
 * user owns it: exactly the time this protects. OF gives platform devices a
 * 32-bit coherent mask, so the upper word we write is 0 and parks the rings
 * correctly whether or not the user left DMACFG.ADDR64 set. If the
 * allocation fails the device is still stopped (steps 1-4, 6) and we say so.
 * After unbind the pointers name freed memory, harmless while RE/TE stay
 * clear; every driver programs its rings before setting them.
 */

#include <linux/clk.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

#include "vfio_platform_private.h"
#include "gem_compat.h"
#include "gem_quiesce.h"

/*
 * Every compatible of the GEM family (gem_compat.h): vfio-platform asks for
 * a handler by a node's FIRST compatible only, and the module ID check
 * tells a GEM from a MACB that shares a generic binding.
 */
static int gem_reset(struct vfio_platform_device *vdev);

#define GEM_RESET_NODE(c, variant) \
	{ .compat = c, .owner = THIS_MODULE, .of_reset = gem_reset },
static struct vfio_platform_reset_node gem_reset_nodes[] = {
	GEM_COMPATIBLES(GEM_RESET_NODE)
};

#define GEM_RESET_ALIAS(c, variant) MODULE_ALIAS("vfio-reset:" c);
GEM_COMPATIBLES(GEM_RESET_ALIAS)

/* A GEM vfio-platform holds, from its first reset until it unbinds. */
struct gem_held {
	struct list_head link;
	struct device *dev;
	void *desc;		/* park area, NULL while it could not be had */
	dma_addr_t dma;
};

/*
 * GEMs held, by device; devres owns their clocks and park memory, this list
 * only finds them.
 */
static LIST_HEAD(gem_held_list);
static DEFINE_MUTEX(gem_held_lock);

static struct gem_held *gem_held_find(struct device *dev)
{
	struct gem_held *p;

	list_for_each_entry(p, &gem_held_list, link)
		if (p->dev == dev)
			return p;
	return NULL;
}

/*
 * Every clock the node names, enabled for as long as the device stays bound
 * to vfio-platform. By clock-names, as the binding requires and macb finds
 * them. devm_clk_get_enabled()'s release is the clock framework's own code:
 * vfio-platform drops its reference on this module before devres runs, so
 * nothing of ours may be left for the unbind to call. All or none: a failure
 * releases what this call took, so the next open tries afresh.
 */
static int gem_clocks_on(struct device *dev)
{
	struct device_node *np = dev->of_node;
	int i, n, ret = 0;
	const char *name;
	void *group;

	n = of_property_count_strings(np, "clock-names");
	group = devres_open_group(dev, NULL, GFP_KERNEL);
	if (!group)
		return -ENOMEM;
	for (i = 0; i < n && !ret; i++) {
		of_property_read_string_index(np, "clock-names", i, &name);
		ret = PTR_ERR_OR_ZERO(devm_clk_get_enabled(dev, name));
		if (ret)
			dev_err(dev, "clock '%s' of %pOF cannot be enabled (%pe): a GEM without its clocks is dead; load the clock provider's driver, or fix the node's clocks\n",
				name, np, ERR_PTR(ret));
	}
	if (ret) {
		devres_release_group(dev, group);
		return ret;
	}
	devres_remove_group(dev, group);
	if (n > 0)
		dev_info(dev, "%d clock%s on while vfio-platform holds the GEM\n",
			 n, n == 1 ? "" : "s");
	return 0;
}

/*
 * The device's state, made on its first reset: its clocks on (or an error:
 * then nothing is kept), and its park area (NULL if that allocation fails;
 * later resets try it again).
 */
static struct gem_held *gem_held_get(struct device *dev)
{
	struct gem_held *p;
	int ret;

	mutex_lock(&gem_held_lock);
	p = gem_held_find(dev);
	if (!p) {
		p = kzalloc(sizeof(*p), GFP_KERNEL);
		if (!p) {
			p = ERR_PTR(-ENOMEM);
			goto out;
		}
		ret = gem_clocks_on(dev);
		if (ret) {
			kfree(p);
			p = ERR_PTR(ret);
			goto out;
		}
		p->dev = dev;
		list_add(&p->link, &gem_held_list);
	}
	if (!p->desc)
		p->desc = dmam_alloc_coherent(dev, GEM_PARK_BYTES, &p->dma,
					      GFP_KERNEL);
out:
	mutex_unlock(&gem_held_lock);
	return p;
}

/*
 * Devres has turned a device's clocks off and freed its park area once its
 * driver is unbound: forget it, so a later bind starts afresh. Only the
 * lookup entry is ours; the kernel's devres code releases the rest, the DMA
 * memory before the unbind tears the device's DMA ops down, and without any
 * code of this module.
 */
static int gem_held_unbound(struct notifier_block *nb, unsigned long action,
			    void *data)
{
	struct gem_held *p;

	if (action != BUS_NOTIFY_UNBOUND_DRIVER)
		return NOTIFY_DONE;
	mutex_lock(&gem_held_lock);
	p = gem_held_find(data);
	if (p) {
		list_del(&p->link);
		kfree(p);
	}
	mutex_unlock(&gem_held_lock);
	return NOTIFY_OK;
}

static struct notifier_block gem_held_nb = {
	.notifier_call = gem_held_unbound,
};

static int gem_reset(struct vfio_platform_device *vdev)
{
	struct vfio_platform_region *reg = &vdev->regions[0];
	struct device *dev = vdev->device;
	struct gem_held *held;
	void __iomem *base;
	unsigned int nq;
	u32 mid;

	if (!vdev->num_regions || reg->type != VFIO_PLATFORM_REGION_TYPE_MMIO ||
	    reg->size < GEM_IMR_Q(GEM_MAX_QUEUES - 1) + 4) {
		dev_warn(dev, "region 0 is not a GEM register block (need MMIO of at least 0x%x bytes); check the node's reg\n",
			 GEM_IMR_Q(GEM_MAX_QUEUES - 1) + 4);
		return -ENODEV;
	}
	/* Clocks first: some SoCs fault on a read of an unclocked block. */
	held = gem_held_get(dev);
	if (IS_ERR(held))
		return PTR_ERR(held);
	if (!reg->ioaddr) {
		reg->ioaddr = ioremap(reg->addr, reg->size);
		if (!reg->ioaddr)
			return -ENOMEM;
	}
	base = reg->ioaddr;

	mid = readl(base + GEM_MID);
	if (GEM_GET(GEM_MID_IDNUM, mid) < GEM_MID_IDNUM_GEM) {
		dev_warn(dev, "MID 0x%08x: module ID %u is not a GEM (need >= %u); not touching it: check the node's compatible\n",
			 mid, GEM_GET(GEM_MID_IDNUM, mid), GEM_MID_IDNUM_GEM);
		return -ENODEV;
	}
	if (held->desc)
		gem_park_fill(held->desc);
	else
		dev_warn(dev, "no DMA memory for the park descriptors: rings left where they were (inert while RX/TX are off)\n");

	/* writel orders the park descriptors' stores before the pointers. */
	if (gem_quiesce(base, held->desc ? held->dma : 0, true, &nq))
		dev_warn(dev, "TX did not halt within %u us (TSR 0x%08x); disabled it anyway\n",
			 gem_halt_timeout_us(base), readl(base + GEM_TSR));

	dev_info(dev, "GEM reset: DMA quiesced, RX/TX off, %u queue%s masked%s\n",
		 nq, nq == 1 ? "" : "s", held->desc ? " and parked" : "");
	return 0;
}

static int __init gem_reset_init(void)
{
	unsigned int i;
	int ret;

	ret = bus_register_notifier(&platform_bus_type, &gem_held_nb);
	if (ret)
		return ret;
	for (i = 0; i < ARRAY_SIZE(gem_reset_nodes); i++)
		__vfio_platform_register_reset(&gem_reset_nodes[i]);
	return 0;
}

static void __exit gem_reset_exit(void)
{
	struct gem_held *p, *tmp;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(gem_reset_nodes); i++)
		vfio_platform_unregister_reset(gem_reset_nodes[i].compat,
					       gem_reset);
	bus_unregister_notifier(&platform_bus_type, &gem_held_nb);
	/*
	 * No device holds us any more (vfio-platform pins the handler's module
	 * while bound), so what is left are entries whose unbind is under way:
	 * devres turns their clocks off and frees their memory.
	 */
	list_for_each_entry_safe(p, tmp, &gem_held_list, link) {
		list_del(&p->link);
		kfree(p);
	}
}

module_init(gem_reset_init);
module_exit(gem_reset_exit);

MODULE_LICENSE("GPL v2");
MODULE_AUTHOR("socnic authors");
MODULE_VERSION(GEM_RESET_VERSION);
MODULE_DESCRIPTION("vfio-platform reset: quiesces Cadence GEM DMA on open and release, keeps its clocks on while bound");
