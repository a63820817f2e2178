/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#include <string.h>

#include "soak_tally.h"

int
soak_tally_init(struct soak_tally *t, uint32_t run_id)
{
	memset(t, 0, sizeof(*t));
	t->run_id = run_id;
	return seq_track_init(&t->seq);
}

void
soak_tally_free(struct soak_tally *t)
{
	seq_track_free(&t->seq);
}

size_t
soak_frame_build(struct soak_tally *t, uint8_t *buf, size_t cap, uint64_t seq,
		 uint16_t len, const uint8_t *dst, const uint8_t *src,
		 unsigned int q)
{
	struct frame_info fi = { .run_id = t->run_id, .seq = seq, .len = len };
	uint16_t type = (uint16_t)(FRAME_ETHERTYPE + q);

	memcpy(fi.dst, dst, ETH_ALEN);
	memcpy(fi.src, src, ETH_ALEN);
	if (q >= SOAK_MAX_QUEUES || frame_encode(buf, cap, &fi) != len)
		return 0;
	buf[12] = (uint8_t)(type >> 8);
	buf[13] = (uint8_t)type;
	t->sent++;
	t->sent_bytes += len;
	return len;
}

void
soak_frame_unsent(struct soak_tally *t, uint16_t len)
{
	t->sent--;
	t->sent_bytes -= len;
}

enum soak_verdict
soak_tally_rx(struct soak_tally *t, uint8_t *buf, size_t len, unsigned int q,
	      unsigned int segs)
{
	struct frame_info fi;
	unsigned int flags, want_q;
	enum frame_verdict v;
	enum seq_result sr;
	uint16_t type;

	if (len < FRAME_ETH_HDR_LEN) {
		t->foreign++;
		return SOAK_FOREIGN;
	}
	type = (uint16_t)(buf[12] << 8 | buf[13]);
	want_q = (unsigned int)(uint16_t)(type - FRAME_ETHERTYPE);
	if (want_q >= SOAK_MAX_QUEUES) {
		t->foreign++;
		return SOAK_FOREIGN;
	}
	buf[12] = FRAME_ETHERTYPE >> 8;
	buf[13] = FRAME_ETHERTYPE & 0xff;
	v = frame_decode(buf, len, &fi, &flags, NULL);
	if (v == FRAME_FOREIGN || fi.run_id != t->run_id) {
		t->foreign++;
		return SOAK_FOREIGN;
	}
	t->received++;
	if (q < SOAK_MAX_QUEUES)
		t->rx_queue[q]++;
	if (v == FRAME_CORRUPT) {
		t->corrupt++;
		return SOAK_CORRUPT;
	}
	sr = seq_track_add(&t->seq, fi.seq);
	if (sr == SEQ_DUP)
		return SOAK_DUP;
	t->good++;
	if (segs > 1)
		t->scattered++;
	if (want_q != q) {
		t->misrouted++;
		return SOAK_MISROUTED;
	}
	return sr == SEQ_NEW ? SOAK_GOOD : SOAK_LATE;
}

uint64_t
soak_tally_lost(const struct soak_tally *t)
{
	return seq_track_lost(&t->seq, t->sent, t->corrupt);
}

bool
soak_tally_ok(const struct soak_tally *t)
{
	return soak_tally_lost(t) == 0 && t->corrupt == 0 &&
	       t->seq.duplicated == 0 && t->misrouted == 0;
}
