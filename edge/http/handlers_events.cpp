#include "edge/http/handlers_events.h"

#include "edge/http/auth.h"
#include "edge/http/event_stream.h"

namespace jxc::http {

void add_event_routes(Router& router, ApiContext& ctx, std::shared_ptr<EventHub> hub) {
  using beast_http::verb;
  router.add(verb::get, "/api/v1/events",
             guarded(ctx, inventory::Role::operator_, [&ctx, hub](Request& req, const Principal& who) {
               auto busy = [] {
                 Response r = problem(503, "too_many_subscribers",
                                      "the gateway serves as many event streams as [http] max_event_subscribers allows");
                 r.headers.emplace_back("Retry-After", "10");
                 return r;
               };
               if (hub->subscribers() >= ctx.config.http.max_event_subscribers || hub->closed()) return busy();
               auto start = event_stream_start(ctx.queries, *hub, req.header("Last-Event-ID"));
               if (!start) return problem_for(start.status());
               auto body = open_event_stream(hub, ctx.queries, std::move(*start),
                                             std::chrono::seconds(ctx.config.http.event_heartbeat_s), who.role);
               if (!body) return busy();
               Response r;
               r.content_type = "text/event-stream; charset=utf-8";
               r.stream = std::move(body);
               return r;
             }));
}

}  // namespace jxc::http
