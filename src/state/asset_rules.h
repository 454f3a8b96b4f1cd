// The state side of transaction types registered from assets/<name>/ (see chain/asset_type.h):
// a read-only Verify against the state and an Apply that writes only through the Ledger's
// Overlay, so StateDb's undo records revert it with no per-type code.
//
// ApplyTransaction (tx_apply.h) does the common part for every type first (signatures against
// the account, the account lock, balance for amount + fee, the fee debit), then calls Verify and,
// if it passes, Apply, both with the fee already debited.
// Thread safety: register at process start (assets::RegisterAll); read-only afterwards.
#pragma once

#include <cstdint>

#include "compat/any_tx.h"
#include "state/ledger.h"

namespace ddn::state {

struct ApplyContext {
  uint64_t height = 0;   // the height of the block being built or applied
  bool genesis = false;  // the genesis block: its generator starts with the whole supply
};

class AssetRules {
 public:
  virtual ~AssetRules() = default;
  // Rules against the state; must not write (the ledger is const).
  virtual util::Status Verify(const Ledger& ledger, const compat::AnyTx& tx,
                              const ApplyContext& ctx) const = 0;
  // The state effects; called only after Verify passed on the same ledger.
  virtual util::Status Apply(Ledger& ledger, const compat::AnyTx& tx,
                             const ApplyContext& ctx) const = 0;
  // Whether the type moves the sender's funds to someone else, and so is refused while the
  // sender's balance is locked (the reference's isSupportLock).
  virtual bool MovesFunds() const = 0;
};

// `rules` must outlive every use (a static object). False if the type already has rules.
bool RegisterAssetRules(uint8_t type, const AssetRules* rules);
const AssetRules* FindAssetRules(uint8_t type);

}  // namespace ddn::state
