// Unit tests of legacy-v2 (DDN v2.3 client) transactions against the reference vectors (§12).
#include <gtest/gtest.h>

#include "compat/any_tx.h"
#include "compat/legacy_bytes.h"
#include "compat/legacy_tx.h"
#include "crypto/ed25519.h"

namespace ddn::compat {
namespace {

using codec::Json;
using util::ErrorCode;

const char* kSender = "50e18b1d5ee084680fbc5cc34cdc4aaa1c4fe23662a3376c8bf5b33d3b16c4ae";

// Vector T1: transfer with message and second signature.
Json T1() {
  return {{"type", 0},
          {"nethash", "0ab796cd"},
          {"amount", "100000000"},
          {"fee", "10000000"},
          {"recipientId", "DPwssUk9qvyhW7ZYSgTRgD487zqpaZuzD2"},
          {"message", "hello"},
          {"timestamp", 100000000},
          {"asset", Json::object()},
          {"senderPublicKey", kSender},
          {"signature",
           "f46cec3f311c5ab25d7fe54534bf3e628cbe66fd36db4d25c5cc90cc6e350e8d4650a1627329c458439cc0"
           "e38765ffed246d7fb5b431d8c4e85e05544489e70e"},
          {"sign_signature",
           "e969151d2e0c619b637d679ebc79c96867cd927998fbbf0545492491a7bd39e30726d08ab04a7e303ebacd"
           "4da5315f76282335ea0f819faac0c3bd8dd971700d"},
          {"id", "b1d1d5c707c0edeb49e74ab4a0a8c3de647edcf164372a4f07e2bb1be232dd87"}};
}

// Vector T2: vote.
Json T2() {
  return {{"type", 3},
          {"nethash", "0ab796cd"},
          {"amount", "0"},
          {"fee", "10000000"},
          {"recipientId", nullptr},
          {"senderPublicKey", kSender},
          {"timestamp", 100000000},
          {"asset",
           {{"vote",
             {{"votes", {"+f4f66f2012444e3a42a880b28fa51fcc5e409e2fb239df7d4df4c1fc11ee6792"}}}}}},
          {"signature",
           "f2d394dcc7137287d5b4d0456dc96e757b8613838cf51d358267d61c36bad185ef80cb67eaaef54bd29271"
           "c61f2308f70d566af78227bc465fbd958cee33230d"},
          {"id", "3632c22aa2a0069b12b570e3f5a79067f60ddff7a39bd4c352e28b1b2808aad6"}};
}

TEST(LegacyBytes, MatchesReferenceLayout) {
  const util::Bytes bytes = LegacyBytes(T1(), {.skip_signature = true, .skip_second_signature = true});
  const std::string expected =
      "31303030303030303031303030303030306865" "6c6c6f3061623739366364"
      "4450777373556b397176796857375a595367545267443438377a7170615a757a4432"
      "35306531386231643565653038343638306662633563633334636463346161613163346665323336363261333"
      "3373663386266356233336433623136633461" "6500e1f50500000000";
  EXPECT_EQ(util::ToHex(bytes), expected);
}

TEST(LegacyTx, ReferenceVectorsVerify) {
  for (const Json& j : {T1(), T2()}) {
    auto legacy = ParseLegacyTx(j);
    ASSERT_TRUE(legacy.ok()) << legacy.status().ToString();
    EXPECT_EQ(legacy->id, j["id"]);
    EXPECT_TRUE(VerifyLegacySignatures(*legacy).ok());
  }
  auto t1 = *ParseLegacyTx(T1());
  const auto second = crypto::KeyPairFromPassphrase("second secret phrase for test");
  EXPECT_TRUE(VerifyLegacySecondSignature(t1, second.public_key).ok());
  EXPECT_EQ(VerifyLegacySecondSignature(t1, t1.tx.sender).code(), ErrorCode::kBadSecondSignature);
  EXPECT_EQ(t1.tx.amount, 100000000u);
  EXPECT_EQ(t1.tx.message, "hello");
}

TEST(LegacyTx, NullMessageIsNoMessage) {
  Json j = T2();
  j["type"] = 3;
  Json with_null = T1();
  with_null.erase("message");
  with_null["message"] = nullptr;
  // The legacy bytes skip nulls, so the id is that of the message-less transaction.
  with_null["id"] = util::ToHex(crypto::Sha256(LegacyBytes(with_null, {})));
  auto r = ParseLegacyTx(with_null);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->tx.message, "");
}

TEST(LegacyTx, StrictValidation) {
  auto refuse = [](Json j, ErrorCode code, const char* what) {
    auto r = ParseLegacyTx(j);
    EXPECT_FALSE(r.ok()) << what;
    EXPECT_EQ(r.status().code(), code) << what << ": " << r.status().ToString();
  };
  Json j = T1();
  j["amount"] = "1e+21";
  refuse(j, ErrorCode::kInvalidField, "exponent amount");
  j = T1();
  j["amount"] = "30000000.000000004";
  refuse(j, ErrorCode::kInvalidField, "fractional amount");
  j = T1();
  j["senderId"] = "DEbAEaup5irkiKx2C4KDDDSXQmE4CK9hQ7";
  refuse(j, ErrorCode::kUnknownField, "senderId");
  j = T1();
  j["fee"] = "20000000";
  refuse(j, ErrorCode::kWrongFee, "fee");
  j = T1();
  j["amount"] = "100000001";
  refuse(j, ErrorCode::kIdMismatch, "amount changed");
  j = T2();
  j["message"] = "x";
  refuse(j, ErrorCode::kUnknownField, "message on a vote");
  j = T2();
  j["recipientId"] = "DPwssUk9qvyhW7ZYSgTRgD487zqpaZuzD2";
  refuse(j, ErrorCode::kInvalidField, "recipient on a vote");
  j = T1();
  j["type"] = 20;
  refuse(j, ErrorCode::kLegacyTypeUnsupported, "evidence");
  j = T1();
  j["type"] = 100;
  refuse(j, ErrorCode::kLegacyTypeUnsupported, "lock");
  j = T1();
  j["timestamp"] = "100000000";
  refuse(j, ErrorCode::kInvalidField, "string timestamp");
}

TEST(AnyTx, DispatchAndNetwork) {
  auto any = ParseAnyTx(T2());
  ASSERT_TRUE(any.ok());
  EXPECT_EQ(any->format, TxFormat::kLegacyV2);
  EXPECT_TRUE(VerifyAnyTxStateless(*any, "0ab796cd").ok());
  EXPECT_EQ(VerifyAnyTxStateless(*any, "ffffffff").code(), ErrorCode::kWrongNethash);
  // Re-signing a tampered field while keeping the id consistent: the signature catches it.
  Json j = T2();
  j["timestamp"] = 100000001;
  j["id"] = util::ToHex(crypto::Sha256(LegacyBytes(j, {})));
  auto tampered = ParseAnyTx(j);
  ASSERT_TRUE(tampered.ok()) << tampered.status().ToString();
  EXPECT_EQ(VerifyAnyTxStateless(*tampered, "0ab796cd").code(), ErrorCode::kBadSignature);
}

}  // namespace
}  // namespace ddn::compat
