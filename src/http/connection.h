// Internal to ddn::http: the state shared by HttpServer and its connections, and the entry point
// that turns an accepted socket into an HTTP session. Not part of the public API.
//
// ServerCore owns the options, the router, the counters and the registries of live sessions
// (for Stop and Broadcast). It outlives every session: HttpServer destroys the io_context, and
// with it every session, before the core.
// Thread safety: ServerCore methods are safe to call concurrently; the registries take a mutex
// on connect/disconnect, Broadcast and Stop only, never per request.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

#include "http/router.h"
#include "http/server.h"

namespace ddn::http::internal {

struct Counters {
  std::atomic<uint64_t> connections_accepted{0};
  std::atomic<uint64_t> connections_rejected{0};
  std::atomic<uint64_t> connections_open{0};
  std::atomic<uint64_t> requests{0};
  std::array<std::atomic<uint64_t>, 5> responses_by_class{};
  std::atomic<uint64_t> bytes_received{0};
  std::atomic<uint64_t> bytes_sent{0};
  std::atomic<uint64_t> timeouts{0};
  std::atomic<uint64_t> websocket_clients{0};
  std::atomic<uint64_t> websocket_messages_sent{0};
  std::atomic<uint64_t> websocket_clients_dropped{0};

  static void Add(std::atomic<uint64_t>& counter, uint64_t n = 1) {
    counter.fetch_add(n, std::memory_order_relaxed);
  }
};

// A registered connection that Stop can shut down.
class Session {
 public:
  virtual ~Session() = default;
  // Begins closing the session; thread-safe (posts to the session's strand).
  virtual void Shutdown() = 0;
};

// A WebSocket client that Broadcast can reach.
class BroadcastTarget {
 public:
  virtual ~BroadcastTarget() = default;
  // Queues one text message; thread-safe and non-blocking.
  virtual void Send(const std::shared_ptr<const std::string>& message) = 0;
};

class ServerCore {
 public:
  ServerCore(ServerOptions options, Router router);

  const ServerOptions& options() const { return options_; }
  const Router& router() const { return router_; }
  Counters& counters() { return counters_; }
  const Counters& counters() const { return counters_; }
  bool stopping() const { return stopping_.load(std::memory_order_acquire); }
  void Log(std::string_view message) const;

  // Registers a live session under a fresh id; false (nothing registered) once stopping.
  bool Register(const std::shared_ptr<Session>& session, uint64_t* id);
  void Unregister(uint64_t id);
  bool RegisterWebSocket(const std::shared_ptr<BroadcastTarget>& target, uint64_t* id);
  void UnregisterWebSocket(uint64_t id);

  void Broadcast(const std::shared_ptr<const std::string>& message);
  // Marks the core as stopping (no further registrations) and returns the live sessions.
  std::vector<std::shared_ptr<Session>> BeginStop();

 private:
  const ServerOptions options_;
  const Router router_;
  Counters counters_;
  std::atomic<bool> stopping_{false};

  std::mutex sessions_mu_;
  uint64_t next_id_ = 1;                                           // guarded by sessions_mu_
  std::unordered_map<uint64_t, std::weak_ptr<Session>> sessions_;  // guarded by sessions_mu_
  std::mutex websockets_mu_;
  uint64_t next_websocket_id_ = 1;  // guarded by websockets_mu_
  std::unordered_map<uint64_t, std::weak_ptr<BroadcastTarget>> websockets_;  // guarded
};

// Holds one unit of Counters::connections_open; released when destroyed. Move-only.
class ConnectionSlot {
 public:
  explicit ConnectionSlot(ServerCore* core) : core_(core) {}
  ConnectionSlot(ConnectionSlot&& other) noexcept : core_(other.core_) { other.core_ = nullptr; }
  ConnectionSlot& operator=(ConnectionSlot&&) = delete;
  ~ConnectionSlot() {
    if (core_ != nullptr) core_->counters().connections_open.fetch_sub(1);
  }

 private:
  ServerCore* core_;
};

// Serves HTTP (and possibly a WebSocket upgrade) on an accepted socket whose executor is a
// strand. The session keeps itself alive through its pending operations.
void StartHttpSession(ServerCore* core, boost::asio::ip::tcp::socket socket, ConnectionSlot slot);

}  // namespace ddn::http::internal
