#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 socnic authors
#
# rte_flow on net_gem under DPDK's own dpdk-testpmd: two RX queues a port,
# io-forwarding GEM0 <-> GEM1; the host side is gem-flow.host. In order:
#  1. "flow validate" of a DROP rule is refused with the driver's reason;
#  2. "flow create ... udp dst is 5000 ... queue index 1": of the host's
#     UDP frames to port 5000 (every 10th with a wrong checksum) and to port
#     6000, the first all arrive on GEM0's RX queue 1, the others on queue
#     0 (per-queue counters), and all cross unchanged (the host checks every
#     frame, checksums and TTL included);
#  3. "flow destroy": port 5000 lands on queue 0 again;
#  4. "flow create ... eth type is 0x88b5 ... queue index 1", then
#     "flow flush": the host's plain frames on queue 1, then on queue 0.
set -eu
. /lab/lib/lab.sh
. /lab/lib/testpmd.sh

eal="-l 0-1 -n 1 --no-pci $SOCNIC_PLUGINS -a $GEM0 -a $GEM1"

host() { # run one host step, fail the job if it fails
	lab-ready "$1"
	lab-wait-host || tp_fail "host step '$1' failed"
}

xstat() { # K NAME: NAME in the Kth "show port xstats 0"
	awk -v k="$1" -v f="$2:" '
		/NIC extended statistics for port 0/ { n++ }
		n == k && $1 == f { v = $2 }
		END { print v }' $TP_OUT
}

expect_q() { # K QUEUE WANT WHAT
	local got
	got=$(xstat "$1" "rx_q$2_packets")
	[ "$got" = "$3" ] || tp_fail "phase $1: port 0 RX queue $2 got '$got' frames, want $3 ($4)"
	echo "$JOB: phase $1: port 0 rx_q$2_packets = $got ($4)"
}

lab-setup
tp_start $eal -- -i --rxq=2 --txq=2 --forward-mode=io --nb-cores=1
tp flow validate 0 ingress pattern eth / ipv4 / udp dst is 5000 / end actions drop / end
tp flow create 0 ingress pattern eth / ipv4 / udp dst is 5000 / end actions queue index 1 / end
tp flow list 0
tp start
tp clear port xstats 0
host udp
tp show port xstats 0				# 1
tp flow destroy 0 rule 0
tp clear port xstats 0
host udp5000
tp show port xstats 0				# 2
tp flow create 0 ingress pattern eth type is 0x88b5 / end actions queue index 1 / end
tp clear port xstats 0
host plain
tp show port xstats 0				# 3
tp flow flush 0
tp clear port xstats 0
host plain
tp show port xstats 0				# 4
tp stop
tp_quit

grep -q "DROP: GEM screeners only choose a queue" $TP_OUT ||
	tp_fail "flow validate of DROP did not give the driver's reason"
grep -q "Flow rule #0 created" $TP_OUT || tp_fail "the UDP rule was not created"
expect_q 1 1 3000 "UDP to port 5000, steered"
expect_q 1 0 2000 "UDP to port 6000, not steered"
expect_q 2 0 1000 "UDP to port 5000 once the rule is destroyed"
expect_q 2 1 0 "nothing steered once the rule is destroyed"
expect_q 3 1 1000 "EtherType 0x88b5, steered"
expect_q 3 0 0 "nothing else"
expect_q 4 0 1000 "EtherType 0x88b5 after flush"
expect_q 4 1 0 "nothing steered after flush"
echo "$JOB: passed"
