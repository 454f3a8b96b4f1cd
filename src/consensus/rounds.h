// Round bookkeeping on the state: the ranked and shuffled delegate list of each round, the
// accumulation of fees and rewards block by block, and what happens at the end of a round
// (payouts to producers and the foundation, missed blocks, the next round's list).
// All of it is state, so rolling a block back (StateDb undo) reverts it too.
// Thread safety: as the Ledger.
#pragma once

#include <vector>

#include "consensus/dpos.h"
#include "state/ledger.h"

namespace ddn::consensus {

// The top `n` delegates by vote weight (descending), ties by public key bytes (ascending).
util::Result<std::vector<PublicKey>> RankDelegates(const state::Ledger& ledger, size_t n);

// The forging order of a round, as stored when the previous round ended (or at genesis).
util::Result<std::vector<PublicKey>> RoundDelegates(const state::StateView& view, uint64_t round);

// The delegate that owns a slot in a round's order.
inline PublicKey SlotOwner(const std::vector<PublicKey>& order, uint64_t slot) {
  return order[slot % order.size()];
}

// After the genesis block's transactions: stores round 1's order and starts its accumulator.
util::Status StartFirstRound(state::Ledger& ledger, uint64_t genesis_fees,
                             const NetworkParams& params);

// After the transactions of a block at `height` (> 1): counts the block for its generator,
// accumulates its fees and reward and, on the last block of a round, pays out and prepares the
// next round.
util::Status TickRound(state::Ledger& ledger, uint64_t height, const PublicKey& generator,
                       uint64_t fees, uint64_t reward, const NetworkParams& params,
                       const chain::AddressHash& foundation);

}  // namespace ddn::consensus
