#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 socnic authors
# dkms's PRE_BUILD step (dkms.conf): says plainly, before the build fails,
# when the kernel tree dkms builds against lacks vfio-platform's private
# header, which the module includes and which no linux-headers package
# ships. (dkms goes on to the build whatever this says; Kbuild then stops
# with the same reason, in make.log.)
#   dkms-check-tree.sh KERNEL_SOURCE_DIR
set -eu
kdir=$1
h=drivers/vfio/platform/vfio_platform_private.h
# A tree built with O= has its sources behind the `source` link.
for d in "$kdir" "$kdir/source"; do
	[ -f "$d/$h" ] && { echo "vfio-platform-gem: building against $kdir"; exit 0; }
done
cat >&2 <<MSG
vfio-platform-gem: ERROR: $kdir lacks $h.
vfio-platform-gem: The module needs the kernel's full, built source tree: a
vfio-platform-gem: linux-headers package does not ship that header. Point
vfio-platform-gem: /lib/modules/<release>/build at the tree the kernel was built
vfio-platform-gem: in, or run: dkms build vfio-platform-gem/<version> -k <release> --kernelsourcedir <tree>
MSG
exit 1
