// DDN account addresses: "D" + base58(r || checksum), r = RIPEMD-160(SHA-256(public key)),
// checksum = SHA-256(SHA-256(r))[0..4]. Compatible with DDN v2.3 wallets.
// Thread safety: pure functions (AddressHashOf keeps a one-entry memo per thread).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "crypto/ed25519.h"
#include "crypto/hash.h"

namespace ddn::crypto {

inline constexpr char kAddressPrefix = 'D';

// The 20-byte hash an address encodes.
using AddressHash = Hash160;

AddressHash AddressHashOf(const PublicKey& public_key);
std::string AddressFromHash(const AddressHash& hash);
std::string AddressOf(const PublicKey& public_key);

// Parses an address; nullopt unless it is the canonical text of a 20-byte hash with a valid
// checksum (so every accepted address re-encodes to exactly the same text).
std::optional<AddressHash> ParseAddress(std::string_view address);

}  // namespace ddn::crypto
