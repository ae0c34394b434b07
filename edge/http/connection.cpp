#include "edge/http/connection.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/ssl/stream_base.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/span_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <cerrno>

#include "edge/http/problem_text.h"
#include "edge/http/stream_body.h"

namespace jxc::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using Clock = std::chrono::steady_clock;

// An answer to something that is not a request the router can see.
Response refused(const beast::error_code& ec) {
  Response r;
  if (ec == beast_http::error::header_limit) {
    r = problem(431, "header_too_large", "the request line and headers exceed the server's limit");
  } else if (ec == beast_http::error::body_limit) {
    r = problem(413, "body_too_large", "the request body exceeds the server's limit");
  } else {
    r = problem(400, "bad_request", "malformed HTTP request: " + ec.message());
  }
  r.close = true;
  return r;
}

// The handler's headers, and those every answer carries unless the handler
// says otherwise: nothing is cached (answers hold stock and people's names)
// unless the handler allows it.
template <class Message>
void set_headers(Message& out, Response& res, bool keep_alive) {
  out.set(beast_http::field::server, "jxc-edge");
  if (!res.content_type.empty()) out.set(beast_http::field::content_type, res.content_type);
  for (auto& [name, value] : res.headers) out.insert(name, value);
  if (out.find(beast_http::field::cache_control) == out.end()) out.set(beast_http::field::cache_control, "no-store");
  if (out.find("X-Content-Type-Options") == out.end()) out.set("X-Content-Type-Options", "nosniff");
  out.keep_alive(keep_alive && !res.close);
  out.prepare_payload();
}

beast_http::response<beast_http::string_body> to_beast(Response&& res, unsigned version, bool keep_alive) {
  beast_http::response<beast_http::string_body> out{static_cast<beast_http::status>(res.status), version};
  out.body() = std::move(res.body);
  set_headers(out, res, keep_alive);
  return out;
}

// A shared or static body is sent from where it is kept: the caller holds
// `res.shared_body` until the write has finished.
beast_http::response<beast_http::span_body<const char>> to_beast_kept(Response& res, unsigned version,
                                                                       bool keep_alive) {
  beast_http::response<beast_http::span_body<const char>> out{static_cast<beast_http::status>(res.status),
                                                              version};
  const std::string_view body = res.shared_body ? std::string_view(*res.shared_body) : *res.static_body;
  out.body() = boost::beast::span<const char>(body.data(), body.size());
  set_headers(out, res, keep_alive);
  return out;
}

// A HEAD request is answered as its GET would be, without the body: the
// headers say how long it would have been (a stream's: that it closes).
beast_http::response<beast_http::empty_body> to_beast_head(Response& res, unsigned version, bool keep_alive) {
  beast_http::response<beast_http::empty_body> out{static_cast<beast_http::status>(res.status), version};
  set_headers(out, res, keep_alive && !res.stream);
  if (res.stream)
    out.content_length(boost::none);
  else
    out.content_length(res.shared_body ? res.shared_body->size()
                       : res.static_body ? res.static_body->size()
                                         : res.body.size());
  return out;
}

// A request that may write waits for the engine's durable commit; it is
// answered on the write threads, the others on the read threads, so that the
// connections' threads only read requests and write answers: a post's
// request and answer never queue behind the store work of many lookups.
bool may_write(beast_http::verb v) {
  return v != beast_http::verb::get && v != beast_http::verb::head && v != beast_http::verb::options;
}

asio::awaitable<Response> answer_on(asio::any_io_executor where, const BeastRequest& req, const Router& router,
                                    const std::string& peer, bool tls, std::string* route) {
  co_return co_await asio::co_spawn(
      where, [&]() -> asio::awaitable<Response> { co_return answer(req, router, peer, tls, route); },
      asio::use_awaitable);
}

// A request that only reads, while writes are being answered: waits until
// the pacer gives it its turn.
asio::awaitable<void> wait_turn(ReadPacer& pacer, RequestMetrics& metrics, asio::steady_timer& timer) {
  const auto now = Clock::now();
  const auto at = pacer.slot(now);
  if (at <= now) co_return;
  metrics.paced_read();
  timer.expires_at(at);
  beast::error_code ec;
  co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
}

// True when a socket the reactor reported readable has nothing to read
// and has not ended either.
bool spurious_readiness(int fd) {
  char byte;
  const ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR);
}

// Sends a streamed response: its headers, then each piece as a chunk until
// the body ends or a write fails (the client has gone or is too slow).
// There is no deadline while the body waits for its next piece; each write
// has request_timeout. Meanwhile a wait watches the connection: a client of
// a stream sends nothing, so the connection becoming readable (a close, a
// reset, stray bytes) ends the stream at once rather than at its next write.
template <class Stream>
asio::awaitable<void> send_streamed(Stream& stream, beast::tcp_stream& lowest, const ConnectionSettings& s,
                                    Response&& res, unsigned version) {
  beast::error_code ec;
  auto token = asio::redirect_error(asio::use_awaitable, ec);
  beast_http::response<beast_http::empty_body> head{static_cast<beast_http::status>(res.status), version};
  head.set(beast_http::field::server, "jxc-edge");
  head.set(beast_http::field::content_type, res.content_type);
  head.set(beast_http::field::cache_control, "no-store");
  head.set("X-Content-Type-Options", "nosniff");
  for (auto& [name, value] : res.headers) head.insert(name, value);
  head.keep_alive(false);
  head.chunked(true);
  beast_http::response_serializer<beast_http::empty_body> serializer{head};
  lowest.expires_after(s.request_timeout);
  co_await beast_http::async_write_header(stream, serializer, token);
  if (ec) co_return;
  std::shared_ptr<StreamBody> body = std::move(res.stream);

  struct Watch {
    explicit Watch(const asio::any_io_executor& ex) : ended(ex, asio::steady_timer::time_point::max()) {}
    bool done = false;
    asio::steady_timer ended;  // cancelled when the watching wait has finished
  };
  auto ex = co_await asio::this_coro::executor;
  auto watch = std::make_shared<Watch>(ex);
  lowest.expires_never();
  asio::co_spawn(
      ex,
      [&lowest, watch, body]() -> asio::awaitable<void> {
        // Readiness alone, on the socket under any TLS and outside the
        // stream's deadlines: nothing is consumed. A readiness wait may
        // complete with nothing to read (an edge the reactor saw before the
        // request was read ahead of it), so a peek confirms it: data, the
        // end of the stream or an error end the stream, "would block" waits
        // again.
        for (;;) {
          beast::error_code wait_ec;
          co_await lowest.socket().async_wait(asio::ip::tcp::socket::wait_read,
                                              asio::redirect_error(asio::use_awaitable, wait_ec));
          if (wait_ec || !spurious_readiness(lowest.socket().native_handle())) break;
        }
        body->cancel();
        watch->done = true;
        watch->ended.cancel();
      },
      asio::detached);

  for (;;) {
    lowest.expires_never();
    std::optional<std::string> piece = co_await body->next();
    lowest.expires_after(s.request_timeout);
    if (!piece) {
      co_await asio::async_write(stream, beast_http::make_chunk_last(), token);
      break;
    }
    if (piece->empty()) continue;  // an empty chunk would end the body
    co_await asio::async_write(stream, beast_http::make_chunk(asio::buffer(*piece)), token);
    if (ec) break;
  }
  // The watching wait refers to the socket: it must have finished before
  // the socket goes.
  if (!watch->done) {
    lowest.socket().cancel(ec);
    co_await watch->ended.async_wait(token);
  }
}

// Requests on one stream (plain or TLS) until it ends. `lowest` carries the
// deadlines: one absolute deadline per phase, so a client that trickles a
// byte at a time is dropped when the phase's time is up.
template <class Stream>
asio::awaitable<void> serve_requests(Stream& stream, beast::tcp_stream& lowest, const ConnectionSettings& s,
                                     const std::string& peer, bool tls) {
  beast::flat_buffer buffer;
  beast::error_code ec;
  auto token = asio::redirect_error(asio::use_awaitable, ec);
  asio::steady_timer pace(lowest.get_executor());
  for (;;) {
    if (buffer.size() == 0) {
      // Waiting for the next request on a kept-alive connection.
      lowest.expires_after(s.idle_timeout);
      std::size_t n = co_await stream.async_read_some(buffer.prepare(4096), token);
      if (ec) co_return;
      buffer.commit(n);
    }
    lowest.expires_after(s.request_timeout);
    beast_http::request_parser<beast_http::string_body> parser;
    parser.header_limit(s.max_header_bytes);
    parser.body_limit(s.max_body_bytes);
    co_await beast_http::async_read(stream, buffer, parser, token);
    if (ec == beast::error::timeout || ec == beast_http::error::end_of_stream ||
        ec == beast_http::error::partial_message || ec == asio::error::operation_aborted)
      co_return;  // gone, too slow or cut off: there is nobody to answer
    const auto started = Clock::now();
    std::string route = "unmatched";
    unsigned version = 11;
    bool keep_alive = false;
    Response res;
    if (ec && &ec.category() != &beast_http::make_error_code(beast_http::error::bad_version).category()) {
      co_return;  // a socket or TLS error, not a parse error
    }
    if (ec) {
      res = refused(ec);
      // The headers are whole when the body was too large.
      const auto& head = parser.get();
      auto lang = head[beast_http::field::accept_language];
      localise_problem(res, std::string_view(lang.data(), lang.size()));
    } else {
      const BeastRequest& req = parser.get();
      version = req.version();
      keep_alive = req.keep_alive();
      if (s.writes && may_write(req.method())) {
        auto writing = s.writing;
        ++*writing;
        struct Done {
          std::atomic<std::int64_t>& n;
          ReadPacer* pacer;
          ~Done() {
            --n;
            if (pacer) pacer->write_answered(Clock::now());
          }
        } done{*writing, s.pacer};
        res = co_await answer_on(s.writes, req, s.router, peer, tls, &route);
      } else if (s.reads) {
        std::optional<Response> quick;
        const bool writing = s.writing->load(std::memory_order_relaxed) > 0;
        if (s.pacer && (writing || s.pacer->wrote_lately(started))) co_await wait_turn(*s.pacer, s.metrics, pace);
        if (!writing) quick = answer_quick(req, s.router, peer, tls, &route);
        if (quick)
          res = std::move(*quick);
        else
          res = co_await answer_on(s.reads, req, s.router, peer, tls, &route);
      } else {
        res = answer(req, s.router, peer, tls, &route);
      }
    }
    const unsigned status = res.status;
    const std::string method = ec ? std::string("-") : std::string(parser.get().method_string());
    if (!ec && parser.get().method() == beast_http::verb::head) {
      auto out = to_beast_head(res, version, keep_alive);
      const bool close_after = !out.keep_alive();
      s.metrics.observe(route, method, status, std::chrono::duration<double>(Clock::now() - started).count());
      lowest.expires_after(s.request_timeout);
      beast_http::serializer<false, beast_http::empty_body> head_only{out};
      co_await beast_http::async_write_header(stream, head_only, token);
      if (ec || close_after) co_return;
      continue;
    }
    if (res.stream) {
      s.metrics.observe(route, method, status, std::chrono::duration<double>(Clock::now() - started).count());
      co_await send_streamed(stream, lowest, s, std::move(res), version);
      co_return;
    }
    bool close;
    if (res.shared_body || res.static_body) {
      auto out = to_beast_kept(res, version, keep_alive);
      close = !out.keep_alive();
      s.metrics.observe(route, method, status, std::chrono::duration<double>(Clock::now() - started).count());
      lowest.expires_after(s.request_timeout);
      co_await beast_http::async_write(stream, out, token);
    } else {
      auto out = to_beast(std::move(res), version, keep_alive);
      close = !out.keep_alive();
      s.metrics.observe(route, method, status, std::chrono::duration<double>(Clock::now() - started).count());
      lowest.expires_after(s.request_timeout);
      co_await beast_http::async_write(stream, out, token);
    }
    if (ec || close) co_return;
  }
}

}  // namespace

namespace {

Response route_request(const BeastRequest& raw, const Router& router, const std::string& peer, bool tls,
                       std::string* route) {
  auto target = parse_target(std::string_view(raw.target().data(), raw.target().size()));
  if (!target) return problem(400, "bad_request", "the request target is not a path, or holds a malformed %-escape");
  Request req{raw, std::move(*target), {}, peer, tls};
  *route = router.pattern_of(req.target.path);
  try {
    return router.route(req);
  } catch (const std::exception& e) {
    spdlog::error("http: {} {} failed: {}", std::string(raw.method_string()), req.target.path, e.what());
  } catch (...) {
    spdlog::error("http: {} {} failed with an unknown exception", std::string(raw.method_string()),
                  req.target.path);
  }
  return problem(500, "internal", "the request failed inside the gateway; the log says why");
}

}  // namespace

std::optional<Response> answer_quick(const BeastRequest& raw, const Router& router, const std::string& peer,
                                     bool tls, std::string* route) {
  if (raw.method() != beast_http::verb::get) return std::nullopt;
  auto target = parse_target(std::string_view(raw.target().data(), raw.target().size()));
  if (!target) return std::nullopt;
  Request req{raw, std::move(*target), {}, peer, tls};
  try {
    return router.route_quick(req, route);
  } catch (...) {
    // The full handler runs it again and reports what goes wrong.
    return std::nullopt;
  }
}

Response answer(const BeastRequest& raw, const Router& router, const std::string& peer, bool tls,
                std::string* route) {
  Response res = route_request(raw, router, peer, tls, route);
  auto lang = raw[beast_http::field::accept_language];
  localise_problem(res, std::string_view(lang.data(), lang.size()));
  return res;
}

asio::awaitable<void> serve_connection(asio::ip::tcp::socket socket, const ConnectionSettings& s) {
  s.metrics.opened();
  try {
    beast::error_code ec;
    auto token = asio::redirect_error(asio::use_awaitable, ec);
    std::string peer = socket.remote_endpoint(ec).address().to_string();
    beast::tcp_stream stream(std::move(socket));
    if (s.tls) {
      beast::ssl_stream<beast::tcp_stream> ssl(std::move(stream), *s.tls);
      beast::get_lowest_layer(ssl).expires_after(s.request_timeout);
      co_await ssl.async_handshake(asio::ssl::stream_base::server, token);
      if (!ec) {
        co_await serve_requests(ssl, beast::get_lowest_layer(ssl), s, peer, true);
        beast::get_lowest_layer(ssl).expires_after(s.request_timeout);
        co_await ssl.async_shutdown(token);
      }
    } else {
      co_await serve_requests(stream, stream, s, peer, false);
      stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
    }
  } catch (const std::exception& e) {
    spdlog::warn("http: connection ended by an exception: {}", e.what());
  } catch (...) {
    spdlog::warn("http: connection ended by an unknown exception");
  }
  s.metrics.closed();
}

}  // namespace jxc::http
