// RFID read processing throughput on one core: EPC decoding, smoothing, door
// passes and cross-read settlement (PortalLogic), fed pre-built reports the
// way a driver delivers them, in reads per second. Beside it, two baselines
// over the very same reads in the same run: decoding every EPC and nothing
// else, and counting every EPC's bytes in a hash map (the least any
// per-tag processing must do).

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <random>
#include <tuple>
#include <unordered_map>

#include "bench/bench_util.h"
#include "edge/identifiers/epc.h"
#include "edge/rfid/portal.h"
#include "edge/rfid/test_tags.h"

using namespace jxc;
using Steady = jxc::bench::Clock;
using jxc::bench::seconds_since;

namespace {

struct Workload {
  std::vector<rfid::TagRead> reads;  // in time order
  std::vector<std::size_t> batch_ends;
  TimeMs span_ms = 0;
};

// Every door sees pallets of `tags` cases pass outside -> inside, each case
// read `per_tag` times over ~1.6 s, then stays quiet until the next pallet;
// one read in twenty is a weak stray below the floor, and each door also
// hears 5 % of its neighbour's tags weakly (cross-reads).
Workload make_workload(int doors, int pallets, int tags, int per_tag, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> rssi(-68, -40), jitter(0, 40);
  struct Ev {
    TimeMs at;
    int door;
    std::uint16_t antenna;
    std::int8_t rssi;
    std::uint64_t serial;
  };
  std::vector<Ev> evs;
  const TimeMs pallet_gap = 6000;
  for (int d = 0; d < doors; ++d)
    for (int p = 0; p < pallets; ++p) {
      TimeMs start = p * pallet_gap + d * 37;
      for (int t = 0; t < tags; ++t) {
        std::uint64_t serial = (static_cast<std::uint64_t>(d) << 32) | (static_cast<std::uint64_t>(p) << 16) | t;
        for (int r = 0; r < per_tag; ++r) {
          TimeMs at = start + r * (1600 / per_tag) + jitter(rng);
          std::uint16_t ant = r < per_tag / 2 ? 1 : 2;
          auto s = static_cast<std::int8_t>(r % 20 == 19 ? -85 : rssi(rng));
          evs.push_back({at, d, ant, s, serial});
          if (t % 20 == 0 && d + 1 < doors) evs.push_back({at + 3, d + 1, ant, static_cast<std::int8_t>(s - 15), serial});
        }
      }
    }
  // A reader reports what it saw in ~20 ms: order by report window, then reader.
  auto report_of = [](const Ev& e) { return std::make_tuple(e.at / 20, e.door / 4, e.at); };
  std::sort(evs.begin(), evs.end(), [&](const Ev& a, const Ev& b) { return report_of(a) < report_of(b); });
  Workload w;
  w.reads.reserve(evs.size());
  const TimeMs t0 = 1'764'000'000'000;
  for (const auto& e : evs) {
    // Four doors per reader, two antennas per door.
    std::string reader = "reader-" + std::to_string(e.door / 4);
    auto antenna = static_cast<std::uint16_t>((e.door % 4) * 2 + e.antenna);
    w.reads.push_back(rfid::testing::read_of(rfid::testing::sgtin96(6901234, 56789, e.serial & 0x3FFFFFFFFFULL),
                                             reader, antenna, e.rssi, t0 + e.at));
  }
  for (std::size_t i = 0; i < w.reads.size(); ++i) {
    bool last = i + 1 == w.reads.size();
    if (last || w.reads[i + 1].reader_id != w.reads[i].reader_id ||
        w.reads[i + 1].received_at / 20 != w.reads[i].received_at / 20)
      w.batch_ends.push_back(i + 1);
  }
  w.span_ms = evs.empty() ? 0 : evs.back().at + pallet_gap;
  return w;
}

config::PortalConfig portal_config(int doors) {
  config::PortalConfig c;
  for (int d = 0; d < doors; ++d) {
    config::PortalConfig::Door door;
    door.id = "door-" + std::to_string(d);
    door.location = "RECV-1";
    door.reader = "reader-" + std::to_string(d / 4);
    door.outside_antennas = {(d % 4) * 2 + 1};
    door.inside_antennas = {(d % 4) * 2 + 2};
    door.pass_idle_close_ms = 2000;
    c.doors.push_back(door);
  }
  return c;
}

struct Run {
  double seconds = 0;
  std::uint64_t passes = 0, tags = 0, ambiguous = 0;
};

Run run_pipeline(const Workload& w, const config::PortalConfig& c) {
  rfid::PortalLogic logic(c);
  Run out;
  auto t0 = Steady::now();
  std::size_t begin = 0;
  TimeMs next_tick = w.reads.front().received_at;
  for (std::size_t end : w.batch_ends) {
    const auto& first = w.reads[begin];
    logic.on_reads(first.reader_id, std::span(w.reads.data() + begin, end - begin), first.received_at);
    if (first.received_at >= next_tick) {
      logic.tick(first.received_at);
      next_tick = first.received_at + 50;
      for (auto& p : logic.take_passes()) {
        ++out.passes;
        out.tags += p.tags.size();
        out.ambiguous += p.ambiguous.size();
      }
    }
    begin = end;
  }
  logic.tick(w.reads.back().received_at + 60000);
  for (auto& p : logic.take_passes()) {
    ++out.passes;
    out.tags += p.tags.size();
    out.ambiguous += p.ambiguous.size();
  }
  out.seconds = seconds_since(t0);
  return out;
}

double run_decode_only(const Workload& w, std::uint64_t* sink) {
  auto t0 = Steady::now();
  for (const auto& r : w.reads) {
    auto e = identifiers::decode_epc(r.epc);
    *sink += e ? e->serial.size() : 1;
  }
  return seconds_since(t0);
}

double run_hash_only(const Workload& w, std::uint64_t* sink) {
  auto t0 = Steady::now();
  std::unordered_map<std::string, std::uint32_t> counts;
  for (const auto& r : w.reads)
    ++counts[std::string(reinterpret_cast<const char*>(r.epc.data()), r.epc.size())];
  *sink += counts.size();
  return seconds_since(t0);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"RFID read processing throughput (decode + smoothing + passes) on one core"};
  int doors = 24, pallets = 20, tags = 48, per_tag = 20, rounds = 3;
  app.add_option("--doors", doors, "dock doors (four per reader)")->check(CLI::Range(1, 400));
  app.add_option("--pallets", pallets, "pallets through each door")->check(CLI::Range(1, 1000));
  app.add_option("--tags", tags, "cases per pallet")->check(CLI::Range(1, 1000));
  app.add_option("--reads-per-tag", per_tag, "reads of each case during its pass")->check(CLI::Range(2, 200));
  app.add_option("--rounds", rounds, "timed rounds; the best is reported")->check(CLI::Range(1, 100));
  CLI11_PARSE(app, argc, argv);

  std::printf("%s\n%s\n", bench::machine_line().c_str(), bench::load_line().c_str());
  Workload w = make_workload(doors, pallets, tags, per_tag, 42);
  std::printf("workload: %d doors, %d pallets x %d cases each, %s reads in %zu reports\n", doors, pallets, tags,
              bench::thousands(static_cast<double>(w.reads.size())).c_str(), w.batch_ends.size());
  auto c = portal_config(doors);
  double best = 1e99, best_decode = 1e99, best_hash = 1e99;
  Run last;
  std::uint64_t sink = 0;
  for (int i = 0; i < rounds; ++i) {
    last = run_pipeline(w, c);
    best = std::min(best, last.seconds);
    best_decode = std::min(best_decode, run_decode_only(w, &sink));
    best_hash = std::min(best_hash, run_hash_only(w, &sink));
  }
  double n = static_cast<double>(w.reads.size());
  std::printf("passes %llu, tags counted %llu (expected %d), ambiguous %llu\n",
              static_cast<unsigned long long>(last.passes), static_cast<unsigned long long>(last.tags),
              doors * pallets * tags, static_cast<unsigned long long>(last.ambiguous));
  std::printf("%-44s %14s reads/s\n", "portal logic (decode+smooth+passes)", bench::thousands(n / best).c_str());
  std::printf("%-44s %14s reads/s  (portal = %s x)\n", "baseline: decode_epc of every read",
              bench::thousands(n / best_decode).c_str(), bench::fixed(best_decode / best, 2).c_str());
  std::printf("%-44s %14s reads/s  (portal = %s x)\n", "baseline: hash every EPC into a map",
              bench::thousands(n / best_hash).c_str(), bench::fixed(best_hash / best, 2).c_str());
  std::printf("(sink %llu)\n", static_cast<unsigned long long>(sink % 10));
  return 0;
}
