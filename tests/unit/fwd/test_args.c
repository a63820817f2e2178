/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/* socnic-fwd's options, port pairing and pool sizing, without EAL. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "args.h"

static char err[512];

/* Parses a NULL-terminated list of arguments (argv[0] is added). */
static int
parse(struct fwd_args *a, ...)
{
	char *argv[64] = { (char *)"--" };
	const char *s;
	va_list ap;
	int argc = 1;

	va_start(ap, a);
	while ((s = va_arg(ap, const char *)) != NULL)
		argv[argc++] = (char *)s;
	va_end(ap);
	err[0] = '\0';
	return fwd_args_parse(argc, argv, a, err, sizeof(err));
}

static void
expect_error(const char *msg, ...)
{
	char *argv[64] = { (char *)"--" };
	struct fwd_args a;
	const char *s;
	va_list ap;
	int argc = 1;

	va_start(ap, msg);
	while ((s = va_arg(ap, const char *)) != NULL)
		argv[argc++] = (char *)s;
	va_end(ap);
	err[0] = '\0';
	assert_int_equal(fwd_args_parse(argc, argv, &a, err, sizeof(err)),
			 FWD_ARGS_ERROR);
	assert_string_equal(err, msg);
}

static void
test_defaults(void **state)
{
	struct fwd_args a;
	unsigned int p;

	(void)state;
	assert_int_equal(parse(&a, NULL), FWD_ARGS_OK);
	assert_false(a.pairs_given);
	assert_false(a.unidirectional);
	assert_int_equal(a.queues, 1);
	assert_int_equal(a.burst, 32);
	assert_int_equal(a.rxd, 512);
	assert_int_equal(a.txd, 512);
	assert_int_equal(a.tx_retries, 4);
	assert_true(a.promisc);
	assert_true(a.interval == 1.0);
	assert_false(a.quiet);
	assert_true(a.duration == 0.0);
	for (p = 0; p < FWD_MAX_PORTS; p++)
		assert_false(a.rewrite[p].dst || a.rewrite[p].src);
}

static void
test_all_options(void **state)
{
	static const uint8_t d[6] = { 0x02, 0, 0, 0, 0, 0x02 };
	static const uint8_t s[6] = { 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff };
	struct fwd_args a;

	(void)state;
	assert_int_equal(parse(&a, "--pairs", "0:1,2:3", "-u", "-q", "4",
			       "--burst", "64", "--rxd", "1024", "--txd=256",
			       "--dst-mac", "1:02:00:00:00:00:02",
			       "--src-mac=1:AA-BB-CC-DD-EE-FF", "--no-promisc",
			       "--tx-retries", "0", "-i", "0.5", "--quiet",
			       "-t", "10", NULL), FWD_ARGS_OK);
	assert_true(a.pairs_given);
	assert_int_equal(a.nb_pairs, 2);
	assert_int_equal(a.pairs[0].a, 0);
	assert_int_equal(a.pairs[0].b, 1);
	assert_int_equal(a.pairs[1].a, 2);
	assert_int_equal(a.pairs[1].b, 3);
	assert_true(a.unidirectional);
	assert_int_equal(a.queues, 4);
	assert_int_equal(a.burst, 64);
	assert_int_equal(a.rxd, 1024);
	assert_int_equal(a.txd, 256);
	assert_true(a.rewrite[1].dst);
	assert_true(a.rewrite[1].src);
	assert_memory_equal(a.rewrite[1].dst_mac.b, d, 6);
	assert_memory_equal(a.rewrite[1].src_mac.b, s, 6);
	assert_false(a.rewrite[0].dst);
	assert_false(a.promisc);
	assert_int_equal(a.tx_retries, 0);
	assert_true(a.interval == 0.5);
	assert_true(a.quiet);
	assert_true(a.duration == 10.0);
	assert_int_equal(parse(&a, "-p", "3:3", NULL), FWD_ARGS_OK);
	assert_int_equal(a.nb_pairs, 1);
	assert_int_equal(a.pairs[0].a, 3);
	assert_int_equal(a.pairs[0].b, 3);
}

static void
test_help(void **state)
{
	struct fwd_args a;

	(void)state;
	assert_int_equal(parse(&a, "-q", "2", "--help", NULL), FWD_ARGS_HELP);
	assert_int_equal(parse(&a, "-h", NULL), FWD_ARGS_HELP);
}

static void
test_errors(void **state)
{
	(void)state;
	expect_error("--queues '0': want a number 1..16", "--queues", "0", NULL);
	expect_error("--queues '17': want a number 1..16", "-q", "17", NULL);
	expect_error("--queues '2x': want a number 1..16", "-q", "2x", NULL);
	expect_error("--queues '-1': want a number 1..16", "-q", "-1", NULL);
	expect_error("--burst '513': want a number 1..512", "--burst", "513", NULL);
	expect_error("--rxd '0': want a descriptor count 1..32768 (the port rounds it to what it supports)",
		     "--rxd", "0", NULL);
	expect_error("--tx-retries '1001': want a number 0..1000",
		     "--tx-retries", "1001", NULL);
	expect_error("--pairs: '0-1' is not a pair: write PORT:PORT, e.g. --pairs 0:1,2:3",
		     "--pairs", "0-1", NULL);
	expect_error("--pairs: '0:x': ports are numbers 0..31, e.g. --pairs 0:1,2:3",
		     "--pairs", "0:x", NULL);
	expect_error("--pairs: '0:32': ports are numbers 0..31, e.g. --pairs 0:1,2:3",
		     "--pairs", "0:1,0:32", NULL);
	expect_error("--pairs: empty list: write PORT:PORT, e.g. --pairs 0:1",
		     "--pairs", ",", NULL);
	expect_error("--dst-mac '1:02:00:00:00:zz:02': '02:00:00:00:zz:02' is not a MAC address: write PORT:MAC, e.g. --dst-mac 1:02:00:00:00:00:02",
		     "--dst-mac", "1:02:00:00:00:zz:02", NULL);
	/* The port forgotten: the first octet is taken as one, the rest is short. */
	expect_error("--dst-mac '02:00:00:00:00:02': '00:00:00:00:02' is not a MAC address: write PORT:MAC, e.g. --dst-mac 1:02:00:00:00:00:02",
		     "--dst-mac", "02:00:00:00:00:02", NULL);
	expect_error("--dst-mac 'x:02:00:00:00:00:02': port 'x' is not a number 0..31",
		     "--dst-mac", "x:02:00:00:00:00:02", NULL);
	expect_error("--src-mac '1': write PORT:MAC, e.g. --src-mac 1:02:00:00:00:00:02",
		     "--src-mac", "1", NULL);
	expect_error("--interval '-1': want seconds 0..3600 (decimals allowed, 0 = no live lines)",
		     "-i", "-1", NULL);
	expect_error("--interval 'nan': want seconds 0..3600 (decimals allowed, 0 = no live lines)",
		     "-i", "nan", NULL);
	expect_error("--duration '5s': want seconds (decimals allowed, 0 = until SIGINT/SIGTERM)",
		     "-t", "5s", NULL);
	expect_error("--burst needs a value (see --help)", "--burst", NULL);
	expect_error("--quiet takes no value", "--quiet=1", NULL);
	expect_error("unknown option '--frob' (EAL options go before '--', ours after it; see --help)",
		     "--frob=2", NULL);
	expect_error("unknown option '-l' (EAL options go before '--', ours after it; see --help)",
		     "-l", "0-1", NULL);
	expect_error("unexpected argument 'extra' (options only; see --help)",
		     "extra", NULL);
}

static void
test_parse_mac(void **state)
{
	static const uint8_t m[6] = { 0x00, 0x1a, 0x2b, 0x3c, 0x4d, 0xff };
	struct fwd_mac mac;

	(void)state;
	assert_int_equal(fwd_parse_mac("00:1a:2b:3c:4d:ff", &mac), 0);
	assert_memory_equal(mac.b, m, 6);
	assert_int_equal(fwd_parse_mac("00-1A-2B-3C-4D-FF", &mac), 0);
	assert_memory_equal(mac.b, m, 6);
	assert_int_equal(fwd_parse_mac("00:1a-2b:3c:4d:ff", &mac), -1);
	assert_int_equal(fwd_parse_mac("00:1a:2b:3c:4d", &mac), -1);
	assert_int_equal(fwd_parse_mac("00:1a:2b:3c:4d:ff:", &mac), -1);
	assert_int_equal(fwd_parse_mac("0g:1a:2b:3c:4d:ff", &mac), -1);
	assert_int_equal(fwd_parse_mac("001a.2b3c.4dff.", &mac), -1);
	assert_int_equal(fwd_parse_mac(NULL, &mac), -1);
}

static void
test_resolve_default_pairs(void **state)
{
	static const uint16_t four[] = { 0, 1, 2, 3 };
	static const uint16_t sparse[] = { 0, 2, 5, 7 };
	struct fwd_args a;

	(void)state;
	fwd_args_defaults(&a);
	assert_int_equal(fwd_args_resolve(&a, four, 4, err, sizeof(err)), 0);
	assert_int_equal(a.nb_pairs, 2);
	assert_int_equal(a.pairs[1].a, 2);
	assert_int_equal(a.pairs[1].b, 3);
	assert_true(fwd_args_port_used(&a, 3));
	assert_true(fwd_args_port_sends(&a, 0));

	/* Pairs follow the ports found, not the numbers 0..n-1. */
	fwd_args_defaults(&a);
	assert_int_equal(fwd_args_resolve(&a, sparse, 4, err, sizeof(err)), 0);
	assert_int_equal(a.pairs[0].a, 0);
	assert_int_equal(a.pairs[0].b, 2);
	assert_int_equal(a.pairs[1].a, 5);
	assert_int_equal(a.pairs[1].b, 7);
	assert_false(fwd_args_port_used(&a, 1));

	fwd_args_defaults(&a);
	assert_int_equal(fwd_args_resolve(&a, four, 3, err, sizeof(err)), -1);
	assert_string_equal(err,
		"3 ports found, pairing needs an even number: name the pairs (e.g. --pairs 0:1, or 0:0 to send frames back out of the port they came in on) or allow more ports with -a");
	assert_int_equal(fwd_args_resolve(&a, four, 1, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "1 port found,"));
	assert_int_equal(fwd_args_resolve(&a, four, 0, err, sizeof(err)), -1);
	assert_string_equal(err,
		"no ports: is the NIC bound to vfio-platform (socnic-bind --status) and did you pass -a?");
}

static void
test_resolve_given_pairs(void **state)
{
	static const uint16_t two[] = { 0, 1 };
	static const uint16_t three[] = { 0, 1, 2 };
	struct fwd_args a;

	(void)state;
	/* Given pairs may leave ports out, so an odd count is fine. */
	assert_int_equal(parse(&a, "--pairs", "2:0", NULL), 0);
	assert_int_equal(fwd_args_resolve(&a, three, 3, err, sizeof(err)), 0);
	assert_false(fwd_args_port_used(&a, 1));

	assert_int_equal(parse(&a, "--pairs", "0:2", NULL), 0);
	assert_int_equal(fwd_args_resolve(&a, two, 2, err, sizeof(err)), -1);
	assert_string_equal(err,
		"--pairs 0:2: there is no port 2 (ports found: 0 1; allow more devices with -a)");

	assert_int_equal(parse(&a, "--pairs", "0:1,1:2", NULL), 0);
	assert_int_equal(fwd_args_resolve(&a, three, 3, err, sizeof(err)), -1);
	assert_string_equal(err,
		"--pairs: port 1 is in two pairs (0:1 and 1:2): each port may be in one pair only");

	assert_int_equal(parse(&a, "--pairs", "0:0,1:1", NULL), 0);
	assert_int_equal(fwd_args_resolve(&a, two, 2, err, sizeof(err)), 0);
}

static void
test_resolve_rewrites(void **state)
{
	static const uint16_t three[] = { 0, 1, 2 };
	struct fwd_args a;

	(void)state;
	assert_int_equal(parse(&a, "--pairs", "0:1", "--dst-mac",
			       "2:02:00:00:00:00:09", NULL), 0);
	assert_int_equal(fwd_args_resolve(&a, three, 3, err, sizeof(err)), -1);
	assert_string_equal(err,
		"--dst-mac 2: port 2 is not forwarded (no pair uses it)");

	/* Unidirectional 0 -> 1: port 0 only receives. */
	assert_int_equal(parse(&a, "--pairs", "0:1", "-u", "--src-mac",
			       "0:02:00:00:00:00:09", NULL), 0);
	assert_int_equal(fwd_args_resolve(&a, three, 3, err, sizeof(err)), -1);
	assert_string_equal(err,
		"--src-mac 0: nothing is sent out of port 0 with --unidirectional (MACs are rewritten on the sending port)");
	assert_false(fwd_args_port_sends(&a, 0));
	assert_true(fwd_args_port_sends(&a, 1));

	assert_int_equal(parse(&a, "--pairs", "0:1", "-u", "--dst-mac",
			       "1:02:00:00:00:00:09", NULL), 0);
	assert_int_equal(fwd_args_resolve(&a, three, 3, err, sizeof(err)), 0);
}

static void
test_mbuf_sizing(void **state)
{
	(void)state;
	/* 2 ports x 1 queue x (512 + 512) + 2 lcores x 256 + 1 worker x 32. */
	assert_int_equal(fwd_mbuf_count(2, 1, 512, 512, 2, 1, 32, 256), 2592);
	/* Queues multiply the rings. */
	assert_int_equal(fwd_mbuf_count(4, 2, 512, 512, 2, 1, 32, 256),
			 4 * 2 * 1024 + 512 + 32);
	/* Tiny rings: still large enough for rte_mempool's cache rule. */
	assert_int_equal(fwd_mbuf_count(1, 1, 1, 1, 0, 0, 1, 512), 768);
	assert_int_equal(fwd_mbuf_cache(32), 256);
	assert_int_equal(fwd_mbuf_cache(256), 256);
	assert_int_equal(fwd_mbuf_cache(512), 512);
}

static void
test_usage(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	fwd_usage(f, "socnic-fwd");
	fclose(f);
	assert_non_null(strstr(buf, "Usage: socnic-fwd [EAL options] -- [options]\n"));
	/* Every option the parser takes is explained. */
	assert_non_null(strstr(buf, "--pairs LIST"));
	assert_non_null(strstr(buf, "--unidirectional"));
	assert_non_null(strstr(buf, "--queues N"));
	assert_non_null(strstr(buf, "--burst N"));
	assert_non_null(strstr(buf, "--rxd N"));
	assert_non_null(strstr(buf, "--txd N"));
	assert_non_null(strstr(buf, "--dst-mac P:MAC"));
	assert_non_null(strstr(buf, "--src-mac P:MAC"));
	assert_non_null(strstr(buf, "--no-promisc"));
	assert_non_null(strstr(buf, "--tx-retries N"));
	assert_non_null(strstr(buf, "--interval S"));
	assert_non_null(strstr(buf, "--quiet"));
	assert_non_null(strstr(buf, "--duration S"));
	assert_non_null(strstr(buf, "--help"));
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_all_options),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_parse_mac),
		cmocka_unit_test(test_resolve_default_pairs),
		cmocka_unit_test(test_resolve_given_pairs),
		cmocka_unit_test(test_resolve_rewrites),
		cmocka_unit_test(test_mbuf_sizing),
		cmocka_unit_test(test_usage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
