#include "node/node_config.h"

#include <filesystem>
#include <fstream>

#include <toml++/toml.h>

namespace ddn::node {

using util::ErrorCode;

namespace {

std::string Resolve(const std::filesystem::path& base, const std::string& p) {
  if (p.empty() || std::filesystem::path(p).is_absolute()) return p;
  return (base / p).lexically_normal().string();
}

}  // namespace

util::Result<NodeConfig> LoadNodeConfig(const std::string& path) {
  toml::table t;
  try {
    t = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return util::Error(ErrorCode::kInvalidField,
                       "config " + path + ": " + std::string(e.description()));
  }
  NodeConfig c;
  const auto base = std::filesystem::absolute(path).parent_path();
  c.nethash = t["network"]["nethash"].value_or(c.nethash);
  c.genesis_file = Resolve(base, t["network"]["genesis_file"].value_or(c.genesis_file));
  c.block_interval = t["network"]["block_interval"].value_or(c.block_interval);
  c.delegates = t["network"]["delegates"].value_or(c.delegates);
  const std::string supply = t["network"]["total_supply"].value_or(std::string("0"));
  try {
    c.total_supply = std::stoull(supply);
  } catch (...) {
    return util::Error(ErrorCode::kInvalidField, "config: network.total_supply is not a number");
  }
  c.foundation = t["network"]["foundation"].value_or(c.foundation);
  c.max_txs_per_block = t["network"]["max_txs_per_block"].value_or(c.max_txs_per_block);
  c.max_payload_bytes = t["network"]["max_payload_bytes"].value_or(c.max_payload_bytes);
  c.data_dir = Resolve(base, t["node"]["data_dir"].value_or(c.data_dir));
  c.bind = t["node"]["bind"].value_or(c.bind);
  c.port = static_cast<uint16_t>(t["node"]["port"].value_or(static_cast<int64_t>(c.port)));
  c.log_level = t["node"]["log_level"].value_or(c.log_level);
  if (const auto* secrets = t["forging"]["secrets"].as_array()) {
    for (const auto& s : *secrets) {
      if (!s.is_string()) return util::Error(ErrorCode::kInvalidField, "forging.secrets: strings");
      c.forging_secrets.push_back(**s.as_string());
    }
  }
  c.max_pool_transactions = t["pool"]["max_transactions"].value_or(c.max_pool_transactions);
  c.pool_expiry_seconds = t["pool"]["expiry_seconds"].value_or(c.pool_expiry_seconds);
  if (const auto* peers = t["p2p"]["peers"].as_array()) {
    for (const auto& p : *peers) {
      if (!p.is_string()) return util::Error(ErrorCode::kInvalidField, "p2p.peers: strings");
      c.peers.push_back(**p.as_string());
    }
  }
  c.max_peers = t["p2p"]["max_peers"].value_or(c.max_peers);
  c.ban_seconds = t["p2p"]["ban_seconds"].value_or(c.ban_seconds);
  c.public_port = static_cast<uint16_t>(t["p2p"]["public_port"].value_or(static_cast<int64_t>(0)));
  if (c.nethash.empty()) return util::Error(ErrorCode::kMissingField, "config: network.nethash");
  if (c.block_interval == 0) return util::Error(ErrorCode::kInvalidField, "block_interval > 0");
  if (c.delegates == 0) return util::Error(ErrorCode::kInvalidField, "delegates > 0");
  if (c.max_txs_per_block == 0 || c.max_payload_bytes < 1024) {
    return util::Error(ErrorCode::kInvalidField, "network.max_txs_per_block > 0, max_payload_bytes >= 1024");
  }
  return c;
}

util::Status SaveNodeConfig(const NodeConfig& c, const std::string& path) {
  toml::array secrets;
  for (const auto& s : c.forging_secrets) secrets.push_back(s);
  toml::array peers;
  for (const auto& p : c.peers) peers.push_back(p);
  toml::table t{
      {"network", toml::table{{"nethash", c.nethash},
                              {"genesis_file", c.genesis_file},
                              {"block_interval", static_cast<int64_t>(c.block_interval)},
                              {"delegates", static_cast<int64_t>(c.delegates)},
                              {"total_supply", std::to_string(c.total_supply)},
                              {"foundation", c.foundation},
                              {"max_txs_per_block", static_cast<int64_t>(c.max_txs_per_block)},
                              {"max_payload_bytes", static_cast<int64_t>(c.max_payload_bytes)}}},
      {"node", toml::table{{"data_dir", c.data_dir},
                           {"bind", c.bind},
                           {"port", static_cast<int64_t>(c.port)},
                           {"log_level", c.log_level}}},
      {"forging", toml::table{{"secrets", secrets}}},
      {"pool", toml::table{{"max_transactions", static_cast<int64_t>(c.max_pool_transactions)},
                           {"expiry_seconds", static_cast<int64_t>(c.pool_expiry_seconds)}}},
      {"p2p", toml::table{{"peers", peers},
                          {"max_peers", static_cast<int64_t>(c.max_peers)},
                          {"ban_seconds", static_cast<int64_t>(c.ban_seconds)},
                          {"public_port", static_cast<int64_t>(c.public_port)}}},
  };
  std::ofstream out(path);
  out << "# DDN node configuration (docs/node.md)\n" << t << "\n";
  out.close();
  if (!out) return util::Error(ErrorCode::kIoError, "cannot write " + path);
  return util::Status::Ok();
}

}  // namespace ddn::node
