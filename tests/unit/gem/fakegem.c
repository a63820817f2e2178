/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/mii.h>

#include <rte_common.h>

#include "fakegem.h"
#include "gem_hw_ops.h"
#include "simcache.h"

#define FAKEGEM_PAGE 4096

/* The fakes alive, so the model's register hooks find theirs. */
static struct fakegem *fakegems[8];

static struct fakegem *
fakegem_of(const volatile void *regs)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(fakegems); i++)
		if (fakegems[i] != NULL &&
		    (const volatile void *)fakegems[i]->regs == regs)
			return fakegems[i];
	return NULL;
}

static void
fakegem_track(struct fakegem *f, struct fakegem *replace)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(fakegems); i++)
		if (fakegems[i] == replace) {
			fakegems[i] = f;
			return;
		}
	abort();	/* more fakes alive than any test needs */
}

void
fakegem_init(struct fakegem *f, uint32_t mid, uint32_t dcfg1, uint32_t dcfg2,
	     uint32_t dcfg6)
{
	memset(f, 0, sizeof(*f));
	f->regs = aligned_alloc(FAKEGEM_PAGE, FAKEGEM_PAGE);
	memset(f->regs, 0, FAKEGEM_PAGE);
	fakegem_wr(f, GEM_MID, mid);
	fakegem_wr(f, GEM_DCFG1, dcfg1);
	fakegem_wr(f, GEM_DCFG2, dcfg2);
	fakegem_wr(f, GEM_DCFG6, dcfg6);
	/* MDIO idle, as the model always is. */
	fakegem_wr(f, GEM_NSR, GEM_NSR_MDIO_IDLE);
	f->phy_addr = -1;
	fakegem_track(f, NULL);
}

void
fakegem_free(struct fakegem *f)
{
	unsigned int q;

	for (q = 0; q < GEM_MAX_QUEUES; q++)
		free(f->txs[q].frame);
	free(f->regs);
	f->regs = NULL;
	fakegem_track(NULL, f);
}

uint32_t
fakegem_rd(const struct fakegem *f, uint32_t off)
{
	return *(volatile uint32_t *)(f->regs + off);
}

void
fakegem_wr(struct fakegem *f, uint32_t off, uint32_t val)
{
	*(volatile uint32_t *)(f->regs + off) = val;
}

void
fakegem_start(struct fakegem *f)
{
	memset(f->rx_pos, 0, sizeof(f->rx_pos));
	memset(f->tx_pos, 0, sizeof(f->tx_pos));
	f->tx_stuck = false;
	f->tx_errors = 0;
	memset(f->fault_rx, 0, sizeof(f->fault_rx));
	memset(f->fault_tx, 0, sizeof(f->fault_tx));
	memset(f->rx_stopped, 0, sizeof(f->rx_stopped));
	memset(f->tx_stopped, 0, sizeof(f->tx_stopped));
	memset(f->rx_lost, 0, sizeof(f->rx_lost));
	f->base_ignored = 0;
	for (unsigned int q = 0; q < GEM_MAX_QUEUES; q++) {
		uint8_t *frame = f->txs[q].frame;

		memset(&f->txs[q], 0, sizeof(f->txs[q]));
		f->txs[q].frame = frame;
	}
	fakegem_wr(f, GEM_TSR, 0);
	fakegem_wr(f, GEM_RSR, 0);
}

/* ---- the registers as the PMD's accesses find them (GEM_DEVICE_MODEL) ---- */

static void
fakegem_count(struct fakegem *f, uint32_t off, uint32_t n)
{
	fakegem_wr(f, off, fakegem_rd(f, off) + n);
}

static void
fakegem_set(struct fakegem *f, uint32_t off, uint32_t bits)
{
	fakegem_wr(f, off, fakegem_rd(f, off) | bits);
}

static bool
fakegem_is_stat(uint32_t off)
{
	return off >= GEM_STATS_FIRST && off <= GEM_STATS_LAST;
}

/* Queue q's ISR, or -1. */
static int
fakegem_isr_queue(uint32_t off)
{
	if (off == GEM_ISR)
		return 0;
	if (off >= GEM_ISR_Q(1) && off <= GEM_ISR_Q(GEM_MAX_QUEUES - 1))
		return (int)(off - GEM_ISR_Q(1)) / 4 + 1;
	return -1;
}

/* Queue q whose RX (rx) or TX ring base this is, or -1. */
static int
fakegem_base_queue(uint32_t off, bool rx)
{
	const uint32_t base = rx ? GEM_RBQP : GEM_TBQP;
	const uint32_t first = rx ? GEM_RBQP_Q(1) : GEM_TBQP_Q(1);

	if (off == base)
		return 0;
	if (off >= first && off < first + 4 * (GEM_MAX_QUEUES - 1))
		return (int)(off - first) / 4 + 1;
	return -1;
}

static void fakegem_tx_idle(struct fakegem *f, struct fakegem_txs *t);

/*
 * THALT: each transmitter stops at a frame boundary. The model stops at
 * once and takes the frame it was reading again from its start, which is
 * what the wire sees when the halt waits for that frame's end.
 */
static void
fakegem_halt(struct fakegem *f)
{
	unsigned int q;

	for (q = 0; q < GEM_MAX_QUEUES; q++) {
		struct fakegem_txs *t = &f->txs[q];

		if (!t->busy)
			continue;
		f->tx_pos[q] = t->len != 0 ? t->first :
			       t->nb_pf != 0 ? t->pf_idx[0] : t->next;
		t->len = 0;
		fakegem_tx_idle(f, t);
	}
}

static void fakegem_tx_take_doorbell(struct fakegem *f, unsigned int q);

/*
 * NCR: TE cleared puts every transmitter back at its ring's base. On
 * silicon TSTART starts every idle transmitter at once (its queue base
 * then no longer latches); QEMU-like, the fake takes it at the next run.
 */
static void
fakegem_ncr_wr(struct fakegem *f, uint32_t val)
{
	const uint32_t old = fakegem_rd(f, GEM_NCR);
	unsigned int q;

	if ((val & GEM_NCR_THALT) && f->halt_ignored != 0) {
		f->halt_ignored--;
		fakegem_set(f, GEM_TSR, GEM_TSR_TGO);
	} else if (val & GEM_NCR_THALT) {
		fakegem_halt(f);
		for (q = 0; q < GEM_MAX_QUEUES && !f->txs[q].busy; q++)
			;
		if (q == GEM_MAX_QUEUES)
			fakegem_wr(f, GEM_TSR,
				   fakegem_rd(f, GEM_TSR) & ~GEM_TSR_TGO);
	}
	if ((old & GEM_NCR_TE) && !(val & GEM_NCR_TE)) {
		fakegem_halt(f);
		for (q = 0; q < GEM_MAX_QUEUES; q++) {
			f->tx_pos[q] = 0;
			f->tx_stopped[q] = false;
		}
	}
	fakegem_wr(f, GEM_NCR, val & ~GEM_NCR_THALT);
	if (f->silicon && (val & GEM_NCR_TSTART) && (val & GEM_NCR_TE)) {
		fakegem_wr(f, GEM_NCR, val & ~(GEM_NCR_THALT | GEM_NCR_TSTART));
		for (q = 0; q < GEM_MAX_QUEUES; q++)
			fakegem_tx_take_doorbell(f, q);
	}
}

/*
 * A queue base. On silicon it latches only while that DMA is stopped (RX
 * off; the transmitter idle), and a write to a running one is lost; a
 * latched base restarts the queue at its first descriptor, and is what
 * clears a bus error's stop.
 */
static bool
fakegem_base_wr(struct fakegem *f, uint32_t off, uint32_t val)
{
	int rq = fakegem_base_queue(off, true);
	int tq = fakegem_base_queue(off, false);

	if (rq < 0 && tq < 0)
		return false;
	if (f->silicon && ((rq >= 0 && (fakegem_rd(f, GEM_NCR) & GEM_NCR_RE)) ||
			   (tq >= 0 && f->txs[tq].busy))) {
		f->base_ignored++;
		return true;
	}
	fakegem_wr(f, off, val);
	if (rq >= 0) {
		f->rx_pos[rq] = 0;
		f->rx_stopped[rq] = false;
	} else {
		f->tx_pos[tq] = 0;
		f->tx_stopped[tq] = false;
	}
	return true;
}

void
fakegem_phy_init(struct fakegem *f, int addr)
{
	memset(f->phy, 0, sizeof(f->phy));
	f->phy_addr = addr;
	f->phy[MII_PHYSID1] = 0x0141;
	f->phy[MII_PHYSID2] = 0x0cc2;
	f->phy[MII_BMCR] = BMCR_ANENABLE;
	f->phy[MII_BMSR] = BMSR_LSTATUS | BMSR_ANEGCOMPLETE | BMSR_ANEGCAPABLE;
	f->phy[MII_ADVERTISE] = ADVERTISE_ALL | ADVERTISE_CSMA;
	f->phy[MII_LPA] = ADVERTISE_ALL | ADVERTISE_CSMA;
	f->phy[MII_CTRL1000] = ADVERTISE_1000FULL;
	f->phy[MII_STAT1000] = LPA_1000FULL;
}

/* A clause-22 frame through MAN: done at once (NSR stays idle). */
static void
fakegem_mdio(struct fakegem *f, uint32_t man)
{
	const unsigned int phy = GEM_GET(GEM_MAN_PHYA, man);
	const unsigned int reg = GEM_GET(GEM_MAN_REGA, man);
	const bool here = (int)phy == f->phy_addr;
	uint16_t data = GEM_GET(GEM_MAN_DATA, man);

	if (GEM_GET(GEM_MAN_RW, man) == GEM_MAN_RW_WRITE) {
		if (here)
			f->phy[reg] = reg == MII_BMCR ?
				      data & ~BMCR_ANRESTART : data;
	} else {
		data = here ? f->phy[reg] : 0xffff;
	}
	fakegem_wr(f, GEM_MAN, (man & ~GEM_MASK(GEM_MAN_DATA)) |
		   GEM_SET(GEM_MAN_DATA, data));
}

/* Speed and duplex change only with RX and TX off; count when not. */
static void
fakegem_ncfgr_wr(struct fakegem *f, uint32_t val)
{
	const uint32_t link = GEM_NCFGR_GBE | GEM_NCFGR_SPD | GEM_NCFGR_FD;

	if (((fakegem_rd(f, GEM_NCFGR) ^ val) & link) &&
	    (fakegem_rd(f, GEM_NCR) & (GEM_NCR_RE | GEM_NCR_TE)))
		f->ncfgr_unsafe++;
	fakegem_wr(f, GEM_NCFGR, val);
}

uint32_t
gem_model_rd(const volatile void *regs, uint32_t off)
{
	struct fakegem *f = fakegem_of(regs);
	uint32_t v;

	if (f == NULL)
		return *(const volatile uint32_t *)((const volatile uint8_t *)regs + off);
	v = fakegem_rd(f, off);
	if ((f->stats_cor && fakegem_is_stat(off)) ||
	    (fakegem_isr_queue(off) >= 0 &&
	     (fakegem_rd(f, GEM_DCFG1) & GEM_DCFG1_IRQCOR)))
		fakegem_wr(f, off, 0);
	return v;
}

static void
fakegem_other_lcore(struct fakegem *f, enum fakegem_when when, uint32_t off,
		    uint32_t val)
{
	if (f->lcore == NULL || f->in_lcore)
		return;
	f->in_lcore = true;
	f->lcore(f, when, off, val);
	f->in_lcore = false;
}

void
gem_model_wr(volatile void *regs, uint32_t off, uint32_t val)
{
	struct fakegem *f = fakegem_of(regs);

	if (f == NULL) {
		*(volatile uint32_t *)((volatile uint8_t *)regs + off) = val;
		return;
	}
	fakegem_other_lcore(f, FAKEGEM_BEFORE_WR, off, val);
	fakegem_lcore_wr(f, off, val);
	fakegem_other_lcore(f, FAKEGEM_AFTER_WR, off, val);
}

void
gem_model_pause(volatile void *regs)
{
	struct fakegem *f = fakegem_of(regs);

	if (f != NULL)
		fakegem_other_lcore(f, FAKEGEM_PAUSE, 0, 0);
}

void
fakegem_lcore_wr(struct fakegem *f, uint32_t off, uint32_t val)
{
	if (off == GEM_TSR)	/* TGO is status, not a write-1 bit */
		fakegem_wr(f, off, fakegem_rd(f, off) &
			   ~(val & ~GEM_TSR_TGO));
	else if (off == GEM_RSR)
		fakegem_wr(f, off, fakegem_rd(f, off) & ~val);
	else if (fakegem_isr_queue(off) >= 0) {
		if (!(fakegem_rd(f, GEM_DCFG1) & GEM_DCFG1_IRQCOR))
			fakegem_wr(f, off, fakegem_rd(f, off) & ~val);
	} else if (off == GEM_NCR)
		fakegem_ncr_wr(f, val);
	else if (off == GEM_NCFGR)
		fakegem_ncfgr_wr(f, val);
	else if (off == GEM_MAN)
		fakegem_mdio(f, val);
	else if (f->stats_cor && fakegem_is_stat(off))
		;	/* NCR.WESTAT is never set: counters ignore writes */
	else if (!fakegem_base_wr(f, off, val))
		fakegem_wr(f, off, val);
}

void
fakegem_fault(struct fakegem *f, enum fakegem_fault what, unsigned int q)
{
	if (what == FAKEGEM_RX_HRESP || what == FAKEGEM_RX_OVERRUN)
		f->fault_rx[q] = what;
	else
		f->fault_tx[q] = what;
}

static bool
fakegem_addr64(const struct fakegem *f)
{
	return fakegem_rd(f, GEM_DMACFG) & GEM_DMACFG_ADDR64;
}

unsigned int
fakegem_desc_shift(const struct fakegem *f)
{
	return fakegem_addr64(f) ? GEM_DESC_SHIFT_64 : GEM_DESC_SHIFT_32;
}

static uint64_t
fakegem_base(const struct fakegem *f, bool rx, unsigned int q)
{
	uint64_t base = fakegem_rd(f, rx ? GEM_QREG(GEM_RBQP, q) :
				   GEM_QREG(GEM_TBQP, q)) & ~3u;

	if (fakegem_addr64(f))
		base |= (uint64_t)fakegem_rd(f, rx ? GEM_RBQPH : GEM_TBQPH)
			<< 32;
	return base;
}

volatile struct gem_desc *
fakegem_rx_desc(const struct fakegem *f, unsigned int q, uint16_t idx)
{
	return gem_desc_at((void *)(uintptr_t)fakegem_base(f, true, q), idx,
			   fakegem_desc_shift(f));
}

volatile struct gem_desc *
fakegem_tx_desc(const struct fakegem *f, unsigned int q, uint16_t idx)
{
	return gem_desc_at((void *)(uintptr_t)fakegem_base(f, false, q), idx,
			   fakegem_desc_shift(f));
}

/*
 * Descriptor words as the device reads and writes them: through the
 * simulated cache (simcache.c) when the test put the ring behind one,
 * straight otherwise.
 */
static uint32_t
dw_rd(volatile uint32_t *w)
{
	return simcache_dev_rd32((uintptr_t)w);
}

static void
dw_wr(volatile uint32_t *w, uint32_t v)
{
	simcache_dev_wr32((uintptr_t)w, v);
}

static void *
fakegem_buf(const struct fakegem *f, volatile struct gem_desc *d,
	    uint32_t lo_mask)
{
	uint64_t a = dw_rd(&d->addr) & lo_mask;

	if (fakegem_addr64(f))
		a |= (uint64_t)dw_rd(&d->addr_hi) << 32;
	return (void *)(uintptr_t)a;
}

void *
fakegem_rx_buf(const struct fakegem *f, volatile struct gem_desc *d)
{
	/* RX word 0 keeps WRAP and USED in its low bits. */
	return fakegem_buf(f, d, GEM_RX_W0_ADDR_MASK);
}

void *
fakegem_tx_buf(const struct fakegem *f, volatile struct gem_desc *d)
{
	return fakegem_buf(f, d, UINT32_MAX);
}

uint32_t
fakegem_rx_buf_len(const struct fakegem *f, unsigned int q)
{
	uint32_t units = q == 0 ?
		GEM_GET(GEM_DMACFG_RXBS, fakegem_rd(f, GEM_DMACFG)) :
		fakegem_rd(f, GEM_RBQS_Q(q));

	return units * GEM_DMACFG_RXBS_UNIT;
}

/* The descriptor hardware fills next, or NULL if software owns it. */
static volatile struct gem_desc *
fakegem_rx_next(struct fakegem *f, unsigned int q)
{
	volatile struct gem_desc *d = fakegem_rx_desc(f, q, f->rx_pos[q]);

	if (dw_rd(&d->addr) & GEM_RX_W0_USED)
		return NULL;
	return d;
}

static void
fakegem_rx_advance(struct fakegem *f, unsigned int q,
		   volatile struct gem_desc *d)
{
	if (dw_rd(&d->addr) & GEM_RX_W0_WRAP)
		f->rx_pos[q] = 0;
	else
		f->rx_pos[q]++;
}

/*
 * An armed RX fault, or the stop a bus error left: whether the frame is
 * lost, and how (fakegem_rx's return).
 */
static int
fakegem_rx_fault(struct fakegem *f, unsigned int q, uint32_t len)
{
	volatile struct gem_desc *d;
	uint8_t junk[64];
	const uint8_t what = f->fault_rx[q];

	f->fault_rx[q] = FAKEGEM_NO_FAULT;
	if (f->rx_stopped[q] || what == FAKEGEM_RX_HRESP) {
		d = fakegem_rx_next(f, q);
		/* The write that failed left half a buffer, never USED. */
		if (what == FAKEGEM_RX_HRESP && d != NULL) {
			memset(junk, 0xee, sizeof(junk));
			simcache_dev_write((uintptr_t)fakegem_rx_buf(f, d), junk,
					   len < sizeof(junk) ? len : sizeof(junk));
		}
		if (what == FAKEGEM_RX_HRESP) {
			fakegem_set(f, GEM_RSR, GEM_RSR_HRESP);
			fakegem_set(f, GEM_QREG(GEM_ISR, q), GEM_INT_HRESP);
		}
		f->rx_stopped[q] = true;
		f->rx_lost[q]++;
		return -EIO;
	}
	if (what == FAKEGEM_RX_OVERRUN) {
		fakegem_set(f, GEM_RSR, GEM_RSR_OVR);
		fakegem_count(f, GEM_RXORCNT, 1);
		return -EOVERFLOW;
	}
	return 0;
}

int
fakegem_rx(struct fakegem *f, unsigned int q, const void *data, uint32_t len)
{
	uint32_t buf_len = fakegem_rx_buf_len(f, q);
	uint32_t done = 0, reported = len < 60 ? 60 : len;
	bool first = true;
	int ret = fakegem_rx_fault(f, q, len);

	if (ret != 0)
		return ret;
	do {
		volatile struct gem_desc *d = fakegem_rx_next(f, q);
		uint32_t chunk = len - done < buf_len ? len - done : buf_len;
		uint32_t st = 0;

		if (d == NULL && done == 0 && f->silicon) {
			fakegem_set(f, GEM_RSR, GEM_RSR_BNA);
			fakegem_count(f, GEM_RXRESERRCNT, 1);
		}
		if (d == NULL)
			return -ENOBUFS;
		simcache_dev_write((uintptr_t)fakegem_rx_buf(f, d),
				   (const uint8_t *)data + done, chunk);
		done += chunk;
		if (first)
			st |= GEM_RX_W1_SOF;
		first = false;
		if (done == len)
			st |= GEM_RX_W1_EOF | reported;
		/* Status first, then USED: what the PMD's single load of
		 * both words relies on. */
		dw_wr(&d->ctrl, st);
		dw_wr(&d->addr, dw_rd(&d->addr) | GEM_RX_W0_USED);
		fakegem_rx_advance(f, q, d);
	} while (done < len);
	return 0;
}

int
fakegem_rx_status(struct fakegem *f, unsigned int q, uint32_t status)
{
	volatile struct gem_desc *d = fakegem_rx_next(f, q);

	if (d == NULL)
		return -ENOBUFS;
	dw_wr(&d->ctrl, status);
	dw_wr(&d->addr, dw_rd(&d->addr) | GEM_RX_W0_USED);
	fakegem_rx_advance(f, q, d);
	return 0;
}

int
fakegem_tx(struct fakegem *f, unsigned int q, struct fakegem_frame *out,
	   int max)
{
	uint32_t max_len = (fakegem_rd(f, GEM_NCFGR) & GEM_NCFGR_JFRAME) ?
			   fakegem_rd(f, GEM_JML) : 1518;
	static uint8_t frame[GEM_JML_MAX];
	uint16_t pos = f->tx_pos[q], first = pos;
	uint32_t len = 0;
	int sent = 0;

	if (!(fakegem_rd(f, GEM_NCR) & GEM_NCR_TE))
		return 0;
	for (;;) {
		volatile struct gem_desc *d = fakegem_tx_desc(f, q, pos);
		uint32_t ctrl = dw_rd(&d->ctrl);
		uint32_t n = GEM_GET(GEM_TX_W1_LEN, ctrl);

		if (ctrl & GEM_TX_W1_USED)
			break;
		if (n == 0 || fakegem_tx_buf(f, d) == NULL) {
			f->tx_stuck = true;
			break;
		}
		if (len + n > max_len) {
			f->tx_errors++;
			break;
		}
		simcache_dev_read((uintptr_t)fakegem_tx_buf(f, d), frame + len,
				  n);
		len += n;
		pos = (ctrl & GEM_TX_W1_WRAP) ? 0 : pos + 1;
		if (ctrl & GEM_TX_W1_LAST) {
			volatile struct gem_desc *fd =
				fakegem_tx_desc(f, q, first);

			dw_wr(&fd->ctrl, dw_rd(&fd->ctrl) | GEM_TX_W1_USED);
			if (out != NULL && sent < max) {
				out[sent].len = len;
				memcpy(out[sent].data, frame, len);
			}
			sent++;
			len = 0;
			first = pos;
			f->tx_pos[q] = pos;
		}
	}
	return sent;
}

/* A TSTART written since the last look rings every queue's doorbell. */
static void
fakegem_doorbell(struct fakegem *f)
{
	uint32_t ncr = fakegem_rd(f, GEM_NCR);
	unsigned int q;

	if (!(ncr & GEM_NCR_TSTART))
		return;
	fakegem_wr(f, GEM_NCR, ncr & ~GEM_NCR_TSTART);
	for (q = 0; q < GEM_MAX_QUEUES; q++)
		f->txs[q].doorbell = true;
}

/* TSTART reaches queue q's transmitter: lost while it runs or stopped. */
static void
fakegem_tx_take_doorbell(struct fakegem *f, unsigned int q)
{
	struct fakegem_txs *t = &f->txs[q];

	t->doorbell = false;
	if (t->busy || f->tx_stopped[q]) {
		t->ignored++;
		return;
	}
	/* From where it stopped: that descriptor again. */
	t->busy = true;
	t->next = f->tx_pos[q];
	t->nb_pf = 0;
	fakegem_wr(f, GEM_TSR, fakegem_rd(f, GEM_TSR) | GEM_TSR_TGO);
}

static void
fakegem_tx_prefetch(struct fakegem *f, unsigned int q, struct fakegem_txs *t)
{
	while (t->nb_pf < FAKEGEM_TX_PF) {
		volatile struct gem_desc *d = fakegem_tx_desc(f, q, t->next);
		uint32_t ctrl = dw_rd(&d->ctrl);

		t->pf_idx[t->nb_pf] = t->next;
		t->pf_ctrl[t->nb_pf++] = ctrl;
		t->next = (ctrl & GEM_TX_W1_WRAP) ? 0 : t->next + 1;
	}
}

static void
fakegem_tx_idle(struct fakegem *f, struct fakegem_txs *t)
{
	t->busy = false;
	t->nb_pf = 0;
	fakegem_wr(f, GEM_TSR, (fakegem_rd(f, GEM_TSR) & ~GEM_TSR_TGO) |
		   GEM_TSR_UBR);
}

/*
 * An armed TX fault at the start of the frame at descriptor d: the frame
 * is written back done in error and the transmitter stops, ignoring
 * TSTART, until its queue base is written again.
 */
static void
fakegem_tx_fault(struct fakegem *f, unsigned int q, struct fakegem_txs *t,
		 volatile struct gem_desc *d, uint32_t ctrl)
{
	const bool bus = f->fault_tx[q] == FAKEGEM_TX_HRESP;

	f->fault_tx[q] = FAKEGEM_NO_FAULT;
	dw_wr(&d->ctrl, ctrl | GEM_TX_W1_USED |
	      (bus ? GEM_TX_W1_BEX : GEM_TX_W1_UND));
	fakegem_set(f, GEM_TSR, bus ? GEM_TSR_HRESP | GEM_TSR_BEX :
		    GEM_TSR_UND);
	if (!bus)
		fakegem_count(f, GEM_TXURUNCNT, 1);
	f->tx_errors++;
	f->tx_stopped[q] = true;
	f->tx_pos[q] = t->pf_idx[0];
	fakegem_tx_idle(f, t);
}

int
fakegem_tx_run(struct fakegem *f, unsigned int q, struct fakegem_frame *out,
	       int max, unsigned int budget)
{
	struct fakegem_txs *t = &f->txs[q];
	int sent = 0;

	if (!(fakegem_rd(f, GEM_NCR) & GEM_NCR_TE))
		return 0;
	if (t->frame == NULL)
		t->frame = malloc(GEM_JML_MAX);
	fakegem_doorbell(f);
	if (t->doorbell)
		fakegem_tx_take_doorbell(f, q);
	while (t->busy && budget-- != 0) {
		volatile struct gem_desc *d;
		uint32_t ctrl, n;

		fakegem_tx_prefetch(f, q, t);
		ctrl = t->pf_ctrl[0];
		d = fakegem_tx_desc(f, q, t->pf_idx[0]);
		if (ctrl & GEM_TX_W1_USED) {
			/* Stops here, as it saw it: a release since is
			 * only seen after the next TSTART. */
			f->tx_pos[q] = t->pf_idx[0];
			fakegem_tx_idle(f, t);
			break;
		}
		n = GEM_GET(GEM_TX_W1_LEN, ctrl);
		if (n == 0 || t->len + n > GEM_JML_MAX) {
			f->tx_errors++;
			f->tx_stuck = true;
			fakegem_tx_idle(f, t);
			break;
		}
		if (t->len == 0 && f->fault_tx[q] != FAKEGEM_NO_FAULT) {
			fakegem_tx_fault(f, q, t, d, ctrl);
			break;
		}
		if (t->len == 0)
			t->first = t->pf_idx[0];
		simcache_dev_read((uintptr_t)fakegem_tx_buf(f, d),
				  t->frame + t->len, n);
		t->len += n;
		memmove(&t->pf_idx[0], &t->pf_idx[1],
			(FAKEGEM_TX_PF - 1) * sizeof(t->pf_idx[0]));
		memmove(&t->pf_ctrl[0], &t->pf_ctrl[1],
			(FAKEGEM_TX_PF - 1) * sizeof(t->pf_ctrl[0]));
		t->nb_pf--;
		if (ctrl & GEM_TX_W1_LAST) {
			volatile struct gem_desc *fd =
				fakegem_tx_desc(f, q, t->first);

			dw_wr(&fd->ctrl, dw_rd(&fd->ctrl) | GEM_TX_W1_USED);
			if (out != NULL && sent < max) {
				out[sent].len = t->len;
				memcpy(out[sent].data, t->frame, t->len);
			}
			sent++;
			t->len = 0;
		}
	}
	return sent;
}
