// GET /api/v1/reports/devices (handlers_reports.h).
#include <algorithm>
#include <functional>
#include <tuple>

#include "edge/http/auth.h"
#include "edge/http/handler_support.h"
#include "edge/http/handlers_reports.h"
#include "edge/http/params.h"
#include "edge/http/report_download.h"
#include "edge/http/report_rows.h"
#include "edge/inventory/device_performance.h"
#include "edge/reports/device_tables.h"

namespace jxc::http {
namespace {

using nlohmann::json;

json device_share_json(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

/// Sorts `rows` by `sort` (one of `keys`, '-' first: descending; ties keep
/// the order by name); "" or the name key keeps that order. False for a key
/// not in `keys`.
template <typename Row>
bool device_sort(std::string_view sort, std::string_view name_key, std::vector<Row>* rows,
                 const std::vector<std::pair<std::string_view, std::function<double(const Row&)>>>& keys) {
  const bool desc = !sort.empty() && sort.front() == '-';
  if (desc) sort.remove_prefix(1);
  if (sort.empty() || sort == name_key) {
    if (desc) std::reverse(rows->begin(), rows->end());
    return true;
  }
  const auto k = std::find_if(keys.begin(), keys.end(), [&](const auto& p) { return p.first == sort; });
  if (k == keys.end()) return false;
  std::stable_sort(rows->begin(), rows->end(), [&](const Row& a, const Row& b) {
    const double x = k->second(a), y = k->second(b);
    return desc ? y < x : x < y;
  });
  return true;
}

std::string device_sort_choices(std::string_view name_key, const std::vector<std::string_view>& keys) {
  std::string out(name_key);
  for (const auto& k : keys) out += ", " + std::string(k);
  return "'sort' must be one of " + out + ", with '-' before it for descending";
}

Response devices_report(ApiContext& ctx, const TimeZone& zone, Request& req) {
  Response refused;
  auto period = period_params(req);
  auto kind = text_param(req, "kind"), sort = text_param(req, "sort");
  auto limit = integer_param(req, "limit", 500, 1, 5000), offset = integer_param(req, "offset", 0, 0, INT64_MAX);
  auto format = report_format(req);
  for (auto* p : {&kind, &sort})
    if (failed(*p, &refused)) return refused;
  if (failed(period, &refused) || failed(limit, &refused) || failed(offset, &refused) || failed(format, &refused))
    return refused;
  const std::string k = std::get<std::string>(kind).empty() ? "doors" : std::get<std::string>(kind);
  if (k != "doors" && k != "scanners" && k != "shelves")
    return problem(400, "invalid_parameter", "'kind' must be doors, scanners or shelves");
  const auto [first, last] = std::get<DayPeriod>(period);
  inventory::DevicePerformance report;
  {
    auto lease = ctx.queries.take();
    if (!lease) return problem_for(lease.status());
    auto r = inventory::device_performance(**lease, first, last, zone);
    if (!r) return problem_for(r.status());
    report = std::move(*r);
  }
  const std::string_view order = std::get<std::string>(sort);
  const std::string title = format_day(first) + " – " + format_day(last);
  const std::string stem = "devices-" + k + "-" + format_day(first) + "-" + format_day(last);
  const auto fmt = std::get<ReportFormat>(format);
  const auto off = std::get<std::int64_t>(offset), lim = std::get<std::int64_t>(limit);
  json head{{"from", format_day(first)}, {"to", format_day(last)}, {"days", report.days},
            {"hours", report.hours},     {"timezone", zone.name()}, {"kind", k}, {"offset", off}};

  if (k == "doors") {
    using Row = inventory::DoorPerformance;
    auto n = [](std::int64_t Row::*m) { return std::function<double(const Row&)>([m](const Row& r) { return r.*m; }); };
    const std::vector<std::pair<std::string_view, std::function<double(const Row&)>>> keys{
        {"passes", n(&Row::passes)}, {"held", n(&Row::held)}, {"no_document", n(&Row::no_document)},
        {"held_share", [](const Row& r) { return r.held_share.value_or(-1); }}};
    if (!device_sort<Row>(order, "door", &report.doors, keys))
      return problem(400, "invalid_parameter", device_sort_choices("door", {"passes", "held", "no_document", "held_share"}));
    if (fmt != ReportFormat::json) return report_download(reports::door_table(report, title, report_language(req)), fmt, stem);
    std::int64_t passes = 0, posted = 0, held = 0, none = 0;
    for (const auto& d : report.doors) passes += d.passes, posted += d.posted, held += d.held, none += d.no_document;
    head["totals"] = {{"passes", passes}, {"posted", posted}, {"held", held}, {"no_document", none},
                      {"per_hour", static_cast<double>(passes) / report.hours}};
    head["total_rows"] = report.doors.size();
    head["rows"] = page_of(report.doors, off, lim, [](const Row& d) {
      return json{{"door", d.door},
                  {"passes", d.passes},
                  {"per_hour", d.per_hour},
                  {"posted", d.posted},
                  {"held", d.held},
                  {"held_share", device_share_json(d.held_share)},
                  {"held_by_reason",
                   {{"missing", d.missing}, {"unexpected", d.unexpected}, {"ambiguous", d.ambiguous}, {"other", d.other}}},
                  {"no_document", d.no_document}};
    });
    return json_response(head);
  }
  if (k == "scanners") {
    using Row = inventory::ScannerPerformance;
    const std::vector<std::pair<std::string_view, std::function<double(const Row&)>>> keys{
        {"scans", [](const Row& r) { return static_cast<double>(r.scans); }},
        {"rejected", [](const Row& r) { return static_cast<double>(r.rejected); }},
        {"rejected_share", [](const Row& r) { return r.rejected_share.value_or(-1); }}};
    if (!device_sort<Row>(order, "scanner", &report.scanners, keys))
      return problem(400, "invalid_parameter", device_sort_choices("scanner", {"scans", "rejected", "rejected_share"}));
    if (fmt != ReportFormat::json)
      return report_download(reports::scanner_table(report, title, report_language(req)), fmt, stem);
    std::int64_t scans = 0, rejected = 0;
    for (const auto& s : report.scanners) scans += s.scans, rejected += s.rejected;
    head["totals"] = {{"scans", scans}, {"accepted", scans - rejected}, {"rejected", rejected}};
    head["total_rows"] = report.scanners.size();
    head["rows"] = page_of(report.scanners, off, lim, [](const Row& s) {
      json by = json::object();
      for (std::size_t i = 0; i < inventory::kScanRejectCount; ++i)
        by[std::string(inventory::to_string(inventory::kScanRejects[i]))] = s.by_reason[i];
      return json{{"scanner", s.scanner},   {"scans", s.scans},
                  {"accepted", s.accepted}, {"rejected", s.rejected},
                  {"rejected_share", device_share_json(s.rejected_share)}, {"rejected_by_reason", std::move(by)}};
    });
    return json_response(head);
  }
  using Row = inventory::ShelfPerformance;
  const std::vector<std::pair<std::string_view, std::function<double(const Row&)>>> keys{
      {"discrepancies", [](const Row& r) { return static_cast<double>(r.discrepancies); }},
      {"open", [](const Row& r) { return static_cast<double>(r.open); }}};
  if (!device_sort<Row>(order, "slot", &report.shelves, keys))
    return problem(400, "invalid_parameter", device_sort_choices("slot", {"discrepancies", "open"}));
  if (fmt != ReportFormat::json) return report_download(reports::shelf_table(report, title, report_language(req)), fmt, stem);
  std::int64_t found = 0, open = 0;
  for (const auto& s : report.shelves) found += s.discrepancies, open += s.open;
  head["totals"] = {{"discrepancies", found}, {"open", open}};
  head["total_rows"] = report.shelves.size();
  head["rows"] = page_of(report.shelves, off, lim, [](const Row& s) {
    return json{{"slot", s.slot},   {"sku", s.sku},   {"name", s.name},         {"bin", s.bin},
                {"discrepancies", s.discrepancies}, {"open", s.open}, {"accepted", s.accepted},
                {"dismissed", s.dismissed}};
  });
  return json_response(head);
}

}  // namespace

void add_device_report_routes(Router& router, ApiContext& ctx, const TimeZone& zone) {
  router.add(beast_http::verb::get, "/api/v1/reports/devices",
             guarded(ctx, inventory::Role::manager,
                     [&ctx, zone](Request& req, const Principal&) { return devices_report(ctx, zone, req); }));
}

}  // namespace jxc::http
