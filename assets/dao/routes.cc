// /api/dao/…: organisations (by id, name, owner address), exchange offers, contributions and
// confirmations (reference §6.8; docs/api.md). Reads only confirmed state. The reference's PUT
// routes, which build and sign with a secret sent to the node, are not provided: transactions
// are built and signed by the client (SDK, CLI) and posted to /api/transactions.
#include "assets/routes.h"

#include <functional>

#include "api/api_util.h"
#include "assets/dao/dao.h"
#include "crypto/address.h"
#include "state/keys.h"
#include "util/amount.h"

namespace ddn::assets::dao {

using nlohmann::json;
using util::ErrorCode;

namespace {

uint32_t TimestampAt(const kernel::Chain& chain, uint64_t height) {
  if (auto header = chain.HeaderAt(height); header.ok() && header->has_value()) {
    return (*header)->header.timestamp;
  }
  return 0;
}

json OrgJson(const kernel::Chain& chain, const OrgRecord& o) {
  json j = {{"transactionId", util::ToHex(o.tx_id)},
            {"org_id", o.org_id},
            {"name", o.name},
            {"tags", o.tags},
            {"address", crypto::AddressFromHash(o.owner)},
            {"height", std::to_string(o.height)},
            {"timestamp", TimestampAt(chain, o.height)},
            {"lastTransactionId", util::ToHex(o.last_tx_id)},
            {"lastHeight", std::to_string(o.last_height)}};
  j["url"] = o.url.empty() ? json(nullptr) : json(o.url);
  return j;
}

json ExchangeJson(const kernel::Chain& chain, const ExchangeRecord& e) {
  return {{"transactionId", util::ToHex(e.tx_id)},
          {"org_id", e.org_id},
          {"sender_address", crypto::AddressFromHash(e.seller)},
          {"received_address", crypto::AddressFromHash(e.buyer)},
          {"price", util::FormatAmount(e.price)},
          {"height", std::to_string(e.height)},
          {"timestamp", TimestampAt(chain, e.height)},
          {"state", e.accept_tx_id ? "accepted" : "offered"},
          {"acceptTransactionId", e.accept_tx_id ? json(util::ToHex(*e.accept_tx_id)) : json()},
          {"acceptHeight", e.accept_tx_id ? json(std::to_string(e.accept_height)) : json()}};
}

std::string StateName(const ContributionRecord& c) {
  if (!c.confirmation_tx_id) return "pending";
  return c.confirmation_state == kConfirmAccept ? "accepted" : "rejected";
}

json ContributionJson(const kernel::Chain& chain, const ContributionRecord& c) {
  return {
      {"transactionId", util::ToHex(c.tx_id)},
      {"org_id", c.contribution.org_id},
      {"title", c.contribution.title},
      {"url", c.contribution.url},
      {"price", util::FormatAmount(c.contribution.price)},
      {"sender_address", crypto::AddressFromHash(c.contributor)},
      {"height", std::to_string(c.height)},
      {"timestamp", TimestampAt(chain, c.height)},
      {"state", StateName(c)},
      {"confirmationId", c.confirmation_tx_id ? json(util::ToHex(*c.confirmation_tx_id)) : json()}};
}

json ConfirmationJson(const kernel::Chain& chain, const ContributionRecord& c) {
  json j = {{"transactionId", util::ToHex(*c.confirmation_tx_id)},
            {"contribution_trs_id", util::ToHex(c.tx_id)},
            {"org_id", c.contribution.org_id},
            {"state", c.confirmation_state},
            {"received_address", crypto::AddressFromHash(c.contributor)},
            {"amount",
             util::FormatAmount(c.confirmation_state == kConfirmAccept ? c.contribution.price : 0)},
            {"height", std::to_string(c.confirmation_height)},
            {"timestamp", TimestampAt(chain, c.confirmation_height)}};
  j["url"] = c.confirmation_url.empty() ? json(nullptr) : json(c.confirmation_url);
  return j;
}

// A page of the records under `prefix` that pass `keep`: pageindex from 1, pagesize 1..100
// (default 50), in key order.
template <typename Record>
http::Response List(const api::ApiContext& ctx, const http::Request& req, std::string prefix,
                    util::Result<Record> (*decode)(std::string_view),
                    std::function<bool(const Record&)> keep,
                    json (*to_json)(const kernel::Chain&, const Record&)) {
  return assets::ListPage(
      ctx, req, prefix,
      [&](const kernel::Chain& chain, std::string_view, std::string_view value) -> util::Result<json> {
        DDN_ASSIGN_OR_RETURN(Record record, decode(value));
        return keep(record) ? to_json(chain, record) : json(nullptr);
      });
}

http::Response OneOrg(
    const api::ApiContext& ctx,
    std::function<util::Result<std::optional<OrgRecord>>(const kernel::Chain&)> find) {
  return ctx.service->Read([&](const kernel::Chain& chain, const kernel::TxPool&) {
    auto org = find(chain);
    if (!org.ok()) return api::Fail(org.status());
    return api::Ok({{"result", *org ? OrgJson(chain, **org) : json(nullptr)}});
  });
}

// The optional `org_id` filter of a query string, else every record.
std::optional<std::string> OrgFilter(const http::Request& req) {
  return api::Params(req).Get("org_id");
}

}  // namespace

void AddRoutes(http::Router& router, const api::ApiContext& ctx) {
  const std::string base = "/api/dao";
  // Organisations.
  router.Add("GET", base + "/orgs", [ctx](const http::Request& req) {
    return List<OrgRecord>(
        ctx, req, "G", &DecodeOrgRecord, [](const OrgRecord&) { return true; }, &OrgJson);
  });
  router.Add("GET", base + "/orgs/address/:address", [ctx](const http::Request& req) {
    auto owner = api::ParseAddressParam(req.params.at("address"));
    if (!owner) return api::Fail(ErrorCode::kInvalidField, "address is not a valid address");
    return List<OrgRecord>(
        ctx, req, "G", &DecodeOrgRecord, [o = *owner](const OrgRecord& r) { return r.owner == o; },
        &OrgJson);
  });
  router.Add("GET", base + "/orgs/name/:name", [ctx](const http::Request& req) {
    const std::string name = req.params.at("name");
    return OneOrg(ctx, [&](const kernel::Chain& chain) { return FindOrgByName(chain.db(), name); });
  });
  router.Add("GET", base + "/orgs/:org_id", [ctx](const http::Request& req) {
    const std::string id = req.params.at("org_id");
    return OneOrg(ctx, [&](const kernel::Chain& chain) { return FindOrg(chain.db(), id); });
  });

  // Exchange offers (and their acceptance).
  auto exchanges = [ctx](const http::Request& req, std::optional<std::string> org) {
    return List<ExchangeRecord>(
        ctx, req, "V", &DecodeExchangeRecord,
        [org](const ExchangeRecord& e) { return !org || e.org_id == *org; }, &ExchangeJson);
  };
  router.Add("GET", base + "/exchanges",
             [exchanges](const http::Request& req) { return exchanges(req, OrgFilter(req)); });
  router.Add("GET", base + "/exchanges/:org_id/all", [exchanges](const http::Request& req) {
    return exchanges(req, req.params.at("org_id"));
  });

  // Contributions and confirmations.
  auto contributions = [ctx](const http::Request& req, std::optional<std::string> org) {
    const std::optional<std::string> state = api::Params(req).Get("state");
    return List<ContributionRecord>(
        ctx, req, "P", &DecodeContributionRecord,
        [org, state](const ContributionRecord& c) {
          return (!org || c.contribution.org_id == *org) && (!state || StateName(c) == *state);
        },
        &ContributionJson);
  };
  router.Add("GET", base + "/contributions", [contributions](const http::Request& req) {
    return contributions(req, OrgFilter(req));
  });
  router.Add("GET", base + "/contributions/transaction/:id", [ctx](const http::Request& req) {
    auto id = util::FromHexFixed<32>(req.params.at("id"));
    if (!id) return api::Fail(ErrorCode::kInvalidField, "id: 64 lowercase hex characters");
    return ctx.service->Read([&](const kernel::Chain& chain, const kernel::TxPool&) {
      auto c = FindContribution(chain.db(), *id);
      if (!c.ok()) return api::Fail(c.status());
      return api::Ok({{"result", *c ? ContributionJson(chain, **c) : json(nullptr)}});
    });
  });
  router.Add("GET", base + "/contributions/:org_id/all", [contributions](const http::Request& req) {
    return contributions(req, req.params.at("org_id"));
  });
  auto confirmations = [ctx](const http::Request& req, std::optional<std::string> org) {
    return List<ContributionRecord>(
        ctx, req, "P", &DecodeContributionRecord,
        [org](const ContributionRecord& c) {
          return c.confirmation_tx_id.has_value() && (!org || c.contribution.org_id == *org);
        },
        &ConfirmationJson);
  };
  router.Add("GET", base + "/confirmations", [confirmations](const http::Request& req) {
    return confirmations(req, OrgFilter(req));
  });
  router.Add("GET", base + "/confirmations/:org_id/all", [confirmations](const http::Request& req) {
    return confirmations(req, req.params.at("org_id"));
  });
}

}  // namespace ddn::assets::dao
