#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 socnic authors
#
# The board as Debian packages make it (lab run --debs: debian-testpmd.run):
# Debian's own arm64 DPDK 22.11 (dpdk, dpdk-dev's dpdk-testpmd, the
# librte-*23 libraries and drivers, unmodified, with what they load) and
# socnic's packages (build-debs.sh), unpacked; the reset module built by
# dkms from socnic-reset-dkms. Nothing of socnic's build tree is on it.
#  1. socnic-bind (socnic-tools) lists both GEMs;
#  2. Debian's dpdk-testpmd, with no -d, loads socplat and net_gem from
#     Debian's DPDK driver directory and io-forwards the host's frames both
#     ways, none lost or corrupted (host: gem-pmd-dir.host);
#  3. socnic-fwd (socnic-tools, linked against Debian's DPDK) does the same.
set -eu
. /lab/lib/lab.sh
. /lab/lib/pmd-dir.sh
. /lab/lib/fwd.sh

[ "${LAB_STAGED:-}" = debs ] ||
	fail "the board was not staged from packages (run it with lab run --debs, as debian-testpmd.run does)"
[ -z "${LD_LIBRARY_PATH:-}" ] || fail "LD_LIBRARY_PATH is set ($LD_LIBRARY_PATH): the board must find libraries as Debian does"
case $SOCNIC_PMD_DIR in
/usr/lib/aarch64-linux-gnu/dpdk/pmds-*) ;;
*) fail "socnic's plugins are in $SOCNIC_PMD_DIR, not Debian's DPDK driver directory" ;;
esac
ls "$SOCNIC_PMD_DIR"

lab-setup
[ -d /sys/module/vfio_platform_gem ] || fail "the reset module is not loaded"
grep -q '^updates/dkms/vfio-platform-gem.ko:' /lib/modules/$(uname -r)/modules.dep ||
	fail "the reset module is not the one dkms built (updates/dkms)"

echo "== 1. socnic-bind"
socnic-bind --status
for g in $GEMS; do
	socnic-bind --status | grep -q "$g" || fail "socnic-bind does not list $g"
done

echo "== 2. Debian's dpdk-testpmd, no -d"
pmd_dir_forward "Debian's dpdk-testpmd, no -d" debian-testpmd

echo "== 3. socnic-fwd"
fwd_start /tmp/fwd.log -l 0-1 -a $GEM0 -a $GEM1 -- --interval 1
grep -q "^socnic-fwd: port 0: $GEM0 (net_gem)" $FWD_LOG || fail "port 0 is not $GEM0 on net_gem"
grep -q "^socnic-fwd: port 1: $GEM1 (net_gem)" $FWD_LOG || fail "port 1 is not $GEM1 on net_gem"
host_step socnic-fwd
fwd_stop INT
expect_row 0 "10000 10000 0 0"
expect_row 1 "10000 10000 0 0"
echo "$JOB: passed"
