// API routes of the types under assets/ (each type's routes.cc), registered by the node next to
// api::RegisterApi. One line per type in routes.cc.
// Thread safety: as api::RegisterApi (register before the server starts).
#pragma once

#include "api/api.h"

namespace ddn::assets {

void AddAssetRoutes(http::Router& router, const api::ApiContext& ctx);

namespace aob {
void AddRoutes(http::Router& router, const api::ApiContext& ctx);
}  // namespace aob
namespace dao {
void AddRoutes(http::Router& router, const api::ApiContext& ctx);
}  // namespace dao

namespace evidence {
void AddRoutes(http::Router& router, const api::ApiContext& ctx);
}  // namespace evidence

}  // namespace ddn::assets
