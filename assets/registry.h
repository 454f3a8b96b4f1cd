// The one list of transaction types defined under assets/ (type ids never change):
//   20 evidence, 100 lock.
// RegisterAll() registers each type's codec and stateless rules with the chain layer
// (chain/asset_type.h) and its state rules with the state layer (state/asset_rules.h). Every
// program that reads or applies transactions calls it once at start (ddnd, ddn, the vector
// generator, test fixtures); it is idempotent and thread-safe.
#pragma once

namespace ddn::assets {

void RegisterAll();

}  // namespace ddn::assets
