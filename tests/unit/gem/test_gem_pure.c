/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * net_gem's pure parts: descriptor encoding, ring index arithmetic, the
 * capability decisions (variant table refined by the design-config
 * registers), the multicast hash and the cache-line arithmetic of the
 * non-coherent path. No EAL, no device.
 */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gem_hw.h"
#include "gem_caps.h"
#include "gem_dma.h"
#include "gem_ethdev.h"
#include "gem_hw_ops.h"
#include "gem_rxtx.h"

/* What QEMU 7.2's xlnx-versal-virt GEM reports (GEM.md, cadence_gem.c). */
#define QEMU_MID   0x00020118u
#define QEMU_DCFG1 0x02d00111u
#define QEMU_DCFG2 (0x2ab10000u | 10240u)
#define QEMU_DCFG6 0x00800002u

/* ---------------------------------------------------------- descriptors */

static void
test_desc_layout(void **state)
{
	(void)state;
	/* Word offsets hardware uses: 0 address, 1 control, 2 upper address. */
	assert_int_equal(offsetof(struct gem_desc, addr), 0);
	assert_int_equal(offsetof(struct gem_desc, ctrl), 4);
	assert_int_equal(offsetof(struct gem_desc, addr_hi), 8);
	assert_int_equal(sizeof(struct gem_desc), 1 << GEM_DESC_SHIFT_64);
	assert_int_equal(1 << GEM_DESC_SHIFT_32, GEM_DESC_SIZE_32);
	assert_int_equal(1 << GEM_DESC_SHIFT_64, GEM_DESC_SIZE_64);
}

static void
test_desc_rx_encoding(void **state)
{
	uint32_t w;

	(void)state;
	/* Handing a buffer over leaves USED clear: bit 0. */
	w = gem_rx_addr_word(0x12345640, false);
	assert_int_equal(w, 0x12345640);
	assert_int_equal(w & GEM_RX_W0_USED, 0);
	/* The last descriptor carries WRAP, bit 1. */
	w = gem_rx_addr_word(0x12345640, true);
	assert_int_equal(w, 0x12345642);
	/* Only bits 31:2 carry address; the upper half goes to word 2. */
	w = gem_rx_addr_word(0xab12345643ull, false);
	assert_int_equal(w, 0x12345640);

	/* Status written back: 14-bit length, SOF 14, EOF 15. */
	assert_int_equal(gem_rx_len(0x0000c05a), 0x5a);
	assert_int_equal(gem_rx_len(0x80003fff), 0x3fff);
	assert_int_equal(gem_rx_len(9000 | GEM_RX_W1_SOF | GEM_RX_W1_EOF),
			 9000);
	assert_int_equal(GEM_RX_W1_SOF, 1u << 14);
	assert_int_equal(GEM_RX_W1_EOF, 1u << 15);
	assert_int_equal(GEM_GET(GEM_RX_W1_CSUM, 3u << 22), 3);
}

static void
test_desc_tx_encoding(void **state)
{
	(void)state;
	assert_int_equal(gem_tx_ctrl_word(60, true, false, false),
			 60 | (1u << 15));
	assert_int_equal(gem_tx_ctrl_word(1514, false, true, false),
			 1514 | (1u << 30));
	assert_int_equal(gem_tx_ctrl_word(0, false, false, true), 1u << 31);
	/* 14 length bits: longer is masked, never spills into flags. */
	assert_int_equal(gem_tx_ctrl_word(0x3fff, false, false, false),
			 0x3fff);
	assert_int_equal(gem_tx_ctrl_word(0x4000, false, false, false), 0);
	assert_int_equal(gem_tx_ctrl_word(9000, true, true, true),
			 9000 | (1u << 15) | (1u << 30) | (1u << 31));
}

/* --------------------------------------------------------------- rings */

static void
test_ring_arith(void **state)
{
	static const uint16_t sizes[] = { 1, 2, 7, 64, 100, 512, 4096 };
	unsigned int s, i, k;

	(void)state;
	for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		uint16_t n = sizes[s];

		for (i = 0; i < n; i++) {
			assert_int_equal(gem_ring_next(i, n), (i + 1) % n);
			for (k = 0; k <= n; k += (n > 64 ? 37 : 1)) {
				assert_int_equal(gem_ring_add(i, k, n),
						 (i + k) % n);
				assert_int_equal(gem_ring_sub(i, k, n),
						 (i + n - k) % n);
			}
			for (k = 0; k < n; k += (n > 64 ? 41 : 1))
				assert_int_equal(gem_ring_dist(i, k, n),
						 (k + n - i) % n);
		}
	}
	/* The largest ring at its very end. */
	assert_int_equal(gem_ring_add(4095, 4096, 4096), 4095);
	assert_int_equal(gem_ring_sub(0, 4096, 4096), 0);
	assert_int_equal(gem_ring_next(65534, 65535), 0);
}

static void
test_ring_bytes(void **state)
{
	(void)state;
	/* QEMU rewrites 24 bytes at a frame's first descriptor. */
	assert_true(gem_ring_bytes(512, GEM_DESC_SHIFT_32, 0) >=
		    511 * 8 + 24);
	assert_true(gem_ring_bytes(512, GEM_DESC_SHIFT_64, 0) >=
		    511 * 16 + 24);
	assert_int_equal(gem_ring_bytes(64, GEM_DESC_SHIFT_64, 0),
			 64 * 16 + GEM_RING_PAD);
	/* Silicon reads ahead past WRAP by its prefetch depth. */
	assert_int_equal(gem_ring_bytes(64, GEM_DESC_SHIFT_64, 4),
			 64 * 16 + 4 * 16);
	assert_int_equal(gem_ring_bytes(64, GEM_DESC_SHIFT_32, 16),
			 64 * 8 + 16 * 8);
}

/* -------------------------------------------------------- capabilities */

static const struct gem_variant *
variant(const char *compat)
{
	const struct gem_variant *v = gem_variant_find(compat);

	assert_non_null(v);
	assert_non_null(v->name);
	return v;
}

/* The NIC guide's SoC table names every compatible of gem_compat.h. */
static void
test_caps_doc(void **state)
{
	const struct rte_socplat_id *id;
	char want[96], *doc;
	FILE *f = fopen(GEM_DOC, "r");
	long len;

	(void)state;
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	rewind(f);
	doc = calloc(1, len + 1);
	assert_int_equal(fread(doc, 1, len, f), (size_t)len);
	fclose(f);
	for (id = gem_socplat_ids; id->compatible != NULL; id++) {
		snprintf(want, sizeof(want), "``%s``", id->compatible);
		if (strstr(doc, want) == NULL)
			fail_msg("%s is matched by net_gem but missing from %s",
				 id->compatible, GEM_DOC);
	}
	free(doc);
}

static void
test_caps_table(void **state)
{
	/* The family the issue names; each must be in the table. */
	static const char * const family[] = {
		"cdns,zynqmp-gem", "xlnx,zynqmp-gem", "cdns,versal-gem",
		"xlnx,versal-gem", "cdns,zynq-gem", "cdns,phytium-gem-1.0",
		"cdns,phytium-gem-2.0", "raspberrypi,rp1-gem",
		"atmel,sama5d2-gem", "microchip,sama7g5-gem", "cdns,gem",
		"cdns,macb",
	};
	const struct rte_socplat_id *a, *b;
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(family) / sizeof(family[0]); i++)
		variant(family[i]);
	assert_null(gem_variant_find("cdns,no-such-gem"));
	/* Each compatible once, each bound to a named variant. */
	for (a = gem_socplat_ids; a->compatible != NULL; a++) {
		const struct gem_variant *v = a->data;

		assert_non_null(v->name);
		for (b = a + 1; b->compatible != NULL; b++)
			assert_string_not_equal(a->compatible, b->compatible);
		/* Jumbo frames need a limit, and a limit needs jumbo. */
		assert_int_equal((v->caps & GEM_CAP_JUMBO) != 0,
				 v->jumbo_max != 0);
		/* Refined capabilities never come from the table. */
		assert_int_equal(v->caps & (GEM_CAP_DMA64 | GEM_CAP_TX_CSUM |
					    GEM_CAP_RX_CSUM | GEM_CAP_ISR_COR),
				 0);
	}
}

static void
test_caps_qemu(void **state)
{
	struct gem_dcfg d = { QEMU_MID, QEMU_DCFG1, QEMU_DCFG2, QEMU_DCFG6,
			      /* DCFG10 with 4-deep RX and TX BD prefetch */
			      0x00002200u };
	struct gem_caps c;
	char why[GEM_CAPS_WHY_LEN];

	(void)state;
	assert_int_equal(gem_caps_resolve(variant("cdns,zynqmp-gem"), &d, &c,
					  why), 0);
	assert_int_equal(c.nb_queues, 2);
	assert_true(c.caps & GEM_CAP_DMA64);
	assert_int_equal(c.dma_bits, 44);
	assert_true(c.caps & GEM_CAP_TX_CSUM);
	assert_true(c.caps & GEM_CAP_RX_CSUM);
	assert_true(c.caps & GEM_CAP_ISR_COR);
	assert_true(c.caps & GEM_CAP_JUMBO);
	assert_true(c.caps & GEM_CAP_SG);
	assert_int_equal(c.jumbo_max, 10240);
	assert_int_equal(c.max_frame, 10240);
	assert_int_equal(c.dbw, GEM_NCFGR_DBW32);
	assert_int_equal(c.dma_burst, 16);
	/* QEMU's workarounds come from recognising the model, never a row. */
	assert_false(c.quirks & GEM_QUIRK_QEMU);
	assert_int_equal(c.rx_prefetch, 4);
	assert_int_equal(c.tx_prefetch, 4);
}

static void
test_caps_refinement(void **state)
{
	struct gem_dcfg d = { QEMU_MID, 0, 0, 0 };
	struct gem_caps c;
	char why[GEM_CAPS_WHY_LEN];

	(void)state;
	/* A 32-bit, FIFO-mode, single-queue design. */
	assert_int_equal(gem_caps_resolve(variant("xlnx,zynqmp-gem"), &d, &c,
					  why), 0);
	assert_int_equal(c.nb_queues, 1);
	assert_false(c.caps & GEM_CAP_DMA64);
	assert_int_equal(c.dma_bits, 32);
	assert_false(c.caps & (GEM_CAP_TX_CSUM | GEM_CAP_RX_CSUM));
	assert_false(c.caps & GEM_CAP_ISR_COR);
	/* No JML reported: the table's limit stands. */
	assert_int_equal(c.jumbo_max, 10240);

	/* All eight queues; a 128-bit bus; TX buffer only. */
	d.dcfg6 = 0xfe;
	d.dcfg1 = 4u << 25;
	d.dcfg2 = GEM_DCFG2_TX_PKT_BUFF;
	assert_int_equal(gem_caps_resolve(variant("xlnx,versal-gem"), &d, &c,
					  why), 0);
	assert_int_equal(c.nb_queues, 8);
	assert_int_equal(c.dbw, GEM_NCFGR_DBW128);
	assert_true(c.caps & GEM_CAP_TX_CSUM);
	assert_false(c.caps & GEM_CAP_RX_CSUM);

	/* A gap in the queue mask ends the usable queues there. */
	d.dcfg6 = 0x0a;
	d.dcfg1 = 2u << 25;
	assert_int_equal(gem_caps_resolve(variant("xlnx,versal-gem"), &d, &c,
					  why), 0);
	assert_int_equal(c.nb_queues, 2);
	assert_int_equal(c.dbw, GEM_NCFGR_DBW64);

	/* A smaller jumbo limit from DCFG2 wins over the table. */
	d.dcfg2 = 4096;
	assert_int_equal(gem_caps_resolve(variant("xlnx,versal-gem"), &d, &c,
					  why), 0);
	assert_int_equal(c.jumbo_max, 4096);
	assert_int_equal(c.max_frame, 4096);
	/* A larger one does not. */
	d.dcfg2 = 16000;
	assert_int_equal(gem_caps_resolve(variant("xlnx,versal-gem"), &d, &c,
					  why), 0);
	assert_int_equal(c.jumbo_max, 10240);

	/* A variant without jumbo frames ignores DCFG2's length. */
	assert_int_equal(gem_caps_resolve(variant("cdns,zynq-gem"), &d, &c,
					  why), 0);
	assert_false(c.caps & GEM_CAP_JUMBO);
	assert_int_equal(c.jumbo_max, 0);
	assert_int_equal(c.max_frame, GEM_MAX_FRAME_BIG);
	assert_true(c.quirks & GEM_QUIRK_RX_RESTART);
	/* The generic binding runs without scatter-gather. */
	assert_int_equal(gem_caps_resolve(variant("cdns,gem"), &d, &c, why),
			 0);
	assert_false(c.caps & GEM_CAP_SG);
}

static void
test_caps_refuses_macb(void **state)
{
	struct gem_dcfg d = { 0x00010109, 0, 0, 0 };
	struct gem_caps c;
	char why[GEM_CAPS_WHY_LEN] = "";

	(void)state;
	assert_int_equal(gem_caps_resolve(variant("cdns,macb"), &d, &c, why),
			 -ENOTSUP);
	assert_non_null(strstr(why, "0x00010109"));
	assert_non_null(strstr(why, "not a GEM"));
}

/* ------------------------------------------------------ multicast hash */

/* The definition, bit by bit: hash bit i is the XOR of address bits
 * i, i+6, ..., i+42, address bit b being bit b%8 of byte b/8. */
static unsigned int
hash_by_bits(const struct rte_ether_addr *a)
{
	unsigned int i, j, h = 0;

	for (i = 0; i < 6; i++) {
		unsigned int x = 0;

		for (j = i; j < 48; j += 6)
			x ^= (a->addr_bytes[j / 8] >> (j % 8)) & 1;
		h |= x << i;
	}
	return h;
}

static void
test_mac_hash(void **state)
{
	struct rte_ether_addr a, b, c;
	unsigned int bit, i;
	uint32_t seed = 12345;

	(void)state;
	memset(&a, 0, sizeof(a));
	assert_int_equal(gem_mac_hash(&a), 0);
	/* One address bit set: it lands in hash bit (bit mod 6). */
	for (bit = 0; bit < 48; bit++) {
		memset(&a, 0, sizeof(a));
		a.addr_bytes[bit / 8] = 1u << (bit % 8);
		assert_int_equal(gem_mac_hash(&a), 1u << (bit % 6));
	}
	/* Linear over XOR, and equal to the bitwise definition. */
	for (i = 0; i < 1000; i++) {
		unsigned int k;

		for (k = 0; k < 6; k++) {
			seed = seed * 1103515245u + 12345u;
			a.addr_bytes[k] = seed >> 16;
			seed = seed * 1103515245u + 12345u;
			b.addr_bytes[k] = seed >> 16;
			c.addr_bytes[k] = a.addr_bytes[k] ^ b.addr_bytes[k];
		}
		assert_int_equal(gem_mac_hash(&c),
				 gem_mac_hash(&a) ^ gem_mac_hash(&b));
		assert_int_equal(gem_mac_hash(&a), hash_by_bits(&a));
		assert_true(gem_mac_hash(&a) < 64);
	}
}

/* ------------------------------------------------- cache line arithmetic */

static void
test_dma_lines(void **state)
{
	uintptr_t first;

	(void)state;
	assert_int_equal(gem_dma_lines(0x1000, 0, 64, &first), 0);
	assert_int_equal(gem_dma_lines(0x1000, 1, 64, &first), 1);
	assert_int_equal(first, 0x1000);
	assert_int_equal(gem_dma_lines(0x1000, 64, 64, &first), 1);
	assert_int_equal(gem_dma_lines(0x1000, 65, 64, &first), 2);
	/* An unaligned start pulls in the line it begins in. */
	assert_int_equal(gem_dma_lines(0x103f, 2, 64, &first), 2);
	assert_int_equal(first, 0x1000);
	assert_int_equal(gem_dma_lines(0x1010, 1514, 64, &first),
			 (0x1010 + 1514 + 63) / 64 - 0x1010 / 64);
	/* 128-byte lines. */
	assert_int_equal(gem_dma_lines(0x2040, 2048, 128, &first), 17);
	assert_int_equal(first, 0x2000);
}

/* ------------------------------------------------------------ steering */

static void
test_steer_parse(void **state)
{
	struct gem_steer st;
	char why[GEM_STEER_WHY_LEN];

	(void)state;
	memset(&st, 0, sizeof(st));
	assert_int_equal(gem_steer_parse(GEM_ARG_ETYPE_RXQ, "0x88b5:1", &st,
					 why), 0);
	assert_int_equal(st.nb_etype, 1);
	assert_int_equal(st.etype[0].value, 0x88b5);
	assert_int_equal(st.etype[0].queue, 1);
	assert_int_equal(gem_steer_parse(GEM_ARG_UDP_RXQ, "4789:1/319:0", &st,
					 why), 0);
	assert_int_equal(st.nb_udp, 2);
	assert_int_equal(st.udp[0].value, 4789);
	assert_int_equal(st.udp[1].value, 319);
	assert_int_equal(st.udp[1].queue, 0);
	assert_int_equal(st.nb_etype, 1);

	/* Malformed rules say what is wrong. */
	assert_int_equal(gem_steer_parse(GEM_ARG_ETYPE_RXQ, "0x88b5", &st,
					 why), -EINVAL);
	assert_non_null(strstr(why, "VALUE:QUEUE"));
	assert_int_equal(gem_steer_parse(GEM_ARG_ETYPE_RXQ, "0x1ffff:1", &st,
					 why), -EINVAL);
	assert_int_equal(gem_steer_parse(GEM_ARG_ETYPE_RXQ, "ip:1", &st,
					 why), -EINVAL);
	assert_int_equal(gem_steer_parse(GEM_ARG_ETYPE_RXQ, "0x800:8", &st,
					 why), -EINVAL);
	assert_non_null(strstr(why, "queue"));
	assert_int_equal(gem_steer_parse(GEM_ARG_ETYPE_RXQ, "0x800:1x", &st,
					 why), -EINVAL);
	assert_int_equal(st.nb_etype, 1);
	/* Four of each at most. */
	assert_int_equal(gem_steer_parse(GEM_ARG_ETYPE_RXQ,
					 "1:0/2:0/3:0/4:0", &st, why),
			 -ENOSPC);
	assert_int_equal(st.nb_etype, GEM_STEER_MAX);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_desc_layout),
		cmocka_unit_test(test_desc_rx_encoding),
		cmocka_unit_test(test_desc_tx_encoding),
		cmocka_unit_test(test_ring_arith),
		cmocka_unit_test(test_ring_bytes),
		cmocka_unit_test(test_caps_table),
		cmocka_unit_test(test_caps_doc),
		cmocka_unit_test(test_caps_qemu),
		cmocka_unit_test(test_caps_refinement),
		cmocka_unit_test(test_caps_refuses_macb),
		cmocka_unit_test(test_mac_hash),
		cmocka_unit_test(test_dma_lines),
		cmocka_unit_test(test_steer_parse),
	};

	return cmocka_run_group_tests_name("gem_pure", tests, NULL, NULL);
}
