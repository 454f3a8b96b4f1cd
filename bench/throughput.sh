#!/usr/bin/env bash
# Intake and confirmed throughput of one node, as fractions of the machine's Ed25519 verify
# ceiling measured in the same run (bench/load_driver.cc measures it before and after each run
# and divides by the mean).
#   intake:    a node that does not forge takes COUNT signed transfers over HTTP in batches of
#              1000 on 4 connections, as JSON and as binary batches (application/octet-stream);
#              counted once verified into the pool.
#   confirmed: a devnet in a performance profile (1 s slots, 60,000 transactions and 16 MiB per
#              block, a pool of COUNT: config, not code) takes the same load and forges it;
#              counted from the first submission until the last transfer is in a block.
# Usage: bench/throughput.sh [COUNT (default 100000)] [RUN...] where RUN is intake-json, intake or
# confirmed (default: all three). Builds into build-bench/ (Release);
# DDN_NODE_BIN=DIR takes ddnd and ddn from DIR instead (load_driver still from build-bench/).
# DDN_PERF=DIR records a CPU profile of the node in each run (perf record -g) to DIR/NAME.perf.
# Not part of the test suite; prints a table and exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-100000}"
shift || true
runs=("$@")
[ ${#runs[@]} -eq 0 ] && runs=(intake-json intake confirmed)
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DDDN_BENCH=ON -DDDN_TESTS=OFF \
  -DDDN_FUZZ=OFF -DDDN_WERROR=OFF >/dev/null
if [ -n "${DDN_NODE_BIN:-}" ]; then
  cmake --build build-bench --parallel "$(nproc)" --target load_driver >/dev/null
  bin=$DDN_NODE_BIN
else
  cmake --build build-bench --parallel "$(nproc)" --target ddnd ddn load_driver >/dev/null
  bin=build-bench/bin
fi
dir=$(mktemp -d /tmp/ddn-throughput.XXXX)
node_pid=
cleanup() {
  [ -n "$node_pid" ] && kill "$node_pid" 2>/dev/null && wait "$node_pid" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT

# profile NAME FORGING: a fresh network in $dir/NAME with the performance limits.
profile() {
  "$bin/ddn" genesis --delegates 101 --out "$dir/$1" --block-interval 1 >/dev/null
  python3 - "$dir/$1/config.toml" "$2" "$count" <<'PY'
import re, sys
path, forging, count = sys.argv[1], sys.argv[2] == "1", int(sys.argv[3])
text = open(path).read()
text = re.sub(r"max_txs_per_block = \d+", "max_txs_per_block = 60000", text)
text = re.sub(r"max_payload_bytes = \d+", "max_payload_bytes = 16777216", text)
text = re.sub(r"max_transactions = \d+", f"max_transactions = {count + 1000}", text)
text = re.sub(r"log_level = ['\"]\w+['\"]", 'log_level = "warn"', text)
if not forging:
    text = re.sub(r"secrets = \[[^\]]*\]", "secrets = []", text, flags=re.S)
open(path, "w").write(text)
PY
  python3 -c 'import json,sys;sys.stdout.write(json.load(open(sys.argv[1]))["faucet"]["secret"])' \
    "$dir/$1/secrets.json" >"$dir/$1/faucet.txt"
}

# run NAME [driver flags]: starts the node of profile NAME, drives it, stops it.
run() {
  local name=$1 port=$((20000 + RANDOM % 20000))
  shift
  local prefix=()
  [ -n "${DDN_PERF:-}" ] && mkdir -p "$DDN_PERF" && prefix=(perf record -F 999 -g -o "$DDN_PERF/$name.perf" --)
  "${prefix[@]}" "$bin/ddnd" --config "$dir/$name/config.toml" --port "$port" >"$dir/$name/node.log" 2>&1 &
  node_pid=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/api/blocks/getHeight" >/dev/null && break; sleep 0.1; done
  build-bench/bin/load_driver --node "http://127.0.0.1:$port" --secret-file "$dir/$name/faucet.txt" \
    --count "$count" "$@" >"$dir/$name.json"
  # Under perf, $node_pid is perf's: stop its ddnd child, and perf writes the profile and exits.
  [ -n "${DDN_PERF:-}" ] && pkill -TERM -P "$node_pid" ddnd || kill "$node_pid"
  wait "$node_pid" 2>/dev/null || true
  node_pid=
}

for name in "${runs[@]}"; do
  case $name in
    intake-json) profile intake-json 0; run intake-json --format json ;;
    intake) profile intake 0; run intake --format binary ;;
    confirmed) profile confirmed 1; run confirmed --format binary --wait-confirmed ;;
    *) echo "unknown run: $name (intake-json, intake, confirmed)" >&2; exit 2 ;;
  esac
done
python3 - "$dir" "${runs[@]}" <<'PY'
import json, sys
folder, names = sys.argv[1], sys.argv[2:]
results = {n: json.load(open(f"{folder}/{n}.json")) for n in names}
first = next(iter(results.values()))
print(f"ceiling (Ed25519 verifies/s, libsodium): 1 core {first['ceilingOneCore']:.0f}; "
      "all cores before/after each run in the table")
print("| benchmark | transactions | seconds | tx/s | ceiling before / after | vs ceiling (mean) |")
print("|---|---|---|---|---|---|")
def ceiling(r):
    return f"{r['ceilingAllCoresBefore']:.0f} / {r['ceilingAllCoresAfter']:.0f}"
titles = {"intake-json": "intake, JSON batches", "intake": "intake, binary batches"}
for name, r in results.items():
    if name in titles:
        print(f"| {titles[name]} (verified into the pool) | {r['accepted']} | {r['intakeSeconds']:.2f} | "
              f"{r['intakePerSecond']:.0f} | {ceiling(r)} | {r['intakeVsCeiling']:.3f} |")
    else:
        print(f"| confirmed (perf profile, binary batches) | {r['accepted']} | "
              f"{r['confirmedSeconds']:.2f} | {r['confirmedPerSecond']:.0f} | "
              f"{ceiling(r)} | {r['confirmedVsCeiling']:.3f} |")
PY
