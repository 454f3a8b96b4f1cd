#include "chain/transaction.h"

namespace ddn::chain {

std::string_view TxTypeName(TxType type) {
  switch (type) {
    case TxType::kTransfer: return "transfer";
    case TxType::kSecondSignature: return "second-signature";
    case TxType::kDelegate: return "delegate";
    case TxType::kVote: return "vote";
    case TxType::kMultisignature: return "multisig";
  }
  const AssetType* registered = FindAssetType(static_cast<uint8_t>(type));
  return registered ? registered->name : "unknown";
}

bool IsKnownTxType(uint8_t type) {
  return type <= static_cast<uint8_t>(TxType::kMultisignature) || FindAssetType(type) != nullptr;
}

bool TakesRecipient(TxType type) {
  if (type == TxType::kTransfer) return true;
  const AssetType* registered = FindAssetType(static_cast<uint8_t>(type));
  return registered && registered->has_recipient;
}

std::string RecipientRuleText(TxType type) {
  if (static_cast<uint8_t>(type) <= static_cast<uint8_t>(TxType::kMultisignature)) {
    return "a recipient is required for transfers and only for them";
  }
  return std::string(TakesRecipient(type) ? "a recipient is required for type "
                                          : "a recipient is not allowed for type ") +
         std::string(TxTypeName(type));
}

bool TakesAmount(TxType type) {
  if (type == TxType::kTransfer) return true;
  const AssetType* registered = FindAssetType(static_cast<uint8_t>(type));
  return registered && registered->has_amount;
}

uint64_t RequiredFee(TxType type, const TxAsset& asset) {
  constexpr uint64_t kDdn = 100'000'000;
  switch (type) {
    case TxType::kTransfer: return kDdn / 10;
    case TxType::kSecondSignature: return 5 * kDdn;
    case TxType::kDelegate: return 100 * kDdn;
    case TxType::kVote: return kDdn / 10;
    case TxType::kMultisignature: {
      const auto* group = std::get_if<MultisignatureAsset>(&asset);
      const uint64_t members = group ? group->members.size() : 0;
      return 5 * kDdn * (members + 1);
    }
  }
  const AssetType* registered = FindAssetType(static_cast<uint8_t>(type));
  const auto* payload = std::get_if<RegisteredAsset>(&asset);
  if (registered && payload && payload->payload) return registered->fee(*payload->payload);
  return 0;
}

}  // namespace ddn::chain
