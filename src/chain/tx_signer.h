// Signing of native transactions with keys held by the caller (CLI, tests, the forger).
// Thread safety: pure functions.
#pragma once

#include <optional>

#include "chain/transaction.h"
#include "crypto/ed25519.h"

namespace ddn::chain {

// Sets the sender key and the type's fee, then the first signature and, when second_keys is
// given, the second signature. Co-signatures are left as they are.
void SignTransaction(Transaction& tx, const crypto::KeyPair& keys,
                     const std::optional<crypto::KeyPair>& second_keys = std::nullopt);

// A multisignature co-signature by `keys` over the transaction's sign digest.
Signature Cosign(const Transaction& tx, const crypto::KeyPair& keys);

}  // namespace ddn::chain
