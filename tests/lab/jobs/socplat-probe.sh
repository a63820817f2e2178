#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The socplat bus on the board, with no sysfs writes of our own: both GEMs
# found from the device tree, left alone until named, then bound to vfio-platform by the bus, their
# registers mapped (the module ID read through the mapping), IOVA as PA in
# VFIO's no-IOMMU mode, the SPI the tree lists twice survived with a
# warning, each GEM's interrupt delivered through rte_intr; then used again
# as found (already on vfio-platform), left alone when blocked with -b,
# mapped by a secondary process, and handed to net_gem in dpdk-testpmd.
set -eu
. /lab/lib/lab.sh
log=/tmp/probe.log

lab-setup
for g in $GEMS; do
	echo "before: $g driver=$(driver_of "$g")"
	[ "$(driver_of "$g")" = none ] || fail "$g starts on $(driver_of "$g"), expected no driver"
done

# 0. free but nobody named or marked them: left alone, one line each
socplat-probe -- --expect 0 2>&1 | tee $log
grep -q '^socplat-probe: OK$' $log || fail "unnamed run"
for g in $GEMS; do
	grep -qx "socplat: $g: free, not named or marked socnic,data-plane: left alone (hand it over with -a $g, the DT marker, or socnic-bind --bind $g)" $log ||
		fail "no consent notice for $g"
	[ "$(driver_of "$g")" = none ] || fail "$g taken although nobody named it"
done

# 1. named, from unbound: bind, map, read MID, IOVA PA; each GEM's queue-0
# interrupt through rte_intr, twice (the second needs the unmask)
socplat-probe --log-level=bus.socplat:info -a $GEM0 -a $GEM1 -- --expect 2 --mid 0x00020118 --iova pa --irq 2>&1 | tee $log
grep -q '^socplat-probe: OK$' $log || fail "first run"
for g in $GEMS; do
	[ "$(driver_of "$g")" = vfio-platform ] || fail "$g on $(driver_of "$g") after the run, expected vfio-platform"
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
socplat-probe -b $GEM1 -- --expect 1 2>&1 | tee $log
grep -q '^socplat-probe: OK$' $log || fail "-b run"
grep -q "^socplat-probe: $GEM1 " $log && fail "-b $GEM1 was probed"
# 4. a secondary process maps the same registers through the primary's
# VFIO group (EAL's mp channel) and never binds
socplat-probe -- --expect 2 --hold 8 > /tmp/primary.log 2>&1 &
primary=$!
wait_for_line /tmp/primary.log '^socplat-probe: holding' 10 $primary ||
	{ cat /tmp/primary.log; fail "primary did not come up"; }
socplat-probe --proc-type=secondary -- --expect 2 --mid 0x00020118 --iova pa 2>&1 | tee $log
grep -q '^socplat-probe: OK$' $log || fail "secondary run"
for g in $GEMS; do
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
	for g in $GEMS; do
		grep -q "^socplat: $g: probing net_gem (\"cdns,zynqmp-gem\")" $log ||
			fail "$g: the plugin bus did not hand it to net_gem"
	done
	;;
*)	echo "$JOB: net_gem not built, testpmd step skipped" ;;
esac
echo "$JOB: passed"
