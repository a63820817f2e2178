#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The safety net itself, without DPDK: on each GEM, gem-reset-check makes the
# device live through VFIO (RX/TX on, every interrupt enabled, TX kicked),
# lets go of it by close and by SIGKILL, and checks that vfio-platform-gem
# logged a reset each time and left RX/TX off, interrupts masked, status
# clear and every queue's rings parked.
set -eu
. /lab/lib/lab.sh

lab-setup
mark=$(dmesg_mark)
for dev in $GEMS; do
	bind_vfio $dev || fail "$dev did not bind to vfio-platform"
done
rc=0
for dev in $GEMS; do
	gem-reset-check "$dev" || rc=1
done
bad=$(kernel_complaints $mark)
[ -z "$bad" ] || fail "kernel complained: $bad"
[ $rc = 0 ] || fail "gem-reset-check failed"
echo "$JOB: passed"
