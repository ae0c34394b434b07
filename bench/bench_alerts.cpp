// What the alert rules add to every committed movement: the evaluation the
// commit listener runs (index update + threshold comparisons) with 100,000
// items that all have thresholds, and durable movements per second through the
// engine with the rules on versus off, in the same run.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>

#include "bench/bench_util.h"
#include "bench/dataset.h"
#include "edge/alerts/alert_service.h"
#include "edge/inventory/engine.h"

namespace jxc::bench {
namespace {

struct Options {
  int items = 100'000;
  int samples = 200;
  int per_sample = 1000;
  int threads = 8;
  int movements = 4000;
  int rounds = 3;
  std::string dir;
};

// Per-movement evaluation cost: a transfer touches two bin balances of one item.
std::vector<double> evaluation_ns(alerts::AlertService& svc, const Dataset& d, const Options& o) {
  Rng rng(7);
  std::vector<double> samples;
  std::vector<alerts::Transition> out;
  inventory::CommitEffects e;
  e.balances.resize(2);
  for (int s = 0; s < o.samples; ++s) {
    auto t0 = Clock::now();
    for (int i = 0; i < o.per_sample; ++i) {
      const auto& [item, bin] = d.stocked[rng.below(d.stocked.size())];
      const auto& other = d.bins[(static_cast<std::size_t>(bin) + 1) % d.bins.size()];
      const inventory::Qty sign = (i & 1) ? 1 : -1;  // there and back: levels stay where they are
      e.balances[0] = {item, d.bins[static_cast<std::size_t>(bin)].id, "", -sign};
      e.balances[1] = {item, other.id, "", sign};
      svc.evaluate_only(e, out);
      out.clear();
    }
    samples.push_back(std::chrono::duration<double, std::nano>(Clock::now() - t0).count() / o.per_sample);
  }
  std::sort(samples.begin(), samples.end());
  return samples;
}

// Durable 1-line transfers per second from `threads` clients.
double movements_per_s(inventory::Engine& engine, const Dataset& d, const Options& o, std::uint64_t seed) {
  std::atomic<int> next{0};
  std::atomic<int> failed{0};
  auto t0 = Clock::now();
  std::vector<std::thread> ts;
  for (int t = 0; t < o.threads; ++t)
    ts.emplace_back([&, t] {
      Rng rng(seed + static_cast<std::uint64_t>(t));
      while (next.fetch_add(1) < o.movements) {
        const auto& [item, bin] = d.stocked[rng.below(d.stocked.size())];
        inventory::DocumentRequest r;
        r.type = inventory::DocType::transfer;
        r.from = d.bins[static_cast<std::size_t>(bin)].code;
        r.to = d.bins[(static_cast<std::size_t>(bin) + 1) % d.bins.size()].code;
        r.lines.push_back({dataset_sku(item), "", std::nullopt, 1, "", "", ""});
        r.source = "bench";
        if (!engine.post(std::move(r))) ++failed;
      }
    });
  for (auto& t : ts) t.join();
  double s = seconds_since(t0);
  if (failed > 0) std::printf("  (%d posts refused)\n", failed.load());
  return o.movements / s;
}

}  // namespace
}  // namespace jxc::bench

int main(int argc, char** argv) {
  using namespace jxc;
  using namespace jxc::bench;
  Options o;
  CLI::App app{"Cost of alert evaluation per committed movement, and movements/s with rules on vs off"};
  app.add_option("--items", o.items, "items, each with a threshold")->check(CLI::Range(100, 10'000'000));
  app.add_option("--samples", o.samples, "evaluation samples")->check(CLI::Range(10, 100000));
  app.add_option("--movements", o.movements, "durable movements per engine run")->check(CLI::PositiveNumber);
  app.add_option("--rounds", o.rounds, "alternating off/on engine runs; medians are printed")
      ->check(CLI::Range(1, 99));
  app.add_option("--threads", o.threads, "client threads posting")->check(CLI::Range(1, 256));
  app.add_option("--dir", o.dir, "directory for the store (default: a disk-backed temp dir)");
  CLI11_PARSE(app, argc, argv);

  auto root = scratch_root(o.dir);
  ScratchDir dir(root, "bench-alerts");
  std::printf("bench_alerts: alert rules per committed movement\n");
  std::printf("machine:  %s\n", machine_line().c_str());
  std::printf("before:   %s\n", load_line().c_str());
  std::printf("storage:  %s, %s; one 4 KiB append + fdatasync = %s ms\n", root.c_str(),
              describe_filesystem(root).c_str(), fixed(fdatasync_ms(root), 2).c_str());

  DatasetSpec spec;
  spec.items = o.items;
  spec.bins = 50;
  spec.movements = o.items * 2;
  Dataset d = open_dataset(dir.file("store.db"), spec, false, false);
  {
    // One threshold per item, on a bin that holds it; min 1 and a max far
    // above any level, so that evaluation runs every comparison and raises
    // (almost) nothing.
    BareDb db(d.path);
    db.exec("INSERT OR IGNORE INTO thresholds(item_id, location_id, min_qty, max_qty, reorder_qty) "
            "SELECT b.item_id, max(b.location_id), 1, 1000000000, 0 FROM balances b "
            "JOIN locations l ON l.id = b.location_id WHERE l.kind = 'bin' GROUP BY b.item_id");
  }
  inventory::EngineOptions eo;
  eo.store_path = d.path;
  eo.negative_stock = inventory::NegativePolicy::allow;  // random transfers may overdraw a bin

  // Rules off and on alternate, so that a change of load weighs on both; the
  // median of the rounds is reported.
  std::vector<double> offs, ons;
  std::vector<double> eval;
  std::size_t watches = 0;
  for (int round = 0; round < o.rounds; ++round) {
    {
      auto engine = inventory::Engine::open(eo);
      if (!engine) die(engine.status().to_string());
      offs.push_back(movements_per_s(**engine, d, o, 11 + static_cast<std::uint64_t>(round)));
    }
    auto engine = inventory::Engine::open(eo);
    if (!engine) die(engine.status().to_string());
    config::AlertsConfig cfg;
    auto svc = alerts::AlertService::create(**engine, d.path, cfg, SystemClock::instance());
    if (!svc) die(svc.status().to_string());
    auto t0 = bench::Clock::now();
    if (Status s = (*svc)->start(); !s) die(s.to_string());
    (void)(*svc)->flush();
    if (round == 0)
      std::printf("index:    %zu thresholds loaded in %s s\n", (*svc)->watch_count(),
                  fixed(seconds_since(t0), 2).c_str());
    watches = (*svc)->watch_count();
    ons.push_back(movements_per_s(**engine, d, o, 11 + static_cast<std::uint64_t>(round)));
    if (round == o.rounds - 1) eval = evaluation_ns(**svc, d, o);
    (*svc)->stop();
  }
  std::sort(offs.begin(), offs.end());
  std::sort(ons.begin(), ons.end());
  const double off = offs[offs.size() / 2], on = ons[ons.size() / 2];
  const double movement_ns = 1e9 / off;
  std::printf("after:    %s\n\n", load_line().c_str());
  std::printf("| figure | value | baseline (same run) | ratio |\n|---|---|---|---|\n");
  std::printf("| alert evaluation per movement, median (%zu thresholds, %d x %d transfers) | %s us "
              "| one durable movement, rules off: %s us | %s |\n",
              watches, o.samples, o.per_sample, fixed(percentile(eval, 50) / 1000, 3).c_str(),
              fixed(movement_ns / 1000, 1).c_str(), fixed(percentile(eval, 50) / movement_ns, 5).c_str());
  std::printf("| alert evaluation per movement, p99 | %s us | | |\n",
              fixed(percentile(eval, 99) / 1000, 3).c_str());
  std::printf("| durable movements/s, rules on (%d threads, %d transfers, median of %d) | %s | rules off: %s | %s |\n",
              o.threads, o.movements, o.rounds, thousands(on).c_str(), thousands(off).c_str(),
              fixed(on / off, 2).c_str());
  return 0;
}
