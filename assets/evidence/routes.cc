// /api/evidences/…: evidence records by short id, hash, owner address, author, type and
// transaction, listings and statistics (reference §6.8; docs/api.md). Reads only confirmed state.
#include <ctime>
#include <functional>
#include <map>

#include "api/api_util.h"
#include "assets/evidence/evidence.h"
#include "assets/routes.h"
#include "consensus/dpos.h"
#include "crypto/address.h"
#include "state/keys.h"

namespace ddn::assets::evidence {

using nlohmann::json;
using util::ErrorCode;

namespace {

json RecordJson(const kernel::Chain& chain, const Record& r) {
  uint32_t timestamp = 0;
  if (auto header = chain.HeaderAt(r.height); header.ok() && header->has_value()) {
    timestamp = (*header)->header.timestamp;
  }
  return {{"transactionId", util::ToHex(r.tx_id)},
          {"height", std::to_string(r.height)},  // a string, as block heights are
          {"timestamp", timestamp},
          {"address", crypto::AddressFromHash(r.owner)},
          {"evidence", r.evidence.ToJson()}};
}

// Every record (short-id order) passing `keep`, until `visit` returns false.
util::Status ForEachRecord(const kernel::Chain& chain,
                           const std::function<bool(const Record&)>& visit) {
  util::Status inner = util::Status::Ok();
  util::Status s = chain.db().Scan("e", false, [&](std::string_view, std::string_view value) {
    auto record = DecodeRecord(value);
    if (!record.ok()) {
      inner = record.status();
      return false;
    }
    return visit(*record);
  });
  return s.ok() ? inner : s;
}

using Filter = std::function<bool(const Record&)>;

// Pages of matching records (assets::ListPage), in short-id order.
http::Response ListRecords(const api::ApiContext& ctx, const http::Request& req, Filter keep) {
  return assets::ListPage(
      ctx, req, "e",
      [&](const kernel::Chain& chain, std::string_view, std::string_view value) -> util::Result<json> {
        DDN_ASSIGN_OR_RETURN(Record record, DecodeRecord(value));
        return keep(record) ? RecordJson(chain, record) : json(nullptr);
      });
}

http::Response FirstRecord(const api::ApiContext& ctx, Filter keep) {
  return ctx.service->Read([&](const kernel::Chain& chain, const kernel::TxPool&) {
    json result = nullptr;
    util::Status s = ForEachRecord(chain, [&](const Record& r) {
      if (!keep(r)) return true;
      result = RecordJson(chain, r);
      return false;
    });
    if (!s.ok()) return api::Fail(s);
    return api::Ok({{"result", result}});
  });
}

// Counts of records by a key derived from each record.
http::Response Statistics(const api::ApiContext& ctx, const std::string& name,
                          std::function<std::string(const kernel::Chain&, const Record&)> key) {
  return ctx.service->Read([&](const kernel::Chain& chain, const kernel::TxPool&) {
    std::map<std::string, uint64_t> counts;
    util::Status s = ForEachRecord(chain, [&](const Record& r) {
      ++counts[key(chain, r)];
      return true;
    });
    if (!s.ok()) return api::Fail(s);
    json rows = json::array();
    for (const auto& [k, n] : counts) rows.push_back({{name, k}, {"count", n}});
    return api::Ok({{"result", {{"rows", rows}, {"total", rows.size()}}}});
  });
}

}  // namespace

void AddRoutes(http::Router& router, const api::ApiContext& ctx) {
  const std::string base = "/api/evidences";
  router.Add("GET", base + "/short_hash/:short_hash", [ctx](const http::Request& req) {
    const std::string id = req.params.at("short_hash");
    return ctx.service->Read([&](const kernel::Chain& chain, const kernel::TxPool&) {
      auto record = FindByShortId(chain.db(), id);
      if (!record.ok()) return api::Fail(record.status());
      return api::Ok({{"result", *record ? RecordJson(chain, **record) : json(nullptr)}});
    });
  });
  router.Add("GET", base + "/hash/:hash", [ctx](const http::Request& req) {
    const std::string hash = req.params.at("hash");
    return ctx.service->Read([&](const kernel::Chain& chain, const kernel::TxPool&) {
      auto record = FindByHash(chain.db(), hash);
      if (!record.ok()) return api::Fail(record.status());
      return api::Ok({{"result", *record ? RecordJson(chain, **record) : json(nullptr)}});
    });
  });
  router.Add("GET", base + "/address/:address", [ctx](const http::Request& req) {
    auto owner = api::ParseAddressParam(req.params.at("address"));
    if (!owner) return api::Fail(ErrorCode::kInvalidField, "address is not a valid address");
    return ListRecords(ctx, req, [o = *owner](const Record& r) { return r.owner == o; });
  });
  router.Add("GET", base + "/transaction/:id", [ctx](const http::Request& req) {
    auto id = util::FromHexFixed<32>(req.params.at("id"));
    if (!id) return api::Fail(ErrorCode::kInvalidField, "id: 64 lowercase hex characters");
    return FirstRecord(ctx, [i = *id](const Record& r) { return r.tx_id == i; });
  });
  for (const std::string field : {"author", "type"}) {
    auto value_of = [field](const Record& r) {
      return field == "author" ? r.evidence.author : r.evidence.type;
    };
    router.Add("GET", base + "/" + field + "/statistics",
               [ctx, field, value_of](const http::Request&) {
                 return Statistics(ctx, field, [value_of](const kernel::Chain&, const Record& r) {
                   return value_of(r);
                 });
               });
    router.Add("GET", base + "/" + field + "/:value", [ctx, value_of](const http::Request& req) {
      const std::string v = req.params.at("value");
      return FirstRecord(ctx, [v, value_of](const Record& r) { return value_of(r) == v; });
    });
    router.Add("GET", base + "/" + field + "/:value/all",
               [ctx, value_of](const http::Request& req) {
                 const std::string v = req.params.at("value");
                 return ListRecords(ctx, req,
                                    [v, value_of](const Record& r) { return value_of(r) == v; });
               });
  }
  router.Add("GET", base + "/all", [ctx](const http::Request& req) {
    return ListRecords(ctx, req, [](const Record&) { return true; });
  });
  router.Add("GET", base + "/group/time", [ctx](const http::Request& req) {
    const std::string unit = api::Params(req).Get("type").value_or("day");
    const size_t length = unit == "year" ? 4 : unit == "month" ? 7 : unit == "day" ? 10 : 0;
    if (length == 0) return api::Fail(ErrorCode::kInvalidField, "type: year, month or day");
    return Statistics(ctx, "time", [length](const kernel::Chain& chain, const Record& r) {
      uint32_t timestamp = 0;
      if (auto header = chain.HeaderAt(r.height); header.ok() && header->has_value()) {
        timestamp = (*header)->header.timestamp;
      }
      const std::time_t unix_time = consensus::kEpochUnixSeconds + timestamp;
      std::tm utc{};
      gmtime_r(&unix_time, &utc);
      char text[16];
      std::strftime(text, sizeof text, "%Y-%m-%d", &utc);
      return std::string(text, length);
    });
  });
}

}  // namespace ddn::assets::evidence
