#include "consensus/dpos.h"

#include <algorithm>
#include <string>

#include "crypto/hash.h"

namespace ddn::consensus {

uint64_t BlockReward(uint64_t height, const NetworkParams& p) {
  if (height <= 1 || height < p.reward_offset || p.milestones.empty()) return 0;
  const uint64_t milestone = std::min<uint64_t>((height - p.reward_offset) / p.reward_distance,
                                                p.milestones.size() - 1);
  return p.milestones[milestone];
}

uint64_t Supply(uint64_t height, uint64_t genesis_supply, const NetworkParams& p) {
  uint64_t supply = genesis_supply;
  uint64_t h = std::max<uint64_t>(2, p.reward_offset);
  while (h <= height) {
    // Heights h.. up to the end of h's milestone (or `height`) share one reward.
    const uint64_t m = MilestoneIndex(h, p);
    uint64_t last = m + 1 < p.milestones.size() ? p.reward_offset + (m + 1) * p.reward_distance - 1
                                                : height;
    last = std::min(last, height);
    supply += (last - h + 1) * BlockReward(h, p);
    h = last + 1;
  }
  return supply;
}

std::vector<PublicKey> ShuffleForRound(std::vector<PublicKey> list, uint64_t round) {
  const std::string seed_text = std::to_string(round);
  crypto::Hash256 seed = crypto::Sha256(util::AsBytes(seed_text));
  const size_t n = list.size();
  for (size_t i = 0; i < n; ++i) {
    for (size_t x = 0; x < 4 && i < n; ++i, ++x) std::swap(list[i], list[seed[x] % n]);
    seed = crypto::Sha256(seed);
  }
  return list;
}

RoundPayout ShareRound(uint64_t fees, const std::vector<uint64_t>& rewards,
                       const NetworkParams& p) {
  RoundPayout out;
  const size_t blocks = rewards.size();
  if (blocks == 0) {
    out.foundation = fees;
    return out;
  }
  const uint64_t producer_fees = PercentOf(fees, p.producer_share_percent);
  const uint64_t fee_each = producer_fees / blocks;
  out.per_block.resize(blocks);
  uint64_t paid = 0;
  for (size_t i = 0; i < blocks; ++i) {
    const uint64_t reward_share = PercentOf(rewards[i], p.producer_share_percent);
    out.per_block[i] = fee_each + reward_share;
    out.foundation += rewards[i] - reward_share;
    paid += fee_each;
  }
  out.per_block.back() += producer_fees - paid;
  out.foundation += fees - producer_fees;
  return out;
}

}  // namespace ddn::consensus
