#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Builds DPDK 22.11 from Debian's source package WITH the driver SDK (Debian's
# libdpdk-dev lacks bus_driver.h, dev_driver.h and ethdev_driver.h) and only
# the parts socnic needs, then installs it into a cache prefix.
#   build-dpdk.sh host|aarch64     prints the prefix
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/cache.sh"

arch=${1:?usage: build-dpdk.sh host|aarch64}
cross_file=$here/../cross/aarch64-linux-gnu.ini
case $arch in
host) cross_args="" cross_key="" examples="" ;;
# The board also runs DPDK's own example applications against net_gem,
# built from this same source so they match the libraries it carries.
aarch64) cross_args="--cross-file $cross_file" cross_key=$cross_file examples="l2fwd,l3fwd" ;;
*) die "unknown target '$arch': use host or aarch64" ;;
esac

# The version apt serves now: a newer Debian upload gives a new cache entry.
version=$(apt-cache showsrc dpdk 2>/dev/null | sed -n 's/^Version: //p' | sort -V | tail -n1)
[ -n "$version" ] || die "apt knows no dpdk source package: run buildtools/install-deps.sh (it adds deb-src entries)"

OPTIONS="--libdir=lib --buildtype=release -Dplatform=generic -Dtests=false
 -Denable_driver_sdk=true -Denable_docs=false -Dmax_lcores=16
 -Denable_drivers=bus/vdev,mempool/ring,net/ring,net/null,net/af_packet
 -Denable_apps=test-pmd
 -Ddisable_libs=bitratestats,cfgfile,flow_classify,gpudev,gro,gso,jobstats,kni,latencystats,metrics,node,pdump,pipeline,port,power,table,vhost"
[ -n "$examples" ] && OPTIONS="$OPTIONS -Dexamples=$examples"
# The board's programs (dpdk-testpmd, the examples) link DPDK's shared
# libraries, as a distribution's do: only then does EAL load drivers from
# its driver directory (lib/dpdk/pmds-<ABI>) by itself, with no -d.
[ "$arch" = aarch64 ] && OPTIONS="$OPTIONS -Ddefault_library=shared"

# Bump RECIPE when the steps below change what gets built.
RECIPE=1
key=$(cache_key "dpdk-$arch" "$RECIPE" "$arch" "$version" "$OPTIONS" $cross_key)
dir=$SOCNIC_CACHE/$key
cache_lock "$dir"
if [ -f "$dir/.done" ]; then
	log "DPDK $version ($arch) cached in $dir (no rebuild)"
	echo "$dir/prefix"; exit 0
fi

log "building DPDK $version ($arch) into $dir"
start=$(date +%s)
rm -rf "$dir/src" "$dir/build" "$dir/stage"
mkdir -p "$dir/src"
(cd "$dir/src" && apt-get source -qq --download-only "dpdk=$version" >/dev/null 2>&1) ||
	die "apt-get source dpdk=$version failed: check the deb-src entries and the network"
# (apt already checked the archive's signatures; dpkg-source has no keyring)
dpkg-source --no-check -x "$dir/src"/dpdk_*.dsc "$dir/src/dpdk" >/dev/null 2>&1 ||
	die "unpacking the DPDK source failed (in $dir/src)"

# pyenv's python3 on these machines lacks pyelftools; Debian's has it.
export PATH=/usr/bin:$PATH
# A cross build must never see the build machine's libraries through pkg-config.
[ "$arch" = aarch64 ] && export PKG_CONFIG_LIBDIR=/nonexistent
# shellcheck disable=SC2086
meson setup -Dprefix="$dir/prefix" $OPTIONS $cross_args "$dir/build" "$dir/src/dpdk" >"$dir/meson.log" 2>&1 ||
	{ tail -20 "$dir/meson.log" >&2; die "DPDK meson setup failed (full log: $dir/meson.log)"; }
# Staged, then moved into place: the prefix path is compiled into EAL (its
# driver directory), and users of an old prefix never see a half install.
DESTDIR="$dir/stage" ninja -C "$dir/build" install >"$dir/ninja.log" 2>&1 ||
	{ tail -20 "$dir/ninja.log" >&2; die "DPDK build failed (full log: $dir/ninja.log)"; }
[ -f "$dir/stage$dir/prefix/include/ethdev_driver.h" ] || die "DPDK installed without the driver SDK headers"
# DPDK's install leaves built examples in the build tree: put them beside
# dpdk-testpmd, where the lab stages programs from.
for ex in $(echo "$examples" | tr , ' '); do
	install -m 0755 "$dir/build/examples/dpdk-$ex" "$dir/stage$dir/prefix/bin/" ||
		die "example $ex was not built (see $dir/ninja.log)"
done
rm -rf "$dir/prefix"
mv "$dir/stage$dir/prefix" "$dir/prefix"
rm -rf "$dir/build" "$dir/src" "$dir/stage"
touch "$dir/.done"
log "DPDK ($arch) built in $(( $(date +%s) - start )) s"
echo "$dir/prefix"
