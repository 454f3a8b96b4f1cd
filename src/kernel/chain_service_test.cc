// ChainService with a fake clock: admission rules of the pool, forging on the owner's slot,
// confirmation of every accepted transaction under concurrent submission, expiry with a reason.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <thread>

#include "chain/tx_codec.h"
#include "chain/tx_rules.h"
#include "chain/tx_signer.h"
#include "crypto/address.h"
#include "kernel/chain_service.h"
#include "kernel/genesis.h"
#include "storage/kv_store.h"

namespace ddn::kernel {
namespace {

constexpr uint64_t kDdn = 100'000'000;
constexpr int64_t kStartMs = (consensus::kEpochUnixSeconds + 100'000'000) * 1000LL;

class ServiceTest : public ::testing::Test {
 protected:
  void Make(bool forging, PoolOptions pool = {}) {
    GenesisSpec spec;
    spec.nethash = "svc00001";
    spec.delegates = 101;
    spec.test_seed = "service";
    genesis_ = *CreateGenesis(spec);
    ChainOptions options;
    options.nethash = spec.nethash;
    options.total_supply = spec.total_supply;
    auto chain = std::make_unique<Chain>(storage::NewMemKvStore(), options);
    ASSERT_TRUE(chain->Open(genesis_.block).ok());
    ServiceOptions so;
    if (forging) so.forging_secrets = genesis_.delegate_secrets;
    so.pool = pool;
    service_ = std::make_unique<ChainService>(std::move(chain), clock_, so);
    faucet_ = crypto::KeyPairFromPassphrase(genesis_.faucet_secret);
  }

  compat::AnyTx Transfer(const crypto::KeyPair& from, const crypto::KeyPair& to, uint64_t amount,
                         uint32_t timestamp_offset = 0) {
    chain::Transaction tx;
    tx.nethash = genesis_.nethash;
    tx.type = chain::TxType::kTransfer;
    tx.timestamp = clock_.NowEpochSeconds() - 5 - timestamp_offset;
    tx.recipient = crypto::AddressHashOf(to.public_key);
    tx.amount = amount;
    chain::SignTransaction(tx, from);
    compat::AnyTx any;
    any.id = chain::TxId(tx);
    any.tx = tx;
    return any;
  }

  uint64_t Balance(const crypto::KeyPair& k) {
    return service_->Read([&](const Chain& c, const TxPool&) {
      return c.GetAccount(crypto::AddressHashOf(k.public_key))->balance;
    });
  }

  // Moves to the next slot and forges.
  void NextBlock() {
    clock_.Advance(10'000);
    auto forged = service_->ForgeIfDue();
    ASSERT_TRUE(forged.ok()) << forged.status().ToString();
    ASSERT_TRUE(*forged);
  }

  FakeClock clock_{kStartMs};
  GenesisOutput genesis_;
  std::unique_ptr<ChainService> service_;
  crypto::KeyPair faucet_;
};

TEST_F(ServiceTest, AdmissionRulesAndConfirmation) {
  Make(/*forging=*/true);
  const auto alice = crypto::KeyPairFromPassphrase("alice");
  const auto bob = crypto::KeyPairFromPassphrase("bob");
  auto fund = Transfer(faucet_, alice, 10 * kDdn);
  auto r = service_->Submit({fund});
  ASSERT_TRUE(r[0].ok()) << r[0].ToString();
  EXPECT_EQ(service_->Submit({fund})[0].code(), util::ErrorCode::kDuplicate);
  NextBlock();
  EXPECT_EQ(Balance(alice), 10 * kDdn);
  EXPECT_EQ(service_->Submit({fund})[0].code(), util::ErrorCode::kAlreadyConfirmed);

  // Double spend: the second spend of the same coins is refused against the pending state.
  auto spend1 = Transfer(alice, bob, 9 * kDdn);
  auto spend2 = Transfer(alice, faucet_, 9 * kDdn);
  auto results = service_->Submit({spend1, spend2});
  EXPECT_TRUE(results[0].ok());
  EXPECT_EQ(results[1].code(), util::ErrorCode::kInsufficientBalance);
  // Bad signature, wrong network, future timestamp.
  auto bad = Transfer(faucet_, bob, kDdn);
  bad.tx.signature[5] ^= 1;
  EXPECT_EQ(service_->Submit({bad})[0].code(), util::ErrorCode::kBadSignature);
  auto other_net = Transfer(faucet_, bob, kDdn);
  other_net.tx.nethash = "othernet";
  EXPECT_EQ(service_->Submit({other_net})[0].code(), util::ErrorCode::kWrongNethash);
  chain::Transaction future = Transfer(faucet_, bob, kDdn).tx;
  future.timestamp = clock_.NowEpochSeconds() + 60;
  chain::SignTransaction(future, faucet_);
  compat::AnyTx future_any{compat::TxFormat::kNative, future, chain::TxId(future), std::nullopt};
  EXPECT_EQ(service_->Submit({future_any})[0].code(), util::ErrorCode::kTimestampInFuture);
  NextBlock();
  EXPECT_EQ(Balance(bob), 9 * kDdn);
  EXPECT_EQ(Balance(alice), 10 * kDdn - 9 * kDdn - kDdn / 10);
}

// The reference caches rejected ids, so a broken copy sent first under the genuine id gets the
// genuine transaction refused. Rejections here are never remembered by id.
TEST_F(ServiceTest, ABadCopyDoesNotGetTheGenuineTransactionRefused) {
  Make(/*forging=*/true);
  const auto bob = crypto::KeyPairFromPassphrase("bob");
  const auto genuine = Transfer(faucet_, bob, kDdn);
  auto copy = genuine;
  copy.tx.signature[0] ^= 1;
  copy.id = genuine.id;  // a relay claiming the genuine id for its broken copy
  EXPECT_EQ(service_->Submit({copy})[0].code(), util::ErrorCode::kBadSignature);
  EXPECT_TRUE(service_->Submit({genuine})[0].ok());
  NextBlock();
  EXPECT_EQ(Balance(bob), kDdn);
}

// Accepted transactions survive a restart of the node (the pool is persisted with each
// submission), and one that cannot be kept is reported as dropped, not forgotten.
TEST(ServicePersistence, PoolSurvivesRestart) {
  const auto dir = std::filesystem::temp_directory_path() / ("ddn_pool_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  GenesisSpec spec;
  spec.nethash = "svc00002";
  spec.delegates = 11;
  spec.test_seed = "persist";
  const GenesisOutput genesis = *CreateGenesis(spec);
  ChainOptions options;
  options.nethash = spec.nethash;
  options.params.delegates = 11;
  options.total_supply = spec.total_supply;
  FakeClock clock(kStartMs);
  auto open = [&](PoolOptions pool) {
    auto chain = std::make_unique<Chain>(std::move(storage::OpenRocksDbStore(dir.string())).value(), options);
    EXPECT_TRUE(chain->Open(genesis.block).ok());
    return std::make_unique<ChainService>(std::move(chain), clock, ServiceOptions{{}, pool, {}});
  };
  const auto faucet = crypto::KeyPairFromPassphrase(genesis.faucet_secret);
  auto transfer = [&](uint64_t amount) {
    chain::Transaction tx;
    tx.nethash = spec.nethash;
    tx.timestamp = clock.NowEpochSeconds() - 1;
    tx.recipient = crypto::AddressHashOf(crypto::KeyPairFromPassphrase("r").public_key);
    tx.amount = amount;
    chain::SignTransaction(tx, faucet);
    return compat::AnyTx{compat::TxFormat::kNative, tx, chain::TxId(tx), std::nullopt};
  };
  const auto kept = transfer(kDdn), expiring = transfer(2 * kDdn);
  {
    auto service = open(PoolOptions{});
    auto results = service->Submit({kept, expiring});
    ASSERT_TRUE(results[0].ok() && results[1].ok());
  }
  clock.Advance(30'000);
  {
    // Same pool limits: both come back.
    auto service = open(PoolOptions{});
    EXPECT_EQ(service->Read([](const Chain&, const TxPool& p) { return p.size(); }), 2u);
  }
  {
    // A pool that keeps transactions only 20 s: both expired while the node was down.
    auto service = open(PoolOptions{.max_transactions = 100, .expiry_seconds = 20});
    ASSERT_TRUE(service->ForgeIfDue().ok());
    service->Read([&](const Chain&, const TxPool& p) {
      EXPECT_EQ(p.size(), 0u);
      const DropRecord* d = p.FindDropped(kept.id);
      EXPECT_TRUE(d && d->reason.code() == util::ErrorCode::kExpired);
      return 0;
    });
  }
  std::filesystem::remove_all(dir);
}

TEST_F(ServiceTest, OnlyTheSlotOwnerForges) {
  Make(/*forging=*/false);
  clock_.Advance(10'000);
  auto forged = service_->ForgeIfDue();
  ASSERT_TRUE(forged.ok());
  EXPECT_FALSE(*forged);
}

TEST_F(ServiceTest, ExpiredTransactionsLeaveWithAReason) {
  Make(/*forging=*/false, PoolOptions{.max_transactions = 10, .expiry_seconds = 60});
  const auto bob = crypto::KeyPairFromPassphrase("bob");
  auto tx = Transfer(faucet_, bob, kDdn);
  ASSERT_TRUE(service_->Submit({tx})[0].ok());
  clock_.Advance(61'000);
  ASSERT_TRUE(service_->ForgeIfDue().ok());
  service_->Read([&](const Chain&, const TxPool& pool) {
    EXPECT_EQ(pool.Find(tx.id), nullptr);
    const DropRecord* d = pool.FindDropped(tx.id);
    EXPECT_NE(d, nullptr);
    if (d) {
      EXPECT_EQ(d->reason.code(), util::ErrorCode::kExpired);
    }
    return 0;
  });
}

// A 2-of-3 group: min 3 counts the owner's own signature, so two members must co-sign.
class MultisigTest : public ServiceTest {
 protected:
  static constexpr uint8_t kLifetimeHours = 1;

  void SetUp() override {
    Make(/*forging=*/true);
    ASSERT_TRUE(service_->Submit({Transfer(faucet_, owner_, 100 * kDdn)})[0].ok());
    NextBlock();
    chain::Transaction reg;
    reg.nethash = genesis_.nethash;
    reg.type = chain::TxType::kMultisignature;
    reg.timestamp = clock_.NowEpochSeconds() - 5;
    reg.asset = chain::MultisignatureAsset{
        3,
        kLifetimeHours,
        {members_[0].public_key, members_[1].public_key, members_[2].public_key}};
    chain::SignTransaction(reg, owner_);
    for (const auto& m : members_) chain::InsertCosignature(reg, chain::Cosign(reg, m));
    auto r = service_->Submit(
        {compat::AnyTx{compat::TxFormat::kNative, reg, chain::TxId(reg), std::nullopt}});
    ASSERT_TRUE(r[0].ok()) << r[0].ToString();
    NextBlock();
  }

  const PoolEntry* Entry(const std::string& id) {
    return service_->Read([&](const Chain&, const TxPool& pool) { return pool.Find(id); });
  }
  std::optional<util::Status> DropReason(const std::string& id) {
    return service_->Read([&](const Chain&, const TxPool& pool) -> std::optional<util::Status> {
      const DropRecord* d = pool.FindDropped(id);
      return d ? std::optional<util::Status>(d->reason) : std::nullopt;
    });
  }

  const crypto::KeyPair owner_ = crypto::KeyPairFromPassphrase("group owner");
  const crypto::KeyPair members_[3] = {crypto::KeyPairFromPassphrase("member one"),
                                       crypto::KeyPairFromPassphrase("member two"),
                                       crypto::KeyPairFromPassphrase("member three")};
  const crypto::KeyPair bob_ = crypto::KeyPairFromPassphrase("bob");
};

TEST_F(MultisigTest, EnoughCosignaturesConfirm) {
  auto tx = Transfer(owner_, bob_, kDdn);
  ASSERT_TRUE(service_->Submit({tx})[0].ok());
  ASSERT_NE(Entry(tx.id), nullptr);
  EXPECT_FALSE(Entry(tx.id)->ready);
  NextBlock();
  EXPECT_EQ(Balance(bob_), 0u);  // waiting: not forged

  // A stranger's signature is refused; a member's counts once.
  const auto stranger = crypto::KeyPairFromPassphrase("stranger");
  EXPECT_EQ(service_->AddCosignature(tx.id, chain::Cosign(tx.tx, stranger)).code(),
            util::ErrorCode::kBadCosignature);
  ASSERT_TRUE(service_->AddCosignature(tx.id, chain::Cosign(tx.tx, members_[0])).ok());
  EXPECT_EQ(service_->AddCosignature(tx.id, chain::Cosign(tx.tx, members_[0])).code(),
            util::ErrorCode::kDuplicate);
  EXPECT_FALSE(Entry(tx.id)->ready);
  NextBlock();
  EXPECT_EQ(Balance(bob_), 0u);

  ASSERT_TRUE(service_->AddCosignature(tx.id, chain::Cosign(tx.tx, members_[2])).ok());
  EXPECT_TRUE(Entry(tx.id)->ready);
  NextBlock();
  EXPECT_EQ(Balance(bob_), kDdn);
  EXPECT_EQ(Entry(tx.id), nullptr);
  EXPECT_EQ(service_->AddCosignature(tx.id, chain::Cosign(tx.tx, members_[1])).code(),
            util::ErrorCode::kNotFound);
}

// A copy of a waiting transaction that carries co-signatures (from a peer that collected them)
// brings the missing ones in; one that brings nothing new stays a duplicate.
TEST_F(MultisigTest, ACopyWithMoreCosignaturesIsMerged) {
  auto tx = Transfer(owner_, bob_, kDdn);
  ASSERT_TRUE(service_->Submit({tx})[0].ok());
  ASSERT_TRUE(service_->AddCosignature(tx.id, chain::Cosign(tx.tx, members_[0])).ok());

  auto foreign = tx;
  chain::InsertCosignature(foreign.tx, chain::Cosign(tx.tx, crypto::KeyPairFromPassphrase("x")));
  EXPECT_EQ(service_->Submit({foreign})[0].code(), util::ErrorCode::kDuplicate);
  EXPECT_EQ(Entry(tx.id)->tx.tx.cosignatures.size(), 1u);

  auto copy = tx;
  chain::InsertCosignature(copy.tx, chain::Cosign(tx.tx, members_[0]));
  EXPECT_EQ(service_->Submit({copy})[0].code(), util::ErrorCode::kDuplicate);  // nothing new
  chain::InsertCosignature(copy.tx, chain::Cosign(tx.tx, members_[1]));
  auto merged = service_->Submit({copy});
  ASSERT_TRUE(merged[0].ok()) << merged[0].ToString();
  ASSERT_NE(Entry(tx.id), nullptr);
  EXPECT_EQ(Entry(tx.id)->tx.tx.cosignatures.size(), 2u);
  EXPECT_TRUE(Entry(tx.id)->ready);
  NextBlock();
  EXPECT_EQ(Balance(bob_), kDdn);
}

TEST_F(MultisigTest, WaitingTransactionExpiresWithTheGroupLifetime) {
  auto tx = Transfer(owner_, bob_, kDdn);
  ASSERT_TRUE(service_->Submit({tx})[0].ok());
  ASSERT_TRUE(service_->AddCosignature(tx.id, chain::Cosign(tx.tx, members_[0])).ok());
  // The lifetime counts from the transaction's timestamp (5 s before submission): just before
  // its end the transaction still waits.
  const int64_t lifetime_ms = kLifetimeHours * 3600 * 1000LL;
  clock_.Advance(lifetime_ms - 10'000);
  ASSERT_TRUE(service_->ForgeIfDue().ok());
  ASSERT_NE(Entry(tx.id), nullptr);
  EXPECT_FALSE(DropReason(tx.id).has_value());

  clock_.Advance(10'000);
  ASSERT_TRUE(service_->ForgeIfDue().ok());
  EXPECT_EQ(Entry(tx.id), nullptr);
  auto reason = DropReason(tx.id);
  ASSERT_TRUE(reason.has_value());
  EXPECT_EQ(reason->code(), util::ErrorCode::kExpired);
  EXPECT_NE(reason->message().find("lifetime"), std::string::npos) << reason->message();

  // A late co-signature is refused with the reason; the funds never moved.
  auto late = service_->AddCosignature(tx.id, chain::Cosign(tx.tx, members_[1]));
  EXPECT_EQ(late.code(), util::ErrorCode::kExpired) << late.ToString();
  NextBlock();
  EXPECT_EQ(Balance(bob_), 0u);
}

TEST_F(MultisigTest, LateCosignatureIsRefusedEvenBeforeThePoolIsSwept) {
  auto tx = Transfer(owner_, bob_, kDdn);
  ASSERT_TRUE(service_->Submit({tx})[0].ok());
  ASSERT_TRUE(service_->AddCosignature(tx.id, chain::Cosign(tx.tx, members_[0])).ok());
  clock_.Advance(kLifetimeHours * 3600 * 1000LL);  // no forging in between
  EXPECT_EQ(service_->AddCosignature(tx.id, chain::Cosign(tx.tx, members_[1])).code(),
            util::ErrorCode::kExpired);
  // A transaction whose group lifetime already ended is not admitted either.
  auto stale = Transfer(owner_, bob_, 2 * kDdn, /*timestamp_offset=*/kLifetimeHours * 3600);
  EXPECT_EQ(service_->Submit({stale})[0].code(), util::ErrorCode::kExpired);
  NextBlock();
  EXPECT_EQ(Balance(bob_), 0u);
}

TEST_F(ServiceTest, PoolLimitRefusesWithAReason) {
  Make(/*forging=*/false, PoolOptions{.max_transactions = 3});
  std::vector<compat::AnyTx> txs;
  for (int i = 0; i < 4; ++i) {
    txs.push_back(Transfer(faucet_, crypto::KeyPairFromPassphrase("r" + std::to_string(i)), kDdn));
  }
  auto results = service_->Submit(txs);
  EXPECT_TRUE(results[0].ok() && results[1].ok() && results[2].ok());
  EXPECT_EQ(results[3].code(), util::ErrorCode::kPoolFull);
}

TEST_F(ServiceTest, EveryAcceptedTransactionIsConfirmedUnderConcurrentLoad) {
  Make(/*forging=*/true);
  // Fund 4 senders, then each submits 300 transfers in batches while blocks are forged.
  std::vector<crypto::KeyPair> senders;
  std::vector<compat::AnyTx> funding;
  for (int i = 0; i < 4; ++i) {
    senders.push_back(crypto::KeyPairFromPassphrase("sender " + std::to_string(i)));
    funding.push_back(Transfer(faucet_, senders.back(), 1000 * kDdn));
  }
  for (const auto& s : service_->Submit(funding)) ASSERT_TRUE(s.ok());
  NextBlock();
  std::atomic<int> accepted{0};
  std::vector<std::string> ids[4];
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c) {
    clients.emplace_back([&, c] {
      for (int batch = 0; batch < 6; ++batch) {
        std::vector<compat::AnyTx> txs;
        for (int i = 0; i < 50; ++i) {
          txs.push_back(Transfer(senders[c], faucet_, 1 + batch * 50 + i));
        }
        auto results = service_->Submit(txs);
        for (size_t i = 0; i < txs.size(); ++i) {
          if (results[i].ok()) {
            ++accepted;
            ids[c].push_back(txs[i].id);
          }
        }
      }
    });
  }
  // Forge while the clients submit.
  std::thread forger([&] {
    for (int i = 0; i < 3; ++i) NextBlock();
  });
  for (auto& t : clients) t.join();
  forger.join();
  EXPECT_EQ(accepted.load(), 4 * 300);
  for (int i = 0; i < 4 && service_->Read([](const Chain&, const TxPool& p) { return p.size(); }); ++i) {
    NextBlock();
  }
  service_->Read([&](const Chain& chain, const TxPool& pool) {
    EXPECT_EQ(pool.size(), 0u);
    for (const auto& list : ids) {
      for (const auto& id : list) {
        auto loc = chain.FindTransaction(*util::FromHexFixed<32>(id));
        EXPECT_TRUE(loc.ok() && loc->has_value()) << id;
      }
    }
    return 0;
  });
  EXPECT_EQ(service_->Read([](const Chain&, const TxPool& p) { return p.dropped_total(); }), 0u);
}

}  // namespace
}  // namespace ddn::kernel
