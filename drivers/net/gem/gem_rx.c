/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * RX bursts: whole frames in one buffer each (groups of four on the fast
 * path, one at a time on the careful one) and frames over several buffers
 * (scattered), with their batched hand-back; and the descriptor queries
 * ethdev makes of a running RX queue.
 */

#include <errno.h>

#include <ethdev_driver.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "gem_dma.h"
#include "gem_ethdev.h"
#include "gem_hw_ops.h"
#include "gem_rxtx.h"
#ifdef RTE_ARCH_ARM64
#include "gem_rx_neon.h"
#endif

/*
 * After a hand-back: hardware that had filled everything up to the first
 * descriptor handed back fetched that one while it was still software's.
 * A Zynq-7000 then needs RX switched off and on (GEM_QF_RESTART), which
 * costs frames, so only when the descriptor before says it happened. QEMU's
 * model (GEM_QF_QEMU_KICK) only fetches it again on an NCR write with RE, and
 * whether it happened cannot be told from here: the model stores that
 * descriptor's USED bit and then loads the next descriptor with no fence
 * between, so it and this check can each miss the other's store. An NCR
 * write after every hand-back costs one register write per batch and
 * never leaves it stuck.
 */
static __rte_noinline void
gem_rx_kick(struct gem_rx_queue *rxq, uint16_t head, bool was_empty,
	    unsigned int shift, bool noncoh)
{
	volatile struct gem_desc *before;
	void *regs = gem_q_regs(rxq->port_id);
	uint32_t ncr;

	if (rxq->flags & GEM_QF_QEMU_KICK) {
		gem_ncr_ring(&rxq->ncr_seq, rxq->ncr, rxq->port_id);
		return;
	}
	/* The hand-back's cleans were only issued: in memory before the
	 * restart, or it could fetch `head` as it was. */
	if (noncoh)
		gem_dma_wait();
	if (!was_empty) {
		before = gem_desc_at(rxq->rx_ring,
				     gem_ring_sub(head, 1, rxq->nb_rx_desc),
				     shift);
		/* Our hand-back stores must be visible before this load, or
		 * hardware could fill `before` and fetch `head` unseen. */
		rte_mb();
		if (noncoh)
			gem_dma_inval(before, (size_t)1 << shift);
		if (!(before->addr & rte_cpu_to_le_32(GEM_RX_W0_USED)))
			return;
	}
	ncr = gem_ncr_enter(&rxq->ncr_seq, rxq->ncr);
	gem_wr(regs, GEM_NCR, ncr & ~GEM_NCR_RE);
	gem_wr(regs, GEM_NCR, ncr);
	gem_ncr_leave(&rxq->ncr_seq);
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
 * Hand one descriptor to hardware: its address word (USED clear, WRAP as
 * given) and, in the same store, a zero status word, as Linux's macb
 * clears it: a status hardware has not written yet never looks like one.
 * One 8-byte store is single-copy atomic on 64-bit CPUs; elsewhere the
 * status goes first and a barrier orders it before the address word.
 */
static __rte_always_inline void
gem_rx_desc_give(volatile struct gem_desc *d, uint32_t addr_word)
{
#ifdef RTE_ARCH_64
	*(volatile uint64_t *)d = rte_cpu_to_le_64((uint64_t)addr_word);
#else
	d->ctrl = 0;
	rte_io_wmb();
	d->addr = rte_cpu_to_le_32(addr_word);
#endif
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
		gem_rx_desc_give((volatile struct gem_desc *)p,
				 (uint32_t)gem_rx_buf_iova(*sw));
}

/* Descriptors gem_recv_scattered fetches at a time. */
#define GEM_RX_FETCH_SCATTERED 32

/*
 * Non-coherent: take hardware's copy of the want descriptors from idx on,
 * in at most two runs; their USED bits may be read after the next wait.
 * The lines are clean (on silicon the CPU stores into a descriptor only
 * when it hands it over, and cleans it then), so dropping those hardware
 * still owns loses nothing. QEMU's repointing (GEM_QF_QEMU_REPOINT)
 * stores into consumed descriptors too; its model has no cache.
 */
static __rte_always_inline void
gem_rx_fetch_issue(const struct gem_rx_queue *rxq, uint16_t idx, uint16_t want,
		   const unsigned int shift)
{
	volatile void *const ring = rxq->rx_ring;
	const uint16_t run = RTE_MIN(want, (uint16_t)(rxq->nb_rx_desc - idx));

	gem_dma_inval_issue(gem_desc_at(ring, idx, shift), (size_t)run << shift);
	if (want > run)
		gem_dma_inval_issue(ring, (size_t)(want - run) << shift);
}

/* The same, waited for: nothing else is pending. */
static __rte_always_inline void
gem_rx_fetch(const struct gem_rx_queue *rxq, uint16_t idx, uint16_t want,
	     const unsigned int shift)
{
	if (want == 0)
		return;
	gem_rx_fetch_issue(rxq, idx, want, shift);
	gem_dma_wait();
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
 *
 * Non-coherent, each buffer is invalidated over inval_len bytes from its
 * start: all of it when the ring is filled, rx_refill_len (devarg
 * rx_dirty_max: no dirty line lies further) when buffers come back from
 * the application. The burst's fetch (fetch_n descriptors from fetch_idx,
 * none of them held, so none in a line handed back here) is issued
 * before the first batch's wait and shares it: one wait covers both, and
 * the fetch is waited for even when no batch goes back. The descriptors'
 * cleans are issued, not waited for: the caller waits once more before
 * it returns. Returns whether it handed any back.
 */
static __rte_always_inline bool
gem_rx_handback(struct gem_rx_queue *rxq, const unsigned int shift,
		const bool noncoh, const uint16_t inval_len,
		uint16_t fetch_idx, uint16_t fetch_n)
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
		if (write_hi || noncoh) {
			for (i = head; i < end; i++) {
				if (write_hi)
					gem_desc_at(ring, i, shift)->addr_hi =
						rte_cpu_to_le_32((uint32_t)
						(gem_rx_buf_iova(sw_ring[i]) >> 32));
				if (noncoh)
					gem_dma_inval_issue(
						gem_rx_buf_addr(sw_ring[i]),
						inval_len);
			}
		}
		/*
		 * Everything before (upper address words, the buffers'
		 * previous use) is ordered before the stores that clear
		 * USED, as Linux's dma_wmb() before handing a slot back.
		 * The batch's first descriptor goes last: hardware may be
		 * waiting on it, and on a non-coherent port a line can be
		 * evicted to memory at any moment; handed over last, it
		 * never lets hardware fill descriptors whose line the CPU
		 * then stores into again. WRAP goes in with the store that
		 * hands the ring's last descriptor over. Non-coherent, the
		 * wait (DSB) orders more: the buffers' write-backs land
		 * before hardware may see a descriptor that lets it write
		 * there.
		 */
		if (noncoh) {
			if (fetch_n != 0)
				gem_rx_fetch_issue(rxq, fetch_idx, fetch_n,
						   shift);
			fetch_n = 0;
			gem_dma_wait();
		} else {
			rte_io_wmb();
		}
		gem_rx_give(gem_desc_at(ring, head + 1, shift),
			    &sw_ring[head + 1], batch - 1 - (end == n_desc),
			    shift);
		if (end == n_desc)
			gem_rx_desc_give(gem_desc_at(ring, n_desc - 1, shift),
				gem_rx_addr_word(gem_rx_buf_iova(
					sw_ring[n_desc - 1]), true));
		rte_io_wmb();
		gem_rx_desc_give(gem_desc_at(ring, head, shift),
				 (uint32_t)gem_rx_buf_iova(sw_ring[head]));
		if (noncoh)
			gem_dma_clean_issue(gem_desc_at(ring, head, shift),
					    (size_t)batch << shift);
		head = end == n_desc ? 0 : end;
		hold -= batch;
	} while (hold >= batch);
	if (noncoh)
		gem_rx_fetch(rxq, fetch_idx, fetch_n, shift);
	if (hold == rxq->nb_rx_hold)
		return false;
	rxq->nb_rx_hold = hold;

	if (rxq->flags & (GEM_QF_QEMU_KICK | GEM_QF_RESTART))
		gem_rx_kick(rxq, first, was_empty, shift, noncoh);
	return true;
}

/*
 * The start of a burst: held descriptors go back when a batch is due; a
 * non-coherent port fetches the fetch_n descriptors from idx on, under the
 * hand-back's wait when there is one. Returns whether it handed any back.
 */
static __rte_always_inline bool
gem_recv_begin(struct gem_rx_queue *rxq, uint16_t idx, uint16_t fetch_n,
	       const unsigned int shift, const bool noncoh)
{
	if (rxq->nb_rx_hold >= rxq->rx_free_thresh)
		return gem_rx_handback(rxq, shift, noncoh, rxq->rx_refill_len,
				       idx, fetch_n);
	if (noncoh)
		gem_rx_fetch(rxq, idx, fetch_n, shift);
	return false;
}

/* How many descriptors from idx on hardware has filled, up to want. */
static __rte_always_inline uint16_t
gem_rx_scan(const struct gem_rx_queue *rxq, uint16_t idx, uint16_t want,
	    const unsigned int shift, const bool noncoh)
{
	volatile void *const ring = rxq->rx_ring;
	const uint16_t n_desc = rxq->nb_rx_desc;
	uint16_t n;

	if (noncoh)
		gem_rx_fetch(rxq, idx, want, shift);
	for (n = 0; n < want; n++) {
		volatile struct gem_desc *d = gem_desc_at(ring, idx, shift);

		if (!(d->addr & rte_cpu_to_le_32(GEM_RX_W0_USED)))
			break;
		if (++idx == n_desc)
			idx = 0;
	}
	return n;
}

/*
 * A descriptor's two first words: the address word with USED in the low
 * half, the status in the high half. On 64-bit CPUs in one load: an
 * aligned 8-byte load is single-copy atomic, and the GEM writes the status
 * before it sets USED, so a descriptor seen USED has its status. Elsewhere
 * the status is read after USED, behind a read barrier.
 */
static __rte_always_inline uint64_t
gem_rx_desc_load(volatile const void *p)
{
#ifdef RTE_ARCH_64
	return rte_le_to_cpu_64(*(volatile const uint64_t *)p);
#else
	volatile const struct gem_desc *d = p;
	uint32_t lo = rte_le_to_cpu_32(d->addr);

	if (!(lo & GEM_RX_W0_USED))
		return lo;
	rte_io_rmb();
	return lo | (uint64_t)rte_le_to_cpu_32(d->ctrl) << 32;
#endif
}

static __rte_always_inline uint64_t
gem_rx_desc_words(volatile void *ring, uint16_t idx, const unsigned int shift)
{
	return gem_rx_desc_load(gem_desc_at(ring, idx, shift));
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
 * buffer, still USED: see GEM_QF_QEMU_REPOINT. A stray write then lands in a
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

/*
 * An mbuf of the ring made a received frame; len_hi is its length in bits
 * 63:32 (as the status sits in a descriptor's first eight bytes) and its
 * packet type in bits 31:0.
 */
static __rte_always_inline void
gem_rx_mbuf_fill(struct rte_mbuf *m, gem_u64x2 rearm_ol, uint64_t ol_flags,
		 uint64_t len_hi, const bool csum)
{
	/* data_off, refcnt, nb_segs, port, then ol_flags: one store */
	*(gem_u64x2 *)gem_mbuf_rearm_word(m) = rearm_ol;
	if (csum)
		m->ol_flags = ol_flags;
	/* packet_type and pkt_len, then data_len and vlan_tci 0 (the
	 * CPU is little-endian: see the check above) */
	*(gem_u64_alias *)&m->packet_type = len_hi;
	*(gem_u32_alias *)&m->data_len = (uint32_t)(len_hi >> 32);
}

/*
 * The fast path: from idx on, up to n descriptors (none wraps, all
 * fetched when non-coherent), four at a time, deliver whole good frames;
 * stop before the first group in which a descriptor is not filled yet or
 * not one good frame, for the careful path to take. The test works on both words at once, the status with its
 * length decremented: USED, SOF and EOF must be set in every descriptor
 * (an empty frame's decrement borrows from SOF or EOF), and no length may
 * reach a bit of rx_len_over (longer than the buffer).
 */
static __rte_always_inline uint16_t
gem_rx_deliver_fast(struct gem_rx_queue *rxq, struct rte_mbuf **rx_pkts,
		    uint16_t idx, uint16_t n, uint64_t *bytes,
		    const unsigned int shift, const bool noncoh, const bool csum)
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

		for (k = 0; k < 4; k++) {
			w[k] = gem_rx_desc_load(d + k * step);
			all &= w[k] - dec;
			any |= w[k] - dec;
		}
		if ((all & need) != need || unlikely(any & too_long))
			break;
		/* Non-coherent: the buffers' invalidation must not run
		 * ahead of the loads that saw USED (see gem_recv_done). */
		if (noncoh)
			rte_io_rmb();
		for (k = 0; k < 4; k++) {
			const uint64_t len_hi = w[k] & len_bits;
			const uint32_t len = len_hi >> 32;
			struct rte_mbuf *m = sw[k];

			const unsigned int st = csum ? GEM_GET(GEM_RX_W1_CSUM,
						(uint32_t)(w[k] >> 32)) : 0;

			if (noncoh)
				gem_dma_inval_issue(gem_rx_buf_addr(m), len);
			gem_rx_mbuf_fill(m, rearm_ol,
				csum ? rxq->csum_flags[st] : 0,
				len_hi | (csum ? rxq->ptypes[st] : 0), csum);
			out[k] = m;
			sum += len;
		}
	}
	*bytes += sum;
	return out - rx_pkts;
}

/*
 * The end of an RX burst. On a coherent port the application reads the
 * frames next: one read barrier orders all of this burst's loads that saw
 * USED before those reads, as Linux's dma_rmb() does per descriptor (arm64
 * may otherwise hand out bytes from before the DMA). A non-coherent port
 * had one before each buffer's invalidation; its one wait here completes
 * those invalidations and the cleans of the descriptors handed back.
 */
static __rte_always_inline void
gem_recv_done(struct gem_rx_queue *rxq, uint16_t nb_rx, uint64_t bytes,
	      const bool noncoh, bool handed)
{
	if (noncoh && (nb_rx != 0 || handed))
		gem_dma_wait();
	if (nb_rx == 0) {
		/* Idle, or stopped by a DMA error: look now and then. */
		if (unlikely((++rxq->idle_polls &
			      (GEM_DMA_CHECK_POLLS - 1)) == 0))
			gem_rx_dma_check(rxq);
		return;
	}
	if (!noncoh)
		rte_io_rmb();
	rxq->rx_packets += nb_rx;
	rxq->rx_bytes += bytes;
}

/*
 * One descriptor, carefully, at idx: not filled yet (false), or taken:
 * delivered into rx_pkts[*nb_rx] when it holds one good frame, dropped
 * and counted otherwise. Non-coherent, it is fetched here unless the
 * caller did (gem_rx_fetch). With QEMU's repointing (gem_recv_qemu) a
 * taken descriptor is pointed at the scratch buffer.
 */
static __rte_always_inline bool
gem_rx_one(struct gem_rx_queue *rxq, uint16_t idx, struct rte_mbuf **rx_pkts,
	   uint16_t *nb_rx, uint64_t *bytes, const unsigned int shift,
	   const bool noncoh, const bool fetched, const bool repoint)
{
	volatile void *const ring = rxq->rx_ring;
	struct rte_mbuf *m = rxq->sw_ring[idx];
	uint64_t w;
	uint32_t st, len, csum;

	if (noncoh && !fetched)
		gem_dma_inval(gem_desc_at(ring, idx, shift), (size_t)1 << shift);
	w = gem_rx_desc_words(ring, idx, shift);
	if (!(w & GEM_RX_W0_USED))
		return false;
	st = (uint32_t)(w >> 32);
	len = gem_rx_len(st);
	if (repoint)
		gem_rx_repoint(rxq, idx, shift);
	if (unlikely((st & GEM_RX_SOF_EOF) != GEM_RX_SOF_EOF ||
		     len - 1 >= rxq->rx_buf_len)) {
		gem_rx_bad(rxq, m, st);
		return true;
	}
	if (noncoh) {
		rte_io_rmb();
		gem_dma_inval_issue(gem_rx_buf_addr(m), len);
	}
	csum = GEM_GET(GEM_RX_W1_CSUM, st);
	gem_rx_mbuf_fill(m, rxq->rearm_ol, rxq->csum_flags[csum],
			 (uint64_t)len << 32 | rxq->ptypes[csum], true);
	rx_pkts[(*nb_rx)++] = m;
	*bytes += len;
	return true;
}

/*
 * The descriptors a burst took are held until a later burst's start hands
 * them back in batches; but not when hardware is left with less than a
 * batch: an application that arms the RX interrupt after a burst that
 * nearly drained the ring, or pauses, would leave hardware with nowhere
 * to put frames. Returns whether it handed any back.
 */
static __rte_always_inline bool
gem_recv_starved(struct gem_rx_queue *rxq, const unsigned int shift,
		 const bool noncoh)
{
	if (likely(rxq->nb_rx_desc - rxq->nb_rx_hold >= rxq->rx_free_thresh))
		return false;
	return gem_rx_handback(rxq, shift, noncoh, rxq->rx_refill_len, 0, 0);
}

/* The end of a burst that took taken descriptors, up to idx. */
static __rte_always_inline uint16_t
gem_recv_end(struct gem_rx_queue *rxq, uint16_t idx, uint16_t taken,
	     uint16_t nb_rx, uint64_t bytes, const unsigned int shift,
	     const bool noncoh, bool handed)
{
	rxq->rx_tail = idx;
	rxq->nb_rx_hold += taken;
	handed |= gem_recv_starved(rxq, shift, noncoh);
	gem_recv_done(rxq, nb_rx, bytes, noncoh, handed);
	return nb_rx;
}

/*
 * Groups of four from idx on: with NEON when vec (arm64, coherent), with
 * the scalar fast path otherwise; csum is taken apart to a constant.
 */
static __rte_always_inline uint16_t
gem_rx_deliver(struct gem_rx_queue *rxq, struct rte_mbuf **rx_pkts,
	       uint16_t idx, uint16_t n, uint64_t *bytes,
	       const unsigned int shift, const bool noncoh, const bool vec)
{
	const bool csum = rxq->flags & GEM_QF_RX_CSUM;

#ifdef RTE_ARCH_ARM64
	if (vec)
		return csum ?
		       gem_rx_deliver_neon(rxq, rx_pkts, idx, n, bytes, shift,
					   true) :
		       gem_rx_deliver_neon(rxq, rx_pkts, idx, n, bytes, shift,
					   false);
#else
	RTE_SET_USED(vec);
#endif
	return csum ?
	       gem_rx_deliver_fast(rxq, rx_pkts, idx, n, bytes, shift, noncoh,
				   true) :
	       gem_rx_deliver_fast(rxq, rx_pkts, idx, n, bytes, shift, noncoh,
				   false);
}

/*
 * Receive whole frames, one buffer each: the fast path for groups of four,
 * then one descriptor at a time for the rest and for anything it would not
 * take. Consumed descriptors are held, their mbufs gone to the caller,
 * until gem_rx_handback refills them in batches. Queue fields live in
 * locals: stores into mbufs could alias them.
 */
static __rte_always_inline uint16_t
gem_recv_any(struct gem_rx_queue *rxq, struct rte_mbuf **rx_pkts,
	     uint16_t nb_pkts, const unsigned int shift, const bool noncoh,
	     const bool vec)
{
	const uint16_t n_desc = rxq->nb_rx_desc;
	uint16_t idx = rxq->rx_tail;
	/* Held descriptors are still USED from their fill: a scan reaching
	 * them would take them for new frames. */
	const uint16_t avail = n_desc - rxq->nb_rx_hold;
	uint16_t nb_rx = 0, taken = 0;
	uint64_t bytes = 0;
	bool handed;

	/* At most nb_pkts descriptors, bad ones included, all fetched in
	 * one look when non-coherent. */
	nb_pkts = RTE_MIN(nb_pkts, avail);
	handed = gem_recv_begin(rxq, idx, nb_pkts, shift, noncoh);
	while (taken < nb_pkts) {
		/* A run stops at the ring end: no index inside it wraps. */
		uint16_t run = RTE_MIN(nb_pkts - taken, n_desc - idx);
		uint16_t n = 0;

		if (run >= 4)
			n = gem_rx_deliver(rxq, &rx_pkts[nb_rx], idx, run,
					   &bytes, shift, noncoh, vec);
		nb_rx += n;
		taken += n;
		idx += n;
		if (n == run) {
			if (idx == n_desc)
				idx = 0;
			continue;
		}
		if (!gem_rx_one(rxq, idx, rx_pkts, &nb_rx, &bytes, shift,
				noncoh, true, false))
			break;
		taken++;
		if (++idx == n_desc)
			idx = 0;
	}
	return gem_recv_end(rxq, idx, taken, nb_rx, bytes, shift, noncoh,
			    handed);
}

static __rte_always_inline uint16_t
gem_recv(struct gem_rx_queue *rxq, struct rte_mbuf **rx_pkts,
	 uint16_t nb_pkts, const unsigned int shift, const bool noncoh)
{
	return gem_recv_any(rxq, rx_pkts, nb_pkts, shift, noncoh, false);
}

#ifdef RTE_ARCH_ARM64
/* Coherent ports on arm64 (gem_set_rx_function): NEON for the groups. */
uint16_t
gem_recv_neon_pkts_32(void *q, struct rte_mbuf **pkts, uint16_t n)
{
	return gem_recv_any(q, pkts, n, GEM_DESC_SHIFT_32, false, true);
}

uint16_t
gem_recv_neon_pkts_64(void *q, struct rte_mbuf **pkts, uint16_t n)
{
	return gem_recv_any(q, pkts, n, GEM_DESC_SHIFT_64, false, true);
}
#endif

/*
 * QEMU's model with several RX queues (GEM_QF_QEMU_REPOINT): one
 * descriptor at a time, each taken one repointed at the queue's scratch
 * buffer. Chosen at start; never on silicon.
 */
static __rte_always_inline uint16_t
gem_recv_qemu(struct gem_rx_queue *rxq, struct rte_mbuf **rx_pkts,
	      uint16_t nb_pkts, const unsigned int shift, const bool noncoh)
{
	const uint16_t n_desc = rxq->nb_rx_desc;
	const uint16_t avail = n_desc - rxq->nb_rx_hold;
	uint16_t idx = rxq->rx_tail, nb_rx = 0, taken = 0;
	uint64_t bytes = 0;
	const bool handed = gem_recv_begin(rxq, idx, 0, shift, noncoh);

	while (nb_rx < nb_pkts && taken < avail &&
	       gem_rx_one(rxq, idx, rx_pkts, &nb_rx, &bytes, shift, noncoh,
			  false, true)) {
		taken++;
		if (++idx == n_desc)
			idx = 0;
	}
	return gem_recv_end(rxq, idx, taken, nb_rx, bytes, shift, noncoh,
			    handed);
}

GEM_BURST_DEFINE(gem_recv_pkts, gem_recv, struct gem_rx_queue)
GEM_BURST_DEFINE(gem_recv_qemu_pkts, gem_recv_qemu, struct gem_rx_queue)

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
		   uint16_t nb_pkts, const unsigned int shift, const bool noncoh)
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
	/* A frame takes any number of descriptors: fetched a burst's
	 * worth at a time, the first at the start. */
	uint16_t fetched = noncoh ? RTE_MIN(avail, GEM_RX_FETCH_SCATTERED) : 0;
	uint64_t bytes = 0;
	const bool handed = gem_recv_begin(rxq, idx, fetched, shift, noncoh);

	for (i = 0; i < avail && nb_rx < nb_pkts; i++) {
		struct rte_mbuf *m = sw_ring[idx];
		uint32_t st, seg_len;
		uint64_t w;

		if (noncoh && i == fetched) {
			const uint16_t want = RTE_MIN(avail - i,
						      GEM_RX_FETCH_SCATTERED);

			gem_rx_fetch(rxq, idx, want, shift);
			fetched += want;
		}
		w = gem_rx_desc_words(rxq->rx_ring, idx, shift);
		if (!(w & GEM_RX_W0_USED))
			break;
		st = (uint32_t)(w >> 32);

		if (rxq->flags & GEM_QF_QEMU_REPOINT)
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
		if (noncoh) {
			rte_io_rmb();
			gem_dma_inval_issue(gem_rx_buf_addr(m), seg_len);
		}
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
			const unsigned int csum = GEM_GET(GEM_RX_W1_CSUM, st);

			first->pkt_len = so_far;
			first->ol_flags = rxq->csum_flags[csum];
			first->packet_type = rxq->ptypes[csum];
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
	rxq->pkt_first_seg = first;
	rxq->pkt_last_seg = last;
	rxq->pkt_len_so_far = so_far;
	return gem_recv_end(rxq, idx, i, nb_rx, bytes, shift, noncoh, handed);
}

GEM_BURST_DEFINE(gem_recv_scattered_pkts, gem_recv_scattered,
		 struct gem_rx_queue)

/* Hand back every held descriptor it can, at ring fill (RX still off). */
void
gem_rx_refill(struct gem_rx_queue *rxq)
{
	const bool noncoh = rxq->flags & GEM_QF_NONCOHERENT;

	if (rxq->flags & GEM_QF_DESC64)
		gem_rx_handback(rxq, GEM_DESC_SHIFT_64, noncoh,
				rxq->rx_buf_len, 0, 0);
	else
		gem_rx_handback(rxq, GEM_DESC_SHIFT_32, noncoh,
				rxq->rx_buf_len, 0, 0);
	if (noncoh)
		gem_dma_wait();
}

uint32_t
gem_rx_queue_count(void *queue)
{
	struct gem_rx_queue *rxq = queue;
	const unsigned int shift = (rxq->flags & GEM_QF_DESC64) ?
				   GEM_DESC_SHIFT_64 : GEM_DESC_SHIFT_32;
	uint16_t limit = rxq->nb_rx_desc - rxq->nb_rx_hold;

	if (rxq->flags & GEM_QF_NONCOHERENT)
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
	if (rxq->flags & GEM_QF_NONCOHERENT)
		gem_dma_inval(d, (size_t)1 << shift);
	if (d->addr & rte_cpu_to_le_32(GEM_RX_W0_USED))
		return RTE_ETH_RX_DESC_DONE;
	return RTE_ETH_RX_DESC_AVAIL;
}
