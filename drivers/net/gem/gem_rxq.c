/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * RX queues: setup and release (the ring in an IOVA-contiguous memzone, the
 * software ring beside it), filling the ring at start and emptying it at
 * stop, the checksum flags a queue reports, and the choice of RX burst
 * function, made once at start.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_vect.h>

#include "gem_ethdev.h"
#include "gem_rxtx.h"

static void
gem_rx_queue_free(struct gem_rx_queue *rxq)
{
	if (rxq == NULL)
		return;
	gem_rx_ring_release_mbufs(rxq);
	rte_free(rxq->sw_ring);
	rte_memzone_free(rxq->mz);
	rte_free(rxq);
}

void
gem_rx_queue_release(struct rte_eth_dev *dev, uint16_t qid)
{
	gem_rx_queue_free(dev->data->rx_queues[qid]);
	dev->data->rx_queues[qid] = NULL;
}

int
gem_rx_queue_setup(struct rte_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
		   unsigned int socket, const struct rte_eth_rxconf *conf,
		   struct rte_mempool *mp)
{
	struct gem_adapter *ad = GEM_ADAPTER(dev);
	uint16_t thresh = conf->rx_free_thresh ? conf->rx_free_thresh :
			  GEM_DEFAULT_RX_FREE_THRESH;
	uint16_t per_line = gem_descs_per_line(ad);
	unsigned int shift = ad->desc64 ? GEM_DESC_SHIFT_64 : GEM_DESC_SHIFT_32;
	uint32_t room = rte_pktmbuf_data_room_size(mp);
	struct gem_rx_queue *rxq;
	struct rte_mbuf mb_def = { .buf_addr = 0 };
	uint32_t buf_len;

	if (nb_desc < GEM_MIN_RING_DESC || nb_desc > GEM_MAX_RING_DESC) {
		GEM_PLOG(ERR, dev, "rxq %u: %u descriptors; use %u..%u",
			 qid, nb_desc, GEM_MIN_RING_DESC, GEM_MAX_RING_DESC);
		return -EINVAL;
	}
	if (thresh % per_line != 0 || thresh >= nb_desc ||
	    nb_desc % thresh != 0) {
		GEM_PLOG(ERR, dev, "rxq %u: rx_free_thresh %u must be a multiple of %u (descriptors per cache line), below the ring size %u and divide it",
			 qid, thresh, per_line, nb_desc);
		return -EINVAL;
	}
	if (conf->rx_deferred_start) {
		GEM_PLOG(ERR, dev, "rxq %u: deferred start is not supported", qid);
		return -EINVAL;
	}
	if (room < RTE_PKTMBUF_HEADROOM + GEM_DMACFG_RXBS_UNIT) {
		GEM_PLOG(ERR, dev, "rxq %u: mbufs of pool %s hold %u bytes after a %u-byte headroom; the GEM needs %u",
			 qid, mp->name, room > RTE_PKTMBUF_HEADROOM ?
			 room - RTE_PKTMBUF_HEADROOM : 0, RTE_PKTMBUF_HEADROOM,
			 GEM_DMACFG_RXBS_UNIT);
		return -EINVAL;
	}
	buf_len = RTE_MIN(room - RTE_PKTMBUF_HEADROOM,
			  (uint32_t)GEM_DMACFG_RXBS_MAX * GEM_DMACFG_RXBS_UNIT);
	buf_len = RTE_ALIGN_FLOOR(buf_len, GEM_DMACFG_RXBS_UNIT);

	if (dev->data->rx_queues[qid] != NULL)
		gem_rx_queue_release(dev, qid);

	rxq = rte_zmalloc_socket("gem_rxq", sizeof(*rxq), RTE_CACHE_LINE_SIZE,
				 socket);
	if (rxq == NULL)
		return -ENOMEM;
	rxq->sw_ring = rte_zmalloc_socket("gem_rx_sw_ring",
					  sizeof(rxq->sw_ring[0]) * nb_desc,
					  RTE_CACHE_LINE_SIZE, socket);
	rxq->mz = gem_ring_zone(dev, "rx_ring", qid,
				gem_ring_bytes(nb_desc, shift, ad->caps.rx_prefetch),
				socket);
	if (rxq->sw_ring == NULL || rxq->mz == NULL) {
		GEM_PLOG(ERR, dev, "rxq %u: no memory for a ring of %u descriptors on socket %u",
			 qid, nb_desc, socket);
		gem_rx_queue_free(rxq);
		return -ENOMEM;
	}
	rxq->rx_ring = rxq->mz->addr;
	rxq->rx_ring_phys_addr = rxq->mz->iova;
	rxq->mb_pool = mp;
	rxq->nb_rx_desc = nb_desc;
	rxq->rx_free_thresh = thresh;
	rxq->rx_buf_len = buf_len;
	/* At least the buffer's first line: it may share bytes with the
	 * headroom, where rte_pktmbuf_prepend writes. */
	rxq->rx_refill_len = RTE_MAX((uint16_t)1,
				     RTE_MIN(buf_len, ad->rx_dirty_max));
	rxq->port_id = dev->data->port_id;
	rxq->queue_id = qid;
	rxq->ncr = &ad->ncr;
	rxq->flags = gem_queue_flags(ad);
	if (ad->caps.quirks & GEM_QUIRK_QEMU)
		rxq->flags |= GEM_QF_QEMU_KICK;
	if (ad->caps.quirks & GEM_QUIRK_RX_RESTART)
		rxq->flags |= GEM_QF_RESTART;
	rxq->offloads = conf->offloads | dev->data->dev_conf.rxmode.offloads;

	mb_def.nb_segs = 1;
	mb_def.data_off = RTE_PKTMBUF_HEADROOM;
	mb_def.port = rxq->port_id;
	rte_mbuf_refcnt_set(&mb_def, 1);
	rxq->rearm_ol = (gem_u64x2){ *gem_mbuf_rearm_word(&mb_def), 0 };
	/* The fast path's good lengths: 1 up to the largest power of two
	 * that fits the buffer (longer ones take the careful path). */
	rxq->rx_len_over = GEM_MASK(GEM_RX_W1_LENJ) &
			   ~(rte_align32prevpow2(buf_len) - 1);
	rxq->nb_rx_hold = nb_desc;	/* no mbufs until the ring is filled */

	dev->data->rx_queues[qid] = rxq;
	return 0;
}

void
gem_rxq_info_get(struct rte_eth_dev *dev, uint16_t qid,
		 struct rte_eth_rxq_info *qinfo)
{
	const struct gem_rx_queue *rxq = dev->data->rx_queues[qid];

	qinfo->mp = rxq->mb_pool;
	qinfo->scattered_rx = dev->data->scattered_rx;
	qinfo->nb_desc = rxq->nb_rx_desc;
	qinfo->rx_buf_size = rxq->rx_buf_len;
	qinfo->conf.rx_free_thresh = rxq->rx_free_thresh;
	qinfo->conf.offloads = rxq->offloads;
}

/*
 * Packet types the checksum status proves, and nothing it does not: a
 * header checksum exists only in IPv4 (whose options it does not tell);
 * TCP and UDP are checked over IPv4 and IPv6 alike, and VLAN tags are
 * allowed, so neither L3 nor L2 is claimed with them. Frames the GEM did
 * not check are RTE_PTYPE_UNKNOWN.
 */
const uint32_t gem_rx_csum_ptypes[4] = {
	[GEM_RX_CSUM_NONE] = RTE_PTYPE_UNKNOWN,
	[GEM_RX_CSUM_IP] = RTE_PTYPE_L3_IPV4_EXT_UNKNOWN,
	[GEM_RX_CSUM_IP_TCP] = RTE_PTYPE_L4_TCP,
	[GEM_RX_CSUM_IP_UDP] = RTE_PTYPE_L4_UDP,
};

void
gem_rx_csum_table(struct gem_rx_queue *rxq, bool enabled)
{
	memset(rxq->csum_flags, 0, sizeof(rxq->csum_flags));
	memset(rxq->ptypes, 0, sizeof(rxq->ptypes));
	rxq->flags &= ~GEM_QF_RX_CSUM;
	if (!enabled)
		return;
	rxq->flags |= GEM_QF_RX_CSUM;
	/* Only what hardware checked is reported; it drops bad frames. */
	rxq->csum_flags[GEM_RX_CSUM_IP] = RTE_MBUF_F_RX_IP_CKSUM_GOOD;
	rxq->csum_flags[GEM_RX_CSUM_IP_TCP] = RTE_MBUF_F_RX_IP_CKSUM_GOOD |
					      RTE_MBUF_F_RX_L4_CKSUM_GOOD;
	rxq->csum_flags[GEM_RX_CSUM_IP_UDP] = RTE_MBUF_F_RX_IP_CKSUM_GOOD |
					      RTE_MBUF_F_RX_L4_CKSUM_GOOD;
	memcpy(rxq->ptypes, gem_rx_csum_ptypes, sizeof(rxq->ptypes));
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

static void
gem_pool_chunk_inval(struct rte_mempool *mp __rte_unused, void *opaque,
		     struct rte_mempool_memhdr *memhdr,
		     unsigned int mem_idx __rte_unused)
{
	(void)opaque;
	gem_dma_inval_issue(memhdr->addr, memhdr->len);
}

/*
 * At start, before the rings are filled. Under rx_dirty_max the hand-backs
 * invalidate buffers only that far, trusting the application's promise;
 * but a buffer's first trip may carry dirty lines nobody promised anything
 * about (the kernel zeroing the hugepage, EAL touching it, an earlier user
 * of the memory): so each such queue's pool is cleaned and invalidated
 * whole, once however many queues share it. (A ring refilled after a DMA
 * error invalidates its buffers whole: gem_rx_refill.)
 */
void
gem_rx_pools_clean(struct rte_eth_dev *dev)
{
	struct gem_rx_queue *const *rxqs =
		(struct gem_rx_queue *const *)dev->data->rx_queues;
	bool issued = false;
	uint16_t q, p;

	for (q = 0; q < dev->data->nb_rx_queues; q++) {
		if (!(rxqs[q]->flags & GEM_QF_NONCOHERENT) ||
		    rxqs[q]->rx_refill_len >= rxqs[q]->rx_buf_len)
			continue;
		/* A pool gives one buffer length: an earlier queue with
		 * the same pool met the same test. */
		for (p = 0; p < q && rxqs[p]->mb_pool != rxqs[q]->mb_pool; p++)
			;
		if (p < q)
			continue;
		rte_mempool_mem_iter(rxqs[q]->mb_pool, gem_pool_chunk_inval,
				     NULL);
		issued = true;
	}
	if (issued)
		gem_dma_wait();
}

/* Put an mbuf on every descriptor and hand the whole ring to hardware. */
int
gem_rx_ring_fill(struct gem_rx_queue *rxq)
{
	const unsigned int shift = (rxq->flags & GEM_QF_DESC64) ?
				   GEM_DESC_SHIFT_64 : GEM_DESC_SHIFT_32;
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
	if ((rxq->flags & GEM_QF_QEMU_REPOINT) && rxq->scratch == NULL) {
		rxq->scratch = rte_mbuf_raw_alloc(rxq->mb_pool);
		if (rxq->scratch == NULL)
			return -ENOMEM;
	}
	/* No kick at bring-up: RX is not enabled yet. */
	flags = rxq->flags;
	rxq->flags &= ~(GEM_QF_QEMU_KICK | GEM_QF_RESTART);
	gem_rx_refill(rxq);
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

/* The RX burst function for the port's configuration, chosen at start. */
void
gem_set_rx_function(struct rte_eth_dev *dev)
{
	const struct gem_adapter *ad = GEM_ADAPTER(dev);

	if (dev->data->scattered_rx)
		dev->rx_pkt_burst = !ad->dma_coherent ?
				    gem_recv_scattered_pkts_noncoh :
				    ad->desc64 ? gem_recv_scattered_pkts_64 :
				    gem_recv_scattered_pkts_32;
	else if (dev->data->nb_rx_queues != 0 &&
		 (((struct gem_rx_queue *)dev->data->rx_queues[0])->flags &
		  GEM_QF_QEMU_REPOINT))
		dev->rx_pkt_burst = !ad->dma_coherent ?
				    gem_recv_qemu_pkts_noncoh :
				    ad->desc64 ? gem_recv_qemu_pkts_64 :
				    gem_recv_qemu_pkts_32;
	else if (!ad->dma_coherent)
		dev->rx_pkt_burst = gem_recv_pkts_noncoh;
#ifdef RTE_ARCH_ARM64
	/* As DPDK's vector PMDs: unless EAL was told to keep SIMD narrower
	 * (--force-max-simd-bitwidth). */
	else if (rte_vect_get_max_simd_bitwidth() >= RTE_VECT_SIMD_128)
		dev->rx_pkt_burst = ad->desc64 ? gem_recv_neon_pkts_64 :
				    gem_recv_neon_pkts_32;
#endif
	else if (ad->desc64)
		dev->rx_pkt_burst = gem_recv_pkts_64;
	else
		dev->rx_pkt_burst = gem_recv_pkts_32;
	dev->rx_queue_count = gem_rx_queue_count;
	dev->rx_descriptor_status = gem_rx_descriptor_status;
}

/* Which RX burst function a started port runs, for rte_eth_rx_burst_mode_get. */
static const struct {
	eth_rx_burst_t fn;
	const char *info;
} gem_rx_burst_modes[] = {
	{ gem_recv_pkts_32, "Scalar" },
	{ gem_recv_pkts_64, "Scalar" },
	{ gem_recv_pkts_noncoh, "Scalar non-coherent" },
#ifdef RTE_ARCH_ARM64
	{ gem_recv_neon_pkts_32, "Vector Neon" },
	{ gem_recv_neon_pkts_64, "Vector Neon" },
#endif
	{ gem_recv_scattered_pkts_32, "Scalar Scattered" },
	{ gem_recv_scattered_pkts_64, "Scalar Scattered" },
	{ gem_recv_scattered_pkts_noncoh, "Scalar Scattered non-coherent" },
	{ gem_recv_qemu_pkts_32, "Scalar QEMU" },
	{ gem_recv_qemu_pkts_64, "Scalar QEMU" },
	{ gem_recv_qemu_pkts_noncoh, "Scalar QEMU non-coherent" },
};

int
gem_rx_burst_mode_get(struct rte_eth_dev *dev, uint16_t qid __rte_unused,
		      struct rte_eth_burst_mode *mode)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(gem_rx_burst_modes); i++)
		if (dev->rx_pkt_burst == gem_rx_burst_modes[i].fn) {
			snprintf(mode->info, sizeof(mode->info), "%s",
				 gem_rx_burst_modes[i].info);
			return 0;
		}
	return -EINVAL;
}
