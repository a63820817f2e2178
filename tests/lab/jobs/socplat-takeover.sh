#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The socplat bus and GEMs the kernel's macb driver holds: left alone unless
# named; taken when named and, with restore=1, given back at exit. A GEM
# whose interface is up with an address is refused even when named, and
# left exactly as it was (same ifindex, address kept); force=1 takes it.
# Then, with vfio-platform-gem made unavailable (removed, so vfio-platform
# cannot autoload it), the bus refuses before unbinding, with the line that
# names the module, and macb's interface is untouched.
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
	grep -qx "socplat: $g: on kernel driver macb, not named or marked socnic,data-plane: left alone (hand it over with -a $g, the DT marker, or socnic-bind --bind $g)" $log ||
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

# 3. in use: GEM1's interface up with an address is refused, untouched
if1=$(netdev_of $GEM1)
ip link set $if1 up
ip addr add 192.0.2.1/24 dev $if1
idx=$(cat /sys/class/net/$if1/ifindex)
socplat-probe -a $GEM1 -- --expect 0 2>&1 | tee $log || true
grep -qx "socplat: $GEM1: $if1 is up with 192.0.2.1/24: the kernel is using it; take it down (ip link set $if1 down, ip addr flush dev $if1), or pass force=1" $log ||
	fail "no in-use refusal"
[ "$(driver_of $GEM1)" = macb ] || fail "$GEM1 on $(driver_of $GEM1) after the refusal"
[ "$(cat /sys/class/net/$if1/ifindex 2>/dev/null)" = "$idx" ] || fail "$if1 was recreated (ifindex changed)"
ip addr show dev $if1 | grep -q 'inet 192.0.2.1/24' || fail "$if1 lost its address"
socplat-probe -a $GEM1,force=1,restore=1 -- --expect 1 2>&1 | tee $log
grep -q '^socplat-probe: OK$' $log || fail "forced run"
grep -qx "socplat: $GEM1: $if1 is up with 192.0.2.1/24: taken anyway (force=1)" $log || fail "no force line"
[ "$(driver_of $GEM1)" = macb ] || fail "$GEM1 on $(driver_of $GEM1) after restore=1, expected macb"

# 4. no reset handler: refused before anything is unbound
if0=$(netdev_of $GEM0)
idx=$(cat /sys/class/net/$if0/ifindex)
rmmod vfio_platform_gem 2>/dev/null || true
rm -f /lib/modules/*/extra/vfio-platform-gem.ko
grep -q '^vfio_platform_gem ' /proc/modules && fail "vfio-platform-gem still loaded"
socplat-probe -a $GEM0 -- --expect 0 2>&1 | tee $log || true
grep -qx "socplat: $GEM0: no reset handler for \"cdns,zynqmp-gem\" is loaded or installed and vfio-platform refuses a device without one: modprobe vfio-platform-gem $RESET_WHY" $log ||
	fail "no line naming the reset module"
[ "$(driver_of $GEM0)" = macb ] || fail "$GEM0 on $(driver_of $GEM0) after the refusal, expected macb"
[ "$(cat /sys/class/net/$if0/ifindex 2>/dev/null)" = "$idx" ] || fail "$if0 was unbound and recreated (ifindex changed)"
echo "$JOB: passed"
