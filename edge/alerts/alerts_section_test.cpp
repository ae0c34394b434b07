// The [alerts] section: values read, and every mistake reported at its line and column.
#include <gtest/gtest.h>

#include "edge/alerts/alerts_section.h"

namespace jxc::alerts {
namespace {

using namespace config;

// The section on its own, as service::config_sections() lists it.
Result<Config> parse(const std::string& text, const std::string& source, std::vector<ConfigError>* errors) {
  return config::parse(text, source, {alerts_section()}, errors);
}

TEST(AlertsConfig, ReadsDefaultsAndChannels) {
  std::vector<ConfigError> errors;
  auto c = parse(R"([alerts]
scope = "warehouse"
expiry_days = 3
service_level_pct = 97.5
language = "en"
ack_base_url = "https://gw-1.warehouse.lan:8443/"

[[alerts.channels]]
name = "ops"
kind = "dingtalk"
url = "https://oapi.dingtalk.com/robot/send?access_token=t"
secret_file = "/etc/jxc-edge/ding.secret"
kinds = ["stockout", "lot_expired"]
min_severity = "critical"
quiet_from = "22:00"
quiet_to = "07:00"
digest_at = "08:30"

[[alerts.channels]]
name = "mail"
kind = "smtp"
smtp_host = "relay.local"
smtp_port = 2525
smtp_from = "gw@x.test"
smtp_to = ["a@x.test"]

[[alerts.channels]]
name = "lark"
kind = "feishu"
url = "https://open.feishu.cn/open-apis/bot/v2/hook/h"
secret_file = "feishu.secret"
ca_file = "/etc/ssl/private-ca.pem"
connect_timeout_seconds = 3
timeout_seconds = 20

[[alerts.channels]]
name = "qq-mail"
kind = "smtp"
smtp_host = "smtp.exmail.qq.com"
smtp_port = 465
smtp_user = "gw@x.test"
smtp_password_file = "smtp.password"
smtp_from = "gw@x.test"
smtp_to = ["a@x.test"]

[[alerts.channels]]
name = "submission"
kind = "smtp"
smtp_host = "smtp.x.test"
smtp_port = 2587
smtp_tls = "starttls"
smtp_user = "gw@x.test"
smtp_password_file = "smtp.password"
smtp_from = "gw@x.test"
smtp_to = ["a@x.test"]
)",
                 "t.toml", &errors);
  ASSERT_TRUE(c.is_ok()) << (errors.empty() ? "" : errors[0].to_string("t.toml"));
  EXPECT_EQ(c->alerts.scope, "warehouse");
  EXPECT_EQ(c->alerts.expiry_days, 3);
  EXPECT_DOUBLE_EQ(c->alerts.service_level_pct, 97.5);
  EXPECT_EQ(c->alerts.escalation_minutes, 60);  // default kept
  EXPECT_EQ(c->alerts.language, "en");
  EXPECT_EQ(c->alerts.ack_base_url, "https://gw-1.warehouse.lan:8443");  // without the trailing '/'
  ASSERT_EQ(c->alerts.channels.size(), 5u);
  EXPECT_EQ(c->alerts.channels[0].kinds, (std::vector<std::string>{"stockout", "lot_expired"}));
  EXPECT_EQ(c->alerts.channels[0].digest_at, "08:30");
  EXPECT_EQ(c->alerts.channels[1].digest_at, "");  // no daily digest
  EXPECT_EQ(c->alerts.channels[1].smtp_port, 2525);
  EXPECT_EQ(smtp_tls_of(c->alerts.channels[1]), "none");  // a relay on another port
  const AlertChannel& lark = c->alerts.channels[2];
  EXPECT_EQ(lark.kind, "feishu");
  EXPECT_EQ(lark.ca_file, "/etc/ssl/private-ca.pem");
  EXPECT_EQ(lark.connect_timeout_seconds, 3);
  EXPECT_EQ(lark.timeout_seconds, 20);
  EXPECT_EQ(c->alerts.channels[3].smtp_tls, "");
  EXPECT_EQ(smtp_tls_of(c->alerts.channels[3]), "implicit");  // by its port, 465
  EXPECT_EQ(c->alerts.channels[3].smtp_user, "gw@x.test");
  EXPECT_EQ(c->alerts.channels[3].smtp_password_file, "smtp.password");
  EXPECT_EQ(smtp_tls_of(c->alerts.channels[4]), "starttls");
}

struct Case {
  const char* name;
  const char* toml;
  int line, column;
  const char* key;
  const char* message_part;
};

class AlertsConfigErrors : public ::testing::TestWithParam<Case> {};

TEST_P(AlertsConfigErrors, ArePositioned) {
  const Case& c = GetParam();
  std::vector<ConfigError> errors;
  auto r = parse(c.toml, "t.toml", &errors);
  ASSERT_FALSE(r.is_ok());
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0].line, c.line) << errors[0].to_string("t.toml");
  EXPECT_EQ(errors[0].column, c.column) << errors[0].to_string("t.toml");
  EXPECT_EQ(errors[0].key, c.key);
  EXPECT_NE(errors[0].message.find(c.message_part), std::string::npos) << errors[0].message;
}

INSTANTIATE_TEST_SUITE_P(
    All, AlertsConfigErrors,
    ::testing::Values(
        Case{"UnknownKey", "[alerts]\nexpiry_dayz = 3\n", 2, 1, "alerts.expiry_dayz", "unknown key in [alerts]"},
        Case{"UnknownLanguage", "[alerts]\nlanguage = \"zh\"\n", 2, 12, "alerts.language",
             "expected \"zh-CN\" or \"en\", got \"zh\""},
        Case{"AckBaseUrlNotHttp", "[alerts]\nack_base_url = \"gw-1:8443\"\n", 2, 16, "alerts.ack_base_url",
             "expected an http:// or https:// URL of the gateway"},
        Case{"AckBaseUrlWithQuery", "[alerts]\nack_base_url = \"https://gw-1/?x=1\"\n", 2, 16,
             "alerts.ack_base_url", "expected an http:// or https:// URL"},
        Case{"AckBaseUrlWithoutHost", "[alerts]\nack_base_url = \"https:///alerts\"\n", 2, 16,
             "alerts.ack_base_url", "expected an http:// or https:// URL"},
        Case{"BadScope", "[alerts]\nscope = \"bin\"\n", 2, 9, "alerts.scope", "\"location\" or \"warehouse\""},
        Case{"ServiceLevelOutOfRange", "[alerts]\nservice_level_pct = 100\n", 2, 21, "alerts.service_level_pct", ""},
        Case{"BadChannelKind", "[[alerts.channels]]\nname = \"x\"\nkind = \"fax\"\nurl = \"http://h/\"\n", 3, 8,
             "alerts.channels[0].kind", "\"webhook\""},
        Case{"MissingUrl", "[[alerts.channels]]\nname = \"x\"\nkind = \"wecom\"\n", 1, 1, "alerts.channels[0]",
             "needs a url"},
        Case{"BadQuietHours", "[[alerts.channels]]\nname = \"x\"\nkind = \"webhook\"\nurl = \"http://h/\"\n"
                              "quiet_from = \"25:00\"\nquiet_to = \"07:00\"\n",
             5, 14, "alerts.channels[0].quiet_from", "HH:MM"},
        Case{"BadDigestTime", "[[alerts.channels]]\nname = \"x\"\nkind = \"webhook\"\nurl = \"http://h/\"\n"
                              "digest_at = \"8:30\"\n",
             5, 13, "alerts.channels[0].digest_at", "HH:MM"},
        Case{"UnknownAlertKind", "[[alerts.channels]]\nname = \"x\"\nkind = \"webhook\"\nurl = \"http://h/\"\n"
                                 "kinds = [\"low\"]\n",
             5, 9, "alerts.channels[0].kinds", "unknown alert kind"},
        Case{"FtpUrl", "[[alerts.channels]]\nname = \"x\"\nkind = \"webhook\"\nurl = \"ftp://h/\"\n", 4, 7,
             "alerts.channels[0].url", "http://"},
        Case{"BadSmtpTls",
             "[[alerts.channels]]\nname = \"m\"\nkind = \"smtp\"\nsmtp_tls = \"ssl\"\nsmtp_host = \"h\"\n"
             "smtp_from = \"a@x\"\nsmtp_to = [\"b@x\"]\n",
             4, 12,
             "alerts.channels[0].smtp_tls", "expected one of \"none\", \"starttls\", \"implicit\", got \"ssl\""},
        Case{"SmtpUserWithoutPasswordFile",
             "[[alerts.channels]]\nname = \"m\"\nkind = \"smtp\"\nsmtp_host = \"h\"\nsmtp_port = 465\n"
             "smtp_from = \"a@x\"\nsmtp_to = [\"b@x\"]\nsmtp_user = \"u\"\n",
             1, 1, "alerts.channels[0]", "smtp_user needs smtp_password_file"},
        Case{"SmtpPasswordFileWithoutUser",
             "[[alerts.channels]]\nname = \"m\"\nkind = \"smtp\"\nsmtp_host = \"h\"\nsmtp_port = 465\n"
             "smtp_from = \"a@x\"\nsmtp_to = [\"b@x\"]\nsmtp_password_file = \"p\"\n",
             1, 1, "alerts.channels[0]", "smtp_password_file needs smtp_user"},
        Case{"SmtpPasswordWithoutTls",
             "[[alerts.channels]]\nname = \"m\"\nkind = \"smtp\"\nsmtp_host = \"h\"\nsmtp_port = 25\n"
             "smtp_from = \"a@x\"\nsmtp_to = [\"b@x\"]\nsmtp_user = \"u\"\nsmtp_password_file = \"p\"\n",
             1, 1, "alerts.channels[0].smtp_tls", "a password is sent only over TLS"},
        Case{"ConnectTimeoutZero",
             "[[alerts.channels]]\nname = \"x\"\nkind = \"feishu\"\nurl = \"https://h/\"\n"
             "connect_timeout_seconds = 0\n",
             5, 27, "alerts.channels[0].connect_timeout_seconds", ""},
        Case{"TimeoutTooLong",
             "[[alerts.channels]]\nname = \"x\"\nkind = \"wecom\"\nurl = \"https://h/\"\ntimeout_seconds = 3600\n",
             5, 19, "alerts.channels[0].timeout_seconds", ""},
        Case{"FeishuWithoutUrl", "[[alerts.channels]]\nname = \"x\"\nkind = \"feishu\"\n", 1, 1, "alerts.channels[0]",
             "a feishu channel needs a url"},
        Case{"HalfQuietHours", "[[alerts.channels]]\nname = \"x\"\nkind = \"webhook\"\nurl = \"http://h/\"\n"
                               "quiet_from = \"22:00\"\n",
             1, 1, "alerts.channels[0]", "need both"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(AlertsConfig, TextsAreChineseUnlessToldOtherwise) {
  std::vector<ConfigError> errors;
  auto c = parse("[alerts]\nenabled = true\n", "t.toml", &errors);
  ASSERT_TRUE(c.is_ok());
  EXPECT_EQ(c->alerts.language, "zh-CN");
  EXPECT_EQ(c->alerts.ack_base_url, "");  // no link in messages
}

}  // namespace
}  // namespace jxc::alerts
