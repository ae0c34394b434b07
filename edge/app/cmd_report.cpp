// Reports for managers and for the central system's people, from the read
// side of the store (never waiting for the gateway's writer):
//   report movements --from D --to D   收发存汇总 of a period
//   report value [--as-of D]           stock value, now or at a day's end
//   report turnover --from D --to D    库存周转 and days of cover
//   report ageing [--as-of D]          库龄 and 呆滞 (idle items)
//   report abc --from D --to D         ABC/XYZ classes
//   report accuracy --from D --to D    盘点准确率 per count, month, zone or counter
//   report devices --from D --to D [--kind doors|scanners|shelves]
//                                      设备表现: RFID doors, scanners, shelves
// in the site's calendar days; --csv FILE or --xlsx FILE writes the whole
// report as a file for Excel, headed in --lang (zh-CN unless en).
#include <fstream>
#include <iostream>
#include <memory>

#include "edge/app/cli_support.h"
#include "edge/app/commands.h"
#include "edge/app/output.h"
#include "edge/app/quantities.h"
#include "edge/export/csv_export.h"
#include "edge/export/xlsx_export.h"
#include "edge/inventory/abc_xyz.h"
#include "edge/inventory/count_accuracy.h"
#include "edge/inventory/device_performance.h"
#include "edge/inventory/stock_ageing.h"
#include "edge/inventory/stock_reports.h"
#include "edge/inventory/turnover.h"
#include "edge/reports/device_tables.h"
#include "edge/reports/report_tables.h"

namespace jxc::app {
namespace {

struct ReportArgs {
  StoreOptions store;
  std::string from, to, as_of, by, item, location, counter, csv, xlsx, lang = "zh-CN", kind = "doors";
  bool json = false;
  int demand_days = 28, idle_days = 30;
  std::vector<int> buckets{30, 60, 90, 180, 365};
  bool idle_only = false;
};

inventory::ValueBy value_by(const std::string& by) {
  inventory::ValueBy out = inventory::ValueBy::item;
  if (!by.empty() && !inventory::parse_value_by(by, &out))
    usage_error("--by '" + by + "': expected item, location, warehouse or category");
  return out;
}

/// Writes the table to --csv or --xlsx; false when neither was given.
bool write_file(const ReportArgs& a, const exporting::Table& t) {
  if (a.csv.empty() && a.xlsx.empty()) return false;
  if (!a.csv.empty() && !a.xlsx.empty()) usage_error("--csv and --xlsx: one file at a time");
  const std::string& path = a.csv.empty() ? a.xlsx : a.csv;
  const std::string bytes = a.csv.empty() ? take(exporting::to_xlsx(t)) : exporting::to_csv(t);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  out.close();
  if (!out) fail(error(Errc::io, "cannot write " + path));
  std::cout << "wrote " << path << ": " << t.rows.size() << " rows\n";
  return true;
}

void run_movements(const ReportArgs& a) {
  inventory::MovementSummaryFilter f;
  f.first = take(parse_day(a.from, "--from"));
  f.last = take(parse_day(a.to, "--to"));
  f.by = value_by(a.by);
  f.sku = a.item;
  f.location = a.location;
  const TimeZone zone = site_zone(a.store);
  auto q = open_queries(a.store);
  auto rows = take(inventory::movement_summary(*q, f, zone));
  const auto lang = alerts::parse_language(a.lang);
  if (write_file(a, reports::movement_summary_table(rows, f.by, a.from + " – " + a.to, lang))) return;
  if (a.json) {
    Json out = Json::array();
    for (const auto& r : rows) {
      Json in = Json::object(), outs = Json::object();
      for (const auto& [k, v] : r.in) in[std::string(inventory::to_string(k))] = {{"qty", v.qty}, {"value", v.value}};
      for (const auto& [k, v] : r.out)
        outs[std::string(inventory::to_string(k))] = {{"qty", v.qty}, {"value", v.value}};
      out.push_back({{"place", r.place}, {"sku", r.sku}, {"name", r.name}, {"decimals", r.decimals},
                     {"opening", {{"qty", r.opening.qty}, {"value", r.opening.value}}}, {"in", in}, {"out", outs},
                     {"closing", {{"qty", r.closing.qty}, {"value", r.closing.value}}}});
    }
    print_json(std::cout, out);
    return;
  }
  std::vector<std::string> heads = {"SKU", "NAME", "UNIT", "OPENING", "IN", "OUT", "CLOSING", "CLOSING VALUE"};
  if (f.by != inventory::ValueBy::item)
    heads.insert(heads.begin(), place_heading(f.by));
  Table t(heads);
  const std::size_t first = f.by == inventory::ValueBy::item ? 0 : 1;
  for (std::size_t c = 3; c <= 7; ++c) t.right(first + c);
  ItemQuantities units(*q);
  inventory::Money closing = 0;
  for (const auto& r : rows) {
    inventory::Qty in = 0, out = 0;
    for (const auto& [k, v] : r.in) in += v.qty;
    for (const auto& [k, v] : r.out) out += v.qty;
    std::vector<std::string> cells = {r.sku,
                                      r.name,
                                      r.uom,
                                      units.number(r.sku, r.opening.qty),
                                      units.number(r.sku, in),
                                      units.number(r.sku, out),
                                      units.number(r.sku, r.closing.qty),
                                      inventory::format_money(r.closing.value)};
    if (first) cells.insert(cells.begin(), r.place.empty() ? "-" : r.place);
    t.add(cells);
    closing += r.closing.value;
  }
  t.print(std::cout);
  std::cout << a.from << " – " << a.to << " (" << zone.name() << "), closing value: " << inventory::format_money(closing)
            << " " << site_currency(a.store) << "\n";
}

void run_value(const ReportArgs& a) {
  inventory::StockValueFilter f;
  f.by = value_by(a.by);
  f.sku = a.item;
  f.location = a.location;
  const TimeZone zone = site_zone(a.store);
  auto q = open_queries(a.store);
  const bool past = !a.as_of.empty();
  auto rows = past ? take(inventory::stock_value_on(*q, take(parse_day(a.as_of, "--as-of")), f, zone))
                   : take(inventory::stock_value(*q, f));
  const std::string when = past ? a.as_of : format_local_seconds(SystemClock().now_ms(), zone);
  if (write_file(a, reports::stock_value_table(rows, f.by, when, alerts::parse_language(a.lang)))) return;
  if (a.json) {
    Json out = Json::array();
    for (const auto& r : rows)
      out.push_back({{"place", r.place}, {"sku", r.sku}, {"qty", r.qty}, {"decimals", r.decimals},
                     {"unit_cost", r.unit_cost}, {"value", r.value}});
    print_json(std::cout, out);
    return;
  }
  std::vector<std::string> heads = {"SKU", "NAME", "QTY", "UNIT", "AVG COST", "VALUE"};
  if (f.by != inventory::ValueBy::item)
    heads.insert(heads.begin(), place_heading(f.by));
  Table t(heads);
  const std::size_t first = f.by == inventory::ValueBy::item ? 0 : 1;
  t.right(first + 2).right(first + 4).right(first + 5);
  ItemQuantities units(*q);
  inventory::Money total = 0;
  for (const auto& r : rows) {
    std::vector<std::string> cells = {r.sku, r.name, units.number(r.sku, r.qty), r.uom,
                                      r.qty > 0 ? inventory::format_money(r.unit_cost) : "-",
                                      inventory::format_money(r.value)};
    if (first) cells.insert(cells.begin(), r.place.empty() ? "-" : r.place);
    t.add(cells);
    total += r.value;
  }
  t.print(std::cout);
  std::cout << "value " << (past ? "at the end of " + a.as_of : std::string("now")) << ": "
            << inventory::format_money(total) << " " << site_currency(a.store) << "\n";
}

std::string ratio(const std::optional<double>& v, int decimals) {
  if (!v) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, *v);
  return buf;
}

void run_turnover(const ReportArgs& a) {
  inventory::TurnoverFilter f;
  f.first = take(parse_day(a.from, "--from"));
  f.last = take(parse_day(a.to, "--to"));
  f.sku = a.item;
  f.location = a.location;
  f.demand_days = a.demand_days;
  const TimeZone zone = site_zone(a.store);
  auto q = open_queries(a.store);
  auto report = take(inventory::turnover(*q, f, zone));
  const auto lang = alerts::parse_language(a.lang);
  if (write_file(a, reports::turnover_table(report, f.demand_days, a.from + " – " + a.to, lang))) return;
  if (a.json) {
    Json out = Json::array();
    for (const auto& r : report.rows)
      out.push_back({{"sku", r.sku}, {"name", r.name}, {"decimals", r.decimals},
                     {"closing", {{"qty", r.closing.qty}, {"value", r.closing.value}}},
                     {"average_value", r.average_value}, {"issued", {{"qty", r.issued.qty}, {"value", r.issued.value}}},
                     {"demand_qty", r.demand_qty}, {"turnover", r.turnover ? Json(*r.turnover) : Json(nullptr)},
                     {"days_of_cover", r.days_of_cover ? Json(*r.days_of_cover) : Json(nullptr)}});
    print_json(std::cout, out);
    return;
  }
  Table t({"SKU", "NAME", "UNIT", "CLOSING", "AVG VALUE", "ISSUED VALUE", "TURNOVER", "TURNOVER DAYS", "DAYS OF COVER"});
  for (std::size_t c = 3; c <= 8; ++c) t.right(c);
  ItemQuantities units(*q);
  for (const auto& r : report.rows)
    t.add({r.sku, r.name, r.uom, units.number(r.sku, r.closing.qty), inventory::format_money(r.average_value),
           inventory::format_money(r.issued.value), ratio(r.turnover, 2), ratio(r.turnover_days, 1),
           ratio(r.days_of_cover, 1)});
  t.print(std::cout);
  std::cout << a.from << " – " << a.to << " (" << zone.name() << "), cost of goods issued "
            << inventory::format_money(report.issued_value) << " over an average stock of "
            << inventory::format_money(report.average_value) << " " << site_currency(a.store)
            << ": turnover " << ratio(report.turnover, 2) << "\n";
}

void run_ageing(const ReportArgs& a) {
  inventory::AgeingFilter f;
  const TimeZone zone = site_zone(a.store);
  f.day = a.as_of.empty() ? local_day(SystemClock().now_ms(), zone) : take(parse_day(a.as_of, "--as-of"));
  f.sku = a.item;
  f.bounds = a.buckets;
  f.idle_days = a.idle_days;
  auto q = open_queries(a.store);
  auto rows = take(inventory::stock_ageing(*q, f, zone));
  if (a.idle_only) std::erase_if(rows, [](const auto& r) { return !r.idle; });
  const auto lang = alerts::parse_language(a.lang);
  if (write_file(a, reports::ageing_table(rows, f.bounds, format_day(f.day), lang))) return;
  auto day_json = [](const std::optional<DayNumber>& d) { return d ? Json(format_day(*d)) : Json(nullptr); };
  if (a.json) {
    Json out = Json::array();
    for (const auto& r : rows) {
      Json b = Json::array();
      for (const auto& x : r.buckets) b.push_back({{"qty", x.qty}, {"value", x.value}});
      out.push_back({{"sku", r.sku}, {"name", r.name}, {"decimals", r.decimals},
                     {"on_hand", {{"qty", r.on_hand.qty}, {"value", r.on_hand.value}}}, {"buckets", b},
                     {"oldest_arrival", day_json(r.oldest_arrival)}, {"last_issue", day_json(r.last_issue)},
                     {"idle", r.idle}});
    }
    print_json(std::cout, out);
    return;
  }
  std::vector<std::string> heads = {"SKU", "NAME", "UNIT", "ON HAND", "VALUE"};
  for (std::size_t i = 0; i <= f.bounds.size(); ++i) heads.push_back(reports::bucket_name(f.bounds, i) + " DAYS");
  heads.insert(heads.end(), {"LAST ISSUE", "IDLE"});
  Table t(heads);
  for (std::size_t c = 3; c < heads.size() - 2; ++c) t.right(c);
  ItemQuantities units(*q);
  inventory::Money idle_value = 0;
  for (const auto& r : rows) {
    std::vector<std::string> cells = {r.sku, r.name, r.uom, units.number(r.sku, r.on_hand.qty),
                                      inventory::format_money(r.on_hand.value)};
    for (const auto& b : r.buckets) cells.push_back(b.qty == 0 ? "-" : units.number(r.sku, b.qty));
    cells.push_back(r.last_issue ? format_day(*r.last_issue) : "never");
    cells.push_back(r.idle ? "idle" : "");
    t.add(cells);
    if (r.idle) idle_value += r.on_hand.value;
  }
  t.print(std::cout);
  std::cout << "as of the end of " << format_day(f.day) << " (" << zone.name() << "), idle (no issue in "
            << f.idle_days << " days): " << inventory::format_money(idle_value) << " " << site_currency(a.store)
            << "\n";
}

void run_abc(const ReportArgs& a) {
  inventory::AbcFilter f;
  f.first = take(parse_day(a.from, "--from"));
  f.last = take(parse_day(a.to, "--to"));
  f.sku = a.item;
  f.location = a.location;
  const TimeZone zone = site_zone(a.store);
  auto q = open_queries(a.store);
  auto report = take(inventory::abc_xyz(*q, f, zone));
  if (write_file(a, reports::abc_table(report, a.from + " – " + a.to, alerts::parse_language(a.lang)))) return;
  if (a.json) {
    Json out = Json::array();
    for (const auto& r : report.rows)
      out.push_back({{"sku", r.sku}, {"name", r.name}, {"issued", {{"qty", r.issued.qty}, {"value", r.issued.value}}},
                     {"share", r.share}, {"weeks", r.weeks}, {"cv", r.cv ? Json(*r.cv) : Json(nullptr)},
                     {"class", std::string{r.abc, r.xyz}}});
    print_json(std::cout, out);
    return;
  }
  Table t({"SKU", "NAME", "UNIT", "ISSUED", "ISSUED VALUE", "SHARE %", "CUMULATIVE %", "CV", "CLASS"});
  for (std::size_t c = 3; c <= 7; ++c) t.right(c);
  ItemQuantities units(*q);
  for (const auto& r : report.rows)
    t.add({r.sku, r.name, r.uom, units.number(r.sku, r.issued.qty), inventory::format_money(r.issued.value),
           ratio(r.share * 100, 2), ratio(r.cumulative * 100, 2), ratio(r.cv, 2), std::string{r.abc, r.xyz}});
  t.print(std::cout);
  std::cout << a.from << " – " << a.to << " (" << zone.name() << "), " << report.weeks
            << " whole weeks; A: the first 80% of the issued value, B: the next 15%; X: weekly CV up to 0.5, "
               "Y: up to 1.0\n";
}

void run_accuracy(const ReportArgs& a) {
  inventory::AccuracyFilter f;
  f.first = take(parse_day(a.from, "--from"));
  f.last = take(parse_day(a.to, "--to"));
  if (!a.by.empty() && !inventory::parse_accuracy_by(a.by, &f.by))
    usage_error("--by '" + a.by + "': expected count, month, zone or counter");
  f.location = a.location;
  f.counter = a.counter;
  const TimeZone zone = site_zone(a.store);
  auto q = open_queries(a.store);
  auto report = take(inventory::count_accuracy(*q, f, zone));
  if (write_file(a, reports::count_accuracy_table(report, f.by, zone, a.from + " – " + a.to,
                                                  alerts::parse_language(a.lang))))
    return;
  auto share = [](const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); };
  auto figures = [&](const inventory::AccuracyTally& t) {
    return Json{{"counts", t.counts}, {"bins", t.bins}, {"lines", t.lines}, {"exact", t.exact},
                {"within_tolerance", t.within_tolerance}, {"accuracy", share(t.accuracy())},
                {"gain_value", t.gain_value}, {"loss_value", t.loss_value}};
  };
  if (a.json) {
    Json rows = Json::array();
    for (const auto& r : report.rows) {
      Json row{{"key", r.key}, {"name", r.name}, {"figures", figures(r.tally)}};
      if (f.by == inventory::AccuracyBy::count)
        row.update({{"approved_at", format_iso8601(r.approved_at)}, {"approved_by", r.approved_by},
                    {"counters", r.counters}});
      rows.push_back(std::move(row));
    }
    print_json(std::cout, {{"rows", rows}, {"totals", figures(report.total)}});
    return;
  }
  const bool by_count = f.by == inventory::AccuracyBy::count;
  std::vector<std::string> heads{by_count ? "COUNT" : f.by == inventory::AccuracyBy::month ? "MONTH"
                                 : f.by == inventory::AccuracyBy::zone                 ? "ZONE"
                                                                                       : "COUNTER"};
  if (by_count) heads.insert(heads.end(), {"APPROVED", "COUNTED BY"});
  heads.insert(heads.end(), {"COUNTS", "BINS", "LINES", "EXACT", "ACCURACY %", "IN TOLERANCE %", "GAINS", "LOSSES"});
  Table t(heads);
  for (std::size_t c = by_count ? 3 : 1; c < heads.size(); ++c) t.right(c);
  auto add = [&](std::vector<std::string> cells, const inventory::AccuracyTally& x) {
    auto percent = [](const std::optional<double>& v) { return ratio(v ? std::optional(*v * 100) : v, 1); };
    cells.insert(cells.end(), {std::to_string(x.counts), std::to_string(x.bins), std::to_string(x.lines),
                               std::to_string(x.exact), percent(x.accuracy()), percent(x.tolerance_accuracy()),
                               inventory::format_money(x.gain_value), inventory::format_money(x.loss_value)});
    t.add(cells);
  };
  for (const auto& r : report.rows) {
    std::vector<std::string> cells{r.name.empty() ? r.key : r.key + " " + r.name};
    if (by_count) {
      std::string who;
      for (const auto& c : r.counters) who += (who.empty() ? "" : ", ") + c;
      cells.insert(cells.end(), {format_local_minutes(r.approved_at, zone), who});
    }
    add(std::move(cells), r.tally);
  }
  std::vector<std::string> total{"TOTAL"};
  total.resize(by_count ? 3 : 1);
  add(std::move(total), report.total);
  t.print(std::cout);
  std::cout << "counts approved " << a.from << " – " << a.to << " (" << zone.name()
            << "); exact: no variance; in tolerance: |variance| within the count's tolerance\n";
}

void run_devices(const ReportArgs& a) {
  const DayNumber first = take(parse_day(a.from, "--from")), last = take(parse_day(a.to, "--to"));
  const TimeZone zone = site_zone(a.store);
  auto q = open_queries(a.store);
  auto report = take(inventory::device_performance(*q, first, last, zone));
  const std::string period = a.from + " – " + a.to;
  const auto lang = alerts::parse_language(a.lang);
  const exporting::Table file = a.kind == "doors"      ? reports::door_table(report, period, lang)
                                : a.kind == "scanners" ? reports::scanner_table(report, period, lang)
                                                       : reports::shelf_table(report, period, lang);
  if (write_file(a, file)) return;
  auto share = [](const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); };
  Json rows = Json::array();
  std::unique_ptr<Table> t;
  if (a.kind == "doors") {
    t = std::make_unique<Table>(std::vector<std::string>{"DOOR", "PASSES", "PER HOUR", "POSTED", "HELD", "HELD %",
                                                         "MISSING", "UNEXPECTED", "AMBIGUOUS", "OTHER", "NO DOC"});
    for (const auto& d : report.doors) {
      rows.push_back({{"door", d.door}, {"passes", d.passes}, {"per_hour", d.per_hour}, {"posted", d.posted},
                      {"held", d.held}, {"held_share", share(d.held_share)}, {"missing", d.missing},
                      {"unexpected", d.unexpected}, {"ambiguous", d.ambiguous}, {"other", d.other},
                      {"no_document", d.no_document}});
      t->add({d.door, std::to_string(d.passes), ratio(d.per_hour, 2), std::to_string(d.posted),
              std::to_string(d.held), ratio(d.held_share ? std::optional<double>(*d.held_share * 100) : std::nullopt, 1),
              std::to_string(d.missing), std::to_string(d.unexpected), std::to_string(d.ambiguous),
              std::to_string(d.other), std::to_string(d.no_document)});
    }
  } else if (a.kind == "scanners") {
    std::vector<std::string> head{"SCANNER", "SCANS", "ACCEPTED", "REJECTED", "REJECTED %"};
    for (auto r : inventory::kScanRejects) head.emplace_back(inventory::to_string(r));
    t = std::make_unique<Table>(head);
    for (const auto& s : report.scanners) {
      Json by = Json::object();
      std::vector<std::string> cells{s.scanner, std::to_string(s.scans), std::to_string(s.accepted),
                                     std::to_string(s.rejected),
                                     ratio(s.rejected_share ? std::optional<double>(*s.rejected_share * 100)
                                                            : std::nullopt, 1)};
      for (std::size_t i = 0; i < inventory::kScanRejectCount; ++i) {
        by[std::string(inventory::to_string(inventory::kScanRejects[i]))] = s.by_reason[i];
        cells.push_back(std::to_string(s.by_reason[i]));
      }
      rows.push_back({{"scanner", s.scanner}, {"scans", s.scans}, {"accepted", s.accepted}, {"rejected", s.rejected},
                      {"rejected_share", share(s.rejected_share)}, {"rejected_by_reason", by}});
      t->add(cells);
    }
  } else {
    t = std::make_unique<Table>(
        std::vector<std::string>{"SLOT", "SKU", "NAME", "BIN", "DISCREPANCIES", "OPEN", "ACCEPTED", "DISMISSED"});
    for (const auto& s : report.shelves) {
      rows.push_back({{"slot", s.slot}, {"sku", s.sku}, {"name", s.name}, {"bin", s.bin},
                      {"discrepancies", s.discrepancies}, {"open", s.open}, {"accepted", s.accepted},
                      {"dismissed", s.dismissed}});
      t->add({s.slot, s.sku, s.name, s.bin, std::to_string(s.discrepancies), std::to_string(s.open),
              std::to_string(s.accepted), std::to_string(s.dismissed)});
    }
  }
  if (a.json) return print_json(std::cout, rows);
  t->print(std::cout);
  std::cout << period << " (" << zone.name() << "), " << report.hours << " hours\n";
}

void add_file_options(CLI::App* c, ReportArgs& a) {
  c->add_option("--csv", a.csv, "write the report to this CSV file (UTF-8 with a BOM, for Excel)");
  c->add_option("--xlsx", a.xlsx, "write the report to this .xlsx workbook");
  c->add_option("--lang", a.lang, "the file's headings: zh-CN (default) or en");
  c->add_flag("--json", a.json, "JSON instead of a table (amounts in 1/10000, quantities in smallest units)");
  add_store_options(*c, a.store);
}

void add_common(CLI::App* c, ReportArgs& a) {
  c->add_option("--by", a.by, "item (default), location, warehouse or category");
  c->add_option("--item", a.item, "only this SKU");
  c->add_option("--location", a.location, "only this location and what is below it");
  c->add_option("--csv", a.csv, "write the report to this CSV file (UTF-8 with a BOM, for Excel)");
  c->add_option("--xlsx", a.xlsx, "write the report to this .xlsx workbook");
  c->add_option("--lang", a.lang, "the file's headings: zh-CN (default) or en");
  c->add_flag("--json", a.json, "JSON instead of a table (amounts in 1/10000, quantities in smallest units)");
  add_store_options(*c, a.store);
}

}  // namespace

void add_report_commands(CLI::App& app) {
  CLI::App* report =
      app.add_subcommand("report", "reports over the ledger: movement summary, stock value, turnover, ageing, ABC/XYZ, count accuracy");
  report->require_subcommand(1);
  auto mv = std::make_shared<ReportArgs>();
  CLI::App* m = report->add_subcommand("movements", "收发存汇总: opening, in and out by document type, closing");
  m->add_option("--from", mv->from, "the period's first day, YYYY-MM-DD (the site's calendar)")->required();
  m->add_option("--to", mv->to, "the period's last day, included")->required();
  add_common(m, *mv);
  m->callback([mv] { run_movements(*mv); });
  auto val = std::make_shared<ReportArgs>();
  CLI::App* v = report->add_subcommand("value", "what the stock is worth, now or at the end of a day");
  v->add_option("--as-of", val->as_of, "YYYY-MM-DD: the stock at the end of that day (the site's calendar)");
  add_common(v, *val);
  v->callback([val] { run_value(*val); });
  auto to = std::make_shared<ReportArgs>();
  CLI::App* tc = report->add_subcommand("turnover", "库存周转: cost of goods issued over average stock, days of cover");
  tc->add_option("--from", to->from, "the period's first day, YYYY-MM-DD (the site's calendar)")->required();
  tc->add_option("--to", to->to, "the period's last day, included")->required();
  tc->add_option("--item", to->item, "only this SKU");
  tc->add_option("--location", to->location, "only this location and what is below it");
  tc->add_option("--demand-days", to->demand_days, "the demand window for days of cover (default 28)")
      ->check(CLI::Range(1, 3660));
  add_file_options(tc, *to);
  tc->callback([to] { run_turnover(*to); });
  auto ag = std::make_shared<ReportArgs>();
  CLI::App* ac = report->add_subcommand("ageing", "库龄 and 呆滞: stock on hand by age, idle items");
  ac->add_option("--as-of", ag->as_of, "YYYY-MM-DD: the stock at the end of that day (default today)");
  ac->add_option("--item", ag->item, "only this SKU");
  ac->add_option("--buckets", ag->buckets, "each bucket's last age in days, rising (default 30,60,90,180,365)")
      ->delimiter(',');
  ac->add_option("--idle-days", ag->idle_days, "idle: no issue in this many days (default 30)")
      ->check(CLI::Range(1, 3660));
  ac->add_flag("--idle-only", ag->idle_only, "only the idle items");
  add_file_options(ac, *ag);
  ac->callback([ag] { run_ageing(*ag); });
  auto ab = std::make_shared<ReportArgs>();
  CLI::App* bc = report->add_subcommand("abc", "ABC/XYZ: classes by issued value and by weekly demand's variability");
  bc->add_option("--from", ab->from, "the period's first day, YYYY-MM-DD (the site's calendar)")->required();
  bc->add_option("--to", ab->to, "the period's last day, included: two weeks or more")->required();
  bc->add_option("--item", ab->item, "only this SKU");
  bc->add_option("--location", ab->location, "only this location and what is below it");
  add_file_options(bc, *ab);
  bc->callback([ab] { run_abc(*ab); });
  auto acc = std::make_shared<ReportArgs>();
  CLI::App* cc = report->add_subcommand("accuracy", "盘点准确率: how far the books were off in approved counts");
  cc->add_option("--from", acc->from, "the first day of approval, YYYY-MM-DD (the site's calendar)")->required();
  cc->add_option("--to", acc->to, "the last day of approval, included")->required();
  cc->add_option("--by", acc->by, "count (default), month, zone or counter");
  cc->add_option("--location", acc->location, "only the bins at or below this location");
  cc->add_option("--counter", acc->counter, "only the bins this person counted");
  add_file_options(cc, *acc);
  cc->callback([acc] { run_accuracy(*acc); });
  auto dv = std::make_shared<ReportArgs>();
  CLI::App* dc = report->add_subcommand("devices", "设备表现: RFID doors' passes, scanners' rejects, shelves' discrepancies");
  dc->add_option("--from", dv->from, "the period's first day, YYYY-MM-DD (the site's calendar)")->required();
  dc->add_option("--to", dv->to, "the period's last day, included")->required();
  dc->add_option("--kind", dv->kind, "doors (default), scanners or shelves")
      ->check(CLI::IsMember({"doors", "scanners", "shelves"}));
  add_file_options(dc, *dv);
  dc->callback([dv] { run_devices(*dv); });
}

}  // namespace jxc::app
