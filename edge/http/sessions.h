#pragma once
// Login sessions of people using the API from a browser: an unguessable id
// (the cookie's value), the user and role, and the CSRF token every
// cookie-authenticated write must echo. A session ends after `idle` without a
// request, after `absolute` whatever its use, or at logout. Held in memory:
// a restart of the gateway logs everyone out. The user a session was opened
// for is looked up again at most every `recheck` (authenticate() does), so
// that a change made outside this process (the command line) ends it too.
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
  /// A change to the user after this (their updated_at) ends the session.
  TimeMs valid_from = 0;
  TimeMs checked_at = 0;  // when the user was last found unchanged
};

class Sessions {
 public:
  Sessions(const Clock& clock, std::chrono::milliseconds idle, std::chrono::milliseconds absolute,
           std::chrono::milliseconds recheck = std::chrono::seconds(1))
      : clock_(clock), idle_(idle.count()), absolute_(absolute.count()), recheck_(recheck.count()) {}

  Session create(const std::string& user, inventory::Role role);
  /// The live session with this id, its idle time restarted; nullopt when
  /// there is none or it has ended (an ended one is forgotten).
  std::optional<Session> use(const std::string& id);
  void end(const std::string& id);
  /// True when `s`'s user is due to be looked up again.
  bool due_for_check(const Session& s) const { return clock_.now_ms() - s.checked_at >= recheck_; }
  /// The user of session `id` was found unchanged: checked now.
  void checked(const std::string& id);
  /// Session `id` outlives the change its user just made (their own
  /// password): valid from now.
  void renew(const std::string& id);
  /// Ends every session of `user` but the one with id `keep` (a user's own
  /// password change keeps the session that made it): a password, role or
  /// state changed.
  void end_all_of(const std::string& user, const std::string& keep = {});
  std::chrono::milliseconds absolute() const { return std::chrono::milliseconds(absolute_); }

 private:
  void forget_ended(TimeMs now);  // under mu_
  const Clock& clock_;
  const TimeMs idle_, absolute_, recheck_;
  std::mutex mu_;
  std::map<std::string, Session> sessions_;
};

}  // namespace jxc::http
