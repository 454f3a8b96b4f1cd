// NodeClient: the CLI's client for a node's REST API (`--node URL`): JSON over one kept-alive
// http::HttpClient connection. Errors from the connection say "the node at host:port".
// Thread safety: one thread.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "http/client.h"
#include "util/status.h"

namespace ddn::cli {

inline constexpr const char* kDefaultNode = "http://127.0.0.1:8001";

class NodeClient {
 public:
  // url: http://host[:port] (https is not supported by this client). `timeout` bounds the
  // connect and each request from the first byte sent to the last byte of the answer.
  static util::Result<NodeClient> Create(const std::string& url,
                                         std::chrono::milliseconds timeout = std::chrono::seconds(30));

  util::Result<nlohmann::json> Get(const std::string& target);
  util::Result<nlohmann::json> Post(const std::string& target, const nlohmann::json& body);

 private:
  explicit NodeClient(std::unique_ptr<http::HttpClient> http) : http_(std::move(http)) {}
  util::Result<nlohmann::json> Request(const std::string& method, const std::string& target,
                                       std::string body);

  std::unique_ptr<http::HttpClient> http_;  // never null; boxed so NodeClient can move
};

// Adds the --node option (default http://127.0.0.1:8001) to a command.
void AddNodeOption(CLI::App* cmd, std::string& url);

}  // namespace ddn::cli
