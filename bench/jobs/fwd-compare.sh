#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 socnic authors
#
# Guest side of bench/run's board phase: the same dpdk-testpmd io
# forwarding, GEM0 <-> GEM1, over three data paths in turn, each while the
# host sends the same traffic (bench/fwd-compare.host, $LAB_PHASE names the
# path):
#   afpacket      the kernel's macb driver, DPDK's af_packet PMD on top
#   gem           net_gem through socplat, as the board's tree describes the
#                 GEMs (not dma-coherent: the cache-maintenance data path)
#   gem-coherent  net_gem with dma_coherent=1 (what a coherent SoC runs)
# After each path it prints testpmd's forward statistics as
# "fwd-compare: PATH port N FIELD VALUE" lines for bench/run.
set -eu
job=fwd-compare
log=/tmp/testpmd.log
gem0=ff0c0000.ethernet
gem1=ff0d0000.ethernet
# Identical for every path; only the ports differ. Statistics every second
# also flush testpmd's output to its log, which is how we see it started.
fwd="--forward-mode=io --nb-cores=1 --rxd=512 --txd=512 --burst=32 --stats-period 1"

fail() { [ -f $log ] && tail -n 40 $log; echo "$job: FAIL: $*" >&2; exit 1; }

netdev_of() { # the kernel interface of the GEM at this sysfs name
	for n in /sys/class/net/*; do
		case $(readlink -f "$n/device") in */"$1") basename "$n"; return ;; esac
	done
	fail "no netdev for $1 (did macb probe?)"
}

run_path() { # PATH EAL-ARGS...: forward while the host sends, then report
	path=$1; shift
	rm -f $log
	dpdk-testpmd -l 0-1 -n 1 "$@" -- $fwd >$log 2>&1 &
	pid=$!
	i=0
	until grep -q "Port statistics" $log; do
		i=$((i + 1))
		kill -0 $pid 2>/dev/null || fail "$path: testpmd exited before forwarding"
		[ $i -le 600 ] || fail "$path: testpmd not forwarding after 60 s"
		sleep 0.1
	done
	lab-ready "$path"
	rc=0
	lab-wait-host || rc=$?
	kill -INT $pid
	wait $pid || true
	# testpmd's closing report: "Forward statistics for port N" blocks.
	awk -v path="$path" -v job="$job" '
		/Forward statistics for port/ { port = $(NF - 1); on = 1; next }
		/Accumulated forward statistics/ { on = 0 }
		on && /RX-packets:|TX-packets:/ {
			for (i = 1; i < NF; i += 2) {
				f = $i; sub(":", "", f)
				printf "%s: %s port %s %s %s\n", job, path, port, f, $(i + 1)
			}
		}' $log
	[ "$rc" = 0 ] || fail "$path: host step failed ($rc)"
}

lab-setup

# ---- (a) af_packet over macb
modprobe macb
if0=$(netdev_of $gem0)
if1=$(netdev_of $gem1)
ip link set "$if0" up
ip link set "$if1" up
echo "$job: GEM0 is $if0, GEM1 is $if1"
run_path afpacket --no-pci \
	--vdev "net_af_packet0,iface=$if0" --vdev "net_af_packet1,iface=$if1"

# ---- (b) net_gem: the GEMs leave macb, socplat hands them to vfio-platform
ip link set "$if0" down
ip link set "$if1" down
rmmod macb
run_path gem --no-pci $SOCNIC_PLUGINS -a $gem0 -a $gem1
run_path gem-coherent --no-pci $SOCNIC_PLUGINS \
	-a $gem0,dma_coherent=1 -a $gem1,dma_coherent=1
echo "$job: done"
