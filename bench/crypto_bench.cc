// Raw cryptographic throughput, the ceiling of transaction ingress: Ed25519 verification of a
// 32-byte digest (one thread and all hardware threads), Ed25519 signing, and SHA-256 of 200 bytes
// (about the size of a transaction body), and the address hash of a public key
// (RIPEMD-160(SHA-256(key)), computed for every transfer by CheckTxFields' self-transfer rule).
// Each reports items_per_second.
#include <array>

#include <benchmark/benchmark.h>

#include "bench_common.h"
#include "crypto/address.h"
#include "crypto/ed25519.h"
#include "crypto/hash.h"

namespace {

using namespace ddn;

void BM_Ed25519Verify(benchmark::State& state) {
  const bench::SignedDigest& s = bench::VerifySample();
  for (auto _ : state) {
    const bool ok = crypto::Verify(s.digest, s.signature, s.keys.public_key);
    benchmark::DoNotOptimize(ok);
    if (!ok) {
      state.SkipWithError("signature does not verify");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Ed25519Verify)->Apply(bench::SingleAndAllCores);

void BM_Ed25519Sign(benchmark::State& state) {
  const bench::SignedDigest& s = bench::VerifySample();
  for (auto _ : state) {
    crypto::Signature sig = crypto::Sign(s.digest, s.keys.secret_key);
    benchmark::DoNotOptimize(sig);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Ed25519Sign)->Apply(bench::SingleAndAllCores);

void BM_Sha256_200B(benchmark::State& state) {
  std::array<uint8_t, 200> data{};
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 7 + 1);
  for (auto _ : state) {
    benchmark::DoNotOptimize(data);
    crypto::Hash256 h = crypto::Sha256(data);
    benchmark::DoNotOptimize(h);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(data.size()));
}
BENCHMARK(BM_Sha256_200B)->Apply(bench::SingleAndAllCores);

void BM_AddressHashOf(benchmark::State& state) {
  const crypto::PublicKey key = bench::VerifySample().keys.public_key;
  for (auto _ : state) {
    crypto::AddressHash h = crypto::AddressHashOf(key);
    benchmark::DoNotOptimize(h);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AddressHashOf)->Apply(bench::SingleAndAllCores);

}  // namespace

BENCHMARK_MAIN();
