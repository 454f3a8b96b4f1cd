#include "chain/tx_rules.h"

#include <algorithm>
#include <set>

#include "chain/tx_codec.h"
#include "util/utf8.h"

namespace ddn::chain {

using util::ErrorCode;
using util::Status;

bool IsValidUsername(std::string_view username) {
  if (username.empty() || username.size() > kMaxUsernameLength) return false;
  for (char c : username) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    std::string_view("!@$&_.").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  // A name that reads as an address would let a delegate impersonate an account. (Addresses
  // start with an upper-case 'D', so the character set already excludes them; kept explicit.)
  return !crypto::ParseAddress(username).has_value();
}

namespace {

Status CheckAsset(const Transaction& tx) {
  if (const auto* registered = std::get_if<RegisteredAsset>(&tx.asset)) {
    const AssetType* type = FindAssetType(static_cast<uint8_t>(tx.type));
    if (type == nullptr || registered->type != type->id || !registered->payload) {
      return util::Error(ErrorCode::kInvalidField, "asset does not belong to the transaction type");
    }
    return type->check(tx, *registered->payload);
  }
  if (tx.asset.index() != static_cast<size_t>(tx.type)) {
    return util::Error(ErrorCode::kInvalidField, "asset does not belong to the transaction type");
  }
  auto bad_key = [](const PublicKey& key) { return !crypto::IsValidKeyPoint(key); };
  if (const auto* k = std::get_if<SecondSignatureAsset>(&tx.asset)) {
    if (bad_key(k->public_key)) {
      return util::Error(ErrorCode::kInvalidField, "asset.signature.publicKey is not a valid key");
    }
  } else if (const auto* d = std::get_if<DelegateAsset>(&tx.asset)) {
    if (!IsValidUsername(d->username)) {
      return util::Error(ErrorCode::kInvalidField,
                         "username must be 1..20 characters of a-z 0-9 ! @ $ & _ . and not an "
                         "address");
    }
  } else if (const auto* v = std::get_if<VoteAsset>(&tx.asset)) {
    if (v->votes.empty() || v->votes.size() > kMaxVotesPerTx) {
      return util::Error(ErrorCode::kInvalidField, "a vote holds 1..33 entries");
    }
    std::set<PublicKey> seen;
    for (const VoteOp& op : v->votes) {
      if (bad_key(op.delegate)) {
        return util::Error(ErrorCode::kInvalidField, "a vote names an invalid key");
      }
      if (!seen.insert(op.delegate).second) {
        return util::Error(ErrorCode::kInvalidField, "a vote names a delegate twice");
      }
    }
  } else if (const auto* m = std::get_if<MultisignatureAsset>(&tx.asset)) {
    if (m->members.empty() || m->members.size() > kMaxMultisigMembers) {
      return util::Error(ErrorCode::kInvalidField, "keysgroup holds 1..15 keys");
    }
    if (m->min < 2 || m->min > kMaxMultisigMin || m->min > m->members.size() + 1) {
      return util::Error(ErrorCode::kInvalidField, "min must be 2..15 and at most keysgroup + 1");
    }
    if (m->lifetime < 1 || m->lifetime > 24) {
      return util::Error(ErrorCode::kInvalidField, "lifetime must be 1..24 hours");
    }
    std::set<PublicKey> seen;
    for (const PublicKey& key : m->members) {
      if (key == tx.sender) {
        return util::Error(ErrorCode::kInvalidField, "keysgroup must not contain the sender");
      }
      if (!seen.insert(key).second) {
        return util::Error(ErrorCode::kInvalidField, "keysgroup names a key twice");
      }
      if (bad_key(key)) return util::Error(ErrorCode::kInvalidField, "keysgroup holds an invalid key");
    }
  }
  return Status::Ok();
}

}  // namespace

Status CheckTxFields(const Transaction& tx) {
  if (tx.nethash.empty() || tx.nethash.size() > kMaxNethashLength ||
      !std::all_of(tx.nethash.begin(), tx.nethash.end(),
                   [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'); })) {
    return util::Error(ErrorCode::kInvalidField, "nethash must be 1..32 characters of [0-9a-z]");
  }
  if (!IsKnownTxType(static_cast<uint8_t>(tx.type))) {
    return util::Error(ErrorCode::kUnsupportedType, "unknown transaction type");
  }
  if (tx.timestamp > kMaxTimestamp) {
    return util::Error(ErrorCode::kInvalidField, "timestamp must be 0..2147483647");
  }
  const bool transfer = tx.type == TxType::kTransfer;
  if (tx.recipient.has_value() != TakesRecipient(tx.type)) {
    return util::Error(ErrorCode::kInvalidField, RecipientRuleText(tx.type));
  }
  if (tx.recipient && *tx.recipient == crypto::AddressHashOf(tx.sender)) {
    return util::Error(ErrorCode::kInvalidField, "a transfer to the sender itself is refused");
  }
  if (transfer ? tx.amount == 0 : (!TakesAmount(tx.type) && tx.amount != 0)) {
    return util::Error(ErrorCode::kInvalidField,
                       transfer ? "amount must be positive" : "amount must be 0 for this type");
  }
  if (tx.amount > kMaxAmount) {
    return util::Error(ErrorCode::kInvalidField, "amount above the maximum of 10^18 base units");
  }
  const auto chars = util::CodePointCount(tx.message);
  if (!chars || *chars > kMaxMessageChars || tx.message.size() > kMaxMessageBytes) {
    return util::Error(ErrorCode::kInvalidField,
                       "message must be valid UTF-8 of at most 256 characters");
  }
  if (tx.cosignatures.size() > kMaxCosignatures) {
    return util::Error(ErrorCode::kInvalidField, "at most 16 co-signatures");
  }
  std::set<Signature> distinct(tx.cosignatures.begin(), tx.cosignatures.end());
  if (distinct.size() != tx.cosignatures.size()) {
    return util::Error(ErrorCode::kInvalidField, "a co-signature appears twice");
  }
  DDN_RETURN_IF_ERROR(CheckAsset(tx));
  const uint64_t fee = RequiredFee(tx.type, tx.asset);
  if (tx.fee != fee) {
    return util::Error(ErrorCode::kWrongFee, "fee must be " + std::to_string(fee) + " for type " +
                                                 std::string(TxTypeName(tx.type)) + ", got " +
                                                 std::to_string(tx.fee));
  }
  return Status::Ok();
}

Status CheckNativeCanonical(const Transaction& tx) {
  for (size_t i = 1; i < tx.cosignatures.size(); ++i) {
    if (!(tx.cosignatures[i - 1] < tx.cosignatures[i])) {
      return util::Error(ErrorCode::kNonCanonical,
                         "co-signatures must be in ascending byte order without repeats");
    }
  }
  return Status::Ok();
}

bool InsertCosignature(Transaction& tx, const Signature& signature) {
  auto it = std::lower_bound(tx.cosignatures.begin(), tx.cosignatures.end(), signature);
  if (it != tx.cosignatures.end() && *it == signature) return false;
  tx.cosignatures.insert(it, signature);
  return true;
}

Status VerifyTxSignatures(const Transaction& tx) {
  const Hash256 digest = TxSignDigest(tx);
  if (!crypto::Verify(digest, tx.signature, tx.sender)) {
    return util::Error(ErrorCode::kBadSignature, "signature does not verify");
  }
  if (const auto* group = std::get_if<MultisignatureAsset>(&tx.asset)) {
    return VerifyCosignatures(digest, tx.cosignatures, group->members);
  }
  return Status::Ok();
}

Status VerifyCosignatures(const Hash256& digest, const std::vector<Signature>& cosignatures,
                          const std::vector<PublicKey>& members) {
  std::vector<bool> used(members.size(), false);
  for (const Signature& cosig : cosignatures) {
    bool matched = false;
    for (size_t i = 0; i < members.size() && !matched; ++i) {
      if (!used[i] && crypto::Verify(digest, cosig, members[i])) used[i] = matched = true;
    }
    if (!matched) {
      return util::Error(ErrorCode::kBadCosignature,
                         "a co-signature verifies against no unused keysgroup member");
    }
  }
  return Status::Ok();
}

Status VerifySecondSignature(const Transaction& tx, const PublicKey& second_public_key) {
  if (!tx.second_signature) {
    return util::Error(ErrorCode::kBadSecondSignature, "second signature missing");
  }
  if (!crypto::Verify(TxSecondSignDigest(tx), *tx.second_signature, second_public_key)) {
    return util::Error(ErrorCode::kBadSecondSignature, "second signature does not verify");
  }
  return Status::Ok();
}

}  // namespace ddn::chain
