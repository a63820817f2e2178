#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# vfio-platform-gem comes and goes cleanly: rmmod and insmod with no device
# open, three rounds, each also binding both GEMs, opening and closing one
# through VFIO (gem-reset-check), and unbinding them again. vfio-platform
# pins the module while a GEM is bound to it, so rmmod must fail then. After
# the rounds, with the module unloaded, binding must load it by its
# vfio-reset:<compatible> alias. No warning, error, WARN or oops anywhere.
set -eu
GEMS="ff0c0000.ethernet ff0d0000.ethernet"
# Expected, and not ours: vfio's no-IOMMU notices (taint on bind, "opened by
# user" on open), and QEMU's DT listing the same SPI twice, whose second
# request vfio-platform makes on open fails with "genirq: Flags mismatch".
EXPECTED='vfio-noiommu|genirq: Flags mismatch'
fail() { echo "reset-reload: FAIL: $*" >&2; exit 1; }
loaded() { grep -q '^vfio_platform_gem ' /proc/modules; }
bind() {
	for dev in $GEMS; do
		d=/sys/bus/platform/devices/$dev
		[ -e "$d/driver" ] && echo "$dev" > "$d/driver/unbind"
		echo vfio-platform > "$d/driver_override"
		echo "$dev" > /sys/bus/platform/drivers_probe || true
		[ "$(basename "$(readlink "$d/driver" 2>/dev/null)")" = vfio-platform ] ||
			fail "$dev did not bind to vfio-platform"
	done
}
unbind() {
	for dev in $GEMS; do
		echo "$dev" > /sys/bus/platform/drivers/vfio-platform/unbind
	done
}

lab-setup
loaded || fail "vfio-platform-gem is not loaded after lab-setup"
ko=$(find /lib/modules -name vfio-platform-gem.ko | head -n 1)
[ -f "$ko" ] || fail "vfio-platform-gem.ko not found"
mark=$(dmesg -r | wc -l)
for round in 1 2 3; do
	bind
	rmmod vfio_platform_gem 2>/dev/null && fail "round $round: rmmod succeeded while GEMs are bound"
	gem-reset-check ff0c0000.ethernet >/tmp/check.log ||
		{ cat /tmp/check.log; fail "round $round: gem-reset-check failed"; }
	unbind
	rmmod vfio_platform_gem || fail "round $round: rmmod failed with no device bound"
	loaded && fail "round $round: still loaded after rmmod"
	insmod "$ko" || fail "round $round: insmod failed"
	loaded || fail "round $round: not loaded after insmod"
	echo "reset-reload: round $round clean"
done
rmmod vfio_platform_gem
bind
loaded || fail "binding did not autoload vfio-platform-gem by its vfio-reset: alias"
echo "reset-reload: binding autoloaded vfio-platform-gem"
unbind
rmmod vfio_platform_gem || fail "final rmmod failed"

dmesg -r | sed -n "$((mark + 1)),\$p"
bad=$(dmesg -r | sed -n "$((mark + 1)),\$p" | grep -Ev "$EXPECTED" |
	grep -E '^<[0-4]>|WARNING|BUG|Oops|Call trace' || true)
[ -z "$bad" ] || fail "kernel complained: $bad"
echo "reset-reload: passed"
