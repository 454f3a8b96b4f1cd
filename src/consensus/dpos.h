// DPoS arithmetic of the reference (§3.5, §4.1–4.3, §4.6), as pure functions: slots from the DDN
// epoch, rounds, the per-round shuffle of the forging order, block rewards by milestone, and the
// sharing of a round's fees and rewards.
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <vector>

#include "chain/transaction.h"

namespace ddn::consensus {

using chain::PublicKey;

// 2017-12-20T04:00:00Z, the epoch of DDN transaction and block timestamps.
inline constexpr int64_t kEpochUnixSeconds = 1513742400;

struct NetworkParams {
  uint32_t block_interval = 10;   // seconds per slot
  uint32_t delegates = 101;       // active delegates = blocks per round
  uint32_t max_txs_per_block = 500;
  uint32_t max_payload_bytes = 8 << 20;
  uint64_t reward_offset = 1;     // first height with a reward is max(2, offset)
  uint64_t reward_distance = 3'000'000;
  std::vector<uint64_t> milestones = {500'000'000, 400'000'000, 300'000'000, 200'000'000,
                                      100'000'000};
  // Share of fees and rewards paid to the producers (the rest goes to the foundation), in %.
  uint32_t producer_share_percent = 80;
};

inline uint64_t SlotOf(uint32_t timestamp, const NetworkParams& p) {
  return timestamp / p.block_interval;
}
inline uint32_t SlotTime(uint64_t slot, const NetworkParams& p) {
  return static_cast<uint32_t>(slot * p.block_interval);
}
// Rounds are numbered from 1; round r holds heights (r-1)*n+1 .. r*n.
inline uint64_t RoundOf(uint64_t height, const NetworkParams& p) {
  return (height + p.delegates - 1) / p.delegates;
}
inline bool IsLastOfRound(uint64_t height, const NetworkParams& p) {
  return height % p.delegates == 0;
}

uint64_t BlockReward(uint64_t height, const NetworkParams& p);

// The genesis supply plus every block reward of heights 2..height.
uint64_t Supply(uint64_t height, uint64_t genesis_supply, const NetworkParams& p);
inline uint64_t MilestoneIndex(uint64_t height, const NetworkParams& p) {
  if (height < p.reward_offset || p.milestones.empty()) return 0;
  const uint64_t m = (height - p.reward_offset) / p.reward_distance;
  return m < p.milestones.size() ? m : p.milestones.size() - 1;
}

// floor(value * percent / 100) without overflow.
inline uint64_t PercentOf(uint64_t value, uint32_t percent) {
  return value / 100 * percent + value % 100 * percent / 100;
}

// The reference's shuffle of the active delegate list for a round (seeded with
// SHA-256 of the round number's decimal text), including its skip of every fifth position.
std::vector<PublicKey> ShuffleForRound(std::vector<PublicKey> ranked, uint64_t round);

struct RoundPayout {
  std::vector<uint64_t> per_block;  // paid to the producer of each block, in block order
  uint64_t foundation = 0;          // the rest
};
// Shares a round's fees evenly over its blocks (the remainder to the last block's producer)
// and each block's reward to its producer, both at producer_share_percent.
RoundPayout ShareRound(uint64_t fees, const std::vector<uint64_t>& rewards, const NetworkParams& p);

}  // namespace ddn::consensus
