/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef SOCNIC_TRAFFIC_TRACK_H
#define SOCNIC_TRAFFIC_TRACK_H

/*
 * Loss, duplicate and reorder accounting over received sequence numbers.
 * Memory is bounded however long a run is: a ring of SEQ_TRACK_BITS bits
 * remembers which of the newest sequence numbers were seen. A frame older
 * than that window cannot be checked for duplication; it is counted as a
 * new, reordered frame and in too_old, which a sane link never produces.
 */

#include <stdbool.h>
#include <stdint.h>

#define SEQ_TRACK_BITS	(1u << 22)

enum seq_result {
	SEQ_NEW,	/* first time, in order */
	SEQ_LATE,	/* first time, but after a higher sequence number */
	SEQ_DUP,	/* seen before */
	SEQ_TOO_OLD,	/* behind the window: counted as SEQ_LATE */
};

struct seq_track {
	uint64_t *bits;
	bool any;
	uint64_t max_seq;	/* highest sequence number seen */
	uint64_t unique;	/* distinct sequence numbers seen */
	uint64_t duplicated;
	uint64_t reordered;	/* arrivals after a higher sequence number */
	uint64_t too_old;
};

int seq_track_init(struct seq_track *t);
void seq_track_free(struct seq_track *t);
enum seq_result seq_track_add(struct seq_track *t, uint64_t seq);

/* Frames never seen in any form, out of expected. Corrupted arrivals are
 * counted as corrupted, not lost, so a link that mangles one frame does
 * not report it twice.
 */
uint64_t seq_track_lost(const struct seq_track *t, uint64_t expected,
			uint64_t corrupted);

#endif /* SOCNIC_TRAFFIC_TRACK_H */
