// Finality and fork handling of the kernel: irreversible height, blocks received from peers,
// same-height and longer forks resolved by the fork choice, restoration after a bad fork,
// transactions of rolled-back blocks returned to the pool.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "chain/tx_codec.h"
#include "chain/tx_signer.h"
#include "crypto/address.h"
#include "kernel/chain_service.h"
#include "kernel/fork_choice.h"
#include "kernel/genesis.h"
#include "state/keys.h"
#include "storage/kv_store.h"
#include "chain_fixture.h"

namespace ddn::kernel {
namespace {

constexpr uint64_t kDdn = 100'000'000;
constexpr int64_t kStartMs = (consensus::kEpochUnixSeconds + 100'000'000) * 1000LL;

TEST(Finality, BlocksBecomeIrreversibleAndAreNeverRolledBack) {
  testing::ChainFixture f;
  EXPECT_EQ(f.chain().FinalityThreshold(), 68u);
  EXPECT_EQ(f.chain().irreversible_height(), 1u);
  ASSERT_TRUE(f.ProduceBlocks(66).ok());
  EXPECT_EQ(f.chain().irreversible_height(), 1u) << "67 distinct builders are not enough";
  ASSERT_TRUE(f.ProduceBlocks(150).ok());
  const uint64_t irreversible = f.chain().irreversible_height();
  // Within one round every block has its own generator, so 68 blocks on top suffice.
  EXPECT_GE(irreversible, f.chain().tip().height - 80);
  EXPECT_LE(irreversible, f.chain().tip().height - 68);
  while (f.chain().tip().height > irreversible) ASSERT_TRUE(f.chain().RollBackTip().ok());
  auto refused = f.chain().RollBackTip();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), util::ErrorCode::kBelowIrreversible);
  EXPECT_EQ(f.chain().irreversible_height(), irreversible) << "rollback never lowers finality";
}

TEST(Finality, SurvivesReopeningTheStore) {
  const auto dir = std::filesystem::temp_directory_path() / ("ddn_final_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  uint64_t irreversible = 0, height = 0;
  ChainOptions options;
  block::Block genesis;
  {
    testing::ChainFixture f(101, {}, std::move(storage::OpenRocksDbStore(dir.string())).value());
    ASSERT_TRUE(f.ProduceBlocks(120).ok());
    irreversible = f.chain().irreversible_height();
    height = f.chain().tip().height;
    options = f.chain().options();
    genesis = f.genesis().block;
  }
  ASSERT_GT(irreversible, 1u);
  Chain reopened(std::move(storage::OpenRocksDbStore(dir.string())).value(), options);
  ASSERT_TRUE(reopened.Open(genesis).ok());
  EXPECT_EQ(reopened.irreversible_height(), irreversible);
  while (reopened.tip().height > irreversible) ASSERT_TRUE(reopened.RollBackTip().ok());
  EXPECT_EQ(reopened.RollBackTip().status().code(), util::ErrorCode::kBelowIrreversible);
  EXPECT_LT(irreversible, height);
  std::filesystem::remove_all(dir);
}

TEST(Chain, RefusesADataDirectoryOfAnotherStoreFormat) {
  const auto dir = std::filesystem::temp_directory_path() / ("ddn_format_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  ChainOptions options;
  block::Block genesis;
  {
    testing::ChainFixture f(101, {}, std::move(storage::OpenRocksDbStore(dir.string())).value());
    ASSERT_TRUE(f.ProduceBlocks(2).ok());
    options = f.chain().options();
    genesis = f.genesis().block;
    // What a node of store format 1 left behind: no format record.
    storage::WriteBatch old;
    old.Delete(state::keys::StoreFormat());
    ASSERT_TRUE(f.chain().mutable_db().WriteAux(old).ok());
  }
  Chain reopened(std::move(storage::OpenRocksDbStore(dir.string())).value(), options);
  const util::Status s = reopened.Open(genesis);
  EXPECT_EQ(s.code(), util::ErrorCode::kInvalidField);
  EXPECT_NE(s.message().find("store format 1"), std::string::npos) << s.message();
  std::filesystem::remove_all(dir);
}

TEST(ForkChoice, OrdersTipsByHeightThenSlotThenId) {
  chain::Hash256 low{}, high{};
  high[0] = 1;
  EXPECT_TRUE(IsBetterTip({10, 100, high}, {9, 50, low}));
  EXPECT_TRUE(IsBetterTip({10, 100, high}, {10, 110, low}));
  EXPECT_TRUE(IsBetterTip({10, 100, low}, {10, 100, high}));
  EXPECT_FALSE(IsBetterTip({10, 100, low}, {10, 100, low}));
}

// Two nodes (services on their own clocks and stores) with the same genesis, all delegates local
// to both, so each can forge any slot.
class TwoNodes : public ::testing::Test {
 protected:
  void SetUp() override {
    GenesisSpec spec;
    spec.nethash = "fork0001";
    spec.test_seed = "fork";
    genesis_ = *CreateGenesis(spec);
    a_ = Make(clock_a_);
    b_ = Make(clock_b_);
    faucet_ = crypto::KeyPairFromPassphrase(genesis_.faucet_secret);
  }

  std::unique_ptr<ChainService> Make(const Clock& clock) {
    ChainOptions options;
    options.nethash = genesis_.nethash;
    options.total_supply = GenesisSpec{}.total_supply;
    auto chain = std::make_unique<Chain>(storage::NewMemKvStore(), options);
    EXPECT_TRUE(chain->Open(genesis_.block).ok());
    ServiceOptions so;
    so.forging_secrets = genesis_.delegate_secrets;
    return std::make_unique<ChainService>(std::move(chain), clock, so);
  }

  // Advances `clock` by `slots` and forges on `node`.
  block::Block Forge(ChainService& node, FakeClock& clock, int slots = 1) {
    clock.Advance(10'000LL * slots);
    auto forged = node.ForgeIfDue();
    EXPECT_TRUE(forged.ok() && *forged);
    return Tip(node);
  }

  static block::Block Tip(const ChainService& node) {
    return node.Read([](const Chain& c, const TxPool&) { return **c.BlockAt(c.tip().height); });
  }
  static state::Tip TipOf(const ChainService& node) {
    return node.Read([](const Chain& c, const TxPool&) { return c.tip(); });
  }

  compat::AnyTx Transfer(uint64_t amount, uint32_t now) {
    chain::Transaction tx;
    tx.nethash = genesis_.nethash;
    tx.type = chain::TxType::kTransfer;
    tx.timestamp = now - 5;
    tx.recipient = crypto::AddressHashOf(crypto::KeyPairFromPassphrase("carol").public_key);
    tx.amount = amount;
    chain::SignTransaction(tx, faucet_);
    return compat::AnyTx{compat::TxFormat::kNative, tx, chain::TxId(tx), std::nullopt};
  }

  GenesisOutput genesis_;
  FakeClock clock_a_{kStartMs};
  FakeClock clock_b_{kStartMs};
  std::unique_ptr<ChainService> a_, b_;
  crypto::KeyPair faucet_;
};

TEST_F(TwoNodes, ReceivesBlocksAndResolvesSameHeightForks) {
  const block::Block first = Forge(*a_, clock_a_);
  clock_b_.Set(clock_a_.NowUnixMs());
  EXPECT_EQ(*b_->ReceiveBlock(first), BlockOutcome::kApplied);
  EXPECT_EQ(*b_->ReceiveBlock(first), BlockOutcome::kKnown);
  // Same parent, same height: A forges in the next slot, B in the one after. A's is better.
  const block::Block a2 = Forge(*a_, clock_a_, 1);
  const block::Block b2 = Forge(*b_, clock_b_, 2);
  EXPECT_EQ(*a_->ReceiveBlock(b2), BlockOutcome::kIgnored);
  EXPECT_EQ(*b_->ReceiveBlock(a2), BlockOutcome::kSwitched);
  EXPECT_EQ(TipOf(*b_), TipOf(*a_));
  // A block that does not connect: the receiver must sync.
  clock_a_.Set(clock_b_.NowUnixMs());
  Forge(*a_, clock_a_);
  const block::Block ahead = Forge(*a_, clock_a_);
  EXPECT_EQ(*b_->ReceiveBlock(ahead), BlockOutcome::kBehind);
  // A forged signature is refused and changes nothing.
  block::Block forged = Forge(*a_, clock_a_);
  forged.signature[3] ^= 1;
  const state::Tip before = TipOf(*b_);
  auto bad = b_->ReceiveBlock(forged);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), util::ErrorCode::kBadSignature);
  EXPECT_EQ(TipOf(*b_), before);
}

TEST_F(TwoNodes, SwitchesToALongerForkAndReturnsItsTransactionsToThePool) {
  const block::Block common = Forge(*a_, clock_a_);
  clock_b_.Set(clock_a_.NowUnixMs());
  ASSERT_EQ(*b_->ReceiveBlock(common), BlockOutcome::kApplied);
  // B confirms a transaction on a short fork; A builds a longer one without it.
  const compat::AnyTx tx = Transfer(3 * kDdn, clock_b_.NowEpochSeconds());
  ASSERT_TRUE(b_->Submit({tx})[0].ok());
  const block::Block b1 = Forge(*b_, clock_b_);
  ASSERT_EQ(b1.transactions.size(), 1u);
  Forge(*b_, clock_b_);
  std::vector<block::Block> longer;
  for (int i = 0; i < 3; ++i) longer.push_back(Forge(*a_, clock_a_));
  const chain::Hash256 common_id = block::BlockIdHash(common);
  clock_b_.Set(clock_a_.NowUnixMs());

  // A worse chain changes nothing.
  auto worse = a_->SwitchFork(common.header.height, common_id, {b1});
  ASSERT_TRUE(worse.ok()) << worse.status().ToString();
  EXPECT_FALSE(*worse);
  // A failing block in the new branch restores B's own chain.
  const state::Tip b_tip = TipOf(*b_);
  std::vector<block::Block> broken = longer;
  broken[2].header.reward += 1;
  block::SealBlock(broken[2], crypto::KeyPairFromPassphrase(genesis_.delegate_secrets[0]));
  EXPECT_FALSE(b_->SwitchFork(common.header.height, common_id, broken).ok());
  EXPECT_EQ(TipOf(*b_), b_tip);

  auto switched = b_->SwitchFork(common.header.height, common_id, longer);
  ASSERT_TRUE(switched.ok()) << switched.status().ToString();
  ASSERT_TRUE(*switched);
  EXPECT_EQ(TipOf(*b_), TipOf(*a_));
  const bool back_in_pool =
      b_->Read([&](const Chain&, const TxPool& pool) { return pool.Find(tx.id) != nullptr; });
  EXPECT_TRUE(back_in_pool) << "the rolled-back transaction is pending again";
  // And B's next block confirms it.
  const block::Block next = Forge(*b_, clock_b_);
  ASSERT_EQ(next.transactions.size(), 1u);
  EXPECT_EQ(next.transactions[0].id, tx.id);
}

TEST_F(TwoNodes, SyncsInBatchesAndRefusesForksBelowFinality) {
  std::vector<block::Block> chain;
  for (int i = 0; i < 150; ++i) chain.push_back(Forge(*a_, clock_a_));
  clock_b_.Set(clock_a_.NowUnixMs());
  auto synced = b_->ApplySynced({chain.begin(), chain.begin() + 100});
  ASSERT_TRUE(synced.status.ok()) << synced.status.ToString();
  EXPECT_EQ(synced.applied, 100u);
  // A batch that does not continue the tip stops at once.
  auto gap = b_->ApplySynced({chain.begin() + 120, chain.end()});
  EXPECT_EQ(gap.applied, 0u);
  EXPECT_FALSE(gap.status.ok());
  synced = b_->ApplySynced({chain.begin() + 100, chain.end()});
  ASSERT_TRUE(synced.status.ok());
  EXPECT_EQ(TipOf(*b_), TipOf(*a_));
  const uint64_t irreversible = b_->Read([](const Chain& c, const TxPool&) { return c.irreversible_height(); });
  ASSERT_GT(irreversible, 2u);
  // A longer fork from below the irreversible block is refused.
  const block::Block genesis_child = chain.front();
  std::vector<block::Block> deep;
  auto other = Make(clock_a_);
  ASSERT_EQ(*other->ReceiveBlock(genesis_child), BlockOutcome::kApplied);
  for (int i = 0; i < 160; ++i) deep.push_back(Forge(*other, clock_a_));
  auto refused = b_->SwitchFork(2, block::BlockIdHash(genesis_child), deep);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), util::ErrorCode::kBelowIrreversible);
}

}  // namespace
}  // namespace ddn::kernel
