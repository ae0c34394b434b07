#pragma once
// GET /api/v1/events: Server-Sent Events for every logged-in role (see
// event_stream.h for the events, their ids and resuming).

#include <memory>

#include "edge/http/api_context.h"
#include "edge/http/event_hub.h"
#include "edge/http/router.h"

namespace jxc::http {

void add_event_routes(Router& router, ApiContext& ctx, std::shared_ptr<EventHub> hub);

}  // namespace jxc::http
