# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 socnic authors
#
# Sourced by the jobs that run a dpdk-testpmd linked against DPDK's shared
# libraries (gem-pmd-dir, debian-testpmd): EAL must load socnic's bus and
# PMD from its driver directory by itself. Needs lab.sh.
#   pmd_dir_forward WHAT PHASE [EAL ARGS...]
# starts dpdk-testpmd on both GEMs (EAL debug log: which shared objects it
# opens), checks that it says DPDK is linked shared, that it opened both
# plugins from $SOCNIC_PMD_DIR, that each GEM was probed by net_gem once
# and became a port; then the host step PHASE sends traffic while it
# io-forwards, and it is stopped with SIGINT. WHAT names the run in
# messages. TESTPMD (default dpdk-testpmd) is the program.
pmd_dir_forward() {
	local what=$1 phase=$2 log=/tmp/testpmd-$2.log pid rc=0 g n lib
	shift 2
	FAIL_LOG=$log
	${TESTPMD:-dpdk-testpmd} -l 0-1 -n 1 --no-pci "$@" \
		--log-level=lib.eal:debug --log-level=bus.socplat:info \
		-a $GEM0 -a $GEM1 -- --forward-mode=io --nb-cores=1 \
		--stats-period 5 >$log 2>&1 &
	pid=$!
	wait_for_line $log "Start automatic packet forwarding\|io packet forwarding" 120 $pid ||
		fail "testpmd ($what) did not start forwarding"
	grep -q "Detected shared linkage of DPDK" $log ||
		fail "testpmd ($what) is not linked against DPDK's shared libraries: EAL scans no driver directory"
	for lib in librte_bus_socplat.so librte_net_gem.so; do
		grep -q "open shared lib $SOCNIC_PMD_DIR/$lib" $log ||
			fail "testpmd ($what) did not load $lib from $SOCNIC_PMD_DIR"
	done
	for g in $GEMS; do
		n=$(grep -c "^socplat: $g: probing net_gem" $log || true)
		[ "$n" = 1 ] || fail "testpmd ($what): $g probed by net_gem $n times, want once"
	done
	n=$(grep -c "^Port [01]: " $log || true)
	[ "$n" -ge 2 ] || fail "testpmd ($what) has no two ports"
	echo "$JOB: testpmd ($what): DPDK shared, both plugins from $SOCNIC_PMD_DIR, each GEM probed once"
	lab-ready $phase
	lab-wait-host || rc=$?
	kill -INT $pid
	wait $pid || true
	tail -n 25 $log
	[ $rc = 0 ] || fail "testpmd ($what): the host's frames did not all cross"
	FAIL_LOG=
}
