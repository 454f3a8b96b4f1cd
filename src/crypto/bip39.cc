#include "crypto/bip39.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <vector>

#include "crypto/hash.h"
#include "crypto/sodium_init.h"

namespace ddn::crypto {

namespace {
constexpr std::array<std::string_view, 2048> kWords = {
#include "crypto/bip39_english.inc"
};

bool BitAt(const util::Bytes& bytes, size_t bit) { return (bytes[bit / 8] >> (7 - bit % 8)) & 1; }
}  // namespace

std::string MnemonicFromEntropy(util::ByteSpan entropy) {
  const size_t n = entropy.size();
  if (n < 16 || n > 32 || n % 4 != 0) return "";
  const Hash256 check = Sha256(entropy);
  util::Bytes bits(entropy.begin(), entropy.end());
  bits.insert(bits.end(), check.begin(), check.end());
  const size_t words = (n * 8 + n / 4) / 11;
  std::string out;
  for (size_t w = 0; w < words; ++w) {
    uint32_t index = 0;
    for (size_t b = 0; b < 11; ++b) index = (index << 1) | BitAt(bits, w * 11 + b);
    if (w) out.push_back(' ');
    out += kWords[index];
  }
  return out;
}

std::string GenerateMnemonic() {
  EnsureSodium();
  std::array<uint8_t, 16> entropy;
  randombytes_buf(entropy.data(), entropy.size());
  std::string mnemonic = MnemonicFromEntropy(entropy);
  sodium_memzero(entropy.data(), entropy.size());
  return mnemonic;
}

bool IsValidMnemonic(std::string_view mnemonic) {
  std::vector<uint32_t> indices;
  size_t pos = 0;
  while (pos <= mnemonic.size()) {
    size_t end = mnemonic.find(' ', pos);
    if (end == std::string_view::npos) end = mnemonic.size();
    const std::string_view word = mnemonic.substr(pos, end - pos);
    const auto it = std::find(kWords.begin(), kWords.end(), word);
    if (it == kWords.end()) return false;
    indices.push_back(static_cast<uint32_t>(it - kWords.begin()));
    pos = end + 1;
  }
  const size_t total_bits = indices.size() * 11;
  if (indices.size() < 12 || indices.size() > 24 || indices.size() % 3 != 0) return false;
  const size_t entropy_bytes = total_bits * 32 / 33 / 8;
  util::Bytes bits((total_bits + 7) / 8, 0);
  for (size_t w = 0; w < indices.size(); ++w) {
    for (size_t b = 0; b < 11; ++b) {
      if ((indices[w] >> (10 - b)) & 1) {
        const size_t bit = w * 11 + b;
        bits[bit / 8] |= static_cast<uint8_t>(1 << (7 - bit % 8));
      }
    }
  }
  const util::Bytes entropy(bits.begin(), bits.begin() + entropy_bytes);
  return MnemonicFromEntropy(entropy) == mnemonic;
}

}  // namespace ddn::crypto
