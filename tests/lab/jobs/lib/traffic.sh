# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 socnic authors
#
# Sourced by host steps (*.host, on the build machine) after lab.sh: the
# socnic-traffic checks several of them make. The runner gives a host step
# SOCNIC_TRAFFIC and the wires LAB_WIRE0 and LAB_WIRE1.
#   none_cross TX_WIRE RX_WIRE SECONDS ARGS...
#       send into TX_WIRE with ARGS while listening on RX_WIRE for SECONDS;
#       shows what the receiver reports, true if no frame came out

none_cross() {
	local tx_wire rx_wire secs out rx rc
	tx_wire=$1 rx_wire=$2 secs=$3
	shift 3
	out=/tmp/lab-none-cross.$$
	"$SOCNIC_TRAFFIC" --rx "$rx_wire" --count 0 --duration "$secs" --ready >"$out" &
	rx=$!
	wait_for_line "$out" ready 5 $rx || fail "the receiver on $rx_wire never got ready"
	"$SOCNIC_TRAFFIC" --tx "$tx_wire" "$@" || { kill $rx; fail "sending into $tx_wire failed"; }
	rc=0
	wait $rx || rc=$?
	grep -v '^ready$' "$out" || true
	rm -f "$out"
	return $rc
}
