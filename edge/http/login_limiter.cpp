#include "edge/http/login_limiter.h"

namespace jxc::http {

TimeMs LoginLimiter::locked_for(const std::string& key) {
  const TimeMs now = clock_.now_ms();
  std::lock_guard lock(mu_);
  auto it = records_.find(key);
  if (it == records_.end() || it->second.locked_until <= now) return 0;
  return it->second.locked_until - now;
}

bool LoginLimiter::failed(const std::string& key) {
  const TimeMs now = clock_.now_ms();
  std::lock_guard lock(mu_);
  // Keys with nothing left to remember go, so that guessing names or
  // addresses does not grow the map without end.
  std::erase_if(records_, [&](const auto& kv) {
    return kv.second.locked_until <= now && now - kv.second.last_failure >= lockout_;
  });
  Record& r = records_[key];
  if (now - r.last_failure >= lockout_) r.failures = 0;
  r.last_failure = now;
  if (++r.failures < max_failures_) return false;
  r.failures = 0;
  r.locked_until = now + lockout_;
  return true;
}

void LoginLimiter::succeeded(const std::string& key) {
  std::lock_guard lock(mu_);
  records_.erase(key);
}

}  // namespace jxc::http
