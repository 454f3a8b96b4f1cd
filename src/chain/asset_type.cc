#include "chain/asset_type.h"

#include <array>

namespace ddn::chain {

namespace {

// Indexed by type id; filled at start-up, read-only afterwards (see the header).
std::array<AssetType, 256>& Table() {
  static std::array<AssetType, 256> table{};
  return table;
}

}  // namespace

bool RegisterAssetType(const AssetType& type) {
  AssetType& slot = Table()[type.id];
  if (slot.decode != nullptr || type.decode == nullptr) return false;
  slot = type;
  return true;
}

const AssetType* FindAssetType(uint8_t id) {
  const AssetType& slot = Table()[id];
  return slot.decode != nullptr ? &slot : nullptr;
}

std::vector<const AssetType*> RegisteredAssetTypes() {
  std::vector<const AssetType*> out;
  for (const AssetType& t : Table()) {
    if (t.decode != nullptr) out.push_back(&t);
  }
  return out;
}

}  // namespace ddn::chain
