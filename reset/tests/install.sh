#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 socnic authors
# `meson install --destdir` of a build with the reset module: the module
# lands in lib/modules/RELEASE/extra, meson runs install-depmod.sh for
# RELEASE after it, and depmod is not run on the staged tree. (What the
# script prints under DESTDIR is reset-install-depmod's to check: Meson
# 0.57 to 1.0, Debian 12's, show an install script's output only when it
# fails.)
#   install.sh BUILD_ROOT RELEASE
set -eu
build=$1 release=$2
fail() { echo "reset-install: FAIL: $*" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

meson install -C "$build" --no-rebuild --destdir "$tmp/root" > "$tmp/out" 2>&1 ||
	{ cat "$tmp/out"; fail "meson install failed"; }
mods=$tmp/root/lib/modules/$release
[ -f "$mods/extra/vfio-platform-gem.ko" ] || fail "no $mods/extra/vfio-platform-gem.ko"
[ ! -e "$mods/modules.dep" ] || fail "depmod ran on the staged tree"
line=$(grep "^Running custom install script '.*/reset/install-depmod.sh " "$tmp/out") ||
	fail "meson install did not run reset/install-depmod.sh"
case $line in
*" $release'") ;;
*) fail "install-depmod.sh not run for $release: $line" ;;
esac
echo "reset-install: module staged, $line"
