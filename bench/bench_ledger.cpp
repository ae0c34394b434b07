// bench_ledger: durable stock movements per second through the inventory
// engine's group commit, beside bare SQLite insert loops that pay the same
// number of fsyncs.
//
// Each engine row opens a fresh store, then N client threads post documents
// through Engine::post at once, each waiting for its own durable commit as a
// device pipeline does. Single-line rows alternate a receipt (supplier ->
// dock bin) and the putaway transfer of what was received (dock -> storage
// bin); multi-line rows post receipts of L lines. The baselines insert the
// same number of movement rows with the same pragmas (WAL, synchronous=FULL),
// committing as many times as the engine did: alone, with the balance
// upserts and outbox row around them, and with every row the engine writes,
// into a store of the engine's own schema. --what-if adds, per row, the
// engine again with one of its choices undone: `savepoints` runs every request
// in its own savepoint from the start, `checkpoints` leaves checkpointing to
// SQLite inside the commits instead of the engine's checkpoint thread,
// `wal-writes` writes the log without the store's write buffer, `wal-limit`
// checkpoints per 1,000 pages of log as SQLite would, `writer-cache` gives the
// writer SQLite's default page cache. The baselines
// write through the same buffer as the engine, checkpoint after as many
// pages of log as the engine's checkpoint thread does, and have as large a
// page cache as its writer.

#include <CLI/CLI.hpp>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_util.h"
#include "edge/inventory/engine.h"
#include "edge/inventory/engine_tuning.h"
#include "edge/inventory/queries.h"
#include "edge/store/wal_write_buffer.h"
#include "edge/store/sqlite.h"

namespace jxc::bench {
namespace {

using namespace jxc::inventory;

/// The engine's log limit before it was raised: the thread woken per 1,000
/// pages, SQLite's wal_autocheckpoint.
constexpr int kSqliteLikeWalLimit = 4000;
/// SQLite's default page cache (cache_size=-2000).
constexpr int kSqliteDefaultCacheKib = 2000;

struct Options {
  std::vector<int> threads{8, 64, 256};
  std::int64_t movements = 50'000;
  int lines = 10;
  int items = 10'000;
  int docks = 16;
  int bins = 500;
  bool keys = true;
  bool keep = false;
  bool baselines = true;
  int repeat = 3;
  std::string what_if;  // "", "savepoints", "checkpoints", "wal-writes", "wal-limit", "writer-cache" or "day-totals"
  // Rows a further all-rows baseline leaves out: "virtual-balances", "lines", "requests".
  std::vector<std::string> rows_without;
  bool background_checkpoint = true;
  bool savepoint_every_request = false;
  bool coalesce_wal_writes = true;
  int wal_limit_pages = EngineOptions{}.wal_limit_pages;
  int writer_cache_kib = EngineTuning{}.writer_cache_kib;
  int day_totals_ms = EngineTuning{}.day_totals_every_ms;
  int day_totals_backlog = EngineTuning{}.day_totals_backlog;
  std::string dir;
};

std::string code(const char* prefix, int n, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%0*d", prefix, width, n);
  return buf;
}
std::string sku(int i) { return code("SKU-", i, 6); }
std::string dock(int i) { return code("DOCK-", i, 2); }
std::string bin(int i) { return code("A-", i, 3); }

void seed(Engine& e, const Options& o) {
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
  add("DOCK", LocationKind::zone, "W1");
  add("A", LocationKind::zone, "W1");
  for (int i = 1; i <= o.docks; ++i) add(dock(i), LocationKind::bin, "DOCK");
  for (int i = 1; i <= o.bins; ++i) add(bin(i), LocationKind::bin, "A");
  if (auto r = e.import_locations(locs); !r) die("import locations: " + r.status().to_string());
  std::vector<Item> items;
  items.reserve(static_cast<std::size_t>(o.items));
  for (int i = 1; i <= o.items; ++i) {
    Item it;
    it.sku = sku(i);
    it.name = "Item " + std::to_string(i);
    it.unit_cost = 1.5;
    items.push_back(std::move(it));
  }
  if (auto r = e.import_items(std::move(items)); !r) die("import items: " + r.status().to_string());
}

double cpu_seconds() {
  rusage ru{};
  ::getrusage(RUSAGE_SELF, &ru);
  auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6; };
  return s(ru.ru_utime) + s(ru.ru_stime);
}

struct EngineRun {
  int clients = 0;
  int lines = 1;
  std::int64_t docs = 0, movements = 0, commits = 0, failed = 0;
  double seconds = 0;
  double cpu_us_per_doc = 0;  // user + system CPU of the whole process (clients and writer)
  double writer_us_per_doc = 0;  // CPU of the engine's writer thread alone
  double p50_ms = 0, p99_ms = 0, max_ms = 0;
  std::int64_t payload_bytes = 0;  // mean outbox payload per document
  std::int64_t result_bytes = 0;   // mean stored result per idempotency record
  std::string first_error;
  double movements_per_s() const { return static_cast<double>(movements) / seconds; }
  double per_commit() const { return commits ? static_cast<double>(docs) / static_cast<double>(commits) : 0; }
};

EngineRun run_engine(const std::filesystem::path& root, const Options& o, int clients, int lines) {
  ScratchDir dir(root, "ledger", o.keep);
  EngineOptions eo;
  eo.store_path = dir.file("jxc-edge.db");
  eo.site_id = "S1";
  eo.wal_limit_pages = o.wal_limit_pages;
  EngineTuning tuning;
  tuning.background_checkpoint = o.background_checkpoint;
  tuning.savepoint_every_request = o.savepoint_every_request;
  tuning.coalesce_wal_writes = o.coalesce_wal_writes;
  tuning.writer_cache_kib = o.writer_cache_kib;
  tuning.day_totals_every_ms = o.day_totals_ms;
  tuning.day_totals_backlog = o.day_totals_backlog;
  auto opened = Engine::open(eo, SystemClock::instance(), tuning);
  if (!opened) die("open engine: " + opened.status().to_string());
  auto engine = std::move(opened).value();
  seed(*engine, o);

  EngineRun run;
  run.clients = clients;
  run.lines = lines;
  run.docs = o.movements / lines;
  if (run.docs == 0) die("--movements must be at least the lines per document");
  std::atomic<std::int64_t> next{0}, failed{0};
  std::mutex mu;
  std::vector<double> latencies_ms;
  latencies_ms.reserve(static_cast<std::size_t>(run.docs));

  auto client = [&](int t) {
    Rng rng(0x5eed0000u + static_cast<std::uint64_t>(t));
    std::vector<double> mine;
    std::string my_dock = dock(t % o.docks + 1);
    std::string source = "dev-" + std::to_string(t);
    std::int64_t n = 0;
    // A receipt's goods are put away by the next document of the same client.
    std::optional<DocLine> to_put_away;
    for (;;) {
      std::int64_t k = next.fetch_add(1);
      if (k >= run.docs) break;
      DocumentRequest req;
      req.source = source;
      if (lines == 1 && to_put_away) {
        req.type = DocType::transfer;
        req.from = my_dock;
        req.to = bin(static_cast<int>(rng.below(static_cast<std::uint64_t>(o.bins))) + 1);
        req.lines.push_back(*to_put_away);
        to_put_away.reset();
      } else {
        req.type = DocType::receipt;
        req.to = my_dock;
        for (int l = 0; l < lines; ++l) {
          DocLine line;
          // Distinct items within one document.
          int base = static_cast<int>(rng.below(static_cast<std::uint64_t>(o.items)));
          line.sku = sku((base + l * (o.items / lines)) % o.items + 1);
          line.qty = static_cast<Qty>(1 + rng.below(5));
          req.lines.push_back(std::move(line));
        }
        if (lines == 1) to_put_away = req.lines.front();
      }
      if (o.keys) req.idempotency_key = source + "-" + std::to_string(++n);
      auto t0 = Clock::now();
      auto r = engine->post(std::move(req));
      mine.push_back(seconds_since(t0) * 1e3);
      if (!r) {
        to_put_away.reset();
        if (failed.fetch_add(1) == 0) {
          std::lock_guard lock(mu);
          run.first_error = r.status().to_string();
        }
      }
    }
    std::lock_guard lock(mu);
    latencies_ms.insert(latencies_ms.end(), mine.begin(), mine.end());
  };

  Engine::Stats before = engine->stats();
  double cpu0 = cpu_seconds();
  auto t0 = Clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < clients; ++t) threads.emplace_back(client, t);
  for (auto& th : threads) th.join();
  run.seconds = seconds_since(t0);
  run.cpu_us_per_doc = (cpu_seconds() - cpu0) * 1e6 / static_cast<double>(run.docs);
  Engine::Stats after = engine->stats();

  run.commits = static_cast<std::int64_t>(after.commits - before.commits);
  run.writer_us_per_doc =
      static_cast<double>(after.writer_cpu_ns - before.writer_cpu_ns) * 1e-3 / static_cast<double>(run.docs);
  run.failed = failed.load();
  run.movements = (run.docs - run.failed) * lines;
  std::sort(latencies_ms.begin(), latencies_ms.end());
  run.p50_ms = percentile(latencies_ms, 50);
  run.p99_ms = percentile(latencies_ms, 99);
  run.max_ms = latencies_ms.empty() ? 0 : latencies_ms.back();
  if (static_cast<std::int64_t>(after.requests - before.requests) != run.docs)
    die("engine counted " + std::to_string(after.requests - before.requests) + " requests, expected " +
        std::to_string(run.docs));

  engine->stop();
  auto q = Queries::open(eo.store_path);
  if (!q) die("open queries: " + q.status().to_string());
  if (Status s = (*q)->verify(); !s) die("consistency check failed: " + s.to_string());
  auto avg = (*q)->db().query_int("SELECT CAST(avg(length(payload)) AS INTEGER) FROM outbox");
  run.payload_bytes = avg ? *avg : 0;
  auto avg_result = (*q)->db().query_int("SELECT CAST(avg(length(result)) AS INTEGER) FROM requests");
  run.result_bytes = avg_result ? *avg_result : 0;
  return run;
}

// ---- baselines ----

constexpr const char* kBareMovements = R"sql(
CREATE TABLE movements (
  id INTEGER PRIMARY KEY,
  doc_id INTEGER NOT NULL,
  item_id INTEGER NOT NULL,
  lot TEXT NOT NULL DEFAULT '',
  from_location INTEGER NOT NULL,
  to_location INTEGER NOT NULL,
  qty INTEGER NOT NULL CHECK (qty > 0),
  reason TEXT NOT NULL,
  source TEXT NOT NULL,
  occurred_at INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE,
  reverses INTEGER,
  flags TEXT NOT NULL DEFAULT ''
);
CREATE INDEX movements_item ON movements(item_id, id);
CREATE INDEX movements_doc ON movements(doc_id);
)sql";

constexpr const char* kBareBalancesOutbox = R"sql(
CREATE TABLE balances (
  item_id INTEGER NOT NULL,
  location_id INTEGER NOT NULL,
  lot TEXT NOT NULL DEFAULT '',
  qty INTEGER NOT NULL,
  PRIMARY KEY (item_id, location_id, lot)
) WITHOUT ROWID;
CREATE INDEX balances_location ON balances(location_id, item_id);
CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  occurred_at INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL,
  payload TEXT NOT NULL
);
)sql";

struct BareRun {
  std::int64_t movements = 0, commits = 0;
  double seconds = 0;
  double cpu_us_per_doc = 0;
  double movements_per_s() const { return static_cast<double>(movements) / seconds; }
};

/// Text of n bytes that is valid JSON, standing in for what the engine builds.
std::string json_of_size(std::int64_t n) {
  std::string s(static_cast<std::size_t>(std::max<std::int64_t>(n, 2)), 'x');
  s.front() = '{';
  s.back() = '}';
  return s;
}

/// Milliseconds since the epoch, as the engine stamps its rows.
std::int64_t wall_ms() {
  return static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count());
}

/// Time-ordered like the engine's UUIDv7 event ids: millisecond, then a
/// counter, then random bits.
std::string time_ordered_id(std::int64_t ms, std::int64_t counter, Rng& rng) {
  char id[48];
  std::snprintf(id, sizeof id, "%012llx-%08llx-%016llx", static_cast<unsigned long long>(ms),
                static_cast<unsigned long long>(counter), static_cast<unsigned long long>(rng.next()));
  return id;
}

/// Commits after document d (of docs) when an even spread of `commits` says
/// so: a baseline pays as many fsyncs as the engine run it stands beside.
void commit_on_spread(BareDb& db, std::int64_t d, std::int64_t docs, std::int64_t commits, BareRun& run) {
  if ((d + 1) * commits / docs == d * commits / docs) return;
  db.exec("COMMIT");
  ++run.commits;
  if (d + 1 < docs) db.exec("BEGIN");
}

/// Inserts the engine run's documents' worth of movement rows, committing
/// exactly `commits` times, spread evenly. `strict` adds what the engine
/// writes around each movement: both balance upserts, and one outbox row per
/// document with a payload of the engine's mean size.
BareRun run_bare(const std::filesystem::path& root, const Options& o, const EngineRun& e, bool strict) {
  ScratchDir dir(root, strict ? "bare-strict" : "bare", o.keep);
  // The same path to the disk as the engine's: its log writes gathered alike.
  BareDb db(dir.file("bare.db"), false, store::wal_write_buffer_vfs());
  // And the same length of log between checkpoints as the engine's thread
  // lets grow, so that neither copies a page changed by many commits more
  // often than the other.
  db.exec("PRAGMA wal_autocheckpoint=" + std::to_string(EngineOptions{}.wal_limit_pages / 4));
  // And the writer's page cache.
  db.exec("PRAGMA cache_size=-" + std::to_string(EngineTuning{}.writer_cache_kib));
  db.exec(kBareMovements);
  if (strict) db.exec(kBareBalancesOutbox);
  sqlite3* h = db.get();
  sqlite3_stmt* mov = db.prepare(
      "INSERT INTO movements(doc_id,item_id,lot,from_location,to_location,qty,reason,source,"
      "occurred_at,recorded_at,idempotency_key,reverses,flags) "
      "VALUES(?1,?2,'',?3,?4,?5,?6,?7,?8,?9,?10,NULL,'')");
  sqlite3_stmt* bal = nullptr;
  sqlite3_stmt* out = nullptr;
  if (strict) {
    bal = db.prepare(
        "INSERT INTO balances(item_id,location_id,lot,qty) VALUES(?1,?2,'',?3) "
        "ON CONFLICT DO UPDATE SET qty=qty+excluded.qty");
    out = db.prepare(
        "INSERT INTO outbox(event_id,type,occurred_at,recorded_at,payload) VALUES(?1,?2,?3,?4,?5)");
  }
  const std::string payload = json_of_size(e.payload_bytes);

  const std::int64_t docs = e.docs - e.failed, commits = std::max<std::int64_t>(e.commits, 1);
  const std::int64_t supplier = 1, first_dock = 10, first_bin = first_dock + o.docks + 10;
  Rng rng(42);
  BareRun run;
  double cpu0 = cpu_seconds();
  auto t0 = Clock::now();
  db.exec("BEGIN");
  for (std::int64_t d = 0; d < docs; ++d) {
    bool transfer = e.lines == 1 && d % 2 == 1;
    std::int64_t dock_id = first_dock + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(o.docks)));
    std::int64_t from = transfer ? dock_id : supplier;
    std::int64_t to = transfer ? first_bin + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(o.bins)))
                               : dock_id;
    std::int64_t now = wall_ms();
    const char* type = transfer ? "transfer" : "receipt";
    char number[32];
    std::snprintf(number, sizeof number, "%s-%06lld", transfer ? "TRF" : "RCV",
                  static_cast<long long>(d + 1));
    for (int l = 0; l < e.lines; ++l) {
      std::int64_t item = 1 + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(o.items)));
      std::int64_t qty = 1 + static_cast<std::int64_t>(rng.below(5));
      std::string key = std::string(number) + "/" + std::to_string(l + 1);
      sqlite3_bind_int64(mov, 1, d + 1);
      sqlite3_bind_int64(mov, 2, item);
      sqlite3_bind_int64(mov, 3, from);
      sqlite3_bind_int64(mov, 4, to);
      sqlite3_bind_int64(mov, 5, qty);
      sqlite3_bind_text(mov, 6, type, -1, SQLITE_STATIC);
      sqlite3_bind_text(mov, 7, "dev-3", -1, SQLITE_STATIC);
      sqlite3_bind_int64(mov, 8, now);
      sqlite3_bind_int64(mov, 9, now);
      sqlite3_bind_text(mov, 10, key.c_str(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
      step_done(h, mov);
      ++run.movements;
      if (strict) {
        for (auto [loc, delta] : {std::pair{from, -qty}, std::pair{to, qty}}) {
          sqlite3_bind_int64(bal, 1, item);
          sqlite3_bind_int64(bal, 2, loc);
          sqlite3_bind_int64(bal, 3, delta);
          step_done(h, bal);
        }
      }
    }
    if (strict) {
      const std::string uuid = time_ordered_id(now, d, rng);
      std::string event_type = std::string(type) + ".posted";
      sqlite3_bind_text(out, 1, uuid.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(out, 2, event_type.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(out, 3, now);
      sqlite3_bind_int64(out, 4, now);
      sqlite3_bind_text(out, 5, payload.data(), static_cast<int>(payload.size()), SQLITE_STATIC);
      step_done(h, out);
    }
    commit_on_spread(db, d, docs, commits, run);
  }
  run.seconds = seconds_since(t0);
  run.cpu_us_per_doc = (cpu_seconds() - cpu0) * 1e6 / static_cast<double>(docs);
  sqlite3_finalize(mov);
  sqlite3_finalize(bal);
  sqlite3_finalize(out);
  return run;
}

/// The third baseline: every row the engine writes for a document (the
/// document, its lines, the movements, both balance upserts per movement, the
/// outbox event and the idempotency record), into a store made by the
/// engine itself, so with its tables, indexes, foreign keys and triggers,
/// and with the engine's own INSERT statements, committing as often as the
/// engine did. Nothing else: no lookups, no validation, no JSON built (the
/// payload and the stored result are text of the engine run's mean sizes).
/// What the engine spends beyond it is its own work per request.
///
/// `without` leaves rows out, to price data-model choices the engine has not
/// made: "virtual-balances" (no balance rows for the supplier), "lines" (no
/// document lines beside the movements), "requests" (no idempotency record).
BareRun run_all_rows(const std::filesystem::path& root, const Options& o, const EngineRun& e,
                     const std::vector<std::string>& without = {}) {
  auto leaves_out = [&](const char* what) {
    return std::find(without.begin(), without.end(), what) != without.end();
  };
  const bool virtual_balances = !leaves_out("virtual-balances"), lines = !leaves_out("lines"),
             requests = !leaves_out("requests");
  ScratchDir dir(root, "bare-all", o.keep);
  const std::string path = dir.file("jxc-edge.db");
  {
    EngineOptions eo;
    eo.store_path = path;
    eo.site_id = "S1";
    auto opened = Engine::open(eo);
    if (!opened) die("open engine for the all-rows baseline: " + opened.status().to_string());
    seed(**opened, o);
    (*opened)->stop();
  }
  BareDb db(path, false, store::wal_write_buffer_vfs());
  db.exec("PRAGMA temp_store=MEMORY");
  db.exec("PRAGMA wal_autocheckpoint=" + std::to_string(EngineOptions{}.wal_limit_pages / 4));
  db.exec("PRAGMA cache_size=-" + std::to_string(EngineTuning{}.writer_cache_kib));
  auto ids = [&](const std::string& sql) {
    std::vector<std::int64_t> out;
    sqlite3_stmt* st = db.prepare(sql);
    while (sqlite3_step(st) == SQLITE_ROW) out.push_back(sqlite3_column_int64(st, 0));
    sqlite3_finalize(st);
    return out;
  };
  const std::int64_t supplier = db.query_int("SELECT id FROM locations WHERE code='@SUPPLIER'");
  const auto docks = ids("SELECT id FROM locations WHERE code LIKE 'DOCK-%' ORDER BY code");
  const auto bins = ids("SELECT id FROM locations WHERE code LIKE 'A-%' ORDER BY code");
  const auto items = ids("SELECT id FROM items ORDER BY sku");
  if (docks.empty() || bins.empty() || items.empty()) die("all-rows baseline: seeding failed");

  sqlite3* h = db.get();
  sqlite3_stmt* doc = db.prepare(
      "INSERT INTO documents(type,number,state,order_id,from_location,to_location,"
      "reason,source,note,close_order,needs_review,exceptions,occurred_at,created_at,"
      "posted_at) VALUES(?1,?2,'posted',NULL,?3,?4,'',?5,'',0,0,'[]',?6,?6,?6)");
  sqlite3_stmt* line = db.prepare(
      "INSERT INTO document_lines(doc_id,line_no,item_id,lot,expiry,qty,"
      "from_location,to_location,flag) VALUES(?1,?2,?3,'',NULL,?4,?5,?6,'')");
  sqlite3_stmt* mov = db.prepare(
      "INSERT INTO movements(doc_id,item_id,lot,from_location,to_location,qty,"
      "reason,source,occurred_at,recorded_at,idempotency_key,reverses,flags) "
      "VALUES(?1,?2,'',?3,?4,?5,?6,?7,?8,?8,?9,NULL,'')");
  sqlite3_stmt* bal = db.prepare(
      "INSERT INTO balances(item_id,location_id,lot,qty) VALUES(?1,?2,'',?3) "
      "ON CONFLICT DO UPDATE SET qty=qty+excluded.qty");
  sqlite3_stmt* out = db.prepare(
      "INSERT INTO outbox(event_id,type,occurred_at,recorded_at,payload) VALUES(?1,?2,?3,?3,?4)");
  sqlite3_stmt* req = db.prepare("INSERT INTO requests(key,doc_id,result,created_at) VALUES(?1,?2,?3,?4)");
  const std::string payload = json_of_size(e.payload_bytes), result = json_of_size(e.result_bytes);

  const std::int64_t docs = e.docs - e.failed, commits = std::max<std::int64_t>(e.commits, 1);
  const int clients = std::max(e.clients, 1);
  Rng rng(42);
  // Per client, the line its last receipt brought in: item and quantity.
  std::vector<std::pair<std::int64_t, std::int64_t>> received(static_cast<std::size_t>(clients));
  BareRun run;
  double cpu0 = cpu_seconds();
  auto t0 = Clock::now();
  db.exec("BEGIN");
  for (std::int64_t d = 0; d < docs; ++d) {
    // Document d comes from client d % clients, which alternates a receipt
    // and the putaway of what it received, as the engine run's clients do.
    const int client = static_cast<int>(d % clients);
    const std::int64_t nth = d / clients;
    const bool transfer = e.lines == 1 && nth % 2 == 1;
    const std::int64_t dock_id = docks[static_cast<std::size_t>(client) % docks.size()];
    const std::int64_t from = transfer ? dock_id : supplier;
    const std::int64_t to = transfer ? bins[rng.below(bins.size())] : dock_id;
    const std::int64_t now = wall_ms();
    const char* type = transfer ? "transfer" : "receipt";
    char number[32];
    std::snprintf(number, sizeof number, "%s-%06lld", transfer ? "TRF" : "RCV",
                  static_cast<long long>(d + 1));
    const std::string source = "dev-" + std::to_string(client);
    sqlite3_bind_text(doc, 1, type, -1, SQLITE_STATIC);
    sqlite3_bind_text(doc, 2, number, -1, SQLITE_STATIC);
    if (transfer) sqlite3_bind_int64(doc, 3, from); else sqlite3_bind_null(doc, 3);
    sqlite3_bind_int64(doc, 4, to);
    sqlite3_bind_text(doc, 5, source.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_int64(doc, 6, now);
    step_done(h, doc);
    const std::int64_t doc_id = sqlite3_last_insert_rowid(h);
    for (int l = 0; l < e.lines; ++l) {
      auto& last = received[static_cast<std::size_t>(client)];
      if (!transfer) last = {items[rng.below(items.size())], 1 + static_cast<std::int64_t>(rng.below(5))};
      const auto [item, qty] = last;
      if (lines) {
        sqlite3_bind_int64(line, 1, doc_id);
        sqlite3_bind_int64(line, 2, l + 1);
        sqlite3_bind_int64(line, 3, item);
        sqlite3_bind_int64(line, 4, qty);
        sqlite3_bind_int64(line, 5, from);
        sqlite3_bind_int64(line, 6, to);
        step_done(h, line);
      }
      const std::string key = std::string(number) + "/" + std::to_string(l + 1);
      sqlite3_bind_int64(mov, 1, doc_id);
      sqlite3_bind_int64(mov, 2, item);
      sqlite3_bind_int64(mov, 3, from);
      sqlite3_bind_int64(mov, 4, to);
      sqlite3_bind_int64(mov, 5, qty);
      sqlite3_bind_text(mov, 6, type, -1, SQLITE_STATIC);
      sqlite3_bind_text(mov, 7, source.c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_int64(mov, 8, now);
      sqlite3_bind_text(mov, 9, key.c_str(), -1, SQLITE_STATIC);
      step_done(h, mov);
      ++run.movements;
      for (auto [loc, delta] : {std::pair{from, -qty}, std::pair{to, qty}}) {
        if (loc == supplier && !virtual_balances) continue;
        sqlite3_bind_int64(bal, 1, item);
        sqlite3_bind_int64(bal, 2, loc);
        sqlite3_bind_int64(bal, 3, delta);
        step_done(h, bal);
      }
    }
    const std::string uuid = time_ordered_id(now, d, rng);
    const std::string event_type = std::string(type) + ".posted";
    sqlite3_bind_text(out, 1, uuid.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(out, 2, event_type.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_int64(out, 3, now);
    sqlite3_bind_text(out, 4, payload.data(), static_cast<int>(payload.size()), SQLITE_STATIC);
    step_done(h, out);
    if (o.keys && requests) {
      const std::string key = source + "-" + std::to_string(nth + 1);
      sqlite3_bind_text(req, 1, key.c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_int64(req, 2, doc_id);
      sqlite3_bind_text(req, 3, result.data(), static_cast<int>(result.size()), SQLITE_STATIC);
      sqlite3_bind_int64(req, 4, now);
      step_done(h, req);
    }
    commit_on_spread(db, d, docs, commits, run);
  }
  run.seconds = seconds_since(t0);
  run.cpu_us_per_doc = (cpu_seconds() - cpu0) * 1e6 / static_cast<double>(docs);
  for (sqlite3_stmt* st : {doc, line, mov, bal, out, req}) sqlite3_finalize(st);
  return run;
}

// ---- report ----

// Columns: what ran, how many clients posted at once, documents and movements
// written, COMMITs (= WAL fsyncs), documents per COMMIT, wall time, the
// figure, engine/baseline ratio, CPU per document (process, writer thread),
// post latency.
constexpr const char* kRowFormat = "%-42s %7s %8s %9s %7s %8s %7s %11s %6s %7s %7s %7s %7s\n";

void print_header() {
  std::printf(kRowFormat, "row", "clients", "docs", "movements", "commits", "docs/cmt", "seconds",
              "movements/s", "ratio", "cpu us", "writer", "p50 ms", "p99 ms");
  std::printf(kRowFormat, "", "", "", "", "", "", "", "", "", "/doc", "us/doc", "post", "post");
}

void print_engine(const std::string& name, const EngineRun& r, std::optional<double> ratio) {
  std::printf(kRowFormat, name.c_str(), std::to_string(r.clients).c_str(),
              thousands(static_cast<double>(r.docs)).c_str(),
              thousands(static_cast<double>(r.movements)).c_str(),
              thousands(static_cast<double>(r.commits)).c_str(), fixed(r.per_commit(), 1).c_str(),
              fixed(r.seconds, 2).c_str(), thousands(r.movements_per_s()).c_str(),
              ratio ? fixed(*ratio, 2).c_str() : "", thousands(r.cpu_us_per_doc).c_str(),
              fixed(r.writer_us_per_doc, 1).c_str(), fixed(r.p50_ms, 2).c_str(), fixed(r.p99_ms, 2).c_str());
}

void print_bare(const char* name, std::int64_t docs, const BareRun& b, double ratio) {
  double d = static_cast<double>(docs);
  std::printf(kRowFormat, name, "1", thousands(d).c_str(),
              thousands(static_cast<double>(b.movements)).c_str(),
              thousands(static_cast<double>(b.commits)).c_str(),
              fixed(b.commits ? d / static_cast<double>(b.commits) : 0, 1).c_str(),
              fixed(b.seconds, 2).c_str(), thousands(b.movements_per_s()).c_str(),
              fixed(ratio, 2).c_str(), thousands(b.cpu_us_per_doc).c_str(), "", "", "");
}

template <typename Run>
Run median_of(std::vector<Run> runs) {
  std::sort(runs.begin(), runs.end(),
            [](const Run& a, const Run& b) { return a.movements_per_s() < b.movements_per_s(); });
  return runs[runs.size() / 2];
}

double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

/// Engine rate / baseline rate of each run with the baseline run right after it.
template <typename A, typename B>
std::vector<double> ratios(const std::vector<A>& a, const std::vector<B>& b) {
  std::vector<double> r;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
    r.push_back(a[i].movements_per_s() / b[i].movements_per_s());
  return r;
}

template <typename Run>
std::string range_of(const std::vector<Run>& runs) {
  auto [lo, hi] = std::minmax_element(runs.begin(), runs.end(), [](const Run& a, const Run& b) {
    return a.movements_per_s() < b.movements_per_s();
  });
  return thousands(lo->movements_per_s()) + ".." + thousands(hi->movements_per_s());
}

std::string range_of(const std::vector<double>& v) {
  auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  return fixed(*lo, 2) + ".." + fixed(*hi, 2);
}

/// One engine row and its baselines, run `repeat` times in turn (engine,
/// bare, strict, all rows[, what-if], engine, ...) so that drift in the disk's fsync
/// latency hits them alike. Rates are the medians; a ratio is the median of
/// the per-run ratios of an engine run to the baseline run right after it.
void report(const std::filesystem::path& root, const Options& o, int clients, int lines) {
  std::vector<EngineRun> engines, what_ifs;
  std::vector<BareRun> plains, stricts, alls, fewers;
  for (int r = 0; r < o.repeat; ++r) {
    engines.push_back(run_engine(root, o, clients, lines));
    const EngineRun& e = engines.back();
    if (e.failed)
      std::printf("  !! %lld posts failed; first: %s\n", static_cast<long long>(e.failed),
                  e.first_error.c_str());
    if (!o.baselines) continue;
    plains.push_back(run_bare(root, o, e, false));
    stricts.push_back(run_bare(root, o, e, true));
    alls.push_back(run_all_rows(root, o, e));
    if (!o.rows_without.empty()) fewers.push_back(run_all_rows(root, o, e, o.rows_without));
    if (!o.what_if.empty()) {
      Options undone = o;
      if (o.what_if == "savepoints") undone.savepoint_every_request = true;
      if (o.what_if == "checkpoints") undone.background_checkpoint = false;
      if (o.what_if == "wal-writes") undone.coalesce_wal_writes = false;
      if (o.what_if == "wal-limit") undone.wal_limit_pages = kSqliteLikeWalLimit;
      if (o.what_if == "writer-cache") undone.writer_cache_kib = kSqliteDefaultCacheKib;
      if (o.what_if == "day-totals") undone.day_totals_ms = std::numeric_limits<int>::max();
      what_ifs.push_back(run_engine(root, undone, clients, lines));
    }
  }
  EngineRun e = median_of(engines);
  std::string name = "engine: " + std::to_string(lines) + "-line " +
                     (lines == 1 ? "receipt/transfer docs" : "receipts");
  print_engine(name, e, std::nullopt);
  if (!o.baselines) return;
  auto plain_ratio = ratios(engines, plains), strict_ratio = ratios(engines, stricts),
       all_ratio = ratios(engines, alls);
  std::int64_t docs = e.docs - e.failed;
  print_bare("  bare: movement rows, same commits", docs, median_of(plains), median_of(plain_ratio));
  print_bare("  bare: + 2 balance upserts + outbox row", docs, median_of(stricts), median_of(strict_ratio));
  print_bare("  bare: every row the engine writes", docs, median_of(alls), median_of(all_ratio));
  if (!o.rows_without.empty()) {
    std::string label = "  bare: all rows -";
    for (std::size_t i = 0; i < o.rows_without.size(); ++i)
      label += (i ? "," : " ") + (o.rows_without[i] == "virtual-balances" ? std::string("virt-bal")
                                                                          : o.rows_without[i]);
    print_bare(label.c_str(), docs, median_of(fewers), median_of(ratios(engines, fewers)));
  }
  std::vector<double> what_if_ratio;
  if (!o.what_if.empty()) {
    what_if_ratio = ratios(what_ifs, plains);
    const char* label = o.what_if == "savepoints"    ? "  what-if: a savepoint per request"
                        : o.what_if == "checkpoints" ? "  what-if: checkpoints inside COMMIT"
                        : o.what_if == "wal-limit"   ? "  what-if: log limit 4,000 pages"
                        : o.what_if == "writer-cache" ? "  what-if: writer cache 2 MB"
                        : o.what_if == "day-totals"   ? "  what-if: no daily totals"
                                                     : "  what-if: log written page by page";
    print_engine(label, median_of(what_ifs), median_of(what_if_ratio));
  }
  std::printf("  (outbox payload %lld bytes/doc", static_cast<long long>(e.payload_bytes));
  if (o.repeat > 1) {
    std::printf("; over %d runs, movements/s: engine %s, bare %s, bare+ %s, all rows %s", o.repeat,
                range_of(engines).c_str(), range_of(plains).c_str(), range_of(stricts).c_str(),
                range_of(alls).c_str());
    if (!o.what_if.empty()) std::printf(", what-if %s", range_of(what_ifs).c_str());
    std::printf("; ratios: %s, %s, %s", range_of(plain_ratio).c_str(), range_of(strict_ratio).c_str(),
                range_of(all_ratio).c_str());
    if (!o.what_if.empty()) std::printf(", %s", range_of(what_if_ratio).c_str());
  }
  std::printf(")\n");
  std::fflush(stdout);
}

}  // namespace
}  // namespace jxc::bench

int main(int argc, char** argv) {
  using namespace jxc::bench;
  Options o;
  CLI::App app{"Durable stock movements per second through the engine's group commit, "
               "beside bare SQLite insert loops with the same durability and commit count"};
  app.add_option("--threads", o.threads, "client thread counts, one row each (e.g. --threads 8,64)")
      ->delimiter(',');
  app.add_option("--movements", o.movements, "movements per row")->check(CLI::PositiveNumber);
  app.add_option("--lines", o.lines, "lines per receipt in the multi-line rows (0 or 1: no such rows)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--repeat", o.repeat, "runs per row; the median is printed")
      ->check(CLI::Range(1, 99));
  app.add_option("--items", o.items, "items in the store")->check(CLI::Range(100, 10'000'000));
  app.add_flag("!--no-keys", o.keys, "post without idempotency keys");
  app.add_option("--dir", o.dir, "directory for the stores (default: a disk-backed temp dir)");
  app.add_flag("--keep", o.keep, "keep the stores after the run");
  app.add_flag("!--no-baselines", o.baselines, "engine rows only (for profiling)");
  app.add_option("--what-if", o.what_if,
                 "add a row per engine row with one choice undone: 'savepoints' (every request "
                 "in its own savepoint from the start), 'checkpoints' (SQLite checkpointing "
                 "inside the commits, its default), 'wal-writes' (the write-ahead log "
                 "written frame by frame, without the store's write buffer) or 'wal-limit' "
                 "(the checkpoint thread woken per 1,000 pages of log, as SQLite would "
                 "checkpoint, and the writer stepping in at 4,000), 'writer-cache' (the "
                 "writer's page cache at SQLite's default 2,000 KiB) or 'day-totals' (the "
                 "ledger never folded into its daily totals)")
      ->check(CLI::IsMember({"savepoints", "checkpoints", "wal-writes", "wal-limit", "writer-cache", "day-totals"}));
  app.add_option("--day-totals-ms", o.day_totals_ms,
                 "how often the writer folds the ledger into its daily totals (engine default 10,000; "
                 "a row lasts seconds, so 1,000 counts their cost)");
  app.add_option("--day-totals-backlog", o.day_totals_backlog,
                 "movements the writer lets wait unfolded while busy (engine default 100,000); 0 folds "
                 "whenever due, as a burst past the backlog does")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--rows-without", o.rows_without,
                 "add a baseline that writes every row the engine writes but these, to price "
                 "data-model choices: 'virtual-balances' (no balance rows for virtual locations), "
                 "'lines' (no document lines beside the movements), 'requests' (no idempotency "
                 "record), comma-separated")
      ->delimiter(',')
      ->check(CLI::IsMember({"virtual-balances", "lines", "requests"}));
  CLI11_PARSE(app, argc, argv);
  if (o.threads.empty()) o.threads = {8};

  auto root = scratch_root(o.dir);
  std::printf("bench_ledger: durable stock movements per second (group commit)\n");
  std::printf("machine:  %s\n", machine_line().c_str());
  std::printf("before:   %s\n", load_line().c_str());
  std::printf("storage:  %s, %s; one 4 KiB append + fdatasync = %s ms\n", root.c_str(),
              describe_filesystem(root).c_str(), fixed(fdatasync_ms(root), 2).c_str());
  std::printf("durability: WAL, synchronous=FULL on every row; a post returns after its COMMIT\n");
  std::printf("workload: %s movements per row, %d items, %d dock + %d storage bins, idempotency keys %s;\n"
              "          1-line rows alternate a receipt (supplier->dock) and its putaway (dock->bin)\n",
              thousands(static_cast<double>(o.movements)).c_str(), o.items, o.docks, o.bins,
              o.keys ? "on" : "off");
  std::printf("baselines: one thread, the same documents' worth of rows and the same COMMIT count as\n"
              "           the engine run just before each; ratio = engine movements/s / baseline's\n");
  std::printf("runs:     each row is the median of %d runs (so commit counts of a row and its\n"
              "          baselines may come from different runs); a ratio is the median of per-run ratios\n\n",
              o.repeat);
  print_header();
  for (int t : o.threads) report(root, o, t, 1);
  if (o.lines > 1)
    for (int t : o.threads) report(root, o, t, o.lines);
  std::printf("\nafter:    %s; one 4 KiB append + fdatasync = %s ms\n", load_line().c_str(),
              fixed(fdatasync_ms(root), 2).c_str());
  std::printf("aim: >= 20,000 movements/s and ratio >= 0.5 against the bare movement loop\n");
  return 0;
}
