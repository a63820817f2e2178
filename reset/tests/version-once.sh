#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 socnic authors
# The reset module's version is written once, in project() (meson.build):
#  - reset/version.sh, which the Makefile and a plain Kbuild run use, reads
#    exactly the project's;
#  - `make dkms-source` stages a dkms.conf whose PACKAGE_VERSION is it, in
#    /usr/src/vfio-platform-gem-<it> by default, with every file Kbuild
#    needs, and no placeholder left;
#  - no file in reset/ spells the version out a second time.
#   version.sh RESET_DIR PROJECT_VERSION
set -eu
dir=$1 want=$2
fail() { echo "reset-version: FAIL: $*" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

got=$("$dir/version.sh") || fail "reset/version.sh failed"
[ "$got" = "$want" ] || fail "reset/version.sh says '$got', the project '$want'"

make -s -C "$dir" dkms-source DKMS_SRC="$tmp/src" >/dev/null ||
	fail "make dkms-source failed"
conf=$tmp/src/dkms.conf
grep -qx "PACKAGE_VERSION=\"$want\"" "$conf" ||
	fail "staged dkms.conf: '$(grep PACKAGE_VERSION "$conf")', want PACKAGE_VERSION=\"$want\""
grep -q '@[A-Z_]*@' "$conf" && fail "staged dkms.conf keeps a placeholder: $(grep '@[A-Z_]*@' "$conf")"
[ "$(grep -c "GEM_RESET_VERSION=\${PACKAGE_VERSION} " "$conf")" = 2 ] ||
	fail "staged dkms.conf: MAKE and CLEAN must both pass the version to Kbuild"
for f in Kbuild vfio_platform_gem.c gem_osdep.h gem_hw.h gem_compat.h gem_quiesce.h; do
	[ -f "$tmp/src/$f" ] || fail "dkms-source did not stage $f"
done
default=$(make -s -C "$dir" -n dkms-source | sed -n 's/^mkdir -p //p')
[ "$default" = "/usr/src/vfio-platform-gem-$want" ] ||
	fail "default DKMS_SRC is '$default', want /usr/src/vfio-platform-gem-$want"

again=$(grep -rlF --exclude-dir=tests --exclude='*.ko' --exclude='*.o' --exclude='*.mod*' --exclude='.*.cmd' -- "$want" "$dir" || true)
[ -z "$again" ] || fail "the version $want is written again in: $again"
echo "reset-version: $want everywhere (version.sh, dkms.conf, dkms source path)"
