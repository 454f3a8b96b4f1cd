// Entry point for a transaction JSON from outside (CLI, API, peers): decides between the native
// format (has "version") and the DDN client's legacy format, parses strictly and verifies what
// needs no chain state.
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "chain/transaction.h"
#include "codec/strict_json.h"
#include "compat/legacy_tx.h"
#include "util/status.h"

namespace ddn::compat {

enum class TxFormat { kNative, kLegacyV2 };
std::string_view TxFormatName(TxFormat format);  // "native" | "legacy-v2"

struct AnyTx {
  TxFormat format = TxFormat::kNative;
  chain::Transaction tx;
  std::string id;
  std::optional<LegacyTx> legacy;  // set for legacy-v2
};

TxFormat DetectTxFormat(const codec::Json& json);
util::Result<AnyTx> ParseAnyTx(const codec::Json& json);
// The digest the first signature and multisignature co-signatures sign, by the tx's format.
chain::Hash256 AnySignDigest(const AnyTx& any);
// The second signature against the account's second public key, by the tx's format.
util::Status VerifyAnySecondSignature(const AnyTx& any, const chain::PublicKey& second_key);

// Network match, first signature and (for multisignature registrations) co-signatures.
util::Status VerifyAnyTxStateless(const AnyTx& any, std::string_view nethash);

}  // namespace ddn::compat
