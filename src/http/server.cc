#include "http/server.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "http/connection.h"

namespace ddn::http {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;
using util::ErrorCode;

namespace {
// The Runtime whose io_context the current thread runs, if any (Stop must not join itself).
thread_local const void* current_runtime = nullptr;
}  // namespace

// The parts of a running server that exist between Start and Stop. Guarded by `mu` (lifecycle),
// except the accept loop state, which lives on the acceptor's strand.
struct HttpServer::Runtime {
  enum class Phase { kNew, kRunning, kStopped };

  std::mutex mu;
  Phase phase = Phase::kNew;
  std::unique_ptr<net::io_context> io;
  std::unique_ptr<tcp::acceptor> acceptor;
  std::unique_ptr<net::steady_timer> retry_timer;  // re-arms accept after a failure (EMFILE)
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
  std::vector<std::thread> threads;
  std::atomic<uint16_t> port{0};

  std::mutex running_mu;
  std::condition_variable running_cv;
  size_t running = 0;  // I/O threads not yet out of io->run(); guarded by running_mu

  void Accept(internal::ServerCore* core) {
    acceptor->async_accept(net::make_strand(*io), [this, core](error_code ec, tcp::socket socket) {
      OnAccept(core, ec, std::move(socket));
    });
  }

  void OnAccept(internal::ServerCore* core, error_code ec, tcp::socket socket) {
    error_code ignored;
    if (core->stopping() || !acceptor->is_open()) {
      socket.close(ignored);
      return;
    }
    if (ec) {
      core->Log("http: accept failed: " + ec.message());
      retry_timer->expires_after(std::chrono::milliseconds(100));
      retry_timer->async_wait([this, core](error_code wait_ec) {
        if (!wait_ec && !core->stopping() && acceptor->is_open()) Accept(core);
      });
      return;
    }
    internal::Counters& counters = core->counters();
    internal::Counters::Add(counters.connections_accepted);
    // Only this strand increments connections_open, so check-then-add cannot overshoot.
    if (counters.connections_open.load(std::memory_order_relaxed) >=
        core->options().max_connections) {
      internal::Counters::Add(counters.connections_rejected);
      socket.close(ignored);
    } else {
      counters.connections_open.fetch_add(1, std::memory_order_relaxed);
      internal::ConnectionSlot slot(core);
      socket.set_option(tcp::no_delay(true), ignored);
      try {
        internal::StartHttpSession(core, std::move(socket), std::move(slot));
      } catch (const std::exception& e) {
        core->Log(std::string("http: cannot start session: ") + e.what());
      }
    }
    Accept(core);
  }

  void RunThread(internal::ServerCore* core) {
    current_runtime = this;
    while (true) {
      try {
        io->run();
        break;
      } catch (const std::exception& e) {
        core->Log(std::string("http: exception on I/O thread: ") + e.what());
      } catch (...) {
        core->Log("http: non-standard exception on I/O thread");
      }
    }
    {
      std::lock_guard<std::mutex> lock(running_mu);
      --running;
    }
    running_cv.notify_all();
  }

  // Stops the threads (hard) and releases everything; used on Stop and failed Starts.
  void TearDown() {
    work.reset();
    if (io) io->stop();
    for (std::thread& thread : threads) thread.join();
    threads.clear();
    retry_timer.reset();
    acceptor.reset();
    io.reset();  // destroys pending handlers and with them the remaining sessions
  }
};

HttpServer::HttpServer(Options options, Router router)
    : core_(std::make_unique<internal::ServerCore>(std::move(options), std::move(router))),
      runtime_(std::make_unique<Runtime>()) {}

HttpServer::~HttpServer() { Stop(); }

util::Status HttpServer::Start() {
  Runtime& rt = *runtime_;
  std::lock_guard<std::mutex> lock(rt.mu);
  if (rt.phase != Runtime::Phase::kNew) {
    return util::Error(ErrorCode::kInternal, "HttpServer::Start: the server was already started");
  }
  const Options& options = core_->options();
  error_code ec;
  net::ip::address address = net::ip::make_address(options.bind_address, ec);
  if (ec) {
    return util::Error(ErrorCode::kInvalidField,
                       "invalid bind address '" + options.bind_address + "'");
  }
  unsigned threads = options.threads != 0 ? options.threads : std::thread::hardware_concurrency();
  threads = std::max(threads, 1u);
  const tcp::endpoint endpoint(address, options.port);
  const std::string where = options.bind_address + ":" + std::to_string(options.port);
  try {
    rt.io = std::make_unique<net::io_context>(static_cast<int>(threads));
    rt.acceptor = std::make_unique<tcp::acceptor>(net::make_strand(*rt.io));
    auto fail = [&](std::string_view what) {
      std::string message = std::string(what) + " " + where + ": " + ec.message();
      rt.TearDown();
      return util::Error(ErrorCode::kIoError, std::move(message));
    };
    rt.acceptor->open(endpoint.protocol(), ec);
    if (ec) return fail("open");
    rt.acceptor->set_option(net::socket_base::reuse_address(true), ec);
    if (ec) return fail("setsockopt");
    rt.acceptor->bind(endpoint, ec);
    if (ec) return fail("bind");
    rt.acceptor->listen(net::socket_base::max_listen_connections, ec);
    if (ec) return fail("listen");
    tcp::endpoint local = rt.acceptor->local_endpoint(ec);
    if (ec) return fail("getsockname");
    rt.retry_timer = std::make_unique<net::steady_timer>(rt.acceptor->get_executor());
    rt.work.emplace(rt.io->get_executor());
    rt.Accept(core_.get());
    rt.threads.reserve(threads);
    for (unsigned i = 0; i < threads; ++i) {
      {
        std::lock_guard<std::mutex> running_lock(rt.running_mu);
        ++rt.running;
      }
      try {
        rt.threads.emplace_back([&rt, core = core_.get()] { rt.RunThread(core); });
      } catch (...) {
        std::lock_guard<std::mutex> running_lock(rt.running_mu);
        --rt.running;
        throw;
      }
    }
    rt.port.store(local.port());
  } catch (const std::exception& e) {
    rt.TearDown();
    return util::Error(ErrorCode::kInternal, std::string("HttpServer::Start: ") + e.what());
  }
  rt.phase = Runtime::Phase::kRunning;
  return util::Status::Ok();
}

uint16_t HttpServer::port() const { return runtime_->port.load(); }

void HttpServer::Stop() {
  Runtime& rt = *runtime_;
  if (current_runtime == &rt) {
    core_->Log("http: HttpServer::Stop called on one of its own I/O threads; ignored");
    return;
  }
  std::lock_guard<std::mutex> lock(rt.mu);
  if (rt.phase != Runtime::Phase::kRunning) return;
  rt.phase = Runtime::Phase::kStopped;

  std::vector<std::shared_ptr<internal::Session>> sessions = core_->BeginStop();
  net::post(rt.acceptor->get_executor(), [&rt] {
    error_code ignored;
    rt.acceptor->close(ignored);
    rt.retry_timer->cancel();
  });
  for (const auto& session : sessions) session->Shutdown();
  sessions.clear();
  rt.work.reset();  // io->run() returns once the sessions have wound down
  {
    std::unique_lock<std::mutex> running_lock(rt.running_mu);
    rt.running_cv.wait_for(running_lock, core_->options().stop_grace,
                           [&rt] { return rt.running == 0; });
  }
  rt.TearDown();  // cuts whatever did not finish within the grace period
}

void HttpServer::Broadcast(std::string text) {
  core_->Broadcast(std::make_shared<const std::string>(std::move(text)));
}

Stats HttpServer::stats() const {
  const internal::Counters& c = core_->counters();
  auto load = [](const std::atomic<uint64_t>& counter) {
    return counter.load(std::memory_order_relaxed);
  };
  Stats stats;
  stats.connections_accepted = load(c.connections_accepted);
  stats.connections_rejected = load(c.connections_rejected);
  stats.connections_open = load(c.connections_open);
  stats.requests = load(c.requests);
  for (size_t i = 0; i < stats.responses_by_class.size(); ++i) {
    stats.responses_by_class[i] = load(c.responses_by_class[i]);
  }
  stats.bytes_received = load(c.bytes_received);
  stats.bytes_sent = load(c.bytes_sent);
  stats.timeouts = load(c.timeouts);
  stats.websocket_clients = load(c.websocket_clients);
  stats.websocket_messages_sent = load(c.websocket_messages_sent);
  stats.websocket_clients_dropped = load(c.websocket_clients_dropped);
  return stats;
}

size_t HttpServer::websocket_clients() const {
  return core_->counters().websocket_clients.load(std::memory_order_relaxed);
}

}  // namespace ddn::http
