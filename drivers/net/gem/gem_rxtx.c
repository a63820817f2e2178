/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

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

/* Descriptors examined (and mbufs allocated) per step of an RX burst. */
#define GEM_RX_CHUNK      32
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
 * Give held descriptors back to hardware, rx_free_thresh at a time. The
 * batches never straddle the ring end (nb_rx_desc is a multiple of the
 * threshold) and cover whole cache lines, so on a non-coherent device the
 * CPU never writes a line of which hardware still owns a descriptor.
 * Upper address words are written before the word that clears USED.
 */
static __rte_always_inline void
gem_rx_handback(struct gem_rx_queue *rxq, const unsigned int shift,
		const bool sync)
{
	volatile void *const ring = rxq->rx_ring;
	struct rte_mbuf **const sw_ring = rxq->sw_ring;
	const uint16_t n_desc = rxq->nb_rx_desc;
	const uint16_t batch = rxq->rx_free_thresh;
	const uint16_t first = gem_ring_sub(rxq->rx_tail, rxq->nb_rx_hold,
					    n_desc);
	const bool was_empty = rxq->nb_rx_hold == n_desc;
	uint16_t head = first, hold = rxq->nb_rx_hold, i;

	do {
		const uint16_t end = head + batch;

		for (i = head; i < end; i++) {
			volatile struct gem_desc *d = gem_desc_at(ring, i, shift);

			d->ctrl = 0;
			if (shift == GEM_DESC_SHIFT_64)
				d->addr_hi = rte_cpu_to_le_32((uint32_t)
					(gem_rx_buf_iova(sw_ring[i]) >> 32));
			if (sync)
				gem_dma_inval(gem_rx_buf_addr(sw_ring[i]),
					      rxq->rx_buf_len);
		}
		rte_io_wmb();
		for (i = head; i < end; i++)
			gem_desc_at(ring, i, shift)->addr = rte_cpu_to_le_32(
				gem_rx_addr_word(gem_rx_buf_iova(sw_ring[i]),
						 i == n_desc - 1));
		if (sync)
			gem_dma_clean(gem_desc_at(ring, head, shift),
				      (size_t)batch << shift);
		head = end == n_desc ? 0 : end;
		hold -= batch;
	} while (hold >= batch);
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

/* gem_rx_scan for a run that does not cross the ring end. */
static __rte_always_inline uint16_t
gem_rx_scan_run(volatile void *ring, uint16_t idx, uint16_t want,
		const unsigned int shift, const bool sync)
{
	uint16_t n;

	for (n = 0; n < want; n++) {
		volatile struct gem_desc *d = gem_desc_at(ring, idx + n, shift);

		if (sync)
			gem_dma_inval(d, (size_t)1 << shift);
		if (!(d->addr & rte_cpu_to_le_32(GEM_RX_W0_USED)))
			break;
	}
	return n;
}

/*
 * A descriptor that cannot be delivered: it is not one whole frame, or its
 * length does not fit the buffer. Count the frame once, at its start.
 */
static __rte_noinline void
gem_rx_bad(struct gem_rx_queue *rxq, uint32_t st)
{
	GEM_RX_LOG(DEBUG, "port %u rxq %u: dropped descriptor status 0x%08x",
		   rxq->port_id, rxq->queue_id, st);
	if (st & GEM_RX_W1_SOF)
		rxq->rx_bad_desc++;
}

/*
 * Point a consumed (software-owned) descriptor at its replacement buffer,
 * still USED: see GEM_QF_REPOINT. A stray write then lands in a buffer
 * the ring owns, never in one delivered.
 */
static __rte_always_inline void
gem_rx_repoint(volatile void *ring, uint16_t idx, uint16_t n_desc,
	       const struct rte_mbuf *m, const unsigned int shift)
{
	volatile struct gem_desc *d = gem_desc_at(ring, idx, shift);
	rte_iova_t iova = gem_rx_buf_iova(m);

	if (shift == GEM_DESC_SHIFT_64)
		d->addr_hi = rte_cpu_to_le_32((uint32_t)(iova >> 32));
	d->addr = rte_cpu_to_le_32(gem_rx_addr_word(iova, idx == n_desc - 1) |
				   GEM_RX_W0_USED);
}

/*
 * Receive whole frames, one buffer each. Replacement mbufs are taken in bulk
 * before any frame is delivered, so a ring never loses a buffer: without
 * them nothing is delivered, rx_nombuf counts it and the next call retries.
 * Queue fields live in locals: stores into mbufs could alias them, and the
 * compiler would reload them for every frame.
 */
static __rte_always_inline uint16_t
gem_recv(struct gem_rx_queue *rxq, struct rte_mbuf **rx_pkts,
	 uint16_t nb_pkts, const unsigned int shift, const bool sync)
{
	volatile void *const ring = rxq->rx_ring;
	struct rte_mbuf **const sw_ring = rxq->sw_ring;
	const uint16_t n_desc = rxq->nb_rx_desc;
	const uint32_t buf_len = rxq->rx_buf_len;
	const uint64_t init = rxq->mbuf_initializer;
	const bool repoint = rxq->flags & GEM_QF_REPOINT;
	const uint64_t csum[4] = {
		rxq->csum_flags[0], rxq->csum_flags[1],
		rxq->csum_flags[2], rxq->csum_flags[3],
	};
	uint16_t idx = rxq->rx_tail;
	/* Held descriptors are still USED from their fill: a scan reaching
	 * them would take them for new frames. */
	uint16_t avail = n_desc - rxq->nb_rx_hold;
	uint16_t nb_rx = 0;
	uint64_t bytes = 0;

	while (nb_rx < nb_pkts) {
		struct rte_mbuf *fresh[GEM_RX_CHUNK];
		/* A chunk stops at the ring end: no index inside it wraps. */
		uint16_t want = RTE_MIN(RTE_MIN(nb_pkts - nb_rx, GEM_RX_CHUNK),
					RTE_MIN(n_desc - idx, avail));
		uint16_t n, i, used = 0;

		if (want == 0)
			break;
		n = gem_rx_scan_run(ring, idx, want, shift, sync);
		if (n == 0)
			break;
		if (unlikely(rte_mempool_get_bulk(rxq->mb_pool,
						  (void **)fresh, n) != 0)) {
			rxq->rx_nombuf += n;
			break;
		}
		/* Status words are read after the USED bits that own them. */
		rte_io_rmb();
		for (i = 0; i < n; i++) {
			const uint16_t cur = idx + i;
			uint32_t st = rte_le_to_cpu_32(
				gem_desc_at(ring, cur, shift)->ctrl);
			uint32_t len = gem_rx_len(st);
			struct rte_mbuf *m = sw_ring[cur];

			if (i + 1 < n)
				rte_prefetch0(sw_ring[cur + 1]);
			if (unlikely((st & GEM_RX_SOF_EOF) != GEM_RX_SOF_EOF ||
				     len - 1 >= buf_len)) {
				gem_rx_bad(rxq, st);
				continue;	/* the buffer stays */
			}
			if (sync)
				gem_dma_inval(gem_rx_buf_addr(m), len);
			*gem_mbuf_rearm_word(m) = init;
			m->ol_flags = csum[GEM_GET(GEM_RX_W1_CSUM, st)];
			m->packet_type = RTE_PTYPE_UNKNOWN;
			m->pkt_len = len;
			m->data_len = len;
			rx_pkts[nb_rx++] = m;
			sw_ring[cur] = fresh[used++];
			if (unlikely(repoint))
				gem_rx_repoint(ring, cur, n_desc, sw_ring[cur],
					       shift);
			bytes += len;
		}
		if (unlikely(used < n))
			rte_mempool_put_bulk(rxq->mb_pool,
					     (void **)&fresh[used], n - used);
		rxq->nb_rx_hold += n;
		avail -= n;
		idx += n;
		if (idx == n_desc)
			idx = 0;
		if (n < want)
			break;
	}
	rxq->rx_tail = idx;
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
	uint16_t nb_rx = 0;
	uint64_t bytes = 0;

	while (nb_rx < nb_pkts) {
		struct rte_mbuf *fresh[GEM_RX_CHUNK];
		uint16_t n, i;

		/* Not into held descriptors: see gem_recv. */
		n = gem_rx_scan(rxq, idx, RTE_MIN(GEM_RX_CHUNK,
				n_desc - rxq->nb_rx_hold), shift, sync);
		if (n == 0)
			break;
		if (unlikely(rte_mempool_get_bulk(rxq->mb_pool,
						  (void **)fresh, n) != 0)) {
			rxq->rx_nombuf += n;
			break;
		}
		rte_io_rmb();
		for (i = 0; i < n && nb_rx < nb_pkts; i++) {
			uint32_t st = rte_le_to_cpu_32(
				gem_desc_at(rxq->rx_ring, idx, shift)->ctrl);
			struct rte_mbuf *m = sw_ring[idx];
			uint32_t seg_len;

			sw_ring[idx] = fresh[i];
			if (rxq->flags & GEM_QF_REPOINT)
				gem_rx_repoint(rxq->rx_ring, idx, n_desc,
					       fresh[i], shift);
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
				if (unlikely(len <= so_far ||
					     seg_len > buf_len))
					goto bad;
			} else {
				seg_len = buf_len;
				if (unlikely(so_far + buf_len >
					     rxq->max_frame_len))
					goto bad;
			}
			if (sync)
				gem_dma_inval(gem_rx_buf_addr(m), seg_len);
			*gem_mbuf_rearm_word(m) = rxq->mbuf_initializer;
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
		if (unlikely(i < n))
			rte_mempool_put_bulk(rxq->mb_pool, (void **)&fresh[i],
					     n - i);
		rxq->nb_rx_hold += i;
		if (i < GEM_RX_CHUNK)
			break;
	}
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

/* Put an mbuf on every descriptor and hand the whole ring to hardware. */
int
gem_rx_ring_fill(struct gem_rx_queue *rxq)
{
	const unsigned int shift = (rxq->flags & GEM_QF_DESC64) ?
				   GEM_DESC_SHIFT_64 : GEM_DESC_SHIFT_32;
	const bool sync = rxq->flags & GEM_QF_SYNC;
	uint16_t i, flags;

	if (rte_mempool_get_bulk(rxq->mb_pool, (void **)rxq->sw_ring,
				 rxq->nb_rx_desc) != 0)
		return -ENOMEM;
	/* Owned by software until handed back below. */
	for (i = 0; i < rxq->nb_rx_desc; i++) {
		volatile struct gem_desc *d = gem_desc_at(rxq->rx_ring, i,
							  shift);

		d->addr = rte_cpu_to_le_32(GEM_RX_W0_USED |
			(i == rxq->nb_rx_desc - 1 ? GEM_RX_W0_WRAP : 0));
		d->ctrl = 0;
	}
	rxq->rx_tail = 0;
	rxq->nb_rx_hold = rxq->nb_rx_desc;
	rxq->pkt_first_seg = NULL;
	rxq->pkt_last_seg = NULL;
	rxq->pkt_len_so_far = 0;
	/* No kick at bring-up: RX is not enabled yet. */
	flags = rxq->flags;
	rxq->flags &= ~(GEM_QF_KICK | GEM_QF_RESTART);
	if (shift == GEM_DESC_SHIFT_64)
		gem_rx_handback(rxq, GEM_DESC_SHIFT_64, sync);
	else
		gem_rx_handback(rxq, GEM_DESC_SHIFT_32, sync);
	rxq->flags = flags;
	return 0;
}

void
gem_rx_ring_release_mbufs(struct gem_rx_queue *rxq)
{
	uint16_t i;

	if (rxq->sw_ring != NULL) {
		for (i = 0; i < rxq->nb_rx_desc; i++) {
			if (rxq->sw_ring[i] != NULL) {
				rte_mbuf_raw_free(rxq->sw_ring[i]);
				rxq->sw_ring[i] = NULL;
			}
		}
	}
	if (rxq->pkt_first_seg != NULL)
		rte_pktmbuf_free(rxq->pkt_first_seg);
	rxq->pkt_first_seg = NULL;
	rxq->pkt_last_seg = NULL;
	rxq->pkt_len_so_far = 0;
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
		uint16_t nb = txq->sw_ring[idx].nb_desc;

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

/*
 * Free what hardware has sent. Hardware sets USED only on the first
 * descriptor of each frame it finished, so the walk goes frame by frame
 * using the length the software ring kept for each.
 */
static __rte_always_inline uint16_t
gem_tx_reclaim(struct gem_tx_queue *txq, const unsigned int shift,
	       const bool sync)
{
	struct rte_mbuf *done[GEM_TX_FREE_BATCH];
	volatile void *const ring = txq->tx_ring;
	struct gem_tx_entry *const sw_ring = txq->sw_ring;
	const uint16_t n_desc = txq->nb_tx_desc;
	const uint32_t in_flight = n_desc - 1 - txq->nb_tx_free;
	/* 32-bit indices: the wrap test is then one compare, no widening. */
	uint32_t idx = gem_ring_next(txq->last_desc_cleaned, n_desc);
	uint32_t freed = 0, errors = 0;
	uint16_t frames = GEM_TX_FREE_BATCH, nb_done = 0;

	if (sync)
		frames = gem_tx_done_frames_sync(txq, idx, in_flight, shift);
	while (freed < in_flight && nb_done < frames) {
		const uint32_t ctrl = rte_le_to_cpu_32(
			gem_desc_at(ring, idx, shift)->ctrl);
		const struct gem_tx_entry *e = &sw_ring[idx];

		if (!sync && !(ctrl & GEM_TX_W1_USED))
			break;
		errors += (ctrl & GEM_TX_W1_ERR_MASK) != 0;
		done[nb_done++] = e->mbuf;
		freed += e->nb_desc;
		idx += e->nb_desc;
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
 * model stops the queue for good on one), or a frame longer than the
 * configured maximum (hardware raises an error mid-ring). Such frames are
 * dropped and counted instead.
 */
static __rte_noinline bool
gem_tx_chain_ok(const struct rte_mbuf *m, uint32_t max_len, uint16_t n_desc)
{
	const struct rte_mbuf *seg;

	if (m->pkt_len - 1u >= max_len || m->nb_segs >= n_desc)
		return false;
	for (seg = m; seg != NULL; seg = seg->next)
		if (seg->data_len == 0)
			return false;
	return true;
}

static __rte_noinline void
gem_tx_drop(struct gem_tx_queue *txq, struct rte_mbuf *m)
{
	GEM_TX_LOG(DEBUG, "port %u txq %u: dropped frame of %u bytes in %u segments",
		   txq->port_id, txq->queue_id, m->pkt_len, m->nb_segs);
	rte_pktmbuf_free(m);
	txq->tx_errors++;
}

/* One descriptor; the first of the burst keeps USED until released. */
static __rte_always_inline void
gem_tx_desc_write(volatile void *ring, uint16_t idx, uint16_t start,
		  rte_iova_t iova, uint32_t ctrl, uint32_t *start_ctrl,
		  const unsigned int shift)
{
	volatile struct gem_desc *d = gem_desc_at(ring, idx, shift);

	if (shift == GEM_DESC_SHIFT_64)
		d->addr_hi = rte_cpu_to_le_32((uint32_t)(iova >> 32));
	d->addr = rte_cpu_to_le_32((uint32_t)iova);
	if (idx == start) {
		*start_ctrl = ctrl;
		ctrl |= GEM_TX_W1_USED;
	}
	d->ctrl = rte_cpu_to_le_32(ctrl);
}

/*
 * Transmit. Frames are written behind a descriptor still marked USED (the
 * burst's first); after a barrier that one is released, so hardware never
 * sees half a burst, and one TSTART doorbell covers all. The descriptor
 * after the burst is marked USED: hardware does not mark the later
 * descriptors of a sent frame, so without it the transmitter could run on
 * into stale ones.
 */
static __rte_always_inline uint16_t
gem_xmit(struct gem_tx_queue *txq, struct rte_mbuf **tx_pkts,
	 uint16_t nb_pkts, const unsigned int shift, const bool sync)
{
	volatile void *const ring = txq->tx_ring;
	struct gem_tx_entry *const sw_ring = txq->sw_ring;
	const uint16_t n_desc = txq->nb_tx_desc;
	const uint16_t start = txq->tx_tail;
	const uint32_t max_len = txq->max_frame_len;
	uint16_t idx = start, taken = 0, sent = 0, nb_tx;
	uint32_t start_ctrl = 0;
	uint64_t bytes = 0;
	uint16_t free;

	if (txq->nb_tx_free < txq->tx_free_thresh)
		gem_tx_reclaim(txq, shift, sync);
	/* A local copy: stores to the software ring could alias the field. */
	free = txq->nb_tx_free;

	for (nb_tx = 0; nb_tx < nb_pkts; nb_tx++) {
		struct rte_mbuf *m = tx_pkts[nb_tx], *seg;
		const uint16_t frame_first = idx;
		uint16_t nseg = m->nb_segs;

		if (unlikely(taken + nseg > free)) {
			gem_tx_reclaim(txq, shift, sync);
			free = txq->nb_tx_free;
			if (taken + nseg > free)
				break;
		}
		if (likely(nseg == 1)) {
			uint32_t len = m->data_len;
			uint16_t cur = idx;

			if (unlikely(len - 1u >= max_len)) {
				gem_tx_drop(txq, m);
				continue;
			}
			if (++idx == n_desc)
				idx = 0;
			gem_tx_desc_write(ring, cur, start,
				rte_mbuf_data_iova(m),
				len | GEM_TX_W1_LAST | (idx == 0 ? GEM_TX_W1_WRAP : 0),
				&start_ctrl, shift);
			if (sync)
				gem_dma_clean(rte_pktmbuf_mtod(m, void *), len);
		} else {
			if (unlikely(!gem_tx_chain_ok(m, max_len, n_desc))) {
				gem_tx_drop(txq, m);
				continue;
			}
			for (seg = m; seg != NULL; seg = seg->next) {
				uint16_t cur = idx;

				if (++idx == n_desc)
					idx = 0;
				gem_tx_desc_write(ring, cur, start,
					rte_mbuf_data_iova(seg),
					gem_tx_ctrl_word(seg->data_len,
							 seg->next == NULL,
							 idx == 0, false),
					&start_ctrl, shift);
				if (sync)
					gem_dma_clean(rte_pktmbuf_mtod(seg,
								       void *),
						      seg->data_len);
			}
		}
		sw_ring[frame_first].mbuf = m;
		sw_ring[frame_first].nb_desc = nseg;
		taken += nseg;
		sent++;
		bytes += m->pkt_len;
	}
	if (taken == 0)
		goto out;

	gem_desc_at(ring, idx, shift)->ctrl = rte_cpu_to_le_32(
		gem_tx_ctrl_word(0, false, idx == n_desc - 1, true));
	if (sync)
		gem_clean_descs(ring, start, taken + 1, n_desc, shift);
	rte_io_wmb();
	gem_desc_at(ring, start, shift)->ctrl = rte_cpu_to_le_32(start_ctrl);
	if (sync)
		gem_dma_clean(gem_desc_at(ring, start, shift),
			      (size_t)1 << shift);
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
		txq->sw_ring[i].mbuf = NULL;
		txq->sw_ring[i].nb_desc = 0;
	}
	if (txq->flags & GEM_QF_SYNC)
		gem_dma_clean(txq->tx_ring, (size_t)txq->nb_tx_desc << shift);
	txq->tx_tail = 0;
	txq->nb_tx_free = txq->nb_tx_desc - 1;
	txq->last_desc_cleaned = txq->nb_tx_desc - 1;
}

void
gem_tx_ring_release_mbufs(struct gem_tx_queue *txq)
{
	uint16_t i;

	if (txq->sw_ring == NULL)
		return;
	for (i = 0; i < txq->nb_tx_desc; i++) {
		if (txq->sw_ring[i].mbuf != NULL) {
			rte_pktmbuf_free(txq->sw_ring[i].mbuf);
			txq->sw_ring[i].mbuf = NULL;
		}
	}
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
