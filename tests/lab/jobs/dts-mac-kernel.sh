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
JOB=dts-mac-kernel
. /lab/lib/dts-mac.sh

lab-setup --no-reset-module	# no VFIO device here: the kernel keeps both GEMs
modprobe macb
. /lab/lib/netdev.sh
gem0=$(netdev_of ff0c0000.ethernet)
gem1=$(netdev_of ff0d0000.ethernet)
for pair in "$gem0 $want0" "$gem1 $want1"; do
	set -- $pair
	got=$(cat /sys/class/net/$1/address)
	[ "$got" = "$2" ] || fail "macb gave $1 the address $got, want the overlay's $2"
	echo "dts-mac-kernel: macb took $2 for $1"
	ip link set "$1" up
done

# testpmd turns promiscuous mode on for every port; the command file turns
# it off again before forwarding starts, and the first statistics print
# (--stats-period 1) comes after that.
cat > /tmp/dts-mac.cmds <<CMDS
set promisc all off
CMDS
testpmd_start --vdev "net_af_packet0,iface=$gem0" --vdev "net_af_packet1,iface=$gem1"
for n in "$gem0" "$gem1"; do
	flags=$(cat /sys/class/net/$n/flags)
	[ $((flags & 0x100)) -eq 0 ] || { cat /tmp/testpmd.log; fail "$n is still promiscuous (flags $flags) after 'set promisc all off'"; }
done
echo "dts-mac-kernel: $gem0 and $gem1 are not promiscuous"

host_traffic_then_stop
