#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The safety net under real traffic (issue 4): socnic-fwd forwards both GEMs
# while the host floods GEM0; it is killed with SIGKILL mid-traffic. The
# kernel log must show vfio-platform-gem's reset for both GEMs, a fresh VFIO
# mapping must find RX/TX disabled and every interrupt masked, and a new
# socnic-fwd must bind again and forward with nothing lost or corrupted
# (reset-kill-forwarding.host checks the frames).
set -eu
. /lab/lib/lab.sh
. /lab/lib/fwd.sh
RESET_LINE="GEM reset: DMA quiesced"
resets() { dmesg | grep "$1" | grep -c "$RESET_LINE" || true; }

lab-setup
fwd_start /tmp/fwd1.log -l 0-1 -a $GEM0 -a $GEM1 -- --interval 1
lab-ready flood		# the host sends 20,000 frames at 4,000/s
sleep 2
grep -Eq 'port 0 rx [1-9]' /tmp/fwd1.log || fail "no traffic was forwarding when the kill came"
before0=$(resets $GEM0)
before1=$(resets $GEM1)
kill -KILL $FWD_PID
wait $FWD_PID 2>/dev/null || true
echo "$JOB: socnic-fwd killed with SIGKILL mid-traffic"
lab-wait-host || fail "host flood step failed (corruption?)"
[ "$(resets $GEM0)" -gt "$before0" ] || fail "no reset logged for GEM0 after the kill"
[ "$(resets $GEM1)" -gt "$before1" ] || fail "no reset logged for GEM1 after the kill"
dmesg | grep "$RESET_LINE" | tail -n 2
for dev in $GEMS; do
	gem-reset-check --inspect $dev || fail "$dev not quiesced after the kill"
done

fwd_start /tmp/fwd2.log -l 0-1 -a $GEM0 -a $GEM1 -- --interval 1
grep -q "^socnic-fwd: port 0: $GEM0 (net_gem)" $FWD_LOG || fail "GEM0 not taken again"
grep -q "^socnic-fwd: port 1: $GEM1 (net_gem)" $FWD_LOG || fail "GEM1 not taken again"
host_step clean		# 10,000 frames, every one checked
fwd_stop INT
# Frames the host sent while no one received wait in QEMU's socket and are
# forwarded once GEM0 receives again: count at least the clean run's, and
# every frame taken in on GEM0 must have left on GEM1.
set -- $(summary_row 0) $(summary_row 1)
[ "$1" -ge 10000 ] && [ "$1" = "$6" ] && [ "$3$4$7$8" = 0000 ] ||
	fail "summary: port 0 '$1 $2 $3 $4', port 1 '$5 $6 $7 $8': want port 0 rx = port 1 tx >= 10000, no drops"
echo "$JOB: passed"
