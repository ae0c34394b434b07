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

[[alerts.channels]]
name = "ops"
kind = "dingtalk"
url = "https://oapi.dingtalk.com/robot/send?access_token=t"
secret_file = "/etc/jxc-edge/ding.secret"
kinds = ["stockout", "lot_expired"]
min_severity = "critical"
quiet_from = "22:00"
quiet_to = "07:00"

[[alerts.channels]]
name = "mail"
kind = "smtp"
smtp_host = "relay.local"
smtp_port = 2525
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
  ASSERT_EQ(c->alerts.channels.size(), 2u);
  EXPECT_EQ(c->alerts.channels[0].kinds, (std::vector<std::string>{"stockout", "lot_expired"}));
  EXPECT_EQ(c->alerts.channels[1].smtp_port, 2525);
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
        Case{"BadScope", "[alerts]\nscope = \"bin\"\n", 2, 9, "alerts.scope", "\"location\" or \"warehouse\""},
        Case{"ServiceLevelOutOfRange", "[alerts]\nservice_level_pct = 100\n", 2, 21, "alerts.service_level_pct", ""},
        Case{"BadChannelKind", "[[alerts.channels]]\nname = \"x\"\nkind = \"fax\"\nurl = \"http://h/\"\n", 3, 8,
             "alerts.channels[0].kind", "\"webhook\""},
        Case{"MissingUrl", "[[alerts.channels]]\nname = \"x\"\nkind = \"wecom\"\n", 1, 1, "alerts.channels[0]",
             "needs a url"},
        Case{"BadQuietHours", "[[alerts.channels]]\nname = \"x\"\nkind = \"webhook\"\nurl = \"http://h/\"\n"
                              "quiet_from = \"25:00\"\nquiet_to = \"07:00\"\n",
             5, 14, "alerts.channels[0].quiet_from", "HH:MM"},
        Case{"UnknownAlertKind", "[[alerts.channels]]\nname = \"x\"\nkind = \"webhook\"\nurl = \"http://h/\"\n"
                                 "kinds = [\"low\"]\n",
             5, 9, "alerts.channels[0].kinds", "unknown alert kind"},
        Case{"FtpUrl", "[[alerts.channels]]\nname = \"x\"\nkind = \"webhook\"\nurl = \"ftp://h/\"\n", 4, 7,
             "alerts.channels[0].url", "http://"},
        Case{"HalfQuietHours", "[[alerts.channels]]\nname = \"x\"\nkind = \"webhook\"\nurl = \"http://h/\"\n"
                               "quiet_from = \"22:00\"\n",
             1, 1, "alerts.channels[0]", "need both"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(AlertsConfig, TextsAreChineseUnlessToldOtherwise) {
  std::vector<ConfigError> errors;
  auto c = parse("[alerts]\nenabled = true\n", "t.toml", &errors);
  ASSERT_TRUE(c.is_ok());
  EXPECT_EQ(c->alerts.language, "zh-CN");
}

}  // namespace
}  // namespace jxc::alerts
