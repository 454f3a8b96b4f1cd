// Evidence (type 20): codec round trips, refusal of non-canonical, overlong and incomplete
// input, and the state rules on the in-process chain (uniqueness, rollback).
#include "assets/evidence/evidence.h"

#include <gtest/gtest.h>

#include "assets/registry.h"
#include "chain/tx_codec.h"
#include "chain/tx_json.h"
#include "chain/tx_rules.h"
#include "chain/tx_signer.h"
#include "chain_fixture.h"
#include "crypto/address.h"

namespace ddn::assets::evidence {
namespace {

using util::ErrorCode;

Evidence Sample() {
  Evidence e;
  e.short_hash = "9f86d0818";
  e.hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  e.author = "alice";
  e.type = "txt";
  e.title = "Notes, été 📄";
  e.tags = "a,b";
  return e;
}

chain::Transaction Signed(const Evidence& e) {
  RegisterAll();
  chain::Transaction tx = MakeTransaction(e);
  tx.nethash = "0ab796cd";
  tx.timestamp = 1000;
  chain::SignTransaction(tx, crypto::KeyPairFromPassphrase("evidence test"));
  return tx;
}

TEST(Evidence, BinaryAndJsonRoundTrip) {
  const chain::Transaction tx = Signed(Sample());
  const util::Bytes bytes = chain::EncodeTransaction(tx);
  auto decoded = chain::DecodeTransaction(bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, tx);
  const codec::Json json = chain::TxToJson(tx);
  EXPECT_EQ(json["type"], 20);
  EXPECT_EQ(json["fee"], "10000000");
  EXPECT_EQ(json["asset"]["evidence"]["hash"], Sample().hash);
  EXPECT_FALSE(json["asset"]["evidence"].contains("description"));  // empty: omitted
  auto from_json = chain::TxFromJson(json);
  ASSERT_TRUE(from_json.ok()) << from_json.status().ToString();
  EXPECT_EQ(*from_json, tx);
}

TEST(Evidence, EveryFieldIsSigned) {
  const chain::Transaction tx = Signed(Sample());
  // Moving characters between adjacent free-text fields changes the body (lengths are encoded).
  Evidence moved = Sample();
  moved.title = "Notes, ét";
  moved.description = "é 📄";
  chain::Transaction other = tx;
  other.asset = chain::RegisteredAsset{kType, std::make_shared<Evidence>(moved)};
  EXPECT_NE(chain::TxSignDigest(other), chain::TxSignDigest(tx));
  EXPECT_FALSE(chain::VerifyTxSignatures(other).ok());
}

TEST(Evidence, RefusesMissingOverlongAndNonCanonical) {
  RegisterAll();
  codec::Json json = chain::TxToJson(Signed(Sample()));
  {
    codec::Json j = json;
    j["asset"]["evidence"].erase("hash");
    auto r = chain::TxFromJson(j);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), ErrorCode::kMissingField);
  }
  {
    codec::Json j = json;
    j["asset"]["evidence"]["description"] = "";
    EXPECT_EQ(chain::TxFromJson(j).status().code(), ErrorCode::kNonCanonical);
  }
  {
    codec::Json j = json;
    j["asset"]["evidence"]["color"] = "red";
    EXPECT_EQ(chain::TxFromJson(j).status().code(), ErrorCode::kUnknownField);
  }
  {
    Evidence e = Sample();
    e.title = std::string(257, 'x');
    EXPECT_EQ(chain::CheckTxFields(Signed(e)).code(), ErrorCode::kInvalidField);
    e.title = std::string(256, 'x');
    EXPECT_TRUE(chain::CheckTxFields(Signed(e)).ok());
    e.title = std::string(256, 'x') + "é";  // 257 code points
    EXPECT_EQ(chain::CheckTxFields(Signed(e)).code(), ErrorCode::kInvalidField);
  }
  {
    Evidence e = Sample();
    e.hash.clear();
    const util::Bytes bytes = chain::EncodeTransaction(Signed(e));
    EXPECT_EQ(chain::DecodeTransaction(bytes).status().code(), ErrorCode::kMissingField);
  }
  {
    Evidence e = Sample();
    e.short_hash = "has space";
    EXPECT_EQ(chain::CheckTxFields(Signed(e)).code(), ErrorCode::kInvalidField);
  }
  {
    // Trailing bytes and a truncated payload.
    util::Bytes bytes = chain::EncodeTransaction(Signed(Sample()));
    bytes.push_back(0);
    EXPECT_EQ(chain::DecodeTransaction(bytes).status().code(), ErrorCode::kNonCanonical);
    bytes.resize(bytes.size() - 80);
    EXPECT_FALSE(chain::DecodeTransaction(bytes).ok());
  }
  {
    chain::Transaction tx = Signed(Sample());
    tx.fee = 1;
    EXPECT_EQ(chain::CheckTxFields(tx).code(), ErrorCode::kWrongFee);
    tx = Signed(Sample());
    tx.amount = 5;
    EXPECT_EQ(chain::CheckTxFields(tx).code(), ErrorCode::kInvalidField);
  }
}

TEST(Evidence, RegistersOnceAndRollsBackExactly) {
  testing::ChainFixture f(3);
  const auto owner = crypto::KeyPairFromPassphrase("evidence owner");
  const auto owner_address = crypto::AddressHashOf(owner.public_key);
  ASSERT_TRUE(f.ProduceBlock({f.Transfer(f.faucet(), owner_address, 100'000'000)}).ok());
  const auto before = f.Snapshot();

  auto first = f.Sign(MakeTransaction(Sample()), owner);
  auto block = f.ProduceBlock({first});
  ASSERT_TRUE(block.ok()) << block.status().ToString();
  auto record = FindByHash(f.chain().db(), Sample().hash);
  ASSERT_TRUE(record.ok());
  ASSERT_TRUE(record->has_value());
  EXPECT_EQ((*record)->owner, owner_address);
  EXPECT_EQ((*record)->height, f.chain().tip().height);
  EXPECT_EQ(util::ToHex((*record)->tx_id), first.id);
  EXPECT_EQ((*record)->evidence, Sample());
  auto by_id = FindByShortId(f.chain().db(), Sample().short_hash);
  ASSERT_TRUE(by_id.ok() && by_id->has_value());
  EXPECT_EQ(**by_id, **record);
  auto account = f.chain().GetAccount(owner_address);
  ASSERT_TRUE(account.ok());
  EXPECT_EQ(account->balance, 100'000'000 - kFee);

  // The same hash under another short id, and the same short id with another hash: refused,
  // and nothing changes.
  const auto after = f.Snapshot();
  Evidence same_hash = Sample();
  same_hash.short_hash = "other";
  auto refused = f.ProduceBlock({f.Sign(MakeTransaction(same_hash), owner)});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kStateRule);
  Evidence same_id = Sample();
  same_id.hash = "another";
  refused = f.ProduceBlock({f.Sign(MakeTransaction(same_id), f.faucet())});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kStateRule);
  EXPECT_TRUE(f.Snapshot() == after);

  ASSERT_TRUE(f.chain().RollBackTip().ok());
  EXPECT_TRUE(f.Snapshot() == before);
  auto gone = FindByHash(f.chain().db(), Sample().hash);
  ASSERT_TRUE(gone.ok());
  EXPECT_FALSE(gone->has_value());
}

TEST(Evidence, RecordCodecRoundTrip) {
  Record r;
  r.tx_id[0] = 7;
  r.height = 42;
  r.owner[19] = 9;
  r.evidence = Sample();
  auto decoded = DecodeRecord(EncodeRecord(r));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, r);
  EXPECT_FALSE(DecodeRecord(EncodeRecord(r) + "x").ok());
}

}  // namespace
}  // namespace ddn::assets::evidence
