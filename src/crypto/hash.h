// Hash functions: SHA-256 (libsodium) and RIPEMD-160 (OpenSSL).
// Thread safety: all functions and distinct Sha256Hasher objects are safe to use concurrently.
#pragma once

#include <array>
#include <cstdint>

#include <sodium.h>

#include "util/bytes.h"

namespace ddn::crypto {

using Hash256 = std::array<uint8_t, 32>;
using Hash160 = std::array<uint8_t, 20>;

Hash256 Sha256(util::ByteSpan data);
Hash160 Ripemd160(util::ByteSpan data);

// Incremental SHA-256 over several pieces, equal to Sha256 of their concatenation.
class Sha256Hasher {
 public:
  Sha256Hasher();
  Sha256Hasher& Update(util::ByteSpan data);
  Hash256 Finish();

 private:
  crypto_hash_sha256_state state_;
};

}  // namespace ddn::crypto
