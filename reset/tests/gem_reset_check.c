/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * gem-reset-check DEVICE: proves on a board that vfio-platform-gem leaves a
 * GEM quiesced when its VFIO user lets go, by closing the device and by
 * being killed with SIGKILL. No DPDK involved, so it checks the safety net
 * alone. DEVICE is the platform device's name (ff0c0000.ethernet), bound to
 * vfio-platform. Each round:
 *   1. open the device (VFIO resets it on open) and map region 0;
 *   2. make it live: enable every interrupt on every queue, set RE|TE and
 *      kick TX (TSTART), so TX reads the parked descriptors;
 *   3. let go: close the fd, or die by SIGKILL (the second round runs this in
 *      a child);
 *   4. check the kernel log gained exactly one reset line for DEVICE;
 *   5. reopen and check: RE/TE clear, every interrupt enabled in step 2 masked
 *      again, ISR/TSR/RSR clear, every queue's RX and TX ring pointer parked
 *      on one shared pair of descriptors.
 * gem-reset-check --inspect DEVICE: after someone else let go of DEVICE
 * (a DPDK process killed mid-traffic), opens it once more and checks the
 * state the resets left: RX/TX disabled and every interrupt masked.
 * gem-reset-check --state DEVICE: prints NCR and queue 0's IMR, touching
 * nothing; exits 0 if RX or TX is enabled (the GEM is running), else 1.
 * Exits 0 when every check passed, 1 on a failed check, 2 on a setup error.
 */

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/vfio.h>

#include "gem_hw.h"

/* What vfio-platform-gem logs after each reset (its dev_info line). */
#define RESET_LINE "GEM reset: DMA quiesced"

#define SYSLOG_ACTION_READ_ALL    3
#define SYSLOG_ACTION_SIZE_BUFFER 10


struct gem_vfio {
	int container;
	int group;
	int device;
	volatile uint32_t *regs;
	size_t size;
};

/* The state step 2 left, for the checks after the reopen. */
struct live_state {
	uint32_t qmask;
	uint32_t unmasked[GEM_MAX_QUEUES]; /* IMR bits enabling cleared */
	uint32_t tsr;
};

static const char *dev_name;
static int failures;

static void
setup_fail(const char *what)
{
	fprintf(stderr, "gem-reset-check: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void
check(bool ok, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
check(bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s: ", ok ? "ok" : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!ok)
		failures++;
}

static uint32_t
rd(const struct gem_vfio *g, uint32_t off)
{
	return g->regs[off / 4];
}

static void
wr(const struct gem_vfio *g, uint32_t off, uint32_t val)
{
	g->regs[off / 4] = val;
}

static void
gem_open(struct gem_vfio *g)
{
	char link[PATH_MAX], target[PATH_MAX], path[PATH_MAX];
	struct vfio_group_status status = { .argsz = sizeof(status) };
	struct vfio_region_info region = { .argsz = sizeof(region) };
	const char *group;
	ssize_t n;
	bool noiommu;
	void *map;

	snprintf(link, sizeof(link), "/sys/bus/platform/devices/%s/iommu_group",
		 dev_name);
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		setup_fail("no IOMMU group for the device: is it bound to vfio-platform?");
	target[n] = '\0';
	group = basename(target);
	snprintf(path, sizeof(path), "/dev/vfio/noiommu-%s", group);
	noiommu = access(path, F_OK) == 0;
	if (!noiommu)
		snprintf(path, sizeof(path), "/dev/vfio/%s", group);

	g->container = open("/dev/vfio/vfio", O_RDWR);
	if (g->container < 0)
		setup_fail("/dev/vfio/vfio (is the vfio module loaded?)");
	g->group = open(path, O_RDWR);
	if (g->group < 0)
		setup_fail(path);
	if (ioctl(g->group, VFIO_GROUP_GET_STATUS, &status) < 0)
		setup_fail("VFIO_GROUP_GET_STATUS");
	if (!(status.flags & VFIO_GROUP_FLAGS_VIABLE)) {
		errno = EBUSY;
		setup_fail("group not viable (another device of it has a driver)");
	}
	if (ioctl(g->group, VFIO_GROUP_SET_CONTAINER, &g->container) < 0)
		setup_fail("VFIO_GROUP_SET_CONTAINER");
	if (ioctl(g->container, VFIO_SET_IOMMU,
		  noiommu ? VFIO_NOIOMMU_IOMMU : VFIO_TYPE1_IOMMU) < 0)
		setup_fail("VFIO_SET_IOMMU");
	g->device = ioctl(g->group, VFIO_GROUP_GET_DEVICE_FD, dev_name);
	if (g->device < 0)
		setup_fail("VFIO_GROUP_GET_DEVICE_FD (the reset handler refused?)");
	region.index = 0;
	if (ioctl(g->device, VFIO_DEVICE_GET_REGION_INFO, &region) < 0)
		setup_fail("VFIO_DEVICE_GET_REGION_INFO");
	map = mmap(NULL, region.size, PROT_READ | PROT_WRITE, MAP_SHARED,
		   g->device, region.offset);
	if (map == MAP_FAILED)
		setup_fail("mmap of region 0");
	g->regs = map;
	g->size = region.size;
}

static void
gem_close(struct gem_vfio *g)
{
	munmap((void *)(uintptr_t)g->regs, g->size);
	close(g->device);
	close(g->group);
	close(g->container);
}

/* Lines of the kernel log that report a reset of our device. */
static int
reset_lines(bool print)
{
	int size = klogctl(SYSLOG_ACTION_SIZE_BUFFER, NULL, 0);
	char *buf, *line, *save;
	int n, count = 0;

	if (size <= 0)
		setup_fail("klogctl size");
	buf = malloc(size + 1);
	if (buf == NULL)
		setup_fail("malloc");
	n = klogctl(SYSLOG_ACTION_READ_ALL, buf, size);
	if (n < 0)
		setup_fail("klogctl read");
	buf[n] = '\0';
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		if (strstr(line, dev_name) && strstr(line, RESET_LINE)) {
			count++;
			if (print)
				printf("  log: %s\n", line);
		}
	}
	free(buf);
	return count;
}

static void
make_live(const struct gem_vfio *g, struct live_state *st)
{
	uint32_t q, masked;

	st->qmask = GEM_GET(GEM_DCFG6_QUEUES, rd(g, GEM_DCFG6)) | GEM_BIT32(0);
	for (q = 0; q < GEM_MAX_QUEUES; q++) {
		if (!(st->qmask & GEM_BIT32(q)))
			continue;
		/* Only implemented sources can be unmasked: the mask bits
		 * this write clears are what must be set again. */
		masked = rd(g, GEM_QREG(GEM_IMR, q));
		wr(g, GEM_QREG(GEM_IER, q), GEM_INT_ALL);
		st->unmasked[q] = masked & ~rd(g, GEM_QREG(GEM_IMR, q));
	}
	wr(g, GEM_NCR, rd(g, GEM_NCR) | GEM_NCR_RE | GEM_NCR_TE);
	wr(g, GEM_NCR, rd(g, GEM_NCR) | GEM_NCR_TSTART);
	st->tsr = rd(g, GEM_TSR);
}

static void
check_live(const struct gem_vfio *g, const struct live_state *st)
{
	uint32_t ncr = rd(g, GEM_NCR), q;

	check((ncr & (GEM_NCR_RE | GEM_NCR_TE)) == (GEM_NCR_RE | GEM_NCR_TE),
	      "live: NCR 0x%08" PRIx32 " has RE|TE", ncr);
	for (q = 0; q < GEM_MAX_QUEUES; q++)
		if (st->qmask & GEM_BIT32(q))
			check(st->unmasked[q] != 0,
			      "live: IER unmasked 0x%08" PRIx32 " on queue %" PRIu32,
			      st->unmasked[q], q);
	/* TX ran into the parked descriptor: hardware saw its USED bit. */
	check(st->tsr & GEM_TSR_UBR,
	      "live: TSTART hit a USED descriptor (TSR 0x%08" PRIx32 ")", st->tsr);
}

static void
check_quiesced(const struct gem_vfio *g, const struct live_state *st)
{
	uint32_t ncr = rd(g, GEM_NCR), tsr = rd(g, GEM_TSR), rsr = rd(g, GEM_RSR);
	uint32_t rx0 = rd(g, GEM_RBQP), tx0 = rd(g, GEM_TBQP);
	uint32_t q, imr, isr;

	check(!(ncr & (GEM_NCR_RE | GEM_NCR_TE)),
	      "NCR 0x%08" PRIx32 ": RX and TX disabled", ncr);
	check(!(tsr & GEM_TSR_ALL) && !(rsr & GEM_RSR_ALL),
	      "TSR 0x%08" PRIx32 " RSR 0x%08" PRIx32 " clear", tsr, rsr);
	check(rx0 != 0 && tx0 != 0 && rx0 != tx0 && !((rx0 | tx0) & 3),
	      "queue 0 parked: RBQP 0x%08" PRIx32 " TBQP 0x%08" PRIx32, rx0, tx0);
	for (q = 0; q < GEM_MAX_QUEUES; q++) {
		if (!(st->qmask & GEM_BIT32(q)))
			continue;
		imr = rd(g, GEM_QREG(GEM_IMR, q));
		isr = rd(g, GEM_QREG(GEM_ISR, q));
		check((imr & st->unmasked[q]) == st->unmasked[q],
		      "queue %" PRIu32 ": IMR 0x%08" PRIx32 " masks all of 0x%08" PRIx32,
		      q, imr, st->unmasked[q]);
		check(isr == 0, "queue %" PRIu32 ": ISR 0x%08" PRIx32 " clear", q, isr);
		if (q == 0)
			continue;
		check(rd(g, GEM_QREG(GEM_RBQP, q)) == rx0 && rd(g, GEM_QREG(GEM_TBQP, q)) == tx0,
		      "queue %" PRIu32 " parked with queue 0: RBQP 0x%08" PRIx32
		      " TBQP 0x%08" PRIx32, q, rd(g, GEM_QREG(GEM_RBQP, q)),
		      rd(g, GEM_QREG(GEM_TBQP, q)));
	}
}

static void
check_reset_logged(int before, const char *how)
{
	int after = reset_lines(false);

	check(after == before + 1, "%s: %d reset line(s) logged for %s (want 1)",
	      how, after - before, dev_name);
}

/* Round 1: the user closes the device. */
static void
round_close(void)
{
	struct gem_vfio g;
	struct live_state st;
	int before;

	printf("== round 1: close\n");
	gem_open(&g);
	make_live(&g, &st);
	check_live(&g, &st);
	before = reset_lines(false);
	gem_close(&g);
	check_reset_logged(before, "close");
	gem_open(&g);
	check_quiesced(&g, &st);
	gem_close(&g);
}

/* Round 2: the user is killed with SIGKILL while the device is live. */
static void
round_kill(void)
{
	struct gem_vfio g;
	struct live_state st;
	int pipefd[2], status, before;
	pid_t child;

	printf("== round 2: SIGKILL\n");
	if (pipe(pipefd) < 0)
		setup_fail("pipe");
	fflush(stdout);
	child = fork();
	if (child < 0)
		setup_fail("fork");
	if (child == 0) {
		close(pipefd[0]);
		gem_open(&g);
		make_live(&g, &st);
		check_live(&g, &st);
		fflush(stdout);
		if (write(pipefd[1], &st, sizeof(st)) != sizeof(st))
			_exit(2);
		for (;;)
			pause();
	}
	close(pipefd[1]);
	if (read(pipefd[0], &st, sizeof(st)) != sizeof(st)) {
		waitpid(child, &status, 0);
		fprintf(stderr, "gem-reset-check: the child could not make %s live\n",
			dev_name);
		exit(2);
	}
	before = reset_lines(false);
	kill(child, SIGKILL);
	if (waitpid(child, &status, 0) < 0)
		setup_fail("waitpid");
	check(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
	      "the child died of SIGKILL");
	check_reset_logged(before, "SIGKILL");
	gem_open(&g);
	check_quiesced(&g, &st);
	gem_close(&g);
}

/*
 * --inspect: the state a fresh mapping finds. "Every interrupt masked" is
 * checked without knowing which sources this GEM implements: masking all
 * of them (IDR) must not change IMR.
 */
static void
inspect(void)
{
	struct gem_vfio g;
	uint32_t ncr, qmask, q, imr;

	printf("== inspect\n");
	gem_open(&g);
	ncr = rd(&g, GEM_NCR);
	check(!(ncr & (GEM_NCR_RE | GEM_NCR_TE)),
	      "NCR 0x%08" PRIx32 ": RX and TX disabled", ncr);
	qmask = GEM_GET(GEM_DCFG6_QUEUES, rd(&g, GEM_DCFG6)) | GEM_BIT32(0);
	for (q = 0; q < GEM_MAX_QUEUES; q++) {
		if (!(qmask & GEM_BIT32(q)))
			continue;
		imr = rd(&g, GEM_QREG(GEM_IMR, q));
		wr(&g, GEM_QREG(GEM_IDR, q), GEM_INT_ALL);
		check(rd(&g, GEM_QREG(GEM_IMR, q)) == imr,
		      "queue %" PRIu32 ": IMR 0x%08" PRIx32 " has every interrupt masked",
		      q, imr);
	}
	gem_close(&g);
}

/* --state: what a fresh mapping finds, read only. */
static int
state(void)
{
	struct gem_vfio g;
	uint32_t ncr, imr;

	gem_open(&g);
	ncr = rd(&g, GEM_NCR);
	imr = rd(&g, GEM_QREG(GEM_IMR, 0));
	gem_close(&g);
	printf("%s: NCR 0x%08" PRIx32 " (RX %s, TX %s), IMR 0x%08" PRIx32 "\n",
	       dev_name, ncr, ncr & GEM_NCR_RE ? "on" : "off",
	       ncr & GEM_NCR_TE ? "on" : "off", imr);
	return ncr & (GEM_NCR_RE | GEM_NCR_TE) ? 0 : 1;
}

int
main(int argc, char **argv)
{
	bool inspect_only = argc == 3 && strcmp(argv[1], "--inspect") == 0;
	bool state_only = argc == 3 && strcmp(argv[1], "--state") == 0;

	if (argc != 2 && !inspect_only && !state_only) {
		fprintf(stderr, "usage: gem-reset-check [--inspect|--state] DEVICE (e.g. ff0c0000.ethernet, bound to vfio-platform)\n");
		return 2;
	}
	dev_name = argv[argc - 1];
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (state_only)
		return state();
	if (inspect_only) {
		inspect();
		printf("%s: %s\n", dev_name, failures ? "FAILED" : "passed");
		return failures ? 1 : 0;
	}
	round_close();
	round_kill();
	printf("kernel log:\n");
	reset_lines(true);
	printf("%s: %s\n", dev_name, failures ? "FAILED" : "passed");
	return failures ? 1 : 0;
}
