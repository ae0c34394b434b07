// What the uplink reads and writes besides events: acknowledgements, the
// retained status, rejection notices and master data requests.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cloud-sync/ack.h"
#include "cloud-sync/master_data_request.h"
#include "cloud-sync/status.h"
#include "edge/devices/health.h"

namespace jxc::cloud_sync {
namespace {

using json = nlohmann::json;

TEST(Ack, WellFormed) {
  auto a = parse_ack(R"({"epoch":"e1","up_to_seq":42})");
  ASSERT_TRUE(a.is_ok()) << a.status().to_string();
  EXPECT_EQ(a->epoch, "e1");
  EXPECT_EQ(a->up_to_seq, 42);
  EXPECT_EQ(a->message_id, "");
  auto named = parse_ack(R"({"epoch":"e1","up_to_seq":43,"message_id":"ack-7"})");
  ASSERT_TRUE(named.is_ok()) << named.status().to_string();
  EXPECT_EQ(named->message_id, "ack-7");
}

TEST(Ack, MalformedIsRefusedWithTheExpectedShape) {
  for (const char* bad : {"", "{not json", "[]", R"({"epoch":"e1"})", R"({"up_to_seq":1})",
                          R"({"epoch":1,"up_to_seq":1})", R"({"epoch":"e1","up_to_seq":"1"})",
                          R"({"epoch":"e1","up_to_seq":1.5})", R"({"epoch":"e1","up_to_seq":18446744073709551615})",
                          R"({"epoch":"e1","up_to_seq":-1})", R"({"epoch":"e1","up_to_seq":1,"message_id":5})"}) {
    auto a = parse_ack(bad);
    ASSERT_FALSE(a.is_ok()) << bad;
    EXPECT_EQ(a.status().code(), Errc::invalid_argument) << bad;
  }
  EXPECT_EQ(parse_ack("{}").status().reason(),
            R"(expected {"epoch": string, "up_to_seq": integer, "message_id": string (optional)})");
}

// Like every message the central system sends, an acknowledgement is closed:
// a misspelt field must not pass, and the refusal names the message.
TEST(Ack, AnUnknownFieldIsRefusedAndTheRefusalCanNameTheAck) {
  const std::string payload = R"({"epoch":"e1","up_to_seq":42,"mesage_id":"x","message_id":"ack-9"})";
  auto a = parse_ack(payload);
  ASSERT_FALSE(a.is_ok());
  EXPECT_EQ(a.status().reason(), "unknown field 'mesage_id'");
  EXPECT_EQ(ack_message_id(payload), "ack-9");
  EXPECT_EQ(ack_message_id("[1]"), "");
  EXPECT_EQ(ack_message_id(R"({"message_id":3})"), "");
}

TEST(Rejected, NamesTheRefusedMessageWhenItIsKnown) {
  json named = json::parse(rejected_json("t/down/asn", "bad", "gw-1", 0, "m-1"));
  EXPECT_EQ(named["message_id"], "m-1");
  json anonymous = json::parse(rejected_json("t/down/cmd", "payload is not valid JSON", "gw-1", 0));
  EXPECT_FALSE(anonymous.contains("message_id"));
}

TEST(Status, OfflineSaysWhoOnly) {
  StatusFacts f{"gw-1", "S1", "1.2.3", "abc", "ep", 0, 10, 4, nullptr};
  json j = json::parse(status_json(f, false));
  EXPECT_EQ(j, (json{{"online", false}, {"gateway_id", "gw-1"}, {"site_id", "S1"}, {"version", "1.2.3"},
                     {"config_hash", "abc"}, {"epoch", "ep"}}));
}

TEST(Status, OnlineCarriesBacklogAndDeviceHealth) {
  ManualClock clock{1'764'000'000'000};
  devices::HealthRegistry health(clock);
  health.report("scale-1", "scale", devices::DeviceState::online, "ok");
  // A device detail with bytes that are not UTF-8 (from a device's own text).
  health.report("rfid-1", "rfid", devices::DeviceState::offline, std::string("bad \xff\xfe bytes"));
  StatusFacts f{"gw-1", "S1", "1.2.3", "abc", "ep", 1'764'000'000'123, 10, 4, &health};
  json j = json::parse(status_json(f, true));
  EXPECT_EQ(j["online"], true);
  EXPECT_EQ(j["at"], "2025-11-24T16:00:00.123Z");
  EXPECT_EQ(j["outbox_backlog"], 6);
  EXPECT_EQ(j["last_seq"], 10);
  EXPECT_EQ(j["acked_up_to"], 4);
  EXPECT_EQ(j["devices"], health.summary());
  ASSERT_EQ(j["device_health"].size(), 2u);
  EXPECT_EQ(j["device_health"][0]["id"], "rfid-1");
  EXPECT_EQ(j["device_health"][0]["state"], "offline");
  EXPECT_NE(j["device_health"][0]["detail"].get<std::string>().find("bad "), std::string::npos);
}

TEST(Rejected, NamesTopicAndReasonEvenWithBytesThatAreNotUtf8) {
  std::string reason = "not a JSON object: \xc3\x28";
  json j = json::parse(rejected_json("jxc/S1/gw-1/down/asn", reason, "gw-1", 0));
  EXPECT_EQ(j["topic"], "jxc/S1/gw-1/down/asn");
  EXPECT_EQ(j["gateway_id"], "gw-1");
  EXPECT_EQ(j["at"], "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(j["reason"].get<std::string>().rfind("not a JSON object: ", 0), 0u);
}

TEST(MasterDataRequest, FieldsAndId) {
  std::string id = master_data_request_id("0123456789abcdef", 1'764'000'000'000, 7);
  EXPECT_EQ(id, "01234567-1764000000000-7");
  json j = json::parse(master_data_request_json({id, "gw-1", "S1", 3, "resync command \xff", 1'764'000'000'000}));
  EXPECT_EQ(j["request_id"], id);
  EXPECT_EQ(j["gateway_id"], "gw-1");
  EXPECT_EQ(j["site_id"], "S1");
  EXPECT_EQ(j["master_data_version"], 3);
  EXPECT_EQ(j["at"], "2025-11-24T16:00:00.000Z");
  EXPECT_EQ(j["reason"].get<std::string>().rfind("resync command ", 0), 0u);
}

}  // namespace
}  // namespace jxc::cloud_sync
