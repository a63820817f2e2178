/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#include <stdlib.h>
#include <string.h>

#include "track.h"

#define WORD_BITS	64u
#define NWORDS		(SEQ_TRACK_BITS / WORD_BITS)

int
seq_track_init(struct seq_track *t)
{
	memset(t, 0, sizeof(*t));
	t->bits = calloc(NWORDS, sizeof(*t->bits));
	return t->bits == NULL ? -1 : 0;
}

void
seq_track_free(struct seq_track *t)
{
	free(t->bits);
	t->bits = NULL;
}

static bool
test_and_set(struct seq_track *t, uint64_t seq)
{
	uint64_t bit = seq % SEQ_TRACK_BITS;
	uint64_t mask = 1ull << (bit % WORD_BITS);
	uint64_t *w = &t->bits[bit / WORD_BITS];
	bool was = (*w & mask) != 0;

	*w |= mask;
	return was;
}

static void
clear_bit(struct seq_track *t, uint64_t seq)
{
	uint64_t bit = seq % SEQ_TRACK_BITS;

	t->bits[bit / WORD_BITS] &= ~(1ull << (bit % WORD_BITS));
}

enum seq_result
seq_track_add(struct seq_track *t, uint64_t seq)
{
	if (!t->any || seq > t->max_seq) {
		/* Slots between the old and the new maximum now stand for
		 * sequence numbers not seen yet; forget their previous lap.
		 */
		if (!t->any || seq - t->max_seq >= SEQ_TRACK_BITS) {
			memset(t->bits, 0, NWORDS * sizeof(*t->bits));
		} else {
			for (uint64_t s = t->max_seq + 1; s < seq; s++)
				clear_bit(t, s);
			clear_bit(t, seq);
		}
		test_and_set(t, seq);
		t->any = true;
		t->max_seq = seq;
		t->unique++;
		return SEQ_NEW;
	}
	if (t->max_seq - seq >= SEQ_TRACK_BITS) {
		t->too_old++;
		t->unique++;
		t->reordered++;
		return SEQ_TOO_OLD;
	}
	if (test_and_set(t, seq)) {
		t->duplicated++;
		return SEQ_DUP;
	}
	t->unique++;
	t->reordered++;
	return SEQ_LATE;
}

uint64_t
seq_track_lost(const struct seq_track *t, uint64_t expected,
	       uint64_t corrupted)
{
	uint64_t got = t->unique + corrupted;

	return got >= expected ? 0 : expected - got;
}
