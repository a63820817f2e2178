/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef GEM_RXTX_H
#define GEM_RXTX_H

/*
 * Descriptor rings and their queues. The model is DPDK's PCI ring PMDs
 * (e1000/igb): a ring of hardware descriptors in an IOVA-contiguous memzone,
 * a software ring of mbuf pointers beside it, batched refill and batched
 * reclaim. What differs on a GEM: there is no tail register. Ownership
 * travels in the descriptors themselves (RX word 0 USED, TX word 1 USED), so
 * "writing the tail" means clearing USED, and the only doorbell is TSTART.
 */

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>

#include <ethdev_driver.h>
#include <rte_byteorder.h>
#include <rte_common.h>
#include <rte_mbuf.h>
#include <rte_memzone.h>

#include "gem_hw.h"
#include "gem_hw_ops.h"

struct rte_eth_dev;

/* log2 of the descriptor stride. */
#define GEM_DESC_SHIFT_32   3
#define GEM_DESC_SHIFT_64   4

static inline volatile struct gem_desc *
gem_desc_at(volatile void *ring, uint16_t idx, unsigned int shift)
{
	return (volatile struct gem_desc *)
		((volatile uint8_t *)ring + ((uintptr_t)idx << shift));
}

/* Ring index arithmetic without division: n is the ring size. */
static inline uint16_t
gem_ring_next(uint16_t idx, uint16_t n)
{
	return (uint16_t)(idx + 1 == n ? 0 : idx + 1);
}

/* idx + k modulo n, for k <= n. */
static inline uint16_t
gem_ring_add(uint16_t idx, uint16_t k, uint16_t n)
{
	uint32_t r = (uint32_t)idx + k;

	return (uint16_t)(r >= n ? r - n : r);
}

/* idx - k modulo n, for k <= n. */
static inline uint16_t
gem_ring_sub(uint16_t idx, uint16_t k, uint16_t n)
{
	return (uint16_t)(idx >= k ? (uint32_t)idx - k : (uint32_t)idx + n - k);
}

/* Descriptors from `from` up to (not including) `to`. */
static inline uint16_t
gem_ring_dist(uint16_t from, uint16_t to, uint16_t n)
{
	return (uint16_t)(to >= from ? (uint32_t)to - from :
			  (uint32_t)to + n - from);
}

/* Descriptor encoding. Pure functions: what the rings hold, bit for bit. */

/* RX word 0 handing a buffer to hardware (USED clear). */
static inline uint32_t
gem_rx_addr_word(rte_iova_t iova, bool wrap)
{
	return ((uint32_t)iova & GEM_RX_W0_ADDR_MASK) |
	       (wrap ? GEM_RX_W0_WRAP : 0);
}

/* TX word 1 for one buffer of a frame. */
static inline uint32_t
gem_tx_ctrl_word(uint32_t len, bool last, bool wrap, bool used)
{
	return GEM_SET(GEM_TX_W1_LEN, len) |
	       (last ? GEM_TX_W1_LAST : 0) |
	       (wrap ? GEM_TX_W1_WRAP : 0) |
	       (used ? GEM_TX_W1_USED : 0);
}

/* Length in an RX status word; 14 bits, bit 13 being 0 without jumbo. */
static inline uint32_t
gem_rx_len(uint32_t ctrl)
{
	return GEM_GET(GEM_RX_W1_LENJ, ctrl);
}

#define GEM_RX_SOF_EOF (GEM_RX_W1_SOF | GEM_RX_W1_EOF)

/*
 * What the RX paths store into a received mbuf, in wide stores: rearm_data
 * then ol_flags (16 bytes), then packet_type, pkt_len, data_len, vlan_tci
 * and hash (16 bytes), in a little-endian CPU's order.
 */
static_assert(RTE_BYTE_ORDER == RTE_LITTLE_ENDIAN &&
	      offsetof(struct rte_mbuf, ol_flags) ==
	      offsetof(struct rte_mbuf, rearm_data) + 8 &&
	      offsetof(struct rte_mbuf, packet_type) ==
	      offsetof(struct rte_mbuf, rearm_data) + 16 &&
	      offsetof(struct rte_mbuf, pkt_len) ==
	      offsetof(struct rte_mbuf, packet_type) + 4 &&
	      offsetof(struct rte_mbuf, data_len) ==
	      offsetof(struct rte_mbuf, packet_type) + 8 &&
	      offsetof(struct rte_mbuf, vlan_tci) ==
	      offsetof(struct rte_mbuf, packet_type) + 10 &&
	      offsetof(struct rte_mbuf, hash) ==
	      offsetof(struct rte_mbuf, packet_type) + 12,
	      "the RX paths' combined mbuf stores need this layout");

/* The mbuf's 8 rearm bytes (data_off, refcnt, nb_segs, port) as one word. */
static inline uint64_t *
gem_mbuf_rearm_word(struct rte_mbuf *m)
{
	return (uint64_t *)RTE_PTR_ADD(m, offsetof(struct rte_mbuf,
						   rearm_data));
}

/*
 * Sixteen bytes stored at once (the mbuf's rearm_data and ol_flags); GCC's
 * generic vectors, so SSE and NEON alike. may_alias: they overlay mbuf
 * fields of other types.
 */
typedef uint64_t gem_u64x2 __attribute__((vector_size(16), may_alias));
typedef uint64_t gem_u64_alias __attribute__((may_alias));
typedef uint32_t gem_u32_alias __attribute__((may_alias));

/* Queue flags, set by queue setup and dev_start. */
#define GEM_QF_DESC64   RTE_BIT32(0)	/* 16-byte descriptors (ADDR64) */
#define GEM_QF_NONCOHERENT     RTE_BIT32(1)	/* non-coherent: cache maintenance */
#define GEM_QF_QEMU_KICK RTE_BIT32(2)	/* QEMU: rewrite NCR after each RX hand-back */
#define GEM_QF_RESTART  RTE_BIT32(3)	/* Zynq: toggle RE after an exhausted RX ring */
#define GEM_QF_QEMU_REPOINT RTE_BIT32(4) /* QEMU: consumed RX descriptors point at scratch */
#define GEM_QF_FAST_FREE RTE_BIT32(5)	/* TX mbufs: one pool, refcnt 1 */
#define GEM_QF_HI_FIXED RTE_BIT32(6)	/* RX buffers share address bits 63:32 */
#define GEM_QF_RX_CSUM  RTE_BIT32(7)	/* RX checksum flags into ol_flags */
#define GEM_QF_ONE_SEG  RTE_BIT32(8)	/* no scatter-gather: one buffer a frame */

struct gem_rx_queue {
	/* Read every burst. */
	volatile void *rx_ring;		/* hardware descriptors */
	struct rte_mbuf **sw_ring;	/* the mbuf of each descriptor */
	struct rte_mempool *mb_pool;	/* refills come from here */
	gem_u64x2 rearm_ol;		/* rearm_data ([0]) and ol_flags of a frame */
	uint32_t rx_len_over;		/* length bits that, less 1, exceed a buffer */
	uint16_t nb_rx_desc;		/* ring size */
	uint16_t rx_tail;		/* next descriptor to examine */
	uint16_t nb_rx_hold;		/* consumed, no mbuf, not handed back */
	uint16_t rx_free_thresh;	/* hand back in batches of this many */
	uint16_t rx_buf_len;		/* bytes hardware may write per buffer */
	uint16_t rx_refill_len;		/* of them invalidated at a hand-back */
	uint16_t flags;			/* GEM_QF_* */
	uint16_t port_id;
	uint16_t queue_id;
	const uint32_t *ncr;		/* what an RX kick writes (gem_ncr.c) */
	uint32_t ncr_seq;		/* odd while this queue writes NCR */
	uint32_t idle_polls;		/* empty bursts, for gem_rx_dma_check */
	uint32_t dma_epoch;		/* the last DMA error re-armed for */
	uint64_t csum_flags[4];		/* ol_flags per RX checksum status */
	uint32_t ptypes[4];		/* packet_type per RX checksum status */
	struct rte_mbuf *scratch;	/* GEM_QF_QEMU_REPOINT's stray-write target */
	/* Scattered RX: a frame whose EOF has not arrived yet. */
	struct rte_mbuf *pkt_first_seg;
	struct rte_mbuf *pkt_last_seg;
	uint32_t pkt_len_so_far;
	uint32_t max_frame_len;		/* longer chains are dropped */

	/* Software counters (per queue; ethdev reports them). */
	uint64_t rx_packets;
	uint64_t rx_bytes;
	uint64_t rx_bad_desc;		/* frames dropped for bad descriptors */
	uint64_t rx_nombuf;		/* mbufs we could not get */
	uint64_t rx_rearms;		/* re-armed after a DMA error */

	/* Control path. */
	rte_iova_t rx_ring_phys_addr;
	const struct rte_memzone *mz;
	uint64_t offloads;
	bool intr_enabled;
} __rte_cache_aligned;

struct gem_tx_queue {
	/* Read every burst. */
	volatile void *tx_ring;
	/* The mbuf of each descriptor: a frame's first holds its head, whose
	 * nb_segs says how many descriptors the frame took. */
	struct rte_mbuf **sw_ring;
	uint16_t nb_tx_desc;
	uint16_t tx_tail;		/* next free descriptor (holds USED) */
	uint16_t nb_tx_free;		/* free descriptors, the tail's excluded */
	uint16_t last_desc_cleaned;	/* last descriptor reclaimed */
	uint16_t tx_free_thresh;	/* reclaim when fewer are free */
	uint16_t nb_tx_multi;		/* frames in flight of several descriptors */
	uint16_t flags;			/* GEM_QF_* */
	uint16_t port_id;
	uint16_t queue_id;
	uint32_t max_frame_len;		/* longer frames are dropped */
	const uint32_t *doorbell;	/* what a doorbell writes (gem_ncr.c) */
	uint32_t ncr_seq;		/* odd while this queue writes NCR */
	const uint32_t *dma_epoch_now;	/* the adapter's tx_dma_epoch */
	uint32_t dma_epoch;		/* the last DMA error re-armed for */

	uint64_t tx_packets;
	uint64_t tx_bytes;
	uint64_t tx_errors;		/* dropped before or failed in hardware */
	uint64_t tx_restarts;		/* TSTARTs again for an idle transmitter */
	uint64_t tx_rearms;		/* re-armed after a DMA error */

	rte_iova_t tx_ring_phys_addr;
	const struct rte_memzone *mz;
	uint64_t offloads;
} __rte_cache_aligned;

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

/*
 * A data-path NCR write, between gem_ncr_enter, which returns the word
 * to write (*word: the adapter's ncr or doorbell), and gem_ncr_leave. The
 * queue's seq is odd in between, so that a holder who publishes new words
 * waits for a write that may have read the old ones (gem_ncr.c). The seq
 * store and the word load are sequentially consistent (on arm64 an STLR
 * then an LDAR, which do not pass each other: no DMB); the release store
 * after orders the register write before what the holder does next, as
 * Linux's spin_unlock orders writel on arm64.
 */
static __rte_always_inline uint32_t
gem_ncr_enter(uint32_t *seq, const uint32_t *word)
{
	__atomic_store_n(seq, *seq + 1, __ATOMIC_SEQ_CST);
	return __atomic_load_n(word, __ATOMIC_SEQ_CST);
}

static __rte_always_inline void
gem_ncr_leave(uint32_t *seq)
{
	__atomic_store_n(seq, *seq + 1, __ATOMIC_RELEASE);
}

/* One data-path NCR write of *word: a TX doorbell, QEMU's RX kick. */
static __rte_always_inline void
gem_ncr_ring(uint32_t *seq, const uint32_t *word, uint16_t port_id)
{
	gem_wr(gem_q_regs(port_id), GEM_NCR, gem_ncr_enter(seq, word));
	gem_ncr_leave(seq);
}

/*
 * Descriptors the frame at idx took, of the left in flight from there on:
 * one per segment, then the pad descriptors a non-coherent burst may have
 * split its last frame's tail into (gem_tx_pad). A pad descriptor's slot
 * in the software ring is NULL; every slot in flight was written this lap,
 * so a NULL there is never stale.
 */
static __rte_always_inline uint16_t
gem_tx_frame_descs(struct rte_mbuf *const *sw_ring, uint16_t idx,
		   uint16_t left, uint16_t n_desc)
{
	uint16_t nb = RTE_MIN(sw_ring[idx]->nb_segs, left);

	while (nb < left && sw_ring[gem_ring_add(idx, nb, n_desc)] == NULL)
		nb++;
	return nb;
}

/*
 * Ring memory: the descriptors, then what hardware may read or write past
 * the last one: prefetch descriptors of prefetch (DCFG10), and at least
 * QEMU's model's overreach (GEM_RING_PAD).
 */
static inline size_t
gem_ring_bytes(uint16_t nb_desc, unsigned int shift, uint16_t prefetch)
{
	return ((size_t)nb_desc << shift) +
	       RTE_MAX((size_t)prefetch << shift, (size_t)GEM_RING_PAD);
}

/*
 * The variants of one always-inline burst function fn(queue, pkts, n,
 * shift, noncoh), written once: name_32 and name_64 for a coherent port with
 * 8- or 16-byte descriptors, each compiled with its constants, and
 * name_sync for a non-coherent one, whose cache operations dwarf a branch
 * on the descriptor size. gem_set_rx_function and gem_set_tx_function
 * choose one at start.
 */
#define GEM_BURST_DECLARE(name)						\
	uint16_t name##_32(void *q, struct rte_mbuf **pkts, uint16_t n);	\
	uint16_t name##_64(void *q, struct rte_mbuf **pkts, uint16_t n);	\
	uint16_t name##_noncoh(void *q, struct rte_mbuf **pkts, uint16_t n)

#define GEM_BURST_DEFINE(name, fn, qtype)				\
uint16_t								\
name##_32(void *q, struct rte_mbuf **pkts, uint16_t n)			\
{									\
	return fn(q, pkts, n, GEM_DESC_SHIFT_32, false);		\
}									\
uint16_t								\
name##_64(void *q, struct rte_mbuf **pkts, uint16_t n)			\
{									\
	return fn(q, pkts, n, GEM_DESC_SHIFT_64, false);		\
}									\
uint16_t								\
name##_noncoh(void *q, struct rte_mbuf **pkts, uint16_t n)		\
{									\
	if (((const qtype *)q)->flags & GEM_QF_DESC64)			\
		return fn(q, pkts, n, GEM_DESC_SHIFT_64, true);		\
	return fn(q, pkts, n, GEM_DESC_SHIFT_32, true);			\
}

/* RX bursts and queries (gem_rx.c). */
GEM_BURST_DECLARE(gem_recv_pkts);
GEM_BURST_DECLARE(gem_recv_qemu_pkts);
GEM_BURST_DECLARE(gem_recv_scattered_pkts);
#ifdef RTE_ARCH_ARM64
uint16_t gem_recv_neon_pkts_32(void *q, struct rte_mbuf **pkts, uint16_t n);
uint16_t gem_recv_neon_pkts_64(void *q, struct rte_mbuf **pkts, uint16_t n);
#endif
uint32_t gem_rx_queue_count(void *rxq);
int gem_rx_descriptor_status(void *rxq, uint16_t offset);
void gem_rx_refill(struct gem_rx_queue *rxq);

/*
 * DMA errors (gem_dma_err.c). An RX queue looks once every this many
 * empty bursts (a power of two): about 25 us of idle polling on a ZynqMP.
 */
#define GEM_DMA_CHECK_POLLS 256
void gem_rx_dma_check(struct gem_rx_queue *rxq);
bool gem_tx_dma_check(struct gem_tx_queue *txq, uint32_t tsr);

/* TX bursts (gem_tx.c). */
GEM_BURST_DECLARE(gem_xmit_pkts);
uint16_t gem_prep_pkts(void *txq, struct rte_mbuf **pkts, uint16_t n);
int gem_tx_done_cleanup(void *txq, uint32_t free_cnt);

/* RX queues (gem_rxq.c); rings are filled and emptied with the port
 * stopped. */
int gem_rx_queue_setup(struct rte_eth_dev *dev, uint16_t qid,
		       uint16_t nb_desc, unsigned int socket,
		       const struct rte_eth_rxconf *conf,
		       struct rte_mempool *mp);
void gem_rx_queue_release(struct rte_eth_dev *dev, uint16_t qid);
void gem_rxq_info_get(struct rte_eth_dev *dev, uint16_t qid,
		      struct rte_eth_rxq_info *qinfo);
void gem_rx_csum_table(struct gem_rx_queue *rxq, bool enabled);
/* packet_type per RX checksum status, when RX checksum offload is on. */
extern const uint32_t gem_rx_csum_ptypes[4];
void gem_rx_pools_clean(struct rte_eth_dev *dev);
int gem_rx_ring_fill(struct gem_rx_queue *rxq);
void gem_rx_ring_release_mbufs(struct gem_rx_queue *rxq);
void gem_set_rx_function(struct rte_eth_dev *dev);
int gem_rx_burst_mode_get(struct rte_eth_dev *dev, uint16_t qid,
			  struct rte_eth_burst_mode *mode);

/* TX queues (gem_txq.c). */
int gem_tx_queue_setup(struct rte_eth_dev *dev, uint16_t qid,
		       uint16_t nb_desc, unsigned int socket,
		       const struct rte_eth_txconf *conf);
void gem_tx_queue_release(struct rte_eth_dev *dev, uint16_t qid);
void gem_txq_info_get(struct rte_eth_dev *dev, uint16_t qid,
		      struct rte_eth_txq_info *qinfo);
void gem_tx_ring_init(struct gem_tx_queue *txq);
void gem_tx_ring_release_mbufs(struct gem_tx_queue *txq);
void gem_set_tx_function(struct rte_eth_dev *dev);
int gem_tx_burst_mode_get(struct rte_eth_dev *dev, uint16_t qid,
			  struct rte_eth_burst_mode *mode);

#endif /* GEM_RXTX_H */
