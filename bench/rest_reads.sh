#!/usr/bin/env bash
# REST reads under load: starts a devnet (ddnd --dev, 10 s blocks) in a temp dir, then drives
# it with wrk (keep-alive, loopback) and prints requests/s and latency percentiles for height,
# balance, block and transaction lookups, each as a ratio to GET /api/peers/version (a route that
# touches no chain state) measured in the same run.
# Usage: bench/rest_reads.sh [DURATION_SECONDS (default 10)] [CONNECTIONS (default 64)]
# Needs: build/bin/ddnd and ddn (scripts/build.sh), wrk (scripts/setup.sh installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10}"
connections="${2:-64}"
bin=build/bin
dir=$(mktemp -d /tmp/ddn-rest-bench.XXXX)
port=$((20000 + RANDOM % 20000))
"$bin/ddnd" --dev --data-dir "$dir" --port "$port" --log-level warn >"$dir/node.log" 2>&1 &
node_pid=$!
trap 'kill $node_pid 2>/dev/null; wait $node_pid 2>/dev/null; rm -rf "$dir"' EXIT
url="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -sf "$url/api/blocks/getHeight" >/dev/null && break; sleep 0.1; done

# A confirmed transfer to look up.
python3 -c 'import json,sys;sys.stdout.write(json.load(open(sys.argv[1]))["faucet"]["secret"])' \
  "$dir/devnet.json" >"$dir/faucet.txt"
faucet=$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["faucet"]["address"])' "$dir/devnet.json")
to=$("$bin/ddn" account new | python3 -c 'import json,sys;print(json.load(sys.stdin)["address"])')
txid=$("$bin/ddn" tx send transfer --to "$to" --amount 1 --secret-file "$dir/faucet.txt" --node "$url" |
  python3 -c 'import json,sys;print(json.load(sys.stdin)["transactionId"])')
for _ in $(seq 1 300); do
  curl -s "$url/api/transactions/status?id=$txid" | grep -q '"confirmed"' && break; sleep 0.1
done
height=$(curl -s "$url/api/blocks/getHeight" | python3 -c 'import json,sys;print(json.load(sys.stdin)["height"])')

run() {  # name path -> "name req/s p50 p99"
  local out
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "$url$2" 2>&1)
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  echo "$1 $rps $p50 $p99"
}
results=()
results+=("$(run baseline /api/peers/version)")
results+=("$(run getHeight /api/blocks/getHeight)")
results+=("$(run getBalance "/api/accounts/getBalance?address=$faucet")")
results+=("$(run block "/api/blocks/get?height=$height")")
results+=("$(run transaction "/api/transactions/get?id=$txid")")
echo
printf "%-12s %12s %10s %10s %12s\n" endpoint "req/s" p50 p99 vs_baseline
base=$(awk '{print $2}' <<<"${results[0]}")
for r in "${results[@]}"; do
  read -r name rps p50 p99 <<<"$r"
  printf "%-12s %12s %10s %10s %12.2f\n" "$name" "$rps" "$p50" "$p99" "$(awk -v a="$rps" -v b="$base" 'BEGIN {print a / b}')"
done
echo "(wrk -t2 -c$connections -d${duration}s on loopback; $(nproc) cores; client and node share them)"
