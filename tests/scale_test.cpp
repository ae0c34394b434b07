// drivers/scale against the real simulator (jxc-hwsim scales) over Modbus TCP
// and Modbus RTU on a pseudo-terminal, mbpoll as an independent Modbus
// client, and the whole path from weights to discrepancies in a real store.
// Every wait is bounded by a generous deadline; nothing asserts on time.
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <regex>
#include <thread>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "drivers/scale/bus_poller.h"
#include "drivers/scale/scale_device.h"
#include "edge/config/config.h"
#include "edge/inventory/test_store.h"
#include "edge/weight/weight_store.h"
#include "tests/child_process.h"

namespace jxc {
namespace {

using namespace std::chrono_literals;
using testing::after;
using testing::Child;
using testing::ChildSpec;

constexpr auto kLimit = 30s;  // never reached when all is well

std::string hwsim() { return std::string(std::getenv("JXC_BIN_DIR")) + "/jxc-hwsim"; }

// A running simulator with its TCP port and pty path.
struct Sim {
  explicit Sim(const std::string& scenario, std::vector<std::string> extra = {}) {
    testing::write_file(dir / "scenario.txt", scenario);
    ChildSpec spec;
    spec.argv = {hwsim(), "scales", "--scenario", dir / "scenario.txt", "--rtu"};
    spec.argv.insert(spec.argv.end(), extra.begin(), extra.end());
    child = std::make_unique<Child>(spec);
    if (!child->wait_for_output("ready\n", after(kLimit)))
      throw std::runtime_error("simulator did not start: " + child->output());
    std::smatch m;
    const std::string& out = child->output();
    if (std::regex_search(out, m, std::regex("tcp 127\\.0\\.0\\.1:(\\d+)"))) port = std::stoi(m[1]);
    if (std::regex_search(out, m, std::regex("rtu (\\S+)"))) pty = m[1];
  }
  testing::TempDir dir;
  std::unique_ptr<Child> child;
  int port = 0;
  std::string pty;
};

class RecordingSink final : public weight::WeightSink {
 public:
  void on_reading(const std::string& slot, const weight::Sample& s) override {
    std::lock_guard lock(mu_);
    last_[slot] = s;
    history_[slot].push_back(s);
    ++readings_[slot];
  }
  void on_offline(const std::string& slot) override {
    std::lock_guard lock(mu_);
    ++offline_[slot];
  }
  std::optional<weight::Sample> last(const std::string& slot) {
    std::lock_guard lock(mu_);
    auto it = last_.find(slot);
    if (it == last_.end()) return std::nullopt;
    return it->second;
  }
  int offline(const std::string& slot) {
    std::lock_guard lock(mu_);
    return offline_[slot];
  }
  std::vector<weight::Sample> all(const std::string& slot) {
    std::lock_guard lock(mu_);
    return history_[slot];
  }

 private:
  std::mutex mu_;
  std::map<std::string, weight::Sample> last_;
  std::map<std::string, std::vector<weight::Sample>> history_;
  std::map<std::string, int> readings_, offline_;
};

template <typename F>
bool eventually(F f, std::chrono::seconds limit = std::chrono::duration_cast<std::chrono::seconds>(kLimit)) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (f()) return true;
    std::this_thread::sleep_for(10ms);  // polling interval of the wait, not an assertion
  }
  return f();
}

const char* kLayouts = R"(
model g32 type=int32 decimals=1 status_offset=2 stable_bit=0 overload_bit=1 channel_stride=4
model g16le type=uint16 byte_order=little status_offset=1 stable_bit=3 channel_stride=2
model f32cdab type=float32 word_order=little registers=input scale=1000
)";

config::ScaleModel model(const std::string& id) {
  config::ScaleModel m;
  m.id = id;
  if (id == "g32") {
    m.type = "int32";
    m.decimals = 1;
    m.status_offset = 2;
    m.stable_bit = 0;
    m.overload_bit = 1;
    m.channel_stride = 4;
  } else if (id == "g16le") {
    m.type = "uint16";
    m.byte_order = "little";
    m.status_offset = 1;
    m.stable_bit = 3;
    m.channel_stride = 2;
  } else if (id == "f32cdab") {
    m.type = "float32";
    m.word_order = "little";
    m.registers = "input";
    m.scale = 1000;
  }
  return m;
}

scale::PolledSlot polled(const std::string& id, int slave, int channel, const config::ScaleModel& m) {
  scale::PolledSlot p;
  p.id = id;
  p.slave = slave;
  p.map = *scale::map_from_config(m);
  p.channel_base = channel * p.map.channel_stride;
  return p;
}

config::ScaleBus tcp_bus(int port) {
  config::ScaleBus b;
  b.id = "bus-tcp";
  b.transport = "tcp";
  b.port = port;
  b.poll_interval_ms = 50;
  b.timeout_ms = 100;
  b.inter_frame_delay_ms = 2;
  b.offline_after = 2;
  b.backoff_max_ms = 5000;
  return b;
}

config::ScaleBus rtu_bus(const std::string& device) {
  config::ScaleBus b = tcp_bus(0);
  b.id = "bus-rtu";
  b.transport = "rtu";
  b.device = device;
  b.baud = 115200;
  b.timeout_ms = 200;
  return b;
}

std::string layouts_and(const std::string& slots) { return std::string(kLayouts) + slots; }

const char* kThreeLayouts = R"(
slot 1 0 g32 grams=5100 unit=500
slot 1 1 g32 grams=1234.5 unit=500
slot 2 0 g16le grams=777 unit=7
slot 3 0 f32cdab grams=2500 unit=250
slot 4 0 tuna-id551 grams=1500 unit=250
)";

std::vector<scale::PolledSlot> three_layout_slots() {
  return {polled("s1a", 1, 0, model("g32")), polled("s1b", 1, 1, model("g32")),
          polled("s2", 2, 0, model("g16le")), polled("s3", 3, 0, model("f32cdab")),
          polled("s4", 4, 0, config::shipped_scale_models()[0])};
}

void expect_weights(RecordingSink& sink) {
  for (const char* id : {"s1a", "s1b", "s2", "s3", "s4"})
    ASSERT_TRUE(eventually([&] { return sink.last(id).has_value(); })) << id;
  EXPECT_DOUBLE_EQ(sink.last("s1a")->grams, 5100);
  EXPECT_DOUBLE_EQ(sink.last("s1b")->grams, 1234.5);
  EXPECT_DOUBLE_EQ(sink.last("s2")->grams, 777);
  EXPECT_NEAR(sink.last("s3")->grams, 2500, 1e-3);
  EXPECT_NEAR(sink.last("s4")->grams, 1500, 1e-3);
  EXPECT_TRUE(sink.last("s1a")->has_stable);
  EXPECT_FALSE(sink.last("s3")->has_stable) << "this layout has no status register";
}

TEST(ScaleDriver, ReadsEveryLayoutFromTheSimulatorOverTcp) {
  Sim sim(layouts_and(kThreeLayouts));
  RecordingSink sink;
  devices::HealthRegistry health;
  scale::BusPoller poller(tcp_bus(sim.port), three_layout_slots(), scale::make_link(tcp_bus(sim.port)),
                          sink, health);
  poller.start();
  expect_weights(sink);
  ASSERT_TRUE(eventually([&] {
    devices::DeviceHealth h;
    return health.get("bus-tcp", &h) && h.state == devices::DeviceState::online;
  }));
  // Two channels of slave 1 are read in one request per pass.
  auto stats = poller.stats();
  EXPECT_EQ(stats[0].slave, 1);
  EXPECT_EQ(stats[0].attempts, stats[0].polls_ok + stats[0].failed);
  poller.stop();
  devices::DeviceHealth h;
  ASSERT_TRUE(health.get("bus-tcp", &h));
  EXPECT_EQ(h.state, devices::DeviceState::stopped);
}

// Weights in one block (float32, low word first, at 0x10 + 2 * channel) and
// status words in another (0x20 + 2 * channel); the registers between the
// blocks are reserved and answer exception 02, so they must never be read.
TEST(ScaleDriver, ReadsWeightsAndStatusWordsFromBlocksOfTheirOwn) {
  Sim sim(R"(
model blocks type=float32 word_order=little scale=1000 weight_offset=16 weight_stride=2 status_offset=32 status_stride=2 stable_bit=0 overload_bit=1
reserved 24 8
slot 1 0 blocks grams=1710 unit=10
slot 1 1 blocks grams=250 unit=10
slot 1 2 blocks grams=0 unit=10
slot 1 3 blocks grams=99000 unit=10
at 300 overload 1 1 on
)");
  config::ScaleModel m;
  m.id = "blocks";
  m.type = "float32";
  m.word_order = "little";
  m.scale = 1000;
  m.weight_offset = 16;
  m.weight_stride = 2;
  m.status_offset = 32;
  m.status_stride = 2;
  m.stable_bit = 0;
  m.overload_bit = 1;
  std::vector<scale::PolledSlot> slots;
  for (int c = 0; c < 4; ++c) {
    scale::PolledSlot p;
    p.id = "b" + std::to_string(c);
    p.slave = 1;
    auto map = scale::map_from_config(m);
    ASSERT_TRUE(map) << map.status().to_string();
    p.map = *map;
    p.channel_base = c * 2;
    p.status_base = c * 2;
    slots.push_back(p);
  }
  RecordingSink sink;
  devices::HealthRegistry health;
  scale::BusPoller poller(tcp_bus(sim.port), slots, scale::make_link(tcp_bus(sim.port)), sink, health);
  poller.start();
  for (const char* id : {"b0", "b1", "b2", "b3"})
    ASSERT_TRUE(eventually([&] { return sink.last(id).has_value(); })) << id;
  EXPECT_NEAR(sink.last("b0")->grams, 1710, 1e-3);
  EXPECT_NEAR(sink.last("b1")->grams, 250, 1e-3);
  EXPECT_NEAR(sink.last("b3")->grams, 99000, 1e-2);
  EXPECT_TRUE(sink.last("b0")->has_stable);
  ASSERT_TRUE(eventually([&] { return sink.last("b1")->overload; }));
  EXPECT_FALSE(sink.last("b0")->overload);
  auto stats = poller.stats();
  ASSERT_EQ(stats.size(), 1u);
  EXPECT_EQ(stats[0].failed, 0u) << "a request touched the reserved registers";
  poller.stop();
}

TEST(ScaleDriver, ReadsEveryLayoutFromTheSimulatorOverRtuOnAPty) {
  Sim sim(layouts_and(kThreeLayouts));
  ASSERT_FALSE(sim.pty.empty());
  RecordingSink sink;
  devices::HealthRegistry health;
  scale::BusPoller poller(rtu_bus(sim.pty), three_layout_slots(), scale::make_link(rtu_bus(sim.pty)), sink,
                          health);
  poller.start();
  expect_weights(sink);
  poller.stop();
}

// Given three slaves of which one never answers, the healthy ones should keep
// their cadence and the dead one should only get its back-off turns.
TEST(ScaleDriver, ADeadSlaveDoesNotStarveTheOthers) {
  Sim sim(layouts_and(R"(
slot 1 0 g32 grams=100 unit=10
slot 2 0 g32 grams=100 unit=10
slot 3 0 g32 grams=100 unit=10
at 0 silent 2
)"));
  RecordingSink sink;
  devices::HealthRegistry health;
  auto bus = tcp_bus(sim.port);
  scale::BusPoller poller(bus,
                          {polled("a", 1, 0, model("g32")), polled("b", 2, 0, model("g32")),
                           polled("c", 3, 0, model("g32"))},
                          scale::make_link(bus), sink, health);
  poller.start();
  ASSERT_TRUE(eventually([&] {
    auto s = poller.stats();
    return s[0].polls_ok >= 40 && s[2].polls_ok >= 40;
  }));
  auto s = poller.stats();
  poller.stop();
  EXPECT_TRUE(s[1].offline);
  EXPECT_EQ(s[1].polls_ok, 0u);
  // 2 polls (with one retry each) to go offline, then one attempt per back-off
  // turn of 100, 200, 400 ... ms: a handful while the others got 40 each.
  EXPECT_LE(s[1].attempts, 12u) << "the dead slave took more than its back-off share";
  EXPECT_GE(sink.offline("b"), 1);
  EXPECT_EQ(sink.offline("a"), 0);
  devices::DeviceHealth h;
  ASSERT_TRUE(health.get("bus-tcp", &h));
  EXPECT_EQ(h.state, devices::DeviceState::stopped);
}

TEST(ScaleDriver, ASlaveThatAnswersAgainComesBackOnline) {
  Sim sim(layouts_and(R"(
slot 1 0 g32 grams=100 unit=10
slot 2 0 g32 grams=200 unit=10
at 0 silent 2
at 1500 answer 2
)"));
  RecordingSink sink;
  devices::HealthRegistry health;
  auto bus = tcp_bus(sim.port);
  bus.backoff_max_ms = 400;
  scale::BusPoller poller(bus, {polled("a", 1, 0, model("g32")), polled("b", 2, 0, model("g32"))},
                          scale::make_link(bus), sink, health);
  poller.start();
  ASSERT_TRUE(eventually([&] {
    devices::DeviceHealth h;
    return health.get("bus-tcp", &h) && h.state == devices::DeviceState::degraded &&
           h.detail.find("slave 2 not answering") != std::string::npos;
  }));
  ASSERT_TRUE(eventually([&] { return sink.last("b").has_value(); }));
  EXPECT_DOUBLE_EQ(sink.last("b")->grams, 200);
  ASSERT_TRUE(eventually([&] {
    devices::DeviceHealth h;
    return health.get("bus-tcp", &h) && h.state == devices::DeviceState::online;
  }));
  poller.stop();
}

std::string detail_of(const devices::HealthRegistry& health, const std::string& id) {
  devices::DeviceHealth h;
  return health.get(id, &h) ? std::string(devices::to_string(h.state)) + ": " + h.detail : "no health";
}

TEST(ScaleDriver, AnExceptionReplyIsNamedWithItsCode) {
  // Every slave answers exception 02 for registers 4-7: slave 2's slot on
  // channel 1 reads them.
  Sim sim(layouts_and(R"(
slot 1 0 g32 grams=100 unit=10
slot 2 0 g32 grams=200 unit=10
reserved 4 4
)"));
  RecordingSink sink;
  devices::HealthRegistry health;
  auto bus = tcp_bus(sim.port);
  scale::BusPoller poller(bus, {polled("a", 1, 0, model("g32")), polled("b", 2, 1, model("g32"))},
                          scale::make_link(bus), sink, health);
  poller.start();
  const std::string expected =
      "slave 2 refusing (Modbus exception 02 (Illegal data address) reading holding registers 4-6)";
  ASSERT_TRUE(eventually([&] {
    devices::DeviceHealth h;
    return health.get("bus-tcp", &h) && h.state == devices::DeviceState::degraded &&
           h.detail.find(expected) != std::string::npos;
  })) << detail_of(health, "bus-tcp");
  auto stats = poller.stats();
  poller.stop();
  EXPECT_GE(stats[0].polls_ok, 1u);
  EXPECT_EQ(stats[1].polls_ok, 0u);
  // Refusals are not retried: asking again gets the same answer.
  EXPECT_EQ(stats[1].attempts, stats[1].failed);
  EXPECT_FALSE(sink.last("b").has_value());
}

TEST(ScaleDriver, AnRtuLineWithNoSlaveOnItIsOfflineNeverOnline) {
  // The simulator answers slaves 1 and 2; the bus asks 5 and 6, which nothing answers.
  Sim sim(layouts_and("slot 1 0 g32 grams=100 unit=10\nslot 2 0 g32 grams=200 unit=10\n"));
  RecordingSink sink;
  devices::HealthRegistry health;
  std::vector<devices::DeviceState> states;
  std::mutex mu;
  health.add_listener([&](const devices::DeviceHealth& h, devices::DeviceState) {
    std::lock_guard lock(mu);
    states.push_back(h.state);
  });
  auto bus = rtu_bus(sim.pty);
  scale::BusPoller poller(bus, {polled("a", 5, 0, model("g32")), polled("b", 6, 0, model("g32"))},
                          scale::make_link(bus), sink, health);
  poller.start();
  ASSERT_TRUE(eventually([&] {
    devices::DeviceHealth h;
    return health.get("bus-rtu", &h) && h.state == devices::DeviceState::offline &&
           h.detail.find("no slave answering: slave 5 not answering") != std::string::npos &&
           h.detail.find("slave 6 not answering") != std::string::npos;
  })) << detail_of(health, "bus-rtu");
  poller.stop();
  std::lock_guard lock(mu);
  for (auto st : states) EXPECT_NE(st, devices::DeviceState::online);
}

TEST(ScaleDriver, AnUnpluggedSerialAdapterIsReopenedWhenItReturns) {
  testing::TempDir links;
  std::string link = links / "ttyUSB-shelf";
  Sim sim(layouts_and("slot 1 0 g32 grams=100 unit=10\nat 800 unplug 1500\nat 1000 set 1 0 300\n"),
          {"--link", link});
  RecordingSink sink;
  devices::HealthRegistry health;
  std::vector<devices::DeviceState> states;
  std::mutex mu;
  health.add_listener([&](const devices::DeviceHealth& now, devices::DeviceState) {
    std::lock_guard lock(mu);
    states.push_back(now.state);
  });
  auto bus = rtu_bus(link);
  bus.backoff_max_ms = 300;
  scale::BusPoller poller(bus, {polled("a", 1, 0, model("g32"))}, scale::make_link(bus), sink, health);
  poller.start();
  ASSERT_TRUE(eventually([&] { return sink.last("a") && sink.last("a")->grams == 100; }));
  ASSERT_TRUE(eventually([&] { return sink.last("a") && sink.last("a")->grams == 300; }))
      << "readings after the adapter came back";
  poller.stop();
  std::lock_guard lock(mu);
  EXPECT_NE(std::find(states.begin(), states.end(), devices::DeviceState::offline), states.end());
  EXPECT_GE(sink.offline("a"), 1);
}

TEST(ScaleDriver, ScriptedOverloadNoiseAndDriftReachTheSink) {
  Sim sim(layouts_and(R"(
slot 1 0 g32 grams=1000 unit=10
slot 2 0 g32 grams=1000 unit=10 noise=3
at 300 overload 1 0 on
at 0 drift 2 0 2000
)"));
  RecordingSink sink;
  devices::HealthRegistry health;
  auto bus = tcp_bus(sim.port);
  scale::BusPoller poller(bus, {polled("a", 1, 0, model("g32")), polled("b", 2, 0, model("g32"))},
                          scale::make_link(bus), sink, health);
  poller.start();
  ASSERT_TRUE(eventually([&] { return sink.last("a") && sink.last("a")->overload; }));
  // Drifting up by 2 kg a second: the weight read keeps rising past the noise.
  ASSERT_TRUE(eventually([&] { return sink.last("b") && sink.last("b")->grams > 2000; }));
  poller.stop();
}

// A transmitter that takes its own tare reports net weights with its tare
// bit set; the sample says so, so that the slot does not tare it again.
TEST(ScaleDriver, ATransmitterTareReachesTheSinkAsNet) {
  Sim sim(std::string(kLayouts) + R"(
model g32t type=int32 decimals=1 status_offset=2 stable_bit=0 overload_bit=1 tare_done_bit=3 channel_stride=4
slot 1 0 g32t grams=1100 unit=500
at 400 tare 1 0 on
)");
  RecordingSink sink;
  devices::HealthRegistry health;
  auto bus = tcp_bus(sim.port);
  config::ScaleModel m = model("g32");
  m.id = "g32t";
  m.tare_done_bit = 3;
  scale::BusPoller poller(bus, {polled("a", 1, 0, m)}, scale::make_link(bus), sink, health);
  poller.start();
  ASSERT_TRUE(eventually([&] { return sink.last("a") && sink.last("a")->net; }));
  poller.stop();
  // Before the tare (if a poll came that early) gross with the bit clear,
  // after it net of what lay on the slot when it was tared.
  for (const auto& r : sink.all("a")) EXPECT_DOUBLE_EQ(r.grams, r.net ? 0 : 1100) << r.net;
}

// ---- mbpoll: an independent Modbus client reads the simulator ----

std::vector<std::uint16_t> mbpoll_registers(const std::string& out) {
  std::vector<std::uint16_t> regs;
  std::regex line(R"(\[\d+\]:\s+0x([0-9A-Fa-f]{4}))");
  for (auto it = std::sregex_iterator(out.begin(), out.end(), line); it != std::sregex_iterator(); ++it)
    regs.push_back(static_cast<std::uint16_t>(std::stoul((*it)[1], nullptr, 16)));
  return regs;
}

TEST(ScaleSimulator, MbpollReadsTheSameValues) {
  Sim sim(layouts_and(kThreeLayouts));
  auto run = [&](std::vector<std::string> args) {
    ChildSpec spec;
    spec.argv = {"/usr/bin/mbpoll"};
    spec.argv.insert(spec.argv.end(), args.begin(), args.end());
    return testing::run_to_exit(spec, 30s);
  };
  std::string port = std::to_string(sim.port);
  // Slave 1, holding registers 1..7 (protocol 0..6): two int32 channels in tenths of a gram.
  auto a = run({"-m", "tcp", "-p", port, "-a", "1", "-r", "1", "-c", "7", "-t", "4:hex", "-1", "127.0.0.1"});
  ASSERT_TRUE(a.exited_with(0)) << a.output;
  auto regs = mbpoll_registers(a.output);
  ASSERT_EQ(regs.size(), 7u) << a.output;
  EXPECT_EQ((regs[0] << 16 | regs[1]), 51000u);
  EXPECT_EQ((regs[4] << 16 | regs[5]), 12345u);
  EXPECT_EQ(regs[2] & 1, 1) << "stable bit";
  // The shipped layout: mbpoll decodes the float itself (-B: high word first).
  auto b = run({"-m", "tcp", "-p", port, "-a", "4", "-r", "1", "-c", "1", "-t", "4:float", "-B", "-1", "127.0.0.1"});
  ASSERT_TRUE(b.exited_with(0)) << b.output;
  EXPECT_NE(b.output.find("[1]: \t1.5"), std::string::npos) << b.output;
  // Input registers, low word first: mbpoll's default float order.
  auto c = run({"-m", "tcp", "-p", port, "-a", "3", "-r", "1", "-c", "1", "-t", "3:float", "-1", "127.0.0.1"});
  ASSERT_TRUE(c.exited_with(0)) << c.output;
  EXPECT_NE(c.output.find("[1]: \t2.5"), std::string::npos) << c.output;
  // The same over RTU on the pty.
  auto d = run({"-m", "rtu", "-b", "9600", "-P", "none", "-a", "4", "-r", "1", "-c", "1", "-t", "4:float",
                "-B", "-1", sim.pty});
  ASSERT_TRUE(d.exited_with(0)) << d.output;
  EXPECT_NE(d.output.find("[1]: \t1.5"), std::string::npos) << d.output;
}

// ---- weights to stock, end to end ----

class ScaleToStock : public inventory::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    seed();
  }
};

config::Scales tea_shelf(int port, std::int64_t match_window_s) {
  config::Scales cfg;
  cfg.match_window_s = match_window_s;
  cfg.models.push_back(model("g32"));
  cfg.buses.push_back(tcp_bus(port));
  config::ScaleSlot slot;
  slot.id = "A-01-tea";
  slot.bus = "bus-tcp";
  slot.slave = 1;
  slot.model = "g32";
  slot.item = "TEA-500";
  slot.bin = "A-01";
  slot.tare_g = 100;
  slot.unit_weight_g = 500;
  slot.window_ms = 300;
  cfg.slots.push_back(slot);
  return cfg;
}

TEST_F(ScaleToStock, APickIsConfirmedByTheShelf) {
  // The engine and the shelf must share one wall clock: the match window
  // compares the time of the weight change with the movements'.
  clock_.set(SystemClock::instance().now_ms());
  receive("TEA-500", 10, "A-01");
  Sim sim(layouts_and(R"(
slot 1 0 g32 grams=5100 unit=500 noise=0.5
at 2000 pick 1 0 3
)"));
  devices::HealthRegistry health;
  std::shared_ptr<scale::PendingShelf> pending;
  auto devs = scale::scale_devices(tea_shelf(sim.port, 60), *engine_, store_path_, health,
                                   SystemClock::instance(), &pending);
  ASSERT_TRUE(devs.is_ok()) << devs.status().to_string();
  auto shelf = pending->shelf();
  ASSERT_TRUE(shelf);
  (*devs)[0]->start();
  ASSERT_TRUE(eventually([&] { return shelf->slot("A-01-tea")->count == 10; }));
  // The picker's issue is posted; the packs leave the shelf a moment later.
  inventory::DocumentRequest issue;
  issue.type = inventory::DocType::issue;
  issue.from = "A-01";
  issue.lines = {inventory::testing::line("TEA-500", 3)};
  auto posted = engine_->post(issue);
  ASSERT_TRUE(posted.is_ok()) << posted.status().to_string();
  ASSERT_TRUE(eventually([&] { return shelf->slot("A-01-tea")->count == 7; }));
  ASSERT_TRUE(eventually([&] { return shelf->pending() == 0 && shelf->totals().confirmed >= 2; }));
  (*devs)[0]->stop();
  EXPECT_EQ(shelf->totals().discrepancies, 0u);
  bool found = false;
  auto events = inventory::Outbox::peek_after(q(), 0, 1000);
  ASSERT_TRUE(events.is_ok());
  for (const auto& e : events.value())
    if (e.type == "weight.confirmed") {
      auto j = nlohmann::json::parse(e.payload);
      EXPECT_EQ(j["document"], posted->number);
      found = true;
    }
  EXPECT_TRUE(found);
}

TEST_F(ScaleToStock, AnUnexplainedRemovalOnTheShelfRaisesADiscrepancy) {
  receive("TEA-500", 10, "A-01");
  Sim sim(layouts_and(R"(
slot 1 0 g32 grams=5100 unit=500 noise=0.5
at 1500 pick 1 0 3
)"));
  config::Scales cfg = tea_shelf(sim.port, 1);
  devices::HealthRegistry health;
  std::shared_ptr<scale::PendingShelf> pending;
  auto devs = scale::scale_devices(cfg, *engine_, store_path_, health, SystemClock::instance(), &pending);
  ASSERT_TRUE(devs.is_ok()) << devs.status().to_string();
  auto shelf = pending->shelf();
  ASSERT_TRUE(shelf);
  ASSERT_EQ(devs->size(), 1u);
  (*devs)[0]->start();
  ASSERT_TRUE(eventually([&] { return shelf->slot("A-01-tea")->count == 10; }));
  ASSERT_TRUE(eventually([&] { return shelf->slot("A-01-tea")->count == 7; }));
  ASSERT_TRUE(eventually([&] { return shelf->totals().discrepancies == 1; }));
  (*devs)[0]->stop();
  auto open = weight::list_discrepancies(q(), true);
  ASSERT_TRUE(open.is_ok());
  ASSERT_EQ(open->size(), 1u);
  EXPECT_EQ((*open)[0].book, 10);
  EXPECT_EQ((*open)[0].weighed, 7);
}

// The manager's side: list, accept and dismiss from the command line, and
// calibrate a slot from what it weighs.
TEST_F(ScaleToStock, TheCommandLineCalibratesListsAndResolves) {
  receive("TEA-500", 10, "A-01");
  receive("RICE-5", 3, "A-02");
  auto made = engine_->run<int>([](inventory::Tx& tx) -> Result<int> {
    weight::SlotRecord tea;
    tea.slot = "A-01-tea";
    tea.sku = "TEA-500";
    tea.bin = "A-01";
    tea.tare_g = 100;
    tea.grams = 100 + 7 * 500;
    tea.count = 7;
    tea.status = "counted";
    JXC_TRY(weight::save_slot(tx, tea));
    weight::SlotRecord rice = tea;
    rice.slot = "A-02-rice";
    rice.sku = "RICE-5";
    rice.bin = "A-02";
    rice.count = 5;
    JXC_TRY(weight::save_slot(tx, rice));
    for (auto [slot, sku, bin, weighed] : {std::tuple{"A-01-tea", "TEA-500", "A-01", 7},
                                           std::tuple{"A-02-rice", "RICE-5", "A-02", 5}}) {
      weight::ReconcileRequest r{slot, sku, bin, -1, weighed, tx.now(), 1000, true};
      JXC_ASSIGN(auto rec, weight::reconcile(tx, r));
      if (rec.outcome != weight::Reconciliation::discrepancy) return error(Errc::invalid_state, "expected one");
    }
    return 0;
  });
  ASSERT_TRUE(made.is_ok()) << made.status().to_string();
  std::vector<inventory::Threshold> th = {{"TEA-500", "A-01", 10, 100, 20}};
  ASSERT_TRUE(engine_->import_thresholds(th).is_ok());
  close_engine();

  auto cli = [&](std::vector<std::string> args) {
    ChildSpec spec;
    spec.argv = {testing::jxc_edge_binary(), "weight"};
    spec.argv.insert(spec.argv.end(), args.begin(), args.end());
    spec.argv.insert(spec.argv.end(), {"--store", store_path_});
    return testing::run_to_exit(spec, 30s);
  };
  auto list = cli({"discrepancies", "--json"});
  ASSERT_TRUE(list.exited_with(0)) << list.output;
  auto j = nlohmann::json::parse(list.output);
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["book"], 10);
  EXPECT_EQ(j[0]["weighed"], 7);

  auto accept = cli({"accept", std::to_string(j[0]["id"].get<int>()), "--by", "manager"});
  ASSERT_TRUE(accept.exited_with(0)) << accept.output;
  EXPECT_NE(accept.output.find("accepted: posted ADJ-"), std::string::npos) << accept.output;
  auto dismiss = cli({"dismiss", std::to_string(j[1]["id"].get<int>()), "--by", "manager"});
  ASSERT_TRUE(dismiss.exited_with(0)) << dismiss.output;
  auto again = cli({"accept", std::to_string(j[0]["id"].get<int>())});
  EXPECT_TRUE(again.exited_with(2)) << again.output;
  EXPECT_NE(again.output.find("already accepted"), std::string::npos) << again.output;

  auto cal = cli({"calibrate", "A-01-tea", "7", "--json"});
  ASSERT_TRUE(cal.exited_with(0)) << cal.output;
  EXPECT_DOUBLE_EQ(nlohmann::json::parse(cal.output)["calibrated_unit_g"].get<double>(), 500);
  auto slots = cli({"slots"});
  ASSERT_TRUE(slots.exited_with(0)) << slots.output;
  EXPECT_NE(slots.output.find("A-02-rice"), std::string::npos) << slots.output;
  EXPECT_NE(slots.output.find("LEVEL"), std::string::npos) << slots.output;
  // The live count beside the books (the accepted adjustment brought TEA-500
  // to 7) and whether the shelf is below the bin's min.
  auto listed = cli({"slots", "--json"});
  ASSERT_TRUE(listed.exited_with(0)) << listed.output;
  auto sj = nlohmann::json::parse(listed.output);
  ASSERT_EQ(sj.size(), 2u);
  EXPECT_EQ(sj[0]["slot"], "A-01-tea");
  EXPECT_EQ(sj[0]["weighed"], 7);
  EXPECT_EQ(sj[0]["book"], 7);
  EXPECT_EQ(sj[0]["min"], 10);
  EXPECT_EQ(sj[0]["level"], "low");
  EXPECT_EQ(sj[1]["slot"], "A-02-rice");
  EXPECT_EQ(sj[1]["book"], 3);
  EXPECT_TRUE(sj[1]["min"].is_null());
  EXPECT_EQ(sj[1]["level"], "-");

  open_engine();
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 7);
  EXPECT_EQ(on_hand("RICE-5", "A-02"), 3);
  expect_consistent();
}

// A reload hands the bus device new slot settings: the shelf counts with
// them at once; an unknown item is refused and changes nothing.
TEST_F(ScaleToStock, AReloadedTareIsCountedWithWhileTheBusRuns) {
  receive("TEA-500", 10, "A-01");
  Sim sim(layouts_and(R"(
slot 1 0 g32 grams=5100 unit=500
)"));
  devices::HealthRegistry health;
  std::shared_ptr<scale::PendingShelf> pending;
  config::Config cfg = config::defaults();
  cfg.scales = tea_shelf(sim.port, 60);
  auto devs = scale::scale_devices(cfg.scales, *engine_, store_path_, health, SystemClock::instance(), &pending);
  ASSERT_TRUE(devs.is_ok()) << devs.status().to_string();
  auto shelf = pending->shelf();
  ASSERT_TRUE(shelf);
  (*devs)[0]->start();
  ASSERT_TRUE(eventually([&] { return shelf->slot("A-01-tea")->count == 10; }));

  config::Config unknown = cfg;
  unknown.scales.slots[0].item = "NOPE";
  EXPECT_FALSE((*devs)[0]->reconfigure(unknown).is_ok());
  cfg.scales.slots[0].tare_g = 600;  // the tray was heavier than configured: one pack less
  ASSERT_TRUE((*devs)[0]->reconfigure(cfg).is_ok());
  ASSERT_TRUE(eventually([&] { return shelf->slot("A-01-tea")->count == 9; }));
  (*devs)[0]->stop();
  EXPECT_EQ(shelf->slot("A-01-tea")->item, "TEA-500");
}

// Given a TCP bus and an RTU bus, each with its own slot, both shelves count.
TEST_F(ScaleToStock, SeveralBusesFeedOneShelf) {
  receive("TEA-500", 10, "A-01");
  receive("RICE-5", 4, "A-02");
  Sim sim(layouts_and("slot 1 0 g32 grams=5100 unit=500\nslot 2 0 tuna-id551 grams=20000 unit=5000\n"));
  config::Scales cfg = tea_shelf(sim.port, 60);
  cfg.buses.push_back(rtu_bus(sim.pty));
  config::ScaleSlot rice;
  rice.id = "A-02-rice";
  rice.bus = "bus-rtu";
  rice.slave = 2;
  rice.model = "tuna-id551";
  rice.item = "RICE-5";  // unit weight from master data: 5000 g
  rice.bin = "A-02";
  rice.window_ms = 300;
  cfg.slots.push_back(rice);
  devices::HealthRegistry health;
  std::shared_ptr<scale::PendingShelf> pending;
  auto devs = scale::scale_devices(cfg, *engine_, store_path_, health, SystemClock::instance(), &pending);
  ASSERT_TRUE(devs.is_ok()) << devs.status().to_string();
  auto shelf = pending->shelf();
  ASSERT_TRUE(shelf);
  ASSERT_EQ(devs->size(), 2u);
  for (auto& d : *devs) d->start();
  ASSERT_TRUE(eventually([&] { return shelf->slot("A-01-tea")->count == 10; }));
  ASSERT_TRUE(eventually([&] { return shelf->slot("A-02-rice")->count == 4; }));
  EXPECT_DOUBLE_EQ(shelf->slot("A-02-rice")->unit_g, 5000);
  for (auto& d : *devs) d->stop();
  devices::DeviceHealth tcp, rtu;
  ASSERT_TRUE(health.get("bus-tcp", &tcp));
  ASSERT_TRUE(health.get("bus-rtu", &rtu));
  EXPECT_EQ(rtu.kind, "scale");
}

// A new gateway runs before the central system's first snapshot: a slot whose
// bin master data does not hold yet is reported, not a reason to refuse to
// start, and the shelf counts once the bin has arrived.
TEST_F(ScaleToStock, ASlotWhoseBinIsNotInMasterDataYetWaitsForIt) {
  receive("TEA-500", 10, "A-01");
  Sim sim(layouts_and(R"(
slot 1 0 g32 grams=5100 unit=500 noise=0.5
)"));
  config::Scales cfg = tea_shelf(sim.port, 60);
  cfg.slots[0].bin = "A-09";
  devices::HealthRegistry health;
  std::shared_ptr<scale::PendingShelf> pending;
  auto devs = scale::scale_devices(cfg, *engine_, store_path_, health, SystemClock::instance(), &pending);
  ASSERT_TRUE(devs.is_ok()) << devs.status().to_string();
  EXPECT_FALSE(pending->shelf());
  devices::DeviceHealth h;
  ASSERT_TRUE(health.get("shelf", &h));
  EXPECT_EQ(h.state, devices::DeviceState::degraded);
  EXPECT_EQ(h.detail, "waiting for master data: slot A-01-tea bin A-09 is not known");

  (*devs)[0]->start();
  // The bus is polled meanwhile and reports itself; nothing is counted.
  ASSERT_TRUE(eventually([&] { return health.get("bus-tcp", &h) && h.state == devices::DeviceState::online; }));
  EXPECT_FALSE(pending->shelf());

  inventory::Location bin;
  bin.code = "A-09";
  bin.kind = inventory::LocationKind::bin;
  bin.parent = "A";
  ASSERT_TRUE(engine_->import_locations({bin}).is_ok());
  receive("TEA-500", 10, "A-09");
  ASSERT_TRUE(eventually([&] { return pending->shelf() != nullptr; }));
  ASSERT_TRUE(eventually([&] { return pending->shelf()->slot("A-01-tea")->count == 10; }));
  ASSERT_TRUE(health.get("shelf", &h));
  EXPECT_EQ(h.state, devices::DeviceState::online);
  EXPECT_EQ(h.detail, "every slot's item and bin known");
  (*devs)[0]->stop();
}

// The same for an item, and a configuration reloaded while waiting is what
// the shelf is built from.
TEST_F(ScaleToStock, AReloadWhileWaitingIsWhatTheShelfIsBuiltFrom) {
  config::Scales cfg = tea_shelf(1, 60);
  cfg.slots[0].item = "MATCHA-1";
  devices::HealthRegistry health;
  std::shared_ptr<scale::PendingShelf> pending;
  auto devs = scale::scale_devices(cfg, *engine_, store_path_, health, SystemClock::instance(), &pending);
  ASSERT_TRUE(devs.is_ok()) << devs.status().to_string();
  devices::DeviceHealth h;
  ASSERT_TRUE(health.get("shelf", &h));
  EXPECT_EQ(h.detail, "waiting for master data: slot A-01-tea item MATCHA-1 is not known");
  config::Config now;
  now.scales = tea_shelf(1, 60);
  now.scales.slots[0].tare_g = 250;
  ASSERT_TRUE((*devs)[0]->reconfigure(now).is_ok());
  ASSERT_TRUE(pending->try_build().is_ok());
  ASSERT_TRUE(pending->shelf());
  auto slots = weight::list_slots(q());
  ASSERT_TRUE(slots.is_ok()) << slots.status().to_string();
  ASSERT_EQ(slots->size(), 1u);
  EXPECT_EQ((*slots)[0].sku, "TEA-500");
  EXPECT_EQ((*slots)[0].tare_g, 250);
}

}  // namespace
}  // namespace jxc
