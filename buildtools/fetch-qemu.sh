#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Prints the qemu-system-aarch64 the stack's board runs on.
#   bookworm  the host's, QEMU 7.2 (qemu-system-arm, installed by
#             install-deps.sh)
#   trixie    QEMU 10.0 from bookworm-backports. apt cannot install two
#             QEMUs side by side, so its .deb is unpacked into the cache
#             (never installed) and run from there through a wrapper that
#             turns audio off (its default audio driver would load QEMU
#             7.2's module from the host and warn); the libraries it links
#             are bookworm's, installed with apt when one is missing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/cache.sh"
. "$here/stack.sh"

if [ "$SOCNIC_STACK" = bookworm ]; then
	q=$(command -v qemu-system-aarch64) ||
		die "qemu-system-aarch64 missing: run buildtools/install-deps.sh (qemu-system-arm)"
	echo "$q"; exit 0
fi

version=$(apt-cache madison qemu-system-arm 2>/dev/null |
	awk -F'|' '$3 ~ /bookworm-backports/ { gsub(/ /, "", $2); print $2 }' |
	grep "^1:$STACK_QEMU\." | sort -V | tail -n1)
[ -n "$version" ] ||
	die "apt offers no qemu-system-arm $STACK_QEMU from bookworm-backports: run buildtools/install-deps.sh (it adds bookworm-backports)"
# Bump RECIPE when the steps below change what gets unpacked.
RECIPE=2
dir=$SOCNIC_CACHE/$(cache_key qemu-aarch64 "$RECIPE" "$version")
cache_lock "$dir"
wrapper=$dir/qemu-system-aarch64
if [ ! -f "$dir/.done" ]; then
	log "unpacking QEMU $version (bookworm-backports) into $dir"
	rm -rf "$dir/root" "$dir/deb"
	mkdir -p "$dir/deb"
	(cd "$dir/deb" && apt-get download -qq "qemu-system-arm=$version" >/dev/null 2>&1) ||
		die "apt-get download qemu-system-arm=$version failed: check the network and apt sources"
	dpkg-deb -x "$dir"/deb/qemu-system-arm_*.deb "$dir/root"
	bin=$dir/root/usr/bin/qemu-system-aarch64
	# Its libraries are bookworm's own packages: install any that is missing.
	if ldd "$bin" | grep -q "not found"; then
		libs=$(dpkg-deb -f "$dir"/deb/qemu-system-arm_*.deb Depends | tr ',' '\n' |
			sed -n 's/^ *\(lib[^ ]*\).*/\1/p')
		log "installing QEMU $version's libraries:" $libs
		# shellcheck disable=SC2086
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $libs >/dev/null ||
			die "installing QEMU $version's libraries failed"
	fi
	missing=$(ldd "$bin" | sed -n 's/^\t*\([^ ]*\) => not found/\1/p' | tr '\n' ' ')
	[ -z "$missing" ] || die "QEMU $version needs libraries bookworm lacks: $missing"
	cat > "$wrapper" <<SH
#!/bin/sh
# QEMU $version from bookworm-backports, unpacked by buildtools/fetch-qemu.sh.
exec $bin -audio none "\$@"
SH
	chmod 0755 "$wrapper"
	"$wrapper" --version | grep -q "version $STACK_QEMU\." ||
		die "the unpacked QEMU does not run: $wrapper --version"
	rm -rf "$dir/deb"
	touch "$dir/.done"
fi
echo "$wrapper"
