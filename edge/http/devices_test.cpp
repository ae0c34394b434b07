// GET /api/v1/devices, /api/v1/scanners/{id}/scans and /api/v1/uplink
// against the real server on loopback, with scans handled by the real scan
// processor and the uplink's figures from a real outbox.
#include <gtest/gtest.h>

#include "edge/http/test_api.h"
#include "edge/inventory/outbox.h"
#include "edge/scan/processor.h"

namespace jxc::http::testing {
namespace {

class DevicesTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    seed();
    add_user("clerk", inventory::Role::operator_, "clerk password 1");
    auth_ = {"-H", "Authorization: Bearer " + token_for("clerk")};
    scans_ = &log_;
  }
  std::vector<std::string> auth_;
  scan::ScanResultLog log_{100};
};

TEST_F(DevicesTest, ListsEveryDeviceWithItsHealth) {
  health_.report("door-1-reader", "rfid", devices::DeviceState::online, "connected");
  clock_.advance(std::chrono::seconds(5));
  health_.report("scale-bus-1", "scale", devices::DeviceState::offline, "connect: refused");
  start();
  auto r = curl(url("/api/v1/devices"), auth_);
  ASSERT_EQ(r.status, 200) << r.body;
  auto d = r.json()["devices"];
  ASSERT_EQ(d.size(), 2u) << r.body;
  EXPECT_EQ(d[0]["id"], "door-1-reader");
  EXPECT_EQ(d[0]["state"], "online");
  EXPECT_EQ(d[1]["kind"], "scale");
  EXPECT_EQ(d[1]["detail"], "connect: refused");
  EXPECT_EQ(d[1]["since"], format_iso8601(clock_.now_ms()));
  expect_problem(curl(url("/api/v1/devices")), 401, "unauthenticated");
}

TEST_F(DevicesTest, LastScansWithVerdicts) {
  auto proc = scan::ScanProcessor::open(*engine_, store_path_, scan::LabelPatterns{}, clock_);
  ASSERT_TRUE(proc.is_ok()) << proc.status().to_string();
  (*proc)->also_record_in(&log_);
  (*proc)->add_scanner({"scanner-1", scan::Mode::move, ""});
  health_.report("scanner-1", "scanner", devices::DeviceState::online, "");
  health_.report("scanner-2", "scanner", devices::DeviceState::online, "");
  EXPECT_TRUE((*proc)->handle("scanner-1", "LOC:A-01").accepted);
  EXPECT_FALSE((*proc)->handle("scanner-1", "NO-SUCH-LABEL\x1D").accepted);
  start();
  auto r = curl(url("/api/v1/scanners/scanner-1/scans"), auth_);
  ASSERT_EQ(r.status, 200) << r.body;
  auto s = r.json()["scans"];
  ASSERT_EQ(s.size(), 2u) << r.body;
  EXPECT_EQ(s[0]["verdict"], "rejected");  // newest first
  EXPECT_EQ(s[0]["raw"], "NO-SUCH-LABEL\x1D");
  EXPECT_FALSE(s[0]["reason"].get<std::string>().empty());
  EXPECT_EQ(s[1]["verdict"], "accepted");
  EXPECT_FALSE(s[1].contains("reason"));
  EXPECT_EQ(curl(url("/api/v1/scanners/scanner-1/scans?limit=1"), auth_).json()["scans"].size(), 1u);
  // A configured scanner with no scans yet, an unknown one, a bad limit.
  r = curl(url("/api/v1/scanners/scanner-2/scans"), auth_);
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.json()["scans"].empty());
  expect_problem(curl(url("/api/v1/scanners/nope/scans"), auth_), 404, "unknown_scanner");
  expect_problem(curl(url("/api/v1/scanners/scanner-1/scans?limit=0"), auth_), 400, "invalid_parameter");
  expect_problem(curl(url("/api/v1/scanners/scanner-1/scans")), 401, "unauthenticated");
}

TEST_F(DevicesTest, UplinkStateAndBacklog) {
  start();
  auto r = curl(url("/api/v1/uplink"), auth_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["configured"], false);
  EXPECT_TRUE(r.json()["oldest_unacked_age_s"].is_null());

  receive("TEA-500", 1, "A-01");
  receive("TEA-500", 1, "A-01");
  auto stats = inventory::Outbox::stats(q());
  ASSERT_TRUE(stats.is_ok());
  ASSERT_TRUE(inventory::Outbox::acknowledge_up_to(*engine_, stats->epoch, stats->last_seq - 1).is_ok());
  clock_.advance(std::chrono::seconds(90));
  health_.report("uplink", "uplink", devices::DeviceState::offline, "connect: broker refused");
  r = curl(url("/api/v1/uplink"), auth_);
  ASSERT_EQ(r.status, 200) << r.body;
  auto u = r.json();
  EXPECT_EQ(u["configured"], true);
  EXPECT_EQ(u["connected"], false);
  EXPECT_EQ(u["last_error"], "connect: broker refused");
  EXPECT_EQ(u["last_seq"], stats->last_seq);
  EXPECT_EQ(u["acked_up_to"], stats->last_seq - 1);
  EXPECT_EQ(u["backlog"], 1);
  EXPECT_EQ(u["oldest_unacked_age_s"], 90);
  expect_problem(curl(url("/api/v1/uplink")), 401, "unauthenticated");
}

}  // namespace
}  // namespace jxc::http::testing
