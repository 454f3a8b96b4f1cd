// Byte containers and hex text conversion shared by every layer.
// Thread safety: pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ddn::util {

using Bytes = std::vector<uint8_t>;
using ByteSpan = std::span<const uint8_t>;

// Lowercase hex of the bytes.
std::string ToHex(ByteSpan bytes);

// Decodes lowercase hex only (uppercase, odd length or other characters give nullopt):
// hex text in DDN JSON has exactly one spelling.
std::optional<Bytes> FromHex(std::string_view hex);

// Decodes lowercase hex into out[0, hex.size() / 2); false on any other character or an odd
// length (out may then be partly written).
bool FromHexInto(std::string_view hex, uint8_t* out);

// Decodes lowercase hex of exactly N bytes.
template <size_t N>
std::optional<std::array<uint8_t, N>> FromHexFixed(std::string_view hex) {
  std::array<uint8_t, N> out;
  if (hex.size() != 2 * N || !FromHexInto(hex, out.data())) return std::nullopt;
  return out;
}

inline ByteSpan AsBytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

}  // namespace ddn::util
