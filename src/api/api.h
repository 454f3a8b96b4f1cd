// The node's REST API (DDN-compatible, reference §6.1–6.6, docs/api.md), WebSocket events and
// Prometheus metrics, registered on an http::Router.
//
// Every JSON answer is DDN's envelope: {"success": true, …} or
// {"success": false, "error": "<message>", "code": "<STABLE_CODE>"} (HTTP 200, as DDN clients
// expect; transport-level problems use HTTP status codes). Endpoints that would need a passphrase
// on the node answer SECRET_REFUSED: clients sign locally.
// Thread safety: handlers run concurrently on the server's threads; they only use ChainService's
// thread-safe interface.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "http/router.h"
#include "http/server.h"
#include "kernel/chain_service.h"

namespace ddn::api {

struct ApiContext {
  kernel::ChainService* service = nullptr;
  // The server, for /metrics counters; filled after registration (may stay null in tests).
  std::shared_ptr<const http::HttpServer*> server_slot;
  std::string version;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  // The peer network's part of /api/node/status ({"peers", "syncing", "bestPeerHeight"}); may
  // be empty (a node without a network, tests).
  std::function<nlohmann::json()> network_status;
};

void RegisterApi(http::Router& router, const ApiContext& context);

// Pushes {"event": "block"|"transaction"|"round", "data": …} to WebSocket clients of /api/events.
class EventPublisher final : public kernel::ChainObserver {
 public:
  explicit EventPublisher(http::HttpServer& server, uint32_t delegates)
      : server_(server), delegates_(delegates) {}
  void OnBlockApplied(const block::Block& block) override;
  void OnTransactionAccepted(const compat::AnyTx& tx) override;

 private:
  http::HttpServer& server_;
  uint32_t delegates_;
};

}  // namespace ddn::api
