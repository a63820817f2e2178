#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 socnic authors
#
# net_gem's link from an MDIO PHY (run by gem-phy.run, which boots the
# board with GEM0's phy-handle on a PHY at MDIO address 23): GEM0's link is
# read from the PHY's clause-22 registers and resolved from what both ends
# advertise (1000 Mb/s full duplex, autonegotiated); GEM1's still comes
# from its fixed-link; both go down when the ports stop.
set -eu
. /lab/lib/lab.sh
. /lab/lib/testpmd.sh

lab-setup
tp_start -l 0-1 -n 1 $SOCNIC_PLUGINS -a $GEM0 -a $GEM1 -- -i --forward-mode=io --nb-cores=1
tp show port info all
tp port stop all
tp show port info all
tp_quit

check() { # K PORT STATUS SPEED DUPLEX AUTONEG
	got="$(tp_info $1 $2 "Link status")/$(tp_info $1 $2 "Link speed")/$(tp_info $1 $2 "Link duplex")/$(tp_info $1 $2 "Autoneg status")"
	echo "$JOB: port $2 (report $1): $got"
	[ "$got" = "$3/$4/$5/$6" ] || tp_fail "port $2 link '$got', want '$3/$4/$5/$6'"
}
check 1 0 up "1 Gbps" full-duplex On
check 1 1 up "1 Gbps" full-duplex Off
check 2 0 down None full-duplex Off
echo "$JOB: passed"
