/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef GEM_HW_H
#define GEM_HW_H

/*
 * Cadence GEM: register offsets, their fields and the DMA descriptor layout.
 * Everything socnic knows about the hardware lives here and only here; the
 * PMD, the vfio-platform reset module (kernel) and the tools all include
 * this file, so it holds macros and one plain struct, nothing that needs a
 * library. Offsets sit
 * at column 0 with their fields indented beneath. A multi-bit field FOO is a
 * FOO_SHIFT/FOO_WIDTH pair used through GEM_GET/GEM_SET/GEM_MASK, so no
 * shift or mask is written twice.
 *
 * Sources: the Zynq UltraScale+ TRM register reference as summarised by
 * Linux's macb.h, and the behaviour of QEMU's cadence_gem model.
 */

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdint.h>
#endif

#define GEM_MASK(f)      (((1u << f##_WIDTH) - 1u) << f##_SHIFT)
#define GEM_GET(f, v)    (((v) >> f##_SHIFT) & ((1u << f##_WIDTH) - 1u))
#define GEM_SET(f, v)    (((v) << f##_SHIFT) & GEM_MASK(f))
#define GEM_BIT32(n)     (1u << (n))

#define GEM_NCR            0x000	/* network control */
#define   GEM_NCR_LLB        GEM_BIT32(1)	/* local loopback */
#define   GEM_NCR_RE         GEM_BIT32(2)	/* receive enable */
#define   GEM_NCR_TE         GEM_BIT32(3)	/* transmit enable */
#define   GEM_NCR_MPE        GEM_BIT32(4)	/* management port (MDIO) enable */
#define   GEM_NCR_CLRSTAT    GEM_BIT32(5)	/* clear statistics */
#define   GEM_NCR_WESTAT     GEM_BIT32(7)	/* statistics registers writable */
#define   GEM_NCR_TSTART     GEM_BIT32(9)	/* start transmission */
#define   GEM_NCR_THALT      GEM_BIT32(10)	/* halt transmission */

#define GEM_NCFGR          0x004	/* network configuration */
#define   GEM_NCFGR_SPD      GEM_BIT32(0)	/* 100 Mb/s */
#define   GEM_NCFGR_FD       GEM_BIT32(1)	/* full duplex */
#define   GEM_NCFGR_JFRAME   GEM_BIT32(3)	/* jumbo frames up to JML */
#define   GEM_NCFGR_CAF      GEM_BIT32(4)	/* copy all frames (promiscuous) */
#define   GEM_NCFGR_NBC      GEM_BIT32(5)	/* no broadcast */
#define   GEM_NCFGR_MTIHEN   GEM_BIT32(6)	/* multicast hash enable */
#define   GEM_NCFGR_UNIHEN   GEM_BIT32(7)	/* unicast hash enable */
#define   GEM_NCFGR_BIG      GEM_BIT32(8)	/* receive 1536-byte frames */
#define   GEM_NCFGR_GBE      GEM_BIT32(10)	/* gigabit mode */
#define   GEM_NCFGR_PCSSEL   GEM_BIT32(11)	/* the PCS (SGMII, 1000BASE-X), not (R)GMII */
#define   GEM_NCFGR_RBOF_SHIFT  14	/* receive buffer offset, bytes */
#define   GEM_NCFGR_RBOF_WIDTH  2
#define   GEM_NCFGR_RLCE     GEM_BIT32(16)	/* discard frames with length error */
#define   GEM_NCFGR_DRFCS    GEM_BIT32(17)	/* strip FCS before DMA */
#define   GEM_NCFGR_CLK_SHIFT   18	/* MDC divisor */
#define   GEM_NCFGR_CLK_WIDTH   3
#define     GEM_NCFGR_CLK_DIV224  7	/* slowest MDC: safe for any pclk up to 560 MHz */
#define   GEM_NCFGR_DBW_SHIFT   21	/* data bus width */
#define   GEM_NCFGR_DBW_WIDTH   2
#define     GEM_NCFGR_DBW32       0
#define     GEM_NCFGR_DBW64       1
#define     GEM_NCFGR_DBW128      2
#define   GEM_NCFGR_RXCOEN   GEM_BIT32(24)	/* RX checksum offload */
#define   GEM_NCFGR_SGMIIEN  GEM_BIT32(27)	/* the PCS in SGMII mode */

#define GEM_NSR            0x008	/* network status */
#define   GEM_NSR_LINK       GEM_BIT32(0)
#define   GEM_NSR_MDIO_IDLE  GEM_BIT32(2)

#define GEM_DMACFG         0x010	/* DMA configuration */
#define   GEM_DMACFG_FBLDO_SHIFT   0	/* AHB fixed burst length */
#define   GEM_DMACFG_FBLDO_WIDTH   5
#define     GEM_DMACFG_FBLDO_INCR16  16
#define   GEM_DMACFG_RXBMS_SHIFT   8	/* RX packet buffer size */
#define   GEM_DMACFG_RXBMS_WIDTH   2
#define     GEM_DMACFG_RXBMS_FULL  3
#define   GEM_DMACFG_TXPBMS  GEM_BIT32(10)	/* full TX packet buffer */
#define   GEM_DMACFG_TXCOEN  GEM_BIT32(11)	/* TX checksum offload */
#define   GEM_DMACFG_RXBS_SHIFT    16	/* RX buffer size, 64-byte units */
#define   GEM_DMACFG_RXBS_WIDTH    8
#define     GEM_DMACFG_RXBS_UNIT   64
#define     GEM_DMACFG_RXBS_MAX    255
#define   GEM_DMACFG_RXEXT   GEM_BIT32(28)	/* RX descriptor timestamp words */
#define   GEM_DMACFG_TXEXT   GEM_BIT32(29)	/* TX descriptor timestamp words */
#define   GEM_DMACFG_ADDR64  GEM_BIT32(30)	/* 64-bit descriptor addresses */

#define GEM_TSR            0x014	/* transmit status, write 1 to clear */
#define   GEM_TSR_UBR        GEM_BIT32(0)	/* used bit read */
#define   GEM_TSR_COL        GEM_BIT32(1)
#define   GEM_TSR_RLE        GEM_BIT32(2)	/* retry limit exceeded */
#define   GEM_TSR_TGO        GEM_BIT32(3)	/* transmit in progress */
#define   GEM_TSR_BEX        GEM_BIT32(4)	/* frame corrupted: bus error or buffers exhausted */
#define   GEM_TSR_COMP       GEM_BIT32(5)	/* frame transmitted */
#define   GEM_TSR_UND        GEM_BIT32(6)	/* underrun */
#define   GEM_TSR_LCO        GEM_BIT32(7)	/* late collision */
#define   GEM_TSR_HRESP      GEM_BIT32(8)	/* DMA bus error (bresp/hresp not OK) */
#define   GEM_TSR_ALL        0x1ffu
/* What stops the transmitter until its queue is re-armed. */
#define   GEM_TSR_DMA_ERRORS (GEM_TSR_BEX | GEM_TSR_UND | GEM_TSR_HRESP)

#define GEM_RBQP           0x018	/* queue 0 RX ring base, low 32 bits */
#define GEM_TBQP           0x01c	/* queue 0 TX ring base, low 32 bits */

#define GEM_RSR            0x020	/* receive status, write 1 to clear */
#define   GEM_RSR_BNA        GEM_BIT32(0)	/* buffer not available */
#define   GEM_RSR_REC        GEM_BIT32(1)	/* frame received */
#define   GEM_RSR_OVR        GEM_BIT32(2)	/* overrun */
#define   GEM_RSR_HRESP      GEM_BIT32(3)	/* DMA bus error (bresp/hresp not OK) */
#define   GEM_RSR_ALL        0x0fu

#define GEM_ISR            0x024	/* queue 0 interrupt status */
#define GEM_IER            0x028	/* queue 0 interrupt enable */
#define GEM_IDR            0x02c	/* queue 0 interrupt disable */
#define GEM_IMR            0x030	/* queue 0 interrupt mask (1 = masked) */
#define   GEM_INT_RCOMP      GEM_BIT32(1)	/* frame received */
#define   GEM_INT_RXUBR      GEM_BIT32(2)	/* RX used bit read */
#define   GEM_INT_TXUBR      GEM_BIT32(3)	/* TX used bit read */
#define   GEM_INT_TUND       GEM_BIT32(4)	/* TX underrun */
#define   GEM_INT_RLE        GEM_BIT32(5)	/* retry limit exceeded */
#define   GEM_INT_TXERR      GEM_BIT32(6)	/* TX AHB error */
#define   GEM_INT_TCOMP      GEM_BIT32(7)	/* frame transmitted */
#define   GEM_INT_LINK       GEM_BIT32(9)
#define   GEM_INT_ROVR       GEM_BIT32(10)	/* RX overrun */
#define   GEM_INT_HRESP      GEM_BIT32(11)	/* DMA bus error */
#define   GEM_INT_ALL        0xffffffffu

#define GEM_MAN            0x034	/* PHY maintenance (MDIO) */
#define   GEM_MAN_DATA_SHIFT   0
#define   GEM_MAN_DATA_WIDTH   16
#define   GEM_MAN_CODE_SHIFT   16	/* must be 2 */
#define   GEM_MAN_CODE_WIDTH   2
#define     GEM_MAN_CODE_VALUE 2
#define   GEM_MAN_REGA_SHIFT   18
#define   GEM_MAN_REGA_WIDTH   5
#define   GEM_MAN_PHYA_SHIFT   23
#define   GEM_MAN_PHYA_WIDTH   5
#define   GEM_MAN_RW_SHIFT     28
#define   GEM_MAN_RW_WIDTH     2
#define     GEM_MAN_RW_READ    2
#define     GEM_MAN_RW_WRITE   1
#define   GEM_MAN_SOF_SHIFT    30	/* clause 22 start of frame: 1 */
#define   GEM_MAN_SOF_WIDTH    2
#define     GEM_MAN_SOF_C22    1

#define GEM_JML            0x048	/* jumbo frame max length */
#define   GEM_JML_MAX        10240

#define GEM_HRB            0x080	/* hash bottom: bits 31:0 */
#define GEM_HRT            0x084	/* hash top: bits 63:32 */
#define GEM_SAB(i)         (0x088 + 8 * (i))	/* specific address i (0..3) bytes 0-3 */
#define GEM_SAT(i)         (0x08c + 8 * (i))	/* bytes 4-5; writing enables filter i */
#define GEM_NUM_SA         4

#define GEM_MID            0x0fc	/* module ID */
#define   GEM_MID_IDNUM_SHIFT  16
#define   GEM_MID_IDNUM_WIDTH  12
#define     GEM_MID_IDNUM_GEM  2	/* >= 2: GEM; below: 10/100 MACB */

/* Statistics: not clear-on-read; 64-bit octet counters in two words. */
#define GEM_OTX_LO         0x100	/* octets transmitted */
#define GEM_OTX_HI         0x104
#define GEM_TXCNT          0x108	/* frames transmitted */
#define GEM_TXBCCNT        0x10c	/* broadcast frames transmitted */
#define GEM_TXMCCNT        0x110	/* multicast frames transmitted */
#define GEM_TXPAUSECNT     0x114
#define GEM_TX64CNT        0x118	/* frames up to 64 bytes */
#define GEM_TX65CNT        0x11c	/* 65..127 */
#define GEM_TX128CNT       0x120	/* 128..255 */
#define GEM_TX256CNT       0x124	/* 256..511 */
#define GEM_TX512CNT       0x128	/* 512..1023 */
#define GEM_TX1024CNT      0x12c	/* 1024..1518 */
#define GEM_TX1519CNT      0x130	/* 1519 and longer */
#define GEM_TXURUNCNT      0x134	/* underruns */
#define GEM_SNGLCOLLCNT    0x138	/* single collision frames */
#define GEM_MULTICOLLCNT   0x13c	/* multiple collision frames */
#define GEM_EXCESSCOLLCNT  0x140	/* excessive collisions */
#define GEM_LATECOLLCNT    0x144	/* late collisions */
#define GEM_DEFERTXCNT     0x148	/* deferred transmissions */
#define GEM_CSENSECNT      0x14c	/* carrier sense errors */
#define GEM_ORX_LO         0x150	/* octets received */
#define GEM_ORX_HI         0x154
#define GEM_RXCNT          0x158	/* frames received */
#define GEM_RXBROADCNT     0x15c
#define GEM_RXMULTICNT     0x160
#define GEM_RXPAUSECNT     0x164
#define GEM_RX64CNT        0x168	/* frames up to 64 bytes */
#define GEM_RX65CNT        0x16c	/* 65..127 */
#define GEM_RX128CNT       0x170	/* 128..255 */
#define GEM_RX256CNT       0x174	/* 256..511 */
#define GEM_RX512CNT       0x178	/* 512..1023 */
#define GEM_RX1024CNT      0x17c	/* 1024..1518 */
#define GEM_RX1519CNT      0x180	/* 1519 and longer */
#define GEM_RXUNDRCNT      0x184	/* undersize */
#define GEM_RXOVRCNT       0x188	/* oversize */
#define GEM_RXJABCNT       0x18c	/* jabbers */
#define GEM_RXFCSCNT       0x190	/* FCS errors */
#define GEM_RXLENGTHCNT    0x194	/* length field errors */
#define GEM_RXSYMBCNT      0x198	/* symbol errors */
#define GEM_RXALIGNCNT     0x19c	/* alignment errors */
#define GEM_RXRESERRCNT    0x1a0	/* resource errors (no descriptor) */
#define GEM_RXORCNT        0x1a4	/* overruns */
#define GEM_RXIPCCNT       0x1a8	/* IP header checksum errors */
#define GEM_RXTCPCCNT      0x1ac	/* TCP checksum errors */
#define GEM_RXUDPCCNT      0x1b0	/* UDP checksum errors */
#define GEM_STATS_FIRST    GEM_OTX_LO
#define GEM_STATS_LAST     GEM_RXUDPCCNT

#define GEM_DCFG1          0x280	/* design configuration 1 */
#define   GEM_DCFG1_IRQCOR   GEM_BIT32(23)	/* ISR is clear-on-read */
#define   GEM_DCFG1_DBWDEF_SHIFT 25
#define   GEM_DCFG1_DBWDEF_WIDTH 3
#define GEM_DCFG2          0x284
#define   GEM_DCFG2_JML_SHIFT    0	/* longest jumbo frame the design takes */
#define   GEM_DCFG2_JML_WIDTH    16
#define   GEM_DCFG2_RX_PKT_BUFF GEM_BIT32(20)	/* 0: FIFO mode, no RX csum offload */
#define   GEM_DCFG2_TX_PKT_BUFF GEM_BIT32(21)	/* 0: FIFO mode, no TX csum offload */
#define GEM_DCFG6          0x294
#define   GEM_DCFG6_QUEUES_SHIFT 0	/* bit q set: priority queue q exists */
#define   GEM_DCFG6_QUEUES_WIDTH 8
#define   GEM_DCFG6_DAW64    GEM_BIT32(23)	/* 64-bit DMA addressing */
#define GEM_DCFG10         0x2a4
#define   GEM_DCFG10_RXBD_RDBUFF_SHIFT 8	/* RX descriptor prefetch: */
#define   GEM_DCFG10_RXBD_RDBUFF_WIDTH 4	/* 2^n descriptors, 0: none */
#define   GEM_DCFG10_TXBD_RDBUFF_SHIFT 12	/* TX descriptor prefetch */
#define   GEM_DCFG10_TXBD_RDBUFF_WIDTH 4

/* Priority queues 1..7 (queue 0 uses the registers above). */
#define GEM_MAX_QUEUES     8
/* Queue q's copy of a per-queue register: queue 0 has the base offsets. */
#define GEM_QREG(name, q)  ((q) == 0 ? name : name##_Q(q))
#define GEM_ISR_Q(q)       (0x400 + 4 * ((q) - 1))
#define GEM_TBQP_Q(q)      (0x440 + 4 * ((q) - 1))
#define GEM_RBQP_Q(q)      (0x480 + 4 * ((q) - 1))
#define GEM_RBQS_Q(q)      (0x4a0 + 4 * ((q) - 1))	/* RX buffer size, 64 B units */
#define GEM_IER_Q(q)       (0x600 + 4 * ((q) - 1))
#define GEM_IDR_Q(q)       (0x620 + 4 * ((q) - 1))
#define GEM_IMR_Q(q)       (0x640 + 4 * ((q) - 1))
/* Upper 32 bits of every ring base: one register shared by all queues. */
#define GEM_TBQPH          0x4c8
#define GEM_RBQPH          0x4d4

/*
 * Queue steering (screeners). A frame goes to the queue of the first type 1
 * screener that matches, else of the first type 2, else to queue 0; a
 * screener matches when every check it enables matches. How many of each
 * the design has is in DCFG8 (QEMU's model leaves DCFG8 at 0).
 */
#define GEM_DCFG8          0x29c
#define   GEM_DCFG8_SCR2CMP_SHIFT 0	/* type 2 compare registers */
#define   GEM_DCFG8_SCR2CMP_WIDTH 8
#define   GEM_DCFG8_SCR2ETH_SHIFT 8	/* type 2 EtherType registers */
#define   GEM_DCFG8_SCR2ETH_WIDTH 8
#define   GEM_DCFG8_T2SCR_SHIFT   16	/* type 2 screeners */
#define   GEM_DCFG8_T2SCR_WIDTH   8
#define   GEM_DCFG8_T1SCR_SHIFT   24	/* type 1 screeners */
#define   GEM_DCFG8_T1SCR_WIDTH   8
/* The most the register map has room for (the index fields' widths). */
#define GEM_SCRT1_MAX      16
#define GEM_SCRT2_MAX      16
#define GEM_SCRT2_ETYPE_MAX 8
#define GEM_SCRT2_CMP_MAX  32
#define GEM_SCRT1(i)       (0x500 + 4 * (i))	/* type 1: DS/TC field or UDP port */
#define   GEM_SCRT1_QUEUE_SHIFT    0
#define   GEM_SCRT1_QUEUE_WIDTH    4
#define   GEM_SCRT1_DSTC_SHIFT     4	/* the IPv4 TOS byte, whole */
#define   GEM_SCRT1_DSTC_WIDTH     8
#define   GEM_SCRT1_UDP_SHIFT      12	/* UDP destination port */
#define   GEM_SCRT1_UDP_WIDTH      16
#define   GEM_SCRT1_DSTC_EN  GEM_BIT32(28)
#define   GEM_SCRT1_UDP_EN   GEM_BIT32(29)
#define GEM_SCRT2(i)       (0x540 + 4 * (i))	/* type 2: ethertype / compare */
#define   GEM_SCRT2_QUEUE_SHIFT    0
#define   GEM_SCRT2_QUEUE_WIDTH    4
#define   GEM_SCRT2_VLANPR_SHIFT   4	/* VLAN priority (PCP) */
#define   GEM_SCRT2_VLANPR_WIDTH   3
#define   GEM_SCRT2_VLAN_EN  GEM_BIT32(8)
#define   GEM_SCRT2_ETYPE_IDX_SHIFT 9
#define   GEM_SCRT2_ETYPE_IDX_WIDTH 3
#define   GEM_SCRT2_ETYPE_EN GEM_BIT32(12)
/* Compares A, B and C: a compare register index and its enable, each. */
#define   GEM_SCRT2_CMP_IDX_SHIFT(n) (13 + 6 * (n))
#define   GEM_SCRT2_CMP_IDX_WIDTH  5
#define   GEM_SCRT2_CMP_EN(n) GEM_BIT32(18 + 6 * (n))
#define   GEM_SCRT2_NB_CMP   3
#define GEM_SCRT2_ETYPE(i) (0x6e0 + 4 * (i))	/* EtherType a type 2 screener matches */
/*
 * A compare register: the frame's bytes at an offset from a base, taken
 * first byte lowest (so a big-endian field reads as it lies in memory on a
 * little-endian CPU). 16-bit: value in W0 31:16 under the mask in 15:0;
 * with DISMSK, 32 bits against all of W0.
 */
#define GEM_SCRT2_CMP_W0(i) (0x700 + 8 * (i))
#define   GEM_T2CMPW0_MASK_SHIFT   0
#define   GEM_T2CMPW0_MASK_WIDTH   16
#define   GEM_T2CMPW0_VALUE_SHIFT  16
#define   GEM_T2CMPW0_VALUE_WIDTH  16
#define GEM_SCRT2_CMP_W1(i) (0x704 + 8 * (i))
#define   GEM_T2CMPW1_OFFSET_SHIFT 0	/* bytes after the base */
#define   GEM_T2CMPW1_OFFSET_WIDTH 7
#define   GEM_T2CMPW1_BASE_SHIFT   7
#define   GEM_T2CMPW1_BASE_WIDTH   2
#define     GEM_T2CMP_BASE_SOF     0	/* start of frame */
#define     GEM_T2CMP_BASE_ETYPE   1	/* after the EtherType: the L3 header */
#define     GEM_T2CMP_BASE_L4      2	/* after the IP header */
#define     GEM_T2CMP_BASE_L4DATA  3	/* after the TCP/UDP header */
#define   GEM_T2CMPW1_DISMSK GEM_BIT32(9)	/* 32-bit compare, no mask */

/*
 * DMA descriptors: two little-endian 32-bit words, four with ADDR64 (word 2
 * holds address bits 63:32, word 3 is reserved). 8-byte rings use addr and
 * ctrl only; the ring stride, not the struct's size, says which.
 *   RX addr: buffer address 31:2 | WRAP | USED (set by hardware on fill)
 *   RX ctrl: length and status, written by hardware
 *   TX addr: buffer address 31:0
 *   TX ctrl: length | LAST | WRAP | USED (set by hardware when sent)
 * Rings are allocated longer than they are: silicon reads ahead past the
 * WRAP descriptor by its prefetch depth (DCFG10; Linux's macb pads by it),
 * and on completion QEMU's model rewrites 24 bytes at a frame's first
 * descriptor whatever the descriptor size (GEM_RING_PAD at least).
 */
struct gem_desc {
	uint32_t addr;
	uint32_t ctrl;
	uint32_t addr_hi;	/* ADDR64 only: address 63:32 */
	uint32_t reserved;	/* ADDR64 only */
};

#define GEM_DESC_SIZE_32   8
#define GEM_DESC_SIZE_64   16
#define GEM_RING_PAD       16

/* RX word 0: owned by software once USED is set. */
#define GEM_RX_W0_USED       GEM_BIT32(0)
#define GEM_RX_W0_WRAP       GEM_BIT32(1)
#define GEM_RX_W0_ADDR_MASK  0xfffffffcu
/* RX word 1: written by hardware. */
#define GEM_RX_W1_LEN_SHIFT   0
#define GEM_RX_W1_LEN_WIDTH   13
#define GEM_RX_W1_LENJ_SHIFT  0	/* with jumbo frames enabled */
#define GEM_RX_W1_LENJ_WIDTH  14
#define GEM_RX_W1_SOF        GEM_BIT32(14)
#define GEM_RX_W1_EOF        GEM_BIT32(15)
#define GEM_RX_W1_CSUM_SHIFT  22
#define GEM_RX_W1_CSUM_WIDTH  2
#define   GEM_RX_CSUM_NONE      0
#define   GEM_RX_CSUM_IP        1
#define   GEM_RX_CSUM_IP_TCP    2
#define   GEM_RX_CSUM_IP_UDP    3
#define GEM_RX_W1_BCAST      GEM_BIT32(31)

/* TX word 0: buffer address bits 31:0. TX word 1: */
#define GEM_TX_W1_LEN_SHIFT   0
#define GEM_TX_W1_LEN_WIDTH   14
#define GEM_TX_W1_LAST       GEM_BIT32(15)
#define GEM_TX_W1_NOCRC      GEM_BIT32(16)
#define GEM_TX_W1_LCO        GEM_BIT32(26)	/* late collision */
#define GEM_TX_W1_BEX        GEM_BIT32(27)	/* corrupted: bus error, buffers exhausted */
#define GEM_TX_W1_UND        GEM_BIT32(28)	/* underrun */
#define GEM_TX_W1_RLE        GEM_BIT32(29)	/* retry limit exceeded */
#define GEM_TX_W1_ERR_MASK   (GEM_TX_W1_LCO | GEM_TX_W1_BEX | GEM_TX_W1_UND | \
			      GEM_TX_W1_RLE)
#define GEM_TX_W1_WRAP       GEM_BIT32(30)
#define GEM_TX_W1_USED       GEM_BIT32(31)	/* 1: owned by software */

/*
 * The park area: one safe descriptor of each kind, where every queue that
 * has no ring of its own points (and every queue once quiesced). RX word 0
 * is USED|WRAP, TX word 1 is USED|WRAP, everything else 0; the slots are
 * wide enough for either descriptor size. gem_park_fill() writes it.
 */
#define GEM_PARK_SLOT      64
#define GEM_PARK_RX_OFF    0
#define GEM_PARK_TX_OFF    GEM_PARK_SLOT
#define GEM_PARK_BYTES     (2 * GEM_PARK_SLOT)

#endif /* GEM_HW_H */
