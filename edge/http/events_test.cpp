// GET /api/v1/events against the real server on loopback, read by a raw
// socket client: delivery of outbox events and device health, resume with
// Last-Event-ID, reset for an id older than what is kept, the subscriber
// cap, heartbeats and the end of every stream at shut-down.
#include <gtest/gtest.h>

#include "edge/alerts/alert_store.h"
#include "edge/http/event_stream.h"
#include "edge/http/test_api.h"
#include "edge/http/test_sse_client.h"
#include "edge/inventory/tx.h"

namespace jxc::http::testing {
namespace {

class EventsTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    seed();
    config_.http.event_heartbeat_s = 3600;  // heartbeats only where a test asks for them
    add_user("clerk", inventory::Role::operator_, "clerk password 1");
    token_ = token_for("clerk");
  }
  std::unique_ptr<SseClient> subscribe(const std::string& last_event_id = "") {
    std::vector<std::string> headers = {"Authorization: Bearer " + token_};
    if (!last_event_id.empty()) headers.push_back("Last-Event-ID: " + last_event_id);
    auto c = std::make_unique<SseClient>(service_->port(), "/api/v1/events", headers);
    // The stream is subscribed once its first comment has arrived.
    EXPECT_TRUE(c->read_until([&] { return !c->comments().empty(); })) << c->head() << "raw:" << c->raw_debug();
    return c;
  }
  void raise_alert(const std::string& sku) {
    auto r = engine_->run<bool>([&](inventory::Tx& tx) {
      alerts::Alert a = alerts::make_alert({alerts::Kind::low_stock, sku, "A-01", "", ""}, 1, 5, "low", clock_.now_ms());
      return alerts::store_raise(tx, a);
    });
    ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  }
  std::string token_;
};

TEST_F(EventsTest, DeliversAlertsDocumentsAndDeviceHealth) {
  start();
  auto c = subscribe();
  EXPECT_EQ(c->status(), 200);
  EXPECT_NE(c->head().find("text/event-stream"), std::string::npos) << c->head();
  raise_alert("TEA-500");
  receive("TEA-500", 3, "A-01");
  health_.report("door-1-reader", "rfid", devices::DeviceState::offline, "connect: refused");
  ASSERT_TRUE(c->read_until([&] {
    return c->count("alert.raised") && c->count("receipt.posted") && c->count("device.health");
  })) << c->events().size();
  for (const auto& e : c->events()) {
    auto data = nlohmann::json::parse(e.data);
    if (e.name == "device.health") {
      EXPECT_EQ(data["device"], "door-1-reader");
      EXPECT_EQ(data["state"], "offline");
      EXPECT_EQ(data["before"], "starting");
    } else {
      EXPECT_EQ(data["type"], e.name);
      EXPECT_TRUE(data["payload"].is_object());
    }
  }
  // Ids increase.
  for (std::size_t i = 1; i < c->events().size(); ++i) {
    auto a = parse_event_id(c->events()[i - 1].id), b = parse_event_id(c->events()[i].id);
    ASSERT_TRUE(a && b);
    EXPECT_TRUE(std::pair(a->outbox_seq, a->live_id) < std::pair(b->outbox_seq, b->live_id));
  }
}

TEST_F(EventsTest, ResumesAfterLastEventIdWithoutDuplicates) {
  start();
  std::string last;
  {
    auto c = subscribe();
    receive("TEA-500", 1, "A-01");
    ASSERT_TRUE(c->wait_for_event("receipt.posted"));
    last = c->events().back().id;
  }
  receive("TEA-500", 2, "A-01");
  health_.report("scanner-1", "scanner", devices::DeviceState::online, "");
  raise_alert("TEA-500");
  auto c = subscribe(last);
  ASSERT_TRUE(c->read_until([&] { return c->count("alert.raised") && c->count("device.health"); }));
  EXPECT_EQ(c->count("receipt.posted"), 1u);  // the second receipt only
  EXPECT_EQ(nlohmann::json::parse(c->events()[0].data)["payload"]["document"]["lines"][0]["qty"], 2) << c->events()[0].data;
  EXPECT_EQ(c->count("reset"), 0u);
  // Live events follow the missed ones.
  receive("TEA-500", 4, "A-01");
  ASSERT_TRUE(c->read_until([&] { return c->count("receipt.posted") == 2; }));
}

TEST_F(EventsTest, TooOldOrForeignIdGetsReset) {
  start();
  receive("TEA-500", 1, "A-01");
  for (const std::string& id : std::vector<std::string>{"0-0", "999-" + std::to_string(clock_.now_ms()), "garbage"}) {
    auto c = subscribe(id);
    ASSERT_TRUE(c->wait_for_event("reset")) << id;
    EXPECT_EQ(c->events().front().name, "reset") << id;
    EXPECT_EQ(c->count("receipt.posted"), 0u) << id;
    // After the reset the stream is live.
    receive("TEA-500", 1, "A-01");
    EXPECT_TRUE(c->wait_for_event("receipt.posted")) << id;
  }
}

TEST_F(EventsTest, OutboxEventsPrunedSinceTheIdGetReset) {
  start();
  auto first = subscribe();
  receive("TEA-500", 1, "A-01");
  ASSERT_TRUE(first->wait_for_event("receipt.posted"));
  const std::string old_id = first->events().back().id;
  first->close();
  receive("TEA-500", 1, "A-01");
  receive("TEA-500", 1, "A-01");
  auto q = inventory::Outbox::stats(this->q());
  ASSERT_TRUE(q.is_ok());
  ASSERT_TRUE(inventory::Outbox::acknowledge_up_to(*engine_, q->epoch, q->last_seq).is_ok());
  ASSERT_TRUE(inventory::Outbox::prune(*engine_, clock_.now_ms() + 1).is_ok());
  auto c = subscribe(old_id);
  ASSERT_TRUE(c->wait_for_event("reset"));
  EXPECT_EQ(c->count("receipt.posted"), 0u);
}

TEST_F(EventsTest, SubscribersAreCapped) {
  config_.http.max_event_subscribers = 1;
  start();
  auto c = subscribe();
  auto refused = curl(url("/api/v1/events"), {"-H", "Authorization: Bearer " + token_});
  expect_problem(refused, 503, "too_many_subscribers");
  EXPECT_FALSE(refused.header("Retry-After").empty());
  expect_problem(curl(url("/api/v1/events")), 401, "unauthenticated");
  // A client that goes frees its place at once, not at its next heartbeat.
  c->close();
  bool freed = false;
  for (int i = 0; i < 200 && !freed; ++i) {
    SseClient again(service_->port(), "/api/v1/events", {"Authorization: Bearer " + token_});
    freed = again.read_until([&] { return again.status() != 0; }) && again.status() == 200;
  }
  EXPECT_TRUE(freed);
}

TEST_F(EventsTest, QuietStreamSendsHeartbeats) {
  config_.http.event_heartbeat_s = 1;
  start();
  auto c = subscribe();
  ASSERT_TRUE(c->read_until([&] {
    return std::count(c->comments().begin(), c->comments().end(), " heartbeat") >= 2;
  }));
  EXPECT_TRUE(c->events().empty());
}

TEST_F(EventsTest, StopEndsStreamsCleanly) {
  start();
  auto a = subscribe();
  auto b = subscribe();
  service_->stop();
  EXPECT_TRUE(a->read_until([&] { return a->closed(); }));
  EXPECT_TRUE(a->ended());
  EXPECT_TRUE(b->read_until([&] { return b->closed(); }));
  EXPECT_TRUE(b->ended());
}

}  // namespace
}  // namespace jxc::http::testing
