#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Without vfio-platform-gem, Linux 6.1's vfio-platform refuses to bind a GEM
# (it needs a reset handler whatever reset_required says; fixed in 6.3).
# The module is made unavailable, not just left unloaded: vfio-platform would
# otherwise autoload it by its vfio-reset:<compatible> alias.
set -eu
. /lab/lib/lab.sh
dev=$GEM0

rm -f /lib/modules/*/extra/vfio-platform-gem.ko
lab-setup --no-reset-module
grep -q '^vfio_platform_gem ' /proc/modules && fail "vfio-platform-gem got loaded"
mark=$(dmesg_mark)
bind_vfio $dev || true
dmesg_since $mark
[ "$(driver_of $dev)" = none ] || fail "$dev bound to $(driver_of $dev) without a reset handler"
dmesg_since $mark | grep -q "No reset function found for device $dev" ||
	fail "vfio-platform did not log 'No reset function found for device $dev'"
echo "$JOB: passed (binding refused: no reset handler)"
