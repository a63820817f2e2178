/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/* Loss, duplicate and reorder accounting on synthetic sequences. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "track.h"

static int
setup(void **state)
{
	static struct seq_track t;

	if (seq_track_init(&t) != 0)
		return -1;
	*state = &t;
	return 0;
}

static int
teardown(void **state)
{
	seq_track_free(*state);
	return 0;
}

static void
feed(struct seq_track *t, const uint64_t *seq, size_t n)
{
	for (size_t i = 0; i < n; i++)
		seq_track_add(t, seq[i]);
}

static void
test_in_order(void **state)
{
	struct seq_track *t = *state;

	for (uint64_t s = 0; s < 1000; s++)
		assert_int_equal(seq_track_add(t, s), SEQ_NEW);
	assert_true(t->unique == 1000);
	assert_true(t->duplicated == 0 && t->reordered == 0);
	assert_true(seq_track_lost(t, 1000, 0) == 0);
	assert_true(t->max_seq == 999);
}

static void
test_gaps(void **state)
{
	struct seq_track *t = *state;

	for (uint64_t s = 0; s < 100; s++)
		if (s != 10 && s != 20 && s != 99)
			seq_track_add(t, s);
	assert_true(t->unique == 97);
	assert_true(seq_track_lost(t, 100, 0) == 3);
	/* Corrupted arrivals are not lost as well. */
	assert_true(seq_track_lost(t, 100, 2) == 1);
	assert_true(seq_track_lost(t, 100, 5) == 0);
	assert_true(t->reordered == 0);
}

static void
test_duplicates(void **state)
{
	struct seq_track *t = *state;
	const uint64_t seq[] = { 0, 1, 1, 2, 2, 2, 3 };

	feed(t, seq, sizeof(seq) / sizeof(seq[0]));
	assert_true(t->unique == 4);
	assert_true(t->duplicated == 3);
	assert_true(t->reordered == 0);
	assert_true(seq_track_lost(t, 4, 0) == 0);
	/* An old one seen again is a duplicate too, not reordering. */
	assert_int_equal(seq_track_add(t, 0), SEQ_DUP);
	assert_true(t->duplicated == 4);
}

static void
test_reorder(void **state)
{
	struct seq_track *t = *state;

	assert_int_equal(seq_track_add(t, 1), SEQ_NEW);
	assert_int_equal(seq_track_add(t, 0), SEQ_LATE);
	assert_int_equal(seq_track_add(t, 3), SEQ_NEW);
	assert_int_equal(seq_track_add(t, 2), SEQ_LATE);
	assert_int_equal(seq_track_add(t, 2), SEQ_DUP);
	assert_int_equal(seq_track_add(t, 7), SEQ_NEW);
	assert_int_equal(seq_track_add(t, 5), SEQ_LATE);
	assert_true(t->unique == 6);
	assert_true(t->reordered == 3);
	assert_true(t->duplicated == 1);
	/* 4 and 6 never came. */
	assert_true(seq_track_lost(t, 8, 0) == 2);
}

/* A slot reused after the window moved on must not look like a duplicate. */
static void
test_ring_reuse(void **state)
{
	struct seq_track *t = *state;

	for (uint64_t s = 0; s <= 10; s++)
		seq_track_add(t, s);
	assert_int_equal(seq_track_add(t, SEQ_TRACK_BITS + 3), SEQ_NEW);
	/* Same slot as 1, seen long ago: a new, late frame. */
	assert_int_equal(seq_track_add(t, SEQ_TRACK_BITS + 1), SEQ_LATE);
	assert_int_equal(seq_track_add(t, SEQ_TRACK_BITS + 1), SEQ_DUP);
	/* Behind the window: cannot be checked, counted as too old. */
	assert_int_equal(seq_track_add(t, 3), SEQ_TOO_OLD);
	assert_true(t->too_old == 1);
	assert_true(t->unique == 14);
	assert_true(t->reordered == 2);
	assert_true(t->duplicated == 1);
}

static void
test_far_jump(void **state)
{
	struct seq_track *t = *state;

	seq_track_add(t, 5);
	assert_int_equal(seq_track_add(t, 5 + 3ull * SEQ_TRACK_BITS), SEQ_NEW);
	/* The jump cleared the whole ring: slot 5 is free again. */
	assert_int_equal(seq_track_add(t, 5 + 3ull * SEQ_TRACK_BITS - 1),
			 SEQ_LATE);
	assert_int_equal(seq_track_add(t, 5 + 3ull * SEQ_TRACK_BITS), SEQ_DUP);
}

/* Swapping every 10th frame with its successor: one late frame per pair. */
static void
test_swapped_stream(void **state)
{
	struct seq_track *t = *state;
	uint64_t lates = 0;

	for (uint64_t s = 0; s < 2000; s++) {
		if (s % 10 == 9 && s + 1 < 2000) {
			seq_track_add(t, s + 1);
			lates += seq_track_add(t, s) == SEQ_LATE;
			s++;
		} else {
			seq_track_add(t, s);
		}
	}
	assert_true(lates == 199);
	assert_true(t->reordered == 199);
	assert_true(t->unique == 2000);
	assert_true(seq_track_lost(t, 2000, 0) == 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gaps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicates, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_reorder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ring_reuse, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_far_jump, setup, teardown),
		cmocka_unit_test_setup_teardown(test_swapped_stream, setup,
						teardown),
	};

	return cmocka_run_group_tests_name("traffic-track", tests, NULL, NULL);
}
