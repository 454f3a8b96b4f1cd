// ByteReader reads the primitive encodings written by ByteWriter and refuses every
// non-canonical form: truncated input, non-minimal varints, values above a stated bound,
// invalid UTF-8 in strings. The first failure sticks: later reads return zero values and
// status() reports the first error, so a decoder can read a whole record and check once.
// Thread safety: an object is used by one thread at a time.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "util/bytes.h"
#include "util/status.h"

namespace ddn::codec {

class ByteReader {
 public:
  explicit ByteReader(util::ByteSpan data) : data_(data) {}

  uint8_t U8();
  uint32_t U32();
  uint64_t U64();
  // A minimal LEB128 varint whose value must not exceed max.
  uint64_t Varint(uint64_t max, const char* what);
  // A varint byte length (<= max_bytes) followed by valid UTF-8.
  std::string String(size_t max_bytes, const char* what);
  // A varint byte length (<= max_bytes) followed by that many arbitrary bytes.
  std::string RawString(size_t max_bytes, const char* what);
  template <size_t N>
  std::array<uint8_t, N> Fixed() {
    std::array<uint8_t, N> out{};
    if (Need(N)) {
      for (size_t i = 0; i < N; ++i) out[i] = data_[pos_ + i];
      pos_ += N;
    }
    return out;
  }
  // A presence byte: 0 = absent, 1 = present, anything else is an error.
  bool Presence(const char* what);

  // Records an error found by the caller (first error wins).
  void Fail(util::ErrorCode code, std::string message);
  // Fails unless every byte was consumed.
  void ExpectEnd();

  size_t position() const { return pos_; }
  bool ok() const { return status_.ok(); }
  const util::Status& status() const { return status_; }

 private:
  bool Need(size_t n);

  util::ByteSpan data_;
  size_t pos_ = 0;
  util::Status status_;
};

}  // namespace ddn::codec
