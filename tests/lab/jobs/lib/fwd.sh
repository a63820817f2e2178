# SPDX-License-Identifier: BSD-3-Clause
# Sourced by the socnic-fwd lab jobs (fwd-*.sh): start and stop socnic-fwd,
# read its summary, and run host steps. Needs lab.sh; a failure shows the
# last lines of the running socnic-fwd's log.

# fwd_start LOG ARGS...: socnic-fwd in the background, until it says it forwards.
fwd_start() {
	FWD_LOG=$1; shift
	FAIL_LOG=$FWD_LOG
	socnic-fwd "$@" >"$FWD_LOG" 2>&1 &
	FWD_PID=$!
	if ! wait_for_line "$FWD_LOG" "stops it\$" 60 $FWD_PID; then
		kill -0 $FWD_PID 2>/dev/null || fail "socnic-fwd exited during setup"
		fail "socnic-fwd did not start within 60 s"
	fi
	cat "$FWD_LOG"
}

# fwd_stop SIGNAL: stop it, expect exit status 0 and a summary naming the signal.
fwd_stop() {
	kill -"$1" $FWD_PID
	rc=0
	wait $FWD_PID || rc=$?
	sed -n '/^socnic-fwd: summary after/,$p' "$FWD_LOG"
	[ $rc = 0 ] || fail "socnic-fwd exited $rc after SIG$1"
	grep -q "^socnic-fwd: summary after [0-9.]* s (SIG$1)\$" "$FWD_LOG" ||
		fail "no summary naming SIG$1"
}

# summary_row PORT|total: "rx tx dropped rx_nombuf" from the summary table.
summary_row() {
	sed -n '/^socnic-fwd: summary after/,$p' "$FWD_LOG" |
		awk -v p="$1" '$1 == p { print $2, $3, $4, $5; exit }'
}

# expect_row PORT "RX TX DROPPED NOMBUF"
expect_row() {
	got=$(summary_row "$1")
	[ "$got" = "$2" ] || fail "summary row $1: '$got', expected '$2' (rx tx dropped rx_nombuf)"
}

# host_step PHASE: let the host run its traffic for PHASE; fail if it failed.
host_step() {
	lab-ready "$1"
	lab-wait-host || fail "host traffic for phase $1 failed"
}
