#include "vector_builder.h"

#include "assets/registry.h"
#include "chain/tx_codec.h"
#include "chain/tx_json.h"
#include "chain/tx_rules.h"
#include "chain/tx_signer.h"
#include "crypto/address.h"
#include "util/amount.h"

namespace ddn::testing {

using nlohmann::json;

util::Result<chain::Transaction> BuildFromFields(const VectorInput& input) {
  assets::RegisterAll();
  const json& f = input.fields;
  chain::Transaction tx;
  tx.type = static_cast<chain::TxType>(f.at("type").get<int>());
  tx.nethash = f.at("nethash").get<std::string>();
  tx.timestamp = f.at("timestamp").get<uint32_t>();
  if (f.contains("recipientId")) {
    tx.recipient = crypto::ParseAddress(f["recipientId"].get<std::string>());
    if (!tx.recipient) return util::Error(util::ErrorCode::kInvalidField, "bad recipientId");
  }
  tx.amount = util::ParseCanonicalAmount(f.value("amount", "0")).value_or(0);
  tx.message = f.value("message", "");
  const crypto::KeyPair keys = crypto::KeyPairFromPassphrase(input.secret);
  DDN_ASSIGN_OR_RETURN(tx.asset,
                       chain::TxAssetFromJson(f.value("asset", json::object()), tx.type,
                                              keys.public_key));
  std::optional<crypto::KeyPair> second;
  if (input.second_secret) second = crypto::KeyPairFromPassphrase(*input.second_secret);
  chain::SignTransaction(tx, keys, second);
  for (const std::string& c : input.cosigners) {
    chain::InsertCosignature(tx, chain::Cosign(tx, crypto::KeyPairFromPassphrase(c)));
  }
  DDN_RETURN_IF_ERROR(chain::CheckTxFields(tx));
  return tx;
}

json MakeVector(const VectorInput& input, const chain::Transaction& tx) {
  return {
      {"name", input.name},
      {"secret", input.secret},
      {"secondSecret", input.second_secret ? json(*input.second_secret) : json(nullptr)},
      {"cosigners", input.cosigners},
      {"fields", input.fields},
      {"json", chain::TxToJson(tx)},
      {"bodyHex", util::ToHex(chain::EncodeTxBody(tx))},
      {"signDigest", util::ToHex(chain::TxSignDigest(tx))},
      {"txHex", util::ToHex(chain::EncodeTransaction(tx))},
      {"id", chain::TxId(tx)},
  };
}

std::vector<VectorInput> StandardVectorInputs() {
  const std::string a = "you cousin patch lemon luxury picture impact lens slogan exotic purse hole";
  const std::string b = "lake kitten arrow elephant because entire club rug unique climb club arrive";
  const std::string second = "second secret phrase for test";
  const std::string c = "";  // the empty passphrase is a valid one
  const std::string d = "数据交付网络 🚀";
  const std::string pk_b = util::ToHex(crypto::KeyPairFromPassphrase(b).public_key);
  const std::string pk_c = util::ToHex(crypto::KeyPairFromPassphrase(c).public_key);
  const std::string pk_d = util::ToHex(crypto::KeyPairFromPassphrase(d).public_key);
  const std::string pk_2 = util::ToHex(crypto::KeyPairFromPassphrase(second).public_key);
  const std::string addr_b = crypto::AddressOf(crypto::KeyPairFromPassphrase(b).public_key);
  const std::string addr_a = crypto::AddressOf(crypto::KeyPairFromPassphrase(a).public_key);
  std::vector<VectorInput> v;
  auto add = [&](std::string name, std::string secret, std::optional<std::string> second_secret,
                 std::vector<std::string> cosigners, json fields) {
    v.push_back({std::move(name), std::move(secret), std::move(second_secret),
                 std::move(cosigners), std::move(fields)});
  };
  add("transfer-worked-example", a, std::nullopt, {},
      {{"type", 0}, {"nethash", "0ab796cd"}, {"timestamp", 100000000}, {"recipientId", addr_b},
       {"amount", "150000000"}, {"message", "hi"}});
  add("transfer-no-message", b, std::nullopt, {},
      {{"type", 0}, {"nethash", "0ab796cd"}, {"timestamp", 0}, {"recipientId", addr_a},
       {"amount", "1"}});
  add("transfer-second-signature-cjk-emoji", a, second, {},
      {{"type", 0}, {"nethash", "p2acrv2c"}, {"timestamp", 2147483647}, {"recipientId", addr_b},
       {"amount", "1000000000000000000"}, {"message", "版权登记 — 数据 🚀🎉 ok"}});
  add("transfer-long-message", c, std::nullopt, {},
      {{"type", 0}, {"nethash", "0ab796cd"}, {"timestamp", 12345}, {"recipientId", addr_a},
       {"amount", "100000000000000"}, {"message", std::string(256, 'x')}});
  add("second-signature", a, std::nullopt, {},
      {{"type", 1}, {"nethash", "0ab796cd"}, {"timestamp", 100000001},
       {"asset", {{"signature", {{"publicKey", pk_2}}}}}});
  add("delegate", b, std::nullopt, {},
      {{"type", 2}, {"nethash", "0ab796cd"}, {"timestamp", 100000002},
       {"asset", {{"delegate", {{"username", "node_01!@$&."}, {"publicKey", pk_b}}}}}});
  add("delegate-second-signature", d, second, {},
      {{"type", 2}, {"nethash", "0ab796cd"}, {"timestamp", 7},
       {"asset", {{"delegate", {{"username", "z"}, {"publicKey", pk_d}}}}}});
  add("vote-one", a, std::nullopt, {},
      {{"type", 3}, {"nethash", "0ab796cd"}, {"timestamp", 100000003},
       {"asset", {{"vote", {{"votes", {"+" + pk_b}}}}}}});
  add("vote-mixed", a, second, {},
      {{"type", 3}, {"nethash", "0ab796cd"}, {"timestamp", 100000004},
       {"asset", {{"vote", {{"votes", {"+" + pk_b, "-" + pk_c, "+" + pk_d}}}}}}});
  add("multisig-one-member", a, std::nullopt, {b},
      {{"type", 4}, {"nethash", "0ab796cd"}, {"timestamp", 100000005},
       {"asset", {{"multisignature", {{"min", 2}, {"lifetime", 24}, {"keysgroup", {"+" + pk_b}}}}}}});
  add("multisig-three-members", a, second, {d, b, c},
      {{"type", 4}, {"nethash", "0ab796cd"}, {"timestamp", 100000006},
       {"asset",
        {{"multisignature",
          {{"min", 3}, {"lifetime", 1}, {"keysgroup", {"+" + pk_b, "+" + pk_c, "+" + pk_d}}}}}}});
  add("evidence-required-fields", a, std::nullopt, {},
      {{"type", 20}, {"nethash", "0ab796cd"}, {"timestamp", 100000007},
       {"asset",
        {{"evidence",
          {{"short_hash", "e3b0c44298fc1c14"},
           {"hash", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
           {"author", "alice"},
           {"type", "txt"}}}}}});
  add("evidence-all-fields", b, second, {},
      {{"type", 20}, {"nethash", "0ab796cd"}, {"timestamp", 100000008}, {"message", "notarized"},
       {"asset",
        {{"evidence",
          {{"short_hash", "ipid-7"},
           {"title", "Contrat \u00e9t\u00e9 \u2014 \U0001F4C4"},
           {"description", "Signed contract, scanned"},
           {"hash", "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
           {"author", "Bob B."},
           {"address", "https://example.org/c.pdf"},
           {"source_address", "dat://0123abcd"},
           {"tags", "contract,2024"},
           {"type", "pdf"},
           {"size", "2448"},
           {"metadata", "{\"pages\":3}"}}}}}});
  add("dao-org-register", a, std::nullopt, {},
      {{"type", 40}, {"nethash", "0ab796cd"}, {"timestamp", 100000010},
       {"asset",
        {{"daoOrg",
          {{"org_id", "ddn_foundation"}, {"name", "DDN Foundation \u2014 \U0001F310"},
           {"tags", "chain,dao"}, {"url", "https://ddn.net/dao"}, {"state", 0}}}}}});
  add("dao-org-update-short-id", b, second, {},
      {{"type", 40}, {"nethash", "0ab796cd"}, {"timestamp", 100000011},
       {"asset", {{"daoOrg", {{"org_id", "a_b_c"}, {"name", "x"}, {"tags", "t"}, {"state", 1}}}}}});
  add("dao-exchange-offer", a, std::nullopt, {},
      {{"type", 41}, {"nethash", "0ab796cd"}, {"timestamp", 100000012}, {"recipientId", addr_b},
       {"asset", {{"daoExchange", {{"org_id", "ddn_foundation"}, {"state", 0},
                                   {"price", "2500000000"}}}}}});
  add("dao-exchange-accept", b, std::nullopt, {},
      {{"type", 41}, {"nethash", "0ab796cd"}, {"timestamp", 100000013}, {"recipientId", addr_a},
       {"amount", "2500000000"},
       {"asset",
        {{"daoExchange",
          {{"org_id", "ddn_foundation"},
           {"state", 1},
           {"exchange_trs_id", "5f1a0c2e9b8d7a6f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7"},
           {"price", "2500000000"}}}}}});
  add("dao-contribution", b, std::nullopt, {},
      {{"type", 42}, {"nethash", "0ab796cd"}, {"timestamp", 100000014},
       {"asset", {{"daoContribution", {{"org_id", "ddn_foundation"}, {"title", "Übersetzung 文档"},
                                       {"url", "https://example.org/pr/7"},
                                       {"price", "300000000"}}}}}});
  add("dao-confirmation-accept", a, std::nullopt, {},
      {{"type", 43}, {"nethash", "0ab796cd"}, {"timestamp", 100000015}, {"recipientId", addr_b},
       {"amount", "300000000"},
       {"asset",
        {{"daoConfirmation",
          {{"contribution_trs_id",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"},
           {"state", 1},
           {"url", "https://example.org/merged/7"}}}}}});
  add("dao-confirmation-reject", a, std::nullopt, {},
      {{"type", 43}, {"nethash", "0ab796cd"}, {"timestamp", 100000016}, {"recipientId", addr_b},
       {"asset",
        {{"daoConfirmation",
          {{"contribution_trs_id",
            "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"},
           {"state", 0}}}}}});
  add("lock", a, std::nullopt, {},
      {{"type", 100}, {"nethash", "0ab796cd"}, {"timestamp", 100000009},
       {"asset", {{"lock", {{"height", 123456}}}}}});
  add("lock-max-height", c, std::nullopt, {},
      {{"type", 100}, {"nethash", "p2acrv2c"}, {"timestamp", 5},
       {"asset", {{"lock", {{"height", 9007199254740991}}}}}});
  add("aob-issuer", a, std::nullopt, {},
      {{"type", 60}, {"nethash", "0ab796cd"}, {"timestamp", 100000010},
       {"asset",
        {{"aobIssuer", {{"name", "Acme"}, {"desc", "Acme Corp. \u00e9t\u00e9 \U0001F4C4"}}}}}});
  add("aob-asset", a, second, {},
      {{"type", 61}, {"nethash", "0ab796cd"}, {"timestamp", 100000011},
       {"asset",
        {{"aobAsset",
          {{"name", "Acme.GOLD"},
           {"desc", "gold units"},
           {"maximum", "18446744073709551615"},
           {"precision", 16},
           {"strategy", "quantity < maximum"},
           {"allow_writeoff", "1"},
           {"allow_whitelist", "0"},
           {"allow_blacklist", "1"}}}}}});
  add("aob-asset-minimal", b, std::nullopt, {},
      {{"type", 61}, {"nethash", "0ab796cd"}, {"timestamp", 100000012},
       {"asset",
        {{"aobAsset",
          {{"name", "Z.ABC"},
           {"desc", "x"},
           {"maximum", "1"},
           {"precision", 0},
           {"allow_writeoff", "0"},
           {"allow_whitelist", "0"},
           {"allow_blacklist", "0"}}}}}});
  add("aob-flags", a, std::nullopt, {},
      {{"type", 62}, {"nethash", "0ab796cd"}, {"timestamp", 100000013},
       {"asset", {{"aobFlags", {{"currency", "Acme.GOLD"}, {"flag_type", 1}, {"flag", 1}}}}}});
  add("aob-acl", a, std::nullopt, {},
      {{"type", 63}, {"nethash", "0ab796cd"}, {"timestamp", 100000014},
       {"asset",
        {{"aobAcl",
          {{"currency", "Acme.GOLD"},
           {"flag", 0},
           {"operator", "-"},
           {"list", {addr_b, crypto::AddressOf(crypto::KeyPairFromPassphrase(c).public_key)}}}}}}});
  add("aob-issue", a, std::nullopt, {},
      {{"type", 64}, {"nethash", "0ab796cd"}, {"timestamp", 100000015},
       {"asset", {{"aobIssue", {{"currency", "Acme.GOLD"}, {"amount", "1000000"}}}}}});
  add("aob-transfer", a, std::nullopt, {},
      {{"type", 65}, {"nethash", "0ab796cd"}, {"timestamp", 100000016}, {"recipientId", addr_b},
       {"asset",
        {{"aobTransfer",
          {{"currency", "Acme.GOLD"}, {"amount", "250"}, {"content", "for you"}}}}}});
  add("aob-transfer-no-content", b, std::nullopt, {},
      {{"type", 65}, {"nethash", "0ab796cd"}, {"timestamp", 100000017}, {"recipientId", addr_a},
       {"asset",
        {{"aobTransfer", {{"currency", "Acme.GOLD"}, {"amount", "18446744073709551615"}}}}}});
  return v;
}

}  // namespace ddn::testing
