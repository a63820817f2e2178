#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# socnic-check on the board: passes once lab-setup has prepared it (text
# and JSON, exit 0), and FAILs with the right fix, exit 1, when there are
# no hugepages, when a GEM is on macb with its interface up, and when the
# reset module is missing; each fault is put right before the next.
set -eu
. /lab/lib/lab.sh
FAIL_LOG=/tmp/out

# check [ARGS...]: socnic-check's report in /tmp/out, its status in $rc.
check() {
	rc=0
	socnic-check "$@" > /tmp/out 2>&1 || rc=$?
	cat /tmp/out
}
# has TEXT: the report holds that line (fixed string).
has() {
	grep -qF -- "$1" /tmp/out || fail "no line '$1' in the report"
}

lab-setup

echo "== 1. the prepared board passes"
check
[ $rc = 0 ] || fail "socnic-check exited $rc on the prepared board"
has "  PASS vfio         vfio-platform is loaded"
has "  PASS hugepages    512 MiB free of 512 MiB (2048 kB pages), hugetlbfs mounted: enough for 2 ports"
has "  PASS iova         IOVA as PA (2 ports without an IOMMU)"
for g in $GEMS; do
	grep -q "^$g\$" /tmp/out || fail "no section for $g"
done
has "  PASS reset        vfio-platform-gem is loaded and handles cdns,zynqmp-gem"
grep -q "^0 failed\|, 0 failed: ready for DPDK" /tmp/out || fail "summary"
check --json
[ $rc = 0 ] || fail "--json exited $rc"
has '"ports": 2, '
has '"failed": 0, "result": "pass"}'

echo "== 2. no hugepages"
echo 0 > /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages
check
[ $rc = 1 ] || fail "no hugepages: exit $rc"
has "  FAIL hugepages    no hugepages reserved: DPDK needs about 96 MiB for 2 ports"
has "fix: echo 48 > /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages"
echo 48 > /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages
check
[ $rc = 0 ] || fail "after the fix (48 hugepages): exit $rc"

echo "== 3. GEM0 on macb with its interface up"
modprobe macb
sleep 1
[ "$(driver_of $GEM0)" = macb ] || fail "macb did not take $GEM0"
if0=$(netdev_of $GEM0)
ip link set "$if0" up
check $GEM0
[ $rc = 1 ] || fail "$GEM0 up on macb: exit $rc"
has "  FAIL driver       on macb, and $if0 is up"
has "fix: take it down (ip link set $if0 down"
ip link set "$if0" down
check $GEM0
[ $rc = 0 ] || fail "$GEM0 down on macb: exit $rc"
has "  PASS driver       on macb ($if0 down, no address)"
for g in $GEMS; do echo $g > /sys/bus/platform/drivers/macb/unbind; done

echo "== 4. the reset module missing"
rmmod vfio_platform_gem
rm -f /lib/modules/*/extra/vfio-platform-gem.ko
check
[ $rc = 1 ] || fail "no reset module: exit $rc"
has "  FAIL reset        no reset handler for cdns,zynqmp-gem, the first compatible"
has "fix: modprobe vfio-platform-gem"
echo "$JOB: passed"
