# SPDX-License-Identifier: BSD-3-Clause
# Sourced by the build and test scripts: which Debian stack socnic is built
# and tested against, chosen by SOCNIC_STACK (default bookworm).
#   bookworm  Debian 12: DPDK 22.11, Linux 6.1, QEMU 7.2 (the host's)
#   trixie    Debian 13: DPDK 24.11 (trixie's dpdk source), Linux 6.12
#             (linux-source-6.12 from bookworm-security), QEMU 10.0
#             (bookworm-backports, unpacked into the cache)
# Both stacks live side by side: bookworm's build dirs keep their names
# (build/host, build/aarch64), trixie's carry the stack's name
# (build/host-trixie, build/aarch64-trixie).
# SOCNIC_DPDK=22.11|24.11 replaces the stack's DPDK (its build dirs then
# also carry -dpdkSERIES): for example Linux 6.12 and QEMU 10.0 with DPDK
# 22.11, where trixie's DPDK source cannot be had.

SOCNIC_STACK=${SOCNIC_STACK:-bookworm}
case $SOCNIC_STACK in
bookworm)
	STACK_DPDK=22.11 STACK_LINUX=6.1 STACK_QEMU=7.2 STACK_SUFFIX="" ;;
trixie)
	STACK_DPDK=24.11 STACK_LINUX=6.12 STACK_QEMU=10.0 STACK_SUFFIX=-trixie ;;
*)
	printf '%s: error: SOCNIC_STACK=%s: use bookworm (DPDK 22.11, Linux 6.1) or trixie (DPDK 24.11, Linux 6.12)\n' \
		"${0##*/}" "$SOCNIC_STACK" >&2
	exit 2 ;;
esac
if [ -n "${SOCNIC_DPDK:-}" ] && [ "$SOCNIC_DPDK" != "$STACK_DPDK" ]; then
	case $SOCNIC_DPDK in
	22.11|24.11) STACK_DPDK=$SOCNIC_DPDK STACK_SUFFIX=$STACK_SUFFIX-dpdk$SOCNIC_DPDK ;;
	*)
		printf '%s: error: SOCNIC_DPDK=%s: use 22.11 or 24.11\n' "${0##*/}" "$SOCNIC_DPDK" >&2
		exit 2 ;;
	esac
fi
export SOCNIC_STACK
