// A device's text that is not UTF-8 on its way to the managers: the health
// registry's detail raises device_offline through the real alert service and
// a real store, and every message made of the alert (the outbox event, the
// webhook, DingTalk and WeCom bodies, the e-mail) is well-formed UTF-8 and
// valid JSON where it is JSON. A strict JSON serialiser anywhere on this
// path aborts the gateway on such text.
#include <mutex>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "edge/alerts/alert_service.h"
#include "edge/alerts/channels/messages.h"
#include "edge/common/text.h"
#include "edge/devices/health.h"
#include "edge/inventory/outbox.h"
#include "edge/inventory/test_store.h"

namespace jxc {
namespace {

using namespace std::chrono_literals;
using alerts::Alert;
using alerts::Kind;

// Latin-1 "défekt", a surrogate, a cut-short sequence, CR LF and a terminal escape.
const std::string kReaderText =
    "SET_READER_CONFIG refused: R_DeviceError (401): Antenne d\xE9" "fekt \xED\xA0\x80 \xE2\x82\r\n\x1B[2J";

// The JSON bodies the channels make of `a` are valid JSON (and so UTF-8).
void expect_json_valid(const Alert& a) {
  for (const std::string& body : {alerts::channels::webhook_body(a, "raised", "gw-1"),
                                  alerts::channels::dingtalk_body(a, "raised", "gw-1"),
                                  alerts::channels::wecom_body(a, "raised", "gw-1"),
                                  alerts::to_json(a, "gw-1")}) {
    EXPECT_TRUE(text::is_valid_utf8(body)) << body;
    EXPECT_TRUE(nlohmann::json::accept(body)) << body;
  }
}

class DeviceTextAlertTest : public inventory::testing::StoreTest {
 protected:
  void TearDown() override {
    if (svc_) svc_->stop();
    svc_.reset();
    StoreTest::TearDown();
  }

  std::shared_ptr<alerts::AlertService> svc_;
  std::mutex mu_;
  std::vector<Alert> raised_;
};

TEST_F(DeviceTextAlertTest, DeviceOfflineWithAReadersBadTextIsRaisedAsCleanText) {
  config::AlertsConfig cfg;
  cfg.device_offline_minutes = 5;
  cfg.backlog_events = 1'000'000;
  cfg.backlog_minutes = 1'000'000;
  auto s = alerts::AlertService::create(*engine_, store_path_, cfg, clock_);
  ASSERT_TRUE(s.is_ok()) << s.status().to_string();
  svc_ = *s;
  svc_->set_sink([this](const Alert& a, const std::string& event) {
    std::lock_guard l(mu_);
    if (event == "raised") raised_.push_back(a);
  });
  ASSERT_TRUE(svc_->start().is_ok());

  // Wired as the gateway wires them: the registry tells the service.
  devices::HealthRegistry health(clock_);
  health.add_listener([this](const devices::DeviceHealth& now, devices::DeviceState) { svc_->on_health(now); });
  health.report("door-1-reader", "rfid", devices::DeviceState::offline, kReaderText);
  clock_.advance(6min);
  ASSERT_TRUE(svc_->check().is_ok());
  ASSERT_TRUE(svc_->flush().is_ok());

  Alert a;
  {
    std::lock_guard l(mu_);
    ASSERT_EQ(raised_.size(), 1u);
    a = raised_[0];
  }
  EXPECT_EQ(a.key.kind, Kind::device_offline);
  EXPECT_TRUE(text::is_valid_utf8(a.detail)) << a.detail;
  EXPECT_EQ(text::find_control(a.detail), std::nullopt) << a.detail;
  const std::string r(text::kReplacement);
  EXPECT_NE(a.detail.find("Antenne d" + r + "fekt " + r + r + r + " " + r + " " + r + "[2J"), std::string::npos)
      << a.detail;
  expect_json_valid(a);
  // The plain-text messages carry the detail as it is: clean too.
  const std::string mail = alerts::channels::email(a, "raised", "gw-1", "edge@example.com", "ops@example.com", 0);
  EXPECT_TRUE(text::is_valid_utf8(mail)) << mail;
  EXPECT_EQ(mail.find('\x1B'), std::string::npos) << mail;
  EXPECT_TRUE(text::is_valid_utf8(alerts::summary(a))) << alerts::summary(a);

  // The alert event waiting for the central system is valid JSON too.
  auto events = inventory::Outbox::peek_after(q(), 0, 1000);
  ASSERT_TRUE(events.is_ok());
  int raised_events = 0;
  for (const auto& e : *events) {
    if (e.type != "alert.raised") continue;
    ++raised_events;
    EXPECT_TRUE(text::is_valid_utf8(e.payload)) << e.payload;
    EXPECT_TRUE(nlohmann::json::accept(e.payload)) << e.payload;
    EXPECT_NE(e.payload.find("Antenne d"), std::string::npos) << e.payload;
  }
  EXPECT_EQ(raised_events, 1);
}

// The JSON bodies hold even for an alert whose text never passed a cleaning
// boundary: they serialise without throwing and yield valid JSON.
TEST(AlertText, JsonOfAnAlertWithIllFormedTextIsValid) {
  Alert a;
  a.key.kind = Kind::device_offline;
  a.key.subject = "door-\xFF";
  a.detail = kReaderText;
  a.raised_at = 1'764'000'000'000;
  expect_json_valid(a);
}

}  // namespace
}  // namespace jxc
