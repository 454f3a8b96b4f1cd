// Stateless rules of native transactions: field ranges, per-type asset rules, fees
// (CheckTxFields), and signatures that need no chain state (VerifyTxSignatures).
// Rules that need state (balances, second public key, multisignature groups of ordinary
// accounts, delegate names taken) belong to the state layer.
// Thread safety: pure functions.
#pragma once

#include <string_view>

#include "chain/transaction.h"
#include "util/status.h"

namespace ddn::chain {

// All rules of docs/protocol.md §2–4 that the bytes alone decide. Both decoders call it.
util::Status CheckTxFields(const Transaction& tx);

// Native-format canonical form beyond CheckTxFields: co-signatures in strictly ascending byte
// order (so one set of co-signatures has one encoding).
util::Status CheckNativeCanonical(const Transaction& tx);

// Inserts a co-signature at its canonical (ascending) place; false if already present.
bool InsertCosignature(Transaction& tx, const Signature& signature);

// The first signature against the sender key, and for a multisignature registration every
// co-signature against a distinct member of the new group.
util::Status VerifyTxSignatures(const Transaction& tx);

// Each co-signature must verify over `digest` against a distinct member of `members`.
util::Status VerifyCosignatures(const Hash256& digest, const std::vector<Signature>& cosignatures,
                                const std::vector<PublicKey>& members);

// The second signature against the account's registered second public key.
util::Status VerifySecondSignature(const Transaction& tx, const PublicKey& second_public_key);

// Delegate username rule: 1..20 bytes of [a-z0-9!@$&_.] and not itself an address.
bool IsValidUsername(std::string_view username);

}  // namespace ddn::chain
