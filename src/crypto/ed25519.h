// Ed25519 signatures (libsodium), keys derived from DDN passphrases.
//
// DDN v2.3 derivation: seed = SHA-256(passphrase bytes, verbatim); keypair from seed.
// Verification is strict: non-canonical signatures (S >= L), small-order R and small-order or
// non-canonical public keys are rejected (libsodium's default, checked by tests).
// Thread safety: pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "util/bytes.h"

namespace ddn::crypto {

using PublicKey = std::array<uint8_t, 32>;
using Signature = std::array<uint8_t, 64>;
// libsodium's 64-byte secret key: seed || public key.
using SecretKey = std::array<uint8_t, 64>;

struct KeyPair {
  PublicKey public_key;
  SecretKey secret_key;
};

KeyPair KeyPairFromSeed(const std::array<uint8_t, 32>& seed);
// The keypair a DDN wallet derives from a passphrase (any bytes, including empty).
KeyPair KeyPairFromPassphrase(std::string_view passphrase);

Signature Sign(util::ByteSpan message, const SecretKey& secret_key);
bool Verify(util::ByteSpan message, const Signature& signature, const PublicKey& public_key);

// A canonically encoded curve point in the prime-order subgroup, not of small order
// (libsodium crypto_core_ed25519_is_valid_point). Required of keys registered in assets.
bool IsValidKeyPoint(const PublicKey& public_key);

}  // namespace ddn::crypto
