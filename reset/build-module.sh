#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 socnic authors
# Used by reset/meson.build: builds the module out of tree, so the checkout
# stays clean. Copies the sources (Kbuild, .c, the GEM headers) into OUTDIR and runs
# Kbuild there, VERSION becoming the module's MODULE_VERSION.
#   build-module.sh KDIR ARCH CROSS_COMPILE VERSION OUTDIR SOURCE...
set -eu
kdir=$1 arch=$2 cross=$3 version=$4
out=$(cd "$5" && pwd)	# Kbuild wants M= absolute; meson passes it relative
shift 5
for f in "$@"; do
	cmp -s "$f" "$out/$(basename "$f")" || cp "$f" "$out/"
done
exec make -s -C "$kdir" M="$out" ARCH="$arch" CROSS_COMPILE="$cross" \
	GEM_RESET_VERSION="$version" modules
