/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * socplat-probe: EAL, the socplat bus and a throwaway driver that claims
 * the GEMs and only looks at them. It shows what the bus did, so a lab job
 * can check it without writing to sysfs itself:
 *
 *   socplat-probe [EAL options] -- [--expect N] [--mid HEX] [--iova pa|va]
 *                                  [--irq] [--hold SECONDS]
 *
 * One line per probed device (kernel driver now, IOMMU group, regions, the
 * module ID register read through the mapping, interrupts wired), then the
 * IOVA mode and a verdict; exit 0 only if every expectation holds. --hold
 * keeps a primary process (and its devices) alive for a secondary. --irq
 * makes each GEM raise its queue-0 interrupt twice through rte_intr: the
 * second only arrives if rte_socplat_irq_ack() unmasked the level line.
 */

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_interrupts.h>
#include <rte_io.h>
#include <rte_memzone.h>
#include <rte_string_fns.h>

#include "bus_socplat_driver.h"
#include "gem_hw.h"

static unsigned int nb_probed, nb_bad_mid;
static long want_mid = -1;
static struct rte_socplat_device *probed[8];

static const struct rte_socplat_id probe_ids[] = {
	{ "cdns,zynqmp-gem", NULL },
	{ "xlnx,versal-gem", NULL },
	{ "cdns,gem", NULL },
	{ NULL, NULL },
};

static void
kernel_driver(const char *dev, char *buf, size_t len)
{
	char path[PATH_MAX], target[PATH_MAX];
	const char *base;
	ssize_t r;

	snprintf(path, sizeof(path), "/sys/bus/platform/devices/%s/driver", dev);
	r = readlink(path, target, sizeof(target) - 1);
	if (r < 0) {
		snprintf(buf, len, "none");
		return;
	}
	target[r] = '\0';
	base = strrchr(target, '/');
	rte_strscpy(buf, base ? base + 1 : target, len);
}

static int
probe_probe(struct rte_socplat_driver *drv, struct rte_socplat_device *dev)
{
	const struct rte_socplat_region *r = rte_socplat_region(dev, 0);
	unsigned int i, wired = 0;
	uint32_t mid = 0;
	char kdrv[64];

	(void)drv;
	kernel_driver(dev->device.name, kdrv, sizeof(kdrv));
	if (r != NULL && r->addr != NULL && r->len >= GEM_MID + 4)
		mid = rte_read32((const uint8_t *)r->addr + GEM_MID);
	for (i = 0; i < dev->nb_irqs; i++)
		wired += dev->irqs != NULL && dev->irqs[i] != NULL;
	printf("socplat-probe: %s node=%s match=%s kdriver=%s group=%d%s regions=%u reg0=0x%" PRIx64 "+0x%" PRIx64 " mapped=%s mid=0x%08x irqs=%u/%u coherent=%d\n",
	       dev->device.name, dev->dt != NULL ?
	       rte_socplat_dt_path(dev) : "?", dev->id->compatible, kdrv,
	       dev->iommu_group, dev->noiommu ? "(noiommu)" : "",
	       dev->nb_regions, r ? r->phys : 0, r ? r->len : 0,
	       r && r->addr ? "yes" : "no", mid, wired, dev->nb_irqs,
	       dev->dma_coherent);
	fflush(stdout);
	if (nb_probed < RTE_DIM(probed))
		probed[nb_probed] = dev;
	nb_probed++;
	if (want_mid >= 0 && mid != (uint32_t)want_mid)
		nb_bad_mid++;
	return 0;
}

static int
probe_remove(struct rte_socplat_device *dev)
{
	(void)dev;
	return 0;
}

static struct rte_socplat_driver probe_drv = {
	.id_table = probe_ids,
	.probe = probe_probe,
	.remove = probe_remove,
	.drv_flags = RTE_SOCPLAT_DRV_NEED_MAPPING | RTE_SOCPLAT_DRV_INTR,
	.reset_kmod = "vfio-platform-gem",
};

RTE_PMD_REGISTER_SOCPLAT(socplat_probe, probe_drv);

static inline uint32_t
reg_rd(const struct rte_socplat_device *dev, uint32_t off)
{
	return rte_read32((const uint8_t *)dev->regions[0].addr + off);
}

static inline void
reg_wr(const struct rte_socplat_device *dev, uint32_t off, uint32_t val)
{
	rte_write32(val, (uint8_t *)dev->regions[0].addr + off);
}

static unsigned int irq_count;

/* What a PMD's interrupt handler does: read (and so clear) the cause,
 * then give the line back to the interrupt controller. */
static void
irq_handler(void *arg)
{
	struct rte_socplat_device *dev = arg;
	uint32_t isr = reg_rd(dev, GEM_ISR);

	reg_wr(dev, GEM_ISR, isr); /* write-1-to-clear designs */
	__atomic_fetch_add(&irq_count, 1, __ATOMIC_RELEASE);
	rte_socplat_irq_ack(dev, 0);
}

static bool
wait_irqs(unsigned int n)
{
	uint64_t end = rte_get_timer_cycles() + rte_get_timer_hz();

	while (__atomic_load_n(&irq_count, __ATOMIC_ACQUIRE) < n)
		if (rte_get_timer_cycles() > end)
			return false;
	return true;
}

/*
 * A transmit start with every queue parked on a descriptor software owns:
 * the GEM reads it, finds it used and raises TXUBR on queue 0's line. No
 * frame leaves. Twice, so the second proves the unmask.
 */
static int
irq_test(struct rte_socplat_device *dev)
{
	const struct rte_memzone *mz;
	volatile uint32_t *desc;
	uint32_t queues, q;
	char name[RTE_MEMZONE_NAMESIZE];
	int fired, ret = -1;

	if (dev->nb_irqs == 0 || dev->irqs[0] == NULL) {
		printf("socplat-probe: %s: interrupt 0 not wired\n", dev->device.name);
		return -1;
	}
	snprintf(name, sizeof(name), "probe_%s", dev->device.name);
	mz = rte_memzone_reserve_aligned(name, 64, SOCKET_ID_ANY,
					 RTE_MEMZONE_IOVA_CONTIG, 64);
	if (mz == NULL)
		return -1;
	desc = mz->addr;
	desc[0] = 0;
	desc[1] = GEM_TX_W1_USED | GEM_TX_W1_WRAP;
	rte_wmb();
	reg_wr(dev, GEM_IDR, GEM_INT_ALL);
	reg_rd(dev, GEM_ISR);
	reg_wr(dev, GEM_TBQPH, (uint32_t)(mz->iova >> 32));
	reg_wr(dev, GEM_TBQP, (uint32_t)mz->iova);
	queues = reg_rd(dev, GEM_DCFG6) & ((1u << GEM_DCFG6_QUEUES_WIDTH) - 1);
	for (q = 1; q < GEM_MAX_QUEUES; q++)
		if (queues & (1u << q))
			reg_wr(dev, GEM_TBQP_Q(q), (uint32_t)mz->iova);

	irq_count = 0;
	if (rte_intr_callback_register(dev->irqs[0], irq_handler, dev) < 0)
		goto out;
	reg_wr(dev, GEM_IER, GEM_INT_TXUBR);
	reg_wr(dev, GEM_NCR, reg_rd(dev, GEM_NCR) | GEM_NCR_TE);
	reg_wr(dev, GEM_NCR, reg_rd(dev, GEM_NCR) | GEM_NCR_TSTART);
	fired = wait_irqs(1);
	if (fired) {
		reg_wr(dev, GEM_NCR, reg_rd(dev, GEM_NCR) | GEM_NCR_TSTART);
		fired += wait_irqs(2);
	}
	printf("socplat-probe: %s irq0 fired=%u\n", dev->device.name,
	       __atomic_load_n(&irq_count, __ATOMIC_ACQUIRE));
	ret = fired == 2 ? 0 : -1;
	reg_wr(dev, GEM_IDR, GEM_INT_ALL);
	reg_wr(dev, GEM_NCR, reg_rd(dev, GEM_NCR) & ~GEM_NCR_TE);
	rte_intr_callback_unregister_sync(dev->irqs[0], irq_handler, dev);
out:
	rte_memzone_free(mz);
	return ret;
}

static void
usage(const char *prog)
{
	fprintf(stderr, "usage: %s [EAL options] -- [--expect N] [--mid HEX] [--iova pa|va] [--irq] [--hold SECONDS]\n",
		prog);
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "expect", required_argument, NULL, 'e' },
		{ "mid", required_argument, NULL, 'm' },
		{ "iova", required_argument, NULL, 'i' },
		{ "hold", required_argument, NULL, 'H' },
		{ "irq", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *want_iova = NULL, *iova;
	long expect = -1, hold = 0;
	bool irq = false;
	int ret, c, fails = 0;

	ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		fprintf(stderr, "socplat-probe: EAL init failed: %s\n",
			rte_strerror(rte_errno));
		return 1;
	}
	argc -= ret;
	argv += ret;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'e':
			expect = strtol(optarg, NULL, 0);
			break;
		case 'm':
			want_mid = strtol(optarg, NULL, 0);
			break;
		case 'i':
			want_iova = optarg;
			break;
		case 'H':
			hold = strtol(optarg, NULL, 0);
			break;
		case 'q':
			irq = true;
			break;
		default:
			usage(argv[0]);
			rte_eal_cleanup();
			return 2;
		}
	}
	iova = rte_socplat_iova_mode() == RTE_IOVA_PA ? "pa" : "va";
	printf("socplat-probe: iova=%s probed=%u\n", iova, nb_probed);
	fflush(stdout);
	if (expect >= 0 && nb_probed != expect) {
		printf("socplat-probe: FAIL: %u device(s) probed, expected %ld\n",
		       nb_probed, expect);
		fails++;
	}
	if (nb_bad_mid != 0) {
		printf("socplat-probe: FAIL: %u device(s) read a module ID other than 0x%08lx\n",
		       nb_bad_mid, want_mid);
		fails++;
	}
	if (want_iova != NULL && strcmp(want_iova, iova) != 0) {
		printf("socplat-probe: FAIL: IOVA mode %s, expected %s\n", iova,
		       want_iova);
		fails++;
	}
	for (c = 0; irq && c < (int)RTE_MIN(nb_probed, RTE_DIM(probed)); c++) {
		if (irq_test(probed[c]) < 0) {
			printf("socplat-probe: FAIL: %s: interrupt did not arrive twice\n",
			       probed[c]->device.name);
			fails++;
		}
	}
	if (hold > 0) {
		printf("socplat-probe: holding for %ld s\n", hold);
		fflush(stdout);
		sleep(hold);
	}
	/* Releases everything: unmaps, closes VFIO, gives back (restore=1). */
	rte_eal_cleanup();
	printf("socplat-probe: %s\n", fails ? "FAILED" : "OK");
	return fails ? 1 : 0;
}
