#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 socnic authors
# Used by reset/meson.build: builds the module out of tree, so the checkout
# stays clean. Copies the sources (Kbuild, .c, the GEM headers) into OUTDIR and runs
# Kbuild there.
#   build-module.sh KDIR ARCH CROSS_COMPILE OUTDIR SOURCE...
set -eu
kdir=$1 arch=$2 cross=$3
out=$(cd "$4" && pwd)	# Kbuild wants M= absolute; meson passes it relative
shift 4
for f in "$@"; do
	cmp -s "$f" "$out/$(basename "$f")" || cp "$f" "$out/"
done
exec make -s -C "$kdir" M="$out" ARCH="$arch" CROSS_COMPILE="$cross" modules
