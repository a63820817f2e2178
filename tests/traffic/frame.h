/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef SOCNIC_TRAFFIC_FRAME_H
#define SOCNIC_TRAFFIC_FRAME_H

/*
 * Test frame format of socnic-traffic. One UDP datagram on a wire is one
 * Ethernet frame without FCS:
 *
 *   0  dst MAC (6)  src MAC (6)  EtherType 0x88B5 (2)
 *   14 payload header, all fields big-endian:
 *      +0  magic "SNTF"       +4  run id
 *      +8  sequence (64 bit)  +16 send time, CLOCK_MONOTONIC ns (64 bit)
 *      +24 frame length as sent (16 bit, FCS excluded)
 *      +26 format version (8 bit)  +27 reserved, zero
 *      +28 CRC-32 of the payload from +0 to the frame length, with this
 *          field taken as zero
 *   46 fill bytes derived from run id and sequence
 *
 * The Ethernet header is left out of the checksum on purpose: a forwarder
 * may legitimately rewrite MAC addresses (testpmd's mac and macswap modes).
 * 0x88B5 is the IEEE "local experimental" EtherType, so no protocol stack on
 * the board reacts to these frames.
 *
 * With IPv4 carriage (info->l4 set, for routers and flow rules) the same
 * payload follows an IPv4 header (20 bytes, DF, no options) and a UDP (8)
 * or TCP (20) header, or none with protocol 253 (RFC 3692 experimental);
 * EtherType 0x0800. Reserved byte +27 then says which checksums were sent
 * wrong on purpose (FRAME_BAD_*), under the CRC, so the receiver knows
 * which ones must verify and which must still fail.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FRAME_ETHERTYPE		0x88B5
#define FRAME_ETHERTYPE_IPV4	0x0800
#define FRAME_IPPROTO_TCP	6
#define FRAME_IPPROTO_UDP	17
#define FRAME_IPPROTO_RAW	253	/* RFC 3692 experimental: no L4 header */
#define FRAME_IP_HDR_LEN	20
#define FRAME_UDP_HDR_LEN	8
#define FRAME_TCP_HDR_LEN	20
/* Checksums sent wrong on purpose (payload byte +27). */
#define FRAME_BAD_IP		(1u << 0)
#define FRAME_BAD_L4		(1u << 1)
#define FRAME_MAGIC		0x534E5446u	/* "SNTF" */
#define FRAME_VERSION		1

#define FRAME_ETH_HDR_LEN	14
#define FRAME_PL_HDR_LEN	32
#define FRAME_PL_CRC_OFF	28
/* Shortest frame that still holds the whole header: a runt on real wires. */
#define FRAME_HDRS_LEN		(FRAME_ETH_HDR_LEN + FRAME_PL_HDR_LEN)
/* Ethernet minimum without FCS; shorter frames come back padded to this. */
#define FRAME_MIN_LEN		60
#define FRAME_MAX_LEN		9000
#define FRAME_FCS_LEN		4

#define ETH_ALEN		6

/* Everything that identifies one test frame. */
struct frame_info {
	uint8_t dst[ETH_ALEN];
	uint8_t src[ETH_ALEN];
	uint32_t run_id;
	uint64_t seq;
	uint64_t tx_ns;
	uint16_t len;		/* frame length as sent, FCS excluded */
	/* IPv4 carriage: the IP protocol (FRAME_IPPROTO_*), 0 for none. */
	uint8_t l4;
	uint8_t ttl;		/* as sent; as received after a decode */
	uint8_t bad;		/* FRAME_BAD_* */
	uint8_t ip_src[4];
	uint8_t ip_dst[4];
	uint16_t sport, dport;	/* UDP and TCP */
	/* UDP: sport is replaced by the one that makes the right checksum
	 * 0xffff, the value RFC 768 sends where a plain one's-complement
	 * sum gives 0 (a checksum engine that forgets the rule writes 0). */
	bool udp_sum_ffff;
};

enum frame_verdict {
	FRAME_OK,
	FRAME_FOREIGN,		/* not a socnic-traffic frame at all */
	FRAME_CORRUPT,		/* ours, but length or checksum is wrong */
};

/* How a good frame differs from what was sent; both can be set. */
#define FRAME_F_PADDED		(1u << 0)	/* padded up to 60 bytes */
#define FRAME_F_FCS		(1u << 1)	/* 4 trailing bytes (an FCS) */
#define FRAME_F_IP_BAD		(1u << 2)	/* IPv4 header checksum fails */
#define FRAME_F_L4_BAD		(1u << 3)	/* UDP/TCP checksum fails */
/* With FRAME_F_L4_BAD: a UDP checksum of 0 ("none") where the right one is
 * 0xffff, i.e. RFC 768's zero rule forgotten, the data intact. */
#define FRAME_F_UDP_ZERO	(1u << 4)

/* Why a frame was judged foreign or corrupt, for diagnostics. */
enum frame_reason {
	FRAME_R_NONE,
	FRAME_R_SHORT,		/* shorter than the headers */
	FRAME_R_ETHERTYPE,
	FRAME_R_MAGIC,
	FRAME_R_VERSION,
	FRAME_R_LEN_FIELD,	/* length field outside 46..9000 */
	FRAME_R_TRUNCATED,	/* fewer bytes than the length field says */
	FRAME_R_EXTRA,		/* extra bytes not explained by pad or FCS */
	FRAME_R_CRC,
	FRAME_R_IP,		/* IPv4 with options, or not a protocol of ours */
};

uint32_t frame_crc32(const void *buf, size_t len);
uint32_t frame_crc32_update(uint32_t crc, const void *buf, size_t len);

/* Headers before the payload for an IP protocol (0: none). */
size_t frame_hdr_len(uint8_t l4);

/* Writes info->len bytes into buf (cap must be at least that); returns the
 * length written, 0 if info->len is outside frame_hdr_len + payload header
 * ..FRAME_MAX_LEN or larger than cap. With info->l4, the checksums are
 * computed, then spoilt as info->bad says.
 */
size_t frame_encode(uint8_t *buf, size_t cap, const struct frame_info *info);

/* Judges rx_len received bytes. On FRAME_OK fills *info and *flags (for
 * IPv4 frames: whether their checksums verify, FRAME_F_IP_BAD/L4_BAD); on
 * FRAME_CORRUPT fills what could be read (run id, seq) so the caller can
 * tell whose frame it was. reason may be NULL.
 */
enum frame_verdict frame_decode(const uint8_t *buf, size_t rx_len,
				struct frame_info *info, unsigned int *flags,
				enum frame_reason *reason);

const char *frame_reason_str(enum frame_reason r);

/* MAC text: six two-digit hex bytes separated by ':' or '-'. */
int frame_mac_parse(const char *s, uint8_t mac[ETH_ALEN]);
/* buf must hold 18 bytes. */
char *frame_mac_format(const uint8_t mac[ETH_ALEN], char *buf);

static inline bool
frame_mac_is_broadcast(const uint8_t *mac)
{
	return (mac[0] & mac[1] & mac[2] & mac[3] & mac[4] & mac[5]) == 0xff;
}

static inline bool
frame_mac_is_multicast(const uint8_t *mac)
{
	return (mac[0] & 1) && !frame_mac_is_broadcast(mac);
}

#endif /* SOCNIC_TRAFFIC_FRAME_H */
