// bench_scale: (a) 64 shelf slots on the Modbus TCP simulator polled at 10 Hz
// each through drivers/scale's bus poller, CPU share of one core and polls
// per second, beside a bare libmodbus loop issuing the same requests at the
// same rate; (b) weight-to-count processing (SlotCounter) in samples per
// second on one core, beside a plain pass over the same samples.
//
// Needs build/bin/jxc-hwsim (built with this target).

#include <CLI/CLI.hpp>
#include <modbus.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_util.h"
#include "drivers/scale/bus_poller.h"
#include "edge/weight/slot_counter.h"

namespace jxc::bench {
namespace {

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// The simulator as a child process; its port from the first line it prints.
struct Simulator {
  Simulator(const std::string& binary, const std::string& scenario) {
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe");
    pid = fork();
    if (pid == 0) {
      dup2(out[1], 1);
      close(out[0]);
      execl(binary.c_str(), binary.c_str(), "scales", "--scenario", scenario.c_str(), nullptr);
      _exit(127);
    }
    close(out[1]);
    FILE* f = fdopen(out[0], "r");
    char line[256];
    while (fgets(line, sizeof line, f)) {
      std::string s(line);
      if (s.rfind("tcp 127.0.0.1:", 0) == 0) port = std::stoi(s.substr(14));
      if (s.rfind("ready", 0) == 0) break;
    }
    if (port == 0) throw std::runtime_error("the simulator did not start");
  }
  ~Simulator() {
    kill(pid, SIGTERM);
    waitpid(pid, nullptr, 0);
  }
  pid_t pid = -1;
  int port = 0;
};

class CountingSink final : public weight::WeightSink {
 public:
  explicit CountingSink(std::size_t slots) : counters_(slots) {}
  void on_reading(const std::string& slot, const weight::Sample& s) override {
    // Slot ids are "s<N>".
    counters_[static_cast<std::size_t>(std::stoi(slot.substr(1)))].add(s);
    readings.fetch_add(1, std::memory_order_relaxed);
  }
  void on_offline(const std::string&) override {}
  std::atomic<std::uint64_t> readings{0};

 private:
  std::vector<weight::SlotCounter> counters_;
};

struct PollFigures {
  double cpu_share = 0, polls_per_s = 0, requests_per_s = 0;
};

PollFigures run_driver(int port, int slots, double seconds) {
  config::ScaleBus bus;
  bus.id = "bench";
  bus.port = port;
  bus.poll_interval_ms = 100;
  bus.inter_frame_delay_ms = 0;
  bus.timeout_ms = 500;
  config::ScaleModel m;
  m.id = "g32";
  m.decimals = 1;
  m.status_offset = 2;
  m.stable_bit = 0;
  std::vector<scale::PolledSlot> polled;
  for (int i = 0; i < slots; ++i) {
    scale::PolledSlot p;
    p.id = "s" + std::to_string(i);
    p.slave = i + 1;
    p.map = *scale::map_from_config(m);
    polled.push_back(p);
  }
  CountingSink sink(static_cast<std::size_t>(slots));
  devices::HealthRegistry health;
  scale::BusPoller poller(bus, polled, scale::make_link(bus), sink, health);
  poller.start();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // connected and in step
  std::uint64_t r0 = sink.readings.load();
  double c0 = cpu_seconds();
  auto t0 = Clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  double wall = seconds_since(t0);
  double cpu = cpu_seconds() - c0;
  std::uint64_t r1 = sink.readings.load();
  poller.stop();
  return {cpu / wall, static_cast<double>(r1 - r0) / wall, static_cast<double>(r1 - r0) / wall};
}

// The same requests at the same cadence from a bare libmodbus loop.
PollFigures run_bare(int port, int slots, double seconds) {
  modbus_t* ctx = modbus_new_tcp("127.0.0.1", port);
  if (modbus_connect(ctx) != 0) throw std::runtime_error("connect");
  std::uint16_t regs[3];
  std::uint64_t done = 0;
  double c0 = cpu_seconds();
  auto t0 = Clock::now();
  auto next = t0;
  while (seconds_since(t0) < seconds) {
    for (int i = 0; i < slots; ++i) {
      modbus_set_slave(ctx, i + 1);
      if (modbus_read_registers(ctx, 0, 3, regs) == 3) ++done;
    }
    next += std::chrono::milliseconds(100);
    std::this_thread::sleep_until(next);
  }
  double wall = seconds_since(t0);
  double cpu = cpu_seconds() - c0;
  modbus_close(ctx);
  modbus_free(ctx);
  return {cpu / wall, static_cast<double>(done) / wall, static_cast<double>(done) / wall};
}

void bench_counting(std::int64_t samples) {
  // 64 slots, noisy weights with a pick every 2 s, samples 100 ms apart.
  const int slots = 64;
  std::mt19937 rng(7);
  std::normal_distribution<double> noise(0, 1.0);
  std::vector<weight::Sample> data(static_cast<std::size_t>(samples));
  for (std::int64_t i = 0; i < samples; ++i) {
    std::int64_t t = (i / slots) * 100;
    double units = 20 - static_cast<double>((t / 2000) % 20);
    data[static_cast<std::size_t>(i)] = weight::Sample{t, 100 + units * 500 + noise(rng)};
  }
  weight::CountRules rules;
  rules.tare_g = 100;
  rules.unit_g = 500;
  rules.band_g = 5;
  rules.window_ms = 500;

  double best_base = 0, best = 0;
  for (int round = 0; round < 3; ++round) {
    // Baseline: one pass that touches every sample (the memory cost alone).
    auto t0 = Clock::now();
    double sum = 0;
    for (const auto& s : data) sum += s.grams + static_cast<double>(s.at_ms & 1);
    double base = static_cast<double>(samples) / seconds_since(t0);
    if (sum == 42) std::printf(" ");
    std::vector<weight::SlotCounter> counters(slots, weight::SlotCounter(rules));
    std::uint64_t changes = 0;
    t0 = Clock::now();
    for (std::int64_t i = 0; i < samples; ++i)
      changes += counters[static_cast<std::size_t>(i % slots)].add(data[static_cast<std::size_t>(i)]) ? 1 : 0;
    double rate = static_cast<double>(samples) / seconds_since(t0);
    if (changes == 0) std::printf("(no count changes?)\n");
    best_base = std::max(best_base, base);
    best = std::max(best, rate);
  }
  std::printf("\n(b) weight-to-count processing, one core, %s samples x 3 rounds (best)\n",
              thousands(static_cast<double>(samples)).c_str());
  std::printf("  %-38s %16s\n", "", "samples/s");
  std::printf("  %-38s %16s\n", "baseline: plain pass over the samples", thousands(best_base).c_str());
  std::printf("  %-38s %16s   %s of baseline\n", "SlotCounter::add (stabilise + count)", thousands(best).c_str(),
              fixed(best / best_base, 3).c_str());
}

}  // namespace
}  // namespace jxc::bench

int main(int argc, char** argv) {
  using namespace jxc::bench;
  CLI::App app{"bench_scale: Modbus polling cost and weight-to-count throughput"};
  int slots = 64;
  double seconds = 10;
  std::int64_t samples = 20'000'000;
  std::string hwsim = std::string(JXC_BENCH_BIN_DIR) + "/jxc-hwsim";
  app.add_option("--slots", slots, "slots (one slave each) on the bus")->capture_default_str();
  app.add_option("--seconds", seconds, "measured polling time per row")->capture_default_str();
  app.add_option("--samples", samples, "samples for the counting rows")->capture_default_str();
  app.add_option("--hwsim", hwsim, "the jxc-hwsim binary")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  std::printf("%s\n", machine_line().c_str());
  ScratchDir dir(scratch_root(""), "bench-scale");
  std::string scenario = dir.file("scenario.txt");
  {
    std::ofstream f(scenario);
    f << "model g32 type=int32 decimals=1 status_offset=2 stable_bit=0\n";
    for (int i = 0; i < slots; ++i) f << "slot " << i + 1 << " 0 g32 grams=" << 100 + 500 * (i % 20) << " unit=500\n";
  }
  {
    Simulator sim(hwsim, scenario);
    auto bare = run_bare(sim.port, slots, seconds);
    auto drv = run_driver(sim.port, slots, seconds);
    std::printf("\n(a) %d slots (one slave each) on Modbus TCP (jxc-hwsim, loopback), 10 Hz each, %.0f s\n",
                slots, seconds);
    std::printf("  %-44s %12s %14s\n", "", "polls/s", "CPU of 1 core");
    std::printf("  %-44s %12s %13s%%\n", "baseline: bare libmodbus loop, same requests", fixed(bare.polls_per_s, 1).c_str(),
                fixed(bare.cpu_share * 100, 2).c_str());
    std::printf("  %-44s %12s %13s%%   CPU %s x baseline\n", "drivers/scale BusPoller + SlotCounter",
                fixed(drv.polls_per_s, 1).c_str(), fixed(drv.cpu_share * 100, 2).c_str(),
                fixed(drv.cpu_share / bare.cpu_share, 2).c_str());
  }
  bench_counting(samples);
  return 0;
}
