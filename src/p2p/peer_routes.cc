// Network: the server side of the peer protocol (docs/p2p.md §1–3) and /api/peers.
#include "kernel/fork_choice.h"
#include "p2p/network.h"
#include "state/keys.h"
#include "util/bytes.h"
#include "util/parallel.h"

namespace ddn::p2p {

using nlohmann::json;
using util::ErrorCode;

extern thread_local const PeerAddress* t_gossip_source;

namespace {

int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kBanned: return 403;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kPayloadTooLarge: return 413;
    case ErrorCode::kRateLimited: return 429;
    case ErrorCode::kUnavailable:
    case ErrorCode::kIoError:
    case ErrorCode::kInternal: return 503;
    default: return IsMisbehaviour(code) ? 400 : 409;
  }
}

http::Response Failure(const util::Status& s) {
  return http::JsonError(HttpStatusFor(s.code()), s.code_name(), s.message());
}

// Sets the gossip source for the calls made while it lives.
class SourceScope {
 public:
  explicit SourceScope(const PeerAddress& peer) { t_gossip_source = &peer; }
  ~SourceScope() { t_gossip_source = nullptr; }
  SourceScope(const SourceScope&) = delete;
  SourceScope& operator=(const SourceScope&) = delete;
};

json ParseBody(const http::Request& r, util::Status* error) {
  json doc = json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) *error = util::Error(ErrorCode::kMalformed, "the body is not a JSON object");
  return doc;
}

json PeerJson(const PeerRecord& p) {
  const int compat_status = p.state == PeerState::kConnected ? 2 : p.state == PeerState::kBanned ? 0 : 1;
  return {{"ip", p.address.ip},
          {"port", p.address.port},
          {"state", PeerStateName(p.state)},
          {"source", p.source},
          {"version", p.status.version},
          {"os", p.status.os},
          {"height", p.status.height},
          {"headId", p.status.head_id},
          {"irreversibleHeight", p.status.irreversible_height},
          {"latencyMs", p.latency_ms},
          {"failures", p.failures},
          {"totalFailures", p.total_failures},
          {"lastSeen", p.last_seen_ms},
          {"banUntil", p.state == PeerState::kBanned ? p.ban_until_ms : 0},
          {"banReason", p.state == PeerState::kBanned ? p.ban_reason : ""},
          {"lastError", p.last_error},
          // DDN's inventory fields (reference §5.2): status 0 disabled, 1 pending, 2 ready.
          {"status", compat_status},
          {"delay", static_cast<int64_t>(p.latency_ms)},
          {"failCount", p.total_failures}};
}

}  // namespace

void Network::RegisterRoutes(http::Router& router) {
  // Admission of every peer request, then the route's own handling.
  using PeerHandler = std::function<http::Response(const http::Request&, const PeerAddress&)>;
  auto serve = [this](PeerHandler handler, size_t body_cap = 0) {
    return [this, handler = std::move(handler), body_cap](const http::Request& r) {
      http::Response response = [&]() -> http::Response {
        const int64_t now = NowMs();
        const std::string* nethash = r.Header("nethash");
        const std::string* version = r.Header("version");
        const std::string* port_text = r.Header("port");
        const std::string* os = r.Header("os");
        PeerAddress peer{r.remote_address, 0};
        if (port_text) {
          auto parsed = ParsePeerAddress("h:" + *port_text);
          if (parsed.ok()) peer.port = parsed->port;
        }
        if (book_.IsBanned(peer, now)) {
          const auto record = book_.Get(peer);
          return Failure(util::Error(ErrorCode::kBanned,
                                     "banned until " + std::to_string(record ? record->ban_until_ms / 1000 : 0) +
                                         " (unix s): " + (record ? record->ban_reason : "")));
        }
        util::Status refused;
        if (!nethash || !version || !os || peer.port == 0) {
          refused = util::Error(ErrorCode::kMalformed, "peer requests need nethash, version, port and os headers");
        } else if (*nethash != options_.identity.nethash) {
          refused = util::Error(ErrorCode::kWrongNetwork, "this node is on network " + options_.identity.nethash);
        } else if (body_cap && r.body.size() > body_cap) {
          refused = util::Error(ErrorCode::kPayloadTooLarge,
                                "body over " + std::to_string(body_cap) + " bytes for " + r.path);
        }
        if (!refused.ok()) {
          Punish(peer, refused);
          return Failure(refused);
        }
        if (!book_.AllowRequest(peer, now)) {
          return Failure(util::Error(ErrorCode::kRateLimited, "too many requests; slow down"));
        }
        if (book_.Learn(peer, "inbound", now)) {
          Log("debug", "new inbound peer " + peer.ToString());
        } else {
          book_.Heard(peer, now);
        }
        return handler(r, peer);
      }();
      response.headers.emplace_back("nethash", options_.identity.nethash);
      response.headers.emplace_back("version", options_.identity.version);
      response.headers.emplace_back("port", std::to_string(advertised_port_.load()));
      response.headers.emplace_back("os", options_.identity.os);
      return response;
    };
  };
  // Refuses, and bans, what only a misbehaving peer sends.
  auto misbehaved = [this](const PeerAddress& peer, const util::Status& s) {
    Punish(peer, s);
    return Failure(s);
  };

  router.Add("GET", "/peer/status", serve([this](const http::Request&, const PeerAddress&) {
    const auto [tip, irreversible] = service_.Read([](const kernel::Chain& c, const kernel::TxPool&) {
      return std::pair<state::Tip, uint64_t>(c.tip(), c.irreversible_height());
    });
    std::string irreversible_id;
    auto header = service_.ReadHistory([&](const kernel::Chain& c) { return c.HeaderAt(irreversible); });
    if (header.ok() && *header) irreversible_id = util::ToHex(block::BlockIdHash(**header));
    return http::Json({{"success", true},
                       {"height", tip.height},
                       {"headId", util::ToHex(tip.id)},
                       {"headTimestamp", tip.timestamp},
                       {"irreversibleHeight", irreversible},
                       {"irreversibleId", irreversible_id},
                       {"genesisId", genesis_id_},
                       {"nonce", nonce_},
                       {"version", options_.identity.version},
                       {"os", options_.identity.os}});
  }));

  router.Add("GET", "/peer/list", serve([this](const http::Request&, const PeerAddress& peer) {
    json peers = json::array();
    for (const auto& p : book_.Connected()) {
      if (p.address == peer || peers.size() >= kMaxListedPeers) continue;
      peers.push_back({{"ip", p.address.ip}, {"port", p.address.port}});
    }
    return http::Json({{"success", true}, {"peers", peers}});
  }));

  router.Add("GET", "/peer/blocks", serve([this, misbehaved](const http::Request& r, const PeerAddress& peer) {
    const std::string* after = r.QueryValue("after");
    const auto after_id = after ? util::FromHexFixed<32>(*after) : std::nullopt;
    if (!after_id) return misbehaved(peer, util::Error(ErrorCode::kMalformed, "after must be a block id"));
    size_t limit = kDefaultBlocksPerDownload;
    if (const std::string* l = r.QueryValue("limit")) {
      try {
        limit = std::stoul(*l);
      } catch (...) {
        limit = 0;
      }
      if (limit == 0 || limit > kMaxBlocksPerDownload) {
        return misbehaved(peer, util::Error(ErrorCode::kMalformed, "limit must be 1..1000"));
      }
    }
    json blocks = json::array();
    auto read = service_.ReadHistory([&](const kernel::Chain& c) -> util::Status {
      DDN_ASSIGN_OR_RETURN(std::optional<uint64_t> height, c.HeightOfBlock(*after_id));
      if (!height) return util::Error(ErrorCode::kNotFound, "block " + *after + " is not in this chain");
      size_t bytes = 0;
      for (uint64_t h = *height + 1; blocks.size() < limit && bytes < kMaxDownloadBytes; ++h) {
        DDN_ASSIGN_OR_RETURN(std::optional<std::string> raw, c.db().Read(state::keys::BlockByHeight(h)));
        if (!raw) break;
        bytes += raw->size();
        blocks.push_back(Base64Encode(util::AsBytes(*raw)));
      }
      return util::Status::Ok();
    });
    if (!read.ok()) return Failure(read);
    return http::Json({{"success", true}, {"blocks", std::move(blocks)}});
  }));

  router.Add("POST", "/peer/blocks/common", serve([this, misbehaved](const http::Request& r, const PeerAddress& peer) {
    util::Status bad;
    const json doc = ParseBody(r, &bad);
    if (bad.ok() && (!doc["ids"].is_array() || doc["ids"].empty() || doc["ids"].size() > kMaxCommonIds)) {
      bad = util::Error(ErrorCode::kMalformed, "ids must be an array of 1..200 block ids");
    }
    std::vector<chain::Hash256> ids;
    if (bad.ok()) {
      for (const auto& id : doc["ids"]) {
        auto parsed = id.is_string() ? util::FromHexFixed<32>(id.get<std::string>()) : std::nullopt;
        if (!parsed) {
          bad = util::Error(ErrorCode::kMalformed, "ids must be block ids (64 hex digits)");
          break;
        }
        ids.push_back(*parsed);
      }
    }
    if (!bad.ok()) return misbehaved(peer, bad);
    json common = nullptr;
    uint64_t best = 0;
    auto read = service_.ReadHistory([&](const kernel::Chain& c) -> util::Status {
      for (const auto& id : ids) {
        DDN_ASSIGN_OR_RETURN(std::optional<uint64_t> height, c.HeightOfBlock(id));
        if (height && *height > best) {
          best = *height;
          common = {{"id", util::ToHex(id)}, {"height", *height}};
        }
      }
      return util::Status::Ok();
    });
    if (!read.ok()) return Failure(read);
    return http::Json({{"success", true}, {"common", common}});
  }));

  router.Add("POST", "/peer/blocks", serve([this, misbehaved](const http::Request& r, const PeerAddress& peer) {
    util::Status bad;
    const json doc = ParseBody(r, &bad);
    if (bad.ok() && !doc["block"].is_string()) bad = util::Error(ErrorCode::kMalformed, "block must be base64");
    if (!bad.ok()) return misbehaved(peer, bad);
    auto bytes = Base64Decode(doc["block"].get_ref<const std::string&>());
    if (!bytes.ok()) return misbehaved(peer, bytes.status());
    auto block = block::DecodeBlock(*bytes);
    if (!block.ok()) return misbehaved(peer, block.status());
    if (block->header.nethash != options_.identity.nethash) {
      return misbehaved(peer, util::Error(ErrorCode::kWrongNethash, "block of another network"));
    }
    util::Result<kernel::BlockOutcome> outcome = [&] {
      SourceScope scope(peer);
      return service_.ReceiveBlock(*block);
    }();
    if (!outcome.ok()) {
      // The block builds on our tip and breaks a rule: an invalid block. A block from our future
      // or a node that is stopping is not the sender's fault.
      const ErrorCode code = outcome.status().code();
      if (code == ErrorCode::kTimestampInFuture || code == ErrorCode::kUnavailable ||
          code == ErrorCode::kIoError || code == ErrorCode::kInternal) {
        return Failure(outcome.status());
      }
      if (code == ErrorCode::kBadSignature) return misbehaved(peer, outcome.status());
      return misbehaved(peer, util::Status(ErrorCode::kInvalidField, "invalid block: " + outcome.status().ToString()));
    }
    if (*outcome == kernel::BlockOutcome::kBehind) {
      book_.OnTipHint(peer, block->header.height, util::ToHex(block::BlockIdHash(*block)),
                      block->header.timestamp, NowMs());
      std::lock_guard lock(sync_mu_);
      sync_wanted_ = true;
      sync_cv_.notify_one();
    }
    return http::Json({{"success", true}, {"result", kernel::BlockOutcomeName(*outcome)}});
  }));

  router.Add("POST", "/peer/transactions", serve([this, misbehaved](const http::Request& r, const PeerAddress& peer) {
    util::Status bad;
    const json doc = ParseBody(r, &bad);
    const json& list = doc.is_object() ? doc["transactions"] : doc;
    if (bad.ok() && (!list.is_array() || list.empty() || list.size() > kMaxTransactionsPerPush)) {
      bad = util::Error(ErrorCode::kMalformed, "transactions must be an array of 1..1000 entries");
    }
    if (!bad.ok()) return misbehaved(peer, bad);
    std::vector<compat::AnyTx> txs(list.size());
    std::vector<util::Status> results(list.size());
    util::ParallelFor(list.size(), [&](size_t i) {
      if (!list[i].is_string()) {
        results[i] = util::Error(ErrorCode::kMalformed, "an entry is not a base64 string");
        return;
      }
      auto bytes = Base64Decode(list[i].get_ref<const std::string&>());
      auto tx = bytes.ok() ? block::DecodeTxEntry(*bytes) : util::Result<compat::AnyTx>(bytes.status());
      if (!tx.ok()) {
        results[i] = tx.status();
        return;
      }
      results[i] = compat::VerifyAnyTxStateless(*tx, options_.identity.nethash);
      txs[i] = std::move(*tx);
    });
    for (size_t i = 0; i < results.size(); ++i) {
      if (!results[i].ok() && IsMisbehaviour(results[i].code())) {
        return misbehaved(peer, util::Status(results[i].code(), "transaction " + std::to_string(i) + ": " +
                                                                     results[i].message()));
      }
    }
    std::vector<compat::AnyTx> valid;
    std::vector<size_t> index;
    for (size_t i = 0; i < txs.size(); ++i) {
      if (results[i].ok()) {
        valid.push_back(std::move(txs[i]));
        index.push_back(i);
      }
    }
    std::vector<util::Status> submitted;
    {
      SourceScope scope(peer);
      submitted = service_.Submit(std::move(valid), /*verified=*/true);
    }
    for (size_t k = 0; k < submitted.size(); ++k) results[index[k]] = submitted[k];
    json rejected = json::array();
    size_t accepted = 0;
    for (size_t i = 0; i < results.size(); ++i) {
      if (results[i].ok()) {
        ++accepted;
      } else {
        rejected.push_back({{"index", i}, {"code", results[i].code_name()}, {"error", results[i].message()}});
      }
    }
    return http::Json({{"success", true}, {"accepted", accepted}, {"rejected", rejected}});
  }, kMaxTransactionsBody));

  router.Add("POST", "/peer/signatures", serve([this, misbehaved](const http::Request& r, const PeerAddress& peer) {
    util::Status bad;
    const json doc = ParseBody(r, &bad);
    const json& list = doc.is_object() ? doc["signatures"] : doc;
    if (bad.ok() && (!list.is_array() || list.empty() || list.size() > kMaxSignaturesPerPush)) {
      bad = util::Error(ErrorCode::kMalformed, "signatures must be an array of 1..100 entries");
    }
    if (!bad.ok()) return misbehaved(peer, bad);
    size_t accepted = 0;
    for (const auto& entry : list) {
      const auto signature = entry.is_object() && entry["signature"].is_string()
                                 ? util::FromHexFixed<64>(entry["signature"].get<std::string>())
                                 : std::nullopt;
      if (!signature || !entry["transaction"].is_string()) {
        return misbehaved(peer, util::Error(ErrorCode::kMalformed, "entries need transaction and signature"));
      }
      util::Status s;
      {
        SourceScope scope(peer);  // not gossiped back to its sender
        s = service_.AddCosignature(entry["transaction"].get<std::string>(), *signature);
      }
      if (s.code() == ErrorCode::kBadCosignature) return misbehaved(peer, s);
      accepted += s.ok();
    }
    return http::Json({{"success", true}, {"accepted", accepted}});
  }));

  router.Add("GET", "/api/peers", [this](const http::Request&) {
    json peers = json::array();
    for (const auto& p : book_.All()) peers.push_back(PeerJson(p));
    const size_t total = peers.size();
    return http::Json({{"success", true}, {"peers", std::move(peers)}, {"totalCount", total}});
  });
  router.Add("GET", "/api/peers/get", [this](const http::Request& r) {
    const std::string* ip = r.QueryValue("ip");
    const std::string* port = r.QueryValue("port");
    auto address = ip && port ? ParsePeerAddress(*ip + ":" + *port) : util::Result<PeerAddress>(util::Error(ErrorCode::kMissingField, "ip and port are required"));
    if (!address.ok()) return http::Json({{"success", false}, {"error", address.status().message()}, {"code", address.status().code_name()}});
    auto record = book_.Get(*address);
    if (!record) return http::Json({{"success", false}, {"error", "peer not found"}, {"code", "NOT_FOUND"}});
    return http::Json({{"success", true}, {"peer", PeerJson(*record)}});
  });
}

}  // namespace ddn::p2p
