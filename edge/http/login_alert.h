#pragma once
// A login lock-out as an alert (kind login_locked): when the login limiter
// locks a user name or an address, the alert is raised in the store (and so
// reaches the central system, the channels and the event streams), keyed by
// what was locked ("user:alice", "address:10.0.0.7"). One alert per key
// stays open until a manager acknowledges it, which clears it.

#include <string>

#include "edge/http/api_context.h"

namespace jxc::http {

/// Raises the alert for `locked` ("user:NAME" or "address:IP"); `peer` is
/// the address of the attempt that locked it. Logs a failure to store it.
void raise_login_locked(ApiContext& ctx, const std::string& locked, const std::string& peer);

}  // namespace jxc::http
