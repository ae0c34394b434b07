#include "cloud-sync/envelope.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cloud-sync/topics.h"

namespace jxc::cloud_sync {
namespace {

inventory::OutboxEvent event(std::string payload) {
  inventory::OutboxEvent e;
  e.seq = 42;
  e.event_id = "01J0000000000000000000000A";
  e.type = "receipt.posted";
  e.occurred_at = 1'764'000'000'123;
  e.recorded_at = 1'764'000'001'000;
  e.payload = std::move(payload);
  return e;
}

TEST(Iso8601, IsUtcWithMilliseconds) {
  EXPECT_EQ(iso8601_utc(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(iso8601_utc(1'764'000'000'123), "2025-11-24T16:00:00.123Z");
  EXPECT_EQ(iso8601_utc(-1), "1969-12-31T23:59:59.999Z");
}

TEST(Envelope, HasExactlyTheContractFields) {
  auto j = nlohmann::json::parse(build_envelope({"ep-1", "gw-1", "S1"}, event(R"({"doc":"R-1","qty":5})")));
  std::vector<std::string> keys;
  for (auto& [k, v] : j.items()) keys.push_back(k);
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(keys, (std::vector<std::string>{"epoch", "event_id", "gateway_id", "occurred_at", "payload",
                                            "recorded_at", "schema_version", "seq", "site_id", "type"}));
  EXPECT_EQ(j["event_id"], "01J0000000000000000000000A");
  EXPECT_EQ(j["epoch"], "ep-1");
  EXPECT_EQ(j["seq"], 42);
  EXPECT_EQ(j["type"], "receipt.posted");
  EXPECT_EQ(j["gateway_id"], "gw-1");
  EXPECT_EQ(j["site_id"], "S1");
  EXPECT_EQ(j["occurred_at"], "2025-11-24T16:00:00.123Z");
  EXPECT_EQ(j["recorded_at"], "2025-11-24T16:00:01.000Z");
  EXPECT_EQ(j["schema_version"], kEnvelopeSchemaVersion);
  EXPECT_EQ(j["payload"]["doc"], "R-1");
  EXPECT_EQ(j["payload"]["qty"], 5);
}

TEST(Envelope, EscapesIdentifiersAndStaysValidWithABadPayload) {
  auto text = build_envelope({"ep\"1", "gw-1", "S\\1"}, event("{not json"));
  auto j = nlohmann::json::parse(text);  // throws if the envelope is not JSON
  EXPECT_EQ(j["epoch"], "ep\"1");
  EXPECT_EQ(j["site_id"], "S\\1");
  EXPECT_EQ(j["payload"], "{not json");
}

TEST(Topics, FollowTheLayout) {
  Topics t("jxc", "S1", "gw-1");
  EXPECT_EQ(t.event("issue.posted"), "jxc/S1/gw-1/evt/issue.posted");
  EXPECT_EQ(t.status(), "jxc/S1/gw-1/status");
  EXPECT_EQ(t.ack(), "jxc/S1/gw-1/ack");
  EXPECT_EQ(t.downlink_filter(), "jxc/S1/gw-1/down/#");
  EXPECT_EQ(t.rejected(), "jxc/S1/gw-1/rejected");
  EXPECT_EQ(t.downlink_kind("jxc/S1/gw-1/down/master/delta"), "master/delta");
  EXPECT_FALSE(t.downlink_kind("jxc/S1/gw-1/down/"));
  EXPECT_FALSE(t.downlink_kind("jxc/S1/gw-2/down/asn"));
}

}  // namespace
}  // namespace jxc::cloud_sync
