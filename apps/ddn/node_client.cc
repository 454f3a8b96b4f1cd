#include "node_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace ddn::cli {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;
using util::ErrorCode;

util::Result<NodeClient> NodeClient::Create(const std::string& url) {
  const std::string prefix = "http://";
  if (url.rfind(prefix, 0) != 0) {
    return util::Error(ErrorCode::kInvalidField, "--node must be an http:// URL");
  }
  std::string rest = url.substr(prefix.size());
  if (const auto slash = rest.find('/'); slash != std::string::npos) rest.resize(slash);
  NodeClient c;
  const auto colon = rest.rfind(':');
  c.host_ = colon == std::string::npos ? rest : rest.substr(0, colon);
  c.port_ = colon == std::string::npos ? "80" : rest.substr(colon + 1);
  if (c.host_.empty() || c.port_.empty()) {
    return util::Error(ErrorCode::kInvalidField, "--node: host and port needed");
  }
  return c;
}

util::Result<nlohmann::json> NodeClient::Request(const std::string& method,
                                                 const std::string& target,
                                                 const std::string& body) const {
  try {
    boost::asio::io_context io;
    tcp::resolver resolver(io);
    beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::seconds(30));
    stream.connect(resolver.resolve(host_, port_));
    http::request<http::string_body> req(http::string_to_verb(method), target, 11);
    req.set(http::field::host, host_);
    req.set(http::field::user_agent, "ddn-cli");
    if (!body.empty()) {
      req.set(http::field::content_type, "application/json");
      req.body() = body;
    }
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64u << 20);
    http::read(stream, buffer, parser);
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    auto json = nlohmann::json::parse(parser.get().body(), nullptr, false);
    if (json.is_discarded()) {
      return util::Error(ErrorCode::kMalformed,
                         "the node answered HTTP " + std::to_string(parser.get().result_int()) +
                             " without JSON");
    }
    return json;
  } catch (const std::exception& e) {
    return util::Error(ErrorCode::kUnavailable,
                       "cannot reach the node at " + host_ + ":" + port_ + ": " + e.what());
  }
}

util::Result<nlohmann::json> NodeClient::Get(const std::string& target) const {
  return Request("GET", target, "");
}

util::Result<nlohmann::json> NodeClient::Post(const std::string& target,
                                              const nlohmann::json& body) const {
  return Request("POST", target, body.dump());
}

void AddNodeOption(CLI::App* cmd, std::string& url) {
  cmd->add_option("--node", url, "Node API URL")->capture_default_str();
}

}  // namespace ddn::cli
