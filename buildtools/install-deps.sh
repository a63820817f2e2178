#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Installs, with apt, everything socnic needs on a Debian 12 (bookworm) host:
# the aarch64 cross toolchain, meson/ninja, dtc, cmocka (also arm64's: net_gem's
# unit tests run cross-built too), QEMU 7.2 (system and user mode: bench/run
# counts aarch64 instructions and those tests run under the latter), the Linux
# source, what builds and checks the Debian packages (mmdebstrap for their
# build chroot, lintian, dkms), and apt access to arm64 packages and to
# Debian's DPDK source.
# With SOCNIC_STACK=trixie also linux-source-6.12 (bookworm-security).
# Either way apt is given the sources both stacks use, so one machine can
# build both: deb-src twins of the bookworm entries and bookworm-backports
# (apt installs nothing from it unasked; fetch-qemu.sh unpacks its QEMU).
# Trixie's dpdk source comes through an apt state of its own
# (build-dpdk.sh), never through the system's sources: there it would make
# 24.11 the newest `dpdk` source for every bookworm build on the machine.
# Idempotent and quiet when everything is already there.
set -eu
. "$(dirname "$0")/stack.sh"

HOST_PKGS="build-essential gcc-aarch64-linux-gnu libc6-dev-arm64-cross meson ninja-build
pkg-config device-tree-compiler libfdt-dev libcmocka-dev qemu-system-arm
python3-pyelftools libnuma-dev libelf-dev bc bison flex libssl-dev cpio kmod
linux-source-6.1 dpkg-dev rsync xz-utils clang valgrind qemu-user
mmdebstrap lintian dkms libcmocka-dev:arm64"
[ "$SOCNIC_STACK" = trixie ] && HOST_PKGS="$HOST_PKGS linux-source-6.12"

if [ "$(id -u)" != 0 ]; then
	echo "install-deps: must run as root (apt-get install); rerun with sudo" >&2
	exit 1
fi

missing=""
for p in $HOST_PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done

debian=/etc/apt/sources.list.d/debian.sources
src_list=/etc/apt/sources.list.d/socnic-deb-src.sources
bpo_list=/etc/apt/sources.list.d/socnic-bookworm-backports.sources
need_apt=0
for f in "$src_list" "$bpo_list"; do
	[ -f "$f" ] || need_apt=1
done
dpkg --print-foreign-architectures | grep -qx arm64 || need_arch=1

if [ -z "$missing" ] && [ "$need_apt" = 0 ] && [ -z "${need_arch:-}" ]; then
	exit 0
fi

echo "install-deps: installing:${missing:- (apt configuration only)}"
[ -n "${need_arch:-}" ] && dpkg --add-architecture arm64
# The first deb entry's URI and keyring (the main archive's).
main_entry() {
	sed -n '/^Types: *deb$/,/^$/p' "$debian" | sed -n "s/^$1: *//p" | head -n1
}
if [ ! -f "$src_list" ]; then
	# A deb-src twin of every deb entry, so `apt-get source dpdk` works.
	sed -n '/^Types: *deb$/,/^$/p' "$debian" |
		sed 's/^Types: *deb$/Types: deb-src/' > "$src_list"
fi
if [ ! -f "$bpo_list" ]; then
	printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: %s\n' \
		"$(main_entry URIs)" "$(main_entry Signed-By)" > "$bpo_list"
fi
export DEBIAN_FRONTEND=noninteractive
# (other sessions on this machine may hold apt's lock for a while)
apt-get -o DPkg::Lock::Timeout=600 update -qq
# shellcheck disable=SC2086
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $HOST_PKGS
