# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 socnic authors
#
# Sourced by the dpdk-* lab jobs: one of DPDK's example applications on
# both GEMs while the host runs its one step. Needs lab.sh.
#   example_run APP FAILURE ARGS...
# starts dpdk-APP with the board's EAL arguments, then -- ARGS, waits for
# its main loop, lets the host step "traffic" run, stops it with SIGINT and
# shows its log; fails with FAILURE when the host step failed.
example_run() {
	local app=$1 failure=$2 log=/tmp/$1.log pid rc=0
	shift 2
	dpdk-$app -l 0-1 -n 1 --no-pci $SOCNIC_PLUGINS -a $GEM0 -a $GEM1 -- \
		"$@" >$log 2>&1 &
	pid=$!
	wait_for_line $log "entering main loop" 120 $pid ||
		{ cat $log; fail "dpdk-$app did not start forwarding"; }
	lab-ready traffic
	lab-wait-host || rc=$?
	kill -INT $pid
	wait $pid || true
	cat $log
	[ $rc = 0 ] || fail "$failure"
}
