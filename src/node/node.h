// Node: one running DDN node — the chain on RocksDB, the chain service (pool and forging), and
// the HTTP API with events and metrics — assembled from a NodeConfig.
// Thread safety: Start and Stop from one thread; the parts it owns run their own threads.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "api/api.h"
#include "http/server.h"
#include "kernel/chain_service.h"
#include "node/node_config.h"

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
  NodeConfig config_;
  kernel::SystemClock clock_;
  std::unique_ptr<kernel::ChainService> service_;
  std::unique_ptr<http::HttpServer> server_;
  std::unique_ptr<api::EventPublisher> events_;
};

// `ddnd --dev`: the config of the devnet in `dir`, created on first use (101 delegates, all
// forging here; devnet.json written beside it).
util::Result<NodeConfig> PrepareDevnet(const std::string& dir, uint32_t block_interval, uint16_t port);

}  // namespace ddn::node
