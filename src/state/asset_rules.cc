#include "state/asset_rules.h"

#include <array>

namespace ddn::state {

namespace {

std::array<const AssetRules*, 256>& Table() {
  static std::array<const AssetRules*, 256> table{};
  return table;
}

}  // namespace

bool RegisterAssetRules(uint8_t type, const AssetRules* rules) {
  if (Table()[type] != nullptr || rules == nullptr) return false;
  Table()[type] = rules;
  return true;
}

const AssetRules* FindAssetRules(uint8_t type) { return Table()[type]; }

}  // namespace ddn::state
