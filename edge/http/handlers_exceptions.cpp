// Weight discrepancies, alerts and replenishment suggestions: their lists
// and a manager's decisions, through the same store functions the CLI and
// the central system's commands use.
#include "edge/alerts/alert_store.h"
#include "edge/alerts/suggestion_store.h"
#include "edge/http/handlers_inbox.h"
#include "edge/http/inbox_views.h"
#include "edge/http/params.h"
#include "edge/inventory/alert_records.h"
#include "edge/weight/weight_store.h"

namespace jxc::http {
namespace {

using inbox::failed;
using inventory::Role;
using nlohmann::json;

struct PageParams {
  std::int64_t before = 0;
  std::size_t limit = 100;
};

std::variant<PageParams, Response> page_params(const Request& req) {
  Response refused;
  auto before = integer_param(req, "before", 0, 0, INT64_MAX), limit = integer_param(req, "limit", 100, 1, 1000);
  if (failed(before, &refused) || failed(limit, &refused)) return refused;
  return PageParams{std::get<std::int64_t>(before), static_cast<std::size_t>(std::get<std::int64_t>(limit))};
}

// {"<key>": [...], "next_before": id of the last entry when the page is full}
template <typename Row>
json page_json(const char* key, const std::vector<Row>& rows, const PageParams& p, json entries) {
  json out = {{key, std::move(entries)}, {"next_before", nullptr}};
  if (!rows.empty() && rows.size() == p.limit) out["next_before"] = rows.back().id;
  return out;
}

std::variant<bool, Response> open_or_all(const Request& req) {
  Response refused;
  auto state = text_param(req, "state");
  if (failed(state, &refused)) return refused;
  const std::string& s = std::get<std::string>(state);
  if (s.empty() || s == "open") return true;
  if (s == "all") return false;
  return problem(400, "invalid_parameter", "'state' must be \"open\" or \"all\"");
}

// ---- weight discrepancies ----

Response list_discrepancies(ApiContext& ctx, Request& req) {
  Response refused;
  auto page = page_params(req);
  auto open = open_or_all(req);
  if (failed(page, &refused) || failed(open, &refused)) return refused;
  const PageParams& p = std::get<PageParams>(page);
  auto lease = ctx.queries.take();
  if (!lease) return problem_for(lease.status());
  auto rows = inventory::weight_discrepancy_page(**lease, std::get<bool>(open), p.before, p.limit);
  if (!rows) return problem_for(rows.status());
  inbox::Names names(**lease);
  json out = json::array();
  for (const auto& d : *rows) out.push_back(inbox::discrepancy_json(d, names));
  return json_response(page_json("discrepancies", *rows, p, std::move(out)));
}

Response resolve_discrepancy(ApiContext& ctx, Request& req, const Principal& who, bool accept) {
  Response refused;
  auto id = inbox::id_param(req);
  if (failed(id, &refused)) return refused;
  const std::int64_t n = std::get<std::int64_t>(id);
  const std::string by = who.actor();
  auto done = inbox::decide_with_audit<weight::Discrepancy>(
      ctx,
      [n, by, accept](inventory::Tx& tx) {
        return accept ? weight::accept_discrepancy(tx, n, by) : weight::dismiss_discrepancy(tx, n, by);
      },
      inbox::audit_of(who, req, accept ? "discrepancy.accept" : "discrepancy.dismiss",
                      "discrepancy:" + std::to_string(n)),
      [](const weight::Discrepancy& d) { return d.document.empty() ? std::string() : "posted " + d.document; });
  if (!done) return problem_for(done.status());
  auto lease = ctx.queries.take();
  if (!lease) return problem_for(lease.status());
  inbox::Names names(**lease);
  return json_response(inbox::discrepancy_json(*done, names));
}

// ---- alerts ----

Response list_alerts(ApiContext& ctx, Request& req) {
  Response refused;
  auto page = page_params(req);
  auto state = text_param(req, "state"), kind = text_param(req, "kind"), severity = text_param(req, "severity");
  if (failed(page, &refused) || failed(state, &refused) || failed(kind, &refused) || failed(severity, &refused))
    return refused;
  inventory::AlertPageFilter f;
  f.state = std::get<std::string>(state);
  f.kind = std::get<std::string>(kind);
  f.severity = std::get<std::string>(severity);
  f.before_id = std::get<PageParams>(page).before;
  f.limit = std::get<PageParams>(page).limit;
  if (!f.state.empty() && f.state != "open" && f.state != "acknowledged" && f.state != "cleared")
    return problem(400, "invalid_parameter", "'state' must be \"open\", \"acknowledged\" or \"cleared\"");
  alerts::Kind k;
  if (!f.kind.empty() && !alerts::parse_kind(f.kind, &k))
    return problem(400, "invalid_parameter", "'kind' is not an alert kind");
  alerts::Severity s;
  if (!f.severity.empty() && !alerts::parse_severity(f.severity, &s))
    return problem(400, "invalid_parameter", "'severity' must be \"info\", \"warning\" or \"critical\"");
  auto lease = ctx.queries.take();
  if (!lease) return problem_for(lease.status());
  auto rows = alerts::load_alert_page(**lease, f);
  if (!rows) return problem_for(rows.status());
  inbox::Names names(**lease);
  json out = json::array();
  for (const auto& a : *rows) out.push_back(inbox::alert_json(a, names, ctx));
  return json_response(page_json("alerts", *rows, std::get<PageParams>(page), std::move(out)));
}

Response acknowledge(ApiContext& ctx, Request& req, const Principal& who) {
  Response refused;
  auto id = inbox::id_param(req);
  if (failed(id, &refused)) return refused;
  const std::int64_t n = std::get<std::int64_t>(id);
  {
    // A cleared alert is a state conflict, not a missing one.
    auto lease = ctx.queries.take();
    if (!lease) return problem_for(lease.status());
    auto found = alerts::load_alert(**lease, n);
    if (!found) return problem_for(found.status());
    if (!*found) return problem(404, "unknown_alert", "no alert with id " + std::to_string(n), {{"key", "#" + std::to_string(n)}});
    if (!(*found)->open) return problem(409, "invalid_state", "alert " + std::to_string(n) + " is cleared");
  }
  auto done = inbox::acknowledge_alert(ctx, req, who, n);
  if (!done) return problem_for(done.status());
  auto lease = ctx.queries.take();
  if (!lease) return problem_for(lease.status());
  inbox::Names names(**lease);
  return json_response(inbox::alert_json(*done, names, ctx));
}

// ---- replenishment suggestions ----

Response list_suggestions(ApiContext& ctx, Request& req) {
  Response refused;
  auto page = page_params(req);
  auto state = text_param(req, "state");
  if (failed(page, &refused) || failed(state, &refused)) return refused;
  std::string s = std::get<std::string>(state);
  if (s.empty()) s = "open";
  if (s != "open" && s != "covered" && s != "accepted" && s != "dismissed" && s != "all")
    return problem(400, "invalid_parameter",
                   "'state' must be \"open\", \"covered\", \"accepted\", \"dismissed\" or \"all\"");
  const PageParams& p = std::get<PageParams>(page);
  auto lease = ctx.queries.take();
  if (!lease) return problem_for(lease.status());
  auto rows = inventory::suggestion_page(**lease, s == "all" ? "" : s, p.before, p.limit);
  if (!rows) return problem_for(rows.status());
  inbox::Names names(**lease);
  json out = json::array();
  for (const auto& x : *rows) out.push_back(inbox::suggestion_json(x, names));
  return json_response(page_json("suggestions", *rows, p, std::move(out)));
}

Response decide_suggestion(ApiContext& ctx, Request& req, const Principal& who, bool accept) {
  Response refused;
  auto id = inbox::id_param(req);
  if (failed(id, &refused)) return refused;
  const std::int64_t n = std::get<std::int64_t>(id);
  const std::string by = who.actor();
  auto done = inbox::decide_with_audit<alerts::Suggestion>(
      ctx,
      [n, by, accept](inventory::Tx& tx) {
        return accept ? alerts::store_accept_suggestion(tx, n, by) : alerts::store_dismiss_suggestion(tx, n, by);
      },
      inbox::audit_of(who, req, accept ? "suggestion.accept" : "suggestion.dismiss", "suggestion:" + std::to_string(n)));
  if (!done) {
    if (done.status().code() == Errc::unknown_document)
      return problem(404, "unknown_suggestion", done.status().reason());
    return problem_for(done.status());
  }
  auto lease = ctx.queries.take();
  if (!lease) return problem_for(lease.status());
  inbox::Names names(**lease);
  return json_response(inbox::suggestion_json(*done, names));
}

}  // namespace

void add_exception_routes(Router& router, ApiContext& ctx) {
  using beast_http::verb;
  auto manager = [&ctx](auto f) { return guarded(ctx, Role::manager, std::move(f)); };
  router.add(verb::get, "/api/v1/discrepancies",
             manager([&ctx](Request& req, const Principal&) { return list_discrepancies(ctx, req); }));
  router.add(verb::post, "/api/v1/discrepancies/{id}/accept", manager([&ctx](Request& req, const Principal& p) {
               return resolve_discrepancy(ctx, req, p, true);
             }));
  router.add(verb::post, "/api/v1/discrepancies/{id}/dismiss", manager([&ctx](Request& req, const Principal& p) {
               return resolve_discrepancy(ctx, req, p, false);
             }));
  router.add(verb::get, "/api/v1/alerts",
             manager([&ctx](Request& req, const Principal&) { return list_alerts(ctx, req); }));
  router.add(verb::post, "/api/v1/alerts/{id}/acknowledge",
             manager([&ctx](Request& req, const Principal& p) { return acknowledge(ctx, req, p); }));
  router.add(verb::get, "/api/v1/suggestions",
             manager([&ctx](Request& req, const Principal&) { return list_suggestions(ctx, req); }));
  router.add(verb::post, "/api/v1/suggestions/{id}/accept", manager([&ctx](Request& req, const Principal& p) {
               return decide_suggestion(ctx, req, p, true);
             }));
  router.add(verb::post, "/api/v1/suggestions/{id}/dismiss", manager([&ctx](Request& req, const Principal& p) {
               return decide_suggestion(ctx, req, p, false);
             }));
}

}  // namespace jxc::http
