/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fakegem.h"
#include "gem_hw_ops.h"
#include "simcache.h"

#define FAKEGEM_PAGE 4096

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
}

void
fakegem_free(struct fakegem *f)
{
	unsigned int q;

	for (q = 0; q < GEM_MAX_QUEUES; q++)
		free(f->txs[q].frame);
	free(f->regs);
	f->regs = NULL;
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
	for (unsigned int q = 0; q < GEM_MAX_QUEUES; q++) {
		uint8_t *frame = f->txs[q].frame;

		memset(&f->txs[q], 0, sizeof(f->txs[q]));
		f->txs[q].frame = frame;
	}
	fakegem_wr(f, GEM_TSR, 0);
	fakegem_wr(f, GEM_RSR, 0);
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
				   GEM_QREG(GEM_TBQP, q));

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

int
fakegem_rx(struct fakegem *f, unsigned int q, const void *data, uint32_t len)
{
	uint32_t buf_len = fakegem_rx_buf_len(f, q);
	uint32_t done = 0, reported = len < 60 ? 60 : len;
	bool first = true;

	do {
		volatile struct gem_desc *d = fakegem_rx_next(f, q);
		uint32_t chunk = len - done < buf_len ? len - done : buf_len;
		uint32_t st = 0;

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
	if (t->doorbell) {
		t->doorbell = false;
		if (t->busy) {
			t->ignored++;
		} else {
			/* From where it stopped: that descriptor again. */
			t->busy = true;
			t->next = f->tx_pos[q];
			t->nb_pf = 0;
			fakegem_wr(f, GEM_TSR,
				   fakegem_rd(f, GEM_TSR) | GEM_TSR_TGO);
		}
	}
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
