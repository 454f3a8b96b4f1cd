// Router maps (method, path) to a handler, Express-style, for the node's REST API.
//
// Matching rules (DDN clients rely on them):
//  * Literal segments compare case-insensitively (ASCII): /api/blocks/getHeight and
//    /api/blocks/getheight are the same route. ":name" segments match any one segment and keep
//    its case in Request::params (addresses and ids are case-sensitive).
//  * Trailing slashes are ignored on both patterns and requests ("/api/peers/" == "/api/peers").
//  * Matching is on the percent-decoded path, so "%2F" acts as a separator.
//  * A literal route wins over a parameterized one; among parameterized routes the first
//    registered wins. A route lacking the request's method falls through to the next matching
//    route, so GET /tx/:id and POST /tx/new coexist.
//  * HEAD uses the GET handler when no HEAD handler exists (the server drops the body).
//  * OPTIONS without an explicit handler is a CORS preflight: 204 with Allow-* headers.
//  * No route matches the path: 404 NOT_FOUND. The path matches but not the method: 405
//    METHOD_NOT_ALLOWED with an Allow header. A WebSocket-only path hit without an upgrade: 426.
//  * A handler that throws gives 500 INTERNAL; the error observer (if set) sees the message.
//
// Thread safety: Add, AddWebSocket and SetErrorObserver configure the router and must complete
// before it is shared (before HttpServer::Start). Afterwards the router is immutable and
// Dispatch/IsWebSocketPath may run concurrently; handlers must be thread-safe themselves, since
// they run on the server's I/O threads (and should not block for long).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "http/message.h"

namespace ddn::http {

using Handler = std::function<Response(const Request&)>;
// Told about exceptions escaping handlers: (request, what()).
using ErrorObserver = std::function<void(const Request&, std::string_view)>;

class Router {
 public:
  Router();
  ~Router();
  Router(Router&&) noexcept;
  Router& operator=(Router&&) noexcept;
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // Registers `handler` for `method` (any case; stored upper-case) on `pattern`, e.g.
  // "/api/accounts/:address". Registering the same method and pattern again replaces the handler.
  // A pattern not starting with '/' is treated as if it did.
  void Add(std::string_view method, std::string_view pattern, Handler handler);

  // Marks `pattern` as a WebSocket endpoint: upgrade requests to it become WebSocket clients
  // that receive HttpServer::Broadcast messages.
  void AddWebSocket(std::string_view pattern);

  void SetErrorObserver(ErrorObserver observer);

  bool IsWebSocketPath(std::string_view path) const;

  // Routes `request` (fills request.params) and returns the handler's response or the error
  // response described above. Never throws.
  Response Dispatch(Request& request) const;

 private:
  struct Route;
  struct CaseInsensitiveHash {
    size_t operator()(std::string_view text) const;
  };
  struct CaseInsensitiveEqual {
    bool operator()(std::string_view a, std::string_view b) const;
  };

  Route& RouteFor(std::string_view pattern);
  // Calls `visit(route)` for each route matching `path` in precedence order until it returns true.
  template <typename Visit>
  void ForEachMatch(std::string_view path, Visit&& visit) const;
  Response Invoke(const Handler& handler, Request& request) const;

  std::vector<std::unique_ptr<Route>> routes_;
  // Keys view Route::key (lower-cased normalized literal pattern), stable since Routes are boxed.
  std::unordered_map<std::string_view, Route*, CaseInsensitiveHash, CaseInsensitiveEqual>
      literal_routes_;
  std::vector<Route*> param_routes_;
  ErrorObserver error_observer_;
};

}  // namespace ddn::http
