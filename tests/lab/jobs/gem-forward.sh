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
#  3. promiscuous mode off: a foreign MAC is dropped, broadcast and the
#     port's own MAC pass;
#  4. 100 stop/start cycles and 10 close/detach/attach cycles with traffic
#     in between leave the mbuf pool's in-use count where it started;
#  5. jumbo frames: 9000 bytes in 2 KiB mbufs, scattered on RX, in
#     segments on TX;
#  6. the same forwarding on the coherent data path (dma_coherent=1; the
#     board's tree, like mainline ZynqMP's, declares the GEMs
#     non-coherent, so everything above ran with cache maintenance).
set -eu
TP_JOB=gem-forward
TP_LOG=/tmp/testpmd.log
TP_IN=/tmp/testpmd.in
TP_OUT=/tmp/testpmd.out

# testpmd is driven through a fifo: tp CMD sends a command and waits for the
# next prompt. Its prompts (and the echo of each command) are written at
# once, but its output is buffered (stdout is a file) and lands in blocks,
# so a prompt can cut an output line in two. Results are read after it
# quits, from TP_OUT: the log with every "testpmd> command" cut out and the
# line it split joined again, by occurrence: the Kth "show port stats",
# "show port info" or "dump_mempool".

tp_fail() {
	[ -n "${TP_PID:-}" ] && kill -0 "$TP_PID" 2>/dev/null && tp_quit
	echo "---- testpmd output (last 80 lines)"
	tail -n 80 $TP_OUT 2>/dev/null || tail -n 80 $TP_LOG
	echo "$TP_JOB: FAIL: $*" >&2
	exit 1
}

tp_prompts() {
	grep -o 'testpmd> ' $TP_LOG 2>/dev/null | wc -l
}

tp_wait_prompt() { # more than $1 prompts, within $2 s
	local t=0
	while [ "$(tp_prompts)" -le "$1" ]; do
		kill -0 "$TP_PID" 2>/dev/null || { TP_PID=; tp_fail "testpmd died"; }
		t=$((t + 1))
		[ $t -le $(($2 * 10)) ] || tp_fail "no prompt within $2 s"
		sleep 0.1
	done
}

tp_start() { # EAL args -- testpmd args
	rm -f $TP_IN $TP_LOG $TP_OUT
	mkfifo $TP_IN
	dpdk-testpmd "$@" <$TP_IN >$TP_LOG 2>&1 &
	TP_PID=$!
	exec 3>$TP_IN
	tp_wait_prompt 0 120
}

tp() {
	local n
	n=$(tp_prompts)
	echo "$*" >&3
	tp_wait_prompt "$n" 120
}

tp_quit() {
	local t=0
	echo quit >&3
	exec 3>&-
	while kill -0 "$TP_PID" 2>/dev/null; do
		t=$((t + 1))
		[ $t -le 300 ] || { kill -9 "$TP_PID"; break; }
		sleep 0.1
	done
	wait "$TP_PID" || true
	TP_PID=
	awk '{ line = carry $0; carry = "" }
	     (p = index(line, "testpmd> ")) > 0 { carry = substr(line, 1, p - 1); next }
	     { print line }
	     END { if (carry != "") print carry }' $TP_LOG >$TP_OUT
}

tp_stat() { # K PORT FIELD: FIELD of the Kth stats report of PORT
	awk -v k="$1" -v p="$2" -v f="$3:" '
		/NIC statistics for port/ { cur = ($6 == p) ? ++n == k : 0 }
		/Throughput/ { cur = 0 }
		cur { for (i = 1; i < NF; i++) if ($i == f) v = $(i + 1) }
		END { print v }' $TP_OUT
}

tp_info() { # K PORT FIELD: FIELD of the Kth info report of PORT
	awk -v k="$1" -v p="$2" -v f="$3" '
		/Infos for port/ { cur = ($5 == p) ? ++n == k : 0 }
		NF == 0 { cur = 0 }
		cur && index($0, f ": ") == 1 { v = substr($0, length(f) + 3) }
		END { print v }' $TP_OUT
}

tp_in_use() { # K POOL: mbufs in use at the Kth dump: size - pool - caches
	awk -v k="$1" -v pool="$2" '
		/^mempool / { cur = index($0, "<" pool ">") > 0 ? ++n == k : 0 }
		cur && /^  size=/ { split($0, a, "="); size = a[2] }
		cur && /common_pool_count=/ { split($0, a, "="); common = a[2] }
		cur && /total_cache_count=/ { split($0, a, "="); cache = a[2] }
		END { if (size == "") print "?"; else print size - common - cache }' $TP_OUT
}

tp_expect() { # K PORT FIELD WANT WHAT
	local got
	got=$(tp_stat "$1" "$2" "$3")
	[ "$got" = "$4" ] || tp_fail "port $2 $3 is '$got', want $4 ($5)"
	echo "$TP_JOB: port $2 $3 = $got ($5)"
}

gem0=ff0c0000.ethernet
gem1=ff0d0000.ethernet
eal="-l 0-1 -n 1 --no-pci $SOCNIC_PLUGINS"
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
tp clear port stats all
host filter
tp show port stats all				# stats report 2
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
echo "$TP_JOB: 100 stop/start cycles done"
i=0
while [ $i -lt 10 ]; do
	tp stop
	tp port stop all
	tp port close all
	tp device detach $gem0
	tp device detach $gem1
	tp port attach $gem0
	tp port attach $gem1
	tp port start all
	tp start
	sleep 0.5
	i=$((i + 1))
done
echo "$TP_JOB: 10 close/detach/attach cycles done"
lab-wait-host || tp_fail "host step 'cycles' failed"
tp stop
tp port stop all
tp show port info all				# info report 2
tp dump_mempool mb_pool_0			# dump 2
tp_quit

for p in 0 1; do
	for k in 1 2; do
		dev=$(tp_info $k $p "Device name")
		drv=$(tp_info $k $p "Driver name")
		mac=$(tp_info $k $p "MAC address")
		echo "$TP_JOB: port $p (report $k): $dev $drv $mac $(tp_info $k $p "Link speed") $(tp_info $k $p "Link duplex")"
		[ "$drv" = net_gem ] || tp_fail "port $p is driven by '$drv'"
		[ "$mac" = "02:00:00:00:00:0$((p + 1))" ] || tp_fail "port $p MAC $mac is not QEMU's"
	done
	[ "$(tp_info 1 $p "Link speed")" = "1 Gbps" ] &&
	[ "$(tp_info 1 $p "Link duplex")" = full-duplex ] ||
		tp_fail "port $p link is not the tree's fixed-link 1000 full"
done
[ "$(tp_info 1 0 "Device name")" = $gem0 ] || tp_fail "port 0 is not GEM0"
grep -q "random" $TP_OUT && tp_fail "a random MAC was used"

bytes=$(echo 60 61 62 63 64 65 100 127 128 129 255 256 511 512 513 1023 1024 1025 1513 1514 |
	awk '{ for (i = 1; i <= NF; i++) s += $i; print s * 5000 }')
tp_expect 1 0 RX-packets 100000 "frames the host sent into GEM0"
tp_expect 1 0 RX-bytes "$bytes" "bytes the host sent"
tp_expect 1 1 TX-packets 100000 "frames forwarded out of GEM1"
tp_expect 1 1 TX-bytes "$bytes" "bytes forwarded"
for f in RX-errors RX-missed RX-nombuf; do tp_expect 1 0 $f 0 "no drops"; done
tp_expect 1 1 TX-errors 0 "no drops"
tp_expect 2 0 RX-packets 2000 "promiscuous off: broadcast and own MAC only"
tp_expect 2 1 TX-packets 2000 "all of them forwarded"

before=$(tp_in_use 1 mb_pool_0)
after=$(tp_in_use 2 mb_pool_0)
echo "$TP_JOB: mbufs in use with the ports stopped: $before before the cycles, $after after"
[ "$before" = 0 ] || tp_fail "$before mbufs in use with both ports stopped"
[ "$after" = "$before" ] || tp_fail "$after mbufs in use after the cycles, $before before"

# ---- 5. jumbo frames
tp_start $eal -- $fwd --max-pkt-len=9022 --enable-scatter --tx-offloads=0x8000
tp start
tp clear port stats all
host jumbo
tp show port stats all
tp_quit
tp_expect 1 0 RX-packets 2000 "jumbo phase frames in"
tp_expect 1 1 TX-packets 2000 "jumbo phase frames out"
tp_expect 1 0 RX-errors 0 "no bad descriptors"

# ---- 6. the coherent data path
tp_start -l 0-1 -n 1 $SOCNIC_PLUGINS -a $gem0,dma_coherent=1 -a $gem1,dma_coherent=1 -- $fwd
tp start
tp clear port stats all
host mixed
tp show port stats all
tp_quit
grep -q "non-coherent" $TP_OUT && tp_fail "dma_coherent=1 did not select the coherent path"
tp_expect 1 0 RX-packets 100000 "frames in, coherent path"
tp_expect 1 1 TX-packets 100000 "frames out, coherent path"
echo "$TP_JOB: passed"
