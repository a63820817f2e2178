#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 socnic authors
# The reset module's DKMS source, built by dkms as a board would build it:
# the source as the socnic-reset-dkms package installs it (DEB, unpacked)
# or, without DEB, as `make -C reset dkms-source` stages it; `dkms build`
# against the kernel tree KDIR (cross: ARCH and CROSS_COMPILE in the
# environment, as for the kernel), in a dkms tree of its own (nothing of
# this machine's dkms state is touched). Checks the module's version and
# vermagic; then builds against a copy of KDIR without drivers/ (as a
# linux-headers package is): dkms must fail, and say why first.
#   dkms.sh KDIR KARCH CROSS_COMPILE DKMS_ARCH VERSION [DEB]
set -eu
kdir=$1 karch=$2 cross=$3 darch=$4 version=$5 deb=${6:-}
here=$(cd "$(dirname "$0")/.." && pwd)
fail() { echo "reset-dkms: FAIL: $*" >&2; exit 1; }
command -v dkms >/dev/null || PATH=$PATH:/usr/sbin:/sbin
command -v dkms >/dev/null || fail "no dkms (buildtools/install-deps.sh installs it)"
release=$(cat "$kdir/include/config/kernel.release")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/tree" "$tmp/inst" "$tmp/bin"

src=$tmp/src/vfio-platform-gem-$version
if [ -n "$deb" ]; then
	dpkg-deb -x "$deb" "$tmp/pkg"
	mkdir -p "$tmp/src"
	cp -a "$tmp/pkg/usr/src/vfio-platform-gem-$version" "$src" ||
		fail "$deb has no usr/src/vfio-platform-gem-$version"
	echo "reset-dkms: the source from $(basename "$deb")"
else
	make -s -C "$here" dkms-source DKMS_SRC="$src"
	echo "reset-dkms: the source from make -C reset dkms-source"
fi

# dkms strips the module with `strip`: the target's, for a cross build.
[ -n "$cross" ] && ln -s "$(command -v "${cross}strip")" "$tmp/bin/strip"
dkms_build() { # KERNEL_SOURCE_DIR LOG
	PATH=$tmp/bin:$PATH ARCH=$karch CROSS_COMPILE=$cross \
	dkms build -m vfio-platform-gem -v "$version" -k "$release" --arch "$darch" \
		--kernelsourcedir "$1" --dkmstree "$tmp/tree" --sourcetree "$tmp/src" \
		--installtree "$tmp/inst" >"$2" 2>&1
}

dkms_build "$kdir" "$tmp/build.log" ||
	{ cat "$tmp/build.log"; find "$tmp/tree" -name make.log -exec cat {} +; fail "dkms build against $kdir failed"; }
ko=$tmp/tree/vfio-platform-gem/$version/$release/$darch/module/vfio-platform-gem.ko
[ -f "$ko" ] || { cat "$tmp/build.log"; fail "dkms built no $ko"; }
got=$(modinfo -F version "$ko")
[ "$got" = "$version" ] || fail "module version '$got', want $version"
magic=$(modinfo -F vermagic "$ko")
case $magic in "$release "*) ;; *) fail "vermagic '$magic' is not for $release" ;; esac
echo "reset-dkms: dkms built vfio-platform-gem $got for $release ($magic)"

# A tree as a headers package has it: no drivers/.
mkdir "$tmp/headers"
for f in "$kdir"/* "$kdir"/.config; do
	[ "$(basename "$f")" = drivers ] || ln -s "$f" "$tmp/headers/"
done
dkms remove -m vfio-platform-gem -v "$version" --all --dkmstree "$tmp/tree" \
	--sourcetree "$tmp/src" --installtree "$tmp/inst" >/dev/null 2>&1 || true
if dkms_build "$tmp/headers" "$tmp/headers.log"; then
	cat "$tmp/headers.log"; fail "dkms built against a tree without vfio_platform_private.h"
fi
grep -q "vfio-platform-gem: ERROR: $tmp/headers lacks drivers/vfio/platform/vfio_platform_private.h" "$tmp/headers.log" ||
	{ cat "$tmp/headers.log"; fail "dkms failed without saying the tree lacks vfio_platform_private.h"; }
echo "reset-dkms: without the private header dkms fails, and says so:"
grep "vfio-platform-gem: " "$tmp/headers.log" | sed 's/^/    /'
