#pragma once
// The HTTP/1.1 server (Boost.Beast): a listening socket and a small pool of
// threads of its own, so that neither the gateway's loop nor the engine's
// writer ever waits for a client. Each connection runs on a strand: requests
// on one connection are answered one after another (keep-alive), connections
// run in parallel up to the pool's size.
//
// Limits, from [http]: header bytes (431), body bytes (413), open
// connections (more are closed at accept), the time a client has to send a
// whole request or take a response (request_timeout_s: a slow client is
// dropped, whatever it trickles) and the time a keep-alive connection may
// wait for its next request (idle_timeout_s). A request that cannot be
// parsed is answered 400 and its connection closed. Handlers that throw are
// answered 500; nothing a client sends stops the server.
//
// TLS (Boost.Asio ssl over OpenSSL, TLS 1.2 or later) when tls.cert_file and
// tls.key_file are set; plain HTTP on an address other than loopback is
// refused unless allow_plain_http_on_lan.
//
// Thread-safety: start() and stop() from one thread; the router must be
// complete before start() and outlive the server.

#include <cstdint>
#include <memory>

#include "edge/common/status.h"
#include "edge/config/http.h"
#include "edge/http/request_metrics.h"
#include "edge/http/router.h"

namespace jxc::http {

/// Errc::config when `config` would serve plain HTTP on an address other
/// than loopback without allow_plain_http_on_lan, or the address is not one.
Status check_listen_address(const config::Http& config);

class Server {
 public:
  /// Binds and starts serving. Errc::config for a refused setting or TLS
  /// files that cannot be loaded, Errc::io when the address cannot be bound.
  /// `config.port` 0 binds a free port (tests); port() tells which.
  static Result<std::unique_ptr<Server>> start(const config::Http& config, const Router& router,
                                               RequestMetrics& metrics);
  ~Server();  // stop()
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Stops accepting, drops every connection and joins the threads.
  /// Idempotent.
  void stop();
  std::uint16_t port() const;

  struct Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace jxc::http
