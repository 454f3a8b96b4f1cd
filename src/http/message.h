// Request and Response: the plain values an HTTP handler receives and returns.
//
// They carry no Boost types, so API code (routes, handlers, their tests) depends only on this
// header and nlohmann-json, never on Beast. A Request is built by the server from one parsed HTTP
// message; a Response is serialized by the server, which owns framing (Content-Length,
// Connection) and adds the CORS header.
// Thread safety: value types, no shared state.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace ddn::http {

struct Request {
  std::string method;  // as sent, e.g. "GET" (HTTP methods are case-sensitive)
  std::string target;  // the raw request-target, e.g. "/api/blocks/get?id=1%202"
  std::string path;    // percent-decoded path without the query, e.g. "/api/blocks/get"
  std::multimap<std::string, std::string> query;  // url-decoded ('+' is a space), in order
  std::map<std::string, std::string> params;      // ":name" route segments (decoded, case kept)
  std::map<std::string, std::string> headers;     // lowercased names; repeats joined by ", "
  std::string body;
  std::string remote_address;  // peer IP address, e.g. "127.0.0.1" or "::1"

  // First query value for `key`, or nullptr. Keys are case-sensitive.
  const std::string* QueryValue(std::string_view key) const;
  // Header value for a lowercase `name`, or nullptr.
  const std::string* Header(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  // Extra headers. The server controls Content-Length, Transfer-Encoding and Connection and
  // ignores those names here; a header whose name or value could split the response (CR, LF,
  // NUL, non-token name) is dropped. Setting Access-Control-Allow-Origin replaces the default "*".
  std::vector<std::pair<std::string, std::string>> headers;
};

// A JSON response. Never throws: invalid UTF-8 inside strings is replaced by U+FFFD.
Response Json(const nlohmann::json& value, int status = 200);

// The DDN-style error body {"success":false,"error":message,"code":code}.
Response JsonError(int status, std::string_view code, std::string_view message);

}  // namespace ddn::http
