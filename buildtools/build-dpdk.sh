#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Builds DPDK from Debian's source package WITH the driver SDK (Debian's
# libdpdk-dev lacks bus_driver.h, dev_driver.h and ethdev_driver.h) and only
# the parts socnic needs, then installs it into a cache prefix: 22.11 from
# bookworm, or with SOCNIC_STACK=trixie 24.11 from trixie's source package.
#   build-dpdk.sh host|aarch64     prints the prefix
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/cache.sh"
. "$here/stack.sh"

arch=${1:?usage: build-dpdk.sh host|aarch64}
cross_file=$here/../cross/aarch64-linux-gnu.ini
case $arch in
host) cross_args="" cross_key="" examples="" ;;
# The board also runs DPDK's own example applications against net_gem,
# built from this same source so they match the libraries it carries.
aarch64) cross_args="--cross-file $cross_file" cross_key=$cross_file examples="l2fwd,l3fwd" ;;
*) die "unknown target '$arch': use host or aarch64" ;;
esac

# Trixie's dpdk source (24.11) comes through an apt state of its own, holding only
# trixie's deb-src entry (same archive and keyring as the system's): added to
# the system's sources it would make 24.11 the newest `dpdk` source for every
# bookworm build on the machine. Nothing is installed from it.
APT="apt-get"
APT_CACHE="apt-cache"
if [ "$STACK_DPDK" = 24.11 ]; then
	state=$SOCNIC_CACHE/apt-trixie-src
	main=$(sed -n '/^Types: *deb$/,/^$/p' /etc/apt/sources.list.d/debian.sources)
	uri=$(printf '%s\n' "$main" | sed -n 's/^URIs: *//p' | head -n1)
	keyring=$(printf '%s\n' "$main" | sed -n 's/^Signed-By: *//p' | head -n1)
	opts="-o Dir::Etc::SourceList=$state/sources.list -o Dir::Etc::SourceParts=/nonexistent
 -o Dir::State::Lists=$state/lists -o Dir::Cache=$state/cache"
	APT="apt-get $opts" APT_CACHE="apt-cache $opts"
	(
		cache_lock "$state"
		mkdir -p "$state/lists/partial" "$state/cache/archives/partial"
		echo "deb-src [signed-by=$keyring] $uri trixie main" > "$state/sources.list"
		# One update a day at most: the key is the version it finds.
		if [ -z "$(find "$state/lists" -name '*Sources*' -mtime -1 2>/dev/null)" ]; then
			# shellcheck disable=SC2086
			$APT update -qq >/dev/null 2>&1 ||
				die "apt-get update of trixie's deb-src entry ($uri) failed: check the network"
		fi
	) || exit 1
fi

# The version apt serves now, of the stack's series: a newer Debian upload
# gives a new cache entry.
# shellcheck disable=SC2086
version=$($APT_CACHE showsrc dpdk 2>/dev/null | sed -n 's/^Version: //p' |
	grep "^$STACK_DPDK\." | sort -V | tail -n1)
[ -n "$version" ] || die "apt knows no dpdk $STACK_DPDK source package: run buildtools/install-deps.sh (it adds deb-src entries)"

case $STACK_DPDK in
22.11)
	OPTIONS="--libdir=lib --buildtype=release -Dplatform=generic -Dtests=false
 -Denable_driver_sdk=true -Denable_docs=false -Dmax_lcores=16
 -Denable_drivers=bus/vdev,mempool/ring,net/ring,net/null,net/af_packet
 -Denable_apps=test-pmd
 -Ddisable_libs=bitratestats,cfgfile,flow_classify,gpudev,gro,gso,jobstats,kni,latencystats,metrics,node,pdump,pipeline,port,power,table,vhost" ;;
24.11)
	# DPDK's own platform bus (bus/platform, 23.03+) is built in, as in
	# Debian's packages: socplat must share the process with it and still be
	# the only bus that takes the GEMs (drivers/bus_platform/README.md).
	# kni and flow_classify are gone in 24.11.
	OPTIONS="--libdir=lib --buildtype=release -Dplatform=generic -Dtests=false
 -Denable_driver_sdk=true -Denable_docs=false -Dmax_lcores=16
 -Denable_drivers=bus/vdev,bus/platform,mempool/ring,net/ring,net/null,net/af_packet
 -Denable_apps=test-pmd
 -Ddisable_libs=bitratestats,cfgfile,gpudev,gro,gso,jobstats,latencystats,metrics,node,pdump,pipeline,port,power,table,vhost" ;;
esac
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
# shellcheck disable=SC2086
if ! (cd "$dir/src" && $APT source -qq --download-only "dpdk=$version" >"$dir/source.log" 2>&1); then
	sed -n 's/^E: //p' "$dir/source.log" | head -n 3 >&2
	[ "$STACK_DPDK" = 24.11 ] &&
		die "trixie's dpdk source $version could not be downloaded (above: what apt said; a 404 means the archive lists it but does not serve its files here). SOCNIC_DPDK=22.11 builds the rest of the trixie stack (Linux 6.12, QEMU 10.0) against DPDK 22.11"
	die "apt-get source dpdk=$version failed: check the deb-src entries and the network"
fi
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
