// jxc-edge import opening FILE.csv [--force]
//
// The opening balance (期初库存) from a spreadsheet: one row per item,
// location and lot with its quantity and unit cost, posted as one opening
// document. Nothing is posted unless every row is right: every problem is
// listed as FILE:LINE: column: reason. Columns may be headed in English or
// Chinese, in any order.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>

#include "edge/app/cli_support.h"
#include "edge/app/commands.h"
#include "edge/app/csv.h"
#include "edge/app/output.h"
#include "edge/app/quantities.h"
#include "edge/inventory/cost.h"
#include "edge/inventory/opening_stock.h"

namespace jxc::app {
namespace {

const csv::Columns kOpeningColumns{
    {"sku", "location", "quantity"},
    {"lot", "expiry", "serial", "unit_cost"},
    {"sku", "location", "lot", "serial"},
    {},
    {{"item", "sku"},           {"物料编码", "sku"},      {"商品编码", "sku"},     {"库位", "location"},
     {"货位", "location"},      {"批号", "lot"},          {"有效期", "expiry"},    {"序列号", "serial"},
     {"qty", "quantity"},       {"数量", "quantity"},     {"unit cost", "unit_cost"}, {"cost", "unit_cost"},
     {"单位成本", "unit_cost"}, {"成本单价", "unit_cost"}}};

struct Problem {
  std::size_t line = 0;
  std::string column, reason;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(error(Errc::io, "cannot read " + path));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

[[noreturn]] void report(const std::string& file, std::vector<Problem> problems) {
  std::stable_sort(problems.begin(), problems.end(), [](const Problem& a, const Problem& b) { return a.line < b.line; });
  std::set<std::size_t> lines;
  for (const auto& p : problems) {
    std::cerr << file << (p.line ? ":" + std::to_string(p.line) : std::string()) << ": "
              << (p.column.empty() ? "" : p.column + ": ") << p.reason << "\n";
    lines.insert(p.line);
  }
  fail(error(Errc::invalid_argument,
             "nothing imported from " + file + ": " + std::to_string(lines.size()) + " bad row(s)"));
}

struct Args {
  StoreOptions store;
  std::string file, number, note, source;
  bool force = false, json = false;
};

void run_opening(const Args& a) {
  csv::Table table = csv::Table::parse(read_file(a.file), kOpeningColumns);
  std::vector<Problem> problems;
  for (const auto& e : table.errors()) problems.push_back({e.line, "", e.reason});
  inventory::OpeningRequest req;
  for (const auto& rec : table.rows()) {
    auto cell = [&](std::string_view column) { return std::string(table.get(rec, column).value_or("")); };
    inventory::OpeningRow r;
    r.row = rec.line;
    r.sku = cell("sku");
    r.location = cell("location");
    r.lot = cell("lot");
    r.expiry = cell("expiry");
    r.serial = cell("serial");
    // "12", "1.25", "2case": the number and the unit it is in, as --line takes it.
    QtyText q = split_qty_text(cell("quantity"));
    r.quantity = q.number;
    r.unit = q.unit;
    if (!cell("quantity").empty() && q.number.empty())
      problems.push_back({rec.line, "quantity", "'" + cell("quantity") + "' is not a quantity"});
    if (std::string cost = cell("unit_cost"); !cost.empty()) {
      auto m = inventory::parse_money(cost);
      if (m) r.unit_cost = *m;
      else problems.push_back({rec.line, "unit_cost", m.status().reason()});
    }
    req.rows.push_back(std::move(r));
  }
  if (table.rows().empty() && table.errors().empty()) problems.push_back({0, "", "the file has no rows"});

  req.number = a.number;
  req.note = a.note;
  req.source = a.source.empty() ? default_source() : a.source;
  req.force = a.force;
  auto engine = open_engine(a.store);
  if (!problems.empty()) {
    // What the engine finds in the rows that read, so that one run lists every problem.
    auto more = engine->run<std::vector<inventory::OpeningProblem>>(
        [&](inventory::Tx& tx) { return inventory::check_opening_rows(tx, req); });
    if (more)
      for (const auto& p : *more) problems.push_back({p.row, p.column, p.reason});
    report(a.file, std::move(problems));
  }
  std::vector<inventory::OpeningProblem> found;
  std::string detail = std::to_string(req.rows.size()) + " row(s) from " + a.file + (a.force ? ", forced" : "");
  auto r = audited(*engine, "", box_audit("stock.opening", "", detail),
                   [&](inventory::Tx& tx) { return inventory::post_opening(tx, req, &found); });
  if (!r) {
    if (found.empty()) fail(r.status());
    for (const auto& p : found) problems.push_back({p.row, p.column, p.reason});
    report(a.file, std::move(problems));
  }
  if (a.json)
    print_json(std::cout, to_json(*r));
  else
    print_result(std::cout, *r);
}

}  // namespace

void add_import_opening(CLI::App& import) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = import.add_subcommand(
      "opening",
      "opening: sku (or item),location,quantity[,lot,expiry,serial,unit_cost]; the opening balance as one "
      "opening document (期初库存), all rows or none, only into a ledger without movements unless --force. "
      "quantity in the item's base unit with its decimals, or with a pack unit (2case); unit_cost per base "
      "unit (default: the item's); serial: serial-tracked items only, one row per unit with quantity 1. "
      "Chinese headings: 物料编码,库位,批号,有效期,序列号,数量,单位成本");
  cmd->add_option("file", a->file, "CSV file (UTF-8, header row names the columns)")->required();
  cmd->add_flag("--force", a->force, "post even though the ledger has movements (adds to the stock there is)");
  cmd->add_option("--number", a->number, "document number (default: the next OPN-000001)");
  cmd->add_option("--note", a->note, "free text kept on the document");
  cmd->add_option("--source", a->source, "who (default cli:$USER)");
  cmd->add_flag("--json", a->json, "print the result as JSON");
  add_store_options(*cmd, a->store);
  cmd->callback([a] { run_opening(*a); });
}

}  // namespace jxc::app
