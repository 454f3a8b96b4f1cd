#include "util/bytes.h"

#include <array>

namespace ddn::util {

std::string ToHex(ByteSpan bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(bytes.size() * 2, '0');
  for (size_t i = 0; i < bytes.size(); ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4];
    out[2 * i + 1] = kDigits[bytes[i] & 0xf];
  }
  return out;
}

namespace {
// Value of each byte as a lowercase hex digit, or -1.
constexpr std::array<int8_t, 256> kLowerHex = [] {
  std::array<int8_t, 256> t{};
  t.fill(-1);
  for (int c = '0'; c <= '9'; ++c) t[c] = static_cast<int8_t>(c - '0');
  for (int c = 'a'; c <= 'f'; ++c) t[c] = static_cast<int8_t>(c - 'a' + 10);
  return t;
}();
}  // namespace

bool FromHexInto(std::string_view hex, uint8_t* out) {
  for (size_t i = 0; i < hex.size() / 2; ++i) {
    const int hi = kLowerHex[static_cast<uint8_t>(hex[2 * i])];
    const int lo = kLowerHex[static_cast<uint8_t>(hex[2 * i + 1])];
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return hex.size() % 2 == 0;
}

std::optional<Bytes> FromHex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  Bytes out(hex.size() / 2);
  if (!FromHexInto(hex, out.data())) return std::nullopt;
  return out;
}

}  // namespace ddn::util
