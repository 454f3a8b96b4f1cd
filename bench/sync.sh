#!/usr/bin/env bash
# Sync throughput: node A serves a chain made by ddn-make-chain; node B starts empty with A as its
# only seed; the time from B's start until B reaches A's height gives blocks/s and
# transactions/s. Two chains: EMPTY empty blocks, and FULL blocks of 500 transfers (the protocol
# limit). Transactions/s is also shown as a fraction of the machine's Ed25519 verify ceiling
# (load_driver --ceiling-only, right before and right after the full-block sync; the mean).
# Usage: bench/sync.sh [EMPTY (default 20000)] [FULL (default 200)]. Not part of the test suite.
# Needs build/bin/{ddnd,ddn-make-chain} (scripts/build.sh) and build-bench/bin/load_driver
# (bench/throughput.sh builds it).
set -euo pipefail
cd "$(dirname "$0")/.."
empty="${1:-20000}"
full="${2:-200}"
bin=build/bin
dir=$(mktemp -d /tmp/ddn-sync-bench.XXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
ceiling() { build-bench/bin/load_driver --ceiling-only | python3 -c 'import json,sys;print(json.load(sys.stdin)["ceilingAllCores"])'; }

wait_api() { for _ in $(seq 1 200); do curl -sf "$1/api/blocks/getHeight" >/dev/null && return 0; sleep 0.05; done; return 1; }
height() { curl -sf "$1/api/blocks/getHeight" | python3 -c 'import json,sys;print(json.load(sys.stdin)["height"])'; }

# measure NAME BLOCKS TXS_PER_BLOCK -> "name blocks txs seconds"
measure() {
  local name=$1 blocks=$2 per=$3 a_port=$((20000 + RANDOM % 10000)) b_port=$((30000 + RANDOM % 10000))
  "$bin/ddn-make-chain" --dir "$dir/$name" --blocks "$blocks" --txs-per-block "$per" >/dev/null
  "$bin/ddnd" --config "$dir/$name/config.toml" --port "$a_port" --log-level warn >"$dir/$name/a.log" 2>&1 &
  pids+=($!)
  wait_api "http://127.0.0.1:$a_port"
  local target
  target=$(height "http://127.0.0.1:$a_port")
  python3 - "$dir/$name/config.toml" "$dir/$name/b.toml" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
text = re.sub(r"data_dir = ['\"][^'\"]*['\"]", 'data_dir = "data-b"', text)
text = re.sub(r"secrets = \[[^\]]*\]", "secrets = []", text, flags=re.S)
open(sys.argv[2], "w").write(text)
PY
  local start end
  start=$(date +%s.%N)
  "$bin/ddnd" --config "$dir/$name/b.toml" --port "$b_port" --peers "127.0.0.1:$a_port" --log-level warn \
    >"$dir/$name/b.log" 2>&1 &
  pids+=($!)
  wait_api "http://127.0.0.1:$b_port" || { cat "$dir/$name/b.log" >&2; exit 1; }
  while [ "$(height "http://127.0.0.1:$b_port")" -lt "$target" ]; do sleep 0.02; done
  end=$(date +%s.%N)
  echo "$name $target $((blocks * per)) $(python3 -c "print($end - $start)")"
}

measure empty "$empty" 0 >"$dir/results.txt"
before=$(ceiling)
measure full "$full" 500 >>"$dir/results.txt"
after=$(ceiling)
python3 - "$dir/results.txt" "$before" "$after" <<'PY'
import sys
before, after = float(sys.argv[2]), float(sys.argv[3])
ceiling = (before + after) / 2
print(f"verify ceiling (all cores): {before:.0f}/s before, {after:.0f}/s after the full-block sync")
print("| chain | blocks | transactions | seconds | blocks/s | tx/s | tx/s vs ceiling |")
print("|---|---|---|---|---|---|---|")
for line in open(sys.argv[1]):
    name, blocks, txs, secs = line.split()
    blocks, txs, secs = int(blocks), int(txs), float(secs)
    ratio = f"{txs / secs / ceiling:.2f}" if txs else "–"
    print(f"| {name} | {blocks} | {txs} | {secs:.2f} | {blocks / secs:.0f} | {txs / secs:.0f} | {ratio} |")
PY
