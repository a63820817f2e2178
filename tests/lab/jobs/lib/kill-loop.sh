# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 socnic authors
#
# Sourced by reset-kill-*.sh, after lab.sh and fwd.sh: socnic-fwd
# killed with SIGKILL in the middle of forwarding, again and again, and each
# time the GEMs found quiesced (RX/TX off, every interrupt masked: read from
# the registers by gem-reset-check --inspect) and the next socnic-fwd
# forwarding 10,000 frames with none lost (the host checks every frame:
# reset-kill-forwarding.host).
#   kill_loop module|nomodule ROUNDS
# module    vfio-platform-gem quiesces each GEM when the killed process's
#           VFIO device is released; its reset line must be logged.
# nomodule  vfio-platform with reset_required=0 and no reset handler
#           (Linux 6.3+): nothing stops the GEMs when the process dies.
#           The next process's probe does (net_gem quiesces every GEM it
#           takes): a DPDK program that probes and exits must leave them
#           quiesced, and the kernel log must hold no reset line at all.

RESET_LINE="GEM reset: DMA quiesced"
resets() { dmesg | grep "$1" | grep -c "$RESET_LINE" || true; }

# quiesced WHEN: both GEMs' registers say RX/TX off, interrupts masked.
quiesced() {
	for dev in $GEMS; do
		gem-reset-check --inspect $dev >/tmp/inspect.log 2>&1 ||
			{ cat /tmp/inspect.log; fail "$dev not quiesced $1"; }
	done
	echo "$JOB: both GEMs quiesced $1 (RX/TX off, interrupts masked)"
}

kill_loop() {
	mode=$1 rounds=$2
	case $mode in
	module) lab-setup ;;
	nomodule)
		rm -f /lib/modules/*/extra/vfio-platform-gem.ko
		lab-setup --no-reset-module --no-reset-required
		grep -q '^vfio_platform_gem ' /proc/modules && fail "vfio-platform-gem got loaded"
		[ "$(cat /sys/module/vfio_platform/parameters/reset_required)" = N ] ||
			fail "vfio-platform is not loaded with reset_required=0" ;;
	*) fail "kill_loop: mode $mode?" ;;
	esac
	echo "$JOB: $(uname -r), $mode, $rounds rounds"
	fwd_start /tmp/fwd0.log -l 0-1 -a $GEM0 -a $GEM1 -- --interval 1
	round=1
	while [ $round -le "$rounds" ]; do
		echo "$JOB: round $round of $rounds"
		lab-ready flood		# 20,000 frames at 4,000/s
		sleep 2
		grep -Eq 'port 0 rx [1-9]' "$FWD_LOG" || fail "round $round: no traffic was forwarding when the kill came"
		before0=$(resets $GEM0)
		before1=$(resets $GEM1)
		kill -KILL $FWD_PID
		wait $FWD_PID 2>/dev/null || true
		echo "$JOB: round $round: socnic-fwd killed with SIGKILL mid-traffic"
		lab-wait-host || fail "round $round: host flood step failed (corruption?)"
		if [ $mode = module ]; then
			[ "$(resets $GEM0)" -gt "$before0" ] || fail "round $round: no reset logged for GEM0 after the kill"
			[ "$(resets $GEM1)" -gt "$before1" ] || fail "round $round: no reset logged for GEM1 after the kill"
			dmesg | grep "$RESET_LINE" | tail -n 2
			quiesced "after the kill (vfio-platform-gem)"
		else
			[ "$(resets $GEM0)$(resets $GEM1)" = 00 ] || fail "round $round: a reset line without a reset module?"
			# Nothing has touched the GEMs since the kill: they are
			# still running (read only). The next probe stops them.
			for dev in $GEMS; do
				gem-reset-check --state $dev ||
					fail "round $round: $dev stopped although nothing reset it: this run cannot show the probe's quiesce"
			done
			dpdk-testpmd $SOCNIC_PLUGINS -l 0 -a $GEM0 -a $GEM1 --log-level=pmd.net.gem:info \
				-- --help >/tmp/probe.log 2>&1 || true
			grep -q "$GEM0" /tmp/probe.log && grep -q "$GEM1" /tmp/probe.log ||
				{ cat /tmp/probe.log; fail "round $round: the probe-only run did not take both GEMs"; }
			quiesced "after net_gem's probe (no reset handler)"
		fi
		fwd_start /tmp/fwd$round.log -l 0-1 -a $GEM0 -a $GEM1 -- --interval 1
		grep -q "^socnic-fwd: port 0: $GEM0 (net_gem)" $FWD_LOG || fail "round $round: GEM0 not taken again"
		grep -q "^socnic-fwd: port 1: $GEM1 (net_gem)" $FWD_LOG || fail "round $round: GEM1 not taken again"
		host_step clean		# 10,000 frames, every one checked
		echo "$JOB: round $round: 10,000 frames forwarded, none lost"
		round=$((round + 1))
	done
	fwd_stop INT
	# Frames the host sent while no one received wait in QEMU's socket
	# and are forwarded once GEM0 receives again: count at least the
	# clean run's, and every frame taken in on GEM0 must have left on
	# GEM1.
	set -- $(summary_row 0) $(summary_row 1)
	[ "$1" -ge 10000 ] && [ "$1" = "$6" ] && [ "$3$4$7$8" = 0000 ] ||
		fail "summary: port 0 '$1 $2 $3 $4', port 1 '$5 $6 $7 $8': want port 0 rx = port 1 tx >= 10000, no drops"
	echo "$JOB: passed ($rounds kills, $mode)"
}
