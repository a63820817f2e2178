/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef GEM_RX_NEON_H
#define GEM_RX_NEON_H

/*
 * The groups of four of gem_recv with NEON (arm64): what the scalar
 * gem_rx_deliver_fast does, four descriptors per vector. gem_rx.c includes
 * this on arm64 only; gem_set_rx_function chooses it for coherent ports
 * (on a non-coherent one cache maintenance dwarfs this), whole frames and
 * EAL's SIMD width of at least 128 bits, as DPDK's vector PMDs are chosen.
 */

#include <stdint.h>

#include <rte_mbuf.h>
#include <rte_vect.h>

#include "gem_rxtx.h"

static_assert((RTE_MBUF_F_RX_IP_CKSUM_MASK | RTE_MBUF_F_RX_L4_CKSUM_MASK) <
	      1u << 16, "gem_rx_deliver_neon looks ol_flags up as 16 bits");

/* tbl index 0xff: an index out of range reads as zero. */
#define GEM_X 0xff

/*
 * The 16 bytes from packet_type on for frame k of four, from the lengths
 * (lane k): packet_type zero, the length as pkt_len and data_len, vlan_tci
 * and hash zero.
 */
#define GEM_RX_NEON_FIELDS(k) {						\
	GEM_X, GEM_X, GEM_X, GEM_X,					\
	4 * (k), 4 * (k) + 1, 4 * (k) + 2, 4 * (k) + 3,			\
	4 * (k), 4 * (k) + 1, GEM_X, GEM_X,				\
	GEM_X, GEM_X, GEM_X, GEM_X }

/*
 * From idx on, up to n descriptors (none wraps), four at a time: deliver
 * whole good frames, and stop before the first group in which one is not
 * filled yet or not one good frame, as gem_rx_deliver_fast does and with
 * the same test: every descriptor's address and status words are loaded
 * as one 64-bit element (single-copy atomic, as the scalar path's load),
 * then, less one on the length, must show USED, SOF and EOF, and no
 * length bit of rx_len_over. csum: checksum status to ol_flags and
 * packet_type through the queue's tables (gem_rx_csum_table).
 */
static __rte_always_inline uint16_t
gem_rx_deliver_neon(struct gem_rx_queue *rxq, struct rte_mbuf **rx_pkts,
		    uint16_t idx, uint16_t n, uint64_t *bytes,
		    const unsigned int shift, const bool csum)
{
	const uint64x2_t dec = vdupq_n_u64((uint64_t)1 << 32);
	const uint64x2_t need = vdupq_n_u64(GEM_RX_W0_USED |
					    (uint64_t)GEM_RX_SOF_EOF << 32);
	const uint64x2_t too_long =
		vdupq_n_u64((uint64_t)rxq->rx_len_over << 32);
	const uint32x4_t len_mask = vdupq_n_u32(GEM_MASK(GEM_RX_W1_LENJ));
	const uint8x16_t f0 = GEM_RX_NEON_FIELDS(0), f1 = GEM_RX_NEON_FIELDS(1);
	const uint8x16_t f2 = GEM_RX_NEON_FIELDS(2), f3 = GEM_RX_NEON_FIELDS(3);
	/* Checksum status (bits 23:22) times 4 in each byte of its lane,
	 * plus the byte's place: packet_type's bytes in rxq->ptypes. */
	const uint8x16_t lane_bytes = { 0, 0, 0, 0, 4, 4, 4, 4,
					8, 8, 8, 8, 12, 12, 12, 12 };
	const uint8x16_t byte_in_u32 = { 0, 1, 2, 3, 0, 1, 2, 3,
					 0, 1, 2, 3, 0, 1, 2, 3 };
	/* The same times 2 into bytes 0-1 and 8-9: ol_flags, two frames a
	 * vector, from the 16-bit table below (the rest reads zero). */
	const uint8x16_t ol_lanes01 = { 0, 0, GEM_X, GEM_X, GEM_X, GEM_X,
					GEM_X, GEM_X, 4, 4, GEM_X, GEM_X,
					GEM_X, GEM_X, GEM_X, GEM_X };
	const uint8x16_t ol_lanes23 = { 8, 8, GEM_X, GEM_X, GEM_X, GEM_X,
					GEM_X, GEM_X, 12, 12, GEM_X, GEM_X,
					GEM_X, GEM_X, GEM_X, GEM_X };
	const uint8x16_t ol_bytes = { 0, 1, GEM_X, GEM_X, GEM_X, GEM_X,
				      GEM_X, GEM_X, 0, 1, GEM_X, GEM_X,
				      GEM_X, GEM_X, GEM_X, GEM_X };
	const size_t step = (size_t)1 << shift;
	const uint8_t *d = (const uint8_t *)(uintptr_t)rxq->rx_ring +
			   idx * step;
	struct rte_mbuf **sw = &rxq->sw_ring[idx];
	struct rte_mbuf **out = rx_pkts;
	struct rte_mbuf **const end = rx_pkts + (n & ~3u);
	const uint64x2_t rearm_ol = vreinterpretq_u64_u8(
		vld1q_u8((const uint8_t *)&rxq->rearm_ol));
	const uint64x2_t rearm = vdupq_laneq_u64(rearm_ol, 0);
	uint8x16_t ptypes = vdupq_n_u8(0), ol_tbl = vdupq_n_u8(0);
	uint32x4_t sum = vdupq_n_u32(0);

	if (csum) {
		/* ol_flags fit 16 bits (the static_assert above). */
		const uint32x4_t ol = vcombine_u32(
			vmovn_u64(vld1q_u64(&rxq->csum_flags[0])),
			vmovn_u64(vld1q_u64(&rxq->csum_flags[2])));

		ol_tbl = vreinterpretq_u8_u16(vcombine_u16(vmovn_u32(ol),
							   vdup_n_u16(0)));
		ptypes = vreinterpretq_u8_u32(vld1q_u32(rxq->ptypes));
	}
	for (; out < end; out += 4, sw += 4, d += 4 * step) {
		uint64x2_t w01, w23, t01, t23, bad;
		uint64x2_t ol01 = vdupq_n_u64(0), ol23 = vdupq_n_u64(0);
		uint32x4_t st, len;
		uint8x16_t fields[4];
		struct rte_mbuf *m0, *m1, *m2, *m3;

		/* Word 0 and 1 of each descriptor, one 64-bit element each. */
		if (shift == GEM_DESC_SHIFT_64) {
			w01 = vld2q_u64((const uint64_t *)d).val[0];
			w23 = vld2q_u64((const uint64_t *)(d + 2 * step)).val[0];
		} else {
			w01 = vld1q_u64((const uint64_t *)d);
			w23 = vld1q_u64((const uint64_t *)(d + 2 * step));
		}
		/* Used as loaded: never loaded again after the test. */
		rte_compiler_barrier();
		t01 = vsubq_u64(w01, dec);
		t23 = vsubq_u64(w23, dec);
		bad = vorrq_u64(vbicq_u64(need, vandq_u64(t01, t23)),
				vandq_u64(vorrq_u64(t01, t23), too_long));
		if (vmaxvq_u32(vreinterpretq_u32_u64(bad)) != 0)
			break;
		/* The four status words, then their lengths. */
		st = vuzp2q_u32(vreinterpretq_u32_u64(w01),
				vreinterpretq_u32_u64(w23));
		len = vandq_u32(st, len_mask);
		sum = vaddq_u32(sum, len);
		if (csum) {
			const uint8x16_t c4 = vreinterpretq_u8_u32(vandq_u32(
				vshrq_n_u32(st, GEM_RX_W1_CSUM_SHIFT - 2),
				vdupq_n_u32(3 << 2)));
			const uint8x16_t c2 = vshrq_n_u8(c4, 1);
			const uint32x4_t types = vreinterpretq_u32_u8(
				vqtbl1q_u8(ptypes, vorrq_u8(
					vqtbl1q_u8(c4, lane_bytes), byte_in_u32)));
			/* {type, len} of frames 0 and 1, then 2 and 3; and
			 * {len, 0} (data_len, vlan_tci; hash) */
			const uint64x2_t tl01 = vreinterpretq_u64_u32(
				vzip1q_u32(types, len));
			const uint64x2_t tl23 = vreinterpretq_u64_u32(
				vzip2q_u32(types, len));
			const uint64x2_t l01 = vreinterpretq_u64_u32(
				vzip1q_u32(len, vdupq_n_u32(0)));
			const uint64x2_t l23 = vreinterpretq_u64_u32(
				vzip2q_u32(len, vdupq_n_u32(0)));

			fields[0] = vreinterpretq_u8_u64(vzip1q_u64(tl01, l01));
			fields[1] = vreinterpretq_u8_u64(vzip2q_u64(tl01, l01));
			fields[2] = vreinterpretq_u8_u64(vzip1q_u64(tl23, l23));
			fields[3] = vreinterpretq_u8_u64(vzip2q_u64(tl23, l23));
			/* ol_flags of frames 0 and 1, of 2 and 3 */
			ol01 = vreinterpretq_u64_u8(vqtbl1q_u8(ol_tbl,
				vorrq_u8(vqtbl1q_u8(c2, ol_lanes01), ol_bytes)));
			ol23 = vreinterpretq_u64_u8(vqtbl1q_u8(ol_tbl,
				vorrq_u8(vqtbl1q_u8(c2, ol_lanes23), ol_bytes)));
		} else {
			const uint8x16_t lens = vreinterpretq_u8_u32(len);

			fields[0] = vqtbl1q_u8(lens, f0);
			fields[1] = vqtbl1q_u8(lens, f1);
			fields[2] = vqtbl1q_u8(lens, f2);
			fields[3] = vqtbl1q_u8(lens, f3);
		}
		m0 = sw[0];
		m1 = sw[1];
		m2 = sw[2];
		m3 = sw[3];
		/* rearm_data and ol_flags, then packet_type to hash. */
		vst1q_u64(gem_mbuf_rearm_word(m0),
			  csum ? vzip1q_u64(rearm, ol01) : rearm_ol);
		vst1q_u64(gem_mbuf_rearm_word(m1),
			  csum ? vzip2q_u64(rearm, ol01) : rearm_ol);
		vst1q_u64(gem_mbuf_rearm_word(m2),
			  csum ? vzip1q_u64(rearm, ol23) : rearm_ol);
		vst1q_u64(gem_mbuf_rearm_word(m3),
			  csum ? vzip2q_u64(rearm, ol23) : rearm_ol);
		vst1q_u8((uint8_t *)&m0->packet_type, fields[0]);
		vst1q_u8((uint8_t *)&m1->packet_type, fields[1]);
		vst1q_u8((uint8_t *)&m2->packet_type, fields[2]);
		vst1q_u8((uint8_t *)&m3->packet_type, fields[3]);
		out[0] = m0;
		out[1] = m1;
		out[2] = m2;
		out[3] = m3;
	}
	*bytes += vaddvq_u32(sum);
	return out - rx_pkts;
}

#endif /* GEM_RX_NEON_H */
