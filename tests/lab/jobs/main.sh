#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The main job's board side (devtools/main-job.sh): show the platform NICs,
# let socnic-fwd find, bind and drive both GEMs (the socplat bus finds
# them in the device tree and hands a port over only when named, here with
# -a, or marked socnic,data-plane), forward while the host sends, then stop
# it with SIGINT and show its summary.
set -u
. /lab/lib/lab.sh
lab-setup
echo "== board: Linux $(uname -r)"
echo "== socnic-bind --status"
socnic-bind --status

echo "== socnic-fwd (socplat bus + net_gem), GEM0 <-> GEM1"
socnic-fwd -l 0-1 -a $GEM0 -a $GEM1 -- --interval 1 >/tmp/fwd.log 2>&1 &
fwd=$!
tail -f /tmp/fwd.log &
tail=$!
wait_for_line /tmp/fwd.log "stops it\$" 60 $fwd ||
	{ kill $tail; fail "socnic-fwd did not start"; }
lab-ready traffic
rc=0
lab-wait-host || rc=$?
kill $tail
kill -INT $fwd
wait $fwd || rc=1
sed -n '/^socnic-fwd: summary after/,$p' /tmp/fwd.log
echo "== socnic-bind --status (after socnic-fwd exited)"
socnic-bind --status
exit $rc
