#include "edge/http/handlers_health.h"

#include "edge/metrics/prometheus.h"

namespace jxc::http {

void add_health_routes(Router& router, ApiContext& ctx) {
  using beast_http::verb;
  router.add(verb::get, "/healthz", [](Request&) { return json_response({{"status", "ok"}}); });
  router.add(verb::get, "/readyz", [&ctx](Request&) {
    // The store must answer a read, not only have been opened once.
    bool store_ok = false;
    if (auto q = ctx.queries.take(); q.is_ok()) store_ok = inventory::Outbox::stats(**q).is_ok();
    const bool started = ctx.ready.load();
    nlohmann::json body = {{"status", store_ok && started ? "ready" : "not_ready"},
                           {"store", store_ok ? "open" : "unavailable"},
                           {"devices", started ? "started" : "starting"}};
    return json_response(body, store_ok && started ? 200 : 503);
  });
  router.add(verb::get, "/metrics", [&ctx](Request&) {
    Response r;
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = metrics::render_prometheus(ctx.metrics) + ctx.request_metrics.render_histogram();
    return r;
  });
}

}  // namespace jxc::http
