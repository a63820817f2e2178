#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Baseline: the kernel's macb driver on both GEMs, DPDK's af_packet PMD on
# top, dpdk-testpmd io-forwarding GEM0 -> GEM1 while the host tool sends in
# through GEM0 and checks every frame that comes out of GEM1.
set -e
lab-setup
modprobe macb
JOB=baseline
. /lab/lib/netdev.sh
gem0=$(netdev_of ff0c0000.ethernet)
gem1=$(netdev_of ff0d0000.ethernet)
ip link set "$gem0" up
ip link set "$gem1" up
echo "baseline: GEM0 is $gem0, GEM1 is $gem1"

dpdk-testpmd -l 0-1 -n 1 --no-pci \
	--vdev "net_af_packet0,iface=$gem0" --vdev "net_af_packet1,iface=$gem1" \
	-- --forward-mode=io --nb-cores=1 --stats-period 10 >/tmp/testpmd.log 2>&1 &
pmd=$!
i=0
until grep -q "Start automatic packet forwarding\|io packet forwarding" /tmp/testpmd.log; do
	i=$((i + 1))
	if [ $i -gt 120 ] || ! kill -0 $pmd 2>/dev/null; then
		cat /tmp/testpmd.log; echo "baseline: testpmd did not start" >&2; exit 1
	fi
	sleep 0.5
done
lab-ready
rc=0
lab-wait-host || rc=$?
kill -INT $pmd
wait $pmd || true
tail -n 30 /tmp/testpmd.log
exit $rc
