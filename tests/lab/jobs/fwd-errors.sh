#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# socnic-fwd refusing to start, each time with a non-zero status and one line
# naming the cause and the fix: bad options (before EAL), no ports (GEMs on
# macb and not named), an odd number of ports, a pair naming a missing port,
# no forwarding lcore, and too few hugepages for the mbuf pool.
set -eu
. /lab/lib/lab.sh

# expect STATUS LINE ARGS...: socnic-fwd ARGS exits STATUS and prints LINE.
expect() {
	want_rc=$1 want=$2; shift 2
	rc=0
	socnic-fwd "$@" >/tmp/out 2>&1 </dev/null || rc=$?
	grep '^socnic-fwd: ' /tmp/out || true
	[ $rc = "$want_rc" ] || { cat /tmp/out; fail "socnic-fwd $*: exit $rc, expected $want_rc"; }
	grep -qxF "socnic-fwd: $want" /tmp/out || { cat /tmp/out; fail "socnic-fwd $*: no line '$want'"; }
}

lab-setup

echo "== options are checked before EAL"
expect 2 "--queues '0': want a number 1..16" -l 0-1 -- --queues 0
expect 2 "unknown option '--frob' (EAL options go before '--', ours after it; see --help)" -- --frob
rc=0
socnic-fwd --help >/tmp/out 2>&1 || rc=$?
[ $rc = 0 ] && grep -q "^Usage: socnic-fwd \[EAL options\] -- \[options\]\$" /tmp/out || fail "--help"

echo "== no ports: the GEMs are on macb and were not named with -a"
modprobe macb
sleep 1
expect 1 "no ports: is the NIC bound to vfio-platform (socnic-bind --status) and did you pass -a?" -l 0-1
socnic-bind --bind $GEMS

echo "== one port"
expect 1 "1 port found, pairing needs an even number: name the pairs (e.g. --pairs 0:1, or 0:0 to send frames back out of the port they came in on) or allow more ports with -a" \
	-l 0-1 -a $GEM0
echo "== a pair naming a port that is not there"
expect 1 "--pairs 0:5: there is no port 5 (ports found: 0 1; allow more devices with -a)" \
	-l 0-1 -a $GEM0 -a $GEM1 -- --pairs 0:5
echo "== one lcore"
expect 1 "no forwarding lcore: give EAL two or more lcores (e.g. -l 0-1): the first prints stats, the others forward" \
	-l 0 -a $GEM0 -a $GEM1

echo "== too few hugepages for the pool"
# 8 MiB, and rings that need more (--duration: should it start, it stops).
echo 4 > /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages
rc=0
socnic-fwd -l 0-1 -a $GEM0 -a $GEM1 -- -q 2 --rxd 4096 --txd 4096 --duration 2 >/tmp/out 2>&1 || rc=$?
grep '^socnic-fwd: ' /tmp/out || true
[ $rc = 1 ] || { cat /tmp/out; fail "with 4 hugepages: exit $rc, expected 1"; }
grep -Eq "^socnic-fwd: (cannot create the pool of [0-9]+ mbufs \([0-9.]+ MiB\): .*: reserve more hugepages \(echo 512 > /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages\) or lower --rxd/--txd/--queues|EAL initialisation failed \(.*\): reserve hugepages .*)\$" /tmp/out ||
	{ cat /tmp/out; fail "no line naming hugepages"; }

echo "== and with enough, it runs"
echo 256 > /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages
socnic-fwd -l 0-1 -a $GEM0 -a $GEM1 -- --duration 1 --quiet >/tmp/out 2>&1 || { cat /tmp/out; fail "run after the failures"; }
grep -q "^socnic-fwd: summary after .* (--duration reached)\$" /tmp/out || fail "no summary"
echo "$JOB: passed"
