// Node: one running DDN node — the chain on RocksDB, the chain service (pool and forging), and
// the HTTP API with events and metrics, and the peer network — assembled from a NodeConfig.
// Thread safety: Start and Stop from one thread; the parts it owns run their own threads.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "api/api.h"
#include "http/server.h"
#include "kernel/chain_service.h"
#include "node/node_config.h"
#include "p2p/network.h"

namespace ddn::node {

class Node {
 public:
  explicit Node(NodeConfig config);
  ~Node();

  util::Status Start();
  void Stop();
  uint16_t api_port() const;
  // A storage failure or similar that requires the node to stop.
  std::optional<util::Status> fatal_error() const;
  const NodeConfig& config() const { return config_; }

 private:
  util::Status StartServer(const http::ServerOptions& server_options, http::Router router,
                           p2p::NetworkOptions network_options,
                           const std::shared_ptr<std::atomic<const p2p::Network*>>& network_slot);

  NodeConfig config_;
  kernel::SystemClock clock_;
  std::unique_ptr<kernel::ChainService> service_;
  std::unique_ptr<http::HttpServer> server_;
  std::unique_ptr<api::EventPublisher> events_;
  std::unique_ptr<p2p::Network> network_;
};

// The chain's options as the config defines them (the same on every node of a network).
util::Result<kernel::ChainOptions> ChainOptionsOf(const NodeConfig& config);

// `ddnd --dev`: the config of the devnet in `dir`, created on first use (101 delegates, all
// forging here; devnet.json written beside it).
util::Result<NodeConfig> PrepareDevnet(const std::string& dir, uint32_t block_interval, uint16_t port);

}  // namespace ddn::node
