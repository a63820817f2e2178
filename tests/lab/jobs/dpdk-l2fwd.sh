#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 socnic authors
#
# DPDK's own l2fwd example, built from the board's DPDK source, forwarding
# GEM0 <-> GEM1 through net_gem. Promiscuous mode on (-P: the host's test
# frames are not addressed to the ports' MACs, and without it the GEM's
# address filter drops them, as it should); MAC rewriting off, so every
# frame must come back byte for byte. The host (dpdk-l2fwd.host) sends
# test frames of 18 sizes and IPv4/UDP and TCP frames (every 10th with a
# wrong checksum, which must arrive still wrong) both ways, and checks
# every frame: none lost, none corrupted.
set -eu
. /lab/lib/lab.sh
. /lab/lib/example.sh

lab-setup
example_run l2fwd "the host's frames did not all cross dpdk-l2fwd unchanged" \
	-p 0x3 -P -T 0 --no-mac-updating
echo "$JOB: passed"
