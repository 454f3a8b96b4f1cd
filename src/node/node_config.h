// NodeConfig: everything a node needs to start, read from a TOML file (docs/node.md) and
// overridden by command-line flags. Only the node layer reads files, argv and the clock.
//
//   [network]  nethash, genesis_file, block_interval, delegates, total_supply, foundation,
//              max_txs_per_block, max_payload_bytes
//   [node]     data_dir, bind, port, log_level
//   [forging]  secrets = ["passphrase", …]
//   [pool]     max_transactions, expiry_seconds
//   [p2p]      peers = ["host:port", …] (seeds: their API ports), max_peers, ban_seconds,
//              public_port
// Relative paths are relative to the config file's directory.
// Thread safety: value type and pure functions (file I/O aside).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "util/status.h"

namespace ddn::node {

struct NodeConfig {
  // network (must be the same on every node of the network)
  std::string nethash;
  std::string genesis_file = "genesis.block";
  uint32_t block_interval = 10;
  uint32_t delegates = 101;
  uint64_t total_supply = 0;
  std::string foundation;  // address
  // Block limits (a performance profile raises them; every node of the network must agree).
  uint32_t max_txs_per_block = 500;
  uint32_t max_payload_bytes = 8u << 20;
  // this node
  std::string data_dir = "data";
  std::string bind = "127.0.0.1";
  uint16_t port = 8001;
  std::string log_level = "info";
  std::vector<std::string> forging_secrets;
  uint32_t max_pool_transactions = 20000;
  uint32_t pool_expiry_seconds = 3 * 3600;
  // p2p (docs/p2p.md): seed peers as "host:port" of their API (the peer protocol shares the port)
  std::vector<std::string> peers;
  uint32_t max_peers = 20;
  uint32_t ban_seconds = 600;
  // The port other nodes should use to reach this one (0: `port`); for NAT and port forwarding,
  // and the system tests' partition proxies.
  uint16_t public_port = 0;
  // Test-only: "POINT:N" kills the process with SIGKILL the N-th time block processing reaches
  // POINT (from the environment variable DDN_TEST_CRASH_AT; see tests/system/crash.test.js).
  std::string test_crash_at;
};

util::Result<NodeConfig> LoadNodeConfig(const std::string& path);
util::Status SaveNodeConfig(const NodeConfig& config, const std::string& path);

}  // namespace ddn::node
