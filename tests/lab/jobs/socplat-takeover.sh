#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The socplat bus and GEMs the kernel's macb driver holds: left alone unless
# named; taken when named and, with restore=1, given back at exit. Then,
# with vfio-platform-gem made unavailable (removed, so vfio-platform cannot
# autoload it), binding fails with the line that names the module, and the
# device goes back to macb.
set -eu
fail() { echo "socplat-takeover job: FAIL: $*" >&2; exit 1; }
drv() { l=$(readlink "/sys/bus/platform/devices/$1/driver") && basename "$l" || echo none; }
g0=ff0c0000.ethernet g1=ff0d0000.ethernet
log=/tmp/probe.log

lab-setup
modprobe macb
for g in $g0 $g1; do
	[ "$(drv "$g")" = macb ] || fail "$g on $(drv "$g") after modprobe macb"
done

# 1. not named: both left to macb, one line each saying how to take them
socplat-probe -- --expect 0 2>&1 | tee $log
grep -q '^socplat-probe: OK$' $log || fail "unnamed run"
for g in $g0 $g1; do
	grep -qx "socplat: $g: in use by kernel driver macb, left alone; to give it to DPDK name it: -a $g" $log ||
		fail "no notice for $g"
	[ "$(drv "$g")" = macb ] || fail "$g taken without being named"
done

# a secondary never binds: it says so, and leaves macb its device
socplat-probe -- --expect 0 --hold 6 > /tmp/primary.log 2>&1 &
primary=$!
i=0
until grep -q '^socplat-probe: holding' /tmp/primary.log; do
	i=$((i + 1)); [ $i -lt 100 ] || { cat /tmp/primary.log; fail "primary did not come up"; }
	sleep 0.1
done
socplat-probe --proc-type=secondary -a $g0 -- --expect 0 2>&1 | tee $log || true
grep -qx "socplat: $g0: not on vfio-platform (driver: macb) and a secondary process never binds: let the primary process take it (-a $g0 there)" $log ||
	fail "no refusal from the secondary"
[ "$(drv $g0)" = macb ] || fail "$g0 on $(drv $g0) after the secondary"
wait $primary || { cat /tmp/primary.log; fail "primary"; }

# 2. named with restore=1: taken, mapped, given back
socplat-probe --log-level=bus.socplat:info -a $g0,restore=1 -- --expect 1 --mid 0x00020118 --iova pa 2>&1 | tee $log
grep -q '^socplat-probe: OK$' $log || fail "named run"
grep -q "^socplat-probe: $g0 .* kdriver=vfio-platform .* mapped=yes mid=0x00020118 " $log || fail "$g0 not taken"
grep -qx "socplat: $g0: taken from kernel driver macb" $log || fail "no takeover line"
grep -qx "socplat: $g0: given back to kernel driver macb" $log || fail "no give-back line"
[ "$(drv $g0)" = macb ] || fail "$g0 on $(drv $g0) after restore=1, expected macb"
[ "$(drv $g1)" = macb ] || fail "$g1 taken although not named"

# 3. no reset handler: vfio-platform refuses, the bus names the module
rmmod vfio_platform_gem 2>/dev/null || true
rm -f /lib/modules/*/extra/vfio-platform-gem.ko
grep -q '^vfio_platform_gem ' /proc/modules && fail "vfio-platform-gem still loaded"
socplat-probe -a $g0 -- --expect 0 2>&1 | tee $log || true
grep -qx "socplat: $g0: vfio-platform refused the device: no reset handler for \"cdns,zynqmp-gem\" (kernel log: \"No reset function found\"): modprobe vfio-platform-gem" $log ||
	fail "no line naming the reset module"
[ "$(drv $g0)" = macb ] || fail "$g0 on $(drv $g0) after the failed bind, expected macb back"
echo "socplat-takeover job: passed"
