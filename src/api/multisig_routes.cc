// /api/multisignatures…: co-signing with a signature (never a secret), pending transactions of
// multisignature accounts, groups a key belongs to (reference §6.5).
#include "api/api_util.h"
#include "api/routes.h"
#include "crypto/address.h"

namespace ddn::api {

using nlohmann::json;
using util::ErrorCode;

void AddMultisigRoutes(http::Router& router, const ApiContext& ctx) {
  router.Add("POST", "/api/multisignatures/sign", [ctx](const http::Request& req) {
    Params p(req);
    if (p.body().contains("secret")) {
      return Fail(ErrorCode::kSecretRefused,
                  "never send a passphrase to a node: co-sign locally and send \"signature\"");
    }
    const auto id = p.Get("transactionId");
    auto signature = util::FromHexFixed<64>(p.Get("signature").value_or(""));
    if (!id || !signature) {
      return Fail(ErrorCode::kInvalidField,
                  "give transactionId and signature (128 lowercase hex characters)");
    }
    auto s = ctx.service->AddCosignature(*id, *signature);
    if (!s.ok()) return Fail(s);
    return Ok({{"transactionId", *id}});
  });
  router.Add("GET", "/api/multisignatures/pending", [ctx](const http::Request& req) {
    auto key = ParseKeyParam(Params(req).Get("publicKey"));
    if (!key) return Fail(ErrorCode::kInvalidField, "publicKey: 64 lowercase hex characters");
    return ctx.service->Read([&](const kernel::Chain& chain, const kernel::TxPool& pool) {
      json out = json::array();
      for (const auto& e : pool.entries()) {
        auto sender = chain.GetAccount(crypto::AddressHashOf(e.tx.tx.sender));
        if (!sender.ok()) continue;
        std::optional<state::MultisigGroup> group = sender->multisig;
        if (const auto* g = std::get_if<chain::MultisignatureAsset>(&e.tx.tx.asset)) {
          group = state::MultisigGroup{g->min, g->lifetime, g->members};
        }
        if (!group) continue;
        const bool involved = e.tx.tx.sender == *key ||
                              std::find(group->members.begin(), group->members.end(), *key) !=
                                  group->members.end();
        if (!involved) continue;
        out.push_back({{"min", group->min},
                       {"max", group->members.size()},
                       {"lifetime", group->lifetime},
                       {"signed", e.tx.tx.cosignatures.size()},
                       {"ready", e.ready},
                       {"transaction", PendingTxJson(e.tx)}});
      }
      return Ok({{"transactions", out}});
    });
  });
  router.Add("GET", "/api/multisignatures/accounts", [ctx](const http::Request& req) {
    auto key = ParseKeyParam(Params(req).Get("publicKey"));
    if (!key) return Fail(ErrorCode::kInvalidField, "publicKey: 64 lowercase hex characters");
    return ctx.service->Read([&](const kernel::Chain& chain, const kernel::TxPool&) {
      json accounts = json::array();
      auto s = chain.ForEachAccount([&](const state::Account& a) {
        if (!a.multisig) return true;
        const auto& m = a.multisig->members;
        if (std::find(m.begin(), m.end(), *key) == m.end()) return true;
        json members = json::array();
        for (const auto& k : m) members.push_back(util::ToHex(k));
        accounts.push_back({{"address", crypto::AddressFromHash(a.address)},
                            {"balance", std::to_string(a.balance)},
                            {"multisignatures", members},
                            {"multimin", a.multisig->min},
                            {"multilifetime", a.multisig->lifetime}});
        return true;
      });
      if (!s.ok()) return Fail(s);
      return Ok({{"accounts", accounts}});
    });
  });
  router.Add("GET", "/api/multisignatures/fee", [](const http::Request&) {
    // Per member and the owner: a group of n members pays (n + 1) times this.
    return Ok({{"fee", std::to_string(chain::RequiredFee(chain::TxType::kMultisignature,
                                                         chain::MultisignatureAsset{}))}});
  });
  AddSecretRefusing(router, "PUT", "/api/multisignatures",
                    "ddn tx send multisig --min N --lifetime H --member KEY");
}

}  // namespace ddn::api
