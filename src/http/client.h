// HttpClient: a synchronous HTTP/1.1 client that keeps one connection alive to one server
// (the CLI talking to a node's REST API, a node talking to a peer's API).
//
// Behaviour callers rely on:
//  * One request at a time on one kept-alive connection, opened by the first Send and reused
//    until the server ends it: a response with "Connection: close", or HTTP/1.0 without
//    keep-alive, closes the connection after it is read, and the next Send reconnects.
//  * If a reused connection fails before any byte of the response arrives (typically: the server
//    closed it while idle), Send reconnects and sends the request once more. A request that fails
//    on a fresh connection is never resent. (A server that takes a request and drops the
//    connection without answering may therefore see it twice; DDN's API is safe for that.)
//  * Every wait is bounded: connecting by connect_timeout, writing the request and reading the
//    whole response by request_timeout (or Send's `timeout`). Resolving a host name (not an
//    address literal) uses the system resolver and is not bounded by these timeouts.
//  * The client writes Host, and Content-Type and Content-Length when there is a body; framing
//    headers are the client's (ClientRequest::headers may not set them).
//  * Errors (always with "host:port" in the message): UNAVAILABLE when the server cannot be
//    reached, the connection fails or is closed, or time runs out; PAYLOAD_TOO_LARGE when the
//    response body exceeds max_response_bytes; MALFORMED for a response that is not HTTP;
//    INVALID_FIELD for bad options or a request that could not be sent as given. After any
//    error the connection is closed, so the next Send starts clean.
//
// Thread safety: Send, Close and connected may be called from any thread; an internal mutex
// serializes them, so a client carries one request at a time and a Close waits for a Send in
// progress to finish. options() is immutable.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/status.h"

namespace ddn::http {

struct ClientOptions {
  std::string host;  // IPv4/IPv6 literal (without brackets) or name
  uint16_t port = 0;
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds request_timeout{10000};  // whole request: write + read of the response
  size_t max_response_bytes = 16u << 20;             // body limit
};

struct ClientRequest {
  std::string method = "GET";  // an HTTP token, sent as given (methods are case-sensitive)
  std::string target = "/";    // path + query, already percent-encoded
  // Extra header fields. Not allowed: Host, Content-Type, Content-Length, Transfer-Encoding,
  // Connection (the client writes those), names that are not tokens, values with CR, LF or NUL.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string content_type = "application/json";  // sent only with a non-empty body
};

struct ClientResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lowercased names; repeats joined by ", "
  std::string body;

  // Header value for a lowercase name, or nullptr.
  const std::string* Header(std::string_view lowercase_name) const;
};

class HttpClient {
 public:
  explicit HttpClient(ClientOptions options);
  ~HttpClient();  // Close()
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends one request on the kept-alive connection (connecting first if needed) and reads the
  // response. `timeout` overrides request_timeout for this call. Any HTTP status is a success
  // here; the caller interprets it.
  util::Result<ClientResponse> Send(
      const ClientRequest& request,
      std::optional<std::chrono::milliseconds> timeout = std::nullopt);

  // Drops the connection; the next Send reconnects.
  void Close();

  // True while a connection is kept. The server may have closed it since (Send copes with that).
  bool connected() const;

  const ClientOptions& options() const { return options_; }

 private:
  struct Session;  // the io_context, the connection and its read buffer

  util::Status CheckRequest(const ClientRequest& request, std::chrono::milliseconds timeout) const;

  const ClientOptions options_;
  const std::string endpoint_;  // "host:port" ("[v6]:port") for messages and the Host header
  mutable std::mutex mu_;
  std::unique_ptr<Session> session_;  // guarded by mu_; never null
};

}  // namespace ddn::http
