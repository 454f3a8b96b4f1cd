// Unit tests of native transactions: encoding, JSON mapping, rules, signatures, shared vectors.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "chain/tx_codec.h"
#include "chain/tx_json.h"
#include "chain/tx_rules.h"
#include "chain/tx_signer.h"
#include "codec/strict_json.h"
#include "vector_builder.h"

namespace ddn::chain {
namespace {

using codec::Json;
using util::ErrorCode;

std::vector<Transaction> StandardTransactions() {
  std::vector<Transaction> out;
  for (const auto& input : testing::StandardVectorInputs()) {
    auto tx = testing::BuildFromFields(input);
    EXPECT_TRUE(tx.ok()) << input.name << ": " << tx.status().ToString();
    if (tx.ok()) out.push_back(*tx);
  }
  return out;
}

TEST(TxCodec, EveryTypeRoundTripsBinaryAndJson) {
  const auto txs = StandardTransactions();
  ASSERT_EQ(txs.size(), testing::StandardVectorInputs().size());
  for (const Transaction& tx : txs) {
    const util::Bytes bytes = EncodeTransaction(tx);
    auto decoded = DecodeTransaction(bytes);
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    EXPECT_EQ(*decoded, tx);
    EXPECT_EQ(EncodeTransaction(*decoded), bytes);
    const Json json = TxToJson(tx);
    // Through text, as a client would send it.
    auto reparsed = codec::ParseStrictJson(json.dump());
    ASSERT_TRUE(reparsed.ok());
    auto from_json = TxFromJson(*reparsed);
    ASSERT_TRUE(from_json.ok()) << from_json.status().ToString() << "\n" << json.dump();
    EXPECT_EQ(*from_json, tx);
    EXPECT_EQ(TxToJson(*from_json), json);
    EXPECT_TRUE(VerifyTxSignatures(tx).ok()) << json.dump();
  }
}

TEST(TxCodec, WorkedExampleBodyOfProtocolDoc) {
  const auto tx = testing::BuildFromFields(testing::StandardVectorInputs()[0]);
  ASSERT_TRUE(tx.ok());
  const std::string body = util::ToHex(EncodeTxBody(*tx));
  const std::string sender = "50e18b1d5ee084680fbc5cc34cdc4aaa1c4fe23662a3376c8bf5b33d3b16c4ae";
  const std::string expected = "ff445401" "08" "3061623739366364" "00" "00e1f505" + sender + "01" +
                               util::ToHex(*tx->recipient) + "80d1f00800000000" +
                               "8096980000000000" + "02" + "6869";
  EXPECT_EQ(body, expected);
}

// Every single-bit change of an encoded transaction is either refused by the decoder or gives a
// transaction whose signatures no longer verify (or a different id, for the second signature).
TEST(TxCodec, AnyBitFlipIsDetected) {
  for (const Transaction& tx : StandardTransactions()) {
    const util::Bytes bytes = EncodeTransaction(tx);
    const std::string id = TxId(tx);
    for (size_t i = 0; i < bytes.size(); ++i) {
      for (int bit : {0, 5}) {
        util::Bytes bad = bytes;
        bad[i] ^= static_cast<uint8_t>(1 << bit);
        auto decoded = DecodeTransaction(bad);
        if (!decoded.ok()) continue;
        const bool sig_ok = VerifyTxSignatures(*decoded).ok();
        const bool changed_cosig = decoded->cosignatures != tx.cosignatures;
        const bool changed_second = decoded->second_signature != tx.second_signature;
        if (changed_cosig && decoded->type != TxType::kMultisignature) continue;  // state checks
        if (changed_second) {
          EXPECT_NE(TxId(*decoded), id);
          continue;
        }
        EXPECT_FALSE(sig_ok) << "byte " << i << " bit " << bit;
      }
    }
  }
}

TEST(TxCodec, RefusesNonCanonicalEncodings) {
  const auto txs = StandardTransactions();
  const util::Bytes good = EncodeTransaction(txs[0]);
  util::Bytes trailing = good;
  trailing.push_back(0);
  EXPECT_EQ(DecodeTransaction(trailing).status().code(), ErrorCode::kNonCanonical);
  util::Bytes truncated(good.begin(), good.end() - 1);
  EXPECT_EQ(DecodeTransaction(truncated).status().code(), ErrorCode::kMalformed);
  util::Bytes magic = good;
  magic[3] = 2;  // unknown format version
  EXPECT_EQ(DecodeTransaction(magic).status().code(), ErrorCode::kMalformed);
  // Second-signature presence byte of 2 instead of 0.
  util::Bytes presence = good;
  presence[presence.size() - 2] = 2;
  EXPECT_EQ(DecodeTransaction(presence).status().code(), ErrorCode::kNonCanonical);
  // A non-minimal co-signature count (0 written as 80 00).
  util::Bytes count(good.begin(), good.end() - 1);
  count.push_back(0x80);
  count.push_back(0x00);
  EXPECT_EQ(DecodeTransaction(count).status().code(), ErrorCode::kNonCanonical);
  // Unknown type.
  util::Bytes type = good;
  type[4 + 1 + 8] = 9;
  EXPECT_EQ(DecodeTransaction(type).status().code(), ErrorCode::kUnsupportedType);
  EXPECT_FALSE(DecodeTransaction(util::Bytes{}).ok());
}

TEST(TxRules, RefusesInvalidFields) {
  const auto keys = crypto::KeyPairFromPassphrase("rules");
  const auto other = crypto::KeyPairFromPassphrase("other");
  auto make = [&](TxType type, TxAsset asset) {
    Transaction tx;
    tx.type = type;
    tx.nethash = "0ab796cd";
    tx.asset = std::move(asset);
    if (type == TxType::kTransfer) {
      tx.recipient = crypto::AddressHashOf(other.public_key);
      tx.amount = 1;
    }
    SignTransaction(tx, keys);
    return tx;
  };
  Transaction t = make(TxType::kTransfer, TransferAsset{});
  EXPECT_TRUE(CheckTxFields(t).ok());
  Transaction fee = t;
  fee.fee += 1;
  EXPECT_EQ(CheckTxFields(fee).code(), ErrorCode::kWrongFee);
  Transaction zero = t;
  zero.amount = 0;
  EXPECT_EQ(CheckTxFields(zero).code(), ErrorCode::kInvalidField);
  Transaction self = t;
  self.recipient = crypto::AddressHashOf(keys.public_key);
  EXPECT_EQ(CheckTxFields(self).code(), ErrorCode::kInvalidField);
  // 256 characters (code points, as the DDN node counts them) pass, 257 do not.
  std::string rockets;
  for (int i = 0; i < 57; ++i) rockets += "🚀";
  Transaction long_message = t;
  long_message.message = std::string(199, 'a') + rockets;
  EXPECT_TRUE(CheckTxFields(long_message).ok());
  long_message.message = std::string(200, 'a') + rockets;
  EXPECT_EQ(CheckTxFields(long_message).code(), ErrorCode::kInvalidField);
  Transaction too_much = t;
  too_much.amount = kMaxAmount + 1;
  EXPECT_EQ(CheckTxFields(too_much).code(), ErrorCode::kInvalidField);
  too_much.amount = kMaxAmount;
  EXPECT_TRUE(CheckTxFields(too_much).ok());
  std::vector<PublicKey> fifteen;
  for (int i = 0; i < 15; ++i) {
    fifteen.push_back(crypto::KeyPairFromPassphrase("m" + std::to_string(i)).public_key);
  }
  EXPECT_TRUE(CheckTxFields(make(TxType::kMultisignature, MultisignatureAsset{15, 24, fifteen})).ok());
  EXPECT_FALSE(CheckTxFields(make(TxType::kMultisignature, MultisignatureAsset{16, 24, fifteen})).ok());
  for (const char* name : {"", "Alice", "a b", "012345678901234567890", "名字"}) {
    EXPECT_FALSE(CheckTxFields(make(TxType::kDelegate, DelegateAsset{name})).ok()) << name;
  }
  EXPECT_TRUE(CheckTxFields(make(TxType::kDelegate, DelegateAsset{"a.b_c!@$&9"})).ok());
  VoteAsset twice{{{true, other.public_key}, {false, other.public_key}}};
  EXPECT_FALSE(CheckTxFields(make(TxType::kVote, twice)).ok());
  EXPECT_FALSE(CheckTxFields(make(TxType::kVote, VoteAsset{})).ok());
  MultisignatureAsset group{2, 24, {other.public_key}};
  EXPECT_TRUE(CheckTxFields(make(TxType::kMultisignature, group)).ok());
  for (auto [min, lifetime] : {std::pair{1, 24}, {3, 24}, {2, 0}, {2, 25}}) {
    MultisignatureAsset g{static_cast<uint8_t>(min), static_cast<uint8_t>(lifetime),
                          {other.public_key}};
    EXPECT_FALSE(CheckTxFields(make(TxType::kMultisignature, g)).ok()) << min << " " << lifetime;
  }
  MultisignatureAsset with_sender{2, 24, {keys.public_key}};
  EXPECT_FALSE(CheckTxFields(make(TxType::kMultisignature, with_sender)).ok());
}

TEST(TxRules, CanonicalCosignaturesAndValidAssetKeys) {
  const auto owner = crypto::KeyPairFromPassphrase("owner");
  const auto m1 = crypto::KeyPairFromPassphrase("m1");
  const auto m2 = crypto::KeyPairFromPassphrase("m2");
  Transaction tx;
  tx.type = TxType::kMultisignature;
  tx.nethash = "0ab796cd";
  tx.asset = MultisignatureAsset{2, 24, {m1.public_key, m2.public_key}};
  SignTransaction(tx, owner);
  const Signature a = Cosign(tx, m1), b = Cosign(tx, m2);
  ASSERT_TRUE(InsertCosignature(tx, a));
  ASSERT_TRUE(InsertCosignature(tx, b));
  EXPECT_FALSE(InsertCosignature(tx, a));
  EXPECT_TRUE(std::is_sorted(tx.cosignatures.begin(), tx.cosignatures.end()));
  EXPECT_TRUE(DecodeTransaction(EncodeTransaction(tx)).ok());
  Transaction reversed = tx;
  std::swap(reversed.cosignatures[0], reversed.cosignatures[1]);
  EXPECT_EQ(DecodeTransaction(EncodeTransaction(reversed)).status().code(),
            ErrorCode::kNonCanonical);
  EXPECT_EQ(TxFromJson(TxToJson(reversed)).status().code(), ErrorCode::kNonCanonical);
  Transaction twice = tx;
  twice.cosignatures = {a, a};
  EXPECT_EQ(CheckTxFields(twice).code(), ErrorCode::kInvalidField);
  // A small-order point can be neither a vote target nor a registered key.
  const auto small = *util::FromHexFixed<32>(
      "0100000000000000000000000000000000000000000000000000000000000000");
  Transaction vote;
  vote.type = TxType::kVote;
  vote.nethash = "0ab796cd";
  vote.asset = VoteAsset{{{true, small}}};
  SignTransaction(vote, owner);
  EXPECT_EQ(CheckTxFields(vote).code(), ErrorCode::kInvalidField);
  Transaction second;
  second.type = TxType::kSecondSignature;
  second.nethash = "0ab796cd";
  second.asset = SecondSignatureAsset{small};
  SignTransaction(second, owner);
  EXPECT_EQ(CheckTxFields(second).code(), ErrorCode::kInvalidField);
}

TEST(TxRules, SignaturesAndCosignatures) {
  const auto owner = crypto::KeyPairFromPassphrase("owner");
  const auto m1 = crypto::KeyPairFromPassphrase("m1");
  const auto m2 = crypto::KeyPairFromPassphrase("m2");
  const auto second = crypto::KeyPairFromPassphrase("second");
  Transaction tx;
  tx.type = TxType::kMultisignature;
  tx.nethash = "0ab796cd";
  tx.asset = MultisignatureAsset{2, 24, {m1.public_key, m2.public_key}};
  SignTransaction(tx, owner, second);
  EXPECT_TRUE(VerifySecondSignature(tx, second.public_key).ok());
  EXPECT_EQ(VerifySecondSignature(tx, m1.public_key).code(), ErrorCode::kBadSecondSignature);
  tx.cosignatures = {Cosign(tx, m2), Cosign(tx, m1)};
  EXPECT_TRUE(VerifyTxSignatures(tx).ok());
  Transaction dup = tx;
  dup.cosignatures = {Cosign(tx, m1), Cosign(tx, m1)};
  EXPECT_EQ(VerifyTxSignatures(dup).code(), ErrorCode::kBadCosignature);
  Transaction stranger = tx;
  stranger.cosignatures = {Cosign(tx, second)};
  EXPECT_EQ(VerifyTxSignatures(stranger).code(), ErrorCode::kBadCosignature);
  // Co-signatures are outside the id; the second signature is inside.
  Transaction fewer = tx;
  fewer.cosignatures.pop_back();
  EXPECT_EQ(TxId(fewer), TxId(tx));
  Transaction no_second = tx;
  no_second.second_signature.reset();
  EXPECT_NE(TxId(no_second), TxId(tx));
  // Another network: the same content signed for 0ab796cd does not verify elsewhere.
  Transaction other_net = tx;
  other_net.nethash = "ffffffff";
  EXPECT_EQ(VerifyTxSignatures(other_net).code(), ErrorCode::kBadSignature);
}

TEST(TxJson, RefusesNonCanonicalJson) {
  const auto txs = StandardTransactions();
  const Json good = TxToJson(txs[0]);
  auto refuse = [](Json j, ErrorCode code, const char* what) {
    auto r = TxFromJson(j);
    EXPECT_FALSE(r.ok()) << what;
    EXPECT_EQ(r.status().code(), code) << what << ": " << r.status().ToString();
  };
  Json j = good;
  j["extra"] = 1;
  refuse(j, ErrorCode::kUnknownField, "unknown field");
  j = good;
  j.erase("id");
  refuse(j, ErrorCode::kMissingField, "no id");
  j = good;
  j["amount"] = "0150000000";
  refuse(j, ErrorCode::kInvalidField, "leading zero");
  j = good;
  j["amount"] = 150000000;
  refuse(j, ErrorCode::kInvalidField, "number amount");
  j = good;
  j["senderPublicKey"] = "50E18B1D5EE084680FBC5CC34CDC4AAA1C4FE23662A3376C8BF5B33D3B16C4AE";
  refuse(j, ErrorCode::kInvalidField, "uppercase hex");
  j = good;
  j["message"] = "";
  refuse(j, ErrorCode::kNonCanonical, "empty message");
  j = good;
  j["version"] = 2;
  refuse(j, ErrorCode::kInvalidField, "version");
  j = good;
  j["timestamp"] = -1;
  refuse(j, ErrorCode::kInvalidField, "negative timestamp");
  j = good;
  j["timestamp"] = 1.5;
  refuse(j, ErrorCode::kInvalidField, "float timestamp");
  j = good;
  j["signatures"] = Json::array();
  refuse(j, ErrorCode::kInvalidField, "empty signatures");
  j = good;
  j["fee"] = "10000001";
  refuse(j, ErrorCode::kWrongFee, "fee");
  j = good;
  j["message"] = "hj";
  refuse(j, ErrorCode::kIdMismatch, "tampered message keeps old id");
  j = good;
  j["type"] = 21;  // unassigned (20 is evidence, registered from assets/)
  refuse(j, ErrorCode::kUnsupportedType, "type 21");
}

TEST(TxVectors, SharedVectorFileMatchesThisImplementation) {
  std::ifstream in(std::string(DDN_SOURCE_DIR) + "/tests/vectors/native.json");
  ASSERT_TRUE(in) << "tests/vectors/native.json missing";
  std::stringstream text;
  text << in.rdbuf();
  auto file = codec::ParseStrictJson(text.str(), 32);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  const auto inputs = testing::StandardVectorInputs();
  const Json& vectors = (*file)["vectors"];
  ASSERT_EQ(vectors.size(), inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    auto tx = testing::BuildFromFields(inputs[i]);
    ASSERT_TRUE(tx.ok());
    EXPECT_EQ(vectors[i], testing::MakeVector(inputs[i], *tx)) << inputs[i].name;
    auto bytes = util::FromHex(vectors[i]["txHex"].get<std::string>());
    ASSERT_TRUE(bytes.has_value());
    auto decoded = DecodeTransaction(*bytes);
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(TxToJson(*decoded), vectors[i]["json"]);
  }
}

}  // namespace
}  // namespace ddn::chain
