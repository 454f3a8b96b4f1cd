#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang, ASan and UBSan into build-fuzz/ and runs each
# for DURATION seconds (default 60): scripts/fuzz.sh [DURATION]; DDN_FUZZ_TARGETS="t1 t2" picks targets
# Corpora grow in fuzz/corpus-<target>/ (gitignored; fresh seeds from fuzz_make_seeds are read
# from build-fuzz/seeds/<target>/), crash inputs land in fuzz/artifacts/<target>/ and each run's
# log in fuzz/artifacts/<target>.log. Prints one summary line per target; exits 1 if any target
# crashed (or hit a timeout, leak or memory limit), 2 on a build problem.
# Reproduce a crash: build-fuzz/bin/<target> fuzz/artifacts/<target>/crash-...
set -uo pipefail
cd "$(dirname "$0")/.."

duration="${1:-60}"
if ! [[ "$duration" =~ ^[0-9]+$ ]] || ((duration < 1)); then
  echo "usage: scripts/fuzz.sh [DURATION_SECONDS]" >&2
  exit 2
fi
targets=(${DDN_FUZZ_TARGETS:-fuzz_tx_binary fuzz_tx_json fuzz_legacy_json fuzz_block})

for tool in clang clang++ ninja cmake; do
  command -v "$tool" >/dev/null 2>&1 || { echo "fuzz: $tool not found (scripts/setup.sh installs it)" >&2; exit 2; }
done
fuzzer_lib="$(clang -print-file-name=libclang_rt.fuzzer-x86_64.a 2>/dev/null || true)"
if [[ "$(uname -m)" == x86_64 && ! -f "$fuzzer_lib" ]]; then
  echo "fuzz: clang has no libFuzzer runtime (install libclang-rt-<version>-dev)" >&2
  exit 2
fi

# -DDDN_WERROR=OFF: clang may warn where the default compiler does not; that must not stop fuzzing.
mkdir -p build-fuzz
if ! CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DDDN_FUZZ=ON -DDDN_TESTS=OFF \
       -DDDN_BENCH=OFF -DDDN_WERROR=OFF >build-fuzz/configure.log 2>&1; then
  cat build-fuzz/configure.log >&2
  echo "fuzz: configure failed" >&2
  exit 2
fi
rm -f build-fuzz/configure.log
if ! cmake --build build-fuzz --parallel "$(nproc)" --target "${targets[@]}" fuzz_make_seeds; then
  echo "fuzz: build failed" >&2
  exit 2
fi
rm -rf build-fuzz/seeds
if ! build-fuzz/bin/fuzz_make_seeds build-fuzz/seeds; then
  echo "fuzz: seed generation failed" >&2
  exit 2
fi

mkdir -p fuzz/artifacts
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:print_stacktrace=1}"

summary=()
crashed=0
for t in "${targets[@]}"; do
  corpus="fuzz/corpus-$t"
  artifacts="fuzz/artifacts/$t"
  log="fuzz/artifacts/$t.log"
  mkdir -p "$corpus" "$artifacts"
  dict=fuzz/json.dict
  [[ "$t" == fuzz_tx_binary || "$t" == fuzz_block ]] && dict=fuzz/binary.dict
  echo "fuzz: running $t for ${duration}s (log: $log)"
  build-fuzz/bin/"$t" -max_total_time="$duration" -timeout=10 -rss_limit_mb=2048 \
    -max_len=4096 -print_final_stats=1 -dict="$dict" -artifact_prefix="$artifacts/" \
    "$corpus" "build-fuzz/seeds/$t" >"$log" 2>&1
  rc=$?
  execs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')"
  last="$(grep -E '^#[0-9]+' "$log" | tail -1)"
  cov="$(grep -o 'cov: [0-9]*' <<<"$last" | grep -o '[0-9]*')"
  ft="$(grep -o 'ft: [0-9]*' <<<"$last" | grep -o '[0-9]*')"
  units="$(grep -o 'corp: [0-9]*' <<<"$last" | grep -o '[0-9]*')"
  [[ -z "$execs" ]] && execs="$(grep -oE '^#[0-9]+' <<<"$last" | tr -d '#')"
  if ((rc != 0)); then
    crashed=1
    artifact="$(grep -o "Test unit written to [^ ]*" "$log" | tail -1 | sed 's/Test unit written to //')"
    reason="$(grep -m1 -E 'ERROR: |FUZZ_CHECK failed|runtime error' "$log" | sed 's/^==[0-9]*==//')"
    summary+=("$(printf '%-18s execs=%-9s cov=%-5s ft=%-6s corpus=%-5s crash=YES (rc=%s) %s %s' \
      "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${units:-?}" "$rc" "${artifact:-}" "${reason:-}")")
    if [[ -n "${artifact:-}" && -f "$artifact" ]]; then
      summary+=("$(printf '%-18s reproducer (hex, first 512 bytes): %s' "" \
        "$(head -c 512 "$artifact" | od -An -v -tx1 | tr -d ' \n')")")
    fi
  else
    summary+=("$(printf '%-18s execs=%-9s cov=%-5s ft=%-6s corpus=%-5s crash=no' \
      "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${units:-?}")")
  fi
done

echo
echo "fuzz summary (${duration}s per target):"
printf '  %s\n' "${summary[@]}"
exit "$crashed"
