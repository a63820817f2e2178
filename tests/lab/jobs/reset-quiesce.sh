#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The safety net itself, without DPDK: on each GEM, gem-reset-check makes the
# device live through VFIO (RX/TX on, every interrupt enabled, TX kicked),
# lets go of it by close and by SIGKILL, and checks that vfio-platform-gem
# logged a reset each time and left RX/TX off, interrupts masked, status
# clear and every queue's rings parked.
set -eu
GEMS="ff0c0000.ethernet ff0d0000.ethernet"
# Expected, and not ours: vfio's no-IOMMU notices (taint on bind, "opened by
# user" on open), and QEMU's DT listing the same SPI twice, whose second
# request vfio-platform makes on open fails with "genirq: Flags mismatch".
EXPECTED='vfio-noiommu|genirq: Flags mismatch'
fail() { echo "reset-quiesce: FAIL: $*" >&2; exit 1; }

lab-setup
mark=$(dmesg -r | wc -l)
for dev in $GEMS; do
	d=/sys/bus/platform/devices/$dev
	[ -e "$d/driver" ] && echo "$dev" > "$d/driver/unbind"
	echo vfio-platform > "$d/driver_override"
	echo "$dev" > /sys/bus/platform/drivers_probe || true
	[ "$(basename "$(readlink "$d/driver" 2>/dev/null)")" = vfio-platform ] ||
		fail "$dev did not bind to vfio-platform"
done
rc=0
for dev in $GEMS; do
	gem-reset-check "$dev" || rc=1
done
bad=$(dmesg -r | sed -n "$((mark + 1)),\$p" | grep -Ev "$EXPECTED" |
	grep -E '^<[0-4]>|WARNING|BUG|Oops|Call trace' || true)
[ -z "$bad" ] || fail "kernel complained: $bad"
[ $rc = 0 ] || fail "gem-reset-check failed"
echo "reset-quiesce: passed"
