// HttpServer: the node's HTTP/1.1 + WebSocket front door (REST API, /metrics, event push).
//
// An asynchronous Boost.Beast server: one io_context run by `threads` I/O threads, one strand
// per connection, handlers called synchronously on the I/O thread that read the request (so a
// handler that blocks holds up one thread, never the whole server). Behaviour the node relies on:
//  * HTTP/1.1 keep-alive and pipelining (responses go out in request order), HTTP/1.0 clients.
//  * Every response carries "Access-Control-Allow-Origin: *"; OPTIONS preflights get 204.
//  * Limits, each answered with a JSON error {"success":false,"error":...,"code":...} and then a
//    closed connection: body over max_body_bytes -> 413 PAYLOAD_TOO_LARGE (decided from
//    Content-Length before reading the body, or as soon as a chunked body passes the limit;
//    never more than the limit is buffered); header over max_header_bytes -> 431
//    HEADERS_TOO_LARGE; unparsable HTTP -> 400 BAD_REQUEST. "Expect: 100-continue" is honoured.
//  * A connection must deliver each request within request_timeout of its first byte (the first
//    request: of the accept) and must start the next request within idle_timeout; otherwise it
//    is closed silently (slowloris-safe). Writes are bounded by request_timeout as well.
//  * Above max_connections, new connections are accepted and closed at once.
//  * WebSocket: upgrade requests to a Router::AddWebSocket path become clients of Broadcast.
//    Incoming client messages are read and discarded (max websocket_max_message_bytes). Each
//    client has a queue of at most websocket_queue_limit messages; a client that falls further
//    behind is disconnected, so Broadcast never blocks and memory stays bounded.
//
// Lifecycle: construct -> Start() -> ... -> Stop() (or destruction). Stop() closes the listener,
// closes idle connections, lets responses being written finish, sends WebSocket close frames,
// waits up to stop_grace for all of it and then cuts what remains; it joins the I/O threads.
// A server is started at most once.
//
// Thread safety: Start, Stop, Broadcast, port, stats and websocket_clients may be called from
// any thread, concurrently. Stop joins the I/O threads, so on one of them (inside a handler) it
// is refused and logged; the destructor must not run there either.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "http/message.h"
#include "http/router.h"
#include "util/status.h"

namespace ddn::http {

struct ServerOptions {
  std::string bind_address = "127.0.0.1";  // IPv4 or IPv6 literal; "0.0.0.0" for all interfaces
  uint16_t port = 0;                       // 0: the OS picks a free port (see HttpServer::port)
  unsigned threads = 0;                    // I/O threads; 0: std::thread::hardware_concurrency()
  size_t max_body_bytes = 8u << 20;
  size_t max_header_bytes = 16u << 10;  // request line + header fields
  std::chrono::milliseconds request_timeout{30'000};
  std::chrono::milliseconds idle_timeout{60'000};  // keep-alive wait for the next request
  // After a response that closes the connection, how long to keep discarding what the client
  // still sends so the response is not destroyed by a TCP reset.
  std::chrono::milliseconds linger_timeout{2'000};
  size_t max_connections = 10'000;  // HTTP and WebSocket together
  size_t websocket_queue_limit = 1024;
  size_t websocket_max_message_bytes = 64u << 10;
  // A WebSocket client silent this long is pinged; silent twice as long, disconnected.
  std::chrono::milliseconds websocket_idle_timeout{60'000};
  std::chrono::milliseconds stop_grace{2'000};
  // Optional diagnostics sink (accept failures, unexpected I/O-thread exceptions). Called from
  // I/O threads; must be thread-safe. Handler exceptions go to Router::SetErrorObserver.
  std::function<void(std::string_view)> log;
};

// A snapshot of the server's counters, for /metrics. Counters only grow, except the gauges
// connections_open and websocket_clients. Each value is read atomically, but the values are not
// taken at one instant (they may disagree by the requests in flight).
struct Stats {
  uint64_t connections_accepted = 0;
  uint64_t connections_rejected = 0;  // closed at once: over max_connections
  uint64_t connections_open = 0;      // gauge: HTTP and WebSocket connections
  uint64_t requests = 0;              // complete requests handed to the router or upgraded
  std::array<uint64_t, 5> responses_by_class{};  // [0] 1xx ... [4] 5xx, incl. 400/413/431
  uint64_t bytes_received = 0;                   // HTTP request bytes consumed by the parser
  uint64_t bytes_sent = 0;                       // HTTP response bytes and WebSocket frames written
  uint64_t timeouts = 0;           // connections closed for a request, idle or write timeout
  uint64_t websocket_clients = 0;  // gauge
  uint64_t websocket_messages_sent = 0;
  uint64_t websocket_clients_dropped = 0;  // disconnected for an overflowing queue
};

namespace internal {
class ServerCore;
}

class HttpServer {
 public:
  using Options = ServerOptions;

  explicit HttpServer(Options options, Router router = Router());
  ~HttpServer();  // Stop()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds, listens and starts the I/O threads. Errors: INVALID_FIELD for a bad bind address,
  // IO_ERROR when binding or listening fails (e.g. the port is in use), INTERNAL when called on
  // a server already started.
  util::Status Start();

  // The bound port (the OS's choice when Options::port was 0); 0 before Start succeeds.
  uint16_t port() const;

  // Graceful shutdown as described above. Idempotent; a no-op before Start.
  void Stop();

  // Sends `text` (UTF-8, e.g. a JSON event) as one text frame to every connected WebSocket
  // client, in call order per calling thread. Never blocks on a client; callable from any
  // thread, including handlers. Clients still in the handshake get it once it completes.
  void Broadcast(std::string text);

  Stats stats() const;
  size_t websocket_clients() const;

 private:
  struct Runtime;
  std::unique_ptr<internal::ServerCore> core_;
  std::unique_ptr<Runtime> runtime_;
};

}  // namespace ddn::http
