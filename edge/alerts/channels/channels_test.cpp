// The channels against receivers started here on loopback: a small HTTP
// server (webhook, DingTalk, WeCom robots) and a small SMTP server. Payload
// shapes and signatures are checked with OpenSSL directly, not through the
// code under test.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "edge/alerts/channels/crypto.h"
#include "edge/alerts/channels/dispatcher.h"
#include "edge/alerts/channels/transport.h"
#include "edge/alerts/alert_store.h"
#include "edge/alerts/alerts_device.h"
#include "edge/config/config.h"
#include "edge/devices/health.h"
#include "edge/inventory/test_store.h"

namespace jxc::alerts::channels {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

template <typename Pred>
bool wait_for(Pred p, std::chrono::seconds limit = 20s) {
  auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (p()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return p();
}

std::string reference_hmac(const std::string& key, const std::string& data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<const char*>(out), len);
}

struct Request {
  std::string target, body;
  std::map<std::string, std::string> headers;
};

/// One HTTP/1.1 request per connection; answers `fail_first` requests with
/// 500 and the rest with 200 and `reply`.
class HttpReceiver {
 public:
  explicit HttpReceiver(int fail_first = 0, std::string reply = "{\"errcode\":0,\"errmsg\":\"ok\"}")
      : acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
        fail_first_(fail_first),
        reply_(std::move(reply)) {
    thread_ = std::thread([this] { serve(); });
  }
  ~HttpReceiver() {
    stop_ = true;
    boost::system::error_code ec;
    tcp::socket poke(io_);
    poke.connect(acceptor_.local_endpoint(), ec);
    thread_.join();
  }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + path;
  }
  std::vector<Request> requests() {
    std::lock_guard l(mu_);
    return requests_;
  }
  std::size_t count() {
    std::lock_guard l(mu_);
    return requests_.size();
  }

 private:
  void serve() {
    while (!stop_) {
      tcp::socket s(io_);
      boost::system::error_code ec;
      acceptor_.accept(s, ec);
      if (ec || stop_) return;
      boost::beast::flat_buffer buf;
      http::request<http::string_body> req;
      http::read(s, buf, req, ec);
      if (ec) continue;
      Request r;
      r.target = std::string(req.target());
      r.body = req.body();
      for (const auto& f : req) r.headers[std::string(f.name_string())] = std::string(f.value());
      bool fail;
      {
        std::lock_guard l(mu_);
        requests_.push_back(r);
        fail = static_cast<int>(requests_.size()) <= fail_first_;
      }
      http::response<http::string_body> res{fail ? http::status::internal_server_error : http::status::ok, 11};
      res.body() = fail ? "down" : reply_;
      res.prepare_payload();
      http::write(s, res, ec);
    }
  }

  asio::io_context io_;
  tcp::acceptor acceptor_;
  int fail_first_;
  std::string reply_;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::vector<Request> requests_;
  std::thread thread_;
};

/// Speaks the server side of RFC 5321 for one message per connection.
class SmtpReceiver {
 public:
  SmtpReceiver() : acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    thread_ = std::thread([this] { serve(); });
  }
  ~SmtpReceiver() {
    // Still waiting for a client (a failed test): connect once and hang up.
    boost::system::error_code ec;
    {
      tcp::socket poke(io_);
      poke.connect(acceptor_.local_endpoint(), ec);
    }
    thread_.join();
  }
  int port() const { return port_; }
  std::vector<std::string> commands() {
    std::lock_guard l(mu_);
    return commands_;
  }
  std::string message() {
    std::lock_guard l(mu_);
    return message_;
  }

 private:
  void serve() {
    tcp::socket s(io_);
    boost::system::error_code ec;
    acceptor_.accept(s, ec);
    if (ec) return;
    asio::streambuf in;
    auto say = [&](const std::string& t) { asio::write(s, asio::buffer(t), ec); };
    say("220 receiver.test ESMTP\r\n");
    for (;;) {
      asio::read_until(s, in, "\r\n", ec);
      if (ec) return;
      std::istream is(&in);
      std::string line;
      std::getline(is, line);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      {
        std::lock_guard l(mu_);
        commands_.push_back(line);
      }
      if (line.rfind("EHLO", 0) == 0) {
        say("250-receiver.test\r\n250 8BITMIME\r\n");
      } else if (line == "DATA") {
        say("354 go ahead\r\n");
        asio::read_until(s, in, "\r\n.\r\n", ec);
        if (ec) return;
        std::string all(asio::buffers_begin(in.data()), asio::buffers_end(in.data()));
        auto end = all.find("\r\n.\r\n");
        {
          std::lock_guard l(mu_);
          message_ = all.substr(0, end + 2);
        }
        in.consume(end + 5);
        say("250 queued\r\n");
      } else if (line == "QUIT") {
        say("221 bye\r\n");
        return;
      } else {
        say("250 ok\r\n");
      }
    }
  }

  asio::io_context io_;
  tcp::acceptor acceptor_;
  int port_ = acceptor_.local_endpoint().port();
  std::mutex mu_;
  std::vector<std::string> commands_;
  std::string message_;
  std::thread thread_;
};

// Base64 decoded by OpenSSL, not by the code under test.
std::string base64_decoded(const std::string& b64) {
  std::string out(b64.size(), '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(b64.data()), static_cast<int>(b64.size()));
  if (n < 0) return "<not base64>";
  std::size_t len = static_cast<std::size_t>(n);
  for (std::size_t i = b64.size(); i > 0 && b64[i - 1] == '='; --i) --len;  // padding decodes to zeros
  out.resize(len);
  return out;
}

Alert low_stock() {
  Alert a;
  a.id = 42;
  a.key = {Kind::low_stock, "TEA-500", "A-01", "", ""};
  a.severity = Severity::warning;
  a.qty = 5;
  a.threshold = 10;
  a.suggested_qty = 95;
  a.detail = "available 5 is below min 10; order 95";
  a.raised_at = 1'764'000'000'000;
  return a;
}

TEST(Crypto, HmacSha256MatchesRfc4231) {
  EXPECT_EQ(hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(base64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(url_encode("a+b/c=="), "a%2Bb%2Fc%3D%3D");
}

TEST(Transport, RejectsMalformedUrls) {
  EXPECT_FALSE(parse_url("ftp://x/").is_ok());
  EXPECT_FALSE(parse_url("http:///path").is_ok());
  EXPECT_FALSE(parse_url("http://host:99999999/").is_ok());
  EXPECT_FALSE(parse_url("http://host:/").is_ok());
  auto u = parse_url("https://oapi.dingtalk.com/robot/send?access_token=x");
  ASSERT_TRUE(u.is_ok());
  EXPECT_TRUE(u->tls);
  EXPECT_EQ(u->port, "443");
  EXPECT_EQ(u->target, "/robot/send?access_token=x");
}

class ChannelsTest : public inventory::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    secret_file_ = dir_.file("secret");
    std::ofstream(secret_file_) << "SECtest-secret\n";
    ::chmod(secret_file_.c_str(), 0600);
  }
  std::unique_ptr<Dispatcher> make(std::vector<config::AlertChannel> chans, DispatchOptions o = {}) {
    o.retry_initial = 20ms;
    o.timeout = 10s;
    ChannelHealth h{[this](Alert a) {
                      std::lock_guard l(mu_);
                      own_.push_back(a);
                    },
                    [this](const Key& k) {
                      std::lock_guard l(mu_);
                      cleared_.push_back(k);
                    }};
    auto d = Dispatcher::create(std::move(chans), o, *engine_, clock_, h);
    EXPECT_TRUE(d.is_ok()) << d.status().to_string();
    (*d)->start();
    return std::move(*d);
  }
  config::AlertChannel channel(std::string kind, std::string url, bool secret = true) {
    config::AlertChannel c;
    c.name = kind + "-1";
    c.kind = kind;
    c.url = std::move(url);
    if (secret) c.secret_file = secret_file_;
    return c;
  }

  std::string secret_file_;
  std::mutex mu_;
  std::vector<Alert> own_;
  std::vector<Key> cleared_;
};

TEST_F(ChannelsTest, WebhookPostsJsonWithAVerifiableSignature) {
  HttpReceiver rx(0, "ok");
  auto d = make({channel("webhook", rx.url("/hook"))});
  d->notify(low_stock(), "raised");
  ASSERT_TRUE(wait_for([&] { return d->succeeded() == 1; }));
  auto reqs = rx.requests();
  ASSERT_EQ(reqs.size(), 1u);
  const Request& r = reqs[0];
  EXPECT_EQ(r.target, "/hook");
  const std::string ts = r.headers.at("X-Jxc-Timestamp");
  EXPECT_EQ(ts, std::to_string(clock_.now_ms()));
  std::string expect = "sha256=";
  for (unsigned char c : reference_hmac("SECtest-secret", ts + "." + r.body)) {
    char b[3];
    std::snprintf(b, sizeof b, "%02x", c);
    expect += b;
  }
  EXPECT_EQ(r.headers.at("X-Jxc-Signature"), expect);
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["event"], "alert.raised");
  EXPECT_EQ(j["alert"]["kind"], "low_stock");
  EXPECT_EQ(j["alert"]["sku"], "TEA-500");
  EXPECT_EQ(j["alert"]["location"], "A-01");
  EXPECT_EQ(j["alert"]["qty"], 5);
  EXPECT_EQ(j["alert"]["threshold"], 10);
  EXPECT_EQ(j["alert"]["suggested_qty"], 95);
}

TEST_F(ChannelsTest, DingTalkMarkdownWithSignedUrl) {
  HttpReceiver rx;
  auto d = make({channel("dingtalk", rx.url("/robot/send?access_token=abc"))});
  d->notify(low_stock(), "raised");
  ASSERT_TRUE(wait_for([&] { return d->succeeded() == 1; }));
  const Request r = rx.requests().at(0);
  const std::string ts = std::to_string(clock_.now_ms());
  // sign = urlencode(base64(HMAC-SHA256(secret, timestamp + "\n" + secret)))
  std::string mac = reference_hmac("SECtest-secret", ts + "\n" + "SECtest-secret");
  std::string b64(64, '\0');
  b64.resize(static_cast<std::size_t>(EVP_EncodeBlock(reinterpret_cast<unsigned char*>(b64.data()),
                                                      reinterpret_cast<const unsigned char*>(mac.data()),
                                                      static_cast<int>(mac.size()))));
  std::string sign;
  for (char c : b64) {
    if (c == '+') sign += "%2B";
    else if (c == '/') sign += "%2F";
    else if (c == '=') sign += "%3D";
    else sign += c;
  }
  EXPECT_EQ(r.target, "/robot/send?access_token=abc&timestamp=" + ts + "&sign=" + sign);
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["msgtype"], "markdown");
  ASSERT_TRUE(j["markdown"]["title"].is_string());
  ASSERT_TRUE(j["markdown"]["text"].is_string());
  EXPECT_NE(j["markdown"]["title"].get<std::string>().find("低库存"), std::string::npos);
  const std::string text = j["markdown"]["text"];
  for (const char* want : {"TEA-500", "A-01", "**数量**: 5", "**阈值**: 10", "**建议补货**: 95"})
    EXPECT_NE(text.find(want), std::string::npos) << want;
}

TEST_F(ChannelsTest, WeComMarkdownAndARefusalIsAFailure) {
  HttpReceiver rx;
  auto d = make({channel("wecom", rx.url("/cgi-bin/webhook/send?key=k1"), false)});
  d->notify(low_stock(), "raised");
  ASSERT_TRUE(wait_for([&] { return d->succeeded() == 1; }));
  const Request r = rx.requests().at(0);
  EXPECT_EQ(r.target, "/cgi-bin/webhook/send?key=k1");
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["msgtype"], "markdown");
  ASSERT_TRUE(j["markdown"]["content"].is_string());
  EXPECT_NE(j["markdown"]["content"].get<std::string>().find("TEA-500"), std::string::npos);
  EXPECT_EQ(j["markdown"].size(), 1u);

  HttpReceiver refusing(0, "{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}");
  DispatchOptions o;
  o.retry_max = 1;
  auto d2 = make({channel("wecom", refusing.url("/cgi-bin/webhook/send?key=bad"), false)}, o);
  d2->notify(low_stock(), "raised");
  ASSERT_TRUE(wait_for([&] { return d2->settled() == 1; }));
  EXPECT_EQ(d2->succeeded(), 0u);
}

TEST_F(ChannelsTest, SmtpDeliversAPlainTextMail) {
  SmtpReceiver rx;
  config::AlertChannel c;
  c.name = "mail";
  c.kind = "smtp";
  c.smtp_host = "127.0.0.1";
  c.smtp_port = rx.port();
  c.smtp_from = "gateway@warehouse.test";
  c.smtp_to = {"manager@warehouse.test", "buyer@warehouse.test"};
  auto d = make({c});
  Alert a = low_stock();
  a.detail = ".leading dot survives";
  d->notify(a, "raised");
  ASSERT_TRUE(wait_for([&] { return d->succeeded() == 1; }));
  auto cmds = rx.commands();
  ASSERT_GE(cmds.size(), 6u);
  EXPECT_EQ(cmds[0].rfind("EHLO ", 0), 0u);
  EXPECT_EQ(cmds[1], "MAIL FROM:<gateway@warehouse.test>");
  EXPECT_EQ(cmds[2], "RCPT TO:<manager@warehouse.test>");
  EXPECT_EQ(cmds[3], "RCPT TO:<buyer@warehouse.test>");
  EXPECT_EQ(cmds[4], "DATA");
  EXPECT_EQ(cmds.back(), "QUIT");
  const std::string m = rx.message();
  // The subject is not ASCII: RFC 2047 encoded-words, one per folded line.
  const std::size_t at = m.find("Subject: ");
  ASSERT_NE(at, std::string::npos) << m;
  std::string subject;
  for (std::size_t i = at + 9; m.compare(i, 10, "=?UTF-8?B?") == 0;) {
    const std::size_t end = m.find("?=", i + 10);
    ASSERT_NE(end, std::string::npos) << m;
    subject += base64_decoded(m.substr(i + 10, end - i - 10));
    i = end + 2;
    if (m.compare(i, 3, "\r\n ") == 0) i += 3;
  }
  EXPECT_EQ(subject, "[gw-1] 新预警 · 警告 · 低库存 · TEA-500 @ A-01 · #42");
  EXPECT_NE(m.find("物品: TEA-500\r\n"), std::string::npos) << m;
  EXPECT_NE(m.find("Date: Mon, 24 Nov 2025 16:00:00 +0000\r\n"), std::string::npos) << m;
  EXPECT_NE(m.find("建议补货: 95\r\n"), std::string::npos);
  EXPECT_NE(m.find("说明: .leading dot survives"), std::string::npos);
}

TEST_F(ChannelsTest, RetriesAfterTheReceiverFailsAndLogsEveryAttempt) {
  HttpReceiver rx(2, "ok");
  auto d = make({channel("webhook", rx.url("/hook"))});
  d->notify(low_stock(), "raised");
  ASSERT_TRUE(wait_for([&] { return d->succeeded() == 1; }));
  EXPECT_EQ(rx.count(), 3u);
  std::vector<Delivery> log;
  ASSERT_TRUE(wait_for([&] {
    auto r = load_deliveries(q(), 10);
    if (r.is_ok()) log = *r;
    return log.size() == 3;
  }));
  // newest first
  EXPECT_TRUE(log[0].ok);
  EXPECT_EQ(log[0].attempt, 3);
  EXPECT_FALSE(log[1].ok);
  EXPECT_FALSE(log[2].ok);
  EXPECT_EQ(log[2].alert_id, 42);
  EXPECT_EQ(log[2].channel, "webhook-1");
}

TEST_F(ChannelsTest, AChannelThatKeepsFailingRaisesItsOwnAlertAndClearsOnSuccess) {
  HttpReceiver rx(3, "ok");
  DispatchOptions o;
  o.retry_max = 2;
  o.failures_alert = 3;
  auto d = make({channel("webhook", rx.url("/hook"))}, o);
  d->notify(low_stock(), "raised");  // attempts 1, 2 fail
  ASSERT_TRUE(wait_for([&] { return d->settled() == 1; }));
  {
    std::lock_guard l(mu_);
    EXPECT_TRUE(own_.empty());
  }
  d->notify(low_stock(), "escalated");  // attempt 3 fails: third in a row; attempt 4 succeeds
  ASSERT_TRUE(wait_for([&] { return d->settled() == 2; }));
  std::lock_guard l(mu_);
  ASSERT_EQ(own_.size(), 1u);
  EXPECT_EQ(own_[0].key.kind, Kind::channel_failing);
  EXPECT_EQ(own_[0].key.subject, "webhook-1");
  EXPECT_EQ(own_[0].severity, Severity::critical);
  ASSERT_EQ(cleared_.size(), 1u);
  EXPECT_EQ(cleared_[0].subject, "webhook-1");
}

TEST_F(ChannelsTest, FiltersByKindSeverityAndQuietHours) {
  HttpReceiver rx(0, "ok");
  auto only_stockout = channel("webhook", rx.url("/stockout"));
  only_stockout.kinds = {"stockout"};
  auto critical = channel("webhook", rx.url("/critical"));
  critical.name = "critical";
  critical.min_severity = "critical";
  auto quiet = channel("webhook", rx.url("/quiet"));
  quiet.name = "quiet";
  // The test clock reads 16:00 UTC.
  quiet.quiet_from = "15:00";
  quiet.quiet_to = "07:00";
  auto d = make({only_stockout, critical, quiet});
  d->notify(low_stock(), "raised");  // filtered by all three
  Alert out = low_stock();
  out.key.kind = Kind::stockout;
  out.severity = Severity::critical;
  d->notify(out, "raised");  // passes all three (critical ignores quiet hours)
  ASSERT_TRUE(wait_for([&] { return d->settled() == 6; }));
  auto reqs = rx.requests();
  ASSERT_EQ(reqs.size(), 3u);
  for (const auto& r : reqs) EXPECT_NE(r.body.find("\"stockout\""), std::string::npos);
}

// Quiet hours are the site's: 22:00 to 07:00 in Shanghai is 14:00 to 23:00
// UTC, across the site's midnight.
TEST_F(ChannelsTest, QuietHoursAreJudgedInTheSitesTimeZoneAcrossMidnight) {
  HttpReceiver rx(0, "ok");
  auto quiet = channel("webhook", rx.url("/quiet"));
  quiet.quiet_from = "22:00";
  quiet.quiet_to = "07:00";
  DispatchOptions o;
  auto sh = TimeZone::named("Asia/Shanghai");
  ASSERT_TRUE(sh.is_ok());
  o.wording.zone = *sh;
  auto d = make({quiet}, o);
  struct Case {
    const char* utc;
    const char* shanghai;
    bool delivered;
  };
  const Case cases[] = {
      {"2025-11-24T13:59:00Z", "21:59", true},  {"2025-11-24T14:00:00Z", "22:00", false},
      {"2025-11-24T16:00:00Z", "00:00", false}, {"2025-11-24T22:59:00Z", "06:59", false},
      {"2025-11-24T23:00:00Z", "07:00", true},  {"2025-11-25T04:00:00Z", "12:00", true},
  };
  std::uint64_t settled = 0, expected = 0;
  for (const Case& c : cases) {
    TimeMs t = 0;
    ASSERT_TRUE(parse_iso8601(c.utc, &t));
    clock_.set(t);
    ASSERT_EQ(format_local_minutes(t, *sh).substr(11, 5), c.shanghai);
    d->notify(low_stock(), "raised");  // a warning: held back in quiet hours
    ASSERT_TRUE(wait_for([&] { return d->settled() == settled + 1; }));
    ++settled;
    if (c.delivered) ++expected;
    EXPECT_EQ(rx.count(), expected) << c.shanghai << " Shanghai time";
  }
}

// A callback on the dispatcher's thread that throws (here the alert service's
// raise, when the channel's first failure crosses failures_alert): the
// process lives, the dispatcher is reported offline with the reason, and the
// next delivery gets through.
TEST_F(ChannelsTest, AnExceptionOnTheDispatcherThreadIsReportedAndTheNextDeliveryGetsThrough) {
  HttpReceiver rx(1, "ok");
  DispatchOptions o;
  o.retry_initial = 20ms;
  o.retry_max = 1;
  o.failures_alert = 1;
  o.restart = {10ms, 50ms};
  std::atomic<int> cleared{0};
  ChannelHealth h{[](Alert) { throw std::runtime_error("alert service refused"); },
                  [&](const Key&) { ++cleared; }};
  devices::HealthRegistry health(clock_);
  std::mutex mu;
  std::vector<std::pair<devices::DeviceState, std::string>> seen;
  health.add_listener([&](const devices::DeviceHealth& now, devices::DeviceState) {
    std::lock_guard l(mu);
    seen.emplace_back(now.state, now.detail);
  });
  auto made = Dispatcher::create({channel("webhook", rx.url("/hook"))}, o, *engine_, clock_, h, &health);
  ASSERT_TRUE(made.is_ok()) << made.status().to_string();
  auto& d = **made;
  d.start();
  d.notify(low_stock(), "raised");  // fails, raises channel_failing: the callback throws
  ASSERT_TRUE(wait_for([&] {
    std::lock_guard l(mu);
    return seen.size() >= 2;
  }));
  {
    std::lock_guard l(mu);
    EXPECT_EQ(seen[0].first, devices::DeviceState::offline);
    EXPECT_EQ(seen[0].second.rfind("exception: alert service refused (restart in ", 0), 0u) << seen[0].second;
    EXPECT_EQ(seen[1].first, devices::DeviceState::online);
    EXPECT_EQ(seen[1].second, "delivering again after an exception");
  }
  d.notify(low_stock(), "escalated");
  ASSERT_TRUE(wait_for([&] { return d.succeeded() == 1; }));
  EXPECT_EQ(rx.count(), 2u);
  EXPECT_EQ(cleared, 1);  // the channel's own condition cleared by the success
  d.stop();
}

// The wiring: the device built by the factory subscribes to the engine's
// commits and pushes a crossing to a configured channel, off the writer thread.
TEST_F(ChannelsTest, TheAlertsDevicePushesACrossingToItsChannels) {
  HttpReceiver rx(0, "ok");
  seed();
  std::vector<inventory::Threshold> th = {{"TEA-500", "A-01", 10, 100, 20}};
  ASSERT_TRUE(engine_->import_thresholds(th).is_ok());
  receive("TEA-500", 50, "A-01");
  config::Config cfg = config::defaults();
  cfg.alerts.check_seconds = 3600;
  cfg.alerts.channels.push_back(channel("webhook", rx.url("/hook")));
  asio::io_context io;
  devices::HealthRegistry health(clock_);
  devices::DeviceContext ctx{io, health, *engine_, store_path_, cfg, clock_};
  auto built = alerts_device_factory()(ctx);
  ASSERT_TRUE(built.is_ok()) << built.status().to_string();
  ASSERT_EQ(built->size(), 1u);
  auto& device = built->front();
  device->start();
  inventory::DocumentRequest req;
  req.type = inventory::DocType::issue;
  req.from = "A-01";
  req.lines.push_back(inventory::testing::line("TEA-500", 45));
  ASSERT_TRUE(engine_->post(req).is_ok());
  ASSERT_TRUE(wait_for([&] { return rx.count() >= 1; }));
  auto j = nlohmann::json::parse(rx.requests().at(0).body);
  EXPECT_EQ(j["event"], "alert.raised");
  EXPECT_EQ(j["alert"]["kind"], "low_stock");
  EXPECT_EQ(j["alert"]["qty"], 5);
  device->stop();

  config::Config off = cfg;
  off.alerts.enabled = false;
  devices::DeviceContext ctx_off{io, health, *engine_, store_path_, off, clock_};
  auto none = alerts_device_factory()(ctx_off);
  ASSERT_TRUE(none.is_ok());
  EXPECT_TRUE(none->empty());
}

}  // namespace
}  // namespace jxc::alerts::channels
