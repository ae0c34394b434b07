// bench_reports: the reports' latency through the local HTTP API on a store
// that has run for years, beside a bare read of the rows each stands on.
//
// The dataset (bench/dataset.h with `days`): by default 10,000,000
// movements of 100,000 items over 500 bins in 1,095 days, receipts,
// transfers and issues, the daily totals and month ends folded as the
// writer keeps them. In one process the engine and the gateway's own
// HttpService on it; one client on loopback asks each report `--requests`
// times, one after the other (a manager waiting for a page), after two
// unmeasured asks. Per report, p50 and p99 of the whole answer (request
// written to last byte read), and the same of a bare SQLite read of the
// rows the report adds up (the month-end rows it opens from and the daily
// rows of its period, every column stepped through, nothing added): the
// ratio is what the report does beyond reading its rows. Once, for scale,
// the bare read of every daily row up to a period's end, which is what the
// reports would add up without the month ends.

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "bench/bench_util.h"
#include "bench/dataset.h"
#include "bench/http_load.h"
#include "edge/common/clock.h"
#include "edge/common/local_time.h"
#include "edge/config/config.h"
#include "edge/devices/health.h"
#include "edge/http/credentials.h"
#include "edge/http/http_service.h"
#include "edge/inventory/engine.h"
#include "edge/inventory/queries.h"
#include "edge/inventory/tx.h"
#include "edge/inventory/user_records.h"
#include "edge/metrics/registry.h"

namespace jxc::bench {
namespace {

namespace fs = std::filesystem;

struct Options {
  DatasetSpec spec{100'000, 500, 10'000'000, 1'095};
  std::string cache;
  std::string dir;
  int requests = 30;
  int only = 0;  // 1-based: that report alone
  bool verify = false;
};

struct Sample {
  double p50 = 0, p99 = 0;
  std::size_t bytes = 0;
};

Sample measure(int n, const std::function<std::size_t()>& once) {
  once();
  once();
  std::vector<double> ms;
  std::size_t bytes = 0;
  for (int i = 0; i < n; ++i) {
    const auto t0 = bench::Clock::now();
    bytes = once();
    ms.push_back(seconds_since(t0) * 1000);
  }
  std::sort(ms.begin(), ms.end());
  return {percentile(ms, 50), percentile(ms, 99), bytes};
}

/// Steps through every row `sql` (bound to `a`, `b`) returns, reading each
/// column; returns the rows.
std::size_t bare_read(sqlite3* db, const std::string& sql, std::int64_t a, std::int64_t b) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) die(sqlite3_errmsg(db));
  sqlite3_bind_int64(st, 1, a);
  sqlite3_bind_int64(st, 2, b);
  std::size_t rows = 0;
  std::int64_t sink = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    ++rows;
    for (int c = 0; c < sqlite3_column_count(st); ++c)
      sink += sqlite3_column_type(st, c) == SQLITE_TEXT ? sqlite3_column_bytes(st, c) : sqlite3_column_int64(st, c);
  }
  sqlite3_finalize(st);
  return rows + static_cast<std::size_t>(sink & 0);
}

constexpr const char* kMonthRows =
    "SELECT item_id, location_id, lot, qty, value FROM stock_months WHERE month_end=?1 AND ?2=?2";
constexpr const char* kDayRows =
    "SELECT day, item_id, location_id, lot, kind, qty_in, qty_out, value_in, value_out FROM stock_days "
    "WHERE day BETWEEN ?1 AND ?2";

}  // namespace
}  // namespace jxc::bench

int main(int argc, char** argv) {
  using namespace jxc;
  using namespace jxc::bench;
  Options o;
  CLI::App app{"The reports through the local HTTP API on a store of years, beside a bare read of their rows"};
  app.add_option("--items", o.spec.items, "items in the dataset")->check(CLI::PositiveNumber);
  app.add_option("--bins", o.spec.bins, "bins in the dataset")->check(CLI::Range(2, 100'000));
  app.add_option("--movements", o.spec.movements, "ledger rows in the dataset")->check(CLI::PositiveNumber);
  app.add_option("--days", o.spec.days, "days the ledger spans")->check(CLI::Range(62, 10'000));
  app.add_option("--cache", o.cache,
                 "keep the dataset at this path and reuse it when built with the same sizes (the run adds a user "
                 "and a token to it)");
  app.add_option("--dir", o.dir, "directory for the store (default: a disk-backed temp dir)");
  app.add_option("--requests", o.requests, "measured asks of each report")->check(CLI::Range(1, 10'000));
  app.add_flag("--verify", o.verify,
               "first check the store as `jxc-edge verify` does: balances, cost pools, daily totals and month "
               "ends against the ledger");
  app.add_option("--only", o.only, "only the report of this row (1 = the first)")->check(CLI::Range(1, 10));
  CLI11_PARSE(app, argc, argv);
  spdlog::set_level(spdlog::level::warn);

  std::printf("bench_reports: reports through the local HTTP API on a store of years\n");
  std::printf("machine:  %s\n", machine_line().c_str());
  std::printf("before:   %s\n", load_line().c_str());
  ScratchDir scratch(scratch_root(o.dir), "reports");
  const std::string path = o.cache.empty() ? scratch.file("jxc-edge.db") : fs::absolute(o.cache).string();
  if (!o.cache.empty()) fs::create_directories(fs::path(path).parent_path());
  Dataset d = open_dataset(path, o.spec, !o.cache.empty(), true);
  std::printf("dataset:  %s items, %zu bins, %s movements over %d days (%s)%s\n", thousands(o.spec.items).c_str(),
              d.bins.size(), thousands(static_cast<double>(o.spec.movements)).c_str(), o.spec.days,
              describe_filesystem(fs::path(path).parent_path()).c_str(),
              d.reused ? ", reused" : (", built in " + fixed(d.build_seconds, 0) + " s").c_str());

  if (o.verify) {
    const auto t0 = bench::Clock::now();
    auto q = inventory::Queries::open(path);
    if (!q) die("open queries: " + q.status().to_string());
    if (Status s = (*q)->verify(); !s) die("the dataset does not tie to its ledger: " + s.to_string());
    std::printf("verify:   balances, cost pools, daily totals and month ends tie to the ledger (%s s)\n",
                fixed(seconds_since(t0), 0).c_str());
  }
  auto zone = TimeZone::named(kDatasetZone);
  if (!zone) die(zone.status().to_string());
  inventory::EngineOptions eo;
  eo.store_path = path;
  eo.site_id = "S1";
  eo.site_zone = *zone;
  auto opened = inventory::Engine::open(eo);
  if (!opened) die("open engine: " + opened.status().to_string());
  auto engine = std::move(opened).value();
  auto hash = http::hash_password("bench-password");
  if (!hash) die("hash: " + hash.status().to_string());
  const std::string token = http::new_api_token();
  const std::string user = "bench-" + std::to_string(SystemClock::instance().now_ms());
  auto added = engine->run<std::int64_t>([&](inventory::Tx& tx) -> Result<std::int64_t> {
    JXC_TRY(inventory::add_user(tx, user, inventory::Role::manager, *hash));
    return inventory::add_api_token(tx, user, user, http::token_hash(token), 0);
  });
  if (!added) die("add user and token: " + added.status().to_string());

  config::Config config = config::defaults();
  config.store.path = path;
  config.site.timezone = kDatasetZone;
  config.http.enabled = true;
  config.http.address = "127.0.0.1";
  config.http.port = 0;
  const jxc::Clock& clock = SystemClock::instance();
  devices::HealthRegistry health(clock);
  metrics::Registry metrics;
  auto started = http::HttpService::start(config, *engine, health, metrics, clock);
  if (!started) die("start the HTTP service: " + started.status().to_string());
  auto service = std::move(started).value();
  service->set_ready(true);
  RawClient client(service->port());
  auto ask = [&](const std::string& target) {
    client.send("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n\r\n");
    auto r = client.read_reply(false);
    if (r.status != 200) die("GET " + target + " answered " + std::to_string(r.status) + ": " + r.body.substr(0, 300));
    return r.body.size();
  };

  // A month in the middle of the ledger, the month before the newest, and
  // the newest days (after the last closed month: read from the days).
  BareDb bare(path, true);
  const auto newest = static_cast<DayNumber>(bare.query_int("SELECT max(day) FROM stock_days"));
  const auto closed = static_cast<DayNumber>(bare.query_int("SELECT months_through FROM stock_stamp"));
  const DayNumber mid_last = last_of_month(newest - o.spec.days / 2), mid_first = first_of_month(mid_last);
  const DayNumber prev_last = first_of_month(newest) - 1, prev_first = first_of_month(prev_last);
  std::printf("store:    %s daily rows, %s month-end rows, months closed through %s, newest day %s\n\n",
              thousands(static_cast<double>(bare.query_int("SELECT count(*) FROM stock_days"))).c_str(),
              thousands(static_cast<double>(bare.query_int("SELECT count(*) FROM stock_months"))).c_str(),
              format_day(closed).c_str(), format_day(newest).c_str());

  struct Case {
    std::string name, target;
    DayNumber base, first, last;  // the month end it opens from; the days it reads
  };
  auto summary = [](DayNumber f, DayNumber l, const char* by) {
    return "/api/v1/reports/stock-movements?from=" + format_day(f) + "&to=" + format_day(l) + "&by=" + by;
  };
  const std::vector<Case> cases = {
      {"收发存汇总, a month mid-ledger, by item", summary(mid_first, mid_last, "item"), mid_first - 1, mid_first,
       mid_last},
      {"收发存汇总, the same month, by location", summary(mid_first, mid_last, "location"), mid_first - 1, mid_first,
       mid_last},
      {"收发存汇总, last month, by item", summary(prev_first, prev_last, "item"), prev_first - 1, prev_first,
       prev_last},
      {"收发存汇总, this month so far, by item", summary(first_of_month(newest), newest, "item"),
       first_of_month(newest) - 1, first_of_month(newest), newest},
      {"stock value as of a month-end mid-ledger", "/api/v1/stock/value?as_of=" + format_day(mid_last), mid_last,
       mid_last + 1, mid_last},
      {"stock value as of a mid-month day", "/api/v1/stock/value?as_of=" + format_day(mid_last - 15),
       first_of_month(mid_last) - 1, first_of_month(mid_last), mid_last - 15},
      {"库存周转, a month mid-ledger", "/api/v1/reports/turnover?from=" + format_day(mid_first) + "&to=" +
       format_day(mid_last), mid_first - 1, mid_first, mid_last},
      // ABC: the items held at the last closed month's end within the
      // period (stock at the start that does not move is still held
      // there), then the period's days.
      {"ABC/XYZ, the last 13 weeks", "/api/v1/reports/abc?from=" + format_day(newest - 90) + "&to=" +
       format_day(newest), closed, newest - 90, newest},
      // Ageing: the stock at the day's end, then each item's daily flows
      // back from the day until its stock is dated (the bare read: the rows
      // of that stock alone, as for the stock value as of the day).
      {"库龄, as of the newest day", "/api/v1/reports/ageing?as_of=" + format_day(newest),
       first_of_month(newest) - 1, first_of_month(newest), newest},
      {"库龄, as of a month-end mid-ledger", "/api/v1/reports/ageing?as_of=" + format_day(mid_last), mid_last,
       mid_last + 1, mid_last},
  };
  std::printf("%-44s %10s %10s %10s %12s %12s %8s\n", "report (one client, answers in full)", "p50 ms", "p99 ms",
              "bytes", "bare p50 ms", "bare rows", "ratio");
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    if (o.only != 0 && static_cast<std::size_t>(o.only) != i + 1) continue;
    const Sample api = measure(o.requests, [&] { return ask(c.target); });
    std::size_t rows = 0;
    const Sample raw = measure(o.requests, [&] {
      rows = bare_read(bare.get(), kMonthRows, c.base, 0) + bare_read(bare.get(), kDayRows, c.first, c.last);
      return rows;
    });
    std::printf("%-44s %10s %10s %10s %12s %12s %8s\n", c.name.c_str(), fixed(api.p50, 1).c_str(),
                fixed(api.p99, 1).c_str(), thousands(static_cast<double>(api.bytes)).c_str(),
                fixed(raw.p50, 1).c_str(), thousands(static_cast<double>(rows)).c_str(),
                fixed(api.p50 / raw.p50, 1).c_str());
  }
  // For scale: what the mid-ledger month would read without month ends.
  std::size_t all_rows = 0;
  const Sample all = measure(3, [&] { return all_rows = bare_read(bare.get(), kDayRows, INT32_MIN, mid_last); });
  std::printf("\nwithout month ends, the mid-ledger month would add up every daily row before it: a bare read of\n"
              "those %s rows takes %s ms (p50 of 3)\n",
              thousands(static_cast<double>(all_rows)).c_str(), fixed(all.p50, 0).c_str());
  std::printf("\nafter:    %s\n", load_line().c_str());
  std::printf("aim: <= 500 ms each (p50 and p99)\n");
  service->stop();
  engine->stop();
  return 0;
}
