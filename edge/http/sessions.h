#pragma once
// Login sessions of people using the API from a browser: an unguessable id
// (the cookie's value), the user and role, and the CSRF token every
// cookie-authenticated write must echo. A session ends after `idle` without a
// request, after `absolute` whatever its use, or at logout. Held in memory:
// a restart of the gateway logs everyone out.
//
// Thread-safety: every method may be called from any thread.

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "edge/common/clock.h"
#include "edge/inventory/user_records.h"

namespace jxc::http {

struct Session {
  std::string id;
  std::string user;
  inventory::Role role = inventory::Role::operator_;
  std::string csrf;
  TimeMs created_at = 0, last_seen = 0;
  TimeMs expires_at = 0;  // absolute end
};

class Sessions {
 public:
  Sessions(const Clock& clock, std::chrono::milliseconds idle, std::chrono::milliseconds absolute)
      : clock_(clock), idle_(idle.count()), absolute_(absolute.count()) {}

  Session create(const std::string& user, inventory::Role role);
  /// The live session with this id, its idle time restarted; nullopt when
  /// there is none or it has ended (an ended one is forgotten).
  std::optional<Session> use(const std::string& id);
  void end(const std::string& id);
  /// Ends every session of `user` (password change, user disabled).
  void end_all_of(const std::string& user);
  std::chrono::milliseconds absolute() const { return std::chrono::milliseconds(absolute_); }

 private:
  void forget_ended(TimeMs now);  // under mu_
  const Clock& clock_;
  const TimeMs idle_, absolute_;
  std::mutex mu_;
  std::map<std::string, Session> sessions_;
};

}  // namespace jxc::http
