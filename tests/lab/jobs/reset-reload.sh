#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# vfio-platform-gem comes and goes cleanly: rmmod and insmod with no device
# open, three rounds, each also binding both GEMs, opening and closing one
# through VFIO (gem-reset-check), and unbinding them again. vfio-platform
# pins the module while a GEM is bound to it, so rmmod must fail then. After
# the rounds, with the module unloaded, binding must load it by its
# vfio-reset:<compatible> alias. No warning, error, WARN or oops anywhere.
set -eu
. /lab/lib/lab.sh
loaded() { grep -q '^vfio_platform_gem ' /proc/modules; }
bind() {
	for dev in $GEMS; do
		bind_vfio $dev || fail "$dev did not bind to vfio-platform"
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
mark=$(dmesg_mark)
for round in 1 2 3; do
	bind
	rmmod vfio_platform_gem 2>/dev/null && fail "round $round: rmmod succeeded while GEMs are bound"
	gem-reset-check $GEM0 >/tmp/check.log ||
		{ cat /tmp/check.log; fail "round $round: gem-reset-check failed"; }
	unbind
	rmmod vfio_platform_gem || fail "round $round: rmmod failed with no device bound"
	loaded && fail "round $round: still loaded after rmmod"
	insmod "$ko" || fail "round $round: insmod failed"
	loaded || fail "round $round: not loaded after insmod"
	echo "$JOB: round $round clean"
done
rmmod vfio_platform_gem
bind
loaded || fail "binding did not autoload vfio-platform-gem by its vfio-reset: alias"
echo "$JOB: binding autoloaded vfio-platform-gem"
unbind
rmmod vfio_platform_gem || fail "final rmmod failed"

dmesg_since $mark
bad=$(kernel_complaints $mark)
[ -z "$bad" ] || fail "kernel complained: $bad"
echo "$JOB: passed"
