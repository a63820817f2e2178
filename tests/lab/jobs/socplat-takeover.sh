#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The socplat bus and GEMs the kernel's macb driver holds: left alone unless
# named; taken when named and, with restore=1, given back at exit. Then,
# with vfio-platform-gem made unavailable (removed, so vfio-platform cannot
# autoload it), binding fails with the line that names the module, and the
# device goes back to macb.
set -eu
. /lab/lib/lab.sh
log=/tmp/probe.log

lab-setup
modprobe macb
for g in $GEMS; do
	[ "$(driver_of "$g")" = macb ] || fail "$g on $(driver_of "$g") after modprobe macb"
done

# 1. not named: both left to macb, one line each saying how to take them
socplat-probe -- --expect 0 2>&1 | tee $log
grep -q '^socplat-probe: OK$' $log || fail "unnamed run"
for g in $GEMS; do
	grep -qx "socplat: $g: in use by kernel driver macb, left alone; to give it to DPDK name it: -a $g" $log ||
		fail "no notice for $g"
	[ "$(driver_of "$g")" = macb ] || fail "$g taken without being named"
done

# a secondary never binds: it says so, and leaves macb its device
socplat-probe -- --expect 0 --hold 6 > /tmp/primary.log 2>&1 &
primary=$!
wait_for_line /tmp/primary.log '^socplat-probe: holding' 10 $primary ||
	{ cat /tmp/primary.log; fail "primary did not come up"; }
socplat-probe --proc-type=secondary -a $GEM0 -- --expect 0 2>&1 | tee $log || true
grep -qx "socplat: $GEM0: not on vfio-platform (driver: macb) and a secondary process never binds: let the primary process take it (-a $GEM0 there)" $log ||
	fail "no refusal from the secondary"
[ "$(driver_of $GEM0)" = macb ] || fail "$GEM0 on $(driver_of $GEM0) after the secondary"
wait $primary || { cat /tmp/primary.log; fail "primary"; }

# 2. named with restore=1: taken, mapped, given back
socplat-probe --log-level=bus.socplat:info -a $GEM0,restore=1 -- --expect 1 --mid 0x00020118 --iova pa 2>&1 | tee $log
grep -q '^socplat-probe: OK$' $log || fail "named run"
grep -q "^socplat-probe: $GEM0 .* kdriver=vfio-platform .* mapped=yes mid=0x00020118 " $log || fail "$GEM0 not taken"
grep -qx "socplat: $GEM0: taken from kernel driver macb" $log || fail "no takeover line"
grep -qx "socplat: $GEM0: given back to kernel driver macb" $log || fail "no give-back line"
[ "$(driver_of $GEM0)" = macb ] || fail "$GEM0 on $(driver_of $GEM0) after restore=1, expected macb"
[ "$(driver_of $GEM1)" = macb ] || fail "$GEM1 taken although not named"

# 3. no reset handler: vfio-platform refuses, the bus names the module
rmmod vfio_platform_gem 2>/dev/null || true
rm -f /lib/modules/*/extra/vfio-platform-gem.ko
grep -q '^vfio_platform_gem ' /proc/modules && fail "vfio-platform-gem still loaded"
socplat-probe -a $GEM0 -- --expect 0 2>&1 | tee $log || true
grep -qx "socplat: $GEM0: vfio-platform refused the device: no reset handler for \"cdns,zynqmp-gem\" (kernel log: \"No reset function found\"): modprobe vfio-platform-gem" $log ||
	fail "no line naming the reset module"
[ "$(driver_of $GEM0)" = macb ] || fail "$GEM0 on $(driver_of $GEM0) after the failed bind, expected macb back"
echo "$JOB: passed"
