// The chain end to end in process: several rounds of forging, rewards and fees, missed blocks,
// vote weights, and exact rollback across round boundaries.
#include <gtest/gtest.h>

#include <chrono>

#include "chain_fixture.h"
#include "consensus/rounds.h"
#include "crypto/address.h"
#include "state/keys.h"
#include "state/ledger.h"

namespace ddn::kernel {
namespace {

using testing::ChainFixture;

constexpr uint64_t kDdn = 100'000'000;

state::Account AccountOf(ChainFixture& f, const chain::PublicKey& key) {
  return *f.chain().GetAccount(crypto::AddressHashOf(key));
}

// Invariant: every delegate's weight is the sum of the balances of the accounts voting for it.
void ExpectVoteWeightsConsistent(ChainFixture& f) {
  std::map<chain::PublicKey, uint64_t> expected;
  std::vector<state::Account> delegates;
  ASSERT_TRUE(f.chain().ForEachAccount([&](const state::Account& a) {
    for (const auto& d : a.votes) expected[d] += a.balance;
    if (a.delegate) delegates.push_back(a);
    return true;
  }).ok());
  ASSERT_FALSE(delegates.empty());
  for (const auto& d : delegates) {
    EXPECT_EQ(d.delegate->vote_weight, expected[*d.public_key]) << d.delegate->username;
  }
}

TEST(Chain, GenesisRegistersFundsAndVotes) {
  ChainFixture f;
  EXPECT_EQ(f.chain().tip().height, 1u);
  const auto order = f.chain().RoundOrder(1);
  ASSERT_TRUE(order.ok());
  EXPECT_EQ(order->size(), 101u);
  const auto faucet = AccountOf(f, f.faucet().public_key);
  EXPECT_EQ(faucet.balance, kernel::GenesisSpec().faucet_funds);
  ExpectVoteWeightsConsistent(f);
}

TEST(Chain, SeveralRoundsWellUnderASecond) {
  ChainFixture f;
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(f.ProduceBlocks(4 * 101).ok());
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(f.chain().tip().height, 405u);
  EXPECT_LT(elapsed, std::chrono::seconds(1));
}

TEST(Chain, ForgingOrderFollowsTheShuffledRoundList) {
  ChainFixture f;
  ASSERT_TRUE(f.ProduceUntilEndOfRound().ok());  // round 1 ends at 101
  auto order = f.chain().RoundOrder(2);
  ASSERT_TRUE(order.ok());
  // Round 2's list is the ranking (weights equal: by key) shuffled with round number 2.
  state::Overlay view(f.chain().db());
  state::Ledger ledger(view);
  auto ranked = consensus::RankDelegates(ledger, 101);
  ASSERT_TRUE(ranked.ok());
  EXPECT_EQ(*order, consensus::ShuffleForRound(*ranked, 2));
  for (int i = 0; i < 5; ++i) {
    auto b = f.ProduceBlock();
    ASSERT_TRUE(b.ok());
    const uint64_t slot = consensus::SlotOf(b->header.timestamp, f.chain().options().params);
    EXPECT_EQ(b->header.generator, (*order)[slot % 101]);
  }
  // A block by anyone else for the slot is refused.
  const uint64_t slot = f.TipSlot() + 1;
  const chain::PublicKey owner = *f.chain().SlotOwner(slot);
  const auto& secrets = f.genesis().delegate_secrets;
  for (const auto& s : secrets) {
    const auto keys = crypto::KeyPairFromPassphrase(s);
    if (keys.public_key == owner) continue;
    auto b = f.chain().BuildBlock(slot, keys, {}, nullptr);
    ASSERT_TRUE(b.ok());
    EXPECT_FALSE(f.chain().ApplyBlock(*b, {}).ok());
    break;
  }
}

TEST(Chain, RewardsAndFeesAreSharedAtRoundEnd) {
  ChainFixture f;
  ASSERT_TRUE(f.ProduceUntilEndOfRound().ok());  // tip 101: round 1 paid out
  const auto recipient = crypto::KeyPairFromPassphrase("recipient");
  const auto before_foundation = f.chain().GetAccount(f.foundation())->balance;
  std::map<chain::PublicKey, uint64_t> before, produced_before;
  for (const auto& s : f.genesis().delegate_secrets) {
    const auto k = crypto::KeyPairFromPassphrase(s).public_key;
    before[k] = AccountOf(f, k).balance;
    produced_before[k] = AccountOf(f, k).delegate->produced_blocks;
  }
  // Round 2 (heights 102..202): 3 transfers at 0.1 DDN fee in its first block.
  std::vector<compat::AnyTx> txs;
  for (int i = 0; i < 3; ++i) {
    txs.push_back(f.Transfer(f.faucet(), crypto::AddressHashOf(recipient.public_key), kDdn + i));
  }
  auto first = f.ProduceBlock(txs);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  std::vector<chain::PublicKey> producers = {first->header.generator};
  while (!consensus::IsLastOfRound(f.chain().tip().height, f.chain().options().params)) {
    auto b = f.ProduceBlock();
    ASSERT_TRUE(b.ok());
    producers.push_back(b->header.generator);
  }
  ASSERT_EQ(producers.size(), 101u);
  // Hand computation: fees 30,000,000; 80% = 24,000,000 = 237,623 x 101 + 77.
  // Each block: reward 5 DDN, producer share 4 DDN.
  const uint64_t fee_each = 237623, remainder = 24000000 - 237623 * 101;
  ASSERT_EQ(remainder, 77u);
  for (size_t i = 0; i < producers.size(); ++i) {
    const uint64_t expected = 4 * kDdn + fee_each + (i + 1 == producers.size() ? remainder : 0);
    EXPECT_EQ(AccountOf(f, producers[i]).balance - before[producers[i]], expected) << i;
    // Consecutive slots: each delegate forges exactly once in the round.
    EXPECT_EQ(AccountOf(f, producers[i]).delegate->produced_blocks - produced_before[producers[i]],
              1u);
  }
  EXPECT_EQ(f.chain().GetAccount(f.foundation())->balance - before_foundation,
            30000000u - 24000000u + 101 * kDdn);
  EXPECT_EQ(f.chain().GetAccount(crypto::AddressHashOf(recipient.public_key))->balance,
            3 * kDdn + 3);
  ExpectVoteWeightsConsistent(f);
}

TEST(Chain, SkippedSlotCountsAsMissedBlock) {
  ChainFixture f;
  ASSERT_TRUE(f.ProduceUntilEndOfRound().ok());
  // Round 2: skip one slot; its owner produces nothing this round (101 blocks over 102 slots,
  // so another delegate produces twice).
  const uint64_t skipped_slot = f.TipSlot() + 3;
  const chain::PublicKey missing = *f.chain().SlotOwner(skipped_slot);
  ASSERT_TRUE(f.ProduceBlocks(2).ok());
  ASSERT_TRUE(f.ProduceBlock({}, skipped_slot + 1).ok());
  ASSERT_TRUE(f.ProduceUntilEndOfRound().ok());
  const auto d = *AccountOf(f, missing).delegate;
  EXPECT_EQ(d.missed_blocks, 1u);
  EXPECT_EQ(d.produced_blocks, 1u);  // its round-1 block only
  uint64_t missed_total = 0;
  for (const auto& s : f.genesis().delegate_secrets) {
    missed_total += AccountOf(f, crypto::KeyPairFromPassphrase(s).public_key).delegate->missed_blocks;
  }
  EXPECT_EQ(missed_total, 1u + 1u);  // + the one round-1 slot the genesis block took
}

TEST(Chain, VoteWeightsFollowEveryBalanceChange) {
  ChainFixture f;
  const auto voter = crypto::KeyPairFromPassphrase("voter");
  const auto voter_addr = crypto::AddressHashOf(voter.public_key);
  const auto d1 = crypto::KeyPairFromPassphrase(f.genesis().delegate_secrets[0]).public_key;
  const auto d2 = crypto::KeyPairFromPassphrase(f.genesis().delegate_secrets[1]).public_key;
  const uint64_t w1 = AccountOf(f, d1).delegate->vote_weight;
  ASSERT_TRUE(f.ProduceBlock({f.Transfer(f.faucet(), voter_addr, 1000 * kDdn)}).ok());
  chain::Transaction vote;
  vote.type = chain::TxType::kVote;
  vote.asset = chain::VoteAsset{{{true, d1}, {true, d2}}};
  ASSERT_TRUE(f.ProduceBlock({f.Sign(vote, voter)}).ok());
  const uint64_t after_vote = 1000 * kDdn - kDdn / 10;
  EXPECT_EQ(AccountOf(f, d1).delegate->vote_weight, w1 + after_vote);
  // Spending moves both delegates' weights.
  ASSERT_TRUE(f.ProduceBlock({f.Transfer(voter, crypto::AddressHashOf(d1), 100 * kDdn)}).ok());
  EXPECT_EQ(AccountOf(f, d1).delegate->vote_weight, w1 + after_vote - 100 * kDdn - kDdn / 10);
  ExpectVoteWeightsConsistent(f);
  // Unvote removes the voter's whole balance from the delegate.
  chain::Transaction unvote;
  unvote.type = chain::TxType::kVote;
  unvote.asset = chain::VoteAsset{{{false, d1}}};
  ASSERT_TRUE(f.ProduceBlock({f.Sign(unvote, voter)}).ok());
  // Back to the genesis weight: d1's own balance (it received 100 DDN) counts only for whom d1
  // votes.
  EXPECT_EQ(AccountOf(f, d1).delegate->vote_weight, w1);
  ExpectVoteWeightsConsistent(f);
  // Double vote and vote for a non-delegate are refused.
  chain::Transaction again;
  again.type = chain::TxType::kVote;
  again.asset = chain::VoteAsset{{{true, d2}}};
  EXPECT_FALSE(f.ProduceBlock({f.Sign(again, voter)}).ok());
  chain::Transaction stranger;
  stranger.type = chain::TxType::kVote;
  stranger.asset = chain::VoteAsset{{{true, voter.public_key}}};
  EXPECT_FALSE(f.ProduceBlock({f.Sign(stranger, voter)}).ok());
}

TEST(Chain, RollbackAcrossRoundBoundariesRestoresExactState) {
  ChainFixture f;
  ASSERT_TRUE(f.ProduceBlocks(180).ok());
  const auto snapshot = f.Snapshot();
  const uint64_t height = f.chain().tip().height;
  std::vector<block::Block> blocks;
  const auto someone = crypto::KeyPairFromPassphrase("someone");
  for (int i = 0; i < 40; ++i) {  // crosses the end of round 2 (height 202), stays reversible
    std::vector<compat::AnyTx> txs;
    if (i % 7 == 0) txs.push_back(f.Transfer(f.faucet(), crypto::AddressHashOf(someone.public_key), kDdn));
    auto b = f.ProduceBlock(txs);
    ASSERT_TRUE(b.ok()) << b.status().ToString();
    blocks.push_back(*b);
  }
  const auto later = f.Snapshot();
  ASSERT_LT(f.chain().irreversible_height(), height);
  for (size_t i = 0; i < blocks.size(); ++i) ASSERT_TRUE(f.chain().RollBackTip().ok());
  EXPECT_EQ(f.chain().tip().height, height);
  EXPECT_TRUE(f.Snapshot() == snapshot);
  for (const auto& b : blocks) ASSERT_TRUE(f.chain().ApplyBlock(b, {}).ok());
  EXPECT_TRUE(f.Snapshot() == later);
}

// The key pair of the delegate that owns `slot` on top of the fixture's tip.
crypto::KeyPair SlotOwnerKeys(ChainFixture& f, uint64_t slot) {
  const auto owner = *f.chain().SlotOwner(slot);
  for (const auto& s : f.genesis().delegate_secrets) {
    const auto keys = crypto::KeyPairFromPassphrase(s);
    if (keys.public_key == owner) return keys;
  }
  throw std::runtime_error("no secret for the slot owner");
}

TEST(Chain, CommittingABuiltBlockEqualsApplyingIt) {
  // `built` forges with Build + CommitBuilt (no second pass over the transactions); `applied`
  // receives the same blocks through ApplyBlock with every check. Over a round end (payouts),
  // with transfers to the generators themselves, both stores must stay identical.
  ChainFixture built, applied;
  const auto someone = crypto::KeyPairFromPassphrase("someone");
  for (int i = 0; i < 110; ++i) {
    const uint64_t slot = built.TipSlot() + 1;
    const auto keys = SlotOwnerKeys(built, slot);
    std::vector<compat::AnyTx> txs;
    if (i % 3 == 0) {
      txs.push_back(built.Transfer(built.faucet(), crypto::AddressHashOf(someone.public_key), kDdn + i));
      txs.push_back(built.Transfer(built.faucet(), crypto::AddressHashOf(keys.public_key), kDdn));
    }
    std::vector<const compat::AnyTx*> candidates;
    for (const auto& tx : txs) candidates.push_back(&tx);
    std::vector<std::pair<std::string, util::Status>> skipped;
    auto block = built.chain().Build(slot, keys, candidates, &skipped);
    ASSERT_TRUE(block.ok()) << block.status().ToString();
    ASSERT_TRUE(skipped.empty()) << skipped.front().second.ToString();
    ASSERT_TRUE(built.chain().CommitBuilt(*block).ok());
    ASSERT_TRUE(applied.chain().ApplyBlock(block->block, {.current_slot = slot}).ok()) << i;
    ASSERT_EQ(built.chain().tip().id, applied.chain().tip().id);
    if (i % 10 == 0 || i == 109) {
      ASSERT_TRUE(built.Snapshot() == applied.Snapshot()) << i;
    }
  }
  EXPECT_GT(built.chain().tip().height, 101u);  // a round ended on the way
}

TEST(Chain, CountsEveryTransactionOfAnAccountAcrossBlocks) {
  ChainFixture f;
  const auto a = crypto::AddressHashOf(crypto::KeyPairFromPassphrase("count a").public_key);
  const auto b = crypto::AddressHashOf(crypto::KeyPairFromPassphrase("count b").public_key);
  const auto faucet = crypto::AddressHashOf(f.faucet().public_key);
  const uint64_t sent_before = *f.chain().AccountTxCount(faucet, true);
  // Several transactions of one sender, and to one recipient, in the same block; then more.
  std::vector<compat::AnyTx> first;
  for (int i = 0; i < 5; ++i) first.push_back(f.Transfer(f.faucet(), i < 3 ? a : b, kDdn + i));
  ASSERT_TRUE(f.ProduceBlock(first).ok());
  ASSERT_TRUE(f.ProduceBlock({f.Transfer(f.faucet(), a, 7 * kDdn)}).ok());
  EXPECT_EQ(*f.chain().AccountTxCount(faucet, true), sent_before + 6);
  EXPECT_EQ(*f.chain().AccountTxCount(a, false), 4u);
  EXPECT_EQ(*f.chain().AccountTxCount(b, false), 2u);
  EXPECT_EQ(*f.chain().AccountTxCount(a, true), 0u);
  // One history record per account, direction and block, listing its positions in the block.
  std::vector<std::pair<uint64_t, std::vector<uint32_t>>> records;
  ASSERT_TRUE(f.chain().db().Scan(state::keys::ReceivedIndexPrefix(a), false,
                                  [&](std::string_view key, std::string_view value) {
    records.emplace_back(*state::keys::ParseBigEndian64(key.substr(21)), *state::DecodePositions(value));
    return true;
  }).ok());
  const uint64_t tip = f.chain().tip().height;
  EXPECT_EQ(records, (std::vector<std::pair<uint64_t, std::vector<uint32_t>>>{
                         {tip - 1, {0, 1, 2}}, {tip, {0}}}));
  // A rollback takes the counts back with everything else.
  ASSERT_TRUE(f.chain().RollBackTip().ok());
  EXPECT_EQ(*f.chain().AccountTxCount(a, false), 3u);
  EXPECT_EQ(*f.chain().AccountTxCount(faucet, true), sent_before + 5);
}

TEST(Chain, BuildSkipsWhatABlockCannotHoldAndCommitBuiltNeedsTheSameTip) {
  ChainFixture f;
  const auto someone = crypto::KeyPairFromPassphrase("someone");
  const auto to = crypto::AddressHashOf(someone.public_key);
  const auto other = crypto::AddressHashOf(crypto::KeyPairFromPassphrase("other").public_key);
  const auto good = f.Transfer(f.faucet(), to, 3 * kDdn);
  auto foreign = f.Transfer(f.faucet(), to, 2 * kDdn);
  foreign.tx.nethash = "othernet";
  const auto broke = f.Transfer(someone, other, kDdn);  // funded only by `good`
  const auto overspend = f.Transfer(someone, other, 5 * kDdn);
  const std::vector<const compat::AnyTx*> candidates{&good, &foreign, &good, &broke, &overspend};
  const uint64_t slot = f.TipSlot() + 1;
  const auto keys = SlotOwnerKeys(f, slot);
  std::vector<std::pair<std::string, util::Status>> skipped;
  auto first = f.chain().Build(slot, keys, candidates, &skipped);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->block.transactions.size(), 2u);  // good, then broke (funded by good)
  EXPECT_EQ(first->block.transactions[0].id, good.id);
  EXPECT_EQ(first->block.transactions[1].id, broke.id);
  ASSERT_EQ(skipped.size(), 3u);
  EXPECT_EQ(skipped[0].second.code(), util::ErrorCode::kWrongNethash);
  EXPECT_EQ(skipped[1].second.code(), util::ErrorCode::kDuplicate);
  EXPECT_EQ(skipped[2].second.code(), util::ErrorCode::kInsufficientBalance);

  auto second = f.chain().Build(slot, keys, {}, nullptr);
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE(f.chain().CommitBuilt(*first).ok());
  EXPECT_EQ(f.chain().tip().id, block::BlockIdHash(first->block));
  const auto snapshot = f.Snapshot();
  EXPECT_EQ(f.chain().CommitBuilt(*second).code(), util::ErrorCode::kInternal);
  EXPECT_TRUE(f.Snapshot() == snapshot);
  EXPECT_EQ(f.chain().GetAccount(to)->balance, 3 * kDdn - kDdn - broke.tx.fee);
  EXPECT_EQ(f.chain().GetAccount(other)->balance, kDdn);
}

TEST(Chain, RefusesInvalidBlocksWithoutChangingState) {
  ChainFixture f;
  ASSERT_TRUE(f.ProduceBlocks(3).ok());
  const auto snapshot = f.Snapshot();
  const uint64_t slot = f.TipSlot() + 1;
  const auto owner = *f.chain().SlotOwner(slot);
  crypto::KeyPair keys;
  for (const auto& s : f.genesis().delegate_secrets) {
    if (crypto::KeyPairFromPassphrase(s).public_key == owner) keys = crypto::KeyPairFromPassphrase(s);
  }
  const auto poor = crypto::KeyPairFromPassphrase("poor");
  auto good = f.chain().BuildBlock(slot, keys, {}, nullptr);
  ASSERT_TRUE(good.ok());
  auto tampered = *good;
  tampered.header.reward += 1;
  EXPECT_FALSE(f.chain().ApplyBlock(tampered, {}).ok());
  // A transaction that overspends, inserted behind the builder's back.
  auto overspend = *good;
  overspend.transactions.push_back(f.Transfer(poor, crypto::AddressHashOf(keys.public_key), kDdn));
  block::SealBlock(overspend, keys);
  EXPECT_FALSE(f.chain().ApplyBlock(overspend, {}).ok());
  // A bad signature.
  auto forged = *good;
  forged.transactions.push_back(f.Transfer(f.faucet(), crypto::AddressHashOf(poor.public_key), kDdn));
  forged.transactions.back().tx.signature[0] ^= 1;
  block::SealBlock(forged, keys);
  EXPECT_EQ(f.chain().ApplyBlock(forged, {}).code(), util::ErrorCode::kBadSignature);
  // A bad block signature (checked in the background while the transactions apply).
  auto unsigned_block = *good;
  unsigned_block.signature[5] ^= 1;
  EXPECT_EQ(f.chain().ApplyBlock(unsigned_block, {}).code(), util::ErrorCode::kBadSignature);
  // The same transaction twice, and replay of a confirmed one.
  const auto tx = f.Transfer(f.faucet(), crypto::AddressHashOf(poor.public_key), kDdn);
  auto twice = *good;
  twice.transactions = {tx, tx};
  block::SealBlock(twice, keys);
  EXPECT_FALSE(f.chain().ApplyBlock(twice, {}).ok());
  EXPECT_TRUE(f.Snapshot() == snapshot);
  ASSERT_TRUE(f.ProduceBlock({tx}).ok());
  EXPECT_FALSE(f.ProduceBlock({tx}).ok());
}

}  // namespace
}  // namespace ddn::kernel

namespace ddn::kernel {
namespace {
// Found by fuzz_block: a block whose nethash held arbitrary bytes decoded, and its JSON view
// could not be serialized strictly. The nethash alphabet is now checked as for transactions.
TEST(BlockCodec, RefusesANethashOutsideTheAlphabet) {
  for (const std::string& nethash : {std::string("Testnet"), std::string("a\xbb"), std::string("a b")}) {
    block::Block b;
    b.header.nethash = nethash;
    b.header.height = 2;
    block::SealBlock(b, crypto::KeyPairFromPassphrase("generator"));
    auto decoded = block::DecodeBlock(block::EncodeBlock(b));
    ASSERT_FALSE(decoded.ok()) << nethash;
    EXPECT_EQ(decoded.status().code(), util::ErrorCode::kInvalidField);
    EXPECT_FALSE(block::DecodeBlockHeader(block::EncodeBlock(b)).ok());
  }
}
}  // namespace
}  // namespace ddn::kernel
