#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 socnic authors
#
# net_gem on the board, under DPDK's own dpdk-testpmd with socnic's plugins
# ($SOCNIC_PLUGINS), io-forwarding GEM0 <-> GEM1; the host side is
# gem-forward.host. In order:
#  1. both ports probed, with QEMU's MACs (SA1: its tree has no MAC) and
#     the tree's fixed-link, 1000 Mb/s full duplex;
#  2. 100,000 frames of 20 sizes 60..1514 cross, none lost or corrupted,
#     and the port counters equal what the host sent, frames and bytes;
#  3. promiscuous mode off: a foreign MAC and a multicast address not in
#     the port's list are dropped; broadcast, the port's own MAC and a
#     listed multicast address pass; with all-multicast on, any multicast;
#  4. 100 stop/start cycles and 10 close/detach/attach cycles with traffic
#     in between leave the mbuf pool's in-use count where it started;
#  5. jumbo frames: 9000 bytes in 2 KiB mbufs, scattered on RX, in
#     segments on TX; with rx_dirty_max=64, which io forwarding keeps (it
#     writes into no buffer): QEMU's model has no cache to show the risk,
#     the silicon test model does (test_rx_dirty_max_contract);
#  6. the same forwarding on the coherent data path (dma_coherent=1: RX
#     through NEON, as testpmd's show rxq info must say; the
#     board's tree, like mainline ZynqMP's, declares the GEMs
#     non-coherent, so everything above ran with cache maintenance).
set -eu
. /lab/lib/lab.sh
. /lab/lib/testpmd.sh

eal="-l 0-1 -n 1 --no-pci $SOCNIC_PLUGINS -a $GEM0 -a $GEM1"
fwd="-i --forward-mode=io --nb-cores=1"

host() { # run one host step, fail the job if it fails
	lab-ready "$1"
	lab-wait-host || tp_fail "host step '$1' failed"
}

lab-setup

# ---- 1..4 on one testpmd
tp_start $eal -- $fwd
tp show port info all
tp start
tp clear port stats all
host mixed
tp show port stats all				# stats report 1
tp set promisc all off
tp mcast_addr add 0 03:53:4e:00:00:01
tp clear port stats all
host filter
tp show port stats all				# stats report 2
tp set allmulti 0 on
tp clear port stats all
host allmulti
tp show port stats all				# stats report 3
tp set allmulti 0 off
tp set promisc all on
tp stop
tp port stop all
tp dump_mempool mb_pool_0			# dump 1
tp port start all
tp start
lab-ready cycles
i=0
while [ $i -lt 100 ]; do
	tp stop
	tp port stop all
	tp port start all
	tp start
	sleep 0.2
	i=$((i + 1))
done
echo "$JOB: 100 stop/start cycles done"
i=0
while [ $i -lt 10 ]; do
	tp stop
	tp port stop all
	tp port close all
	tp device detach $GEM0
	tp device detach $GEM1
	tp port attach $GEM0
	tp port attach $GEM1
	tp port start all
	tp start
	sleep 0.5
	i=$((i + 1))
done
echo "$JOB: 10 close/detach/attach cycles done"
lab-wait-host || tp_fail "host step 'cycles' failed"
tp stop
tp port stop all
tp show port info all				# info report 2
tp dump_mempool mb_pool_0			# dump 2
tp_quit

for p in 0 1; do
	[ $p = 0 ] && qemu_mac=$LAB_GEM0_MAC || qemu_mac=$LAB_GEM1_MAC
	for k in 1 2; do
		dev=$(tp_info $k $p "Device name")
		drv=$(tp_info $k $p "Driver name")
		mac=$(tp_info $k $p "MAC address")
		echo "$JOB: port $p (report $k): $dev $drv $mac $(tp_info $k $p "Link speed") $(tp_info $k $p "Link duplex")"
		[ "$drv" = net_gem ] || tp_fail "port $p is driven by '$drv'"
		[ "$mac" = "$qemu_mac" ] || tp_fail "port $p MAC $mac is not QEMU's"
	done
	[ "$(tp_info 1 $p "Link speed")" = "1 Gbps" ] &&
	[ "$(tp_info 1 $p "Link duplex")" = full-duplex ] ||
		tp_fail "port $p link is not the tree's fixed-link 1000 full"
done
[ "$(tp_info 1 0 "Device name")" = $GEM0 ] || tp_fail "port 0 is not GEM0"
grep -q "random" $TP_OUT && tp_fail "a random MAC was used"

bytes=$(echo 60 61 62 63 64 65 100 127 128 129 255 256 511 512 513 1023 1024 1025 1513 1514 |
	awk '{ for (i = 1; i <= NF; i++) s += $i; print s * 5000 }')
tp_expect 1 0 RX-packets 100000 "frames the host sent into GEM0"
tp_expect 1 0 RX-bytes "$bytes" "bytes the host sent"
tp_expect 1 1 TX-packets 100000 "frames forwarded out of GEM1"
tp_expect 1 1 TX-bytes "$bytes" "bytes forwarded"
for f in RX-errors RX-missed RX-nombuf; do tp_expect 1 0 $f 0 "no drops"; done
tp_expect 1 1 TX-errors 0 "no drops"
tp_expect 2 0 RX-packets 3000 "promiscuous off: broadcast, own MAC, listed multicast"
tp_expect 2 1 TX-packets 3000 "all of them forwarded"
tp_expect 3 0 RX-packets 1000 "all-multicast: an unlisted multicast address"
tp_expect 3 1 TX-packets 1000 "all of them forwarded"

before=$(tp_in_use 1 mb_pool_0)
after=$(tp_in_use 2 mb_pool_0)
echo "$JOB: mbufs in use with the ports stopped: $before before the cycles, $after after"
[ "$before" = 0 ] || tp_fail "$before mbufs in use with both ports stopped"
[ "$after" = "$before" ] || tp_fail "$after mbufs in use after the cycles, $before before"

# ---- 5. jumbo frames
tp_start -l 0-1 -n 1 --no-pci $SOCNIC_PLUGINS -a $GEM0,rx_dirty_max=64 \
	-a $GEM1,rx_dirty_max=64 -- $fwd --max-pkt-len=9022 --enable-scatter \
	--tx-offloads=0x8000
tp start
tp clear port stats all
host jumbo
tp show port stats all
tp_quit
tp_expect 1 0 RX-packets 2000 "jumbo phase frames in"
tp_expect 1 1 TX-packets 2000 "jumbo phase frames out"
tp_expect 1 0 RX-errors 0 "no bad descriptors"
[ "$(grep -c 'rx_dirty_max=64: RX buffers handed back are invalidated only that far' $TP_OUT)" = 2 ] ||
	tp_fail "rx_dirty_max=64 was not taken by both ports"

# ---- 6. the coherent data path
tp_start -l 0-1 -n 1 $SOCNIC_PLUGINS -a $GEM0,dma_coherent=1 -a $GEM1,dma_coherent=1 -- $fwd
tp start
tp clear port stats all
host mixed
tp show port stats all
tp show rxq info 0 0
tp_quit
grep -q "non-coherent" $TP_OUT && tp_fail "dma_coherent=1 did not select the coherent path"
grep -q "Burst mode: Vector Neon" $TP_OUT ||
	tp_fail "the coherent path on arm64 did not run NEON's RX (testpmd's show rxq info)"
tp_expect 1 0 RX-packets 100000 "frames in, coherent path"
tp_expect 1 1 TX-packets 100000 "frames out, coherent path"
echo "$JOB: passed"
