#include "chain/tx_codec.h"

#include "codec/byte_reader.h"
#include "codec/byte_writer.h"
#include "chain/tx_rules.h"

namespace ddn::chain {

using codec::ByteReader;
using codec::ByteWriter;
using util::ErrorCode;

namespace {

void WriteAsset(ByteWriter& w, const TxAsset& asset) {
  std::visit(
      [&](const auto& a) {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, SecondSignatureAsset>) {
          w.Raw(a.public_key);
        } else if constexpr (std::is_same_v<T, DelegateAsset>) {
          w.String(a.username);
        } else if constexpr (std::is_same_v<T, VoteAsset>) {
          w.Varint(a.votes.size());
          for (const VoteOp& op : a.votes) {
            w.U8(op.add ? '+' : '-');
            w.Raw(op.delegate);
          }
        } else if constexpr (std::is_same_v<T, MultisignatureAsset>) {
          w.U8(a.min);
          w.U8(a.lifetime);
          w.Varint(a.members.size());
          for (const PublicKey& key : a.members) w.Raw(key);
        } else if constexpr (std::is_same_v<T, RegisteredAsset>) {
          if (a.payload) a.payload->Encode(w);
        }
      },
      asset);
}

void WriteBody(ByteWriter& w, const Transaction& tx) {
  w.Raw(kTxMagic);
  w.U8(static_cast<uint8_t>(tx.nethash.size()));
  w.Raw(util::AsBytes(tx.nethash));
  w.U8(static_cast<uint8_t>(tx.type));
  w.U32(tx.timestamp);
  w.Raw(tx.sender);
  w.U8(tx.recipient ? 1 : 0);
  if (tx.recipient) w.Raw(*tx.recipient);
  w.U64(tx.amount);
  w.U64(tx.fee);
  w.String(tx.message);
  WriteAsset(w, tx.asset);
}

void WriteSecond(ByteWriter& w, const Transaction& tx) {
  w.U8(tx.second_signature ? 1 : 0);
  if (tx.second_signature) w.Raw(*tx.second_signature);
}

TxAsset ReadAsset(ByteReader& r, TxType type) {
  switch (type) {
    case TxType::kTransfer:
      return TransferAsset{};
    case TxType::kSecondSignature:
      return SecondSignatureAsset{r.Fixed<32>()};
    case TxType::kDelegate:
      return DelegateAsset{r.String(kMaxUsernameLength, "username")};
    case TxType::kVote: {
      VoteAsset a;
      const size_t n = r.Varint(kMaxVotesPerTx, "vote count");
      for (size_t i = 0; i < n && r.ok(); ++i) {
        const uint8_t op = r.U8();
        if (op != '+' && op != '-') r.Fail(ErrorCode::kInvalidField, "vote must start with + or -");
        a.votes.push_back(VoteOp{op == '+', r.Fixed<32>()});
      }
      return a;
    }
    case TxType::kMultisignature: {
      MultisignatureAsset a;
      a.min = r.U8();
      a.lifetime = r.U8();
      const size_t n = r.Varint(kMaxMultisigMembers, "multisignature member count");
      for (size_t i = 0; i < n && r.ok(); ++i) a.members.push_back(r.Fixed<32>());
      return a;
    }
  }
  const AssetType* registered = FindAssetType(static_cast<uint8_t>(type));
  if (registered == nullptr) {
    r.Fail(ErrorCode::kUnsupportedType, "unknown transaction type");
    return TransferAsset{};
  }
  return RegisteredAsset{registered->id, registered->decode(r)};
}

}  // namespace

util::Bytes EncodeTxBody(const Transaction& tx) {
  ByteWriter w;
  WriteBody(w, tx);
  return w.Take();
}

util::Bytes EncodeTransaction(const Transaction& tx) {
  ByteWriter w;
  WriteBody(w, tx);
  w.Raw(tx.signature);
  WriteSecond(w, tx);
  w.Varint(tx.cosignatures.size());
  for (const Signature& s : tx.cosignatures) w.Raw(s);
  return w.Take();
}

util::Result<Transaction> DecodeTransaction(util::ByteSpan bytes) {
  ByteReader r(bytes);
  Transaction tx;
  const auto magic = r.Fixed<4>();
  if (r.ok() && !std::equal(magic.begin(), magic.end(), kTxMagic)) {
    return util::Error(ErrorCode::kMalformed, "not a native transaction (bad magic or version)");
  }
  const size_t nethash_len = r.U8();
  if (r.ok() && (nethash_len == 0 || nethash_len > kMaxNethashLength)) {
    r.Fail(ErrorCode::kInvalidField, "nethash length must be 1..32");
  }
  for (size_t i = 0; i < nethash_len && r.ok(); ++i) {
    const char c = static_cast<char>(r.U8());
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))) {
      r.Fail(ErrorCode::kInvalidField, "nethash must be [0-9a-z]");
    }
    tx.nethash.push_back(c);
  }
  const uint8_t type = r.U8();
  if (r.ok() && !IsKnownTxType(type)) {
    return util::Error(ErrorCode::kUnsupportedType,
                       "unknown transaction type " + std::to_string(type));
  }
  tx.type = static_cast<TxType>(type);
  tx.timestamp = r.U32();
  if (tx.timestamp > kMaxTimestamp) r.Fail(ErrorCode::kInvalidField, "timestamp above 2^31-1");
  tx.sender = r.Fixed<32>();
  if (r.Presence("recipient")) tx.recipient = r.Fixed<20>();
  if (r.ok() && tx.recipient.has_value() != TakesRecipient(tx.type)) {
    r.Fail(ErrorCode::kInvalidField, RecipientRuleText(tx.type));
  }
  tx.amount = r.U64();
  tx.fee = r.U64();
  tx.message = r.String(kMaxMessageBytes, "message");
  tx.asset = ReadAsset(r, tx.type);
  tx.signature = r.Fixed<64>();
  if (r.Presence("second signature")) tx.second_signature = r.Fixed<64>();
  const size_t cosigs = r.Varint(kMaxCosignatures, "co-signature count");
  for (size_t i = 0; i < cosigs && r.ok(); ++i) tx.cosignatures.push_back(r.Fixed<64>());
  r.ExpectEnd();
  if (!r.ok()) return r.status();
  DDN_RETURN_IF_ERROR(CheckTxFields(tx));
  DDN_RETURN_IF_ERROR(CheckNativeCanonical(tx));
  return tx;
}

Hash256 TxSignDigest(const Transaction& tx) { return crypto::Sha256(EncodeTxBody(tx)); }

Hash256 TxSecondSignDigest(const Transaction& tx) {
  ByteWriter w;
  WriteBody(w, tx);
  w.Raw(tx.signature);
  return crypto::Sha256(w.bytes());
}

Hash256 TxIdHash(const Transaction& tx) {
  ByteWriter w;
  WriteBody(w, tx);
  w.Raw(tx.signature);
  WriteSecond(w, tx);
  return crypto::Sha256(w.bytes());
}

std::string TxId(const Transaction& tx) { return util::ToHex(TxIdHash(tx)); }

}  // namespace ddn::chain
