#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Installs, with apt, everything socnic needs on a Debian 12 (bookworm) host:
# the aarch64 cross toolchain, meson/ninja, dtc, cmocka, QEMU 7.2, the Linux
# source, what builds and checks the Debian packages (mmdebstrap for their
# build chroot, lintian, dkms), and apt access to arm64 packages and to
# Debian's DPDK source.
# Idempotent and quiet when everything is already there.
set -eu

HOST_PKGS="build-essential gcc-aarch64-linux-gnu libc6-dev-arm64-cross meson ninja-build
pkg-config device-tree-compiler libfdt-dev libcmocka-dev qemu-system-arm
python3-pyelftools libnuma-dev libelf-dev bc bison flex libssl-dev cpio kmod
linux-source-6.1 dpkg-dev rsync xz-utils clang valgrind
mmdebstrap lintian dkms"

if [ "$(id -u)" != 0 ]; then
	echo "install-deps: must run as root (apt-get install); rerun with sudo" >&2
	exit 1
fi

missing=""
for p in $HOST_PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done

src_list=/etc/apt/sources.list.d/socnic-deb-src.sources
need_src=0
[ -f "$src_list" ] || need_src=1
dpkg --print-foreign-architectures | grep -qx arm64 || need_arch=1

if [ -z "$missing" ] && [ "$need_src" = 0 ] && [ -z "${need_arch:-}" ]; then
	exit 0
fi

echo "install-deps: installing:${missing:- (apt configuration only)}"
[ -n "${need_arch:-}" ] && dpkg --add-architecture arm64
if [ "$need_src" = 1 ]; then
	# A deb-src twin of every deb entry, so `apt-get source dpdk` works.
	sed -n '/^Types: *deb$/,/^$/p' /etc/apt/sources.list.d/debian.sources |
		sed 's/^Types: *deb$/Types: deb-src/' > "$src_list"
fi
export DEBIAN_FRONTEND=noninteractive
# (other sessions on this machine may hold apt's lock for a while)
apt-get -o DPkg::Lock::Timeout=600 update -qq
# shellcheck disable=SC2086
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $HOST_PKGS
