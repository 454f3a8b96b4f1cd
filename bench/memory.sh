#!/usr/bin/env bash
# Memory: resident set of an idle devnet (ddnd --dev, 10 s blocks) after SETTLE seconds, and of a
# node opened on a chain where ACCOUNTS accounts exist (made by ddn-make-chain with transfers to
# fresh addresses, 500 per block), idle for SETTLE seconds after it answers. Also the CPU share of
# the idle devnet over that time. Not part of the test suite.
# Usage: bench/memory.sh [ACCOUNTS (default 1000000)] [SETTLE (default 15)]
# Needs build/bin/{ddnd,ddn-make-chain} (scripts/build.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
accounts="${1:-1000000}"
settle="${2:-15}"
bin=build/bin
dir=$(mktemp -d /tmp/ddn-memory-bench.XXXX)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT
rss_mb() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
wait_api() { for _ in $(seq 1 600); do curl -sf "$1/api/blocks/getHeight" >/dev/null && return 0; sleep 0.1; done; return 1; }

port=$((20000 + RANDOM % 20000))
"$bin/ddnd" --dev --data-dir "$dir/dev" --port "$port" --log-level warn >"$dir/dev.log" 2>&1 &
pid=$!
wait_api "http://127.0.0.1:$port"
t0=$(cpu_ticks "$pid")
sleep "$settle"
t1=$(cpu_ticks "$pid")
idle_rss=$(rss_mb "$pid")
idle_cpu=$(python3 -c "print(f'{($t1 - $t0) / $(getconf CLK_TCK) / $settle * 100:.2f}')")
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=

blocks=$(((accounts + 499) / 500))
start=$(date +%s)
"$bin/ddn-make-chain" --dir "$dir/big" --blocks "$blocks" --txs-per-block 500 >/dev/null
made=$(($(date +%s) - start))
"$bin/ddnd" --config "$dir/big/config.toml" --port "$port" --log-level warn >"$dir/big.log" 2>&1 &
pid=$!
wait_api "http://127.0.0.1:$port"
sleep "$settle"
big_rss=$(rss_mb "$pid")
disk=$(du -sm "$dir/big/data" | cut -f1)
echo "| state | RSS MB | CPU % of a core |"
echo "|---|---|---|"
echo "| idle devnet (${settle} s) | $idle_rss | $idle_cpu |"
echo "| $((blocks * 500)) accounts (made in ${made} s, ${disk} MB on disk) | $big_rss | – |"
