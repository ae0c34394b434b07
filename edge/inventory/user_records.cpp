#include "edge/inventory/user_records.h"

#include "edge/store/sqlite.h"

namespace jxc::inventory {
namespace {

UserRecord user_row(const store::Stmt& st) {
  UserRecord u;
  u.id = st.int64(0);
  u.name = st.text(1);
  (void)parse_role(st.text(2), &u.role);
  u.password_hash = st.text(3);
  u.active = st.int64(4) != 0;
  u.created_at = st.int64(5);
  u.updated_at = st.int64(6);
  return u;
}

constexpr const char* kUserSelect =
    "SELECT id, name, role, password_hash, active, created_at, updated_at FROM users ";

TokenListing token_row(const store::Stmt& st) {
  TokenListing t;
  t.id = st.int64(0);
  t.user = st.text(1);
  t.label = st.text(2);
  t.created_at = st.int64(3);
  t.expires_at = st.is_null(4) ? 0 : st.int64(4);
  t.revoked_at = st.is_null(5) ? 0 : st.int64(5);
  return t;
}

bool is_active_admin(const UserRecord& u) { return u.active && u.role == Role::admin; }

}  // namespace

std::string_view to_string(Role r) {
  switch (r) {
    case Role::operator_: return "operator";
    case Role::manager: return "manager";
    case Role::admin: return "admin";
  }
  return "operator";
}

bool parse_role(std::string_view s, Role* out) {
  if (s == "operator") *out = Role::operator_;
  else if (s == "manager") *out = Role::manager;
  else if (s == "admin") *out = Role::admin;
  else return false;
  return true;
}

Result<std::int64_t> add_user(Tx& tx, const std::string& name, Role role, const std::string& password_hash) {
  if (name.empty()) return error(Errc::invalid_argument, "a user needs a name");
  JXC_ASSIGN(auto* exists, tx.db().cached("SELECT 1 FROM users WHERE name = ?1"));
  exists->bind_all(name);
  JXC_ASSIGN(bool taken, exists->step());
  exists->reset();
  if (taken) return error(Errc::conflict, "a user named '" + name + "' exists already");
  JXC_ASSIGN(auto* st, tx.db().cached("INSERT INTO users(name, role, password_hash, created_at, updated_at) "
                                      "VALUES(?1, ?2, ?3, ?4, ?4)"));
  st->bind_all(name, std::string(to_string(role)), password_hash, tx.now());
  JXC_TRY(st->run());
  return tx.db().last_insert_rowid();
}

Result<std::int64_t> add_api_token(Tx& tx, const std::string& user, const std::string& label,
                                   const std::string& token_hash, TimeMs expires_at) {
  JXC_ASSIGN(auto* find, tx.db().cached("SELECT id FROM users WHERE name = ?1"));
  find->bind_all(user);
  JXC_ASSIGN(bool found, find->step());
  const std::int64_t user_id = found ? find->int64(0) : 0;
  find->reset();
  if (!found) return error(Errc::invalid_argument, "no user named '" + user + "'");
  JXC_ASSIGN(auto* st, tx.db().cached("INSERT INTO api_tokens(user_id, label, token_hash, created_at, expires_at) "
                                      "VALUES(?1, ?2, ?3, ?4, ?5)"));
  st->bind_all(user_id, label, token_hash, tx.now());
  if (expires_at > 0) st->bind(5, expires_at);
  else st->bind_null(5);
  JXC_TRY(st->run());
  return tx.db().last_insert_rowid();
}

Result<UserChanged> change_user(Tx& tx, const std::string& name, const UserChange& change) {
  UserChanged out;
  JXC_ASSIGN(auto* find, tx.db().cached("SELECT id, name, role, password_hash, active, created_at, updated_at "
                                        "FROM users WHERE name = ?1"));
  find->bind_all(name);
  JXC_ASSIGN(bool found, find->step());
  if (found) out.before = user_row(*find);
  find->reset();
  if (!found) {
    out.outcome = UserChanged::Outcome::no_such_user;
    return out;
  }
  out.after = out.before;
  if (change.role) out.after.role = *change.role;
  if (change.active) out.after.active = *change.active;
  if (change.password_hash) out.after.password_hash = *change.password_hash;
  if (is_active_admin(out.before) && !is_active_admin(out.after)) {
    JXC_ASSIGN(std::int64_t admins,
               tx.db().query_int_cached("SELECT count(*) FROM users WHERE role = 'admin' AND active = 1"));
    if (admins <= 1) {  // this user alone
      out.outcome = UserChanged::Outcome::last_admin;
      return out;
    }
  }
  // Nothing to write keeps updated_at, which ends the user's sessions.
  if (out.after.role == out.before.role && out.after.active == out.before.active &&
      out.after.password_hash == out.before.password_hash)
    return out;
  JXC_ASSIGN(auto* st, tx.db().cached("UPDATE users SET role = ?2, active = ?3, password_hash = ?4, updated_at = ?5 "
                                      "WHERE id = ?1"));
  st->bind_all(out.before.id, std::string(to_string(out.after.role)), std::int64_t{out.after.active ? 1 : 0},
               out.after.password_hash, tx.now());
  JXC_TRY(st->run());
  out.after.updated_at = tx.now();
  return out;
}

Result<TokenRevoked> revoke_api_token(Tx& tx, std::int64_t id) {
  TokenRevoked out;
  JXC_ASSIGN(auto* find, tx.db().cached("SELECT t.id, u.name, t.label, t.created_at, t.expires_at, t.revoked_at "
                                        "FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ?1"));
  find->bind_all(id);
  JXC_ASSIGN(bool found, find->step());
  if (found) out.token = token_row(*find);
  find->reset();
  if (!found) {
    out.outcome = TokenRevoked::Outcome::no_such_token;
    return out;
  }
  if (out.token.revoked_at != 0) {
    out.outcome = TokenRevoked::Outcome::already_revoked;
    return out;
  }
  JXC_ASSIGN(auto* st, tx.db().cached("UPDATE api_tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL"));
  st->bind_all(id, tx.now());
  JXC_TRY(st->run());
  out.token.revoked_at = tx.now();
  return out;
}

Result<std::optional<UserRecord>> user_by_name(Queries& q, const std::string& name) {
  JXC_ASSIGN(auto st, q.db().prepare(std::string(kUserSelect) + "WHERE name = ?1"));
  st->bind_all(name);
  JXC_ASSIGN(bool row, st->step());
  if (!row) return std::optional<UserRecord>();
  return std::optional<UserRecord>(user_row(*st));
}

Result<std::vector<UserRecord>> list_users(Queries& q) {
  JXC_ASSIGN(auto st, q.db().prepare(std::string(kUserSelect) + "ORDER BY name"));
  std::vector<UserRecord> out;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    out.push_back(user_row(*st));
  }
  return out;
}

Result<std::vector<TokenListing>> list_api_tokens(Queries& q, const std::string& user) {
  JXC_ASSIGN(auto st, q.db().prepare("SELECT t.id, u.name, t.label, t.created_at, t.expires_at, t.revoked_at "
                                     "FROM api_tokens t JOIN users u ON u.id = t.user_id "
                                     "WHERE ?1 = '' OR u.name = ?1 ORDER BY t.id"));
  st->bind_all(user);
  std::vector<TokenListing> out;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    out.push_back(token_row(*st));
  }
  return out;
}

Result<bool> has_active_admin(Queries& q) {
  JXC_ASSIGN(auto st, q.db().prepare("SELECT count(*) FROM users WHERE role = 'admin' AND active = 1"));
  JXC_ASSIGN(bool row, st->step());
  return row && st->int64(0) > 0;
}

// Runs for every request made with a token: prepared once per connection,
// and rewound after its row is read so that it holds no snapshot open.
Result<std::optional<TokenRecord>> usable_token(Queries& q, const std::string& token_hash, TimeMs now) {
  JXC_ASSIGN(auto* st, q.db().cached(
                           "SELECT t.id, u.name, u.role, t.label, t.created_at, coalesce(t.expires_at, 0) "
                           "FROM api_tokens t JOIN users u ON u.id = t.user_id "
                           "WHERE t.token_hash = ?1 AND t.revoked_at IS NULL AND u.active = 1 "
                           "AND (t.expires_at IS NULL OR t.expires_at > ?2)"));
  st->bind_all(token_hash, now);
  JXC_ASSIGN(bool row, st->step());
  if (!row) return std::optional<TokenRecord>();
  TokenRecord t;
  t.id = st->int64(0);
  t.user = st->text(1);
  (void)parse_role(st->text(2), &t.role);
  t.label = st->text(3);
  t.created_at = st->int64(4);
  t.expires_at = st->int64(5);
  st->reset();
  return std::optional<TokenRecord>(std::move(t));
}

}  // namespace jxc::inventory
