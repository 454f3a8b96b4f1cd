// API routes of the types under assets/ (each type's routes.cc), registered by the node next to
// api::RegisterApi. One line per type in routes.cc.
// Thread safety: as api::RegisterApi (register before the server starts).
#pragma once

#include <functional>
#include <string_view>

#include "api/api.h"

namespace ddn::assets {

void AddAssetRoutes(http::Router& router, const api::ApiContext& ctx);

// One stored record as a row of a listing, or null to leave it out.
using RowOf = std::function<util::Result<nlohmann::json>(const kernel::Chain& chain,
                                                          std::string_view key, std::string_view value)>;
// A page of the rows `row` makes from the records under `prefix`, in key order: pageindex from 1,
// pagesize 1..100 (default 50); answers {"result": {"rows", "total"}} (total: rows of every page).
http::Response ListPage(const api::ApiContext& ctx, const http::Request& req, std::string_view prefix,
                        const RowOf& row);

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
