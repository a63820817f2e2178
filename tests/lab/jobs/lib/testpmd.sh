# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 socnic authors
#
# Sourced by the gem-* lab jobs: DPDK's own dpdk-testpmd, driven through a
# fifo so a job can run commands between host steps. Needs lab.sh.
#   tp_start ARGS...      start it (EAL args -- testpmd args, with -i)
#   tp CMD...             one command; waits for the next prompt
#   tp_quit               quit and wait; then the readers below work
#   tp_stat K PORT FIELD  FIELD ("RX-packets") of the Kth stats report of PORT
#   tp_info K PORT FIELD  FIELD ("Link speed") of the Kth info report of PORT
#   tp_in_use K POOL      mbufs of POOL in use at the Kth dump_mempool
#   tp_expect K PORT FIELD WANT WHAT   fail unless the stat is WANT
#   tp_fail WHY           quit testpmd, show its output, fail the job

TP_LOG=/tmp/testpmd.log
TP_IN=/tmp/testpmd.in
TP_OUT=/tmp/testpmd.out

# testpmd is driven through a fifo: tp CMD sends a command and waits for the
# next prompt. Its prompts (and the echo of each command) are written at
# once, but its output is buffered (stdout is a file) and lands in blocks,
# so a prompt can cut an output line in two. Results are read after it
# quits, from TP_OUT: the log with every "testpmd> command" cut out and the
# line it split joined again, by occurrence: the Kth "show port stats",
# "show port info" or "dump_mempool".

tp_fail() {
	[ -n "${TP_PID:-}" ] && kill -0 "$TP_PID" 2>/dev/null && tp_quit
	echo "---- testpmd output (last 80 lines)"
	tail -n 80 $TP_OUT 2>/dev/null || tail -n 80 $TP_LOG
	fail "$@"
}

tp_prompts() {
	grep -o 'testpmd> ' $TP_LOG 2>/dev/null | wc -l
}

tp_wait_prompt() { # more than $1 prompts, within $2 s
	local t=0
	while [ "$(tp_prompts)" -le "$1" ]; do
		kill -0 "$TP_PID" 2>/dev/null || { TP_PID=; tp_fail "testpmd died"; }
		t=$((t + 1))
		[ $t -le $(($2 * 10)) ] || tp_fail "no prompt within $2 s"
		sleep 0.1
	done
}

tp_start() { # EAL args -- testpmd args
	rm -f $TP_IN $TP_LOG $TP_OUT
	mkfifo $TP_IN
	dpdk-testpmd "$@" <$TP_IN >$TP_LOG 2>&1 &
	TP_PID=$!
	exec 3>$TP_IN
	tp_wait_prompt 0 120
}

tp() {
	local n
	n=$(tp_prompts)
	echo "$*" >&3
	tp_wait_prompt "$n" 120
}

tp_quit() {
	local t=0
	echo quit >&3
	exec 3>&-
	while kill -0 "$TP_PID" 2>/dev/null; do
		t=$((t + 1))
		[ $t -le 300 ] || { kill -9 "$TP_PID"; break; }
		sleep 0.1
	done
	wait "$TP_PID" || true
	TP_PID=
	awk '{ line = carry $0; carry = "" }
	     (p = index(line, "testpmd> ")) > 0 { carry = substr(line, 1, p - 1); next }
	     { print line }
	     END { if (carry != "") print carry }' $TP_LOG >$TP_OUT
}

tp_stat() { # K PORT FIELD: FIELD of the Kth stats report of PORT
	awk -v k="$1" -v p="$2" -v f="$3:" '
		/NIC statistics for port/ { cur = ($6 == p) ? ++n == k : 0 }
		/Throughput/ { cur = 0 }
		cur { for (i = 1; i < NF; i++) if ($i == f) v = $(i + 1) }
		END { print v }' $TP_OUT
}

tp_info() { # K PORT FIELD: FIELD of the Kth info report of PORT
	awk -v k="$1" -v p="$2" -v f="$3" '
		/Infos for port/ { cur = ($5 == p) ? ++n == k : 0 }
		NF == 0 { cur = 0 }
		cur && index($0, f ": ") == 1 { v = substr($0, length(f) + 3) }
		END { print v }' $TP_OUT
}

tp_in_use() { # K POOL: mbufs in use at the Kth dump: size - pool - caches
	awk -v k="$1" -v pool="$2" '
		/^mempool / { cur = index($0, "<" pool ">") > 0 ? ++n == k : 0 }
		cur && /^  size=/ { split($0, a, "="); size = a[2] }
		cur && /common_pool_count=/ { split($0, a, "="); common = a[2] }
		cur && /total_cache_count=/ { split($0, a, "="); cache = a[2] }
		END { if (size == "") print "?"; else print size - common - cache }' $TP_OUT
}

tp_expect() { # K PORT FIELD WANT WHAT
	local got
	got=$(tp_stat "$1" "$2" "$3")
	[ "$got" = "$4" ] || tp_fail "port $2 $3 is '$got', want $4 ($5)"
	echo "$JOB: port $2 $3 = $got ($5)"
}
