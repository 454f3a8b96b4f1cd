// /api/delegates…, /api/votes…: delegates ranked by vote weight, voters, votes, forging status
// (reference §6.4).
#include <algorithm>
#include <cmath>

#include "api/api_util.h"
#include "api/routes.h"
#include "consensus/dpos.h"
#include "consensus/rounds.h"
#include "crypto/address.h"
#include "state/ledger.h"

namespace ddn::api {

using nlohmann::json;
using util::ErrorCode;

namespace {

struct RankedDelegate {
  state::Account account;
  size_t rate = 0;  // 1-based rank
};

// All delegates by weight (descending), ties by key (ascending): the forging ranking.
util::Result<std::vector<RankedDelegate>> Ranking(const kernel::Chain& chain) {
  state::Overlay view(chain.db());
  state::Ledger ledger(view);
  DDN_ASSIGN_OR_RETURN(auto keys, ledger.DelegateKeys());
  DDN_ASSIGN_OR_RETURN(auto ranked, consensus::RankDelegates(ledger, keys.size()));
  std::vector<RankedDelegate> out;
  for (size_t i = 0; i < ranked.size(); ++i) {
    DDN_ASSIGN_OR_RETURN(state::Account a, ledger.GetAccountByKey(ranked[i]));
    out.push_back({std::move(a), i + 1});
  }
  return out;
}

double Round2(double v) { return std::round(v * 100) / 100; }

json DelegateJson(const RankedDelegate& d, uint64_t supply, uint32_t active) {
  const auto& info = *d.account.delegate;
  const double produced = static_cast<double>(info.produced_blocks);
  const double missed = static_cast<double>(info.missed_blocks);
  const double productivity =
      d.rate > active || produced + missed == 0 ? 0 : Round2(100 * produced / (produced + missed));
  return {{"username", info.username},
          {"address", crypto::AddressFromHash(d.account.address)},
          {"publicKey", util::ToHex(*d.account.public_key)},
          {"vote", std::to_string(info.vote_weight)},
          {"producedblocks", info.produced_blocks},
          {"missedblocks", info.missed_blocks},
          {"fees", std::to_string(info.fees)},
          {"rewards", std::to_string(info.rewards)},
          {"forged", std::to_string(info.fees + info.rewards)},
          {"balance", std::to_string(d.account.balance)},
          {"rate", d.rate},
          {"approval", supply ? Round2(100.0 * static_cast<double>(info.vote_weight) /
                                       static_cast<double>(supply))
                              : 0.0},
          {"productivity", productivity}};
}

uint64_t CurrentSupply(const kernel::Chain& chain) {
  return consensus::Supply(chain.tip().height, chain.options().total_supply, chain.options().params);
}

}  // namespace

void AddDelegateRoutes(http::Router& router, const ApiContext& ctx) {
  router.Add("GET", "/api/delegates", [ctx](const http::Request& req) {
    Params p(req);
    util::Status error;
    const auto limit = p.Int("limit", 101, 1, 101, &error);
    const auto offset = p.Int("offset", 0, 0, INT32_MAX, &error);
    if (!limit || !offset) return Fail(error);
    const std::string order = p.Get("orderBy").value_or("rate:asc");
    const auto colon = order.find(':');
    const std::string field = order.substr(0, colon);
    const std::string dir = colon == std::string::npos ? "asc" : order.substr(colon + 1);
    static const std::vector<std::string> kFields = {
        "approval", "productivity", "rate", "vote", "missedblocks", "producedblocks", "fees",
        "rewards", "balance", "username", "address", "publicKey"};
    if (std::find(kFields.begin(), kFields.end(), field) == kFields.end() ||
        (dir != "asc" && dir != "desc")) {
      return Fail(ErrorCode::kInvalidField, "orderBy: <field>:asc|desc with a delegate field");
    }
    auto voter = p.Get("address");
    auto voter_address = ParseAddressParam(voter);
    if (voter && !voter_address) return Fail(ErrorCode::kInvalidField, "address");
    return ctx.service->Read([&](const kernel::Chain& chain, const kernel::TxPool&) {
      auto ranking = Ranking(chain);
      if (!ranking.ok()) return Fail(ranking.status());
      const uint64_t supply = CurrentSupply(chain);
      std::vector<json> all;
      for (const auto& d : *ranking) all.push_back(DelegateJson(d, supply, chain.options().params.delegates));
      auto numeric = [](const json& v) {
        return v.is_string() ? std::stod(v.get<std::string>()) : v.get<double>();
      };
      const bool text_field = field == "username" || field == "address" || field == "publicKey";
      std::stable_sort(all.begin(), all.end(), [&](const json& a, const json& b) {
        const bool less = text_field ? a[field].get<std::string>() < b[field].get<std::string>()
                                     : numeric(a[field]) < numeric(b[field]);
        const bool greater = text_field ? b[field].get<std::string>() < a[field].get<std::string>()
                                        : numeric(b[field]) < numeric(a[field]);
        return dir == "asc" ? less : greater;
      });
      std::vector<chain::PublicKey> votes;
      if (voter_address) {
        auto a = chain.GetAccount(*voter_address);
        if (a.ok()) votes = a->votes;
      }
      json out = json::array();
      for (size_t i = *offset; i < all.size() && out.size() < static_cast<size_t>(*limit); ++i) {
        json d = all[i];
        if (voter_address) {
          const auto key = *util::FromHexFixed<32>(d["publicKey"].get<std::string>());
          d["voted"] = std::find(votes.begin(), votes.end(), key) != votes.end();
        }
        out.push_back(std::move(d));
      }
      return Ok({{"delegates", out}, {"totalCount", all.size()}});
    });
  });
  router.Add("GET", "/api/delegates/get", [ctx](const http::Request& req) {
    Params p(req);
    const auto key = ParseKeyParam(p.Get("publicKey"));
    const auto username = p.Get("username");
    if (!key && !username) return Fail(ErrorCode::kMissingField, "give publicKey or username");
    return ctx.service->Read([&](const kernel::Chain& chain, const kernel::TxPool&) {
      auto ranking = Ranking(chain);
      if (!ranking.ok()) return Fail(ranking.status());
      for (const auto& d : *ranking) {
        if ((key && *d.account.public_key == *key) ||
            (username && d.account.delegate->username == *username)) {
          return Ok({{"delegate", DelegateJson(d, CurrentSupply(chain), chain.options().params.delegates)}});
        }
      }
      return Fail(ErrorCode::kNotFound, "delegate not found");
    });
  });
  router.Add("GET", "/api/delegates/count", [ctx](const http::Request&) {
    return ctx.service->Read([&](const kernel::Chain& chain, const kernel::TxPool&) {
      state::Overlay view(chain.db());
      auto keys = state::Ledger(view).DelegateKeys();
      if (!keys.ok()) return Fail(keys.status());
      return Ok({{"count", keys->size()}});
    });
  });
  router.Add("GET", "/api/delegates/voters", [ctx](const http::Request& req) {
    auto key = ParseKeyParam(Params(req).Get("publicKey"));
    if (!key) return Fail(ErrorCode::kInvalidField, "publicKey: 64 lowercase hex characters");
    return ctx.service->Read([&](const kernel::Chain& chain, const kernel::TxPool&) {
      json accounts = json::array();
      auto s = chain.ForEachAccount([&](const state::Account& a) {
        if (std::find(a.votes.begin(), a.votes.end(), *key) != a.votes.end()) {
          accounts.push_back(
              {{"address", crypto::AddressFromHash(a.address)},
               {"balance", std::to_string(a.balance)},
               {"publicKey", a.public_key ? json(util::ToHex(*a.public_key)) : json(nullptr)},
               {"username", a.delegate ? json(a.delegate->username) : json(nullptr)}});
        }
        return true;
      });
      if (!s.ok()) return Fail(s);
      return Ok({{"accounts", accounts}});
    });
  });
  router.Add("GET", "/api/votes", [ctx](const http::Request& req) {
    Params p(req);
    auto address = ParseAddressParam(p.Get("address"));
    if (auto key = ParseKeyParam(p.Get("publicKey"))) address = crypto::AddressHashOf(*key);
    if (!address) return Fail(ErrorCode::kInvalidField, "give a valid address or publicKey");
    return ctx.service->Read([&](const kernel::Chain& chain, const kernel::TxPool&) {
      auto a = chain.GetAccount(*address);
      if (!a.ok()) return Fail(a.status());
      auto ranking = Ranking(chain);
      if (!ranking.ok()) return Fail(ranking.status());
      json out = json::array();
      for (const auto& voted : a->votes) {
        for (const auto& d : *ranking) {
          if (*d.account.public_key == voted) {
            out.push_back(DelegateJson(d, CurrentSupply(chain), chain.options().params.delegates));
          }
        }
      }
      return Ok({{"delegates", out}});
    });
  });
  router.Add("GET", "/api/delegates/forging/getForgedByAccount", [ctx](const http::Request& req) {
    auto key = ParseKeyParam(Params(req).Get("generatorPublicKey"));
    if (!key) return Fail(ErrorCode::kInvalidField, "generatorPublicKey: 64 lowercase hex");
    return ctx.service->Read([&](const kernel::Chain& chain, const kernel::TxPool&) {
      auto a = chain.GetAccount(crypto::AddressHashOf(*key));
      if (!a.ok()) return Fail(a.status());
      if (!a->delegate) return Fail(ErrorCode::kNotFound, "not a delegate");
      return Ok({{"fees", std::to_string(a->delegate->fees)},
                 {"rewards", std::to_string(a->delegate->rewards)},
                 {"forged", std::to_string(a->delegate->fees + a->delegate->rewards)}});
    });
  });
  router.Add("GET", "/api/delegates/forging/status", [ctx](const http::Request& req) {
    auto key = ParseKeyParam(Params(req).Get("publicKey"));
    if (!key) return Fail(ErrorCode::kInvalidField, "publicKey: 64 lowercase hex characters");
    const auto keys = ctx.service->ForgingKeys();
    return Ok({{"enabled", std::find(keys.begin(), keys.end(), *key) != keys.end()}});
  });
  const auto fee_route = [](chain::TxType type) {
    return [type](const http::Request&) {
      return Ok({{"fee", std::to_string(chain::RequiredFee(type, chain::TransferAsset{}))}});
    };
  };
  router.Add("GET", "/api/delegates/fee", fee_route(chain::TxType::kDelegate));
  router.Add("GET", "/api/votes/fee", fee_route(chain::TxType::kVote));
  router.Add("GET", "/api/signatures/fee", fee_route(chain::TxType::kSecondSignature));
  AddSecretRefusing(router, "PUT", "/api/delegates", "ddn tx send delegate --username NAME");
  AddSecretRefusing(router, "PUT", "/api/votes", "ddn tx send vote --add KEY");
  AddSecretRefusing(router, "PUT", "/api/signatures", "ddn tx send second-signature");
  AddSecretRefusing(router, "POST", "/api/delegates/forging/enable",
                    "list forging passphrases in the node's config file");
  AddSecretRefusing(router, "POST", "/api/delegates/forging/disable",
                    "remove the passphrase from the node's config file");
}

}  // namespace ddn::api
