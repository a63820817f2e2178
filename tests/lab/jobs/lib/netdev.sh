# SPDX-License-Identifier: BSD-3-Clause
# Sourced by lab jobs that use the kernel's macb driver on the GEMs.

netdev_of() { # the kernel interface of the GEM at this sysfs name
	for n in /sys/class/net/*; do
		case $(readlink -f "$n/device") in */"$1") basename "$n"; return ;; esac
	done
	echo "${JOB:-lab}: no netdev for $1 (did macb probe?)" >&2
	exit 1
}
