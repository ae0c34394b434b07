#pragma once
// API tokens, for admins:
//   GET    /api/v1/tokens?user=  every token (of one user), oldest first; never its hash
//   POST   /api/v1/tokens        {"user","label","expires_in_days"?} makes one; its text is
//          in this answer alone (201), only its hash is stored
//   DELETE /api/v1/tokens/{id}   revokes it (204; 404 unknown; revoking again changes nothing)
// A revocation takes effect at once: the token cache is cleared before the
// answer goes out.

#include "edge/http/api_context.h"
#include "edge/http/router.h"
#include "edge/inventory/engine.h"
#include "edge/inventory/user_records.h"

namespace jxc::http {

void add_token_routes(Router& router, ApiContext& ctx);

/// Revokes token `id` on the engine's writer, audited as token.revoke in the
/// same transaction when it was not revoked already. Clearing a token cache
/// is the caller's (the API's handler does; the command line has none).
Result<inventory::TokenRevoked> revoke_token_audited(inventory::Engine& engine, std::int64_t id,
                                                     const std::string& actor, const std::string& address);

}  // namespace jxc::http
