# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 socnic authors
#
# Sourced by the reset-clock* lab jobs: the GEMs' clocks as the clock
# framework counts their enables (debugfs). Needs lab.sh.
#   clocks_init          mount debugfs; sets GEM0_CLOCKS, GEM1_CLOCKS (the
#                        clock each `clocks` entry of the node names,
#                        repeats kept) and ALL_CLOCKS (each once)
#   clock_counts         "name=count ..." for every clock in ALL_CLOCKS
#   clocks_plus BASE NAME...
#                        BASE (clock_counts' form) with each clock raised
#                        once per NAME
#   clocks_expect WANT WHAT
#                        fail unless clock_counts is WANT
# Only providers with #clock-cells = 0 (QEMU's fixed clocks), whose clock
# the framework names after the node or its clock-output-names. QEMU's
# fixed clocks cannot be gated, so a count is all this board can show; on
# silicon a count at zero is a dead GEM.

CLK_DEBUGFS=/sys/kernel/debug/clk

# cells FILE: a device-tree property as 32-bit cells, one (hex) a line
cells() { od -An -v -tx1 "$1" | xargs -n4 | tr -d ' '; }

# clock_names NODE: the clock each `clocks` entry of NODE names, one a line
clock_names() {
	local ph node
	for ph in $(cells /proc/device-tree$1/clocks); do
		node=$(for f in $(find /proc/device-tree/ -name phandle); do
			[ "$(cells $f)" = "$ph" ] && dirname $f
		done | head -n 1)
		[ -n "$node" ] || fail "$1: no node has phandle 0x$ph"
		[ "$(cells $node/'#clock-cells')" = 00000000 ] ||
			fail "$node: #clock-cells is not 0; these jobs read fixed clocks only"
		if [ -f $node/clock-output-names ]; then
			tr '\0' '\n' < $node/clock-output-names | head -n 1
		else
			basename $node | sed 's/@.*//'
		fi
	done
}

clocks_init() {
	local c
	grep -q " /sys/kernel/debug " /proc/mounts || mount -t debugfs none /sys/kernel/debug
	[ -d $CLK_DEBUGFS ] ||
		fail "no $CLK_DEBUGFS: the kernel lacks COMMON_CLK or DEBUG_FS (cross/kernel.config)"
	GEM0_CLOCKS=$(clock_names $LAB_GEM0_NODE)
	GEM1_CLOCKS=$(clock_names $LAB_GEM1_NODE)
	[ -n "$GEM0_CLOCKS" ] && [ -n "$GEM1_CLOCKS" ] ||
		fail "the GEMs' nodes list no clocks: nothing to check"
	ALL_CLOCKS=$(printf '%s\n' $GEM0_CLOCKS $GEM1_CLOCKS | sort -u)
	for c in $ALL_CLOCKS; do
		[ -f $CLK_DEBUGFS/$c/clk_enable_count ] ||
			fail "the clock framework has no clock '$c'"
	done
	echo "$JOB: $GEM0 clocks:" $GEM0_CLOCKS
	echo "$JOB: $GEM1 clocks:" $GEM1_CLOCKS
}

clock_counts() {
	local c
	for c in $ALL_CLOCKS; do
		printf '%s=%s ' $c $(cat $CLK_DEBUGFS/$c/clk_enable_count)
	done
}

clocks_plus() {
	local base=$1 c n out=
	shift
	for c in $ALL_CLOCKS; do
		n=$(printf '%s\n' $base | sed -n "s/^$c=//p")
		n=$((n + $(printf '%s\n' "$@" | grep -cx "$c")))
		out="$out$c=$n "
	done
	echo "$out"
}

clocks_expect() {
	local got
	got=$(clock_counts)
	[ "$got" = "$1" ] || fail "$2: enable counts '$got', want '$1'"
	echo "$JOB: $2: $got"
}
