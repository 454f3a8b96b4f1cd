// The JSON mapping of native transactions (docs/protocol.md §6): DDN's field names and types
// plus "version": 1. The mapping is one-to-one: TxFromJson accepts exactly the objects TxToJson
// produces (exact field set, JSON types, lowercase hex, canonical amounts and addresses, and an
// "id" equal to the computed id).
// Thread safety: pure functions.
#pragma once

#include "chain/transaction.h"
#include "codec/strict_json.h"
#include "util/status.h"

namespace ddn::chain {

codec::Json TxToJson(const Transaction& tx);
util::Result<Transaction> TxFromJson(const codec::Json& json);

// The "asset" object of a transaction of `type` (the same shape in native and legacy JSON).
util::Result<TxAsset> TxAssetFromJson(const codec::Json& asset, TxType type,
                                      const PublicKey& sender);

}  // namespace ddn::chain
