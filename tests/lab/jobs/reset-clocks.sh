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
# QEMU's clocks are fixed clocks that cannot be gated, so a count is all
# this board can show; on silicon a count at zero is a dead GEM.
set -eu
. /lab/lib/lab.sh
. /lab/lib/testpmd.sh
clk=/sys/kernel/debug/clk
eal="-l 0-1 -n 1 --no-pci $SOCNIC_PLUGINS"

lab-setup
grep -q " /sys/kernel/debug " /proc/mounts || mount -t debugfs none /sys/kernel/debug
[ -d $clk ] || fail "no $clk: the kernel lacks COMMON_CLK or DEBUG_FS (cross/kernel.config)"

# cells FILE: a device-tree property as 32-bit cells, one (hex) a line
cells() { od -An -v -tx1 "$1" | xargs -n4 | tr -d ' '; }

# clock_names NODE: the clock each `clocks` entry of NODE names, one a line,
# repeats kept. Only providers with #clock-cells = 0 (QEMU's fixed clocks),
# whose clock the framework names after the node or clock-output-names.
clock_names() {
	local ph node
	for ph in $(cells /proc/device-tree$1/clocks); do
		node=$(for f in $(find /proc/device-tree/ -name phandle); do
			[ "$(cells $f)" = "$ph" ] && dirname $f
		done | head -n 1)
		[ -n "$node" ] || fail "$1: no node has phandle 0x$ph"
		[ "$(cells $node/'#clock-cells')" = 00000000 ] ||
			fail "$node: #clock-cells is not 0; this job reads fixed clocks only"
		if [ -f $node/clock-output-names ]; then
			tr '\0' '\n' < $node/clock-output-names | head -n 1
		else
			basename $node | sed 's/@.*//'
		fi
	done
}
gem0_clocks=$(clock_names $LAB_GEM0_NODE)
gem1_clocks=$(clock_names $LAB_GEM1_NODE)
[ -n "$gem0_clocks" ] && [ -n "$gem1_clocks" ] ||
	fail "the GEMs' nodes list no clocks: nothing to check"
all_clocks=$(printf '%s\n' $gem0_clocks $gem1_clocks | sort -u)
for c in $all_clocks; do
	[ -f $clk/$c/clk_enable_count ] || fail "the clock framework has no clock '$c'"
done
echo "$JOB: $GEM0 clocks:" $gem0_clocks
echo "$JOB: $GEM1 clocks:" $gem1_clocks

# counts: "name=count ..." for every GEM clock
counts() {
	local c
	for c in $all_clocks; do
		printf '%s=%s ' $c $(cat $clk/$c/clk_enable_count)
	done
}
# plus BASE LISTS...: BASE with each clock raised once per listing
plus() {
	local base=$1 c n out=
	shift
	for c in $all_clocks; do
		n=$(printf '%s\n' $base | sed -n "s/^$c=//p")
		n=$((n + $(printf '%s\n' "$@" | grep -cx "$c")))
		out="$out$c=$n "
	done
	echo "$out"
}
expect() { # WANT WHAT
	local got
	got=$(counts)
	[ "$got" = "$1" ] || fail "$2: enable counts '$got', want '$1'"
	echo "$JOB: $2: $got"
}

# 1. nobody holds the GEMs
for g in $GEMS; do
	[ "$(driver_of $g)" = none ] || fail "$g starts on $(driver_of $g), expected no driver"
done
c0=$(counts)
echo "$JOB: no driver: $c0"

# 2. DPDK holds both; then it quits and vfio-platform still has them
mark=$(dmesg_mark)
tp_start $eal -a $GEM0 -a $GEM1 -- -i
expect "$(plus "$c0" $gem0_clocks $gem1_clocks)" "testpmd holding both GEMs"
tp_quit
for g in $GEMS; do
	[ "$(driver_of $g)" = vfio-platform ] || fail "$g on $(driver_of $g) after testpmd, expected vfio-platform"
done
expect "$(plus "$c0" $gem0_clocks $gem1_clocks)" "testpmd gone, GEMs on vfio-platform"
dmesg_since $mark | grep 'clocks' || true

# 3. given back
socnic-bind --unbind $GEM0 $GEM1 >/dev/null || fail "socnic-bind --unbind"
expect "$c0" "both GEMs unbound"

# 4. from macb and back to it
modprobe macb
for g in $GEMS; do
	[ "$(driver_of $g)" = macb ] || fail "$g on $(driver_of $g) after modprobe macb"
done
c1=$(plus "$c0" $gem0_clocks $gem1_clocks)
expect "$c1" "macb on both GEMs"
tp_start $eal -a $GEM0,restore=1 -- -i
[ "$(driver_of $GEM0)" = vfio-platform ] || tp_fail "$GEM0 on $(driver_of $GEM0) under testpmd"
expect "$c1" "testpmd holding $GEM0 taken from macb"
tp_quit
[ "$(driver_of $GEM0)" = macb ] || fail "$GEM0 on $(driver_of $GEM0) after restore=1, expected macb"
expect "$c1" "$GEM0 given back to macb"

# macb says at error level that QEMU's GEM model has no PTP: not ours.
bad=$(kernel_complaints $mark | grep -v "GEM doesn't support hardware ptp" || true)
[ -z "$bad" ] || fail "kernel complained: $bad"
echo "$JOB: passed"
