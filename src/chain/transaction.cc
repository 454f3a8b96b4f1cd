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
  return "unknown";
}

bool IsKnownTxType(uint8_t type) { return type <= static_cast<uint8_t>(TxType::kMultisignature); }

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
  return 0;
}

}  // namespace ddn::chain
