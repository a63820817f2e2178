#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The safety net under real traffic (issue 4): socnic-fwd forwards both GEMs
# while the host floods GEM0; it is killed with SIGKILL mid-traffic. The
# kernel log must show vfio-platform-gem's reset for both GEMs, a fresh VFIO
# mapping must find RX/TX disabled and every interrupt masked, and a new
# socnic-fwd must bind again and forward with nothing lost or corrupted
# (reset-kill-forwarding.host checks the frames). One round of
# lib/kill-loop.sh; reset-kill-loop.sh runs ten.
set -eu
. /lab/lib/lab.sh
. /lab/lib/fwd.sh
. /lab/lib/kill-loop.sh
kill_loop module 1
