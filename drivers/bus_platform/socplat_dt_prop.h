/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef SOCPLAT_DT_PROP_H
#define SOCPLAT_DT_PROP_H

/*
 * Device-tree property decoders: pure functions over the raw bytes of one
 * property, as Linux exposes it under /sys/firmware/devicetree/base
 * (big-endian cells, NUL-terminated strings). They read no file, keep no
 * state and never log, so the fuzz target (tests/fuzz/bus) links
 * socplat_dt_prop.c alone; the bus reads the files (socplat_dt.c) and
 * reports what they refuse (socplat_dt_device.c).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rte_socplat_link; /* bus_socplat_driver.h */

/* Room for the sentence a parser writes when a property is malformed. */
#define SOCPLAT_DT_WHY_LEN 160

/* Cells counts above this cannot describe anything a platform bus maps. */
#define SOCPLAT_DT_MAX_CELLS 4

struct socplat_dt_reg {
	uint64_t addr;
	uint64_t size;
};

/*
 * Each parser reads at most len bytes of p (the property exactly as the
 * kernel exposes it: big-endian cells, NUL-terminated strings). On a
 * malformed property it returns -EINVAL and writes why (at least
 * SOCPLAT_DT_WHY_LEN bytes) as a sentence fragment ("6 bytes, expected 4").
 */
int socplat_dt_parse_u32(const uint8_t *p, size_t len, uint32_t *val,
			 char *why);
/* Returns the number of cells in the property; stores at most max. */
int socplat_dt_parse_u32_array(const uint8_t *p, size_t len, uint32_t *vals,
			       unsigned int max, char *why);
/* Number of strings in a string list. */
int socplat_dt_count_strings(const uint8_t *p, size_t len, char *why);
/* The idx-th string; -ENOENT past the end. *str points into p. */
int socplat_dt_parse_string(const uint8_t *p, size_t len, unsigned int idx,
			    const char **str, char *why);
/* An #address-cells (is_size false) or #size-cells value. */
int socplat_dt_check_cells(uint32_t val, bool is_size, char *why);
/* cells big-endian cells at p as one number, as Linux's of_read_number
 * reads them: the low 64 bits. p must hold 4 * cells bytes. */
uint64_t socplat_dt_read_number(const uint8_t *p, uint32_t cells);
/* Returns the number of (address, size) entries; stores at most max. */
int socplat_dt_parse_reg(const uint8_t *p, size_t len, uint32_t addr_cells,
			 uint32_t size_cells, struct socplat_dt_reg *regs,
			 unsigned int max, char *why);
/* Number of interrupt specifiers of icells cells each. */
int socplat_dt_count_irqs(const uint8_t *p, size_t len, uint32_t icells,
			  char *why);
int socplat_dt_parse_mac(const uint8_t *p, size_t len, uint8_t mac[6],
			 char *why);
int socplat_dt_parse_phandle(const uint8_t *p, size_t len, uint32_t *ph,
			     char *why);
/* `status`: okay is true for "okay"/"ok"; any other string is not usable. */
int socplat_dt_parse_status(const uint8_t *p, size_t len, bool *okay,
			    char *why);
/* Legacy 5-cell `fixed-link` = <phy-id duplex speed pause asym-pause>. */
int socplat_dt_parse_fixed_link_legacy(const uint8_t *p, size_t len,
				       struct rte_socplat_link *link, char *why);
/* `reg` of a PHY under an MDIO bus: its bus address, 0..31. */
int socplat_dt_parse_mdio_addr(const uint8_t *p, size_t len, uint32_t *addr,
			       char *why);

#endif /* SOCPLAT_DT_PROP_H */
