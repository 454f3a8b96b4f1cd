// Lock (type 100): codec, and the lock's effect on the in-process chain (transfers refused up
// to the lock height, accepted after it; only extensions; exact rollback).
#include "assets/lock/lock.h"

#include <gtest/gtest.h>

#include "assets/registry.h"
#include "chain/tx_codec.h"
#include "chain/tx_json.h"
#include "chain/tx_rules.h"
#include "chain/tx_signer.h"
#include "chain_fixture.h"
#include "crypto/address.h"
#include "state/keys.h"

namespace ddn::assets::lock {
namespace {

using util::ErrorCode;

chain::Transaction Signed(uint64_t height) {
  RegisterAll();
  chain::Transaction tx = MakeTransaction(height);
  tx.nethash = "0ab796cd";
  tx.timestamp = 5;
  chain::SignTransaction(tx, crypto::KeyPairFromPassphrase("lock test"));
  return tx;
}

TEST(Lock, CodecRoundTripAndLimits) {
  const chain::Transaction tx = Signed(1234);
  auto decoded = chain::DecodeTransaction(chain::EncodeTransaction(tx));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, tx);
  codec::Json json = chain::TxToJson(tx);
  EXPECT_EQ(json["asset"], (codec::Json{{"lock", {{"height", 1234}}}}));
  auto back = chain::TxFromJson(json);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, tx);

  json["asset"]["lock"]["height"] = "1234";
  EXPECT_EQ(chain::TxFromJson(json).status().code(), ErrorCode::kInvalidField);
  json["asset"]["lock"] = codec::Json::object();
  EXPECT_EQ(chain::TxFromJson(json).status().code(), ErrorCode::kMissingField);
  json["asset"] = {{"lock", {{"height", 1}}}, {"extra", 1}};
  EXPECT_EQ(chain::TxFromJson(json).status().code(), ErrorCode::kUnknownField);
  EXPECT_EQ(chain::CheckTxFields(Signed(0)).code(), ErrorCode::kInvalidField);
  EXPECT_EQ(chain::CheckTxFields(Signed(kMaxLockHeight + 1)).code(), ErrorCode::kInvalidField);
  EXPECT_TRUE(chain::CheckTxFields(Signed(kMaxLockHeight)).ok());
}

TEST(Lock, RefusesTransfersUntilTheHeightPasses) {
  testing::ChainFixture f(21);  // enough delegates that no block here becomes irreversible
  const auto owner = crypto::KeyPairFromPassphrase("lock owner");
  const auto owner_address = crypto::AddressHashOf(owner.public_key);
  const auto other = crypto::AddressHashOf(crypto::KeyPairFromPassphrase("other").public_key);
  ASSERT_TRUE(f.ProduceBlock({f.Transfer(f.faucet(), owner_address, 500'000'000)}).ok());
  const auto before = f.Snapshot();

  // Not above the height of its own block: refused.
  const uint64_t next = f.chain().tip().height + 1;
  auto refused = f.ProduceBlock({f.Sign(MakeTransaction(next), owner)});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kStateRule);

  const uint64_t until = next + 2;
  ASSERT_TRUE(f.ProduceBlock({f.Sign(MakeTransaction(until), owner)}).ok());
  const auto locked = f.Snapshot();
  // Shortening (or repeating) the lock is refused; other types still work.
  refused = f.ProduceBlock({f.Sign(MakeTransaction(until), owner)});
  EXPECT_EQ(refused.status().code(), ErrorCode::kStateRule);
  // Heights next+1 and next+2 are locked.
  while (f.chain().tip().height < until) {
    refused = f.ProduceBlock({f.Transfer(owner, other, 1)});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.status().code(), ErrorCode::kAccountLocked);
    ASSERT_TRUE(f.ProduceBlock().ok());
  }
  // Incoming funds are not affected.
  ASSERT_TRUE(f.ProduceBlock({f.Transfer(f.faucet(), owner_address, 1)}).ok());
  ASSERT_TRUE(f.ProduceBlock({f.Transfer(owner, other, 1)}).ok());

  // Rolling everything back restores the state exactly, lock record included.
  while (f.chain().tip().height > next) ASSERT_TRUE(f.chain().RollBackTip().ok());
  EXPECT_TRUE(f.Snapshot() == locked);
  ASSERT_TRUE(f.chain().RollBackTip().ok());
  EXPECT_TRUE(f.Snapshot() == before);
  auto lock_record = f.chain().db().Read(state::keys::AccountLock(owner_address));
  ASSERT_TRUE(lock_record.ok());
  EXPECT_FALSE(lock_record->has_value());
}

TEST(Lock, CanBeExtended) {
  testing::ChainFixture f(3);
  const auto owner = crypto::KeyPairFromPassphrase("lock owner");
  const auto owner_address = crypto::AddressHashOf(owner.public_key);
  ASSERT_TRUE(f.ProduceBlock({f.Transfer(f.faucet(), owner_address, 500'000'000)}).ok());
  const uint64_t h = f.chain().tip().height;
  ASSERT_TRUE(f.ProduceBlock({f.Sign(MakeTransaction(h + 5), owner)}).ok());
  ASSERT_TRUE(f.ProduceBlock({f.Sign(MakeTransaction(h + 9), owner)}).ok());
  auto refused = f.ProduceBlock({f.Sign(MakeTransaction(h + 7), owner)});
  EXPECT_EQ(refused.status().code(), ErrorCode::kStateRule);
}

// A registered type that moves funds (as AOB transfers will) is blocked by the lock like a
// transfer. The test type lives only in this binary; id 250 is not assigned.
namespace moving {

constexpr uint8_t kTestType = 250;

struct Payment final : chain::AssetPayload {
  std::string memo;
  void Encode(codec::ByteWriter& w) const override { w.String(memo); }
  codec::Json ToJson() const override { return codec::Json{{"memo", memo}}; }
  bool Equals(const chain::AssetPayload& other) const override {
    const auto* p = dynamic_cast<const Payment*>(&other);
    return p != nullptr && p->memo == memo;
  }
};

chain::AssetPayloadPtr Decode(codec::ByteReader& r) {
  auto p = std::make_shared<Payment>();
  p->memo = r.String(64, "memo");
  return p;
}
util::Result<chain::AssetPayloadPtr> FromJson(const codec::Json& v) {
  codec::JsonObjectReader r(v, "asset.payment");
  r.Only({"memo"});
  auto p = std::make_shared<Payment>();
  p->memo = r.String("memo");
  if (!r.ok()) return r.status();
  return chain::AssetPayloadPtr(std::move(p));
}
util::Status Check(const chain::Transaction&, const chain::AssetPayload&) {
  return util::Status::Ok();
}
uint64_t Fee(const chain::AssetPayload&) { return 1; }

class Rules final : public state::AssetRules {
 public:
  util::Status Verify(const state::Ledger&, const compat::AnyTx&,
                      const state::ApplyContext&) const override {
    return util::Status::Ok();
  }
  util::Status Apply(state::Ledger& ledger, const compat::AnyTx& any,
                     const state::ApplyContext&) const override {
    return ledger.Credit(*any.tx.recipient, any.tx.amount);
  }
  bool MovesFunds() const override { return true; }
};

void Register() {
  static const Rules rules;
  static bool done = chain::RegisterAssetType({.id = kTestType,
                                               .name = "test-payment",
                                               .json_key = "payment",
                                               .has_recipient = true,
                                               .has_amount = true,
                                               .decode = &Decode,
                                               .from_json = &FromJson,
                                               .check = &Check,
                                               .fee = &Fee}) &&
                     state::RegisterAssetRules(kTestType, &rules);
  ASSERT_TRUE(done);
}

TEST(Lock, BlocksRegisteredTypesThatMoveFunds) {
  Register();
  testing::ChainFixture f(21);
  const auto owner = crypto::KeyPairFromPassphrase("lock owner");
  const auto owner_address = crypto::AddressHashOf(owner.public_key);
  const auto other = crypto::AddressHashOf(crypto::KeyPairFromPassphrase("other").public_key);
  ASSERT_TRUE(f.ProduceBlock({f.Transfer(f.faucet(), owner_address, 500'000'000)}).ok());
  auto payment = [&] {
    chain::Transaction tx;
    tx.type = static_cast<chain::TxType>(kTestType);
    tx.recipient = other;
    tx.amount = 7;
    tx.fee = 1;
    auto p = std::make_shared<Payment>();
    p->memo = "m" + std::to_string(f.chain().tip().height);
    tx.asset = chain::RegisteredAsset{kTestType, std::move(p)};
    return f.Sign(std::move(tx), owner);
  };
  // The plug-in path end to end: JSON and binary round trips of the test type.
  const auto sample = payment();
  auto decoded = chain::DecodeTransaction(chain::EncodeTransaction(sample.tx));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, sample.tx);
  auto from_json = chain::TxFromJson(chain::TxToJson(sample.tx));
  ASSERT_TRUE(from_json.ok()) << from_json.status().ToString();
  EXPECT_EQ(*from_json, sample.tx);
  EXPECT_EQ(chain::TxToJson(sample.tx)["recipientId"], crypto::AddressFromHash(other));

  ASSERT_TRUE(f.ProduceBlock({payment()}).ok());
  const uint64_t until = f.chain().tip().height + 2;
  ASSERT_TRUE(f.ProduceBlock({f.Sign(MakeTransaction(until), owner)}).ok());
  auto refused = f.ProduceBlock({payment()});
  EXPECT_EQ(refused.status().code(), ErrorCode::kAccountLocked);
  ASSERT_TRUE(f.ProduceBlock().ok());
  ASSERT_TRUE(f.ProduceBlock({payment()}).ok());
  auto account = f.chain().GetAccount(other);
  ASSERT_TRUE(account.ok());
  EXPECT_EQ(account->balance, 14u);
}

}  // namespace moving
}  // namespace
}  // namespace ddn::assets::lock
