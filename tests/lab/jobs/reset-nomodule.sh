#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Without vfio-platform-gem, Linux 6.1's vfio-platform refuses to bind a GEM
# (it needs a reset handler whatever reset_required says; fixed in 6.3).
# The module is made unavailable, not just left unloaded: vfio-platform would
# otherwise autoload it by its vfio-reset:<compatible> alias.
set -eu
dev=ff0c0000.ethernet
d=/sys/bus/platform/devices/$dev
fail() { echo "reset-nomodule: FAIL: $*" >&2; exit 1; }

rm -f /lib/modules/*/extra/vfio-platform-gem.ko
lab-setup --no-reset-module
grep -q '^vfio_platform_gem ' /proc/modules && fail "vfio-platform-gem got loaded"
mark=$(dmesg -r | wc -l)
[ -e "$d/driver" ] && echo "$dev" > "$d/driver/unbind"
echo vfio-platform > "$d/driver_override"
echo "$dev" > /sys/bus/platform/drivers_probe || true
dmesg -r | sed -n "$((mark + 1)),\$p"
[ -e "$d/driver" ] && fail "$dev bound to $(basename "$(readlink "$d/driver")") without a reset handler"
dmesg -r | sed -n "$((mark + 1)),\$p" | grep -q "No reset function found for device $dev" ||
	fail "vfio-platform did not log 'No reset function found for device $dev'"
echo "reset-nomodule: passed (binding refused: no reset handler)"
