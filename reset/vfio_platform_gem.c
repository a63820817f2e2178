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
 * The quiesce sequence. socnic's PMD runs the same steps, in the same order,
 * on probe and close (so kernels 6.3+ with reset_required=0 and no module
 * also end safe); keep the two in step:
 *
 *  0. Check MID.IDNUM >= 2 (a GEM). A wrong DT must not make us write a
 *     stranger's registers, nor a 10/100 MACB's, whose map differs.
 *  1. If TE is set: write NCR with THALT, keeping TE (and RE) set, then poll
 *     TSR.TGO until it drops. THALT lets the frame in flight finish, and TGO
 *     is the only signal that TX DMA has stopped reading memory; clearing TE
 *     first would stop the MAC without telling us when DMA is done.
 *  2. Clear RE and TE in NCR (other bits kept: MDIO stays usable). If RE was
 *     set, wait one longest-frame time at the current speed: RX has no
 *     status bit that says its DMA has drained the frame it was receiving.
 *  3. On every queue in DCFG6's mask: IDR = all ones, then clear ISR (read
 *     when DCFG1.IRQCOR says clear-on-read, else write ones). After step 2,
 *     so status raised by the last frames is cleared too.
 *  4. TSR and RSR: write ones to clear.
 *  5. Park every queue's RX and TX ring pointers on a safe descriptor pair
 *     (RX word 0 = USED|WRAP, TX word 1 = USED|WRAP): upper address word
 *     (shared by all queues, when DCFG6.DAW64) first, then each queue's low
 *     word. Ring bases may only be written with the DMA stopped, hence after
 *     step 2. With RE/TE clear the pointers are inert; parking is for
 *     whatever enables RE/TE next without programming every queue (QEMU's
 *     model, for one, fetches from every queue once RE is set).
 *  6. NCR.CLRSTAT last, so the counters also lose the final frames.
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

#include <linux/delay.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/iopoll.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

#include "vfio_platform_private.h"
#include "gem_hw.h"

/*
 * The first compatible strings we serve: vfio-platform asks for a handler by
 * a node's FIRST compatible only. These are the entries of Linux 6.1's
 * macb_dt_ids whose hardware is a GEM or may be one (step 0 tells at run
 * time). Left out, because the block is never a GEM: "cdns,at91sam9260-macb",
 * "cdns,sam9x60-macb", "cdns,np4-macb", "atmel,sama5d3-macb" (10/100 MACBs:
 * no DCFG registers, no priority queues), "cdns,at91rm9200-emac" and
 * "cdns,emac" (the older EMAC, another DMA engine).
 */
#define GEM_COMPATIBLES(X)						\
	X("cdns,gem")							\
	X("cdns,pc302-gem")						\
	/* generic binding: Linux tells GEM from MACB by MID, so do we */ \
	X("cdns,macb")							\
	X("cdns,zynq-gem")						\
	X("cdns,zynqmp-gem")						\
	X("xlnx,zynq-gem")						\
	X("xlnx,zynqmp-gem")						\
	X("xlnx,versal-gem")						\
	X("atmel,sama5d2-gem")						\
	X("atmel,sama5d29-gem")						\
	X("atmel,sama5d3-gem")						\
	X("atmel,sama5d4-gem")						\
	X("microchip,sama7g5-gem")					\
	/* SAMA7G5's 10/100 EMAC: a GEM (Linux sets its GEM DMA burst) */ \
	X("microchip,sama7g5-emac")					\
	/* PolarFire SoC: a GEM despite the name (gigabit, jumbo, PTP) */ \
	X("microchip,mpfs-macb")					\
	X("sifive,fu540-c000-gem")					\
	/* after 6.1 (RPi 5) or vendor-only (Phytium): boards use them */ \
	X("raspberrypi,rp1-gem")					\
	X("cdns,phytium-gem-1.0")					\
	X("cdns,phytium-gem-2.0")

static int gem_reset(struct vfio_platform_device *vdev);

#define GEM_RESET_NODE(c) \
	{ .compat = c, .owner = THIS_MODULE, .of_reset = gem_reset },
static struct vfio_platform_reset_node gem_reset_nodes[] = {
	GEM_COMPATIBLES(GEM_RESET_NODE)
};

#define GEM_RESET_ALIAS(c) MODULE_ALIAS("vfio-reset:" c);
GEM_COMPATIBLES(GEM_RESET_ALIAS)

/* Queue q's copy of a per-queue register: queue 0 has the base names. */
#define QREG(name, q) ((q) ? name##_Q(q) : name)

/* One safe descriptor of each kind, in slots wide enough for any format. */
#define GEM_PARK_SLOT	64
#define GEM_PARK_RX	0
#define GEM_PARK_TX	GEM_PARK_SLOT
#define GEM_PARK_BYTES	(2 * GEM_PARK_SLOT)

struct gem_park {
	struct list_head link;
	struct device *dev;
	__le32 *desc;
	dma_addr_t dma;
};

/* Park areas by device; devres owns the memory, this list only finds it. */
static LIST_HEAD(gem_parks);
static DEFINE_MUTEX(gem_parks_lock);

static struct gem_park *gem_park_find(struct device *dev)
{
	struct gem_park *p;

	list_for_each_entry(p, &gem_parks, link)
		if (p->dev == dev)
			return p;
	return NULL;
}

/* The device's park area, allocated on first use; NULL if that fails. */
static struct gem_park *gem_park_get(struct device *dev)
{
	struct gem_park *p;

	mutex_lock(&gem_parks_lock);
	p = gem_park_find(dev);
	if (p)
		goto out;
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		goto out;
	p->desc = dmam_alloc_coherent(dev, GEM_PARK_BYTES, &p->dma, GFP_KERNEL);
	if (!p->desc) {
		kfree(p);
		p = NULL;
		goto out;
	}
	p->dev = dev;
	list_add(&p->link, &gem_parks);
out:
	mutex_unlock(&gem_parks_lock);
	return p;
}

/*
 * Devres has freed a device's park area once its driver is unbound: forget
 * it, so a later bind allocates afresh. Only the lookup entry is ours; the
 * kernel's devres code releases the DMA memory, before the unbind tears the
 * device's DMA ops down, and without any code of this module.
 */
static int gem_park_unbound(struct notifier_block *nb, unsigned long action,
			    void *data)
{
	struct gem_park *p;

	if (action != BUS_NOTIFY_UNBOUND_DRIVER)
		return NOTIFY_DONE;
	mutex_lock(&gem_parks_lock);
	p = gem_park_find(data);
	if (p) {
		list_del(&p->link);
		kfree(p);
	}
	mutex_unlock(&gem_parks_lock);
	return NOTIFY_OK;
}

static struct notifier_block gem_park_nb = {
	.notifier_call = gem_park_unbound,
};

/* Microseconds the longest frame a descriptor can hold takes on the wire. */
static unsigned long gem_frame_us(void __iomem *base)
{
	u32 ncfgr = readl(base + GEM_NCFGR);
	unsigned int mbps = 10;

	if (ncfgr & GEM_NCFGR_GBE)
		mbps = 1000;
	else if (ncfgr & GEM_NCFGR_SPD)
		mbps = 100;
	return DIV_ROUND_UP(GEM_MASK(GEM_RX_W1_LENJ) * 8, mbps);
}

/* Steps 1 and 2: stop TX at a frame boundary, then RX. */
static void gem_stop(struct device *dev, void __iomem *base)
{
	u32 ncr = readl(base + GEM_NCR) & ~(GEM_NCR_THALT | GEM_NCR_TSTART);
	unsigned long frame_us = gem_frame_us(base);
	u32 tsr;

	if (ncr & GEM_NCR_TE) {
		writel(ncr | GEM_NCR_THALT, base + GEM_NCR);
		if (readl_poll_timeout(base + GEM_TSR, tsr, !(tsr & GEM_TSR_TGO),
				       10, 2 * frame_us + 1000))
			dev_warn(dev, "TX did not halt within %lu us (TSR 0x%08x); disabling it anyway\n",
				 2 * frame_us + 1000, tsr);
	}
	writel(ncr & ~(GEM_NCR_RE | GEM_NCR_TE), base + GEM_NCR);
	if (ncr & GEM_NCR_RE)
		fsleep(frame_us);
}

/* Step 5, for every queue in qmask. */
static void gem_park_rings(void __iomem *base, unsigned int qmask,
			   const struct gem_park *p, bool daw64)
{
	dma_addr_t rx = p->dma + GEM_PARK_RX;
	dma_addr_t tx = p->dma + GEM_PARK_TX;
	unsigned int q;

	memset(p->desc, 0, GEM_PARK_BYTES);
	p->desc[GEM_PARK_RX / 4] = cpu_to_le32(GEM_RX_W0_USED | GEM_RX_W0_WRAP);
	p->desc[GEM_PARK_TX / 4 + 1] = cpu_to_le32(GEM_TX_W1_USED | GEM_TX_W1_WRAP);

	/* writel orders the descriptor stores before the pointer writes. */
	if (daw64) {
		writel(upper_32_bits(rx), base + GEM_RBQPH);
		writel(upper_32_bits(tx), base + GEM_TBQPH);
	}
	for (q = 0; q < GEM_MAX_QUEUES; q++) {
		if (!(qmask & GEM_BIT(q)))
			continue;
		writel(lower_32_bits(rx), base + QREG(GEM_RBQP, q));
		writel(lower_32_bits(tx), base + QREG(GEM_TBQP, q));
	}
}

static int gem_reset(struct vfio_platform_device *vdev)
{
	struct vfio_platform_region *reg = &vdev->regions[0];
	struct device *dev = vdev->device;
	struct gem_park *park;
	void __iomem *base;
	unsigned int qmask, nq, q;
	bool irq_cor;
	u32 mid, dcfg6;

	if (!vdev->num_regions || reg->type != VFIO_PLATFORM_REGION_TYPE_MMIO ||
	    reg->size < GEM_IMR_Q(GEM_MAX_QUEUES - 1) + 4) {
		dev_warn(dev, "region 0 is not a GEM register block (need MMIO of at least 0x%x bytes); check the node's reg\n",
			 GEM_IMR_Q(GEM_MAX_QUEUES - 1) + 4);
		return -ENODEV;
	}
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
	park = gem_park_get(dev);

	gem_stop(dev, base);

	dcfg6 = readl(base + GEM_DCFG6);
	qmask = GEM_GET(GEM_DCFG6_QUEUES, dcfg6) | GEM_BIT(0);
	irq_cor = readl(base + GEM_DCFG1) & GEM_DCFG1_IRQCOR;
	for (q = 0, nq = 0; q < GEM_MAX_QUEUES; q++) {
		if (!(qmask & GEM_BIT(q)))
			continue;
		nq++;
		writel(GEM_INT_ALL, base + QREG(GEM_IDR, q));
		if (irq_cor)
			readl(base + QREG(GEM_ISR, q));
		else
			writel(GEM_INT_ALL, base + QREG(GEM_ISR, q));
	}
	writel(GEM_TSR_ALL, base + GEM_TSR);
	writel(GEM_RSR_ALL, base + GEM_RSR);

	if (park)
		gem_park_rings(base, qmask, park, dcfg6 & GEM_DCFG6_DAW64);
	else
		dev_warn(dev, "no DMA memory for the park descriptors: rings left where they were (inert while RX/TX are off)\n");

	writel(readl(base + GEM_NCR) | GEM_NCR_CLRSTAT, base + GEM_NCR);

	dev_info(dev, "GEM reset: DMA quiesced, RX/TX off, %u queue%s masked%s\n",
		 nq, nq == 1 ? "" : "s", park ? " and parked" : "");
	return 0;
}

static int __init gem_reset_init(void)
{
	unsigned int i;
	int ret;

	ret = bus_register_notifier(&platform_bus_type, &gem_park_nb);
	if (ret)
		return ret;
	for (i = 0; i < ARRAY_SIZE(gem_reset_nodes); i++)
		__vfio_platform_register_reset(&gem_reset_nodes[i]);
	return 0;
}

static void __exit gem_reset_exit(void)
{
	struct gem_park *p, *tmp;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(gem_reset_nodes); i++)
		vfio_platform_unregister_reset(gem_reset_nodes[i].compat,
					       gem_reset);
	bus_unregister_notifier(&platform_bus_type, &gem_park_nb);
	/*
	 * No device holds us any more (vfio-platform pins the handler's module
	 * while bound), so what is left are entries whose unbind is under way:
	 * devres frees their memory.
	 */
	list_for_each_entry_safe(p, tmp, &gem_parks, link) {
		list_del(&p->link);
		kfree(p);
	}
}

module_init(gem_reset_init);
module_exit(gem_reset_exit);

MODULE_LICENSE("GPL v2");
MODULE_AUTHOR("socnic authors");
MODULE_DESCRIPTION("vfio-platform reset: quiesces Cadence GEM DMA on open and release");
