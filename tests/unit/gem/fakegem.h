/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef FAKEGEM_H
#define FAKEGEM_H

/*
 * A GEM played by the test. Its register block is a page of ordinary
 * memory the PMD takes as its mapping, so every register write simply
 * stays there to be read back. Its DMA engine is stepped by the test and
 * does what QEMU's model does with the rings: fills RX buffers at their
 * descriptors' addresses, splits long frames over buffers (SOF..EOF, the
 * whole length in the EOF descriptor), sets RX USED; walks TX descriptors
 * until one is software-owned and marks each sent frame's first
 * descriptor USED. Addresses are IOVAs, which EAL makes equal to the
 * virtual ones in these tests.
 */

#include <stdbool.h>
#include <stdint.h>

#include "gem_hw.h"
#include "gem_rxtx.h"

/*
 * A transmitter as ZynqMP's: TSTART starts it only when idle (a doorbell
 * while it is busy is lost), it prefetches descriptors up to FAKEGEM_TX_PF
 * ahead and stops at one it prefetched as software-owned, even if software
 * has released it since. TSR.TGO says whether it runs.
 */
#define FAKEGEM_TX_PF 4

struct fakegem_txs {
	bool doorbell;			/* TSTART seen, not yet taken */
	bool busy;			/* running: TSR.TGO */
	unsigned int nb_pf;		/* prefetched descriptors */
	uint16_t pf_idx[FAKEGEM_TX_PF];
	uint32_t pf_ctrl[FAKEGEM_TX_PF];	/* word 1 as fetched */
	uint16_t next;			/* the next descriptor to prefetch */
	uint16_t first;			/* the frame in progress starts here */
	uint32_t len;			/* its bytes so far */
	uint8_t *frame;			/* and the bytes */
	uint64_t ignored;		/* doorbells lost to a busy transmitter */
};

/*
 * Faults a test arms on one queue; the next frame through it meets them.
 * A bus error stops that queue's DMA, as on silicon, until the PMD writes
 * the queue's base again with the direction stopped (RX off, transmitter
 * idle); an overrun only loses the frame; an underrun stops TX as a bus
 * error does.
 */
enum fakegem_fault {
	FAKEGEM_NO_FAULT,
	FAKEGEM_RX_HRESP,	/* RSR.HRESP, the buffer half written, RX stopped */
	FAKEGEM_RX_OVERRUN,	/* RSR.OVR, RXORCNT + 1, the frame lost */
	FAKEGEM_TX_HRESP,	/* TSR.HRESP|BEX, the frame's descriptor BEX */
	FAKEGEM_TX_UNDERRUN,	/* TSR.UND, TXURUNCNT + 1, descriptor UND */
};

enum fakegem_when {
	FAKEGEM_BEFORE_WR,
	FAKEGEM_AFTER_WR,
	FAKEGEM_PAUSE,
};

struct fakegem {
	uint8_t *regs;				/* the register page */
	struct fakegem_txs txs[GEM_MAX_QUEUES];	/* silicon transmitters */
	uint16_t rx_pos[GEM_MAX_QUEUES];	/* next descriptor hardware fills */
	uint16_t tx_pos[GEM_MAX_QUEUES];	/* next descriptor hardware sends */
	unsigned int tx_errors;			/* frames the transmitter refused */
	bool tx_stuck;				/* met a descriptor QEMU stops on */

	/* Silicon's register semantics (gem_model_rd/wr): off by default,
	 * where the page keeps what the PMD wrote. */
	bool silicon;		/* write-1-to-clear status, bases latched only
				 * when their DMA is stopped */
	bool stats_cor;		/* counters clear on read, ignore writes */
	uint8_t fault_rx[GEM_MAX_QUEUES];	/* enum fakegem_fault, armed */
	uint8_t fault_tx[GEM_MAX_QUEUES];
	bool rx_stopped[GEM_MAX_QUEUES];	/* by a bus error */
	bool tx_stopped[GEM_MAX_QUEUES];
	unsigned int rx_lost[GEM_MAX_QUEUES];	/* frames a stopped RX lost */
	unsigned int base_ignored;		/* base writes to running DMA */
	unsigned int halt_ignored;	/* THALTs still to ignore, TGO held set:
					 * a transmitter stuck mid-frame */
	unsigned int ncfgr_unsafe;		/* speed/duplex changed, RE/TE on */
	/* A clause-22 PHY on the MDIO bus (phy_addr -1: none; an empty
	 * address reads all ones). BMCR_ANRESTART clears when written. */
	int phy_addr;
	uint16_t phy[32];
	/*
	 * Another lcore, played by the test: called before and after each
	 * register write of the PMD's, and where the PMD spin-waits for
	 * another lcore (off and val 0), to write registers itself
	 * (fakegem_lcore_wr) at exactly that point, as a data lcore's
	 * doorbell can land between two writes of a re-arm.
	 */
	void (*lcore)(struct fakegem *f, enum fakegem_when when, uint32_t off,
		      uint32_t val);
	bool in_lcore;
};

/* A frame the transmitter sent. */
struct fakegem_frame {
	uint32_t len;
	uint8_t data[GEM_JML_MAX];
};

void fakegem_init(struct fakegem *f, uint32_t mid, uint32_t dcfg1,
		  uint32_t dcfg2, uint32_t dcfg6);
void fakegem_free(struct fakegem *f);

uint32_t fakegem_rd(const struct fakegem *f, uint32_t off);
void fakegem_wr(struct fakegem *f, uint32_t off, uint32_t val);

/* A register write from another lcore, with the device's semantics. */
void fakegem_lcore_wr(struct fakegem *f, uint32_t off, uint32_t val);

/* The rings were (re)programmed: hardware starts at their first entries.
 * Also clears the write-1-to-clear registers a page of memory keeps. */
void fakegem_start(struct fakegem *f);

unsigned int fakegem_desc_shift(const struct fakegem *f);
volatile struct gem_desc *fakegem_rx_desc(const struct fakegem *f,
					  unsigned int q, uint16_t idx);
volatile struct gem_desc *fakegem_tx_desc(const struct fakegem *f,
					  unsigned int q, uint16_t idx);
/* The buffer a descriptor points at. */
void *fakegem_rx_buf(const struct fakegem *f, volatile struct gem_desc *d);
void *fakegem_tx_buf(const struct fakegem *f, volatile struct gem_desc *d);
/* Bytes one RX buffer of queue q takes (DMACFG.RXBS or RBQS). */
uint32_t fakegem_rx_buf_len(const struct fakegem *f, unsigned int q);

/*
 * Receive a frame on queue q. Returns 0, or -ENOBUFS when hardware met a
 * software-owned descriptor; like QEMU it keeps what it already wrote and
 * abandons the rest of the frame (at the frame's start, it counts a
 * resource error, RSR.BNA). -EIO: a bus error (armed now, or one that
 * stopped the queue before) lost it; -EOVERFLOW: an armed overrun did.
 */
int fakegem_rx(struct fakegem *f, unsigned int q, const void *data,
	       uint32_t len);
/* A PHY at addr, autonegotiated at 1000 Mb/s full duplex, link up. */
void fakegem_phy_init(struct fakegem *f, int addr);

/* Arm a fault on queue q (enum fakegem_fault). */
void fakegem_fault(struct fakegem *f, enum fakegem_fault what, unsigned int q);

/* Complete the next RX descriptor with any status word, no data. */
int fakegem_rx_status(struct fakegem *f, unsigned int q, uint32_t status);

/*
 * Run queue q's transmitter as TSTART does. Stores up to max frames in out
 * (if not NULL) and returns how many were sent.
 */
int fakegem_tx(struct fakegem *f, unsigned int q, struct fakegem_frame *out,
	       int max);

/*
 * The silicon transmitter of queue q (struct fakegem_txs): takes a TSTART
 * written since the last call, then moves at most budget descriptors.
 * Stores up to max sent frames in out (if not NULL); returns how many.
 */
int fakegem_tx_run(struct fakegem *f, unsigned int q,
		   struct fakegem_frame *out, int max, unsigned int budget);

#endif /* FAKEGEM_H */
