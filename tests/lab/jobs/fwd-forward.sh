#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# socnic-fwd forwarding between the two GEMs, driven and checked from the
# host (fwd-forward.host): every frame out of one GEM came in on the other,
# none lost or corrupted; the live line shows the traffic each second; a
# SIGINT (and, in a second run with two queues, a SIGTERM) stops it with exit 0 and a
# summary whose per-port totals are exactly what the host sent.
set -eu
. /lab/lib/lab.sh
. /lab/lib/fwd.sh

A="-l 0-1 -a $GEM0 -a $GEM1"

lab-setup

echo "== run 1: 0 <-> 1, one queue, stopped by SIGINT"
fwd_start /tmp/fwd1.log $A -- --interval 1
grep -q "^socnic-fwd: port 0: $GEM0 (net_gem) $LAB_GEM0_MAC, Link up" $FWD_LOG || fail "port 0 banner"
grep -q "^socnic-fwd: port 1: $GEM1 (net_gem) $LAB_GEM1_MAC, Link up" $FWD_LOG || fail "port 1 banner"
grep -q "^socnic-fwd: forwarding 0 <-> 1 on 1 lcore; " $FWD_LOG || fail "forwarding banner"
host_step out		# 3000 frames in at GEM0 over 3 s, checked out of GEM1
host_step back		# 2000 frames in at GEM1 over 2 s, checked out of GEM0
sleep 2.2		# a whole interval with no traffic: an idle line
fwd_stop INT
# The live view: a line per second, traffic in both directions seen.
lines=$(grep -c '^ *[0-9]*\.[0-9] s  port 0 rx .* | port 1 rx ' $FWD_LOG)
[ "$lines" -ge 3 ] || fail "only $lines live lines"
grep -Eq '^ *[0-9.]+ s  port 0 rx [1-9][0-9.]* k?pps [0-9.]+ [kM]?bit/s tx .* \| port 1 rx .* tx [1-9][0-9.]* k?pps' $FWD_LOG ||
	fail "no live line shows GEM0 -> GEM1 traffic"
grep -Eq '\| port 1 rx [1-9][0-9.]* k?pps .* drop 0 nombuf 0$' $FWD_LOG ||
	fail "no live line shows GEM1 -> GEM0 traffic"
grep -Eq '^ *[0-9.]+ s  port 0 rx 0 pps 0 bit/s tx 0 pps 0 bit/s drop 0 nombuf 0 \| port 1 rx 0 pps 0 bit/s tx 0 pps 0 bit/s drop 0 nombuf 0$' $FWD_LOG ||
	fail "no idle live line after the traffic"
expect_row 0 "3000 2000 0 0"
expect_row 1 "2000 3000 0 0"
expect_row total "5000 5000 0 0"

echo "== run 2: two queues per port, smaller rings and bursts, unpaced traffic, stopped by SIGTERM"
fwd_start /tmp/fwd2.log $A -- -q 2 --burst 8 --rxd 128 --txd 128 --quiet
grep -q "^socnic-fwd: port 0: .* 2 queues, 128 RX / 128 TX descriptors" $FWD_LOG || fail "port 0 with 2 queues"
grep -q "^socnic-fwd: lcore 1: 0/0->1/0 1/0->0/0 0/1->1/1 1/1->0/1\$" $FWD_LOG || fail "streams"
host_step out-fast	# 2000 frames, up to 64 in flight
host_step back-fast	# 1500 frames, up to 64 in flight
fwd_stop TERM
grep -q ' s  port 0 rx ' $FWD_LOG && fail "--quiet printed live lines"
expect_row 0 "2000 1500 0 0"
expect_row 1 "1500 2000 0 0"
echo "$JOB: passed"
