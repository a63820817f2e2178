#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 socnic authors
#
# The board booted with QEMU's tree plus dts/socnic-versal-virt-mac.dtbo
# (lab run --dtb): the overlay's MACs must reach the kernel's tree, DPDK
# (socplat bus + net_gem) must report them on both ports, and with
# promiscuous mode off the host (dts-mac.host) checks that frames to those
# MACs are forwarded while frames to the MACs QEMU was started with are not.
set -e
. /lab/lib/lab.sh
. /lab/lib/dts-mac.sh

lab-setup
# Promiscuous mode goes off before forwarding starts (testpmd turns it on
# for every port first); the port report then shows what the ports took.
cat > /tmp/dts-mac.cmds <<CMDS
set promisc all off
show port info all
CMDS
# Its stdout is a file, so block-buffered: the first statistics print
# (--stats-period 1, which flushes) brings the port report out.
testpmd_start $SOCNIC_PLUGINS -a $GEM0 -a $GEM1

# One "Infos for port N" block per port: its device, MAC and promiscuity.
port_info() { # port field
	awk -v p="$1" -v f="$2" '
		/Infos for port/ { cur = ($5 == p) }
		cur && index($0, f ": ") == 1 { sub(f ": ", ""); print; exit }
	' /tmp/testpmd.log
}
check_port() { # port device mac
	dev=$(port_info "$1" "Device name")
	mac=$(port_info "$1" "MAC address" | tr 'A-F' 'a-f')
	promisc=$(port_info "$1" "Promiscuous mode")
	echo "dts-mac: port $1: $dev $mac promiscuous $promisc"
	[ "$dev" = "$2" ] || { cat /tmp/testpmd.log; fail "port $1 is '$dev', want $2"; }
	[ "$mac" = "$3" ] || { cat /tmp/testpmd.log; fail "port $1 ($2) reports MAC '$mac', want the overlay's $3"; }
	[ "$promisc" = disabled ] || { cat /tmp/testpmd.log; fail "port $1 promiscuous mode is '$promisc' after 'set promisc all off'"; }
}
check_port 0 $GEM0 $want0
check_port 1 $GEM1 $want1

# The host's checks (dts-mac.host), then testpmd stops.
host_step_then_stop $pmd /tmp/testpmd.log
