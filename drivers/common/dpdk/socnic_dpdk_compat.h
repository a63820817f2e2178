/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */
/*
 * What differs between the two DPDK LTS series socnic builds against:
 * 22.11 (Debian 12) and 24.11 (Debian 13). Every version check in the bus
 * and the PMD is here; the rest of the tree is written once, against the
 * API both share. meson.build accepts only these two series.
 *
 * 24.11's changes that reach us (release notes 23.03 to 24.11):
 *  - eth_dev_ops.dev_supported_ptypes_get also returns the list's length
 *    (24.03, "ethdev: add parameter to supported ptypes get").
 *  - DPDK's own platform bus (drivers/bus/platform, 23.03) may share the
 *    process with socplat: it lists every device bound to vfio-platform,
 *    our GEMs too (drivers/bus_platform/README.md, "DPDK's platform bus").
 * Fields both series have in two spellings (rte_flow_item_eth.hdr,
 * rte_flow_item_vlan.hdr) are used in the spelling 24.11 keeps.
 */
#ifndef SOCNIC_DPDK_COMPAT_H
#define SOCNIC_DPDK_COMPAT_H

#include <rte_version.h>

#if RTE_VERSION >= RTE_VERSION_NUM(24, 11, 0, 0) && RTE_VERSION < RTE_VERSION_NUM(24, 12, 0, 0)
#define SOCNIC_DPDK_SERIES "24.11"
#define SOCNIC_DPDK_PTYPES_COUNT 1	/* dev_supported_ptypes_get(dev, &n) */
#define SOCNIC_DPDK_PLATFORM_BUS 1	/* DPDK has its own "platform" bus */
#elif RTE_VERSION >= RTE_VERSION_NUM(22, 11, 0, 0) && RTE_VERSION < RTE_VERSION_NUM(22, 12, 0, 0)
#define SOCNIC_DPDK_SERIES "22.11"
#define SOCNIC_DPDK_PTYPES_COUNT 0	/* dev_supported_ptypes_get(dev) */
#define SOCNIC_DPDK_PLATFORM_BUS 0
#else
#error "socnic builds against DPDK 22.11.x or 24.11.x only (see meson.build)"
#endif

/*
 * SOCNIC_PTYPES_GET(name, fn): defines `name`, an eth_dev_ops
 * .dev_supported_ptypes_get for this DPDK, over
 *   const uint32_t *fn(struct rte_eth_dev *dev, size_t *count)
 * which returns the list (ending in RTE_PTYPE_UNKNOWN, as 22.11 reads it)
 * or NULL, and stores its length without that terminator in *count.
 */
#if SOCNIC_DPDK_PTYPES_COUNT
#define SOCNIC_PTYPES_GET(name, fn) \
	static const uint32_t *name(struct rte_eth_dev *dev, size_t *count) \
	{ \
		return fn(dev, count); \
	}
#else
#define SOCNIC_PTYPES_GET(name, fn) \
	static const uint32_t *name(struct rte_eth_dev *dev) \
	{ \
		size_t count; \
		return fn(dev, &count); \
	}
#endif

#endif /* SOCNIC_DPDK_COMPAT_H */
