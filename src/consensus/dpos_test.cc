// DPoS arithmetic against the reference's vectors and hand-computed values.
#include <gtest/gtest.h>

#include "consensus/dpos.h"

namespace ddn::consensus {
namespace {

std::vector<PublicKey> IndexKeys(size_t n) {
  std::vector<PublicKey> keys(n);
  for (size_t i = 0; i < n; ++i) keys[i][0] = static_cast<uint8_t>(i);
  return keys;
}

std::vector<int> Indices(const std::vector<PublicKey>& keys) {
  std::vector<int> out;
  for (const auto& k : keys) out.push_back(k[0]);
  return out;
}

TEST(Shuffle, MatchesReferenceVectorForRounds1And2) {
  const std::vector<int> round1 = {
      53, 93, 45, 14, 43, 72, 40, 78, 66, 13, 84, 37, 26, 32, 3,  58, 23, 22, 98, 1,  95,
      97, 5,  35, 90, 76, 0,  51, 65, 50, 100, 41, 52, 75, 17, 62, 8,  42, 85, 39, 87, 57,
      96, 16, 44, 48, 28, 71, 77, 49, 29, 60, 88, 6,  63, 25, 30, 83, 81, 59, 68, 4,  61,
      54, 64, 94, 11, 89, 91, 69, 46, 20, 55, 2,  74, 80, 56, 82, 73, 79, 27, 92, 15, 86,
      10, 70, 9,  18, 47, 67, 24, 19, 34, 33, 12, 36, 31, 38, 21, 99, 7};
  EXPECT_EQ(Indices(ShuffleForRound(IndexKeys(101), 1)), round1);
  const auto round2 = Indices(ShuffleForRound(IndexKeys(101), 2));
  const std::vector<int> round2_start = {73, 14, 97, 63, 70, 12, 8, 0, 80, 41, 15, 94};
  EXPECT_EQ(std::vector<int>(round2.begin(), round2.begin() + 12), round2_start);
}

TEST(Shuffle, IsAPermutation) {
  auto shuffled = Indices(ShuffleForRound(IndexKeys(7), 42));
  std::sort(shuffled.begin(), shuffled.end());
  EXPECT_EQ(shuffled, (std::vector<int>{0, 1, 2, 3, 4, 5, 6}));
}

TEST(Rewards, MilestonesByHeight) {
  const NetworkParams p;
  EXPECT_EQ(BlockReward(1, p), 0u);
  EXPECT_EQ(BlockReward(2, p), 500000000u);
  EXPECT_EQ(BlockReward(3000000, p), 500000000u);
  EXPECT_EQ(BlockReward(3000001, p), 400000000u);
  EXPECT_EQ(BlockReward(9000001, p), 200000000u);
  EXPECT_EQ(BlockReward(12000001, p), 100000000u);
  EXPECT_EQ(BlockReward(900000000, p), 100000000u);
}

TEST(Rewards, SupplyIsGenesisPlusEveryReward) {
  NetworkParams p;
  p.reward_distance = 10;  // small, to cross milestones quickly
  uint64_t expected = 1000;
  for (uint64_t h = 1; h <= 75; ++h) {
    expected += BlockReward(h, p);
    EXPECT_EQ(Supply(h, 1000, p), expected) << h;
  }
}

TEST(Rounds, Arithmetic) {
  NetworkParams p;
  EXPECT_EQ(RoundOf(1, p), 1u);
  EXPECT_EQ(RoundOf(101, p), 1u);
  EXPECT_EQ(RoundOf(102, p), 2u);
  EXPECT_TRUE(IsLastOfRound(202, p));
  EXPECT_FALSE(IsLastOfRound(203, p));
  EXPECT_EQ(SlotOf(25, p), 2u);
  EXPECT_EQ(SlotTime(3, p), 30u);
}

TEST(ShareRound, HandComputed) {
  NetworkParams p;
  // 3 blocks, fees 1,000,000,007: producers get floor(0.8 * fees) = 800,000,005, i.e.
  // 266,666,668 each, remainder 1 to the last block; foundation the other 200,000,002.
  const auto payout = ShareRound(1000000007, {500000000, 500000000, 0}, p);
  ASSERT_EQ(payout.per_block.size(), 3u);
  EXPECT_EQ(payout.per_block[0], 266666668u + 400000000u);
  EXPECT_EQ(payout.per_block[1], 266666668u + 400000000u);
  EXPECT_EQ(payout.per_block[2], 266666668u + 1u);
  EXPECT_EQ(payout.foundation, 200000002u + 2 * 100000000u);
  uint64_t total = payout.foundation;
  for (auto v : payout.per_block) total += v;
  EXPECT_EQ(total, 1000000007u + 1000000000u);  // nothing created or lost
  EXPECT_EQ(PercentOf(UINT64_MAX, 80), UINT64_MAX / 100 * 80 + (UINT64_MAX % 100) * 80 / 100);
}

}  // namespace
}  // namespace ddn::consensus
