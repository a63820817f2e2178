/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#include <string.h>

#include <rte_alarm.h>

#include "gem_ethdev.h"
#include "gem_hw_ops.h"

/*
 * Port statistics. Packet and byte counts are the queues' own software
 * counters: exactly what was handed to and taken from the application.
 * Errors and the MAC's view come from the hardware counters, folded into
 * 64-bit totals on every read so their 32-bit registers never wrap unseen.
 *
 * GEM counters clear when read; QEMU's model keeps them (and cannot clear
 * them) and stores each 64-bit octet count high word first. Folding works
 * with either: delta = now - last read, last read = 0 when reads clear.
 * Resetting takes a snapshot; nothing is written to the hardware.
 */

struct gem_hw_stat {
	const char *name;
	uint16_t off;
	bool octets;		/* a two-register octet count */
};

static const struct gem_hw_stat gem_hw_stats[] = {
	{ "mac_tx_bytes", GEM_OTX_LO, true },
	{ "mac_tx_packets", GEM_TXCNT, false },
	{ "tx_broadcast_packets", GEM_TXBCCNT, false },
	{ "tx_multicast_packets", GEM_TXMCCNT, false },
	{ "tx_pause_packets", GEM_TXPAUSECNT, false },
	{ "tx_size_64_packets", GEM_TX64CNT, false },
	{ "tx_size_65_to_127_packets", GEM_TX65CNT, false },
	{ "tx_size_128_to_255_packets", GEM_TX128CNT, false },
	{ "tx_size_256_to_511_packets", GEM_TX256CNT, false },
	{ "tx_size_512_to_1023_packets", GEM_TX512CNT, false },
	{ "tx_size_1024_to_1518_packets", GEM_TX1024CNT, false },
	{ "tx_size_1519_to_max_packets", GEM_TX1519CNT, false },
	{ "tx_underrun_errors", GEM_TXURUNCNT, false },
	{ "tx_single_collision_packets", GEM_SNGLCOLLCNT, false },
	{ "tx_multiple_collision_packets", GEM_MULTICOLLCNT, false },
	{ "tx_excessive_collision_errors", GEM_EXCESSCOLLCNT, false },
	{ "tx_late_collision_errors", GEM_LATECOLLCNT, false },
	{ "tx_deferred_packets", GEM_DEFERTXCNT, false },
	{ "tx_carrier_sense_errors", GEM_CSENSECNT, false },
	{ "mac_rx_bytes", GEM_ORX_LO, true },
	{ "mac_rx_packets", GEM_RXCNT, false },
	{ "rx_broadcast_packets", GEM_RXBROADCNT, false },
	{ "rx_multicast_packets", GEM_RXMULTICNT, false },
	{ "rx_pause_packets", GEM_RXPAUSECNT, false },
	{ "rx_size_64_packets", GEM_RX64CNT, false },
	{ "rx_size_65_to_127_packets", GEM_RX65CNT, false },
	{ "rx_size_128_to_255_packets", GEM_RX128CNT, false },
	{ "rx_size_256_to_511_packets", GEM_RX256CNT, false },
	{ "rx_size_512_to_1023_packets", GEM_RX512CNT, false },
	{ "rx_size_1024_to_1518_packets", GEM_RX1024CNT, false },
	{ "rx_size_1519_to_max_packets", GEM_RX1519CNT, false },
	{ "rx_undersize_errors", GEM_RXUNDRCNT, false },
	{ "rx_oversize_errors", GEM_RXOVRCNT, false },
	{ "rx_jabber_errors", GEM_RXJABCNT, false },
	{ "rx_crc_errors", GEM_RXFCSCNT, false },
	{ "rx_length_errors", GEM_RXLENGTHCNT, false },
	{ "rx_symbol_errors", GEM_RXSYMBCNT, false },
	{ "rx_alignment_errors", GEM_RXALIGNCNT, false },
	{ "rx_resource_errors", GEM_RXRESERRCNT, false },
	{ "rx_overrun_errors", GEM_RXORCNT, false },
	{ "rx_ip_checksum_errors", GEM_RXIPCCNT, false },
	{ "rx_tcp_checksum_errors", GEM_RXTCPCCNT, false },
	{ "rx_udp_checksum_errors", GEM_RXUDPCCNT, false },
};

#define GEM_NB_XSTATS_HW RTE_DIM(gem_hw_stats)
/* Software-only port counters that follow the hardware ones. */
enum gem_sw_xstat {
	GEM_SWX_RX_BAD_DESC,
	GEM_SWX_TX_ERRORS,
	GEM_SWX_TX_RESTARTS,
	GEM_SWX_RX_DMA_ERRORS,
	GEM_SWX_TX_DMA_ERRORS,
	GEM_SWX_RX_REARMS,
	GEM_SWX_TX_REARMS,
	GEM_NB_SW_XSTATS
};

static const char * const gem_sw_xstat_names[GEM_NB_SW_XSTATS] = {
	[GEM_SWX_RX_BAD_DESC] = "rx_bad_descriptor_drops",
	/* dropped as invalid, or failed */
	[GEM_SWX_TX_ERRORS] = "tx_driver_errors",
	/* TSTART again: the TX restart race */
	[GEM_SWX_TX_RESTARTS] = "tx_restarts",
	/* RSR.HRESP seen (gem_dma_err.c) */
	[GEM_SWX_RX_DMA_ERRORS] = "rx_dma_errors",
	/* TSR.HRESP, BEX or UND seen */
	[GEM_SWX_TX_DMA_ERRORS] = "tx_dma_errors",
	/* queues re-armed after one */
	[GEM_SWX_RX_REARMS] = "rx_queue_rearms",
	[GEM_SWX_TX_REARMS] = "tx_queue_rearms",
};
#define GEM_NB_XSTATS (GEM_NB_XSTATS_HW + GEM_NB_SW_XSTATS)

static_assert(RTE_DIM(gem_hw_stats) <= GEM_NB_HW_STATS,
	      "gem_adapter's counter arrays are too small");

/* Index of a counter by register, for the stats_get sums. */
static unsigned int
gem_stat_idx(uint16_t off)
{
	unsigned int i;

	for (i = 0; i < GEM_NB_XSTATS_HW; i++)
		if (gem_hw_stats[i].off == off)
			return i;
	RTE_VERIFY(0);
	return 0;
}

static uint64_t
gem_read_octets(const struct gem_adapter *ad, void *regs, uint16_t off)
{
	uint32_t first = gem_rd(regs, off);
	uint32_t second = gem_rd(regs, off + 4);

	if (ad->stats_octets_swapped)
		return (uint64_t)first << 32 | second;
	return (uint64_t)second << 32 | first;
}

void
gem_stats_fold(struct rte_eth_dev *dev)
{
	struct gem_adapter *ad = GEM_ADAPTER(dev);
	void *regs = gem_regs(dev);
	unsigned int i;

	rte_spinlock_lock(&ad->stats_lock);
	for (i = 0; i < GEM_NB_XSTATS_HW; i++) {
		const struct gem_hw_stat *s = &gem_hw_stats[i];
		uint64_t now, delta;

		if (s->octets) {
			now = gem_read_octets(ad, regs, s->off);
			delta = now - ad->hw_last[i];
		} else {
			now = gem_rd(regs, s->off);
			delta = (uint32_t)(now - ad->hw_last[i]);
		}
		ad->hw_total[i] += delta;
		ad->hw_last[i] = ad->stats_clear_on_read ? 0 : now;
	}
	rte_spinlock_unlock(&ad->stats_lock);
}

/*
 * A 32-bit frame counter wraps in about 48 minutes at 1 Gb/s line rate
 * (1.49 Mpps), and every fold takes at most one wrap: fold on an alarm
 * while the port runs, well inside that, whether anyone reads the
 * statistics or not.
 */
#define GEM_STATS_FOLD_US (60 * 1000 * 1000)

void
gem_stats_alarm(void *arg)
{
	struct rte_eth_dev *dev = arg;

	gem_stats_fold(dev);
	if (rte_eal_alarm_set(GEM_STATS_FOLD_US, gem_stats_alarm, dev) != 0)
		GEM_PLOG(WARNING, dev, "cannot re-arm the statistics alarm: read the statistics at least every 40 minutes, or 32-bit counters wrap unseen");
}

void
gem_stats_timer(struct rte_eth_dev *dev, bool on)
{
	if (!on) {
		rte_eal_alarm_cancel(gem_stats_alarm, dev);
		return;
	}
	if (rte_eal_alarm_set(GEM_STATS_FOLD_US, gem_stats_alarm, dev) != 0)
		GEM_PLOG(WARNING, dev, "cannot set the statistics alarm: read the statistics at least every 40 minutes, or 32-bit counters wrap unseen");
}

/*
 * Whether the counters keep their value when read: QEMU's model lets a
 * counter be written and then reads it back, twice; a GEM ignores the write
 * (NCR.WESTAT is clear) or clears the counter on the first read. The pause
 * counter is used because nothing here ever sends a pause frame.
 */
bool
gem_stats_probe_sticky(void *regs)
{
	const uint32_t mark = 0x5a5a;
	uint32_t first, second;

	gem_wr(regs, GEM_TXPAUSECNT, mark);
	first = gem_rd(regs, GEM_TXPAUSECNT);
	second = gem_rd(regs, GEM_TXPAUSECNT);
	if (first == mark && second == mark) {
		gem_wr(regs, GEM_TXPAUSECNT, 0);
		return true;
	}
	return false;
}

/* Start counting from now: whatever the counters hold predates us. */
void
gem_stats_init(struct rte_eth_dev *dev)
{
	struct gem_adapter *ad = GEM_ADAPTER(dev);

	rte_spinlock_init(&ad->stats_lock);
	ad->stats_clear_on_read = !gem_stats_probe_sticky(gem_regs(dev));
	/* The only GEM known to keep its counters is QEMU's, whose octet
	 * counts are stored high word first. */
	ad->stats_octets_swapped = !ad->stats_clear_on_read;
	memset(ad->hw_last, 0, sizeof(ad->hw_last));
	gem_stats_fold(dev);
	memset(ad->hw_total, 0, sizeof(ad->hw_total));
	memset(ad->hw_base, 0, sizeof(ad->hw_base));
}

static uint64_t
gem_hw(const struct gem_adapter *ad, uint16_t off)
{
	unsigned int i = gem_stat_idx(off);

	return ad->hw_total[i] - ad->hw_base[i];
}

int
gem_stats_get(struct rte_eth_dev *dev, struct rte_eth_stats *stats)
{
	struct gem_adapter *ad = GEM_ADAPTER(dev);
	uint64_t bad_desc = 0, nombuf = 0, tx_errors = 0;
	unsigned int q;

	gem_stats_fold(dev);

	for (q = 0; q < dev->data->nb_rx_queues; q++) {
		const struct gem_rx_queue *rxq = dev->data->rx_queues[q];

		if (rxq == NULL)
			continue;
		stats->ipackets += rxq->rx_packets;
		stats->ibytes += rxq->rx_bytes;
		bad_desc += rxq->rx_bad_desc;
		nombuf += rxq->rx_nombuf;
		if (q < RTE_ETHDEV_QUEUE_STAT_CNTRS) {
			stats->q_ipackets[q] = rxq->rx_packets;
			stats->q_ibytes[q] = rxq->rx_bytes;
			stats->q_errors[q] = rxq->rx_bad_desc;
		}
	}
	for (q = 0; q < dev->data->nb_tx_queues; q++) {
		const struct gem_tx_queue *txq = dev->data->tx_queues[q];

		if (txq == NULL)
			continue;
		stats->opackets += txq->tx_packets;
		stats->obytes += txq->tx_bytes;
		tx_errors += txq->tx_errors;
		if (q < RTE_ETHDEV_QUEUE_STAT_CNTRS) {
			stats->q_opackets[q] = txq->tx_packets;
			stats->q_obytes[q] = txq->tx_bytes;
		}
	}

	rte_spinlock_lock(&ad->stats_lock);
	/* Frames the MAC had to drop for want of a descriptor or bandwidth. */
	stats->imissed = gem_hw(ad, GEM_RXRESERRCNT) + gem_hw(ad, GEM_RXORCNT);
	stats->ierrors = gem_hw(ad, GEM_RXFCSCNT) +
			 gem_hw(ad, GEM_RXLENGTHCNT) +
			 gem_hw(ad, GEM_RXSYMBCNT) +
			 gem_hw(ad, GEM_RXALIGNCNT) +
			 gem_hw(ad, GEM_RXJABCNT) +
			 gem_hw(ad, GEM_RXUNDRCNT) +
			 gem_hw(ad, GEM_RXOVRCNT) +
			 gem_hw(ad, GEM_RXIPCCNT) +
			 gem_hw(ad, GEM_RXTCPCCNT) +
			 gem_hw(ad, GEM_RXUDPCCNT) + bad_desc;
	stats->oerrors = gem_hw(ad, GEM_TXURUNCNT) +
			 gem_hw(ad, GEM_LATECOLLCNT) +
			 gem_hw(ad, GEM_EXCESSCOLLCNT) + tx_errors;
	rte_spinlock_unlock(&ad->stats_lock);
	stats->rx_nombuf = nombuf;
	return 0;
}

int
gem_stats_reset(struct rte_eth_dev *dev)
{
	struct gem_adapter *ad = GEM_ADAPTER(dev);
	unsigned int q;

	gem_stats_fold(dev);
	rte_spinlock_lock(&ad->stats_lock);
	memcpy(ad->hw_base, ad->hw_total, sizeof(ad->hw_base));
	rte_spinlock_unlock(&ad->stats_lock);
	__atomic_store_n(&ad->rx_dma_errors, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&ad->tx_dma_errors, 0, __ATOMIC_RELAXED);

	for (q = 0; q < dev->data->nb_rx_queues; q++) {
		struct gem_rx_queue *rxq = dev->data->rx_queues[q];

		if (rxq == NULL)
			continue;
		rxq->rx_packets = 0;
		rxq->rx_bytes = 0;
		rxq->rx_bad_desc = 0;
		rxq->rx_nombuf = 0;
		rxq->rx_rearms = 0;
	}
	for (q = 0; q < dev->data->nb_tx_queues; q++) {
		struct gem_tx_queue *txq = dev->data->tx_queues[q];

		if (txq == NULL)
			continue;
		txq->tx_packets = 0;
		txq->tx_bytes = 0;
		txq->tx_errors = 0;
		txq->tx_restarts = 0;
		txq->tx_rearms = 0;
	}
	return 0;
}

int
gem_xstats_get_names(struct rte_eth_dev *dev __rte_unused,
		     struct rte_eth_xstat_name *names, unsigned int size)
{
	unsigned int i;

	if (names == NULL || size < GEM_NB_XSTATS)
		return GEM_NB_XSTATS;
	for (i = 0; i < GEM_NB_XSTATS_HW; i++)
		strlcpy(names[i].name, gem_hw_stats[i].name,
			sizeof(names[i].name));
	for (i = 0; i < RTE_DIM(gem_sw_xstat_names); i++)
		strlcpy(names[GEM_NB_XSTATS_HW + i].name,
			gem_sw_xstat_names[i], sizeof(names[0].name));
	return GEM_NB_XSTATS;
}

int
gem_xstats_get(struct rte_eth_dev *dev, struct rte_eth_xstat *xstats,
	       unsigned int n)
{
	struct gem_adapter *ad = GEM_ADAPTER(dev);
	uint64_t sw[GEM_NB_SW_XSTATS] = { 0 };
	unsigned int i, q;

	if (xstats == NULL || n < GEM_NB_XSTATS)
		return GEM_NB_XSTATS;
	gem_stats_fold(dev);
	rte_spinlock_lock(&ad->stats_lock);
	for (i = 0; i < GEM_NB_XSTATS_HW; i++) {
		xstats[i].id = i;
		xstats[i].value = ad->hw_total[i] - ad->hw_base[i];
	}
	rte_spinlock_unlock(&ad->stats_lock);

	for (q = 0; q < dev->data->nb_rx_queues; q++) {
		const struct gem_rx_queue *rxq = dev->data->rx_queues[q];

		if (rxq != NULL) {
			sw[GEM_SWX_RX_BAD_DESC] += rxq->rx_bad_desc;
			sw[GEM_SWX_RX_REARMS] += rxq->rx_rearms;
		}
	}
	for (q = 0; q < dev->data->nb_tx_queues; q++) {
		const struct gem_tx_queue *txq = dev->data->tx_queues[q];

		if (txq != NULL) {
			sw[GEM_SWX_TX_ERRORS] += txq->tx_errors;
			sw[GEM_SWX_TX_RESTARTS] += txq->tx_restarts;
			sw[GEM_SWX_TX_REARMS] += txq->tx_rearms;
		}
	}
	sw[GEM_SWX_RX_DMA_ERRORS] = __atomic_load_n(&ad->rx_dma_errors, __ATOMIC_RELAXED);
	sw[GEM_SWX_TX_DMA_ERRORS] = __atomic_load_n(&ad->tx_dma_errors, __ATOMIC_RELAXED);
	for (q = 0; q < RTE_DIM(sw); q++, i++) {
		xstats[i].id = i;
		xstats[i].value = sw[q];
	}
	return GEM_NB_XSTATS;
}
