// Network, peers, system and node status, /metrics (Prometheus text), the events WebSocket, and
// the registration of every route group.
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "api/api_util.h"
#include "api/routes.h"
#include "consensus/dpos.h"
#include "crypto/address.h"
#include "state/keys.h"

namespace ddn::api {

using nlohmann::json;
using util::ErrorCode;

namespace {

uint64_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  uint64_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

uint64_t Undistributed(const kernel::Chain& chain) {
  auto bytes = chain.db().Read(state::keys::RoundAccumulator());
  if (!bytes.ok() || !*bytes) return 0;
  auto acc = state::DecodeRoundAccumulator(**bytes);
  if (!acc.ok()) return 0;
  uint64_t total = acc->fees;
  for (const auto& [generator, reward] : acc->blocks) total += reward;
  return total;
}

std::string IrreversibleId(const kernel::Chain& chain) {
  auto header = chain.HeaderAt(chain.irreversible_height());
  return header.ok() && *header ? util::ToHex(block::BlockIdHash(**header)) : std::string();
}

// The last block forged here and how long each phase took (null before the first).
json LastForged(const kernel::ForgeTimings& t) {
  if (t.height == 0) return nullptr;
  const auto ms = [](double seconds) { return std::round(seconds * 1e5) / 100; };
  return {{"height", t.height},
          {"transactions", t.transactions},
          {"buildMs", ms(t.build_seconds)},
          {"commitMs", ms(t.commit_seconds)},
          {"poolMs", ms(t.pool_seconds)}};
}

json NodeStatus(const ApiContext& ctx) {
  const double uptime = std::chrono::duration<double>(std::chrono::steady_clock::now() - ctx.started).count();
  json network = ctx.network_status ? ctx.network_status() : json{{"peers", 0}, {"syncing", false}};
  return ctx.service->Read([&](const kernel::Chain& chain, const kernel::TxPool& pool) {
    const auto& tip = chain.tip();
    return json{{"version", ctx.version},
                {"nethash", chain.options().nethash},
                {"height", tip.height},
                {"headId", util::ToHex(tip.id)},
                {"headTimestamp", tip.timestamp},
                {"irreversibleHeight", chain.irreversible_height()},
                {"irreversibleId", IrreversibleId(chain)},
                {"currentSlot", ctx.service->CurrentSlot()},
                {"blockInterval", chain.options().params.block_interval},
                {"delegates", chain.options().params.delegates},
                {"forgingDelegates", ctx.service->ForgingKeys().size()},
                {"blocksForged", ctx.service->blocks_forged()},
                {"lastForged", LastForged(ctx.service->last_forge())},
                {"poolSize", pool.size()},
                // Fees and rewards of the current round, paid out at its end: together with all
                // balances they make up the supply.
                {"undistributed", std::to_string(Undistributed(chain))},
                {"droppedTransactions", pool.dropped_total()},
                {"syncing", network.value("syncing", false)},
                {"peers", network.value("peers", 0)},
                {"uptimeSeconds", uptime},
                {"residentBytes", ResidentBytes()}};
  });
}

std::string Metrics(const ApiContext& ctx) {
  const kernel::ForgeTimings forge = ctx.service->last_forge();
  const json s = NodeStatus(ctx);
  std::ostringstream m;
  auto metric = [&](const char* name, const char* type, const char* help, auto value) {
    m << "# HELP " << name << " " << help << "\n# TYPE " << name << " " << type << "\n"
      << name << " " << value << "\n";
  };
  metric("ddn_block_height", "gauge", "Height of the chain tip.", s["height"].get<uint64_t>());
  metric("ddn_irreversible_height", "gauge", "Highest irreversible block.",
         s["irreversibleHeight"].get<uint64_t>());
  metric("ddn_peers_connected", "gauge", "Connected peers.", s["peers"].get<uint64_t>());
  metric("ddn_syncing", "gauge", "1 while the node syncs from a peer.", s["syncing"].get<bool>() ? 1 : 0);
  metric("ddn_pool_transactions", "gauge", "Transactions waiting in the pool.",
         s["poolSize"].get<uint64_t>());
  metric("ddn_pool_dropped_total", "counter", "Accepted transactions dropped with a reason.",
         s["droppedTransactions"].get<uint64_t>());
  metric("ddn_blocks_forged_total", "counter", "Blocks forged by this node.",
         s["blocksForged"].get<uint64_t>());
  m << "# HELP ddn_last_forge_seconds Time the last block forged here took, by phase.\n"
    << "# TYPE ddn_last_forge_seconds gauge\n"
    << "ddn_last_forge_seconds{phase=\"build\"} " << forge.build_seconds << "\n"
    << "ddn_last_forge_seconds{phase=\"commit\"} " << forge.commit_seconds << "\n"
    << "ddn_last_forge_seconds{phase=\"pool\"} " << forge.pool_seconds << "\n";
  metric("ddn_last_forge_transactions", "gauge", "Transactions in the last block forged here.",
         forge.transactions);
  metric("ddn_process_resident_bytes", "gauge", "Resident memory.", s["residentBytes"].get<uint64_t>());
  metric("ddn_uptime_seconds", "gauge", "Seconds since start.", s["uptimeSeconds"].get<double>());
  if (ctx.server_slot && *ctx.server_slot) {
    const auto st = (*ctx.server_slot)->stats();
    metric("ddn_http_requests_total", "counter", "HTTP requests.", st.requests);
    metric("ddn_http_connections_open", "gauge", "Open HTTP and WebSocket connections.",
           st.connections_open);
    metric("ddn_websocket_clients", "gauge", "Connected WebSocket clients.", st.websocket_clients);
    m << "# HELP ddn_http_responses_total HTTP responses by status class.\n"
      << "# TYPE ddn_http_responses_total counter\n";
    for (int i = 0; i < 5; ++i) {
      m << "ddn_http_responses_total{class=\"" << (i + 1) << "xx\"} " << st.responses_by_class[i]
        << "\n";
    }
  }
  return m.str();
}

}  // namespace

void AddSecretRefusing(http::Router& router, std::string_view method, std::string_view path,
                       std::string_view instead) {
  const std::string message = "this node never accepts passphrases: sign locally instead (" +
                              std::string(instead) + ")";
  router.Add(method, path, [message](const http::Request&) {
    return Fail(ErrorCode::kSecretRefused, message);
  });
}

void AddNodeRoutes(http::Router& router, const ApiContext& ctx) {
  router.Add("GET", "/api/node/status", [ctx](const http::Request&) { return Ok(NodeStatus(ctx)); });
  router.Add("GET", "/metrics", [ctx](const http::Request&) {
    http::Response r;
    r.content_type = "text/plain; version=0.0.4";
    r.body = Metrics(ctx);
    return r;
  });
  router.Add("GET", "/api/network", [ctx](const http::Request&) {
    return Ok({{"nethash", ctx.service->chain_options().nethash},
               {"tokenName", "DDN"},
               {"tokenPrefix", "D"},
               {"beginDate", "2017-12-20T04:00:00.000Z"},
               {"blockInterval", ctx.service->chain_options().params.block_interval}});
  });
  router.Add("GET", "/api/network/status", [ctx](const http::Request&) {
    const json s = NodeStatus(ctx);
    return Ok({{"ready", true}, {"height", std::to_string(s["height"].get<uint64_t>())},
               {"blocksCount", s["height"]}});
  });
  router.Add("GET", "/api/network/sync", [ctx](const http::Request&) {
    const json s = NodeStatus(ctx);
    const uint64_t height = s["height"].get<uint64_t>();
    const json network = ctx.network_status ? ctx.network_status() : json::object();
    const uint64_t best = std::max<uint64_t>(height, network.value("bestPeerHeight", uint64_t{0}));
    return Ok({{"syncing", s["syncing"]}, {"blocks", std::to_string(best)}, {"height", std::to_string(height)}});
  });
  // /api/peers and /api/peers/get are served by the peer network (p2p/peer_routes.cc).
  router.Add("GET", "/api/peers/version", [ctx](const http::Request&) {
    return Ok({{"version", {{"version", ctx.version}, {"build", "cpp"}, {"net", ctx.service->chain_options().nethash}}}});
  });
  router.Add("GET", "/api/system", [ctx](const http::Request&) {
    utsname u{};
    uname(&u);
    return Ok({{"os", {{"platform", u.sysname}, {"release", u.release}, {"arch", u.machine}}},
               {"memory", {{"resident", ResidentBytes()}}},
               {"cpus", sysconf(_SC_NPROCESSORS_ONLN)},
               {"version", ctx.version}});
  });
  router.AddWebSocket("/api/events");
}

void RegisterApi(http::Router& router, const ApiContext& ctx) {
  AddAccountRoutes(router, ctx);
  AddBlockRoutes(router, ctx);
  AddTransactionRoutes(router, ctx);
  AddDelegateRoutes(router, ctx);
  AddMultisigRoutes(router, ctx);
  AddNodeRoutes(router, ctx);
}

void EventPublisher::OnBlockApplied(const block::Block& block) {
  if (server_.websocket_clients() == 0) return;  // nobody listens: skip the serialisation
  server_.Broadcast(json{{"event", "block"}, {"data", block::BlockToJson(block, false)}}.dump());
  if (block.header.height % delegates_ == 0) {
    server_.Broadcast(json{{"event", "round"},
                           {"data", {{"round", block.header.height / delegates_ + 1},
                                     {"height", block.header.height}}}}
                          .dump());
  }
}

void EventPublisher::OnTransactionAccepted(const compat::AnyTx& tx) {
  if (server_.websocket_clients() == 0) return;
  server_.Broadcast(json{{"event", "transaction"}, {"data", PendingTxJson(tx)}}.dump());
}

}  // namespace ddn::api
