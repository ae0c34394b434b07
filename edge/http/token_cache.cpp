#include "edge/http/token_cache.h"

#include <algorithm>

namespace jxc::http {

std::optional<inventory::TokenRecord> TokenCache::find(const std::string& hash) const {
  if (ttl_ms_ <= 0) return std::nullopt;
  const TimeMs now = clock_.now_ms();
  std::lock_guard lock(mu_);
  auto it = entries_.find(hash);
  if (it == entries_.end() || now >= it->second.until) return std::nullopt;
  return it->second.token;
}

std::uint64_t TokenCache::generation() const {
  std::lock_guard lock(mu_);
  return generation_;
}

void TokenCache::remember(const std::string& hash, const inventory::TokenRecord& token, std::uint64_t read_at) {
  if (ttl_ms_ <= 0) return;
  const TimeMs now = clock_.now_ms();
  TimeMs until = now + ttl_ms_;
  if (token.expires_at > 0) until = std::min(until, token.expires_at);
  std::lock_guard lock(mu_);
  if (read_at != kAnyGeneration && read_at != generation_) return;
  if (entries_.size() >= capacity_ && !entries_.contains(hash)) {
    // Many tokens in use at once: drop what has run out, else start over.
    std::erase_if(entries_, [now](const auto& e) { return now >= e.second.until; });
    if (entries_.size() >= capacity_) entries_.clear();
  }
  entries_[hash] = Entry{token, until};
}

void TokenCache::clear() {
  std::lock_guard lock(mu_);
  entries_.clear();
  ++generation_;
}

}  // namespace jxc::http
