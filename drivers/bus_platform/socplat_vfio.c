/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * A platform device through VFIO: EAL's rte_vfio owns the container and
 * the groups (and hands secondaries the group fd over its mp channel); we
 * open the device, mmap every region and wire every interrupt to an
 * eventfd. vfio-platform numbers regions and interrupts in the order of
 * the node's `reg` and `interrupts`, so index i here is entry i there.
 */

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_interrupts.h>
#include <rte_vfio.h>

#include "platsysfs.h"
#include "private.h"

#ifndef VFIO_PRESENT
#error "socplat needs VFIO (linux/vfio.h)"
#endif

static int
irq_set(const struct rte_socplat_device *dev, unsigned int idx,
	uint32_t flags, int fd)
{
	char buf[sizeof(struct vfio_irq_set) + sizeof(int32_t)];
	struct vfio_irq_set *set = (struct vfio_irq_set *)buf;
	int32_t efd = fd;

	memset(buf, 0, sizeof(buf));
	set->argsz = sizeof(*set);
	set->flags = flags;
	set->index = idx;
	set->start = 0;
	set->count = 1;
	if (flags & VFIO_IRQ_SET_DATA_EVENTFD) {
		set->argsz = sizeof(buf);
		memcpy(set->data, &efd, sizeof(efd));
	} else if ((flags & VFIO_IRQ_SET_ACTION_TYPE_MASK) ==
		   VFIO_IRQ_SET_ACTION_TRIGGER) {
		set->count = 0; /* DATA_NONE with count 0 tears the trigger down */
	}
	if (ioctl(dev->vfio_dev_fd, VFIO_DEVICE_SET_IRQS, set) < 0)
		return -errno;
	return 0;
}

static void
wire_irqs(struct rte_socplat_device *dev)
{
	struct socplat_device *sdev = SOCPLAT_PRIV(dev);
	const char *name = dev->device.name;
	unsigned int i, wired = 0;

	for (i = 0; i < dev->nb_irqs; i++) {
		struct vfio_irq_info info = { .argsz = sizeof(info), .index = i };
		struct rte_intr_handle *h;
		const char *irq_name = i < dev->dt->nb_irq_names ?
			dev->dt->irq_names[i] : "-";
		int efd, ret;

		if (ioctl(dev->vfio_dev_fd, VFIO_DEVICE_GET_IRQ_INFO, &info) < 0 ||
		    !(info.flags & VFIO_IRQ_INFO_EVENTFD)) {
			SOCPLAT_LOG(WARNING, "%s: interrupt %u (%s) cannot signal an eventfd; continuing without it",
				    name, i, irq_name);
			continue;
		}
		sdev->irq_flags[i] = info.flags;
		efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		if (efd < 0) {
			int err = errno;

			SOCPLAT_LOG(WARNING, "%s: interrupt %u (%s): eventfd: %s; continuing without it",
				    name, i, irq_name, strerror(err));
			continue;
		}
		ret = irq_set(dev, i, VFIO_IRQ_SET_DATA_EVENTFD |
			      VFIO_IRQ_SET_ACTION_TRIGGER, efd);
		if (ret < 0) {
			/* vfio-platform requests every line when the device is
			 * opened and reports a refusal here; the emulated
			 * board lists one SPI twice, so its second entry
			 * always lands here. The device works without it. */
			SOCPLAT_LOG(WARNING, "%s: interrupt %u (%s) could not be requested: %s (the kernel log says why; \"Flags mismatch\" means the device tree lists one line twice); continuing without it",
				    name, i, irq_name, strerror(-ret));
			close(efd);
			continue;
		}
		h = rte_intr_instance_alloc(RTE_INTR_INSTANCE_F_PRIVATE);
		if (h == NULL || rte_intr_type_set(h, RTE_INTR_HANDLE_EXT) ||
		    rte_intr_fd_set(h, efd) ||
		    rte_intr_dev_fd_set(h, dev->vfio_dev_fd)) {
			SOCPLAT_LOG(WARNING, "%s: interrupt %u (%s): no interrupt handle; continuing without it",
				    name, i, irq_name);
			irq_set(dev, i, VFIO_IRQ_SET_DATA_NONE |
				VFIO_IRQ_SET_ACTION_TRIGGER, -1);
			rte_intr_instance_free(h);
			close(efd);
			continue;
		}
		dev->irqs[i] = h;
		wired++;
	}
	SOCPLAT_LOG(INFO, "%s: %u of %u interrupt(s) wired", name, wired,
		    dev->nb_irqs);
}

static void
unwire_irqs(struct rte_socplat_device *dev)
{
	unsigned int i;

	if (dev->irqs == NULL)
		return;
	for (i = 0; i < dev->nb_irqs; i++) {
		struct rte_intr_handle *h = dev->irqs[i];

		if (h == NULL)
			continue;
		irq_set(dev, i, VFIO_IRQ_SET_DATA_NONE |
			VFIO_IRQ_SET_ACTION_TRIGGER, -1);
		close(rte_intr_fd_get(h));
		rte_intr_instance_free(h);
		dev->irqs[i] = NULL;
	}
}

int
socplat_map_regions(struct rte_socplat_device *dev, unsigned int nb)
{
	struct socplat_device *sdev = SOCPLAT_PRIV(dev);
	const char *name = dev->device.name;
	unsigned int i;

	for (i = 0; i < nb; i++) {
		struct vfio_region_info info = { .argsz = sizeof(info), .index = i };
		struct rte_socplat_region *r = &dev->regions[i];
		int prot = 0;
		void *addr;

		int err;

		if (ioctl(dev->vfio_dev_fd, VFIO_DEVICE_GET_REGION_INFO,
			  &info) < 0) {
			/* Logging may change errno: keep the ioctl's. */
			err = errno;
			SOCPLAT_LOG(ERR, "%s: VFIO_DEVICE_GET_REGION_INFO %u: %s",
				    name, i, strerror(err));
			return -err;
		}
		sdev->region_off[i] = info.offset;
		if (r->len == 0)
			r->len = info.size;
		if (!(info.flags & VFIO_REGION_INFO_FLAG_MMAP) || info.size == 0) {
			/* vfio-platform only mmaps page-aligned regions. */
			SOCPLAT_LOG(NOTICE, "%s: region %u (%s) cannot be mmapped (not page aligned?); drivers see it unmapped",
				    name, i, r->name ? r->name : "-");
			continue;
		}
		if (info.flags & VFIO_REGION_INFO_FLAG_READ)
			prot |= PROT_READ;
		if (info.flags & VFIO_REGION_INFO_FLAG_WRITE)
			prot |= PROT_WRITE;
		addr = mmap(NULL, info.size, prot, MAP_SHARED,
			    dev->vfio_dev_fd, info.offset);
		if (addr == MAP_FAILED) {
			err = errno;
			SOCPLAT_LOG(ERR, "%s: cannot map region %u (%s, 0x%" PRIx64 " bytes): %s",
				    name, i, r->name ? r->name : "-",
				    (uint64_t)info.size, strerror(err));
			return -err;
		}
		r->addr = addr;
		sdev->map_len[i] = info.size;
		SOCPLAT_LOG(DEBUG, "%s: region %u (%s) 0x%" PRIx64 "+0x%" PRIx64 " at %p",
			    name, i, r->name ? r->name : "-", r->phys,
			    (uint64_t)info.size, addr);
	}
	return 0;
}

static void
unmap_regions(struct rte_socplat_device *dev)
{
	struct socplat_device *sdev = SOCPLAT_PRIV(dev);
	unsigned int i;

	if (sdev->map_len == NULL)
		return;
	for (i = 0; i < dev->nb_regions; i++) {
		if (dev->regions[i].addr != NULL && sdev->map_len[i] != 0)
			munmap(dev->regions[i].addr, sdev->map_len[i]);
		dev->regions[i].addr = NULL;
		sdev->map_len[i] = 0;
	}
}

/* VFIO and the device tree should agree on the region count; when they do
 * not, VFIO's is what can be mapped. */
static int
fit_regions(struct rte_socplat_device *dev, unsigned int nb)
{
	struct socplat_device *sdev = SOCPLAT_PRIV(dev);
	struct rte_socplat_region *r;

	if (nb != dev->nb_regions)
		SOCPLAT_LOG(WARNING, "%s: VFIO reports %u region(s), the device tree %u",
			    dev->device.name, nb, dev->nb_regions);
	if (nb > dev->nb_regions) {
		r = realloc(dev->regions, nb * sizeof(*r));
		if (r == NULL)
			return -ENOMEM;
		memset(r + dev->nb_regions, 0,
		       (nb - dev->nb_regions) * sizeof(*r));
		dev->regions = r;
		dev->nb_regions = nb;
	}
	sdev->map_len = calloc(dev->nb_regions, sizeof(*sdev->map_len));
	sdev->region_off = calloc(dev->nb_regions, sizeof(*sdev->region_off));
	if (dev->nb_regions != 0 &&
	    (sdev->map_len == NULL || sdev->region_off == NULL))
		return -ENOMEM;
	return 0;
}

static int
check_group(struct rte_socplat_device *dev)
{
	const char *name = dev->device.name;
	char file[64];
	int group;

	group = platsysfs_iommu_group(socplat_sysfs(), name);
	if (group < 0) {
		SOCPLAT_LOG(ERR, "%s: on vfio-platform but in no IOMMU group: attach the device to an IOMMU (iommus, see the dts/ smmu overlay), or %s and bind it again",
			    name, platsysfs_noiommu_fix(socplat_sysfs()));
		return -ENODEV;
	}
	dev->iommu_group = group;
	dev->noiommu = platsysfs_group_is_noiommu(socplat_sysfs(), group);
	if (dev->noiommu && socplat_iova_mode() != RTE_IOVA_PA) {
		SOCPLAT_LOG(ERR, "%s: %s", name, SOCPLAT_IOVA_PA_NEEDED);
		return -EINVAL;
	}
	if (socplat_group_viable(name, group) < 0)
		return -EBUSY;
	if (rte_eal_process_type() != RTE_PROC_PRIMARY)
		return 0; /* the primary hands us the group fd */
	snprintf(file, sizeof(file), dev->noiommu ? "/dev/vfio/noiommu-%d" :
		 "/dev/vfio/%d", group);
	if (access(file, R_OK | W_OK) < 0 && (errno == EACCES || errno == EPERM)) {
		SOCPLAT_LOG(ERR, "%s: permission denied opening %s: %s",
			    name, file, dev->noiommu ?
			    "run as root (no-IOMMU mode needs CAP_SYS_RAWIO)" :
			    "run as root or give this user the group file (chown)");
		return -EACCES;
	}
	return 0;
}

int
socplat_vfio_map(struct rte_socplat_device *dev, bool want_irqs)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };
	struct socplat_device *sdev = SOCPLAT_PRIV(dev);
	const char *name = dev->device.name;
	int ret;

	/* What the group needs first: those errors say what to change. */
	ret = check_group(dev);
	if (ret < 0)
		return ret;
	if (!rte_vfio_is_enabled("vfio")) {
		/* EAL opens the container at start-up, or never. */
		if (access("/dev/vfio/vfio", F_OK) != 0)
			SOCPLAT_LOG(ERR, "%s: VFIO is not enabled in EAL (the vfio module was not loaded when the application started): modprobe vfio-platform, then restart the application",
				    name);
		else if (access("/dev/vfio/vfio", R_OK | W_OK) != 0)
			SOCPLAT_LOG(ERR, "%s: permission denied opening /dev/vfio/vfio: run as root",
				    name);
		else
			SOCPLAT_LOG(ERR, "%s: VFIO is not enabled in EAL (see EAL's messages above)",
				    name);
		return -ENODEV;
	}
	ret = rte_vfio_setup_device(socplat_devices_dir(), name,
				    &dev->vfio_dev_fd, &info);
	if (ret != 0) {
		SOCPLAT_LOG(ERR, "%s: VFIO could not open the device (see EAL's message above)",
			    name);
		dev->vfio_dev_fd = -1;
		return -EIO;
	}
	if (!(info.flags & VFIO_DEVICE_FLAGS_PLATFORM))
		SOCPLAT_LOG(WARNING, "%s: VFIO does not call it a platform device (flags 0x%x)",
			    name, info.flags);

	ret = fit_regions(dev, info.num_regions);
	if (ret == 0)
		ret = socplat_map_regions(dev, info.num_regions);
	if (ret < 0)
		goto fail;

	if (dev->dt->nb_dt_irqs >= 0 &&
	    info.num_irqs != (unsigned int)dev->dt->nb_dt_irqs)
		SOCPLAT_LOG(WARNING, "%s: VFIO reports %u interrupt(s), the device tree %d",
			    name, info.num_irqs, dev->dt->nb_dt_irqs);
	dev->nb_irqs = info.num_irqs;
	dev->irqs = calloc(RTE_MAX(dev->nb_irqs, 1u), sizeof(*dev->irqs));
	sdev->irq_flags = calloc(RTE_MAX(dev->nb_irqs, 1u),
				 sizeof(*sdev->irq_flags));
	if (dev->irqs == NULL || sdev->irq_flags == NULL) {
		ret = -ENOMEM;
		goto fail;
	}
	/* The primary owns the lines: a second SET_IRQS from a secondary
	 * would steal them from it. */
	if (want_irqs && rte_eal_process_type() == RTE_PROC_PRIMARY)
		wire_irqs(dev);
	SOCPLAT_LOG(INFO, "%s: VFIO %sgroup %d, %u region(s)", name,
		    dev->noiommu ? "no-IOMMU " : "", dev->iommu_group,
		    dev->nb_regions);
	return 0;
fail:
	socplat_vfio_unmap(dev);
	return ret;
}

void
socplat_vfio_unmap(struct rte_socplat_device *dev)
{
	struct socplat_device *sdev = SOCPLAT_PRIV(dev);

	unwire_irqs(dev);
	free(dev->irqs);
	dev->irqs = NULL;
	free(sdev->irq_flags);
	sdev->irq_flags = NULL;
	unmap_regions(dev);
	free(sdev->map_len);
	sdev->map_len = NULL;
	free(sdev->region_off);
	sdev->region_off = NULL;
	if (dev->vfio_dev_fd >= 0 &&
	    rte_vfio_release_device(socplat_devices_dir(), dev->device.name,
				    dev->vfio_dev_fd) < 0)
		SOCPLAT_LOG(WARNING, "%s: VFIO release failed", dev->device.name);
	dev->vfio_dev_fd = -1;
}

static int
irq_check(const struct rte_socplat_device *dev, unsigned int idx)
{
	if (idx >= dev->nb_irqs || dev->irqs == NULL || dev->irqs[idx] == NULL)
		return -EINVAL;
	return 0;
}

int
rte_socplat_irq_mask(const struct rte_socplat_device *dev, unsigned int idx)
{
	int ret = irq_check(dev, idx);

	return ret < 0 ? ret : irq_set(dev, idx, VFIO_IRQ_SET_DATA_NONE |
				       VFIO_IRQ_SET_ACTION_MASK, -1);
}

int
rte_socplat_irq_unmask(const struct rte_socplat_device *dev, unsigned int idx)
{
	int ret = irq_check(dev, idx);

	return ret < 0 ? ret : irq_set(dev, idx, VFIO_IRQ_SET_DATA_NONE |
				       VFIO_IRQ_SET_ACTION_UNMASK, -1);
}

int
rte_socplat_irq_ack(const struct rte_socplat_device *dev, unsigned int idx)
{
	const struct socplat_device *sdev =
		container_of(dev, const struct socplat_device, dev);
	uint64_t count;
	int ret = irq_check(dev, idx);

	if (ret < 0)
		return ret;
	/* Non-blocking: nothing to drain is not an error. */
	if (read(rte_intr_fd_get(dev->irqs[idx]), &count, sizeof(count)) < 0 &&
	    errno != EAGAIN)
		return -errno;
	/* A level line is masked by vfio-platform as it fires. */
	if (sdev->irq_flags[idx] & VFIO_IRQ_INFO_AUTOMASKED)
		return rte_socplat_irq_unmask(dev, idx);
	return 0;
}

int
rte_socplat_irq_by_name(const struct rte_socplat_device *dev,
			const char *name)
{
	unsigned int i;

	for (i = 0; dev->dt != NULL && i < dev->dt->nb_irq_names; i++)
		if (strcmp(dev->dt->irq_names[i], name) == 0)
			return (int)i;
	return -ENOENT;
}

/*
 * DMA mapping for a device: every socplat device shares DPDK's default
 * VFIO container, so map there (or unmap: map false), once it has one.
 */
static int
socplat_dma(struct rte_device *rdev, void *addr, uint64_t iova, size_t len,
	    bool map)
{
	struct rte_socplat_device *dev = RTE_DEV_TO_SOCPLAT(rdev);

	if (dev->vfio_dev_fd < 0) {
		rte_errno = ENODEV;
		return -1;
	}
	if (map)
		return rte_vfio_container_dma_map(RTE_VFIO_DEFAULT_CONTAINER_FD,
						  (uintptr_t)addr, iova, len);
	return rte_vfio_container_dma_unmap(RTE_VFIO_DEFAULT_CONTAINER_FD,
					    (uintptr_t)addr, iova, len);
}

int
socplat_dma_map(struct rte_device *rdev, void *addr, uint64_t iova,
		size_t len)
{
	return socplat_dma(rdev, addr, iova, len, true);
}

int
socplat_dma_unmap(struct rte_device *rdev, void *addr, uint64_t iova,
		  size_t len)
{
	return socplat_dma(rdev, addr, iova, len, false);
}
