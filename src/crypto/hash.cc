#include "crypto/hash.h"

#include <openssl/evp.h>

#include <cstdlib>

namespace ddn::crypto {

namespace {

// Without its digests no id or address can be computed: a broken installation, not an input
// error.
[[noreturn]] void DigestUnavailable() { std::abort(); }

// The algorithms, fetched once (an implicit fetch on every call costs more than hashing a
// transaction).
const EVP_MD* Sha256Md() {
  static const EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  if (md == nullptr) DigestUnavailable();
  return md;
}

const EVP_MD* Ripemd160Md() {
  // RIPEMD-160 is served by OpenSSL 3's default provider (3.0.7 and later).
  static const EVP_MD* md = EVP_MD_fetch(nullptr, "RIPEMD160", nullptr);
  if (md == nullptr) DigestUnavailable();
  return md;
}

// One digest context per thread for one-shot hashing, reused call after call.
EVP_MD_CTX* ThreadContext() {
  thread_local std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                                          &EVP_MD_CTX_free);
  if (!ctx) DigestUnavailable();
  return ctx.get();
}

template <size_t N>
std::array<uint8_t, N> OneShot(const EVP_MD* md, util::ByteSpan data) {
  std::array<uint8_t, N> out;
  EVP_MD_CTX* ctx = ThreadContext();
  unsigned int len = 0;
  if (EVP_DigestInit_ex(ctx, md, nullptr) != 1 ||
      EVP_DigestUpdate(ctx, data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(ctx, out.data(), &len) != 1 || len != N) {
    DigestUnavailable();
  }
  return out;
}

}  // namespace

Hash256 Sha256(util::ByteSpan data) { return OneShot<32>(Sha256Md(), data); }

Hash160 Ripemd160(util::ByteSpan data) { return OneShot<20>(Ripemd160Md(), data); }

Sha256Hasher::Sha256Hasher() : ctx_(EVP_MD_CTX_new(), &EVP_MD_CTX_free) {
  if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), Sha256Md(), nullptr) != 1) DigestUnavailable();
}

Sha256Hasher& Sha256Hasher::Update(util::ByteSpan data) {
  if (EVP_DigestUpdate(ctx_.get(), data.data(), data.size()) != 1) DigestUnavailable();
  return *this;
}

Hash256 Sha256Hasher::Finish() {
  Hash256 out;
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx_.get(), out.data(), &len) != 1 || len != out.size()) {
    DigestUnavailable();
  }
  return out;
}

}  // namespace ddn::crypto
