#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 socnic authors
#
# net_gem in a DPDK secondary process. A primary dpdk-testpmd owns both
# GEMs with two queues each and has GEM0 steer the host's frames (EtherType
# 0x88b5) to RX queue 1 (devarg ethertype_rxq). Forwarding is split between
# processes by queue (--num-procs 2): the primary polls queue 0, a secondary
# dpdk-testpmd queue 1. Every frame the host sends (gem-secondary.host)
# must cross through the secondary, whose port statistics, read through
# its own mapping of the registers, must show them.
set -eu
. /lab/lib/lab.sh
. /lab/lib/testpmd.sh

count=20000
mp="--rxq=2 --txq=2 --num-procs=2 --forward-mode=io --nb-cores=1"

lab-setup

dpdk-testpmd -l 0-1 -n 1 --proc-type=primary $SOCNIC_PLUGINS \
	-a $GEM0,ethertype_rxq=0x88b5:1 -a $GEM1 -- \
	$mp --proc-id=0 --stats-period 3600 >/tmp/primary.log 2>&1 &
primary=$!
wait_for_line /tmp/primary.log "io packet forwarding" 120 $primary ||
	{ cat /tmp/primary.log; tp_fail "the primary did not start forwarding"; }
echo "$JOB: primary forwarding on queue 0"

# Its own lcore ids (2, 3) on the board's two CPUs: lcore ids index
# per-lcore mempool caches shared by both processes.
tp_start --lcores=2@0,3@1 -n 1 --proc-type=secondary $SOCNIC_PLUGINS -- \
	-i $mp --proc-id=1
tp start
tp clear port stats all
lab-ready secondary
lab-wait-host || tp_fail "the host's frames did not all cross"
tp show port stats all
tp show port xstats 0
tp stop
tp_quit
kill -INT $primary
wait $primary || true

tp_expect 1 0 RX-packets $count "frames in, counted by the secondary"
tp_expect 1 1 TX-packets $count "frames out, counted by the secondary"
q1=$(awk '$1 == "rx_q1_packets:" { v = $2 } END { print v }' $TP_OUT)
echo "$JOB: port 0 rx_q1_packets = $q1"
[ "$q1" = $count ] || tp_fail "port 0 queue 1 received '$q1' frames, want $count: steering to queue 1 did not happen"
echo "$JOB: passed"
