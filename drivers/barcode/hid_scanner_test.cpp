// The HID scanner's read loop over a FIFO of `struct input_event` records, the
// way the kernel hands them from an event device: scans typed as key events
// are decoded, records cut across writes are put back together, garbage
// records are skipped, a scan cut off by the device going away is named in
// the offline report, and a device that vanishes is reported offline until it
// returns. The test keeps the FIFO open for writing itself, so the driver sees
// the end of the stream only when the test closes it.
#include "drivers/barcode/hid_scanner.h"

#include <fcntl.h>
#include <linux/input.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace jxc::barcode {
namespace {

using namespace std::chrono_literals;

input_event record(std::uint16_t type, std::uint16_t code, std::int32_t value) {
  input_event ev{};
  ev.type = type;
  ev.code = code;
  ev.value = value;
  return ev;
}

std::uint16_t key_of(char c) {
  static const char* const digits = "1234567890";
  if (const char* d = std::strchr(digits, c); d && c) return static_cast<std::uint16_t>(KEY_1 + (d - digits));
  switch (c) {
    case 'A': return KEY_A;
    case 'B': return KEY_B;
    case 'C': return KEY_C;
    case 'L': return KEY_L;
    case 'O': return KEY_O;
    case 'T': return KEY_T;
    case 'E': return KEY_E;
    case '-': return KEY_MINUS;
    case '\r': return KEY_ENTER;
    default: ADD_FAILURE() << "no key for " << c; return KEY_RESERVED;
  }
}

// The records a keyboard-wedge scanner sends for `text` (capitals with shift,
// '\r' as Enter), each key with its EV_MSC scan code and SYN_REPORT.
std::vector<input_event> typed(const std::string& text) {
  std::vector<input_event> out;
  for (char c : text) {
    const bool shift = c >= 'A' && c <= 'Z';
    if (shift) out.push_back(record(EV_KEY, KEY_LEFTSHIFT, 1));
    for (int v : {1, 0}) {
      out.push_back(record(EV_MSC, MSC_SCAN, 0x70000 + c));
      out.push_back(record(EV_KEY, key_of(c), v));
      out.push_back(record(EV_SYN, SYN_REPORT, 0));
    }
    if (shift) out.push_back(record(EV_KEY, KEY_LEFTSHIFT, 0));
  }
  return out;
}

std::string bytes_of(const std::vector<input_event>& evs) {
  return std::string(reinterpret_cast<const char*>(evs.data()), evs.size() * sizeof(input_event));
}

class HidScannerPipe : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/jxc-hid-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    fifo_ = dir_ + "/usb-Scanner-event-kbd";
    plug();
  }
  void TearDown() override {
    scanner_.reset();
    if (writer_ >= 0) ::close(writer_);
    std::filesystem::remove_all(dir_);
  }

  // The device appears: a FIFO the test holds open for writing (O_RDWR does
  // not wait for a reader), so the driver reads until the test unplugs it.
  void plug() {
    ASSERT_EQ(::mkfifo(fifo_.c_str(), 0600), 0) << std::strerror(errno);
    writer_ = ::open(fifo_.c_str(), O_RDWR | O_CLOEXEC);
    ASSERT_GE(writer_, 0) << std::strerror(errno);
  }
  // The device goes away: its path first, then the stream ends.
  void unplug() {
    ASSERT_EQ(::unlink(fifo_.c_str()), 0);
    ASSERT_EQ(::close(writer_), 0);
    writer_ = -1;
  }
  void write_bytes(const std::string& b) {
    ASSERT_EQ(::write(writer_, b.data(), b.size()), static_cast<ssize_t>(b.size())) << std::strerror(errno);
  }

  // Waits until the driver has read everything written so far.
  void drained() {
    int unread = 0;
    for (int i = 0; i < 30000; ++i) {
      ASSERT_EQ(::ioctl(writer_, FIONREAD, &unread), 0);
      if (unread == 0) return;
      std::this_thread::sleep_for(1ms);
    }
    FAIL() << unread << " bytes never read";
  }

  void start() {
    HidScannerOptions o;
    o.id = "hid-1";
    o.path = fifo_;
    o.retry = 20ms;
    o.restart = {20ms, 100ms};
    scanner_ = std::make_unique<HidScanner>(o, health_, [this](const std::string& raw) {
      std::lock_guard lock(mu_);
      scans_.push_back(raw);
      cv_.notify_all();
      return true;
    });
    health_.add_listener([this](const devices::DeviceHealth& now, devices::DeviceState) {
      std::lock_guard lock(mu_);
      reports_.push_back({now.state, now.detail});
      cv_.notify_all();
    });
    scanner_->start();
  }

  // Waits (bounded; no timing is asserted) until `n` scans have arrived.
  std::vector<std::string> scans(std::size_t n) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, 30s, [&] { return scans_.size() >= n; });
    return scans_;
  }
  // Waits for the `n`-th report (1-based) of state `s` and returns its detail.
  std::string nth_report(devices::DeviceState s, std::size_t n) {
    std::unique_lock lock(mu_);
    std::string detail;
    cv_.wait_for(lock, 30s, [&] {
      std::size_t seen = 0;
      for (const auto& r : reports_)
        if (r.first == s && ++seen == n) {
          detail = r.second;
          return true;
        }
      return false;
    });
    return detail;
  }

  // Waits until the device's latest detail contains `part` (a detail-only
  // update tells no listener) and returns it.
  std::string detail_with(const std::string& part) {
    devices::DeviceHealth h;
    for (int i = 0; i < 3000; ++i) {
      if (health_.get("hid-1", &h) && h.detail.find(part) != std::string::npos) break;
      std::this_thread::sleep_for(10ms);
    }
    return h.detail;
  }

  std::string dir_, fifo_;
  int writer_ = -1;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> scans_;
  std::vector<std::pair<devices::DeviceState, std::string>> reports_;
  devices::HealthRegistry health_;
  std::unique_ptr<HidScanner> scanner_;
};

TEST_F(HidScannerPipe, ScansArriveWhenRecordsAreCutAcrossWrites) {
  start();
  EXPECT_EQ(nth_report(devices::DeviceState::online, 1), "reading " + fifo_);
  write_bytes(bytes_of(typed("LOT-A1\r")));
  // The next scan's records in pieces of 7 bytes, each read by the driver
  // before the next is written: no record arrives whole.
  const std::string b = bytes_of(typed("BOTTLE-42\r"));
  for (std::size_t at = 0; at < b.size(); at += 7) {
    write_bytes(b.substr(at, 7));
    drained();
  }
  EXPECT_EQ(scans(2), (std::vector<std::string>{"LOT-A1", "BOTTLE-42"}));
}

TEST_F(HidScannerPipe, GarbageRecordsAreSkipped) {
  start();
  std::vector<input_event> evs = typed("AB");
  // Records no keyboard sends among the keys: unknown types and codes, and
  // key values other than release, press and repeat.
  evs.push_back(record(0xFFFF, 0xFFFF, -1));
  evs.push_back(record(EV_KEY, 0xFFFF, 1));
  evs.push_back(record(EV_KEY, KEY_C, 7));
  evs.push_back(record(EV_KEY, KEY_C, -2));
  evs.push_back(record(EV_REL, REL_X, 5));
  for (const auto& e : typed("C1\r")) evs.push_back(e);
  write_bytes(bytes_of(evs));
  EXPECT_EQ(scans(1), (std::vector<std::string>{"ABC1"}));
}

TEST_F(HidScannerPipe, AScanCutOffByTheDeviceGoingAwayIsReportedNotHandedOn) {
  start();
  ASSERT_FALSE(nth_report(devices::DeviceState::online, 1).empty());
  write_bytes(bytes_of(typed("TEA-1\r")));
  ASSERT_EQ(scans(1).size(), 1u);
  std::string rest = bytes_of(typed("TEA-500"));  // no Enter: the cable is pulled mid-scan
  rest += bytes_of({record(EV_KEY, KEY_A, 1)}).substr(0, 10);  // and half a record
  write_bytes(rest);
  unplug();
  const std::string gone = nth_report(devices::DeviceState::offline, 1);
  EXPECT_NE(gone.find(fifo_ + " closed"), std::string::npos) << gone;
  EXPECT_NE(gone.find("an unfinished scan of 7 characters dropped"), std::string::npos) << gone;
  EXPECT_NE(gone.find("10 bytes of an incomplete event dropped"), std::string::npos) << gone;
  // While the path is missing the driver keeps trying, and says why.
  EXPECT_EQ(detail_with("(retrying)"), fifo_ + ": No such file or directory (retrying)");
  std::lock_guard lock(mu_);
  EXPECT_EQ(scans_, (std::vector<std::string>{"TEA-1"}));
}

TEST_F(HidScannerPipe, ADeviceThatVanishesIsOfflineUntilItReturns) {
  unplug();  // not there when the driver starts
  start();
  EXPECT_NE(nth_report(devices::DeviceState::offline, 1).find(fifo_ + ": No such file or directory"),
            std::string::npos);
  plug();
  EXPECT_EQ(nth_report(devices::DeviceState::online, 1), "reading " + fifo_);
  write_bytes(bytes_of(typed("A1\r")));
  ASSERT_EQ(scans(1).size(), 1u);
  unplug();
  EXPECT_EQ(nth_report(devices::DeviceState::offline, 2), fifo_ + " closed; waiting for " + fifo_);
  EXPECT_EQ(detail_with("(retrying)"), fifo_ + ": No such file or directory (retrying)");
  plug();
  EXPECT_EQ(nth_report(devices::DeviceState::online, 2), "reading " + fifo_);
  write_bytes(bytes_of(typed("B2\r")));
  EXPECT_EQ(scans(2), (std::vector<std::string>{"A1", "B2"}));
}

}  // namespace
}  // namespace jxc::barcode
