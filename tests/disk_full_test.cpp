// The real daemon (`jxc-edge run`) with its store on a small tmpfs that fills
// up while an RFID pass (jxc-hwsim rfid) is being booked: the booking fails
// with a clear error, nothing of it is written, the daemon stays up and
// raises store_unavailable, and once space is freed the pass is booked, once.
//
// The tmpfs is mounted in a mount namespace of this test's own (unshare, as
// root), so nothing outside the test sees it; the daemon and the simulator,
// started from here, share it. Without the privilege the test is skipped and
// says so. Every wait is bounded by a generous deadline; nothing asserts on time.
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <regex>

#include "edge/inventory/test_store.h"
#include "edge/rfid/test_tags.h"
#include "tests/child_process.h"

namespace jxc {
namespace {

using namespace std::chrono_literals;
using inventory::DocType;
using testing::after;
using testing::Child;
using testing::ChildSpec;

constexpr auto kLimit = 60s;  // never reached when all is well
const std::string kNever = "\x01never printed\x01";

std::string hex(const std::vector<std::uint8_t>& e) {
  static const char* digits = "0123456789ABCDEF";
  std::string s;
  for (auto b : e) s += digits[b >> 4], s += digits[b & 15];
  return s;
}

class DiskFull : public inventory::testing::StoreTest {
 protected:
  void SetUp() override {
    // Before any thread exists: a mount namespace needs a single-threaded process.
    if (::unshare(CLONE_NEWNS) != 0)
      GTEST_SKIP() << "no mount namespace of our own (" << std::strerror(errno) << "); run as root";
    ASSERT_EQ(::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr), 0) << std::strerror(errno);
    ASSERT_EQ(::mount("tmpfs", dir_.path().c_str(), "tmpfs", 0, "size=8m,mode=0700"), 0) << std::strerror(errno);
    mounted_ = true;
    StoreTest::SetUp();
    seed();
    inventory::Order o;
    o.number = "ASN-1";
    o.door = "door-1";
    o.lines = {{"TEA-500", "", 3, 0}};
    ASSERT_TRUE(engine_->upsert_order(o).is_ok());
    close_engine();  // from here on the daemon is the store's only writer
  }
  void TearDown() override {
    if (daemon_ && !daemon_->wait_exit(after(0ms))) daemon_->signal(SIGKILL);
    daemon_.reset();
    sim_.reset();
    if (mounted_) {
      StoreTest::TearDown();
      ::umount2(dir_.path().c_str(), MNT_DETACH);
    }
  }

  /// Fills the file system up to its last byte; returns the filler's path.
  std::string fill() {
    const std::string path = dir_.file("filler");
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    EXPECT_GE(fd, 0) << std::strerror(errno);
    std::string chunk(64 * 1024, 'x');
    for (std::size_t n : {std::size_t{64 * 1024}, std::size_t{4096}, std::size_t{1}})
      while (::write(fd, chunk.data(), n) == static_cast<ssize_t>(n)) {
      }
    EXPECT_EQ(errno, ENOSPC) << std::strerror(errno);
    ::close(fd);
    return path;
  }

  std::int64_t count(const std::string& sql) {
    auto q = inventory::Queries::open(store_path_);
    EXPECT_TRUE(q.is_ok()) << q.status().to_string();
    if (!q) return -1;
    auto n = inventory::testing::query_int(**q, sql);
    EXPECT_TRUE(n.is_ok()) << n.status().to_string();
    return n ? *n : -1;
  }

  /// Waits for `text` in the daemon's log while the simulator's pipe is drained.
  bool daemon_says(const std::string& text) {
    const auto deadline = after(kLimit);
    while (std::chrono::steady_clock::now() < deadline) {
      sim_->wait_for_output(kNever, after(0ms));
      if (daemon_->wait_for_output(text, after(100ms))) return true;
      if (daemon_->wait_exit(after(0ms))) return false;
    }
    return false;
  }

  bool mounted_ = false;
  std::unique_ptr<Child> sim_, daemon_;
};

TEST_F(DiskFull, APassMetByAFullDiskFailsCleanlyRaisesAnAlertAndIsBookedOnceWhenSpaceIsFreed) {
  // One pass of three cases, late enough that the disk is full by then.
  std::string epcs;
  for (std::uint64_t s = 1; s <= 3; ++s)
    epcs += (s > 1 ? ",\"" : "\"") + hex(rfid::testing::sgtin96(6901234, 56789, s)) + "\"";
  const std::string scenario = dir_.file("scenario.json");
  testing::write_file(scenario, R"({"readers":[{"id":"dock-1","steps":[{"kind":"pass","at_ms":8000,)"
                                R"("duration_ms":1500,"interval_ms":100,"antennas":[1,2],"rssi_low":-60,)"
                                R"("rssi_peak":-45,"epcs":[)" + epcs + "]}]}]}");
  const char* bin_dir = std::getenv("JXC_BIN_DIR");
  ChildSpec sim;
  sim.argv = {std::string(bin_dir ? bin_dir : ".") + "/jxc-hwsim", "rfid", "--scenario", scenario, "--port", "0"};
  sim_ = std::make_unique<Child>(sim);
  ASSERT_TRUE(sim_->wait_for_output("listening dock-1 ", after(kLimit))) << sim_->output();
  ASSERT_TRUE(sim_->wait_for_output("\n", after(kLimit))) << sim_->output();
  std::smatch m;
  const std::string sim_out = sim_->output();
  ASSERT_TRUE(std::regex_search(sim_out, m, std::regex("listening dock-1 (\\d+)"))) << sim_out;

  testing::write_file(dir_.file("gateway.toml"),
                      "[gateway]\nid = \"gw-1\"\nsite = \"S1\"\n[store]\npath = \"" + store_path_ +
                          "\"\n[[rfid.readers]]\nid = \"dock-1\"\nhost = \"127.0.0.1\"\nport = " + m[1].str() +
                          "\nkeepalive_ms = 2000\n[portal]\nmin_reads = 2\nwindow_ms = 2000\ndedup_ms = 0\n"
                          "departure_ms = 1000\n[[portal.doors]]\nid = \"door-1\"\nlocation = \"RECV-1\"\n"
                          "reader = \"dock-1\"\noutside_antennas = [1]\ninside_antennas = [2]\n"
                          "pass_idle_close_ms = 800\n");
  ChildSpec spec;
  spec.argv = {testing::jxc_edge_binary(), "run", "--config", dir_.file("gateway.toml")};
  daemon_ = std::make_unique<Child>(spec);
  ASSERT_TRUE(daemon_says("ready: ")) << daemon_->output();
  const std::string filler = fill();

  ASSERT_TRUE(daemon_says("waits for the store (storage: ")) << daemon_->output();
  EXPECT_NE(daemon_->output().find("database or disk is full"), std::string::npos) << daemon_->output();
  ASSERT_TRUE(daemon_says("alerts: raised store_unavailable")) << daemon_->output();
  EXPECT_EQ(count("SELECT count(*) FROM documents WHERE source='door-1'"), 0) << "half a pass was written";
  EXPECT_FALSE(daemon_->wait_exit(after(0ms)).has_value()) << daemon_->output();

  std::filesystem::remove(filler);
  ASSERT_TRUE(daemon_says("rfid: pass at door door-1 (inbound, 3 tags) -> RCV-")) << daemon_->output();
  ASSERT_TRUE(daemon_says("alerts: cleared store_unavailable")) << daemon_->output();
  daemon_->signal(SIGTERM);
  auto status = daemon_->wait_exit(after(kLimit));
  ASSERT_TRUE(status && WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << daemon_->output();

  EXPECT_EQ(count("SELECT count(*) FROM documents WHERE source='door-1'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE type='receipt.posted'"), 1);
  auto q = inventory::Queries::open(store_path_);
  ASSERT_TRUE(q.is_ok());
  EXPECT_EQ(*inventory::testing::query_int(**q, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check='ok'"), 1);
  Status v = (*q)->verify();
  EXPECT_TRUE(v.is_ok()) << v.to_string();
  auto stock = (*q)->on_hand("TEA-500", "RECV-1");
  ASSERT_TRUE(stock.is_ok());
  EXPECT_EQ(*stock, 3);
}

}  // namespace
}  // namespace jxc
