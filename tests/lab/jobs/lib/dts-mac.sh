# SPDX-License-Identifier: BSD-3-Clause
# Sourced by the MAC-overlay lab jobs (dts-mac*.sh): the overlay's MACs, and
# the check that the board booted the tree that carries them. The job sets
# JOB to its name first.

want0=02:53:4e:49:43:00
want1=02:53:4e:49:43:01

fail() { echo "$JOB: $*" >&2; exit 1; }

dt_mac() { # the node's local-mac-address as aa:bb:..., or nothing
	f=/proc/device-tree/$1/local-mac-address
	[ -f "$f" ] && od -An -tx1 "$f" | tr -s ' \n' ':' | sed 's/^://; s/:$//'
}
got=$(dt_mac ethernet@ff0c0000)
[ "$got" = $want0 ] || fail "GEM0's local-mac-address in the booted tree is '$got', want $want0: was the board booted with the overlay applied (--dtb)?"
got=$(dt_mac ethernet@ff0d0000)
[ "$got" = $want1 ] || fail "GEM1's local-mac-address in the booted tree is '$got', want $want1"
echo "$JOB: the booted tree carries $want0 and $want1"

# testpmd_start EAL-ARGS...: io forwarding, running the commands in
# /tmp/dts-mac.cmds first (promiscuous off); returns once the first
# statistics print (--stats-period 1, which also flushes its buffered
# stdout) shows the commands have run.
testpmd_start() {
	dpdk-testpmd -l 0-1 -n 1 --no-pci "$@" -- \
		--forward-mode=io --nb-cores=1 --stats-period 1 \
		--cmdline-file=/tmp/dts-mac.cmds >/tmp/testpmd.log 2>&1 &
	pmd=$!
	i=0
	until grep -q "^Port statistics =" /tmp/testpmd.log; do
		i=$((i + 1))
		if [ $i -gt 240 ] || ! kill -0 $pmd 2>/dev/null; then
			cat /tmp/testpmd.log; fail "testpmd did not start forwarding"
		fi
		sleep 0.5
	done
}

# host_traffic_then_stop: the host's checks (dts-mac.host), then testpmd
# stops; exits with the host's status.
host_traffic_then_stop() {
	lab-ready
	rc=0
	lab-wait-host || rc=$?
	kill -INT $pmd
	wait $pmd || true
	tail -n 30 /tmp/testpmd.log
	exit $rc
}
