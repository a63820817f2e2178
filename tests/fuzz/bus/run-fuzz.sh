#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Runs a libFuzzer target for a bounded time: new inputs go to WORKDIR,
# the committed corpus is only read. Crashes land in WORKDIR too.
#   run-fuzz.sh FUZZER CORPUS WORKDIR SECONDS
set -eu
fuzzer=$1 corpus=$2 work=$3 seconds=$4
mkdir -p "$work/corpus" "$work/artifacts"
exec "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
	-print_final_stats=1 -artifact_prefix="$work/artifacts/" \
	"$work/corpus" "$corpus"
