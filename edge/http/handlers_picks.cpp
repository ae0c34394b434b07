#include "edge/http/handlers_picks.h"

#include <map>

#include "edge/http/auth.h"
#include "edge/http/document_json.h"
#include "edge/http/handler_support.h"
#include "edge/http/item_names.h"
#include "edge/http/problem.h"
#include "edge/inventory/pick_suggestions.h"

namespace jxc::http {
namespace {

using inventory::Queries;
using inventory::Role;
using nlohmann::json;

Response show_picks(ApiContext& ctx, Request& req) {
  auto lease = ctx.queries.take();
  if (!lease) return problem_for(lease.status());
  Queries& q = **lease;
  auto s = inventory::pick_suggestions(q, req.params.at("number"));
  if (!s) return problem_for(s.status());
  ItemNames items(q);
  std::map<std::string, std::string> location_names;
  auto location_name = [&](const std::string& code) -> const std::string& {
    auto [it, fresh] = location_names.try_emplace(code);
    if (fresh)
      if (auto l = q.location(code)) it->second = l->name;
    return it->second;
  };
  json lines = json::array();
  for (const auto& l : s->lines) {
    const inventory::Item& item = items(l.sku);
    json picks = json::array();
    for (const auto& src : l.sources)
      picks.push_back({{"location", src.location},
                       {"location_name", location_name(src.location)},
                       {"lot", src.lot},
                       {"expiry", src.expiry ? json(*src.expiry) : json(nullptr)},
                       {"on_hand", src.on_hand},
                       {"qty", src.qty}});
    json line = {{"line", l.line},     {"sku", l.sku},           {"name", item.name},
                 {"uom", item.uom},    {"lot", text_or_null(l.lot)}, {"ordered", l.ordered},
                 {"done", l.done},     {"open", l.open},         {"proposed", l.proposed},
                 {"short", l.open - l.proposed}, {"picks", picks}};
    if (item.decimals > 0) line["decimals"] = item.decimals;
    lines.push_back(std::move(line));
  }
  return json_response({{"number", s->number}, {"ref", s->ref}, {"partner", s->partner}, {"lines", lines}});
}

}  // namespace

void add_pick_routes(Router& router, ApiContext& ctx) {
  using beast_http::verb;
  router.add(verb::get, "/api/v1/orders/{number}/picks",
             guarded(ctx, Role::operator_, [&ctx](Request& req, const Principal&) { return show_picks(ctx, req); }));
}

}  // namespace jxc::http
