#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 socnic authors
#
# The MAC overlay checked with parts we did not write: the board booted with
# QEMU's tree plus dts/socnic-versal-virt-mac.dtbo (lab run --dtb), the
# kernel's macb driver must take the overlay's MACs, and with DPDK's
# af_packet PMD on top and promiscuous mode off the host (dts-mac.host)
# checks that frames to those MACs are forwarded and frames to the MACs
# QEMU started the ports with are not. dts-mac.sh does the same through
# socnic's bus and net_gem.
set -e
. /lab/lib/lab.sh
. /lab/lib/dts-mac.sh

lab-setup --no-reset-module	# no VFIO device here: the kernel keeps both GEMs
modprobe macb
if0=$(netdev_of $GEM0)
if1=$(netdev_of $GEM1)
for pair in "$if0 $want0" "$if1 $want1"; do
	set -- $pair
	got=$(cat /sys/class/net/$1/address)
	[ "$got" = "$2" ] || fail "macb gave $1 the address $got, want the overlay's $2"
	echo "$JOB: macb took $2 for $1"
	ip link set "$1" up
done

# testpmd turns promiscuous mode on for every port; the command file turns
# it off again before forwarding starts, and the first statistics print
# (--stats-period 1) comes after that.
cat > /tmp/dts-mac.cmds <<CMDS
set promisc all off
CMDS
testpmd_start --vdev "net_af_packet0,iface=$if0" --vdev "net_af_packet1,iface=$if1"
for n in "$if0" "$if1"; do
	flags=$(cat /sys/class/net/$n/flags)
	[ $((flags & 0x100)) -eq 0 ] || { cat /tmp/testpmd.log; fail "$n is still promiscuous (flags $flags) after 'set promisc all off'"; }
done
echo "$JOB: $if0 and $if1 are not promiscuous"

# The host's checks (dts-mac.host), then testpmd stops.
host_step_then_stop $pmd /tmp/testpmd.log
