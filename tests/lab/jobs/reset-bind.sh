#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# With vfio-platform-gem loaded, both GEMs bind to vfio-platform and the
# kernel logs no warning or error doing it (vfio's own no-IOMMU taint notice
# aside: that one is the documented price of no-IOMMU mode).
set -eu
GEMS="ff0c0000.ethernet ff0d0000.ethernet"
# Expected, and not ours: vfio's no-IOMMU notices (taint on bind, "opened by
# user" on open), and QEMU's DT listing the same SPI twice, whose second
# request vfio-platform makes on open fails with "genirq: Flags mismatch".
EXPECTED='vfio-noiommu|genirq: Flags mismatch'
fail() { echo "reset-bind: FAIL: $*" >&2; exit 1; }
new_log() { dmesg -r | sed -n "$((mark + 1)),\$p"; }

lab-setup
grep -q '^vfio_platform_gem ' /proc/modules ||
	fail "vfio-platform-gem is not loaded: is it built (-Dkernel_dir) and installed?"
mark=$(dmesg -r | wc -l)
for dev in $GEMS; do
	d=/sys/bus/platform/devices/$dev
	[ -e "$d" ] || fail "no platform device $dev"
	[ -e "$d/driver" ] && echo "$dev" > "$d/driver/unbind"
	echo vfio-platform > "$d/driver_override"
	echo "$dev" > /sys/bus/platform/drivers_probe || true
	drv=$(basename "$(readlink "$d/driver" 2>/dev/null)")
	[ "$drv" = vfio-platform ] || fail "$dev is bound to '${drv:-nothing}', not vfio-platform"
	group=$(basename "$(readlink "$d/iommu_group")")
	[ -c "/dev/vfio/noiommu-$group" ] || fail "$dev has no /dev/vfio/noiommu-$group"
	echo "reset-bind: $dev bound to vfio-platform, /dev/vfio/noiommu-$group"
done
new_log
bad=$(new_log | grep '^<[0-4]>' | grep -Ev "$EXPECTED" || true)
[ -z "$bad" ] || fail "kernel warnings while binding: $bad"
echo "reset-bind: passed"
