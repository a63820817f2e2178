#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Gives the package build DPDK's driver SDK headers, which Debian's
# libdpdk-dev lacks (it is built without enable_driver_sdk): bus_driver.h,
# dev_driver.h and ethdev_driver.h, the ones socnic's bus and PMD include,
# taken from Debian's dpdk source package of exactly VERSION, the
# libdpdk-dev installed, with Debian's patches applied. The source comes
# from beside the package's source tree (../dpdk_<version>.dsc and its
# files, where buildtools/build-debs.sh puts them), else from apt-get
# source (deb-src entries and the network needed). debian/README.source.
#   dpdk-sdk.sh VERSION OUTDIR     headers into OUTDIR/include
set -eu
version=$1 out=$2
HEADERS="lib/eal/include/bus_driver.h lib/eal/include/dev_driver.h lib/ethdev/ethdev_driver.h"

dsc=dpdk_$(echo "$version" | sed 's/^[0-9]*://').dsc
rm -rf "$out"
mkdir -p "$out/src" "$out/include"
if [ -f "../$dsc" ]; then
	echo "dpdk-sdk: DPDK's driver SDK headers from ../$dsc"
	src=$(cd .. && pwd)
else
	echo "dpdk-sdk: no ../$dsc: apt-get source dpdk=$version"
	(cd "$out/src" && apt-get source --download-only "dpdk=$version") || {
		echo "dpdk-sdk: cannot get Debian's dpdk source $version, whose driver SDK headers the build needs: put $dsc and its files beside the source tree, or add deb-src entries for apt" >&2
		exit 1
	}
	src=$(cd "$out/src" && pwd)
fi
dpkg-source -x "$src/$dsc" "$out/src/dpdk" >"$out/dpkg-source.log" 2>&1 ||
	{ cat "$out/dpkg-source.log" >&2; echo "dpdk-sdk: unpacking $dsc failed" >&2; exit 1; }
for h in $HEADERS; do
	[ -f "$out/src/dpdk/$h" ] || { echo "dpdk-sdk: Debian's dpdk $version has no $h" >&2; exit 1; }
	cp "$out/src/dpdk/$h" "$out/include/"
done
rm -rf "$out/src"
echo "dpdk-sdk: $(echo $HEADERS | wc -w) headers of DPDK $version in $out/include"
