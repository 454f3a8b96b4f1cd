// Lock (type 100): the sender locks its balance until a block height. While a block's height is
// at most the lock height, transactions that move the sender's funds (transfers, and registered
// types whose rules say MovesFunds) are refused with ACCOUNT_LOCKED; fees of other types are
// still paid. A lock can be extended, never shortened. README.md has the details.
// Thread safety: value types and pure functions; the rules object is stateless.
#pragma once

#include <cstdint>

#include "chain/transaction.h"
#include "state/asset_rules.h"

namespace ddn::assets::lock {

// On-chain constant: never change, never reuse.
inline constexpr uint8_t kType = 100;
inline constexpr uint64_t kFee = 10'000'000;  // 0.1 DDN
// Heights travel as JSON numbers: keep them exact in every JSON implementation.
inline constexpr uint64_t kMaxLockHeight = (uint64_t{1} << 53) - 1;

struct Lock final : chain::AssetPayload {
  uint64_t height = 0;  // locked while a block's height <= this

  void Encode(codec::ByteWriter& w) const override;
  codec::Json ToJson() const override;
  bool Equals(const chain::AssetPayload& other) const override;
  bool operator==(const Lock& other) const { return height == other.height; }
};

const chain::AssetType& Type();
const state::AssetRules& Rules();

chain::Transaction MakeTransaction(uint64_t height);

}  // namespace ddn::assets::lock
