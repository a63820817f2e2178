#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# socnic-fwd's header rewrite, one-way forwarding and promiscuous switch on
# the board, checked byte for byte from the host (fwd-rewrite.host):
#  1. --unidirectional 0 -> 1 with --dst-mac: frames leave GEM1 with the
#     given destination and GEM1's own MAC as source; nothing goes back.
#  2. with --src-mac as well: that source instead.
#  3. --no-promisc: GEM0 takes only frames to its MAC (and broadcast).
set -eu
. /lab/lib/lab.sh
. /lab/lib/fwd.sh

A="-l 0-1 -a $GEM0 -a $GEM1"

lab-setup

echo "== run 1: 0 -> 1 only, destination rewritten"
fwd_start /tmp/fwd1.log $A -- --pairs 0:1 -u --dst-mac 1:02:53:4e:00:00:99 --quiet
grep -q "^socnic-fwd: port 1 sends with destination 02:53:4E:00:00:99, source $LAB_GEM1_MAC\$" $FWD_LOG ||
	fail "rewrite banner"
grep -q "^socnic-fwd: forwarding 0 -> 1 on 1 lcore; " $FWD_LOG || fail "forwarding banner"
host_step dst		# 20 frames checked byte for byte, 500 in bulk
host_step reverse	# 200 frames in at GEM1: none may leave GEM0
fwd_stop INT
expect_row 0 "520 0 0 0"
[ "$(summary_row 1 | cut -d' ' -f2)" = 520 ] || fail "port 1 sent $(summary_row 1 | cut -d' ' -f2), expected 520"

echo "== run 2: source given too"
fwd_start /tmp/fwd2.log $A -- --pairs 0:1 -u --dst-mac 1:02:53:4e:00:00:99 --src-mac 1:02:aa:bb:cc:dd:ee --quiet
grep -q "^socnic-fwd: port 1 sends with destination 02:53:4E:00:00:99, source 02:AA:BB:CC:DD:EE\$" $FWD_LOG ||
	fail "rewrite banner"
host_step src
fwd_stop INT
expect_row 0 "20 0 0 0"

echo "== run 3: promiscuous mode off"
fwd_start /tmp/fwd3.log $A -- --no-promisc --quiet
grep -q "^socnic-fwd: port 0: .*, promiscuous\$" $FWD_LOG && fail "port 0 promiscuous despite --no-promisc"
host_step nopromisc	# 200 frames to another MAC: none out; 400 to GEM0 and broadcast: all out
fwd_stop INT
expect_row 0 "400 0 0 0"
expect_row 1 "0 400 0 0"
echo "$JOB: passed"
