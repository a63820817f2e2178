#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 socnic authors
#
# DPDK's own l3fwd example (LPM), built from the board's DPDK source,
# routing between GEM0 (198.18.0.0/24) and GEM1 (198.18.1.0/24) through
# net_gem, with --parse-ptype (the GEM reports no packet types for l3fwd's
# checks) and promiscuous mode (-P). The host (dpdk-l3fwd.host) sends
# IPv4/UDP and TCP frames both ways, every 10th with a wrong checksum, and
# checks every frame that comes back: none lost, none corrupted, TTL one
# lower and the IPv4 checksum still right (or still wrong, as sent).
set -eu
. /lab/lib/lab.sh
. /lab/lib/example.sh

lab-setup
printf 'R198.18.0.0/24 0\nR198.18.1.0/24 1\n' >/tmp/l3fwd-v4.cfg
printf 'R2001:0db8:0000:0000:0000:0000:0000:0000/64 0\nR2001:0db8:0000:0001:0000:0000:0000:0000/64 1\n' >/tmp/l3fwd-v6.cfg
example_run l3fwd "the host's frames were not all routed by dpdk-l3fwd as they should" \
	-p 0x3 -P --parse-ptype --lookup=lpm --config="(0,0,0),(1,0,1)" \
	--rule_ipv4=/tmp/l3fwd-v4.cfg --rule_ipv6=/tmp/l3fwd-v6.cfg
echo "$JOB: passed"
