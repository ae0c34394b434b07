// bench_http_api: the local HTTP API under load, measured with wrk (Debian's
// `wrk`) on loopback, beside a minimal Beast server in the same run.
//
// In one process: a store of 100,000 items (the bench_stock_query dataset),
// the engine on it, and the gateway's own HttpService serving GET
// /api/v1/stock?sku=... with an API token; beside it a minimal Beast server
// with the same number of threads answering every request with a fixed body
// (a copy of one real stock answer). wrk drives both with the same Lua
// script, each request a random SKU. Per round:
//   1. lookups/s and p99 of the minimal server, then of the gateway;
//   2. receipts posted per second through POST /api/v1/documents ("post":
//      true, a unique Idempotency-Key each) alone, then while the lookup
//      load runs;
// and once at the end the process's resident memory before and after
// opening idle keep-alive connections (each after one lookup) and event
// stream subscribers (GET /api/v1/events), on raw sockets that hold no
// memory of their own in the process.

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_util.h"
#include "bench/dataset.h"
#include "bench/http_load.h"
#include "edge/common/clock.h"
#include "edge/config/config.h"
#include "edge/devices/health.h"
#include "edge/http/credentials.h"
#include "edge/http/http_service.h"
#include "edge/inventory/engine.h"
#include "edge/inventory/stock_cache.h"
#include "edge/inventory/tx.h"
#include "edge/inventory/user_records.h"
#include "edge/metrics/registry.h"

namespace jxc::bench {
namespace {

namespace fs = std::filesystem;

struct Options {
  DatasetSpec spec;
  std::string cache;
  std::string dir;
  std::string wrk = "wrk";
  int seconds = 10;
  int rounds = 3;
  int connections = 64;
  int wrk_threads = 2;
  int post_connections = 8;
  int http_threads = 2;
  int read_threads = 2;
  int lookup_cache_mb = 256;  // room for every item's answer in the dataset
  int http_nice = -1;  // -1: [http] nice's default
  bool idle_reads = false;
  std::int64_t reads_while_writing = -1;  // -1: [http] reads_while_writing's default
  int idle = 500;
  int sse = 50;
};

std::string get_request(const std::string& path, const std::string& token, const std::string& extra = "") {
  return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n" + extra + "\r\n";
}

// Every script numbers its threads (tid) as wrk sets them up.
const std::string kThreadIds = R"(local count = 0
function setup(thread)
  count = count + 1
  thread:set("tid", count)
end
)";

const std::string kLookupLua = "-- GET /api/v1/stock?sku=<a random one of args[1] items>\n" + kThreadIds + R"(function init(args)
  items = tonumber(args[1])
  math.randomseed(tid * 7919 + tonumber(args[2]))
end
function request()
  return wrk.format("GET", string.format("/api/v1/stock?sku=SKU-%07d", math.random(1, items)))
end
)";

const std::string kSweepLua =
    "-- GET /api/v1/stock?sku= of every one of args[1] items in turn, each of\n"
    "-- args[2] threads its own share (warms the gateway's kept answers)\n" +
    kThreadIds + R"(function init(args)
  local items, threads = tonumber(args[1]), tonumber(args[2])
  first = math.floor((tid - 1) * items / threads)
  share = math.floor(tid * items / threads) - first
  next_item = 0
end
function request()
  next_item = (next_item + 1) % share
  return wrk.format("GET", string.format("/api/v1/stock?sku=SKU-%07d", first + next_item + 1))
end
)";

const std::string kPostLua =
    "-- POST /api/v1/documents: a posted 1-line receipt of a random item into B-001\n" + kThreadIds + R"(function init(args)
  items = tonumber(args[1])
  run = args[2]
  auth = "Bearer " .. args[3]
  math.randomseed(tid * 104729 + #run)
  sent = 0
end
function request()
  sent = sent + 1
  local body = string.format(
    '{"type":"receipt","to":"B-001","post":true,"lines":[{"sku":"SKU-%07d","qty":1}]}', math.random(1, items))
  return wrk.format("POST", "/api/v1/documents", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = auth,
    ["Idempotency-Key"] = run .. "-" .. tid .. "-" .. sent,
  }, body)
end
)";

std::string lookup_args(const Options& o, const std::string& lua, std::uint16_t port, const std::string& token,
                        int seconds, int seed) {
  return "-t" + std::to_string(o.wrk_threads) + " -c" + std::to_string(o.connections) + " -d" +
         std::to_string(seconds) + "s --latency -s " + lua + " -H 'Authorization: Bearer " + token +
         "' http://127.0.0.1:" + std::to_string(port) + "/ -- " + std::to_string(o.spec.items) + " " +
         std::to_string(seed);
}

std::string post_args(const Options& o, const std::string& lua, std::uint16_t port, const std::string& token,
                      int seconds, const std::string& run) {
  return "-t1 -c" + std::to_string(o.post_connections) + " -d" + std::to_string(seconds) + "s --latency -s " + lua +
         " http://127.0.0.1:" + std::to_string(port) + "/ -- " + std::to_string(o.spec.items) + " " + run + " " +
         token;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  if (v.empty()) return 0;
  std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/// "12,345 (11,900–12,800)": the median of the rounds and their range.
std::string spread(const std::vector<double>& v, int digits) {
  auto fmt = [digits](double x) { return digits == 0 ? thousands(x) : fixed(x, digits); };
  auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  return fmt(median(v)) + " (" + fmt(*lo) + "-" + fmt(*hi) + ")";
}

struct Round {
  WrkResult fixed_srv, gateway, post_alone, post_loaded, lookups_during_posts;
  std::uint64_t gateway_hits = 0, gateway_misses = 0;  // kept answers during the gateway's lookups
  std::uint64_t mixed_hits = 0, mixed_misses = 0;      // and during the lookups beside posts
  double lookups_in_post_window = 0;  // lookups/s the gateway answered while the posts ran
};

/// `o.rounds` rounds of: `warm` (every item's answer kept again: the posts
/// of the round before dropped theirs), the minimal server's lookups, the
/// gateway's, posts alone, posts during lookups; each printed as it ends.
std::vector<Round> run_rounds(const Options& o, std::uint16_t port, std::uint16_t fixed_port, const std::string& token,
                              const std::string& lookup_lua, const std::string& post_lua,
                              inventory::StockCache& cache, const metrics::Counter& lookups_answered,
                              const std::function<void()>& warm) {
  std::vector<Round> rounds;
  for (int k = 0; k < o.rounds; ++k) {
    Round r;
    warm();
    r.fixed_srv = run_wrk(o.wrk, lookup_args(o, lookup_lua, fixed_port, token, o.seconds, 10 + k));
    const auto before = cache.stats();
    r.gateway = run_wrk(o.wrk, lookup_args(o, lookup_lua, port, token, o.seconds, 10 + k));
    const auto after = cache.stats();
    r.gateway_hits = after.hits - before.hits;
    r.gateway_misses = after.misses - before.misses;
    r.post_alone = run_wrk(o.wrk, post_args(o, post_lua, port, token, o.seconds, "alone" + std::to_string(k)));
    const auto before_mixed = cache.stats();
    std::thread lookups([&] {
      r.lookups_during_posts = run_wrk(o.wrk, lookup_args(o, lookup_lua, port, token, o.seconds + 2, 20 + k));
    });
    std::this_thread::sleep_for(std::chrono::seconds(1));
    const std::uint64_t answered_before = lookups_answered.value();
    const auto posts_from = std::chrono::steady_clock::now();
    r.post_loaded = run_wrk(o.wrk, post_args(o, post_lua, port, token, o.seconds, "loaded" + std::to_string(k)));
    r.lookups_in_post_window =
        static_cast<double>(lookups_answered.value() - answered_before) /
        std::chrono::duration<double>(std::chrono::steady_clock::now() - posts_from).count();
    lookups.join();
    const auto after_mixed = cache.stats();
    r.mixed_hits = after_mixed.hits - before_mixed.hits;
    r.mixed_misses = after_mixed.misses - before_mixed.misses;
    std::printf("round %d (%s)\n", k + 1, load_line().c_str());
    auto row = [](const char* what, const WrkResult& w) {
      std::printf("  %-34s %10s/s  p50 %7s ms  p99 %7s ms  non-2xx %ld  socket errors %ld\n", what,
                  thousands(w.rps).c_str(), fixed(w.p50_ms, 2).c_str(), fixed(w.p99_ms, 2).c_str(), w.non2xx,
                  w.socket_errors);
    };
    row("minimal server, fixed body", r.fixed_srv);
    row("gateway GET /api/v1/stock?sku=", r.gateway);
    row("gateway POST documents, alone", r.post_alone);
    row("gateway POST documents, lookups on", r.post_loaded);
    row("  the lookups, from 1 s before to 1 s after", r.lookups_during_posts);
    std::printf("  lookups answered while the posts ran %10s/s\n", thousands(r.lookups_in_post_window).c_str());
    std::printf("  lookups / minimal %s, posts loaded / alone %s\n", fixed(r.gateway.rps / r.fixed_srv.rps, 2).c_str(),
                fixed(r.post_loaded.rps / r.post_alone.rps, 2).c_str());
    const auto c = cache.stats();
    std::printf("  kept answers: %zu (%s kB); the gateway's lookups %s hits, %s misses; beside posts %s hits, %s "
                "misses; so far %s hits, %s misses, %s dropped-all\n",
                c.entries, thousands(static_cast<double>(c.bytes) / 1024).c_str(),
                thousands(static_cast<double>(r.gateway_hits)).c_str(),
                thousands(static_cast<double>(r.gateway_misses)).c_str(),
                thousands(static_cast<double>(r.mixed_hits)).c_str(),
                thousands(static_cast<double>(r.mixed_misses)).c_str(), thousands(static_cast<double>(c.hits)).c_str(),
                thousands(static_cast<double>(c.misses)).c_str(), thousands(static_cast<double>(c.drops_all)).c_str());
    std::fflush(stdout);
    rounds.push_back(std::move(r));
  }
  return rounds;
}

/// Medians and ranges over the rounds; the number of failed requests.
long print_summary(const Options& o, const std::vector<Round>& rounds, const std::string& path) {
  auto all = [&](auto f) {
    std::vector<double> v;
    for (const auto& r : rounds) v.push_back(f(r));
    return v;
  };
  std::printf("\nmedian (range) of %d round(s)\n", o.rounds);
  std::printf("  minimal server        %s req/s, p99 %s ms\n",
              spread(all([](const Round& r) { return r.fixed_srv.rps; }), 0).c_str(),
              spread(all([](const Round& r) { return r.fixed_srv.p99_ms; }), 2).c_str());
  std::printf("  gateway lookups       %s /s, p99 %s ms, ratio to minimal %s\n",
              spread(all([](const Round& r) { return r.gateway.rps; }), 0).c_str(),
              spread(all([](const Round& r) { return r.gateway.p99_ms; }), 2).c_str(),
              spread(all([](const Round& r) { return r.gateway.rps / r.fixed_srv.rps; }), 2).c_str());
  std::printf("  posts alone           %s /s, p99 %s ms\n",
              spread(all([](const Round& r) { return r.post_alone.rps; }), 0).c_str(),
              spread(all([](const Round& r) { return r.post_alone.p99_ms; }), 2).c_str());
  std::printf("  posts with lookups    %s /s, p99 %s ms, ratio to alone %s\n",
              spread(all([](const Round& r) { return r.post_loaded.rps; }), 0).c_str(),
              spread(all([](const Round& r) { return r.post_loaded.p99_ms; }), 2).c_str(),
              spread(all([](const Round& r) { return r.post_loaded.rps / r.post_alone.rps; }), 2).c_str());
  std::printf("  lookups meanwhile     %s /s answered while the posts ran\n",
              spread(all([](const Round& r) { return r.lookups_in_post_window; }), 0).c_str());
  long failed = 0;
  for (const auto& r : rounds)
    for (const WrkResult* w : {&r.fixed_srv, &r.gateway, &r.post_alone, &r.post_loaded, &r.lookups_during_posts})
      failed += w->non2xx + w->socket_errors;
  {
    BareDb db(path, true);
    std::printf("  documents posted through the API: %s in the store\n",
                thousands(static_cast<double>(
                              db.query_int("SELECT count(*) FROM documents WHERE source LIKE 'token:%'")))
                    .c_str());
  }
  return failed;
}

/// The process's resident set (the gateway's parts run in it) once idle,
/// then with `o.idle` kept-alive connections after one lookup each, then
/// with `o.sse` event streams; the clients hold only descriptors.
void measure_memory(const Options& o, std::uint16_t port, const std::string& token) {
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  const long rss_none = rss_kib();
  std::vector<RawClient> clients;
  clients.reserve(static_cast<std::size_t>(o.idle + o.sse));
  Rng rng(99);
  for (int i = 0; i < o.idle; ++i) {
    RawClient c(port);
    c.send(get_request("/api/v1/stock?sku=" + dataset_sku(1 + static_cast<std::int64_t>(rng.below(
                                                                   static_cast<std::uint64_t>(o.spec.items)))),
                       token));
    if (auto r = c.read_reply(false); r.status != 200)
      die("an idle connection's lookup answered " + std::to_string(r.status));
    clients.push_back(std::move(c));
  }
  std::this_thread::sleep_for(std::chrono::seconds(1));
  const long rss_idle = rss_kib();
  for (int i = 0; i < o.sse; ++i) {
    RawClient c(port);
    c.send(get_request("/api/v1/events", token, "Accept: text/event-stream\r\n"));
    if (auto r = c.read_reply(true); r.status != 200) die("GET /api/v1/events answered " + std::to_string(r.status));
    clients.push_back(std::move(c));
  }
  std::this_thread::sleep_for(std::chrono::seconds(1));
  const long rss_sse = rss_kib();
  auto mib = [](long kib) { return fixed(static_cast<double>(kib) / 1024, 1); };
  std::printf("\nanonymous resident memory (RssAnon) of this process (the gateway's HTTP service, engine, store\n"
              "connections and kept answers; the store's mapped pages are not counted)\n");
  std::printf("  idle, no client connections           %s MiB\n", mib(rss_none).c_str());
  std::printf("  + %d idle keep-alive connections     %s MiB  (+%s MiB, %s KiB each)\n", o.idle,
              mib(rss_idle).c_str(), mib(rss_idle - rss_none).c_str(),
              o.idle ? fixed(static_cast<double>(rss_idle - rss_none) / o.idle, 1).c_str() : "-");
  std::printf("  + %d event stream subscribers         %s MiB  (+%s MiB, %s KiB each)\n", o.sse, mib(rss_sse).c_str(),
              mib(rss_sse - rss_idle).c_str(),
              o.sse ? fixed(static_cast<double>(rss_sse - rss_idle) / o.sse, 1).c_str() : "-");
  std::printf("  ratio with all of them / with none    %s\n",
              fixed(static_cast<double>(rss_sse) / static_cast<double>(rss_none), 2).c_str());
}

}  // namespace
}  // namespace jxc::bench

int main(int argc, char** argv) {
  using namespace jxc;
  using namespace jxc::bench;
  Options o;
  CLI::App app{"The local HTTP API under wrk on loopback: stock lookups beside a minimal Beast server, posting "
               "with and without that load, and memory with idle connections and event streams"};
  app.add_option("--items", o.spec.items, "items in the dataset")->check(CLI::PositiveNumber);
  app.add_option("--bins", o.spec.bins, "bins in the dataset")->check(CLI::Range(2, 100'000));
  app.add_option("--movements", o.spec.movements, "ledger rows in the dataset")->check(CLI::PositiveNumber);
  app.add_option("--cache", o.cache,
                 "keep the dataset at this path and reuse it when built with the same sizes (the run works on a "
                 "copy)");
  app.add_option("--dir", o.dir, "directory for the store (default: a disk-backed temp dir)");
  app.add_option("--wrk", o.wrk, "the wrk program");
  app.add_option("--seconds", o.seconds, "length of each measured phase")->check(CLI::Range(1, 3600));
  app.add_option("--rounds", o.rounds, "rounds of every phase; medians and ranges are printed")
      ->check(CLI::Range(1, 100));
  app.add_option("--connections", o.connections, "wrk's keep-alive connections for lookups")
      ->check(CLI::Range(1, 10'000));
  app.add_option("--wrk-threads", o.wrk_threads, "wrk's threads for lookups")->check(CLI::Range(1, 64));
  app.add_option("--post-connections", o.post_connections, "wrk's connections posting receipts")
      ->check(CLI::Range(1, 1'000));
  app.add_option("--http-nice", o.http_nice, "[http] nice (default: its default)")->check(CLI::Range(-1, 19));
  app.add_flag("--idle-reads", o.idle_reads, "[http] idle_reads = true (the read threads under SCHED_IDLE)");
  app.add_option("--reads-while-writing", o.reads_while_writing,
                 "[http] reads_while_writing (default: its default; 0: reads never paced)")
      ->check(CLI::Range(-1, 1'000'000));
  app.add_option("--http-threads", o.http_threads, "[http] threads, and the minimal server's")
      ->check(CLI::Range(1, 64));
  app.add_option("--read-threads", o.read_threads, "[http] read_threads")->check(CLI::Range(1, 64));
  app.add_option("--lookup-cache-mb", o.lookup_cache_mb, "[http] lookup_cache_mb")->check(CLI::Range(0, 65536));
  app.add_option("--idle", o.idle, "idle keep-alive connections for the memory figure")->check(CLI::Range(0, 10'000));
  app.add_option("--sse", o.sse, "event stream subscribers for the memory figure")->check(CLI::Range(0, 1'000));
  CLI11_PARSE(app, argc, argv);
  spdlog::set_level(spdlog::level::warn);

  std::printf("bench_http_api: the local HTTP API under wrk on loopback\n");
  std::printf("machine:  %s\n", machine_line().c_str());
  std::printf("before:   %s\n", load_line().c_str());
  ScratchDir scratch(scratch_root(o.dir), "http");
  std::string path = scratch.file("jxc-edge.db");
  std::printf("storage:  %s, 4 KiB append + fdatasync %s ms\n", describe_filesystem(scratch.path()).c_str(),
              fixed(fdatasync_ms(scratch.path()), 2).c_str());
  {
    std::string built = o.cache.empty() ? path : fs::absolute(o.cache).string();
    if (!o.cache.empty()) fs::create_directories(fs::path(built).parent_path());
    Dataset d = open_dataset(built, o.spec, !o.cache.empty(), true);
    if (!o.cache.empty()) fs::copy_file(built, path);
    std::printf("dataset:  %s items, %zu bins, %s ledger rows, %s balance rows%s\n", thousands(o.spec.items).c_str(),
                d.bins.size(), thousands(static_cast<double>(o.spec.movements)).c_str(),
                thousands(static_cast<double>(d.balances)).c_str(),
                d.reused ? " (a copy of the cached file)" : "");
  }

  inventory::EngineOptions eo;
  eo.store_path = path;
  eo.site_id = "S1";
  auto opened = inventory::Engine::open(eo);
  if (!opened) die("open engine: " + opened.status().to_string());
  auto engine = std::move(opened).value();
  auto hash = http::hash_password("bench-password");
  if (!hash) die("hash: " + hash.status().to_string());
  const std::string token = http::new_api_token();
  auto added = engine->run<std::int64_t>([&](inventory::Tx& tx) -> Result<std::int64_t> {
    JXC_TRY(inventory::add_user(tx, "bench", inventory::Role::admin, *hash));
    return inventory::add_api_token(tx, "bench", "bench", http::token_hash(token), 0);
  });
  if (!added) die("add user and token: " + added.status().to_string());

  config::Config config = config::defaults();
  config.store.path = path;
  config.http.enabled = true;
  config.http.address = "127.0.0.1";
  config.http.port = 0;
  config.http.threads = o.http_threads;
  config.http.read_threads = o.read_threads;
  config.http.lookup_cache_mb = o.lookup_cache_mb;
  if (o.http_nice >= 0) config.http.nice = o.http_nice;
  config.http.idle_reads = o.idle_reads;
  if (o.reads_while_writing >= 0) config.http.reads_while_writing = o.reads_while_writing;
  config.http.max_connections = o.connections + o.post_connections + o.idle + o.sse + 16;
  config.http.max_event_subscribers = std::max<std::int64_t>(config.http.max_event_subscribers, o.sse);
  const jxc::Clock& clock = SystemClock::instance();
  devices::HealthRegistry health(clock);
  metrics::Registry metrics;
  auto started = http::HttpService::start(config, *engine, health, metrics, clock);
  if (!started) die("start the HTTP service: " + started.status().to_string());
  auto service = std::move(started).value();
  service->set_ready(true);
  const std::uint16_t port = service->port();

  // The minimal server answers with a copy of one real answer.
  std::string sample;
  {
    RawClient c(port);
    c.send(get_request("/api/v1/stock?sku=" + dataset_sku(1), token));
    auto r = c.read_reply(false);
    if (r.status != 200) die("GET /api/v1/stock answered " + std::to_string(r.status) + ": " + r.body);
    sample = r.body;
  }
  FixedServer fixed_server(o.http_threads, sample);
  std::printf("servers:  the gateway's HttpService on port %u, a minimal Beast server on port %u, %d threads each"
              " (the gateway's lookups on %d read threads, %s, answers kept in up to %d MiB);\n"
              "          the minimal one answers a fixed %zu-byte body (one real stock answer)\n",
              port, fixed_server.port(), o.http_threads, o.read_threads,
              config.http.idle_reads ? "SCHED_IDLE" : ("nice " + std::to_string(config.http.nice)).c_str(),
              o.lookup_cache_mb, sample.size());
  std::printf("          while posts are answered, lookups %s\n",
              config.http.reads_while_writing > 0
                  ? ("paced to " + thousands(static_cast<double>(config.http.reads_while_writing)) + "/s").c_str()
                  : "not paced");

  fs::path lookup_lua = scratch.path() / "lookup.lua", post_lua = scratch.path() / "post.lua";
  fs::path sweep_lua = scratch.path() / "sweep.lua";
  std::ofstream(lookup_lua) << kLookupLua;
  std::ofstream(post_lua) << kPostLua;
  std::ofstream(sweep_lua) << kSweepLua;
  std::printf("load:     wrk -t%d -c%d, %d s per phase, %d round(s); posts: wrk -t1 -c%d\n\n", o.wrk_threads,
              o.connections, o.seconds, o.rounds, o.post_connections);

  // Warm the page cache and the read connections, then before each round
  // the kept answers (every item looked up, each thread its own share,
  // several times over).
  run_wrk(o.wrk, lookup_args(o, lookup_lua.string(), port, token, 3, 1));
  auto warm = [&] {
    run_wrk(o.wrk, lookup_args(o, sweep_lua.string(), port, token,
                               static_cast<int>(std::max<std::int64_t>(3, o.spec.items / 10'000)), o.wrk_threads));
  };

  // The gateway's own count of the lookups it answered (its /metrics).
  const metrics::Counter& lookups_answered =
      metrics.counter("jxc_http_requests_total", "HTTP requests answered, by route, method and status",
                      {{"code", "200"}, {"method", "GET"}, {"route", "/api/v1/stock"}});
  std::vector<Round> rounds = run_rounds(o, port, fixed_server.port(), token, lookup_lua.string(),
                                         post_lua.string(), engine->stock_cache(), lookups_answered, warm);
  const long failed = print_summary(o, rounds, path);
  measure_memory(o, port, token);

  std::printf("\nafter:    %s\n", load_line().c_str());
  std::printf("aim: >= 20,000 lookups/s, p99 <= 5 ms, >= 0.5 x the minimal server; posts with lookups >= 0.9 x "
              "alone\n");
  if (failed) std::printf("!! %ld requests failed (non-2xx or socket errors)\n", failed);
  service->stop();
  engine->stop();
  return failed ? 1 : 0;
}
