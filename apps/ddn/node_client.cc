#include "node_client.h"

#include <charconv>
#include <chrono>
#include <utility>

namespace ddn::cli {

using util::ErrorCode;

util::Result<NodeClient> NodeClient::Create(const std::string& url,
                                            std::chrono::milliseconds timeout) {
  const std::string prefix = "http://";
  if (url.rfind(prefix, 0) != 0) {
    return util::Error(ErrorCode::kInvalidField, "--node must be an http:// URL");
  }
  std::string rest = url.substr(prefix.size());
  if (const auto slash = rest.find('/'); slash != std::string::npos) rest.resize(slash);
  const auto colon = rest.rfind(':');
  const bool has_port = colon != std::string::npos && rest.find(']', colon) == std::string::npos;
  http::ClientOptions options;
  options.host = has_port ? rest.substr(0, colon) : rest;
  const std::string port = has_port ? rest.substr(colon + 1) : "80";
  if (options.host.size() >= 2 && options.host.front() == '[' && options.host.back() == ']') {
    options.host = options.host.substr(1, options.host.size() - 2);  // [IPv6 literal]
  }
  if (options.host.empty() || port.empty()) {
    return util::Error(ErrorCode::kInvalidField, "--node: host and port needed");
  }
  const auto parsed = std::from_chars(port.data(), port.data() + port.size(), options.port);
  if (parsed.ec != std::errc() || parsed.ptr != port.data() + port.size() || options.port == 0) {
    return util::Error(ErrorCode::kInvalidField, "--node: bad port \"" + port + "\"");
  }
  options.connect_timeout = timeout;
  options.request_timeout = timeout;
  options.max_response_bytes = 64u << 20;
  return NodeClient(std::make_unique<http::HttpClient>(std::move(options)));
}

util::Result<nlohmann::json> NodeClient::Request(const std::string& method,
                                                 const std::string& target, std::string body) {
  http::ClientRequest request;
  request.method = method;
  request.target = target;
  request.headers.emplace_back("User-Agent", "ddn-cli");
  request.body = std::move(body);
  auto response = http_->Send(request);
  if (!response.ok()) {
    // The client's messages start with "host:port: ...".
    const util::Status& status = response.status();
    return util::Error(
        status.code(),
        (status.code() == ErrorCode::kUnavailable ? "cannot reach the node at " : "the node at ") +
            status.message());
  }
  auto json = nlohmann::json::parse(response->body, nullptr, false);
  if (json.is_discarded()) {
    return util::Error(
        ErrorCode::kMalformed,
        "the node answered HTTP " + std::to_string(response->status) + " without JSON");
  }
  return json;
}

util::Result<nlohmann::json> NodeClient::Get(const std::string& target) {
  return Request("GET", target, "");
}

util::Result<nlohmann::json> NodeClient::Post(const std::string& target,
                                              const nlohmann::json& body) {
  return Request("POST", target, body.dump());
}

void AddNodeOption(CLI::App* cmd, std::string& url) {
  cmd->add_option("--node", url, "Node API URL")->capture_default_str();
}

}  // namespace ddn::cli
