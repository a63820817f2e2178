#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Sets up everything socnic needs and builds it, for the Debian stack
# SOCNIC_STACK names (buildtools/stack.sh: bookworm, the default, or trixie):
#   1. Debian packages (buildtools/install-deps.sh),
#   2. the board kernel, DPDK for host and aarch64 and the board's QEMU,
#      from cache when their inputs are unchanged (buildtools/build-kernel.sh,
#      build-dpdk.sh, fetch-qemu.sh),
#   3. socnic itself in $SOCNIC_BUILD/host (unit tests, host tools) and
#      $SOCNIC_BUILD/aarch64 (drivers, apps, reset module, emulated board);
#      trixie's are host-trixie and aarch64-trixie beside them.
#      SOCNIC_BUILD defaults to build/ in the checkout.
# Safe to rerun; the second run rebuilds only what changed.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/buildtools/cache.sh"
. "$top/buildtools/stack.sh"
cd "$top"
B=${SOCNIC_BUILD:-$top/build}
H=$B/host$STACK_SUFFIX A=$B/aarch64$STACK_SUFFIX

log "stack $SOCNIC_STACK: DPDK $STACK_DPDK, Linux $STACK_LINUX, QEMU $STACK_QEMU"
"$top/buildtools/install-deps.sh"
kernel=$("$top/buildtools/build-kernel.sh")
dpdk_host=$("$top/buildtools/build-dpdk.sh" host)
dpdk_arm=$("$top/buildtools/build-dpdk.sh" aarch64)
busybox=$("$top/buildtools/fetch-busybox.sh")
qemu=$("$top/buildtools/fetch-qemu.sh")

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
configure "$H" -Dpkg_config_path="$dpdk_host/lib/pkgconfig" -Dqemu="$qemu"

# A cross build must see only the aarch64 DPDK through pkg-config. Meson
# reads a cross file once, at setup: a build dir made against another DPDK
# (its cache key changed) is set up afresh.
if [ -f "$A/build.ninja" ] &&
   [ "$(cat "$A.dpdk" 2>/dev/null)" != "$dpdk_arm" ]; then
	log "aarch64 DPDK changed: setting up $A afresh"
	rm -rf "$A"
fi
echo "$dpdk_arm" > "$A.dpdk"
cat > "$A-dpdk.ini" <<INI
[properties]
pkg_config_libdir = ['$dpdk_arm/lib/pkgconfig']
INI
if [ -f "$A/build.ninja" ]; then
	configure "$A" -Dkernel_dir="$kernel" -Dbusybox="$busybox" -Dqemu="$qemu"
else
	configure "$A" --cross-file cross/aarch64-linux-gnu.ini \
		--cross-file "$A-dpdk.ini" -Dkernel_dir="$kernel" -Dbusybox="$busybox" \
		-Dqemu="$qemu" --prefix=/usr -Dlab=enabled
fi
log "building socnic (host)"
ninja -C "$H" >"$H.ninja.log" 2>&1 ||
	{ tail -30 "$H.ninja.log" >&2; die "host build failed (log: $H.ninja.log)"; }
log "building socnic (aarch64)"
ninja -C "$A" >"$A.ninja.log" 2>&1 ||
	{ tail -30 "$A.ninja.log" >&2; die "aarch64 build failed (log: $A.ninja.log)"; }
log "ready: $H and $A"
