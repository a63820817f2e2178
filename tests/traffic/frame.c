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
frame_hdr_len(uint8_t l4)
{
	switch (l4) {
	case 0:
		return FRAME_ETH_HDR_LEN;
	case FRAME_IPPROTO_TCP:
		return FRAME_ETH_HDR_LEN + FRAME_IP_HDR_LEN + FRAME_TCP_HDR_LEN;
	case FRAME_IPPROTO_UDP:
		return FRAME_ETH_HDR_LEN + FRAME_IP_HDR_LEN + FRAME_UDP_HDR_LEN;
	default:
		return FRAME_ETH_HDR_LEN + FRAME_IP_HDR_LEN;
	}
}

/* RFC 1071 sum of len bytes, folded, not complemented. */
static uint32_t
inet_sum(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += get_be16(p + i);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

/* The L4 sum over the pseudo header and seg_len bytes of segment. */
static uint32_t
l4_sum(const uint8_t *ip, const uint8_t *seg, size_t seg_len)
{
	uint32_t sum = inet_sum(0, ip + 12, 8);	/* source, destination */

	sum += ip[9] + (uint32_t)seg_len;
	return inet_sum(sum, seg, seg_len);
}

/* IPv4 and UDP/TCP headers in front of a payload already written. */
static void
ip_encode(uint8_t *buf, const struct frame_info *info)
{
	uint8_t *ip = buf + FRAME_ETH_HDR_LEN, *l4 = ip + FRAME_IP_HDR_LEN;
	size_t seg_len = info->len - FRAME_ETH_HDR_LEN - FRAME_IP_HDR_LEN;
	uint16_t csum;
	int off = -1;

	put_be16(buf + 2 * ETH_ALEN, FRAME_ETHERTYPE_IPV4);
	memset(ip, 0, FRAME_IP_HDR_LEN);
	ip[0] = 0x45;
	put_be16(ip + 2, info->len - FRAME_ETH_HDR_LEN);
	put_be16(ip + 4, (uint16_t)info->seq);
	put_be16(ip + 6, 0x4000);	/* DF: routers must not split them */
	ip[8] = info->ttl;
	ip[9] = info->l4;
	memcpy(ip + 12, info->ip_src, 4);
	memcpy(ip + 16, info->ip_dst, 4);
	if (info->l4 == FRAME_IPPROTO_UDP) {
		put_be16(l4, info->sport);
		put_be16(l4 + 2, info->dport);
		put_be16(l4 + 4, (uint16_t)seg_len);
		put_be16(l4 + 6, 0);
		off = 6;
	} else if (info->l4 == FRAME_IPPROTO_TCP) {
		memset(l4, 0, FRAME_TCP_HDR_LEN);
		put_be16(l4, info->sport);
		put_be16(l4 + 2, info->dport);
		put_be32(l4 + 4, (uint32_t)info->seq);
		l4[12] = 5 << 4;		/* no options */
		l4[13] = 0x18;			/* PSH, ACK */
		put_be16(l4 + 14, 0xffff);
		off = 16;
	}
	if (off >= 0 && info->udp_sum_ffff && info->l4 == FRAME_IPPROTO_UDP) {
		/* The sum without the source port, then the port that
		 * tops it up to 0xffff: the checksum is then ~0xffff = 0,
		 * which UDP must send as 0xffff. */
		uint32_t s;

		put_be16(l4, 0);
		s = l4_sum(ip, l4, seg_len);
		put_be16(l4, (uint16_t)(0xffff - s));
	}
	if (off >= 0) {
		csum = (uint16_t)~l4_sum(ip, l4, seg_len);
		/* UDP: 0 would say "no checksum". */
		if (csum == 0 && info->l4 == FRAME_IPPROTO_UDP)
			csum = 0xffff;
		if (info->bad & FRAME_BAD_L4)
			csum ^= 0x5a5a;
		put_be16(l4 + off, csum);
	}
	csum = (uint16_t)~inet_sum(0, ip, FRAME_IP_HDR_LEN);
	if (info->bad & FRAME_BAD_IP)
		csum ^= 0x5a5a;
	put_be16(ip + 10, csum);
}

size_t
frame_encode(uint8_t *buf, size_t cap, const struct frame_info *info)
{
	size_t len = info->len, hl = frame_hdr_len(info->l4);
	uint8_t *pl = buf + hl;
	uint32_t x;
	size_t i;

	if (len < hl + FRAME_PL_HDR_LEN || len > FRAME_MAX_LEN || len > cap)
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
	pl[27] = info->l4 != 0 ? info->bad : 0;

	/* A per-frame pattern rather than zeros: a forwarder that hands out a
	 * stale buffer, or mixes two frames, changes bytes the CRC covers.
	 * xorshift32 never reaches zero from a non-zero seed.
	 */
	x = info->run_id ^ (uint32_t)info->seq ^
	    (uint32_t)(info->seq >> 32) * 0x9E3779B9u;
	if (x == 0)
		x = 0x6A09E667u;
	for (i = hl + FRAME_PL_HDR_LEN; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf[i] = (uint8_t)x;
	}

	put_be32(pl + FRAME_PL_CRC_OFF, payload_crc(pl, len - hl));
	if (info->l4 != 0)
		ip_encode(buf, info);
	return len;
}

static enum frame_verdict
verdict(enum frame_verdict v, enum frame_reason r, enum frame_reason *reason)
{
	if (reason != NULL)
		*reason = r;
	return v;
}

/* An IPv4 frame's protocol, addresses, ports and TTL; its checksums. */
static unsigned int
ip_decode(const uint8_t *buf, struct frame_info *info)
{
	const uint8_t *ip = buf + FRAME_ETH_HDR_LEN, *l4 = ip + FRAME_IP_HDR_LEN;
	size_t seg_len = info->len - FRAME_ETH_HDR_LEN - FRAME_IP_HDR_LEN;
	unsigned int f = 0;

	info->l4 = ip[9];
	info->ttl = ip[8];
	info->bad = buf[frame_hdr_len(info->l4) + 27];
	memcpy(info->ip_src, ip + 12, 4);
	memcpy(info->ip_dst, ip + 16, 4);
	if (inet_sum(0, ip, FRAME_IP_HDR_LEN) != 0xffff)
		f |= FRAME_F_IP_BAD;
	if (info->l4 == FRAME_IPPROTO_UDP || info->l4 == FRAME_IPPROTO_TCP) {
		info->sport = get_be16(l4);
		info->dport = get_be16(l4 + 2);
		/* A UDP checksum of 0 is "none": never sent, so wrong; and
		 * if the rest sums to 0xffff, 0 is what RFC 768's rule
		 * forgotten writes in place of 0xffff. */
		if (l4_sum(ip, l4, seg_len) != 0xffff)
			f |= FRAME_F_L4_BAD;
		else if (info->l4 == FRAME_IPPROTO_UDP && get_be16(l4 + 6) == 0)
			f |= FRAME_F_L4_BAD | FRAME_F_UDP_ZERO;
	}
	return f;
}

enum frame_verdict
frame_decode(const uint8_t *buf, size_t rx_len, struct frame_info *info,
	     unsigned int *flags, enum frame_reason *reason)
{
	const uint8_t *pl;
	unsigned int f = 0;
	uint8_t l4 = 0;
	size_t len, hl;

	if (rx_len < FRAME_HDRS_LEN)
		return verdict(FRAME_FOREIGN, FRAME_R_SHORT, reason);
	if (get_be16(buf + 2 * ETH_ALEN) == FRAME_ETHERTYPE_IPV4) {
		l4 = buf[FRAME_ETH_HDR_LEN + 9];
		if (buf[FRAME_ETH_HDR_LEN] != 0x45 ||
		    (l4 != FRAME_IPPROTO_UDP && l4 != FRAME_IPPROTO_TCP &&
		     l4 != FRAME_IPPROTO_RAW))
			return verdict(FRAME_FOREIGN, FRAME_R_IP, reason);
	} else if (get_be16(buf + 2 * ETH_ALEN) != FRAME_ETHERTYPE) {
		return verdict(FRAME_FOREIGN, FRAME_R_ETHERTYPE, reason);
	}
	hl = frame_hdr_len(l4);
	if (rx_len < hl + FRAME_PL_HDR_LEN)
		return verdict(FRAME_FOREIGN, FRAME_R_SHORT, reason);
	pl = buf + hl;
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
	info->l4 = 0;
	len = info->len;

	if (len < hl + FRAME_PL_HDR_LEN || len > FRAME_MAX_LEN)
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

	if (get_be32(pl + FRAME_PL_CRC_OFF) != payload_crc(pl, len - hl))
		return verdict(FRAME_CORRUPT, FRAME_R_CRC, reason);
	if (l4 != 0)
		f |= ip_decode(buf, info);

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
	case FRAME_R_IP:
		return "IPv4 with options or another protocol";
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
