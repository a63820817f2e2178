#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Takes qemu-plugin.h, the TCG plugin API, from Debian's qemu source package
# (the version the installed qemu-user comes from) into the cache, for
# bench/insn-count.c. Only that file is kept. Prints its directory.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/cache.sh"
version=$(dpkg-query -W -f '${source:Version}' qemu-user 2>/dev/null || true)
[ -n "$version" ] ||
	die "qemu-user is not installed: run buildtools/install-deps.sh (apt-get install qemu-user)"
dir=$SOCNIC_CACHE/$(cache_key qemu-plugin-h "$version")
cache_lock "$dir"
if [ ! -f "$dir/qemu-plugin.h" ]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	(cd "$tmp" && apt-get source --download-only -qq "qemu=$version" >/dev/null 2>&1) ||
		die "apt-get source --download-only qemu=$version failed: check the network and the deb-src entries (buildtools/install-deps.sh adds them)"
	orig=$(ls "$tmp"/qemu_*.orig.tar.* | head -n1)
	tar -xf "$orig" -C "$tmp" --wildcards '*/include/qemu/qemu-plugin.h' ||
		die "$orig holds no include/qemu/qemu-plugin.h"
	cp "$tmp"/*/include/qemu/qemu-plugin.h "$dir/"
fi
echo "$dir"
