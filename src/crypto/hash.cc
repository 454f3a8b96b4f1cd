#include "crypto/hash.h"

#include <openssl/evp.h>

#include <cstdlib>

#include "crypto/sodium_init.h"

namespace ddn::crypto {

Hash256 Sha256(util::ByteSpan data) {
  Hash256 out;
  crypto_hash_sha256(out.data(), data.data(), data.size());
  return out;
}

Sha256Hasher::Sha256Hasher() { crypto_hash_sha256_init(&state_); }

Sha256Hasher& Sha256Hasher::Update(util::ByteSpan data) {
  crypto_hash_sha256_update(&state_, data.data(), data.size());
  return *this;
}

Hash256 Sha256Hasher::Finish() {
  Hash256 out;
  crypto_hash_sha256_final(&state_, out.data());
  return out;
}

Hash160 Ripemd160(util::ByteSpan data) {
  Hash160 out;
  unsigned int len = 0;
  // EVP_ripemd160 is served by OpenSSL 3's default provider (3.0.7 and later).
  if (EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_ripemd160(), nullptr) != 1 ||
      len != out.size()) {
    // Without RIPEMD-160 no address can be derived: a broken installation, not an input error.
    std::abort();
  }
  return out;
}

}  // namespace ddn::crypto
