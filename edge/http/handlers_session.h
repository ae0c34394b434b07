#pragma once
// Logging in and out, and who am I:
//   POST   /api/v1/session  {"user","password"} → the session cookie and its CSRF token
//   DELETE /api/v1/session  ends the session
//   GET    /api/v1/me       the user, role and how they are authenticated
// Failed logins are counted per user name and per client address; past
// [http] login_max_failures both are locked for login_lockout_minutes (429),
// logged and audited.

#include "edge/http/api_context.h"
#include "edge/http/router.h"

namespace jxc::http {

void add_session_routes(Router& router, ApiContext& ctx);

}  // namespace jxc::http
