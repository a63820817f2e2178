/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * libFuzzer target for the socplat device-tree property parsers: the
 * bytes a board's device tree (or a corrupt overlay) puts in a property
 * file, fed to every parser. Input: one byte picking the string index,
 * one byte of cell counts (#address-cells bits 0-2, #size-cells bits 3-5,
 * #interrupt-cells - 1 bits 6-7), then the property bytes. The bytes are
 * copied to a buffer of exactly their length so ASan sees any over-read;
 * each parser's answer is checked against what it must mean.
 */

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bus_socplat_driver.h"
#include "socplat_dt_prop.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

static void
check_why(int ret, const char *why)
{
	/* every refusal explains itself */
	if (ret == -EINVAL)
		CHECK(why[0] != '\0' && strlen(why) < SOCPLAT_DT_WHY_LEN);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char why[SOCPLAT_DT_WHY_LEN];
	struct socplat_dt_reg regs[8];
	struct rte_socplat_link link;
	uint32_t ac, sc, ic, v, cells[8];
	uint8_t *p, mac[6];
	const char *s;
	unsigned int idx;
	bool okay;
	size_t len;
	int n, ret;

	if (size < 2)
		return 0;
	idx = data[0];
	ac = data[1] & 7;
	sc = (data[1] >> 3) & 7;
	ic = ((data[1] >> 6) & 3) + 1;
	len = size - 2;
	p = malloc(len ? len : 1);
	if (p == NULL)
		return 0;
	memcpy(p, data + 2, len);

	why[0] = '\0';
	ret = socplat_dt_parse_u32(p, len, &v, why);
	CHECK(ret == 0 ? len == 4 : ret == -EINVAL);
	check_why(ret, why);

	why[0] = '\0';
	n = socplat_dt_parse_u32_array(p, len, cells, 8, why);
	CHECK(n >= 0 ? (size_t)n * 4 == len : n == -EINVAL);
	check_why(n, why);

	why[0] = '\0';
	n = socplat_dt_count_strings(p, len, why);
	check_why(n, why);
	if (n >= 0) {
		CHECK(n >= 1 && p[len - 1] == '\0');
		ret = socplat_dt_parse_string(p, len, idx, &s, why);
		if (idx < (unsigned int)n) {
			CHECK(ret == 0);
			CHECK(s >= (const char *)p &&
			      s + strlen(s) < (const char *)p + len);
			CHECK(s[0] != '\0');
		} else {
			CHECK(ret == -ENOENT);
		}
	}

	why[0] = '\0';
	n = socplat_dt_parse_reg(p, len, ac, sc, regs, 8, why);
	check_why(n, why);
	if (n >= 0) {
		int i;

		CHECK((size_t)n * 4 * (ac + sc) == len && n > 0);
		for (i = 0; i < n && i < 8; i++)
			CHECK(sc == 0 || (regs[i].size != 0 &&
					  regs[i].addr + regs[i].size - 1 >=
					  regs[i].addr));
	}

	why[0] = '\0';
	n = socplat_dt_count_irqs(p, len, ic, why);
	check_why(n, why);
	CHECK(n < 0 || (size_t)n * 4 * ic == len);

	ret = socplat_dt_parse_mac(p, len, mac, why);
	CHECK(ret == 0 ? len == 6 : ret == -EINVAL);

	why[0] = '\0';
	ret = socplat_dt_parse_phandle(p, len, &v, why);
	check_why(ret, why);
	CHECK(ret < 0 || (v != 0 && v != UINT32_MAX));

	why[0] = '\0';
	ret = socplat_dt_parse_status(p, len, &okay, why);
	check_why(ret, why);

	why[0] = '\0';
	memset(&link, 0, sizeof(link));
	ret = socplat_dt_parse_fixed_link_legacy(p, len, &link, why);
	check_why(ret, why);
	CHECK(ret < 0 || (link.fixed && link.speed != 0 && len == 20));

	why[0] = '\0';
	ret = socplat_dt_parse_mdio_addr(p, len, &v, why);
	check_why(ret, why);
	CHECK(ret < 0 || v <= 31);

	ret = socplat_dt_check_cells(ac, false, why);
	CHECK(ret == 0 ? ac >= 1 && ac <= SOCPLAT_DT_MAX_CELLS : 1);

	free(p);
	return 0;
}
