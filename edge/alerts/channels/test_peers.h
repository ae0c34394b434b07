#pragma once
// Test support for the channels: certificates made at test time with the
// openssl CLI, and receivers written in Python (testdata/) started on
// loopback as child processes that print one JSON line per thing they got.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/child_process.h"

namespace jxc::alerts::channels::testing {

/// A test CA and server certificates under `dir`: one for "localhost" from
/// the CA, one from the CA for another name, one for "localhost" from a CA
/// nobody trusts.
struct Pki {
  std::string dir;
  std::string ca;                          // the CA the tests trust
  std::string localhost_cert, localhost_key;
  std::string other_name_cert, other_name_key;  // CN and SAN other.test
  std::string untrusted_cert, untrusted_key;    // "localhost" from a CA of its own
};
/// Throws std::runtime_error with openssl's output when a step fails.
Pki make_pki(const std::string& dir);

/// A receiver script from testdata/ run by /usr/bin/python3.
class Peer {
 public:
  Peer(const std::string& script, std::vector<std::string> args);
  int port() const { return port_; }
  /// The JSON lines printed so far.
  std::vector<nlohmann::json> records();
  /// Waits until at least `n` JSON lines were printed (false at the limit).
  bool wait_records(std::size_t n, std::chrono::seconds limit = std::chrono::seconds(20));
  std::string output() const { return child_->output(); }

 private:
  std::unique_ptr<jxc::testing::Child> child_;
  int port_ = 0;
};

}  // namespace jxc::alerts::channels::testing
