#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 socnic authors
# Prints the reset module's version, which is socnic's: the one project()
# in meson.build gives, written nowhere else. For the builds that do not go
# through meson: reset/Makefile (the module, and dkms.conf in dkms-source)
# and a plain Kbuild run in a checkout.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
v=$(sed -n "s/^[[:space:]]*version: '\([^']*\)',\$/\1/p" "$top/meson.build" | head -n 1)
[ -n "$v" ] || { echo "version.sh: no \"version: '...',\" line in $top/meson.build" >&2; exit 1; }
echo "$v"
