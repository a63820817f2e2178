#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Cross-builds the board's arm64 kernel from Debian's linux-source-6.1
# (SOCNIC_STACK=trixie: linux-source-6.12) with cross/kernel.config merged
# onto allnoconfig, into the cache. The tree is
# kept: the reset module builds against it (it needs vfio-platform's private
# header, which no headers package ships). Prints the tree's path.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/cache.sh"
. "$here/stack.sh"

src=linux-source-$STACK_LINUX
tarball=/usr/src/$src.tar.xz
fragment=$here/../cross/kernel.config
[ -f "$tarball" ] || die "$tarball missing: run buildtools/install-deps.sh (apt-get install $src)"
version=$(dpkg-query -W -f='${Version}' "$src")

# Bump RECIPE when the steps below change what gets built.
RECIPE=1
key=$(cache_key kernel "$RECIPE" "$version" "$fragment")
dir=$SOCNIC_CACHE/$key
cache_lock "$dir"
if [ -f "$dir/.done" ]; then
	log "kernel $version cached in $dir (no rebuild)"
	echo "$dir/linux"; exit 0
fi

log "building kernel $version for arm64 into $dir (about 8 minutes on 2 cores)"
start=$(date +%s)
rm -rf "$dir/linux" "${dir:?}/$src"
tar -C "$dir" -xaf "$tarball"
mv "$dir/$src" "$dir/linux"
cd "$dir/linux"
export ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-
make -s allnoconfig
./scripts/kconfig/merge_config.sh -m .config "$fragment" >/dev/null
make -s olddefconfig
# Every option we asked for must have survived olddefconfig's dependency pass.
grep '^CONFIG_' "$fragment" | while read -r opt; do
	grep -qx "$opt" .config || die "kernel option $opt did not apply (a dependency is missing from cross/kernel.config)"
done
make -s -j"$(nproc)" Image modules
touch "$dir/.done"
log "kernel built in $(( $(date +%s) - start )) s"
echo "$dir/linux"
