/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What drivers/common/gem/gem_quiesce.h needs, in the kernel.
 * Copyright(c) 2026 socnic authors
 */

#ifndef GEM_OSDEP_H
#define GEM_OSDEP_H

#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/io.h>
#include <linux/types.h>

typedef void __iomem *gem_os_regs_t;

#define gem_os_rd(regs, off)		readl((regs) + (off))
/* writel's barrier orders earlier stores to DMA memory before the write. */
#define gem_os_wr(regs, off, val)	writel((val), (regs) + (off))
/* Called from vfio-platform's open and release: process context. */
#define gem_os_delay_us(us)		usleep_range((us), 2 * (us))
#define gem_os_sleep_us(us)		fsleep(us)
#define gem_os_cpu_to_le32(v)		((__force u32)cpu_to_le32(v))
#define GEM_OS_ETIMEDOUT		ETIMEDOUT

#endif /* GEM_OSDEP_H */
