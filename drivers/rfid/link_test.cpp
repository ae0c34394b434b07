// The LLRP client against the reader simulator over real TCP on loopback:
// set-up sequence, continuous reports, keepalive acks, GPI events and GPI
// start, dead-link detection, a killed and restarted reader, a backlog
// flushed after reconnect, refusal while another client holds the reader,
// LLRP 1.1 negotiation, reader errors reported with their codes.
#include <atomic>
#include <csignal>
#include <stdexcept>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "drivers/rfid/reader_link.h"
#include "drivers/rfid/test_support.h"
#include "edge/common/text.h"

namespace jxc::llrp {
namespace {

using namespace testing;
using devices::DeviceState;

ReaderOptions options(std::uint16_t port, const std::string& id = "door-1") {
  ReaderOptions o;
  o.id = id;
  o.host = "127.0.0.1";
  o.port = port;
  o.antennas = {1, 2};
  o.keepalive_ms = 1000;  // generous: a loaded machine must not look like a dead link
  o.reconnect_min = std::chrono::milliseconds(50);
  o.reconnect_max = std::chrono::milliseconds(400);
  return o;
}

std::vector<std::uint8_t> epc(int n) {
  return {0x30, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, static_cast<std::uint8_t>(n)};
}

TEST(LlrpLink, SetsUpReportsAnswersKeepalivesAndClosesOnStop) {
  jxc::testing::TempDir dir;
  Simulator sim(dir, R"({"id": "r1", "antennas": 4, "steps": [
      {"kind": "pass", "at_ms": 100, "epcs": ["301400000000000000000001", "301400000000000000000002",
                                              "301400000000000000000003"],
       "antennas": [1, 2], "duration_ms": 600, "interval_ms": 50},
      {"kind": "gpi", "at_ms": 200, "port": 2, "high": true},
      {"kind": "gpi", "at_ms": 400, "port": 2, "high": false}]})");
  RecordingSink sink;
  RecordingHealth health;
  auto o = options(sim.port());
  o.tx_power_dbm = {21.0, 30.0};  // table 10/15/20/25/30: indexes 3 and 5
  ReaderLink link(o, health, sink);
  link.start();
  ASSERT_TRUE(health.wait_for(DeviceState::online, "LLRP 1.0.1")) << health.dump();
  ASSERT_TRUE(sim.wait_for("power r1 antenna 2 index 5")) << sim.child().output();
  EXPECT_NE(sim.child().output().find("power r1 antenna 1 index 3"), std::string::npos);
  ASSERT_TRUE(sink.wait([&] { return sink.epcs.size() == 3 && sink.gpi.size() == 2; })) << sink.reads.size();
  ASSERT_TRUE(sim.wait_for(" match")) << sim.child().output();
  EXPECT_EQ(sim.seen("mismatch"), 0u);
  {
    std::lock_guard lock(sink.mu);
    const auto now = SystemClock::instance().now_ms();
    bool both_antennas[3] = {false, false, false};
    for (const auto& r : sink.reads) {
      EXPECT_EQ(r.reader_id, "door-1");
      ASSERT_GE(r.antenna, 1);
      ASSERT_LE(r.antenna, 2);
      both_antennas[r.antenna] = true;
      ASSERT_TRUE(r.peak_rssi_dbm);
      EXPECT_LT(*r.peak_rssi_dbm, 0);
      ASSERT_TRUE(r.first_seen);
      EXPECT_LT(std::abs(*r.first_seen - now), 60'000);  // reader UTC stamps in ms
      EXPECT_EQ(r.channel_index, 1);
      EXPECT_EQ(r.rospec_id, 1u);
      EXPECT_EQ(r.epc.size(), 12u);
    }
    EXPECT_TRUE(both_antennas[1] && both_antennas[2]);
    EXPECT_EQ(sink.gpi[0].port, 2);
    EXPECT_TRUE(sink.gpi[0].high);
    EXPECT_FALSE(sink.gpi[1].high);
  }
  link.stop();
  EXPECT_TRUE(sim.wait_for("close-request r1")) << sim.child().output();
  EXPECT_TRUE(health.wait_for(DeviceState::stopped));
}

TEST(LlrpLink, StalledKeepalivesMarkTheLinkDeadAndItReconnects) {
  jxc::testing::TempDir dir;
  Simulator sim(dir, R"({"id": "r1", "steps": [{"kind": "stall", "at_ms": 300, "duration_ms": 3000},
                                               {"kind": "read", "at_ms": 1500, "epc": "301400000000000000000007"}]})");
  RecordingSink sink;
  RecordingHealth health;
  auto o = options(sim.port());
  o.keepalive_ms = 300;
  ReaderLink link(o, health, sink);
  link.start();
  ASSERT_TRUE(health.wait_for(DeviceState::online)) << health.dump();
  ASSERT_TRUE(health.wait_for(DeviceState::offline, "keepalives missed")) << health.dump();
  const auto after_dead = health.count();
  ASSERT_TRUE(health.wait_for(DeviceState::online, "", after_dead)) << health.dump();
  EXPECT_GE(link.sessions(), 2u);
  // The read made while the link was stalled is buffered and arrives after the reconnect.
  EXPECT_TRUE(sink.wait([&] { return sink.epcs.count(epc(7)) == 1; }));
}

TEST(LlrpLink, ReconnectsToARestartedReaderAndAbsorbsItsBacklog) {
  jxc::testing::TempDir dir;
  auto sim = std::make_unique<Simulator>(dir, R"({"id": "r1", "steps": []})");
  const auto port = sim->port();
  RecordingSink sink;
  RecordingHealth health;
  ReaderLink link(options(port), health, sink);
  link.start();
  ASSERT_TRUE(health.wait_for(DeviceState::online)) << health.dump();
  sim->child().signal(SIGKILL);
  sim.reset();
  ASSERT_TRUE(health.wait_for(DeviceState::offline)) << health.dump();
  const auto before = health.count();

  // The restarted reader drops the link once more and buffers 20000 reads
  // meanwhile, then flushes them when the client starts its ROSpec again.
  Simulator again(dir, R"({"id": "r1", "report_batch": 250, "steps": [
      {"kind": "read", "at_ms": 100, "epc": "301400000000000000000001"},
      {"kind": "disconnect", "at_ms": 300,
       "backlog": {"epc_base": "3014000000000000AA000000", "count": 20000, "antenna": 2}}]})",
                  port, "again.json");
  ASSERT_TRUE(health.wait_for(DeviceState::online, "", before)) << health.dump();
  ASSERT_TRUE(again.wait_for("flushed r1 20000")) << again.child().output();
  ASSERT_TRUE(sink.wait([&] { return sink.epcs.size() >= 20001; })) << sink.epcs.size();
  std::lock_guard lock(sink.mu);
  EXPECT_EQ(sink.epcs.size(), 20001u);
  EXPECT_LT(sink.batches, 20000);  // delivered in batches, not read by read
}

TEST(LlrpLink, GpiTriggerStartsTheInventory) {
  jxc::testing::TempDir dir;
  Simulator sim(dir, R"({"id": "r1", "steps": [
      {"kind": "read", "at_ms": 300, "epc": "301400000000000000000001"},
      {"kind": "gpi", "at_ms": 600, "port": 3, "high": true},
      {"kind": "read", "at_ms": 900, "epc": "301400000000000000000002"}]})");
  RecordingSink sink;
  RecordingHealth health;
  auto o = options(sim.port());
  o.gpi_start = true;
  o.gpi_port = 3;
  ReaderLink link(o, health, sink);
  link.start();
  ASSERT_TRUE(health.wait_for(DeviceState::online, "GPI 3 start")) << health.dump();
  ASSERT_TRUE(sink.wait([&] { return sink.epcs.count(epc(2)) == 1; }));
  std::lock_guard lock(sink.mu);
  EXPECT_EQ(sink.epcs.count(epc(1)), 0u);  // before the beam: not inventorying
  ASSERT_EQ(sink.gpi.size(), 1u);
  EXPECT_EQ(sink.gpi[0].port, 3);
}

TEST(LlrpLink, ASecondClientIsRefusedWhileTheReaderIsHeld) {
  jxc::testing::TempDir dir;
  Simulator sim(dir, R"({"id": "r1", "steps": []})");
  RecordingSink sink;
  RecordingHealth h1, h2;
  ReaderLink first(options(sim.port(), "a"), h1, sink);
  first.start();
  ASSERT_TRUE(h1.wait_for(DeviceState::online)) << h1.dump();
  ReaderLink second(options(sim.port(), "b"), h2, sink);
  second.start();
  ASSERT_TRUE(h2.wait_for(DeviceState::offline, "another client holds it")) << h2.dump();
  EXPECT_TRUE(sim.wait_for("refused r1"));
  second.stop();
  first.stop();
}

TEST(LlrpLink, NegotiatesLlrp11AndMapsUptimeStamps) {
  jxc::testing::TempDir dir;
  Simulator sim(dir, R"({"id": "r1", "llrp_version": 2, "utc_clock": false, "steps": [
      {"kind": "read", "at_ms": 100, "epc": "E28011606000020D5F2B1A43"}]})");
  RecordingSink sink;
  RecordingHealth health;
  ReaderLink link(options(sim.port()), health, sink);
  link.start();
  ASSERT_TRUE(health.wait_for(DeviceState::online, "LLRP 1.1")) << health.dump();
  EXPECT_TRUE(sim.wait_for("version r1 2"));
  ASSERT_TRUE(sink.wait([&] { return !sink.reads.empty(); }));
  std::lock_guard lock(sink.mu);
  ASSERT_TRUE(sink.reads[0].first_seen);
  EXPECT_LT(std::abs(*sink.reads[0].first_seen - SystemClock::instance().now_ms()), 60'000);
}

TEST(LlrpLink, ReaderErrorsAreReportedWithTheirCodes) {
  jxc::testing::TempDir dir;
  Simulator sim(dir, R"({"id": "r1", "antennas": 2, "steps": [{"kind": "error", "at_ms": 200, "code": 401}]})");
  RecordingSink sink;
  RecordingHealth health;
  auto bad = options(sim.port());
  bad.antennas = {1, 9};  // the reader has 2
  bad.tx_power_dbm = {20};
  ReaderLink refused(bad, health, sink);
  refused.start();
  ASSERT_TRUE(health.wait_for(DeviceState::offline, "SET_READER_CONFIG refused: M_ParameterError (100)")) << health.dump();
  refused.stop();

  RecordingHealth h2;
  ReaderLink good(options(sim.port()), h2, sink);
  good.start();
  ASSERT_TRUE(h2.wait_for(DeviceState::degraded, "R_DeviceError (401)")) << h2.dump();
}

// A reader's ErrorDescription in bytes that are not UTF-8 (and a terminal
// escape) becomes one clean line of UTF-8 in the health the gateway keeps;
// the link stays up and goes on reading.
TEST(LlrpLink, ReaderErrorTextThatIsNotUtf8IsKeptAsCleanUtf8) {
  jxc::testing::TempDir dir;
  // "Antenne d\xE9fekt" in Latin-1, a cut-short sequence, a surrogate, CR LF and ESC.
  Simulator sim(dir, R"({"id": "r1", "antennas": 2, "steps": [
      {"kind": "error", "at_ms": 100, "code": 401,
       "description_hex": "416E74656E6E652064E966656B7420E282EDA0800D0A1B5B324A"},
      {"kind": "read", "at_ms": 300, "epc": "301400000000000000000001", "antenna": 1}]})");
  RecordingSink sink;
  devices::HealthRegistry registry;
  ReaderLink link(options(sim.port()), registry, sink);
  link.start();
  auto detail = [&] {
    devices::DeviceHealth h;
    return registry.get("door-1", &h) && h.state == DeviceState::degraded ? h.detail : std::string();
  };
  const auto until = std::chrono::steady_clock::now() + 30s;
  while (detail().empty() && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(10ms);
  const std::string d = detail();
  ASSERT_FALSE(d.empty()) << sim.child().output();
  EXPECT_TRUE(text::is_valid_utf8(d)) << d;
  EXPECT_EQ(text::find_control(d), std::nullopt) << d;
  const std::string r = std::string(text::kReplacement);
  EXPECT_NE(d.find("R_DeviceError (401): Antenne d" + r + "fekt " + r + r + r + r + " " + r + "[2J"), std::string::npos) << d;
  EXPECT_NO_THROW((void)nlohmann::json(d).dump()) << d;  // the strict serialiser accepts it
  // Still connected and reading after the error.
  ASSERT_TRUE(sink.wait([&] { return !sink.epcs.empty(); })) << sim.child().output();
}

TEST(LlrpLink, SeveralReadersFromOneSimulatorProcess) {
  jxc::testing::TempDir dir;
  Simulator sim(dir, R"({"readers": [
      {"id": "door-a", "steps": [{"kind": "burst", "at_ms": 200, "epc_base": "301400000000000000000000", "count": 50}]},
      {"id": "door-b", "steps": [{"kind": "stray", "at_ms": 200, "epc": "301400000000000000000007", "rssi": -78}]}]})");
  RecordingSink sink;
  RecordingHealth ha, hb;
  ReaderLink a(options(sim.port_of("door-a"), "door-a"), ha, sink);
  ReaderLink b(options(sim.port_of("door-b"), "door-b"), hb, sink);
  a.start();
  b.start();
  ASSERT_TRUE(sink.wait([&] { return sink.reads.size() >= 51; })) << sink.reads.size();
  std::lock_guard lock(sink.mu);
  int from_b = 0;
  for (const auto& r : sink.reads)
    if (r.reader_id == "door-b") {
      ++from_b;
      EXPECT_EQ(r.peak_rssi_dbm, -78);
    }
  EXPECT_EQ(from_b, 1);
  EXPECT_EQ(sink.epcs.size(), 50u);  // the stray tag is also one of door-a's 50
}

/// Throws from its first batch of reads (or GPI event), then records.
class ThrowingOnceSink final : public rfid::ReadSink {
 public:
  explicit ThrowingOnceSink(RecordingSink& then) : then_(then) {}
  void on_tag_reads(const std::string& id, std::span<const rfid::TagRead> reads) override {
    if (!thrown_.exchange(true)) throw std::runtime_error("sink refused the batch");
    then_.on_tag_reads(id, reads);
  }
  void on_gpi(const rfid::GpiEvent& e) override {
    if (!thrown_.exchange(true)) throw std::runtime_error("sink refused the GPI event");
    then_.on_gpi(e);
  }

 private:
  RecordingSink& then_;
  std::atomic<bool> thrown_{false};
};

TEST(LlrpLink, ASinkThatThrowsEndsTheSessionWhichIsReportedAndReconnects) {
  jxc::testing::TempDir dir;
  Simulator sim(dir, R"({"id": "r1", "steps": [
      {"kind": "pass", "at_ms": 100, "epcs": ["301400000000000000000001"], "antennas": [1],
       "duration_ms": 60000, "interval_ms": 50}]})");
  RecordingSink recorded;
  ThrowingOnceSink sink(recorded);
  RecordingHealth health;
  ReaderLink link(options(sim.port()), health, sink);
  link.start();
  ASSERT_TRUE(health.wait_for(DeviceState::online)) << health.dump();
  ASSERT_TRUE(health.wait_for(DeviceState::offline, "exception: sink refused the batch (restart in ")) << health.dump();
  std::size_t after = 0;
  {
    std::lock_guard lock(health.mu);
    while (health.history[after].first != DeviceState::offline) ++after;
  }
  // The link comes back by itself and the next reads get through.
  ASSERT_TRUE(health.wait_for(DeviceState::online, "reading on", after)) << health.dump();
  EXPECT_GE(link.sessions(), 2u);
  EXPECT_TRUE(recorded.wait([&] { return recorded.epcs.count(epc(1)) == 1; }));
  link.stop();
  EXPECT_TRUE(health.wait_for(DeviceState::stopped));
}

/// A health sink whose first report of `offline` throws, as a listener of
/// the registry might.
class ThrowingOnceHealth final : public devices::HealthSink {
 public:
  explicit ThrowingOnceHealth(RecordingHealth& then) : then_(then) {}
  void report(std::string id, std::string kind, DeviceState s, std::string detail) override {
    if (s == DeviceState::offline && !thrown_.exchange(true)) throw std::runtime_error("health listener failed");
    then_.report(std::move(id), std::move(kind), s, std::move(detail));
  }

 private:
  RecordingHealth& then_;
  std::atomic<bool> thrown_{false};
};

TEST(LlrpLink, AnExceptionOutsideASessionRestartsTheLinkAfterTheBackOff) {
  jxc::testing::TempDir dir;
  Simulator sim(dir, R"({"id": "r1", "steps": [{"kind": "disconnect", "at_ms": 200},
      {"kind": "read", "at_ms": 400, "epc": "301400000000000000000003"}]})");
  RecordingSink sink;
  RecordingHealth recorded;
  ThrowingOnceHealth health(recorded);
  ReaderLink link(options(sim.port()), health, sink);
  link.start();
  ASSERT_TRUE(recorded.wait_for(DeviceState::online)) << recorded.dump();
  // The report of the dropped connection throws; the exception is what is reported.
  ASSERT_TRUE(recorded.wait_for(DeviceState::offline, "exception: health listener failed (restart in "))
      << recorded.dump();
  const auto after = recorded.count();
  ASSERT_TRUE(recorded.wait_for(DeviceState::online, "reading on", after)) << recorded.dump();
  EXPECT_GE(link.sessions(), 2u);
  EXPECT_TRUE(sink.wait([&] { return sink.epcs.count(epc(3)) == 1; }));
  link.stop();
  EXPECT_TRUE(recorded.wait_for(DeviceState::stopped));
}

TEST(LlrpLink, RetriesWithExponentialBackOffAndJitter) {
  // A loopback port with nobody listening: bind one, note it, close it.
  std::uint16_t port = 0;
  {
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor a(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
    port = a.local_endpoint().port();
  }
  RecordingSink sink;
  RecordingHealth health;
  ReaderLink link(options(port), health, sink);  // back-off 50 ms doubling to 400 ms
  link.start();
  ASSERT_TRUE(health.wait_until_count(7)) << health.dump();
  link.stop();
  std::vector<long> delays;
  {
    std::lock_guard lock(health.mu);
    for (const auto& [state, detail] : health.history) {
      const auto at = detail.find("(retry in ");
      if (state != DeviceState::offline || at == std::string::npos) continue;
      EXPECT_NE(detail.find("connect 127.0.0.1:"), std::string::npos) << detail;
      delays.push_back(std::stol(detail.substr(at + 10)));
    }
  }
  ASSERT_GE(delays.size(), 5u);
  // Half of each delay is fixed, half random: [d/2, d] for d = 50, 100, 200, 400, 400.
  const long full[] = {50, 100, 200, 400, 400};
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_GE(delays[i], full[i] / 2) << i;
    EXPECT_LE(delays[i], full[i]) << i;
  }
}

}  // namespace
}  // namespace jxc::llrp
