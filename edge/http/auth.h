#pragma once
// Who is asking, and may they: a request is authenticated by an API token
// (`Authorization: Bearer jxc_...`, for machines) or by the session cookie a
// login set (for browsers). A cookie-authenticated request that changes
// something (any method but GET, HEAD and OPTIONS) must also carry the
// session's CSRF token in `X-CSRF-Token`; a page of another site can make a
// browser send the cookie, never read the token.

#include <functional>
#include <string>
#include <variant>

#include "edge/http/api_context.h"
#include "edge/http/router.h"

namespace jxc::http {

inline constexpr const char* kSessionCookie = "jxc_session";

struct Principal {
  enum class Via { session, token };
  Via via = Via::session;
  std::string user;
  inventory::Role role = inventory::Role::operator_;
  std::string session_id;    // Via::session
  std::string csrf;          // Via::session
  std::int64_t token_id = 0; // Via::token
  /// How the audit trail names it: "user:alice" or "token:7:alice".
  std::string actor() const;
};

/// The principal of `req`, or the 401 problem to answer.
std::variant<Principal, Response> authenticate(ApiContext& ctx, const Request& req);

/// The value of cookie `name` in the request's Cookie headers; "" when absent.
std::string cookie(const Request& req, const std::string& name);

using AuthedHandler = std::function<Response(Request&, const Principal&)>;
/// `h` behind authentication, the role check (403) and, for cookie
/// sessions' writes, the CSRF check (403).
Handler guarded(ApiContext& ctx, inventory::Role minimum, AuthedHandler h);

using QuickAuthedHandler = std::function<std::optional<Response>(Request&, const Principal&)>;
/// `h` behind the same checks, run on the connection's thread; a request
/// they refuse goes to the full handler, which answers the refusal.
QuickHandler guarded_quick(ApiContext& ctx, inventory::Role minimum, QuickAuthedHandler h);

}  // namespace jxc::http
