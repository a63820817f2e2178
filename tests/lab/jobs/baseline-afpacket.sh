#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Baseline: the kernel's macb driver on both GEMs, DPDK's af_packet PMD on
# top, dpdk-testpmd io-forwarding GEM0 -> GEM1 while the host tool sends in
# through GEM0 and checks every frame that comes out of GEM1.
set -e
. /lab/lib/lab.sh
lab-setup
modprobe macb
if0=$(netdev_of $GEM0)
if1=$(netdev_of $GEM1)
ip link set "$if0" up
ip link set "$if1" up
echo "$JOB: GEM0 is $if0, GEM1 is $if1"

dpdk-testpmd -l 0-1 -n 1 --no-pci \
	--vdev "net_af_packet0,iface=$if0" --vdev "net_af_packet1,iface=$if1" \
	-- --forward-mode=io --nb-cores=1 --stats-period 10 >/tmp/testpmd.log 2>&1 &
pmd=$!
wait_for_line /tmp/testpmd.log "Start automatic packet forwarding\|io packet forwarding" 60 $pmd ||
	{ cat /tmp/testpmd.log; fail "testpmd did not start"; }
host_step_then_stop $pmd /tmp/testpmd.log
