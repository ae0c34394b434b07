#pragma once
// API tokens the store has found usable, kept for a short time so that a
// request does not read the store to learn who sent it. What can make a
// token unusable (revoked, expired, its user deactivated or given another
// role) takes effect through the API at once, as those handlers clear the
// cache, and on the box through the CLI within `ttl`. An entry never
// outlives the token's own expiry.
//
// Thread-safety: every method may be called from any thread.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "edge/common/clock.h"
#include "edge/inventory/user_records.h"

namespace jxc::http {

class TokenCache {
 public:
  TokenCache(const Clock& clock, std::chrono::milliseconds ttl, std::size_t capacity = 1024)
      : clock_(clock), ttl_ms_(ttl.count()), capacity_(capacity) {}

  /// The token with this hash when the store found it usable less than
  /// `ttl` ago and it has not expired since.
  std::optional<inventory::TokenRecord> find(const std::string& hash) const;
  /// Changes at every clear(). Read before asking the store about a token
  /// and handed to remember(), so that an answer the store gave before a
  /// clear() is not kept after it.
  std::uint64_t generation() const;
  static constexpr std::uint64_t kAnyGeneration = UINT64_MAX;
  /// Keeps what the store answered for `hash` (a usable token), unless
  /// clear() ran since `read_at` was the generation.
  void remember(const std::string& hash, const inventory::TokenRecord& token,
                std::uint64_t read_at = kAnyGeneration);
  /// Forgets every token: a token, a user or a role changed.
  void clear();

 private:
  struct Entry {
    inventory::TokenRecord token;
    TimeMs until = 0;
  };
  const Clock& clock_;
  const std::int64_t ttl_ms_;
  const std::size_t capacity_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
  std::uint64_t generation_ = 0;
};

}  // namespace jxc::http
