#pragma once
// Failed logins counted per key ("user:alice", "address:10.0.0.7"): after
// `max_failures` within `lockout` of each other the key is locked for
// `lockout`, and attempts are refused (429) without checking the password.
// Pure code over an injected clock.
//
// Thread-safety: every method may be called from any thread.

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "edge/common/clock.h"

namespace jxc::http {

class LoginLimiter {
 public:
  LoginLimiter(const Clock& clock, std::int64_t max_failures, std::chrono::milliseconds lockout)
      : clock_(clock), max_failures_(max_failures), lockout_(lockout.count()) {}

  /// Milliseconds the key stays locked; 0 when it is not.
  TimeMs locked_for(const std::string& key);
  /// Counts a failure; true when this one locks the key.
  bool failed(const std::string& key);
  /// A successful login forgets the key's failures.
  void succeeded(const std::string& key);

 private:
  struct Record {
    std::int64_t failures = 0;
    TimeMs last_failure = 0;
    TimeMs locked_until = 0;
  };
  const Clock& clock_;
  const std::int64_t max_failures_;
  const TimeMs lockout_;
  std::mutex mu_;
  std::map<std::string, Record> records_;
};

}  // namespace jxc::http
