#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 socnic authors
# The built module's MODULE_VERSION is the project's version.
#   module-version.sh MODULE.ko PROJECT_VERSION
set -eu
modinfo=$(command -v modinfo || echo /sbin/modinfo)
got=$("$modinfo" -F version "$1") || { echo "reset-module-version: FAIL: modinfo $1" >&2; exit 1; }
[ "$got" = "$2" ] || { echo "reset-module-version: FAIL: $1 has version '$got', the project '$2'" >&2; exit 1; }
echo "reset-module-version: $got"
