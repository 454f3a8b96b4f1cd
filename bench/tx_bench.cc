// Transaction ingress throughput, compared with the raw Ed25519 verify rate measured in the same
// process (every transfer below carries exactly one signature, so vs_verify = 1 would mean that
// parsing and checking cost nothing next to the signature check):
//   BM_TxBinaryDecodeVerify  DecodeTransaction (which runs CheckTxFields) + VerifyTxSignatures
//   BM_TxJsonParseVerify     ParseStrictJson + TxFromJson (CheckTxFields, id) + VerifyTxSignatures
//   BM_LegacyJsonParseVerify ParseStrictJson + ParseAnyTx (legacy-v2) + VerifyAnyTxStateless
// and, to see where the time goes, the same paths without signature verification (*NoVerify).
// Counters: items_per_second (transactions/s, all threads together), verify_ceiling (verifies/s of
// as many threads, measured with a timed loop right before the benchmark's first run, so that both
// figures see the same machine load) and vs_verify (items_per_second / verify_ceiling).
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include <benchmark/benchmark.h>

#include "bench_common.h"
#include "chain/tx_codec.h"
#include "chain/tx_json.h"
#include "chain/tx_rules.h"
#include "codec/strict_json.h"
#include "compat/any_tx.h"
#include "sample_txs.h"

namespace {

using namespace ddn;

// Verify ceilings by (benchmark, thread count).
std::mutex ceiling_mutex;
std::map<std::pair<std::string, int>, double> ceilings;

// Called by every thread before its timed loop: thread 0 measures the ceiling for this benchmark
// and thread count the first time (the other threads wait at the loop's start barrier meanwhile).
void EnsureCeiling(const benchmark::State& state, const std::string& key) {
  if (state.thread_index() != 0) return;
  std::lock_guard<std::mutex> lock(ceiling_mutex);
  auto [it, inserted] = ceilings.try_emplace({key, state.threads()}, 0.0);
  if (inserted) it->second = bench::MeasureVerifyRate(state.threads(), 0.5);
}

void ReportVsVerify(benchmark::State& state, const std::string& key) {
  state.SetItemsProcessed(state.iterations());
  double ceiling = 0;
  {
    std::lock_guard<std::mutex> lock(ceiling_mutex);
    ceiling = ceilings[{key, state.threads()}];
  }
  if (ceiling <= 0) return;
  // Summed over threads and divided by the same time as items_per_second: the exact ratio.
  state.counters["vs_verify"] = benchmark::Counter(
      static_cast<double>(state.iterations()) / ceiling, benchmark::Counter::kIsRate);
  state.counters["verify_ceiling"] = benchmark::Counter(ceiling, benchmark::Counter::kAvgThreads);
}

const util::Bytes& TransferBytes() {
  static const util::Bytes bytes =
      chain::EncodeTransaction(samples::SignedSample(chain::TxType::kTransfer));
  return bytes;
}

const std::string& TransferJson() {
  static const std::string text =
      chain::TxToJson(samples::SignedSample(chain::TxType::kTransfer)).dump();
  return text;
}

const std::string& LegacyTransferJson() {
  static const std::string text = samples::LegacySample(chain::TxType::kTransfer).dump();
  return text;
}

template <bool kVerify>
void BM_TxBinaryDecodeVerify(benchmark::State& state) {
  const util::Bytes& bytes = TransferBytes();
  const std::string key = kVerify ? "binary" : "binary_noverify";
  EnsureCeiling(state, key);
  for (auto _ : state) {
    auto tx = chain::DecodeTransaction(bytes);
    if (!tx.ok() || (kVerify && !chain::VerifyTxSignatures(*tx).ok())) {
      state.SkipWithError("sample transfer refused");
      break;
    }
    benchmark::DoNotOptimize(tx);
  }
  ReportVsVerify(state, key);
}
BENCHMARK(BM_TxBinaryDecodeVerify<true>)
    ->Name("BM_TxBinaryDecodeVerify")
    ->Apply(bench::SingleAndAllCores);
BENCHMARK(BM_TxBinaryDecodeVerify<false>)
    ->Name("BM_TxBinaryDecodeNoVerify")
    ->Apply(bench::SingleAndAllCores);

template <bool kVerify>
void BM_TxJsonParseVerify(benchmark::State& state) {
  const std::string& text = TransferJson();
  const std::string key = kVerify ? "json" : "json_noverify";
  EnsureCeiling(state, key);
  for (auto _ : state) {
    auto json = codec::ParseStrictJson(text);
    if (!json.ok()) {
      state.SkipWithError("sample JSON refused");
      break;
    }
    auto tx = chain::TxFromJson(*json);
    if (!tx.ok() || (kVerify && !chain::VerifyTxSignatures(*tx).ok())) {
      state.SkipWithError("sample transfer refused");
      break;
    }
    benchmark::DoNotOptimize(tx);
  }
  ReportVsVerify(state, key);
}
BENCHMARK(BM_TxJsonParseVerify<true>)
    ->Name("BM_TxJsonParseVerify")
    ->Apply(bench::SingleAndAllCores);
BENCHMARK(BM_TxJsonParseVerify<false>)
    ->Name("BM_TxJsonParseNoVerify")
    ->Apply(bench::SingleAndAllCores);

template <bool kVerify>
void BM_LegacyJsonParseVerify(benchmark::State& state) {
  const std::string& text = LegacyTransferJson();
  const std::string key = kVerify ? "legacy" : "legacy_noverify";
  EnsureCeiling(state, key);
  for (auto _ : state) {
    auto json = codec::ParseStrictJson(text);
    if (!json.ok()) {
      state.SkipWithError("sample JSON refused");
      break;
    }
    auto any = compat::ParseAnyTx(*json);
    if (!any.ok() || (kVerify && !compat::VerifyAnyTxStateless(*any, samples::kNethash).ok())) {
      state.SkipWithError("sample legacy transfer refused");
      break;
    }
    benchmark::DoNotOptimize(any);
  }
  ReportVsVerify(state, key);
}
BENCHMARK(BM_LegacyJsonParseVerify<true>)
    ->Name("BM_LegacyJsonParseVerify")
    ->Apply(bench::SingleAndAllCores);
BENCHMARK(BM_LegacyJsonParseVerify<false>)
    ->Name("BM_LegacyJsonParseNoVerify")
    ->Apply(bench::SingleAndAllCores);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  // Build the samples before timing anything.
  (void)TransferBytes();
  (void)TransferJson();
  (void)LegacyTransferJson();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
