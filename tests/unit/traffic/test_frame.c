/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/* socnic-traffic's frame format: what the receiver accepts and rejects. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "frame.h"

static const uint16_t sizes[] = {
	FRAME_HDRS_LEN, 47, 56, 59, 60, 61, 64, 128, 1514, 1518, 4096,
	FRAME_MAX_LEN,
};

static struct frame_info
sample(uint16_t len, uint64_t seq)
{
	struct frame_info fi = {
		.dst = { 0x02, 0x53, 0x4e, 0, 0, 0x02 },
		.src = { 0x02, 0x53, 0x4e, 0, 0, 0x01 },
		.run_id = 0xdeadbeef,
		.seq = seq,
		.tx_ns = 123456789012345ull,
		.len = len,
	};

	return fi;
}

static void
test_crc32_reference(void **state)
{
	(void)state;
	/* The check value every CRC-32/IEEE implementation publishes. */
	assert_int_equal(frame_crc32("123456789", 9), 0xCBF43926u);
	assert_int_equal(frame_crc32("", 0), 0);
	/* Feeding in pieces gives the same result as at once. */
	assert_int_equal(frame_crc32_update(frame_crc32("1234", 4), "56789", 5),
			 0xCBF43926u);
}

static void
test_roundtrip(void **state)
{
	static uint8_t buf[FRAME_MAX_LEN];
	const uint64_t seqs[] = { 0, 1, 0xffffffffull, 1ull << 40, UINT64_MAX };

	(void)state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		for (size_t j = 0; j < sizeof(seqs) / sizeof(seqs[0]); j++) {
			struct frame_info in = sample(sizes[i], seqs[j]), out;
			enum frame_reason why;
			unsigned int flags = 99;

			memset(&out, 0, sizeof(out));
			assert_int_equal(frame_encode(buf, sizeof(buf), &in),
					 sizes[i]);
			/* EtherType on the wire, big-endian. */
			assert_int_equal(buf[12], 0x88);
			assert_int_equal(buf[13], 0xB5);
			assert_int_equal(frame_decode(buf, sizes[i], &out,
						      &flags, &why), FRAME_OK);
			assert_int_equal(why, FRAME_R_NONE);
			assert_int_equal(flags, 0);
			assert_memory_equal(out.dst, in.dst, ETH_ALEN);
			assert_memory_equal(out.src, in.src, ETH_ALEN);
			assert_int_equal(out.run_id, in.run_id);
			assert_true(out.seq == in.seq);
			assert_true(out.tx_ns == in.tx_ns);
			assert_int_equal(out.len, in.len);
		}
	}
}

static void
test_encode_rejects(void **state)
{
	static uint8_t buf[FRAME_MAX_LEN + 16];
	struct frame_info fi;

	(void)state;
	fi = sample(FRAME_HDRS_LEN - 1, 0);
	assert_int_equal(frame_encode(buf, sizeof(buf), &fi), 0);
	fi = sample(FRAME_MAX_LEN + 1, 0);
	assert_int_equal(frame_encode(buf, sizeof(buf), &fi), 0);
	fi = sample(100, 0);
	assert_int_equal(frame_encode(buf, 99, &fi), 0);
	assert_int_equal(frame_encode(buf, 100, &fi), 100);
}

/* Payload differs frame to frame, so a stale buffer cannot pass. */
static void
test_fill_differs(void **state)
{
	static uint8_t a[1514], b[1514];
	struct frame_info fa = sample(1514, 7), fb = sample(1514, 8);

	(void)state;
	frame_encode(a, sizeof(a), &fa);
	frame_encode(b, sizeof(b), &fb);
	assert_memory_not_equal(a + FRAME_HDRS_LEN, b + FRAME_HDRS_LEN,
				1514 - FRAME_HDRS_LEN);
}

/* Every single-bit error after the Ethernet header is caught. */
static void
test_bit_flips(void **state)
{
	static uint8_t buf[1514];
	const uint16_t lens[] = { FRAME_HDRS_LEN, 60, 1514 };

	(void)state;
	for (size_t l = 0; l < sizeof(lens) / sizeof(lens[0]); l++) {
		struct frame_info fi = sample(lens[l], 42), out;

		frame_encode(buf, sizeof(buf), &fi);
		for (size_t byte = FRAME_ETH_HDR_LEN; byte < lens[l]; byte++) {
			for (int bit = 0; bit < 8; bit++) {
				enum frame_verdict v;
				enum frame_reason why;

				buf[byte] ^= (uint8_t)(1u << bit);
				v = frame_decode(buf, lens[l], &out, NULL,
						 &why);
				buf[byte] ^= (uint8_t)(1u << bit);
				/* The magic and the version tell our frames
				 * apart from others': damage there makes a
				 * stranger, anything else corruption.
				 */
				if (byte < FRAME_ETH_HDR_LEN + 4 ||
				    byte == FRAME_ETH_HDR_LEN + 26)
					assert_int_equal(v, FRAME_FOREIGN);
				else
					assert_int_equal(v, FRAME_CORRUPT);
			}
		}
		assert_int_equal(frame_decode(buf, lens[l], &out, NULL, NULL),
				 FRAME_OK);
	}
}

/* MAC addresses may be rewritten by a forwarder (testpmd mac/macswap). */
static void
test_mac_rewrite_is_fine(void **state)
{
	static uint8_t buf[128];
	struct frame_info fi = sample(128, 3), out;

	(void)state;
	frame_encode(buf, sizeof(buf), &fi);
	memset(buf, 0xff, 2 * ETH_ALEN);
	assert_int_equal(frame_decode(buf, 128, &out, NULL, NULL), FRAME_OK);
	assert_true(frame_mac_is_broadcast(out.dst));
}

static void
test_foreign(void **state)
{
	static uint8_t buf[128];
	struct frame_info fi = sample(128, 3), out;
	enum frame_reason why;

	(void)state;
	frame_encode(buf, sizeof(buf), &fi);
	assert_int_equal(frame_decode(buf, FRAME_HDRS_LEN - 1, &out, NULL,
				      &why), FRAME_FOREIGN);
	assert_int_equal(why, FRAME_R_SHORT);
	/* An IPv6 frame, say. */
	buf[12] = 0x86;
	buf[13] = 0xdd;
	assert_int_equal(frame_decode(buf, 128, &out, NULL, &why),
			 FRAME_FOREIGN);
	assert_int_equal(why, FRAME_R_ETHERTYPE);
	/* IPv4 that is not ours (here: no IPv4 header at all). */
	buf[12] = 0x08;
	buf[13] = 0x00;
	assert_int_equal(frame_decode(buf, 128, &out, NULL, &why),
			 FRAME_FOREIGN);
	assert_int_equal(why, FRAME_R_IP);
	buf[12] = 0x88;
	buf[13] = 0xB5;
	buf[FRAME_ETH_HDR_LEN] = 'X';
	assert_int_equal(frame_decode(buf, 128, &out, NULL, &why),
			 FRAME_FOREIGN);
	assert_int_equal(why, FRAME_R_MAGIC);
	assert_string_equal(frame_reason_str(why), "no socnic-traffic magic");
}

/* What a MAC may do to a frame: pad a runt to 60, keep the 4-byte FCS. */
static void
test_padding_and_fcs(void **state)
{
	static uint8_t buf[FRAME_MAX_LEN + 8];
	struct {
		uint16_t sent;
		size_t received;
		enum frame_verdict v;
		unsigned int flags;
		enum frame_reason why;
	} cases[] = {
		{ 50, 60, FRAME_OK, FRAME_F_PADDED, FRAME_R_NONE },
		{ 50, 64, FRAME_OK, FRAME_F_PADDED | FRAME_F_FCS, FRAME_R_NONE },
		{ 50, 54, FRAME_OK, FRAME_F_FCS, FRAME_R_NONE },
		/* 56 + 4 = 60: padding is what a MAC must do, so that. */
		{ 56, 60, FRAME_OK, FRAME_F_PADDED, FRAME_R_NONE },
		{ 56, 64, FRAME_OK, FRAME_F_PADDED | FRAME_F_FCS, FRAME_R_NONE },
		{ 60, 64, FRAME_OK, FRAME_F_FCS, FRAME_R_NONE },
		{ 1514, 1518, FRAME_OK, FRAME_F_FCS, FRAME_R_NONE },
		{ FRAME_MAX_LEN, FRAME_MAX_LEN + 4, FRAME_OK, FRAME_F_FCS,
		  FRAME_R_NONE },
		/* Anything else is not what was sent. */
		{ 50, 61, FRAME_CORRUPT, 0, FRAME_R_EXTRA },
		{ 60, 61, FRAME_CORRUPT, 0, FRAME_R_EXTRA },
		{ 60, 62, FRAME_CORRUPT, 0, FRAME_R_EXTRA },
		{ 60, 68, FRAME_CORRUPT, 0, FRAME_R_EXTRA },
		{ 1514, 1515, FRAME_CORRUPT, 0, FRAME_R_EXTRA },
		{ 1514, 1513, FRAME_CORRUPT, 0, FRAME_R_TRUNCATED },
		{ 60, 59, FRAME_CORRUPT, 0, FRAME_R_TRUNCATED },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct frame_info fi = sample(cases[i].sent, i), out;
		unsigned int flags = 0;
		enum frame_reason why;

		/* Pad and FCS bytes are arbitrary: QEMU pads with whatever
		 * followed the frame in its buffer.
		 */
		memset(buf, 0xa5, sizeof(buf));
		frame_encode(buf, sizeof(buf), &fi);
		assert_int_equal(frame_decode(buf, cases[i].received, &out,
					      &flags, &why), cases[i].v);
		assert_int_equal(why, cases[i].why);
		if (cases[i].v == FRAME_OK) {
			assert_int_equal(flags, cases[i].flags);
			assert_int_equal(out.len, cases[i].sent);
		}
	}
}

static void
test_length_field(void **state)
{
	static uint8_t buf[256];
	struct frame_info fi = sample(200, 1), out;
	enum frame_reason why;

	(void)state;
	frame_encode(buf, sizeof(buf), &fi);
	/* Length field, +24 in the payload: 0x2710 = 10000, past jumbo. */
	buf[FRAME_ETH_HDR_LEN + 24] = 0x27;
	buf[FRAME_ETH_HDR_LEN + 25] = 0x10;
	assert_int_equal(frame_decode(buf, 200, &out, NULL, &why),
			 FRAME_CORRUPT);
	assert_int_equal(why, FRAME_R_LEN_FIELD);
	/* Ours all the same: run and sequence are readable. */
	assert_int_equal(out.run_id, 0xdeadbeef);
	assert_true(out.seq == 1);
}

static void
test_mac_parse(void **state)
{
	static const char *const bad[] = {
		"", "02:53:4e:00:00", "02:53:4e:00:00:01:", "02:53:4e:00:00:1",
		"0g:53:4e:00:00:01", "02:53-4e:00:00:01", "02:53:4e:00:00:011",
		"2:53:4e:0:0:1", "02 53 4e 00 00 01", "0253.4e00.0001",
		"02:53:4e:00:00:01 ", " 02:53:4e:00:00:01", "02::53:4e:00:00:01",
	};
	uint8_t mac[ETH_ALEN], keep[ETH_ALEN] = { 1, 2, 3, 4, 5, 6 };
	char text[18];

	(void)state;
	assert_int_equal(frame_mac_parse("02:53:4e:00:00:01", mac), 0);
	assert_memory_equal(mac, ((uint8_t[]){ 2, 0x53, 0x4e, 0, 0, 1 }),
			    ETH_ALEN);
	assert_int_equal(frame_mac_parse("FF-FF-FF-FF-FF-FF", mac), 0);
	assert_true(frame_mac_is_broadcast(mac));
	assert_false(frame_mac_is_multicast(mac));
	assert_int_equal(frame_mac_parse("03:53:4E:00:00:01", mac), 0);
	assert_true(frame_mac_is_multicast(mac));
	assert_string_equal(frame_mac_format(mac, text), "03:53:4e:00:00:01");

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memcpy(mac, keep, ETH_ALEN);
		if (frame_mac_parse(bad[i], mac) == 0)
			fail_msg("accepted MAC '%s'", bad[i]);
		/* A failed parse leaves the old value alone. */
		assert_memory_equal(mac, keep, ETH_ALEN);
	}
	assert_int_equal(frame_mac_parse(NULL, mac), -1);
}

/*
 * IPv4 carriage: the header checksum of RFC 1071's worked layout (a header
 * checked by hand: 45 00 00 3c 1c 46 40 00 40 06 ... b1 e6), UDP/TCP
 * checksums that verify, bad ones sent on purpose that do not, and a
 * router's TTL decrement with its incremental checksum update (RFC 1624)
 * passing while a TTL change without it does not.
 */
static void
test_ipv4(void **state)
{
	static const uint8_t hdr[20] = {
		0x45, 0x00, 0x00, 0x3c, 0x1c, 0x46, 0x40, 0x00, 0x40, 0x06,
		0x00, 0x00, 0xac, 0x10, 0x0a, 0x63, 0xac, 0x10, 0x0a, 0x0c };
	struct frame_info fi = { .run_id = 7, .seq = 3, .len = 200,
				 .ttl = 64, .ip_src = { 0xac, 0x10, 0x0a, 0x63 },
				 .ip_dst = { 0xac, 0x10, 0x0a, 0x0c },
				 .sport = 1234, .dport = 4789 };
	struct frame_info out;
	uint8_t buf[256];
	unsigned int flags, l4;
	uint32_t sum;

	(void)state;
	/* The reference header through the encoder, but 72 bytes long (the
	 * least a TCP test frame takes) rather than 0x3c: its checksum is
	 * then 0x0c lower. */
	fi.l4 = FRAME_IPPROTO_TCP;
	fi.len = 14 + 72;
	fi.seq = 0x1c46;
	assert_int_equal(frame_encode(buf, sizeof(buf), &fi), fi.len);
	assert_memory_equal(buf + 14, hdr, 3);
	assert_int_equal(buf[17], 72);
	assert_memory_equal(buf + 18, hdr + 4, 6);
	assert_int_equal(buf[24] << 8 | buf[25], 0xb1e6 - 0x0c);
	assert_memory_equal(buf + 26, hdr + 12, 8);
	fi.seq = 3;

	for (l4 = 0; l4 < 3; l4++) {
		fi.l4 = l4 == 0 ? FRAME_IPPROTO_UDP :
			l4 == 1 ? FRAME_IPPROTO_TCP : FRAME_IPPROTO_RAW;
		fi.len = 200;
		fi.bad = 0;
		assert_int_equal(frame_encode(buf, sizeof(buf), &fi), 200);
		assert_int_equal(buf[12] << 8 | buf[13], 0x0800);
		assert_int_equal(frame_decode(buf, 200, &out, &flags, NULL),
				 FRAME_OK);
		assert_int_equal(flags, 0);
		assert_int_equal(out.l4, fi.l4);
		assert_int_equal(out.ttl, 64);
		assert_int_equal(out.seq, 3);
		if (fi.l4 != FRAME_IPPROTO_RAW)
			assert_int_equal(out.dport, 4789);
		/* A router: TTL - 1, checksum + 0x0100 (one's complement). */
		buf[22]--;
		sum = (uint32_t)(buf[24] << 8 | buf[25]) + 0x0100;
		sum = (sum & 0xffff) + (sum >> 16);
		buf[24] = (uint8_t)(sum >> 8);
		buf[25] = (uint8_t)sum;
		assert_int_equal(frame_decode(buf, 200, &out, &flags, NULL),
				 FRAME_OK);
		assert_int_equal(flags, 0);
		assert_int_equal(out.ttl, 63);
		/* TTL changed, checksum not: the header fails. */
		buf[22]--;
		assert_int_equal(frame_decode(buf, 200, &out, &flags, NULL),
				 FRAME_OK);
		assert_int_equal(flags, FRAME_F_IP_BAD);
		/* Bad on purpose, and said so under the CRC. */
		fi.bad = FRAME_BAD_IP | (fi.l4 != FRAME_IPPROTO_RAW ?
					 FRAME_BAD_L4 : 0);
		frame_encode(buf, sizeof(buf), &fi);
		assert_int_equal(frame_decode(buf, 200, &out, &flags, NULL),
				 FRAME_OK);
		assert_int_equal(out.bad, fi.bad);
		assert_int_equal(flags, fi.l4 != FRAME_IPPROTO_RAW ?
				 FRAME_F_IP_BAD | FRAME_F_L4_BAD :
				 FRAME_F_IP_BAD);
		/* A payload byte changed under the L4 checksum, not the CRC
		 * field: the CRC catches it first. */
		fi.bad = 0;
		frame_encode(buf, sizeof(buf), &fi);
		buf[150] ^= 1;
		assert_int_equal(frame_decode(buf, 200, &out, &flags, NULL),
				 FRAME_CORRUPT);
	}
	/* Too short for the headers; IPv4 with options is not ours. */
	fi.l4 = FRAME_IPPROTO_TCP;
	fi.len = 85;
	assert_int_equal(frame_encode(buf, sizeof(buf), &fi), 0);
	fi.len = 200;
	frame_encode(buf, sizeof(buf), &fi);
	buf[14] = 0x46;
	assert_int_equal(frame_decode(buf, 200, &out, &flags, NULL),
			 FRAME_FOREIGN);
}

/*
 * RFC 768's zero rule: a UDP frame whose source port makes the right
 * checksum 0xffff goes out with 0xffff and verifies; the same frame with 0
 * there (what a checksum engine that forgets the rule writes) is flagged
 * FRAME_F_UDP_ZERO beside FRAME_F_L4_BAD, and 0 on any other frame is
 * plainly bad.
 */
static void
test_udp_zero_rule(void **state)
{
	struct frame_info fi = { .run_id = 11, .len = 128, .ttl = 64,
				 .l4 = FRAME_IPPROTO_UDP,
				 .ip_src = { 198, 18, 0, 1 },
				 .ip_dst = { 198, 18, 1, 1 },
				 .sport = 1024, .dport = 5000 };
	struct frame_info out;
	unsigned int flags;
	uint8_t buf[256];
	uint64_t seq;

	(void)state;
	for (seq = 0; seq < 64; seq++) {
		fi.seq = seq;
		fi.udp_sum_ffff = true;
		assert_int_equal(frame_encode(buf, sizeof(buf), &fi), 128);
		assert_int_equal(buf[40] << 8 | buf[41], 0xffff);
		assert_int_equal(frame_decode(buf, 128, &out, &flags, NULL),
				 FRAME_OK);
		assert_int_equal(flags, 0);
		assert_int_equal(out.dport, 5000);
		buf[40] = buf[41] = 0;
		assert_int_equal(frame_decode(buf, 128, &out, &flags, NULL),
				 FRAME_OK);
		assert_int_equal(flags, FRAME_F_L4_BAD | FRAME_F_UDP_ZERO);

		fi.udp_sum_ffff = false;
		frame_encode(buf, sizeof(buf), &fi);
		assert_int_equal(buf[34] << 8 | buf[35], 1024);
		buf[40] = buf[41] = 0;
		assert_int_equal(frame_decode(buf, 128, &out, &flags, NULL),
				 FRAME_OK);
		assert_int_equal(flags, FRAME_F_L4_BAD);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc32_reference),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_encode_rejects),
		cmocka_unit_test(test_fill_differs),
		cmocka_unit_test(test_bit_flips),
		cmocka_unit_test(test_mac_rewrite_is_fine),
		cmocka_unit_test(test_foreign),
		cmocka_unit_test(test_padding_and_fcs),
		cmocka_unit_test(test_length_field),
		cmocka_unit_test(test_ipv4),
		cmocka_unit_test(test_udp_zero_rule),
		cmocka_unit_test(test_mac_parse),
	};

	return cmocka_run_group_tests_name("traffic-frame", tests, NULL, NULL);
}
