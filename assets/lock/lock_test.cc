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

}  // namespace
}  // namespace ddn::assets::lock
