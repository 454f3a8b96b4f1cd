// AOB (types 60–65): codec round trips, refusal of non-canonical, overlong and incomplete input,
// and the state rules on the in-process chain: issuer and asset registration, issue up to the
// maximum, transfers, ACL and flags, every refusal changing nothing, and exact rollback.
#include "assets/aob/aob.h"

#include <gtest/gtest.h>

#include "assets/lock/lock.h"
#include "assets/registry.h"
#include "chain/tx_codec.h"
#include "chain/tx_json.h"
#include "chain/tx_rules.h"
#include "chain/tx_signer.h"
#include "chain_fixture.h"
#include "crypto/address.h"

namespace ddn::assets::aob {
namespace {

using util::ErrorCode;

Issuer IssuerOf(std::string name, std::string desc) {
  Issuer i;
  i.name = std::move(name);
  i.desc = std::move(desc);
  return i;
}
Issuer SampleIssuer() { return IssuerOf("Acme", "Acme Corp. — été 📄"); }
Flags FlagsOf(std::string currency, uint8_t flag_type, uint8_t flag) {
  Flags p;
  p.currency = std::move(currency);
  p.flag_type = flag_type;
  p.flag = flag;
  return p;
}
Acl AclOf(std::string currency, uint8_t flag, bool add, std::vector<chain::AddressHash> list) {
  Acl p;
  p.currency = std::move(currency);
  p.flag = flag;
  p.add = add;
  p.list = std::move(list);
  return p;
}
Issue IssueOf(std::string currency, uint64_t amount) {
  Issue p;
  p.currency = std::move(currency);
  p.amount = amount;
  return p;
}
Transfer TransferOf(std::string currency, uint64_t amount, std::string content = "") {
  Transfer p;
  p.currency = std::move(currency);
  p.amount = amount;
  p.content = std::move(content);
  return p;
}

Asset SampleAsset() {
  Asset a;
  a.name = "Acme.GOLD";
  a.desc = "gold units";
  a.maximum = 1'000'000;
  a.precision = 2;
  a.strategy = "";
  a.allow_writeoff = true;
  a.allow_whitelist = true;
  a.allow_blacklist = true;
  return a;
}

chain::AddressHash AddressOf(const std::string& passphrase) {
  return crypto::AddressHashOf(crypto::KeyPairFromPassphrase(passphrase).public_key);
}

chain::Transaction Signed(chain::Transaction tx) {
  RegisterAll();
  tx.nethash = "0ab796cd";
  tx.timestamp = 1000;
  chain::SignTransaction(tx, crypto::KeyPairFromPassphrase("aob test"));
  return tx;
}

std::vector<chain::Transaction> OneOfEach() {
  Asset with_strategy = SampleAsset();
  with_strategy.strategy = "quantity < 2000";
  const Acl acl = AclOf("Acme.GOLD", kWhiteList, true, {AddressOf("a"), AddressOf("b")});
  return {Signed(MakeTransaction(SampleIssuer())),
          Signed(MakeTransaction(SampleAsset())),
          Signed(MakeTransaction(with_strategy)),
          Signed(MakeTransaction(FlagsOf("Acme.GOLD", 1, 1))),
          Signed(MakeTransaction(acl)),
          Signed(MakeTransaction(IssueOf("Acme.GOLD", UINT64_MAX))),
          Signed(MakeTransaction(TransferOf("Acme.GOLD", 5, "hi"), AddressOf("b")))};
}

TEST(Aob, BinaryAndJsonRoundTrip) {
  for (const chain::Transaction& tx : OneOfEach()) {
    SCOPED_TRACE(static_cast<int>(tx.type));
    ASSERT_TRUE(chain::CheckTxFields(tx).ok()) << chain::CheckTxFields(tx).ToString();
    auto decoded = chain::DecodeTransaction(chain::EncodeTransaction(tx));
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    EXPECT_EQ(*decoded, tx);
    auto from_json = chain::TxFromJson(chain::TxToJson(tx));
    ASSERT_TRUE(from_json.ok()) << from_json.status().ToString();
    EXPECT_EQ(*from_json, tx);
  }
  const auto txs = OneOfEach();
  const codec::Json asset = chain::TxToJson(txs[1]);
  EXPECT_EQ(asset["fee"], "50000000000");
  EXPECT_EQ(asset["asset"]["aobAsset"]["maximum"], "1000000");
  EXPECT_EQ(asset["asset"]["aobAsset"]["allow_writeoff"], "1");
  EXPECT_FALSE(asset["asset"]["aobAsset"].contains("strategy"));  // empty: omitted
  const codec::Json issue = chain::TxToJson(txs[5]);
  EXPECT_EQ(issue["asset"]["aobIssue"]["amount"], "18446744073709551615");
  const codec::Json transfer = chain::TxToJson(txs[6]);
  EXPECT_EQ(transfer["fee"], "0");
  EXPECT_EQ(transfer["amount"], "0");
  EXPECT_EQ(transfer["recipientId"], crypto::AddressFromHash(AddressOf("b")));
  EXPECT_EQ(chain::TxToJson(txs[4])["asset"]["aobAcl"]["operator"], "+");
}

TEST(Aob, EveryFieldIsSigned) {
  const chain::Transaction tx = Signed(MakeTransaction(SampleAsset()));
  for (int field = 0; field < 5; ++field) {
    Asset changed = SampleAsset();
    if (field == 0) changed.maximum += 1;
    if (field == 1) changed.precision = 3;
    if (field == 2) changed.allow_writeoff = false;
    if (field == 3) changed.allow_blacklist = false;
    if (field == 4) changed.strategy = "x";
    chain::Transaction other = tx;
    other.asset = chain::RegisteredAsset{kAssetType, std::make_shared<Asset>(changed)};
    EXPECT_NE(chain::TxSignDigest(other), chain::TxSignDigest(tx));
    EXPECT_FALSE(chain::VerifyTxSignatures(other).ok());
  }
}

// Decodes `bytes` with the type's decoder and returns the reader's status (or an end error).
util::Status DecodeStatus(const chain::AssetType& type, const util::Bytes& bytes) {
  codec::ByteReader r(bytes);
  type.decode(r);
  if (r.ok()) r.ExpectEnd();
  return r.status();
}

TEST(Aob, RefusesNonCanonicalBinary) {
  RegisterAll();
  codec::ByteWriter w;
  SampleAsset().Encode(w);
  util::Bytes bytes = w.bytes();
  EXPECT_TRUE(DecodeStatus(AssetTxType(), bytes).ok());
  util::Bytes bad = bytes;
  bad.back() = 2;  // allow_blacklist must be 0 or 1
  EXPECT_EQ(DecodeStatus(AssetTxType(), bad).code(), ErrorCode::kNonCanonical);
  bad = bytes;
  bad.push_back(0);  // trailing byte
  EXPECT_FALSE(DecodeStatus(AssetTxType(), bad).ok());

  codec::ByteWriter acl;
  AclOf("Acme.GOLD", 0, false, {AddressOf("a")}).Encode(acl);
  bad = acl.bytes();
  bad[1 + 9 + 1] = '*';  // the operator
  EXPECT_EQ(DecodeStatus(AclTxType(), bad).code(), ErrorCode::kInvalidField);
  bad = acl.bytes();
  bad[1 + 9 + 2] = 0;  // an empty list
  EXPECT_FALSE(DecodeStatus(AclTxType(), bad).ok());
}

TEST(Aob, RefusesMissingOverlongAndNonCanonicalJson) {
  const auto txs = OneOfEach();
  auto refused = [](codec::Json j) {
    auto r = chain::TxFromJson(j);
    return r.ok() ? ErrorCode::kOk : r.status().code();
  };
  codec::Json asset = chain::TxToJson(txs[1]);
  {
    codec::Json j = asset;
    j["asset"]["aobAsset"].erase("desc");
    EXPECT_EQ(refused(j), ErrorCode::kMissingField);
  }
  {
    codec::Json j = asset;
    j["asset"]["aobAsset"]["strategy"] = "";
    EXPECT_EQ(refused(j), ErrorCode::kNonCanonical);
  }
  {
    codec::Json j = asset;
    j["asset"]["aobAsset"]["maximum"] = "01000";
    EXPECT_EQ(refused(j), ErrorCode::kInvalidField);
    j["asset"]["aobAsset"]["maximum"] = 1000;
    EXPECT_EQ(refused(j), ErrorCode::kInvalidField);
    j["asset"]["aobAsset"]["maximum"] = "18446744073709551616";
    EXPECT_EQ(refused(j), ErrorCode::kInvalidField);
  }
  {
    codec::Json j = asset;
    j["asset"]["aobAsset"]["allow_writeoff"] = true;
    EXPECT_EQ(refused(j), ErrorCode::kInvalidField);
  }
  {
    codec::Json j = asset;
    j["asset"]["aobAsset"]["quantity"] = "0";  // state, not a field (reference §11.2)
    EXPECT_EQ(refused(j), ErrorCode::kUnknownField);
  }
  {
    codec::Json j = chain::TxToJson(txs[0]);
    j["asset"]["aobIssuer"]["issuer_id"] = "D1";  // the sender is the issuer
    EXPECT_EQ(refused(j), ErrorCode::kUnknownField);
  }
  {
    codec::Json j = chain::TxToJson(txs[6]);
    j["asset"]["aobTransfer"].erase("currency");
    EXPECT_EQ(refused(j), ErrorCode::kMissingField);
  }
  {
    codec::Json j = chain::TxToJson(txs[6]);
    j["asset"]["aobTransfer"]["amount"] = "0";
    EXPECT_NE(refused(j), ErrorCode::kOk);
  }

  // Field rules on the struct side (what the binary decoder lets through).
  auto check = [](chain::Transaction tx) { return chain::CheckTxFields(Signed(tx)).code(); };
  Issuer long_name = SampleIssuer();
  long_name.name = "Abcdefghijklmnopq";  // 17 letters
  EXPECT_EQ(check(MakeTransaction(long_name)), ErrorCode::kInvalidField);
  Issuer no_desc = SampleIssuer();
  no_desc.desc = "";
  EXPECT_EQ(check(MakeTransaction(no_desc)), ErrorCode::kMissingField);
  Issuer long_desc = SampleIssuer();
  long_desc.desc = std::string(kMaxIssuerDesc + 1, 'x');
  EXPECT_EQ(check(MakeTransaction(long_desc)), ErrorCode::kInvalidField);
  for (const char* name : {"Acme.gold", "Acme.GO", "Acme.GOLDENX", "AcmeGOLD", "Ac1.GOLD", ""}) {
    Asset a = SampleAsset();
    a.name = name;
    EXPECT_NE(check(MakeTransaction(a)), ErrorCode::kOk) << name;
  }
  Asset zero = SampleAsset();
  zero.maximum = 0;
  EXPECT_EQ(check(MakeTransaction(zero)), ErrorCode::kInvalidField);
  Asset precise = SampleAsset();
  precise.precision = 17;
  EXPECT_EQ(check(MakeTransaction(precise)), ErrorCode::kInvalidField);
  EXPECT_EQ(check(MakeTransaction(FlagsOf("Acme.GOLD", 3, 1))), ErrorCode::kInvalidField);
  EXPECT_EQ(check(MakeTransaction(FlagsOf("Acme.GOLD", 2, 0))), ErrorCode::kInvalidField);
  EXPECT_EQ(check(MakeTransaction(AclOf("Acme.GOLD", 0, true, {AddressOf("a"), AddressOf("a")}))),
            ErrorCode::kInvalidField);
  EXPECT_EQ(
      check(MakeTransaction(AclOf("Acme.GOLD", 0, true, {AddressOf("aob test")}))),  // the issuer
      ErrorCode::kInvalidField);
  EXPECT_EQ(check(MakeTransaction(IssueOf("Acme.GOLD", 0))), ErrorCode::kInvalidField);
  EXPECT_EQ(check(MakeTransaction(TransferOf("Acme.GOLD", 1),
                                  AddressOf("aob test"))),  // to oneself
            ErrorCode::kInvalidField);
  chain::Transaction no_recipient = MakeTransaction(TransferOf("Acme.GOLD", 1), AddressOf("b"));
  no_recipient.recipient.reset();
  EXPECT_NE(check(no_recipient), ErrorCode::kOk);
}

class AobChain : public ::testing::Test {
 protected:
  static constexpr uint64_t kFunds = 200'000'000'000;  // 2000 DDN: room for refused fees too

  void SetUp() override {
    RegisterAll();
    ASSERT_TRUE(f_.ProduceBlock({f_.Transfer(f_.faucet(), issuer_address_, kFunds),
                                 f_.Transfer(f_.faucet(), other_address_, kFunds)})
                    .ok());
  }

  // Produces a block with `tx` signed by `keys`; the status of the attempt.
  util::Status Submit(chain::Transaction tx, const crypto::KeyPair& keys) {
    auto block = f_.ProduceBlock({f_.Sign(std::move(tx), keys)});
    return block.status();
  }
  // Submits and expects a refusal with `code` that leaves the state untouched.
  void ExpectRefused(chain::Transaction tx, const crypto::KeyPair& keys, ErrorCode code,
                     const std::string& words) {
    const auto before = f_.Snapshot();
    util::Status s = Submit(std::move(tx), keys);
    EXPECT_EQ(s.code(), code) << s.ToString();
    EXPECT_NE(s.message().find(words), std::string::npos) << s.message();
    EXPECT_TRUE(f_.Snapshot() == before);
  }
  uint64_t Balance(const chain::AddressHash& a) {
    auto b = BalanceOf(f_.chain().db(), a, "Acme.GOLD");
    EXPECT_TRUE(b.ok());
    return b.ok() ? *b : 0;
  }
  // Registers issuer Acme and asset Acme.GOLD (max 1 000 000) and issues `issued`.
  void Setup(uint64_t issued) {
    ASSERT_TRUE(Submit(MakeTransaction(SampleIssuer()), issuer_).ok());
    ASSERT_TRUE(Submit(MakeTransaction(SampleAsset()), issuer_).ok());
    if (issued) {
      ASSERT_TRUE(Submit(MakeTransaction(IssueOf("Acme.GOLD", issued)), issuer_).ok());
    }
  }

  testing::ChainFixture f_{21};
  crypto::KeyPair issuer_ = crypto::KeyPairFromPassphrase("aob issuer");
  crypto::KeyPair other_ = crypto::KeyPairFromPassphrase("aob other");
  chain::AddressHash issuer_address_ = crypto::AddressHashOf(issuer_.public_key);
  chain::AddressHash other_address_ = crypto::AddressHashOf(other_.public_key);
  chain::AddressHash third_address_ = AddressOf("aob third");
};

TEST_F(AobChain, IssueTransferAndRollBackExactly) {
  const auto before = f_.Snapshot();
  const uint64_t height = f_.chain().tip().height;
  Setup(0);
  auto issuer = FindIssuerOf(f_.chain().db(), issuer_address_);
  ASSERT_TRUE(issuer.ok() && issuer->has_value());
  EXPECT_EQ((*issuer)->issuer, SampleIssuer());
  auto account = f_.chain().GetAccount(issuer_address_);
  ASSERT_TRUE(account.ok());
  EXPECT_EQ(account->balance, kFunds - kIssuerFee - kAssetFee);

  ASSERT_TRUE(Submit(MakeTransaction(IssueOf("Acme.GOLD", 600'000)), issuer_).ok());
  ASSERT_TRUE(Submit(MakeTransaction(IssueOf("Acme.GOLD", 400'000)), issuer_).ok());  // = maximum
  auto asset = FindAsset(f_.chain().db(), "Acme.GOLD");
  ASSERT_TRUE(asset.ok() && asset->has_value());
  EXPECT_EQ((*asset)->quantity, 1'000'000u);
  EXPECT_EQ(Balance(issuer_address_), 1'000'000u);

  ASSERT_TRUE(
      Submit(MakeTransaction(TransferOf("Acme.GOLD", 250, "for you"), other_address_), issuer_)
          .ok());
  ASSERT_TRUE(
      Submit(MakeTransaction(TransferOf("Acme.GOLD", 50, ""), third_address_), other_).ok());
  EXPECT_EQ(Balance(issuer_address_), 1'000'000u - 250);
  EXPECT_EQ(Balance(other_address_), 200u);
  EXPECT_EQ(Balance(third_address_), 50u);

  while (f_.chain().tip().height > height) ASSERT_TRUE(f_.chain().RollBackTip().ok());
  EXPECT_TRUE(f_.Snapshot() == before);
}

TEST_F(AobChain, RefusesDuplicatesAndNonIssuers) {
  ExpectRefused(MakeTransaction(SampleAsset()), issuer_, ErrorCode::kStateRule,
                "not a registered issuer");
  ASSERT_TRUE(Submit(MakeTransaction(SampleIssuer()), issuer_).ok());
  ExpectRefused(MakeTransaction(IssuerOf("Other", "x")), issuer_, ErrorCode::kStateRule,
                "already the issuer");
  ExpectRefused(MakeTransaction(SampleIssuer()), other_, ErrorCode::kStateRule,
                "already registered");
  ASSERT_TRUE(Submit(MakeTransaction(IssuerOf("Other", "x")), other_).ok());
  // Another issuer's name in the asset name.
  ExpectRefused(MakeTransaction(SampleAsset()), other_, ErrorCode::kStateRule, "wrong issuer");
  ASSERT_TRUE(Submit(MakeTransaction(SampleAsset()), issuer_).ok());
  ExpectRefused(MakeTransaction(SampleAsset()), issuer_, ErrorCode::kStateRule,
                "already registered");
}

TEST_F(AobChain, RefusesWrongIssuerSupplyAndBalance) {
  Setup(1000);
  ExpectRefused(MakeTransaction(IssueOf("Acme.GOLD", 1)), other_, ErrorCode::kStateRule,
                "wrong issuer");
  ExpectRefused(MakeTransaction(IssueOf("Acme.GOLD", 999'001)), issuer_, ErrorCode::kStateRule,
                "exceed the maximum");
  ExpectRefused(MakeTransaction(IssueOf("Acme.NONE", 1)), issuer_, ErrorCode::kNotFound,
                "not registered");
  ExpectRefused(MakeTransaction(TransferOf("Acme.GOLD", 1001, ""), other_address_), issuer_,
                ErrorCode::kInsufficientBalance, "insufficient Acme.GOLD balance");
  ExpectRefused(MakeTransaction(TransferOf("Acme.GOLD", 1, ""), issuer_address_), other_,
                ErrorCode::kInsufficientBalance, "insufficient");
  ExpectRefused(MakeTransaction(TransferOf("Acme.NONE", 1, ""), other_address_), issuer_,
                ErrorCode::kNotFound, "not registered");
}

TEST_F(AobChain, AclAndFlags) {
  Setup(1000);
  ASSERT_TRUE(
      Submit(MakeTransaction(TransferOf("Acme.GOLD", 100, ""), other_address_), issuer_).ok());
  // Black-list mode (the start): a listed address can neither send nor receive.
  ASSERT_TRUE(
      Submit(MakeTransaction(AclOf("Acme.GOLD", kBlackList, true, {other_address_})), issuer_)
          .ok());
  ExpectRefused(MakeTransaction(AclOf("Acme.GOLD", kBlackList, true, {other_address_})), issuer_,
                ErrorCode::kStateRule, "already");
  ExpectRefused(MakeTransaction(AclOf("Acme.GOLD", kBlackList, true, {third_address_})), other_,
                ErrorCode::kStateRule, "wrong issuer");
  ExpectRefused(MakeTransaction(TransferOf("Acme.GOLD", 1, ""), third_address_), other_,
                ErrorCode::kStateRule, "sender is on the black list");
  ExpectRefused(MakeTransaction(TransferOf("Acme.GOLD", 1, ""), other_address_), issuer_,
                ErrorCode::kStateRule, "recipient is on the black list");
  ASSERT_TRUE(
      Submit(MakeTransaction(AclOf("Acme.GOLD", kBlackList, false, {other_address_})), issuer_)
          .ok());
  ASSERT_TRUE(
      Submit(MakeTransaction(TransferOf("Acme.GOLD", 1, ""), other_address_), issuer_).ok());

  // White-list mode: only listed addresses (and the issuer) take part.
  ExpectRefused(MakeTransaction(FlagsOf("Acme.GOLD", kFlagTypeAcl, kBlackList)), issuer_,
                ErrorCode::kStateRule, "already");
  ASSERT_TRUE(
      Submit(MakeTransaction(FlagsOf("Acme.GOLD", kFlagTypeAcl, kWhiteList)), issuer_).ok());
  ExpectRefused(MakeTransaction(TransferOf("Acme.GOLD", 1, ""), other_address_), issuer_,
                ErrorCode::kStateRule, "recipient is not on the white list");
  ASSERT_TRUE(
      Submit(MakeTransaction(AclOf("Acme.GOLD", kWhiteList, true, {other_address_})), issuer_)
          .ok());
  ASSERT_TRUE(
      Submit(MakeTransaction(TransferOf("Acme.GOLD", 1, ""), other_address_), issuer_).ok());
  ExpectRefused(MakeTransaction(TransferOf("Acme.GOLD", 1, ""), third_address_), other_,
                ErrorCode::kStateRule, "recipient is not on the white list");

  // Write-off is final: no more issues, transfers or flags.
  ASSERT_TRUE(Submit(MakeTransaction(FlagsOf("Acme.GOLD", kFlagTypeWriteOff, 1)), issuer_).ok());
  ExpectRefused(MakeTransaction(IssueOf("Acme.GOLD", 1)), issuer_, ErrorCode::kStateRule,
                "written off");
  ExpectRefused(MakeTransaction(TransferOf("Acme.GOLD", 1, ""), other_address_), issuer_,
                ErrorCode::kStateRule, "written off");
  ExpectRefused(MakeTransaction(FlagsOf("Acme.GOLD", kFlagTypeAcl, kBlackList)), issuer_,
                ErrorCode::kStateRule, "written off");
}

TEST_F(AobChain, FlagsNeedTheAssetsPermission) {
  ASSERT_TRUE(Submit(MakeTransaction(SampleIssuer()), issuer_).ok());
  Asset plain = SampleAsset();
  plain.allow_writeoff = plain.allow_whitelist = plain.allow_blacklist = false;
  ASSERT_TRUE(Submit(MakeTransaction(plain), issuer_).ok());
  ExpectRefused(MakeTransaction(FlagsOf("Acme.GOLD", kFlagTypeWriteOff, 1)), issuer_,
                ErrorCode::kStateRule, "does not allow write-off");
  ExpectRefused(MakeTransaction(FlagsOf("Acme.GOLD", kFlagTypeAcl, kWhiteList)), issuer_,
                ErrorCode::kStateRule, "does not allow a white list");
  ExpectRefused(MakeTransaction(AclOf("Acme.GOLD", kBlackList, true, {other_address_})), issuer_,
                ErrorCode::kStateRule, "does not allow a black list");
}

TEST_F(AobChain, TransferIsBlockedByTheAccountLock) {
  Setup(1000);
  const uint64_t until = f_.chain().tip().height + 3;
  ASSERT_TRUE(Submit(lock::MakeTransaction(until), issuer_).ok());
  ExpectRefused(MakeTransaction(TransferOf("Acme.GOLD", 1, ""), other_address_), issuer_,
                ErrorCode::kAccountLocked, "locked");
  // Issuing moves no funds to anyone: allowed while locked.
  ASSERT_TRUE(Submit(MakeTransaction(IssueOf("Acme.GOLD", 1)), issuer_).ok());
}

TEST(Aob, RecordCodecsRoundTrip) {
  AssetRecord a;
  a.tx_id[0] = 7;
  a.height = 42;
  a.owner[19] = 9;
  a.asset = SampleAsset();
  a.quantity = 77;
  a.acl = kWhiteList;
  a.written_off = true;
  auto decoded = DecodeAssetRecord(EncodeAssetRecord(a));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, a);
  EXPECT_FALSE(DecodeAssetRecord(EncodeAssetRecord(a) + "x").ok());
  IssuerRecord i{a.tx_id, 3, a.owner, SampleIssuer()};
  auto di = DecodeIssuerRecord(EncodeIssuerRecord(i));
  ASSERT_TRUE(di.ok());
  EXPECT_EQ(*di, i);
  TransferRecord t{a.tx_id, 5, a.owner, AddressOf("x"), "Acme.GOLD", 12, "memo"};
  auto dt = DecodeTransferRecord(EncodeTransferRecord(t));
  ASSERT_TRUE(dt.ok());
  EXPECT_EQ(*dt, t);
}

}  // namespace
}  // namespace ddn::assets::aob
