# SPDX-License-Identifier: BSD-3-Clause
# Sourced by the MAC-overlay lab jobs (dts-mac*.sh): the overlay's MACs, and
# the check that the board booted the tree that carries them. Needs lab.sh.

want0=02:53:4e:49:43:00
want1=02:53:4e:49:43:01

dt_mac() { # the node's local-mac-address as aa:bb:..., or nothing
	f=/proc/device-tree$1/local-mac-address
	[ -f "$f" ] && od -An -tx1 "$f" | tr -s ' \n' ':' | sed 's/^://; s/:$//'
}
got=$(dt_mac "$LAB_GEM0_NODE")
[ "$got" = $want0 ] || fail "GEM0's local-mac-address in the booted tree is '$got', want $want0: was the board booted with the overlay applied (--dtb)?"
got=$(dt_mac "$LAB_GEM1_NODE")
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
	wait_for_line /tmp/testpmd.log "^Port statistics =" 120 $pmd ||
		{ cat /tmp/testpmd.log; fail "testpmd did not start forwarding"; }
}
