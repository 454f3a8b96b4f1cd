#include "http/client.h"

#include <algorithm>
#include <exception>
#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace ddn::http {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;
using util::ErrorCode;
using Clock = std::chrono::steady_clock;

// Status line plus header fields of a response; larger is refused as MALFORMED.
constexpr uint32_t kMaxResponseHeaderBytes = 64u << 10;

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), LowerAscii);
  return out;
}

// RFC 9110 token characters.
bool IsToken(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    bool ok = (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') ||
              std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

// Nothing that could end the header line: no control characters except horizontal tab.
bool IsHeaderValue(std::string_view text) {
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && u != '\t') || u == 0x7f) return false;
  }
  return true;
}

// Visible ASCII (and obs-text) only: no spaces or controls that would split the request line.
bool IsTarget(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) return false;
  }
  return true;
}

bool IsClientControlledHeader(std::string_view name) {
  const std::string lower = Lower(name);
  return lower == "host" || lower == "content-type" || lower == "content-length" ||
         lower == "transfer-encoding" || lower == "connection";
}

std::string EndpointLabel(const ClientOptions& options) {
  const bool v6 = options.host.find(':') != std::string::npos;
  return (v6 ? "[" + options.host + "]" : options.host) + ":" + std::to_string(options.port);
}

std::string_view View(beast::string_view text) { return {text.data(), text.size()}; }

// Errors meaning the peer ended the connection (as opposed to a timeout or a local failure).
bool IsConnectionLost(const error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == net::error::eof ||
         ec == net::error::connection_reset || ec == net::error::broken_pipe ||
         ec == net::error::connection_aborted || ec == net::error::not_connected;
}

// The response parser's own errors (bad status line, bad header, bad chunk, ...).
bool IsParseError(const error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_version).category();
}

}  // namespace

const std::string* ClientResponse::Header(std::string_view lowercase_name) const {
  auto it = headers.find(std::string(lowercase_name));
  return it == headers.end() ? nullptr : &it->second;
}

// One io_context per client, run only by the thread inside Send (under the client's mutex).
struct HttpClient::Session {
  using Parser = bhttp::response_parser<bhttp::string_body>;

  net::io_context io{1};
  std::optional<beast::tcp_stream> stream;  // engaged while a connection is kept
  beast::flat_buffer buffer;                // empty between requests

  bool open() const { return stream && stream->socket().is_open(); }

  void Close() {
    if (stream) {
      error_code ignored;  // the connection may already be dead
      stream->socket().shutdown(tcp::socket::shutdown_both, ignored);
      stream->socket().close(ignored);
      stream.reset();
    }
    buffer.clear();
  }

  // Starts an asynchronous operation through `start(handler)` and runs the io_context until it
  // completes. The stream's expiry bounds every operation started this way.
  template <typename Start>
  error_code Await(Start&& start) {
    error_code result = net::error::operation_aborted;
    start([&result](const error_code& ec, auto&&...) { result = ec; });
    io.restart();
    io.run();
    return result;
  }

  util::Status Connect(const ClientOptions& options, const std::string& endpoint) {
    Close();
    // Address literals skip the resolver; names go through it (not bounded by a timeout).
    std::vector<tcp::endpoint> endpoints;
    error_code ec;
    const net::ip::address address = net::ip::make_address(options.host, ec);
    if (!ec) {
      endpoints.emplace_back(address, options.port);
    } else {
      tcp::resolver resolver(io);
      auto results = resolver.resolve(options.host, std::to_string(options.port), ec);
      if (ec) return util::Error(ErrorCode::kUnavailable, endpoint + ": resolve: " + ec.message());
      for (const auto& entry : results) endpoints.push_back(entry.endpoint());
    }
    stream.emplace(io);
    stream->expires_after(options.connect_timeout);
    ec = Await([&](auto handler) { stream->async_connect(endpoints, std::move(handler)); });
    if (ec) {
      Close();
      const std::string why =
          ec == beast::error::timeout
              ? "timed out after " + std::to_string(options.connect_timeout.count()) + " ms"
              : ec.message();
      return util::Error(ErrorCode::kUnavailable, endpoint + ": connect: " + why);
    }
    stream->socket().set_option(tcp::no_delay(true), ec);  // best effort: small requests
    return util::Status::Ok();
  }

  // Writes `message` and reads the final (non-1xx) response into `parser`, all within `timeout`.
  // Sets `*got_some` when any byte of a response arrived.
  error_code Exchange(bhttp::request<bhttp::string_body>& message, size_t max_body_bytes,
                      std::chrono::milliseconds timeout, std::optional<Parser>* parser,
                      bool* got_some) {
    *got_some = false;
    stream->expires_after(timeout);
    error_code ec =
        Await([&](auto handler) { bhttp::async_write(*stream, message, std::move(handler)); });
    while (!ec) {
      parser->emplace();
      (*parser)->header_limit(kMaxResponseHeaderBytes);
      (*parser)->body_limit(max_body_bytes);
      if (message.method() == bhttp::verb::head) (*parser)->skip(true);
      // Header first: given a Content-Length over the limit, Beast 1.74's one-call (eager) read
      // drops the body_limit error and buffers the whole body; reading the header alone reports
      // it. The explicit check below keeps that true whatever the Beast version.
      ec = Await([&](auto handler) {
        bhttp::async_read_header(*stream, buffer, **parser, std::move(handler));
      });
      if (!ec && !(*parser)->is_done()) {
        if ((*parser)->content_length().value_or(0) > max_body_bytes) {
          ec = bhttp::error::body_limit;
        } else {
          ec = Await([&](auto handler) {
            bhttp::async_read(*stream, buffer, **parser, std::move(handler));
          });
        }
      }
      *got_some = *got_some || (*parser)->got_some() || buffer.size() != 0;
      if (ec) break;
      const unsigned status = (*parser)->get().result_int();
      if (status >= 200 || status == 101) break;  // 1xx interim responses are skipped
    }
    return ec;
  }
};

HttpClient::HttpClient(ClientOptions options)
    : options_(std::move(options)),
      endpoint_(EndpointLabel(options_)),
      session_(std::make_unique<Session>()) {}

HttpClient::~HttpClient() { Close(); }

void HttpClient::Close() {
  std::lock_guard<std::mutex> lock(mu_);
  session_->Close();
}

bool HttpClient::connected() const {
  std::lock_guard<std::mutex> lock(mu_);
  return session_->open();
}

util::Status HttpClient::CheckRequest(const ClientRequest& request,
                                      std::chrono::milliseconds timeout) const {
  auto invalid = [this](const std::string& what) {
    return util::Error(ErrorCode::kInvalidField, endpoint_ + ": " + what);
  };
  if (options_.host.empty() || options_.port == 0) return invalid("host and port needed");
  if (options_.connect_timeout.count() <= 0 || timeout.count() <= 0) {
    return invalid("timeouts must be positive");
  }
  if (!IsToken(request.method)) return invalid("bad method \"" + request.method + "\"");
  if (!IsTarget(request.target)) return invalid("bad request target");
  for (const auto& [name, value] : request.headers) {
    if (!IsToken(name) || !IsHeaderValue(value)) return invalid("bad header \"" + name + "\"");
    if (IsClientControlledHeader(name)) return invalid("header " + name + " is set by the client");
  }
  if (!request.body.empty() && !IsHeaderValue(request.content_type)) {
    return invalid("bad content type");
  }
  return util::Status::Ok();
}

util::Result<ClientResponse> HttpClient::Send(const ClientRequest& request,
                                              std::optional<std::chrono::milliseconds> timeout) {
  const std::chrono::milliseconds budget = timeout.value_or(options_.request_timeout);
  DDN_RETURN_IF_ERROR(CheckRequest(request, budget));

  bhttp::request<bhttp::string_body> message;
  message.method_string(request.method);
  message.target(request.target);
  message.version(11);
  message.set(bhttp::field::host, endpoint_);
  for (const auto& [name, value] : request.headers) message.insert(name, value);
  if (!request.body.empty()) {
    message.set(bhttp::field::content_type, request.content_type);
    message.body() = request.body;
  }
  message.prepare_payload();

  std::lock_guard<std::mutex> lock(mu_);
  Session& s = *session_;
  const auto deadline = Clock::now() + budget;
  const auto timed_out = [&] {
    return util::Error(ErrorCode::kUnavailable, endpoint_ + ": no response within " +
                                                    std::to_string(budget.count()) + " ms");
  };
  try {
    bool reused = s.open();
    std::optional<Session::Parser> parser;
    error_code ec;
    for (;;) {
      if (!reused) DDN_RETURN_IF_ERROR(s.Connect(options_, endpoint_));
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) {
        s.Close();
        return timed_out();
      }
      bool got_some = false;
      ec = s.Exchange(message, options_.max_response_bytes, left, &parser, &got_some);
      if (!ec) break;
      s.Close();
      // A kept-alive connection the server closed while idle: try once more on a new one.
      if (reused && !got_some && IsConnectionLost(ec)) {
        reused = false;
        continue;
      }
      if (ec == beast::error::timeout) return timed_out();
      if (ec == bhttp::error::body_limit) {
        return util::Error(ErrorCode::kPayloadTooLarge,
                           endpoint_ + ": response body over the limit of " +
                               std::to_string(options_.max_response_bytes) + " bytes");
      }
      if (!got_some && IsConnectionLost(ec)) {
        return util::Error(ErrorCode::kUnavailable,
                           endpoint_ + ": the server closed the connection without answering");
      }
      if (IsConnectionLost(ec) || ec == bhttp::error::partial_message) {
        return util::Error(ErrorCode::kUnavailable,
                           endpoint_ + ": connection lost during the response: " + ec.message());
      }
      if (IsParseError(ec)) {
        return util::Error(ErrorCode::kMalformed,
                           endpoint_ + ": not a valid HTTP response: " + ec.message());
      }
      return util::Error(ErrorCode::kUnavailable, endpoint_ + ": " + ec.message());
    }

    auto& parsed = parser->get();
    ClientResponse response;
    response.status = static_cast<int>(parsed.result_int());
    for (const auto& field : parsed) {
      std::string name = Lower(View(field.name_string()));
      const std::string_view value = View(field.value());
      auto [it, inserted] = response.headers.emplace(std::move(name), value);
      if (!inserted) it->second.append(", ").append(value);
    }
    response.body = std::move(parsed.body());
    // Bytes beyond the response were never asked for: such a connection is not reused.
    if (!parser->keep_alive() || s.buffer.size() != 0) s.Close();
    return response;
  } catch (const std::exception& e) {
    s.Close();
    return util::Error(ErrorCode::kInternal, endpoint_ + ": " + e.what());
  }
}

}  // namespace ddn::http
