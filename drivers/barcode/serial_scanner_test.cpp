// The serial scanner driver end to end: jxc-hwsim plays a cradle on a
// pseudo-terminal behind a by-id style symlink, the driver reads it, and scans
// go through the real workflows into a real store. The simulator waits for
// the driver's ack/nak before it unplugs, so no step depends on timing.
#include "drivers/barcode/serial_scanner.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <stdexcept>
#include <fstream>
#include <iterator>
#include <set>

#include "drivers/barcode/factory.h"
#include "edge/common/local_time.h"
#include "edge/config/config.h"
#include "edge/inventory/device_performance.h"
#include "edge/inventory/test_store.h"
#include "edge/scan/processor.h"
#include "edge/scan/scanners_section.h"
#include "tests/child_process.h"

namespace jxc::barcode {
namespace {

using namespace std::chrono_literals;
using inventory::testing::StoreTest;

std::string bin_dir() {
  const char* d = std::getenv("JXC_BIN_DIR");
  return d ? d : JXC_BIN_DIR_AT_BUILD;
}

class SerialScannerE2E : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    seed();
    inventory::Order o;
    o.kind = inventory::OrderKind::expected_receipt;
    o.number = "PO-1001";
    o.lines = {{"TEA-500", "", 100}};
    ASSERT_TRUE(engine_->upsert_order(o).is_ok());
    auto p = scan::ScanProcessor::open(*engine_, store_path_, scan::LabelPatterns{}, clock_);
    ASSERT_TRUE(p.is_ok()) << p.status().to_string();
    proc_ = std::move(p).value();
    proc_->add_scanner({"cradle-1", scan::Mode::receive, "li.wei"});
    health_.add_listener([this](const devices::DeviceHealth& now, devices::DeviceState) {
      std::lock_guard lock(mu_);
      states_.push_back(now.state);
      if (now.state == devices::DeviceState::online) online_details_.push_back(now.detail);
      if (now.state == devices::DeviceState::offline) offline_details_.push_back(now.detail);
    });
  }
  void TearDown() override {
    scanner_.reset();
    proc_.reset();
    StoreTest::TearDown();
  }

  void start_driver(const std::string& link) {
    start_driver(link, [this](const std::string& raw) { return proc_->handle("cradle-1", raw).accepted; });
  }
  void start_driver(const std::string& link, ScanSink sink) {
    SerialScannerOptions o;
    o.id = "cradle-1";
    o.path = link;
    o.ack = "\x06";
    o.nak = "\x15";
    o.retry = 50ms;
    o.restart = {20ms, 100ms};
    scanner_ = std::make_unique<SerialScanner>(o, health_, std::move(sink));
    scanner_->start();
  }

  std::mutex mu_;
  std::vector<devices::DeviceState> states_;
  std::vector<std::string> online_details_, offline_details_;
  devices::HealthRegistry health_{clock_};
  std::unique_ptr<scan::ScanProcessor> proc_;
  std::unique_ptr<SerialScanner> scanner_;
};

TEST_F(SerialScannerE2E, ScansSplitScansNoiseAndAnUnplugReplugUnderANewPtyNumber) {
  const std::string link = dir_.file("usb-Cradle_S123-if00");
  const std::string script = dir_.file("scans.txt");
  std::ofstream(script) << R"(# a clerk receiving PO-1001 into RECV-1
await-open
scan PO-1001
expect \x06
scan ]C0LOC:RECV-1
expect \x06
noise 6
split 4 ]C10106901234567892<GS>3712
expect \x06
scan ]C10106901234567899
expect \x15
unplug
sleep 50
replug
await-open
scan <GS>0106901234567892
expect \x06
scan TEA-500
expect \x06
)";
  start_driver(link);  // before the device exists: offline until it appears
  testing::Child sim({{bin_dir() + "/jxc-hwsim", "scanner", "--link", link, "--script", script}});
  auto status = sim.wait_exit(testing::after(60s));
  ASSERT_TRUE(status.has_value()) << sim.output();
  ASSERT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << sim.output();

  auto results = proc_->results().recent("cradle-1", 100);
  ASSERT_EQ(results.size(), 6u) << sim.output();
  std::reverse(results.begin(), results.end());
  EXPECT_EQ(results[2].raw, "]C10106901234567892\x1D" "3712");  // split across reads, GS kept
  EXPECT_TRUE(results[2].accepted) << results[2].message;
  EXPECT_FALSE(results[3].accepted);
  EXPECT_NE(results[3].message.find("bad check digit"), std::string::npos) << results[3].message;
  EXPECT_EQ(results[4].raw, "\x1D" "0106901234567892");  // leading GS, no AIM identifier
  for (int i : {0, 1, 2, 4, 5}) EXPECT_TRUE(results[i].accepted) << i << ": " << results[i].message;
  EXPECT_EQ(on_hand("TEA-500", "RECV-1"), 14);

  // The device report counts the scans by reason (recorded without waiting
  // for the writer: polled).
  const TimeZone utc = *TimeZone::named("UTC");
  const DayNumber today = local_day(clock_.now_ms(), utc);
  inventory::ScannerPerformance counted;
  for (auto deadline = testing::after(20s); counted.scans < 6 && std::chrono::steady_clock::now() < deadline;) {
    std::this_thread::sleep_for(20ms);
    auto perf = inventory::device_performance(q(), today - 1, today + 1, utc);
    ASSERT_TRUE(perf.is_ok()) << perf.status().to_string();
    for (const auto& s : perf->scanners)
      if (s.scanner == "cradle-1") counted = s;
  }
  EXPECT_EQ(counted.scans, 6);
  EXPECT_EQ(counted.accepted, 5);
  EXPECT_EQ(counted.rejected, 1);
  const auto bad_gs1 = std::find(std::begin(inventory::kScanRejects), std::end(inventory::kScanRejects),
                                 inventory::ScanReject::bad_gs1) -
                       std::begin(inventory::kScanRejects);
  EXPECT_EQ(counted.by_reason[static_cast<std::size_t>(bad_gs1)], 1);

  // The driver went offline when the device went away and came back on
  // another pseudo-terminal behind the same link.
  std::lock_guard lock(mu_);
  int offline = 0;
  for (auto s : states_) offline += s == devices::DeviceState::offline;
  EXPECT_GE(offline, 2) << "before the device existed and after the unplug";
  ASSERT_EQ(online_details_.size(), 2u);
  EXPECT_NE(online_details_[0].substr(0, online_details_[0].find(' ', 8)),
            online_details_[1].substr(0, online_details_[1].find(' ', 8)))
      << online_details_[0] << " / " << online_details_[1];
  EXPECT_NE(online_details_[1].find(link), std::string::npos) << online_details_[1];
}

// The daemon's path: [scanners] configuration -> factory -> running devices.
TEST_F(SerialScannerE2E, FactoryBuildsTheConfiguredScanners) {
  const std::string link = dir_.file("usb-Cradle_S9-if00");
  std::vector<config::ConfigError> errors;
  auto cfg = config::parse(R"([[scanners.devices]]
id = "dock-2"
kind = "serial"
path = ")" + link + R"("
suffix = "\u0003"
gs_substitute = "^]"
mode = "receive"
ack = "OK"

[[scanners.devices]]
id = "desk"
kind = "hid"
path = "/dev/input/by-id/no-such-scanner-event-kbd"
)", "gw.toml", {scan::scanners_section()}, &errors);
  ASSERT_TRUE(cfg.is_ok()) << (errors.empty() ? "" : errors[0].to_string("gw.toml"));
  boost::asio::io_context io;
  devices::DeviceContext ctx{io, health_, *engine_, store_path_, *cfg, clock_};
  auto built = scanner_factory()(ctx);
  ASSERT_TRUE(built.is_ok()) << built.status().to_string();
  ASSERT_EQ(built->size(), 2u);
  for (auto& d : *built) d->start();

  const std::string script = dir_.file("scans.txt");
  std::ofstream(script) << R"(await-open
scan PO-1001\x03
expect OK
scan LOC:RECV-1\x03
expect OK
scan ]C10106901234567892^]3705\x03
expect OK
)";
  testing::Child sim({{bin_dir() + "/jxc-hwsim", "scanner", "--link", link, "--script", script,
                       "--suffix", ""}});
  auto status = sim.wait_exit(testing::after(60s));
  ASSERT_TRUE(status && WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << sim.output();
  EXPECT_EQ(on_hand("TEA-500", "RECV-1"), 5);

  devices::DeviceHealth hid;
  ASSERT_TRUE(health_.get("desk", &hid));
  EXPECT_EQ(hid.state, devices::DeviceState::offline);
  EXPECT_EQ(hid.kind, "scanner");
  EXPECT_NE(hid.detail.find("no-such-scanner"), std::string::npos) << hid.detail;
  for (auto it = built->rbegin(); it != built->rend(); ++it) (*it)->stop();
}

TEST_F(SerialScannerE2E, ASinkThatThrowsIsReportedAndTheScannerReadsAgain) {
  const std::string link = dir_.file("usb-Cradle_S7-if00");
  const std::string script = dir_.file("scans.txt");
  // The scan the sink throws on gets no answer; the scanner is open again
  // well within the pause (a reopen takes milliseconds; the pause leaves room
  // for a machine busy with other work), and the next scan is taken and
  // acknowledged.
  std::ofstream(script) << R"(await-open
scan BOOM
sleep 3000
scan PO-1001
expect \x06
scan ]C0LOC:RECV-1
expect \x06
)";
  std::atomic<int> thrown{0};
  start_driver(link, [&](const std::string& raw) {
    if (raw == "BOOM") {
      ++thrown;
      throw std::runtime_error("scan handler failed");
    }
    return proc_->handle("cradle-1", raw).accepted;
  });
  testing::Child sim({{bin_dir() + "/jxc-hwsim", "scanner", "--link", link, "--script", script}});
  auto status = sim.wait_exit(testing::after(60s));
  ASSERT_TRUE(status && WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << sim.output();
  EXPECT_EQ(thrown, 1);
  auto results = proc_->results().recent("cradle-1", 10);
  ASSERT_EQ(results.size(), 2u);
  for (const auto& r : results) EXPECT_TRUE(r.accepted) << r.raw << ": " << r.message;

  // The driver hears of the simulator's exit (the pty hanging up) on its own
  // thread, after the simulator's process has ended: wait for that report.
  for (auto until = std::chrono::steady_clock::now() + 5s; std::chrono::steady_clock::now() < until;) {
    {
      std::lock_guard lock(mu_);
      if (offline_details_.size() >= 3) break;
    }
    std::this_thread::sleep_for(10ms);
  }
  std::lock_guard lock(mu_);
  std::string all;
  for (const auto& d : offline_details_) all += d + "\n";
  // Not there yet, the exception, and the simulator's exit at the end.
  ASSERT_EQ(offline_details_.size(), 3u) << all;
  EXPECT_EQ(offline_details_[1].rfind("exception: scan handler failed (restart in ", 0), 0u) << all;
  EXPECT_EQ(online_details_.size(), 2u) << "open, then open again after the exception";
}

TEST_F(SerialScannerE2E, StopWhileWaitingForTheDeviceReportsStopped) {
  start_driver(dir_.file("never-there"));
  scanner_->stop();
  devices::DeviceHealth h;
  ASSERT_TRUE(health_.get("cradle-1", &h));
  EXPECT_EQ(h.state, devices::DeviceState::stopped);
}

}  // namespace
}  // namespace jxc::barcode
