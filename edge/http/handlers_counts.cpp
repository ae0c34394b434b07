#include "edge/http/handlers_counts.h"

#include "edge/http/auth.h"
#include "edge/http/count_views.h"
#include "edge/http/handler_support.h"
#include "edge/http/json_body.h"
#include "edge/http/params.h"
#include "edge/inventory/audit_records.h"
#include "edge/inventory/count_workflow.h"
#include "edge/inventory/stock_count.h"
#include "edge/scan/item_scan.h"

namespace jxc::http {
namespace {

using inventory::Role;
using nlohmann::json;

constexpr std::size_t kMaxScope = 200;  // locations or items named when opening a count
constexpr std::size_t kMaxSerials = 10000;  // units of one item found in one bin, by serial

inventory::AuditEntry audit(const Principal& who, const Request& req, std::string action, const std::string& number,
                            std::string detail) {
  return {0, 0, who.actor(), std::move(action), "count:" + number, std::move(detail), req.peer};
}

/// An optional member that must be an array of non-empty strings.
std::variant<std::vector<std::string>, Response> string_list(const json& body, const std::string& name,
                                                             std::size_t most = kMaxScope) {
  std::vector<std::string> out;
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return out;
  if (!it->is_array() || it->size() > most)
    return problem(400, "invalid_field", "'" + name + "' must be an array of at most " +
                                             std::to_string(most) + " strings");
  for (const auto& v : *it) {
    if (!v.is_string() || v.get<std::string>().empty() || v.get<std::string>().size() > 128)
      return problem(400, "invalid_field", "'" + name + "' must hold codes of 1 to 128 bytes");
    out.push_back(v.get<std::string>());
  }
  return out;
}

/// An optional boolean member.
std::variant<bool, Response> bool_member(const json& body, const std::string& name, bool fallback) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return fallback;
  if (!it->is_boolean()) return problem(400, "invalid_field", "'" + name + "' must be true or false");
  return it->get<bool>();
}

/// A body that may be absent (no content at all) or a JSON object.
std::variant<json, Response> optional_object_body(const Request& req) {
  if (req.raw.body().empty()) return json::object();
  return json_object_body(req);
}

/// The count's summary (and report) as the caller may see it.
Response show(ApiContext& ctx, const std::string& number, const Principal& who, bool with_report,
              unsigned status = 200) {
  auto lease = ctx.queries.take();
  if (!lease) return problem_for(lease.status());
  inventory::Queries& q = **lease;
  auto s = inventory::count_summary(q, number);
  if (!s) return problem_for(s.status());
  if (!with_report) return json_response(count_summary_json(*s, q), status);
  auto rep = q.count_report(number);
  if (!rep) return problem_for(rep.status());
  bool show_book = !s->blind || who.role >= Role::manager || s->phase == inventory::CountPhase::approved;
  return json_response(count_report_json(*s, *rep, show_book, q), status);
}

Response list(ApiContext& ctx, Request& req) {
  Response refused;
  auto state = text_param(req, "state", 32);
  auto before = integer_param(req, "before", 0, 0, INT64_MAX), limit = integer_param(req, "limit", 50, 1, 200);
  if (failed(state, &refused) || failed(before, &refused) || failed(limit, &refused)) return refused;
  inventory::CountFilter f;
  if (const auto& s = std::get<std::string>(state); !s.empty()) {
    inventory::CountPhase p;
    if (!inventory::parse_count_phase(s, &p))
      return problem(400, "invalid_parameter", "'state' must be counting, submitted, approved or cancelled");
    f.phase = p;
  }
  f.before_id = std::get<std::int64_t>(before);
  f.limit = static_cast<std::size_t>(std::get<std::int64_t>(limit));
  auto lease = ctx.queries.take();
  if (!lease) return problem_for(lease.status());
  auto rows = inventory::count_summaries(**lease, f);
  if (!rows) return problem_for(rows.status());
  json counts = json::array();
  for (const auto& s : *rows) counts.push_back(count_summary_json(s, **lease));
  json page = {{"counts", counts}, {"next_before", nullptr}};
  if (rows->size() == f.limit && !rows->empty()) page["next_before"] = rows->back().id;
  return json_response(page);
}

Response open(ApiContext& ctx, Request& req, const Principal& who) {
  Response refused;
  auto body = json_object_body(req);
  if (failed(body, &refused)) return refused;
  const json& b = std::get<json>(body);
  auto locations = string_list(b, "locations"), items = string_list(b, "items");
  auto blind = bool_member(b, "blind", false);
  if (failed(locations, &refused) || failed(items, &refused) || failed(blind, &refused)) return refused;
  inventory::CountOpen o;
  o.locations = std::get<std::vector<std::string>>(locations);
  o.items = std::get<std::vector<std::string>>(items);
  o.blind = std::get<bool>(blind);
  o.opened_by = who.actor();
  if (o.locations.empty()) return problem(400, "invalid_field", "'locations' must name at least one bin, zone or warehouse");
  if (auto t = b.find("tolerance"); t != b.end() && !t->is_null()) {
    if (!t->is_number_integer() || t->get<std::int64_t>() < 0 || t->get<std::int64_t>() > 1'000'000'000)
      return problem(400, "invalid_field", "'tolerance' must be an integer from 0 to 1000000000");
    o.tolerance_qty = t->get<std::int64_t>();
  }
  std::string scope;
  for (const auto& l : o.locations) scope += (scope.empty() ? "" : " ") + l;
  std::string detail = std::string(o.blind ? "blind " : "") + "count of " + scope +
                       (o.items.empty() ? "" : " for " + std::to_string(o.items.size()) + " item(s)");
  auto opened = ctx.engine.run<std::string>([o, who_actor = who.actor(), detail, peer = req.peer](
                                                inventory::Tx& tx) -> Result<std::string> {
    JXC_ASSIGN(auto r, inventory::open_count(tx, o));
    JXC_TRY(inventory::append_audit(tx, {0, 0, who_actor, "count.open", "count:" + r.number, detail, peer}));
    return r.number;
  });
  if (!opened) return problem_for(opened.status());
  Response r = show(ctx, *opened, who, false, 201);
  r.headers.emplace_back("Location", "/api/v1/counts/" + *opened);
  return r;
}

Response add_line(ApiContext& ctx, Request& req, const Principal& who) {
  Response refused;
  auto body = json_object_body(req);
  if (failed(body, &refused)) return refused;
  const json& b = std::get<json>(body);
  auto bin = string_member(b, "bin");
  if (failed(bin, &refused)) return refused;
  inventory::CountLineEntry e;
  e.count = req.params.at("number");
  e.location = std::get<std::string>(bin);
  e.counter = who.actor();
  auto text = [&b](const char* name) -> const json* {
    auto it = b.find(name);
    return it == b.end() || it->is_null() ? nullptr : &*it;
  };
  const json *sku = text("sku"), *barcode = text("barcode"), *lot = text("lot"), *qty = text("qty");
  if ((sku == nullptr) == (barcode == nullptr))
    return problem(400, "invalid_field", "give the item as either 'sku' or 'barcode'");
  for (const json* v : {sku, barcode, lot})
    if (v && (!v->is_string() || v->get<std::string>().size() > 256))
      return problem(400, "invalid_field", "'sku', 'barcode' and 'lot' are strings of at most 256 bytes");
  if (!qty || !qty->is_number_integer() || qty->get<std::int64_t>() < 0 || qty->get<std::int64_t>() > 1'000'000'000)
    return problem(400, "invalid_field", "'qty' must be an integer from 0 to 1000000000");
  e.qty = qty->get<std::int64_t>();
  if (lot) e.lot = lot->get<std::string>();
  // A serial-tracked item's units found, one serial per unit (the engine
  // checks them against the item and qty).
  auto serials = string_list(b, "serials", kMaxSerials);
  if (failed(serials, &refused)) return refused;
  e.serials = std::get<std::vector<std::string>>(serials);
  std::string how = "sku";
  if (sku) {
    e.sku = sku->get<std::string>();
  } else {
    auto lease = ctx.queries.take();
    if (!lease) return problem_for(lease.status());
    auto scanned = scan::resolve_item(**lease, barcode->get<std::string>());
    if (!scanned) return problem_for(scanned.status());
    e.sku = scanned->item.sku;
    if (!lot) e.lot = scanned->lot;
    how = "barcode";
  }
  std::string detail = e.location + " " + e.sku + (e.lot.empty() ? "" : " lot " + e.lot) + " qty " +
                       std::to_string(e.qty) + " (" + how + ")";
  auto recorded = ctx.engine.run<inventory::CountLineResult>(
      [e, a = audit(who, req, "count.line", e.count, detail)](inventory::Tx& tx) -> Result<inventory::CountLineResult> {
        JXC_ASSIGN(auto r, inventory::record_count_line(tx, e));
        JXC_TRY(inventory::append_audit(tx, a));
        return r;
      });
  if (!recorded) return problem_for(recorded.status());
  auto lease = ctx.queries.take();
  if (!lease) return problem_for(lease.status());
  auto item = (*lease)->item(recorded->sku);
  return json_response({{"count", recorded->count},
                        {"bin", recorded->location},
                        {"round", recorded->round},
                        {"sku", recorded->sku},
                        {"name", item ? item->name : std::string()},
                        {"lot", recorded->lot},
                        {"qty", recorded->qty},
                        {"serials", e.serials},
                        {"counted_by", e.counter}},
                       201);
}

Response recount(ApiContext& ctx, Request& req, const Principal& who) {
  Response refused;
  auto body = optional_object_body(req);
  if (failed(body, &refused)) return refused;
  auto bins = string_list(std::get<json>(body), "bins");
  if (failed(bins, &refused)) return refused;
  const std::string number = req.params.at("number");
  auto asked = ctx.engine.run<std::vector<std::string>>(
      [number, bins = std::get<std::vector<std::string>>(bins), who_actor = who.actor(),
       a = audit(who, req, "count.recount", number, "")](inventory::Tx& tx) -> Result<std::vector<std::string>> {
        JXC_ASSIGN(auto chosen, inventory::request_recount(tx, number, bins, who_actor));
        inventory::AuditEntry entry = a;
        for (const auto& c : chosen) entry.detail += (entry.detail.empty() ? "" : " ") + c;
        JXC_TRY(inventory::append_audit(tx, entry));
        return chosen;
      });
  if (!asked) return problem_for(asked.status());
  return show(ctx, number, who, true);
}

/// submit, reopen and approve: one engine step and its audit entry.
Response step(ApiContext& ctx, Request& req, const Principal& who, const std::string& action) {
  Response refused;
  bool force = false;
  if (action == "count.approve") {
    auto body = optional_object_body(req);
    if (failed(body, &refused)) return refused;
    auto f = bool_member(std::get<json>(body), "force", false);
    if (failed(f, &refused)) return refused;
    force = std::get<bool>(f);
  }
  const std::string number = req.params.at("number");
  auto done = ctx.engine.run<bool>([number, action, force, who_actor = who.actor(),
                                    a = audit(who, req, action, number, force ? "force" : "")](
                                       inventory::Tx& tx) -> Result<bool> {
    if (action == "count.submit") {
      JXC_TRY(inventory::submit_count(tx, number, who_actor));
    } else if (action == "count.reopen") {
      JXC_TRY(inventory::reopen_count(tx, number, who_actor));
    } else {
      JXC_TRY(to_status(inventory::approve_submitted_count(tx, number, who_actor, force)));
    }
    JXC_TRY(inventory::append_audit(tx, a));
    return true;
  });
  if (!done) return problem_for(done.status());
  return show(ctx, number, who, true);
}

}  // namespace

void add_count_routes(Router& router, ApiContext& ctx) {
  using beast_http::verb;
  router.add(verb::get, "/api/v1/counts",
             guarded(ctx, Role::operator_, [&ctx](Request& req, const Principal&) { return list(ctx, req); }));
  router.add(verb::get, "/api/v1/counts/{number}", guarded(ctx, Role::operator_, [&ctx](Request& req, const Principal& p) {
               return show(ctx, req.params.at("number"), p, true);
             }));
  router.add(verb::post, "/api/v1/counts",
             guarded(ctx, Role::manager, [&ctx](Request& req, const Principal& p) { return open(ctx, req, p); }));
  router.add(verb::post, "/api/v1/counts/{number}/lines", guarded(ctx, Role::operator_, [&ctx](Request& req, const Principal& p) {
               return add_line(ctx, req, p);
             }));
  router.add(verb::post, "/api/v1/counts/{number}/recount", guarded(ctx, Role::manager, [&ctx](Request& req, const Principal& p) {
               return recount(ctx, req, p);
             }));
  router.add(verb::post, "/api/v1/counts/{number}/submit", guarded(ctx, Role::operator_, [&ctx](Request& req, const Principal& p) {
               return step(ctx, req, p, "count.submit");
             }));
  router.add(verb::post, "/api/v1/counts/{number}/approve", guarded(ctx, Role::manager, [&ctx](Request& req, const Principal& p) {
               return step(ctx, req, p, "count.approve");
             }));
  router.add(verb::post, "/api/v1/counts/{number}/reopen", guarded(ctx, Role::manager, [&ctx](Request& req, const Principal& p) {
               return step(ctx, req, p, "count.reopen");
             }));
}

}  // namespace jxc::http
