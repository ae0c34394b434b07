#pragma once
// Test support for the HTTP API: curl as an independent client (a child
// process, bounded in time), and a raw socket for requests no client would
// send (broken framing, a client that trickles bytes). Every wait has a
// deadline; nothing sleeps for a fixed time.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace jxc::http::testing {

struct Reply {
  int status = 0;        // 0: curl failed (its message is in error)
  std::string headers;   // the response's header block, as received
  std::string body;
  std::string error;
  nlohmann::json json() const;
  /// A header's value (case-insensitive name); empty when absent.
  std::string header(const std::string& name) const;
};

/// Runs `curl -sS <args> URL` and returns what came back. `args` go before
/// the URL (-X, -H, --data-binary, --cacert, -b, ...).
Reply curl(const std::string& url, const std::vector<std::string>& args = {});

/// Connects to 127.0.0.1:port, sends `bytes` and reads until the server
/// closes or `wait` passes. `closed` tells which.
struct RawReply {
  std::string received;
  bool closed = false;
};
RawReply raw_exchange(std::uint16_t port, const std::string& bytes,
                      std::chrono::milliseconds wait = std::chrono::seconds(10));

}  // namespace jxc::http::testing
