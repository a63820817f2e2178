/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * DMA errors, found and recovered from the data path without a port
 * restart. What silicon does (GEM.md, "Bus errors"): a bus error (an SMMU
 * fault, an address nothing decodes) or a TX underrun stops that DMA
 * direction and raises RSR.HRESP or TSR.HRESP/BEX/UND; Linux's
 * macb_hresp_error_task and macb_tx_error_task then rebuild the rings and
 * restart. Neither status register says which queue met the error, so an
 * error bumps an epoch in the adapter, and every queue of that direction
 * re-arms itself, from its own lcore, when it next finds itself stalled in
 * a newer epoch: no lcore ever touches another's ring.
 *
 * Finding them costs nothing while frames flow: TX reads TSR only where it
 * already did (a reclaim that freed nothing with frames in flight), RX
 * reads RSR once every GEM_DMA_CHECK_POLLS empty polls.
 */

#include <ethdev_driver.h>
#include <rte_cycles.h>

#include "gem_dma.h"
#include "gem_ethdev.h"
#include "gem_hw_ops.h"
#include "gem_rxtx.h"

/* The likely cause of what TSR reports, for the one log line. */
static const char *
gem_tx_dma_cause(uint32_t tsr)
{
	if (tsr & GEM_TSR_HRESP)
		return "the GEM could not read a descriptor or a buffer: an mbuf outside DPDK's DMA-mapped memory, or an IOMMU fault";
	if (tsr & GEM_TSR_UND)
		return "memory did not feed the transmitter in time: the interconnect is overloaded (check its QoS settings and the DMA burst length)";
	return "a frame ran out of buffers mid-way: its descriptors were handed over piecemeal (a driver bug: report it)";
}

/*
 * Log the first error and then at each power of two: a fault that repeats
 * on every frame must not flood the log.
 */
static bool
gem_dma_err_log_due(uint64_t count)
{
	return (count & (count - 1)) == 0;
}

/* Frames in flight that hardware never finished, or finished in error. */
static uint16_t
gem_tx_count_unsent(const struct gem_tx_queue *txq, unsigned int shift)
{
	const uint16_t n_desc = txq->nb_tx_desc;
	uint16_t in_flight = n_desc - 1 - txq->nb_tx_free;
	uint16_t idx = gem_ring_next(txq->last_desc_cleaned, n_desc);
	uint16_t unsent = 0;

	while (in_flight != 0) {
		volatile struct gem_desc *d = gem_desc_at(txq->tx_ring, idx,
							  shift);
		const uint16_t nb = gem_tx_frame_descs(txq->sw_ring, idx,
						       in_flight, n_desc);
		uint32_t ctrl;

		if (txq->flags & GEM_QF_NONCOHERENT)
			gem_dma_inval(d, (size_t)1 << shift);
		ctrl = rte_le_to_cpu_32(d->ctrl);
		unsent += !(ctrl & GEM_TX_W1_USED) ||
			  (ctrl & GEM_TX_W1_ERR_MASK) != 0;
		in_flight -= nb;
		idx = gem_ring_add(idx, nb, n_desc);
	}
	return unsent;
}

/*
 * Re-arm one TX queue as Linux's macb_tx_error_task does: halt at a frame
 * boundary (a queue base may only be written to a stopped transmitter),
 * count what was never sent, empty the ring, point the queue at its start
 * and ring again; THALT stopped every queue, TSTART starts them all. No
 * doorbell of another queue may restart TX in between (GEM_HOLD_TX).
 * Returns 0, or -ETIMEDOUT with the queue left as it was, to try again.
 */
static int
gem_tx_rearm(struct rte_eth_dev *dev, struct gem_tx_queue *txq)
{
	struct gem_adapter *ad = GEM_ADAPTER(dev);
	const unsigned int shift = (txq->flags & GEM_QF_DESC64) ?
				   GEM_DESC_SHIFT_64 : GEM_DESC_SHIFT_32;
	void *regs = gem_regs(dev);
	uint64_t n;

	if (gem_tx_halt(regs, gem_ncr_take(dev, GEM_HOLD_TX)) != 0) {
		gem_ncr_give(dev);
		n = __atomic_add_fetch(&ad->tx_halt_timeouts, 1,
				       __ATOMIC_RELAXED);
		if (gem_dma_err_log_due(n))
			GEM_PLOG(ERR, dev, "txq %u: the transmitter did not halt within %u us to re-arm after a DMA error (%" PRIu64 " times); the queue stays stopped and is tried again: if it persists, stop and start the port",
				 txq->queue_id, gem_halt_timeout_us(regs), n);
		return -ETIMEDOUT;
	}
	txq->tx_errors += gem_tx_count_unsent(txq, shift);
	gem_tx_ring_release_mbufs(txq);
	gem_tx_ring_init(txq);
	gem_ring_base_set(regs, txq->queue_id, false, txq->tx_ring_phys_addr,
			  ad->desc64);
	gem_ncr_give(dev);
	txq->tx_rearms++;
	return 0;
}

bool
gem_tx_dma_check(struct gem_tx_queue *txq, uint32_t tsr)
{
	struct rte_eth_dev *dev = &rte_eth_devices[txq->port_id];
	struct gem_adapter *ad = GEM_ADAPTER(dev);
	uint32_t epoch;

	if (unlikely(tsr & GEM_TSR_DMA_ERRORS)) {
		uint64_t n;

		gem_wr(gem_regs(dev), GEM_TSR, tsr & GEM_TSR_DMA_ERRORS);
		__atomic_fetch_add(&ad->tx_dma_epoch, 1, __ATOMIC_RELEASE);
		n = __atomic_add_fetch(&ad->tx_dma_errors, 1, __ATOMIC_RELAXED);
		if (gem_dma_err_log_due(n))
			GEM_PLOG(ERR, dev, "TX DMA error %" PRIu64 " (TSR 0x%08x): %s; re-arming the TX queues, their unsent frames counted in oerrors",
				 n, tsr, gem_tx_dma_cause(tsr));
	}
	epoch = __atomic_load_n(&ad->tx_dma_epoch, __ATOMIC_ACQUIRE);
	if (epoch == txq->dma_epoch)
		return false;
	/* On failure the epoch stays unseen: the next look tries again. */
	if (gem_tx_rearm(dev, txq) == 0)
		txq->dma_epoch = epoch;
	return true;
}

/*
 * Re-arm one RX queue: RX off for every queue (there is no RX halt; the
 * others keep their place and lose at most the frame on the wire) and
 * held off (GEM_HOLD_RX), a frame time for the DMA to drain, the ring
 * refilled from its start, RX on. A ring that cannot be refilled is
 * parked: its descriptors may name buffers just freed.
 */
static int
gem_rx_rearm(struct rte_eth_dev *dev, struct gem_rx_queue *rxq)
{
	const struct gem_adapter *ad = GEM_ADAPTER(dev);
	void *regs = gem_regs(dev);
	rte_iova_t base, park_tx;
	int ret;

	gem_wr(regs, GEM_NCR, gem_ncr_take(dev, GEM_HOLD_RX));
	rte_delay_us_block(gem_frame_us(regs));
	gem_rx_ring_release_mbufs(rxq);
	ret = gem_rx_ring_fill(rxq);
	base = rxq->rx_ring_phys_addr;
	if (ret != 0)
		gem_park_iova(ad, &base, &park_tx);
	gem_ring_base_set(regs, rxq->queue_id, true, base, ad->desc64);
	gem_ncr_give(dev);
	if (ret != 0) {
		GEM_PLOG(ERR, dev, "rxq %u: pool %s cannot refill %u descriptors after a DMA error; the queue stays stopped until it can (free mbufs, or make the pool larger)",
			 rxq->queue_id, rxq->mb_pool->name, rxq->nb_rx_desc);
		return ret;
	}
	rxq->rx_rearms++;
	return 0;
}

void
gem_rx_dma_check(struct gem_rx_queue *rxq)
{
	struct rte_eth_dev *dev = &rte_eth_devices[rxq->port_id];
	struct gem_adapter *ad = GEM_ADAPTER(dev);
	void *regs = gem_regs(dev);
	uint32_t epoch;

	if (unlikely(gem_rd(regs, GEM_RSR) & GEM_RSR_HRESP)) {
		uint64_t n;

		gem_wr(regs, GEM_RSR, GEM_RSR_HRESP);
		__atomic_fetch_add(&ad->rx_dma_epoch, 1, __ATOMIC_RELEASE);
		n = __atomic_add_fetch(&ad->rx_dma_errors, 1, __ATOMIC_RELAXED);
		if (gem_dma_err_log_due(n))
			GEM_PLOG(ERR, dev, "RX DMA bus error %" PRIu64 " (RSR.HRESP): the GEM could not write a descriptor or a buffer: a mempool outside DPDK's DMA-mapped memory, or an IOMMU fault; re-arming the RX queues that stalled",
				 n);
	}
	epoch = __atomic_load_n(&ad->rx_dma_epoch, __ATOMIC_ACQUIRE);
	/* On failure the epoch stays unseen: the next check tries again. */
	if (epoch != rxq->dma_epoch && gem_rx_rearm(dev, rxq) == 0)
		rxq->dma_epoch = epoch;
}

void
gem_dma_err_start(struct rte_eth_dev *dev)
{
	struct gem_adapter *ad = GEM_ADAPTER(dev);
	uint16_t q;

	for (q = 0; q < dev->data->nb_rx_queues; q++) {
		struct gem_rx_queue *rxq = dev->data->rx_queues[q];

		rxq->dma_epoch = ad->rx_dma_epoch;
		rxq->idle_polls = 0;
	}
	for (q = 0; q < dev->data->nb_tx_queues; q++) {
		struct gem_tx_queue *txq = dev->data->tx_queues[q];

		txq->dma_epoch = ad->tx_dma_epoch;
	}
}
