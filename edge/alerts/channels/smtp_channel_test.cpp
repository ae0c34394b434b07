// The SMTP channel against aiosmtpd on loopback (testdata/smtp_receiver.py)
// with a certificate made at test time: implicit TLS and STARTTLS sessions
// with AUTH, a wrong password refused with the server's reason, and the
// message parsed back with Python's email package.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "edge/alerts/alert_store.h"
#include "edge/alerts/channels/dispatcher.h"
#include "edge/alerts/channels/test_peers.h"
#include "edge/inventory/test_store.h"

namespace jxc::alerts::channels {
namespace {

using namespace std::chrono_literals;
using testing::Peer;
using testing::Pki;

constexpr const char* kUser = "gw@warehouse.test";
constexpr const char* kPassword = "pa55-word 口令";

template <typename Pred>
bool wait_for(Pred p, std::chrono::seconds limit = 20s) {
  auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (p()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return p();
}

class SmtpTlsTest : public inventory::testing::StoreTest {
 protected:
  static void SetUpTestSuite() {
    pki_dir_ = new jxc::testing::TempDir();
    pki_ = new Pki(testing::make_pki(pki_dir_->path()));
  }
  static void TearDownTestSuite() {
    delete pki_;
    delete pki_dir_;
  }
  void TearDown() override {
    ::unsetenv("CREDENTIALS_DIRECTORY");
    StoreTest::TearDown();
  }
  static Peer server(const std::string& mode) {
    return Peer("smtp_receiver.py", {"--mode", mode, "--cert", pki_->localhost_cert, "--key", pki_->localhost_key,
                                     "--user", kUser, "--password", kPassword});
  }
  std::string password_file(const std::string& name, const std::string& password) {
    const std::string path = dir_.file(name);
    std::ofstream(path) << password << "\n";
    ::chmod(path.c_str(), 0600);
    return path;
  }
  config::AlertChannel channel(const Peer& p, const std::string& tls, const std::string& password_path) {
    config::AlertChannel c;
    c.name = "mail";
    c.kind = "smtp";
    c.smtp_host = "localhost";
    c.smtp_port = p.port();
    c.smtp_tls = tls;
    c.smtp_user = kUser;
    c.smtp_password_file = password_path;
    c.ca_file = pki_->ca;
    c.smtp_from = "gw@warehouse.test";
    c.smtp_to = {"manager@warehouse.test", "buyer@warehouse.test"};
    return c;
  }
  std::unique_ptr<Dispatcher> make(config::AlertChannel c) {
    DispatchOptions o;
    o.retry_max = 1;
    o.ack_base_url = "https://gw-1.warehouse.test:8443";
    auto d = Dispatcher::create({std::move(c)}, o, *engine_, clock_, ChannelHealth{});
    EXPECT_TRUE(d.is_ok()) << d.status().to_string();
    if (!d.is_ok()) return nullptr;
    (*d)->start();
    return std::move(*d);
  }
  static Alert low_stock() {
    Alert a;
    a.id = 42;
    a.key = {Kind::low_stock, "TEA-500", "A-01", "", ""};
    a.severity = Severity::warning;
    a.qty = 5;
    a.threshold = 10;
    a.suggested_qty = 95;
    a.detail = "available 5 <is> below min 10 & falling";
    a.raised_at = 1'764'000'000'000;
    return a;
  }
  // The message as the server parsed it.
  static nlohmann::json received(Peer& p) {
    if (!p.wait_records(2)) return {};
    for (auto& r : p.records())
      if (r.contains("message")) return r["message"];
    return {};
  }
  static void expect_the_alerts_mail(const nlohmann::json& m) {
    ASSERT_TRUE(m.is_object()) << m.dump();
    EXPECT_EQ(m["tls"], true);
    EXPECT_EQ(m["authenticated"], true);
    EXPECT_EQ(m["mail_from"], "gw@warehouse.test");
    EXPECT_EQ(m["rcpt_tos"], nlohmann::json::array({"manager@warehouse.test", "buyer@warehouse.test"}));
    EXPECT_EQ(m["subject"], "[gw-1] 新预警 · 警告 · 低库存 · TEA-500 @ A-01 · #42");
    EXPECT_EQ(m["message_id"], "<jxc.gw-1.42.raised.1764000000000@warehouse.test>");
    EXPECT_EQ(m["date"], "Mon, 24 Nov 2025 16:00:00 +0000");
    EXPECT_EQ(m["date_parsed"], true);
    EXPECT_EQ(m["content_type"], "multipart/alternative");
    EXPECT_EQ(m["parts"], nlohmann::json::array({"text/plain", "text/html"}));
    EXPECT_EQ(m["defects"], nlohmann::json::array());
    std::string text = m["text"].get<std::string>();
    std::erase(text, '\r');
    EXPECT_NE(text.find("物品: TEA-500\n"), std::string::npos) << text;
    EXPECT_NE(text.find("建议补货: 95\n"), std::string::npos) << text;
    const std::string html = m["html"].get<std::string>();
    EXPECT_NE(html.find("<th align=\"left\">物品</th><td>TEA-500</td>"), std::string::npos) << html;
    EXPECT_NE(html.find("available 5 &lt;is&gt; below min 10 &amp; falling"), std::string::npos) << html;
    // Where the manager acknowledges it, in both parts.
    EXPECT_NE(text.find("\n编号: #42\n确认: https://gw-1.warehouse.test:8443/alerts/42"), std::string::npos) << text;
    EXPECT_NE(html.find("<a href=\"https://gw-1.warehouse.test:8443/alerts/42\">点此确认</a>"), std::string::npos)
        << html;
  }

  static jxc::testing::TempDir* pki_dir_;
  static Pki* pki_;
};
jxc::testing::TempDir* SmtpTlsTest::pki_dir_ = nullptr;
Pki* SmtpTlsTest::pki_ = nullptr;

TEST_F(SmtpTlsTest, ImplicitTlsWithAuth) {
  Peer p = server("implicit");
  auto d = make(channel(p, "implicit", password_file("pw", kPassword)));
  ASSERT_TRUE(d);
  d->notify(low_stock(), "raised");
  ASSERT_TRUE(wait_for([&] { return d->settled() == 1; }));
  EXPECT_EQ(d->succeeded(), 1u) << p.output();
  expect_the_alerts_mail(received(p));
}

// The password from $CREDENTIALS_DIRECTORY, as systemd's LoadCredential= gives it.
TEST_F(SmtpTlsTest, StartTlsWithAuthAndThePasswordFromTheCredentialsDirectory) {
  const std::string creds = dir_.file("creds");
  std::filesystem::create_directory(creds);
  ::setenv("CREDENTIALS_DIRECTORY", creds.c_str(), 1);
  password_file("creds/smtp-password", kPassword);
  Peer p = server("starttls");
  auto d = make(channel(p, "starttls", "smtp-password"));
  ASSERT_TRUE(d);
  d->notify(low_stock(), "raised");
  ASSERT_TRUE(wait_for([&] { return d->settled() == 1; }));
  EXPECT_EQ(d->succeeded(), 1u) << p.output();
  expect_the_alerts_mail(received(p));
  auto auth = p.records().at(0);
  EXPECT_EQ(auth["auth"], kUser);
  EXPECT_EQ(auth["ok"], true);
}

TEST_F(SmtpTlsTest, AWrongPasswordIsRefusedWithTheServersReason) {
  Peer p = server("starttls");
  auto d = make(channel(p, "starttls", password_file("pw", "not-the-password")));
  ASSERT_TRUE(d);
  d->notify(low_stock(), "raised");
  ASSERT_TRUE(wait_for([&] { return d->settled() == 1; }));
  EXPECT_EQ(d->succeeded(), 0u);
  std::vector<Delivery> log;
  ASSERT_TRUE(wait_for([&] {
    auto r = load_deliveries(q(), 10);
    if (r.is_ok()) log = *r;
    return !log.empty();
  }));
  EXPECT_EQ(log[0].detail, "AUTH: refused: 535 5.7.8 Authentication credentials invalid") << p.output();
  for (auto& r : p.records()) EXPECT_FALSE(r.contains("message"));
}

// A client that will not send a password in clear, and a server that wants
// STARTTLS: the session ends before any mail command.
TEST_F(SmtpTlsTest, StartTlsIsNotSkipped) {
  Peer p = server("starttls");
  SmtpMessage m;
  m.host = "localhost";
  m.port = p.port();
  m.from = "gw@warehouse.test";
  m.to = {"manager@warehouse.test"};
  m.data = "Subject: x\r\n\r\nbody\r\n";
  m.user = kUser;
  m.password = kPassword;
  Status s = smtp_send(m, TransferOptions{5s, 10s, pki_->ca});
  EXPECT_EQ(s.reason(), "AUTH: a password is never sent without TLS");
  m.user.clear();
  s = smtp_send(m, TransferOptions{5s, 10s, pki_->ca});
  ASSERT_FALSE(s.is_ok());
  EXPECT_EQ(s.reason(), "MAIL: server answered \"530 Must issue a STARTTLS command first\"") << p.output();
  // The server's certificate is verified on STARTTLS as on implicit TLS.
  m.tls = SmtpTls::starttls;
  s = smtp_send(m, TransferOptions{5s, 10s, ""});
  ASSERT_FALSE(s.is_ok());
  EXPECT_EQ(s.reason().rfind("TLS verify: ", 0), 0u) << s.reason();
}

}  // namespace
}  // namespace jxc::alerts::channels
