#pragma once
// The rows of the local API's users and their API tokens. Only the rows:
// hashing passwords and tokens, sessions and what a role may do are
// edge/http's business; the store never sees a password or a token in clear.
// Writes run on the engine's writer (Tx); reads take a read-only Queries.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edge/common/status.h"
#include "edge/inventory/queries.h"
#include "edge/inventory/tx.h"

namespace jxc::inventory {

/// What a user may do: an operator scans, receives, picks, moves and counts;
/// a manager also approves and sees reports and the audit trail; an admin
/// also manages users and tokens. Each role includes the ones before it.
enum class Role { operator_ = 1, manager = 2, admin = 3 };
std::string_view to_string(Role r);
bool parse_role(std::string_view s, Role* out);

struct UserRecord {
  std::int64_t id = 0;
  std::string name;
  Role role = Role::operator_;
  std::string password_hash;  // libsodium's encoded Argon2id string
  bool active = true;
  TimeMs created_at = 0;
};

struct TokenRecord {
  std::int64_t id = 0;
  std::string user;
  Role role = Role::operator_;  // the user's
  std::string label;
  TimeMs created_at = 0;
  TimeMs expires_at = 0;  // 0: never
};

// ---- writes (on the engine's writer) ----

/// Adds a user. Errc::conflict when the name is taken, invalid_argument for
/// an empty name.
Result<std::int64_t> add_user(Tx& tx, const std::string& name, Role role, const std::string& password_hash);
/// Stores an API token's hash for `user` (Errc::invalid_argument when there is no such user).
Result<std::int64_t> add_api_token(Tx& tx, const std::string& user, const std::string& label,
                                   const std::string& token_hash, TimeMs expires_at);

// ---- reads ----

/// The user named `name`, active or not; nullopt when there is none.
Result<std::optional<UserRecord>> user_by_name(Queries& q, const std::string& name);
/// Every user, by name.
Result<std::vector<UserRecord>> list_users(Queries& q);
/// True when an active admin exists.
Result<bool> has_active_admin(Queries& q);
/// The token with this hash if it is usable at `now`: not revoked, not
/// expired, its user active. nullopt otherwise.
Result<std::optional<TokenRecord>> usable_token(Queries& q, const std::string& token_hash, TimeMs now);

}  // namespace jxc::inventory
