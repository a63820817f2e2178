/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#include <assert.h>
#include <errno.h>

#include <ethdev_driver.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_prefetch.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "gem_dma.h"
#include "gem_ethdev.h"
#include "gem_hw_ops.h"
#include "gem_rxtx.h"

/* Frames freed per bulk call while reclaiming TX. */
#define GEM_TX_FREE_BATCH 64

/* Hardware writes RX data at the buffer start: RBOF is 0. */
static __rte_always_inline rte_iova_t
gem_rx_buf_iova(const struct rte_mbuf *m)
{
	return m->buf_iova + RTE_PKTMBUF_HEADROOM;
}

static __rte_always_inline void *
gem_rx_buf_addr(const struct rte_mbuf *m)
{
	return (char *)m->buf_addr + RTE_PKTMBUF_HEADROOM;
}

/* The register base of this process (a secondary maps its own). */
static __rte_always_inline void *
gem_q_regs(uint16_t port_id)
{
	return rte_eth_devices[port_id].process_private;
}

/* Clean count descriptors from idx on, in at most two runs (ring wrap). */
static void
gem_clean_descs(volatile void *ring, uint16_t idx, uint16_t count,
		uint16_t n_desc, unsigned int shift)
{
	uint16_t run = RTE_MIN(count, (uint16_t)(n_desc - idx));

	gem_dma_clean(gem_desc_at(ring, idx, shift), (size_t)run << shift);
	if (count > run)
		gem_dma_clean(ring, (size_t)(count - run) << shift);
}

/* ------------------------------------------------------------------ RX */

/*
 * After a hand-back: hardware that had filled everything up to the first
 * descriptor handed back fetched that one while it was still software's.
 * A Zynq-7000 then needs RX switched off and on (GEM_QF_RESTART), which
 * costs frames, so only when the descriptor before says it happened. QEMU's
 * model (GEM_QF_KICK) only fetches it again on an NCR write with RE, and
 * whether it happened cannot be told from here: the model stores that
 * descriptor's USED bit and then loads the next descriptor with no fence
 * between, so it and this check can each miss the other's store. An NCR
 * write after every hand-back costs one register write per batch and
 * never leaves it stuck.
 */
static __rte_noinline void
gem_rx_kick(struct gem_rx_queue *rxq, uint16_t head, bool was_empty,
	    unsigned int shift, bool sync)
{
	volatile struct gem_desc *before;
	void *regs = gem_q_regs(rxq->port_id);

	if (rxq->flags & GEM_QF_KICK) {
		gem_wr(regs, GEM_NCR, *rxq->ncr);
		return;
	}
	if (!was_empty) {
		before = gem_desc_at(rxq->rx_ring,
				     gem_ring_sub(head, 1, rxq->nb_rx_desc),
				     shift);
		/* Our hand-back stores must be visible before this load, or
		 * hardware could fill `before` and fetch `head` unseen. */
		rte_mb();
		if (sync)
			gem_dma_inval(before, (size_t)1 << shift);
		if (!(before->addr & rte_cpu_to_le_32(GEM_RX_W0_USED)))
			return;
	}
	gem_wr(regs, GEM_NCR, *rxq->ncr & ~GEM_NCR_RE);
	gem_wr(regs, GEM_NCR, *rxq->ncr);
}

/*
 * n fresh mbufs into sw. From this lcore's mempool cache when it holds
 * them: one copy of the pointers (the pool's own get moves them one at a
 * time, to hand out the most recently freed first, which matters little
 * for buffers the device writes next). Otherwise the pool's own path.
 */
static __rte_always_inline int
gem_mbufs_get(struct rte_mempool *mp, struct rte_mbuf **sw, unsigned int n)
{
	struct rte_mempool_cache *cache =
		rte_mempool_default_cache(mp, rte_lcore_id());

	if (likely(cache != NULL && cache->len >= n)) {
		cache->len -= n;
		rte_memcpy(sw, &cache->objs[cache->len], n * sizeof(*sw));
		RTE_MEMPOOL_CACHE_STAT_ADD(cache, get_success_bulk, 1);
		RTE_MEMPOOL_CACHE_STAT_ADD(cache, get_success_objs, n);
		return 0;
	}
	return rte_mempool_get_bulk(mp, (void **)sw, n);
}

/*
 * Hand n descriptors from d on to hardware, with the buffers of sw. No
 * mask for the address word's two flag bits: a buffer starts 8-byte
 * aligned (RTE_MBUF_PRIV_ALIGN) and the headroom keeps that.
 */
static __rte_always_inline void
gem_rx_give(volatile struct gem_desc *d, struct rte_mbuf *const *sw,
	    uint16_t n, const unsigned int shift)
{
	const size_t step = (size_t)1 << shift;
	volatile uint8_t *p = (volatile uint8_t *)d;
	struct rte_mbuf *const *const end = sw + n;

#pragma GCC unroll 4
	for (; sw < end; sw++, p += step)
		((volatile struct gem_desc *)p)->addr =
			rte_cpu_to_le_32((uint32_t)gem_rx_buf_iova(*sw));
}

/*
 * Give held descriptors back to hardware, rx_free_thresh at a time, each
 * with a fresh mbuf taken in bulk straight into the software ring. The
 * batches never straddle the ring end (nb_rx_desc is a multiple of the
 * threshold) and cover whole cache lines, so on a non-coherent device the
 * CPU never writes a line of which hardware still owns a descriptor.
 * Without mbufs the descriptors stay held (the ring shrinks, nothing is
 * lost) and the next burst tries again. Upper address words, when they
 * vary, are written before the word that clears USED.
 */
static __rte_always_inline void
gem_rx_handback(struct gem_rx_queue *rxq, const unsigned int shift,
		const bool sync)
{
	volatile void *const ring = rxq->rx_ring;
	struct rte_mbuf **const sw_ring = rxq->sw_ring;
	const uint16_t n_desc = rxq->nb_rx_desc;
	const uint16_t batch = rxq->rx_free_thresh;
	const bool write_hi = shift == GEM_DESC_SHIFT_64 &&
			      !(rxq->flags & GEM_QF_HI_FIXED);
	const uint16_t first = gem_ring_sub(rxq->rx_tail, rxq->nb_rx_hold,
					    n_desc);
	const bool was_empty = rxq->nb_rx_hold == n_desc;
	uint16_t head = first, hold = rxq->nb_rx_hold, i;

	do {
		const uint16_t end = head + batch;

		if (unlikely(gem_mbufs_get(rxq->mb_pool, &sw_ring[head],
					   batch) != 0)) {
			rxq->rx_nombuf += batch;
			break;
		}
		if (write_hi || sync) {
			for (i = head; i < end; i++) {
				if (write_hi)
					gem_desc_at(ring, i, shift)->addr_hi =
						rte_cpu_to_le_32((uint32_t)
						(gem_rx_buf_iova(sw_ring[i]) >> 32));
				if (sync)
					gem_dma_inval(gem_rx_buf_addr(sw_ring[i]),
						      rxq->rx_buf_len);
			}
			rte_io_wmb();
		}
		/* WRAP goes in with the store that hands the last over. */
		gem_rx_give(gem_desc_at(ring, head, shift), &sw_ring[head],
			    batch - (end == n_desc), shift);
		if (end == n_desc)
			gem_desc_at(ring, n_desc - 1, shift)->addr =
				rte_cpu_to_le_32(gem_rx_addr_word(
					gem_rx_buf_iova(sw_ring[n_desc - 1]),
					true));
		if (sync)
			gem_dma_clean(gem_desc_at(ring, head, shift),
				      (size_t)batch << shift);
		head = end == n_desc ? 0 : end;
		hold -= batch;
	} while (hold >= batch);
	if (hold == rxq->nb_rx_hold)
		return;
	rxq->nb_rx_hold = hold;

	if (rxq->flags & (GEM_QF_KICK | GEM_QF_RESTART))
		gem_rx_kick(rxq, first, was_empty, shift, sync);
}

/* How many descriptors from idx on hardware has filled, up to want. */
static __rte_always_inline uint16_t
gem_rx_scan(const struct gem_rx_queue *rxq, uint16_t idx, uint16_t want,
	    const unsigned int shift, const bool sync)
{
	volatile void *const ring = rxq->rx_ring;
	const uint16_t n_desc = rxq->nb_rx_desc;
	uint16_t n;

	for (n = 0; n < want; n++) {
		volatile struct gem_desc *d = gem_desc_at(ring, idx, shift);

		if (sync)
			gem_dma_inval(d, (size_t)1 << shift);
		if (!(d->addr & rte_cpu_to_le_32(GEM_RX_W0_USED)))
			break;
		if (++idx == n_desc)
			idx = 0;
	}
	return n;
}

/*
 * A descriptor's two first words in one load: the address word with USED
 * in the low half, the status in the high half. An aligned 8-byte load is
 * single-copy atomic on the CPUs DPDK runs on, and the GEM writes the
 * status before it sets USED, so a descriptor seen USED has its status.
 */
static __rte_always_inline uint64_t
gem_rx_desc_words(volatile void *ring, uint16_t idx, const unsigned int shift)
{
	return rte_le_to_cpu_64(*(volatile uint64_t *)gem_desc_at(ring, idx,
								    shift));
}

/*
 * A descriptor that cannot be delivered: it is not one whole frame, or its
 * length does not fit the buffer. Its mbuf goes back to the pool (the
 * hand-back puts a fresh one in its place); the frame is counted once, at
 * its start.
 */
static __rte_noinline void
gem_rx_bad(struct gem_rx_queue *rxq, struct rte_mbuf *m, uint32_t st)
{
	GEM_RX_LOG(DEBUG, "port %u rxq %u: dropped descriptor status 0x%08x",
		   rxq->port_id, rxq->queue_id, st);
	rte_mbuf_raw_free(m);
	if (st & GEM_RX_W1_SOF)
		rxq->rx_bad_desc++;
}

/*
 * Point a consumed (software-owned) descriptor at the queue's scratch
 * buffer, still USED: see GEM_QF_REPOINT. A stray write then lands in a
 * buffer the ring owns, never in one delivered.
 */
static __rte_always_inline void
gem_rx_repoint(const struct gem_rx_queue *rxq, uint16_t idx,
	       const unsigned int shift)
{
	volatile struct gem_desc *d = gem_desc_at(rxq->rx_ring, idx, shift);
	rte_iova_t iova = gem_rx_buf_iova(rxq->scratch);

	if (shift == GEM_DESC_SHIFT_64)
		d->addr_hi = rte_cpu_to_le_32((uint32_t)(iova >> 32));
	d->addr = rte_cpu_to_le_32(gem_rx_addr_word(iova,
				   idx == rxq->nb_rx_desc - 1) |
				   GEM_RX_W0_USED);
}

static_assert(RTE_BYTE_ORDER == RTE_LITTLE_ENDIAN &&
	      offsetof(struct rte_mbuf, ol_flags) ==
	      offsetof(struct rte_mbuf, rearm_data) + 8 &&
	      offsetof(struct rte_mbuf, pkt_len) ==
	      offsetof(struct rte_mbuf, packet_type) + 4 &&
	      offsetof(struct rte_mbuf, vlan_tci) ==
	      offsetof(struct rte_mbuf, data_len) + 2,
	      "gem_rx_mbuf_fill's combined stores need this mbuf layout");

/*
 * An mbuf of the ring made a received frame; len_hi is its length in bits
 * 63:32 (as the status sits in a descriptor's first eight bytes).
 */
static __rte_always_inline void
gem_rx_mbuf_fill(struct rte_mbuf *m, gem_u64x2 rearm_ol, uint64_t ol_flags,
		 uint64_t len_hi, const bool csum)
{
	/* data_off, refcnt, nb_segs, port, then ol_flags: one store */
	*(gem_u64x2 *)gem_mbuf_rearm_word(m) = rearm_ol;
	if (csum)
		m->ol_flags = ol_flags;
	/* packet_type 0 and pkt_len, then data_len and vlan_tci 0 (the
	 * CPU is little-endian: see the check above) */
	*(gem_u64_alias *)&m->packet_type = len_hi;
	*(gem_u32_alias *)&m->data_len = (uint32_t)(len_hi >> 32);
}

/*
 * The fast path: from idx on, up to n descriptors (none wraps), four at a
 * time, deliver whole good frames; stop before the first group in which a
 * descriptor is not filled yet or not one good frame, for the careful path
 * to take. The test works on both words at once, the status with its
 * length decremented: USED, SOF and EOF must be set in every descriptor
 * (an empty frame's decrement borrows from SOF or EOF), and no length may
 * reach a bit of rx_len_over (longer than the buffer).
 */
static __rte_always_inline uint16_t
gem_rx_deliver_fast(struct gem_rx_queue *rxq, struct rte_mbuf **rx_pkts,
		    uint16_t idx, uint16_t n, uint64_t *bytes,
		    const unsigned int shift, const bool sync, const bool csum)
{
	const uint64_t dec = (uint64_t)1 << 32;
	const uint64_t need = GEM_RX_W0_USED | (uint64_t)GEM_RX_SOF_EOF << 32;
	const uint64_t too_long = (uint64_t)rxq->rx_len_over << 32;
	const uint64_t len_bits = (uint64_t)GEM_MASK(GEM_RX_W1_LENJ) << 32;
	const size_t step = (size_t)1 << shift;
	volatile uint8_t *d = (volatile uint8_t *)rxq->rx_ring + idx * step;
	struct rte_mbuf **sw = &rxq->sw_ring[idx];
	struct rte_mbuf **out = rx_pkts;
	struct rte_mbuf **const end = rx_pkts + (n & ~3u);
	const gem_u64x2 rearm_ol = rxq->rearm_ol;
	uint64_t sum = 0;
	unsigned int k;

	for (; out < end; out += 4, sw += 4, d += 4 * step) {
		uint64_t w[4], all = ~(uint64_t)0, any = 0;

		if (sync)
			gem_dma_inval(d, 4 * step);
		for (k = 0; k < 4; k++) {
			w[k] = rte_le_to_cpu_64(*(volatile uint64_t *)
						(d + k * step));
			all &= w[k] - dec;
			any |= w[k] - dec;
		}
		if ((all & need) != need || unlikely(any & too_long))
			break;
		for (k = 0; k < 4; k++) {
			const uint64_t len_hi = w[k] & len_bits;
			const uint32_t len = len_hi >> 32;
			struct rte_mbuf *m = sw[k];

			if (sync)
				gem_dma_inval(gem_rx_buf_addr(m), len);
			gem_rx_mbuf_fill(m, rearm_ol,
				csum ? rxq->csum_flags[GEM_GET(GEM_RX_W1_CSUM,
						(uint32_t)(w[k] >> 32))] : 0,
				len_hi, csum);
			out[k] = m;
			sum += len;
		}
	}
	*bytes += sum;
	return out - rx_pkts;
}

/*
 * Receive whole frames, one buffer each: the fast path for groups of four,
 * then one descriptor at a time for the rest and for anything it would not
 * take. Consumed descriptors are held, their mbufs gone to the caller,
 * until gem_rx_handback refills them in batches. Queue fields live in
 * locals: stores into mbufs could alias them.
 */
static __rte_always_inline uint16_t
gem_recv(struct gem_rx_queue *rxq, struct rte_mbuf **rx_pkts,
	 uint16_t nb_pkts, const unsigned int shift, const bool sync)
{
	volatile void *const ring = rxq->rx_ring;
	struct rte_mbuf **const sw_ring = rxq->sw_ring;
	const uint16_t n_desc = rxq->nb_rx_desc;
	const uint32_t buf_len = rxq->rx_buf_len;
	const bool repoint = rxq->flags & GEM_QF_REPOINT;
	const bool csum = rxq->flags & GEM_QF_RX_CSUM;
	uint16_t idx = rxq->rx_tail;
	/* Held descriptors are still USED from their fill: a scan reaching
	 * them would take them for new frames. */
	uint16_t avail = n_desc - rxq->nb_rx_hold;
	uint16_t nb_rx = 0, taken = 0;
	uint64_t bytes = 0;

	nb_pkts = RTE_MIN(nb_pkts, avail);
	while (nb_rx < nb_pkts && taken < avail) {
		/* A run stops at the ring end: no index inside it wraps. */
		uint16_t run = RTE_MIN(RTE_MIN(nb_pkts - nb_rx, avail - taken),
				       n_desc - idx);
		uint16_t n = 0;
		uint64_t w;
		uint32_t st, len;
		struct rte_mbuf *m;

		if (!repoint && run >= 4)
			n = csum ?
			    gem_rx_deliver_fast(rxq, &rx_pkts[nb_rx], idx, run,
						&bytes, shift, sync, true) :
			    gem_rx_deliver_fast(rxq, &rx_pkts[nb_rx], idx, run,
						&bytes, shift, sync, false);
		nb_rx += n;
		taken += n;
		idx += n;
		if (n == run) {
			if (idx == n_desc)
				idx = 0;
			continue;
		}
		/* One descriptor, carefully. */
		if (sync)
			gem_dma_inval(gem_desc_at(ring, idx, shift),
				      (size_t)1 << shift);
		w = gem_rx_desc_words(ring, idx, shift);
		if (!(w & GEM_RX_W0_USED))
			break;
		st = (uint32_t)(w >> 32);
		len = gem_rx_len(st);
		m = sw_ring[idx];
		if (unlikely(repoint))
			gem_rx_repoint(rxq, idx, shift);
		if (unlikely((st & GEM_RX_SOF_EOF) != GEM_RX_SOF_EOF ||
			     len - 1 >= buf_len)) {
			gem_rx_bad(rxq, m, st);
		} else {
			if (sync)
				gem_dma_inval(gem_rx_buf_addr(m), len);
			gem_rx_mbuf_fill(m, rxq->rearm_ol,
				rxq->csum_flags[GEM_GET(GEM_RX_W1_CSUM, st)],
				(uint64_t)len << 32, true);
			rx_pkts[nb_rx++] = m;
			bytes += len;
		}
		taken++;
		if (++idx == n_desc)
			idx = 0;
	}
	rxq->rx_tail = idx;
	rxq->nb_rx_hold += taken;
	if (rxq->nb_rx_hold >= rxq->rx_free_thresh)
		gem_rx_handback(rxq, shift, sync);
	rxq->rx_packets += nb_rx;
	rxq->rx_bytes += bytes;
	return nb_rx;
}

uint16_t
gem_recv_pkts_32(void *rxq, struct rte_mbuf **pkts, uint16_t n)
{
	return gem_recv(rxq, pkts, n, GEM_DESC_SHIFT_32, false);
}

uint16_t
gem_recv_pkts_64(void *rxq, struct rte_mbuf **pkts, uint16_t n)
{
	return gem_recv(rxq, pkts, n, GEM_DESC_SHIFT_64, false);
}

uint16_t
gem_recv_pkts_sync(void *queue, struct rte_mbuf **pkts, uint16_t n)
{
	struct gem_rx_queue *rxq = queue;

	if (rxq->flags & GEM_QF_DESC64)
		return gem_recv(rxq, pkts, n, GEM_DESC_SHIFT_64, true);
	return gem_recv(rxq, pkts, n, GEM_DESC_SHIFT_32, true);
}

/*
 * Frames over several buffers (jumbo frames in 2 KiB mbufs). Hardware marks
 * the first buffer SOF and the last EOF, and writes the whole frame's length
 * in the EOF descriptor only; every other buffer is full. A frame in
 * progress survives across calls. Anything inconsistent (a new SOF before
 * EOF, a length that does not match the buffers, a chain longer than any
 * frame) is dropped whole and counted.
 */
static __rte_always_inline uint16_t
gem_recv_scattered(struct gem_rx_queue *rxq, struct rte_mbuf **rx_pkts,
		   uint16_t nb_pkts, const unsigned int shift, const bool sync)
{
	struct rte_mbuf **sw_ring = rxq->sw_ring;
	struct rte_mbuf *first = rxq->pkt_first_seg;
	struct rte_mbuf *last = rxq->pkt_last_seg;
	uint32_t so_far = rxq->pkt_len_so_far;
	const uint16_t n_desc = rxq->nb_rx_desc;
	const uint32_t buf_len = rxq->rx_buf_len;
	uint16_t idx = rxq->rx_tail;
	/* Not into held descriptors: see gem_recv. */
	const uint16_t avail = n_desc - rxq->nb_rx_hold;
	uint16_t nb_rx = 0, i;
	uint64_t bytes = 0;

	for (i = 0; i < avail && nb_rx < nb_pkts; i++) {
		struct rte_mbuf *m = sw_ring[idx];
		uint32_t st, seg_len;
		uint64_t w;

		if (sync)
			gem_dma_inval(gem_desc_at(rxq->rx_ring, idx, shift),
				      (size_t)1 << shift);
		w = gem_rx_desc_words(rxq->rx_ring, idx, shift);
		if (!(w & GEM_RX_W0_USED))
			break;
		st = (uint32_t)(w >> 32);

		if (rxq->flags & GEM_QF_REPOINT)
			gem_rx_repoint(rxq, idx, shift);
		idx = gem_ring_next(idx, n_desc);

		if (st & GEM_RX_W1_SOF) {
			if (unlikely(first != NULL)) {
				/* the previous frame never ended */
				rte_pktmbuf_free(first);
				rxq->rx_bad_desc++;
			}
			first = NULL;
			so_far = 0;
		} else if (unlikely(first == NULL)) {
			/* the rest of a frame already dropped */
			rte_mbuf_raw_free(m);
			continue;
		}
		if (st & GEM_RX_W1_EOF) {
			uint32_t len = gem_rx_len(st);

			seg_len = len - so_far;
			if (unlikely(len <= so_far || seg_len > buf_len))
				goto bad;
		} else {
			seg_len = buf_len;
			if (unlikely(so_far + buf_len > rxq->max_frame_len))
				goto bad;
		}
		if (sync)
			gem_dma_inval(gem_rx_buf_addr(m), seg_len);
		*gem_mbuf_rearm_word(m) = rxq->rearm_ol[0];
		m->data_len = seg_len;
		if (first == NULL) {
			first = m;
		} else {
			last->next = m;
			first->nb_segs++;
		}
		last = m;
		so_far += seg_len;
		if (st & GEM_RX_W1_EOF) {
			first->pkt_len = so_far;
			first->ol_flags = rxq->csum_flags[
				GEM_GET(GEM_RX_W1_CSUM, st)];
			first->packet_type = RTE_PTYPE_UNKNOWN;
			rx_pkts[nb_rx++] = first;
			bytes += so_far;
			first = NULL;
			so_far = 0;
		}
		continue;
bad:
		GEM_RX_LOG(DEBUG, "port %u rxq %u: dropped frame, status 0x%08x after %u bytes",
			   rxq->port_id, rxq->queue_id, st, so_far);
		rte_mbuf_raw_free(m);
		if (first != NULL)
			rte_pktmbuf_free(first);
		rxq->rx_bad_desc++;
		first = NULL;
		so_far = 0;
	}
	rxq->nb_rx_hold += i;
	rxq->rx_tail = idx;
	rxq->pkt_first_seg = first;
	rxq->pkt_last_seg = last;
	rxq->pkt_len_so_far = so_far;
	if (rxq->nb_rx_hold >= rxq->rx_free_thresh)
		gem_rx_handback(rxq, shift, sync);
	rxq->rx_packets += nb_rx;
	rxq->rx_bytes += bytes;
	return nb_rx;
}

uint16_t
gem_recv_scattered_pkts(void *queue, struct rte_mbuf **pkts, uint16_t n)
{
	struct gem_rx_queue *rxq = queue;

	switch (rxq->flags & (GEM_QF_DESC64 | GEM_QF_SYNC)) {
	case 0:
		return gem_recv_scattered(rxq, pkts, n, GEM_DESC_SHIFT_32,
					  false);
	case GEM_QF_DESC64:
		return gem_recv_scattered(rxq, pkts, n, GEM_DESC_SHIFT_64,
					  false);
	case GEM_QF_SYNC:
		return gem_recv_scattered(rxq, pkts, n, GEM_DESC_SHIFT_32,
					  true);
	default:
		return gem_recv_scattered(rxq, pkts, n, GEM_DESC_SHIFT_64,
					  true);
	}
}

/* The 4 GiB windows a pool's memory chunks lie in, as far as seen. */
struct gem_pool_window {
	bool seen;	/* a chunk was seen */
	bool one;	/* every chunk seen lies within window hi */
	uint32_t hi;
};

static void
gem_pool_chunk_window(struct rte_mempool *mp __rte_unused, void *opaque,
		      struct rte_mempool_memhdr *memhdr,
		      unsigned int idx __rte_unused)
{
	struct gem_pool_window *w = opaque;
	uint32_t first = (uint32_t)(memhdr->iova >> 32);

	if (memhdr->iova == RTE_BAD_IOVA || memhdr->len == 0 ||
	    first != (uint32_t)((memhdr->iova + memhdr->len - 1) >> 32) ||
	    (w->seen && first != w->hi))
		w->one = false;
	w->seen = true;
	w->hi = first;
}

/*
 * Whether every buffer address the pool can give has the same upper half
 * (then *hi): if not, each hand-back writes the upper words again.
 */
static bool
gem_pool_iova_hi(struct rte_mempool *mp, uint32_t *hi)
{
	struct gem_pool_window w = { .one = true };

	rte_mempool_mem_iter(mp, gem_pool_chunk_window, &w);
	*hi = w.hi;
	return w.seen && w.one;
}

/* Put an mbuf on every descriptor and hand the whole ring to hardware. */
int
gem_rx_ring_fill(struct gem_rx_queue *rxq)
{
	const unsigned int shift = (rxq->flags & GEM_QF_DESC64) ?
				   GEM_DESC_SHIFT_64 : GEM_DESC_SHIFT_32;
	const bool sync = rxq->flags & GEM_QF_SYNC;
	uint32_t hi = 0;
	uint16_t i, flags;

	rxq->flags &= ~GEM_QF_HI_FIXED;
	if (shift == GEM_DESC_SHIFT_64 && gem_pool_iova_hi(rxq->mb_pool, &hi))
		rxq->flags |= GEM_QF_HI_FIXED;
	else
		hi = 0;	/* the hand-back writes each one */
	/* Owned by software until handed back below. */
	for (i = 0; i < rxq->nb_rx_desc; i++) {
		volatile struct gem_desc *d = gem_desc_at(rxq->rx_ring, i,
							  shift);

		d->addr = rte_cpu_to_le_32(GEM_RX_W0_USED |
			(i == rxq->nb_rx_desc - 1 ? GEM_RX_W0_WRAP : 0));
		d->ctrl = 0;
		if (shift == GEM_DESC_SHIFT_64)
			d->addr_hi = rte_cpu_to_le_32(hi);
	}
	rxq->rx_tail = 0;
	rxq->nb_rx_hold = rxq->nb_rx_desc;
	rxq->pkt_first_seg = NULL;
	rxq->pkt_last_seg = NULL;
	rxq->pkt_len_so_far = 0;
	if ((rxq->flags & GEM_QF_REPOINT) && rxq->scratch == NULL) {
		rxq->scratch = rte_mbuf_raw_alloc(rxq->mb_pool);
		if (rxq->scratch == NULL)
			return -ENOMEM;
	}
	/* No kick at bring-up: RX is not enabled yet. */
	flags = rxq->flags;
	rxq->flags &= ~(GEM_QF_KICK | GEM_QF_RESTART);
	if (shift == GEM_DESC_SHIFT_64)
		gem_rx_handback(rxq, GEM_DESC_SHIFT_64, sync);
	else
		gem_rx_handback(rxq, GEM_DESC_SHIFT_32, sync);
	rxq->flags = flags;
	if (rxq->nb_rx_hold != 0) {
		gem_rx_ring_release_mbufs(rxq);
		return -ENOMEM;
	}
	return 0;
}

/*
 * Free the mbufs the ring holds: those of the descriptors not held (a held
 * one's mbuf went to the application), a frame in progress and the
 * scratch buffer.
 */
void
gem_rx_ring_release_mbufs(struct gem_rx_queue *rxq)
{
	uint16_t i, idx = rxq->rx_tail;

	if (rxq->sw_ring != NULL) {
		for (i = rxq->nb_rx_hold; i < rxq->nb_rx_desc; i++) {
			rte_mbuf_raw_free(rxq->sw_ring[idx]);
			idx = gem_ring_next(idx, rxq->nb_rx_desc);
		}
	}
	rxq->nb_rx_hold = rxq->nb_rx_desc;
	if (rxq->pkt_first_seg != NULL)
		rte_pktmbuf_free(rxq->pkt_first_seg);
	rxq->pkt_first_seg = NULL;
	rxq->pkt_last_seg = NULL;
	rxq->pkt_len_so_far = 0;
	if (rxq->scratch != NULL)
		rte_mbuf_raw_free(rxq->scratch);
	rxq->scratch = NULL;
}

uint32_t
gem_rx_queue_count(void *queue)
{
	struct gem_rx_queue *rxq = queue;
	const unsigned int shift = (rxq->flags & GEM_QF_DESC64) ?
				   GEM_DESC_SHIFT_64 : GEM_DESC_SHIFT_32;
	uint16_t limit = rxq->nb_rx_desc - rxq->nb_rx_hold;

	if (rxq->flags & GEM_QF_SYNC)
		return gem_rx_scan(rxq, rxq->rx_tail, limit, shift, true);
	return gem_rx_scan(rxq, rxq->rx_tail, limit, shift, false);
}

int
gem_rx_descriptor_status(void *queue, uint16_t offset)
{
	struct gem_rx_queue *rxq = queue;
	const unsigned int shift = (rxq->flags & GEM_QF_DESC64) ?
				   GEM_DESC_SHIFT_64 : GEM_DESC_SHIFT_32;
	volatile struct gem_desc *d;

	if (offset >= rxq->nb_rx_desc)
		return -EINVAL;
	if (offset >= rxq->nb_rx_desc - rxq->nb_rx_hold)
		return RTE_ETH_RX_DESC_UNAVAIL;
	d = gem_desc_at(rxq->rx_ring,
			gem_ring_add(rxq->rx_tail, offset, rxq->nb_rx_desc),
			shift);
	if (rxq->flags & GEM_QF_SYNC)
		gem_dma_inval(d, (size_t)1 << shift);
	if (d->addr & rte_cpu_to_le_32(GEM_RX_W0_USED))
		return RTE_ETH_RX_DESC_DONE;
	return RTE_ETH_RX_DESC_AVAIL;
}

/* ------------------------------------------------------------------ TX */

/* Descriptors a sent frame took: one per segment. */
static __rte_always_inline uint16_t
gem_tx_frame_descs(const struct rte_mbuf *head)
{
	return head->nb_segs;
}

/*
 * Frames done by hardware, oldest first, on a non-coherent device. Each line
 * the CPU writes back may carry stale copies of neighbouring descriptors,
 * and so can erase a USED bit hardware had just set. Frames complete in
 * order, so the newest one marked done vouches for all before it. The look
 * goes no further than one reclaim batch, so its cost does not grow with
 * the ring: frames done beyond it are found by the next reclaim.
 */
static uint16_t
gem_tx_done_frames_sync(const struct gem_tx_queue *txq, uint16_t idx,
			uint16_t in_flight, unsigned int shift)
{
	uint16_t frame = 0, done = 0;

	while (in_flight != 0 && frame < GEM_TX_FREE_BATCH) {
		volatile struct gem_desc *d =
			gem_desc_at(txq->tx_ring, idx, shift);
		uint16_t nb = gem_tx_frame_descs(txq->sw_ring[idx]);

		gem_dma_inval(d, (size_t)1 << shift);
		frame++;
		if (d->ctrl & rte_cpu_to_le_32(GEM_TX_W1_USED))
			done = frame;
		in_flight -= nb;
		idx = gem_ring_add(idx, nb, txq->nb_tx_desc);
	}
	return done;
}

/*
 * Return sent frames to their pools. Single-segment mbufs nobody else holds
 * (the forwarding case) go back in one bulk put per pool; anything else
 * takes the general path.
 */
static __rte_always_inline void
gem_tx_free(struct rte_mbuf **pkts, uint16_t n, bool fast)
{
	void *batch[GEM_TX_FREE_BATCH];
	struct rte_mempool *pool = NULL;
	uint16_t i, k = 0;

	/* MBUF_FAST_FREE: the application vouches for one pool, refcnt 1. */
	if (fast) {
		for (i = 0; i < n; i++) {
			if (likely(pkts[i]->nb_segs == 1))
				batch[k++] = pkts[i];
			else
				rte_pktmbuf_free(pkts[i]);
		}
		if (k != 0)
			rte_mempool_put_bulk(((struct rte_mbuf *)batch[0])->pool,
					     batch, k);
		return;
	}
	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];

		if (unlikely(m->nb_segs != 1)) {
			rte_pktmbuf_free(m);
			continue;
		}
		m = rte_pktmbuf_prefree_seg(m);
		if (unlikely(m == NULL))
			continue;
		if (unlikely(m->pool != pool)) {
			if (k != 0)
				rte_mempool_put_bulk(pool, batch, k);
			pool = m->pool;
			k = 0;
		}
		batch[k++] = m;
	}
	if (k != 0)
		rte_mempool_put_bulk(pool, batch, k);
}

/* Count the frames of n done descriptors that hardware failed. */
static __rte_noinline uint32_t
gem_tx_count_errors(volatile void *ring, uint32_t idx, uint16_t n,
		    unsigned int shift)
{
	uint32_t errors = 0;
	uint16_t i;

	for (i = 0; i < n; i++)
		errors += (gem_desc_at(ring, idx + i, shift)->ctrl &
			   rte_cpu_to_le_32(GEM_TX_W1_ERR_MASK)) != 0;
	return errors;
}

/*
 * The fast reclaim, for MBUF_FAST_FREE queues with only one-descriptor
 * frames in flight: of the n descriptors from idx on, the frames up to the
 * newest one done go back to the pool in one put straight from the
 * software ring. Frames complete in order, so the newest done vouches for
 * all before it (on a non-coherent device a stale line may even have
 * erased an older one's USED). Returns the frames freed.
 */
static __rte_always_inline uint16_t
gem_tx_reclaim_batch(struct gem_tx_queue *txq, uint32_t idx, uint16_t n,
		     const unsigned int shift, const bool sync)
{
	const size_t step = (size_t)1 << shift;
	volatile uint8_t *const first =
		(volatile uint8_t *)gem_desc_at(txq->tx_ring, idx, shift);
	volatile uint8_t *d;
	uint32_t odd = 0;

	if (sync)
		gem_dma_inval(first, n * step);
	for (d = first + n * step; d != first; d -= step)
		if (((volatile struct gem_desc *)(d - step))->ctrl &
		    rte_cpu_to_le_32(GEM_TX_W1_USED))
			break;
	n = (d - first) >> shift;
	if (n == 0)
		return 0;
#pragma GCC unroll 4
	for (d = first; d < first + n * step; d += step)
		odd |= ((volatile struct gem_desc *)d)->ctrl;
	if (unlikely(odd & rte_cpu_to_le_32(GEM_TX_W1_ERR_MASK)))
		txq->tx_errors += gem_tx_count_errors(txq->tx_ring, idx, n,
						      shift);
	rte_mempool_put_bulk(txq->sw_ring[idx]->pool,
			     (void **)&txq->sw_ring[idx], n);
	return n;
}

/*
 * Free what hardware has sent. Hardware sets USED only on the first
 * descriptor of each frame it finished, so the walk goes frame by frame,
 * each as long as its mbuf chain.
 */
static __rte_always_inline uint16_t
gem_tx_reclaim(struct gem_tx_queue *txq, const unsigned int shift,
	       const bool sync)
{
	struct rte_mbuf *done[GEM_TX_FREE_BATCH];
	volatile void *const ring = txq->tx_ring;
	struct rte_mbuf **const sw_ring = txq->sw_ring;
	const uint16_t n_desc = txq->nb_tx_desc;
	const uint32_t in_flight = n_desc - 1 - txq->nb_tx_free;
	/* 32-bit indices: the wrap test is then one compare, no widening. */
	uint32_t idx = gem_ring_next(txq->last_desc_cleaned, n_desc);
	uint32_t freed = 0, errors = 0;
	uint16_t frames = GEM_TX_FREE_BATCH, nb_done = 0;

	if (txq->nb_tx_multi == 0 && (txq->flags & GEM_QF_FAST_FREE)) {
		uint16_t n = RTE_MIN(RTE_MIN(in_flight, n_desc - idx),
				     (uint32_t)GEM_TX_FREE_BATCH);

		if (n != 0)
			n = gem_tx_reclaim_batch(txq, idx, n, shift, sync);
		txq->last_desc_cleaned = gem_ring_sub(idx + n, 1, n_desc);
		txq->nb_tx_free += n;
		return n;
	}
	if (sync)
		frames = gem_tx_done_frames_sync(txq, idx, in_flight, shift);
	while (freed < in_flight && nb_done < frames) {
		const uint32_t ctrl = rte_le_to_cpu_32(
			gem_desc_at(ring, idx, shift)->ctrl);
		struct rte_mbuf *m = sw_ring[idx];
		const uint16_t nb = gem_tx_frame_descs(m);

		if (!sync && !(ctrl & GEM_TX_W1_USED))
			break;
		errors += (ctrl & GEM_TX_W1_ERR_MASK) != 0;
		txq->nb_tx_multi -= nb > 1;
		done[nb_done++] = m;
		freed += nb;
		idx += nb;
		if (idx >= n_desc)
			idx -= n_desc;
	}
	if (nb_done == 0)
		return 0;
	gem_tx_free(done, nb_done, txq->flags & GEM_QF_FAST_FREE);
	txq->tx_errors += errors;
	txq->last_desc_cleaned = gem_ring_sub(idx, 1, n_desc);
	txq->nb_tx_free += freed;
	return nb_done;
}

/*
 * What the transmitter would choke on: an empty frame or buffer (QEMU's
 * model stops the queue for good on one), a frame longer than the
 * configured maximum (hardware raises an error mid-ring), or a chain whose
 * length disagrees with nb_segs (the descriptors it takes would be
 * miscounted). Such frames are dropped and counted instead.
 */
static __rte_noinline bool
gem_tx_chain_ok(const struct rte_mbuf *m, uint32_t max_len, uint16_t n_desc)
{
	const struct rte_mbuf *seg;
	uint16_t nseg = 0;

	if (m->pkt_len - 1u >= max_len || m->nb_segs >= n_desc)
		return false;
	for (seg = m; seg != NULL; seg = seg->next, nseg++)
		if (seg->data_len == 0)
			return false;
	return nseg == m->nb_segs;
}

static __rte_noinline void
gem_tx_drop(struct gem_tx_queue *txq, struct rte_mbuf *m)
{
	GEM_TX_LOG(DEBUG, "port %u txq %u: dropped frame of %u bytes in %u segments",
		   txq->port_id, txq->queue_id, m->pkt_len, m->nb_segs);
	rte_pktmbuf_free(m);
	txq->tx_errors++;
}

/* One descriptor: address words, then control. */
static __rte_always_inline void
gem_tx_desc_write(volatile struct gem_desc *d, rte_iova_t iova,
		  uint32_t ctrl, const unsigned int shift)
{
	if (shift == GEM_DESC_SHIFT_64)
		d->addr_hi = rte_cpu_to_le_32((uint32_t)(iova >> 32));
	d->addr = rte_cpu_to_le_32((uint32_t)iova);
	d->ctrl = rte_cpu_to_le_32(ctrl);
}

/*
 * One frame for the fast path, if it is one segment of a good length;
 * hold ORs into its control word (USED, for the burst's first).
 */
static __rte_always_inline bool
gem_tx_put_one(volatile struct gem_desc *d, struct rte_mbuf **slot,
	       struct rte_mbuf *m, uint32_t max_len, uint32_t hold,
	       uint64_t *sum, const unsigned int shift, const bool sync)
{
	const uint32_t len = m->data_len;
	const rte_iova_t iova = rte_mbuf_data_iova(m);

	if (unlikely(m->nb_segs != 1 || len - 1u >= max_len))
		return false;
	/* len < LAST: adding is OR-ing, and compiles to one lea */
	gem_tx_desc_write(d, iova, len + (GEM_TX_W1_LAST | hold), shift);
	if (sync)
		gem_dma_clean(rte_pktmbuf_mtod(m, void *), len);
	*slot = m;
	*sum += len;
	return true;
}

/*
 * The fast path: one-segment frames of a good length from idx on, up to n
 * (no wrap inside), until one that is not; returns how many were written.
 * WRAP is left to the caller. The burst's first descriptor (first) stays
 * USED.
 */
static __rte_always_inline uint16_t
gem_tx_put_simple(struct gem_tx_queue *txq, struct rte_mbuf **tx_pkts,
		  uint16_t idx, uint16_t n, bool first, uint64_t *bytes,
		  const unsigned int shift, const bool sync)
{
	const size_t step = (size_t)1 << shift;
	volatile uint8_t *d = (volatile uint8_t *)txq->tx_ring + idx * step;
	struct rte_mbuf **slot = &txq->sw_ring[idx];
	struct rte_mbuf **p = tx_pkts, **const end = tx_pkts + n;
	const uint32_t max_len = txq->max_frame_len;
	uint64_t sum = 0;

	if (first && n != 0) {
		if (!gem_tx_put_one((volatile struct gem_desc *)d, slot, *p,
				    max_len, GEM_TX_W1_USED, &sum, shift, sync))
			return 0;
		p++, slot++, d += step;
	}
	for (; p < end; p++, slot++, d += step)
		if (!gem_tx_put_one((volatile struct gem_desc *)d, slot, *p,
				    max_len, 0, &sum, shift, sync))
			break;
	*bytes += sum;
	return p - tx_pkts;
}

/*
 * Write one frame the fast path would not take, at idx; returns the
 * descriptors it took, 0 when it was dropped.
 */
static __rte_always_inline uint16_t
gem_tx_put_frame(struct gem_tx_queue *txq, struct rte_mbuf *m, uint16_t idx,
		 bool first, const unsigned int shift, const bool sync)
{
	const uint16_t n_desc = txq->nb_tx_desc;
	uint32_t hold = first ? GEM_TX_W1_USED : 0;
	struct rte_mbuf *seg;
	uint16_t cur = idx;

	if (unlikely(!gem_tx_chain_ok(m, txq->max_frame_len, n_desc))) {
		gem_tx_drop(txq, m);
		return 0;
	}
	for (seg = m; seg != NULL; seg = seg->next) {
		uint16_t next = gem_ring_next(cur, n_desc);

		gem_tx_desc_write(gem_desc_at(txq->tx_ring, cur, shift),
				  rte_mbuf_data_iova(seg),
				  gem_tx_ctrl_word(seg->data_len,
						   seg->next == NULL,
						   next == 0, false) | hold,
				  shift);
		if (sync)
			gem_dma_clean(rte_pktmbuf_mtod(seg, void *),
				      seg->data_len);
		txq->sw_ring[cur] = seg;
		cur = next;
		hold = 0;
	}
	txq->sw_ring[idx] = m;
	txq->nb_tx_multi += m->nb_segs > 1;
	return m->nb_segs;
}

/*
 * Transmit. Frames are written behind the burst's first descriptor, which
 * stays USED until, after a barrier, it is released: hardware never sees
 * half a burst, and one TSTART doorbell covers all. The descriptor after
 * the burst is marked USED: hardware does not mark the later descriptors
 * of a sent frame, so without it the transmitter could run on into stale
 * ones.
 */
static __rte_always_inline uint16_t
gem_xmit(struct gem_tx_queue *txq, struct rte_mbuf **tx_pkts,
	 uint16_t nb_pkts, const unsigned int shift, const bool sync)
{
	volatile void *const ring = txq->tx_ring;
	const uint16_t n_desc = txq->nb_tx_desc;
	const uint16_t start = txq->tx_tail;
	uint16_t idx = start, taken = 0, sent = 0, nb_tx = 0;
	volatile struct gem_desc *d;
	uint64_t bytes = 0;
	uint16_t free;

	if (txq->nb_tx_free < txq->tx_free_thresh)
		gem_tx_reclaim(txq, shift, sync);
	/* A local copy: stores to the software ring could alias the field. */
	free = txq->nb_tx_free;

	while (nb_tx < nb_pkts) {
		const uint16_t want = RTE_MIN(RTE_MIN(nb_pkts - nb_tx,
						      free - taken),
					      n_desc - idx);
		struct rte_mbuf *m;
		uint16_t n;

		n = gem_tx_put_simple(txq, &tx_pkts[nb_tx], idx, want,
				      taken == 0, &bytes, shift, sync);
		nb_tx += n;
		sent += n;
		taken += n;
		idx += n;
		if (idx == n_desc) {
			gem_desc_at(ring, n_desc - 1, shift)->ctrl |=
				rte_cpu_to_le_32(GEM_TX_W1_WRAP);
			idx = 0;
		}
		if (nb_tx == nb_pkts)
			break;
		if (n == want && taken < free)
			continue;	/* the run stopped at the ring end */
		/* Out of room, or a frame the fast path would not take. */
		m = tx_pkts[nb_tx];
		if (m->nb_segs < n_desc && taken + m->nb_segs > free) {
			/* Out of room: reclaim once, then stop. */
			gem_tx_reclaim(txq, shift, sync);
			free = txq->nb_tx_free;
			if (taken + m->nb_segs > free)
				break;
			continue;
		}
		n = gem_tx_put_frame(txq, m, idx, taken == 0, shift, sync);
		nb_tx++;
		if (n == 0)
			continue;
		sent++;
		taken += n;
		bytes += m->pkt_len;
		idx = gem_ring_add(idx, n, n_desc);
	}
	if (taken == 0)
		goto out;

	gem_desc_at(ring, idx, shift)->ctrl = rte_cpu_to_le_32(
		gem_tx_ctrl_word(0, false, idx == n_desc - 1, true));
	if (sync)
		gem_clean_descs(ring, start, taken + 1, n_desc, shift);
	rte_io_wmb();
	d = gem_desc_at(ring, start, shift);
	d->ctrl &= rte_cpu_to_le_32(~GEM_TX_W1_USED);
	if (sync)
		gem_dma_clean(d, (size_t)1 << shift);
	/* RE and TE stay set: an NCR write without TE rewinds TX queues. */
	gem_wr(gem_q_regs(txq->port_id), GEM_NCR, *txq->ncr | GEM_NCR_TSTART);
	txq->tx_tail = idx;
	txq->nb_tx_free = free - taken;
out:
	txq->tx_packets += sent;
	txq->tx_bytes += bytes;
	return nb_tx;
}

uint16_t
gem_xmit_pkts_32(void *txq, struct rte_mbuf **pkts, uint16_t n)
{
	return gem_xmit(txq, pkts, n, GEM_DESC_SHIFT_32, false);
}

uint16_t
gem_xmit_pkts_64(void *txq, struct rte_mbuf **pkts, uint16_t n)
{
	return gem_xmit(txq, pkts, n, GEM_DESC_SHIFT_64, false);
}

uint16_t
gem_xmit_pkts_sync(void *queue, struct rte_mbuf **pkts, uint16_t n)
{
	struct gem_tx_queue *txq = queue;

	if (txq->flags & GEM_QF_DESC64)
		return gem_xmit(txq, pkts, n, GEM_DESC_SHIFT_64, true);
	return gem_xmit(txq, pkts, n, GEM_DESC_SHIFT_32, true);
}

int
gem_tx_done_cleanup(void *queue, uint32_t free_cnt)
{
	struct gem_tx_queue *txq = queue;
	const bool desc64 = txq->flags & GEM_QF_DESC64;
	const bool sync = txq->flags & GEM_QF_SYNC;
	uint32_t total = 0;
	uint16_t n;

	if (free_cnt == 0)
		free_cnt = txq->nb_tx_desc;
	do {
		if (sync)
			n = gem_tx_reclaim(txq, desc64 ? GEM_DESC_SHIFT_64 :
					   GEM_DESC_SHIFT_32, true);
		else if (desc64)
			n = gem_tx_reclaim(txq, GEM_DESC_SHIFT_64, false);
		else
			n = gem_tx_reclaim(txq, GEM_DESC_SHIFT_32, false);
		total += n;
	} while (n != 0 && total < free_cnt);
	return (int)total;
}

/* Every descriptor software-owned; the ring empty. */
void
gem_tx_ring_init(struct gem_tx_queue *txq)
{
	const unsigned int shift = (txq->flags & GEM_QF_DESC64) ?
				   GEM_DESC_SHIFT_64 : GEM_DESC_SHIFT_32;
	uint16_t i;

	for (i = 0; i < txq->nb_tx_desc; i++) {
		volatile struct gem_desc *d = gem_desc_at(txq->tx_ring, i,
							  shift);

		d->addr = 0;
		d->ctrl = rte_cpu_to_le_32(gem_tx_ctrl_word(0, false,
				i == txq->nb_tx_desc - 1, true));
		if (shift == GEM_DESC_SHIFT_64) {
			d->addr_hi = 0;
			d->reserved = 0;
		}
		txq->sw_ring[i] = NULL;
	}
	if (txq->flags & GEM_QF_SYNC)
		gem_dma_clean(txq->tx_ring, (size_t)txq->nb_tx_desc << shift);
	txq->tx_tail = 0;
	txq->nb_tx_free = txq->nb_tx_desc - 1;
	txq->last_desc_cleaned = txq->nb_tx_desc - 1;
	txq->nb_tx_multi = 0;
}

/* Free the frames in flight, oldest first (the ring is stopped). */
void
gem_tx_ring_release_mbufs(struct gem_tx_queue *txq)
{
	uint16_t in_flight, idx, nb;

	if (txq->sw_ring == NULL)
		return;
	in_flight = txq->nb_tx_desc - 1 - txq->nb_tx_free;
	idx = gem_ring_next(txq->last_desc_cleaned, txq->nb_tx_desc);
	while (in_flight != 0) {
		struct rte_mbuf *m = txq->sw_ring[idx];

		nb = RTE_MIN(gem_tx_frame_descs(m), in_flight);
		rte_pktmbuf_free(m);
		in_flight -= nb;
		idx = gem_ring_add(idx, nb, txq->nb_tx_desc);
	}
	txq->nb_tx_free = txq->nb_tx_desc - 1;
	txq->last_desc_cleaned = gem_ring_sub(idx, 1, txq->nb_tx_desc);
}

/*
 * TX checksum offload: with DMACFG.TXCOEN the GEM fills in the IPv4 header
 * and TCP/UDP checksums of the frames it sends, and some designs (Zynq)
 * compute a wrong UDP sum unless the field starts at zero; zero the fields
 * of the frames that ask for offload. Headers must sit in the first
 * segment.
 */
#define GEM_TX_OFFLOAD_MASK (RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM | \
			     RTE_MBUF_F_TX_L4_MASK)

uint16_t
gem_prep_pkts(void *queue __rte_unused, struct rte_mbuf **pkts, uint16_t n)
{
	uint16_t i;

	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		uint64_t ol = m->ol_flags;
		uint64_t l4 = ol & RTE_MBUF_F_TX_L4_MASK;
		struct rte_ipv4_hdr *ip;
		uint32_t hdrs;

		if (ol & RTE_MBUF_F_TX_OFFLOAD_MASK & ~GEM_TX_OFFLOAD_MASK) {
			rte_errno = ENOTSUP;
			return i;
		}
		if (!(ol & (RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_L4_MASK)))
			continue;
		if (!(ol & RTE_MBUF_F_TX_IPV4) ||
		    l4 == RTE_MBUF_F_TX_SCTP_CKSUM) {
			rte_errno = ENOTSUP;
			return i;
		}
		hdrs = m->l2_len + m->l3_len;
		if (l4 == RTE_MBUF_F_TX_TCP_CKSUM)
			hdrs += sizeof(struct rte_tcp_hdr);
		else if (l4 == RTE_MBUF_F_TX_UDP_CKSUM)
			hdrs += sizeof(struct rte_udp_hdr);
		if (m->l3_len < sizeof(*ip) || hdrs > m->data_len) {
			rte_errno = EINVAL;
			return i;
		}
		ip = rte_pktmbuf_mtod_offset(m, struct rte_ipv4_hdr *,
					     m->l2_len);
		if (ol & RTE_MBUF_F_TX_IP_CKSUM)
			ip->hdr_checksum = 0;
		if (l4 == RTE_MBUF_F_TX_TCP_CKSUM)
			rte_pktmbuf_mtod_offset(m, struct rte_tcp_hdr *,
				m->l2_len + m->l3_len)->cksum = 0;
		else if (l4 == RTE_MBUF_F_TX_UDP_CKSUM)
			rte_pktmbuf_mtod_offset(m, struct rte_udp_hdr *,
				m->l2_len + m->l3_len)->dgram_cksum = 0;
	}
	return n;
}

void
gem_set_burst_fns(struct rte_eth_dev *dev)
{
	const struct gem_adapter *ad = GEM_ADAPTER(dev);
	bool sync = !ad->dma_coherent;

	if (dev->data->scattered_rx)
		dev->rx_pkt_burst = gem_recv_scattered_pkts;
	else if (sync)
		dev->rx_pkt_burst = gem_recv_pkts_sync;
	else if (ad->desc64)
		dev->rx_pkt_burst = gem_recv_pkts_64;
	else
		dev->rx_pkt_burst = gem_recv_pkts_32;

	if (sync)
		dev->tx_pkt_burst = gem_xmit_pkts_sync;
	else if (ad->desc64)
		dev->tx_pkt_burst = gem_xmit_pkts_64;
	else
		dev->tx_pkt_burst = gem_xmit_pkts_32;
	dev->tx_pkt_prepare = gem_prep_pkts;
	dev->rx_queue_count = gem_rx_queue_count;
	dev->rx_descriptor_status = gem_rx_descriptor_status;
}
