#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# With vfio-platform-gem loaded, both GEMs bind to vfio-platform and the
# kernel logs no warning or error doing it (vfio's own no-IOMMU taint notice
# aside: that one is the documented price of no-IOMMU mode).
set -eu
. /lab/lib/lab.sh

lab-setup
grep -q '^vfio_platform_gem ' /proc/modules ||
	fail "vfio-platform-gem is not loaded: is it built (-Dkernel_dir) and installed?"
mark=$(dmesg_mark)
for dev in $GEMS; do
	d=/sys/bus/platform/devices/$dev
	[ -e "$d" ] || fail "no platform device $dev"
	bind_vfio $dev ||
		fail "$dev is bound to '$(driver_of $dev)', not vfio-platform"
	group=$(basename "$(readlink "$d/iommu_group")")
	[ -c "/dev/vfio/noiommu-$group" ] || fail "$dev has no /dev/vfio/noiommu-$group"
	echo "$JOB: $dev bound to vfio-platform, /dev/vfio/noiommu-$group"
done
dmesg_since $mark
bad=$(dmesg_since $mark | grep '^<[0-4]>' | grep -Ev "$KERNEL_EXPECTED" || true)
[ -z "$bad" ] || fail "kernel warnings while binding: $bad"
echo "$JOB: passed"
