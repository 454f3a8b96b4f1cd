// Tests for ddn::http: URL helpers and the Router in isolation, then a real HttpServer on
// 127.0.0.1 driven by real clients: a POSIX socket client whose responses are parsed by Beast's
// HTTP parser (raw bytes for garbage, pipelining and slow clients) and a Beast WebSocket client.
// Every read has a generous deadline that only guards against hangs; no test sleeps to let
// something happen, except WaitFor, which polls a server gauge that has no notification.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http/message.h"
#include "http/router.h"
#include "http/server.h"
#include "http/url.h"

namespace ddn::http {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace websocket = boost::beast::websocket;
using Clock = std::chrono::steady_clock;
using error_code = boost::system::error_code;
using nlohmann::json;
using namespace std::chrono_literals;

// Only a failure guard: a healthy run never waits this long.
constexpr auto kGuard = 10s;

// ------------------------------------------------------------------------------------------------
// URL helpers

TEST(UrlTest, PercentDecode) {
  EXPECT_EQ(PercentDecode("a%20b+c", true), "a b c");
  EXPECT_EQ(PercentDecode("a%20b+c", false), "a b+c");
  EXPECT_EQ(PercentDecode("%41%4a%4A", false), "AJJ");
  EXPECT_EQ(PercentDecode("%zz%4%", true), "%zz%4%");  // invalid escapes kept verbatim
  EXPECT_EQ(PercentDecode("%00x", false), std::string("\0x", 2));
  EXPECT_EQ(PercentDecode("", true), "");
}

TEST(UrlTest, ParseQuery) {
  std::multimap<std::string, std::string> query;
  ParseQuery("a=1&b=x+y%2Bz&a=2&flag&&=v&k%20ey=%26", &query);
  std::vector<std::pair<std::string, std::string>> got(query.begin(), query.end());
  std::vector<std::pair<std::string, std::string>> want = {
      {"", "v"}, {"a", "1"}, {"a", "2"}, {"b", "x y+z"}, {"flag", ""}, {"k ey", "&"}};
  EXPECT_EQ(got, want);
}

TEST(UrlTest, SplitTarget) {
  auto parts = SplitTarget("/api/x?y=1#frag");
  ASSERT_TRUE(parts);
  EXPECT_EQ(parts->path, "/api/x");
  EXPECT_EQ(parts->query, "y=1");
  parts = SplitTarget("http://host:80/p/q?z");
  ASSERT_TRUE(parts);
  EXPECT_EQ(parts->path, "/p/q");
  EXPECT_EQ(parts->query, "z");
  parts = SplitTarget("HTTPS://host");
  ASSERT_TRUE(parts);
  EXPECT_EQ(parts->path, "/");
  parts = SplitTarget("*");
  ASSERT_TRUE(parts);
  EXPECT_EQ(parts->path, "*");
  EXPECT_FALSE(SplitTarget("api/x"));
  EXPECT_FALSE(SplitTarget(""));
}

// ------------------------------------------------------------------------------------------------
// Router without a server

Response Text(std::string body) {
  Response response;
  response.content_type = "text/plain";
  response.body = std::move(body);
  return response;
}

Request MakeRequest(std::string method, std::string path) {
  Request request;
  request.method = std::move(method);
  request.path = std::move(path);
  return request;
}

json BodyJson(const Response& response) { return json::parse(response.body, nullptr, false); }

TEST(RouterTest, CaseInsensitiveLiteralsAndTrailingSlash) {
  Router router;
  router.Add("get", "/api/blocks/getHeight/", [](const Request&) { return Text("h"); });
  for (const char* path :
       {"/api/blocks/getHeight", "/api/blocks/getheight", "/API/BLOCKS/GETHEIGHT",
        "/api/blocks/getHeight/", "/api/blocks/getHeight//"}) {
    Request request = MakeRequest("GET", path);
    EXPECT_EQ(router.Dispatch(request).body, "h") << path;
  }
  Request other = MakeRequest("GET", "/api/blocks/getHeightX");
  EXPECT_EQ(router.Dispatch(other).status, 404);
}

TEST(RouterTest, ParamsKeepCaseAndLiteralsWin) {
  Router router;
  router.Add("GET", "/api/accounts/:address",
             [](const Request& r) { return Text("param:" + r.params.at("address")); });
  router.Add("GET", "/api/accounts/count", [](const Request&) { return Text("literal"); });
  router.Add("GET", "/api/blocks/:id/txs/:n",
             [](const Request& r) { return Text(r.params.at("id") + "," + r.params.at("n")); });
  Request a = MakeRequest("GET", "/api/Accounts/DAbCdEf");
  EXPECT_EQ(router.Dispatch(a).body, "param:DAbCdEf");
  EXPECT_EQ(a.params.at("address"), "DAbCdEf");
  Request b = MakeRequest("GET", "/api/accounts/COUNT/");
  EXPECT_EQ(router.Dispatch(b).body, "literal");
  Request c = MakeRequest("GET", "/api/blocks/X1/TXS/7");
  EXPECT_EQ(router.Dispatch(c).body, "X1,7");
  Request d = MakeRequest("GET", "/api/blocks/X1/txs");
  EXPECT_EQ(router.Dispatch(d).status, 404);
  Request e = MakeRequest("GET", "/api/accounts//");  // empty segment never matches a param
  EXPECT_EQ(router.Dispatch(e).status, 404);
}

TEST(RouterTest, MethodFallthroughAnd405) {
  Router router;
  router.Add("GET", "/tx/:id", [](const Request& r) { return Text("get " + r.params.at("id")); });
  router.Add("POST", "/tx/new", [](const Request&) { return Text("post new"); });
  router.Add("PUT", "/tx/new", [](const Request&) { return Text("put new"); });
  Request get_new = MakeRequest("GET", "/tx/new");
  EXPECT_EQ(router.Dispatch(get_new).body, "get new");
  Request post_new = MakeRequest("POST", "/tx/new");
  EXPECT_EQ(router.Dispatch(post_new).body, "post new");
  Request del = MakeRequest("DELETE", "/tx/new");
  Response response = router.Dispatch(del);
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(BodyJson(response)["code"], "METHOD_NOT_ALLOWED");
  EXPECT_EQ(BodyJson(response)["success"], false);
  ASSERT_EQ(response.headers.size(), 1u);
  EXPECT_EQ(response.headers[0].first, "Allow");
  EXPECT_EQ(response.headers[0].second, "POST, PUT, GET");
  Request head = MakeRequest("HEAD", "/tx/abc");
  EXPECT_EQ(router.Dispatch(head).body, "get abc");  // HEAD uses GET; the server drops the body
}

TEST(RouterTest, NotFoundPreflightWebSocketAndReplace) {
  Router router;
  router.Add("GET", "/a", [](const Request&) { return Text("1"); });
  router.Add("GET", "/a", [](const Request&) { return Text("2"); });  // replaces
  router.AddWebSocket("/api/events");
  Request a = MakeRequest("GET", "/a");
  EXPECT_EQ(router.Dispatch(a).body, "2");
  Request missing = MakeRequest("GET", "/nope");
  Response not_found = router.Dispatch(missing);
  EXPECT_EQ(not_found.status, 404);
  EXPECT_EQ(BodyJson(not_found),
            json({{"success", false}, {"error", "Not found"}, {"code", "NOT_FOUND"}}));
  Request options = MakeRequest("OPTIONS", "/anything");
  options.headers["access-control-request-headers"] = "X-Custom";
  Response preflight = router.Dispatch(options);
  EXPECT_EQ(preflight.status, 204);
  bool echoed = false;
  for (const auto& [name, value] : preflight.headers) {
    if (name == "Access-Control-Allow-Headers") echoed = value == "X-Custom";
  }
  EXPECT_TRUE(echoed);
  EXPECT_TRUE(router.IsWebSocketPath("/API/Events/"));
  EXPECT_FALSE(router.IsWebSocketPath("/a"));
  Request plain = MakeRequest("GET", "/api/events");
  EXPECT_EQ(router.Dispatch(plain).status, 426);
}

TEST(RouterTest, ThrowingHandlerGives500AndIsObserved) {
  Router router;
  std::string seen;
  router.SetErrorObserver([&](const Request&, std::string_view what) { seen = what; });
  router.Add("GET", "/boom", [](const Request&) -> Response { throw std::runtime_error("boom"); });
  router.Add("GET", "/int", [](const Request&) -> Response { throw 42; });
  Request boom = MakeRequest("GET", "/boom");
  Response response = router.Dispatch(boom);
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(BodyJson(response),
            json({{"success", false}, {"error", "Internal error"}, {"code", "INTERNAL"}}));
  EXPECT_EQ(seen, "boom");
  Request int_throw = MakeRequest("GET", "/int");
  EXPECT_EQ(router.Dispatch(int_throw).status, 500);
}

TEST(MessageTest, JsonNeverThrowsOnInvalidUtf8) {
  Response response = Json(json{{"s", std::string("a\xff")}}, 201);
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(response.body, "{\"s\":\"a\xEF\xBF\xBD\"}");
}

// ------------------------------------------------------------------------------------------------
// Test clients

struct ParsedResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lowercased names
  std::string body;
  bool keep_alive = false;

  json Json() const { return json::parse(body, nullptr, false); }
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

// A blocking TCP client on 127.0.0.1 with deadline-guarded reads; responses are parsed by Beast.
class RawClient {
 public:
  explicit RawClient(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    ::inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
      ::close(fd_);
      fd_ = -1;
      return;
    }
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  }
  ~RawClient() { Close(); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  bool connected() const { return fd_ >= 0; }

  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  bool Send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  void ShutdownWrite() { ::shutdown(fd_, SHUT_WR); }

  // Reads one response; nullopt on a closed connection, a parse error or the guard deadline.
  std::optional<ParsedResponse> ReadResponse(bool head_request = false) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.eager(true);
    parser.body_limit(64u << 20);
    if (head_request) parser.skip(true);
    const auto deadline = Clock::now() + kGuard;
    while (!parser.is_done()) {
      if (!pending_.empty()) {
        error_code ec;
        size_t used = parser.put(net::buffer(pending_), ec);
        pending_.erase(0, used);
        if (ec && ec != bhttp::error::need_more) return std::nullopt;
        if (parser.is_done()) break;
        if (!ec && used > 0) continue;
      }
      char buffer[65536];
      ssize_t n = RecvSome(buffer, sizeof(buffer), deadline);
      if (n == 0) {
        error_code ec;
        parser.put_eof(ec);
        if (!ec && parser.is_done()) break;
        return std::nullopt;
      }
      if (n < 0) return std::nullopt;
      pending_.append(buffer, static_cast<size_t>(n));
    }
    ParsedResponse response;
    auto& message = parser.get();
    response.status = static_cast<int>(message.result_int());
    for (const auto& field : message) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      response.headers[name] = std::string(field.value());
    }
    response.body = std::move(message.body());
    response.keep_alive = message.keep_alive();
    return response;
  }

  // Reads until the server closes the connection (EOF or reset). Returns false if the guard
  // deadline passed first; `data` receives everything read.
  bool ReadUntilClosed(std::string* data = nullptr, std::chrono::milliseconds guard = kGuard) {
    const auto deadline = Clock::now() + guard;
    std::string all = std::move(pending_);
    pending_.clear();
    bool closed = false;
    while (true) {
      char buffer[65536];
      ssize_t n = RecvSome(buffer, sizeof(buffer), deadline);
      if (n == 0) {
        closed = true;
        break;
      }
      if (n < 0) break;
      all.append(buffer, static_cast<size_t>(n));
    }
    if (data != nullptr) *data = std::move(all);
    return closed;
  }

 private:
  // >0: bytes read; 0: closed (EOF or reset); -1: deadline passed or another error.
  ssize_t RecvSome(char* buffer, size_t size, Clock::time_point deadline) {
    while (true) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) return -1;
      pollfd pfd{fd_, POLLIN, 0};
      int ready = ::poll(&pfd, 1, static_cast<int>(left.count()));
      if (ready < 0 && errno == EINTR) continue;
      if (ready <= 0) return -1;
      ssize_t n = ::recv(fd_, buffer, size, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return errno == ECONNRESET ? 0 : -1;
      return n;
    }
  }

  int fd_ = -1;
  std::string pending_;  // received, not yet parsed
};

std::string Req(std::string_view method, std::string_view target, std::string_view body = {},
                std::string_view extra_headers = {}) {
  std::string out;
  out.append(method).append(" ").append(target).append(" HTTP/1.1\r\nHost: localhost\r\n");
  out.append(extra_headers);
  if (!body.empty() || method == "POST") {
    out.append("Content-Type: application/json\r\nContent-Length: ")
        .append(std::to_string(body.size()))
        .append("\r\n");
  }
  out.append("\r\n").append(body);
  return out;
}

// A Beast WebSocket client; each operation runs its own io_context with the guard deadline.
class WsClient {
 public:
  WsClient(uint16_t port, std::string_view path) : ws_(io_) {
    auto& socket = beast::get_lowest_layer(ws_);
    error_code ec;
    socket.socket().connect({net::ip::make_address("127.0.0.1"), port}, ec);
    if (ec) return;
    ws_.async_handshake("127.0.0.1", std::string(path), [this](error_code e) {
      handshake_error_ = e;
      handshake_done_ = true;
    });
    Run();
    connected_ = handshake_done_ && !handshake_error_;
  }

  bool connected() const { return connected_; }

  // The next text message; nullopt when the connection ends or the guard deadline passes.
  std::optional<std::string> Read() {
    bool done = false;
    std::optional<std::string> message;
    ws_.async_read(buffer_, [&](error_code ec, size_t) {
      done = true;
      last_error_ = ec;
      if (!ec) message = beast::buffers_to_string(buffer_.data());
      buffer_.consume(buffer_.size());
    });
    Run();
    if (!done) {
      beast::get_lowest_layer(ws_).close();
      io_.restart();
      io_.run();
    }
    return message;
  }

  void Write(std::string text) {
    ws_.async_write(net::buffer(text), [](error_code, size_t) {});
    Run();
  }

  void CloseSocket() { beast::get_lowest_layer(ws_).close(); }
  error_code last_error() const { return last_error_; }

 private:
  void Run() {
    io_.restart();
    io_.run_for(kGuard);
  }

  net::io_context io_;
  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  bool handshake_done_ = false;
  error_code handshake_error_;
  error_code last_error_;
  bool connected_ = false;
};

// Polls a condition that the server exposes without a notification (gauges in Stats).
bool WaitFor(const std::function<bool()>& condition, std::chrono::milliseconds guard = kGuard) {
  const auto deadline = Clock::now() + guard;
  while (!condition()) {
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

// ------------------------------------------------------------------------------------------------
// Server fixture

class HttpServerTest : public ::testing::Test {
 protected:
  Router MakeRouter() {
    Router router;
    router.SetErrorObserver([this](const Request&, std::string_view what) {
      std::lock_guard<std::mutex> lock(mu_);
      errors_.emplace_back(what);
    });
    router.Add("GET", "/api/blocks/getHeight", [](const Request&) {
      return Json({{"success", true}, {"height", 42}});
    });
    router.Add("GET", "/api/accounts/:address", [](const Request& r) {
      json query = json::array();
      for (const auto& [k, v] : r.query) query.push_back({k, v});
      return Json({{"address", r.params.at("address")}, {"query", query}});
    });
    auto echo = [](const Request& r) {
      json query = json::array();
      for (const auto& [k, v] : r.query) query.push_back({k, v});
      return Json({{"method", r.method},
                   {"path", r.path},
                   {"target", r.target},
                   {"query", query},
                   {"headers", r.headers},
                   {"body", r.body},
                   {"remote", r.remote_address}});
    };
    router.Add("GET", "/api/echo", echo);
    router.Add("POST", "/api/echo", echo);
    router.Add("POST", "/api/transactions", [](const Request& r) {
      return Json({{"success", true}, {"size", r.body.size()}});
    });
    router.Add("GET", "/api/throw",
               [](const Request&) -> Response { throw std::runtime_error("handler failed"); });
    router.Add("GET", "/api/headers", [](const Request&) {
      Response response = Text("ok");
      response.headers.emplace_back("X-Good", "yes");
      response.headers.emplace_back("X-Bad", "a\r\nInjected: 1");
      response.headers.emplace_back("Bad Name", "x");
      response.headers.emplace_back("Content-Length", "999");
      return response;
    });
    router.Add("GET", "/api/status/:code", [](const Request& r) {
      Response response = Text("s");
      response.status = std::stoi(r.params.at("code"));
      return response;
    });
    router.Add("GET", "/api/slow", [this](const Request&) {
      slow_entered_.set_value();
      slow_release_.wait();
      return Text("finished");
    });
    router.Add("GET", "/api/stop-from-handler", [this](const Request&) {
      server_->Stop();  // refused: it would join the thread running this handler
      return Text("still here");
    });
    router.AddWebSocket("/api/events");
    return router;
  }

  void StartServer(ServerOptions options = {}) {
    if (options.threads == 0) options.threads = 2;
    server_ = std::make_unique<HttpServer>(std::move(options), MakeRouter());
    util::Status status = server_->Start();
    ASSERT_TRUE(status.ok()) << status.ToString();
    ASSERT_NE(server_->port(), 0);
  }

  uint16_t port() const { return server_->port(); }

  std::optional<ParsedResponse> RoundTrip(const std::string& request, bool head = false) {
    RawClient client(port());
    if (!client.connected() || !client.Send(request)) return std::nullopt;
    return client.ReadResponse(head);
  }

  std::unique_ptr<HttpServer> server_;
  std::mutex mu_;
  std::vector<std::string> errors_;
  std::promise<void> slow_entered_;
  std::promise<void> slow_release_promise_;
  std::shared_future<void> slow_release_ = slow_release_promise_.get_future().share();
};

TEST_F(HttpServerTest, RoutesCaseInsensitively) {
  StartServer();
  for (const char* target :
       {"/api/blocks/getHeight", "/api/blocks/getheight", "/api/blocks/getheight/"}) {
    auto response = RoundTrip(Req("GET", target));
    ASSERT_TRUE(response) << target;
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->Json(), json({{"success", true}, {"height", 42}}));
    EXPECT_EQ(response->Header("content-type"), "application/json");
    EXPECT_EQ(response->Header("access-control-allow-origin"), "*");
  }
}

TEST_F(HttpServerTest, ParamsAndQueryDecoding) {
  StartServer();
  auto response = RoundTrip(Req("GET", "/api/Accounts/Ab%43d?x=%41+b&y=1&y=2&e=%E2%82%AC&plain"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  json body = response->Json();
  EXPECT_EQ(body["address"], "AbCd");
  EXPECT_EQ(body["query"],
            json::parse(R"([["e","€"],["plain",""],["x","A b"],["y","1"],["y","2"]])"));

  auto echo = RoundTrip(Req("GET", "/api/echo/?q=a%2Bb+c", {}, "X-Custom-Header: V1\r\n"));
  ASSERT_TRUE(echo);
  json e = echo->Json();
  EXPECT_EQ(e["path"], "/api/echo/");
  EXPECT_EQ(e["target"], "/api/echo/?q=a%2Bb+c");
  EXPECT_EQ(e["query"], json::parse(R"([["q","a+b c"]])"));
  EXPECT_EQ(e["headers"]["x-custom-header"], "V1");
  EXPECT_EQ(e["headers"]["host"], "localhost");
  EXPECT_EQ(e["remote"], "127.0.0.1");
}

TEST_F(HttpServerTest, NotFoundAndMethodNotAllowed) {
  StartServer();
  auto missing = RoundTrip(Req("GET", "/api/nothing"));
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->Json(),
            json({{"success", false}, {"error", "Not found"}, {"code", "NOT_FOUND"}}));
  auto wrong = RoundTrip(Req("DELETE", "/api/blocks/getHeight"));
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 405);
  EXPECT_EQ(wrong->Json()["code"], "METHOD_NOT_ALLOWED");
  EXPECT_EQ(wrong->Header("allow"), "GET");
}

TEST_F(HttpServerTest, HandlerExceptionGives500AndServerKeepsServing) {
  StartServer();
  RawClient client(port());
  ASSERT_TRUE(client.Send(Req("GET", "/api/throw")));
  auto failed = client.ReadResponse();
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->status, 500);
  EXPECT_EQ(failed->Json(),
            json({{"success", false}, {"error", "Internal error"}, {"code", "INTERNAL"}}));
  // Same connection, then a new one.
  ASSERT_TRUE(client.Send(Req("GET", "/api/blocks/getHeight")));
  auto ok = client.ReadResponse();
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  auto fresh = RoundTrip(Req("GET", "/api/blocks/getHeight"));
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->status, 200);
  std::lock_guard<std::mutex> lock(mu_);
  EXPECT_EQ(errors_, std::vector<std::string>{"handler failed"});
}

TEST_F(HttpServerTest, BodyTooLargeGets413WithoutReadingIt) {
  ServerOptions options;
  options.max_body_bytes = 1024;
  StartServer(options);
  {
    // Announces 100 MB but sends only a little: the answer must come from the header alone.
    RawClient client(port());
    ASSERT_TRUE(
        client.Send("POST /api/transactions HTTP/1.1\r\nHost: x\r\n"
                    "Content-Length: 100000000\r\n\r\n" +
                    std::string(100, 'a')));
    auto response = client.ReadResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 413);
    EXPECT_EQ(response->Json()["code"], "PAYLOAD_TOO_LARGE");
    EXPECT_EQ(response->Json()["success"], false);
    EXPECT_FALSE(response->keep_alive);
    EXPECT_TRUE(client.ReadUntilClosed());
  }
  {
    // A chunked body is cut as soon as it passes the limit.
    RawClient client(port());
    std::string chunk(700, 'b');
    ASSERT_TRUE(
        client.Send("POST /api/transactions HTTP/1.1\r\nHost: x\r\n"
                    "Transfer-Encoding: chunked\r\n\r\n2bc\r\n" +
                    chunk + "\r\n2bc\r\n" + chunk + "\r\n"));
    auto response = client.ReadResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 413);
    EXPECT_TRUE(client.ReadUntilClosed());
  }
  EXPECT_LT(server_->stats().bytes_received, 4096u);
  // Exactly at the limit is fine.
  auto at_limit = RoundTrip(Req("POST", "/api/transactions", std::string(1024, 'c')));
  ASSERT_TRUE(at_limit);
  EXPECT_EQ(at_limit->status, 200);
  EXPECT_EQ(at_limit->Json()["size"], 1024);
}

TEST_F(HttpServerTest, HeaderTooLargeGets431) {
  ServerOptions options;
  options.max_header_bytes = 2048;
  StartServer(options);
  RawClient client(port());
  ASSERT_TRUE(
      client.Send(Req("GET", "/api/echo", {}, "X-Big: " + std::string(4096, 'x') + "\r\n")));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 431);
  EXPECT_EQ(response->Json()["code"], "HEADERS_TOO_LARGE");
  EXPECT_TRUE(client.ReadUntilClosed());
}

TEST_F(HttpServerTest, MalformedRequestsGet400ThenClose) {
  StartServer();
  const std::vector<std::string> garbage = {
      "GARBAGE\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\n",
      "GET / HTTP/1.1\r\nHost a\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      "GET / HTTP/X.Y\r\n\r\n",
      std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) + "\r\n\r\n",  // TLS hello
      std::string("GET /\0 HTTP/1.1\r\n\r\n", 19),
      "GET api/no-slash HTTP/1.1\r\nHost: a\r\n\r\n",
  };
  for (const std::string& input : garbage) {
    RawClient client(port());
    ASSERT_TRUE(client.Send(input));
    auto response = client.ReadResponse();
    ASSERT_TRUE(response) << testing::PrintToString(input);
    EXPECT_EQ(response->status, 400) << testing::PrintToString(input);
    EXPECT_EQ(response->Json()["code"], "BAD_REQUEST");
    EXPECT_TRUE(client.ReadUntilClosed()) << testing::PrintToString(input);
  }
  // Random bytes, some after a valid request line: always a 4xx or a plain close, never a hang.
  std::mt19937 rng(12345);
  for (int i = 0; i < 200; ++i) {
    std::string input = (i % 2 == 0) ? "" : "GET /api/echo HTTP/1.1\r\n";
    size_t size = rng() % 300;
    for (size_t j = 0; j < size; ++j) input.push_back(static_cast<char>(rng() & 0xff));
    RawClient client(port());
    client.Send(input);
    client.ShutdownWrite();
    std::string reply;
    ASSERT_TRUE(client.ReadUntilClosed(&reply)) << i;
    if (!reply.empty()) {
      EXPECT_EQ(reply.rfind("HTTP/1.1 4", 0), 0u) << reply;
    }
  }
  auto alive = RoundTrip(Req("GET", "/api/blocks/getHeight"));
  ASSERT_TRUE(alive);
  EXPECT_EQ(alive->status, 200);
  EXPECT_GE(server_->stats().responses_by_class[3], garbage.size());
}

TEST_F(HttpServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  StartServer();
  RawClient client(port());
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(client.Send(Req("POST", "/api/echo", "{\"i\":" + std::to_string(i) + "}")));
    auto response = client.ReadResponse();
    ASSERT_TRUE(response) << i;
    EXPECT_EQ(response->status, 200);
    EXPECT_TRUE(response->keep_alive);
    EXPECT_EQ(response->Json()["body"], "{\"i\":" + std::to_string(i) + "}");
  }
  EXPECT_EQ(server_->stats().connections_accepted, 1u);
  EXPECT_EQ(server_->stats().requests, 20u);
}

TEST_F(HttpServerTest, PipelinedRequestsAnsweredInOrder) {
  StartServer();
  RawClient client(port());
  std::string batch = Req("GET", "/api/blocks/getHeight") + Req("POST", "/api/echo", "abc") +
                      Req("GET", "/api/accounts/X?y=1") + Req("HEAD", "/api/blocks/getHeight") +
                      Req("GET", "/api/nope") +
                      Req("GET", "/api/echo", {}, "Connection: close\r\n");
  ASSERT_TRUE(client.Send(batch));
  auto r1 = client.ReadResponse();
  auto r2 = client.ReadResponse();
  auto r3 = client.ReadResponse();
  auto r4 = client.ReadResponse(/*head_request=*/true);
  auto r5 = client.ReadResponse();
  auto r6 = client.ReadResponse();
  ASSERT_TRUE(r1 && r2 && r3 && r4 && r5 && r6);
  EXPECT_EQ(r1->Json()["height"], 42);
  EXPECT_EQ(r2->Json()["body"], "abc");
  EXPECT_EQ(r3->Json()["address"], "X");
  EXPECT_EQ(r4->status, 200);
  EXPECT_EQ(r4->Header("content-length"), std::to_string(r1->body.size()));
  EXPECT_TRUE(r4->body.empty());
  EXPECT_EQ(r5->status, 404);
  EXPECT_EQ(r6->Json()["method"], "GET");
  EXPECT_FALSE(r6->keep_alive);
  std::string rest;
  EXPECT_TRUE(client.ReadUntilClosed(&rest));
  EXPECT_TRUE(rest.empty());
}

TEST_F(HttpServerTest, ConcurrentClients) {
  StartServer();
  constexpr int kThreads = 8;
  constexpr int kRequests = 200;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::unique_ptr<RawClient> client;
      for (int i = 0; i < kRequests; ++i) {
        if (i % 50 == 0) client = std::make_unique<RawClient>(port());  // some fresh connections
        std::string id = std::to_string(t) + "-" + std::to_string(i);
        bool post = i % 2 == 1;
        if (!client->Send(post ? Req("POST", "/api/echo", id)
                               : Req("GET", "/api/accounts/" + id))) {
          return;
        }
        auto response = client->ReadResponse();
        if (!response || response->status != 200) return;
        json body = response->Json();
        if ((post ? body["body"] : body["address"]) != id) return;
        ok.fetch_add(1);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), kThreads * kRequests);
  Stats stats = server_->stats();
  EXPECT_EQ(stats.requests, static_cast<uint64_t>(kThreads * kRequests));
  EXPECT_EQ(stats.responses_by_class[1], static_cast<uint64_t>(kThreads * kRequests));
  EXPECT_EQ(stats.connections_accepted, static_cast<uint64_t>(kThreads * kRequests / 50));
  EXPECT_GT(stats.bytes_received, 0u);
  EXPECT_GT(stats.bytes_sent, 0u);
}

TEST_F(HttpServerTest, SlowAndIdleClientsAreClosed) {
  ServerOptions options;
  options.request_timeout = 300ms;
  options.idle_timeout = 300ms;
  StartServer(options);
  RawClient silent(port());  // never sends a byte
  RawClient slow(port());    // starts a request and never finishes it
  ASSERT_TRUE(slow.Send("GET /api/blocks/getHeight HTTP/1.1\r\nHost: "));
  RawClient idle(port());  // one request, then nothing
  ASSERT_TRUE(idle.Send(Req("GET", "/api/blocks/getHeight")));
  auto response = idle.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  std::string data;
  EXPECT_TRUE(silent.ReadUntilClosed(&data));
  EXPECT_TRUE(data.empty());
  EXPECT_TRUE(slow.ReadUntilClosed(&data));
  EXPECT_TRUE(data.empty());
  EXPECT_TRUE(idle.ReadUntilClosed(&data));
  EXPECT_TRUE(data.empty());
  // The stream closes the socket on its timer before the session counts the timeout.
  EXPECT_TRUE(WaitFor([&] { return server_->stats().timeouts == 3; }));
  EXPECT_TRUE(WaitFor([&] { return server_->stats().connections_open == 0; }));
}

TEST_F(HttpServerTest, StopWithConnectedClientsReturnsPromptly) {
  ServerOptions options;
  options.stop_grace = 20s;  // Stop must not need it: every connection closes at once
  StartServer(options);
  std::vector<std::unique_ptr<RawClient>> clients;
  for (int i = 0; i < 10; ++i) clients.push_back(std::make_unique<RawClient>(port()));
  ASSERT_TRUE(clients[0]->Send("GET /api/blocks/getHeight HTTP/1.1\r\n"));  // mid-request
  ASSERT_TRUE(clients[1]->Send(Req("GET", "/api/blocks/getHeight")));       // keep-alive
  ASSERT_TRUE(clients[1]->ReadResponse());
  auto ws = std::make_unique<WsClient>(port(), "/api/events");
  ASSERT_TRUE(ws->connected());
  std::future<std::optional<std::string>> ws_read =
      std::async(std::launch::async, [&] { return ws->Read(); });
  ASSERT_TRUE(WaitFor([&] { return server_->stats().connections_open == 11; }));

  auto start = Clock::now();
  server_->Stop();
  auto elapsed = Clock::now() - start;
  EXPECT_LT(elapsed, 5s);
  for (auto& client : clients) EXPECT_TRUE(client->ReadUntilClosed());
  ASSERT_EQ(ws_read.wait_for(kGuard), std::future_status::ready);
  EXPECT_FALSE(ws_read.get());  // the connection ended (close frame), no message
  EXPECT_EQ(server_->stats().connections_open, 0u);
  server_->Stop();  // idempotent
  RawClient late(port());
  EXPECT_FALSE(late.connected());
}

TEST_F(HttpServerTest, StopLetsARunningHandlerAnswer) {
  StartServer();
  RawClient client(port());
  ASSERT_TRUE(client.Send(Req("GET", "/api/slow")));
  ASSERT_EQ(slow_entered_.get_future().wait_for(kGuard), std::future_status::ready);
  std::thread stopper([&] { server_->Stop(); });
  // Stop cannot finish while the handler runs; release it once Stop has begun refusing
  // new connections.
  ASSERT_TRUE(WaitFor([&] { return !RawClient(port()).connected(); }));
  slow_release_promise_.set_value();
  auto response = client.ReadResponse();
  stopper.join();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "finished");
  EXPECT_FALSE(response->keep_alive);
  EXPECT_TRUE(client.ReadUntilClosed());
}

TEST_F(HttpServerTest, StopFromAHandlerIsRefused) {
  std::atomic<int> logged{0};
  ServerOptions options;
  options.log = [&](std::string_view) { logged.fetch_add(1); };
  StartServer(options);
  auto response = RoundTrip(Req("GET", "/api/stop-from-handler"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body, "still here");
  EXPECT_EQ(logged.load(), 1);
  auto again = RoundTrip(Req("GET", "/api/blocks/getHeight"));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
}

TEST_F(HttpServerTest, WebSocketBroadcastReachesAllClients) {
  StartServer();
  WsClient a(port(), "/api/events");
  WsClient b(port(), "/API/Events/");
  ASSERT_TRUE(a.connected());
  ASSERT_TRUE(b.connected());
  EXPECT_EQ(server_->websocket_clients(), 2u);
  EXPECT_EQ(server_->stats().websocket_clients, 2u);
  a.Write("client messages are ignored");
  server_->Broadcast(R"({"event":"blocks/change","height":43})");
  EXPECT_EQ(a.Read(), R"({"event":"blocks/change","height":43})");
  EXPECT_EQ(b.Read(), R"({"event":"blocks/change","height":43})");
  // Many messages from several threads at once: each client sees each thread's in order.
  constexpr int kPerThread = 200;
  std::vector<std::thread> broadcasters;
  for (int t = 0; t < 3; ++t) {
    broadcasters.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        server_->Broadcast(std::to_string(t) + ":" + std::to_string(i));
      }
    });
  }
  for (auto& thread : broadcasters) thread.join();
  for (WsClient* client : {&a, &b}) {
    std::vector<int> next(3, 0);
    for (int n = 0; n < 3 * kPerThread; ++n) {
      auto message = client->Read();
      ASSERT_TRUE(message) << n;
      int t = (*message)[0] - '0';
      ASSERT_EQ(*message, std::to_string(t) + ":" + std::to_string(next[t]));
      ++next[t];
    }
  }
  a.CloseSocket();
  EXPECT_TRUE(WaitFor([&] { return server_->websocket_clients() == 1; }));
  server_->Broadcast("after");
  EXPECT_EQ(b.Read(), "after");
  EXPECT_GE(server_->stats().websocket_messages_sent, 2u + 6u * kPerThread);

  // A plain GET on the WebSocket path asks for the upgrade.
  auto plain = RoundTrip(Req("GET", "/api/events"));
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->status, 426);
}

TEST_F(HttpServerTest, SlowWebSocketClientIsDroppedWithoutBlockingBroadcast) {
  ServerOptions options;
  options.websocket_queue_limit = 8;
  StartServer(options);
  WsClient slow(port(), "/api/events");  // never reads
  ASSERT_TRUE(slow.connected());
  const std::string big(256 << 10, 'x');
  // 200 x 256 KiB is far beyond what socket buffers plus 8 queued messages can hold.
  for (int i = 0; i < 200; ++i) server_->Broadcast(big);
  EXPECT_EQ(server_->stats().websocket_clients_dropped, 1u);
  EXPECT_TRUE(WaitFor([&] { return server_->websocket_clients() == 0; }));
  // The server still serves new clients.
  WsClient fresh(port(), "/api/events");
  ASSERT_TRUE(fresh.connected());
  server_->Broadcast("hi");
  EXPECT_EQ(fresh.Read(), "hi");
}

TEST_F(HttpServerTest, PortInUseAndOtherStartErrors) {
  StartServer();
  ServerOptions same;
  same.port = port();
  HttpServer second(same, Router());
  util::Status status = second.Start();
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.code(), util::ErrorCode::kIoError);
  EXPECT_NE(status.message().find("bind"), std::string::npos) << status.message();

  ServerOptions bad;
  bad.bind_address = "not-an-address";
  HttpServer third(bad, Router());
  EXPECT_EQ(third.Start().code(), util::ErrorCode::kInvalidField);

  EXPECT_EQ(server_->Start().code(), util::ErrorCode::kInternal);  // already started
  HttpServer never_started(ServerOptions{}, Router());
  never_started.Stop();  // no-op
}

TEST_F(HttpServerTest, ExcessConnectionsAreClosed) {
  ServerOptions options;
  options.max_connections = 2;
  StartServer(options);
  RawClient first(port());
  RawClient second(port());
  for (RawClient* client : {&first, &second}) {
    ASSERT_TRUE(client->Send(Req("GET", "/api/blocks/getHeight")));
    ASSERT_TRUE(client->ReadResponse());
  }
  RawClient third(port());
  std::string data;
  EXPECT_TRUE(third.ReadUntilClosed(&data));
  EXPECT_TRUE(data.empty());
  EXPECT_EQ(server_->stats().connections_rejected, 1u);
  first.Close();
  ASSERT_TRUE(WaitFor([&] { return server_->stats().connections_open == 1; }));
  RawClient fourth(port());
  ASSERT_TRUE(fourth.Send(Req("GET", "/api/blocks/getHeight")));
  auto response = fourth.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
}

TEST_F(HttpServerTest, CorsPreflightHeadAndHttp10) {
  StartServer();
  auto preflight = RoundTrip(Req("OPTIONS", "/api/transactions", {},
                                 "Origin: http://wallet\r\n"
                                 "Access-Control-Request-Method: POST\r\n"
                                 "Access-Control-Request-Headers: content-type\r\n"));
  ASSERT_TRUE(preflight);
  EXPECT_EQ(preflight->status, 204);
  EXPECT_EQ(preflight->Header("access-control-allow-origin"), "*");
  EXPECT_EQ(preflight->Header("access-control-allow-headers"), "content-type");
  EXPECT_NE(preflight->Header("access-control-allow-methods").find("POST"), std::string::npos);
  EXPECT_TRUE(preflight->body.empty());

  auto head = RoundTrip(Req("HEAD", "/api/blocks/getHeight"), /*head=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->Header("content-length"),
            std::to_string(json({{"success", true}, {"height", 42}}).dump().size()));

  {
    RawClient client(port());
    ASSERT_TRUE(client.Send("GET /api/blocks/getHeight HTTP/1.0\r\n\r\n"));
    auto response = client.ReadResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_TRUE(client.ReadUntilClosed());
  }
  {
    RawClient client(port());
    for (int i = 0; i < 2; ++i) {
      ASSERT_TRUE(
          client.Send("GET /api/blocks/getHeight HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
      auto response = client.ReadResponse();
      ASSERT_TRUE(response);
      EXPECT_EQ(response->Header("connection"), "keep-alive");
    }
  }
}

TEST_F(HttpServerTest, ExpectContinue) {
  StartServer();
  RawClient client(port());
  ASSERT_TRUE(
      client.Send("POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                  "Expect: 100-continue\r\n\r\n"));
  auto interim = client.ReadResponse();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(client.Send("hello"));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->Json()["body"], "hello");
}

TEST_F(HttpServerTest, ResponseHeadersCannotSplitTheResponse) {
  StartServer();
  RawClient client(port());
  ASSERT_TRUE(client.Send(Req("GET", "/api/headers") + Req("GET", "/api/status/204") +
                          Req("GET", "/api/status/99") + Req("GET", "/api/blocks/getHeight")));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "ok");
  EXPECT_EQ(response->Header("x-good"), "yes");
  EXPECT_EQ(response->Header("x-bad"), "");
  EXPECT_EQ(response->Header("injected"), "");
  EXPECT_EQ(response->Header("content-type"), "text/plain");
  auto no_content = client.ReadResponse();
  ASSERT_TRUE(no_content);
  EXPECT_EQ(no_content->status, 204);
  EXPECT_TRUE(no_content->body.empty());
  auto invalid = client.ReadResponse();  // a handler status outside 200..599 becomes a 500
  ASSERT_TRUE(invalid);
  EXPECT_EQ(invalid->status, 500);
  auto last = client.ReadResponse();
  ASSERT_TRUE(last);
  EXPECT_EQ(last->status, 200);
}

}  // namespace
}  // namespace ddn::http
