/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/* socnic-fwd's counter arithmetic, rates, and the text of its live line and summary. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "stats.h"

#define SEC 1000000000ull

static void
test_delta(void **state)
{
	struct fwd_counters before = { .rx_pkts = 100, .rx_bytes = 6400,
				       .tx_pkts = 90, .rx_missed = 7,
				       .tx_dropped = 3 };
	struct fwd_counters now = { .rx_pkts = 250, .rx_bytes = 16000,
				    .tx_pkts = 20, .rx_missed = 7,
				    .tx_dropped = 5, .rx_nombuf = 2 };
	struct fwd_counters d;

	(void)state;
	assert_int_equal(fwd_delta(10, 25), 15);
	assert_int_equal(fwd_delta(25, 25), 0);
	/* Went backwards: the counter was reset, all of it is new. */
	assert_int_equal(fwd_delta(25, 4), 4);
	assert_true(fwd_delta(0, UINT64_MAX) == UINT64_MAX);

	fwd_counters_delta(&before, &now, &d);
	assert_int_equal(d.rx_pkts, 150);
	assert_int_equal(d.rx_bytes, 9600);
	assert_int_equal(d.tx_pkts, 20);
	assert_int_equal(d.rx_missed, 0);
	assert_int_equal(d.tx_dropped, 2);
	assert_int_equal(d.rx_nombuf, 2);
	assert_int_equal(fwd_drops(&d), 2);
	assert_int_equal(fwd_drops(&now), 12);
}

static void
test_rates(void **state)
{
	struct fwd_counters d = { .rx_pkts = 1000, .rx_bytes = 64000,
				  .tx_pkts = 999, .tx_bytes = 1514000 };
	struct fwd_rates r;

	(void)state;
	assert_true(fwd_per_sec(1000, SEC / 2) == 2000.0);
	assert_true(fwd_per_sec(3, 3 * SEC) == 1.0);
	assert_true(fwd_per_sec(1000, 0) == 0.0);
	fwd_rates(&d, 2 * SEC, &r);
	assert_true(r.rx_pps == 500.0);
	assert_true(r.tx_pps == 499.5);
	assert_true(r.rx_bps == 256000.0);	/* 32000 B/s */
	assert_true(r.tx_bps == 6056000.0);
}

static void
test_fmt_si(void **state)
{
	static const struct {
		double v;
		const char *unit;
		const char *want;
	} cases[] = {
		{ 0, "pps", "0 pps" },
		{ 7.4, "pps", "7 pps" },
		{ 999, "pps", "999 pps" },
		{ 999.4, "pps", "999 pps" },
		{ 999.6, "pps", "1.00 kpps" },
		{ 1234, "pps", "1.23 kpps" },
		{ 9994, "pps", "9.99 kpps" },
		{ 9996, "pps", "10.0 kpps" },
		{ 12345, "pps", "12.3 kpps" },
		{ 123456, "pps", "123 kpps" },
		{ 999600, "pps", "1.00 Mpps" },
		{ 14880952, "pps", "14.9 Mpps" },
		{ 2.5e9, "bit/s", "2.50 Gbit/s" },
		{ 1e18, "bit/s", "1000 Pbit/s" },
	};
	char buf[32];
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(fwd_fmt_si(buf, sizeof(buf), cases[i].v,
					       cases[i].unit), cases[i].want);
}

static void
test_live_line(void **state)
{
	const uint16_t ports[] = { 0, 1 };
	const struct fwd_counters d[] = {
		{ .rx_pkts = 1000, .rx_bytes = 64000, .tx_pkts = 990,
		  .tx_bytes = 63360, .rx_missed = 4, .tx_dropped = 6,
		  .rx_nombuf = 1 },
		{ .rx_pkts = 990, .rx_bytes = 1498860, .tx_pkts = 1000,
		  .tx_bytes = 64000 },
	};
	static const char full[] =
		"    3.0 s  port 0 rx 1.00 kpps 512 kbit/s tx 990 pps 507 kbit/s drop 10 nombuf 1"
		" | port 1 rx 990 pps 12.0 Mbit/s tx 1.00 kpps 512 kbit/s drop 0 nombuf 0";
	char buf[512], small[24];
	int n;

	(void)state;
	n = fwd_fmt_live(buf, sizeof(buf), 3.04, ports, d, 2, SEC);
	assert_string_equal(buf, full);
	assert_int_equal(n, (int)strlen(full));

	/* Half a second: rates double. */
	fwd_fmt_live(buf, sizeof(buf), 0.5, ports, d, 1, SEC / 2);
	assert_string_equal(buf,
		"    0.5 s  port 0 rx 2.00 kpps 1.02 Mbit/s tx 1.98 kpps 1.01 Mbit/s drop 10 nombuf 1");

	/* Cut to the buffer, like snprintf, and says how long it would be. */
	n = fwd_fmt_live(small, sizeof(small), 3.04, ports, d, 2, SEC);
	assert_int_equal(n, (int)strlen(full));
	assert_int_equal(strlen(small), sizeof(small) - 1);
	assert_memory_equal(small, full, sizeof(small) - 1);
}

static void
test_summary(void **state)
{
	const uint16_t ports[] = { 0, 1 };
	const char *const names[] = { "ff0c0000.ethernet", "ff0d0000.ethernet" };
	const struct fwd_counters t[] = {
		{ .rx_pkts = 20000, .rx_bytes = 1280000, .tx_pkts = 19990,
		  .tx_bytes = 1279360, .rx_missed = 4, .tx_dropped = 6,
		  .rx_nombuf = 2, .rx_errors = 1 },
		{ .rx_pkts = 19990, .rx_bytes = 1279360, .tx_pkts = 19990,
		  .tx_bytes = 1279360 },
	};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	fwd_print_summary(f, 10.0, "SIGINT", ports, names, t, 2);
	fclose(f);
	assert_string_equal(buf,
		"socnic-fwd: summary after 10.0 s (SIGINT)\n"
		"port       rx-packets     tx-packets    dropped  rx_nombuf   rx-avg-pps   tx-avg-pps  rx-Mbit/s  tx-Mbit/s  device\n"
		"0               20000          19990         10          2       2000.0       1999.0      1.024      1.023  ff0c0000.ethernet\n"
		"1               19990          19990          0          0       1999.0       1999.0      1.023      1.023  ff0d0000.ethernet\n"
		"total           39990          39980         10          2       3999.0       3998.0      2.047      2.047\n"
		"port 0: 4 missed by RX (ring full: more --rxd, queues or lcores), 6 not taken by TX (queue full: more --txd or --tx-retries), 1 bad frames received, 0 TX errors\n");
	free(buf);

	/* No time passed (stopped at once): rates are 0, not a division by zero. */
	buf = NULL;
	f = open_memstream(&buf, &len);
	fwd_print_summary(f, 0.0, "SIGTERM", ports, NULL, &t[1], 1);
	fclose(f);
	assert_string_equal(buf,
		"socnic-fwd: summary after 0.0 s (SIGTERM)\n"
		"port       rx-packets     tx-packets    dropped  rx_nombuf   rx-avg-pps   tx-avg-pps  rx-Mbit/s  tx-Mbit/s\n"
		"0               19990          19990          0          0          0.0          0.0      0.000      0.000\n"
		"total           19990          19990          0          0          0.0          0.0      0.000      0.000\n");
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_delta),
		cmocka_unit_test(test_rates),
		cmocka_unit_test(test_fmt_si),
		cmocka_unit_test(test_live_line),
		cmocka_unit_test(test_summary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
