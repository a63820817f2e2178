#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Sets up everything socnic needs and builds it:
#   1. Debian packages (buildtools/install-deps.sh),
#   2. the board kernel and DPDK 22.11 for host and aarch64, from cache when
#      their inputs are unchanged (buildtools/build-kernel.sh, build-dpdk.sh),
#   3. socnic itself in $SOCNIC_BUILD/host (unit tests, host tools) and
#      $SOCNIC_BUILD/aarch64 (drivers, apps, reset module, emulated board);
#      SOCNIC_BUILD defaults to build/ in the checkout.
# Safe to rerun; the second run rebuilds only what changed.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/buildtools/cache.sh"
cd "$top"
B=${SOCNIC_BUILD:-$top/build}

"$top/buildtools/install-deps.sh"
kernel=$("$top/buildtools/build-kernel.sh")
dpdk_host=$("$top/buildtools/build-dpdk.sh" host)
dpdk_arm=$("$top/buildtools/build-dpdk.sh" aarch64)
busybox=$("$top/buildtools/fetch-busybox.sh")

# pyenv's python3 on these machines lacks modules Debian's has.
export PATH=/usr/bin:$PATH

configure() { # configure BUILDDIR ARGS...
	bdir=$1; shift
	if [ -f "$bdir/build.ninja" ]; then
		meson configure "$bdir" "$@" >/dev/null
	else
		meson setup "$bdir" "$@" >"$bdir.setup.log" 2>&1 ||
			{ tail -20 "$bdir.setup.log" >&2; die "meson setup $bdir failed (log: $bdir.setup.log)"; }
	fi
}
mkdir -p "$B"
configure "$B/host" -Dpkg_config_path="$dpdk_host/lib/pkgconfig"

# A cross build must see only the aarch64 DPDK through pkg-config. Meson
# reads a cross file once, at setup: a build dir made against another DPDK
# (its cache key changed) is set up afresh.
if [ -f "$B/aarch64/build.ninja" ] &&
   [ "$(cat "$B/aarch64.dpdk" 2>/dev/null)" != "$dpdk_arm" ]; then
	log "aarch64 DPDK changed: setting up $B/aarch64 afresh"
	rm -rf "$B/aarch64"
fi
echo "$dpdk_arm" > "$B/aarch64.dpdk"
cat > "$B/aarch64-dpdk.ini" <<INI
[properties]
pkg_config_libdir = ['$dpdk_arm/lib/pkgconfig']
INI
if [ -f "$B/aarch64/build.ninja" ]; then
	configure "$B/aarch64" -Dkernel_dir="$kernel" -Dbusybox="$busybox"
else
	configure "$B/aarch64" --cross-file cross/aarch64-linux-gnu.ini \
		--cross-file "$B/aarch64-dpdk.ini" -Dkernel_dir="$kernel" -Dbusybox="$busybox" \
		--prefix=/usr -Dlab=enabled
fi
log "building socnic (host)"
ninja -C "$B/host" >"$B/host.ninja.log" 2>&1 ||
	{ tail -30 "$B/host.ninja.log" >&2; die "host build failed (log: $B/host.ninja.log)"; }
log "building socnic (aarch64)"
ninja -C "$B/aarch64" >"$B/aarch64.ninja.log" 2>&1 ||
	{ tail -30 "$B/aarch64.ninja.log" >&2; die "aarch64 build failed (log: $B/aarch64.ninja.log)"; }
log "ready: $B/host and $B/aarch64"
