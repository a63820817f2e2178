/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef RTE_BUS_SOCPLAT_H
#define RTE_BUS_SOCPLAT_H

/*
 * socplat: DPDK bus for device-tree platform devices (an SoC's own NICs).
 * Applications name its devices by their sysfs name, with or without the
 * bus prefix: `-a ff0c0000.ethernet` or `-a socplat:ff0c0000.ethernet`.
 * It is not DPDK's `platform` bus (23.03+), whose name it never takes.
 */

#ifdef __cplusplus
extern "C" {
#endif

#define RTE_SOCPLAT_BUS_NAME "socplat"

#ifdef __cplusplus
}
#endif

#endif /* RTE_BUS_SOCPLAT_H */
