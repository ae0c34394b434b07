// bench_stock_query: latency of single-item stock queries through Queries on
// a large store (100,000 items, 50 bins, 1,000,000 ledger rows by default),
// beside bare prepared SELECTs on the balances table in the same run.
//
// Half of the lookups ask for an (item, bin) that has a balance row, half
// for a uniformly random pair (mostly none: an item sits in a few bins).
// Every row sees the same lookups in the same order, after a short warm-up.

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "bench/bench_util.h"
#include "bench/dataset.h"
#include "edge/inventory/queries.h"

namespace jxc::bench {
namespace {

using namespace jxc::inventory;

struct Options {
  DatasetSpec spec;
  std::int64_t lookups = 100'000;
  double max_seconds = 30;
  int warmup = 2'000;
  bool verify = true;
  std::string cache;  // reuse/keep the dataset at this path
  std::string dir;
};

struct Lookup {
  std::int64_t item_id;
  int bin;
  std::string sku;
};

struct Latency {
  std::string name;
  std::size_t n = 0;
  double p50 = 0, p99 = 0, max = 0, mean = 0, total_s = 0;
  bool cut_short = false;
  std::int64_t checksum = 0;  // sum of answers, to compare rows and keep the work observable
};

/// Runs `one(k)` for every lookup k (after up to `warmup` untimed calls, at
/// most a tenth of `max_seconds`), stopping early when `max_seconds` is
/// spent, and summarises per-call latency in µs.
Latency measure(const std::string& name, std::size_t count, int warmup, double max_seconds,
                const std::function<std::int64_t(std::size_t)>& one) {
  auto warm = Clock::now();
  for (int k = 0; k < warmup && count && seconds_since(warm) < max_seconds / 10; ++k)
    (void)one(static_cast<std::size_t>(k) % count);
  Latency l;
  l.name = name;
  std::vector<double> us;
  us.reserve(count);
  auto start = Clock::now();
  for (std::size_t k = 0; k < count; ++k) {
    auto t0 = Clock::now();
    l.checksum += one(k);
    auto t1 = Clock::now();
    us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    if (std::chrono::duration<double>(t1 - start).count() > max_seconds) {
      l.cut_short = true;
      break;
    }
  }
  l.total_s = seconds_since(start);
  l.n = us.size();
  double sum = 0;
  for (double v : us) sum += v;
  std::sort(us.begin(), us.end());
  l.p50 = percentile(us, 50);
  l.p99 = percentile(us, 99);
  l.max = us.empty() ? 0 : us.back();
  l.mean = l.n ? sum / static_cast<double>(l.n) : 0;
  return l;
}

constexpr const char* kRowFormat = "%-44s %8s %9s %9s %9s %9s %10s %9s %9s\n";

void print_header() {
  std::printf(kRowFormat, "query", "lookups", "p50 us", "p99 us", "max us", "mean us", "lookups/s",
              "ratio p50", "ratio p99");
}

/// A baseline row carries the ratio of the row it is the baseline of.
void print_row(const Latency& l, const Latency* measured) {
  std::string n = thousands(static_cast<double>(l.n)) + (l.cut_short ? "*" : "");
  std::string r50 = measured ? fixed(measured->p50 / l.p50, 1) : "";
  std::string r99 = measured ? fixed(measured->p99 / l.p99, 1) : "";
  std::printf(kRowFormat, l.name.c_str(), n.c_str(), fixed(l.p50, 1).c_str(), fixed(l.p99, 1).c_str(),
              fixed(l.max, 0).c_str(), fixed(l.mean, 1).c_str(),
              thousands(static_cast<double>(l.n) / l.total_s).c_str(), r50.c_str(), r99.c_str());
}

}  // namespace
}  // namespace jxc::bench

int main(int argc, char** argv) {
  using namespace jxc::bench;
  using namespace jxc::inventory;
  Options o;
  CLI::App app{"Single-item stock query latency through Queries on a large store, beside bare "
               "prepared SELECTs on the balances table"};
  app.add_option("--items", o.spec.items, "items in the dataset")->check(CLI::PositiveNumber);
  app.add_option("--bins", o.spec.bins, "bins in the dataset")->check(CLI::Range(2, 100'000));
  app.add_option("--movements", o.spec.movements, "ledger rows in the dataset")->check(CLI::PositiveNumber);
  app.add_option("--lookups", o.lookups, "timed lookups per row")->check(CLI::PositiveNumber);
  app.add_option("--max-seconds", o.max_seconds, "stop a row after this long (marked *)");
  app.add_flag("!--no-verify", o.verify, "skip the balance = sum(ledger) check of the dataset");
  app.add_option("--cache", o.cache,
                 "keep the dataset at this path and reuse it when it was built with the same sizes");
  app.add_option("--dir", o.dir, "directory for the dataset when not cached (default: a disk-backed temp dir)");
  CLI11_PARSE(app, argc, argv);

  std::printf("bench_stock_query: single-item stock query latency\n");
  std::printf("machine:  %s\n", machine_line().c_str());
  std::printf("before:   %s\n", load_line().c_str());
  auto root = scratch_root(o.dir);
  ScratchDir scratch(root, "stock");
  std::string path = o.cache.empty() ? scratch.file("jxc-edge.db") : std::filesystem::absolute(o.cache).string();
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::printf("storage:  %s\n", describe_filesystem(std::filesystem::path(path).parent_path()).c_str());
  Dataset d = open_dataset(path, o.spec, !o.cache.empty(), true);
  if (!d.reused)
    std::printf("dataset:  built in %s s (schema and locations through the engine, bulk rows by SQL)\n",
                fixed(d.build_seconds, 1).c_str());
  std::printf("dataset:  %s items, %zu bins, %s ledger rows, %s balance rows, %s MB\n",
              thousands(o.spec.items).c_str(), d.bins.size(),
              thousands(static_cast<double>(o.spec.movements)).c_str(),
              thousands(static_cast<double>(d.balances)).c_str(),
              fixed(static_cast<double>(std::filesystem::file_size(path)) / 1e6, 0).c_str());

  auto opened = Queries::open(path);
  if (!opened) die("open queries: " + opened.status().to_string());
  auto q = std::move(opened).value();
  if (o.verify) {
    auto t0 = Clock::now();
    if (jxc::Status s = q->verify(); !s) die("dataset is inconsistent: " + s.to_string());
    std::printf("verify:   balance = sum of ledger for every row, ok (%s s)\n", fixed(seconds_since(t0), 1).c_str());
  }

  // The same lookups for every row.
  Rng rng(7);
  std::vector<Lookup> lookups;
  lookups.reserve(static_cast<std::size_t>(o.lookups));
  for (std::int64_t k = 0; k < o.lookups; ++k) {
    Lookup l;
    if (k % 2 == 0 && !d.stocked.empty()) {
      auto& s = d.stocked[rng.below(d.stocked.size())];
      l.item_id = s.first;
      l.bin = s.second;
    } else {
      l.item_id = 1 + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(o.spec.items)));
      l.bin = static_cast<int>(rng.below(d.bins.size()));
    }
    l.sku = dataset_sku(l.item_id);
    lookups.push_back(std::move(l));
  }
  std::printf("lookups:  %s per row after %d untimed; half (item, bin) pairs that hold a balance row,\n"
              "          half uniformly random; page cache warm (the file was just %s)\n\n",
              thousands(static_cast<double>(o.lookups)).c_str(), o.warmup, d.reused ? "checked" : "written");

  auto n = lookups.size();
  Latency on_hand = measure("Queries::on_hand(sku, bin)", n, o.warmup, o.max_seconds, [&](std::size_t k) {
    const Lookup& l = lookups[k];
    auto r = q->on_hand(l.sku, d.bins[static_cast<std::size_t>(l.bin)].code);
    if (!r) die("on_hand: " + r.status().to_string());
    return static_cast<std::int64_t>(*r);
  });

  BareDb bare(path, true);
  sqlite3_stmt* by_ids = bare.prepare("SELECT qty FROM balances WHERE item_id=?1 AND location_id=?2 AND lot=''");
  Latency bare_on_hand = measure("  bare: SELECT qty FROM balances by ids", n, o.warmup, o.max_seconds,
                                 [&](std::size_t k) {
                                   const Lookup& l = lookups[k];
                                   sqlite3_bind_int64(by_ids, 1, l.item_id);
                                   sqlite3_bind_int64(by_ids, 2, d.bins[static_cast<std::size_t>(l.bin)].id);
                                   std::int64_t v = 0;
                                   if (sqlite3_step(by_ids) == SQLITE_ROW) v = sqlite3_column_int64(by_ids, 0);
                                   sqlite3_reset(by_ids);
                                   return v;
                                 });

  Latency stock = measure("Queries::stock({.sku})", n, o.warmup, o.max_seconds, [&](std::size_t k) {
    StockFilter f;
    f.sku = lookups[k].sku;
    auto r = q->stock(f);
    if (!r) die("stock: " + r.status().to_string());
    std::int64_t sum = 0;
    for (const auto& b : *r) sum += b.qty;
    return sum;
  });
  sqlite3_stmt* by_item = bare.prepare(
      "SELECT l.code, b.lot, b.qty FROM balances b JOIN locations l ON l.id=b.location_id "
      "WHERE b.item_id=(SELECT id FROM items WHERE sku=?1) AND l.kind<>'virtual' AND b.qty<>0 "
      "ORDER BY l.code, b.lot");
  Latency bare_stock = measure("  bare: same rows by sku, one SELECT", n, o.warmup, o.max_seconds,
                               [&](std::size_t k) {
                                 const std::string& sku = lookups[k].sku;
                                 sqlite3_bind_text(by_item, 1, sku.data(), static_cast<int>(sku.size()),
                                                   SQLITE_STATIC);
                                 std::int64_t sum = 0;
                                 while (sqlite3_step(by_item) == SQLITE_ROW) sum += sqlite3_column_int64(by_item, 2);
                                 sqlite3_reset(by_item);
                                 return sum;
                               });
  // What the engine's own statement costs once the sku filter is a plain
  // equality: Queries::stock's SQL with "(?1='' OR i.sku=?1)" replaced by
  // "i.sku=?1" (a statement of its own for the sku case).
  sqlite3_stmt* fixed_sql = bare.prepare(
      "WITH RECURSIVE scope(id) AS ("
      "  SELECT id FROM locations WHERE ?2='' OR code=?2"
      "  UNION SELECT l.id FROM locations l JOIN scope s ON l.parent_id=s.id WHERE ?2<>'')"
      "SELECT i.sku, l.code, b.lot, b.qty FROM balances b "
      "JOIN items i ON i.id=b.item_id JOIN locations l ON l.id=b.location_id "
      "WHERE i.sku=?1 AND b.location_id IN (SELECT id FROM scope) "
      "AND (?3 OR l.kind<>'virtual') AND (?4 OR b.qty<>0) "
      "ORDER BY i.sku, l.code, b.lot");
  Latency what_if = measure("  what-if: its SQL with i.sku=?1 alone", n, o.warmup, o.max_seconds,
                            [&](std::size_t k) {
                              const std::string& sku = lookups[k].sku;
                              sqlite3_bind_text(fixed_sql, 1, sku.data(), static_cast<int>(sku.size()),
                                                SQLITE_STATIC);
                              sqlite3_bind_text(fixed_sql, 2, "", 0, SQLITE_STATIC);
                              sqlite3_bind_int(fixed_sql, 3, 0);
                              sqlite3_bind_int(fixed_sql, 4, 0);
                              std::int64_t sum = 0;
                              while (sqlite3_step(fixed_sql) == SQLITE_ROW) sum += sqlite3_column_int64(fixed_sql, 3);
                              sqlite3_reset(fixed_sql);
                              return sum;
                            });
  sqlite3_finalize(by_ids);
  sqlite3_finalize(by_item);
  sqlite3_finalize(fixed_sql);

  print_header();
  print_row(on_hand, nullptr);
  print_row(bare_on_hand, &on_hand);
  print_row(stock, nullptr);
  print_row(bare_stock, &stock);
  print_row(what_if, nullptr);
  if (on_hand.checksum != bare_on_hand.checksum && !on_hand.cut_short && !bare_on_hand.cut_short)
    std::printf("!! on_hand and the bare SELECT disagree (sum %lld vs %lld)\n",
                static_cast<long long>(on_hand.checksum), static_cast<long long>(bare_on_hand.checksum));
  if (stock.checksum != bare_stock.checksum && !stock.cut_short && !bare_stock.cut_short)
    std::printf("!! stock and the bare SELECT disagree (sum %lld vs %lld)\n",
                static_cast<long long>(stock.checksum), static_cast<long long>(bare_stock.checksum));
  if (what_if.checksum != bare_stock.checksum && !what_if.cut_short && !bare_stock.cut_short)
    std::printf("!! the what-if SQL and the bare SELECT disagree\n");
  if (on_hand.cut_short || stock.cut_short || bare_stock.cut_short || bare_on_hand.cut_short ||
      what_if.cut_short)
    std::printf("* stopped after --max-seconds %s\n", fixed(o.max_seconds, 0).c_str());
  std::printf("\nafter:    %s\n", load_line().c_str());
  std::printf("ratio: the Queries call's latency / the bare SELECT's (on the bare row)\n"
              "aim: on_hand p99 < 1,000 us\n");
  return 0;
}
