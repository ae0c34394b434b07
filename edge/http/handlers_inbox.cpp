#include "edge/http/handlers_inbox.h"

#include <algorithm>

#include "edge/alerts/alert_store.h"
#include "edge/http/document_body.h"
#include "edge/http/inbox_views.h"
#include "edge/http/json_body.h"
#include "edge/http/params.h"
#include "edge/inventory/alert_records.h"

namespace jxc::http {
namespace {

using inbox::failed;
using inventory::Role;
using nlohmann::json;


Response list_inbox(ApiContext& ctx, Request& req) {
  Response refused;
  auto limit = integer_param(req, "limit", 200, 1, 1000);
  if (failed(limit, &refused)) return refused;
  const auto n = static_cast<std::size_t>(std::get<std::int64_t>(limit));
  auto lease = ctx.queries.take();
  if (!lease) return problem_for(lease.status());
  inventory::Queries& q = **lease;
  inbox::Names names(q);

  auto held = inventory::held_documents(q, n);
  auto held_n = inventory::held_document_count(q);
  auto discrepancies = inventory::weight_discrepancy_page(q, true, 0, n);
  auto discrepancies_n = inventory::open_weight_discrepancy_count(q);
  inventory::AlertPageFilter open_alerts;
  open_alerts.state = "open";
  open_alerts.limit = n;
  auto alert_list = alerts::load_alert_page(q, open_alerts);
  auto alerts_n = inventory::alert_count(q, open_alerts);
  auto suggestions = inventory::suggestion_page(q, "open", 0, n);
  auto suggestions_n = inventory::open_suggestion_count(q);
  for (const Status& s : {held.status(), held_n.status(), discrepancies.status(), discrepancies_n.status(),
                          alert_list.status(), alerts_n.status(), suggestions.status(), suggestions_n.status()})
    if (!s) return problem_for(s);

  // (time, entry), newest first across the kinds.
  std::vector<std::pair<std::string, json>> entries;
  for (const auto& d : *held) entries.emplace_back(format_iso8601(d.created_at), inbox::held_json(d, names, ctx.config));
  for (const auto& d : *discrepancies) {
    json full = inbox::discrepancy_json(d, names);
    entries.emplace_back(full["detected_at"], json{{"kind", "weight_discrepancy"},
                                                   {"id", std::to_string(d.id)},
                                                   {"sku", d.sku},
                                                   {"name", full["name"]},
                                                   {"at", full["detected_at"]},
                                                   {"summary", full["summary"]}});
  }
  for (const auto& a : *alert_list) {
    json full = inbox::alert_json(a, names, ctx);
    entries.emplace_back(full["raised_at"], json{{"kind", "alert"},
                                                 {"id", std::to_string(a.id)},
                                                 {"sku", full["sku"]},
                                                 {"name", full["name"]},
                                                 {"at", full["raised_at"]},
                                                 {"summary", full["message"]}});
  }
  for (const auto& s : *suggestions) {
    json full = inbox::suggestion_json(s, names);
    entries.emplace_back(full["created_at"], json{{"kind", "suggestion"},
                                                  {"id", std::to_string(s.id)},
                                                  {"sku", s.item},
                                                  {"name", full["name"]},
                                                  {"at", full["created_at"]},
                                                  {"summary", full["summary"]}});
  }
  // ISO 8601 in UTC with milliseconds sorts as text.
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  json items = json::array();
  for (std::size_t i = 0; i < entries.size() && i < n; ++i) items.push_back(std::move(entries[i].second));
  return json_response({{"entries", items},
                        {"counts",
                         {{"held_document", *held_n},
                          {"weight_discrepancy", *discrepancies_n},
                          {"alert", *alerts_n},
                          {"suggestion", *suggestions_n}}}});
}

// {"lines": [...]}: each line as POST /api/v1/documents reads a line of a
// document of the held one's type (units, unit cost, inspection...).
std::variant<std::vector<inventory::DocLine>, Response> lines_body(ApiContext& ctx, const Request& req) {
  Response refused;
  auto body = json_object_body(req);
  if (failed(body, &refused)) return refused;
  auto lease = ctx.queries.take();
  if (!lease) return problem_for(lease.status());
  auto held = (*lease)->document(req.params.at("number"));
  if (!held) return problem_for(held.status());
  return read_lines_body(std::get<json>(body), held->head.type);
}

using DocDecision = std::function<Result<inventory::DocumentResult>(inventory::Tx&)>;

Response decide_document(ApiContext& ctx, Request& req, const Principal& who, const char* action,
                         DocDecision decide, std::string detail = {}) {
  auto audit = inbox::audit_of(who, req, action, "document:" + req.params.at("number"));
  audit.detail = std::move(detail);
  auto done = inbox::decide_with_audit<inventory::DocumentResult>(ctx, std::move(decide), std::move(audit));
  if (!done) return problem_for(done.status());
  return json_response(inbox::document_result_json(*done));
}

Response edit_lines(ApiContext& ctx, Request& req, const Principal& who) {
  Response refused;
  auto lines = lines_body(ctx, req);
  if (failed(lines, &refused)) return refused;
  auto l = std::get<std::vector<inventory::DocLine>>(std::move(lines));
  const std::string number = req.params.at("number"), by = who.actor();
  const std::string detail = std::to_string(l.size()) + " lines";
  return decide_document(
      ctx, req, who, "document.lines",
      [number, by, l](inventory::Tx& tx) { return inventory::replace_held_lines(tx, number, l, by); }, detail);
}

Response release(ApiContext& ctx, Request& req, const Principal& who) {
  const std::string number = req.params.at("number"), by = who.actor();
  const bool four_eyes = ctx.config.site.four_eyes;
  return decide_document(ctx, req, who, "document.release", [number, by, four_eyes](inventory::Tx& tx) {
    return inventory::release_held_document(tx, number, by, four_eyes);
  });
}

Response cancel(ApiContext& ctx, Request& req, const Principal& who) {
  const std::string number = req.params.at("number");
  return decide_document(ctx, req, who, "document.cancel",
                         [number](inventory::Tx& tx) { return inventory::cancel_held_document(tx, number); });
}

}  // namespace

void add_inbox_routes(Router& router, ApiContext& ctx) {
  using beast_http::verb;
  router.add(verb::get, "/api/v1/inbox",
             guarded(ctx, Role::manager, [&ctx](Request& req, const Principal&) { return list_inbox(ctx, req); }));
  router.add(verb::put, "/api/v1/inbox/documents/{number}/lines",
             guarded(ctx, Role::manager, [&ctx](Request& req, const Principal& p) { return edit_lines(ctx, req, p); }));
  router.add(verb::post, "/api/v1/inbox/documents/{number}/release",
             guarded(ctx, Role::manager, [&ctx](Request& req, const Principal& p) { return release(ctx, req, p); }));
  router.add(verb::post, "/api/v1/inbox/documents/{number}/cancel",
             guarded(ctx, Role::manager, [&ctx](Request& req, const Principal& p) { return cancel(ctx, req, p); }));
  add_exception_routes(router, ctx);
}

}  // namespace jxc::http
