#include "edge/http/login_alert.h"

#include <spdlog/spdlog.h>

#include "edge/alerts/alert_store.h"
#include "edge/alerts/alert_text.h"

namespace jxc::http {

void raise_login_locked(ApiContext& ctx, const std::string& locked, const std::string& peer) {
  alerts::Alert a = alerts::make_alert({alerts::Kind::login_locked, "", "", "", locked},
                                       ctx.config.http.login_max_failures, ctx.config.http.login_max_failures, "",
                                       ctx.clock.now_ms());
  a.facts.minutes = ctx.config.http.login_lockout_minutes;
  a.facts.reason = peer;
  a.detail = alerts::describe(a, alerts::Wording{alerts::parse_language(ctx.config.alerts.language), TimeZone::utc()});
  auto raised = ctx.engine.run<bool>([a](inventory::Tx& tx) mutable { return alerts::store_raise(tx, a); });
  if (!raised) spdlog::error("http: the login_locked alert for {} was not stored: {}", locked, raised.status().to_string());
}

}  // namespace jxc::http
