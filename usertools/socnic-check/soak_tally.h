/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef SOCNIC_CHECK_SOAK_TALLY_H
#define SOCNIC_CHECK_SOAK_TALLY_H

/*
 * The soak's frames and their accounting, apart from DPDK so the unit
 * tests feed it frames by hand. A soak frame is socnic-traffic's
 * (tests/traffic/frame.h: run id, sequence number, length and a CRC-32 of
 * the payload; one format, one checker) with one change: the EtherType
 * names the RX queue it is steered to, 0x88B5 + queue, through net_gem's
 * ethertype_rxq screeners. The CRC leaves the Ethernet header out, so
 * that takes nothing from the check. Each received frame is judged good,
 * corrupt (length or CRC wrong), duplicated, misrouted (good, on another
 * queue than its EtherType names) or foreign; lost frames are those sent
 * and never seen in any form.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frame.h"
#include "track.h"

#define SOAK_MAX_QUEUES 8

enum soak_verdict {
	SOAK_GOOD,
	SOAK_LATE,		/* good, after a higher sequence number */
	SOAK_DUP,
	SOAK_CORRUPT,
	SOAK_MISROUTED,
	SOAK_FOREIGN,
};

struct soak_tally {
	struct seq_track seq;
	uint32_t run_id;
	uint64_t sent;
	uint64_t sent_bytes;
	uint64_t received;	/* every arrival of ours, good or not */
	uint64_t good;
	uint64_t corrupt;
	uint64_t misrouted;
	uint64_t foreign;
	uint64_t scattered;	/* good frames that came in several segments */
	uint64_t rx_queue[SOAK_MAX_QUEUES];
};

int soak_tally_init(struct soak_tally *t, uint32_t run_id);
void soak_tally_free(struct soak_tally *t);

/*
 * Writes frame seq of len bytes (60..9000) for RX queue q into buf and
 * counts it sent: returns len, or 0 when it does not fit.
 */
size_t soak_frame_build(struct soak_tally *t, uint8_t *buf, size_t cap,
			uint64_t seq, uint16_t len, const uint8_t *dst,
			const uint8_t *src, unsigned int q);
/* Takes back the count of a built frame that was never sent. */
void soak_frame_unsent(struct soak_tally *t, uint16_t len);

/* Judges len bytes received on queue q (buf is changed: the EtherType
 * is put back before the check); segs > 1 counts it scattered. */
enum soak_verdict soak_tally_rx(struct soak_tally *t, uint8_t *buf,
				size_t len, unsigned int q, unsigned int segs);

uint64_t soak_tally_lost(const struct soak_tally *t);
/* No loss, corruption, duplicate or misrouted frame. */
bool soak_tally_ok(const struct soak_tally *t);

#endif /* SOCNIC_CHECK_SOAK_TALLY_H */
