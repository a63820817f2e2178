#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 socnic authors
#
# The data-plane marker (dts/README.md, drivers/bus_platform/README.md) on
# the board booted with QEMU's tree plus socnic-versal-virt-data-plane.dtbo
# (lab run --dtb), which marks GEM1 and leaves GEM0 to the kernel.
# dpdk-testpmd with the plugins and no -a must take GEM1 alone: from no
# driver, then from macb (the marker is the board's consent); GEM0 stays
# where it was, with the line saying how to take it. Named with -a, GEM0 is
# taken (and given back with restore=1) while GEM1 is left alone.
set -eu
. /lab/lib/lab.sh
log=/tmp/testpmd.log

[ -f /proc/device-tree$LAB_GEM1_NODE/socnic,data-plane ] ||
	fail "GEM1 carries no socnic,data-plane in the booted tree: was the board booted with the overlay (--dtb)?"
[ -e /proc/device-tree$LAB_GEM0_NODE/socnic,data-plane ] &&
	fail "GEM0 carries socnic,data-plane in the booted tree; the overlay marks GEM1 only"

lab-setup
case "$SOCNIC_PLUGINS" in
*librte_net_gem.so*) ;;
*) fail "net_gem is not among the plugins ($SOCNIC_PLUGINS): build drivers/net/gem" ;;
esac

# testpmd ARGS...: the ports it got, then quit; the log is in $log
testpmd() {
	printf 'show port summary all\nquit\n' |
		dpdk-testpmd $SOCNIC_PLUGINS "$@" -- -i >$log 2>&1 || true
	cat $log
}
# exactly one port, port 0 on device $1
one_port() {
	n=$(sed -n 's/^Number of available ports: //p' $log)
	[ "$n" = 1 ] || fail "testpmd has '$n' port(s), want 1 ($1)"
	grep -Eq "^0 +([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2} +$1 +net_gem" $log ||
		fail "port 0 is not $1 on net_gem"
}
has_line() { grep -qx "$1" $log || fail "no line: $1"; }
left0() { # ON: GEM0's one line ("free" or "on kernel driver macb")
	has_line "socplat: $GEM0: $1, not named or marked socnic,data-plane: left alone (hand it over with -a $GEM0, the DT marker, or socnic-bind --bind $GEM0)"
	[ "$(grep -c "socplat: $GEM0:" $log)" = 1 ] || fail "$GEM0 got more than one line"
}

# 1. both GEMs free: GEM1 bound and used, GEM0 not touched
for g in $GEMS; do
	[ "$(driver_of "$g")" = none ] || fail "$g starts on $(driver_of "$g"), expected no driver"
done
testpmd
one_port $GEM1
left0 free
[ "$(driver_of $GEM0)" = none ] || fail "$GEM0 on $(driver_of $GEM0) after a run without -a, expected no driver"
[ "$(driver_of $GEM1)" = vfio-platform ] || fail "$GEM1 on $(driver_of $GEM1), expected vfio-platform"

# 2. both GEMs on macb: GEM1 taken from it without -a, GEM0 stays macb's
echo $GEM1 > /sys/bus/platform/drivers/vfio-platform/unbind
echo > /sys/bus/platform/devices/$GEM1/driver_override
modprobe macb
for g in $GEMS; do
	[ "$(driver_of "$g")" = macb ] || fail "$g on $(driver_of "$g") after modprobe macb"
done
testpmd
one_port $GEM1
has_line "socplat: $GEM1: marked socnic,data-plane: taking it from macb"
has_line "socplat: $GEM1: taken from kernel driver macb"
left0 "on kernel driver macb"
[ "$(driver_of $GEM0)" = macb ] || fail "$GEM0 on $(driver_of $GEM0) after a run without -a, expected macb"
[ "$(driver_of $GEM1)" = vfio-platform ] || fail "$GEM1 on $(driver_of $GEM1), expected vfio-platform"

# 3. named: the unmarked GEM0 taken from macb and given back at exit; the
# marked GEM1 is outside the allow list and left as it is
testpmd -a $GEM0,restore=1
one_port $GEM0
has_line "socplat: $GEM0: not marked socnic,data-plane, taken because it was named"
has_line "socplat: $GEM0: taken from kernel driver macb"
grep -q "socplat: $GEM1:" $log && fail "$GEM1 was looked at although -a names only $GEM0"
[ "$(driver_of $GEM0)" = macb ] || fail "$GEM0 on $(driver_of $GEM0) after restore=1, expected macb"
[ "$(driver_of $GEM1)" = vfio-platform ] || fail "$GEM1 on $(driver_of $GEM1), expected vfio-platform still"
echo "$JOB: passed"
