#include "http/router.h"

#include <algorithm>
#include <cstdint>
#include <exception>
#include <utility>

namespace ddn::http {
namespace {

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
char UpperAscii(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

bool EqualNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (LowerAscii(a[i]) != LowerAscii(b[i])) return false;
  }
  return true;
}

// "/a/b///" -> "/a/b"; "/" and "" stay "/"-like (the root).
std::string_view StripTrailingSlashes(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  return path;
}

// Splits a normalized path "/a/b" into {"a", "b"}; the root has no segments.
template <typename Out>
void SplitSegments(std::string_view path, Out* out) {
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  if (path.empty()) return;
  while (true) {
    size_t slash = path.find('/');
    out->push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) return;
    path.remove_prefix(slash + 1);
  }
}

constexpr std::string_view kPreflightMethods = "GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS";

Response Preflight(const Request& request) {
  Response response;
  response.status = 204;
  response.content_type.clear();
  response.headers.emplace_back("Access-Control-Allow-Methods", kPreflightMethods);
  const std::string* asked = request.Header("access-control-request-headers");
  response.headers.emplace_back("Access-Control-Allow-Headers",
                                asked != nullptr ? *asked : std::string("Content-Type"));
  response.headers.emplace_back("Access-Control-Max-Age", "86400");
  return response;
}

}  // namespace

struct Router::Route {
  struct Segment {
    std::string text;  // literal (original case) or parameter name
    bool is_param = false;
  };
  std::string key;  // normalized pattern, lower-cased
  std::vector<Segment> segments;
  bool has_params = false;
  bool websocket = false;
  std::vector<std::pair<std::string, Handler>> handlers;  // upper-case method -> handler

  const Handler* Find(std::string_view method) const {
    for (const auto& [m, h] : handlers) {
      if (m == method) return &h;
    }
    if (method == "HEAD") return Find("GET");
    return nullptr;
  }

  // Matches split request segments; fills `params` when given.
  bool Matches(const std::vector<std::string_view>& parts,
               std::map<std::string, std::string>* params) const {
    if (parts.size() != segments.size()) return false;
    for (size_t i = 0; i < parts.size(); ++i) {
      if (segments[i].is_param) {
        if (parts[i].empty()) return false;
      } else if (!EqualNoCase(segments[i].text, parts[i])) {
        return false;
      }
    }
    if (params != nullptr) {
      for (size_t i = 0; i < parts.size(); ++i) {
        if (segments[i].is_param) (*params)[segments[i].text] = std::string(parts[i]);
      }
    }
    return true;
  }
};

size_t Router::CaseInsensitiveHash::operator()(std::string_view text) const {
  uint64_t hash = 1469598103934665603ull;  // FNV-1a
  for (char c : text) {
    hash ^= static_cast<unsigned char>(LowerAscii(c));
    hash *= 1099511628211ull;
  }
  return static_cast<size_t>(hash);
}

bool Router::CaseInsensitiveEqual::operator()(std::string_view a, std::string_view b) const {
  return EqualNoCase(a, b);
}

Router::Router() = default;
Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

Router::Route& Router::RouteFor(std::string_view pattern) {
  std::string normalized;
  if (pattern.empty() || pattern.front() != '/') normalized.push_back('/');
  normalized.append(pattern);
  normalized = std::string(StripTrailingSlashes(normalized));
  std::string key = normalized;
  for (char& c : key) c = LowerAscii(c);

  for (auto& route : routes_) {
    if (route->key == key) return *route;
  }
  auto route = std::make_unique<Route>();
  route->key = std::move(key);
  std::vector<std::string_view> parts;
  SplitSegments(normalized, &parts);
  for (std::string_view part : parts) {
    Route::Segment segment;
    if (part.size() > 1 && part.front() == ':') {
      segment.is_param = true;
      segment.text = std::string(part.substr(1));
      route->has_params = true;
    } else {
      segment.text = std::string(part);
    }
    route->segments.push_back(std::move(segment));
  }
  Route* raw = route.get();
  routes_.push_back(std::move(route));
  if (raw->has_params) {
    param_routes_.push_back(raw);
  } else {
    literal_routes_.emplace(raw->key, raw);
  }
  return *raw;
}

void Router::Add(std::string_view method, std::string_view pattern, Handler handler) {
  std::string upper(method);
  for (char& c : upper) c = UpperAscii(c);
  Route& route = RouteFor(pattern);
  for (auto& [m, h] : route.handlers) {
    if (m == upper) {
      h = std::move(handler);
      return;
    }
  }
  route.handlers.emplace_back(std::move(upper), std::move(handler));
}

void Router::AddWebSocket(std::string_view pattern) { RouteFor(pattern).websocket = true; }

void Router::SetErrorObserver(ErrorObserver observer) { error_observer_ = std::move(observer); }

template <typename Visit>
void Router::ForEachMatch(std::string_view path, Visit&& visit) const {
  path = StripTrailingSlashes(path);
  if (path.empty()) path = "/";
  if (auto it = literal_routes_.find(path); it != literal_routes_.end()) {
    if (visit(*it->second, nullptr)) return;
  }
  if (param_routes_.empty()) return;
  std::vector<std::string_view> parts;
  SplitSegments(path, &parts);
  for (const Route* route : param_routes_) {
    if (route->Matches(parts, nullptr) && visit(*route, &parts)) return;
  }
}

bool Router::IsWebSocketPath(std::string_view path) const {
  bool found = false;
  ForEachMatch(path, [&](const Route& route, const std::vector<std::string_view>*) {
    found = route.websocket;
    return found;
  });
  return found;
}

Response Router::Invoke(const Handler& handler, Request& request) const {
  try {
    return handler(request);
  } catch (const std::exception& e) {
    if (error_observer_) error_observer_(request, e.what());
  } catch (...) {
    if (error_observer_) error_observer_(request, "non-standard exception");
  }
  return JsonError(500, "INTERNAL", "Internal error");
}

Response Router::Dispatch(Request& request) const {
  try {
    const Handler* handler = nullptr;
    bool path_known = false;
    bool websocket_only = false;
    std::vector<std::string_view> allowed;
    ForEachMatch(request.path, [&](const Route& route, const std::vector<std::string_view>* parts) {
      path_known = true;
      if (const Handler* h = route.Find(request.method); h != nullptr && *h) {
        handler = h;
        if (parts != nullptr) route.Matches(*parts, &request.params);
        return true;
      }
      if (route.websocket && route.handlers.empty()) websocket_only = true;
      for (const auto& entry : route.handlers) {
        if (std::find(allowed.begin(), allowed.end(), entry.first) == allowed.end()) {
          allowed.push_back(entry.first);
        }
      }
      return false;
    });
    if (handler != nullptr) return Invoke(*handler, request);
    if (request.method == "OPTIONS") return Preflight(request);
    if (!path_known) return JsonError(404, "NOT_FOUND", "Not found");
    if (websocket_only && request.method == "GET") {
      Response response = JsonError(426, "UPGRADE_REQUIRED", "WebSocket upgrade required");
      response.headers.emplace_back("Upgrade", "websocket");
      return response;
    }
    Response response = JsonError(405, "METHOD_NOT_ALLOWED", "Method not allowed");
    if (!allowed.empty()) {
      std::string allow;
      for (std::string_view m : allowed) {
        if (!allow.empty()) allow += ", ";
        allow += m;
      }
      response.headers.emplace_back("Allow", std::move(allow));
    }
    return response;
  } catch (...) {  // e.g. bad_alloc while building params
    return JsonError(500, "INTERNAL", "Internal error");
  }
}

}  // namespace ddn::http
