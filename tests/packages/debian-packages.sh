#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 socnic authors
# socnic's Debian packages: built (buildtools/build-debs.sh, which fails on
# lintian errors and warnings), each holding what it should where it should,
# and the DKMS package's source built by dkms against KDIR
# (reset/tests/dkms.sh).
#   debian-packages.sh TOP OUTDIR KDIR KARCH CROSS_COMPILE VERSION
set -eu
top=$1 out=$2 kdir=$3 karch=$4 cross=$5 version=$6
fail() { echo "debian-packages: FAIL: $*" >&2; exit 1; }

debs=$("$top/buildtools/build-debs.sh" "$out") || fail "buildtools/build-debs.sh failed"
echo "debian-packages: lintian:"
sed 's/^/    /' "$debs/lintian.log"

# has PACKAGE PATTERN: PACKAGE's .deb holds a file matching PATTERN
has() {
	deb=$(ls "$debs/$1"_*.deb 2>/dev/null | head -n 1)
	[ -n "$deb" ] || fail "no $1 package"
	dpkg-deb -c "$deb" | awk '{ print $6 }' | grep -Eq "$2" ||
		fail "$1 holds nothing like $2"
}
has socnic-dpdk-plugins '^\./usr/lib/aarch64-linux-gnu/dpdk/pmds-[0-9.]+/librte_bus_socplat\.so$'
has socnic-dpdk-plugins '^\./usr/lib/aarch64-linux-gnu/dpdk/pmds-[0-9.]+/librte_net_gem\.so$'
for t in socnic-bind socnic-check socnic-fwd; do
	has socnic-tools "^\./usr/bin/$t\$"
	has socnic-tools "^\./usr/share/man/man1/$t\.1\.gz\$"
done
has socnic-overlays '^\./usr/share/socnic/dts/socnic-zynqmp-mac\.dtbo$'
has socnic-reset-dkms "^\./usr/src/vfio-platform-gem-$version/dkms\.conf\$"
dpkg-deb -f "$debs"/socnic-dpdk-plugins_*.deb Depends | grep -q 'librte-ethdev[0-9]* (>= ' ||
	fail "socnic-dpdk-plugins does not depend on Debian's librte-ethdev"
echo "debian-packages: $(cd "$debs" && ls *.deb | tr '\n' ' ')"

sh "$top/reset/tests/dkms.sh" "$kdir" "$karch" "$cross" aarch64 "$version" \
	"$(ls "$debs"/socnic-reset-dkms_*_all.deb)"
echo "debian-packages: passed"
