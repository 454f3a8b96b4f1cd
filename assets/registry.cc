#include "assets/registry.h"

#include <cstdlib>
#include <mutex>

#include "assets/aob/aob.h"
#include "assets/dao/dao.h"
#include "assets/evidence/evidence.h"
#include "assets/lock/lock.h"

namespace ddn::assets {

namespace {

struct Entry {
  const chain::AssetType& (*type)();
  const state::AssetRules& (*rules)();
};

// Adding a type: one folder under assets/ and one line here.
constexpr Entry kAssetTypes[] = {
    {&evidence::Type, &evidence::Rules},
    {&dao::OrgType, &dao::OrgRules},
    {&dao::ExchangeType, &dao::ExchangeRules},
    {&dao::ContributionType, &dao::ContributionRules},
    {&dao::ConfirmationType, &dao::ConfirmationRules},
    {&lock::Type, &lock::Rules},
    {&aob::IssuerTxType, &aob::IssuerTxRules},
    {&aob::AssetTxType, &aob::AssetTxRules},
    {&aob::FlagsTxType, &aob::FlagsTxRules},
    {&aob::AclTxType, &aob::AclTxRules},
    {&aob::IssueTxType, &aob::IssueTxRules},
    {&aob::TransferTxType, &aob::TransferTxRules},
};

}  // namespace

void RegisterAll() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (const Entry& e : kAssetTypes) {
      const chain::AssetType& type = e.type();
      // Both fail only for a second registration of the same id: a bug in this list.
      if (!chain::RegisterAssetType(type) || !state::RegisterAssetRules(type.id, &e.rules())) {
        std::abort();
      }
    }
  });
}

}  // namespace ddn::assets
