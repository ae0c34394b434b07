// GET /api/v1/reports/count-accuracy (handlers_reports.h).
#include <tuple>

#include "edge/common/clock.h"
#include "edge/http/auth.h"
#include "edge/http/handler_support.h"
#include "edge/http/handlers_reports.h"
#include "edge/http/params.h"
#include "edge/http/report_download.h"
#include "edge/http/report_rows.h"
#include "edge/inventory/count_accuracy.h"
#include "edge/reports/report_tables.h"

namespace jxc::http {
namespace {

using nlohmann::json;

json accuracy_figures(const inventory::AccuracyTally& t) {
  auto share = [](const std::optional<double>& v) { return v ? json(*v) : json(nullptr); };
  return {{"counts", t.counts},
          {"bins", t.bins},
          {"lines", t.lines},
          {"exact", t.exact},
          {"within_tolerance", t.within_tolerance},
          {"accuracy", share(t.accuracy())},
          {"tolerance_accuracy", share(t.tolerance_accuracy())},
          {"gain_value", t.gain_value},
          {"loss_value", t.loss_value},
          {"net_value", t.gain_value - t.loss_value}};
}

Response count_accuracy_report(ApiContext& ctx, const TimeZone& zone, Request& req) {
  Response refused;
  auto period = period_params(req);
  auto by = text_param(req, "by"), location = text_param(req, "location"), counter = text_param(req, "counter"),
       sort = text_param(req, "sort");
  auto limit = integer_param(req, "limit", 500, 1, 5000), offset = integer_param(req, "offset", 0, 0, INT64_MAX);
  auto format = report_format(req);
  for (auto* p : {&by, &location, &counter, &sort})
    if (failed(*p, &refused)) return refused;
  if (failed(period, &refused) || failed(limit, &refused) || failed(offset, &refused) || failed(format, &refused))
    return refused;
  inventory::AccuracyFilter f;
  std::tie(f.first, f.last) = std::get<DayPeriod>(period);
  const std::string& by_text = std::get<std::string>(by);
  if (!by_text.empty() && !inventory::parse_accuracy_by(by_text, &f.by))
    return problem(400, "invalid_parameter", "'by' must be count, month, zone or counter");
  f.location = std::get<std::string>(location);
  f.counter = std::get<std::string>(counter);
  inventory::AccuracyReport report;
  {
    auto lease = ctx.queries.take();
    if (!lease) return problem_for(lease.status());
    auto r = inventory::count_accuracy(**lease, f, zone);
    if (!r) return problem_for(r.status());
    report = std::move(*r);
  }
  using Row = inventory::AccuracyRow;
  std::string order = std::get<std::string>(sort);
  if (order == "key" || order == "-key") order.resize(order.size() - 3);  // the order they come in
  auto figure = [](auto get) {
    return [get](const Row& r) -> std::optional<double> { return get(r.tally); };
  };
  const bool sorted = order != "sku" && order != "-sku" &&
                      sort_by<Row>(order, &report.rows,
                                   {{"accuracy", figure([](const auto& t) { return t.accuracy(); })},
                                    {"tolerance_accuracy", figure([](const auto& t) { return t.tolerance_accuracy(); })},
                                    {"lines", figure([](const auto& t) { return static_cast<double>(t.lines); })},
                                    {"loss_value", figure([](const auto& t) { return static_cast<double>(t.loss_value); })},
                                    {"gain_value", figure([](const auto& t) { return static_cast<double>(t.gain_value); })},
                                    {"net_value", figure([](const auto& t) {
                                       return static_cast<double>(t.gain_value - t.loss_value);
                                     })}});
  if (!sorted)
    return problem(400, "invalid_parameter",
                   "'sort' must be key, accuracy, tolerance_accuracy, lines, loss_value, gain_value or net_value, "
                   "with '-' before it for descending");
  const std::string title = format_day(f.first) + " – " + format_day(f.last);
  if (const auto fmt = std::get<ReportFormat>(format); fmt != ReportFormat::json)
    return report_download(reports::count_accuracy_table(report, f.by, zone, title, report_language(req)), fmt,
                           "count-accuracy-" + format_day(f.first) + "-" + format_day(f.last));
  json rows = page_of(report.rows, std::get<std::int64_t>(offset), std::get<std::int64_t>(limit), [&](const Row& r) {
    json row = {{"key", r.key}, {"name", r.name}, {"figures", accuracy_figures(r.tally)}};
    if (f.by == inventory::AccuracyBy::count) {
      row["approved_at"] = format_iso8601(r.approved_at);
      row["approved_by"] = r.approved_by;
      row["counters"] = r.counters;
      row["tolerance"] = r.tolerance;
    }
    return row;
  });
  return json_response({{"from", format_day(f.first)},
                        {"to", format_day(f.last)},
                        {"by", std::string(inventory::to_string(f.by))},
                        {"timezone", zone.name()},
                        {"currency", ctx.config.site.currency},
                        {"totals", accuracy_figures(report.total)},
                        {"total_rows", report.rows.size()},
                        {"offset", std::get<std::int64_t>(offset)},
                        {"rows", std::move(rows)}});
}

}  // namespace

void add_count_report_routes(Router& router, ApiContext& ctx, const TimeZone& zone) {
  router.add(beast_http::verb::get, "/api/v1/reports/count-accuracy",
             guarded(ctx, inventory::Role::manager,
                     [&ctx, zone](Request& req, const Principal&) { return count_accuracy_report(ctx, zone, req); }));
}

}  // namespace jxc::http
