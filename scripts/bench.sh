#!/usr/bin/env bash
# Builds the Google Benchmark programs (bench/) in Release into build-bench/, runs them and
# prints a table: throughput with one thread and with every hardware thread, and each figure's
# ratio to the raw Ed25519 verify rate (the ceiling of transaction ingress: one verify per
# transfer). Crypto rows are compared with crypto_bench's own verify benchmark; transaction rows
# carry tx_bench's "vs_verify" counter (verify rate of as many threads, measured in the same
# process right before each benchmark, so both figures see the same machine load). The last two
# columns use one thread's CPU time instead of wall time: per-core figures that stay meaningful
# when other processes load the machine (compare them with the wall-time columns to see the load).
# block_bench (a full block verified, applied and committed) prints its own line at the end.
# Usage: scripts/bench.sh [extra benchmark flags, e.g. --benchmark_filter=Tx]
# Env: BENCH_MIN_TIME (seconds per benchmark, default 1). Raw results: build-bench/*.csv, *.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

min_time="${BENCH_MIN_TIME:-1}"
# -DDDN_WERROR=OFF: GCC 12 at -O3 emits false -Wrestrict warnings in src/ (string concatenation),
# which must not stop a measurement.
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DDDN_BENCH=ON -DDDN_TESTS=OFF \
  -DDDN_FUZZ=OFF -DDDN_WERROR=OFF >/dev/null
cmake --build build-bench --parallel "$(nproc)" --target crypto_bench tx_bench block_bench >build-bench/build.log 2>&1 ||
  { cat build-bench/build.log >&2; echo "bench: build failed" >&2; exit 1; }
rm -f build-bench/build.log

rm -f build-bench/crypto_bench.csv build-bench/tx_bench.csv
for b in crypto_bench tx_bench; do
  echo "== $b"
  build-bench/bin/$b --benchmark_min_time="$min_time" --benchmark_out="build-bench/$b.csv" \
    --benchmark_out_format=csv "$@" 2>&1 | tee "build-bench/$b.txt" | { grep -E '^BM_' || true; }
done

echo
awk -F, '
  BEGIN { hw = 1 }
  FNR == 1 { in_table = 0 }
  /^name,/ {
    in_table = 1
    for (i = 1; i <= NF; i++) { h = $i; gsub(/"/, "", h); col[h] = i }
    next
  }
  in_table {
    name = $1; gsub(/"/, "", name)
    split(name, parts, "/")
    base = parts[1]; threads = name; sub(/.*threads:/, "", threads)
    if (threads + 0 > hw + 0) hw = threads
    rate[base, threads] = $(col["items_per_second"])
    if (threads == 1) {
      unit = $(col["time_unit"]); scale = unit == "us" ? 1e6 : unit == "ms" ? 1e3 : unit == "s" ? 1 : 1e9
      if ($(col["cpu_time"]) > 0) cpu_rate[base] = scale / $(col["cpu_time"])
    }
    if ("vs_verify" in col) vs[base, threads] = $(col["vs_verify"])
    if ("verify_ceiling" in col && $(col["verify_ceiling"]) != "") {
      ceiling_sum[threads] += $(col["verify_ceiling"]); ceiling_n[threads]++
    }
    if ("error_occurred" in col && $(col["error_occurred"]) == "true") err[base] = 1
  }
  function human(x) {
    if (x == "") return "-"
    if (x >= 1e6) return sprintf("%.2fM", x / 1e6)
    if (x >= 1e3) return sprintf("%.1fk", x / 1e3)
    return sprintf("%.0f", x)
  }
  function ratio(x) { return x == "" ? "-" : sprintf("%.3f", x) }
  function row(label, base, t,    r1, rn, v1, vn, rc, vc) {
    r1 = rate[base, 1]; rn = rate[base, hw]; rc = cpu_rate[base]
    vc = (cpu_rate["BM_Ed25519Verify"] > 0 && rc != "") ? rc / cpu_rate["BM_Ed25519Verify"] : ""
    if (base ~ /^BM_(Ed25519|Sha256|AddressHashOf)/) {
      v1 = (rate["BM_Ed25519Verify", 1] > 0 && r1 != "") ? r1 / rate["BM_Ed25519Verify", 1] : ""
      vn = (rate["BM_Ed25519Verify", hw] > 0 && rn != "") ? rn / rate["BM_Ed25519Verify", hw] : ""
    } else {
      v1 = vs[base, 1]; vn = vs[base, hw]
    }
    printf "%-44s %12s %10s %12s %10s %12s %10s%s\n", label, human(r1), ratio(v1), human(rn),
           ratio(vn), human(rc), ratio(vc), (base in err) ? "  (ERROR)" : ""
  }
  END {
    printf "%-44s %12s %10s %12s %10s %12s %10s\n", "per second (items/s)", "1 thread", "vs verify",
           hw " threads", "vs verify", "1/CPU time", "vs verify"
    row("Ed25519 verify, 32-byte digest", "BM_Ed25519Verify")
    row("Ed25519 sign, 32-byte digest", "BM_Ed25519Sign")
    row("SHA-256, 200 bytes", "BM_Sha256_200B")
    row("address hash of a key (SHA-256+RIPEMD-160)", "BM_AddressHashOf")
    c1 = ceiling_n[1] ? ceiling_sum[1] / ceiling_n[1] : ""
    cn = ceiling_n[hw] ? ceiling_sum[hw] / ceiling_n[hw] : ""
    printf "%-44s %12s %10s %12s %10s %12s %10s\n", "verify ceiling in tx_bench (mean)", human(c1),
           "1.000", human(cn), "1.000", "-", "-"
    row("native transfer: binary decode+verify", "BM_TxBinaryDecodeVerify")
    row("native transfer: JSON parse+verify", "BM_TxJsonParseVerify")
    row("legacy transfer: JSON parse+verify", "BM_LegacyJsonParseVerify")
    row("  binary decode+checks only", "BM_TxBinaryDecodeNoVerify")
    row("  native JSON parse+checks only", "BM_TxJsonParseNoVerify")
    row("  legacy JSON parse+checks only", "BM_LegacyJsonParseNoVerify")
  }
' build-bench/crypto_bench.csv build-bench/tx_bench.csv 2>/dev/null || true

echo
echo "== block_bench (ms_per_block; vs_ceiling = signature-only time at the all-core verify rate / block time)"
build-bench/bin/block_bench --benchmark_min_time="$min_time" 2>&1 | grep -E '^BM_' || true
exit 0
