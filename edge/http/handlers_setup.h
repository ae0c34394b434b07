#pragma once
// First start without an admin (see setup_token.h):
//   POST /api/v1/setup  {"token","name","password"}, no authentication:
//        creates the first admin (201) with the setup token the log and the
//        state directory's setup-token file show; 401 for a wrong token,
//        410 once the token has been spent, 409 when an admin exists (made
//        with the token, by `jxc-edge user add`, or before this start).

#include "edge/http/api_context.h"
#include "edge/http/router.h"
#include "edge/http/setup_token.h"

namespace jxc::http {

/// `token` is nullptr when an admin existed at start; it outlives the router.
void add_setup_routes(Router& router, ApiContext& ctx, SetupToken* token);

}  // namespace jxc::http
