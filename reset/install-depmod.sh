#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 socnic authors
# meson install's step after the reset module is in place (reset/meson.build):
# vfio-platform loads a reset handler by its vfio-reset:<compatible> alias,
# which only depmod writes into modules.alias. So: `depmod -a RELEASE` for
# the kernel the module was built for. Under DESTDIR the files are staged for
# another root, whose module database this machine's depmod must not guess
# at: print the command to run there instead.
#   install-depmod.sh DEPMOD RELEASE
set -eu
depmod=$1 release=$2
if [ -n "${DESTDIR:-}" ]; then
	echo "vfio-platform-gem: staged in $DESTDIR, depmod not run; on the target run: depmod -a $release"
	exit 0
fi
command -v "$depmod" >/dev/null ||
	{ echo "vfio-platform-gem: no depmod (Debian: apt-get install kmod); then run: depmod -a $release" >&2; exit 1; }
echo "vfio-platform-gem: depmod -a $release"
exec "$depmod" -a "$release"
