#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The main job: set everything up (buildtools/setup.sh), boot the emulated
# board, show the platform NICs (socnic-bind --status), forward between both
# GEMs with socnic-fwd (socplat bus + net_gem PMD), drive traffic from the
# host, and end with a short report. Exits 0 only if nothing was lost or
# corrupted.
#   main-job.sh [--count N] [--rate PPS]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/buildtools/stack.sh"
B=${SOCNIC_BUILD:-$top/build}
count=20000
rate=0
while [ $# -gt 0 ]; do
	case $1 in
	--count) count=$2; shift ;;
	--rate) rate=$2; shift ;;
	-h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "main-job: unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
	shift
done
"$top/buildtools/setup.sh"

report=$(mktemp)
trap 'rm -f "$report"' EXIT
export MAIN_REPORT="$report" MAIN_COUNT="$count" MAIN_RATE="$rate"
status=0
"$top/tests/lab/lab" run "$top/tests/lab/jobs/main.sh" --build "$B/aarch64$STACK_SUFFIX" \
	--timeout 900 --host "$top/tests/lab/jobs/main.host" || status=$?

echo
echo "=== socnic main job: GEM0 -> socnic-fwd -> GEM1 on the emulated board ($SOCNIC_STACK: DPDK $STACK_DPDK, Linux $STACK_LINUX, QEMU $STACK_QEMU) ==="
if [ -s "$report" ]; then
	cat "$report"
else
	echo "no traffic report: the board did not get as far as forwarding (see the console above)"
fi
if [ "$status" = 0 ]; then
	echo "result: PASS"
else
	echo "result: FAIL (status $status)"
fi
exit "$status"
