#pragma once
// Logging in and out, and who am I:
//   POST   /api/v1/session  {"user","password"} → the session cookie and its CSRF token
//   DELETE /api/v1/session  ends the session
//   GET    /api/v1/me       the user, role and how they are authenticated, and
//                           the site's time zone and currency (for pages)
// Failed logins are counted per user name and per client address; past
// [http] login_max_failures both are locked for login_lockout_minutes (429),
// logged and audited.

#include <optional>
#include <string>
#include <variant>

#include "edge/http/api_context.h"
#include "edge/http/router.h"
#include "edge/http/sessions.h"

namespace jxc::http {

/// Checks a user's password with the lock-out and the audit of every
/// attempt, and opens a session: the session, or the problem to answer
/// (401 wrong name or password, 429 locked). Shared by POST /api/v1/session
/// and the alert page's sign-in form.
std::variant<Session, Response> sign_in(ApiContext& ctx, const Request& req, const std::string& name,
                                        const std::string& password);
/// The 429 problem to answer while failed attempts have locked `name` or
/// the request's address; nullopt when neither is locked.
std::optional<Response> login_lockout(ApiContext& ctx, const Request& req, const std::string& name);
/// Counts a wrong password given for `name` from the request's address
/// (a login, or a password change's current password): audited as
/// login.failed with `detail`, and the lock-out it may cause logged,
/// audited and raised as an alert.
void count_failed_login(ApiContext& ctx, const Request& req, const std::string& name, const std::string& detail);
/// The Set-Cookie value that hands the browser session `id`.
std::string session_cookie(ApiContext& ctx, const Request& req, const std::string& id);

void add_session_routes(Router& router, ApiContext& ctx);

}  // namespace jxc::http
