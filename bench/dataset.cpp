#include "bench/dataset.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <tuple>
#include <unordered_map>

#include "bench/bench_util.h"
#include "edge/identifiers/check_digit.h"
#include "edge/inventory/day_totals.h"
#include "edge/inventory/engine.h"
#include "edge/store/sqlite.h"

namespace jxc::bench {
namespace {

using namespace jxc::inventory;

std::string bin_code(int b) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "B-%03d", b + 1);
  return buf;
}

std::string doc_number(const char* prefix, std::int64_t n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s-%07lld", prefix, static_cast<long long>(n));
  return buf;
}

void remove_store(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(path + suffix);
}

/// Schema, epoch and locations through the engine itself.
void create_store(const std::string& path, const DatasetSpec& spec) {
  EngineOptions eo;
  eo.store_path = path;
  eo.site_id = "S1";
  auto opened = Engine::open(eo);
  if (!opened) die("open engine: " + opened.status().to_string());
  auto engine = std::move(opened).value();
  std::vector<Location> locs;
  auto add = [&](std::string c, LocationKind k, std::string parent) {
    Location l;
    l.code = std::move(c);
    l.kind = k;
    l.parent = std::move(parent);
    locs.push_back(std::move(l));
  };
  add("S1", LocationKind::site, "");
  add("W1", LocationKind::warehouse, "S1");
  add("A", LocationKind::zone, "W1");
  for (int b = 0; b < spec.bins; ++b) add(bin_code(b), LocationKind::bin, "A");
  if (auto r = engine->import_locations(locs); !r) die("import locations: " + r.status().to_string());
  engine->stop();
}

constexpr int kSupplier = -1, kCustomer = -2;  // the virtual ends, beside bin indexes

struct Move {
  int from = kSupplier, to = kSupplier;  // bin index, or a virtual end
  std::int64_t qty = 0;
};

struct Doc {
  const char* type;
  const char* prefix;
  std::int64_t at = 0;  // occurred_at, ms
  std::vector<Move> moves;
};

/// What an item's ledger leaves: the quantity in each bin, received, issued.
struct Held {
  std::map<int, std::int64_t> bins;
  std::int64_t total = 0, received = 0, issued = 0;
  std::vector<int> homes;  // the bins the item is kept in; empty: any
};

/// A bin for the item: one of its (distinct) homes, else any; never `except`.
int pick_bin(Rng& rng, int bins, const Held& h, int except) {
  if (h.homes.size() > 1 || (h.homes.size() == 1 && h.homes[0] != except)) {
    for (;;) {
      const int b = h.homes[rng.below(h.homes.size())];
      if (b != except) return b;
    }
  }
  int b = static_cast<int>(rng.below(static_cast<std::uint64_t>(except >= 0 ? bins - 1 : bins)));
  if (except >= 0 && b >= except) ++b;
  return b;
}

/// A receipt into a random bin, or (when anything is held) a transfer or an
/// issue of part of what a random bin holds.
Move next_move(Rng& rng, int bins, Held& h, bool issues, bool* is_receipt = nullptr) {
  const std::uint64_t pick = rng.below(10);
  if (h.total == 0 || pick < 4) {
    Move m{kSupplier, pick_bin(rng, bins, h, -1), 1 + static_cast<std::int64_t>(rng.below(100))};
    h.bins[m.to] += m.qty;
    h.total += m.qty;
    h.received += m.qty;
    if (is_receipt) *is_receipt = true;
    return m;
  }
  if (is_receipt) *is_receipt = false;
  std::vector<int> nonempty;
  for (auto& [b, q] : h.bins)
    if (q > 0) nonempty.push_back(b);
  const int from = nonempty[rng.below(nonempty.size())];
  Move m{from, kCustomer, 1 + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(h.bins[from])))};
  h.bins[from] -= m.qty;
  if (issues && pick >= 7) {
    h.total -= m.qty;
    h.issued += m.qty;
    return m;
  }
  m.to = pick_bin(rng, bins, h, from);
  h.bins[m.to] += m.qty;
  return m;
}

/// All of an item's `n` movements at one moment: one receipt and one
/// transfer document.
std::vector<Doc> ledger_at_once(Rng& rng, const DatasetSpec& spec, std::int64_t n, std::int64_t at, Held& h) {
  Doc receipts{"receipt", "RCV", at, {}}, transfers{"transfer", "TRF", at + 1000, {}};
  for (std::int64_t k = 0; k < n; ++k) {
    bool receipt = false;
    Move m = next_move(rng, spec.bins, h, false, &receipt);
    (receipt ? receipts : transfers).moves.push_back(m);
  }
  std::vector<Doc> out;
  for (Doc* d : {&receipts, &transfers})
    if (!d->moves.empty()) out.push_back(std::move(*d));
  return out;
}

/// An item's `n` movements over `spec.days` days before `end_ms`, kept in
/// two or three bins of its own: each at a random moment, in time order,
/// a document taking the movements after its first while they are of its
/// type (up to four lines, at its moment).
std::vector<Doc> ledger_over_days(Rng& rng, const DatasetSpec& spec, std::int64_t n, std::int64_t end_ms, Held& h) {
  constexpr std::int64_t kDayMs = 86'400'000;
  for (int k = 2 + static_cast<int>(rng.below(2)); k > 0; --k) {
    const int b = static_cast<int>(rng.below(static_cast<std::uint64_t>(spec.bins)));
    if (std::find(h.homes.begin(), h.homes.end(), b) == h.homes.end()) h.homes.push_back(b);
  }
  std::vector<std::int64_t> times(static_cast<std::size_t>(n));
  for (auto& t : times) t = end_ms - static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(spec.days * kDayMs)));
  std::sort(times.begin(), times.end());
  std::vector<Doc> out;
  for (std::size_t k = 0; k < times.size(); ++k) {
    Move m = next_move(rng, spec.bins, h, true);
    const bool receipt = m.from == kSupplier, issue = m.to == kCustomer;
    const bool joins = !out.empty() && out.back().moves.size() < 4 && k > 0 &&
                       (out.back().moves[0].from == kSupplier) == receipt &&
                       (out.back().moves[0].to == kCustomer) == issue;
    if (joins) {
      out.back().moves.push_back(m);
      continue;
    }
    out.push_back(Doc{receipt ? "receipt" : issue ? "issue" : "transfer", receipt ? "RCV" : issue ? "ISS" : "TRF",
                      times[k], {m}});
  }
  return out;
}

/// The daily totals and month ends as the writer keeps them, in the days of
/// kDatasetZone: folded a slice at a time, then every month closed.
void fold_day_totals_in(const std::string& path) {
  auto opened = store::Db::open(path, {});
  if (!opened) die("open the store to fold: " + opened.status().to_string());
  store::Db& db = **opened;
  auto zone = TimeZone::named(kDatasetZone);
  if (!zone) die(zone.status().to_string());
  for (bool more = true; more;) {
    if (auto s = db.exec("BEGIN IMMEDIATE"); !s) die(s.to_string());
    auto folded = fold_day_totals(db, *zone, 2'000'000);
    if (!folded) die("fold: " + folded.status().to_string());
    if (auto s = db.exec("COMMIT"); !s) die(s.to_string());
    more = folded->more;
  }
}

void bulk_load(const std::string& path, const DatasetSpec& spec) {
  BareDb db(path);
  // The build itself need not survive a crash: the file is thrown away if it
  // does not complete (the meta tag is written last).
  db.exec("PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF; PRAGMA cache_size=-262144");
  sqlite3* h = db.get();
  std::int64_t supplier = db.query_int("SELECT id FROM locations WHERE code='@SUPPLIER'");
  std::int64_t customer = db.query_int("SELECT id FROM locations WHERE code='@CUSTOMER'");
  std::vector<std::int64_t> bin_id(static_cast<std::size_t>(spec.bins));
  for (int b = 0; b < spec.bins; ++b)
    bin_id[static_cast<std::size_t>(b)] =
        db.query_int("SELECT id FROM locations WHERE code='" + bin_code(b) + "'");
  auto loc = [&](int b) {
    return b == kSupplier ? supplier : b == kCustomer ? customer : bin_id[static_cast<std::size_t>(b)];
  };

  // Every item as master data holds it: a base unit and a case of 12, each
  // with its GTIN, bought at 2.5 yuan a unit (the moving average stays there).
  constexpr std::int64_t kUnitCost = 25'000;  // Money: 1/10000 of the currency
  sqlite3_stmt* item = db.prepare("INSERT INTO items(id,sku,name,unit_cost) VALUES(?1,?2,?3,2.5)");
  sqlite3_stmt* pack = db.prepare("INSERT INTO item_packs(item_id,unit,factor) VALUES(?1,'EA',1),(?1,'CASE',12)");
  sqlite3_stmt* gtin = db.prepare("INSERT INTO item_gtins(gtin,item_id,unit) VALUES(?1,?3,'EA'),(?2,?3,'CASE')");
  sqlite3_stmt* cost = db.prepare("INSERT INTO stock_costs(item_id,lot,qty,value,unit_cost) VALUES(?1,'',?2,?3,?4)");
  sqlite3_stmt* doc = db.prepare(
      "INSERT INTO documents(id,type,number,state,source,occurred_at,created_at,confirmed_at,posted_at) "
      "VALUES(?1,?2,?3,'posted','bench',?4,?4,?4,?4)");
  sqlite3_stmt* line = db.prepare(
      "INSERT INTO document_lines(doc_id,line_no,item_id,lot,qty,from_location,to_location) "
      "VALUES(?1,?2,?3,'',?4,?5,?6)");
  sqlite3_stmt* mov = db.prepare(
      "INSERT INTO movements(doc_id,item_id,lot,from_location,to_location,qty,reason,source,"
      "occurred_at,recorded_at,idempotency_key,value) VALUES(?1,?2,'',?3,?4,?5,?6,'bench',?7,?7,?8,?9)");
  sqlite3_stmt* bal = db.prepare("INSERT INTO balances(item_id,location_id,lot,qty) VALUES(?1,?2,'',?3)");

  const std::int64_t base_ms = 1'795'000'000'000;  // 2026-11-17
  std::int64_t clock = 0, doc_id = 0;
  Rng rng(2026);
  const std::int64_t per_item = spec.movements / spec.items, extra = spec.movements % spec.items;
  db.exec("BEGIN");
  for (std::int64_t i = 1; i <= spec.items; ++i) {
    std::string sku = dataset_sku(i);
    sqlite3_bind_int64(item, 1, i);
    sqlite3_bind_text(item, 2, sku.c_str(), -1, SQLITE_TRANSIENT);
    std::string name = "Item " + std::to_string(i);
    sqlite3_bind_text(item, 3, name.c_str(), -1, SQLITE_TRANSIENT);
    step_done(h, item);
    sqlite3_bind_int64(pack, 1, i);
    step_done(h, pack);
    // GTIN-14s 0690000iiiiii? (each) and 1690000iiiiii? (case), check digit last.
    std::string each = "0690" + std::string(9 - std::to_string(i).size(), '0') + std::to_string(i);
    std::string case_gtin = "1" + each.substr(1);
    each += static_cast<char>('0' + identifiers::gs1_check_digit(each));
    case_gtin += static_cast<char>('0' + identifiers::gs1_check_digit(case_gtin));
    sqlite3_bind_text(gtin, 1, each.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(gtin, 2, case_gtin.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(gtin, 3, i);
    step_done(h, gtin);

    // This item's ledger: receipts into random bins, transfers of part of
    // what a bin holds to another bin, and (over days) issues of part of it
    // to customers. Never below zero.
    const std::int64_t n = per_item + (i <= extra ? 1 : 0);
    Held held;
    std::vector<Doc> docs = spec.days > 0 ? ledger_over_days(rng, spec, n, base_ms - 86'400'000, held)
                                          : ledger_at_once(rng, spec, n, base_ms + 2000 * clock++, held);
    std::int64_t doc_no = 0;
    for (const Doc& d : docs) {
      std::string number = doc_number(d.prefix, i) + (spec.days > 0 ? "-" + std::to_string(++doc_no) : "");
      sqlite3_bind_int64(doc, 1, ++doc_id);
      sqlite3_bind_text(doc, 2, d.type, -1, SQLITE_STATIC);
      sqlite3_bind_text(doc, 3, number.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(doc, 4, d.at);
      step_done(h, doc);
      std::int64_t line_no = 0;
      for (const Move& m : d.moves) {
        ++line_no;
        sqlite3_bind_int64(line, 1, doc_id);
        sqlite3_bind_int64(line, 2, line_no);
        sqlite3_bind_int64(line, 3, i);
        sqlite3_bind_int64(line, 4, m.qty);
        sqlite3_bind_int64(line, 5, loc(m.from));
        sqlite3_bind_int64(line, 6, loc(m.to));
        step_done(h, line);
        std::string key = number + "/" + std::to_string(line_no);
        sqlite3_bind_int64(mov, 1, doc_id);
        sqlite3_bind_int64(mov, 2, i);
        sqlite3_bind_int64(mov, 3, loc(m.from));
        sqlite3_bind_int64(mov, 4, loc(m.to));
        sqlite3_bind_int64(mov, 5, m.qty);
        sqlite3_bind_text(mov, 6, d.type, -1, SQLITE_STATIC);
        sqlite3_bind_int64(mov, 7, d.at);
        sqlite3_bind_text(mov, 8, key.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(mov, 9, m.qty * kUnitCost);
        step_done(h, mov);
      }
    }
    // Balances as the engine keeps them: one row per touched (item, location),
    // zero included, the virtual ends mirroring what came in and went out.
    std::vector<std::pair<std::int64_t, std::int64_t>> rows;
    if (held.received > 0) rows.emplace_back(supplier, -held.received);
    if (held.issued > 0) rows.emplace_back(customer, held.issued);
    for (auto& [b, q] : held.bins) rows.emplace_back(loc(b), q);
    std::sort(rows.begin(), rows.end());
    for (auto [l, q] : rows) {
      sqlite3_bind_int64(bal, 1, i);
      sqlite3_bind_int64(bal, 2, l);
      sqlite3_bind_int64(bal, 3, q);
      step_done(h, bal);
    }
    sqlite3_bind_int64(cost, 1, i);
    sqlite3_bind_int64(cost, 2, held.total);
    sqlite3_bind_int64(cost, 3, held.total * kUnitCost);
    sqlite3_bind_int64(cost, 4, kUnitCost);
    step_done(h, cost);
    if (i % 20'000 == 0) db.exec("COMMIT; BEGIN");
  }
  // Every pool above is as of the newest movement (cost_tail.h).
  db.exec("UPDATE stock_stamp SET costs_through=(SELECT coalesce(max(id),0) FROM movements)");
  db.exec("COMMIT");
  for (auto* st : {item, pack, gtin, cost, doc, line, mov, bal}) sqlite3_finalize(st);
  if (spec.days > 0) fold_day_totals_in(path);
  db.exec("INSERT INTO meta(key,value) VALUES('bench_dataset','" + spec.tag() + "')");
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

}  // namespace

std::string DatasetSpec::tag() const {
  return "items=" + std::to_string(items) + " bins=" + std::to_string(bins) +
         " movements=" + std::to_string(movements) + " packs gtins costs" +
         (days > 0 ? " days=" + std::to_string(days) + " issues totals " + kDatasetZone : "");
}

std::string dataset_sku(std::int64_t item_id) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "SKU-%07lld", static_cast<long long>(item_id));
  return buf;
}

Dataset open_dataset(const std::string& path, const DatasetSpec& spec, bool reuse, bool verbose) {
  if (spec.items < 1 || spec.bins < 2 || spec.movements < spec.items || spec.days < 0)
    die("dataset needs at least 1 item, 2 bins and one movement per item");
  Dataset d;
  d.path = path;
  if (reuse && std::filesystem::exists(path)) {
    BareDb db(path, true);
    sqlite3_stmt* st = db.prepare("SELECT value FROM meta WHERE key='bench_dataset'");
    if (sqlite3_step(st) == SQLITE_ROW &&
        reinterpret_cast<const char*>(sqlite3_column_text(st, 0)) == spec.tag())
      d.reused = true;
    sqlite3_finalize(st);
  }
  if (!d.reused) {
    if (verbose) std::printf("building dataset (%s) at %s ...\n", spec.tag().c_str(), path.c_str());
    std::fflush(stdout);
    auto t0 = Clock::now();
    remove_store(path);
    create_store(path, spec);
    bulk_load(path, spec);
    d.build_seconds = seconds_since(t0);
  } else if (verbose) {
    std::printf("reusing dataset (%s) at %s\n", spec.tag().c_str(), path.c_str());
  }

  BareDb db(path, true);
  std::unordered_map<std::int64_t, int> bin_index;
  sqlite3_stmt* bins = db.prepare("SELECT id, code FROM locations WHERE kind='bin' ORDER BY code");
  while (sqlite3_step(bins) == SQLITE_ROW) {
    bin_index[sqlite3_column_int64(bins, 0)] = static_cast<int>(d.bins.size());
    d.bins.push_back({sqlite3_column_int64(bins, 0),
                      reinterpret_cast<const char*>(sqlite3_column_text(bins, 1))});
  }
  sqlite3_finalize(bins);
  d.balances = db.query_int("SELECT count(*) FROM balances");
  sqlite3_stmt* st = db.prepare("SELECT item_id, location_id FROM balances");
  while (sqlite3_step(st) == SQLITE_ROW)
    if (auto it = bin_index.find(sqlite3_column_int64(st, 1)); it != bin_index.end())
      d.stocked.emplace_back(sqlite3_column_int64(st, 0), it->second);
  sqlite3_finalize(st);
  return d;
}

}  // namespace jxc::bench
