#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Runs every socnic test: sets everything up first (buildtools/setup.sh),
# then the unit and fuzz suites on the build machine and the lab suite on
# the emulated board. Extra arguments go to every `meson test` call (for
# example --suite lab, or a test name).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/buildtools/stack.sh"
B=${SOCNIC_BUILD:-$top/build}
"$top/buildtools/setup.sh" || exit 1
export PATH=/usr/bin:$PATH

passed=0 failed=0
run_suites() { # run_suites BUILDDIR [ARGS]: meson test there, tally the results
	bdir=$1; shift
	meson test -C "$bdir" --print-errorlogs "$@" 2>&1 | tee "$bdir.test.log"
	grep -q "^No \(suitable \)\?tests defined" "$bdir.test.log" && return
	ok=$(sed -n 's/^Ok: *\([0-9]*\).*/\1/p' "$bdir.test.log" | tail -n1)
	bad=$(sed -n 's/^\(Fail\|Timeout\|Unexpected Pass\): *\([0-9]*\).*/\2/p' "$bdir.test.log" |
		awk '{ s += $1 } END { print s + 0 }')
	passed=$((passed + ${ok:-0}))
	failed=$((failed + bad))
	if [ -z "$ok" ]; then
		echo "test-all: meson test in $bdir did not run (see $bdir.test.log)" >&2
		failed=$((failed + 1))
	fi
}
run_suites "$B/host$STACK_SUFFIX" "$@"
run_suites "$B/aarch64$STACK_SUFFIX" "$@"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
