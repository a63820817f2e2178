/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef BUS_SOCPLAT_DRIVER_H
#define BUS_SOCPLAT_DRIVER_H

/*
 * The driver side of the socplat bus: what a PMD for a device-tree platform
 * device (an SoC's own NIC) registers, and what the bus hands it at probe.
 *
 * The bus finds devices in /sys/bus/platform/devices, matches them to
 * drivers by the `compatible` strings of their device-tree node (most
 * specific string first, as Linux does), binds them to vfio-platform, maps
 * every MMIO region and wires every interrupt before probe() runs.
 */

#include <stdbool.h>
#include <stdint.h>

#include <dev_driver.h>
#include <rte_common.h>
#include <rte_compat.h>
#include <rte_devargs.h>
#include <rte_eal.h>
#include <rte_ether.h>
#include <rte_interrupts.h>
#include <rte_tailq.h>

#include "rte_bus_socplat.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One entry of a driver's match table; the table ends with a NULL compatible. */
struct rte_socplat_id {
	const char *compatible; /**< exact device-tree compatible string */
	const void *data;       /**< driver's per-compatible data (capabilities) */
};

/** One MMIO region of the device (a `reg` entry), mapped through VFIO. */
struct rte_socplat_region {
	void *addr;        /**< mapping in this process; NULL if not mappable */
	uint64_t phys;     /**< bus address from `reg` */
	uint64_t len;      /**< length in bytes */
	const char *name;  /**< matching `reg-names` entry, or NULL */
};

/** Link as the device tree describes it (`fixed-link` or `phy-handle`). */
struct rte_socplat_link {
	bool fixed;          /**< a fixed-link node or property is present */
	uint32_t speed;      /**< Mb/s, fixed links only */
	bool full_duplex;    /**< fixed links only */
	int phy_addr;        /**< MDIO address of the phy-handle target, or -1 */
	const char *phy_mode;/**< `phy-mode` / `phy-connection-type`, or NULL */
};

struct rte_socplat_driver;
struct socplat_dt_node; /* the bus's private view of the device-tree node */

/** A device-tree platform device, as the bus hands it to a driver. */
struct rte_socplat_device {
	RTE_TAILQ_ENTRY(rte_socplat_device) next;
	struct rte_device device;          /**< name = sysfs name, e.g. ff0c0000.ethernet */
	struct rte_socplat_driver *driver; /**< bound driver, NULL before probe */
	const struct rte_socplat_id *id;   /**< the match-table entry that won */
	struct socplat_dt_node *dt;        /**< device-tree node; use the accessors */

	unsigned int nb_regions;
	struct rte_socplat_region *regions;

	unsigned int nb_irqs;
	/** one handle per `interrupts` entry; NULL where VFIO could not wire it */
	struct rte_intr_handle **irqs;

	bool dma_coherent;   /**< `dma-coherent` present (or forced by devarg) */
	int iommu_group;     /**< IOMMU group number, -1 if none */
	bool noiommu;        /**< the group is a VFIO no-IOMMU group */
	int vfio_dev_fd;     /**< VFIO device fd, -1 when not opened */
};

#define RTE_DEV_TO_SOCPLAT(ptr) \
	container_of(ptr, struct rte_socplat_device, device)
#define RTE_DEV_TO_SOCPLAT_CONST(ptr) \
	container_of(ptr, const struct rte_socplat_device, device)
#define RTE_ETH_DEV_TO_SOCPLAT(eth_dev) RTE_DEV_TO_SOCPLAT((eth_dev)->device)

typedef int (rte_socplat_probe_t)(struct rte_socplat_driver *drv,
				  struct rte_socplat_device *dev);
typedef int (rte_socplat_remove_t)(struct rte_socplat_device *dev);

/** Map every region and set up VFIO before probe (all NIC drivers want it). */
#define RTE_SOCPLAT_DRV_NEED_MAPPING 0x0001
/** Wire the device's interrupts to eventfds before probe. */
#define RTE_SOCPLAT_DRV_INTR         0x0002

struct rte_socplat_driver {
	RTE_TAILQ_ENTRY(rte_socplat_driver) next;
	struct rte_driver driver;
	const struct rte_socplat_id *id_table;
	rte_socplat_probe_t *probe;
	rte_socplat_remove_t *remove;
	uint32_t drv_flags; /**< RTE_SOCPLAT_DRV_* */
	/** DMA address bits the device can drive (32 or 64); the bus lowers
	 *  the EAL DMA mask accordingly before probe. 0 means 64. */
	uint8_t dma_bits;
	/** Kernel module that gives vfio-platform a reset handler for this
	 *  driver's devices (e.g. "vfio-platform-gem"); named in the error
	 *  when binding fails for want of one. NULL if none. */
	const char *reset_kmod;
};

__rte_internal
void rte_socplat_register(struct rte_socplat_driver *drv);
__rte_internal
void rte_socplat_unregister(struct rte_socplat_driver *drv);

#define RTE_PMD_REGISTER_SOCPLAT(nm, drv) \
RTE_INIT(socplatinitfn_ ##nm) \
{ \
	(drv).driver.name = RTE_STR(nm); \
	rte_socplat_register(&(drv)); \
} \
RTE_PMD_EXPORT_NAME(nm, __COUNTER__)

/*
 * Device-tree accessors. Properties are read from the device's node as the
 * kernel exposes it (of_node in sysfs). All return 0 or a count on success,
 * -ENOENT when the property is absent, -EINVAL when it is malformed (and then
 * log one line naming the node, the property and what was wrong).
 */
__rte_internal
bool rte_socplat_dt_has(const struct rte_socplat_device *dev, const char *prop);
__rte_internal
int rte_socplat_dt_u32(const struct rte_socplat_device *dev, const char *prop,
		       uint32_t *val);
/** Returns the number of cells read (at most max). */
__rte_internal
int rte_socplat_dt_u32_array(const struct rte_socplat_device *dev,
			     const char *prop, uint32_t *vals, unsigned int max);
/** The idx-th string of a string-list property. */
__rte_internal
int rte_socplat_dt_string(const struct rte_socplat_device *dev,
			  const char *prop, unsigned int idx, const char **str);
/** `mac-address` (what the boot loader set), else `local-mac-address`, as
 *  Linux reads them; -ENOENT if neither holds a valid unicast address. */
__rte_internal
int rte_socplat_dt_mac(const struct rte_socplat_device *dev,
		       struct rte_ether_addr *mac);
/** `fixed-link` (node or legacy property), `phy-handle`, `phy-mode`. */
__rte_internal
int rte_socplat_dt_link(const struct rte_socplat_device *dev,
			struct rte_socplat_link *link);

/**
 * The MDIO bus the `phy-handle` PHY sits on, named by the node that drives
 * it: the Ethernet node whose `mdio` child holds the PHY, or whose direct
 * child the PHY is (the old binding). It is not always the device itself:
 * Versal VCK190/VMK180 boards put both GEMs' PHYs on GEM0's bus.
 * node_path (if not NULL) gets that node's device-tree path; owner (if not
 * NULL) gets the bus's device for it when a registered driver claims it
 * (probed or not: check owner->driver), else NULL.
 * Returns 0, -ENOENT when the link has no PHY on MDIO (fixed link, no
 * phy-handle), -EINVAL when phy-handle is malformed (logged at scan).
 */
__rte_internal
int rte_socplat_dt_mdio_owner(const struct rte_socplat_device *dev,
			      const char **node_path,
			      struct rte_socplat_device **owner);

/** One window of the device's DMA translation (`dma-ranges`). */
struct rte_socplat_dma_range {
	uint64_t cpu_addr; /**< CPU physical address of the window's start */
	uint64_t dma_addr; /**< the address the device uses for it */
	uint64_t size;     /**< bytes */
};

/**
 * The device's DMA windows, from the `dma-ranges` of its parent buses as
 * Linux's of_dma_get_range finds them. Returns their number (0: the bus
 * does not translate, DMA addresses are CPU addresses), or -EINVAL when
 * they could not be read (logged at scan). The bus refuses to probe a
 * translated device with IOVA as PA.
 */
__rte_internal
int rte_socplat_dma_ranges(const struct rte_socplat_device *dev,
			   const struct rte_socplat_dma_range **ranges);
/**
 * The one offset (cpu_addr - dma_addr, modulo 2^64) every window shares:
 * a driver gives the device iova - offset. 0 with no translation;
 * -ERANGE when the windows' offsets differ; -EINVAL as above.
 */
__rte_internal
int rte_socplat_dma_offset(const struct rte_socplat_device *dev,
			   uint64_t *offset);

/** Region by index or by `reg-names`; NULL if there is none. */
__rte_internal
const struct rte_socplat_region *
rte_socplat_region(const struct rte_socplat_device *dev, unsigned int idx);
__rte_internal
const struct rte_socplat_region *
rte_socplat_region_by_name(const struct rte_socplat_device *dev,
			   const char *name);

/** Whether the tree's root node (the machine) lists this compatible. */
__rte_internal
bool rte_socplat_dt_machine_is(const char *compatible);

/** The device tree path of the device's node (for messages). */
__rte_internal
const char *rte_socplat_dt_path(const struct rte_socplat_device *dev);

/** Index of the interrupt named in `interrupt-names`, or -ENOENT. */
__rte_internal
int rte_socplat_irq_by_name(const struct rte_socplat_device *dev,
			    const char *name);
/**
 * Interrupt handles are of type RTE_INTR_HANDLE_EXT: EAL's interrupt
 * thread calls the callback without reading the eventfd. The callback
 * calls rte_socplat_irq_ack(), which drains the eventfd and, for a level
 * interrupt (which vfio-platform masks as it fires), unmasks it again.
 */
__rte_internal
int rte_socplat_irq_ack(const struct rte_socplat_device *dev,
			unsigned int idx);
/** Mask / unmask one interrupt at the interrupt controller. */
__rte_internal
int rte_socplat_irq_mask(const struct rte_socplat_device *dev,
			 unsigned int idx);
__rte_internal
int rte_socplat_irq_unmask(const struct rte_socplat_device *dev,
			   unsigned int idx);

/** The IOVA mode in force: PA under a no-IOMMU group, else what EAL chose. */
static inline enum rte_iova_mode
rte_socplat_iova_mode(void)
{
	return rte_eal_iova_mode();
}

/*
 * Bus device arguments, given after the device name and shared with the
 * driver's own: -a ff0c0000.ethernet,restore=1. A driver that validates
 * its arguments against a key list must accept these too: put
 * RTE_SOCPLAT_DEVARGS_KEYS in its NULL-terminated list.
 */
/** restore=1: give the device back to its previous kernel driver on close. */
#define RTE_SOCPLAT_ARG_RESTORE      "restore"
/** dma_coherent=0|1: override the node's `dma-coherent`. */
#define RTE_SOCPLAT_ARG_DMA_COHERENT "dma_coherent"
/** force=1: take the device even while the kernel uses its interface (up,
 * addressed, or the boot interface). */
#define RTE_SOCPLAT_ARG_FORCE        "force"
#define RTE_SOCPLAT_DEVARGS_KEYS \
	RTE_SOCPLAT_ARG_RESTORE, RTE_SOCPLAT_ARG_DMA_COHERENT, \
	RTE_SOCPLAT_ARG_FORCE
#define RTE_SOCPLAT_PARAMS \
	RTE_SOCPLAT_ARG_RESTORE "=<0|1> " RTE_SOCPLAT_ARG_DMA_COHERENT "=<0|1> " \
	RTE_SOCPLAT_ARG_FORCE "=<0|1>"

#ifdef __cplusplus
}
#endif

#endif /* BUS_SOCPLAT_DRIVER_H */
