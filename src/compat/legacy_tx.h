// Transactions built by the official DDN v2.3 JavaScript client ("legacy-v2"): strict parsing
// into the common Transaction model, and verification by the legacy rule
// (signature over SHA-256(getBytes), id = SHA-256(getBytes with signatures)).
//
// Only types 0–4 are accepted, each with exactly the field set the client's builders emit
// (docs/protocol.md §9); everything else is refused with a reason. The JSON is kept as received
// so it can be stored and relayed verbatim.
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "chain/transaction.h"
#include "crypto/hash.h"
#include "codec/strict_json.h"
#include "util/status.h"

namespace ddn::compat {

struct LegacyTx {
  chain::Transaction tx;  // the same content in the common model (signatures included)
  codec::Json json;       // as received
  std::string id;         // legacy id (hex SHA-256), equal to json["id"]
};

// Parses and checks the schema, fee and id. Does not verify signatures.
util::Result<LegacyTx> ParseLegacyTx(const codec::Json& json);

// SHA-256 of the legacy bytes without signatures: what the first signature signs.
crypto::Hash256 LegacySignDigest(const LegacyTx& legacy);

// First signature, and for a multisignature registration the co-signatures.
util::Status VerifyLegacySignatures(const LegacyTx& legacy);
// The second signature against the account's second public key.
util::Status VerifyLegacySecondSignature(const LegacyTx& legacy,
                                         const chain::PublicKey& second_public_key);

}  // namespace ddn::compat
