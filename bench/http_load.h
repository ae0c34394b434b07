#pragma once
// Pieces of bench_http_api: a minimal Beast server answering every request
// with a fixed body, a raw loopback client that holds a connection and no
// memory of its own, the process's resident set, and wrk run as a child with
// its summary parsed. Benchmarks only.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

namespace jxc::bench {

/// HTTP/1.1 on 127.0.0.1 (a free port) with `threads` threads, keep-alive,
/// every request answered 200 with `body` as application/json.
class FixedServer {
 public:
  FixedServer(int threads, std::string body);
  ~FixedServer();
  FixedServer(const FixedServer&) = delete;
  FixedServer& operator=(const FixedServer&) = delete;
  std::uint16_t port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// A blocking loopback connection; every failure ends the program.
class RawClient {
 public:
  explicit RawClient(std::uint16_t port);
  ~RawClient();
  RawClient(RawClient&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  void send(const std::string& s);
  struct Reply {
    int status = 0;
    std::string body;
  };
  /// The response's status and, unless `head_only`, its Content-Length body.
  Reply read_reply(bool head_only);

 private:
  void more(std::string& in);
  int fd_ = -1;
};

/// RssAnon of this process, KiB: what it allocated (heap, stacks), without
/// the store's pages its connections map (file-backed, shared with the cache).
long rss_kib();

struct WrkResult {
  double rps = 0, p50_ms = 0, p99_ms = 0;
  long requests = 0, non2xx = 0, socket_errors = 0;
  std::string raw;
};

/// Runs `wrk ARGS`; ends the program when it fails or prints no rate.
WrkResult run_wrk(const std::string& wrk, const std::string& args);

}  // namespace jxc::bench
