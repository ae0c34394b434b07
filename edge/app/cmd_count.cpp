// jxc-edge count open|enter|report|submit|approve: a stock count (盘点) from
// the command line. A count covers bins (a zone or warehouse stands for every
// bin below it); each entry records what one counter found in one bin; the
// report compares that with the book; submitting says counting is done, so
// that a manager elsewhere (the HTTP API, the central system) may approve it;
// approval posts the variances as adjustments. Each change is recorded in the
// audit trail under the Unix user, in the transaction of the change.
#include <cstdio>
#include <iostream>
#include <memory>

#include "edge/app/cli_support.h"
#include "edge/app/commands.h"
#include "edge/app/output.h"
#include "edge/inventory/audit_records.h"
#include "edge/inventory/count_workflow.h"
#include "edge/inventory/stock_count.h"
#include "edge/inventory/tx.h"

namespace jxc::app {
namespace {

struct OpenArgs {
  StoreOptions store;
  std::vector<std::string> locations;
  inventory::Qty tolerance = 0;
  std::string by, number, key;
  bool json = false;
};

void run_open(const OpenArgs& a) {
  inventory::CountOpen req;
  req.locations = a.locations;
  req.tolerance_qty = a.tolerance;
  req.opened_by = a.by;
  req.number = a.number;
  req.idempotency_key = a.key;
  std::string scope;
  for (const auto& l : a.locations) scope += (scope.empty() ? "" : " ") + l;
  auto engine = open_engine(a.store);
  auto r = take(audited(*engine, a.key, box_audit("count.open", "", "count of " + scope),
                        [&req](inventory::Tx& tx) { return inventory::open_count(tx, req); }, "count"));
  if (a.json) {
    print_json(std::cout, to_json(r));
    return;
  }
  std::cout << "opened count " << r.number << "\n";
  // Counters need to know which bins to visit.
  auto q = open_queries(a.store);
  if (auto rep = q->count_report(r.number); rep && !rep->uncounted.empty()) {
    std::cout << "  bins to count:";
    for (const auto& b : rep->uncounted) std::cout << " " << b;
    std::cout << "\n";
  }
}

struct EnterArgs {
  StoreOptions store;
  std::string number, location, counter, key;
  std::vector<std::string> lines;
  bool empty = false, json = false;
};

void run_enter(const EnterArgs& a) {
  if (a.lines.empty() == !a.empty)
    usage_error("count enter needs either --line SKU:QTY[:LOT] (repeatable) or --empty");
  inventory::CountEntry e;
  e.count = a.number;
  e.location = a.location;
  e.counter = a.counter;
  e.idempotency_key = a.key;
  for (const auto& spec : a.lines) {
    // SKU:QTY[:LOT] then, for a serial-tracked item, :sn=S1,S2,...
    std::string rest = spec;
    std::vector<std::string> serials;
    if (auto at = rest.rfind(":sn="); at != std::string::npos) {
      serials = split_serials(rest.substr(at + 4));
      rest.erase(at);
    }
    auto l = parse_lines({rest}, QtyRule::zero_or_more).front();
    if (l.expiry) usage_error("--line " + l.sku + ": a counted line has no expiry");
    l.serials = std::move(serials);
    e.lines.push_back(std::move(l));
  }
  std::string detail = a.location;
  for (const auto& l : e.lines)
    detail += " " + l.sku + (l.lot.empty() ? "" : " lot " + l.lot) + " qty " +
              (l.entered.empty() ? std::to_string(l.qty) : l.entered + (l.unit.empty() ? "" : " " + l.unit));
  if (e.lines.empty()) detail += " empty";
  auto engine = open_engine(a.store);
  auto r = take(audited(*engine, a.key, box_audit("count.line", "count:" + a.number, detail),
                        [&e](inventory::Tx& tx) { return inventory::record_count(tx, e); }));
  if (a.json) {
    print_json(std::cout, to_json(r));
    return;
  }
  // The counter wants to know at once whether this bin must be counted again.
  std::cout << "counted " << a.location << " for count " << r.number << "\n";
  auto q = open_queries(a.store);
  auto rep = q->count_report(r.number);
  if (!rep) return;
  for (const auto& l : rep->lines) {
    if (l.location != a.location || l.variance == 0) continue;
    std::cout << "  " << l.sku << (l.lot.empty() ? "" : " lot " + l.lot) << ": book " << l.book
              << ", counted " << l.counted << ", variance " << (l.variance > 0 ? "+" : "")
              << l.variance << (l.recount ? " (above tolerance: recount it)" : "") << "\n";
  }
}

void print_report(const inventory::CountReport& r) {
  std::cout << "count " << r.number << "  " << inventory::to_string(r.state) << "\n";
  Table t({"LOCATION", "SKU", "LOT", "BOOK", "COUNTED", "VARIANCE", "VALUE", "ROUNDS", "RECOUNT"});
  t.right(3).right(4).right(5).right(6).right(7);
  int recounts = 0;
  for (const auto& l : r.lines) {
    char value[32];
    std::snprintf(value, sizeof value, "%.2f", l.value);
    t.add({l.location, l.sku, l.lot.empty() ? "-" : l.lot, std::to_string(l.book),
           std::to_string(l.counted), (l.variance > 0 ? "+" : "") + std::to_string(l.variance),
           value, std::to_string(l.rounds), l.recount ? "yes" : ""});
    recounts += l.recount ? 1 : 0;
  }
  t.print(std::cout);
  // Serial-tracked items: which units the approval books in or writes off.
  auto joined = [](const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
    return out;
  };
  for (const auto& l : r.lines) {
    if (l.serials_unknown)
      std::cout << l.location << " " << l.sku << ": which units differ is not known; recount the bin by serial\n";
    if (!l.found.empty()) std::cout << l.location << " " << l.sku << " found: " << joined(l.found) << "\n";
    if (!l.missing.empty()) std::cout << l.location << " " << l.sku << " missing: " << joined(l.missing) << "\n";
  }
  char total[32];
  std::snprintf(total, sizeof total, "%.2f", r.total_value);
  std::cout << "variance value: " << total << "\n";
  if (recounts > 0) std::cout << recounts << " line(s) await a recount\n";
  if (!r.uncounted.empty()) {
    std::cout << "not counted yet:";
    for (const auto& b : r.uncounted) std::cout << " " << b;
    std::cout << "\n";
  }
}

struct ReportArgs {
  StoreOptions store;
  std::string number;
  bool json = false;
};

struct ApproveArgs {
  StoreOptions store;
  std::string number, by, key;
  bool force = false, json = false;
};

}  // namespace

void add_count_commands(CLI::App& app) {
  CLI::App* count = app.add_subcommand("count", "stock counts (盘点)");
  count->require_subcommand(1);

  auto open = std::make_shared<OpenArgs>();
  CLI::App* o = count->add_subcommand("open", "start a count of bins, zones or warehouses");
  o->add_option("--location", open->locations, "bin, zone or warehouse; repeatable")
      ->required()
      ->allow_extra_args(false);
  o->add_option("--tolerance", open->tolerance, "|variance| above this asks for a recount")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  o->add_option("--by", open->by, "who opens it")->required();
  o->add_option("--number", open->number, "count number (default: the next CNT-000001)");
  o->add_option("--key", open->key, "idempotency key: a repeat returns the first result");
  o->add_flag("--json", open->json, "print the result as JSON");
  add_store_options(*o, open->store);
  o->callback([open] { run_open(*open); });

  auto enter = std::make_shared<EnterArgs>();
  CLI::App* e = count->add_subcommand("enter", "record what was found in one bin");
  e->add_option("number", enter->number, "count number")->required();
  e->add_option("--location", enter->location, "the bin counted")->required();
  e->add_option("--counter", enter->counter, "who counted")->required();
  e->add_option("--line", enter->lines, "SKU:QTY[:LOT] found; repeatable; a serial-tracked item's line ends in :sn=S1,S2,... (one serial per unit found)")->allow_extra_args(false);
  e->add_flag("--empty", enter->empty, "the bin was empty");
  e->add_option("--key", enter->key, "idempotency key: a repeat returns the first result");
  e->add_flag("--json", enter->json, "print the result as JSON");
  add_store_options(*e, enter->store);
  e->callback([enter] { run_enter(*enter); });

  auto report = std::make_shared<ReportArgs>();
  CLI::App* r = count->add_subcommand("report", "book, counted and variance per bin and item");
  r->add_option("number", report->number, "count number")->required();
  r->add_flag("--json", report->json, "JSON object");
  add_store_options(*r, report->store);
  r->callback([report] {
    auto q = open_queries(report->store);
    auto rep = take(q->count_report(report->number));
    if (report->json)
      print_json(std::cout, to_json(rep));
    else
      print_report(rep);
  });

  auto submit = std::make_shared<ReportArgs>();
  CLI::App* s = count->add_subcommand("submit", "counting is done: the count awaits approval (recorded as the Unix user)");
  s->add_option("number", submit->number, "count number")->required();
  add_store_options(*s, submit->store);
  s->callback([submit] {
    const std::string by = unix_actor(), number = submit->number;
    auto engine = open_engine(submit->store);
    take(engine->run<bool>([&](inventory::Tx& tx) -> Result<bool> {
      JXC_TRY(inventory::submit_count(tx, number, by));
      JXC_TRY(inventory::append_audit(tx, {0, 0, by, "count.submit", "count:" + number, "", ""}));
      return true;
    }));
    std::cout << "submitted count " << number << "\n";
  });

  auto approve = std::make_shared<ApproveArgs>();
  // The approver is the Unix user running the command; under [site]
  // four_eyes (the default) it must not be one of the count's counters.
  CLI::App* a = count->add_subcommand("approve", "post the variances as adjustments, approved by the Unix user");
  a->add_option("number", approve->number, "count number")->required();
  a->add_option("--by", approve->by, "ignored: the approver is the Unix user running the command");
  a->add_flag("--force", approve->force, "approve with bins uncounted or recounts pending");
  a->add_option("--key", approve->key, "idempotency key: a repeat returns the first result");
  a->add_flag("--json", approve->json, "print the result as JSON");
  add_store_options(*a, approve->store);
  a->callback([approve] {
    const std::string approver = unix_actor();
    if (!approve->by.empty())
      std::cerr << "warning: --by is ignored; the approver is the Unix user (" << approver << ")\n";
    auto engine = open_engine(approve->store);
    auto res = take(audited(*engine, approve->key,
                            box_audit("count.approve", "count:" + approve->number, approve->force ? "force" : ""),
                            [&](inventory::Tx& tx) {
                              return inventory::approve_count(tx, approve->number, approver, approve->force);
                            }));
    if (approve->json)
      print_json(std::cout, to_json(res));
    else
      print_result(std::cout, res);
  });
}

}  // namespace jxc::app
