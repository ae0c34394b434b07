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
  TimeMs updated_at = 0;  // the last change of role, state or password
};

struct TokenRecord {
  std::int64_t id = 0;
  std::string user;
  Role role = Role::operator_;  // the user's
  std::string label;
  TimeMs created_at = 0;
  TimeMs expires_at = 0;  // 0: never
};

/// An API token as an admin sees it: never its hash.
struct TokenListing {
  std::int64_t id = 0;
  std::string user;
  std::string label;
  TimeMs created_at = 0;
  TimeMs expires_at = 0;  // 0: never
  TimeMs revoked_at = 0;  // 0: not revoked
};

/// What change_user() changes; each field left empty stays as it is.
struct UserChange {
  std::optional<Role> role;
  std::optional<bool> active;
  std::optional<std::string> password_hash;
};

struct UserChanged {
  enum class Outcome {
    changed,       // written; nothing is when every value given is the one stored
    no_such_user,  // nothing written
    last_admin,    // refused: no active admin would be left; nothing written
  };
  Outcome outcome = Outcome::changed;
  UserRecord before, after;  // set when the user exists
};

struct TokenRevoked {
  enum class Outcome { revoked, already_revoked, no_such_token };
  Outcome outcome = Outcome::revoked;
  TokenListing token;  // set when the token exists
};

// ---- writes (on the engine's writer) ----

/// Adds a user. Errc::conflict when the name is taken, invalid_argument for
/// an empty name.
Result<std::int64_t> add_user(Tx& tx, const std::string& name, Role role, const std::string& password_hash);
/// Stores an API token's hash for `user` (Errc::invalid_argument when there is no such user).
Result<std::int64_t> add_api_token(Tx& tx, const std::string& user, const std::string& label,
                                   const std::string& token_hash, TimeMs expires_at);
/// Changes a user's role, state and/or password hash. Refuses (and writes
/// nothing) when the user is an active admin and would no longer be one
/// while no other active admin exists: the gateway always keeps someone who
/// can manage it.
Result<UserChanged> change_user(Tx& tx, const std::string& name, const UserChange& change);
/// Marks token `id` revoked at the transaction's time; a token revoked
/// already keeps its first revocation time.
Result<TokenRevoked> revoke_api_token(Tx& tx, std::int64_t id);

// ---- reads ----

/// The user named `name`, active or not; nullopt when there is none.
Result<std::optional<UserRecord>> user_by_name(Queries& q, const std::string& name);
/// Every user, by name.
Result<std::vector<UserRecord>> list_users(Queries& q);
/// Every API token (of `user` alone when not empty), oldest first.
Result<std::vector<TokenListing>> list_api_tokens(Queries& q, const std::string& user);
/// True when an active admin exists.
Result<bool> has_active_admin(Queries& q);
/// The token with this hash if it is usable at `now`: not revoked, not
/// expired, its user active. nullopt otherwise.
Result<std::optional<TokenRecord>> usable_token(Queries& q, const std::string& token_hash, TimeMs now);

}  // namespace jxc::inventory
