/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * The soak's frame checking (usertools/socnic-check/soak_tally.c): frames
 * built as the soak sends them, then handed back intact, corrupted,
 * dropped, duplicated, on the wrong queue, scattered or foreign; each must
 * be reported as what it is, and only a clean run passes.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "soak_tally.h"

static const uint8_t mac[6] = { 0x02, 0, 0, 0, 0, 0x01 };

static uint8_t frames[8][FRAME_MAX_LEN];
static const uint16_t lens[8] = { 60, 61, 128, 1514, 1515, 2048, 4097, 9000 };

static void
build_all(struct soak_tally *t)
{
	unsigned int i;

	for (i = 0; i < 8; i++)
		assert_int_equal(soak_frame_build(t, frames[i], sizeof(frames[i]),
						  i, lens[i], mac, mac, i % 2),
				 lens[i]);
	assert_int_equal(t->sent, 8);
}

static enum soak_verdict
rx(struct soak_tally *t, unsigned int i, unsigned int q)
{
	static uint8_t copy[FRAME_MAX_LEN + 4];

	memcpy(copy, frames[i], lens[i]);
	return soak_tally_rx(t, copy, lens[i], q, lens[i] > 2048 ? 3 : 1);
}

static void
test_clean_run(void **state)
{
	struct soak_tally t;
	unsigned int i;

	(void)state;
	assert_int_equal(soak_tally_init(&t, 7), 0);
	build_all(&t);
	/* The EtherType names the queue: 0x88B5 for 0, 0x88B6 for 1. */
	assert_int_equal(frames[1][12] << 8 | frames[1][13], 0x88B6);
	for (i = 0; i < 8; i++)
		assert_int_equal(rx(&t, i, i % 2), SOAK_GOOD);
	assert_int_equal(t.good, 8);
	assert_int_equal(t.scattered, 2);
	assert_int_equal(t.rx_queue[0], 4);
	assert_int_equal(t.rx_queue[1], 4);
	assert_int_equal(soak_tally_lost(&t), 0);
	assert_true(soak_tally_ok(&t));
	soak_tally_free(&t);
}

static void
test_corrupt_dropped_duplicated(void **state)
{
	struct soak_tally t;
	static uint8_t copy[FRAME_MAX_LEN];

	(void)state;
	assert_int_equal(soak_tally_init(&t, 7), 0);
	build_all(&t);
	assert_int_equal(rx(&t, 0, 0), SOAK_GOOD);
	/* One payload bit flipped deep in a jumbo frame. */
	memcpy(copy, frames[7], lens[7]);
	copy[8000] ^= 0x10;
	assert_int_equal(soak_tally_rx(&t, copy, lens[7], 1, 5), SOAK_CORRUPT);
	/* Cut short: corrupt too. */
	memcpy(copy, frames[3], lens[3]);
	assert_int_equal(soak_tally_rx(&t, copy, 1000, 1, 1), SOAK_CORRUPT);
	/* Frame 2 twice. */
	assert_int_equal(rx(&t, 2, 0), SOAK_GOOD);
	assert_int_equal(rx(&t, 2, 0), SOAK_DUP);
	/* Frame 1 after frame 2: late, not lost. */
	assert_int_equal(rx(&t, 1, 1), SOAK_LATE);
	/* Frame 5 (queue 1's) on queue 0. */
	assert_int_equal(rx(&t, 5, 0), SOAK_MISROUTED);
	/* 4 and 6 never come back. */
	assert_int_equal(t.corrupt, 2);
	assert_int_equal(t.seq.duplicated, 1);
	assert_int_equal(t.misrouted, 1);
	assert_int_equal(soak_tally_lost(&t), 2);
	assert_false(soak_tally_ok(&t));
	soak_tally_free(&t);
}

static void
test_each_fault_alone_fails(void **state)
{
	struct soak_tally t;
	static uint8_t copy[FRAME_MAX_LEN];
	unsigned int fault, i;

	(void)state;
	for (fault = 0; fault < 4; fault++) {
		assert_int_equal(soak_tally_init(&t, 9), 0);
		build_all(&t);
		for (i = 0; i < 8; i++) {
			if (fault == 0 && i == 3)
				continue;	/* dropped */
			memcpy(copy, frames[i], lens[i]);
			if (fault == 1 && i == 4)
				copy[40] ^= 1;	/* corrupted */
			soak_tally_rx(&t, copy, lens[i],
				      fault == 3 && i == 6 ? 1 : i % 2, 1);
			if (fault == 2 && i == 5)
				rx(&t, 5, 1);	/* duplicated */
		}
		assert_false(soak_tally_ok(&t));
		soak_tally_free(&t);
	}
	/* Another run's frames and other traffic are foreign, not ours. */
	assert_int_equal(soak_tally_init(&t, 10), 0);
	assert_int_equal(rx(&t, 0, 0), SOAK_FOREIGN);
	memset(copy, 0, 64);
	assert_int_equal(soak_tally_rx(&t, copy, 64, 0, 1), SOAK_FOREIGN);
	assert_int_equal(t.foreign, 2);
	assert_int_equal(t.received, 0);
	assert_true(soak_tally_ok(&t));
	soak_tally_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_run),
		cmocka_unit_test(test_corrupt_dropped_duplicated),
		cmocka_unit_test(test_each_fault_alone_fails),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
