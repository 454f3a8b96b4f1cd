// Unit tests of the crypto layer against DDN v2.3 vectors (reference §12) and public test vectors.
#include <gtest/gtest.h>

#include "crypto/address.h"
#include "crypto/base58.h"
#include "crypto/bip39.h"
#include "crypto/ed25519.h"
#include "crypto/hash.h"

namespace ddn::crypto {
namespace {

using util::FromHex;
using util::ToHex;

TEST(Hash, KnownAnswers) {
  EXPECT_EQ(ToHex(Sha256(util::AsBytes("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(ToHex(Ripemd160(util::AsBytes(""))), "9c1185a5c5e9fc54612808977ee8f548b2258d31");
  EXPECT_EQ(ToHex(Sha256Hasher().Update(util::AsBytes("a")).Update(util::AsBytes("bc")).Finish()),
            ToHex(Sha256(util::AsBytes("abc"))));
}

struct KeyVector {
  const char* secret;
  const char* public_key;
  const char* address;
};

TEST(Keys, MatchDdnReferenceVectors) {
  const KeyVector vectors[] = {
      {"you cousin patch lemon luxury picture impact lens slogan exotic purse hole",
       "50e18b1d5ee084680fbc5cc34cdc4aaa1c4fe23662a3376c8bf5b33d3b16c4ae",
       "DEbAEaup5irkiKx2C4KDDDSXQmE4CK9hQ7"},
      {"lake kitten arrow elephant because entire club rug unique climb club arrive",
       "5e0576619e01280579a5dd75ca0826a2d1145217364d2e31ee46d3ec8346ee0e",
       "DPwssUk9qvyhW7ZYSgTRgD487zqpaZuzD2"},
      {"second secret phrase for test",
       "f4f66f2012444e3a42a880b28fa51fcc5e409e2fb239df7d4df4c1fc11ee6792", nullptr},
  };
  for (const auto& v : vectors) {
    const KeyPair kp = KeyPairFromPassphrase(v.secret);
    EXPECT_EQ(ToHex(kp.public_key), v.public_key);
    if (v.address) {
      EXPECT_EQ(AddressOf(kp.public_key), v.address);
    }
  }
  const KeyPair first = KeyPairFromPassphrase(vectors[0].secret);
  EXPECT_EQ(ToHex(first.secret_key),
            std::string("9ef07a92ea26ca3ae252fd4ed9cd1505a9f6a95f72e60219eb1081e939ba162a") +
                vectors[0].public_key);
}

TEST(Keys, PassphraseIsUsedVerbatim) {
  EXPECT_NE(KeyPairFromPassphrase("abc").public_key, KeyPairFromPassphrase("abc\n").public_key);
  EXPECT_NE(KeyPairFromPassphrase("").public_key, KeyPairFromPassphrase(" ").public_key);
  EXPECT_EQ(KeyPairFromPassphrase(std::string("a\0b", 3)).public_key,
            KeyPairFromSeed(Sha256(util::AsBytes(std::string("a\0b", 3)))).public_key);
}

TEST(Address, ParseIsCanonicalAndChecksummed) {
  const std::string addr = "DPwssUk9qvyhW7ZYSgTRgD487zqpaZuzD2";
  auto hash = ParseAddress(addr);
  ASSERT_TRUE(hash.has_value());
  EXPECT_EQ(AddressFromHash(*hash), addr);
  EXPECT_FALSE(ParseAddress("dPwssUk9qvyhW7ZYSgTRgD487zqpaZuzD2").has_value());  // prefix
  EXPECT_FALSE(ParseAddress("DPwssUk9qvyhW7ZYSgTRgD487zqpaZuzD3").has_value());  // checksum
  EXPECT_FALSE(ParseAddress("DPwssUk9qvyhW7ZYSgTRgD487zqpaZuzD").has_value());   // length
  EXPECT_FALSE(ParseAddress("D1PwssUk9qvyhW7ZYSgTRgD487zqpaZuzD2").has_value());
  EXPECT_FALSE(ParseAddress("D0wssUk9qvyhW7ZYSgTRgD487zqpaZuzD2").has_value());  // '0' not base58
  EXPECT_FALSE(ParseAddress("").has_value());
}

TEST(Base58, RoundTripWithLeadingZeros) {
  for (const char* hex : {"", "00", "0000", "00000001", "61", "626262", "ffffffff"}) {
    auto bytes = *FromHex(hex);
    auto decoded = Base58Decode(Base58Encode(bytes));
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(*decoded, bytes) << hex;
  }
  EXPECT_EQ(Base58Encode(*FromHex("61")), "2g");
  EXPECT_EQ(Base58Encode(*FromHex("0000287fb4cd")), "11233QC4");
  EXPECT_FALSE(Base58Decode("0OIl").has_value());
}

TEST(Ed25519, SignVerifyAndTamper) {
  const KeyPair kp = KeyPairFromPassphrase("ed25519 test");
  const Hash256 digest = Sha256(util::AsBytes("message"));
  Signature sig = Sign(digest, kp.secret_key);
  EXPECT_TRUE(Verify(digest, sig, kp.public_key));
  for (size_t i = 0; i < sig.size(); i += 7) {
    Signature bad = sig;
    bad[i] ^= 1;
    EXPECT_FALSE(Verify(digest, bad, kp.public_key)) << i;
  }
  Hash256 other = digest;
  other[0] ^= 1;
  EXPECT_FALSE(Verify(other, sig, kp.public_key));
}

// S + L is the same scalar mod L; a malleable verifier would accept it.
TEST(Ed25519, RejectsNonCanonicalS) {
  const KeyPair kp = KeyPairFromPassphrase("malleability");
  const Hash256 digest = Sha256(util::AsBytes("m"));
  Signature sig = Sign(digest, kp.secret_key);
  // L = 2^252 + 27742317777372353535851937790883648493, little-endian.
  const auto l = *util::FromHexFixed<32>(
      "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
  unsigned carry = 0;
  for (size_t i = 0; i < 32; ++i) {
    const unsigned sum = sig[32 + i] + l[i] + carry;
    sig[32 + i] = static_cast<uint8_t>(sum);
    carry = sum >> 8;
  }
  ASSERT_EQ(carry, 0u);
  EXPECT_FALSE(Verify(digest, sig, kp.public_key));
}

TEST(Ed25519, RejectsSmallOrderPublicKeys) {
  // The identity point (order 1) and a point of order 8: with them a "signature" verifies for
  // every message under a lax verifier.
  for (const char* hex : {"0100000000000000000000000000000000000000000000000000000000000000",
                          "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"}) {
    const auto pk = *util::FromHexFixed<32>(hex);
    Signature sig{};
    sig[0] = 1;  // R = identity, S = 0
    EXPECT_FALSE(Verify(Sha256(util::AsBytes("x")), sig, pk)) << hex;
  }
}

TEST(Bip39, KnownVectorAndValidation) {
  const util::Bytes zeros(16, 0);
  EXPECT_EQ(MnemonicFromEntropy(zeros),
            "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
            "abandon about");
  const util::Bytes ones(16, 0xff);
  EXPECT_EQ(MnemonicFromEntropy(ones), "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong");
  const std::string fresh = GenerateMnemonic();
  EXPECT_TRUE(IsValidMnemonic(fresh));
  EXPECT_NE(fresh, GenerateMnemonic());
  EXPECT_FALSE(IsValidMnemonic("zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo"));
  EXPECT_FALSE(IsValidMnemonic("abandon"));
}

}  // namespace
}  // namespace ddn::crypto
