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
