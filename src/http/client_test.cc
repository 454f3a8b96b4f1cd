// Tests for ddn::http::HttpClient over real sockets on 127.0.0.1: against the real HttpServer
// (round trips, keep-alive, the server closing idle connections, limits, concurrency) and against
// a scripted POSIX listener for what a well-behaved server never does (stay silent, hang up at
// once, send garbage). No test sleeps to let something happen, except WaitFor, which polls a
// server gauge that has no notification.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http/client.h"
#include "http/message.h"
#include "http/router.h"
#include "http/server.h"

namespace ddn::http {
namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;
using util::ErrorCode;
using namespace std::chrono_literals;

// Only a failure guard: a healthy run never waits this long.
constexpr auto kGuard = 10s;

bool WaitFor(const std::function<bool()>& condition) {
  const auto deadline = Clock::now() + kGuard;
  while (!condition()) {
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// A listening socket on 127.0.0.1 whose accept thread hands each connection to `script`, which
// returns true to keep the descriptor open until the listener is destroyed, false to close it.
class ScriptedListener {
 public:
  using Script = std::function<bool(int fd)>;

  explicit ScriptedListener(Script script) : script_(std::move(script)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
        ::listen(fd_, 16) != 0 || ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len)) {
      ADD_FAILURE() << "cannot listen on 127.0.0.1";
      return;
    }
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] {
      for (;;) {
        const int conn = ::accept(fd_, nullptr, nullptr);
        if (conn < 0) return;  // the destructor shut the listener down
        accepted_.fetch_add(1);
        if (script_(conn)) {
          std::lock_guard<std::mutex> lock(mu_);
          held_.push_back(conn);
        } else {
          ::close(conn);
        }
      }
    });
  }

  ~ScriptedListener() {
    ::shutdown(fd_, SHUT_RDWR);  // wakes the blocked accept() on Linux
    if (thread_.joinable()) thread_.join();
    ::close(fd_);
    for (int conn : held_) ::close(conn);
  }

  uint16_t port() const { return port_; }
  int accepted() const { return accepted_.load(); }

  // Script pieces: read one request head (no body expected), then write `response`.
  static bool ReadHead(int fd) {
    std::string data;
    char chunk[1024];
    while (!Contains(data, "\r\n\r\n")) {
      const ssize_t n = ::read(fd, chunk, sizeof(chunk));
      if (n <= 0) return false;
      data.append(chunk, static_cast<size_t>(n));
    }
    return true;
  }
  static void Write(int fd, std::string_view response) {
    while (!response.empty()) {
      const ssize_t n = ::write(fd, response.data(), response.size());
      if (n <= 0) return;
      response.remove_prefix(static_cast<size_t>(n));
    }
  }

 private:
  Script script_;
  int fd_ = -1;
  uint16_t port_ = 0;
  std::thread thread_;
  std::atomic<int> accepted_{0};
  std::mutex mu_;
  std::vector<int> held_;
};

// A port on 127.0.0.1 with no listener: bound once by the OS's choice, then released.
uint16_t ClosedPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), len), 0);
  EXPECT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  ::close(fd);
  return ntohs(addr.sin_port);
}

ClientOptions LocalOptions(uint16_t port) {
  ClientOptions options;
  options.host = "127.0.0.1";
  options.port = port;
  return options;
}

ClientRequest Get(std::string target) {
  ClientRequest request;
  request.target = std::move(target);
  return request;
}

json BodyJson(const ClientResponse& response) { return json::parse(response.body, nullptr, false); }

// ------------------------------------------------------------------------------------------------
// Against the real HttpServer

class HttpClientTest : public ::testing::Test {
 protected:
  void StartServer(ServerOptions options = {}) {
    options.threads = 2;
    Router router;
    auto echo = [](const Request& r) {
      return Json(
          {{"method", r.method}, {"target", r.target}, {"headers", r.headers}, {"body", r.body}});
    };
    router.Add("GET", "/api/echo", echo);
    router.Add("POST", "/api/echo", echo);
    router.Add("GET", "/api/big", [](const Request&) {
      Response response;
      response.content_type = "text/plain";
      response.body.assign(4096, 'x');
      return response;
    });
    router.Add("GET", "/api/n/:n", [](const Request& r) {
      Response response = Json({{"n", r.params.at("n")}});
      response.headers.emplace_back("X-Twice", "a");
      response.headers.emplace_back("X-Twice", "b");
      return response;
    });
    server_ = std::make_unique<HttpServer>(std::move(options), std::move(router));
    util::Status status = server_->Start();
    ASSERT_TRUE(status.ok()) << status.ToString();
  }

  ClientOptions Options() const { return LocalOptions(server_->port()); }

  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpClientTest, GetRoundTrip) {
  StartServer();
  HttpClient client(Options());
  ClientRequest request = Get("/api/echo?a=1&b=x%20y");
  request.headers.emplace_back("X-Test", "yes");
  auto response = client.Send(request);
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 200);
  ASSERT_NE(response->Header("content-type"), nullptr);
  EXPECT_EQ(*response->Header("content-type"), "application/json");
  ASSERT_NE(response->Header("access-control-allow-origin"), nullptr);
  EXPECT_EQ(response->Header("Content-Type"), nullptr);  // names are stored lowercased
  json body = BodyJson(*response);
  EXPECT_EQ(body["method"], "GET");
  EXPECT_EQ(body["target"], "/api/echo?a=1&b=x%20y");
  EXPECT_EQ(body["headers"]["host"], "127.0.0.1:" + std::to_string(server_->port()));
  EXPECT_EQ(body["headers"]["x-test"], "yes");
  EXPECT_FALSE(body["headers"].contains("content-type"));  // no body, no Content-Type
  EXPECT_EQ(body["body"], "");

  auto twice = client.Send(Get("/api/n/7"));
  ASSERT_TRUE(twice.ok()) << twice.status().ToString();
  EXPECT_EQ(BodyJson(*twice)["n"], "7");
  ASSERT_NE(twice->Header("x-twice"), nullptr);
  EXPECT_EQ(*twice->Header("x-twice"), "a, b");

  auto missing = client.Send(Get("/api/nothing-here"));
  ASSERT_TRUE(missing.ok()) << missing.status().ToString();  // any status is a response
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(BodyJson(*missing)["success"], false);
}

TEST_F(HttpClientTest, PostRoundTrip) {
  StartServer();
  HttpClient client(Options());
  ClientRequest request;
  request.method = "POST";
  request.target = "/api/echo";
  request.body = R"({"transaction":{"amount":"1"}})";
  auto response = client.Send(request);
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 200);
  json body = BodyJson(*response);
  EXPECT_EQ(body["method"], "POST");
  EXPECT_EQ(body["body"], request.body);
  EXPECT_EQ(body["headers"]["content-type"], "application/json");
  EXPECT_EQ(body["headers"]["content-length"], std::to_string(request.body.size()));

  request.content_type = "text/plain; charset=utf-8";
  request.body = "plain words";
  response = client.Send(request);
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  body = BodyJson(*response);
  EXPECT_EQ(body["body"], "plain words");
  EXPECT_EQ(body["headers"]["content-type"], "text/plain; charset=utf-8");
}

TEST_F(HttpClientTest, KeepAliveReusesOneConnection) {
  StartServer();
  HttpClient client(Options());
  EXPECT_FALSE(client.connected());
  for (int i = 0; i < 3; ++i) {
    auto response = client.Send(Get("/api/n/" + std::to_string(i)));
    ASSERT_TRUE(response.ok()) << response.status().ToString();
    EXPECT_EQ(BodyJson(*response)["n"], std::to_string(i));
    EXPECT_TRUE(client.connected());
  }
  EXPECT_EQ(server_->stats().connections_accepted, 1u);
  EXPECT_EQ(server_->stats().requests, 3u);

  client.Close();
  EXPECT_FALSE(client.connected());
  auto again = client.Send(Get("/api/n/x"));
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(server_->stats().connections_accepted, 2u);
}

TEST_F(HttpClientTest, RetriesOnceWhenServerClosedIdleConnection) {
  ServerOptions options;
  options.idle_timeout = 100ms;
  StartServer(options);
  HttpClient client(Options());
  auto first = client.Send(Get("/api/n/1"));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_TRUE(WaitFor([&] { return server_->stats().connections_open == 0; }));
  EXPECT_TRUE(client.connected());  // the client has not noticed yet

  auto second = client.Send(Get("/api/n/2"));
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(BodyJson(*second)["n"], "2");
  EXPECT_EQ(server_->stats().connections_accepted, 2u);
  EXPECT_EQ(server_->stats().requests, 2u);  // the request reached the server once
}

TEST_F(HttpClientTest, ResponseOverLimitIsRefusedAndConnectionClosed) {
  StartServer();
  ClientOptions options = Options();
  options.max_response_bytes = 1000;
  HttpClient client(options);
  auto response = client.Send(Get("/api/big"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), ErrorCode::kPayloadTooLarge);
  EXPECT_TRUE(Contains(response.status().message(), "127.0.0.1:"));
  EXPECT_FALSE(client.connected());

  auto small = client.Send(Get("/api/n/1"));  // a new connection serves the next request
  ASSERT_TRUE(small.ok()) << small.status().ToString();
  EXPECT_EQ(server_->stats().connections_accepted, 2u);
}

TEST_F(HttpClientTest, ConcurrentSendsShareOneConnection) {
  StartServer();
  HttpClient client(Options());
  constexpr int kThreads = 4;
  constexpr int kRequestsEach = 25;
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRequestsEach; ++i) {
        const std::string n = std::to_string(t * 1000 + i);
        auto response = client.Send(Get("/api/n/" + n));
        if (response.ok() && response->status == 200 && BodyJson(*response)["n"] == n) ++good;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(good.load(), kThreads * kRequestsEach);
  EXPECT_EQ(server_->stats().connections_accepted, 1u);
}

// ------------------------------------------------------------------------------------------------
// Against servers that misbehave

TEST(HttpClientFailureTest, TimesOutAgainstSilentServer) {
  ScriptedListener silent([](int) { return true; });  // accepts and never answers
  ClientOptions options = LocalOptions(silent.port());
  options.request_timeout = 200ms;
  HttpClient client(options);
  auto start = Clock::now();
  auto response = client.Send(Get("/"));
  auto elapsed = Clock::now() - start;
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), ErrorCode::kUnavailable);
  EXPECT_TRUE(Contains(response.status().message(), "127.0.0.1:" + std::to_string(silent.port())))
      << response.status().message();
  EXPECT_GE(elapsed, 190ms);
  EXPECT_LT(elapsed, 1s);
  EXPECT_FALSE(client.connected());

  // The per-call timeout overrides request_timeout.
  start = Clock::now();
  response = client.Send(Get("/"), 50ms);
  elapsed = Clock::now() - start;
  EXPECT_EQ(response.status().code(), ErrorCode::kUnavailable);
  EXPECT_LT(elapsed, 190ms);
}

TEST(HttpClientFailureTest, ConnectionRefused) {
  const uint16_t port = ClosedPort();
  HttpClient client(LocalOptions(port));
  const auto start = Clock::now();
  auto response = client.Send(Get("/"));
  ASSERT_FALSE(response.ok());
  EXPECT_LT(Clock::now() - start, 1s);
  EXPECT_EQ(response.status().code(), ErrorCode::kUnavailable);
  EXPECT_TRUE(
      Contains(response.status().message(), "127.0.0.1:" + std::to_string(port) + ": connect: "))
      << response.status().message();
  EXPECT_FALSE(client.connected());
}

TEST(HttpClientFailureTest, NeverRetriesOnAFreshConnection) {
  ScriptedListener hang_up([](int) { return false; });  // accepts and closes at once
  HttpClient client(LocalOptions(hang_up.port()));
  auto response = client.Send(Get("/"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(hang_up.accepted(), 1);
}

TEST(HttpClientFailureTest, ConnectionCloseAndHttp10EndTheConnection) {
  for (std::string_view reply : {
           "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nhi",
           "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nhi",
           "HTTP/1.0 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nhi",
       }) {
    SCOPED_TRACE(reply);
    ScriptedListener server([reply](int fd) {
      if (ScriptedListener::ReadHead(fd)) ScriptedListener::Write(fd, reply);
      return true;  // the server itself keeps the socket open
    });
    HttpClient client(LocalOptions(server.port()));
    auto response = client.Send(Get("/"));
    ASSERT_TRUE(response.ok()) << response.status().ToString();
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, "hi");
    EXPECT_EQ(client.connected(), Contains(reply, "keep-alive"));
  }
}

TEST(HttpClientFailureTest, ChunkedAndUnframedBodiesOverLimit) {
  const std::string chunk(800, 'x');
  for (const std::string& reply : {
           "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n320\r\n" + chunk + "\r\n320\r\n" +
               chunk + "\r\n0\r\n\r\n",
           "HTTP/1.0 200 OK\r\n\r\n" + chunk + chunk,  // body ends with the connection
       }) {
    ScriptedListener server([&reply](int fd) {
      if (ScriptedListener::ReadHead(fd)) ScriptedListener::Write(fd, reply);
      return false;
    });
    ClientOptions options = LocalOptions(server.port());
    options.max_response_bytes = 1000;
    HttpClient client(options);
    auto response = client.Send(Get("/"));
    EXPECT_EQ(response.status().code(), ErrorCode::kPayloadTooLarge) << reply.substr(0, 40);
    EXPECT_FALSE(client.connected());

    options.max_response_bytes = 1600;  // exactly the body: accepted
    HttpClient roomy(options);
    auto fits = roomy.Send(Get("/"));
    ASSERT_TRUE(fits.ok()) << fits.status().ToString();
    EXPECT_EQ(fits->body, chunk + chunk);
  }
}

TEST(HttpClientFailureTest, GarbageIsMalformed) {
  ScriptedListener server([](int fd) {
    if (ScriptedListener::ReadHead(fd)) ScriptedListener::Write(fd, "SMTP ready\r\n\r\n");
    return true;
  });
  HttpClient client(LocalOptions(server.port()));
  auto response = client.Send(Get("/"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), ErrorCode::kMalformed) << response.status().ToString();
  EXPECT_FALSE(client.connected());
}

TEST(HttpClientFailureTest, BadArgumentsAreRefusedBeforeConnecting) {
  ScriptedListener server([](int) { return true; });
  HttpClient client(LocalOptions(server.port()));
  ClientRequest bad_method = Get("/");
  bad_method.method = "GET /x";
  ClientRequest bad_target = Get("/a b");
  ClientRequest split_header = Get("/");
  split_header.headers.emplace_back("X-A", "1\r\nInjected: yes");
  ClientRequest framing_header = Get("/");
  framing_header.headers.emplace_back("Content-Length", "5");
  for (const ClientRequest* request : {&bad_method, &bad_target, &split_header, &framing_header}) {
    auto response = client.Send(*request);
    EXPECT_EQ(response.status().code(), ErrorCode::kInvalidField) << request->target;
  }
  EXPECT_EQ(client.Send(Get("/"), 0ms).status().code(), ErrorCode::kInvalidField);
  HttpClient no_port(LocalOptions(0));
  EXPECT_EQ(no_port.Send(Get("/")).status().code(), ErrorCode::kInvalidField);
  EXPECT_FALSE(client.connected());
  EXPECT_EQ(server.accepted(), 0);
}

}  // namespace
}  // namespace ddn::http
