#include "http/connection.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <deque>
#include <exception>
#include <optional>
#include <utility>

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "http/url.h"

namespace ddn::http::internal {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;
using Clock = std::chrono::steady_clock;

constexpr size_t kReadChunk = 4 * 1024;
// Room in the read buffer beyond the header limit: one 64 KiB read of the Beast parser loop (or
// of pipelined data) plus one of our own reads.
constexpr size_t kBufferSlack = 64 * 1024 + kReadChunk;
// Lingering close discards at most this much before cutting the connection.
constexpr size_t kLingerMaxBytes = 1 << 20;
constexpr std::string_view kContinueResponse = "HTTP/1.1 100 Continue\r\n\r\n";

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (LowerAscii(a[i]) != LowerAscii(b[i])) return false;
  }
  return true;
}

std::string_view View(beast::string_view text) { return {text.data(), text.size()}; }

// RFC 9110 token characters.
bool IsTokenChar(unsigned char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

bool IsValidHeaderName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!IsTokenChar(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// No control characters except horizontal tab: nothing that could end the header line.
bool IsValidHeaderValue(std::string_view value) {
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && u != '\t') || u == 0x7f) return false;
  }
  return true;
}

void AppendUint(std::string* out, uint64_t value) {
  char digits[24];
  auto result = std::to_chars(digits, digits + sizeof(digits), value);
  out->append(digits, result.ptr);
}

std::string_view ReasonPhrase(int status) {
  bhttp::status code = bhttp::int_to_status(static_cast<unsigned>(status));
  if (code == bhttp::status::unknown) return "Unknown";
  return View(bhttp::obsolete_reason(code));
}

bool IsHttpParseError(const error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category();
}

// ---------------------------------------------------------------------------------------------
// WebSocketSession: one upgraded client. Receives Broadcast messages through a bounded queue.
// All members are touched on the connection's strand, except pending_ and dropping_ (atomics
// read and written by broadcasting threads).
class WebSocketSession final : public Session,
                               public BroadcastTarget,
                               public std::enable_shared_from_this<WebSocketSession> {
 public:
  WebSocketSession(ServerCore* core, beast::tcp_stream&& stream, ConnectionSlot slot,
                   net::any_io_executor executor)
      : core_(core),
        executor_(std::move(executor)),
        ws_(std::move(stream)),
        slot_(std::move(slot)) {}

  ~WebSocketSession() override {
    if (ws_id_ != 0) {
      core_->UnregisterWebSocket(ws_id_);
      core_->counters().websocket_clients.fetch_sub(1, std::memory_order_relaxed);
    }
    if (id_ != 0) core_->Unregister(id_);
  }

  // Runs on the strand (called by the HTTP session that received the upgrade request).
  void Begin(bhttp::request<bhttp::string_body> request) {
    request_ = std::move(request);
    auto self = shared_from_this();
    if (!core_->Register(self, &id_)) {
      Abort();
      return;
    }
    if (!core_->RegisterWebSocket(self, &ws_id_)) {
      Abort();
      return;
    }
    Counters::Add(core_->counters().websocket_clients);
    const ServerOptions& options = core_->options();
    beast::get_lowest_layer(ws_).expires_never();  // the websocket stream runs its own timers
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = options.request_timeout;
    timeouts.idle_timeout = options.websocket_idle_timeout;
    timeouts.keep_alive_pings = true;
    ws_.set_option(timeouts);
    ws_.read_message_max(options.websocket_max_message_bytes);
    ws_.auto_fragment(false);
    ws_.text(true);
    ws_.async_accept(request_,
                     beast::bind_front_handler(&WebSocketSession::OnAccept, shared_from_this()));
  }

  void Send(const std::shared_ptr<const std::string>& message) override {
    if (dropping_.load(std::memory_order_relaxed)) return;
    size_t limit = core_->options().websocket_queue_limit;
    if (pending_.fetch_add(1, std::memory_order_acq_rel) >= limit) {
      pending_.fetch_sub(1, std::memory_order_acq_rel);
      if (!dropping_.exchange(true)) {
        Counters::Add(core_->counters().websocket_clients_dropped);
        net::post(executor_, [self = shared_from_this()] { self->Abort(); });
      }
      return;
    }
    net::post(executor_, [self = shared_from_this(), message] { self->Enqueue(message); });
  }

  void Shutdown() override {
    net::post(executor_, [self = shared_from_this()] { self->OnShutdown(); });
  }

 private:
  void OnAccept(error_code ec) {
    if (ec || closed_) {
      Abort();
      return;
    }
    Counters::Add(core_->counters().responses_by_class[0]);
    open_ = true;
    DoRead();
    if (!queue_.empty() && !writing_) DoWrite();
  }

  void DoRead() {
    ws_.async_read(read_buffer_,
                   beast::bind_front_handler(&WebSocketSession::OnRead, shared_from_this()));
  }

  void OnRead(error_code ec, size_t) {
    if (ec || closed_) {
      Abort();
      return;
    }
    read_buffer_.consume(read_buffer_.size());  // client messages are ignored
    DoRead();
  }

  void Enqueue(const std::shared_ptr<const std::string>& message) {
    if (closed_ || closing_) {
      pending_.fetch_sub(1, std::memory_order_acq_rel);
      return;
    }
    queue_.push_back(message);
    if (open_ && !writing_) DoWrite();
  }

  void DoWrite() {
    writing_ = true;
    ws_.async_write(net::buffer(*queue_.front()),
                    beast::bind_front_handler(&WebSocketSession::OnWrite, shared_from_this()));
  }

  void OnWrite(error_code ec, size_t bytes) {
    writing_ = false;
    queue_.pop_front();
    pending_.fetch_sub(1, std::memory_order_acq_rel);
    if (ec) {
      Abort();
      return;
    }
    Counters::Add(core_->counters().bytes_sent, bytes);
    Counters::Add(core_->counters().websocket_messages_sent);
    if (!queue_.empty() && !closed_ && !closing_) DoWrite();
  }

  void OnShutdown() {
    if (closed_ || closing_) return;
    if (!open_) {
      Abort();
      return;
    }
    closing_ = true;
    ws_.async_close(websocket::close_code::going_away,
                    beast::bind_front_handler(&WebSocketSession::OnClose, shared_from_this()));
  }

  void OnClose(error_code) { Abort(); }

  // Closes the socket; pending operations complete with errors and release the session.
  void Abort() {
    if (closed_) return;
    closed_ = true;
    beast::get_lowest_layer(ws_).close();
  }

  ServerCore* const core_;
  const net::any_io_executor executor_;
  websocket::stream<beast::tcp_stream> ws_;
  ConnectionSlot slot_;
  bhttp::request<bhttp::string_body> request_;
  beast::flat_buffer read_buffer_;
  std::deque<std::shared_ptr<const std::string>> queue_;
  std::atomic<size_t> pending_{0};  // messages accepted by Send and not yet written or dropped
  std::atomic<bool> dropping_{false};
  uint64_t id_ = 0;
  uint64_t ws_id_ = 0;
  bool open_ = false;     // handshake done
  bool writing_ = false;  // an async_write is pending
  bool closing_ = false;  // async_close issued
  bool closed_ = false;   // socket closed
};

// ---------------------------------------------------------------------------------------------
// HttpSession: reads requests one at a time (keep-alive, pipelining), dispatches them to the
// router and writes the responses in order. All members are touched only on the strand.
class HttpSession final : public Session, public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(ServerCore* core, tcp::socket socket, ConnectionSlot slot)
      : core_(core),
        options_(core->options()),
        executor_(socket.get_executor()),
        stream_(std::move(socket)),
        buffer_(options_.max_header_bytes + kBufferSlack),
        slot_(std::move(slot)) {}

  ~HttpSession() override {
    if (id_ != 0) core_->Unregister(id_);
  }

  const net::any_io_executor& executor() const { return executor_; }

  // Runs on the strand.
  void Begin() {
    if (!core_->Register(shared_from_this(), &id_)) {
      Close();
      return;
    }
    try {
      error_code ec;
      tcp::endpoint peer = stream_.socket().remote_endpoint(ec);
      if (!ec) {
        boost::asio::ip::address address = peer.address();
        if (address.is_v6() && address.to_v6().is_v4_mapped()) {
          address = address.to_v6().to_v4();
        }
        remote_address_ = address.to_string();
      }
    } catch (...) {  // address formatting cannot really fail; the address stays empty
    }
    deadline_ = Clock::now() + options_.request_timeout;
    AwaitRequest();
  }

  void Shutdown() override {
    net::post(executor_, [self = shared_from_this()] { self->OnShutdown(); });
  }

 private:
  enum class State {
    kNew,
    kIdle,
    kReading,
    kContinue,
    kHandling,
    kWriting,
    kLingering,
    kUpgraded,
    kClosed
  };

  template <typename Method>
  auto Bind(Method method) {
    return beast::bind_front_handler(method, shared_from_this());
  }

  // Prepares a fresh parser and waits for the first byte of the next request.
  void AwaitRequest() {
    parser_.emplace();
    parser_->header_limit(
        static_cast<uint32_t>(std::min<size_t>(options_.max_header_bytes, UINT32_MAX)));
    parser_->body_limit(static_cast<uint64_t>(options_.max_body_bytes));
    if (buffer_.size() > 0) {  // a pipelined request is already here
      if (!first_request_) deadline_ = Clock::now() + options_.request_timeout;
      ReadHeader();
      return;
    }
    state_ = State::kIdle;
    if (first_request_) {
      stream_.expires_at(deadline_);
    } else {
      stream_.expires_after(options_.idle_timeout);
    }
    stream_.async_read_some(buffer_.prepare(kReadChunk), Bind(&HttpSession::OnFirstBytes));
  }

  void OnFirstBytes(error_code ec, size_t bytes) {
    if (state_ == State::kClosed) return;
    if (ec) {
      OnReadError(ec);
      return;
    }
    buffer_.commit(bytes);
    if (!first_request_) deadline_ = Clock::now() + options_.request_timeout;
    ReadHeader();
  }

  void ReadHeader() {
    state_ = State::kReading;
    stream_.expires_at(deadline_);
    bhttp::async_read_header(stream_, buffer_, *parser_, Bind(&HttpSession::OnHeader));
  }

  void OnHeader(error_code ec, size_t bytes) {
    if (state_ == State::kClosed) return;
    Counters::Add(core_->counters().bytes_received, bytes);
    if (ec) {
      OnReadError(ec);
      return;
    }
    if (parser_->is_done()) {
      Handle();
      return;
    }
    const auto& request = parser_->get();
    if (request.version() >= 11 &&
        EqualNoCase(View(request[bhttp::field::expect]), "100-continue")) {
      state_ = State::kContinue;
      stream_.expires_at(deadline_);
      net::async_write(stream_, net::buffer(kContinueResponse.data(), kContinueResponse.size()),
                       Bind(&HttpSession::OnContinueSent));
      return;
    }
    ReadBody();
  }

  void OnContinueSent(error_code ec, size_t bytes) {
    if (state_ == State::kClosed) return;
    if (ec) {
      OnReadError(ec);
      return;
    }
    Counters::Add(core_->counters().bytes_sent, bytes);
    ReadBody();
  }

  void ReadBody() {
    state_ = State::kReading;
    stream_.expires_at(deadline_);
    bhttp::async_read(stream_, buffer_, *parser_, Bind(&HttpSession::OnBody));
  }

  void OnBody(error_code ec, size_t bytes) {
    if (state_ == State::kClosed) return;
    Counters::Add(core_->counters().bytes_received, bytes);
    if (ec) {
      OnReadError(ec);
      return;
    }
    Handle();
  }

  void OnReadError(const error_code& ec) {
    if (ec == beast::error::timeout) {
      Counters::Add(core_->counters().timeouts);
      Close();
    } else if (ec == bhttp::error::body_limit) {
      Fail(413, "PAYLOAD_TOO_LARGE", "Request body too large");
    } else if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow) {
      Fail(431, "HEADERS_TOO_LARGE", "Request header too large");
    } else if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) {
      Close();  // the client went away
    } else if (IsHttpParseError(ec)) {
      Fail(400, "BAD_REQUEST", "Malformed HTTP request");
    } else {
      Close();  // socket errors, cancellation
    }
  }

  // Answers with a JSON error and closes the connection.
  void Fail(int status, std::string_view code, std::string_view message) {
    WriteResponse(JsonError(status, code, message), /*close=*/true, /*head_only=*/false,
                  /*http10=*/false);
  }

  void Handle() {
    state_ = State::kHandling;
    Counters::Add(core_->counters().requests);
    bool close = true;
    bool head_only = false;
    bool http10 = false;
    bool upgrade = false;
    Response response;
    try {
      auto& message = parser_->get();
      close = !message.keep_alive();
      head_only = message.method() == bhttp::verb::head;
      http10 = message.version() < 11;

      Request request;
      request.method = std::string(View(message.method_string()));
      request.target = std::string(View(message.target()));
      std::optional<TargetParts> parts = SplitTarget(request.target);
      if (!parts) {
        response = JsonError(400, "BAD_REQUEST", "Invalid request target");
        close = true;
      } else {
        request.path = PercentDecode(parts->path, /*plus_is_space=*/false);
        ParseQuery(parts->query, &request.query);
        for (const auto& field : message) {
          std::string name(View(field.name_string()));
          for (char& c : name) c = LowerAscii(c);
          std::string_view value = View(field.value());
          auto [it, inserted] = request.headers.try_emplace(std::move(name), value);
          if (!inserted) {
            it->second.append(", ");
            it->second.append(value);
          }
        }
        upgrade = websocket::is_upgrade(message) && core_->router().IsWebSocketPath(request.path);
        if (!upgrade) {
          request.body = std::move(message.body());
          request.remote_address = remote_address_;
          response = core_->router().Dispatch(request);
        }
      }
    } catch (...) {  // bad_alloc and the like: answer, then drop the connection
      response = JsonError(500, "INTERNAL", "Internal error");
      close = true;
      upgrade = false;
    }
    if (upgrade) {
      Upgrade();
      return;
    }
    close = close || core_->stopping();
    WriteResponse(std::move(response), close, head_only, http10);
  }

  // Hands the socket to a WebSocketSession; this session then ends.
  void Upgrade() {
    state_ = State::kUpgraded;
    try {
      auto session = std::make_shared<WebSocketSession>(core_, std::move(stream_), std::move(slot_),
                                                        executor_);
      session->Begin(parser_->release());
    } catch (...) {  // out of memory: the sockets close as the objects go away
    }
  }

  void WriteResponse(Response response, bool close, bool head_only, bool http10) {
    int status = response.status;
    if (status < 200 || status > 599) {
      response = JsonError(500, "INTERNAL", "Internal error");
      status = 500;
    }
    head_.clear();
    head_.append("HTTP/1.1 ");
    AppendUint(&head_, static_cast<uint64_t>(status));
    head_.push_back(' ');
    head_.append(ReasonPhrase(status));
    head_.append("\r\n");
    const bool bodiless = status == 204 || status == 304;
    if (!bodiless) {
      if (!response.content_type.empty() && IsValidHeaderValue(response.content_type)) {
        head_.append("Content-Type: ").append(response.content_type).append("\r\n");
      }
      head_.append("Content-Length: ");
      AppendUint(&head_, response.body.size());
      head_.append("\r\n");
    }
    bool origin_set = false;
    for (const auto& [name, value] : response.headers) {
      if (!IsValidHeaderName(name) || !IsValidHeaderValue(value)) continue;
      if (EqualNoCase(name, "content-length") || EqualNoCase(name, "transfer-encoding") ||
          EqualNoCase(name, "connection") || EqualNoCase(name, "content-type")) {
        continue;
      }
      if (EqualNoCase(name, "access-control-allow-origin")) origin_set = true;
      head_.append(name).append(": ").append(value).append("\r\n");
    }
    if (!origin_set) head_.append("Access-Control-Allow-Origin: *\r\n");
    if (close) {
      head_.append("Connection: close\r\n");
    } else if (http10) {
      head_.append("Connection: keep-alive\r\n");
    }
    head_.append("\r\n");
    if (bodiless || head_only) {
      body_.clear();
    } else {
      body_ = std::move(response.body);
    }
    Counters::Add(core_->counters().responses_by_class[status / 100 - 1]);
    close_after_write_ = close;
    state_ = State::kWriting;
    stream_.expires_after(options_.request_timeout);
    std::array<net::const_buffer, 2> buffers{net::buffer(head_), net::buffer(body_)};
    net::async_write(stream_, buffers, Bind(&HttpSession::OnWrite));
  }

  void OnWrite(error_code ec, size_t bytes) {
    if (state_ == State::kClosed) return;
    Counters::Add(core_->counters().bytes_sent, bytes);
    if (ec) {
      if (ec == beast::error::timeout) Counters::Add(core_->counters().timeouts);
      Close();
      return;
    }
    if (core_->stopping()) {
      Close();
    } else if (close_after_write_) {
      Linger();
    } else {
      first_request_ = false;
      AwaitRequest();
    }
  }

  // Lingering close: stop sending, then discard what the client still sends (bounded in time
  // and bytes) so that its unread data does not make the kernel reset the connection before the
  // client has read our response.
  void Linger() {
    state_ = State::kLingering;
    error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) {
      Close();
      return;
    }
    linger_budget_ = kLingerMaxBytes;
    buffer_.clear();
    stream_.expires_after(options_.linger_timeout);
    Drain();
  }

  void Drain() {
    stream_.async_read_some(buffer_.prepare(kReadChunk), Bind(&HttpSession::OnDrain));
  }

  void OnDrain(error_code ec, size_t bytes) {
    if (state_ == State::kClosed) return;
    if (ec || bytes >= linger_budget_) {
      Close();
      return;
    }
    linger_budget_ -= bytes;
    Drain();
  }

  void OnShutdown() {
    switch (state_) {
      case State::kNew:
      case State::kIdle:
      case State::kReading:
      case State::kContinue:
      case State::kLingering:
        Close();
        break;
      case State::kHandling:  // unreachable on the strand; the write path checks stopping()
      case State::kWriting:
      case State::kUpgraded:
      case State::kClosed:
        break;
    }
  }

  void Close() {
    if (state_ == State::kClosed) return;
    state_ = State::kClosed;
    error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

  ServerCore* const core_;
  const ServerOptions& options_;
  const net::any_io_executor executor_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  ConnectionSlot slot_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::string remote_address_;
  std::string head_;  // serialized status line and headers of the response being written
  std::string body_;  // body of the response being written
  Clock::time_point deadline_;
  size_t linger_budget_ = 0;
  uint64_t id_ = 0;
  State state_ = State::kNew;
  bool first_request_ = true;
  bool close_after_write_ = false;
};

}  // namespace

// ---------------------------------------------------------------------------------------------
ServerCore::ServerCore(ServerOptions options, Router router)
    : options_(std::move(options)), router_(std::move(router)) {}

void ServerCore::Log(std::string_view message) const {
  if (!options_.log) return;
  try {
    options_.log(message);
  } catch (...) {  // a failing log sink must not take the server down
  }
}

bool ServerCore::Register(const std::shared_ptr<Session>& session, uint64_t* id) {
  std::lock_guard<std::mutex> lock(sessions_mu_);
  if (stopping_.load(std::memory_order_relaxed)) return false;
  *id = next_id_++;
  sessions_.emplace(*id, session);
  return true;
}

void ServerCore::Unregister(uint64_t id) {
  std::lock_guard<std::mutex> lock(sessions_mu_);
  sessions_.erase(id);
}

bool ServerCore::RegisterWebSocket(const std::shared_ptr<BroadcastTarget>& target, uint64_t* id) {
  std::lock_guard<std::mutex> lock(websockets_mu_);
  if (stopping_.load(std::memory_order_acquire)) return false;
  *id = next_websocket_id_++;
  websockets_.emplace(*id, target);
  return true;
}

void ServerCore::UnregisterWebSocket(uint64_t id) {
  std::lock_guard<std::mutex> lock(websockets_mu_);
  websockets_.erase(id);
}

void ServerCore::Broadcast(const std::shared_ptr<const std::string>& message) {
  std::vector<std::shared_ptr<BroadcastTarget>> targets;
  {
    std::lock_guard<std::mutex> lock(websockets_mu_);
    targets.reserve(websockets_.size());
    for (const auto& entry : websockets_) {
      if (auto target = entry.second.lock()) targets.push_back(std::move(target));
    }
  }
  // Outside the lock: dropping the last reference may destroy a session, which unregisters.
  for (const auto& target : targets) target->Send(message);
}

std::vector<std::shared_ptr<Session>> ServerCore::BeginStop() {
  std::vector<std::shared_ptr<Session>> live;
  std::lock_guard<std::mutex> lock(sessions_mu_);
  stopping_.store(true, std::memory_order_release);
  live.reserve(sessions_.size());
  for (const auto& entry : sessions_) {
    if (auto session = entry.second.lock()) live.push_back(std::move(session));
  }
  return live;
}

void StartHttpSession(ServerCore* core, tcp::socket socket, ConnectionSlot slot) {
  auto session = std::make_shared<HttpSession>(core, std::move(socket), std::move(slot));
  const net::any_io_executor& executor = session->executor();
  net::post(executor, [session] { session->Begin(); });
}

}  // namespace ddn::http::internal
