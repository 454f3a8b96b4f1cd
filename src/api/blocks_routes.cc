// /api/blocks…: blocks by height or id, lists, chain status (reference §6.2).
#include "api/api_util.h"
#include "api/routes.h"
#include "consensus/dpos.h"

namespace ddn::api {

using nlohmann::json;
using util::ErrorCode;

namespace {

json BlockAnswer(const block::Block& b, uint64_t tip, bool full) {
  json j = block::BlockToJson(b, full);
  j["confirmations"] = tip + 1 - b.header.height;
  return j;
}

// The block named by ?id= or ?height=.
util::Result<block::Block> FindBlock(const kernel::Chain& chain, const Params& p) {
  std::optional<uint64_t> height;
  if (auto id_text = p.Get("id")) {
    auto id = ParseIdParam(id_text);
    if (!id) return util::Error(ErrorCode::kInvalidField, "id: 64 lowercase hex characters");
    DDN_ASSIGN_OR_RETURN(height, chain.HeightOfBlock(*id));
  } else if (auto h = p.Get("height")) {
    util::Status error;
    auto v = p.Int("height", 0, 1, INT64_MAX, &error);
    if (!v) return error;
    height = static_cast<uint64_t>(*v);
  } else {
    return util::Error(ErrorCode::kMissingField, "give id or height");
  }
  if (!height) return util::Error(ErrorCode::kNotFound, "block not found");
  DDN_ASSIGN_OR_RETURN(std::optional<block::Block> b, chain.BlockAt(*height));
  if (!b) return util::Error(ErrorCode::kNotFound, "block not found");
  return std::move(*b);
}

json Status(const kernel::Chain& chain) {
  const auto& p = chain.options().params;
  const uint64_t h = chain.tip().height;
  return {{"height", std::to_string(h)},
          {"fee", std::to_string(chain::RequiredFee(chain::TxType::kTransfer, {}))},
          {"milestone", consensus::MilestoneIndex(h, p)},
          {"reward", std::to_string(consensus::BlockReward(h, p))},
          {"supply", std::to_string(consensus::Supply(h, chain.options().total_supply, p))}};
}

}  // namespace

void AddBlockRoutes(http::Router& router, const ApiContext& ctx) {
  for (const char* path : {"/api/blocks/get", "/api/blocks/full"}) {
    const bool full = std::string_view(path).ends_with("full");
    router.Add("GET", path, [ctx, full](const http::Request& req) {
      Params p(req);
      return ctx.service->Read([&](const kernel::Chain& chain, const kernel::TxPool&) {
        auto b = FindBlock(chain, p);
        if (!b.ok()) return Fail(b.status());
        return Ok({{"block", BlockAnswer(*b, chain.tip().height, full)}});
      });
    });
  }
  router.Add("GET", "/api/blocks", [ctx](const http::Request& req) {
    Params p(req);
    util::Status error;
    const auto limit = p.Int("limit", 20, 1, 100, &error);
    const auto offset = p.Int("offset", 0, 0, INT64_MAX, &error);
    if (!limit || !offset) return Fail(error);
    const std::string order = p.Get("orderBy").value_or("height:desc");
    if (order != "height:desc" && order != "height:asc") {
      return Fail(ErrorCode::kInvalidField, "orderBy: height:asc or height:desc");
    }
    auto generator = p.Get("generatorPublicKey");
    auto generator_key = ParseKeyParam(generator);
    if (generator && !generator_key) return Fail(ErrorCode::kInvalidField, "generatorPublicKey");
    return ctx.service->Read([&](const kernel::Chain& chain, const kernel::TxPool&) {
      const uint64_t tip = chain.tip().height;
      json blocks = json::array();
      uint64_t skipped = 0, count = 0;
      const bool desc = order == "height:desc";
      // Without a filter the count is the height; with one, the scan is bounded to 10,000 blocks.
      const uint64_t scan_limit = generator_key ? 10'000 : tip;
      for (uint64_t i = 0; i < std::min(tip, scan_limit); ++i) {
        const uint64_t h = desc ? tip - i : i + 1;
        if (!generator_key && blocks.size() >= static_cast<size_t>(*limit)) break;
        auto b = chain.BlockAt(h);
        if (!b.ok()) return Fail(b.status());
        if (!*b || (generator_key && (*b)->header.generator != *generator_key)) continue;
        ++count;
        if (skipped < static_cast<uint64_t>(*offset)) {
          ++skipped;
          continue;
        }
        if (blocks.size() < static_cast<size_t>(*limit)) blocks.push_back(BlockAnswer(**b, tip, false));
      }
      return Ok({{"blocks", blocks}, {"count", generator_key ? count : tip}});
    });
  });
  auto status_route = [ctx](const char* key) {
    return [ctx, key](const http::Request&) {
      return ctx.service->Read([&](const kernel::Chain& chain, const kernel::TxPool&) {
        json s = Status(chain);
        return key ? Ok({{key, s[key]}}) : Ok(s);
      });
    };
  };
  router.Add("GET", "/api/blocks/getHeight", status_route("height"));
  router.Add("GET", "/api/blocks/height", status_route("height"));
  router.Add("GET", "/api/blocks/getFee", status_route("fee"));
  router.Add("GET", "/api/blocks/fee", status_route("fee"));
  router.Add("GET", "/api/blocks/getMilestone", status_route("milestone"));
  router.Add("GET", "/api/blocks/getReward", status_route("reward"));
  router.Add("GET", "/api/blocks/getSupply", status_route("supply"));
  router.Add("GET", "/api/blocks/getStatus", status_route(nullptr));
}

}  // namespace ddn::api
