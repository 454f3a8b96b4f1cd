#include "compat/legacy_tx.h"

#include "chain/tx_json.h"
#include "chain/tx_rules.h"
#include "compat/legacy_bytes.h"
#include "crypto/hash.h"
#include "util/amount.h"

namespace ddn::compat {

using chain::PublicKey;
using chain::Transaction;
using chain::TxType;
using codec::Json;
using codec::JsonObjectReader;
using util::ErrorCode;

namespace {

util::Status BadField(const std::string& name, const std::string& what) {
  return util::Error(ErrorCode::kInvalidField, name + " " + what);
}

template <size_t N>
util::Status ReadHex(const Json& obj, const char* key, std::array<uint8_t, N>& out) {
  auto it = obj.find(key);
  if (it == obj.end()) return util::Error(ErrorCode::kMissingField, std::string("missing ") + key);
  auto v = codec::FixedHexOf<N>(*it);
  if (!v) return BadField(key, "must be " + std::to_string(2 * N) + " lowercase hex characters");
  out = *v;
  return util::Status::Ok();
}

crypto::Hash256 SignDigest(const Json& json) {
  return crypto::Sha256(LegacyBytes(json, {.skip_signature = true, .skip_second_signature = true}));
}

}  // namespace

util::Result<LegacyTx> ParseLegacyTx(const Json& json) {
  JsonObjectReader r(json, "");
  if (!r.ok()) return r.status();
  const int64_t type = r.Integer("type", INT32_MIN, INT32_MAX);
  if (!r.ok()) return r.status();
  if (type < 0 || type > 4) {
    return util::Error(ErrorCode::kLegacyTypeUnsupported,
                       "legacy (DDN client) transactions of type " + std::to_string(type) +
                           " are refused: their signed bytes concatenate free-text fields without "
                           "separators, so a relay could alter them undetected; build it in the "
                           "native format instead");
  }
  const auto tx_type = static_cast<TxType>(type);
  if (tx_type == TxType::kTransfer) {
    r.Only({"type", "nethash", "amount", "fee", "recipientId", "message", "timestamp", "asset",
            "senderPublicKey", "signature", "sign_signature", "signatures", "id"});
  } else {
    r.Only({"type", "nethash", "amount", "fee", "recipientId", "timestamp", "asset",
            "senderPublicKey", "signature", "sign_signature", "signatures", "id"});
  }
  LegacyTx out;
  Transaction& tx = out.tx;
  tx.type = tx_type;
  tx.nethash = r.String("nethash");
  tx.timestamp = static_cast<uint32_t>(r.Integer("timestamp", 0, chain::kMaxTimestamp));
  for (auto [key, target] : {std::pair{"amount", &tx.amount}, std::pair{"fee", &tx.fee}}) {
    const std::string text = r.String(key);
    if (!r.ok()) break;
    auto value = util::ParseCanonicalAmount(text);
    if (!value) {
      r.Fail(ErrorCode::kInvalidField, std::string(key) + " \"" + text.substr(0, 40) +
                                           "\" is not a canonical decimal string of base units");
    }
    *target = value.value_or(0);
  }
  if (!r.ok()) return r.status();
  if (!r.Has("recipientId")) return util::Error(ErrorCode::kMissingField, "missing recipientId");
  if (tx_type == TxType::kTransfer) {
    const std::string recipient = r.String("recipientId");
    if (!r.ok()) return r.status();
    tx.recipient = crypto::ParseAddress(recipient);
    if (!tx.recipient) return BadField("recipientId", "is not a valid address");
  } else if (!json["recipientId"].is_null()) {
    return BadField("recipientId", "must be null for this type");
  }
  // The js-sdk builder emits "message": null when none is given; the reference drops null keys.
  if (auto message = r.OptionalString("message", /*null_allowed=*/true)) tx.message = *message;
  const Json& asset = r.Object("asset");
  const std::string id = r.String("id");
  if (!r.ok()) return r.status();
  DDN_RETURN_IF_ERROR(ReadHex(json, "senderPublicKey", tx.sender));
  DDN_RETURN_IF_ERROR(ReadHex(json, "signature", tx.signature));
  if (json.contains("sign_signature")) {
    chain::Signature s;
    DDN_RETURN_IF_ERROR(ReadHex(json, "sign_signature", s));
    tx.second_signature = s;
  }
  if (json.contains("signatures")) {
    const Json& sigs = json["signatures"];
    if (!sigs.is_array() || sigs.size() > chain::kMaxCosignatures) {
      return BadField("signatures", "must be an array of at most 16 signatures");
    }
    for (const Json& s : sigs) {
      auto sig = codec::FixedHexOf<64>(s);
      if (!sig) return BadField("signatures", "entries must be 128 lowercase hex characters");
      tx.cosignatures.push_back(*sig);
    }
  }
  DDN_ASSIGN_OR_RETURN(tx.asset, chain::TxAssetFromJson(asset, tx_type, tx.sender));
  DDN_RETURN_IF_ERROR(chain::CheckTxFields(tx));
  out.id = util::ToHex(crypto::Sha256(LegacyBytes(json, {})));
  if (id != out.id) return util::Error(ErrorCode::kIdMismatch, "id does not match the transaction");
  out.json = json;
  return out;
}

crypto::Hash256 LegacySignDigest(const LegacyTx& legacy) { return SignDigest(legacy.json); }

util::Status VerifyLegacySignatures(const LegacyTx& legacy) {
  const crypto::Hash256 digest = SignDigest(legacy.json);
  if (!crypto::Verify(digest, legacy.tx.signature, legacy.tx.sender)) {
    return util::Error(ErrorCode::kBadSignature, "signature does not verify");
  }
  if (const auto* group = std::get_if<chain::MultisignatureAsset>(&legacy.tx.asset)) {
    return chain::VerifyCosignatures(digest, legacy.tx.cosignatures, group->members);
  }
  return util::Status::Ok();
}

util::Status VerifyLegacySecondSignature(const LegacyTx& legacy,
                                         const PublicKey& second_public_key) {
  if (!legacy.tx.second_signature) {
    return util::Error(ErrorCode::kBadSecondSignature, "second signature missing");
  }
  const auto digest =
      crypto::Sha256(LegacyBytes(legacy.json, {.skip_second_signature = true}));
  if (!crypto::Verify(digest, *legacy.tx.second_signature, second_public_key)) {
    return util::Error(ErrorCode::kBadSecondSignature, "second signature does not verify");
  }
  return util::Status::Ok();
}

}  // namespace ddn::compat
