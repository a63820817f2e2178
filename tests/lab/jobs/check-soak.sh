#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# socnic-check --soak 60 on both GEMs: every frame through the MACs' local
# loopback (QEMU's GEM model loops a frame back to its own receiver when
# NCR.LLB is set, as the silicon does), checked one by one; zero lost and
# zero corrupted, every RX queue used, stop/start cycles, both DMA settings
# (the emulator's memory is coherent, so --dma both is honest here).
set -eu
. /lab/lib/lab.sh
FAIL_LOG=/tmp/soak

lab-setup
rc=0
socnic-check --soak 60 --dma both $GEM0 $GEM1 > /tmp/soak 2>&1 || rc=$?
cat /tmp/soak
[ $rc = 0 ] || fail "soak exited $rc"
for g in $GEMS; do
	sed -n "/^$g (/,/result/p" /tmp/soak > /tmp/port
	grep -q "^  lost        0\$" /tmp/port || fail "$g: frames lost"
	grep -q "^  corrupt     0\$" /tmp/port || fail "$g: frames corrupted"
	grep -q "^  duplicated  0\$" /tmp/port || fail "$g: frames duplicated"
	grep -q "^  result      PASS\$" /tmp/port || fail "$g: result"
	grep -Eq "^  per queue   rx0 [1-9][0-9]* rx1 [1-9]" /tmp/port || fail "$g: not every RX queue received"
	grep -Eq "in several TX segments\), [0-9]+ back \([1-9][0-9]* scattered" /tmp/port || fail "$g: no scattered RX"
	grep -Eq "^  stop/start  [1-9]" /tmp/port || fail "$g: no stop/start cycle"
done
[ "$(grep -c '^ *[0-9]* s |' /tmp/soak)" -ge 50 ] || fail "fewer than 50 progress lines"
echo "$JOB: passed"
