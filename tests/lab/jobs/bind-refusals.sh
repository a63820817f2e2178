#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# socnic-bind refusing to bind, each time with the cause and the fix, and
# leaving the GEM as it found it: vfio-platform not loaded; no IOMMU group
# with VFIO's no-IOMMU mode off; no reset handler (the module file removed,
# so vfio-platform cannot autoload it by its alias either).
set -eu
. /lab/lib/lab.sh
# expect_refusal MESSAGE: --bind $GEM0 must exit 1 with exactly that line.
expect_refusal() {
	rc=0
	socnic-bind --bind $GEM0 2>/tmp/err || rc=$?
	cat /tmp/err
	[ $rc = 1 ] || fail "--bind exited $rc, expected 1"
	[ "$(cat /tmp/err)" = "socnic-bind: $GEM0: $1" ] || fail "unexpected message"
	[ "$(driver_of $GEM0)" = none ] || fail "$GEM0 left on $(driver_of $GEM0)"
	[ "$(cat /sys/bus/platform/devices/$GEM0/driver_override)" = "(null)" ] ||
		fail "$GEM0: driver_override left set"
}

rm -f /lib/modules/*/extra/vfio-platform-gem.ko

echo "== 1. vfio-platform not loaded"
expect_refusal "vfio-platform is not loaded: modprobe vfio-platform"

echo "== 2. no-IOMMU mode off"
modprobe vfio
modprobe vfio-platform
[ "$(cat /sys/module/vfio/parameters/enable_unsafe_noiommu_mode)" = N ] || fail "no-IOMMU mode is on already"
expect_refusal "not bound: no IOMMU group, and VFIO's no-IOMMU mode is off: echo 1 > /sys/module/vfio/parameters/enable_unsafe_noiommu_mode, or put the NIC behind the SoC's IOMMU in the device tree (iommus)"

echo "== 3. no reset handler"
echo Y > /sys/module/vfio/parameters/enable_unsafe_noiommu_mode
socnic-bind --status | tee /tmp/status
grep -q "^$GEM0 '.*' unused=vfio-platform group=none viable reset=none\$" /tmp/status || fail "status: reset=none"
socnic-bind | grep "^  reset  " | head -1 | tee /tmp/reset
grep -q "modules.alias names vfio_platform_gem as the handler for cdns,zynqmp-gem, but its file is gone: reinstall it and run depmod" /tmp/reset ||
	fail "--list reset reason"
expect_refusal "not bound: vfio-platform refuses it without a reset handler (modules.alias names vfio_platform_gem as the handler for cdns,zynqmp-gem, but its file is gone: reinstall it and run depmod) $RESET_WHY"
# Refused before anything was written: the kernel was never asked.
! dmesg | grep -q "No reset function found for device $GEM0" ||
	fail "socnic-bind tried the bind instead of refusing first"
echo "$JOB: passed"
