/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#include <string.h>

#include "frame.h"

/* Reflected IEEE 802.3 polynomial: the same CRC as Ethernet's FCS and zlib,
 * so a payload checksum can be cross-checked with any standard tool.
 */
#define CRC32_POLY_REFLECTED	0xEDB88320u

static uint32_t crc_table[256];
static bool crc_table_ready;

static void
crc_table_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;

		for (int k = 0; k < 8; k++)
			c = (c & 1) ? (c >> 1) ^ CRC32_POLY_REFLECTED : c >> 1;
		crc_table[i] = c;
	}
	crc_table_ready = true;
}

uint32_t
frame_crc32_update(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	if (!crc_table_ready)
		crc_table_init();
	crc = ~crc;
	while (len--)
		crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

uint32_t
frame_crc32(const void *buf, size_t len)
{
	return frame_crc32_update(0, buf, len);
}

static void
put_be16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void
put_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static void
put_be64(uint8_t *p, uint64_t v)
{
	put_be32(p, v >> 32);
	put_be32(p + 4, (uint32_t)v);
}

static uint16_t
get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint64_t
get_be64(const uint8_t *p)
{
	return (uint64_t)get_be32(p) << 32 | get_be32(p + 4);
}

/* Checksum of the payload as if its CRC field were zero, without copying. */
static uint32_t
payload_crc(const uint8_t *pl, size_t pl_len)
{
	static const uint8_t zero[4];
	uint32_t crc;

	crc = frame_crc32_update(0, pl, FRAME_PL_CRC_OFF);
	crc = frame_crc32_update(crc, zero, sizeof(zero));
	return frame_crc32_update(crc, pl + FRAME_PL_CRC_OFF + 4,
				  pl_len - FRAME_PL_CRC_OFF - 4);
}

size_t
frame_encode(uint8_t *buf, size_t cap, const struct frame_info *info)
{
	size_t len = info->len;
	uint8_t *pl = buf + FRAME_ETH_HDR_LEN;
	uint32_t x;
	size_t i;

	if (len < FRAME_HDRS_LEN || len > FRAME_MAX_LEN || len > cap)
		return 0;

	memcpy(buf, info->dst, ETH_ALEN);
	memcpy(buf + ETH_ALEN, info->src, ETH_ALEN);
	put_be16(buf + 2 * ETH_ALEN, FRAME_ETHERTYPE);

	put_be32(pl + 0, FRAME_MAGIC);
	put_be32(pl + 4, info->run_id);
	put_be64(pl + 8, info->seq);
	put_be64(pl + 16, info->tx_ns);
	put_be16(pl + 24, info->len);
	pl[26] = FRAME_VERSION;
	pl[27] = 0;

	/* A per-frame pattern rather than zeros: a forwarder that hands out a
	 * stale buffer, or mixes two frames, changes bytes the CRC covers.
	 * xorshift32 never reaches zero from a non-zero seed.
	 */
	x = info->run_id ^ (uint32_t)info->seq ^
	    (uint32_t)(info->seq >> 32) * 0x9E3779B9u;
	if (x == 0)
		x = 0x6A09E667u;
	for (i = FRAME_HDRS_LEN; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf[i] = (uint8_t)x;
	}

	put_be32(pl + FRAME_PL_CRC_OFF,
		 payload_crc(pl, len - FRAME_ETH_HDR_LEN));
	return len;
}

static enum frame_verdict
verdict(enum frame_verdict v, enum frame_reason r, enum frame_reason *reason)
{
	if (reason != NULL)
		*reason = r;
	return v;
}

enum frame_verdict
frame_decode(const uint8_t *buf, size_t rx_len, struct frame_info *info,
	     unsigned int *flags, enum frame_reason *reason)
{
	const uint8_t *pl = buf + FRAME_ETH_HDR_LEN;
	unsigned int f = 0;
	size_t len;

	if (rx_len < FRAME_HDRS_LEN)
		return verdict(FRAME_FOREIGN, FRAME_R_SHORT, reason);
	if (get_be16(buf + 2 * ETH_ALEN) != FRAME_ETHERTYPE)
		return verdict(FRAME_FOREIGN, FRAME_R_ETHERTYPE, reason);
	if (get_be32(pl) != FRAME_MAGIC)
		return verdict(FRAME_FOREIGN, FRAME_R_MAGIC, reason);
	if (pl[26] != FRAME_VERSION)
		return verdict(FRAME_FOREIGN, FRAME_R_VERSION, reason);

	memcpy(info->dst, buf, ETH_ALEN);
	memcpy(info->src, buf + ETH_ALEN, ETH_ALEN);
	info->run_id = get_be32(pl + 4);
	info->seq = get_be64(pl + 8);
	info->tx_ns = get_be64(pl + 16);
	info->len = get_be16(pl + 24);
	len = info->len;

	if (len < FRAME_HDRS_LEN || len > FRAME_MAX_LEN)
		return verdict(FRAME_CORRUPT, FRAME_R_LEN_FIELD, reason);
	if (rx_len < len)
		return verdict(FRAME_CORRUPT, FRAME_R_TRUNCATED, reason);

	/* A MAC pads runts to 60 bytes and may hand up its FCS (4 bytes)
	 * too; any other surplus means the frame is not what was sent.
	 * A runt of 56 that comes back as 60 is taken as padded, since
	 * padding is what a MAC must do and passing the FCS is optional.
	 */
	if (rx_len != len) {
		if (len < FRAME_MIN_LEN && rx_len == FRAME_MIN_LEN)
			f = FRAME_F_PADDED;
		else if (rx_len == len + FRAME_FCS_LEN)
			f = FRAME_F_FCS;
		else if (len < FRAME_MIN_LEN &&
			 rx_len == FRAME_MIN_LEN + FRAME_FCS_LEN)
			f = FRAME_F_PADDED | FRAME_F_FCS;
		else
			return verdict(FRAME_CORRUPT, FRAME_R_EXTRA, reason);
	}

	if (get_be32(pl + FRAME_PL_CRC_OFF) !=
	    payload_crc(pl, len - FRAME_ETH_HDR_LEN))
		return verdict(FRAME_CORRUPT, FRAME_R_CRC, reason);

	if (flags != NULL)
		*flags = f;
	return verdict(FRAME_OK, FRAME_R_NONE, reason);
}

const char *
frame_reason_str(enum frame_reason r)
{
	switch (r) {
	case FRAME_R_NONE:
		return "ok";
	case FRAME_R_SHORT:
		return "shorter than the test frame headers";
	case FRAME_R_ETHERTYPE:
		return "other EtherType";
	case FRAME_R_MAGIC:
		return "no socnic-traffic magic";
	case FRAME_R_VERSION:
		return "other frame format version";
	case FRAME_R_LEN_FIELD:
		return "length field out of range";
	case FRAME_R_TRUNCATED:
		return "shorter than its length field";
	case FRAME_R_EXTRA:
		return "longer than sent, not by padding or FCS";
	case FRAME_R_CRC:
		return "payload checksum mismatch";
	}
	return "?";
}

static int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
frame_mac_parse(const char *s, uint8_t mac[ETH_ALEN])
{
	uint8_t out[ETH_ALEN];
	char sep = 0;

	if (s == NULL)
		return -1;
	for (int i = 0; i < ETH_ALEN; i++) {
		int hi = hex_digit(s[0]);
		int lo = hi < 0 ? -1 : hex_digit(s[1]);

		if (lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
		s += 2;
		if (i == ETH_ALEN - 1)
			break;
		/* One separator style throughout: "00:11-22..." is a typo. */
		if (sep == 0 && (*s == ':' || *s == '-'))
			sep = *s;
		if (*s != sep)
			return -1;
		s++;
	}
	if (*s != '\0')
		return -1;
	memcpy(mac, out, ETH_ALEN);
	return 0;
}

char *
frame_mac_format(const uint8_t mac[ETH_ALEN], char *buf)
{
	static const char hex[] = "0123456789abcdef";

	for (int i = 0; i < ETH_ALEN; i++) {
		buf[3 * i] = hex[mac[i] >> 4];
		buf[3 * i + 1] = hex[mac[i] & 0xf];
		buf[3 * i + 2] = i == ETH_ALEN - 1 ? '\0' : ':';
	}
	return buf;
}
