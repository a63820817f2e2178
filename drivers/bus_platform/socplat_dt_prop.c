/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * The property decoders (socplat_dt_prop.h): each takes the bytes of one
 * property and nothing else, trusts no length and never reads past the
 * buffer, so the fuzz target drives them directly.
 */

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "bus_socplat_driver.h"
#include "socplat_dt_prop.h"

#define WHY(...) snprintf(why, SOCPLAT_DT_WHY_LEN, __VA_ARGS__)

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		(uint32_t)p[2] << 8 | p[3];
}

int
socplat_dt_parse_u32(const uint8_t *p, size_t len, uint32_t *val, char *why)
{
	if (len != 4) {
		WHY("%zu bytes, expected 4 (one cell)", len);
		return -EINVAL;
	}
	*val = be32(p);
	return 0;
}

int
socplat_dt_parse_u32_array(const uint8_t *p, size_t len, uint32_t *vals,
			   unsigned int max, char *why)
{
	size_t i, n;

	if (len % 4 != 0) {
		WHY("%zu bytes, not a whole number of 4-byte cells", len);
		return -EINVAL;
	}
	n = len / 4;
	if (n > INT_MAX) {
		WHY("%zu cells, too many", n);
		return -EINVAL;
	}
	for (i = 0; i < n && i < max; i++)
		vals[i] = be32(p + 4 * i);
	return (int)n;
}

int
socplat_dt_count_strings(const uint8_t *p, size_t len, char *why)
{
	size_t i;
	int n = 0;

	if (len == 0) {
		WHY("empty, expected a string");
		return -EINVAL;
	}
	if (p[len - 1] != '\0') {
		WHY("not NUL-terminated (%zu bytes)", len);
		return -EINVAL;
	}
	for (i = 0; i < len; i++) {
		if (p[i] != '\0')
			continue;
		/* An empty string names nothing: a stray double NUL. */
		if (i == 0 || p[i - 1] == '\0') {
			WHY("empty string at byte %zu", i);
			return -EINVAL;
		}
		if (n == INT_MAX) {
			WHY("too many strings");
			return -EINVAL;
		}
		n++;
	}
	return n;
}

int
socplat_dt_parse_string(const uint8_t *p, size_t len, unsigned int idx,
			const char **str, char *why)
{
	int n = socplat_dt_count_strings(p, len, why);
	size_t off = 0;
	unsigned int i;

	if (n < 0)
		return n;
	if (idx >= (unsigned int)n)
		return -ENOENT;
	for (i = 0; i < idx; i++)
		off += strlen((const char *)p + off) + 1;
	*str = (const char *)p + off;
	return 0;
}

int
socplat_dt_check_cells(uint32_t val, bool is_size, char *why)
{
	if (val > SOCPLAT_DT_MAX_CELLS) {
		WHY("%u, out of range (at most %u)", val,
		    SOCPLAT_DT_MAX_CELLS);
		return -EINVAL;
	}
	if (!is_size && val == 0) {
		WHY("0, a device with reg needs at least one address cell");
		return -EINVAL;
	}
	return 0;
}

/* Folds n cells into 64 bits; cells above the low two must be zero. */
static int
fold_cells(const uint8_t *p, uint32_t n, uint64_t *out)
{
	uint64_t v = 0;
	uint32_t i;

	for (i = 0; i < n; i++) {
		if (i + 2 < n && be32(p + 4 * i) != 0)
			return -1;
		v = v << 32 | be32(p + 4 * i);
	}
	*out = v;
	return 0;
}

uint64_t
socplat_dt_read_number(const uint8_t *p, uint32_t cells)
{
	uint64_t v = 0;
	uint32_t i;

	for (i = 0; i < cells; i++)
		v = v << 32 | be32(p + 4 * i);
	return v;
}

int
socplat_dt_parse_reg(const uint8_t *p, size_t len, uint32_t addr_cells,
		     uint32_t size_cells, struct socplat_dt_reg *regs,
		     unsigned int max, char *why)
{
	size_t entry, n, i;

	if (socplat_dt_check_cells(addr_cells, false, why) < 0 ||
	    socplat_dt_check_cells(size_cells, true, why) < 0)
		return -EINVAL;
	entry = 4 * (size_t)(addr_cells + size_cells);
	if (len == 0) {
		WHY("empty");
		return -EINVAL;
	}
	if (len % entry != 0) {
		WHY("%zu bytes, not a multiple of %zu (#address-cells %u + #size-cells %u)",
		    len, entry, addr_cells, size_cells);
		return -EINVAL;
	}
	n = len / entry;
	if (n > INT_MAX) {
		WHY("%zu entries, too many", n);
		return -EINVAL;
	}
	for (i = 0; i < n; i++) {
		const uint8_t *e = p + i * entry;
		struct socplat_dt_reg r;

		if (fold_cells(e, addr_cells, &r.addr) < 0) {
			WHY("entry %zu: address does not fit in 64 bits", i);
			return -EINVAL;
		}
		if (fold_cells(e + 4 * addr_cells, size_cells, &r.size) < 0) {
			WHY("entry %zu: size does not fit in 64 bits", i);
			return -EINVAL;
		}
		if (size_cells != 0 && r.size == 0) {
			WHY("entry %zu: size 0", i);
			return -EINVAL;
		}
		if (size_cells != 0 && r.addr + r.size - 1 < r.addr) {
			WHY("entry %zu: 0x%" PRIx64 "+0x%" PRIx64 " wraps past 2^64",
			    i, r.addr, r.size);
			return -EINVAL;
		}
		if (i < max)
			regs[i] = r;
	}
	return (int)n;
}

int
socplat_dt_count_irqs(const uint8_t *p, size_t len, uint32_t icells,
		      char *why)
{
	RTE_SET_USED(p); /* only its length matters */
	if (icells == 0 || icells > SOCPLAT_DT_MAX_CELLS) {
		WHY("#interrupt-cells %u of the interrupt parent is out of range",
		    icells);
		return -EINVAL;
	}
	if (len == 0 || len % (4 * icells) != 0) {
		WHY("%zu bytes, not a multiple of %u (#interrupt-cells %u)",
		    len, 4 * icells, icells);
		return -EINVAL;
	}
	return (int)(len / (4 * icells));
}

int
socplat_dt_parse_mac(const uint8_t *p, size_t len, uint8_t mac[6], char *why)
{
	if (len != 6) {
		WHY("%zu bytes, expected 6", len);
		return -EINVAL;
	}
	memcpy(mac, p, 6);
	return 0;
}

int
socplat_dt_parse_phandle(const uint8_t *p, size_t len, uint32_t *ph,
			 char *why)
{
	if (socplat_dt_parse_u32(p, len, ph, why) < 0)
		return -EINVAL;
	if (*ph == 0 || *ph == UINT32_MAX) {
		WHY("0x%x is not a valid phandle", *ph);
		return -EINVAL;
	}
	return 0;
}

int
socplat_dt_parse_status(const uint8_t *p, size_t len, bool *okay, char *why)
{
	const char *s;
	int n = socplat_dt_count_strings(p, len, why);

	if (n < 0)
		return n;
	if (n != 1) {
		WHY("%d strings, expected one", n);
		return -EINVAL;
	}
	s = (const char *)p;
	*okay = strcmp(s, "okay") == 0 || strcmp(s, "ok") == 0;
	return 0;
}

int
socplat_dt_parse_fixed_link_legacy(const uint8_t *p, size_t len,
				   struct rte_socplat_link *link, char *why)
{
	uint32_t c[5];

	if (len != sizeof(c)) {
		WHY("%zu bytes, expected 20 (5 cells: phy-id duplex speed pause asym-pause)",
		    len);
		return -EINVAL;
	}
	socplat_dt_parse_u32_array(p, len, c, 5, why);
	if (c[1] > 1) {
		WHY("duplex cell is %u, expected 0 or 1", c[1]);
		return -EINVAL;
	}
	if (c[2] == 0) {
		WHY("speed cell is 0");
		return -EINVAL;
	}
	link->fixed = true;
	link->full_duplex = c[1] == 1;
	link->speed = c[2];
	return 0;
}

int
socplat_dt_parse_mdio_addr(const uint8_t *p, size_t len, uint32_t *addr,
			   char *why)
{
	if (len < 4 || len % 4 != 0) {
		WHY("%zu bytes, expected one 4-byte cell", len);
		return -EINVAL;
	}
	*addr = be32(p);
	if (*addr > 31) {
		WHY("MDIO address %u, out of range 0..31", *addr);
		return -EINVAL;
	}
	return 0;
}
