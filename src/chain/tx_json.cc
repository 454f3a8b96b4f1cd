#include "chain/tx_json.h"

#include "chain/tx_codec.h"
#include "chain/tx_rules.h"
#include "util/amount.h"

namespace ddn::chain {

using codec::Json;
using codec::JsonObjectReader;
using util::ErrorCode;

namespace {

std::string Hex(util::ByteSpan b) { return util::ToHex(b); }

Json AssetToJson(const Transaction& tx) {
  Json asset = Json::object();
  std::visit(
      [&](const auto& a) {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, SecondSignatureAsset>) {
          asset["signature"] = {{"publicKey", Hex(a.public_key)}};
        } else if constexpr (std::is_same_v<T, DelegateAsset>) {
          asset["delegate"] = {{"username", a.username}, {"publicKey", Hex(tx.sender)}};
        } else if constexpr (std::is_same_v<T, VoteAsset>) {
          Json votes = Json::array();
          for (const VoteOp& op : a.votes) votes.push_back((op.add ? "+" : "-") + Hex(op.delegate));
          asset["vote"] = {{"votes", votes}};
        } else if constexpr (std::is_same_v<T, MultisignatureAsset>) {
          Json keys = Json::array();
          for (const PublicKey& k : a.members) keys.push_back("+" + Hex(k));
          asset["multisignature"] = {{"min", a.min}, {"lifetime", a.lifetime}, {"keysgroup", keys}};
        } else if constexpr (std::is_same_v<T, RegisteredAsset>) {
          const AssetType* type = FindAssetType(a.type);
          if (type && a.payload) asset[std::string(type->json_key)] = a.payload->ToJson();
        }
      },
      tx.asset);
  return asset;
}

// Reads a lowercase-hex key of exactly N bytes; records an error on `r` otherwise.
template <size_t N>
std::array<uint8_t, N> HexField(JsonObjectReader& r, std::string_view key) {
  const std::string text = r.String(key);
  if (!r.ok()) return {};
  auto value = util::FromHexFixed<N>(text);
  if (!value) {
    r.Fail(ErrorCode::kInvalidField, r.FieldName(key) + " must be " + std::to_string(2 * N) +
                                         " lowercase hex characters");
    return {};
  }
  return *value;
}

// "+<hex>" or "-<hex>" entries of a vote or keysgroup array.
util::Result<std::vector<VoteOp>> SignedKeys(const Json& array, const std::string& name,
                                             size_t max) {
  if (array.empty() || array.size() > max) {
    return util::Error(ErrorCode::kInvalidField,
                       name + " must hold 1.." + std::to_string(max) + " entries");
  }
  std::vector<VoteOp> out;
  for (const Json& e : array) {
    const std::string s = e.is_string() ? e.get<std::string>() : "";
    auto key = s.empty() ? std::nullopt : util::FromHexFixed<32>(std::string_view(s).substr(1));
    if (!key || (s[0] != '+' && s[0] != '-')) {
      return util::Error(ErrorCode::kInvalidField,
                         name + " entries must be \"+\" or \"-\" and 64 lowercase hex characters");
    }
    out.push_back(VoteOp{s[0] == '+', *key});
  }
  return out;
}

}  // namespace

util::Result<TxAsset> TxAssetFromJson(const Json& asset, TxType type, const PublicKey& sender) {
  JsonObjectReader r(asset, "asset");
  switch (type) {
    case TxType::kTransfer:
      r.Only({});
      if (!r.ok()) return r.status();
      return TxAsset(TransferAsset{});
    case TxType::kSecondSignature: {
      r.Only({"signature"});
      JsonObjectReader s(r.Object("signature"), "asset.signature");
      if (!r.ok()) return r.status();
      s.Only({"publicKey"});
      SecondSignatureAsset a{HexField<32>(s, "publicKey")};
      if (!s.ok()) return s.status();
      return TxAsset(a);
    }
    case TxType::kDelegate: {
      r.Only({"delegate"});
      JsonObjectReader d(r.Object("delegate"), "asset.delegate");
      if (!r.ok()) return r.status();
      d.Only({"username", "publicKey"});
      DelegateAsset a{d.String("username")};
      const PublicKey key = HexField<32>(d, "publicKey");
      if (!d.ok()) return d.status();
      if (key != sender) {
        return util::Error(ErrorCode::kInvalidField,
                           "asset.delegate.publicKey must be the sender's public key");
      }
      return TxAsset(a);
    }
    case TxType::kVote: {
      r.Only({"vote"});
      JsonObjectReader v(r.Object("vote"), "asset.vote");
      if (!r.ok()) return r.status();
      v.Only({"votes"});
      const Json& votes = v.Array("votes");
      if (!v.ok()) return v.status();
      DDN_ASSIGN_OR_RETURN(auto ops, SignedKeys(votes, "asset.vote.votes", kMaxVotesPerTx));
      return TxAsset(VoteAsset{std::move(ops)});
    }
    case TxType::kMultisignature: {
      r.Only({"multisignature"});
      JsonObjectReader m(r.Object("multisignature"), "asset.multisignature");
      if (!r.ok()) return r.status();
      m.Only({"min", "lifetime", "keysgroup"});
      MultisignatureAsset a;
      a.min = static_cast<uint8_t>(m.Integer("min", 0, 255));
      a.lifetime = static_cast<uint8_t>(m.Integer("lifetime", 0, 255));
      const Json& keys = m.Array("keysgroup");
      if (!m.ok()) return m.status();
      DDN_ASSIGN_OR_RETURN(auto ops,
                           SignedKeys(keys, "asset.multisignature.keysgroup", kMaxMultisigMembers));
      for (const VoteOp& op : ops) {
        if (!op.add) {
          return util::Error(ErrorCode::kInvalidField, "keysgroup entries must start with \"+\"");
        }
        a.members.push_back(op.delegate);
      }
      return TxAsset(a);
    }
  }
  const AssetType* registered = FindAssetType(static_cast<uint8_t>(type));
  if (registered == nullptr) {
    return util::Error(ErrorCode::kUnsupportedType, "unknown transaction type");
  }
  const std::string key(registered->json_key);
  r.Only({key});
  const Json& value = r.Object(key);
  if (!r.ok()) return r.status();
  DDN_ASSIGN_OR_RETURN(AssetPayloadPtr payload, registered->from_json(value));
  return TxAsset(RegisteredAsset{registered->id, std::move(payload)});
}

Json TxToJson(const Transaction& tx) {
  Json j = {
      {"version", kTxFormatVersion},
      {"type", static_cast<int>(tx.type)},
      {"nethash", tx.nethash},
      {"timestamp", tx.timestamp},
      {"senderPublicKey", Hex(tx.sender)},
      {"amount", util::FormatAmount(tx.amount)},
      {"fee", util::FormatAmount(tx.fee)},
      {"asset", AssetToJson(tx)},
      {"signature", Hex(tx.signature)},
      {"id", TxId(tx)},
  };
  if (tx.recipient) j["recipientId"] = crypto::AddressFromHash(*tx.recipient);
  if (!tx.message.empty()) j["message"] = tx.message;
  if (tx.second_signature) j["sign_signature"] = Hex(*tx.second_signature);
  if (!tx.cosignatures.empty()) {
    Json sigs = Json::array();
    for (const Signature& s : tx.cosignatures) sigs.push_back(Hex(s));
    j["signatures"] = sigs;
  }
  return j;
}

util::Result<Transaction> TxFromJson(const Json& json) {
  JsonObjectReader r(json, "");
  r.Only({"version", "type", "nethash", "timestamp", "senderPublicKey", "recipientId", "amount",
          "fee", "message", "asset", "signature", "sign_signature", "signatures", "id"});
  Transaction tx;
  r.Integer("version", kTxFormatVersion, kTxFormatVersion);
  const int64_t type = r.Integer("type", 0, 255);
  if (r.ok() && !IsKnownTxType(static_cast<uint8_t>(type))) {
    return util::Error(ErrorCode::kUnsupportedType,
                       "unknown transaction type " + std::to_string(type));
  }
  tx.type = static_cast<TxType>(type);
  tx.nethash = r.String("nethash");
  tx.timestamp = static_cast<uint32_t>(r.Integer("timestamp", 0, kMaxTimestamp));
  tx.sender = HexField<32>(r, "senderPublicKey");
  if (auto recipient = r.OptionalString("recipientId")) {
    tx.recipient = crypto::ParseAddress(*recipient);
    if (!tx.recipient) r.Fail(ErrorCode::kInvalidField, "recipientId is not a valid address");
  }
  for (auto [key, target] : {std::pair{"amount", &tx.amount}, std::pair{"fee", &tx.fee}}) {
    const std::string text = r.String(key);
    if (!r.ok()) break;
    auto value = util::ParseCanonicalAmount(text);
    if (!value) {
      r.Fail(ErrorCode::kInvalidField,
             std::string(key) + " must be a decimal string of base units without leading zeros");
    }
    *target = value.value_or(0);
  }
  if (auto message = r.OptionalString("message")) {
    if (message->empty()) r.Fail(ErrorCode::kNonCanonical, "an empty message is omitted");
    tx.message = *message;
  }
  const Json& asset = r.Object("asset");
  tx.signature = HexField<64>(r, "signature");
  if (r.Has("sign_signature")) tx.second_signature = HexField<64>(r, "sign_signature");
  if (r.ok() && r.Has("signatures")) {
    const Json& sigs = r.Array("signatures");
    if (r.ok() && (sigs.empty() || sigs.size() > kMaxCosignatures)) {
      r.Fail(ErrorCode::kInvalidField, "signatures must hold 1..16 entries when present");
    }
    for (const Json& s : sigs) {
      auto sig = codec::FixedHexOf<64>(s);
      if (!sig) {
        r.Fail(ErrorCode::kInvalidField, "signatures entries must be 128 lowercase hex characters");
        break;
      }
      tx.cosignatures.push_back(*sig);
    }
  }
  const std::string id = r.String("id");
  if (!r.ok()) return r.status();
  DDN_ASSIGN_OR_RETURN(tx.asset, TxAssetFromJson(asset, tx.type, tx.sender));
  DDN_RETURN_IF_ERROR(CheckTxFields(tx));
  DDN_RETURN_IF_ERROR(CheckNativeCanonical(tx));
  if (id != TxId(tx)) {
    return util::Error(ErrorCode::kIdMismatch, "id does not match the transaction");
  }
  return tx;
}

}  // namespace ddn::chain
