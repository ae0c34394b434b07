#pragma once
// Test support for the LLRP link tests: sinks that record what the driver
// delivers and let the test thread wait for a condition with a deadline,
// and a running `jxc-hwsim rfid` child with its port.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "edge/devices/health.h"
#include "edge/rfid/reads.h"
#include "tests/child_process.h"

namespace jxc::llrp::testing {

using namespace std::chrono_literals;

/// Waits on `mu`/`cv` until `pred` holds; false after `limit`.
template <typename Pred>
bool wait_until(std::mutex& mu, std::condition_variable& cv, Pred pred, std::chrono::milliseconds limit = 30s) {
  std::unique_lock lock(mu);
  return cv.wait_for(lock, limit, pred);
}

class RecordingSink final : public rfid::ReadSink {
 public:
  void on_tag_reads(const std::string&, std::span<const rfid::TagRead> reads) override {
    std::lock_guard lock(mu);
    ++batches;
    for (const auto& r : reads) {
      this->reads.push_back(r);
      epcs.insert(r.epc);
    }
    cv.notify_all();
  }
  void on_gpi(const rfid::GpiEvent& e) override {
    std::lock_guard lock(mu);
    gpi.push_back(e);
    cv.notify_all();
  }
  bool wait(std::function<bool()> pred, std::chrono::milliseconds limit = 30s) {
    return wait_until(mu, cv, pred, limit);
  }
  std::mutex mu;
  std::condition_variable cv;
  std::vector<rfid::TagRead> reads;
  std::set<std::vector<std::uint8_t>> epcs;
  std::vector<rfid::GpiEvent> gpi;
  int batches = 0;
};

class RecordingHealth final : public devices::HealthSink {
 public:
  void report(std::string, std::string, devices::DeviceState s, std::string detail) override {
    std::lock_guard lock(mu);
    history.push_back({s, detail});
    cv.notify_all();
  }
  /// Waits for a report in state `s` whose detail contains `part`, after the first `from` reports.
  bool wait_for(devices::DeviceState s, const std::string& part = "", std::size_t from = 0,
                std::chrono::milliseconds limit = 30s) {
    return wait_until(mu, cv, [&] {
      for (std::size_t i = from; i < history.size(); ++i)
        if (history[i].first == s && history[i].second.find(part) != std::string::npos) return true;
      return false;
    }, limit);
  }
  /// Waits until at least `n` reports have arrived.
  bool wait_until_count(std::size_t n, std::chrono::milliseconds limit = 30s) {
    return wait_until(mu, cv, [&] { return history.size() >= n; }, limit);
  }
  std::size_t count() {
    std::lock_guard lock(mu);
    return history.size();
  }
  std::string dump() {
    std::lock_guard lock(mu);
    std::string out;
    for (auto& [s, d] : history) out += std::string(devices::to_string(s)) + ": " + d + "\n";
    return out;
  }
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::pair<devices::DeviceState, std::string>> history;
};

/// `jxc-hwsim rfid` on a scenario; port 0 picks a free one.
class Simulator {
 public:
  Simulator(const jxc::testing::TempDir& dir, const std::string& scenario_json, std::uint16_t port = 0,
            const std::string& name = "scenario.json");
  std::uint16_t port() const { return port_; }
  /// The port of reader `id` in a scenario with several readers (waits for its line).
  std::uint16_t port_of(const std::string& id);
  jxc::testing::Child& child() { return *child_; }
  bool wait_for(const std::string& text, std::chrono::milliseconds limit = 30s) {
    return child_->wait_for_output(text, jxc::testing::after(limit));
  }
  /// How many times `text` appears in the output read so far.
  std::size_t seen(const std::string& text) const;

 private:
  std::unique_ptr<jxc::testing::Child> child_;
  std::uint16_t port_ = 0;
};

std::string hwsim_binary();

}  // namespace jxc::llrp::testing
