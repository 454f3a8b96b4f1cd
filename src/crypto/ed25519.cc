#include "crypto/ed25519.h"

#include <sodium.h>

#include "crypto/hash.h"
#include "crypto/sodium_init.h"

namespace ddn::crypto {

KeyPair KeyPairFromSeed(const std::array<uint8_t, 32>& seed) {
  EnsureSodium();
  KeyPair kp;
  crypto_sign_seed_keypair(kp.public_key.data(), kp.secret_key.data(), seed.data());
  return kp;
}

KeyPair KeyPairFromPassphrase(std::string_view passphrase) {
  return KeyPairFromSeed(Sha256(util::AsBytes(passphrase)));
}

Signature Sign(util::ByteSpan message, const SecretKey& secret_key) {
  EnsureSodium();
  Signature sig;
  crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(), secret_key.data());
  return sig;
}

bool Verify(util::ByteSpan message, const Signature& signature, const PublicKey& public_key) {
  EnsureSodium();
  return crypto_sign_verify_detached(signature.data(), message.data(), message.size(),
                                     public_key.data()) == 0;
}

bool IsValidKeyPoint(const PublicKey& public_key) {
  EnsureSodium();
  return crypto_core_ed25519_is_valid_point(public_key.data()) == 1;
}

}  // namespace ddn::crypto
