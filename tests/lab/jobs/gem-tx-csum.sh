#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 socnic authors
#
# TX checksum offload on net_gem: DPDK's dpdk-testpmd in its csum engine,
# GEM0 -> GEM1, with the IPv4, UDP and TCP checksums of port 1 left to the
# hardware ("csum set ... hw 1": testpmd zeroes or seeds the fields and
# asks for the offload; net_gem's tx_prepare zeroes them, the GEM fills
# them in). The host (gem-tx-csum.host) sends IPv4/UDP and TCP frames,
# every 5th with a wrong IPv4 or L4 checksum, and every frame must come out
# of GEM1 with both checksums right.
set -eu
. /lab/lib/lab.sh
. /lab/lib/testpmd.sh

host() { # run one host step, fail the job if it fails
	lab-ready "$1"
	lab-wait-host || tp_fail "host step '$1' failed"
}

lab-setup
tp_start -l 0-1 -n 1 --no-pci $SOCNIC_PLUGINS -a $GEM0 -a $GEM1 -- \
	-i --forward-mode=csum --nb-cores=1
tp port stop all
tp csum set ip hw 1
tp csum set udp hw 1
tp csum set tcp hw 1
tp csum show 1
tp port start all
tp start
host csum
tp stop
tp_quit

grep -q "IP checksum offload is hw" $TP_OUT ||
	tp_fail "port 1 did not take IP checksum offload"
echo "$JOB: passed"
