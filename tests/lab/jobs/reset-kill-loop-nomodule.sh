#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# socnic-fwd killed with SIGKILL mid-forwarding, 10 times, with no reset
# module and vfio-platform's reset_required=0 (Linux 6.3 and later): net_gem's
# own quiesce at the next probe stops both GEMs, and the next socnic-fwd
# forwards 10,000 frames with none lost (lib/kill-loop.sh). Linux 6.1 binds
# nothing without a reset handler: skipped there.
set -eu
. /lab/lib/lab.sh
. /lab/lib/fwd.sh
. /lab/lib/kill-loop.sh
case $(uname -r) in
[0-5].*|6.[0-2].*) skip "Linux $(uname -r) binds no GEM without a reset handler (vfio-platform before 6.3)" ;;
esac
kill_loop nomodule "${KILL_ROUNDS:-10}"
