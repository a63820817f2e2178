/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * socplat: the OS-independent part of the bus. Drivers register with a
 * table of compatible strings; the scan (socplat_sysfs.c) keeps the
 * platform devices some driver claims; probe decides whether a device may
 * be taken from the kernel, binds it, maps it (socplat_vfio.c) and hands
 * it to the driver.
 */

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_devargs.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_kvargs.h>
#include <rte_memory.h>
#include <rte_string_fns.h>

#include "platsysfs.h"
#include "private.h"

void
rte_socplat_register(struct rte_socplat_driver *drv)
{
	TAILQ_INSERT_TAIL(&socplat_bus.drivers, drv, next);
}

void
rte_socplat_unregister(struct rte_socplat_driver *drv)
{
	TAILQ_REMOVE(&socplat_bus.drivers, drv, next);
}

struct rte_socplat_driver *
socplat_match(const char *const *compat, unsigned int nb_compat,
	      const struct rte_socplat_id **id, unsigned int *idx)
{
	struct rte_socplat_driver *drv;
	unsigned int i;

	/* Linux's order: the node's first (most specific) string that any
	 * driver knows wins, whatever the driver's own table order. */
	for (i = 0; i < nb_compat; i++) {
		SOCPLAT_FOREACH_DRV(drv) {
			const struct rte_socplat_id *e;

			for (e = drv->id_table; e != NULL && e->compatible != NULL;
			     e++) {
				if (strcmp(e->compatible, compat[i]) != 0)
					continue;
				if (id != NULL)
					*id = e;
				if (idx != NULL)
					*idx = i;
				return drv;
			}
		}
	}
	return NULL;
}

enum socplat_bind_action
socplat_bind_decide(const char *kdrv, bool consent, bool primary)
{
	bool on_vfio = kdrv != NULL && strcmp(kdrv, PLATSYSFS_VFIO_PLATFORM) == 0;

	/* Bound beforehand (socnic-bind --bind): handed over already. */
	if (on_vfio)
		return SOCPLAT_BIND_USE;
	if (!primary)
		return SOCPLAT_BIND_NOT_READY;
	/* A free NIC may be one whose kernel driver has not probed yet (a
	 * deferred probe, a module loaded later) and a NIC on a kernel
	 * driver may carry the board's management traffic: only the user,
	 * or the board's tree marking it a data port, may hand either over. */
	if (!consent)
		return SOCPLAT_BIND_SKIP;
	if (kdrv == NULL || kdrv[0] == '\0')
		return SOCPLAT_BIND_BIND;
	return SOCPLAT_BIND_TAKEOVER;
}

const char *
socplat_bind_action_str(enum socplat_bind_action a)
{
	switch (a) {
	case SOCPLAT_BIND_USE: return "use";
	case SOCPLAT_BIND_BIND: return "bind";
	case SOCPLAT_BIND_TAKEOVER: return "takeover";
	case SOCPLAT_BIND_SKIP: return "skip";
	case SOCPLAT_BIND_NOT_READY: return "not-ready";
	}
	return "?";
}

bool
socplat_dev_named(const struct rte_socplat_device *dev)
{
	const struct rte_devargs *da = dev->device.devargs;

	return da != NULL && da->policy == RTE_DEV_ALLOWED;
}

static bool
socplat_dev_blocked(const struct rte_socplat_device *dev)
{
	const struct rte_devargs *da = dev->device.devargs;

	if (da != NULL)
		return da->policy == RTE_DEV_BLOCKED;
	/* With -a, only what was named is ours. */
	return socplat_bus.bus.conf.scan_mode == RTE_BUS_SCAN_ALLOWLIST;
}

/* ---- names and devargs ---- */

/* Linux names a DT platform device "<unit address in hex>.<node name>". */
static bool
looks_like_platform_name(const char *name)
{
	const char *p = name;

	while ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))
		p++;
	if (p == name || p - name > 16 || *p != '.' || p[1] == '\0')
		return false;
	for (p++; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr(",._+-", *p) != NULL))
			return false;
	return true;
}

int
socplat_parse(const char *name, void *addr)
{
	char path[PATH_MAX];

	if (name == NULL || name[0] == '\0' || strchr(name, '/') != NULL ||
	    strlen(name) >= RTE_DEV_NAME_MAX_LEN)
		return -1;
	/* A device that exists is ours whatever its name; one that does not
	 * (a typo, another board's DT) still gets our "no such device". */
	if (!looks_like_platform_name(name) &&
	    (snprintf(path, sizeof(path), "%s/%s", socplat_devices_dir(),
		      name) >= (int)sizeof(path) ||
	     access(path, F_OK) != 0))
		return -1;
	if (addr != NULL)
		rte_strscpy(addr, name, RTE_DEV_NAME_MAX_LEN);
	return 0;
}

static int
arg_bool(const char *devname, const char *key, const char *val, int *out)
{
	if (val == NULL || strcmp(val, "1") == 0) {
		*out = 1;
		return 0;
	}
	if (strcmp(val, "0") == 0) {
		*out = 0;
		return 0;
	}
	SOCPLAT_LOG(ERR, "%s: devarg %s=%s: expected 0 or 1", devname, key,
		    val);
	return -EINVAL;
}

int
socplat_parse_devargs(struct socplat_device *sdev,
		      const struct rte_devargs *da)
{
	static const char *const keys[] = { RTE_SOCPLAT_DEVARGS_KEYS, NULL };
	const char *name = sdev->dev.device.name;
	struct rte_kvargs *kv;
	int restore = 0, force = 0, ret = 0;
	unsigned int i;

	sdev->restore = false;
	sdev->force = false;
	sdev->dma_coherent_arg = -1;
	if (da == NULL || da->args == NULL || da->args[0] == '\0')
		return 0;
	/* The string also holds the driver's keys: take ours, leave theirs. */
	kv = rte_kvargs_parse(da->args, NULL);
	if (kv == NULL) {
		SOCPLAT_LOG(ERR, "%s: cannot parse device arguments \"%s\"",
			    name, da->args);
		return -EINVAL;
	}
	for (i = 0; keys[i] != NULL && ret == 0; i++) {
		const char *val;
		int b;

		if (rte_kvargs_count(kv, keys[i]) == 0)
			continue;
		if (rte_kvargs_count(kv, keys[i]) > 1) {
			SOCPLAT_LOG(ERR, "%s: devarg %s given more than once",
				    name, keys[i]);
			ret = -EINVAL;
			break;
		}
		val = rte_kvargs_get(kv, keys[i]);
		ret = arg_bool(name, keys[i], val, &b);
		if (ret < 0)
			break;
		if (strcmp(keys[i], RTE_SOCPLAT_ARG_RESTORE) == 0)
			restore = b;
		else if (strcmp(keys[i], RTE_SOCPLAT_ARG_FORCE) == 0)
			force = b;
		else
			sdev->dma_coherent_arg = b;
	}
	rte_kvargs_free(kv);
	sdev->restore = restore;
	sdev->force = force;
	return ret;
}

/* bus=socplat,name=ff0c0000.ethernet (the generic devargs syntax). */
static int
socplat_devargs_parse(struct rte_devargs *da)
{
	struct rte_kvargs *kv;
	const char *name;
	int ret = 0;

	if (da == NULL || da->bus_str == NULL)
		return 0;
	kv = rte_kvargs_parse(da->bus_str, NULL);
	if (kv == NULL) {
		SOCPLAT_LOG(ERR, "cannot parse bus arguments \"%s\"",
			    da->bus_str);
		rte_errno = EINVAL;
		return -EINVAL;
	}
	name = rte_kvargs_get(kv, "name");
	if (name != NULL && socplat_parse(name, da->name) < 0) {
		SOCPLAT_LOG(ERR, "\"%s\" is not a platform device name",
			    name);
		rte_errno = EINVAL;
		ret = -EINVAL;
	}
	rte_kvargs_free(kv);
	return ret;
}

static struct rte_device *
socplat_find_device(const struct rte_device *start, rte_dev_cmp_t cmp,
		    const void *data)
{
	const struct rte_socplat_device *pstart;
	struct rte_socplat_device *dev;

	if (start != NULL) {
		pstart = RTE_DEV_TO_SOCPLAT_CONST(start);
		dev = TAILQ_NEXT(pstart, next);
	} else {
		dev = TAILQ_FIRST(&socplat_bus.devices);
	}
	for (; dev != NULL; dev = TAILQ_NEXT(dev, next))
		if (cmp(&dev->device, data) == 0)
			return &dev->device;
	return NULL;
}

static int
name_kv_cmp(const char *key __rte_unused, const char *value, void *dev)
{
	return strcmp(value, ((struct rte_device *)dev)->name) == 0 ? 0 : -1;
}

static int
iter_match(const struct rte_device *dev, const void *kv)
{
	if (kv == NULL)
		return 0; /* no filter: every device */
	return rte_kvargs_process(kv, "name", name_kv_cmp,
				  (void *)(uintptr_t)dev) == 0 ? 0 : 1;
}

static void *
socplat_dev_iterate(const void *start, const char *str,
		    const struct rte_dev_iterator *it __rte_unused)
{
	static const char *const keys[] = { "name", NULL };
	struct rte_kvargs *kv = NULL;
	struct rte_device *dev;

	if (str != NULL && str[0] != '\0') {
		kv = rte_kvargs_parse(str, keys);
		if (kv == NULL) {
			SOCPLAT_LOG(ERR, "cannot parse \"%s\" (the only key is name=)",
				    str);
			rte_errno = EINVAL;
			return NULL;
		}
	}
	dev = socplat_find_device(start, iter_match, kv);
	rte_kvargs_free(kv);
	return dev;
}

/* ---- probe and remove ---- */

/* A driver that needs no binding takes nothing from the kernel: the tree's
 * split alone decides (once any node is marked, the unmarked are the
 * kernel's unless named). */
static bool
socplat_tree_allows(const struct rte_socplat_device *dev, bool named,
		    bool quiet)
{
	const char *name = dev->device.name;

	if (!socplat_bus.dt_marked || dev->dt->data_plane)
		return true;
	if (!named) {
		if (!quiet)
			SOCPLAT_LOG(NOTICE, "%s: not marked %s, left to the kernel (take it with -a %s)",
				    name, SOCPLAT_DT_DATA_PLANE, name);
		return false;
	}
	if (!quiet)
		SOCPLAT_LOG(NOTICE, "%s: not marked %s, taken because it was named",
			    name, SOCPLAT_DT_DATA_PLANE);
	return true;
}

/* The kernel driver dev is on ("" when free); false, with the ERR line
 * unless quiet, when the link cannot be read: then nobody knows whether
 * the kernel uses it, and it is left alone. */
static bool
socplat_kdrv(const struct rte_socplat_device *dev, char *kdrv, size_t len,
	     bool quiet)
{
	const char *name = dev->device.name;
	int ret = platsysfs_driver(socplat_sysfs(), name, kdrv, len);

	if (ret == 0 || ret == -ENOENT)
		return true;
	if (!quiet)
		SOCPLAT_LOG(ERR, "%s: cannot read %s/%s/driver (%s), so whether a kernel driver holds it is unknown: left alone; check that sysfs is mounted and readable (run as root)",
			    name, socplat_devices_dir(), name, strerror(-ret));
	return false;
}

/* The driver that would take dev now, or NULL with the reason logged at
 * the level that suits it. *act tells how to bind. */
static struct rte_socplat_driver *
socplat_wanted(struct rte_socplat_device *dev,
	       const struct rte_socplat_id **id, enum socplat_bind_action *act,
	       bool quiet)
{
	const char *name = dev->device.name;
	bool named = socplat_dev_named(dev);
	bool marked = dev->dt->data_plane;
	struct rte_socplat_driver *drv;
	char kdrv[64];

	if (socplat_dev_blocked(dev))
		return NULL;
	drv = socplat_match(dev->dt->compat, dev->dt->nb_compat, id, NULL);
	if (drv == NULL)
		return NULL;
	*act = SOCPLAT_BIND_USE;
	if (!(drv->drv_flags & RTE_SOCPLAT_DRV_NEED_MAPPING))
		return socplat_tree_allows(dev, named, quiet) ? drv : NULL;
	if (!socplat_kdrv(dev, kdrv, sizeof(kdrv), quiet))
		return NULL;
	*act = socplat_bind_decide(kdrv, named || marked,
				   rte_eal_process_type() == RTE_PROC_PRIMARY);
	if (*act == SOCPLAT_BIND_SKIP) {
		if (!quiet)
			SOCPLAT_LOG(NOTICE, "%s: %s%s, not named or marked %s: left alone (hand it over with -a %s, the DT marker, or socnic-bind --bind %s)",
				    name, kdrv[0] != '\0' ? "on kernel driver " : "free",
				    kdrv, SOCPLAT_DT_DATA_PLANE, name, name);
		return NULL;
	}
	if (quiet)
		return drv;
	if (named && !marked && socplat_bus.dt_marked)
		SOCPLAT_LOG(NOTICE, "%s: not marked %s, taken because it was named",
			    name, SOCPLAT_DT_DATA_PLANE);
	if (*act == SOCPLAT_BIND_TAKEOVER && !named)
		SOCPLAT_LOG(NOTICE, "%s: marked %s: taking it from %s", name,
			    SOCPLAT_DT_DATA_PLANE, kdrv);
	return drv;
}

/* Memory is up by the time devices are probed: this checks it against
 * the device's reach (and keeps later allocations within it) before
 * anything is bound. */
static int
socplat_check_dma_mask(const struct rte_socplat_device *dev,
		       const struct rte_socplat_driver *drv)
{
	unsigned int bits = drv->dma_bits;

	if (bits == 0 || bits >= 64 || rte_mem_check_dma_mask(bits) == 0)
		return 0;
	if (socplat_iova_mode() == RTE_IOVA_VA)
		SOCPLAT_LOG(ERR, "%s: hugepage memory lies beyond the device's %u-bit DMA reach (IOVA as VA): place it below 2^%u with --base-virtaddr",
			    dev->device.name, bits, bits);
	else
		SOCPLAT_LOG(ERR, "%s: hugepage memory lies beyond the device's %u-bit DMA reach (IOVA as PA, physical addresses): reserve hugepages at boot (hugepages= on the kernel command line) so they come from memory below 2^%u",
			    dev->device.name, bits, bits);
	return -ERANGE;
}

static int
socplat_probe_device(struct rte_socplat_device *dev)
{
	struct socplat_device *sdev = SOCPLAT_PRIV(dev);
	const char *name = dev->device.name;
	const struct rte_socplat_id *id = NULL;
	struct rte_socplat_driver *drv;
	enum socplat_bind_action act;
	char kdrv[64];
	int ret;

	if (dev->driver != NULL)
		return -EEXIST;
	drv = socplat_wanted(dev, &id, &act, false);
	if (drv == NULL)
		return 1;
	ret = socplat_parse_devargs(sdev, dev->device.devargs);
	if (ret < 0)
		return ret;
	if (sdev->dma_coherent_arg >= 0)
		dev->dma_coherent = sdev->dma_coherent_arg;
	else
		dev->dma_coherent = rte_socplat_dt_has(dev, "dma-coherent");
	ret = socplat_dma_check(dev, rte_eal_iova_mode());
	if (ret < 0)
		return ret;

	if (drv->drv_flags & RTE_SOCPLAT_DRV_NEED_MAPPING) {
		if (act == SOCPLAT_BIND_NOT_READY) {
			if (platsysfs_driver(socplat_sysfs(), name, kdrv,
					     sizeof(kdrv)) < 0)
				rte_strscpy(kdrv, "none", sizeof(kdrv));
			SOCPLAT_LOG(ERR, "%s: not on vfio-platform (driver: %s) and a secondary process never binds: let the primary process take it (-a %s there)",
				    name, kdrv, name);
			return -ENODEV;
		}
		/* Nothing is written before every check that can be made
		 * without binding has passed. */
		ret = socplat_bind_checks(dev, act, drv->reset_kmod,
					  sdev->force);
		if (ret == 0)
			ret = socplat_check_dma_mask(dev, drv);
		if (ret < 0)
			return ret;
		ret = socplat_bind(dev, act);
		if (ret < 0)
			return ret;
		ret = socplat_vfio_map(dev, drv->drv_flags & RTE_SOCPLAT_DRV_INTR);
		if (ret < 0)
			goto undo;
	} else {
		ret = socplat_check_dma_mask(dev, drv);
		if (ret < 0)
			return ret;
	}

	dev->id = id;
	dev->driver = drv;
	dev->device.driver = &drv->driver;
	SOCPLAT_LOG(INFO, "%s: probing %s (\"%s\")", name, drv->driver.name,
		    id->compatible);
	ret = drv->probe(drv, dev);
	if (ret != 0) {
		SOCPLAT_LOG(ERR, "%s: driver %s failed to probe it: %s", name,
			    drv->driver.name, strerror(ret < 0 ? -ret : ret));
		dev->id = NULL;
		dev->driver = NULL;
		dev->device.driver = NULL;
		goto undo;
	}
	return 0;
undo:
	socplat_vfio_unmap(dev);
	/* We took it: leave it as we found it. */
	socplat_restore(dev);
	return ret;
}

static int
socplat_remove_device(struct rte_socplat_device *dev)
{
	struct socplat_device *sdev = SOCPLAT_PRIV(dev);
	struct rte_socplat_driver *drv = dev->driver;
	int ret;

	if (drv == NULL)
		return 0;
	if (drv->remove != NULL) {
		ret = drv->remove(dev);
		if (ret < 0) {
			SOCPLAT_LOG(ERR, "%s: driver %s refused to let go: %s",
				    dev->device.name, drv->driver.name,
				    strerror(-ret));
			return ret;
		}
	}
	dev->driver = NULL;
	dev->device.driver = NULL;
	dev->id = NULL;
	socplat_vfio_unmap(dev);
	if (sdev->restore && rte_eal_process_type() == RTE_PROC_PRIMARY)
		socplat_restore(dev);
	return 0;
}

static int
socplat_probe(void)
{
	struct rte_socplat_device *dev;
	struct rte_devargs *da;
	int failed_named = 0;

	SOCPLAT_FOREACH_DEV(dev) {
		int ret = socplat_probe_device(dev);

		if (ret < 0 && ret != -EEXIST && socplat_dev_named(dev))
			failed_named++;
	}
	/* A name the user gave that matched nothing deserves a word. */
	RTE_EAL_DEVARGS_FOREACH(RTE_SOCPLAT_BUS_NAME, da) {
		bool found = false;

		if (da->policy != RTE_DEV_ALLOWED)
			continue;
		SOCPLAT_FOREACH_DEV(dev)
			found |= strcmp(dev->device.name, da->name) == 0;
		if (!found)
			SOCPLAT_LOG(WARNING, "%s: no such platform device with a device-tree node a registered driver claims (ls %s)",
				    da->name, socplat_devices_dir());
	}
	/* Only a device the user asked for by name fails the application. */
	return failed_named ? -1 : 0;
}

static int
socplat_plug(struct rte_device *rdev)
{
	int ret = socplat_probe_device(RTE_DEV_TO_SOCPLAT(rdev));

	/* rte_dev_probe() treats > 0 as "no driver", which is what 1 is. */
	return ret;
}

static int
socplat_unplug(struct rte_device *rdev)
{
	struct rte_socplat_device *dev = RTE_DEV_TO_SOCPLAT(rdev);
	int ret;

	ret = socplat_remove_device(dev);
	if (ret < 0)
		return ret;
	TAILQ_REMOVE(&socplat_bus.devices, dev, next);
	/* The devargs a hot plug inserted die with the device, as PCI's do;
	 * a rescan finds the device again, unnamed. */
	if (dev->device.devargs != NULL)
		rte_devargs_remove(dev->device.devargs);
	socplat_device_free(dev);
	return 0;
}

static int
socplat_cleanup(void)
{
	struct rte_socplat_device *dev;
	int err = 0;

	while ((dev = TAILQ_FIRST(&socplat_bus.devices)) != NULL) {
		TAILQ_REMOVE(&socplat_bus.devices, dev, next);
		if (socplat_remove_device(dev) < 0) {
			err = -1;
			/* Still release what we hold: the process is ending. */
			socplat_vfio_unmap(dev);
			if (SOCPLAT_PRIV(dev)->restore)
				socplat_restore(dev);
		}
		socplat_device_free(dev);
	}
	return err;
}

/*
 * Called between scan and memory setup. A no-IOMMU group has no DMA
 * translation: the device sees physical addresses, so IOVA must be PA. A
 * real IOMMU maps whatever we ask: prefer VA. Devices that will not be
 * probed have no say. Drivers' DMA reach is set here so that EAL places
 * hugepages within it.
 */
static enum rte_iova_mode
socplat_get_iommu_class(void)
{
	const struct platsysfs *ps = socplat_sysfs();
	bool want_pa = false, want_va = false;
	struct rte_socplat_device *dev;

	SOCPLAT_FOREACH_DEV(dev) {
		const struct rte_socplat_id *id;
		struct rte_socplat_driver *drv;
		enum socplat_bind_action act;
		int group;

		drv = socplat_wanted(dev, &id, &act, true);
		if (drv == NULL)
			continue;
		if (drv->dma_bits != 0 && drv->dma_bits < 64)
			rte_mem_set_dma_mask(drv->dma_bits);
		if (!(drv->drv_flags & RTE_SOCPLAT_DRV_NEED_MAPPING))
			continue;
		group = platsysfs_iommu_group(ps, dev->device.name);
		if (group >= 0 && !platsysfs_group_is_noiommu(ps, group))
			want_va = true;
		else if (group >= 0 || platsysfs_noiommu_mode(ps) == 1)
			want_pa = true;
	}
	if (want_pa) {
		if (want_va)
			SOCPLAT_LOG(WARNING, "devices behind an IOMMU and devices without one: IOVA as PA for all");
		return RTE_IOVA_PA;
	}
	return want_va ? RTE_IOVA_VA : RTE_IOVA_DC;
}

/* ---- regions ---- */

const struct rte_socplat_region *
rte_socplat_region(const struct rte_socplat_device *dev, unsigned int idx)
{
	return idx < dev->nb_regions ? &dev->regions[idx] : NULL;
}

const struct rte_socplat_region *
rte_socplat_region_by_name(const struct rte_socplat_device *dev,
			   const char *name)
{
	unsigned int i;

	for (i = 0; i < dev->nb_regions; i++)
		if (dev->regions[i].name != NULL &&
		    strcmp(dev->regions[i].name, name) == 0)
			return &dev->regions[i];
	return NULL;
}

bool
rte_socplat_dt_machine_is(const char *compatible)
{
	char why[SOCPLAT_DT_WHY_LEN];
	const char *str;
	uint8_t *val;
	size_t len;
	unsigned int i;
	bool found = false;

	if (socplat_dt_read_file(socplat_dt_base(), "compatible", &val,
				 &len) < 0)
		return false;
	for (i = 0; socplat_dt_parse_string(val, len, i, &str, why) == 0; i++)
		if (strcmp(str, compatible) == 0)
			found = true;
	free(val);
	return found;
}

int
rte_socplat_dt_mdio_owner(const struct rte_socplat_device *dev,
			  const char **node_path,
			  struct rte_socplat_device **owner)
{
	const struct socplat_dt_node *n = dev->dt;
	struct rte_socplat_device *d;

	if (n == NULL)
		return -ENOENT;
	/* No owner: no PHY on MDIO, or a phy-handle that could not be
	 * followed (then link_rc holds -EINVAL and it was logged at scan). */
	if (n->mdio_owner_dir == NULL)
		return n->link_rc == -EINVAL && !n->link.fixed &&
		       (socplat_dt_prop(n, "phy-handle") != NULL ||
			socplat_dt_prop(n, "phy") != NULL) ? -EINVAL : -ENOENT;
	if (node_path != NULL)
		*node_path = n->mdio_owner_path;
	if (owner == NULL)
		return 0;
	*owner = NULL;
	SOCPLAT_FOREACH_DEV(d)
		if (d->dt != NULL && strcmp(d->dt->dir, n->mdio_owner_dir) == 0)
			*owner = d;
	return 0;
}

struct socplat_bus socplat_bus = {
	.bus = {
		.scan = socplat_sysfs_scan,
		.probe = socplat_probe,
		.find_device = socplat_find_device,
		.plug = socplat_plug,
		.unplug = socplat_unplug,
		.parse = socplat_parse,
		.devargs_parse = socplat_devargs_parse,
		.dma_map = socplat_dma_map,
		.dma_unmap = socplat_dma_unmap,
		.get_iommu_class = socplat_get_iommu_class,
		.dev_iterate = socplat_dev_iterate,
		.cleanup = socplat_cleanup,
	},
	.devices = TAILQ_HEAD_INITIALIZER(socplat_bus.devices),
	.drivers = TAILQ_HEAD_INITIALIZER(socplat_bus.drivers),
};

RTE_REGISTER_BUS(socplat, socplat_bus.bus);
RTE_LOG_REGISTER_DEFAULT(socplat_logtype, NOTICE);
