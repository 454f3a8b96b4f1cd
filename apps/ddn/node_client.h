// NodeClient: the CLI's HTTP/1.1 client for a node's REST API (`--node URL`).
// Thread safety: one thread.
#pragma once

#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "util/status.h"

namespace ddn::cli {

inline constexpr const char* kDefaultNode = "http://127.0.0.1:8001";

class NodeClient {
 public:
  // url: http://host[:port] (https is not supported by this client).
  static util::Result<NodeClient> Create(const std::string& url);

  util::Result<nlohmann::json> Get(const std::string& target) const;
  util::Result<nlohmann::json> Post(const std::string& target, const nlohmann::json& body) const;

 private:
  util::Result<nlohmann::json> Request(const std::string& method, const std::string& target,
                                       const std::string& body) const;
  std::string host_;
  std::string port_;
};

// Adds the --node option (default http://127.0.0.1:8001) to a command.
void AddNodeOption(CLI::App* cmd, std::string& url);

}  // namespace ddn::cli
