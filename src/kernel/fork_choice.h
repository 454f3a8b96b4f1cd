// Fork choice and batch signature checks for blocks that come from peers (docs/p2p.md §4).
//
// A chain is better than another when its tip is higher; at equal height, when its tip has the
// earlier slot (timestamp); at the same slot, when its tip id is smaller. Every node orders any
// two tips the same way, so a network that sees the same blocks converges on one chain.
// Thread safety: pure functions.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "block/block.h"
#include "util/status.h"

namespace ddn::kernel {

struct TipSummary {
  uint64_t height = 0;
  uint32_t timestamp = 0;
  chain::Hash256 id{};
};

bool IsBetterTip(const TipSummary& a, const TipSummary& b);
TipSummary SummaryOf(const block::Block& block);

// Checks every block signature and every transaction signature of `blocks` on all cores.
// On failure the status names the block height (and the transaction).
util::Status VerifyBlockSignatures(std::span<const block::Block> blocks,
                                   const std::string& nethash);

}  // namespace ddn::kernel
