#pragma once
// One client connection: TLS handshake when configured, then requests read,
// routed and answered until the client closes, a limit or a timeout ends it.
// Internal to the server (server.cpp).

#include <atomic>
#include <chrono>
#include <memory>
#include <utility>  // boost/asio/awaitable.hpp (1.74) uses std::exchange without it

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "edge/http/read_pacer.h"
#include "edge/http/request_metrics.h"
#include "edge/http/router.h"

namespace jxc::http {

struct ConnectionSettings {
  const Router& router;
  RequestMetrics& metrics;
  // Where requests that may write are answered (Http::write_threads); an
  // empty executor answers them on the connection's own thread.
  boost::asio::any_io_executor writes;
  // Where the other requests are answered (lookups); empty: on the
  // connection's own thread.
  boost::asio::any_io_executor reads;
  // Requests that may write being answered now. While any is, lookups are
  // not answered on the connection's thread but on `reads`, whose threads
  // may be niced: a flood of lookups leaves the CPU to the writes.
  std::shared_ptr<std::atomic<std::int64_t>> writing = std::make_shared<std::atomic<std::int64_t>>(0);
  // While `writing` is above 0, requests that only read wait for their turn
  // here (Http::reads_while_writing); nullptr: they never wait.
  ReadPacer* pacer = nullptr;
  boost::asio::ssl::context* tls = nullptr;  // nullptr: plain HTTP
  std::uint32_t max_header_bytes = 8192;
  std::uint64_t max_body_bytes = 1 << 20;
  std::chrono::seconds request_timeout{30};
  std::chrono::seconds idle_timeout{60};
};

/// Serves `socket` until it closes. Never throws: every failure ends the
/// connection alone.
boost::asio::awaitable<void> serve_connection(boost::asio::ip::tcp::socket socket,
                                              const ConnectionSettings& settings);

/// The answer to one parsed request, as the connection sends it (exposed
/// for the router's tests), a problem worded in the language the request's
/// Accept-Language prefers. `route` gets the matched pattern.
Response answer(const BeastRequest& raw, const Router& router, const std::string& peer, bool tls,
                std::string* route);

/// The answer of the route's quick handler, given on the connection's own
/// thread, for a GET whose route has one and that it answers; nullopt
/// otherwise (then answer() runs where lookups read the store).
std::optional<Response> answer_quick(const BeastRequest& raw, const Router& router, const std::string& peer,
                                     bool tls, std::string* route);

}  // namespace jxc::http
