#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The socplat bus on the board, with no sysfs writes of our own: both GEMs
# found from the device tree, bound to vfio-platform by the bus, their
# registers mapped (the module ID read through the mapping), IOVA as PA in
# VFIO's no-IOMMU mode, the SPI the tree lists twice survived with a
# warning, each GEM's interrupt delivered through rte_intr; then used again
# as found (already on vfio-platform), left alone when blocked with -b,
# mapped by a secondary process, and handed to net_gem in dpdk-testpmd.
set -eu
fail() { echo "socplat-probe job: FAIL: $*" >&2; exit 1; }
drv() { l=$(readlink "/sys/bus/platform/devices/$1/driver") && basename "$l" || echo none; }
gems="ff0c0000.ethernet ff0d0000.ethernet"
log=/tmp/probe.log

lab-setup
for g in $gems; do
	echo "before: $g driver=$(drv "$g")"
	[ "$(drv "$g")" = none ] || fail "$g starts on $(drv "$g"), expected no driver"
done

# 1. from unbound: bind, map, read MID, IOVA PA; each GEM's queue-0
# interrupt through rte_intr, twice (the second needs the unmask)
socplat-probe --log-level=bus.socplat:info -- --expect 2 --mid 0x00020118 --iova pa --irq 2>&1 | tee $log
grep -q '^socplat-probe: OK$' $log || fail "first run"
for g in $gems; do
	[ "$(drv "$g")" = vfio-platform ] || fail "$g on $(drv "$g") after the run, expected vfio-platform"
	grep -q "^socplat-probe: $g .* kdriver=vfio-platform group=[0-9]*(noiommu) regions=1 .* mapped=yes mid=0x00020118 irqs=1/2 " $log ||
		fail "$g: not bound, mapped and wired as expected"
	grep -q "^socplat: $g: interrupt 1 (-) could not be requested: " $log ||
		fail "$g: no warning for the interrupt listed twice"
	grep -qx "socplat-probe: $g irq0 fired=2" $log || fail "$g: interrupt not delivered twice"
done
grep -q "Selected IOVA mode 'PA'" $log || fail "EAL did not select IOVA as PA"

# 2. already on vfio-platform: used as it is
socplat-probe -- --expect 2 --mid 0x00020118 --iova pa 2>&1 | tee $log
grep -q '^socplat-probe: OK$' $log || fail "second run"

# 3. blocked: left alone
socplat-probe -b ff0d0000.ethernet -- --expect 1 2>&1 | tee $log
grep -q '^socplat-probe: OK$' $log || fail "-b run"
grep -q '^socplat-probe: ff0d0000.ethernet ' $log && fail "-b ff0d0000.ethernet was probed"
# 4. a secondary process maps the same registers through the primary's
# VFIO group (EAL's mp channel) and never binds
socplat-probe -- --expect 2 --hold 8 > /tmp/primary.log 2>&1 &
primary=$!
i=0
until grep -q '^socplat-probe: holding' /tmp/primary.log; do
	i=$((i + 1)); [ $i -lt 100 ] || { cat /tmp/primary.log; fail "primary did not come up"; }
	sleep 0.1
done
socplat-probe --proc-type=secondary -- --expect 2 --mid 0x00020118 --iova pa 2>&1 | tee $log
grep -q '^socplat-probe: OK$' $log || fail "secondary run"
for g in $gems; do
	# the primary owns the interrupt lines: none wired here
	grep -q "^socplat-probe: $g .* kdriver=vfio-platform .* mapped=yes mid=0x00020118 irqs=0/2 " $log ||
		fail "$g: not mapped in the secondary"
done
grep -q "bound to vfio-platform" $log && fail "the secondary bound something"
wait $primary || { cat /tmp/primary.log; fail "primary"; }

# 5. the bus as a plugin (-d) in DPDK's own testpmd, with net_gem
case "$SOCNIC_PLUGINS" in
*librte_net_gem.so*)
	echo quit | dpdk-testpmd $SOCNIC_PLUGINS --log-level=bus.socplat:info -- -i 2>&1 | tee $log || true
	for g in $gems; do
		grep -q "^socplat: $g: probing net_gem (\"cdns,zynqmp-gem\")" $log ||
			fail "$g: the plugin bus did not hand it to net_gem"
	done
	;;
*)	echo "socplat-probe job: net_gem not built, testpmd step skipped" ;;
esac
echo "socplat-probe job: passed"
