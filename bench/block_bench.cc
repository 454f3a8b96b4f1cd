// block_bench: verifying and applying a full block, the chain's critical path.
//   BM_ApplyBlock/N: a block of N signed transfers (from N distinct funded senders) checked
//   (header, signatures in parallel on all cores, every transaction against the state, round
//   bookkeeping) and committed to RocksDB with undo data; rolled back (untimed) between runs.
// Counters: ms_per_block, tx_per_second, and "vs_ceiling" = the time N signature checks take at
// the machine's all-core Ed25519 verify rate (measured in the same process) divided by the
// measured block time: 1.0 would mean the block costs no more than its signatures.
#include <filesystem>

#include <benchmark/benchmark.h>

#include "bench_common.h"
#include "chain_fixture.h"
#include "crypto/address.h"

namespace ddn::bench {
namespace {

constexpr uint64_t kDdn = 100'000'000;

// range(0): transactions per block; range(1): 1 = RocksDB in a temp dir, 0 = in-memory store
// (the difference is the cost of durable storage).
void BM_ApplyBlock(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const bool on_disk = state.range(1) == 1;
  const auto dir = std::filesystem::temp_directory_path() / ("ddn_block_bench_" + std::to_string(n));
  std::filesystem::remove_all(dir);
  consensus::NetworkParams params;
  params.max_txs_per_block = static_cast<uint32_t>(n);
  std::unique_ptr<storage::KvStore> kv = storage::NewMemKvStore();
  if (on_disk) {
    auto store = storage::OpenRocksDbStore(dir.string());
    if (!store.ok()) {
      state.SkipWithError(store.status().ToString().c_str());
      return;
    }
    kv = std::move(store).value();
  }
  testing::ChainFixture f(101, params, std::move(kv));
  // Fund n senders (in blocks of at most 500), then build the measured block.
  std::vector<crypto::KeyPair> senders;
  for (size_t i = 0; i < n; ++i) {
    senders.push_back(crypto::KeyPairFromPassphrase("bench sender " + std::to_string(i)));
  }
  for (size_t first = 0; first < n; first += 500) {
    std::vector<compat::AnyTx> funding;
    for (size_t i = first; i < std::min(n, first + 500); ++i) {
      funding.push_back(f.Transfer(f.faucet(), crypto::AddressHashOf(senders[i].public_key), 10 * kDdn));
    }
    if (auto b = f.ProduceBlock(funding); !b.ok()) {
      state.SkipWithError(("funding failed: " + b.status().ToString()).c_str());
      return;
    }
  }
  const auto recipient = crypto::AddressHashOf(crypto::KeyPairFromPassphrase("bench recipient").public_key);
  std::vector<compat::AnyTx> txs;
  for (size_t i = 0; i < n; ++i) txs.push_back(f.Transfer(senders[i], recipient, kDdn + i));
  const uint64_t slot = f.TipSlot() + 1;
  crypto::KeyPair forger;
  const auto owner = *f.chain().SlotOwner(slot);
  for (const auto& s : f.genesis().delegate_secrets) {
    auto k = crypto::KeyPairFromPassphrase(s);
    if (k.public_key == owner) forger = k;
  }
  auto block = f.chain().BuildBlock(slot, forger, txs, nullptr);
  if (!block.ok() || block->transactions.size() != n) {
    state.SkipWithError("block build failed");
    return;
  }
  const double verify_rate = MeasureVerifyRate(HardwareThreads(), 0.5);
  double applied_seconds = 0;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    auto s = f.chain().ApplyBlock(*block, {.verify_signatures = true, .current_slot = slot});
    applied_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!s.ok()) {
      state.SkipWithError(s.ToString().c_str());
      break;
    }
    state.PauseTiming();
    if (!f.chain().RollBackTip().ok()) state.SkipWithError("rollback failed");
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n));
  const double per_block = applied_seconds / static_cast<double>(std::max<int64_t>(1, state.iterations()));
  state.counters["ms_per_block"] = per_block * 1000;
  state.counters["ceiling_ms"] = static_cast<double>(n) / verify_rate * 1000;
  state.counters["vs_ceiling"] = static_cast<double>(n) / verify_rate / per_block;
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_ApplyBlock)
    ->ArgsProduct({{500, 2000}, {1, 0}})
    ->ArgNames({"txs", "rocksdb"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace ddn::bench

BENCHMARK_MAIN();
