/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/* socnic-traffic's command-line values: wires, sizes, destinations. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "spec.h"

#define N(a)	(sizeof(a) / sizeof((a)[0]))

static void
test_wire_good(void **state)
{
	struct wire w;
	char err[256] = "";

	(void)state;
	assert_int_equal(wire_parse("40000:40001", &w, err, sizeof(err)), 0);
	assert_int_equal(w.tester_port, 40000);
	assert_int_equal(w.board_port, 40001);
	assert_int_equal(wire_parse("1:65535", &w, err, sizeof(err)), 0);
	assert_int_equal(w.tester_port, 1);
	assert_int_equal(w.board_port, 65535);
}

static void
test_wire_bad(void **state)
{
	static const char *const bad[] = {
		"", "40000", "40000:", ":40001", "0:1", "1:0", "1:65536",
		"65536:1", "40000:40000", "a:b", "40000:40001:1", " 1:2",
		"-1:2", "1:+2", "127.0.0.1:40000", "40000;40001",
		"99999999999999999999:1", "0x10:0x11x",
	};
	struct wire w = { 7, 8 };
	char err[256];

	(void)state;
	for (size_t i = 0; i < N(bad); i++) {
		err[0] = '\0';
		if (wire_parse(bad[i], &w, err, sizeof(err)) == 0)
			fail_msg("accepted wire '%s'", bad[i]);
		/* The message tells what a wire looks like. */
		assert_non_null(strstr(err, "TESTER_PORT:BOARD_PORT"));
	}
	assert_int_equal(wire_parse(NULL, &w, err, sizeof(err)), -1);
	assert_int_equal(w.tester_port, 7);
	assert_int_equal(w.board_port, 8);
}

static void
test_size_forms(void **state)
{
	struct size_spec sp;
	char err[256];
	uint64_t rng = 1;

	(void)state;
	assert_int_equal(size_spec_parse("60", &sp, err, sizeof(err)), 0);
	assert_int_equal(sp.kind, SIZE_FIXED);
	assert_int_equal(size_spec_next(&sp, 5, &rng), 60);

	assert_int_equal(size_spec_parse("9000", &sp, err, sizeof(err)), 0);
	assert_int_equal(sp.min, 9000);
	assert_int_equal(size_spec_parse("46", &sp, err, sizeof(err)), 0);

	assert_int_equal(size_spec_parse("60-1514", &sp, err, sizeof(err)), 0);
	assert_int_equal(sp.kind, SIZE_RANGE);
	assert_int_equal(sp.min, 60);
	assert_int_equal(sp.max, 1514);

	assert_int_equal(size_spec_parse("60,590,1514", &sp, err, sizeof(err)),
			 0);
	assert_int_equal(sp.kind, SIZE_LIST);
	assert_int_equal(sp.n, 3);
	assert_int_equal(sp.min, 60);
	assert_int_equal(sp.max, 1514);
	/* Cycled in order, by frame index. */
	assert_int_equal(size_spec_next(&sp, 0, &rng), 60);
	assert_int_equal(size_spec_next(&sp, 1, &rng), 590);
	assert_int_equal(size_spec_next(&sp, 2, &rng), 1514);
	assert_int_equal(size_spec_next(&sp, 3, &rng), 60);
	assert_int_equal(size_spec_next(&sp, 3001, &rng), 590);

	assert_int_equal(size_spec_parse("imix", &sp, err, sizeof(err)), 0);
	assert_int_equal(sp.n, 12);
	{
		unsigned int n60 = 0, n590 = 0, n1514 = 0;

		for (unsigned int i = 0; i < sp.n; i++) {
			n60 += sp.list[i] == 60;
			n590 += sp.list[i] == 590;
			n1514 += sp.list[i] == 1514;
		}
		assert_int_equal(n60, 7);
		assert_int_equal(n590, 4);
		assert_int_equal(n1514, 1);
	}
}

static void
test_size_bad(void **state)
{
	static const char *const bad[] = {
		"", "45", "9001", "0", "-60", "abc", "60-", "-1514", "100-60",
		"60,,100", "60,", ",60", "60,9001", "60-1514-2000", "60 ",
		"60,abc", "1e3", "60.5",
	};
	struct size_spec sp;
	char err[256];

	(void)state;
	for (size_t i = 0; i < N(bad); i++) {
		err[0] = '\0';
		if (size_spec_parse(bad[i], &sp, err, sizeof(err)) == 0)
			fail_msg("accepted size '%s'", bad[i]);
		assert_true(strlen(err) > 0);
	}
	assert_int_equal(size_spec_parse(NULL, &sp, err, sizeof(err)), -1);
}

static void
test_size_list_limit(void **state)
{
	char buf[SIZE_LIST_MAX * 4 + 8] = "";
	struct size_spec sp;
	char err[256];

	(void)state;
	for (int i = 0; i < SIZE_LIST_MAX; i++)
		strcat(buf, i ? ",100" : "100");
	assert_int_equal(size_spec_parse(buf, &sp, err, sizeof(err)), 0);
	assert_int_equal(sp.n, SIZE_LIST_MAX);
	strcat(buf, ",100");
	assert_int_equal(size_spec_parse(buf, &sp, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "too many"));
}

/* Random sizes stay in range, reach both ends, and repeat with the seed. */
static void
test_size_random(void **state)
{
	struct size_spec sp;
	char err[256];
	uint64_t a = 42, b = 42, c = 43;
	bool lo = false, hi = false, differs = false;

	(void)state;
	assert_int_equal(size_spec_parse("60-63", &sp, err, sizeof(err)), 0);
	for (int i = 0; i < 1000; i++) {
		uint16_t x = size_spec_next(&sp, i, &a);
		uint16_t y = size_spec_next(&sp, i, &b);

		assert_in_range(x, 60, 63);
		assert_int_equal(x, y);
		lo |= x == 60;
		hi |= x == 63;
		differs |= x != size_spec_next(&sp, i, &c);
	}
	assert_true(lo && hi);
	assert_true(differs);
}

static void
test_dst_list(void **state)
{
	struct dst_list dl;
	char err[256];

	(void)state;
	assert_int_equal(dst_list_parse("unicast,multicast,broadcast,02:00:00:00:00:09",
					&dl, err, sizeof(err)), 0);
	assert_int_equal(dl.n, 4);
	assert_false(frame_mac_is_multicast(dl.mac[0]) ||
		     frame_mac_is_broadcast(dl.mac[0]));
	assert_true(frame_mac_is_multicast(dl.mac[1]));
	assert_true(frame_mac_is_broadcast(dl.mac[2]));
	assert_memory_equal(dl.mac[3], ((uint8_t[]){ 2, 0, 0, 0, 0, 9 }),
			    ETH_ALEN);
	assert_memory_equal(dl.mac[0], spec_default_unicast, ETH_ALEN);

	assert_int_equal(dst_list_parse("uni", &dl, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "'uni'"));
	assert_int_equal(dst_list_parse("unicast,", &dl, err, sizeof(err)), -1);
	assert_int_equal(dst_list_parse("", &dl, err, sizeof(err)), -1);
	assert_int_equal(dst_list_parse("02:00:00:00:00", &dl, err,
					sizeof(err)), -1);
	{
		char many[DST_LIST_MAX * 10 + 16] = "";

		for (int i = 0; i <= DST_LIST_MAX; i++)
			strcat(many, i ? ",unicast" : "unicast");
		assert_int_equal(dst_list_parse(many, &dl, err, sizeof(err)),
				 -1);
		assert_non_null(strstr(err, "too many"));
	}
}

static void
test_numbers(void **state)
{
	uint64_t v = 0;
	double d = 0;

	(void)state;
	assert_int_equal(spec_parse_u64("010", 0, 100, &v), 0);
	assert_int_equal(v, 10);
	assert_int_equal(spec_parse_u64("0x10", 0, 100, &v), 0);
	assert_int_equal(v, 16);
	assert_int_equal(spec_parse_u64("0xFFFFFFFF", 0, UINT32_MAX, &v), 0);
	assert_int_equal(v, UINT32_MAX);
	assert_int_equal(spec_parse_u64("0x", 0, 100, &v), -1);
	assert_int_equal(spec_parse_u64("-1", 0, 100, &v), -1);
	assert_int_equal(spec_parse_u64(" 1", 0, 100, &v), -1);
	assert_int_equal(spec_parse_u64("1 ", 0, 100, &v), -1);
	assert_int_equal(spec_parse_u64("101", 0, 100, &v), -1);
	assert_int_equal(spec_parse_u64("0", 1, 100, &v), -1);
	assert_int_equal(spec_parse_u64("18446744073709551616", 0, UINT64_MAX,
					&v), -1);
	assert_int_equal(spec_parse_double("2.5", 0, 10, &d), 0);
	assert_true(d == 2.5);
	assert_int_equal(spec_parse_double("nan", 0, 10, &d), -1);
	assert_int_equal(spec_parse_double("-1", 0, 10, &d), -1);
	assert_int_equal(spec_parse_double("1s", 0, 10, &d), -1);
	assert_int_equal(spec_parse_double("", 0, 10, &d), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wire_good),
		cmocka_unit_test(test_wire_bad),
		cmocka_unit_test(test_size_forms),
		cmocka_unit_test(test_size_bad),
		cmocka_unit_test(test_size_list_limit),
		cmocka_unit_test(test_size_random),
		cmocka_unit_test(test_dst_list),
		cmocka_unit_test(test_numbers),
	};

	return cmocka_run_group_tests_name("traffic-spec", tests, NULL, NULL);
}
