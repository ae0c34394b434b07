// bench_sync_drain: how fast the uplink drains a backlog to a local
// mosquitto at QoS 1, beside a bare Paho publish loop with the same QoS,
// in-flight window and payload size in the same run; and the daemon's
// resident memory while it drains a large backlog, beside the same daemon
// with an empty outbox.
//
//   build/bin/bench_sync_drain [--events 200000] [--rss-events 1000000] [--window 256]

#include <CLI/CLI.hpp>
#include <signal.h>

#include <deque>
#include <fstream>
#include <iostream>
#include <thread>

#include <mqtt/async_client.h>

#include "bench/bench_util.h"
#include "cloud-sync/envelope.h"
#include "cloud-sync/uplink.h"
#include "edge/inventory/engine.h"
#include "edge/inventory/outbox.h"
#include "edge/inventory/queries.h"
#include "edge/inventory/tx.h"
#include "tests/child_process.h"
#include "tests/sync/broker.h"

namespace jxc::bench {
namespace {

using namespace std::chrono_literals;

const std::string kPayload = R"({"doc":"R-000123","type":"receipt","lines":[{"sku":"TEA-500","qty":24,"to":"RECV-1"}]})";

void fill(inventory::Engine& engine, std::int64_t n) {
  for (std::int64_t done = 0; done < n;) {
    std::int64_t chunk = std::min<std::int64_t>(n - done, 10000);
    auto r = engine.run<std::int64_t>([&](inventory::Tx& tx) -> Result<std::int64_t> {
      std::int64_t last = 0;
      for (std::int64_t i = 0; i < chunk; ++i) {
        JXC_ASSIGN(last, inventory::Outbox::append(tx, "receipt.posted", 0, kPayload));
      }
      return last;
    });
    if (!r.is_ok()) throw std::runtime_error(r.status().to_string());
    done += chunk;
  }
}

double drain_uplink(const std::string& store, inventory::Engine& engine, const std::string& uri,
                    std::int64_t n, int window) {
  cloud_sync::UplinkSettings s;
  s.mqtt.uri = uri;
  s.mqtt.inflight_window = window;
  s.mqtt.backlog_alert = n * 2;
  s.gateway_id = "gw-bench";
  s.site_id = "S1";
  s.store_path = store;
  devices::HealthRegistry health;
  cloud_sync::Uplink up(s, engine, health, &health, nullptr);
  auto t0 = Clock::now();
  up.start();
  while (up.status().pubacks < static_cast<std::uint64_t>(n)) std::this_thread::sleep_for(2ms);
  double secs = seconds_since(t0);
  up.stop();
  return n / secs;
}

double bare_paho(const std::string& uri, std::int64_t n, int window, std::size_t size) {
  mqtt::async_client c(uri, "bench-bare", mqtt::create_options(MQTTVERSION_5, window + 64));
  mqtt::connect_options o;
  o.set_mqtt_version(MQTTVERSION_5);
  o.set_max_inflight(window + 16);
  c.connect(o)->wait();
  std::string payload(size, 'x');
  std::deque<mqtt::delivery_token_ptr> inflight;
  auto t0 = Clock::now();
  for (std::int64_t i = 0; i < n; ++i) {
    if (inflight.size() >= static_cast<std::size_t>(window)) {
      inflight.front()->wait();
      inflight.pop_front();
    }
    inflight.push_back(c.publish("jxc/S1/gw-bare/evt/receipt.posted", payload, 1, false));
  }
  for (auto& t : inflight) t->wait();
  double secs = seconds_since(t0);
  c.disconnect()->wait();
  return n / secs;
}

long rss_kib(pid_t pid, const char* field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(field, 0) == 0) return std::stol(line.substr(std::strlen(field)));
  return -1;
}

// Peak resident memory of the daemon over `window` after its uplink connected.
long daemon_peak_rss(const std::string& dir, const std::string& store, const std::string& uri) {
  std::string config = dir + "/gw-" + std::to_string(::getpid()) + ".toml";
  testing::write_file(config, "[gateway]\nid = \"gw-rss\"\nsite = \"S1\"\n[store]\npath = \"" + store +
                                  "\"\n[mqtt]\nuri = \"" + uri + "\"\nbacklog_alert = 100000000\n");
  testing::ChildSpec spec;
  spec.argv = {testing::jxc_edge_binary(), "run", "--config", config};
  testing::Child d(spec);
  if (!d.wait_for_output("uplink: connected", testing::after(60s))) throw std::runtime_error(d.output());
  long peak = 0;
  for (int i = 0; i < 50; ++i) {  // 5 s of draining
    peak = std::max(peak, rss_kib(d.pid(), "VmRSS:"));
    std::this_thread::sleep_for(100ms);
  }
  d.signal(SIGTERM);
  d.wait_exit(testing::after(30s));
  return peak;
}

}  // namespace
}  // namespace jxc::bench

int main(int argc, char** argv) {
  using namespace jxc;
  using namespace jxc::bench;
  std::int64_t events = 200'000, rss_events = 1'000'000;
  int window = 256;
  std::string tmp;
  CLI::App app{"bench_sync_drain: outbox drain over MQTT QoS 1 vs a bare Paho loop; RSS with a backlog"};
  app.add_option("--events", events, "backlog drained for the throughput figure");
  app.add_option("--rss-events", rss_events, "backlog for the resident-memory figure (0: skip)");
  app.add_option("--window", window, "in-flight window (both sides)");
  app.add_option("--tmp", tmp, "scratch directory root");
  CLI11_PARSE(app, argc, argv);

  ScratchDir dir(scratch_root(tmp), "sync-drain");
  std::cout << machine_line() << "\n" << describe_filesystem(dir.path()) << "\n";
  testing::Mosquitto broker(dir.path().string());

  // Throughput.
  std::string store = dir.file("drain.db");
  inventory::EngineOptions eo;
  eo.store_path = store;
  eo.site_id = "S1";
  auto engine = inventory::Engine::open(eo).value();
  fill(*engine, events);
  auto sample = inventory::Outbox::peek_after(*inventory::Queries::open(store).value(), 0, 1).value().at(0);
  std::size_t size = cloud_sync::build_envelope({engine->epoch(), "gw-bench", "S1"}, sample).size();
  double up = drain_uplink(store, *engine, broker.uri(), events, window);
  double bare = bare_paho(broker.uri(), events, window, size);
  std::cout << "drain " << thousands(double(events)) << " events, QoS 1, window " << window << ", "
            << size << " B envelopes\n"
            << "  uplink (outbox -> envelope -> publish -> PUBACK): " << thousands(up) << " events/s\n"
            << "  bare Paho publish loop, same size/QoS/window:     " << thousands(bare) << " msg/s\n"
            << "  ratio: " << fixed(up / bare, 2) << "\n";
  engine->stop();
  engine.reset();

  if (rss_events > 0) {
    std::string empty = dir.file("empty.db"), big = dir.file("big.db");
    for (auto& [path, n] : {std::pair{empty, std::int64_t{0}}, std::pair{big, rss_events}}) {
      inventory::EngineOptions o;
      o.store_path = path;
      o.site_id = "S1";
      auto e = inventory::Engine::open(o).value();
      fill(*e, n);
      e->stop();
    }
    long rss_empty = daemon_peak_rss(dir.path().string(), empty, broker.uri());
    long rss_big = daemon_peak_rss(dir.path().string(), big, broker.uri());
    std::cout << "daemon peak VmRSS over 5 s after connecting (uplink draining)\n"
              << "  empty outbox:                     " << thousands(double(rss_empty)) << " KiB\n"
              << "  " << thousands(double(rss_events)) << "-event backlog: " << thousands(double(rss_big))
              << " KiB\n"
              << "  difference: " << fixed((rss_big - rss_empty) / 1024.0, 1) << " MiB\n";
  }
  return 0;
}
