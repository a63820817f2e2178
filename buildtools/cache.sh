# SPDX-License-Identifier: BSD-3-Clause
# Sourced by the build scripts: where builds of large inputs (the kernel,
# DPDK) are cached, and how a cache entry is keyed. An entry is named after a
# hash of everything that shapes it, so a change of any input builds a new
# entry and an unchanged input never rebuilds.

SOCNIC_CACHE=${SOCNIC_CACHE:-/var/cache/socnic}

# cache_key NAME INPUT... : prints NAME-<16 hex digits> over the inputs'
# contents (files) or text (anything else).
cache_key() {
	name=$1; shift
	for input in "$@"; do
		if [ -f "$input" ]; then cat "$input"; else printf '%s\n' "$input"; fi
	done | sha256sum | cut -c1-16 | sed "s/^/$name-/"
}

# cache_lock DIR : serialises builders of one entry (parallel test runs).
cache_lock() {
	mkdir -p "$1"
	exec 9>"$1.lock"
	flock 9
}

log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
die() { log "error: $*"; exit 1; }
