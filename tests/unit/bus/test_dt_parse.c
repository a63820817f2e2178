/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/* The property parsers on raw bytes: well-formed, truncated, malformed. */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "private.h"

#define BE(x) (uint8_t)((x) >> 24), (uint8_t)((x) >> 16), \
	(uint8_t)((x) >> 8), (uint8_t)(x)

static char why[SOCPLAT_DT_WHY_LEN];

static void
test_u32(void **state)
{
	static const uint8_t ok[] = { BE(0x12345678) };
	uint32_t v = 0;

	(void)state;
	assert_int_equal(socplat_dt_parse_u32(ok, 4, &v, why), 0);
	assert_int_equal(v, 0x12345678);
	assert_int_equal(socplat_dt_parse_u32(ok, 3, &v, why), -EINVAL);
	assert_string_equal(why, "3 bytes, expected 4 (one cell)");
	assert_int_equal(socplat_dt_parse_u32(ok, 0, &v, why), -EINVAL);
	assert_string_equal(why, "0 bytes, expected 4 (one cell)");
}

static void
test_u32_array(void **state)
{
	static const uint8_t p[] = { BE(1), BE(2), BE(3) };
	uint32_t v[3] = { 0 };

	(void)state;
	assert_int_equal(socplat_dt_parse_u32_array(p, 12, v, 3, why), 3);
	assert_int_equal(v[0], 1);
	assert_int_equal(v[2], 3);
	/* max bounds what is stored, not what is counted */
	memset(v, 0, sizeof(v));
	assert_int_equal(socplat_dt_parse_u32_array(p, 12, v, 1, why), 3);
	assert_int_equal(v[0], 1);
	assert_int_equal(v[1], 0);
	assert_int_equal(socplat_dt_parse_u32_array(p, 0, v, 3, why), 0);
	assert_int_equal(socplat_dt_parse_u32_array(p, 11, v, 3, why), -EINVAL);
	assert_string_equal(why, "11 bytes, not a whole number of 4-byte cells");
}

static void
test_strings(void **state)
{
	static const uint8_t two[] = "cdns,zynqmp-gem\0cdns,gem";
	const char *s = NULL;

	(void)state;
	assert_int_equal(socplat_dt_count_strings(two, sizeof(two), why), 2);
	assert_int_equal(socplat_dt_parse_string(two, sizeof(two), 1, &s, why), 0);
	assert_string_equal(s, "cdns,gem");
	assert_int_equal(socplat_dt_parse_string(two, sizeof(two), 2, &s, why),
			 -ENOENT);
	/* cut short: the last string loses its NUL */
	assert_int_equal(socplat_dt_count_strings(two, sizeof(two) - 1, why),
			 -EINVAL);
	assert_string_equal(why, "not NUL-terminated (24 bytes)");
	assert_int_equal(socplat_dt_count_strings(two, 0, why), -EINVAL);
	assert_string_equal(why, "empty, expected a string");
	assert_int_equal(socplat_dt_count_strings((const uint8_t *)"a\0\0", 3,
						  why), -EINVAL);
	assert_string_equal(why, "empty string at byte 2");
	assert_int_equal(socplat_dt_parse_string((const uint8_t *)"\0", 1, 0,
						 &s, why), -EINVAL);
}

static void
test_cells(void **state)
{
	(void)state;
	assert_int_equal(socplat_dt_check_cells(2, false, why), 0);
	assert_int_equal(socplat_dt_check_cells(0, true, why), 0);
	assert_int_equal(socplat_dt_check_cells(0, false, why), -EINVAL);
	assert_string_equal(why, "0, a device with reg needs at least one address cell");
	assert_int_equal(socplat_dt_check_cells(5, true, why), -EINVAL);
	assert_string_equal(why, "5, out of range (at most 4)");
}

static void
test_reg(void **state)
{
	static const uint8_t two_two[] = {
		BE(0), BE(0xff0d0000), BE(0), BE(0x1000),
		BE(0), BE(0xff0e0000), BE(0), BE(0x100),
	};
	static const uint8_t one_one[] = { BE(0xe000b000), BE(0x1000) };
	static const uint8_t wide[] = { BE(1), BE(0), BE(0), BE(0x10) };
	static const uint8_t zero_size[] = { BE(0xa0000000), BE(0) };
	static const uint8_t wraps[] = {
		BE(0xffffffff), BE(0xfffff000), BE(0), BE(0x2000),
	};
	static const uint8_t mdio[] = { BE(7) };
	struct socplat_dt_reg r[2];

	(void)state;
	memset(r, 0, sizeof(r));
	assert_int_equal(socplat_dt_parse_reg(two_two, sizeof(two_two), 2, 2,
					      r, 2, why), 2);
	assert_int_equal(r[0].addr, 0xff0d0000);
	assert_int_equal(r[0].size, 0x1000);
	assert_int_equal(r[1].addr, 0xff0e0000);
	assert_int_equal(r[1].size, 0x100);
	/* counting only */
	assert_int_equal(socplat_dt_parse_reg(two_two, sizeof(two_two), 2, 2,
					      NULL, 0, why), 2);
	/* the same bytes read as 2+1 cells do not divide */
	assert_int_equal(socplat_dt_parse_reg(two_two, sizeof(two_two), 2, 1,
					      r, 2, why), -EINVAL);
	assert_string_equal(why, "32 bytes, not a multiple of 12 (#address-cells 2 + #size-cells 1)");
	/* truncated by one byte */
	assert_int_equal(socplat_dt_parse_reg(two_two, 31, 2, 2, r, 2, why),
			 -EINVAL);
	assert_string_equal(why, "31 bytes, not a multiple of 16 (#address-cells 2 + #size-cells 2)");
	assert_int_equal(socplat_dt_parse_reg(two_two, 0, 2, 2, r, 2, why),
			 -EINVAL);
	assert_string_equal(why, "empty");
	assert_int_equal(socplat_dt_parse_reg(one_one, 8, 1, 1, r, 2, why), 1);
	assert_int_equal(r[0].addr, 0xe000b000);
	assert_int_equal(r[0].size, 0x1000);
	/* three address cells: the top one must be zero */
	assert_int_equal(socplat_dt_parse_reg(wide, 16, 3, 1, r, 2, why),
			 -EINVAL);
	assert_string_equal(why, "entry 0: address does not fit in 64 bits");
	assert_int_equal(socplat_dt_parse_reg(zero_size, 8, 1, 1, r, 2, why),
			 -EINVAL);
	assert_string_equal(why, "entry 0: size 0");
	assert_int_equal(socplat_dt_parse_reg(wraps, 16, 2, 2, r, 2, why),
			 -EINVAL);
	assert_string_equal(why, "entry 0: 0xfffffffffffff000+0x2000 wraps past 2^64");
	/* #size-cells 0 (an MDIO bus) is legal */
	assert_int_equal(socplat_dt_parse_reg(mdio, 4, 1, 0, r, 2, why), 1);
	assert_int_equal(r[0].addr, 7);
	assert_int_equal(socplat_dt_parse_reg(mdio, 4, 0, 1, r, 2, why),
			 -EINVAL);
	assert_int_equal(socplat_dt_parse_reg(mdio, 4, 1, 9, r, 2, why),
			 -EINVAL);
	assert_string_equal(why, "9, out of range (at most 4)");
}

static void
test_irqs(void **state)
{
	static const uint8_t two[] = {
		BE(0), BE(56), BE(4), BE(0), BE(56), BE(4),
	};

	(void)state;
	assert_int_equal(socplat_dt_count_irqs(two, sizeof(two), 3, why), 2);
	assert_int_equal(socplat_dt_count_irqs(two, sizeof(two), 2, why), 3);
	assert_int_equal(socplat_dt_count_irqs(two, 8, 3, why), -EINVAL);
	assert_string_equal(why, "8 bytes, not a multiple of 12 (#interrupt-cells 3)");
	assert_int_equal(socplat_dt_count_irqs(two, 0, 3, why), -EINVAL);
	assert_int_equal(socplat_dt_count_irqs(two, 24, 0, why), -EINVAL);
	assert_string_equal(why, "#interrupt-cells 0 of the interrupt parent is out of range");
}

static void
test_mac(void **state)
{
	static const uint8_t m[] = { 2, 0, 0, 0, 0, 1 };
	uint8_t out[6] = { 0 };

	(void)state;
	assert_int_equal(socplat_dt_parse_mac(m, 6, out, why), 0);
	assert_memory_equal(out, m, 6);
	assert_int_equal(socplat_dt_parse_mac(m, 5, out, why), -EINVAL);
	assert_string_equal(why, "5 bytes, expected 6");
	assert_int_equal(socplat_dt_parse_mac(m, 0, out, why), -EINVAL);
}

static void
test_phandle(void **state)
{
	static const uint8_t ok[] = { BE(0x8002) }, zero[] = { BE(0) };
	static const uint8_t ones[] = { BE(0xffffffff) };
	uint32_t ph;

	(void)state;
	assert_int_equal(socplat_dt_parse_phandle(ok, 4, &ph, why), 0);
	assert_int_equal(ph, 0x8002);
	assert_int_equal(socplat_dt_parse_phandle(zero, 4, &ph, why), -EINVAL);
	assert_string_equal(why, "0x0 is not a valid phandle");
	assert_int_equal(socplat_dt_parse_phandle(ones, 4, &ph, why), -EINVAL);
	assert_int_equal(socplat_dt_parse_phandle(ok, 2, &ph, why), -EINVAL);
	assert_string_equal(why, "2 bytes, expected 4 (one cell)");
}

static void
test_status(void **state)
{
	bool okay;

	(void)state;
	assert_int_equal(socplat_dt_parse_status((const uint8_t *)"okay", 5,
						 &okay, why), 0);
	assert_true(okay);
	assert_int_equal(socplat_dt_parse_status((const uint8_t *)"ok", 3,
						 &okay, why), 0);
	assert_true(okay);
	assert_int_equal(socplat_dt_parse_status((const uint8_t *)"disabled",
						 9, &okay, why), 0);
	assert_false(okay);
	assert_int_equal(socplat_dt_parse_status((const uint8_t *)"fail-sss",
						 9, &okay, why), 0);
	assert_false(okay);
	assert_int_equal(socplat_dt_parse_status((const uint8_t *)"okay", 4,
						 &okay, why), -EINVAL);
	assert_string_equal(why, "not NUL-terminated (4 bytes)");
	assert_int_equal(socplat_dt_parse_status((const uint8_t *)"ok\0ay", 6,
						 &okay, why), -EINVAL);
	assert_string_equal(why, "2 strings, expected one");
}

static void
test_fixed_link_legacy(void **state)
{
	static const uint8_t ok[] = { BE(0), BE(1), BE(100), BE(0), BE(0) };
	static const uint8_t half[] = { BE(0), BE(0), BE(10), BE(0), BE(0) };
	static const uint8_t bad_duplex[] = { BE(0), BE(2), BE(10), BE(0), BE(0) };
	static const uint8_t no_speed[] = { BE(0), BE(1), BE(0), BE(0), BE(0) };
	struct rte_socplat_link l;

	(void)state;
	memset(&l, 0, sizeof(l));
	assert_int_equal(socplat_dt_parse_fixed_link_legacy(ok, 20, &l, why), 0);
	assert_true(l.fixed);
	assert_true(l.full_duplex);
	assert_int_equal(l.speed, 100);
	assert_int_equal(socplat_dt_parse_fixed_link_legacy(half, 20, &l, why), 0);
	assert_false(l.full_duplex);
	assert_int_equal(l.speed, 10);
	assert_int_equal(socplat_dt_parse_fixed_link_legacy(ok, 16, &l, why),
			 -EINVAL);
	assert_string_equal(why, "16 bytes, expected 20 (5 cells: phy-id duplex speed pause asym-pause)");
	assert_int_equal(socplat_dt_parse_fixed_link_legacy(bad_duplex, 20, &l,
							    why), -EINVAL);
	assert_string_equal(why, "duplex cell is 2, expected 0 or 1");
	assert_int_equal(socplat_dt_parse_fixed_link_legacy(no_speed, 20, &l,
							    why), -EINVAL);
	assert_string_equal(why, "speed cell is 0");
}

static void
test_mdio_addr(void **state)
{
	static const uint8_t seven[] = { BE(7) }, forty[] = { BE(40) };
	uint32_t a;

	(void)state;
	assert_int_equal(socplat_dt_parse_mdio_addr(seven, 4, &a, why), 0);
	assert_int_equal(a, 7);
	assert_int_equal(socplat_dt_parse_mdio_addr(forty, 4, &a, why), -EINVAL);
	assert_string_equal(why, "MDIO address 40, out of range 0..31");
	assert_int_equal(socplat_dt_parse_mdio_addr(seven, 3, &a, why), -EINVAL);
	assert_string_equal(why, "3 bytes, expected one 4-byte cell");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_u32),
		cmocka_unit_test(test_u32_array),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_reg),
		cmocka_unit_test(test_irqs),
		cmocka_unit_test(test_mac),
		cmocka_unit_test(test_phandle),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_fixed_link_legacy),
		cmocka_unit_test(test_mdio_addr),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
