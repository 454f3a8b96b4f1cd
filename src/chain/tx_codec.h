// Canonical binary encoding of native transactions, their digests and id (docs/protocol.md §2–5).
// DecodeTransaction accepts exactly the encodings EncodeTransaction produces: it checks the
// grammar (magic, presence bytes, minimal varints, bounds, UTF-8, asset layout of the type,
// recipient present exactly for transfers, trailing bytes). Semantic rules (fee, amounts,
// username characters, duplicates) are in tx_rules.h.
// Thread safety: pure functions.
#pragma once

#include <string>

#include "chain/transaction.h"
#include "util/bytes.h"
#include "util/status.h"

namespace ddn::chain {

// The 4-byte magic that starts every native transaction body: 0xFF 'D' 'T' version.
inline constexpr uint8_t kTxMagic[4] = {0xFF, 0x44, 0x54, kTxFormatVersion};

util::Bytes EncodeTxBody(const Transaction& tx);
util::Bytes EncodeTransaction(const Transaction& tx);
util::Result<Transaction> DecodeTransaction(util::ByteSpan bytes);

// Digest the first signature and co-signatures sign: SHA-256(body).
Hash256 TxSignDigest(const Transaction& tx);
// Digest the second signature signs: SHA-256(body || signature).
Hash256 TxSecondSignDigest(const Transaction& tx);
// SHA-256(body || signature || second-sig); co-signatures are not covered.
Hash256 TxIdHash(const Transaction& tx);
std::string TxId(const Transaction& tx);

}  // namespace ddn::chain
