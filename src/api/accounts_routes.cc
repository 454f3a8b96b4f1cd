// /api/accounts…: balances, keys, account records (reference §6.1).
#include <algorithm>

#include "api/api_util.h"
#include "api/routes.h"
#include "crypto/address.h"
#include "state/keys.h"

namespace ddn::api {

using nlohmann::json;
using util::ErrorCode;

namespace {

json LatestBlock(const kernel::Chain& chain) {
  return {{"height", std::to_string(chain.tip().height)}, {"timestamp", chain.tip().timestamp}};
}

http::Response AccountAnswer(const ApiContext& ctx, const chain::AddressHash& address) {
  return ctx.service->Read([&](const kernel::Chain& chain, const kernel::TxPool& pool) {
    auto a = chain.GetAccount(address);
    if (!a.ok()) return Fail(a.status());
    json account = AccountJson(*a, PendingAccount(pool, address));
    // The lock (type 100, assets/lock) lives under its own key.
    auto lock = chain.db().Read(state::keys::AccountLock(address));
    if (!lock.ok()) return Fail(lock.status());
    if (*lock) {
      account["lock_height"] = std::to_string(state::keys::ParseBigEndian64(**lock).value_or(0));
    }
    return Ok({{"account", account},
               {"latestBlock", LatestBlock(chain)},
               {"version", ctx.version}});
  });
}

}  // namespace

void AddAccountRoutes(http::Router& router, const ApiContext& ctx) {
  router.Add("GET", "/api/accounts", [ctx](const http::Request& req) {
    auto address = ParseAddressParam(Params(req).Get("address"));
    if (!address) return Fail(ErrorCode::kInvalidField, "address: a valid D… address is required");
    return AccountAnswer(ctx, *address);
  });
  router.Add("POST", "/api/accounts/open2", [ctx](const http::Request& req) {
    auto key = ParseKeyParam(Params(req).Get("publicKey"));
    if (!key) return Fail(ErrorCode::kInvalidField, "publicKey: 64 lowercase hex characters");
    return AccountAnswer(ctx, crypto::AddressHashOf(*key));
  });
  router.Add("GET", "/api/accounts/getBalance", [ctx](const http::Request& req) {
    auto address = ParseAddressParam(Params(req).Get("address"));
    if (!address) return Fail(ErrorCode::kInvalidField, "address: a valid D… address is required");
    return ctx.service->Read([&](const kernel::Chain& chain, const kernel::TxPool& pool) {
      auto a = chain.GetAccount(*address);
      if (!a.ok()) return Fail(a.status());
      return Ok({{"balance", std::to_string(a->balance)},
                 {"unconfirmedBalance", std::to_string(PendingAccount(pool, *address).balance)}});
    });
  });
  router.Add("GET", "/api/accounts/getPublicKey", [ctx](const http::Request& req) {
    auto address = ParseAddressParam(Params(req).Get("address"));
    if (!address) return Fail(ErrorCode::kInvalidField, "address: a valid D… address is required");
    return ctx.service->Read([&](const kernel::Chain& chain, const kernel::TxPool&) {
      auto a = chain.GetAccount(*address);
      if (!a.ok()) return Fail(a.status());
      if (!a->public_key) return Fail(ErrorCode::kNotFound, "the account has no public key yet");
      return Ok({{"publicKey", util::ToHex(*a->public_key)}});
    });
  });
  router.Add("GET", "/api/accounts/count", [ctx](const http::Request&) {
    return ctx.service->Read([&](const kernel::Chain& chain, const kernel::TxPool&) {
      uint64_t count = 0;
      auto s = chain.ForEachAccount([&](const state::Account&) {
        ++count;
        return true;
      });
      if (!s.ok()) return Fail(s);
      return Ok({{"count", count}});
    });
  });
  router.Add("GET", "/api/accounts/top", [ctx](const http::Request& req) {
    Params p(req);
    util::Status error;
    const auto limit = p.Int("limit", 100, 1, 100, &error);
    const auto offset = p.Int("offset", 0, 0, 1'000'000'000, &error);
    if (!limit || !offset) return Fail(error);
    return ctx.service->Read([&](const kernel::Chain& chain, const kernel::TxPool&) {
      std::vector<state::Account> all;
      auto s = chain.ForEachAccount([&](const state::Account& a) {
        all.push_back(a);
        return true;
      });
      if (!s.ok()) return Fail(s);
      std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
        return a.balance != b.balance ? a.balance > b.balance : a.address < b.address;
      });
      json accounts = json::array();
      for (size_t i = *offset; i < all.size() && accounts.size() < static_cast<size_t>(*limit); ++i) {
        accounts.push_back(
            {{"address", crypto::AddressFromHash(all[i].address)},
             {"balance", std::to_string(all[i].balance)},
             {"publicKey", all[i].public_key ? json(util::ToHex(*all[i].public_key)) : json(nullptr)}});
      }
      return Ok({{"accounts", accounts}});
    });
  });
  AddSecretRefusing(router, "POST", "/api/accounts/open",
                    "derive the address locally (ddn account derive) and call GET /api/accounts");
  AddSecretRefusing(router, "POST", "/api/accounts/generatePublicKey",
                    "derive keys locally (ddn account derive, or the SDK's getKeys)");
  AddSecretRefusing(router, "GET", "/api/accounts/new",
                    "create passphrases locally (ddn account new): a node must never know them");
}

}  // namespace ddn::api
