// Applying one transaction of the system types 0–4 to the state, with the rules that need state
// (reference §2.4–2.5, defects fixed): second signature present exactly when the account has a
// second key and valid; multisignature accounts need min−1 valid member co-signatures; balance
// covers amount + fee; per-type rules (one second key, one delegate registration per account and
// unique names, votes only for delegates, no double votes, at most 101 votes, one group per
// account). Stateless checks and the first signature are the caller's (compat::ParseAnyTx and
// VerifyAnyTxStateless).
//
// On error the overlay may hold partial writes: apply into a child Overlay and merge it only on
// success. Thread safety: as the Overlay.
#pragma once

#include "compat/any_tx.h"
#include "state/asset_rules.h"
#include "state/ledger.h"

namespace ddn::state {

inline constexpr size_t kMaxVotesPerAccount = 101;

// Types registered from assets/ go through their AssetRules (asset_rules.h). While the block
// height is at most the sender's lock height, transfers and registered types that move funds are
// refused with ACCOUNT_LOCKED.
util::Status ApplyTransaction(Ledger& ledger, const compat::AnyTx& tx, const ApplyContext& ctx);

// Whether a multisignature account's transaction has gathered enough co-signatures to be
// forged; false (not an error) while it waits. Errors only for storage failures.
util::Result<bool> IsReady(const Ledger& ledger, const compat::AnyTx& tx);

}  // namespace ddn::state
