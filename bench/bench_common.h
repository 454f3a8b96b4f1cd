// Shared pieces of the benchmark programs: the thread counts every throughput benchmark runs
// with (one thread and every hardware thread), a fixed signed 32-byte digest, and a timed loop
// that measures the raw Ed25519 verify rate outside Google Benchmark (the "verify ceiling" the
// transaction benchmarks are compared with).
// Thread safety: VerifySample() is initialised once (static local) and read-only afterwards.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>
#include <vector>

#include <benchmark/benchmark.h>

#include "crypto/ed25519.h"
#include "crypto/hash.h"
#include "util/bytes.h"

namespace ddn::bench {

inline int HardwareThreads() {
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

// Registers a benchmark for 1 thread and, when there are more, for all hardware threads.
// Real (wall) time, so that items_per_second is the aggregate throughput of all threads.
inline void SingleAndAllCores(benchmark::internal::Benchmark* b) {
  b->Threads(1);
  if (HardwareThreads() > 1) b->Threads(HardwareThreads());
  b->UseRealTime();
}

struct SignedDigest {
  crypto::KeyPair keys = crypto::KeyPairFromPassphrase("ddn bench verify passphrase");
  crypto::Hash256 digest = crypto::Sha256(util::AsBytes("ddn bench message"));
  crypto::Signature signature = crypto::Sign(digest, keys.secret_key);
};

inline const SignedDigest& VerifySample() {
  static const SignedDigest sample;
  return sample;
}

// Verifications per second of VerifySample() by `threads` threads together, over ~`seconds`.
inline double MeasureVerifyRate(int threads, double seconds) {
  const SignedDigest& s = VerifySample();
  std::atomic<uint64_t> total{0};
  std::atomic<bool> failed{false};
  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + std::chrono::duration<double>(seconds);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      uint64_t n = 0;
      while (std::chrono::steady_clock::now() < deadline) {
        for (int i = 0; i < 64; ++i) {
          if (!crypto::Verify(s.digest, s.signature, s.keys.public_key)) failed = true;
        }
        n += 64;
      }
      total += n;
    });
  }
  for (auto& w : workers) w.join();
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return failed ? 0.0 : static_cast<double>(total) / elapsed;
}

}  // namespace ddn::bench
