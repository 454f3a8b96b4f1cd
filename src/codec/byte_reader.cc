#include "codec/byte_reader.h"

#include "util/utf8.h"

namespace ddn::codec {

using util::ErrorCode;

void ByteReader::Fail(ErrorCode code, std::string message) {
  if (status_.ok()) status_ = util::Status(code, std::move(message));
}

bool ByteReader::Need(size_t n) {
  if (!ok()) return false;
  if (data_.size() - pos_ < n) {
    Fail(ErrorCode::kMalformed, "input ends early at byte " + std::to_string(pos_));
    return false;
  }
  return true;
}

uint8_t ByteReader::U8() {
  if (!Need(1)) return 0;
  return data_[pos_++];
}

uint32_t ByteReader::U32() {
  if (!Need(4)) return 0;
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(data_[pos_ + i]) << (8 * i);
  pos_ += 4;
  return v;
}

uint64_t ByteReader::U64() {
  if (!Need(8)) return 0;
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(data_[pos_ + i]) << (8 * i);
  pos_ += 8;
  return v;
}

uint64_t ByteReader::Varint(uint64_t max, const char* what) {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (!Need(1)) return 0;
    const uint8_t b = data_[pos_++];
    if (shift == 63 && b > 1) break;  // would overflow 64 bits
    v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) {
      if (b == 0 && shift > 0) {
        Fail(ErrorCode::kNonCanonical, std::string(what) + ": varint is not minimal");
        return 0;
      }
      if (v > max) {
        Fail(ErrorCode::kInvalidField,
             std::string(what) + ": " + std::to_string(v) + " exceeds " + std::to_string(max));
        return 0;
      }
      return v;
    }
  }
  Fail(ErrorCode::kMalformed, std::string(what) + ": varint too long");
  return 0;
}

std::string ByteReader::RawString(size_t max_bytes, const char* what) {
  const size_t len = Varint(max_bytes, what);
  if (!Need(len)) return {};
  std::string s(reinterpret_cast<const char*>(data_.data() + pos_), len);
  pos_ += len;
  return s;
}

std::string ByteReader::String(size_t max_bytes, const char* what) {
  std::string s = RawString(max_bytes, what);
  if (ok() && !util::IsValidUtf8(s)) {
    Fail(ErrorCode::kInvalidField, std::string(what) + ": not valid UTF-8");
    return {};
  }
  return s;
}

bool ByteReader::Presence(const char* what) {
  const uint8_t b = U8();
  if (b > 1) {
    Fail(ErrorCode::kNonCanonical, std::string(what) + ": presence byte must be 0 or 1");
    return false;
  }
  return b == 1;
}

void ByteReader::ExpectEnd() {
  if (ok() && pos_ != data_.size()) {
    Fail(ErrorCode::kNonCanonical,
         std::to_string(data_.size() - pos_) + " trailing bytes after the record");
  }
}

}  // namespace ddn::codec
