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
#include "edge/inventory/engine.h"

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

struct Move {
  int from = -1, to = -1;  // bin index; -1 = the supplier
  std::int64_t qty = 0;
};

void bulk_load(const std::string& path, const DatasetSpec& spec) {
  BareDb db(path);
  // The build itself need not survive a crash: the file is thrown away if it
  // does not complete (the meta tag is written last).
  db.exec("PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF; PRAGMA cache_size=-262144");
  sqlite3* h = db.get();
  std::int64_t supplier = db.query_int("SELECT id FROM locations WHERE code='@SUPPLIER'");
  std::vector<std::int64_t> bin_id(static_cast<std::size_t>(spec.bins));
  for (int b = 0; b < spec.bins; ++b)
    bin_id[static_cast<std::size_t>(b)] =
        db.query_int("SELECT id FROM locations WHERE code='" + bin_code(b) + "'");
  auto loc = [&](int b) { return b < 0 ? supplier : bin_id[static_cast<std::size_t>(b)]; };

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
    // what a bin holds to another bin. Never below zero.
    std::int64_t n = per_item + (i <= extra ? 1 : 0);
    std::map<int, std::int64_t> held;  // bin -> qty
    std::vector<Move> receipts, transfers;
    std::int64_t total = 0;
    for (std::int64_t k = 0; k < n; ++k) {
      if (total == 0 || rng.below(10) < 4) {
        Move m{-1, static_cast<int>(rng.below(static_cast<std::uint64_t>(spec.bins))),
               1 + static_cast<std::int64_t>(rng.below(100))};
        held[m.to] += m.qty;
        total += m.qty;
        receipts.push_back(m);
      } else {
        std::vector<int> nonempty;
        for (auto& [b, q] : held)
          if (q > 0) nonempty.push_back(b);
        int from = nonempty[rng.below(nonempty.size())];
        int to = static_cast<int>(rng.below(static_cast<std::uint64_t>(spec.bins - 1)));
        if (to >= from) ++to;
        Move m{from, to, 1 + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(held[from])))};
        held[from] -= m.qty;
        held[to] += m.qty;
        transfers.push_back(m);
      }
    }
    for (auto [moves, type, prefix] : {std::tuple{&receipts, "receipt", "RCV"},
                                       std::tuple{&transfers, "transfer", "TRF"}}) {
      if (moves->empty()) continue;
      std::int64_t at = base_ms + 1000 * clock++;
      std::string number = doc_number(prefix, i);
      sqlite3_bind_int64(doc, 1, ++doc_id);
      sqlite3_bind_text(doc, 2, type, -1, SQLITE_STATIC);
      sqlite3_bind_text(doc, 3, number.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(doc, 4, at);
      step_done(h, doc);
      std::int64_t line_no = 0;
      for (const Move& m : *moves) {
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
        sqlite3_bind_text(mov, 6, type, -1, SQLITE_STATIC);
        sqlite3_bind_int64(mov, 7, at);
        sqlite3_bind_text(mov, 8, key.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(mov, 9, m.qty * kUnitCost);
        step_done(h, mov);
      }
    }
    // Balances as the engine keeps them: one row per touched (item, location),
    // zero included, the supplier's mirroring what came in.
    std::int64_t received = 0;
    for (const Move& m : receipts) received += m.qty;
    std::vector<std::pair<std::int64_t, std::int64_t>> rows;
    if (!receipts.empty()) rows.emplace_back(supplier, -received);
    for (auto& [b, q] : held) rows.emplace_back(loc(b), q);
    std::sort(rows.begin(), rows.end());
    for (auto [l, q] : rows) {
      sqlite3_bind_int64(bal, 1, i);
      sqlite3_bind_int64(bal, 2, l);
      sqlite3_bind_int64(bal, 3, q);
      step_done(h, bal);
    }
    sqlite3_bind_int64(cost, 1, i);
    sqlite3_bind_int64(cost, 2, received);
    sqlite3_bind_int64(cost, 3, received * kUnitCost);
    sqlite3_bind_int64(cost, 4, kUnitCost);
    step_done(h, cost);
    if (i % 20'000 == 0) db.exec("COMMIT; BEGIN");
  }
  // Every pool above is as of the newest movement (cost_tail.h).
  db.exec("UPDATE stock_stamp SET costs_through=(SELECT coalesce(max(id),0) FROM movements)");
  db.exec("COMMIT");
  for (auto* st : {item, pack, gtin, cost, doc, line, mov, bal}) sqlite3_finalize(st);
  db.exec("INSERT INTO meta(key,value) VALUES('bench_dataset','" + spec.tag() + "')");
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

}  // namespace

std::string DatasetSpec::tag() const {
  return "items=" + std::to_string(items) + " bins=" + std::to_string(bins) +
         " movements=" + std::to_string(movements) + " packs gtins costs";
}

std::string dataset_sku(std::int64_t item_id) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "SKU-%07lld", static_cast<long long>(item_id));
  return buf;
}

Dataset open_dataset(const std::string& path, const DatasetSpec& spec, bool reuse, bool verbose) {
  if (spec.items < 1 || spec.bins < 2 || spec.movements < spec.items)
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
