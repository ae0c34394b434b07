#include "edge/http/sessions.h"

#include "edge/http/credentials.h"

namespace jxc::http {

Session Sessions::create(const std::string& user, inventory::Role role) {
  const TimeMs now = clock_.now_ms();
  Session s{random_text(32), user, role, random_text(32), now, now, now + absolute_, now, now};
  std::lock_guard lock(mu_);
  forget_ended(now);
  sessions_[s.id] = s;
  return s;
}

std::optional<Session> Sessions::use(const std::string& id) {
  const TimeMs now = clock_.now_ms();
  std::lock_guard lock(mu_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return std::nullopt;
  Session& s = it->second;
  if (now >= s.expires_at || now - s.last_seen >= idle_) {
    sessions_.erase(it);
    return std::nullopt;
  }
  s.last_seen = now;
  return s;
}

void Sessions::end(const std::string& id) {
  std::lock_guard lock(mu_);
  sessions_.erase(id);
}

void Sessions::checked(const std::string& id) {
  const TimeMs now = clock_.now_ms();
  std::lock_guard lock(mu_);
  if (auto it = sessions_.find(id); it != sessions_.end()) it->second.checked_at = now;
}

void Sessions::renew(const std::string& id) {
  const TimeMs now = clock_.now_ms();
  std::lock_guard lock(mu_);
  if (auto it = sessions_.find(id); it != sessions_.end()) it->second.valid_from = it->second.checked_at = now;
}

void Sessions::end_all_of(const std::string& user, const std::string& keep) {
  std::lock_guard lock(mu_);
  std::erase_if(sessions_, [&](const auto& kv) { return kv.second.user == user && kv.first != keep; });
}

void Sessions::forget_ended(TimeMs now) {
  std::erase_if(sessions_, [&](const auto& kv) {
    return now >= kv.second.expires_at || now - kv.second.last_seen >= idle_;
  });
}

}  // namespace jxc::http
