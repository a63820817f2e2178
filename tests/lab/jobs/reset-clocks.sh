#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 socnic authors
#
# vfio-platform itself enables no clocks: once macb lets a GEM go (or, with
# macb never loaded, once clk_disable_unused runs at late boot) the GEM's
# clocks are gated, and on silicon its MAC and DMA are dead to DPDK.
# vfio-platform-gem takes every clock in the node's `clocks` from the
# first open until vfio-platform lets the device go. Read in the clock
# framework's enable counts (debugfs, clk/<name>/clk_enable_count), each
# clock as many times as the GEMs' nodes list it:
#  1. no driver on either GEM: the counts C0;
#  2. dpdk-testpmd holding both GEMs (named with -a): C0 plus every listing;
#     after it quits, with the GEMs still on vfio-platform, the same;
#  3. both given back (socnic-bind --unbind): C0 again, nothing leaked;
#  4. macb on both: C1, which is C0 plus every listing again (macb enables
#     them all); GEM0 taken from macb (-a GEM0,restore=1), which
#     drops macb's enables: still C1 while testpmd holds it, and C1 once
#     restore=1 has given it back to macb.
#     Linux 6.12's macb_remove() no longer disables the clocks (6.1's
#     does): there macb's enables for GEM0 stay when it lets GEM0 go, so
#     both counts are C1 plus GEM0's listing.
set -eu
. /lab/lib/lab.sh
. /lab/lib/testpmd.sh
. /lab/lib/clocks.sh
eal="-l 0-1 -n 1 --no-pci $SOCNIC_PLUGINS"

lab-setup
clocks_init

# 1. nobody holds the GEMs
for g in $GEMS; do
	[ "$(driver_of $g)" = none ] || fail "$g starts on $(driver_of $g), expected no driver"
done
c0=$(clock_counts)
echo "$JOB: no driver: $c0"

# 2. DPDK holds both; then it quits and vfio-platform still has them
mark=$(dmesg_mark)
tp_start $eal -a $GEM0 -a $GEM1 -- -i
clocks_expect "$(clocks_plus "$c0" $GEM0_CLOCKS $GEM1_CLOCKS)" "testpmd holding both GEMs"
tp_quit
for g in $GEMS; do
	[ "$(driver_of $g)" = vfio-platform ] || fail "$g on $(driver_of $g) after testpmd, expected vfio-platform"
done
clocks_expect "$(clocks_plus "$c0" $GEM0_CLOCKS $GEM1_CLOCKS)" "testpmd gone, GEMs on vfio-platform"
n=$(echo $GEM0_CLOCKS | wc -w)
dmesg_since $mark | grep -q "$GEM0: $n clocks on while vfio-platform holds the GEM" ||
	fail "vfio-platform-gem did not log the $n clocks of $GEM0 it holds"

# 3. given back
socnic-bind --unbind $GEM0 $GEM1 >/dev/null || fail "socnic-bind --unbind"
clocks_expect "$c0" "both GEMs unbound"

# 4. from macb and back to it
modprobe macb
for g in $GEMS; do
	[ "$(driver_of $g)" = macb ] || fail "$g on $(driver_of $g) after modprobe macb"
done
c1=$(clocks_plus "$c0" $GEM0_CLOCKS $GEM1_CLOCKS)
clocks_expect "$c1" "macb on both GEMs"
case $(uname -r) in
[0-5].*|6.[0-9].*|6.1[01].*) c2=$c1 ;;	# macb_remove() disables them
*) c2=$(clocks_plus "$c1" $GEM0_CLOCKS) ;;	# 6.12: it leaves them on
esac
tp_start $eal -a $GEM0,restore=1 -- -i
[ "$(driver_of $GEM0)" = vfio-platform ] || tp_fail "$GEM0 on $(driver_of $GEM0) under testpmd"
clocks_expect "$c2" "testpmd holding $GEM0 taken from macb"
tp_quit
[ "$(driver_of $GEM0)" = macb ] || fail "$GEM0 on $(driver_of $GEM0) after restore=1, expected macb"
clocks_expect "$c2" "$GEM0 given back to macb"

# macb says at error level that QEMU's GEM model has no PTP: not ours.
bad=$(kernel_complaints $mark | grep -v "GEM doesn't support hardware ptp" || true)
[ -z "$bad" ] || fail "kernel complained: $bad"
echo "$JOB: passed"
