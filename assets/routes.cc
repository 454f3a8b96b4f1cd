#include "assets/routes.h"

namespace ddn::assets {

void AddAssetRoutes(http::Router& router, const api::ApiContext& ctx) {
  dao::AddRoutes(router, ctx);
  evidence::AddRoutes(router, ctx);
  aob::AddRoutes(router, ctx);
}

}  // namespace ddn::assets
