/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * TX bursts: runs of one-segment frames on the fast path, any other frame
 * through the general writer, one doorbell per burst; batched reclaim of
 * what hardware has sent; and TX prepare for checksum offload.
 */

#include <errno.h>

#include <ethdev_driver.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "gem_dma.h"
#include "gem_ethdev.h"
#include "gem_hw_ops.h"
#include "gem_rxtx.h"

/* Frames freed per bulk call while reclaiming TX. */
#define GEM_TX_FREE_BATCH 64

/*
 * Take hardware's copy of every writeback granule [addr, addr + len)
 * touches: a line is not enough when the granule is larger, as the CPU
 * writes back granules. Issued only: a load that must see the copy waits
 * first (gem_dma_wait); a store into these lines comes after the drop in
 * program order anyway.
 */
static void
gem_inval_granules(const volatile void *addr, size_t len)
{
	const uintptr_t g = gem_dma_granule();
	const uintptr_t start = (uintptr_t)addr & ~(g - 1);

	gem_dma_inval_issue((const volatile void *)start,
			    RTE_ALIGN_CEIL((uintptr_t)addr + len, g) - start);
}

/* Clean, or take hardware's copy of (inval), descriptors from p on. */
static __rte_always_inline void
gem_sync_run(const volatile void *p, size_t len, const bool inval)
{
	if (inval)
		gem_inval_granules(p, len);
	else
		gem_dma_clean_issue(p, len);
}

/*
 * Clean (or clean and invalidate) count descriptors from idx on, in at
 * most two runs (ring wrap); issued, not waited for.
 */
static __rte_always_inline void
gem_sync_descs(volatile void *ring, uint16_t idx, uint16_t count,
	       uint16_t n_desc, unsigned int shift, const bool inval)
{
	uint16_t run = RTE_MIN(count, (uint16_t)(n_desc - idx));

	gem_sync_run(gem_desc_at(ring, idx, shift), (size_t)run << shift,
		     inval);
	if (count > run)
		gem_sync_run(ring, (size_t)(count - run) << shift, inval);
}

/*
 * Non-coherent: take hardware's copy of the first descriptor of every
 * frame gem_tx_done_frames_sync looks at; issued, not waited for.
 */
static void
gem_tx_done_frames_look(const struct gem_tx_queue *txq, uint16_t idx,
			uint16_t in_flight, unsigned int shift)
{
	uint16_t frame;

	for (frame = 0; in_flight != 0 && frame < GEM_TX_FREE_BATCH;
	     frame++) {
		uint16_t nb = gem_tx_frame_descs(txq->sw_ring, idx, in_flight,
						 txq->nb_tx_desc);

		gem_dma_inval_issue(gem_desc_at(txq->tx_ring, idx, shift),
				    (size_t)1 << shift);
		in_flight -= nb;
		idx = gem_ring_add(idx, nb, txq->nb_tx_desc);
	}
}

/*
 * Frames done by hardware, oldest first, on a non-coherent device. Each line
 * the CPU writes back may carry stale copies of neighbouring descriptors,
 * and so can erase a USED bit hardware had just set. Frames complete in
 * order, so the newest one marked done vouches for all before it. The look
 * goes no further than one reclaim batch, so its cost does not grow with
 * the ring: frames done beyond it are found by the next reclaim. Unless
 * the caller took the look and waited (looked), it is taken here.
 */
static uint16_t
gem_tx_done_frames_sync(const struct gem_tx_queue *txq, uint16_t idx,
			uint16_t in_flight, unsigned int shift, bool looked)
{
	uint16_t frame, done = 0;

	if (!looked) {
		gem_tx_done_frames_look(txq, idx, in_flight, shift);
		gem_dma_wait();
	}
	for (frame = 0; in_flight != 0 && frame < GEM_TX_FREE_BATCH;) {
		volatile struct gem_desc *d =
			gem_desc_at(txq->tx_ring, idx, shift);
		uint16_t nb = gem_tx_frame_descs(txq->sw_ring, idx, in_flight,
						 txq->nb_tx_desc);

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
		     const unsigned int shift, const bool noncoh,
		     const bool looked)
{
	const size_t step = (size_t)1 << shift;
	volatile uint8_t *const first =
		(volatile uint8_t *)gem_desc_at(txq->tx_ring, idx, shift);
	volatile uint8_t *d;
	uint32_t odd = 0;

	if (noncoh && !looked) {
		gem_inval_granules(first, n * step);
		gem_dma_wait();
	}
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

/* The fast reclaim's span: descriptors from idx on, none wrapping. */
static __rte_always_inline uint16_t
gem_tx_fast_span(const struct gem_tx_queue *txq, uint32_t idx,
		 uint32_t in_flight)
{
	return RTE_MIN(RTE_MIN(in_flight, txq->nb_tx_desc - idx),
		       (uint32_t)GEM_TX_FREE_BATCH);
}

static __rte_always_inline bool
gem_tx_fast_reclaim(const struct gem_tx_queue *txq)
{
	return txq->nb_tx_multi == 0 && (txq->flags & GEM_QF_FAST_FREE);
}

/*
 * Non-coherent: the look gem_tx_collect would take, issued and not waited
 * for, so that a burst's own wait covers it (gem_xmit); gem_tx_collect
 * with looked then reads the descriptors without looking again. Nothing
 * gem_tx_collect depends on may change in between.
 */
static __rte_always_inline void
gem_tx_collect_look(const struct gem_tx_queue *txq, const unsigned int shift)
{
	const uint16_t n_desc = txq->nb_tx_desc;
	const uint32_t in_flight = n_desc - 1 - txq->nb_tx_free;
	const uint32_t idx = gem_ring_next(txq->last_desc_cleaned, n_desc);

	if (gem_tx_fast_reclaim(txq))
		gem_inval_granules(gem_desc_at(txq->tx_ring, idx, shift),
				   (size_t)gem_tx_fast_span(txq, idx, in_flight)
				   << shift);
	else
		gem_tx_done_frames_look(txq, idx, in_flight, shift);
}

/*
 * Free what hardware has sent. Hardware sets USED only on the first
 * descriptor of each frame it finished, so the walk goes frame by frame,
 * each as long as its mbuf chain. Non-coherent, the descriptors are looked
 * at here (one wait) unless the caller did (looked).
 */
static __rte_always_inline uint16_t
gem_tx_collect(struct gem_tx_queue *txq, const unsigned int shift,
	       const bool noncoh, const bool looked)
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

	if (gem_tx_fast_reclaim(txq)) {
		uint16_t n = gem_tx_fast_span(txq, idx, in_flight);

		if (n != 0)
			n = gem_tx_reclaim_batch(txq, idx, n, shift, noncoh,
						 looked);
		txq->last_desc_cleaned = gem_ring_sub(idx + n, 1, n_desc);
		txq->nb_tx_free += n;
		return n;
	}
	if (noncoh)
		frames = gem_tx_done_frames_sync(txq, idx, in_flight, shift,
						 looked);
	while (freed < in_flight && nb_done < frames) {
		const uint32_t ctrl = rte_le_to_cpu_32(
			gem_desc_at(ring, idx, shift)->ctrl);
		struct rte_mbuf *m = sw_ring[idx];
		const uint16_t nb = gem_tx_frame_descs(sw_ring, idx,
						       in_flight - freed, n_desc);

		if (!noncoh && !(ctrl & GEM_TX_W1_USED))
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
	/*
	 * Non-coherent: frames vouched for by a newer one may have been
	 * marked USED after their line was last read. Take hardware's copy
	 * of every freed descriptor now, so no later store into their lines
	 * writes a stale one back over it.
	 */
	if (noncoh)
		gem_sync_descs(ring, gem_ring_next(txq->last_desc_cleaned,
						   n_desc),
			       freed, n_desc, shift, true);
	gem_tx_free(done, nb_done, txq->flags & GEM_QF_FAST_FREE);
	txq->tx_errors += errors;
	txq->last_desc_cleaned = gem_ring_sub(idx, 1, n_desc);
	txq->nb_tx_free += freed;
	return nb_done;
}

/*
 * The TX restart race (Linux's macb_tx_restart): a ZynqMP transmitter that
 * is still busy ignores TSTART, and having prefetched the old end of the
 * ring as software-owned it then stops there with our frames queued
 * behind it. So when a look finds nothing sent although frames are in
 * flight, and the transmitter is idle (TSR.TGO clear), ring again. A TSTART
 * to a transmitter that has in fact finished only re-reads the end marker.
 * QEMU's model transmits inside the TSTART write: never needed there.
 */
static __rte_noinline void
gem_tx_restart(struct gem_tx_queue *txq)
{
	void *regs = gem_q_regs(txq->port_id);
	const uint32_t tsr = gem_rd(regs, GEM_TSR);

	/* Or it stopped on a DMA error: then the queue is re-armed. */
	if (gem_tx_dma_check(txq, tsr))
		return;
	if (!(tsr & GEM_TSR_TGO)) {
		gem_ncr_ring(&txq->ncr_seq, txq->doorbell, txq->port_id);
		txq->tx_restarts++;
	}
}

/* Free what hardware has sent; restart it if it stopped short. */
static __rte_always_inline uint16_t
gem_tx_reclaim(struct gem_tx_queue *txq, const unsigned int shift,
	       const bool noncoh)
{
	uint16_t n = gem_tx_collect(txq, shift, noncoh, false);

	if (unlikely(n == 0) && txq->nb_tx_free != txq->nb_tx_desc - 1)
		gem_tx_restart(txq);
	return n;
}

/*
 * Descriptors a burst may take. Non-coherent: no store may go into a
 * writeback granule that holds a frame in flight, whose USED bit hardware
 * may write at any moment: even taking hardware's copy first leaves a
 * window before the clean, which would write the granule back with that
 * bit stale (Linux keeps its rings uncached; user space cannot). So
 * nothing while the tail's granule still has frames in flight before the
 * tail, and not the free descriptors that share a granule with the
 * oldest frame in flight. Every burst ends on a granule boundary
 * (gem_tx_pad), where the first never applies; it remains for a burst
 * that could not be padded (no scatter-gather, or no buffer of its last
 * frame longer than the pad). The room ends on a boundary too, so the pad
 * always fits behind the burst.
 */
static __rte_always_inline uint16_t
gem_tx_room(const struct gem_tx_queue *txq, const unsigned int shift,
	    const bool noncoh)
{
	const uint16_t per_granule = gem_dma_granule() >> shift;
	uint16_t free = txq->nb_tx_free;
	uint16_t oldest;

	if (!noncoh)
		return free;
	if (free != txq->nb_tx_desc - 1) {
		if (txq->tx_tail & (per_granule - 1))
			return 0;
		oldest = gem_ring_next(txq->last_desc_cleaned,
				       txq->nb_tx_desc);
		free -= RTE_MIN(free, (uint16_t)(oldest & (per_granule - 1)));
	}
	return free - ((txq->tx_tail + free) & (per_granule - 1));
}

/*
 * What the transmitter would choke on: an empty frame or buffer (QEMU's
 * model stops the queue for good on one), a frame longer than the
 * configured maximum (hardware raises an error mid-ring), a frame of
 * several buffers on a GEM without scatter-gather, or a chain whose
 * length disagrees with nb_segs (the descriptors it takes would be
 * miscounted). Such frames are dropped and counted instead.
 */
static __rte_noinline bool
gem_tx_chain_ok(const struct gem_tx_queue *txq, const struct rte_mbuf *m)
{
	const uint16_t max_segs = (txq->flags & GEM_QF_ONE_SEG) ? 1 :
				  txq->nb_tx_desc - 1;
	const struct rte_mbuf *seg;
	uint16_t nseg = 0;

	if (m->pkt_len - 1u >= txq->max_frame_len || m->nb_segs > max_segs)
		return false;
	for (seg = m; seg != NULL; seg = seg->next, nseg++)
		if (seg->data_len == 0)
			return false;
	return nseg == m->nb_segs;
}

static __rte_noinline void
gem_tx_drop(struct gem_tx_queue *txq, struct rte_mbuf *m)
{
	struct rte_mbuf *seg;

	GEM_TX_LOG(DEBUG, "port %u txq %u: dropped frame of %u bytes in %u segments",
		   txq->port_id, txq->queue_id, m->pkt_len, m->nb_segs);
	/* Non-coherent: what the application wrote goes back to its pool
	 * clean, as a sent frame would (rx_dirty_max counts on it). */
	if (txq->flags & GEM_QF_NONCOHERENT) {
		for (seg = m; seg != NULL; seg = seg->next)
			gem_dma_clean_issue(rte_pktmbuf_mtod(seg, void *),
					    seg->data_len);
		gem_dma_wait();
	}
	rte_pktmbuf_free(m);
	txq->tx_errors++;
}

/*
 * One descriptor of a burst not yet released: hardware reads none of them
 * before the barrier that precedes the release of the burst's first, so
 * their words go in as plain stores, which the compiler may pair.
 */
static __rte_always_inline void
gem_tx_desc_write(volatile struct gem_desc *vd, rte_iova_t iova,
		  uint32_t ctrl, const unsigned int shift)
{
	struct gem_desc *d = (struct gem_desc *)(uintptr_t)vd;

	d->addr = rte_cpu_to_le_32((uint32_t)iova);
	d->ctrl = rte_cpu_to_le_32(ctrl);
	if (shift == GEM_DESC_SHIFT_64)
		d->addr_hi = rte_cpu_to_le_32((uint32_t)(iova >> 32));
}

/*
 * One frame for the fast path, if it is one segment of a good length;
 * used ORs into its control word (USED, for the burst's first).
 */
static __rte_always_inline bool
gem_tx_put_one(volatile struct gem_desc *d, struct rte_mbuf **slot,
	       struct rte_mbuf *m, uint32_t max_len, uint32_t used,
	       uint64_t *sum, const unsigned int shift, const bool noncoh)
{
	const uint32_t len = m->data_len;
	const rte_iova_t iova = rte_mbuf_data_iova(m);

	if (unlikely(m->nb_segs != 1 || len - 1u >= max_len))
		return false;
	/* len < LAST: adding is OR-ing, and compiles to one lea */
	gem_tx_desc_write(d, iova, len + (GEM_TX_W1_LAST | used), shift);
	if (noncoh)
		gem_dma_clean_issue(rte_pktmbuf_mtod(m, void *), len);
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
		  const unsigned int shift, const bool noncoh)
{
	const size_t step = (size_t)1 << shift;
	volatile uint8_t *d = (volatile uint8_t *)txq->tx_ring + idx * step;
	struct rte_mbuf **slot = &txq->sw_ring[idx];
	struct rte_mbuf **p = tx_pkts, **const end = tx_pkts + n;
	const uint32_t max_len = txq->max_frame_len;
	uint64_t sum = 0;

	if (first && n != 0) {
		if (!gem_tx_put_one((volatile struct gem_desc *)d, slot, *p,
				    max_len, GEM_TX_W1_USED, &sum, shift, noncoh))
			return 0;
		p++, slot++, d += step;
	}
	for (; p < end; p++, slot++, d += step)
		if (!gem_tx_put_one((volatile struct gem_desc *)d, slot, *p,
				    max_len, 0, &sum, shift, noncoh))
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
		 bool first, const unsigned int shift, const bool noncoh)
{
	const uint16_t n_desc = txq->nb_tx_desc;
	uint32_t used = first ? GEM_TX_W1_USED : 0;
	struct rte_mbuf *seg;
	uint16_t cur = idx;

	if (unlikely(!gem_tx_chain_ok(txq, m))) {
		gem_tx_drop(txq, m);
		return 0;
	}
	for (seg = m; seg != NULL; seg = seg->next) {
		uint16_t next = gem_ring_next(cur, n_desc);

		gem_tx_desc_write(gem_desc_at(txq->tx_ring, cur, shift),
				  rte_mbuf_data_iova(seg),
				  gem_tx_ctrl_word(seg->data_len,
						   seg->next == NULL,
						   next == 0, false) | used,
				  shift);
		if (noncoh)
			gem_dma_clean_issue(rte_pktmbuf_mtod(seg, void *),
					    seg->data_len);
		txq->sw_ring[cur] = seg;
		cur = next;
		used = 0;
	}
	txq->sw_ring[idx] = m;
	txq->nb_tx_multi += m->nb_segs > 1;
	return m->nb_segs;
}

/*
 * End a non-coherent burst on a writeback granule boundary, so that the
 * next burst never has to store into a granule holding frames in flight
 * (gem_tx_room): idx, the burst's end, is mid-granule. One buffer of the
 * last frame, the last one longer than pad, of len bytes at a, is split:
 * (a, len - pad), then pad descriptors of one byte each; the descriptors
 * after it move up by pad. The GEM sends a frame from any number of
 * buffers and writes USED only into its first descriptor; checksum
 * offload works on the whole frame in the TX packet buffer, however it
 * was split (Linux's macb offloads fragmented frames too). No buffer is
 * empty: QEMU's model stops on one. Rings hold whole granules (queue
 * setup), so the end never passes the ring end: at most it lands there,
 * with WRAP. Returns the descriptors added, 0 when the burst cannot be
 * padded and stays as it is.
 */
static __rte_noinline uint16_t
gem_tx_pad(struct gem_tx_queue *txq, uint16_t idx, uint16_t taken,
	   uint16_t room, const unsigned int shift)
{
	volatile void *const ring = txq->tx_ring;
	const uint16_t n_desc = txq->nb_tx_desc;
	const uint16_t per_granule = gem_dma_granule() >> shift;
	const uint16_t pad = per_granule - (idx & (per_granule - 1));
	const rte_le32_t last = rte_cpu_to_le_32(GEM_TX_W1_LAST);
	volatile struct gem_desc *d;
	uint16_t k, back, j, at;
	uint32_t ctrl, len;
	rte_iova_t iova;
	bool one_desc;

	if ((txq->flags & GEM_QF_ONE_SEG) || taken + pad > room)
		return 0;
	/* The buffer to split: the newest of the last frame long enough. */
	for (back = 0;; back++) {
		k = gem_ring_sub(idx, back + 1, n_desc);
		d = gem_desc_at(ring, k, shift);
		ctrl = rte_le_to_cpu_32(d->ctrl);
		len = GEM_GET(GEM_TX_W1_LEN, ctrl);
		if (len > pad)
			break;
		/* The frame's first: the burst's, or one after a LAST. */
		if (back + 1 == taken ||
		    (gem_desc_at(ring, gem_ring_sub(k, 1, n_desc), shift)->ctrl &
		     last))
			return 0;
	}
	/* A frame of one descriptor so far: the one before it ends a frame. */
	one_desc = taken == 1 ||
		   (gem_desc_at(ring, gem_ring_sub(idx, 2, n_desc), shift)->ctrl &
		    last);
	/* Move the buffers after it up, newest first, WRAP where they land. */
	for (j = 0; j < back; j++) {
		const uint16_t from = gem_ring_sub(idx, j + 1, n_desc);
		volatile struct gem_desc *src = gem_desc_at(ring, from, shift);

		at = gem_ring_add(from, pad, n_desc);
		iova = rte_le_to_cpu_32(src->addr);
		if (shift == GEM_DESC_SHIFT_64)
			iova |= (rte_iova_t)rte_le_to_cpu_32(src->addr_hi) << 32;
		gem_tx_desc_write(gem_desc_at(ring, at, shift), iova,
				  (rte_le_to_cpu_32(src->ctrl) & ~GEM_TX_W1_WRAP) |
				  (at == n_desc - 1 ? GEM_TX_W1_WRAP : 0), shift);
	}
	iova = rte_le_to_cpu_32(d->addr);
	if (shift == GEM_DESC_SHIFT_64)
		iova |= (rte_iova_t)rte_le_to_cpu_32(d->addr_hi) << 32;
	/* USED stays, if this is the burst's head; so does WRAP. */
	d->ctrl = rte_cpu_to_le_32((ctrl & ~(GEM_TX_W1_LAST |
					     GEM_MASK(GEM_TX_W1_LEN))) |
				   GEM_SET(GEM_TX_W1_LEN, len - pad));
	iova += len - pad;
	for (j = 0, at = gem_ring_next(k, n_desc); j < pad;
	     j++, at = gem_ring_next(at, n_desc))
		gem_tx_desc_write(gem_desc_at(ring, at, shift), iova + j,
				  gem_tx_ctrl_word(1, back == 0 && j == pad - 1,
						   at == n_desc - 1, false),
				  shift);
	/*
	 * The frame's descriptors are counted from its head: one per
	 * segment, then pad slots left NULL (gem_tx_frame_descs). Which slot
	 * holds which later segment matters to nobody.
	 */
	for (j = 0; j < pad; j++)
		txq->sw_ring[idx + j] = NULL;
	/* It now takes several descriptors: no fast reclaim past it. */
	txq->nb_tx_multi += one_desc;
	return pad;
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
	 uint16_t nb_pkts, const unsigned int shift, const bool noncoh)
{
	volatile void *const ring = txq->tx_ring;
	const uint16_t n_desc = txq->nb_tx_desc;
	uint16_t start, idx, taken = 0, sent = 0, nb_tx = 0;
	volatile struct gem_desc *d;
	uint64_t bytes = 0;
	uint16_t free;
	bool reclaim = false;

	if (txq->nb_tx_free < txq->tx_free_thresh)
		gem_tx_reclaim(txq, shift, noncoh);
	/*
	 * Nothing in flight, and the queue base moved since the last look (a
	 * link change parks it, a DMA error may have stopped it): nothing
	 * would stall to show it, so re-arm before writing, or this burst
	 * would be rung into the park.
	 */
	if (unlikely(txq->nb_tx_free == n_desc - 1) &&
	    unlikely(__atomic_load_n(txq->dma_epoch_now, __ATOMIC_RELAXED) !=
		     txq->dma_epoch))
		gem_tx_dma_check(txq, 0);
	start = txq->tx_tail;
	idx = start;
	/* A local copy: stores to the software ring could alias the field. */
	free = gem_tx_room(txq, shift, noncoh);
	/*
	 * Non-coherent, the tail's line still in flight: most often sent by
	 * now (a short burst follows a short burst), but a reclaim takes
	 * one batch, and every frame before the tail must be taken back.
	 */
	if (noncoh && unlikely(free == 0) && nb_pkts != 0) {
		while (gem_tx_reclaim(txq, shift, noncoh) != 0 &&
		       (free = gem_tx_room(txq, shift, noncoh)) == 0)
			;
		/*
		 * Reclaimed all there was: the out-of-room and empty-burst
		 * reclaims below would only look again.
		 */
		if (free == 0)
			goto out;
	}

	while (nb_tx < nb_pkts) {
		const uint16_t want = RTE_MIN(RTE_MIN(nb_pkts - nb_tx,
						      free - taken),
					      n_desc - idx);
		struct rte_mbuf *m;
		uint16_t n;

		n = gem_tx_put_simple(txq, &tx_pkts[nb_tx], idx, want,
				      taken == 0, &bytes, shift, noncoh);
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
			gem_tx_reclaim(txq, shift, noncoh);
			free = gem_tx_room(txq, shift, noncoh);
			if (taken + m->nb_segs > free)
				break;
			continue;
		}
		n = gem_tx_put_frame(txq, m, idx, taken == 0, shift, noncoh);
		nb_tx++;
		if (n == 0)
			continue;
		sent++;
		taken += n;
		bytes += m->pkt_len;
		idx = gem_ring_add(idx, n, n_desc);
	}
	if (taken == 0) {
		/* Nothing new to ring for; but an earlier doorbell may have
		 * been lost (gem_tx_restart): a look at the ring tells. */
		if (txq->nb_tx_free != n_desc - 1)
			gem_tx_reclaim(txq, shift, noncoh);
		goto out;
	}
	if (noncoh && unlikely(idx & ((gem_dma_granule() >> shift) - 1))) {
		const uint16_t pad = gem_tx_pad(txq, idx, taken, free, shift);

		taken += pad;
		idx = gem_ring_add(idx, pad, n_desc);
	}

	gem_desc_at(ring, idx, shift)->ctrl = rte_cpu_to_le_32(
		gem_tx_ctrl_word(0, false, idx == n_desc - 1, true));
	/*
	 * Non-coherent: two waits a burst. Every buffer and descriptor
	 * written is in memory before the head is released, and the head
	 * before the doorbell. When the next burst would reclaim, this one
	 * does, after its doorbell: the look at the frames in flight before
	 * it (in granules apart from its own: gem_tx_room) shares the first
	 * wait, so reclaiming costs no wait of its own.
	 */
	if (noncoh) {
		reclaim = txq->nb_tx_free - taken < txq->tx_free_thresh &&
			  txq->nb_tx_free != n_desc - 1;
		gem_sync_descs(ring, start, taken + 1, n_desc, shift, false);
		if (reclaim)
			gem_tx_collect_look(txq, shift);
		gem_dma_wait();
	} else {
		rte_io_wmb();
	}
	d = gem_desc_at(ring, start, shift);
	d->ctrl &= rte_cpu_to_le_32(~GEM_TX_W1_USED);
	if (noncoh)
		gem_dma_clean(d, (size_t)1 << shift);
	/* RE and TE stay set: an NCR write without TE rewinds TX queues. */
	gem_ncr_ring(&txq->ncr_seq, txq->doorbell, txq->port_id);
	if (noncoh && reclaim)
		gem_tx_collect(txq, shift, true, true);
	txq->tx_tail = idx;
	txq->nb_tx_free -= taken;
out:
	txq->tx_packets += sent;
	txq->tx_bytes += bytes;
	return nb_tx;
}

GEM_BURST_DEFINE(gem_xmit_pkts, gem_xmit, struct gem_tx_queue)

int
gem_tx_done_cleanup(void *queue, uint32_t free_cnt)
{
	struct gem_tx_queue *txq = queue;
	const bool desc64 = txq->flags & GEM_QF_DESC64;
	const bool noncoh = txq->flags & GEM_QF_NONCOHERENT;
	uint32_t total = 0;
	uint16_t n;

	if (free_cnt == 0)
		free_cnt = txq->nb_tx_desc;
	do {
		if (noncoh)
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
