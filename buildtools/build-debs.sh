#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Builds socnic's Debian packages for arm64 (debian/), cross, on a Debian 12
# x86_64 machine, and checks them with lintian:
#   build-debs.sh [OUTDIR]      as root; OUTDIR defaults to $SOCNIC_BUILD/deb
#                               (build/deb); prints OUTDIR
# The build runs in a clean bookworm chroot of its own (amd64 + arm64,
# mmdebstrap, cached in $SOCNIC_CACHE, refreshed from the archive at every
# run) holding the arm64 build dependencies: libdpdk-dev:arm64 drags in
# libfdt-dev:arm64, which cannot sit beside this machine's own libfdt-dev.
# Debian's dpdk source of the version the chroot has is put beside the
# package source for the driver SDK headers (debian/README.source). What
# builds is the checkout's tracked files as they are now. When neither they
# nor the chroot changed since the last build into OUTDIR, nothing is
# rebuilt. lintian runs on the result; errors or warnings fail the build.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/buildtools/cache.sh"
out=${1:-${SOCNIC_BUILD:-$top/build}/deb}
arch=arm64

[ "$(id -u)" = 0 ] || die "must run as root (the build chroot)"
for t in mmdebstrap lintian; do
	command -v $t >/dev/null || die "$t missing: run buildtools/install-deps.sh"
done
version=$("$top/reset/version.sh")

# ---- the chroot: Debian 12 as this machine gets it, the build dependencies
# of debian/control for $arch (changed ones give a new chroot).
RECIPE=1
sources=/etc/apt/sources.list.d/debian.sources
[ -f $sources ] || die "no $sources: this machine's Debian archive"
build_deps=$(sed -n '/^Build-Depends/,/^[^ ]/{/^Build-Depends\|^ /p}' "$top/debian/control")
key=$(cache_key "debian-build-bookworm-$arch" "$RECIPE" $sources "$build_deps")
root=$SOCNIC_CACHE/$key
cache_lock "$root"

in_root() { # in_root CMD...: runs CMD in the chroot, /dev and /proc mounted
	# A mount namespace of its own: the mounts go with it.
	unshare --mount --fork sh -c '
		root=$1; shift
		mount --rbind /dev "$root/dev" && mount -t proc proc "$root/proc" &&
		exec chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			LC_ALL=C.UTF-8 HOME=/root DEBIAN_FRONTEND=noninteractive "$@"' \
		sh "$root" "$@"
}

if [ ! -f "$root/.done" ]; then
	log "making the build chroot $root (once)"
	rm -rf "$root"
	mkdir -p "$root"
	mmdebstrap --quiet --variant=buildd --architectures=amd64,$arch \
		--include=crossbuild-essential-$arch,fakeroot bookworm "$root" $sources \
		>"$root.log" 2>&1 || { tail -20 "$root.log" >&2; die "mmdebstrap failed (log: $root.log)"; }
	mkdir -p "$root/build/deps/debian"
	cp "$top/debian/control" "$root/build/deps/debian/"
	# (mmdebstrap leaves no package lists behind)
	in_root sh -c "apt-get -qq update && apt-get -y build-dep -a $arch -Pcross,nocheck /build/deps" \
		>>"$root.log" 2>&1 ||
		{ tail -20 "$root.log" >&2; die "installing the build dependencies failed (log: $root.log)"; }
	touch "$root/.done"
fi
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
# The archive moves on (stable point releases, security): so does the chroot.
if ! in_root sh -c 'apt-get -qq update && apt-get -qq -y dist-upgrade' >"$root.update.log" 2>&1; then
	log "warning: refreshing the chroot failed (log: $root.update.log); building with what it has"
fi
dpdk=$(in_root dpkg-query -W -f='${Version}' libdpdk-dev:$arch) ||
	die "the chroot has no libdpdk-dev:$arch"

# ---- up to date? The tracked files' contents, the chroot, DPDK's version.
cd "$top"
if git rev-parse --show-toplevel >/dev/null 2>&1; then
	files=$(git ls-files)
else
	files=$(find . -path ./build -prune -o -path ./.git -prune -o -type f -print | sed 's|^\./||')
fi
# shellcheck disable=SC2086
stamp=$( (echo "$key $dpdk"; printf '%s\n' $files | xargs -d '\n' sha256sum 2>/dev/null) |
	sha256sum | cut -c1-16)
if [ -f "$out/.stamp" ] && [ "$(cat "$out/.stamp")" = "$stamp" ]; then
	log "packages in $out are up to date (no rebuild)"
	echo "$out"; exit 0
fi

# ---- build: the source tree and Debian's dpdk source beside it.
log "building socnic $version for $arch against Debian's DPDK $dpdk (chroot $root)"
start=$(date +%s)
rm -rf "$root/build/src"
mkdir -p "$root/build/src/socnic-$version"
printf '%s\n' $files | tar -C "$top" --verbatim-files-from -T - -cf - |
	tar -C "$root/build/src/socnic-$version" -xf -
srcdir=$SOCNIC_CACHE/$(cache_key dpdk-source "$dpdk")
( # a subshell: its cache_lock must not release the chroot's (both use fd 9)
	cache_lock "$srcdir"
	ls "$srcdir"/dpdk_*.dsc >/dev/null 2>&1 ||
		(cd "$srcdir" && apt-get source -qq --download-only "dpdk=$dpdk" >/dev/null 2>&1) ||
		die "apt-get source dpdk=$dpdk failed: check the deb-src entries (buildtools/install-deps.sh) and the network"
)
cp "$srcdir"/dpdk_* "$root/build/src/"

if ! in_root sh -c "cd /build/src/socnic-$version &&
	DEB_BUILD_OPTIONS=nocheck dpkg-buildpackage -a $arch -Pcross,nocheck -us -uc -b" \
	>"$root/build/build.log" 2>&1; then
	tail -40 "$root/build/build.log" >&2
	mkdir -p "$out" && cp "$root/build/build.log" "$out/build.log"
	die "dpkg-buildpackage failed (log: $out/build.log)"
fi
rm -rf "$out"
mkdir -p "$out"
cp "$root/build/build.log" "$root"/build/src/*.deb "$root"/build/src/*.changes \
	"$root"/build/src/*.buildinfo "$out/"
log "built in $(( $(date +%s) - start )) s: $(cd "$out" && echo *.deb)"

# ---- lintian: no error or warning unless overridden with its reason
# (debian/*.lintian-overrides); informational tags are shown. (Root: the
# chroot build needs it, and lintian only unpacks the packages.)
changes=$(ls "$out"/*.changes)
if ! lintian --allow-root --display-info --fail-on error,warning "$changes" >"$out/lintian.log" 2>&1; then
	cat "$out/lintian.log" >&2
	die "lintian found errors or warnings (log: $out/lintian.log)"
fi
log "lintian: $(grep -c '^[EWIP]:' "$out/lintian.log" || true) tags, no error or warning (log: $out/lintian.log)"
echo "$stamp" > "$out/.stamp"
echo "$out"
