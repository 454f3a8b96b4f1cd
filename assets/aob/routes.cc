// /api/aob/…: issuers, assets, balances, ACL lists and transfers of user-issued assets
// (reference §6.8; docs/api.md). Reads only confirmed state. Listings take pageindex (from 1)
// and pagesize (1..100, default 50) and answer {result: {rows, total}}.
#include "assets/routes.h"

#include <functional>

#include "api/api_util.h"
#include "assets/aob/aob.h"
#include "crypto/address.h"
#include "state/keys.h"

namespace ddn::assets::aob {

using nlohmann::json;
using util::ErrorCode;

namespace {

json IssuerJson(const IssuerRecord& r) {
  return {{"name", r.issuer.name},
          {"desc", r.issuer.desc},
          {"issuer_id", crypto::AddressFromHash(r.owner)},
          {"transactionId", util::ToHex(r.tx_id)},
          {"height", std::to_string(r.height)}};
}

json AssetJson(const AssetRecord& r) {
  json j = r.asset.ToJson();
  const std::string& name = r.asset.name;
  j["issuer_name"] = name.substr(0, name.find('.'));
  j["issuer_id"] = crypto::AddressFromHash(r.owner);
  j["quantity"] = std::to_string(r.quantity);
  j["acl"] = r.acl;
  j["writeoff"] = r.written_off ? 1 : 0;
  if (!j.contains("strategy")) j["strategy"] = "";
  j["transactionId"] = util::ToHex(r.tx_id);
  j["height"] = std::to_string(r.height);
  return j;
}

json TransferJson(const TransferRecord& r) {
  return {{"transactionId", util::ToHex(r.tx_id)},
          {"height", std::to_string(r.height)},
          {"senderId", crypto::AddressFromHash(r.from)},
          {"recipientId", crypto::AddressFromHash(r.to)},
          {"currency", r.currency},
          {"amount", std::to_string(r.amount)},
          {"content", r.content}};
}

// One stored record as a row (or null to skip it); see assets::ListPage.
using RowOf = std::function<util::Result<json>(std::string_view key, std::string_view value)>;

http::Response ListPage(const api::ApiContext& ctx, const http::Request& req, std::string prefix,
                        RowOf row) {
  return assets::ListPage(ctx, req, prefix,
                          [&row](const kernel::Chain&, std::string_view k, std::string_view v) {
                            return row(k, v);
                          });
}

RowOf IssuerRows() {
  return [](std::string_view, std::string_view v) -> util::Result<json> {
    DDN_ASSIGN_OR_RETURN(IssuerRecord r, DecodeIssuerRecord(v));
    return IssuerJson(r);
  };
}

RowOf AssetRows() {
  return [](std::string_view, std::string_view v) -> util::Result<json> {
    DDN_ASSIGN_OR_RETURN(AssetRecord r, DecodeAssetRecord(v));
    return AssetJson(r);
  };
}

// Transfers, optionally only those from or to `party`.
RowOf TransferRows(std::optional<chain::AddressHash> party) {
  return [party](std::string_view, std::string_view v) -> util::Result<json> {
    DDN_ASSIGN_OR_RETURN(TransferRecord r, DecodeTransferRecord(v));
    if (party && r.from != *party && r.to != *party) return json(nullptr);
    return TransferJson(r);
  };
}

std::optional<chain::AddressHash> AddressParam(const http::Request& req) {
  return api::ParseAddressParam(req.params.at("address"));
}

http::Response BadAddress() {
  return api::Fail(ErrorCode::kInvalidField, "address is not a valid address");
}

}  // namespace

void AddRoutes(http::Router& router, const api::ApiContext& ctx) {
  const std::string issuers = "/api/aob/issuers";
  const std::string assets = "/api/aob/assets";
  const std::string transfers = "/api/aob/transfers";

  router.Add("GET", issuers,
             [ctx](const http::Request& req) { return ListPage(ctx, req, "I", IssuerRows()); });
  // By name, or by the issuer's address.
  router.Add("GET", issuers + "/:name", [ctx](const http::Request& req) {
    const std::string name = req.params.at("name");
    const auto owner = crypto::ParseAddress(name);
    return ctx.service->Read([&](const kernel::Chain& chain, const kernel::TxPool&) {
      auto r = owner ? FindIssuerOf(chain.db(), *owner) : FindIssuer(chain.db(), name);
      if (!r.ok()) return api::Fail(r.status());
      return api::Ok({{"result", *r ? IssuerJson(**r) : json(nullptr)}});
    });
  });

  router.Add("GET", assets,
             [ctx](const http::Request& req) { return ListPage(ctx, req, "K", AssetRows()); });
  // Balances of an account, every asset it holds.
  router.Add("GET", assets + "/balances/:address", [ctx](const http::Request& req) {
    const auto holder = AddressParam(req);
    if (!holder) return BadAddress();
    const std::string prefix = state::keys::AobBalancePrefix(*holder);
    return ListPage(ctx, req, prefix,
                    [a = *holder, n = prefix.size()](std::string_view k,
                                                     std::string_view v) -> util::Result<json> {
                      auto balance = state::keys::ParseBigEndian64(v);
                      if (!balance) return util::Error(ErrorCode::kInternal, "corrupt AOB balance");
                      return json{{"address", crypto::AddressFromHash(a)},
                                  {"currency", std::string(k.substr(n))},
                                  {"balance", std::to_string(*balance)}};
                    });
  });
  router.Add("GET", assets + "/balances/:address/:currency", [ctx](const http::Request& req) {
    const auto holder = AddressParam(req);
    if (!holder) return BadAddress();
    const std::string currency = req.params.at("currency");
    return ctx.service->Read([&](const kernel::Chain& chain, const kernel::TxPool&) {
      auto asset = FindAsset(chain.db(), currency);
      if (!asset.ok()) return api::Fail(asset.status());
      if (!*asset)
        return api::Fail(ErrorCode::kNotFound, "asset " + currency + " is not registered");
      auto balance = BalanceOf(chain.db(), *holder, currency);
      if (!balance.ok()) return api::Fail(balance.status());
      return api::Ok({{"result",
                       {{"address", crypto::AddressFromHash(*holder)},
                        {"currency", currency},
                        {"balance", std::to_string(*balance)},
                        {"precision", (*asset)->asset.precision}}}});
    });
  });
  // Assets of an issuer (by name): their names start with "ISSUER.".
  router.Add("GET", assets + "/issuers/:name/assets", [ctx](const http::Request& req) {
    return ListPage(ctx, req, state::keys::AobAsset(req.params.at("name") + "."), AssetRows());
  });
  router.Add("GET", assets + "/:name", [ctx](const http::Request& req) {
    const std::string name = req.params.at("name");
    return ctx.service->Read([&](const kernel::Chain& chain, const kernel::TxPool&) {
      auto r = FindAsset(chain.db(), name);
      if (!r.ok()) return api::Fail(r.status());
      return api::Ok({{"result", *r ? AssetJson(**r) : json(nullptr)}});
    });
  });
  // The black (0) or white (1) list of an asset.
  router.Add("GET", assets + "/:name/acl/:flag", [ctx](const http::Request& req) {
    const std::string flag = req.params.at("flag");
    if (flag != "0" && flag != "1") {
      return api::Fail(ErrorCode::kInvalidField, "flag: 0 (black list) or 1 (white list)");
    }
    const std::string prefix =
        state::keys::AobAclPrefix(req.params.at("name"), static_cast<uint8_t>(flag[0] - '0'));
    return ListPage(
        ctx, req, prefix,
        [n = prefix.size()](std::string_view k, std::string_view) -> util::Result<json> {
          chain::AddressHash a{};
          if (k.size() != n + a.size()) {
            return util::Error(ErrorCode::kInternal, "corrupt AOB ACL key");
          }
          std::copy(k.begin() + n, k.end(), a.begin());
          return json{{"address", crypto::AddressFromHash(a)}};
        });
  });

  router.Add("GET", transfers, [ctx](const http::Request& req) {
    return ListPage(ctx, req, "X", TransferRows(std::nullopt));
  });
  router.Add("GET", transfers + "/my/:address", [ctx](const http::Request& req) {
    const auto party = AddressParam(req);
    if (!party) return BadAddress();
    return ListPage(ctx, req, "X", TransferRows(party));
  });
  router.Add("GET", transfers + "/my/:address/:currency", [ctx](const http::Request& req) {
    const auto party = AddressParam(req);
    if (!party) return BadAddress();
    return ListPage(ctx, req, state::keys::AobTransferPrefix(req.params.at("currency")),
                    TransferRows(party));
  });
  router.Add("GET", transfers + "/:currency", [ctx](const http::Request& req) {
    return ListPage(ctx, req, state::keys::AobTransferPrefix(req.params.at("currency")),
                    TransferRows(std::nullopt));
  });
}

}  // namespace ddn::assets::aob
