// GET /api/v1/reports/turnover, /ageing and /abc (handlers_reports.h).
#include <algorithm>
#include <charconv>
#include <functional>
#include <tuple>

#include "edge/http/auth.h"
#include "edge/http/handler_support.h"
#include "edge/http/handlers_reports.h"
#include "edge/http/params.h"
#include "edge/http/report_download.h"
#include "edge/http/report_page.h"
#include "edge/inventory/abc_xyz.h"
#include "edge/inventory/stock_ageing.h"
#include "edge/inventory/turnover.h"
#include "edge/reports/report_tables.h"

namespace jxc::http {
namespace {

using nlohmann::json;

json amount_of(const inventory::Amount& a) { return {{"qty", a.qty}, {"value", a.value}}; }
json optional_json(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }
json day_json(const std::optional<DayNumber>& d) { return d ? json(format_day(*d)) : json(nullptr); }

/// Sorts by `key` ('-' first: descending); rows without a value (nullopt)
/// go last either way, then by SKU. False for a key not in `keys`.
template <typename Row>
bool sort_by(std::string_view sort, std::vector<Row>* rows,
             const std::vector<std::pair<std::string_view, std::function<std::optional<double>(const Row&)>>>& keys) {
  const bool desc = !sort.empty() && sort.front() == '-';
  if (desc) sort.remove_prefix(1);
  if (sort.empty() || sort == "sku") {  // the order they come in
    if (desc) std::reverse(rows->begin(), rows->end());
    return true;
  }
  const auto k = std::find_if(keys.begin(), keys.end(), [&](const auto& p) { return p.first == sort; });
  if (k == keys.end()) return false;
  std::stable_sort(rows->begin(), rows->end(), [&](const Row& a, const Row& b) {
    const auto x = k->second(a), y = k->second(b);
    if (x.has_value() != y.has_value()) return x.has_value();
    if (!x || *x == *y) return false;
    return desc ? *y < *x : *x < *y;
  });
  return true;
}

Response turnover_report(ApiContext& ctx, const TimeZone& zone, Request& req) {
  Response refused;
  auto period = period_params(req);
  auto sku = text_param(req, "sku"), location = text_param(req, "location"), sort = text_param(req, "sort");
  auto limit = integer_param(req, "limit", 500, 1, 5000), offset = integer_param(req, "offset", 0, 0, INT64_MAX);
  auto demand_days = integer_param(req, "demand_days", ctx.config.alerts.history_days, 1, 3660);
  auto format = report_format(req);
  for (auto* p : {&sku, &location, &sort})
    if (failed(*p, &refused)) return refused;
  if (failed(period, &refused) || failed(limit, &refused) || failed(offset, &refused) || failed(demand_days, &refused) ||
      failed(format, &refused))
    return refused;
  inventory::TurnoverFilter f;
  std::tie(f.first, f.last) = std::get<DayPeriod>(period);
  f.sku = std::get<std::string>(sku);
  f.location = std::get<std::string>(location);
  f.demand_days = static_cast<int>(std::get<std::int64_t>(demand_days));
  inventory::TurnoverReport report;
  {
    auto lease = ctx.queries.take();
    if (!lease) return problem_for(lease.status());
    auto r = inventory::turnover(**lease, f, zone);
    if (!r) return problem_for(r.status());
    report = std::move(*r);
  }
  using Row = inventory::TurnoverRow;
  const bool sorted = sort_by<Row>(
      std::get<std::string>(sort), &report.rows,
      {{"turnover", [](const Row& r) { return r.turnover; }},
       {"turnover_days", [](const Row& r) { return r.turnover_days; }},
       {"days_of_cover", [](const Row& r) { return r.days_of_cover; }},
       {"closing_value", [](const Row& r) { return std::optional<double>(static_cast<double>(r.closing.value)); }},
       {"average_value", [](const Row& r) { return std::optional<double>(static_cast<double>(r.average_value)); }},
       {"issued_value", [](const Row& r) { return std::optional<double>(static_cast<double>(r.issued.value)); }}});
  if (!sorted)
    return problem(400, "invalid_parameter",
                   "'sort' must be sku, turnover, turnover_days, days_of_cover, closing_value, average_value or "
                   "issued_value, with '-' before it for descending");
  const std::string title = format_day(f.first) + " – " + format_day(f.last);
  if (const auto fmt = std::get<ReportFormat>(format); fmt != ReportFormat::json)
    return report_download(reports::turnover_table(report, f.demand_days, title, report_language(req)), fmt,
                           "turnover-" + format_day(f.first) + "-" + format_day(f.last));
  const int window = f.demand_days;
  json rows = page_of(report.rows, std::get<std::int64_t>(offset), std::get<std::int64_t>(limit), [&](const Row& r) {
    return json{{"sku", r.sku},
                {"name", r.name},
                {"uom", r.uom},
                {"decimals", r.decimals},
                {"opening", amount_of(r.opening)},
                {"closing", amount_of(r.closing)},
                {"average_value", r.average_value},
                {"issued", amount_of(r.issued)},
                {"demand_qty", r.demand_qty},
                {"demand_per_day", static_cast<double>(r.demand_qty) / window},
                {"turnover", optional_json(r.turnover)},
                {"turnover_days", optional_json(r.turnover_days)},
                {"days_of_cover", optional_json(r.days_of_cover)}};
  });
  return json_response({{"from", format_day(f.first)},
                        {"to", format_day(f.last)},
                        {"days", report.days},
                        {"demand_days", window},
                        {"timezone", zone.name()},
                        {"currency", ctx.config.site.currency},
                        {"totals", {{"opening_value", report.opening_value}, {"closing_value", report.closing_value},
                                    {"average_value", report.average_value}, {"issued_value", report.issued_value},
                                    {"turnover", optional_json(report.turnover)},
                                    {"turnover_days", optional_json(report.turnover_days)}}},
                        {"total_rows", report.rows.size()},
                        {"offset", std::get<std::int64_t>(offset)},
                        {"rows", std::move(rows)}});
}

/// "30,60,90": 1 to 12 whole days above 0, each above the one before.
bool parse_bounds(std::string_view text, std::vector<int>* out) {
  out->clear();
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string_view part = text.substr(0, comma);
    int v = 0;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
    if (ec != std::errc() || end != part.data() + part.size() || v < 1 || (!out->empty() && v <= out->back()) ||
        out->size() == 12)
      return false;
    out->push_back(v);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
    if (text.empty()) return false;
  }
  return !out->empty();
}

Response ageing_report(ApiContext& ctx, const TimeZone& zone, Request& req) {
  Response refused;
  auto as_of = text_param(req, "as_of"), sku = text_param(req, "sku"), buckets = text_param(req, "buckets"),
       idle = text_param(req, "idle"), sort = text_param(req, "sort");
  auto limit = integer_param(req, "limit", 500, 1, 5000), offset = integer_param(req, "offset", 0, 0, INT64_MAX);
  auto idle_days = integer_param(req, "idle_days", ctx.config.alerts.slow_moving_days, 1, 3660);
  auto format = report_format(req);
  for (auto* p : {&as_of, &sku, &buckets, &idle, &sort})
    if (failed(*p, &refused)) return refused;
  if (failed(limit, &refused) || failed(offset, &refused) || failed(idle_days, &refused) || failed(format, &refused))
    return refused;
  inventory::AgeingFilter f;
  if (const auto& text = std::get<std::string>(as_of); !text.empty()) {
    auto d = parse_day(text, "as_of");
    if (!d) return problem(400, "invalid_parameter", d.status().reason());
    f.day = *d;
  } else {
    f.day = local_day(ctx.clock.now_ms(), zone);
  }
  if (const auto& text = std::get<std::string>(buckets); !text.empty() && !parse_bounds(text, &f.bounds))
    return problem(400, "invalid_parameter", "'buckets' must be 1 to 12 rising whole days above 0, separated by commas, e.g. 30,60,90");
  const std::string& idle_text = std::get<std::string>(idle);
  if (!idle_text.empty() && idle_text != "true" && idle_text != "false")
    return problem(400, "invalid_parameter", "'idle' must be true or false");
  f.sku = std::get<std::string>(sku);
  f.idle_days = static_cast<int>(std::get<std::int64_t>(idle_days));
  std::vector<inventory::AgeingRow> rows;
  {
    auto lease = ctx.queries.take();
    if (!lease) return problem_for(lease.status());
    auto r = inventory::stock_ageing(**lease, f, zone);
    if (!r) return problem_for(r.status());
    rows = std::move(*r);
  }
  if (idle_text == "true") std::erase_if(rows, [](const auto& r) { return !r.idle; });
  if (idle_text == "false") std::erase_if(rows, [](const auto& r) { return r.idle; });
  using Row = inventory::AgeingRow;
  auto day_key = [](const std::optional<DayNumber>& d) {
    return d ? std::optional<double>(*d) : std::optional<double>();
  };
  const bool sorted =
      sort_by<Row>(std::get<std::string>(sort), &rows,
                   {{"value", [](const Row& r) { return std::optional<double>(static_cast<double>(r.on_hand.value)); }},
                    {"oldest_arrival", [&](const Row& r) { return day_key(r.oldest_arrival); }},
                    {"last_issue", [&](const Row& r) { return day_key(r.last_issue); }}});
  if (!sorted)
    return problem(400, "invalid_parameter",
                   "'sort' must be sku, value, oldest_arrival or last_issue, with '-' before it for descending");
  if (const auto fmt = std::get<ReportFormat>(format); fmt != ReportFormat::json)
    return report_download(reports::ageing_table(rows, f.bounds, format_day(f.day), report_language(req)), fmt,
                           "ageing-" + format_day(f.day));
  json bucket_list = json::array();
  for (std::size_t i = 0; i <= f.bounds.size(); ++i)
    bucket_list.push_back({{"name", reports::bucket_name(f.bounds, i)},
                           {"from", i == 0 ? 0 : f.bounds[i - 1] + 1},
                           {"to", i < f.bounds.size() ? json(f.bounds[i]) : json(nullptr)}});
  inventory::Money value = 0, idle_value = 0;
  std::vector<inventory::Money> bucket_values(f.bounds.size() + 1, 0);
  std::int64_t idle_items = 0;
  for (const auto& r : rows) {
    value += r.on_hand.value;
    for (std::size_t i = 0; i < r.buckets.size(); ++i) bucket_values[i] += r.buckets[i].value;
    if (r.idle) {
      ++idle_items;
      idle_value += r.on_hand.value;
    }
  }
  json page = page_of(rows, std::get<std::int64_t>(offset), std::get<std::int64_t>(limit), [](const Row& r) {
    json b = json::array();
    for (const auto& a : r.buckets) b.push_back(amount_of(a));
    return json{{"sku", r.sku},
                {"name", r.name},
                {"uom", r.uom},
                {"decimals", r.decimals},
                {"on_hand", amount_of(r.on_hand)},
                {"buckets", std::move(b)},
                {"oldest_arrival", day_json(r.oldest_arrival)},
                {"last_issue", day_json(r.last_issue)},
                {"idle", r.idle}};
  });
  return json_response({{"as_of", format_day(f.day)},
                        {"timezone", zone.name()},
                        {"currency", ctx.config.site.currency},
                        {"idle_days", f.idle_days},
                        {"buckets", std::move(bucket_list)},
                        {"totals", {{"value", value}, {"bucket_values", bucket_values}, {"idle_items", idle_items},
                                    {"idle_value", idle_value}}},
                        {"total_rows", rows.size()},
                        {"offset", std::get<std::int64_t>(offset)},
                        {"rows", std::move(page)}});
}

Response abc_report(ApiContext& ctx, const TimeZone& zone, Request& req) {
  Response refused;
  auto period = period_params(req);
  auto sku = text_param(req, "sku"), location = text_param(req, "location"), klass = text_param(req, "class"),
       sort = text_param(req, "sort");
  auto limit = integer_param(req, "limit", 500, 1, 5000), offset = integer_param(req, "offset", 0, 0, INT64_MAX);
  auto format = report_format(req);
  for (auto* p : {&sku, &location, &klass, &sort})
    if (failed(*p, &refused)) return refused;
  if (failed(period, &refused) || failed(limit, &refused) || failed(offset, &refused) || failed(format, &refused))
    return refused;
  const auto [first, last] = std::get<DayPeriod>(period);
  if (last - first + 1 < 14) return problem(400, "invalid_parameter", "the period must be two weeks or more");
  // A class: one letter of ABC, one of XYZ, or both ("AX").
  const std::string& only = std::get<std::string>(klass);
  const bool class_ok = only.empty() || (only.size() == 1 && std::string_view("ABCXYZ").find(only[0]) != std::string_view::npos) ||
                        (only.size() == 2 && std::string_view("ABC").find(only[0]) != std::string_view::npos &&
                         std::string_view("XYZ").find(only[1]) != std::string_view::npos);
  if (!class_ok) return problem(400, "invalid_parameter", "'class' must be A, B, C, X, Y, Z or two of them as AX");
  inventory::AbcFilter f;
  f.first = first;
  f.last = last;
  f.sku = std::get<std::string>(sku);
  f.location = std::get<std::string>(location);
  inventory::AbcReport report;
  {
    auto lease = ctx.queries.take();
    if (!lease) return problem_for(lease.status());
    auto r = inventory::abc_xyz(**lease, f, zone);
    if (!r) return problem_for(r.status());
    report = std::move(*r);
  }
  // Totals over every row: items and value per ABC class, items per pair.
  json classes = json::object(), pairs = json::object();
  for (const char a : std::string_view("ABC")) {
    classes[std::string(1, a)] = {{"items", 0}, {"value", 0}};
    for (const char x : std::string_view("XYZ")) pairs[std::string{a, x}] = 0;
  }
  for (const auto& r : report.rows) {
    auto& c = classes[std::string(1, r.abc)];
    c["items"] = c["items"].get<std::int64_t>() + 1;
    c["value"] = c["value"].get<std::int64_t>() + r.issued.value;
    auto& p = pairs[std::string{r.abc, r.xyz}];
    p = p.get<std::int64_t>() + 1;
  }
  if (!only.empty())
    std::erase_if(report.rows, [&](const inventory::AbcRow& r) {
      return only.size() == 2 ? (r.abc != only[0] || r.xyz != only[1]) : (r.abc != only[0] && r.xyz != only[0]);
    });
  using Row = inventory::AbcRow;
  std::string_view order = std::get<std::string>(sort);
  if (order.empty() || order == "-issued_value") {
    // the order they come in: largest issued value first
  } else if (order == "issued_value") {
    std::reverse(report.rows.begin(), report.rows.end());
  } else if (order == "sku" || order == "-sku") {
    std::stable_sort(report.rows.begin(), report.rows.end(), [](const Row& a, const Row& b) { return a.sku < b.sku; });
    if (order == "-sku") std::reverse(report.rows.begin(), report.rows.end());
  } else if (order == "cv" || order == "-cv") {
    const bool desc = order == "-cv";
    std::stable_sort(report.rows.begin(), report.rows.end(), [desc](const Row& a, const Row& b) {
      if (a.cv.has_value() != b.cv.has_value()) return a.cv.has_value();
      if (!a.cv || *a.cv == *b.cv) return false;
      return desc ? *b.cv < *a.cv : *a.cv < *b.cv;
    });
  } else {
    return problem(400, "invalid_parameter", "'sort' must be issued_value, sku or cv, with '-' before it for descending");
  }
  const std::string title = format_day(f.first) + " – " + format_day(f.last);
  if (const auto fmt = std::get<ReportFormat>(format); fmt != ReportFormat::json)
    return report_download(reports::abc_table(report, title, report_language(req)), fmt,
                           "abc-xyz-" + format_day(f.first) + "-" + format_day(f.last));
  json rows = page_of(report.rows, std::get<std::int64_t>(offset), std::get<std::int64_t>(limit), [](const Row& r) {
    return json{{"sku", r.sku},
                {"name", r.name},
                {"uom", r.uom},
                {"decimals", r.decimals},
                {"issued", amount_of(r.issued)},
                {"share", r.share},
                {"cumulative", r.cumulative},
                {"abc", std::string(1, r.abc)},
                {"weeks", r.weeks},
                {"cv", optional_json(r.cv)},
                {"xyz", std::string(1, r.xyz)},
                {"class", std::string{r.abc, r.xyz}}};
  });
  return json_response({{"from", format_day(f.first)},
                        {"to", format_day(f.last)},
                        {"weeks", report.weeks},
                        {"timezone", zone.name()},
                        {"currency", ctx.config.site.currency},
                        {"limits", {{"a_share", f.a_share}, {"b_share", f.b_share}, {"x_cv", f.x_cv}, {"y_cv", f.y_cv}}},
                        {"totals", {{"issued_value", report.issued_value}, {"classes", classes}, {"pairs", pairs}}},
                        {"total_rows", report.rows.size()},
                        {"offset", std::get<std::int64_t>(offset)},
                        {"rows", std::move(rows)}});
}

}  // namespace

void add_analysis_routes(Router& router, ApiContext& ctx, const TimeZone& zone) {
  using beast_http::verb;
  router.add(verb::get, "/api/v1/reports/turnover",
             guarded(ctx, inventory::Role::manager,
                     [&ctx, zone](Request& req, const Principal&) { return turnover_report(ctx, zone, req); }));
  router.add(verb::get, "/api/v1/reports/ageing",
             guarded(ctx, inventory::Role::manager,
                     [&ctx, zone](Request& req, const Principal&) { return ageing_report(ctx, zone, req); }));
  router.add(verb::get, "/api/v1/reports/abc",
             guarded(ctx, inventory::Role::manager,
                     [&ctx, zone](Request& req, const Principal&) { return abc_report(ctx, zone, req); }));
}

}  // namespace jxc::http
