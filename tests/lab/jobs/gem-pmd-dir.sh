#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 socnic authors
#
# socnic's drivers found the way DPDK's own are: dpdk-testpmd, linked
# against DPDK's shared libraries, given no -d, loads the socplat bus and
# net_gem from DPDK's driver directory ($SOCNIC_PMD_DIR, where meson
# install put them) and io-forwards GEM0 <-> GEM1 while the host sends
# both ways (gem-pmd-dir.host), every frame checked. Then the same with
# -d naming the plugins too: the same files, loaded once, each GEM probed
# once.
set -eu
. /lab/lib/lab.sh
. /lab/lib/pmd-dir.sh

lab-setup
for lib in librte_bus_socplat.so librte_net_gem.so; do
	[ -f "$SOCNIC_PMD_DIR/$lib" ] ||
		fail "$lib is not in DPDK's driver directory $SOCNIC_PMD_DIR: meson install did not put it there"
done

pmd_dir_forward "no -d" plain
pmd_dir_forward "-d too" with-d $SOCNIC_PLUGINS
echo "$JOB: passed"
