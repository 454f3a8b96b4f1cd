// Clock: where the kernel gets the time. The node passes the system clock; tests pass a
// FakeClock and move it by hand, so rounds run in milliseconds.
// Thread safety: both implementations may be read from any thread; FakeClock::Set/Advance too.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include "consensus/dpos.h"

namespace ddn::kernel {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t NowUnixMs() const = 0;
  // Seconds since the DDN epoch (negative before it, clamped to 0).
  uint32_t NowEpochSeconds() const {
    const int64_t s = NowUnixMs() / 1000 - consensus::kEpochUnixSeconds;
    return s < 0 ? 0 : static_cast<uint32_t>(s);
  }
};

class SystemClock final : public Clock {
 public:
  int64_t NowUnixMs() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t unix_ms) : now_(unix_ms) {}
  int64_t NowUnixMs() const override { return now_.load(); }
  void Set(int64_t unix_ms) { now_.store(unix_ms); }
  void Advance(int64_t ms) { now_.fetch_add(ms); }

 private:
  std::atomic<int64_t> now_;
};

}  // namespace ddn::kernel
