// jxc-edge import items|locations|thresholds|item-tags FILE.csv (and
// `import opening`, the opening balance: cmd_import_opening.cpp)
//
// Master data arrives as spreadsheets. A file is imported whole or not at
// all: every bad row is listed as FILE:LINE: reason (CSV problems, values that
// do not parse, and what the engine rejects), and one bad row keeps every
// other row out, so a half-imported price list never reaches the store.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>

#include "edge/app/cli_support.h"
#include "edge/app/commands.h"
#include "edge/app/csv.h"
#include "edge/inventory/quantity.h"

namespace jxc::app {
namespace {

using inventory::Item;
using inventory::ItemTag;
using inventory::Location;
using inventory::Qty;
using inventory::RowError;
using inventory::Threshold;

/// Typed access to one CSV row; every value that does not parse adds an
/// error for the row's line and yields a neutral value, so that one pass
/// finds every problem of the row.
class RowReader {
 public:
  RowReader(const csv::Table& t, const csv::Record& r, std::vector<csv::Error>& errors)
      : t_(t), r_(r), errors_(errors) {}

  std::string text(std::string_view col) const { return std::string(t_.get(r_, col).value_or("")); }

  std::optional<std::string> optional_text(std::string_view col) const {
    std::string s = text(col);
    return s.empty() ? std::nullopt : std::optional<std::string>(std::move(s));
  }

  Qty whole(std::string_view col, Qty fallback) const {
    std::string s = text(col);
    if (s.empty()) return fallback;
    Qty v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size()) bad(col, s, "a whole number");
    return v;
  }

  std::optional<double> number(std::string_view col) const {
    std::string s = text(col);
    if (s.empty()) return std::nullopt;
    double v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) {
      bad(col, s, "a number");
      return std::nullopt;
    }
    return v;
  }

  bool yes_no(std::string_view col) const {
    std::string s = text(col);
    for (char& c : s)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (s.empty() || s == "false" || s == "no" || s == "n" || s == "0" || s == "否") return false;
    if (s == "true" || s == "yes" || s == "y" || s == "1" || s == "是") return true;
    bad(col, s, "true or false");
    return false;
  }

  void error(std::string why) const { errors_.push_back({r_.line, std::move(why)}); }

 private:
  void bad(std::string_view col, const std::string& value, std::string_view expected) const {
    error(std::string(col) + " '" + value + "' is not " + std::string(expected));
  }

  const csv::Table& t_;
  const csv::Record& r_;
  std::vector<csv::Error>& errors_;
};

/// The entries of a cell that lists several, separated by ';' or '|', trimmed.
std::vector<std::string> entries(const std::string& cell) {
  std::vector<std::string> out;
  std::string one;
  auto flush = [&] {
    auto b = one.find_first_not_of(" \t"), e = one.find_last_not_of(" \t");
    if (b != std::string::npos) out.push_back(one.substr(b, e - b + 1));
    one.clear();
  };
  for (char c : cell) {
    if (c == ';' || c == '|')
      flush();
    else
      one.push_back(c);
  }
  flush();
  return out;
}

/// "case:24:16901234567899": a pack level's unit, its factor in base units
/// (with the item's decimals: "bag:25" of an item in kg) and its GTIN.
void add_packs(const RowReader& r, Item& it) {
  for (const auto& e : entries(r.text("packs"))) {
    std::vector<std::string> parts;
    std::size_t from = 0;
    for (std::size_t colon; (colon = e.find(':', from)) != std::string::npos; from = colon + 1)
      parts.push_back(e.substr(from, colon - from));
    parts.push_back(e.substr(from));
    if (parts.size() < 2 || parts.size() > 3) {
      r.error("packs entry '" + e + "' is not UNIT:FACTOR[:GTIN]");
      continue;
    }
    auto factor = inventory::parse_decimal(parts[1], it.decimals, "pack factor");
    if (!factor) {
      r.error("packs entry '" + e + "': " + factor.status().reason());
      continue;
    }
    inventory::Pack p{parts[0], *factor};
    if (parts.size() == 3 && !parts[2].empty()) p.gtin = parts[2];
    it.packs.push_back(std::move(p));
  }
}

Item to_item(const RowReader& r) {
  Item it;
  it.sku = r.text("sku");
  it.name = r.text("name");
  if (auto uom = r.optional_text("uom")) it.uom = *uom;
  // One cell holds every GTIN of one base unit; packs carry their own.
  it.gtins = entries(r.text("gtins"));
  it.decimals = static_cast<int>(r.whole("decimals", 0));
  if (it.decimals < 0 || it.decimals > inventory::kMaxDecimals) {
    r.error("decimals '" + r.text("decimals") + "' is not 0 to 3");
    it.decimals = 0;
  }
  add_packs(r, it);
  it.unit_weight_g = r.number("unit_weight_g");
  it.lot_tracked = r.yes_no("lot_tracked");
  it.serial_tracked = r.yes_no("serial_tracked");
  it.unit_cost = r.number("unit_cost").value_or(0);
  it.category = r.text("category");
  return it;
}

Location to_location(const RowReader& r) {
  Location l;
  l.code = r.text("code");
  l.name = r.text("name");
  std::string kind = r.text("kind");
  if (!inventory::parse_location_kind(kind, &l.kind))
    r.error("kind '" + kind + "' is not one of site, warehouse, zone, bin");
  l.parent = r.text("parent");
  l.barcode = r.optional_text("barcode");
  l.gln = r.optional_text("gln");
  l.rfid_tag = r.optional_text("rfid_tag");
  std::string policy = r.text("negative_stock");
  if (policy == "block")
    l.negative_stock = inventory::NegativePolicy::block;
  else if (policy == "allow")
    l.negative_stock = inventory::NegativePolicy::allow;
  else if (!policy.empty())
    r.error("negative_stock '" + policy + "' is not block or allow (or empty for the default)");
  l.quarantine = r.yes_no("quarantine");
  return l;
}

Threshold to_threshold(const RowReader& r) {
  Threshold t;
  t.sku = r.text("sku");
  t.location = r.text("location");
  t.min = r.whole("min", 0);
  t.max = r.whole("max", 0);
  t.reorder = r.whole("reorder", 0);
  return t;
}

// A file of its own rather than a column of the items file: an item has one
// row there but as many RFID tags as there are tagged units, and tags are
// encoded and re-assigned long after the item was created.
ItemTag to_item_tag(const RowReader& r) { return ItemTag{r.text("epc"), r.text("sku"), r.text("lot")}; }

std::string read_whole_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(error(Errc::io, "cannot read " + path));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// One kind of master data: its columns, how a row maps to a record, and the
/// engine call that imports the records.
template <typename T>
struct Kind {
  const char* name;
  csv::Columns columns;
  std::function<T(const RowReader&)> map;
  std::function<Result<std::size_t>(inventory::Engine&, std::vector<T>, std::vector<RowError>*)> import;
};

template <typename T>
void run_import(const Kind<T>& kind, const StoreOptions& store, const std::string& file) {
  csv::Table table = csv::Table::parse(read_whole_file(file), kind.columns);
  std::vector<csv::Error> errors = table.errors();
  std::vector<T> records;
  for (const auto& row : table.rows()) records.push_back(kind.map(RowReader(table, row, errors)));

  auto report = [&](std::size_t bad_rows) {
    std::stable_sort(errors.begin(), errors.end(),
                     [](const csv::Error& a, const csv::Error& b) { return a.line < b.line; });
    for (const auto& e : errors)
      std::cerr << file << (e.line ? ":" + std::to_string(e.line) : std::string()) << ": "
                << e.reason << "\n";
    fail(error(Errc::invalid_argument, "nothing imported from " + file + ": " +
                                           std::to_string(bad_rows) + " bad row(s)"));
  };
  if (!errors.empty()) {
    std::set<std::size_t> lines;
    for (const auto& e : errors) lines.insert(e.line);
    report(lines.size());
  }

  auto engine = open_engine(store);
  std::vector<RowError> rejected;
  auto n = kind.import(*engine, std::move(records), &rejected);
  if (!rejected.empty()) {
    // The engine numbers records from 1 in the order submitted: rows() order.
    for (const auto& re : rejected) {
      std::size_t line = re.index >= 1 && re.index <= table.rows().size()
                             ? table.rows()[re.index - 1].line
                             : 0;
      errors.push_back({line, re.reason});
    }
    std::set<std::size_t> lines;
    for (const auto& e : errors) lines.insert(e.line);
    report(lines.size());
  }
  check(n.status());
  std::cout << "imported " << *n << " " << kind.name << " from " << file << "\n";
}

const Kind<Item> kItems{
    "items",
    {{"sku", "name"},
     {"uom", "gtins", "unit_weight_g", "lot_tracked", "unit_cost", "decimals", "packs", "serial_tracked", "category"},
     {"sku", "uom"},
     {"name"}},
    to_item,
    [](inventory::Engine& e, std::vector<Item> v, std::vector<RowError>* err) {
      return e.import_items(std::move(v), err);
    }};

const Kind<Location> kLocations{
    "locations",
    {{"code", "kind"},
     {"name", "parent", "barcode", "gln", "rfid_tag", "negative_stock", "quarantine"},
     {"code", "parent"},
     {"name"}},
    to_location,
    [](inventory::Engine& e, std::vector<Location> v, std::vector<RowError>* err) {
      return e.import_locations(std::move(v), err);
    }};

const Kind<Threshold> kThresholds{
    "thresholds",
    {{"sku", "location", "min", "max"}, {"reorder"}, {"sku", "location"}, {}},
    to_threshold,
    [](inventory::Engine& e, std::vector<Threshold> v, std::vector<RowError>* err) {
      return e.import_thresholds(std::move(v), err);
    }};

const Kind<ItemTag> kItemTags{
    "item-tags",
    {{"epc", "sku"}, {"lot"}, {"sku", "lot"}, {}},
    to_item_tag,
    [](inventory::Engine& e, std::vector<ItemTag> v, std::vector<RowError>* err) {
      return e.import_item_tags(std::move(v), err);
    }};

template <typename T>
void add_kind(CLI::App& import, const Kind<T>& kind, const std::string& help) {
  struct Args {
    StoreOptions store;
    std::string file;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = import.add_subcommand(kind.name, help);
  cmd->add_option("file", args->file, "CSV file (UTF-8, header row names the columns)")->required();
  add_store_options(*cmd, args->store);
  cmd->callback([&kind, args] { run_import(kind, args->store, args->file); });
}

}  // namespace

void add_import_command(CLI::App& app) {
  CLI::App* import = app.add_subcommand("import", "import master data from CSV (all rows or none)");
  import->require_subcommand(1);
  add_kind(*import, kItems,
           "items: sku,name[,uom (the base unit),gtins (';' or '|' separated),unit_weight_g,lot_tracked,unit_cost,"
           "decimals (0-3, of the base unit),packs (UNIT:FACTOR[:GTIN] entries, ';' separated, FACTOR in base "
           "units),serial_tracked (yes/no: each unit has a serial number that every document names; decimals 0),"
           "category (商品类别, for the reports by category)]");
  add_kind(*import, kLocations,
           "locations: code,kind[,name,parent,barcode,gln,rfid_tag,negative_stock,quarantine]; "
           "kind: site, warehouse (under a site), zone (under a warehouse or zone), bin (under a zone or "
           "warehouse; stock is held in bins); quarantine (yes/no): a bin whose stock is held for "
           "inspection, not available to issue");
  add_kind(*import, kThresholds, "thresholds: sku,location,min,max[,reorder]");
  add_kind(*import, kItemTags, "item-tags: epc (hex of a raw, non-GS1 tag),sku[,lot]: one row per tagged unit");
  add_import_opening(*import);
}

}  // namespace jxc::app
