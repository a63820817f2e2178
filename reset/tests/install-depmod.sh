#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 socnic authors
# reset/install-depmod.sh, with a stand-in depmod that records its
# arguments: without DESTDIR it runs `depmod -a RELEASE`; under DESTDIR it
# runs nothing and prints the command to run on the target.
#   install-depmod.sh SCRIPT
set -eu
script=$1
release=6.1.99-board
fail() { echo "reset-install-depmod: FAIL: $*" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/depmod" <<SH
#!/bin/sh
echo "\$*" >> "$tmp/calls"
SH
chmod +x "$tmp/depmod"

env -u DESTDIR sh "$script" "$tmp/depmod" $release > "$tmp/out" ||
	fail "failed without DESTDIR: $(cat "$tmp/out")"
[ "$(cat "$tmp/calls" 2>/dev/null)" = "-a $release" ] ||
	fail "without DESTDIR depmod got '$(cat "$tmp/calls" 2>/dev/null)', want '-a $release'"
rm -f "$tmp/calls"

DESTDIR=$tmp/root sh "$script" "$tmp/depmod" $release > "$tmp/out" ||
	fail "failed under DESTDIR"
[ ! -e "$tmp/calls" ] || fail "depmod ran under DESTDIR ($(cat "$tmp/calls"))"
grep -q "on the target run: depmod -a $release\$" "$tmp/out" ||
	fail "under DESTDIR it printed '$(cat "$tmp/out")', not the depmod command"

env -u DESTDIR sh "$script" "$tmp/no-such-depmod" $release 2> "$tmp/err" &&
	fail "succeeded with no depmod"
grep -q "then run: depmod -a $release" "$tmp/err" || fail "no depmod: '$(cat "$tmp/err")'"
echo "reset-install-depmod: depmod -a $release run, or printed under DESTDIR"
