#pragma once
// Users, for admins:
//   GET   /api/v1/users         every user with role and state
//   POST  /api/v1/users         {"name","role","password"} adds one (201; 409 when
//         the name is taken, 422 when the password breaks the rules)
//   PATCH /api/v1/users/{name}  {"role"?,"active"?,"password"?} (404 unknown; 409
//         when it would leave no active admin); a change of role or state ends
//         the user's sessions and clears the token cache before the answer
// a user's own password, for everyone:
//   POST  /api/v1/me/password   {"current","new"} (403 wrong current password,
//         counted as a failed login; the user's other sessions end)
// and the audit trail, for managers and admins:
//   GET  /api/v1/audit?actor=&action=&before=&limit=  newest first, paged by id

#include "edge/http/api_context.h"
#include "edge/http/router.h"
#include "edge/inventory/engine.h"
#include "edge/inventory/user_records.h"

namespace jxc::http {

void add_user_routes(Router& router, ApiContext& ctx);

/// 1 to 64 letters, digits, '.', '_', '-' or '@' (the CLI checks the same).
bool is_valid_user_name(const std::string& name);

/// Changes a user on the engine's writer with one audit entry per thing
/// changed (user.role, user.activate/deactivate, user.password) in the same
/// transaction; a refused change (unknown user, last admin) writes nothing.
/// Sessions and cached tokens are the caller's to end (the API's handler
/// does; the command line has none in its process).
Result<inventory::UserChanged> apply_user_change(inventory::Engine& engine, const std::string& name,
                                                 const inventory::UserChange& change, const std::string& actor,
                                                 const std::string& address);

}  // namespace jxc::http
