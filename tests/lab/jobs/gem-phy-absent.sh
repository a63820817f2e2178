#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 socnic authors
#
# A phy-handle naming an MDIO address where nothing answers (run by
# gem-phy.run with address 21: QEMU's PHY sits at 23, as on boards whose
# tree is wrong): GEM0 does not start, with one line naming the address and
# what to check, instead of reporting a link from all-ones reads; GEM1
# (fixed-link) starts and links up as ever.
set -eu
. /lab/lib/lab.sh
. /lab/lib/testpmd.sh

lab-setup
tp_start -l 0-1 -n 1 $SOCNIC_PLUGINS -a $GEM0 -a $GEM1 -- -i --forward-mode=io --nb-cores=1
tp show port info 1
tp_quit

grep -q "no PHY answers at MDIO address 21 (ID 0xffffffff), where the DT's phy-handle points" $TP_OUT ||
	tp_fail "no line saying the PHY at address 21 does not answer"
grep -q "Fail to start port 0" $TP_OUT || tp_fail "port 0 started without its PHY"
got=$(tp_info 1 1 "Link status")
[ "$got" = up ] || tp_fail "port 1 link '$got', want up"
echo "$JOB: passed"
