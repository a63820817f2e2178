#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 socnic authors
#
# DPDK's own l2fwd example, built from the board's DPDK source, forwarding
# GEM0 <-> GEM1 through net_gem. Promiscuous mode on (-P: the host's test
# frames are not addressed to the ports' MACs, and without it the GEM's
# address filter drops them, as it should); MAC rewriting off, so every
# frame must come back byte for byte. The host (dpdk-l2fwd.host) sends
# test frames of 18 sizes and IPv4/UDP and TCP frames (every 10th with a
# wrong checksum, which must arrive still wrong) both ways, and checks
# every frame: none lost, none corrupted.
set -eu
. /lab/lib/lab.sh

lab-setup
dpdk-l2fwd -l 0-1 -n 1 --no-pci $SOCNIC_PLUGINS -a $GEM0 -a $GEM1 -- \
	-p 0x3 -P -T 0 --no-mac-updating >/tmp/l2fwd.log 2>&1 &
pid=$!
wait_for_line /tmp/l2fwd.log "entering main loop" 120 $pid ||
	{ cat /tmp/l2fwd.log; fail "dpdk-l2fwd did not start forwarding"; }
lab-ready traffic
rc=0
lab-wait-host || rc=$?
kill -INT $pid
wait $pid || true
cat /tmp/l2fwd.log
[ $rc = 0 ] || fail "the host's frames did not all cross dpdk-l2fwd unchanged"
echo "$JOB: passed"
