// The robot channels over HTTPS against a receiver started here on loopback
// (testdata/robot_receiver.py, Python's ssl module) with certificates made by
// openssl at test time: verification with the test CA, SNI, signatures
// checked by the receiver, and each way a delivery fails named by its class.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>
#include <thread>

#include "edge/alerts/alert_store.h"
#include "edge/alerts/channels/dispatcher.h"
#include "edge/alerts/channels/messages.h"
#include "edge/alerts/channels/test_peers.h"
#include "edge/alerts/channels/transport.h"
#include "edge/inventory/test_store.h"

namespace jxc::alerts::channels {
namespace {

using namespace std::chrono_literals;
using testing::Peer;
using testing::Pki;

constexpr const char* kSecret = "SECtls-test-secret";
// The gateway's address, which every message links its acknowledgement page at.
constexpr const char* kGateway = "https://gw-1.warehouse.test:8443";

template <typename Pred>
bool wait_for(Pred p, std::chrono::seconds limit = 20s) {
  auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (p()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return p();
}

Alert alert(std::int64_t id, Kind kind = Kind::low_stock) {
  Alert a;
  a.id = id;
  a.key = {kind, "TEA-500", "A-01", "", ""};
  a.severity = Severity::warning;
  a.qty = 5;
  a.threshold = 10;
  a.detail = "available 5 is below min 10";
  a.raised_at = 1'764'000'000'000;
  return a;
}

class RobotTlsTest : public inventory::testing::StoreTest {
 protected:
  static void SetUpTestSuite() {
    pki_dir_ = new jxc::testing::TempDir();
    pki_ = new Pki(testing::make_pki(pki_dir_->path()));
  }
  static void TearDownTestSuite() {
    delete pki_;
    delete pki_dir_;
  }
  void SetUp() override {
    StoreTest::SetUp();
    secret_file_ = dir_.file("secret");
    std::ofstream(secret_file_) << kSecret << "\n";
    ::chmod(secret_file_.c_str(), 0600);
  }

  static Peer receiver(const std::string& kind, const std::string& script = "ok", const std::string& cert = "",
                       const std::string& key = "", const std::string& secret = kSecret) {
    return Peer("robot_receiver.py", {"--kind", kind, "--cert", cert.empty() ? pki_->localhost_cert : cert, "--key",
                                      key.empty() ? pki_->localhost_key : key, "--secret", secret, "--script",
                                      script});
  }
  static std::string https(const Peer& p, const std::string& path) {
    return "https://localhost:" + std::to_string(p.port()) + path;
  }
  config::AlertChannel channel(const std::string& kind, const std::string& url) {
    config::AlertChannel c;
    c.name = kind + "-tls";
    c.kind = kind;
    c.url = url;
    c.secret_file = secret_file_;
    c.ca_file = pki_->ca;
    return c;
  }
  std::unique_ptr<Dispatcher> make(std::vector<config::AlertChannel> chans, DispatchOptions o = {}) {
    o.retry_initial = 20ms;
    if (o.ack_base_url.empty()) o.ack_base_url = kGateway;
    auto d = Dispatcher::create(std::move(chans), o, *engine_, clock_, ChannelHealth{});
    EXPECT_TRUE(d.is_ok()) << d.status().to_string();
    (*d)->start();
    return std::move(*d);
  }
  std::vector<Delivery> deliveries(std::size_t n) {
    std::vector<Delivery> log;
    wait_for([&] {
      auto r = load_deliveries(q(), 100);
      if (r.is_ok()) log = *r;
      return log.size() >= n;
    });
    return log;  // newest first
  }
  static Result<HttpResponse> post(const std::string& url, const std::string& ca_file,
                                   std::chrono::milliseconds timeout = 10s) {
    auto u = parse_url(url);
    if (!u) return u.status();
    return http_post(*u, "{}", {}, TransferOptions{timeout, timeout, ca_file});
  }

  std::string secret_file_;
  static jxc::testing::TempDir* pki_dir_;
  static Pki* pki_;
};
jxc::testing::TempDir* RobotTlsTest::pki_dir_ = nullptr;
Pki* RobotTlsTest::pki_ = nullptr;

TEST_F(RobotTlsTest, DingTalkOverHttpsWithTheTestCaSniAndASignatureTheReceiverAccepts) {
  Peer rx = receiver("dingtalk");
  auto d = make({channel("dingtalk", https(rx, "/robot/send?access_token=abc"))});
  d->notify(alert(42), "raised");
  ASSERT_TRUE(wait_for([&] { return d->settled() == 1; }));
  EXPECT_EQ(d->succeeded(), 1u) << rx.output();
  auto got = rx.records();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0]["sni"], "localhost");
  EXPECT_EQ(got[0]["signature_ok"], true);
  auto body = nlohmann::json::parse(got[0]["body"].get<std::string>());
  EXPECT_EQ(body["msgtype"], "markdown");
  const std::string text = body["markdown"]["text"];
  EXPECT_NE(text.find("\n> **确认**: [点此确认](https://gw-1.warehouse.test:8443/alerts/42)\n"), std::string::npos)
      << text;
}

TEST_F(RobotTlsTest, WeComOverHttps) {
  Peer rx = receiver("wecom", "ok", "", "", "");
  auto c = channel("wecom", https(rx, "/cgi-bin/webhook/send?key=k1"));
  c.secret_file.clear();
  auto d = make({c});
  d->notify(alert(42), "raised");
  ASSERT_TRUE(wait_for([&] { return d->settled() == 1; }));
  EXPECT_EQ(d->succeeded(), 1u) << rx.output();
  auto got = rx.records();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0]["path"], "/cgi-bin/webhook/send?key=k1");
  const std::string content = nlohmann::json::parse(got[0]["body"].get<std::string>())["markdown"]["content"];
  EXPECT_NE(content.find("[点此确认](https://gw-1.warehouse.test:8443/alerts/42)"), std::string::npos) << content;
}

// One alert whose text is over WeCom's 4096 bytes (a long Chinese detail)
// has its detail cut between characters to fit, every other field and the
// link kept; the receiver refuses more (errcode 40058).
TEST_F(RobotTlsTest, WeComTakesAnAlertWithALongChineseDetailCutToItsLimit) {
  Peer rx = receiver("wecom", "ok", "", "", "");
  auto c = channel("wecom", https(rx, "/cgi-bin/webhook/send?key=k1"));
  c.secret_file.clear();
  DispatchOptions o;
  o.retry_max = 1;
  auto d = make({c}, o);
  Alert a = alert(42);
  a.detail.clear();
  for (int i = 0; i < 1500; ++i) a.detail += "库存";  // 9000 bytes in one line
  d->notify(a, "raised");
  ASSERT_TRUE(wait_for([&] { return d->settled() == 1; }));
  EXPECT_EQ(d->succeeded(), 1u) << rx.output();
  ASSERT_TRUE(rx.wait_records(1));
  const std::string content = nlohmann::json::parse(rx.records()[0]["body"].get<std::string>())["markdown"]["content"];
  EXPECT_LE(content.size(), 4096u);
  EXPECT_EQ(content.find("\xEF\xBF\xBD"), std::string::npos);  // no character cut (U+FFFD in its place)
  EXPECT_NE(content.find("> **说明**: 库存库存"), std::string::npos) << content;
  EXPECT_NE(content.find("库存…\n\n> **发生时间**: "), std::string::npos) << content;
  EXPECT_NE(content.find("> **确认**: [点此确认](https://gw-1.warehouse.test:8443/alerts/42)\n"), std::string::npos)
      << content;
}

// Feishu's signature (HMAC-SHA256 keyed by timestamp + "\n" + secret over an
// empty message) is checked by the receiver; with the wrong secret it answers
// code 19021, which the delivery log names.
TEST_F(RobotTlsTest, FeishuInteractiveCardSignedAndABadSignatureRefusedByItsCode) {
  Peer rx = receiver("feishu");
  auto d = make({channel("feishu", https(rx, "/open-apis/bot/v2/hook/h1"))});
  d->notify(alert(42, Kind::stockout), "raised");
  ASSERT_TRUE(wait_for([&] { return d->settled() == 1; }));
  EXPECT_EQ(d->succeeded(), 1u) << rx.output();
  auto got = rx.records();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0]["signature_ok"], true);
  auto body = nlohmann::json::parse(got[0]["body"].get<std::string>());
  EXPECT_EQ(body["msg_type"], "interactive");
  EXPECT_EQ(body["timestamp"], std::to_string(clock_.now_ms() / 1000));
  EXPECT_NE(body["card"]["header"]["title"]["content"].get<std::string>().find("缺货"), std::string::npos);
  EXPECT_EQ(body["card"]["header"]["template"], "orange");  // a warning
  EXPECT_EQ(body["card"]["elements"][0]["text"]["tag"], "lark_md");
  const std::string card_text = body["card"]["elements"][0]["text"]["content"];
  EXPECT_EQ(card_text.rfind("**预警**: 缺货\n", 0), 0u) << card_text;
  EXPECT_NE(card_text.find("\n**物品**: TEA-500\n"), std::string::npos) << card_text;
  EXPECT_NE(card_text.find("\n**确认**: [点此确认](https://gw-1.warehouse.test:8443/alerts/42)"), std::string::npos)
      << card_text;

  Peer wrong = receiver("feishu", "ok", "", "", "another-secret");
  DispatchOptions o;
  o.retry_max = 1;
  auto d2 = make({channel("feishu", https(wrong, "/open-apis/bot/v2/hook/h1"))}, o);
  d2->notify(alert(43), "raised");
  ASSERT_TRUE(wait_for([&] { return d2->settled() == 1; }));
  EXPECT_EQ(d2->succeeded(), 0u);
  auto log = deliveries(2);
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].detail.rfind("robot error 19021 (bad signature or timestamp): sign match fail", 0), 0u)
      << log[0].detail;
}

TEST_F(RobotTlsTest, RobotErrorCodesAreNamedInTheDeliveryLog) {
  Peer ding = receiver("dingtalk", "", "", "", "wrong-secret");  // our signature fails its check
  Peer wecom = receiver("wecom", "code:45009", "", "", "");
  auto c1 = channel("dingtalk", https(ding, "/robot/send?access_token=abc"));
  auto c2 = channel("wecom", https(wecom, "/cgi-bin/webhook/send?key=k1"));
  c2.secret_file.clear();
  DispatchOptions o;
  o.retry_max = 1;
  auto d = make({c1, c2}, o);
  d->notify(alert(42), "raised");
  ASSERT_TRUE(wait_for([&] { return d->settled() == 2; }));
  EXPECT_EQ(d->succeeded(), 0u);
  std::map<std::string, std::string> detail;
  for (const auto& r : deliveries(2)) detail[r.channel] = r.detail;
  EXPECT_EQ(detail["dingtalk-tls"], "robot error 310000 (signature, keyword or IP address refused): sign not match");
  EXPECT_EQ(detail["wecom-tls"], "robot error 45009 (over the robot's rate limit): refused by the test robot");
}

TEST_F(RobotTlsTest, ACertificateForAnotherNameIsRefused) {
  Peer rx = receiver("webhook", "ok", pki_->other_name_cert, pki_->other_name_key, "");
  auto r = post(https(rx, "/hook"), pki_->ca);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().reason().rfind("TLS verify: ", 0), 0u) << r.status().reason();
  EXPECT_NE(r.status().reason().find("localhost"), std::string::npos) << r.status().reason();
  EXPECT_TRUE(rx.records().empty()) << "nothing was sent";
}

TEST_F(RobotTlsTest, ACertificateFromAnUntrustedCaIsRefused) {
  Peer rx = receiver("webhook", "ok", pki_->untrusted_cert, pki_->untrusted_key, "");
  auto r = post(https(rx, "/hook"), pki_->ca);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().reason().rfind("TLS verify: ", 0), 0u) << r.status().reason();
  // Verification is on without a ca_file too: the system's store does not
  // know the test CA.
  Peer good = receiver("webhook", "ok", "", "", "");
  auto system_store = post(https(good, "/hook"), "");
  ASSERT_FALSE(system_store.is_ok());
  EXPECT_EQ(system_store.status().reason().rfind("TLS verify: ", 0), 0u) << system_store.status().reason();
  auto trusted = post(https(good, "/hook"), pki_->ca);
  ASSERT_TRUE(trusted.is_ok()) << trusted.status().to_string();
  EXPECT_EQ(trusted->status, 200);
  EXPECT_TRUE(rx.records().empty());
  EXPECT_EQ(good.records().size(), 1u);
}

TEST_F(RobotTlsTest, AServerThatStallsAfterTheHandshakeEndsAtTheTimeout) {
  Peer rx = receiver("webhook", "stall", "", "", "");
  auto r = post(https(rx, "/hook"), pki_->ca, 800ms);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().reason(), "receive: timed out");
  EXPECT_EQ(rx.records().size(), 1u) << "the request got through the handshake";
}

TEST_F(RobotTlsTest, AServerThatClosesMidResponseFailsTheDelivery) {
  Peer rx = receiver("webhook", "close", "", "", "");
  auto r = post(https(rx, "/hook"), pki_->ca);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().reason().rfind("receive: the server closed the connection mid-response", 0), 0u)
      << r.status().reason();
}

TEST_F(RobotTlsTest, NobodyListeningIsAConnectFailure) {
  std::string url;
  {
    Peer gone = receiver("webhook", "ok", "", "", "");
    url = https(gone, "/hook");
  }  // the receiver has been killed: its port refuses
  auto r = post(url, pki_->ca);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().reason().rfind("connect: ", 0), 0u) << r.status().reason();
}

// A 429 makes the robot's whole window wait: the retry goes only once the
// clock has moved a minute on, and then gets through.
TEST_F(RobotTlsTest, A429ThenSuccessAfterTheRobotsWindow) {
  Peer rx = receiver("dingtalk", "status:429,ok");
  auto d = make({channel("dingtalk", https(rx, "/robot/send?access_token=abc"))});
  d->notify(alert(42), "raised");
  auto log = deliveries(1);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].detail, "HTTP 429: busy");
  EXPECT_EQ(d->settled(), 0u);
  EXPECT_EQ(rx.records().size(), 1u);
  clock_.advance(61s);
  ASSERT_TRUE(wait_for([&] { return d->succeeded() == 1; })) << rx.output();
  EXPECT_EQ(rx.records().size(), 2u);
}

// 60 alerts within a minute to a DingTalk robot (20 a minute): 20 messages
// at once, the other 40 wait and go as one digest when the minute is over.
TEST_F(RobotTlsTest, SixtyAlertsInAMinuteGoAsTwentyMessagesAndOneDigest) {
  Peer rx = receiver("dingtalk");
  auto d = make({channel("dingtalk", https(rx, "/robot/send?access_token=abc"))});
  for (int i = 1; i <= 60; ++i) d->notify(alert(i), "raised");
  ASSERT_TRUE(wait_for([&] { return d->succeeded() == 20; }));
  // The clock stands still: nothing more may go within the robot's minute.
  EXPECT_EQ(rx.records().size(), 20u);
  clock_.advance(60s);
  ASSERT_TRUE(wait_for([&] { return d->succeeded() == 60; })) << d->succeeded();
  EXPECT_EQ(d->messages(), 21u);
  auto got = rx.records();
  ASSERT_EQ(got.size(), 21u);
  for (const auto& r : got) EXPECT_EQ(r["signature_ok"], true);
  auto digest = nlohmann::json::parse(got[20]["body"].get<std::string>());
  EXPECT_EQ(digest["markdown"]["title"], "[gw-1] 预警汇总 · 40 条");
  const std::string text = digest["markdown"]["text"];
  for (int i = 21; i <= 60; ++i)
    EXPECT_NE(text.find("· #" + std::to_string(i) + " · [确认](" + kGateway + "/alerts/" + std::to_string(i) + ")\n"),
              std::string::npos)
        << i << "\n"
        << text;
  EXPECT_EQ(text.find("· #20 "), std::string::npos);
  auto log = deliveries(60);
  ASSERT_EQ(log.size(), 60u);
  int in_digest = 0;
  for (const auto& r : log) {
    EXPECT_TRUE(r.ok);
    if (r.detail == "digest of 40 alerts") ++in_digest;
  }
  EXPECT_EQ(in_digest, 40);
}

// Feishu takes 5 a second: the 6th and 7th of a burst go as one card a
// second later, listing both.
TEST_F(RobotTlsTest, AFeishuBurstOverFiveASecondGoesAsOneDigestCard) {
  Peer rx = receiver("feishu");
  auto d = make({channel("feishu", https(rx, "/open-apis/bot/v2/hook/h1"))});
  for (int i = 1; i <= 7; ++i) d->notify(alert(i), "raised");
  ASSERT_TRUE(wait_for([&] { return d->succeeded() == 5; }));
  EXPECT_EQ(rx.records().size(), 5u);
  clock_.advance(1s);
  ASSERT_TRUE(wait_for([&] { return d->succeeded() == 7; }));
  auto got = rx.records();
  ASSERT_EQ(got.size(), 6u);
  EXPECT_EQ(got[5]["signature_ok"], true);
  auto card = nlohmann::json::parse(got[5]["body"].get<std::string>())["card"];
  EXPECT_EQ(card["header"]["title"]["content"], "[gw-1] 预警汇总 · 2 条");
  EXPECT_EQ(card["elements"][0]["text"]["content"],
            "- 新预警 · 警告 · 低库存 · TEA-500 @ A-01 · #6 · [确认](https://gw-1.warehouse.test:8443/alerts/6)\n"
            "- 新预警 · 警告 · 低库存 · TEA-500 @ A-01 · #7 · [确认](https://gw-1.warehouse.test:8443/alerts/7)\n");
}

}  // namespace
}  // namespace jxc::alerts::channels
