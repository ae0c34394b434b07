// Count progress over GET /api/v1/events, read by a raw socket client while
// a count is worked through the real API: each line recorded, a recount
// asked for, the counting submitted and reopened, and the approval; a blind
// count's quantities hidden from an operator's stream, shown to a manager's;
// resume after a progress event without duplicates.
#include <gtest/gtest.h>

#include "edge/http/event_stream.h"
#include "edge/http/test_api.h"
#include "edge/http/test_sse_client.h"

namespace jxc::http::testing {
namespace {

using nlohmann::json;

class CountEventsTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    seed();
    receive("TEA-500", 10, "A-01");
    config_.http.event_heartbeat_s = 3600;
    add_user("clerk", inventory::Role::operator_, "clerk password 1");
    add_user("boss", inventory::Role::manager, "boss password 1");
    start();
    clerk_token_ = token_for("clerk");
    boss_token_ = token_for("boss");
  }
  std::unique_ptr<SseClient> subscribe(const std::string& token, const std::string& last_event_id = "") {
    std::vector<std::string> headers = {"Authorization: Bearer " + token};
    if (!last_event_id.empty()) headers.push_back("Last-Event-ID: " + last_event_id);
    auto c = std::make_unique<SseClient>(service_->port(), "/api/v1/events", headers);
    EXPECT_TRUE(c->read_until([&] { return !c->comments().empty(); })) << c->head();
    return c;
  }
  Reply post(const std::string& path, const std::string& token, const json& body = nullptr) {
    std::vector<std::string> args = {"-H", "Authorization: Bearer " + token, "-X", "POST"};
    if (!body.is_null()) args.insert(args.end(), {"-H", "Content-Type: application/json", "--data-binary", body.dump()});
    return curl(url(path), args);
  }
  static std::vector<json> data_of(const SseClient& c, const std::string& name) {
    std::vector<json> out;
    for (const auto& e : c.events())
      if (e.name == name) out.push_back(json::parse(e.data));
    return out;
  }
  std::string clerk_token_, boss_token_;
};

TEST_F(CountEventsTest, EveryStepOfABlindCountReachesTheStreamsAsEachReaderMaySeeIt) {
  auto clerk = subscribe(clerk_token_), boss = subscribe(boss_token_);
  auto opened = post("/api/v1/counts", boss_token_, {{"locations", {"A-01"}}, {"blind", true}});
  ASSERT_EQ(opened.status, 201) << opened.body;
  const std::string number = opened.json()["number"];
  ASSERT_EQ(post("/api/v1/counts/" + number + "/lines", clerk_token_, {{"bin", "A-01"}, {"sku", "TEA-500"}, {"qty", 9}}).status, 201);
  ASSERT_EQ(post("/api/v1/counts/" + number + "/recount", boss_token_, {{"bins", {"A-01"}}}).status, 200);
  ASSERT_EQ(post("/api/v1/counts/" + number + "/lines", clerk_token_, {{"bin", "A-01"}, {"sku", "TEA-500"}, {"qty", 10}}).status, 201);
  ASSERT_EQ(post("/api/v1/counts/" + number + "/submit", clerk_token_).status, 200);
  ASSERT_EQ(post("/api/v1/counts/" + number + "/reopen", boss_token_).status, 200);
  ASSERT_EQ(post("/api/v1/counts/" + number + "/submit", clerk_token_).status, 200);
  auto approved = post("/api/v1/counts/" + number + "/approve", boss_token_);
  ASSERT_EQ(approved.status, 200) << approved.body;

  for (auto* c : {clerk.get(), boss.get()}) {
    ASSERT_TRUE(c->read_until([&] {
      return c->count("count.line") == 2 && c->count("count.recount") == 1 && c->count("count.submitted") == 2 &&
             c->count("count.reopened") == 1 && c->count("count.approved") == 1;
    })) << c->raw_debug();
    // In the order they happened.
    std::vector<std::string> names;
    for (const auto& e : c->events())
      if (e.name.starts_with("count.")) names.push_back(e.name);
    EXPECT_EQ(names, (std::vector<std::string>{"count.line", "count.recount", "count.line", "count.submitted",
                                               "count.reopened", "count.submitted", "count.approved"}));
  }
  auto clerk_lines = data_of(*clerk, "count.line"), boss_lines = data_of(*boss, "count.line");
  ASSERT_EQ(clerk_lines.size(), 2u);
  ASSERT_EQ(boss_lines.size(), 2u);
  // The operator sees bin, item, round and counter, not the quantity; the manager sees it too.
  EXPECT_EQ(clerk_lines[0], json({{"count", number}, {"by", "token:1:clerk"}, {"blind", true}, {"bin", "A-01"},
                                  {"sku", "TEA-500"}, {"lot", ""}, {"round", 1}, {"qty", nullptr}}))
      << clerk_lines[0].dump();
  EXPECT_TRUE(clerk_lines[1]["qty"].is_null());
  EXPECT_EQ(clerk_lines[1]["round"], 2);
  EXPECT_EQ(boss_lines[0]["qty"], 9);
  EXPECT_EQ(boss_lines[1]["qty"], 10);
  EXPECT_EQ(data_of(*boss, "count.recount")[0]["bins"], json({"A-01"}));
  EXPECT_EQ(data_of(*clerk, "count.reopened")[0]["by"], "token:2:boss");
  EXPECT_EQ(data_of(*clerk, "count.submitted")[0]["by"], "token:1:clerk");
}

TEST_F(CountEventsTest, AnOpenCountShowsQuantitiesAndAStreamResumesAfterAProgressEvent) {
  auto opened = post("/api/v1/counts", boss_token_, {{"locations", {"A-01"}}});
  ASSERT_EQ(opened.status, 201) << opened.body;
  const std::string number = opened.json()["number"];
  std::string last;
  {
    auto c = subscribe(clerk_token_);
    ASSERT_EQ(post("/api/v1/counts/" + number + "/lines", clerk_token_, {{"bin", "A-01"}, {"sku", "TEA-500"}, {"qty", 7}}).status, 201);
    ASSERT_TRUE(c->wait_for_event("count.line"));
    EXPECT_EQ(json::parse(c->events().back().data)["qty"], 7);  // not blind
    last = c->events().back().id;
  }
  ASSERT_EQ(post("/api/v1/counts/" + number + "/submit", clerk_token_).status, 200);
  auto resumed = subscribe(clerk_token_, last);
  ASSERT_TRUE(resumed->wait_for_event("count.submitted"));
  EXPECT_EQ(resumed->count("count.line"), 0u);
  EXPECT_EQ(resumed->count("reset"), 0u);
}

}  // namespace
}  // namespace jxc::http::testing
