#pragma once
// [http]: the local HTTP API for clerks, managers and machines on the
// warehouse network. Off unless `enabled`; loopback-only by default. Parsed
// by edge/http/http_section.cpp; used by edge/http/.

#include <cstdint>
#include <string>

namespace jxc::config {

struct Http {
  bool enabled = false;
  std::string address = "127.0.0.1";  // an IPv4 or IPv6 address to listen on
  std::int64_t port = 8080;
  // Threads that serve the connections: TLS, reading and parsing requests,
  // writing answers, and the stock lookups whose answer is kept (one row
  // read). No other store work, so that a request to post is read and
  // answered promptly however many lookups are running.
  std::int64_t threads = 2;
  // Memory for kept answers of stock lookups by SKU, in MiB (0: none kept).
  // An answer is dropped when anything it shows changes.
  std::int64_t lookup_cache_mb = 128;
  // Threads that answer the other requests (lookups, listings, event
  // streams' starts) from the store.
  std::int64_t read_threads = 2;
  // Requests that may write (every method but GET, HEAD and OPTIONS) are
  // answered on threads of their own, which wait while the engine makes the
  // change durable; `read_threads` keep answering meanwhile.
  std::int64_t write_threads = 8;
  // The nice value of `read_threads` (0 to 19). Above 0 they yield the CPU
  // to the device pipelines, the store's writer and `write_threads` when it
  // is short, so a flood of lookups does not slow the warehouse's movements
  // (while writes are being answered, every lookup runs there).
  std::int64_t nice = 10;
  // Run `read_threads` under SCHED_IDLE instead: they get the CPU only when
  // no other thread of the box wants it, and cost the writes next to nothing
  // (a niced thread still takes its turns). A box whose CPU never rests
  // (a runaway process) then answers no lookup at all, so it is off unless
  // movements must win over every lookup.
  bool idle_reads = false;
  // While requests that write are being answered, requests that only read
  // are answered at most this many a second (bursts of a twentieth of a
  // second's worth); the others wait for their turn. 0: never paced.
  std::int64_t reads_while_writing = 500;
  // Plain HTTP on an address other than loopback is refused unless this is
  // set; passwords and session cookies would cross the network in clear.
  bool allow_plain_http_on_lan = false;
  std::int64_t max_header_bytes = 8192;
  std::int64_t max_body_bytes = 1 << 20;
  std::int64_t max_connections = 256;
  std::int64_t request_timeout_s = 30;  // whole request read, and each response write
  std::int64_t idle_timeout_s = 60;     // a keep-alive connection with no request
  std::int64_t session_idle_minutes = 30;
  std::int64_t session_absolute_hours = 12;
  std::int64_t login_max_failures = 5;     // per user and per address, within the lock-out window
  std::int64_t login_lockout_minutes = 15;
  // Server-Sent Events (GET /api/v1/events): open streams at most (more are
  // answered 503), and the quiet time after which a stream sends a comment so
  // that proxies and clients see it is alive.
  std::int64_t max_event_subscribers = 64;
  std::int64_t event_heartbeat_s = 15;
  struct Tls {
    std::string cert_file;  // PEM certificate chain; "" with key_file "" = plain HTTP
    std::string key_file;   // PEM private key; relative: under $CREDENTIALS_DIRECTORY when set
    bool operator==(const Tls&) const = default;
  } tls;

  bool tls_enabled() const { return !tls.cert_file.empty(); }
  bool operator==(const Http&) const = default;
};

}  // namespace jxc::config
