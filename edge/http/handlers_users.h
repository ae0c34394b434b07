#pragma once
// Users, for admins:
//   GET  /api/v1/users  every user with role and state
//   POST /api/v1/users  {"name","role","password"} adds one (201; 409 when
//        the name is taken, 422 when the password breaks the rules)
// and the audit trail, for managers and admins:
//   GET  /api/v1/audit?actor=&action=&before=&limit=  newest first, paged by id

#include "edge/http/api_context.h"
#include "edge/http/router.h"

namespace jxc::http {

void add_user_routes(Router& router, ApiContext& ctx);

/// 1 to 64 letters, digits, '.', '_', '-' or '@' (the CLI checks the same).
bool is_valid_user_name(const std::string& name);

}  // namespace jxc::http
