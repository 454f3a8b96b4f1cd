#include "crypto/base58.h"

#include <array>

namespace ddn::crypto {

namespace {
constexpr std::string_view kAlphabet =
    "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

constexpr std::array<int8_t, 128> MakeIndex() {
  std::array<int8_t, 128> index{};
  for (auto& v : index) v = -1;
  for (size_t i = 0; i < kAlphabet.size(); ++i) index[static_cast<uint8_t>(kAlphabet[i])] = i;
  return index;
}
constexpr auto kIndex = MakeIndex();
}  // namespace

std::string Base58Encode(util::ByteSpan data) {
  size_t zeros = 0;
  while (zeros < data.size() && data[zeros] == 0) ++zeros;
  // Big-endian base-58 digits of the number, least significant last.
  std::vector<uint8_t> digits;
  digits.reserve(data.size() * 138 / 100 + 1);
  for (size_t i = zeros; i < data.size(); ++i) {
    uint32_t carry = data[i];
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
      carry += static_cast<uint32_t>(*it) << 8;
      *it = static_cast<uint8_t>(carry % 58);
      carry /= 58;
    }
    while (carry > 0) {
      digits.insert(digits.begin(), static_cast<uint8_t>(carry % 58));
      carry /= 58;
    }
  }
  std::string out(zeros, '1');
  for (uint8_t d : digits) out.push_back(kAlphabet[d]);
  return out;
}

std::optional<util::Bytes> Base58Decode(std::string_view text) {
  size_t ones = 0;
  while (ones < text.size() && text[ones] == '1') ++ones;
  std::vector<uint8_t> bytes;  // big-endian
  bytes.reserve(text.size() * 733 / 1000 + 1);
  for (size_t i = ones; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 128 || kIndex[c] < 0) return std::nullopt;
    uint32_t carry = static_cast<uint32_t>(kIndex[c]);
    for (auto it = bytes.rbegin(); it != bytes.rend(); ++it) {
      carry += static_cast<uint32_t>(*it) * 58;
      *it = static_cast<uint8_t>(carry & 0xff);
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.insert(bytes.begin(), static_cast<uint8_t>(carry & 0xff));
      carry >>= 8;
    }
  }
  util::Bytes out(ones, 0);
  out.insert(out.end(), bytes.begin(), bytes.end());
  return out;
}

}  // namespace ddn::crypto
