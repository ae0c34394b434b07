// The daily digest end to end: a real store, the dispatcher on a clock the
// test sets (Asia/Shanghai), and the robots' HTTPS receivers and the SMTP
// server started on loopback (testdata/). Once per local day from digest_at,
// across the UTC date change, a restart and a gateway that was down then.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>
#include <thread>

#include "edge/alerts/alert_store.h"
#include "edge/alerts/channels/dispatcher.h"
#include "edge/alerts/channels/test_peers.h"
#include "edge/inventory/digest_records.h"
#include "edge/inventory/test_store.h"

namespace jxc::alerts::channels {
namespace {

using namespace std::chrono_literals;
using testing::Peer;
using testing::Pki;

constexpr TimeMs kMinute = 60'000;
constexpr TimeMs kDay5At0729 = 1'796'426'940'000;  // 2026-12-04T23:29:00Z: 07:29 on the 5th in Shanghai
constexpr const char* kSecret = "SECdigest-test-secret";

template <typename Pred>
bool wait_for(Pred p, std::chrono::seconds limit = 20s) {
  auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (p()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return p();
}

class DailyDigestTest : public inventory::testing::StoreTest {
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
    seed();
    secret_file_ = dir_.file("secret");
    std::ofstream(secret_file_) << kSecret << "\n";
    ::chmod(secret_file_.c_str(), 0600);
    clock_.set(kDay5At0729 - 12 * 60 * kMinute);  // the evening before, when the store's rows are made
  }

  static Peer robot(const std::string& kind) {
    return Peer("robot_receiver.py", {"--kind", kind, "--cert", pki_->localhost_cert, "--key", pki_->localhost_key,
                                      "--secret", kind == "wecom" ? "" : kSecret, "--script", "ok"});
  }
  config::AlertChannel channel(const std::string& kind, const Peer& p, const std::string& path,
                               const std::string& at) {
    config::AlertChannel c;
    c.name = kind + "-daily";
    c.kind = kind;
    c.url = "https://localhost:" + std::to_string(p.port()) + path;
    if (kind != "wecom") c.secret_file = secret_file_;
    c.ca_file = pki_->ca;
    c.digest_at = at;
    c.kinds = {"channel_failing"};  // filters and quiet hours hold back alerts, not the digest
    c.quiet_from = "00:00";
    c.quiet_to = "23:59";
    return c;
  }
  std::unique_ptr<Dispatcher> make(config::AlertChannel c, Language l = Language::zh_CN) {
    DispatchOptions o;
    o.retry_max = 1;
    o.gateway_id = "gw-sh-01";
    o.ack_base_url = "https://gw-sh-01.warehouse.test:8443";
    o.store_path = store_path_;
    auto zone = TimeZone::named("Asia/Shanghai");
    EXPECT_TRUE(zone.is_ok());
    o.wording = {l, zone ? *zone : TimeZone::utc()};
    auto d = Dispatcher::create({std::move(c)}, o, *engine_, clock_, ChannelHealth{});
    EXPECT_TRUE(d.is_ok()) << d.status().to_string();
    if (!d.is_ok()) return nullptr;
    (*d)->start();
    return std::move(*d);
  }
  // One digest check at the clock's time, finished.
  static void check(Dispatcher& d) {
    const auto before = d.digest_checks();
    d.check_digests();
    ASSERT_TRUE(wait_for([&] { return d.digest_checks() > before; }));
  }
  std::optional<std::string> recorded_day(const std::string& channel) {
    auto r = inventory::last_digest_day(q(), channel);
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    return r.is_ok() ? *r : std::nullopt;
  }
  bool recorded(const std::string& channel, const std::string& day) {
    return wait_for([&] { return recorded_day(channel) == day; });
  }

  // An item with a Chinese name, a stockout alert on it, a replenishment
  // suggestion and a receipt held for review.
  void open_work() {
    std::vector<inventory::Item> items;
    items.push_back({"WATER-550", "农夫山泉饮用天然水 550ml", "瓶", {}, 560.0, false, 1.5});
    ASSERT_TRUE(engine_->import_items(items).is_ok());
    Alert a = make_alert(Key{Kind::stockout, "WATER-550", "A-01", "", ""}, 0, 0, "无可用库存", clock_.now_ms());
    ASSERT_TRUE(engine_->run<bool>([&](inventory::Tx& tx) { return store_raise(tx, a); }).is_ok());
    Suggestion s;
    s.item = "WATER-550";
    s.location = "A-01";
    s.qty = 48;
    ASSERT_TRUE(engine_->run<bool>([&](inventory::Tx& tx) { return store_suggest(tx, s); }).is_ok());
    inventory::DocumentRequest held = inventory::testing::receipt_into("A-01", "WATER-550", 10);
    held.source = "door-D1";
    held.hold_exceptions = true;
    held.exceptions = {"unknown tag 3034F4"};
    auto posted = engine_->post(held);
    ASSERT_TRUE(posted.is_ok()) << posted.status().to_string();
  }

  std::string secret_file_;
  static jxc::testing::TempDir* pki_dir_;
  static Pki* pki_;
};
jxc::testing::TempDir* DailyDigestTest::pki_dir_ = nullptr;
Pki* DailyDigestTest::pki_ = nullptr;

TEST_F(DailyDigestTest, OncePerShanghaiDayAcrossTheUtcDateARestartAndMidnight) {
  open_work();
  Peer rx = robot("dingtalk");
  const auto c = channel("dingtalk", rx, "/robot/send?access_token=abc", "07:30");
  auto d = make(c);

  clock_.set(kDay5At0729);  // 07:29: not yet
  check(*d);
  EXPECT_EQ(d->messages(), 0u);

  clock_.set(kDay5At0729 + kMinute);  // 07:30 on the 5th (23:30Z on the 4th)
  check(*d);
  EXPECT_EQ(d->messages(), 1u);
  ASSERT_TRUE(rx.wait_records(1)) << rx.output();
  auto got = rx.records();
  EXPECT_EQ(got[0]["signature_ok"], true);
  auto body = nlohmann::json::parse(got[0]["body"].get<std::string>());
  EXPECT_EQ(body["markdown"]["title"], "[gw-sh-01] 每日汇总 · 2026-12-05 07:30 (UTC+08:00)");
  const std::string text = body["markdown"]["text"];
  EXPECT_NE(text.find("#### 未处理预警 (1)\n- 严重 · 缺货 · 农夫山泉饮用天然水 550ml (WATER-550) @ A-01 · "
                      "2026-12-04 19:29 (UTC+08:00) · #1 · [确认](https://gw-sh-01.warehouse.test:8443/alerts/1)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("#### 补货建议 (1)\n- 农夫山泉饮用天然水 550ml (WATER-550) @ A-01 · 建议补货 48 瓶"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("#### 待审核单据 (1)\n- RCV-"), std::string::npos) << text;
  EXPECT_NE(text.find("收货单 · 来源 door-D1 · 2026-12-04 19:29 (UTC+08:00) · 农夫山泉饮用天然水 550ml "
                      "(WATER-550) 10 瓶 · 异常：unknown tag 3034F4\n"),
            std::string::npos)
      << text;
  ASSERT_TRUE(recorded(c.name, "2026-12-05"));

  clock_.set(kDay5At0729 + 41 * kMinute);  // 08:10: 00:10Z, a new UTC date but the same local day
  check(*d);
  EXPECT_EQ(d->messages(), 1u);

  d.reset();  // a restart later that morning
  d = make(c);
  clock_.set(kDay5At0729 + 4 * 60 * kMinute);
  check(*d);
  EXPECT_EQ(d->messages(), 0u);

  clock_.set(kDay5At0729 + (16 * 60 + 31) * kMinute);  // 00:00 on the 6th: a new day, before 07:30
  check(*d);
  EXPECT_EQ(d->messages(), 0u);
  clock_.set(kDay5At0729 + 24 * 60 * kMinute + kMinute);  // 07:30 on the 6th
  check(*d);
  EXPECT_EQ(d->messages(), 1u);
  ASSERT_TRUE(recorded(c.name, "2026-12-06"));
  EXPECT_TRUE(rx.wait_records(2));
  EXPECT_EQ(rx.records().size(), 2u);
  // The delivery log names it.
  auto log = load_deliveries(q(), 10);
  ASSERT_TRUE(log.is_ok());
  ASSERT_FALSE(log->empty());
  EXPECT_EQ(log->front().event, "digest");
  EXPECT_EQ(log->front().detail, "daily digest of 2026-12-06");
}

TEST_F(DailyDigestTest, AGatewayDownAtDigestTimeSendsItOnceWhenItIsBackThatDay) {
  open_work();
  Peer rx = robot("feishu");
  const auto c = channel("feishu", rx, "/open-apis/bot/v2/hook/h1", "08:30");
  clock_.set(kDay5At0729 + (7 * 60 + 31) * kMinute);  // 15:00, first start of the day
  auto d = make(c, Language::en);
  check(*d);
  EXPECT_EQ(d->messages(), 1u);
  ASSERT_TRUE(rx.wait_records(1)) << rx.output();
  auto body = nlohmann::json::parse(rx.records()[0]["body"].get<std::string>());
  EXPECT_EQ(rx.records()[0]["signature_ok"], true);
  EXPECT_EQ(body["card"]["header"]["title"]["content"], "[gw-sh-01] Daily digest · 2026-12-05 15:00 (UTC+08:00)");
  const std::string card = body["card"]["elements"][0]["text"]["content"];
  EXPECT_EQ(card.rfind("**Open alerts (1)**\n- critical · Stockout · 农夫山泉饮用天然水 550ml (WATER-550) @ A-01", 0),
            0u)
      << card;
  EXPECT_NE(card.find("\n**Replenishment suggestions (1)**\n- 农夫山泉饮用天然水 550ml (WATER-550) @ A-01 · "
                      "order 48 瓶"),
            std::string::npos)
      << card;
  ASSERT_TRUE(recorded(c.name, "2026-12-05"));
  clock_.advance(std::chrono::minutes(5));
  check(*d);
  EXPECT_EQ(d->messages(), 1u);
}

// WeCom refuses a markdown content over 4096 bytes (its receiver here
// answers errcode 40058 as the robot does): a digest of many Chinese-named
// items is cut between lines and says how many more there are.
TEST_F(DailyDigestTest, ALongDigestFitsWeComsLimit) {
  std::vector<inventory::Item> items;
  for (int i = 0; i < 150; ++i)
    items.push_back({"DRINK-" + std::to_string(100 + i), "康师傅冰红茶柠檬味饮料 500毫升 第" + std::to_string(i) + "款",
                     "瓶", {}, std::nullopt, false, 3});
  ASSERT_TRUE(engine_->import_items(items).is_ok());
  ASSERT_TRUE(engine_
                  ->run<bool>([&](inventory::Tx& tx) -> Result<bool> {
                    for (const auto& item : items) {
                      Suggestion s;
                      s.item = item.sku;
                      s.location = "A-01";
                      s.qty = 24;
                      JXC_TRY(store_suggest(tx, s).status());
                    }
                    return true;
                  })
                  .is_ok());
  Peer rx = robot("wecom");
  const auto c = channel("wecom", rx, "/cgi-bin/webhook/send?key=k1", "08:30");
  clock_.set(kDay5At0729 + 61 * kMinute);
  auto d = make(c);
  check(*d);
  EXPECT_EQ(d->messages(), 1u) << rx.output();
  ASSERT_TRUE(rx.wait_records(1));
  const std::string content = nlohmann::json::parse(rx.records()[0]["body"].get<std::string>())["markdown"]["content"];
  EXPECT_LE(content.size(), 4096u);
  EXPECT_EQ(content.find("\xEF\xBF\xBD"), std::string::npos);  // no character cut (U+FFFD in its place)
  EXPECT_NE(content.find("#### 补货建议 (150)\n- 康师傅冰红茶柠檬味饮料"), std::string::npos) << content;
  const auto more = content.rfind("- …… 另有 ");
  ASSERT_NE(more, std::string::npos) << content;
  const std::size_t shown = [&] {
    std::size_t n = 0;
    for (auto at = content.find("\n- 康师傅"); at != std::string::npos; at = content.find("\n- 康师傅", at + 1)) ++n;
    return n;
  }();
  // The suggestions left out, and the held documents' "none" line after them.
  EXPECT_EQ(content.substr(more), "- …… 另有 " + std::to_string(150 - shown + 1) + " 条\n");
  EXPECT_TRUE(recorded(c.name, "2026-12-05"));
}

TEST_F(DailyDigestTest, ByEmailOverStartTls) {
  open_work();
  Peer p("smtp_receiver.py", {"--mode", "starttls", "--cert", pki_->localhost_cert, "--key", pki_->localhost_key,
                              "--user", "gw@warehouse.test", "--password", "pw-口令"});
  const std::string pw = dir_.file("pw");
  std::ofstream(pw) << "pw-口令\n";
  ::chmod(pw.c_str(), 0600);
  config::AlertChannel c;
  c.name = "mail-daily";
  c.kind = "smtp";
  c.smtp_host = "localhost";
  c.smtp_port = p.port();
  c.smtp_tls = "starttls";
  c.smtp_user = "gw@warehouse.test";
  c.smtp_password_file = pw;
  c.ca_file = pki_->ca;
  c.smtp_from = "gw@warehouse.test";
  c.smtp_to = {"manager@warehouse.test"};
  c.digest_at = "08:30";
  clock_.set(kDay5At0729 + 61 * kMinute);
  auto d = make(c);
  check(*d);
  EXPECT_EQ(d->messages(), 1u) << p.output();
  ASSERT_TRUE(p.wait_records(2)) << p.output();
  nlohmann::json m;
  for (auto& r : p.records())
    if (r.contains("message")) m = r["message"];
  ASSERT_TRUE(m.is_object()) << p.output();
  EXPECT_EQ(m["subject"], "[gw-sh-01] 每日汇总 · 2026-12-05 08:30 (UTC+08:00)");
  EXPECT_EQ(m["parts"], nlohmann::json::array({"text/plain", "text/html"}));
  EXPECT_EQ(m["defects"], nlohmann::json::array());
  std::string text = m["text"].get<std::string>();
  std::erase(text, '\r');
  EXPECT_NE(text.find("\n补货建议 (1)\n- 农夫山泉饮用天然水 550ml (WATER-550) @ A-01 · 建议补货 48 瓶"), std::string::npos)
      << text;
  EXPECT_NE(m["html"].get<std::string>().find("<h4>待审核单据 (1)</h4>"), std::string::npos);
  ASSERT_TRUE(recorded(c.name, "2026-12-05"));
}

}  // namespace
}  // namespace jxc::alerts::channels
