#include "assets/routes.h"

#include "api/api_util.h"

namespace ddn::assets {

void AddAssetRoutes(http::Router& router, const api::ApiContext& ctx) {
  dao::AddRoutes(router, ctx);
  evidence::AddRoutes(router, ctx);
  aob::AddRoutes(router, ctx);
}

http::Response ListPage(const api::ApiContext& ctx, const http::Request& req, std::string_view prefix,
                        const RowOf& row) {
  api::Params p(req);
  util::Status error;
  auto page = p.Int("pageindex", 1, 1, 1'000'000, &error);
  auto size = page ? p.Int("pagesize", 50, 1, 100, &error) : std::nullopt;
  if (!page || !size) return api::Fail(error);
  return ctx.service->Read([&](const kernel::Chain& chain, const kernel::TxPool&) {
    nlohmann::json rows = nlohmann::json::array();
    uint64_t total = 0;
    const uint64_t first = static_cast<uint64_t>((*page - 1) * *size);
    util::Status inner = util::Status::Ok();
    util::Status s = chain.db().Scan(prefix, false, [&](std::string_view k, std::string_view v) {
      auto r = row(chain, k, v);
      if (!r.ok()) {
        inner = r.status();
        return false;
      }
      if (r->is_null()) return true;
      if (total >= first && rows.size() < static_cast<size_t>(*size)) rows.push_back(std::move(*r));
      ++total;
      return true;
    });
    if (s.ok()) s = inner;
    if (!s.ok()) return api::Fail(s);
    return api::Ok({{"result", {{"rows", rows}, {"total", total}}}});
  });
}

}  // namespace ddn::assets
