#include "edge/http/handlers_stats.h"

#include "edge/http/auth.h"
#include "edge/http/handler_support.h"
#include "edge/http/params.h"
#include "edge/inventory/daily_movements.h"

namespace jxc::http {

void add_stats_routes(Router& router, ApiContext& ctx) {
  using beast_http::verb;
  // The zone needs a restart to change, so it is looked up once.
  const TimeZone zone = ctx.config.time_zone();
  router.add(verb::get, "/api/v1/stats/daily",
             guarded(ctx, inventory::Role::manager, [&ctx, zone](Request& req, const Principal&) {
               Response refused;
               auto days = integer_param(req, "days", 14, 1, 92);
               if (failed(days, &refused)) return refused;
               auto lease = ctx.queries.take();
               if (!lease) return problem_for(lease.status());
               auto rows = inventory::daily_movements(**lease, static_cast<int>(std::get<std::int64_t>(days)),
                                                      ctx.clock.now_ms(), zone);
               if (!rows) return problem_for(rows.status());
               nlohmann::json out = nlohmann::json::array();
               for (const auto& d : *rows)
                 out.push_back({{"date", d.date},
                                {"movements_in", d.in},
                                {"movements_out", d.out},
                                {"movements_internal", d.internal},
                                {"value_in", d.value_in},
                                {"value_out", d.value_out}});
               return json_response({{"timezone", zone.name()}, {"currency", ctx.config.site.currency}, {"days", out}});
             }));
}

}  // namespace jxc::http
