#include "kernel/fork_choice.h"

#include <mutex>

#include "util/parallel.h"

namespace ddn::kernel {

bool IsBetterTip(const TipSummary& a, const TipSummary& b) {
  if (a.height != b.height) return a.height > b.height;
  if (a.timestamp != b.timestamp) return a.timestamp < b.timestamp;
  return a.id < b.id;
}

TipSummary SummaryOf(const block::Block& block) {
  return {block.header.height, block.header.timestamp, block::BlockIdHash(block)};
}

util::Status VerifyBlockSignatures(std::span<const block::Block> blocks,
                                   const std::string& nethash) {
  // One task per block signature and per transaction: (block index, tx index or -1).
  std::vector<std::pair<uint32_t, int32_t>> tasks;
  for (uint32_t b = 0; b < blocks.size(); ++b) {
    tasks.emplace_back(b, -1);
    for (int32_t t = 0; t < static_cast<int32_t>(blocks[b].transactions.size()); ++t) {
      tasks.emplace_back(b, t);
    }
  }
  std::mutex mu;
  size_t first_failure = tasks.size();
  util::Status failure;
  util::ParallelFor(tasks.size(), [&](size_t i) {
    const auto [b, t] = tasks[i];
    const block::Block& block = blocks[b];
    util::Status s;
    if (t < 0) {
      if (!block::VerifyBlockSignature(block)) {
        s = util::Error(util::ErrorCode::kBadSignature, "block signature does not verify");
      }
    } else {
      s = compat::VerifyAnyTxStateless(block.transactions[t], nethash);
      if (!s.ok()) s = util::Status(s.code(), "transaction " + block.transactions[t].id + ": " + s.message());
    }
    if (s.ok()) return;
    std::lock_guard lock(mu);
    if (i < first_failure) {
      first_failure = i;
      failure = util::Status(s.code(), "block " + std::to_string(block.header.height) + ": " + s.message());
    }
  });
  return failure;
}

}  // namespace ddn::kernel
