#include "edge/http/handlers_serials.h"

#include "edge/http/auth.h"
#include "edge/http/handler_support.h"
#include "edge/http/params.h"

namespace jxc::http {
namespace {

using inventory::Queries;
using nlohmann::json;

json serial_json(const inventory::SerialState& s) {
  return {{"sku", s.sku},           {"serial", s.serial}, {"lot", s.lot},
          {"location", s.location}, {"status", s.status}, {"document", s.doc_number},
          {"updated_at", format_iso8601(s.updated_at)}};
}

Response serial(ApiContext& ctx, Request& req) {
  auto lease = ctx.queries.take();
  if (!lease) return problem_for(lease.status());
  Queries& q = **lease;
  auto s = q.serial(req.params.at("sku"), req.params.at("serial"));
  if (!s) return problem_for(s.status());
  json out = serial_json(*s);
  json history = json::array();
  for (const auto& m : s->history)
    history.push_back({{"movement", m.movement_id},
                       {"document", m.doc_number},
                       {"type", inventory::to_string(m.doc_type)},
                       {"from", m.from},
                       {"to", m.to},
                       {"lot", m.lot},
                       {"occurred_at", format_iso8601(m.occurred_at)},
                       {"recorded_at", format_iso8601(m.recorded_at)}});
  out["history"] = std::move(history);
  return json_response(out);
}

bool known_status(const std::string& s) {
  for (const char* k : {"in_stock", "shipped", "returned", "scrapped", "consumed", "issued", "written_off",
                        "withdrawn", "any"})
    if (s == k) return true;
  return false;
}

Response serials(ApiContext& ctx, Request& req) {
  Response refused;
  auto location = text_param(req, "location"), status = text_param(req, "status"),
       after = text_param(req, "after", 128);
  auto limit = integer_param(req, "limit", 500, 1, 1000);
  if (failed(location, &refused) || failed(status, &refused) || failed(after, &refused) || failed(limit, &refused))
    return refused;
  inventory::SerialFilter f;
  f.sku = req.params.at("sku");
  f.location = std::get<std::string>(location);
  const std::string& st = std::get<std::string>(status);
  if (!st.empty() && !known_status(st))
    return problem(400, "invalid_parameter",
                   "'status' must be in_stock, shipped, returned, scrapped, consumed, issued, written_off, "
                   "withdrawn or any");
  // In stock unless asked otherwise: what a person looking for a unit means.
  f.status = st.empty() ? "in_stock" : st == "any" ? "" : st;
  f.after = std::get<std::string>(after);
  f.limit = static_cast<std::size_t>(std::get<std::int64_t>(limit));
  auto lease = ctx.queries.take();
  if (!lease) return problem_for(lease.status());
  auto rows = (*lease)->serials(f);
  if (!rows) return problem_for(rows.status());
  json list = json::array();
  for (const auto& s : *rows) list.push_back(serial_json(s));
  json page = {{"serials", list}, {"next_after", nullptr}};
  if (rows->size() == f.limit && !rows->empty()) page["next_after"] = rows->back().serial;
  return json_response(page);
}

}  // namespace

void add_serial_routes(Router& router, ApiContext& ctx) {
  using beast_http::verb;
  using inventory::Role;
  router.add(verb::get, "/api/v1/items/{sku}/serials",
             guarded(ctx, Role::operator_, [&ctx](Request& req, const Principal&) { return serials(ctx, req); }));
  router.add(verb::get, "/api/v1/items/{sku}/serials/{serial}",
             guarded(ctx, Role::operator_, [&ctx](Request& req, const Principal&) { return serial(ctx, req); }));
}

}  // namespace jxc::http
