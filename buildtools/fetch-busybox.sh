#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Unpacks Debian's busybox-static for arm64 (the emulated board's userland)
# into the cache without installing it on the host. Prints the binary's path.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/cache.sh"
version=$(apt-cache policy busybox-static:arm64 2>/dev/null | sed -n 's/^ *Candidate: //p')
[ -n "$version" ] && [ "$version" != "(none)" ] ||
	die "apt offers no busybox-static:arm64: run buildtools/install-deps.sh (it adds the arm64 architecture)"
dir=$SOCNIC_CACHE/$(cache_key busybox-arm64 "$version")
cache_lock "$dir"
if [ ! -x "$dir/bin/busybox" ]; then
	(cd "$dir" && apt-get download -qq "busybox-static:arm64=$version" >/dev/null 2>&1) ||
		die "apt-get download busybox-static:arm64 failed: check the network and apt sources"
	dpkg -x "$dir"/busybox-static_*_arm64.deb "$dir"
fi
echo "$dir/bin/busybox"
