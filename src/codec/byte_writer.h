// ByteWriter appends the primitive encodings of the canonical binary formats (docs/protocol.md §1):
// u8, u32le, u64le, minimal LEB128 varints, length-prefixed strings and fixed byte arrays.
// Thread safety: an object is used by one thread at a time.
#pragma once

#include <cstdint>
#include <string_view>

#include "util/bytes.h"

namespace ddn::codec {

class ByteWriter {
 public:
  void U8(uint8_t v) { out_.push_back(v); }
  void U32(uint32_t v) {
    for (int i = 0; i < 4; ++i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  void U64(uint64_t v) {
    for (int i = 0; i < 8; ++i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  void Varint(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<uint8_t>(v | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<uint8_t>(v));
  }
  void Raw(util::ByteSpan bytes) { out_.insert(out_.end(), bytes.begin(), bytes.end()); }
  void String(std::string_view s) {
    Varint(s.size());
    Raw(util::AsBytes(s));
  }

  const util::Bytes& bytes() const { return out_; }
  util::Bytes Take() { return std::move(out_); }

 private:
  util::Bytes out_;
};

}  // namespace ddn::codec
