#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 socnic authors
#
# A GEM whose clocks cannot all be enabled (reset-clock-missing.run: GEM1's
# clock-names names a tsu_clk its `clocks` lacks). An open of GEM1 must
# fail with one kernel error line naming the clock and the fix, its
# registers untouched (no reset logged for it), and none of its clocks left
# enabled while it stays on vfio-platform (the four it could get are given
# back at once). Then dpdk-testpmd names both GEMs: GEM0 is taken as usual,
# its clocks counted while testpmd holds it; GEM1 is no port.
set -eu
. /lab/lib/lab.sh
. /lab/lib/testpmd.sh
. /lab/lib/clocks.sh
eal="-l 0-1 -n 1 --no-pci $SOCNIC_PLUGINS"

tr '\0' ' ' < /proc/device-tree$LAB_GEM1_NODE/clock-names | grep -q tsu_clk ||
	fail "GEM1's clock-names has no tsu_clk: was the board booted with reset-clock-missing.run's tree?"
lab-setup
clocks_init
c0=$(clock_counts)
echo "$JOB: no driver: $c0"

line="<3>.* vfio-platform $GEM1: clock 'tsu_clk' of $LAB_GEM1_NODE cannot be enabled (-[A-Z0-9]*): a GEM without its clocks is dead; load the clock provider's driver, or fix the node's clocks\$"

# 1. GEM1 alone, left bound to vfio-platform: an open fails, and GEM1's
# four good clocks are not left enabled (devres would keep them to unbind)
mark=$(dmesg_mark)
bind_vfio $GEM1 || fail "$GEM1 did not bind to vfio-platform"
gem-reset-check --inspect $GEM1 >/tmp/check.log 2>&1 &&
	{ cat /tmp/check.log; fail "$GEM1 opened without its clocks"; }
dmesg_since $mark | grep "$GEM1" || true
[ "$(dmesg_since $mark | grep -c "$line")" = 1 ] ||
	fail "no single error line naming $GEM1's tsu_clk and the fix"
dmesg_since $mark | grep "$GEM1" | grep -q "GEM reset" &&
	fail "$GEM1 was reset (its registers touched) without its clocks"
[ "$(driver_of $GEM1)" = vfio-platform ] || fail "$GEM1 left vfio-platform"
clocks_expect "$c0" "$GEM1 on vfio-platform after its failed open"

# 2. both named to dpdk-testpmd: GEM0 taken, GEM1 refused
tp_start $eal -a $GEM0 -a $GEM1 -- -i
tp show port summary all
clocks_expect "$(clocks_plus "$c0" $GEM0_CLOCKS)" "testpmd holding $GEM0, $GEM1 refused"
tp_quit
grep -Eq "^0 +([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2} +$GEM0 +net_gem" $TP_OUT ||
	tp_fail "port 0 is not $GEM0 on net_gem"
grep -Eq "^1 .*$GEM1" $TP_OUT && tp_fail "$GEM1 became a port without its clocks"
echo "$JOB: passed"
