#include "edge/http/handlers_reports.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <tuple>

#include "edge/http/auth.h"
#include "edge/http/handler_support.h"
#include "edge/http/params.h"
#include "edge/http/report_download.h"
#include "edge/inventory/stock_reports.h"
#include "edge/reports/report_tables.h"

namespace jxc::http {
namespace {

using inventory::MovementSummaryRow;
using nlohmann::json;

std::string by_name(inventory::ValueBy by) { return std::string(inventory::to_string(by)); }

json amount_json(const inventory::Amount& a) { return {{"qty", a.qty}, {"value", a.value}}; }

json amounts_json(const inventory::KindAmounts& m) {
  json out = json::object();
  for (const auto& [kind, a] : m) out[std::string(inventory::to_string(kind))] = amount_json(a);
  return out;
}

inventory::Money total_of(const inventory::KindAmounts& m) {
  inventory::Money v = 0;
  for (const auto& [kind, a] : m) v += a.value;
  return v;
}

/// The orders a summary can be sorted in: a column, '-' first for descending.
bool sort_rows(std::string_view sort, std::vector<MovementSummaryRow>* rows) {
  const bool desc = !sort.empty() && sort.front() == '-';
  if (desc) sort.remove_prefix(1);
  std::function<inventory::Money(const MovementSummaryRow&)> key;
  if (sort.empty() || sort == "place") {  // the order they come in
    if (desc) std::reverse(rows->begin(), rows->end());
    return true;
  }
  if (sort == "sku") {
    std::stable_sort(rows->begin(), rows->end(), [desc](const auto& a, const auto& b) {
      return desc ? std::tie(b.sku, b.place) < std::tie(a.sku, a.place) : std::tie(a.sku, a.place) < std::tie(b.sku, b.place);
    });
    return true;
  }
  if (sort == "opening_value") key = [](const auto& r) { return r.opening.value; };
  else if (sort == "closing_value") key = [](const auto& r) { return r.closing.value; };
  else if (sort == "in_value") key = [](const auto& r) { return total_of(r.in); };
  else if (sort == "out_value") key = [](const auto& r) { return total_of(r.out); };
  else return false;
  std::stable_sort(rows->begin(), rows->end(),
                   [&](const auto& a, const auto& b) { return desc ? key(b) < key(a) : key(a) < key(b); });
  return true;
}

Response stock_movements(ApiContext& ctx, const TimeZone& zone, Request& req) {
  Response refused;
  auto period = period_params(req);
  auto by = text_param(req, "by"), sku = text_param(req, "sku"), location = text_param(req, "location"),
       sort = text_param(req, "sort");
  auto limit = integer_param(req, "limit", 500, 1, 5000), offset = integer_param(req, "offset", 0, 0, INT64_MAX);
  auto format = report_format(req);
  for (auto* p : {&by, &sku, &location, &sort})
    if (failed(*p, &refused)) return refused;
  if (failed(period, &refused) || failed(limit, &refused) || failed(offset, &refused) || failed(format, &refused)) return refused;
  inventory::MovementSummaryFilter f;
  const std::string& by_text = std::get<std::string>(by);
  if (!by_text.empty() && !inventory::parse_value_by(by_text, &f.by))
    return problem(400, "invalid_parameter", "'by' must be item, location, warehouse or category");
  std::tie(f.first, f.last) = std::get<DayPeriod>(period);
  f.sku = std::get<std::string>(sku);
  f.location = std::get<std::string>(location);
  std::vector<MovementSummaryRow> rows;
  {
    auto lease = ctx.queries.take();
    if (!lease) return problem_for(lease.status());
    auto r = inventory::movement_summary(**lease, f, zone);
    if (!r) return problem_for(r.status());
    rows = std::move(*r);
  }
  if (!sort_rows(std::get<std::string>(sort), &rows))
    return problem(400, "invalid_parameter",
                   "'sort' must be place, sku, opening_value, in_value, out_value or closing_value, "
                   "with '-' before it for descending");
  // A file holds every row (the listing's pages are for screens).
  if (const auto fmt = std::get<ReportFormat>(format); fmt != ReportFormat::json) {
    const std::string title = format_day(f.first) + " – " + format_day(f.last);
    return report_download(reports::movement_summary_table(rows, f.by, title, report_language(req)), fmt,
                           "stock-movements-" + format_day(f.first) + "-" + format_day(f.last));
  }
  inventory::Money opening = 0, in = 0, out = 0, closing = 0;
  std::map<inventory::DocType, inventory::Money> in_of_kind, out_of_kind;
  for (const auto& r : rows) {
    opening += r.opening.value;
    closing += r.closing.value;
    for (const auto& [k, a] : r.in) {
      in += a.value;
      in_of_kind[k] += a.value;
    }
    for (const auto& [k, a] : r.out) {
      out += a.value;
      out_of_kind[k] += a.value;
    }
  }
  std::map<std::string, inventory::Money> in_by_kind, out_by_kind;
  std::set<std::string> kinds;
  for (const auto& [k, v] : in_of_kind) kinds.insert(in_by_kind.emplace(inventory::to_string(k), v).first->first);
  for (const auto& [k, v] : out_of_kind) kinds.insert(out_by_kind.emplace(inventory::to_string(k), v).first->first);
  json page = json::array();
  const auto skip = static_cast<std::size_t>(std::min<std::int64_t>(std::get<std::int64_t>(offset),
                                                                    static_cast<std::int64_t>(rows.size())));
  const auto end = std::min(rows.size(), skip + static_cast<std::size_t>(std::get<std::int64_t>(limit)));
  for (std::size_t i = skip; i < end; ++i) {
    const auto& r = rows[i];
    page.push_back({{"place", r.place},
                    {"sku", r.sku},
                    {"name", r.name},
                    {"uom", r.uom},
                    {"decimals", r.decimals},
                    {"opening", amount_json(r.opening)},
                    {"in", amounts_json(r.in)},
                    {"out", amounts_json(r.out)},
                    {"closing", amount_json(r.closing)}});
  }
  return json_response({{"from", format_day(f.first)},
                        {"to", format_day(f.last)},
                        {"by", by_name(f.by)},
                        {"timezone", zone.name()},
                        {"currency", ctx.config.site.currency},
                        {"kinds", kinds},
                        {"totals", {{"opening_value", opening}, {"in_value", in}, {"out_value", out},
                                    {"closing_value", closing}, {"in_by_kind", in_by_kind},
                                    {"out_by_kind", out_by_kind}}},
                        {"total_rows", rows.size()},
                        {"offset", std::get<std::int64_t>(offset)},
                        {"rows", std::move(page)}});
}

}  // namespace

void add_report_routes(Router& router, ApiContext& ctx) {
  using beast_http::verb;
  // The zone needs a restart to change, so it is looked up once.
  const TimeZone zone = ctx.config.time_zone();
  router.add(verb::get, "/api/v1/reports/stock-movements",
             guarded(ctx, inventory::Role::manager,
                     [&ctx, zone](Request& req, const Principal&) { return stock_movements(ctx, zone, req); }));
  add_analysis_routes(router, ctx, zone);
  add_count_report_routes(router, ctx, zone);
  add_device_report_routes(router, ctx, zone);
}

}  // namespace jxc::http
