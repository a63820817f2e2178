#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The safety net under real traffic (issue 4): socnic-fwd forwards both GEMs
# while the host floods GEM0; it is killed with SIGKILL mid-traffic. The
# kernel log must show vfio-platform-gem's reset for both GEMs, a fresh VFIO
# mapping must find RX/TX disabled and every interrupt masked, and a new
# socnic-fwd must bind again and forward with nothing lost or corrupted
# (reset-kill-forwarding.host checks the frames).
set -eu
JOB=reset-kill-forwarding
. /lab/lib/fwd.sh
RESET_LINE="GEM reset: DMA quiesced"
resets() { dmesg | grep "$1" | grep -c "$RESET_LINE" || true; }

lab-setup
fwd_start /tmp/fwd1.log -l 0-1 -- --interval 1
lab-ready flood		# the host sends 20,000 frames at 4,000/s
sleep 2
grep -Eq 'port 0 rx [1-9]' /tmp/fwd1.log || fail "no traffic was forwarding when the kill came"
before0=$(resets ff0c0000.ethernet)
before1=$(resets ff0d0000.ethernet)
kill -KILL $FWD_PID
wait $FWD_PID 2>/dev/null || true
echo "$JOB: socnic-fwd killed with SIGKILL mid-traffic"
lab-wait-host || fail "host flood step failed (corruption?)"
[ "$(resets ff0c0000.ethernet)" -gt "$before0" ] || fail "no reset logged for GEM0 after the kill"
[ "$(resets ff0d0000.ethernet)" -gt "$before1" ] || fail "no reset logged for GEM1 after the kill"
dmesg | grep "$RESET_LINE" | tail -n 2
for dev in ff0c0000.ethernet ff0d0000.ethernet; do
	gem-reset-check --inspect $dev || fail "$dev not quiesced after the kill"
done

fwd_start /tmp/fwd2.log -l 0-1 -- --interval 1
grep -q "^socnic-fwd: port 0: ff0c0000.ethernet (net_gem)" $FWD_LOG || fail "GEM0 not taken again"
grep -q "^socnic-fwd: port 1: ff0d0000.ethernet (net_gem)" $FWD_LOG || fail "GEM1 not taken again"
host_step clean		# 10,000 frames, every one checked
fwd_stop INT
# Frames the host sent while no one received wait in QEMU's socket and are
# forwarded once GEM0 receives again: count at least the clean run's, and
# every frame taken in on GEM0 must have left on GEM1.
set -- $(summary_row 0) $(summary_row 1)
[ "$1" -ge 10000 ] && [ "$1" = "$6" ] && [ "$3$4$7$8" = 0000 ] ||
	fail "summary: port 0 '$1 $2 $3 $4', port 1 '$5 $6 $7 $8': want port 0 rx = port 1 tx >= 10000, no drops"
echo "$JOB: passed"
