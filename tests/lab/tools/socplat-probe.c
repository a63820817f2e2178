/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * socplat-probe: EAL, the socplat bus and a throwaway driver that claims
 * the GEMs and only looks at them. It shows what the bus did, so a lab job
 * can check it without writing to sysfs itself:
 *
 *   socplat-probe [EAL options] -- [--expect N] [--mid HEX] [--iova pa|va]
 *                                  [--hold SECONDS]
 *
 * One line per probed device (kernel driver now, IOMMU group, regions, the
 * module ID register read through the mapping, interrupts wired), then the
 * IOVA mode and a verdict; exit 0 only if every expectation holds. --hold
 * keeps a primary process (and its devices) alive for a secondary.
 */

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_io.h>
#include <rte_string_fns.h>

#include "bus_socplat_driver.h"
#include "gem_hw.h"

static unsigned int nb_probed, nb_bad_mid;
static long want_mid = -1;

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

static void
usage(const char *prog)
{
	fprintf(stderr, "usage: %s [EAL options] -- [--expect N] [--mid HEX] [--iova pa|va] [--hold SECONDS]\n",
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
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *want_iova = NULL, *iova;
	long expect = -1, hold = 0;
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
