// The bus poller's own logic (retries, failed polls, offline marking and
// back-off, recovery, a lost link reopened) over a scripted Link: no socket,
// no serial line, no simulator. Time is the real clock plus the time the
// script says each request took, so a slow answer or a timeout costs the test
// nothing while the poller's waits stay real.
#include "drivers/scale/bus_poller.h"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <cmath>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace jxc::scale {
namespace {

using devices::DeviceState;

/// Steady and wall time of the system, moved forward by what requests took.
class ScriptedClock final : public Clock {
 public:
  TimeMs now_ms() const override { return SystemClock::instance().now_ms() + skew_ms_.load(); }
  std::chrono::steady_clock::time_point steady_now() const override {
    return SystemClock::instance().steady_now() + std::chrono::milliseconds(skew_ms_.load());
  }
  std::int64_t steady_ms() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(steady_now().time_since_epoch()).count();
  }
  void pass(std::int64_t ms) { skew_ms_ += ms; }

 private:
  std::atomic<std::int64_t> skew_ms_{0};
};

constexpr std::int64_t kRequestMs = 5;   // what an answer takes on the wire
constexpr std::int64_t kTimeoutMs = 100;

/// What a slave does with one request.
struct Step {
  enum Kind { answer, slow, garbage, silent, link_lost } kind = answer;
  std::int64_t delay_ms = kRequestMs;
};

/// One request as the link saw it, in steady milliseconds of the clock.
struct Read {
  std::size_t seq = 0;  // place among all requests on the bus
  int slave = 0;
  Step::Kind kind = Step::answer;
  std::int64_t start = 0, end = 0;
};

/// The scripted bus: per slave a queue of steps (then answers for ever) and
/// the registers an answer carries; the link's open() fails while
/// `refuse_opens` is above zero.
struct Bus {
  explicit Bus(ScriptedClock& c) : clock(c) {}
  ScriptedClock& clock;
  std::mutex mu;
  std::map<int, std::deque<Step>> script;
  std::map<int, std::array<std::uint16_t, 2>> regs;
  std::vector<Read> reads;
  int refuse_opens = 0;
  int opens = 0, closes = 0;

  std::vector<Read> log() {
    std::lock_guard lock(mu);
    return reads;
  }
  std::vector<Read> log_of(int slave) {
    std::vector<Read> out;
    for (const auto& r : log())
      if (r.slave == slave) out.push_back(r);
    return out;
  }
};

class ScriptedLink final : public Link {
 public:
  explicit ScriptedLink(Bus& bus) : bus_(bus) {}
  const std::string& describe() const override { return name_; }
  Status open() override {
    std::lock_guard lock(bus_.mu);
    ++bus_.opens;
    if (bus_.refuse_opens > 0) {
      --bus_.refuse_opens;
      return error(Errc::unavailable, "no such device");
    }
    open_ = true;
    return Status::ok();
  }
  void close() override {
    std::lock_guard lock(bus_.mu);
    if (open_) ++bus_.closes;
    open_ = false;
  }
  bool is_open() const override { return open_; }

  Status read(int slave, RegisterKind, int address, int count, std::uint16_t* out) override {
    std::lock_guard lock(bus_.mu);
    Step step;
    auto& queue = bus_.script[slave];
    if (!queue.empty()) {
      step = queue.front();
      queue.pop_front();
    }
    Read r{bus_.reads.size(), slave, step.kind, bus_.clock.steady_ms(), 0};
    // A response timeout ends the wait for an answer that does not come in time.
    const bool in_time = step.kind != Step::silent && step.delay_ms <= kTimeoutMs;
    bus_.clock.pass(in_time ? step.delay_ms : kTimeoutMs);
    r.end = bus_.clock.steady_ms();
    bus_.reads.push_back(r);
    // The link stays open until its owner closes it, as a socket does.
    if (step.kind == Step::link_lost) return error(Errc::unavailable, "connection reset");
    if (!in_time) return error(Errc::io, "response timed out");
    const std::array<std::uint16_t, 2> nan = {0x7fc0, 0x0000};  // a float32 NaN, high word first
    const auto& regs = step.kind == Step::garbage ? nan : bus_.regs[slave];
    for (int i = 0; i < count; ++i) out[i] = regs[static_cast<std::size_t>(address + i)];
    return Status::ok();
  }

 private:
  Bus& bus_;
  std::string name_ = "scripted bus";
  bool open_ = false;
};

class Sink final : public weight::WeightSink {
 public:
  void on_reading(const std::string& slot, const weight::Sample& s) override {
    std::lock_guard lock(mu_);
    if (throw_on_reading_ > 0) {
      --throw_on_reading_;
      throw std::runtime_error("shelf rejected the reading");
    }
    readings_[slot].push_back(s);
  }
  /// The next `n` readings throw.
  void throw_on_next(int n) {
    std::lock_guard lock(mu_);
    throw_on_reading_ = n;
  }
  void on_offline(const std::string& slot) override {
    std::lock_guard lock(mu_);
    ++offline_[slot];
  }
  std::vector<weight::Sample> readings(const std::string& slot) {
    std::lock_guard lock(mu_);
    return readings_[slot];
  }
  int offline(const std::string& slot) {
    std::lock_guard lock(mu_);
    return offline_[slot];
  }

 private:
  std::mutex mu_;
  std::map<std::string, std::vector<weight::Sample>> readings_;
  std::map<std::string, int> offline_;
  int throw_on_reading_ = 0;
};

/// Every report, detail-only updates included, in order.
class Health final : public devices::HealthSink {
 public:
  void report(std::string, std::string, DeviceState state, std::string detail) override {
    std::lock_guard lock(mu_);
    reports_.emplace_back(state, std::move(detail));
  }
  std::vector<std::pair<DeviceState, std::string>> reports() {
    std::lock_guard lock(mu_);
    return reports_;
  }
  /// The index of the first report at or after `from` in `state` whose detail
  /// holds `text`; -1 when there is none.
  int find(DeviceState state, const std::string& text, int from = 0) {
    auto all = reports();
    for (int i = from; i < static_cast<int>(all.size()); ++i)
      if (all[static_cast<std::size_t>(i)].first == state &&
          all[static_cast<std::size_t>(i)].second.find(text) != std::string::npos)
        return i;
    return -1;
  }

 private:
  std::mutex mu_;
  std::vector<std::pair<DeviceState, std::string>> reports_;
};

bool eventually(const std::function<bool()>& done) {
  for (int i = 0; i < 5000; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return done();
}

RegisterMap float_map() {
  RegisterMap m;
  m.type = ValueType::float32;
  return m;
}

PolledSlot slot(const std::string& id, int slave) {
  PolledSlot p;
  p.id = id;
  p.slave = slave;
  p.map = float_map();
  return p;
}

std::array<std::uint16_t, 2> grams(double g) {
  std::array<std::uint16_t, 2> regs{};
  Reading r;
  r.grams = g;
  encode(float_map(), r, regs);
  return regs;
}

config::ScaleBus bus_config() {
  config::ScaleBus b;
  b.id = "bus-1";
  b.timeout_ms = kTimeoutMs;
  b.retries = 1;
  b.poll_interval_ms = 10;
  b.inter_frame_delay_ms = 0;
  b.offline_after = 2;
  b.backoff_max_ms = 80;
  return b;
}

TEST(BusPoller, ASlowThenGarbledThenSilentSlaveGoesOfflineBacksOffAndComesBack) {
  ScriptedClock clock;
  Bus bus(clock);
  bus.regs[1] = grams(100);
  bus.regs[2] = grams(250);
  bus.script[2] = {
      {Step::slow, 60},                                 // late, but within the timeout
      {Step::garbage},                                  // answers, with a weight that is no number
      {Step::silent}, {Step::silent},                   // a poll and its retry time out
      {Step::silent}, {Step::silent}, {Step::silent},   // offline: one attempt per back-off turn
      {Step::answer},                                   // back
  };
  Sink sink;
  Health health;
  BusPoller poller(bus_config(), {slot("a", 1), slot("b", 2)}, std::make_unique<ScriptedLink>(bus), sink,
                   health, clock);
  poller.start();
  ASSERT_TRUE(eventually([&] {
    const int degraded = health.find(DeviceState::degraded, "slave 2 not answering");
    return degraded >= 0 && health.find(DeviceState::online, "2 slaves answering", degraded) > degraded &&
           sink.readings("b").size() >= 2;
  }));
  poller.stop();

  const auto reads = bus.log();
  const auto b = bus.log_of(2);
  ASSERT_GE(b.size(), 8u);
  // The slow answer is read, and its sample is stamped when it came.
  const auto samples = sink.readings("b");
  EXPECT_DOUBLE_EQ(samples[0].grams, 250);
  EXPECT_GE(samples[0].at_ms - b[0].start, 60);
  // The garbled answer and the silence gave no reading; the answer after them did.
  EXPECT_DOUBLE_EQ(samples[1].grams, 250);
  EXPECT_GE(samples[1].at_ms, b[7].end);

  // A timed-out request is retried at once, with no other slave in between.
  EXPECT_EQ(b[3].seq, b[2].seq + 1);

  // Two failed polls (the garbled one and the silent one) made it offline,
  // once; then every back-off turn was one attempt, the wait doubling from
  // twice the poll interval up to its cap, with the other slave read in
  // every wait.
  EXPECT_EQ(sink.offline("b"), 1);
  EXPECT_EQ(sink.offline("a"), 0);
  const std::int64_t backoff[] = {20, 40, 80, 80};
  for (std::size_t k = 0; k < 4; ++k) {
    const Read& failed = b[3 + k];
    const Read& next = b[4 + k];
    EXPECT_GE(next.start - failed.end, backoff[k]) << "turn " << k;
    bool other_read = false;
    for (std::size_t i = failed.seq + 1; i < next.seq; ++i) other_read |= reads[i].slave == 1;
    EXPECT_TRUE(other_read) << "slave 1 starved during turn " << k;
  }
  // Every request counted; one retry in all: the garbled answer was not
  // retried (the link delivered it, so it is a failed poll), nor was an
  // offline slave's single attempt.
  const auto stats = poller.stats();
  EXPECT_EQ(stats[1].failed, 5u);  // garbled, silent with its retry, three back-off turns
  EXPECT_EQ(stats[1].attempts, stats[1].polls_ok + stats[1].failed + 1);
  EXPECT_EQ(stats[1].attempts, b.size());
  EXPECT_FALSE(stats[1].offline);
  EXPECT_EQ(stats[0].failed, 0u);
  EXPECT_GE(sink.readings("a").size(), 5u);

  // The bus went degraded naming the slave, then online again.
  const int degraded = health.find(DeviceState::degraded, "slave 2 not answering");
  ASSERT_GE(degraded, 0);
  EXPECT_GT(health.find(DeviceState::online, "2 slaves answering", degraded), degraded);
  EXPECT_EQ(health.reports().back().first, DeviceState::stopped);
}

TEST(BusPoller, TheBusIsStartingUntilEverySlaveAnsweredAndOfflineWhenNoneDoes) {
  ScriptedClock clock;
  Bus bus(clock);
  bus.regs[1] = grams(100);
  bus.regs[2] = grams(250);
  // Slave 2 is late to answer its first poll; then both go silent for good.
  bus.script[1] = {{Step::answer}, {Step::answer}, {Step::answer}};
  bus.script[2] = {{Step::silent}, {Step::answer}, {Step::answer}};
  for (int k = 0; k < 400; ++k) {
    bus.script[1].push_back({Step::silent});
    bus.script[2].push_back({Step::silent});
  }
  Sink sink;
  Health health;
  BusPoller poller(bus_config(), {slot("a", 1), slot("b", 2)}, std::make_unique<ScriptedLink>(bus), sink,
                   health, clock);
  poller.start();
  ASSERT_TRUE(eventually([&] { return health.find(DeviceState::offline, "no slave answering") >= 0; }))
      << health.reports().back().second;
  poller.stop();

  const auto reports = health.reports();
  // Opened: waiting for both; slave 1 answered: waiting for slave 2 only.
  const int waiting_both = health.find(DeviceState::starting, "scripted bus: waiting for the first answer of slave 1, 2");
  ASSERT_GE(waiting_both, 0);
  const int waiting_two = health.find(DeviceState::starting, "waiting for the first answer of slave 2", waiting_both + 1);
  ASSERT_GT(waiting_two, waiting_both);
  // Online only once slave 2 answered too, never before.
  const int online = health.find(DeviceState::online, "2 slaves answering");
  ASSERT_GT(online, waiting_two);
  for (int i = 0; i < online; ++i) EXPECT_NE(reports[static_cast<std::size_t>(i)].first, DeviceState::online) << i;
  // Silent: the bus goes offline naming both slaves and why, not degraded for ever.
  const int off = health.find(DeviceState::offline, "scripted bus: no slave answering: slave 1 not answering "
                                                    "(response timed out); slave 2 not answering (response timed out)");
  ASSERT_GT(off, online) << reports[reports.size() - 2].second;
}

TEST(BusPoller, ALostLinkIsClosedReportedAndReopenedWithBackOff) {
  ScriptedClock clock;
  Bus bus(clock);
  bus.regs[1] = grams(100);
  bus.regs[2] = grams(250);
  bus.script[1] = {{Step::answer}, {Step::answer}, {Step::link_lost}};
  Sink sink;
  Health health;
  BusPoller poller(bus_config(), {slot("a", 1), slot("b", 2)}, std::make_unique<ScriptedLink>(bus), sink,
                   health, clock);
  {
    std::lock_guard lock(bus.mu);
    bus.refuse_opens = 1;  // not there at start
  }
  poller.start();
  ASSERT_TRUE(eventually([&] {
    const int lost = health.find(DeviceState::offline, "link lost");
    return lost >= 0 && health.find(DeviceState::online, "2 slaves answering", lost) > lost &&
           sink.readings("a").size() >= 3;
  }));
  poller.stop();

  // At start: refused, reported offline with the retry wait, then opened.
  const int refused = health.find(DeviceState::offline, "no such device (retry in 10 ms)");
  ASSERT_GE(refused, 0);
  const int up = health.find(DeviceState::online, "2 slaves answering", refused);
  ASSERT_GT(up, refused);
  // Lost: every slot of the bus is offline and the link is closed and reopened.
  const int lost = health.find(DeviceState::offline, "scripted bus: link lost, reopening", up);
  ASSERT_GT(lost, up);
  EXPECT_EQ(sink.offline("a"), 1);
  EXPECT_EQ(sink.offline("b"), 1);
  EXPECT_GT(health.find(DeviceState::online, "2 slaves answering", lost), lost);
  {
    std::lock_guard lock(bus.mu);
    EXPECT_EQ(bus.opens, 3);   // refused, opened, reopened after the loss
    EXPECT_EQ(bus.closes, 2);  // the lost link, then stop()
  }
  // No slave was marked offline for the link's fault.
  for (const auto& s : poller.stats()) EXPECT_FALSE(s.offline) << s.slave;
  EXPECT_EQ(health.reports().back().first, DeviceState::stopped);
}

TEST(BusPoller, ASinkThatThrowsIsReportedAndTheBusIsPolledAgainAfterABackOff) {
  ScriptedClock clock;
  Bus bus(clock);
  bus.regs[1] = grams(100);
  Sink sink;
  sink.throw_on_next(1);
  Health health;
  BusPoller poller(bus_config(), {slot("a", 1)}, std::make_unique<ScriptedLink>(bus), sink, health, clock);
  poller.start();
  ASSERT_TRUE(eventually([&] {
    const int thrown = health.find(DeviceState::offline, "exception: shelf rejected the reading (restart in ");
    return thrown >= 0 && health.find(DeviceState::online, "1 slave answering", thrown) > thrown &&
           sink.readings("a").size() >= 2;
  }));
  poller.stop();
  EXPECT_DOUBLE_EQ(sink.readings("a").front().grams, 100);
  {
    std::lock_guard lock(bus.mu);
    EXPECT_EQ(bus.opens, 2);   // at start, and again at the restart
    EXPECT_EQ(bus.closes, 2);  // at the restart, then stop()
  }
  EXPECT_EQ(health.reports().back().first, DeviceState::stopped);
}

}  // namespace
}  // namespace jxc::scale
