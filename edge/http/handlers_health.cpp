#include "edge/http/handlers_health.h"

#include <mutex>

#include "edge/inventory/stock_cache.h"
#include "edge/metrics/prometheus.h"

namespace jxc::http {
namespace {

// The engine's kept stock answers, copied into the registry as each scrape
// renders it (the cache counts on its own, under its lock).
void publish_lookup_cache(ApiContext& ctx) {
  static std::mutex mu;  // two scrapes at once must not both add the same hits
  std::lock_guard lock(mu);
  const auto s = ctx.engine.stock_cache().stats();
  auto catch_up = [&](const char* name, const char* help, std::uint64_t now) {
    auto& c = ctx.metrics.counter(name, help);
    if (now > c.value()) c.inc(now - c.value());
  };
  catch_up("jxc_http_lookup_cache_hits_total", "stock lookups answered from a kept answer", s.hits);
  catch_up("jxc_http_lookup_cache_misses_total", "stock lookups by SKU that found no valid kept answer", s.misses);
  catch_up("jxc_http_lookup_cache_drops_total",
           "times every kept answer was dropped (master data changed, another process wrote)", s.drops_all);
  ctx.metrics.gauge("jxc_http_lookup_cache_entries", "kept stock answers").set(static_cast<double>(s.entries));
  ctx.metrics.gauge("jxc_http_lookup_cache_bytes", "memory of kept stock answers, bytes")
      .set(static_cast<double>(s.bytes));
}

}  // namespace

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
    publish_lookup_cache(ctx);
    r.body = metrics::render_prometheus(ctx.metrics) + ctx.request_metrics.render_histogram();
    return r;
  });
}

}  // namespace jxc::http
