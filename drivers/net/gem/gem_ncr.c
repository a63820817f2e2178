/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * NCR, one register for every queue of a port. The data lcores write it
 * to ring TX (TSTART) and to kick RX; a queue re-arm after a DMA error
 * switches RX off or halts TX; a link change switches both off. A write
 * built from a value read before someone else changed it undoes that
 * change: a TX doorbell that ORs TSTART into an NCR read before a re-arm
 * cleared RE switches RX back on while the re-arm frees the buffers the
 * GEM still points at; one that lands after a THALT restarts TX before
 * the queue base is rewritten, and the base write is then lost; one that
 * lands before an NCFGR write changes the speed under running MACs.
 *
 * So the control and re-arm writers run one at a time (ncr_lock), and the
 * data path writes only words they publish: ncr for RX kicks, doorbell for
 * TX (TSTART left out while TX is held). Each data-path write is bracketed
 * by its queue's ncr_seq (gem_ncr_enter/leave, gem_rxtx.h); after
 * publishing, a holder waits for every write that may have read the old
 * words (gem_ncr_sync) before it touches the register itself. Nothing on
 * the data path takes a lock.
 */

#include <ethdev_driver.h>
#include <rte_pause.h>

#include "gem_ethdev.h"
#include "gem_hw_ops.h"
#include "gem_rxtx.h"

/* A data-path NCR write under way: let it finish. */
static void
gem_ncr_pause(struct rte_eth_dev *dev)
{
#ifdef GEM_DEVICE_MODEL
	gem_model_pause(gem_regs(dev));
#else
	RTE_SET_USED(dev);
	rte_pause();
#endif
}

static void
gem_ncr_wait_seq(struct rte_eth_dev *dev, uint32_t *seq)
{
	const uint32_t s = __atomic_load_n(seq, __ATOMIC_SEQ_CST);

	if (s & 1)
		while (__atomic_load_n(seq, __ATOMIC_ACQUIRE) == s)
			gem_ncr_pause(dev);
}

/*
 * Wait for every data-path NCR write that began before the words were
 * published: the publishing stores and these loads are sequentially
 * consistent, as are the data path's seq store and word load, so each
 * write either saw the new words or is seen here as under way.
 */
static void
gem_ncr_sync(struct rte_eth_dev *dev)
{
	uint16_t q;

	for (q = 0; q < dev->data->nb_rx_queues; q++) {
		struct gem_rx_queue *rxq = dev->data->rx_queues[q];

		if (rxq != NULL)
			gem_ncr_wait_seq(dev, &rxq->ncr_seq);
	}
	for (q = 0; q < dev->data->nb_tx_queues; q++) {
		struct gem_tx_queue *txq = dev->data->tx_queues[q];

		if (txq != NULL)
			gem_ncr_wait_seq(dev, &txq->ncr_seq);
	}
}

/*
 * Publish what the data path may write, the port's NCR less what hold
 * keeps off, and wait until no write of the old words is under way.
 * Returns the NCR published. ncr_lock held.
 */
static uint32_t
gem_ncr_publish(struct rte_eth_dev *dev, unsigned int hold)
{
	struct gem_adapter *ad = GEM_ADAPTER(dev);
	uint32_t ncr = ad->ncr_want, doorbell;

	if (hold & GEM_HOLD_RX)
		ncr &= ~GEM_NCR_RE;
	if (hold & GEM_HOLD_MAC)
		ncr &= ~(GEM_NCR_RE | GEM_NCR_TE);
	doorbell = ncr;
	if ((ncr & GEM_NCR_TE) && !(hold & GEM_HOLD_TX))
		doorbell |= GEM_NCR_TSTART;
	__atomic_store_n(&ad->ncr, ncr, __ATOMIC_SEQ_CST);
	__atomic_store_n(&ad->doorbell, doorbell, __ATOMIC_SEQ_CST);
	gem_ncr_sync(dev);
	return ncr;
}

void
gem_ncr_init(struct rte_eth_dev *dev, uint32_t ncr)
{
	struct gem_adapter *ad = GEM_ADAPTER(dev);

	rte_spinlock_init(&ad->ncr_lock);
	ad->ncr_want = ncr;
	ad->ncr = ncr;
	ad->doorbell = ncr;
}

void
gem_ncr_write(struct rte_eth_dev *dev, uint32_t ncr)
{
	struct gem_adapter *ad = GEM_ADAPTER(dev);

	rte_spinlock_lock(&ad->ncr_lock);
	ad->ncr_want = ncr;
	gem_wr(gem_regs(dev), GEM_NCR, gem_ncr_publish(dev, 0));
	rte_spinlock_unlock(&ad->ncr_lock);
}

void
gem_ncr_record(struct rte_eth_dev *dev, uint32_t ncr)
{
	struct gem_adapter *ad = GEM_ADAPTER(dev);

	rte_spinlock_lock(&ad->ncr_lock);
	ad->ncr_want = ncr;
	gem_ncr_publish(dev, 0);
	rte_spinlock_unlock(&ad->ncr_lock);
}

uint32_t
gem_ncr_take(struct rte_eth_dev *dev, unsigned int hold)
{
	struct gem_adapter *ad = GEM_ADAPTER(dev);

	rte_spinlock_lock(&ad->ncr_lock);
	ad->ncr_hold = hold;
	return gem_ncr_publish(dev, hold);
}

void
gem_ncr_give(struct rte_eth_dev *dev)
{
	struct gem_adapter *ad = GEM_ADAPTER(dev);
	uint32_t ncr = gem_ncr_publish(dev, 0);

	/* TSTART after TX was held: doorbells were held back, and a TE
	 * set again has sent every queue back to its base. */
	if ((ad->ncr_hold & (GEM_HOLD_TX | GEM_HOLD_MAC)) &&
	    (ncr & GEM_NCR_TE))
		ncr |= GEM_NCR_TSTART;
	ad->ncr_hold = 0;
	gem_wr(gem_regs(dev), GEM_NCR, ncr);
	rte_spinlock_unlock(&ad->ncr_lock);
}
