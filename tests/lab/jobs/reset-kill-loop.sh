#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# socnic-fwd killed with SIGKILL mid-forwarding, 10 times, with
# vfio-platform-gem loaded: each time its reset quiesces both GEMs and the
# next socnic-fwd forwards 10,000 frames with none lost (lib/kill-loop.sh).
set -eu
. /lab/lib/lab.sh
. /lab/lib/fwd.sh
. /lab/lib/kill-loop.sh
kill_loop module "${KILL_ROUNDS:-10}"
