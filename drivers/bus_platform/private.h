/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef SOCPLAT_PRIVATE_H
#define SOCPLAT_PRIVATE_H

/*
 * Inside the socplat bus. socplat_bus.c is the OS-independent part (lists,
 * matching, probe, devargs), socplat_dt.c reads device-tree nodes and walks
 * the tree, socplat_dt_prop.c decodes property bytes (socplat_dt_prop.h),
 * socplat_dt_device.c parses a device's node and serves the DT accessors,
 * socplat_sysfs.c is everything that touches sysfs (scan, bind, IOMMU
 * groups), socplat_vfio.c maps regions and wires IRQs.
 * Symbols here are not static so the unit tests and the fuzz target can
 * reach them; nothing outside the bus and its tests may use them.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <bus_driver.h>
#include <rte_eal.h>
#include <rte_log.h>

#include "bus_socplat_driver.h"
#include "socplat_dt_prop.h"

extern int socplat_logtype;
#define SOCPLAT_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, socplat_logtype, "socplat: " fmt "\n", \
		##__VA_ARGS__)

/* ---- device-tree nodes as sysfs exposes them ---- */

struct socplat_prop {
	char *name;
	uint8_t *val;
	size_t len;
};

struct socplat_dt_node {
	char *dir;            /* real path of the node's directory */
	char *path;           /* DT path for messages: /axi/ethernet@ff0c0000 */
	const char *devname;  /* device that owns the node, for messages */
	unsigned int nb_props;
	struct socplat_prop *props;

	/* parsed once at scan, so accessors and the bus never re-parse */
	unsigned int nb_compat;
	const char **compat;     /* point into the compatible property */
	uint32_t addr_cells;
	uint32_t size_cells;
	unsigned int nb_reg_names;
	const char **reg_names;
	int nb_dt_irqs;          /* -1: no interrupt parent to size them by */
	unsigned int nb_irq_names;
	const char **irq_names;
	bool has_iommus;
	bool data_plane;         /* carries socnic,data-plane */
	int mac_rc;              /* 0, -ENOENT or -EINVAL (logged at scan) */
	struct rte_ether_addr mac;
	int link_rc;
	struct rte_socplat_link link;
	char *phy_mode;
	/* the node driving the MDIO bus of the phy-handle PHY (directory,
	 * and DT path for messages); NULL without a PHY on MDIO */
	char *mdio_owner_dir;
	char *mdio_owner_path;
	/* DMA windows from dma-ranges (socplat_dt_dma.c): none means no
	 * translation; dma_rc -EINVAL when they could not be read (logged) */
	struct rte_socplat_dma_range *dma_ranges;
	unsigned int nb_dma_ranges;
	int dma_rc;
	char *dma_node_path;      /* the node whose dma-ranges they are */
};

/* Reads every property file of a node directory. NULL on error (logged). */
struct socplat_dt_node *socplat_dt_node_load(const char *dir,
					     const char *dt_base);
void socplat_dt_node_free(struct socplat_dt_node *node);
const struct socplat_prop *socplat_dt_prop(const struct socplat_dt_node *n,
					   const char *name);
/* Reads one property file; -ENOENT if absent. *val is malloc'ed. */
int socplat_dt_read_file(const char *dir, const char *name, uint8_t **val,
			 size_t *len);
/* Logs the one line every malformed property gets. */
void socplat_dt_malformed(const struct socplat_dt_node *n, const char *prop,
			  const char *why);
/* Directory of the node whose phandle is ph, searched from dt_base. */
char *socplat_dt_find_phandle(const char *dt_base, uint32_t ph);
/* The node's path inside the tree, for messages: "/" for the root. */
char *socplat_dt_rel_path(const char *dir, const char *dt_base);
/*
 * A u32 property looked up like Linux looks up #address-cells and
 * interrupt-parent: in start, then each ancestor up to the root.
 * Returns 0 with the value, -ENOENT if no node has it, -EINVAL if the
 * first one found is malformed (logged against n).
 */
int socplat_dt_inherited_u32(const struct socplat_dt_node *n,
			     const char *start, const char *dt_base,
			     const char *prop, uint32_t *val);
/* The directory of dir's parent node; NULL for the root (or no memory). */
char *socplat_dt_parent(const char *dir, const char *dt_base);
/* A u32 property of the node at dir (not necessarily n's own): 0,
 * -ENOENT, or -EINVAL logged against n naming dir. */
int socplat_dt_node_u32(const struct socplat_dt_node *n, const char *dir,
			const char *dt_base, const char *prop, uint32_t *val);
/*
 * The cell sizes of addresses in bus's address space (its children's reg,
 * its own ranges' child side), as Linux's of_bus_n_addr_cells and
 * of_bus_n_size_cells find them: bus's own #address-cells/#size-cells,
 * else the nearest ancestor's, else 1 and 1. -EINVAL when the one found
 * is malformed (logged against n).
 */
int socplat_dt_bus_cells(const struct socplat_dt_node *n, const char *bus,
			 const char *dt_base, uint32_t *addr_cells,
			 uint32_t *size_cells);

/* The board's word on which ports are DPDK's (dts/README.md, "The
 * data-plane marker"): a boolean on the Ethernet node. */
#define SOCPLAT_DT_DATA_PLANE "socnic,data-plane"
/* How many nodes anywhere under dt_base carry the marker, whatever their
 * status; one above zero makes the tree marked. Warns about each marker
 * that has a value (it still counts). */
int socplat_dt_count_marked(const char *dt_base);

/*
 * Parses everything the bus and its drivers use out of dev's node: the
 * compatible list, status, reg/reg-names with the parent's cell sizes,
 * interrupts/interrupt-names, dma-coherent, MAC, link, iommus. Fills
 * dev->dt, dev->regions (unmapped), dev->nb_irqs and dev->dma_coherent.
 * Returns 0, 1 when the node is disabled (skip it), or -EINVAL when a
 * property the bus cannot do without is malformed (already logged).
 */
int socplat_dt_parse_device(struct rte_socplat_device *dev,
			    struct socplat_dt_node *node, const char *dt_base);

/*
 * The device's DMA windows, found by walking dma-ranges up from its
 * parent as Linux's of_dma_get_range does (socplat_dt_dma.c). Fills
 * n->dma_ranges; 0, or -EINVAL when they cannot be read (logged).
 */
int socplat_dt_parse_dma(struct socplat_dt_node *n, const char *dt_base);
/*
 * Probe-time check, before anything is unbound: with IOVA as PA a device
 * whose bus translates DMA (or whose translation is unreadable) would
 * reach the wrong memory. 0, or -ENOTSUP / -EINVAL with the one line.
 */
int socplat_dma_check(const struct rte_socplat_device *dev,
		      enum rte_iova_mode mode);

/* ---- the bus's private view of a device ---- */

struct socplat_device {
	struct rte_socplat_device dev;
	char *kdrv_orig;       /* kernel driver we took it from, NULL if none */
	bool bound_by_us;      /* we wrote driver_override */
	bool restore;          /* devarg: give it back on close */
	bool force;            /* devarg: take it although the kernel uses it */
	int dma_coherent_arg;  /* devarg override: -1 none, 0, 1 */
	uint32_t *irq_flags;   /* VFIO_IRQ_INFO_* per IRQ */
	size_t *map_len;       /* mmap length per region, 0 if not mapped */
	uint64_t *region_off;  /* VFIO offset per region */
	bool probe_failed;
};

#define SOCPLAT_PRIV(d) container_of(d, struct socplat_device, dev)

TAILQ_HEAD(socplat_device_list, rte_socplat_device);
TAILQ_HEAD(socplat_driver_list, rte_socplat_driver);

struct socplat_bus {
	struct rte_bus bus;
	struct socplat_device_list devices;
	struct socplat_driver_list drivers;
	/* Some node carries socnic,data-plane (set at each scan): unnamed
	 * devices are taken only if their own node carries it. */
	bool dt_marked;
};

extern struct socplat_bus socplat_bus;

#define SOCPLAT_FOREACH_DEV(d) TAILQ_FOREACH(d, &socplat_bus.devices, next)
#define SOCPLAT_FOREACH_DRV(d) TAILQ_FOREACH(d, &socplat_bus.drivers, next)

/* Best driver for a compatible list: the lowest index in compat wins (most
 * specific), then registration order. *idx gets that index. */
struct rte_socplat_driver *
socplat_match(const char *const *compat, unsigned int nb_compat,
	      const struct rte_socplat_id **id, unsigned int *idx);

/* What to do with a device given the kernel driver it is on now. */
enum socplat_bind_action {
	SOCPLAT_BIND_USE,       /* already on vfio-platform */
	SOCPLAT_BIND_BIND,      /* free, and consented to: bind it */
	SOCPLAT_BIND_TAKEOVER,  /* on another driver, and consented to */
	SOCPLAT_BIND_SKIP,      /* no consent: leave it where it is */
	SOCPLAT_BIND_NOT_READY, /* secondary process, not on vfio-platform */
};
/*
 * consent: the user named the device (-a, devargs, hot plug by name) or
 * the board's tree marks it socnic,data-plane. A device already on
 * vfio-platform was handed over beforehand (socnic-bind --bind) and needs
 * none. "Free" is no consent: at boot it often means the kernel's driver
 * has not probed yet.
 */
enum socplat_bind_action socplat_bind_decide(const char *kdrv, bool consent,
					     bool primary);
const char *socplat_bind_action_str(enum socplat_bind_action a);

/* Bus devargs (after the device name: -a ff0c0000.ethernet,restore=1). */
int socplat_parse_devargs(struct socplat_device *sdev,
			  const struct rte_devargs *da);
/* bus->parse: whether name is one of ours. */
int socplat_parse(const char *name, void *addr);
/* Whether the user named the device (-a, hotplug). */
bool socplat_dev_named(const struct rte_socplat_device *dev);

/* ---- sysfs ---- */

/*
 * The sysfs work is platsysfs's (drivers/common/platsysfs/platsysfs.h,
 * shared with socnic-bind): the bus's roots for it, and what the bus makes
 * of its answers.
 */
struct platsysfs;
/* The roots every sysfs and module path of the bus is built under. */
const struct platsysfs *socplat_sysfs(void);
/* Root of sysfs: $SOCPLAT_SYSFS_ROOT, else /sys; tests set their own. */
const char *socplat_sysfs_root(void);
void socplat_set_sysfs_root(const char *root);
/* Where the kernel's modules.alias lives (tests set their own). */
void socplat_set_modules_dir(const char *dir);
/* <root>/bus/platform/devices: the sysfs_base rte_vfio wants. */
const char *socplat_devices_dir(void);
const char *socplat_dt_base(void);

int socplat_sysfs_scan(void);
/* Frees a device the scan allocated (it must be unmapped and unlinked). */
void socplat_device_free(struct rte_socplat_device *dev);
/*
 * Everything that can refuse a bind and needs no binding to know, run
 * before anything is written so a refusal leaves the device (and the
 * kernel's interface on it) exactly as it was: vfio-platform loaded, no
 * foreign driver_override, the kernel not using the interface (unless
 * force), an IOMMU group or no-IOMMU mode, the group viable, IOVA as PA
 * for a no-IOMMU group, a reset handler. 0 or -errno with one ERR line.
 */
int socplat_bind_checks(struct rte_socplat_device *dev,
			enum socplat_bind_action action,
			const char *reset_kmod, bool force);
/* Binds dev to vfio-platform per the decision; undoes itself on failure. */
int socplat_bind(struct rte_socplat_device *dev,
		 enum socplat_bind_action action);
/*
 * Gives dev back to the driver it had before (restore devarg), only while
 * it is as this process left it: on vfio-platform under our override.
 * Another primary, socnic-bind or an admin may have moved it since; then
 * it is theirs and stays put (checked just before the writes, so this
 * narrows a race between two processes, it cannot close it).
 */
int socplat_restore(struct rte_socplat_device *dev);
/* The hooks the unit tests replace: the sysfs writer and the address
 * lookup (platsysfs.h), and EAL's IOVA mode. */
void socplat_set_sysfs_hooks(int (*write)(void *, const char *, const char *),
			     int (*addrs)(void *, const char *, char *, size_t),
			     void *opaque);
extern enum rte_iova_mode (*socplat_iova_mode)(void);
/* Why a no-IOMMU device cannot run under EAL's IOVA as VA, and the fix:
 * EAL picks VA when told to (--iova-mode=va) or when it cannot read
 * physical addresses (/proc/self/pagemap needs root). */
#define SOCPLAT_IOVA_PA_NEEDED \
	"a no-IOMMU group hands the device physical addresses, but EAL runs IOVA as VA: run as root (EAL reads physical addresses from /proc/self/pagemap) and without --iova-mode=va"
/* 0 if every other device of group n is free or on a driver that lets
 * VFIO have the group; else -EBUSY and the ERR line naming each one and
 * its driver. */
int socplat_group_viable(const char *devname, int group);

/* ---- VFIO ---- */

/* Maps the first nb regions of an open device (vfio_dev_fd). */
int socplat_map_regions(struct rte_socplat_device *dev, unsigned int nb);
/* Opens the device through rte_vfio, maps every region and, with
 * wire_irqs, connects every interrupt to an eventfd. */
int socplat_vfio_map(struct rte_socplat_device *dev, bool wire_irqs);
void socplat_vfio_unmap(struct rte_socplat_device *dev);
int socplat_dma_map(struct rte_device *rdev, void *addr, uint64_t iova,
		    size_t len);
int socplat_dma_unmap(struct rte_device *rdev, void *addr, uint64_t iova,
		      size_t len);

#endif /* SOCPLAT_PRIVATE_H */
