// Hash functions: SHA-256 and RIPEMD-160, both from OpenSSL (its SHA-256 uses the CPU's SHA
// extensions where present: about 4x libsodium's portable code for a transaction's bytes).
// Thread safety: all functions and distinct Sha256Hasher objects are safe to use concurrently
// (one-shot hashing reuses a digest context per thread).
#pragma once

#include <array>
#include <cstdint>

#include <memory>

#include "util/bytes.h"

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX

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
  std::unique_ptr<::evp_md_ctx_st, void (*)(::evp_md_ctx_st*)> ctx_;
};

}  // namespace ddn::crypto
