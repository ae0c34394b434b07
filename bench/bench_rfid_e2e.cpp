// RFID end to end: several `jxc-hwsim rfid` processes play LLRP readers with
// sustained traffic (fresh cases passing their dock doors one pass after
// another) over real TCP; this process runs the gateway's own parts as the
// daemon wires them: the reader links from llrp::make_llrp_readers, the
// ReadPipeline and the Engine on a real SQLite store. Figures, each beside a
// baseline from the same run:
//   - reads the simulators sent, reads the links decoded, reads the pipeline
//     processed (nothing dropped = all equal), and the gateway's rate beside
//     decoding the same reports alone (next_frame + decode_tag_reports);
//   - pass settled -> document committed (a commit listener timestamps every
//     commit; the pipeline's booking listener says which commit holds which
//     document), p50/p99, beside a bare Engine::post of the same document;
//     and the pass's close (its last read + idle time) -> committed, which
//     adds the tick that notices the close;
//   - this process's resident memory, sampled every second.

#include <CLI/CLI.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <deque>
#include <regex>
#include <thread>

#include "bench/bench_util.h"
#include "drivers/rfid/encode.h"
#include "drivers/rfid/factory.h"
#include "drivers/rfid/reader_link.h"
#include "drivers/rfid/reports.h"
#include "edge/config/config.h"
#include "edge/devices/health.h"
#include "edge/identifiers/epc.h"
#include "edge/inventory/engine.h"
#include "edge/rfid/read_pipeline.h"
#include "edge/rfid/test_tags.h"
#include "tests/child_process.h"

using namespace jxc;
using namespace std::chrono_literals;
using Steady = std::chrono::steady_clock;

namespace {

struct Options {
  int simulators = 4;  // processes, one reader each
  int doors = 4;       // per reader
  double rate = 50000;  // reads/s, all simulators together
  int tags = 50, reads_per_tag = 10;
  int seconds = 30;
  int idle_ms = 60;
  int tick_ms = 5;
  int baseline_posts = 300;
  std::string scratch;
};

double rss_mb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  return 0;
}

std::string door_bin(int sim, int door) { return "D" + std::to_string(sim) + "-" + std::to_string(door); }

inventory::Order asn_of(const Options& o, const std::string& number, const std::string& door) {
  inventory::Order a;
  a.number = number;
  a.ref = "PO-" + number;
  a.partner = "Supplier";
  a.door = door;
  a.lines.push_back({"TEA-500", "", o.tags, 0, ""});
  return a;
}

void seed(inventory::Engine& e, const Options& o) {
  using inventory::Location;
  using inventory::LocationKind;
  std::vector<Location> locs = {{"S1", "Site", LocationKind::site, "", {}, {}, {}, {}},
                                {"W1", "Warehouse", LocationKind::warehouse, "S1", {}, {}, {}, {}},
                                {"RECV", "Receiving", LocationKind::zone, "W1", {}, {}, {}, {}}};
  for (int s = 0; s < o.simulators; ++s)
    for (int d = 0; d < o.doors; ++d) locs.push_back({door_bin(s, d), "", LocationKind::bin, "RECV", {}, {}, {}, {}});
  if (auto r = e.import_locations(locs); !r) bench::die("locations: " + r.status().to_string());
  inventory::Item tea;
  tea.sku = "TEA-500";
  tea.gtins = {"6901234567892"};  // sgtin96(6901234, 56789, *)
  if (auto r = e.import_items({tea}); !r) bench::die("items: " + r.status().to_string());
  // Each pass is a whole delivery (it closes its ASN), so every door gets a
  // queue of expected receipts of one pass's cases, with a margin: the
  // passes post as receipts, with movements and balances, as on a real dock.
  const double passes = o.rate * o.seconds / (static_cast<double>(o.tags) * o.reads_per_tag);
  const int per_door = static_cast<int>(passes / (o.simulators * o.doors) * 1.2) + 5;
  for (int s = 0; s < o.simulators; ++s)
    for (int d = 0; d < o.doors; ++d)
      for (int i = 0; i < per_door; ++i) {
        std::string door = "door-" + std::to_string(s) + "-" + std::to_string(d);
        if (auto st = e.upsert_order(asn_of(o, "ASN-" + door + "-" + std::to_string(i), door)); !st)
          bench::die("asn: " + st.to_string());
      }
  for (int i = 0; i < o.baseline_posts; ++i)
    if (auto st = e.upsert_order(asn_of(o, "ASN-bare-" + std::to_string(i), "bare")); !st)
      bench::die("asn: " + st.to_string());
}

std::string scenario_json(const Options& o, int sim) {
  // Serials of simulator s start at s << 32: no two simulators share a tag.
  auto base = rfid::testing::sgtin96(6901234, 56789, static_cast<std::uint64_t>(sim) << 32);
  std::string doors;
  for (int d = 0; d < o.doors; ++d)
    doors += (d ? "," : "") + std::string("[") + std::to_string(2 * d + 1) + "," + std::to_string(2 * d + 2) + "]";
  char buf[512];
  std::snprintf(buf, sizeof buf,
                R"({"id":"sim-%d","antennas":%d,"traffic":{"rate":%.3f,"doors":[%s],"epc_base":"%s",)"
                R"("tags_per_pass":%d,"reads_per_tag":%d,"tick_ms":5,"duration_ms":%d}})",
                sim, 2 * o.doors, o.rate / o.simulators, doors.c_str(), identifiers::epc_hex(base).c_str(), o.tags, o.reads_per_tag,
                o.seconds * 1000);
  return buf;
}

config::Config gateway_config(const Options& o, const std::string& store, const std::vector<int>& ports) {
  config::Config c;
  c.gateway.site = "S1";
  c.store.path = store;
  auto& p = c.portal;
  p.min_reads = 2;
  p.dedup_ms = 0;
  p.window_ms = 2000;
  p.departure_ms = 1000;  // tags never come back: forget them soon
  for (int s = 0; s < o.simulators; ++s) {
    config::RfidReader r;
    r.id = "sim-" + std::to_string(s);
    r.host = "127.0.0.1";
    r.port = ports[static_cast<std::size_t>(s)];
    c.rfid.readers.push_back(r);
    for (int d = 0; d < o.doors; ++d) {
      config::PortalConfig::Door door;
      door.id = "door-" + std::to_string(s) + "-" + std::to_string(d);
      door.location = door_bin(s, d);
      door.reader = r.id;
      door.outside_antennas = {2 * d + 1};
      door.inside_antennas = {2 * d + 2};
      door.pass_idle_close_ms = o.idle_ms;
      p.doors.push_back(door);
    }
  }
  return c;
}

/// Decoding the reports the simulators send, alone: the rate of the codec.
double decode_only_rate(const Options& o) {
  std::vector<std::uint8_t> buf;
  const int n = 200000, per_report = 100;
  std::vector<llrp::TagReport> tags;
  std::uint32_t id = 1;
  for (int i = 0; i < n; ++i) {
    llrp::TagReport t;
    t.epc = rfid::testing::sgtin96(6901234, 56789, static_cast<std::uint64_t>(i / o.reads_per_tag));
    t.epc_bits = 96;
    t.antenna = static_cast<std::uint16_t>(1 + i % 2);
    t.peak_rssi_dbm = -50;
    t.first_seen = t.last_seen = llrp::Timestamp{1'700'000'000'000'000ULL + static_cast<std::uint64_t>(i), true};
    t.seen_count = 1;
    t.channel_index = 1;
    t.rospec_id = 1;
    tags.push_back(std::move(t));
    if (tags.size() == per_report) {
      auto f = llrp::ro_access_report(id++, tags);
      buf.insert(buf.end(), f.begin(), f.end());
      tags.clear();
    }
  }
  double best = 1e300;
  std::vector<llrp::TagReport> out;
  for (int round = 0; round < 3; ++round) {
    auto t0 = Steady::now();
    std::span<const std::uint8_t> rest(buf);
    std::int64_t decoded = 0;
    while (!rest.empty()) {
      auto f = llrp::next_frame(rest);
      if (!f) bench::die("frame: " + f.status().to_string());
      out.clear();
      if (auto s = llrp::decode_tag_reports(*f, &out); !s) bench::die("decode: " + s.to_string());
      decoded += static_cast<std::int64_t>(out.size());
      rest = rest.subspan(f->size());
    }
    if (decoded != n) bench::die("decode-only baseline decoded " + std::to_string(decoded));
    best = std::min(best, bench::seconds_since(t0));
  }
  return n / best;
}

struct Sample {
  double p50 = 0, p99 = 0, max = 0;
  std::size_t n = 0;
};
Sample summarize(std::vector<double> v) {
  Sample s;
  s.n = v.size();
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  s.p50 = bench::percentile(v, 50);
  s.p99 = bench::percentile(v, 99);
  s.max = v.back();
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"RFID end to end: simulated LLRP readers over TCP -> reader links -> read pipeline -> store"};
  app.add_option("--simulators", o.simulators, "jxc-hwsim rfid processes, one reader each")->check(CLI::Range(1, 32));
  app.add_option("--doors", o.doors, "dock doors per reader")->check(CLI::Range(1, 16));
  app.add_option("--rate", o.rate, "reads per second, all simulators together")->check(CLI::Range(100.0, 1e7));
  app.add_option("--tags", o.tags, "cases per pass")->check(CLI::Range(1, 10000));
  app.add_option("--reads-per-tag", o.reads_per_tag, "reads of each case in its pass")->check(CLI::Range(2, 1000));
  app.add_option("--seconds", o.seconds, "how long the simulators send")->check(CLI::Range(1, 86400));
  app.add_option("--idle-ms", o.idle_ms, "a door's pass closes after this much silence")->check(CLI::Range(10, 60000));
  app.add_option("--tick-ms", o.tick_ms, "how often the pipeline checks pass timers")->check(CLI::Range(1, 1000));
  app.add_option("--baseline-posts", o.baseline_posts, "bare Engine::post calls for the baseline")
      ->check(CLI::Range(10, 100000));
  app.add_option("--scratch", o.scratch, "directory for the store (default: a disk-backed temp dir)");
  CLI11_PARSE(app, argc, argv);
  spdlog::set_level(spdlog::level::warn);  // one info line per document otherwise

  std::printf("%s\n%s\n", bench::machine_line().c_str(), bench::load_line().c_str());
  auto root = bench::scratch_root(o.scratch);
  bench::ScratchDir dir(root, "rfid-e2e");
  std::printf("store on %s\n", bench::describe_filesystem(dir.path()).c_str());
  const double per_pass = static_cast<double>(o.tags) * o.reads_per_tag;
  std::printf("traffic: %d simulators x %d doors, %s reads/s in all, passes of %d cases x %d reads, %d s\n",
              o.simulators, o.doors, bench::thousands(o.rate).c_str(), o.tags, o.reads_per_tag, o.seconds);
  const double quiet_ms = (o.doors - 1) * per_pass / (o.rate / o.simulators) * 1000.0;
  if (quiet_ms <= o.idle_ms)
    std::printf("WARNING: a door is quiet only %.0f ms between its passes (idle close %d ms): passes will merge\n",
                quiet_ms, o.idle_ms);

  // The store and the engine, as the daemon opens them.
  const std::string store = dir.file("store.db");
  inventory::EngineOptions eo;
  eo.store_path = store;
  eo.site_id = "S1";
  auto engine_r = inventory::Engine::open(eo);
  if (!engine_r) bench::die("engine: " + engine_r.status().to_string());
  auto engine = std::move(engine_r).value();
  seed(*engine, o);

  // Every commit, timestamped on the writer thread; forgotten once the
  // documents it holds are booked. Latency samples go into storage sized and
  // touched before the traffic starts. So the bench's own records do not show
  // up as growth in the resident memory it samples.
  std::mutex mu;
  struct Commit {
    std::int64_t seq;  // last outbox seq of the batch
    Steady::time_point at;
    TimeMs wall;
  };
  std::deque<Commit> commits;
  const auto expected_passes =
      static_cast<std::size_t>(o.rate * o.seconds / (static_cast<double>(o.tags) * o.reads_per_tag) * 1.5) + 1000;
  std::vector<double> settled_ms(expected_passes), closed_ms(expected_passes);
  std::size_t booked = 0;
  engine->add_commit_listener([&](const inventory::CommitEffects& e) {
    if (e.events == 0) return;
    Commit c{e.last_seq, Steady::now(), SystemClock::instance().now_ms()};
    std::lock_guard<std::mutex> l(mu);
    commits.push_back(c);
  });

  // The simulators.
  std::vector<std::unique_ptr<jxc::testing::Child>> sims;
  std::vector<int> ports;
  for (int s = 0; s < o.simulators; ++s) {
    std::string path = dir.file("sim-" + std::to_string(s) + ".json");
    std::ofstream(path) << scenario_json(o, s);
    jxc::testing::ChildSpec spec;
    spec.argv = {std::string(JXC_BENCH_BIN_DIR) + "/jxc-hwsim", "rfid", "--scenario", path, "--port", "0"};
    sims.push_back(std::make_unique<jxc::testing::Child>(spec));
    const std::regex line("listening sim-" + std::to_string(s) + " (\\d+)\n");
    std::smatch m;
    auto deadline = jxc::testing::after(20s);
    std::string out;
    while (!std::regex_search(out = sims.back()->output(), m, line)) {
      if (Steady::now() > deadline) bench::die("simulator did not start: " + out);
      sims.back()->wait_for_output("\x01", jxc::testing::after(50ms));
    }
    ports.push_back(std::stoi(m[1]));
  }

  // The gateway's parts, built by the daemon's own factories.
  config::Config cfg = gateway_config(o, store, ports);
  boost::asio::io_context io;
  devices::HealthRegistry health(SystemClock::instance());
  devices::DeviceContext ctx{io, health, *engine, store, cfg, SystemClock::instance()};
  auto pipeline_r = rfid::ReadPipeline::create(ctx);
  if (!pipeline_r) bench::die("pipeline: " + pipeline_r.status().to_string());
  auto pipeline = std::move(pipeline_r).value();
  pipeline->set_tick_interval(std::chrono::milliseconds(o.tick_ms));
  // Which commit holds each document: the first whose last outbox seq reaches
  // it. The pipeline books one document after another, so earlier commits are
  // done with.
  pipeline->set_booking_listener([&](const rfid::ReadPipeline::Booking& b) {
    if (b.result.last_seq == 0) return;
    std::lock_guard<std::mutex> l(mu);
    auto it = std::lower_bound(commits.begin(), commits.end(), b.result.last_seq,
                               [](const Commit& c, std::int64_t seq) { return c.seq < seq; });
    if (it == commits.end()) return;
    if (booked < expected_passes) {
      settled_ms[booked] = std::chrono::duration<double, std::milli>(it->at - b.settled).count();
      closed_ms[booked] = static_cast<double>(it->wall - b.closed_at);
      ++booked;
    }
    commits.erase(commits.begin(), it);
  });
  auto links_r = llrp::make_llrp_readers(ctx, *pipeline);
  if (!links_r) bench::die("readers: " + links_r.status().to_string());
  auto links = std::move(links_r).value();
  auto received = [&] {
    std::uint64_t n = 0;
    for (auto& l : links) n += static_cast<llrp::ReaderLink&>(*l).reads_delivered();
    return n;
  };

  pipeline->start();
  for (auto& l : links) l->start();
  const auto t0 = Steady::now();
  std::vector<double> rss;
  std::uint64_t sent = 0, passes_sent = 0;
  std::vector<bool> done(sims.size(), false);
  int finished = 0;
  const auto limit = t0 + std::chrono::seconds(o.seconds + 60);
  while (finished < o.simulators) {
    std::this_thread::sleep_for(1s);  // the RSS sampling period, not a wait for a condition
    rss.push_back(rss_mb());
    for (std::size_t s = 0; s < sims.size(); ++s) {
      if (done[s]) continue;
      sims[s]->wait_for_output("\x01", jxc::testing::after(1ms));
      std::smatch m;
      const std::regex line("traffic-done sim-" + std::to_string(s) + " (\\d+) (\\d+)\n");
      std::string out = sims[s]->output();
      if (std::regex_search(out, m, line)) {
        done[s] = true;
        ++finished;
        sent += std::stoull(m[1]);
        passes_sent += std::stoull(m[2]);
      }
    }
    if (Steady::now() > limit) bench::die("the simulators did not finish their traffic");
  }
  const double send_s = bench::seconds_since(t0);
  // Whatever is still on the wire, then the last passes' idle time.
  auto drain_deadline = Steady::now() + 30s;
  while (received() < sent && Steady::now() < drain_deadline) std::this_thread::sleep_for(10ms);
  while (pipeline->stats().reads < received() && Steady::now() < drain_deadline)
    std::this_thread::sleep_for(10ms);
  std::this_thread::sleep_for(std::chrono::milliseconds(o.idle_ms + 10 * o.tick_ms));
  pipeline->sync();
  for (auto& l : links) l->stop();
  pipeline->stop();
  for (auto& s : sims) s->signal(SIGTERM);
  const auto stats = pipeline->stats();
  const std::uint64_t got = received();

  {
    std::lock_guard<std::mutex> l(mu);
    settled_ms.resize(booked);
    closed_ms.resize(booked);
  }

  // Baseline: the same document (a receipt of one pass's cases at a door,
  // closing its ASN) posted straight to the engine, one at a time.
  std::vector<double> bare_ms;
  for (int i = 0; i < o.baseline_posts; ++i) {
    inventory::DocumentRequest req;
    req.type = inventory::DocType::receipt;
    req.to = door_bin(0, 0);
    req.order = "ASN-bare-" + std::to_string(i);
    req.close_order = true;
    req.source = "door-0-0";
    req.reason = "rfid pass";
    req.idempotency_key = "bench-bare/" + std::to_string(i);
    req.lines.push_back(inventory::DocLine{"TEA-500", "", std::nullopt, o.tags, "", "", ""});
    auto t = Steady::now();
    auto r = engine->post(req);
    if (!r) bench::die("baseline post: " + r.status().to_string());
    bare_ms.push_back(std::chrono::duration<double, std::milli>(Steady::now() - t).count());
  }
  engine->stop();
  const double decode_rate = decode_only_rate(o);

  const auto lat = summarize(settled_ms), close = summarize(closed_ms), bare = summarize(bare_ms);
  std::printf("\nreads   sent by the simulators %s, decoded by the links %s, processed %s, dropped %s (%s)\n",
              bench::thousands(static_cast<double>(sent)).c_str(), bench::thousands(static_cast<double>(got)).c_str(),
              bench::thousands(static_cast<double>(stats.reads)).c_str(),
              bench::thousands(static_cast<double>(stats.dropped_reads)).c_str(),
              sent == got && got == stats.reads ? "none lost" : "LOST READS");
  // The simulators pace themselves: the offered rate is what they sent over
  // their traffic's duration; the codec alone shows the headroom.
  const double offered = static_cast<double>(sent) / o.seconds;
  std::printf("rate    %s reads/s offered and taken end to end (all done %.1f s after the start); "
              "decode alone %s reads/s (= %s x the offered rate)\n",
              bench::thousands(offered).c_str(), send_s, bench::thousands(decode_rate).c_str(),
              bench::fixed(decode_rate / offered, 1).c_str());
  std::printf("passes  %s sent, %s documents (%s held for review), %s failed\n",
              bench::thousands(static_cast<double>(passes_sent)).c_str(),
              bench::thousands(static_cast<double>(stats.documents)).c_str(),
              bench::thousands(static_cast<double>(stats.held)).c_str(),
              bench::thousands(static_cast<double>(stats.failed)).c_str());
  std::printf("latency pass settled -> committed  p50 %s ms  p99 %s ms  max %s ms  (n %zu)\n",
              bench::fixed(lat.p50, 2).c_str(), bench::fixed(lat.p99, 2).c_str(), bench::fixed(lat.max, 2).c_str(),
              lat.n);
  std::printf("        baseline bare Engine::post p50 %s ms  p99 %s ms  (settled->committed p99 = %s x bare p99)\n",
              bench::fixed(bare.p50, 2).c_str(), bench::fixed(bare.p99, 2).c_str(),
              bench::fixed(bare.p99 > 0 ? lat.p99 / bare.p99 : 0, 2).c_str());
  std::printf("        pass closed (last read + idle) -> committed  p50 %s ms  p99 %s ms  (ms clock; adds the tick)\n",
              bench::fixed(close.p50, 0).c_str(), bench::fixed(close.p99, 0).c_str());
  if (!rss.empty()) {
    std::size_t warm = std::min<std::size_t>(rss.size() - 1, 5);
    double peak = *std::max_element(rss.begin(), rss.end());
    std::printf("memory  RSS after %zu s %s MB, peak %s MB, at the end %s MB (%zu samples, 1 s apart)\n", warm + 1,
                bench::fixed(rss[warm], 1).c_str(), bench::fixed(peak, 1).c_str(), bench::fixed(rss.back(), 1).c_str(),
                rss.size());
  }
  return sent == got && got == stats.reads ? 0 : 1;
}
