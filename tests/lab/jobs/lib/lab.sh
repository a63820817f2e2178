# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 socnic authors
#
# Sourced first by every lab job (. /lab/lib/lab.sh in the guest; a host
# script sources it from beside itself): how a job fails or skips, the
# board's GEMs by name, and the sysfs and kernel-log steps jobs share.
# Busybox sh: POSIX sh and `local`, nothing more.
#   fail WHY...            "JOB: FAIL: WHY" (then $FAIL_LOG's tail), exit 1
#   skip WHY...            "JOB: SKIP: WHY", exit 77 (meson test: skipped)
#   GEM0 GEM1 GEMS         the board's GEMs as sysfs names them
#   RESET_WHY              why a missing reset handler matters, as socplat
#                          and socnic-bind say it on this kernel
#   driver_of DEV          the kernel driver DEV is bound to, or "none"
#   netdev_of DEV          DEV's kernel interface (macb), or fail
#   bind_vfio DEV          hand DEV to vfio-platform; true if it took it
#   wait_for_line FILE PATTERN SECONDS [PID]
#                          until FILE has a line PATTERN matches (grep)
#   host_step_then_stop PID LOG
#                          the host's step, then SIGINT to PID; exits
#   dmesg_mark             the kernel log's length now, for dmesg_since
#   dmesg_since MARK       the kernel log after MARK, <level> prefixed
#   kernel_complaints MARK what went wrong in it, KERNEL_EXPECTED aside

# The job's name for messages: the runner passes a guest job its own as
# LAB_JOB; a host script goes by its file name.
JOB=${JOB:-${LAB_JOB:-${0##*/}}}

# The board's GEMs (tests/lab/board.conf, which the runner puts in the
# environment of guest jobs and host steps alike).
GEM0=$LAB_GEM0
GEM1=$LAB_GEM1
GEMS="$GEM0 $GEM1"

# platsysfs_reset_why(): Linux 6.3 and later bind a GEM without a reset
# handler when vfio-platform has reset_required=0; before, nothing does.
case $(uname -r) in
[0-5].*|6.[0-2].*)
	RESET_WHY="(a reset handler is what stops the GEM's DMA when a DPDK process dies; Linux before 6.3 binds nothing without one)" ;;
*)
	RESET_WHY="(a reset handler is what stops the GEM's DMA when a DPDK process dies; without one, vfio-platform loaded with reset_required=0 binds it too, and net_gem then stops a dead process's GEM only when the next process probes it)" ;;
esac

# A job that runs a program may point FAIL_LOG at that program's log: a
# failure then shows its last lines too.
fail() {
	echo "$JOB: FAIL: $*" >&2
	[ -f "${FAIL_LOG:-}" ] && tail -n 40 "$FAIL_LOG" >&2
	exit 1
}

skip() {
	echo "$JOB: SKIP: $*"
	exit 77
}

driver_of() {
	local l
	l=$(readlink "/sys/bus/platform/devices/$1/driver" 2>/dev/null) &&
		basename "$l" || echo none
}

netdev_of() {
	local n
	for n in /sys/class/net/*; do
		case $(readlink -f "$n/device") in */"$1") basename "$n"; return ;; esac
	done
	fail "no netdev for $1 (did macb probe?)"
}

# bind_vfio DEV: what a board's boot scripts do to give a device to
# vfio-platform, through sysfs alone: take it from its driver, set
# driver_override, ask the kernel to probe it. vfio-platform may refuse
# (no reset handler): the caller says what that means.
bind_vfio() {
	local d=/sys/bus/platform/devices/$1
	if [ -e "$d/driver" ]; then
		echo "$1" > "$d/driver/unbind"
	fi
	echo vfio-platform > "$d/driver_override"
	echo "$1" > /sys/bus/platform/drivers_probe || true
	[ "$(driver_of "$1")" = vfio-platform ]
}

# wait_for_line FILE PATTERN SECONDS [PID]: a program started in the
# background has said it is ready; false once SECONDS have passed or PID
# (that program) has exited.
wait_for_line() {
	local t=0
	until grep -q "$2" "$1" 2>/dev/null; do
		if [ -n "${4:-}" ] && ! kill -0 "$4" 2>/dev/null; then
			return 1
		fi
		t=$((t + 1))
		[ $t -le $(($3 * 5)) ] || return 1
		sleep 0.2
	done
}

# host_step_then_stop PID LOG: the host runs its step (lab-ready, no
# phase) while PID forwards; then PID is stopped with SIGINT, LOG's last
# lines are shown, and the job exits with the host's status.
host_step_then_stop() {
	local rc=0
	lab-ready
	lab-wait-host || rc=$?
	kill -INT "$1"
	wait "$1" || true
	tail -n 30 "$2"
	exit $rc
}

# mark=$(dmesg_mark); ...; dmesg_since "$mark": what the kernel logged in
# between, each line with its <level> (dmesg -r).
dmesg_mark() {
	dmesg -r | wc -l
}

dmesg_since() {
	dmesg -r | sed -n "$(($1 + 1)),\$p"
}

# Expected, and not ours: vfio's no-IOMMU notices (taint on bind, "opened by
# user" on open), and QEMU's DT listing the same SPI twice, whose second
# request vfio-platform makes on open fails with "genirq: Flags mismatch".
# hrtimer: the emulator's vCPU, starved by a busy host, ran an interrupt
# late: it says something about the machine, nothing about the driver.
KERNEL_EXPECTED='vfio-noiommu|genirq: Flags mismatch|hrtimer: interrupt took'

# kernel_complaints MARK: lines since MARK at warning level or worse, and
# any WARN, BUG or oops, the expected ones aside; nothing if all is well.
kernel_complaints() {
	dmesg_since "$1" | grep -Ev "$KERNEL_EXPECTED" |
		grep -E '^<[0-4]>|WARNING|BUG|Oops|Call trace' || true
}
