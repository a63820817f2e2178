#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# socnic-bind on the board: status (text and JSON) of the two GEMs as they
# change hands: unbound, bound to vfio-platform, refused while a process
# holds the VFIO group, unbound, taken by macb, bound by interface name,
# restored to macb. Every step is checked against sysfs itself.
set -eu
. /lab/lib/lab.sh
group() { basename "$(readlink "/sys/bus/platform/devices/$1/iommu_group")"; }
status() { socnic-bind --status | tee /tmp/status; }
# The --status section a device is listed under.
section_of() {
	awk -v d="$1" '/^Platform NICs using vfio-platform/ {s="vfio"}
		/^Platform NICs using a kernel driver/ {s="kernel"}
		/^Unbound platform NICs/ {s="unbound"}
		$1 == d {print s}' /tmp/status
}

lab-setup

echo "== 1. after lab-setup: both unbound, viable through no-IOMMU mode"
socnic-bind | tee /tmp/list
grep -q "^$GEM0\$" /tmp/list || fail "--list does not show $GEM0"
grep -q "^  compatible   cdns,zynqmp-gem cdns,gem\$" /tmp/list || fail "--list compatibles"
grep -q "^  viable       yes: no IOMMU group, and VFIO's no-IOMMU mode is on" /tmp/list || fail "--list viability"
grep -q "^  reset        yes: vfio-platform-gem is loaded and handles cdns,zynqmp-gem\$" /tmp/list || fail "--list reset handler"
status
for g in $GEMS; do
	[ "$(section_of $g)" = unbound ] || fail "$g listed under '$(section_of $g)', expected unbound"
	grep -q "^$g 'cdns,zynqmp-gem cdns,gem' unused=vfio-platform group=none viable reset=loaded" /tmp/status ||
		fail "$g status line"
done
grep -q "^vfio-platform loaded, no-IOMMU mode on, vfio-platform-gem loaded\$" /tmp/status || fail "status footer"
socnic-bind --json | tee /tmp/json
for want in '"vfio_platform_loaded": true' '"noiommu_mode": true' '"reset_module_loaded": true' \
	"\"name\": \"$GEM0\"" "\"name\": \"$GEM1\"" '"compatible": \["cdns,zynqmp-gem", "cdns,gem"\]' \
	'"iommu_group": null' '"reset_handler": "loaded"'; do
	grep -q "$want" /tmp/json || fail "--json lacks $want"
done
[ "$(grep -c '"viable": true' /tmp/json)" = 2 ] || fail "--json: not both viable"

echo "== 2. bind both (one by its socplat: name)"
socnic-bind --bind $GEM0 socplat:$GEM1 | tee /tmp/out
grep -q "^$GEM0: bound to vfio-platform (was unbound)\$" /tmp/out || fail "bind $GEM0 message"
for g in $GEMS; do
	[ "$(driver_of $g)" = vfio-platform ] || fail "$g on $(driver_of $g) after --bind"
	[ -c /dev/vfio/noiommu-$(group $g) ] || fail "$g: no /dev/vfio/noiommu-$(group $g)"
done
status
for g in $GEMS; do
	[ "$(section_of $g)" = vfio ] || fail "$g listed under '$(section_of $g)' after --bind"
	grep -q "^$g '.*' drv=vfio-platform override=vfio-platform group=$(group $g) (no-IOMMU) viable reset=loaded" /tmp/status ||
		fail "$g status line after --bind"
done
socnic-bind --bind $GEM0 | grep -q "^$GEM0: already bound to vfio-platform\$" || fail "second --bind"

echo "== 3. unbind refused while a process holds the VFIO group"
sleep 600 3<>/dev/vfio/noiommu-$(group $GEM1) &
holder=$!
sleep 0.2
rc=0
socnic-bind --unbind $GEM1 2>/tmp/err || rc=$?
cat /tmp/err
[ $rc = 1 ] || fail "--unbind of a held device exited $rc"
grep -q "^socnic-bind: $GEM1: in use by pid $holder (sleep) through VFIO group $(group $GEM1): stop that program first\$" /tmp/err ||
	fail "in-use message"
[ "$(driver_of $GEM1)" = vfio-platform ] || fail "$GEM1 lost its driver though --unbind refused"
kill $holder
wait $holder 2>/dev/null || true

echo "== 4. unbind both"
socnic-bind --unbind $GEM0 $GEM1 | tee /tmp/out
grep -q "^$GEM1: unbound from vfio-platform\$" /tmp/out || fail "unbind message"
for g in $GEMS; do
	[ "$(driver_of $g)" = none ] || fail "$g still on $(driver_of $g) after --unbind"
	[ "$(cat /sys/bus/platform/devices/$g/driver_override)" = "(null)" ] || fail "$g: driver_override left set"
done

echo "== 5. macb takes them; bind one by its interface name; restore it"
modprobe macb
sleep 1
status
for g in $GEMS; do
	[ "$(driver_of $g)" = macb ] || fail "macb did not take $g"
	[ "$(section_of $g)" = kernel ] || fail "$g listed under '$(section_of $g)' on macb"
done
if0=$(basename "$(ls -d /sys/bus/platform/devices/$GEM0/net/* | head -1)")
grep -q "^$GEM0 '.*' if=$if0 drv=macb unused=vfio-platform group=none viable reset=loaded" /tmp/status ||
	fail "$GEM0 status line on macb"
socnic-bind --bind "$if0" | tee /tmp/out
grep -q "^$GEM0: bound to vfio-platform (was macb)\$" /tmp/out || fail "bind by interface $if0"
[ "$(driver_of $GEM0)" = vfio-platform ] || fail "$GEM0 on $(driver_of $GEM0) after --bind $if0"
socnic-bind --restore $GEM0 | tee /tmp/out
grep -q "^$GEM0: back on its kernel driver macb\$" /tmp/out || fail "restore message"
[ "$(driver_of $GEM0)" = macb ] || fail "$GEM0 on $(driver_of $GEM0) after --restore"
socnic-bind --restore $GEM1 | grep -q "^$GEM1: already on its kernel driver macb\$" || fail "restore of a macb device"

echo "== 6. unknown device"
rc=0
socnic-bind --bind ff0e0000.ethernet 2>/tmp/err || rc=$?
[ $rc = 1 ] && grep -q "^socnic-bind: ff0e0000.ethernet: no such platform device or interface: socnic-bind --status lists the NICs by name\$" /tmp/err ||
	fail "unknown device: exit $rc, $(cat /tmp/err)"
echo "$JOB: passed"
