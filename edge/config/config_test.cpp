#include "edge/config/config.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>

#include <unistd.h>

#include "edge/config/section.h"

namespace jxc::config {
namespace {

// The core tables alone. The gateway's sections are tested with their parts,
// and the whole file with service::config_sections() (edge/service).
Result<Config> parse(const std::string& text, const std::string& source, std::vector<ConfigError>* errors) {
  return config::parse(text, source, {}, errors);
}

Result<Config> load_file(const std::string& path, std::vector<ConfigError>* errors) {
  return config::load_file(path, {}, errors);
}

std::vector<ConfigError> errors_of(const std::string& text) {
  std::vector<ConfigError> errors;
  auto r = parse(text, "gw.toml", &errors);
  EXPECT_FALSE(r.is_ok()) << "expected the configuration to be rejected:\n" << text;
  EXPECT_EQ(r.status().code(), Errc::config);
  return errors;
}

std::string all(const std::vector<ConfigError>& errors) {
  std::string out;
  for (const auto& e : errors) out += e.to_string("gw.toml") + "\n";
  return out;
}

// One bad configuration and the single error it must produce.
struct ErrorCase {
  const char* name;
  const char* toml;
  int line, column;
  const char* key;
  const char* message_part;  // what is wrong and what is expected
};

void PrintTo(const ErrorCase& c, std::ostream* os) { *os << c.name; }

class OneError : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(OneError, IsReportedWithItsPositionKeyAndExpectation) {
  const auto& c = GetParam();
  auto errors = errors_of(c.toml);
  ASSERT_EQ(errors.size(), 1u) << all(errors);
  EXPECT_EQ(errors[0].line, c.line) << all(errors);
  EXPECT_EQ(errors[0].column, c.column) << all(errors);
  EXPECT_EQ(errors[0].key, c.key);
  EXPECT_NE(errors[0].message.find(c.message_part), std::string::npos)
      << "message: " << errors[0].message << "\nwanted: " << c.message_part;
}

INSTANTIATE_TEST_SUITE_P(
    ConfigErrors, OneError,
    ::testing::Values(
        // ---- syntax ----
        ErrorCase{"SyntaxUnterminatedString", "[gateway]\nid = \"gw-1\nsite = \"S\"\n", 2, 11, "",
                  "syntax error"},
        ErrorCase{"SyntaxDuplicateKey", "[log]\nlevel = \"info\"\nlevel = \"debug\"\n", 3, 9, "",
                  "cannot redefine existing string 'level'"},
        ErrorCase{"SyntaxMissingValue", "[inventory]\n\nmax_batch =\n", 3, 12, "", "syntax error"},
        // ---- unknown tables and keys ----
        ErrorCase{"UnknownTable", "[gateway]\nid = \"a\"\n\n[gatewya]\nid = \"b\"\n", 4, 2, "gatewya",
                  "unknown table [gatewya]; expected one of the tables [gateway], [log], [store], "
                  "[inventory], [outbox]"},
        ErrorCase{"UnknownKeyInTable", "[gateway]\nid = \"a\"\n  siet = \"x\"\n", 3, 3, "gateway.siet",
                  "unknown key in [gateway]; expected one of id, site"},
        ErrorCase{"UnknownKeyAtTopLevel", "verbose = true\n", 1, 1, "verbose",
                  "unknown key \"verbose\"; expected one of the tables"},
        ErrorCase{"UnknownSubTable", "[inventory.extra]\nx = 1\n", 1, 12, "inventory.extra",
                  "unknown key in [inventory]"},
        ErrorCase{"UnknownDottedKey", "inventory.max_btach = 10\n", 1, 11, "inventory.max_btach",
                  "expected one of negative_stock, over_receipt_tolerance_pct, max_batch"},
        // ---- wrong types ----
        ErrorCase{"TableGivenAsValue", "log = \"debug\"\n", 1, 7, "log",
                  "expected a table [log], got string \"debug\""},
        ErrorCase{"TableGivenAsArrayOfTables", "[[outbox]]\nretention_hours = 1\n", 1, 1, "outbox",
                  "expected a table [outbox], got an array"},
        ErrorCase{"IntegerGivenAsString", "[inventory]\nmax_batch = \"10\"\n", 2, 13,
                  "inventory.max_batch", "expected an integer from 1 to 100000, got string \"10\""},
        ErrorCase{"IntegerGivenAsFloat", "[inventory]\nmax_batch = 10.0\n", 2, 13,
                  "inventory.max_batch", "got float 10"},
        ErrorCase{"StringGivenAsInteger", "[store]\npath = 5\n", 2, 8, "store.path",
                  "expected a string (a file path, or \"\" for the default), got integer 5"},
        ErrorCase{"NumberGivenAsBoolean", "[inventory]\nover_receipt_tolerance_pct = true\n", 2, 30,
                  "inventory.over_receipt_tolerance_pct",
                  "expected a number from 0 to 1000 (percent), got boolean true"},
        ErrorCase{"LevelGivenAsArray", "[log]\nlevel = [\"info\"]\n", 2, 9, "log.level",
                  "got an array"},
        // ---- enum values ----
        ErrorCase{"NegativeStockNotBlockOrAllow", "[inventory]\nnegative_stock = \"maybe\"\n", 2,
                  18, "inventory.negative_stock", "expected \"block\" or \"allow\", got \"maybe\""},
        ErrorCase{"NegativeStockWrongCase", "[inventory]\nnegative_stock = \"Block\"\n", 2, 18,
                  "inventory.negative_stock", "got \"Block\""},
        ErrorCase{"BadLogLevel", "[log]\nlevel = \"verbose\"\n", 2, 9, "log.level",
                  "expected one of \"trace\", \"debug\", \"info\", \"warn\", \"error\", "
                  "\"critical\", \"off\", got \"verbose\""},
        // ---- ranges ----
        ErrorCase{"MaxBatchZero", "[inventory]\nmax_batch = 0\n", 2, 13, "inventory.max_batch",
                  "expected an integer from 1 to 100000, got 0"},
        ErrorCase{"MaxBatchTooLarge", "[inventory]\nmax_batch = 100001\n", 2, 13,
                  "inventory.max_batch", "got 100001"},
        ErrorCase{"ToleranceNegative", "[inventory]\nover_receipt_tolerance_pct = -0.5\n", 2, 30,
                  "inventory.over_receipt_tolerance_pct", "got -0.5"},
        ErrorCase{"ToleranceTooLarge", "[inventory]\nover_receipt_tolerance_pct = 1001\n", 2, 30,
                  "inventory.over_receipt_tolerance_pct", "got 1001"},
        ErrorCase{"ToleranceNotANumber", "[inventory]\nover_receipt_tolerance_pct = nan\n", 2, 30,
                  "inventory.over_receipt_tolerance_pct", "got nan"},
        ErrorCase{"RetentionNegative", "[outbox]\nretention_hours = -1\n", 2, 19,
                  "outbox.retention_hours", "expected an integer >= 0, got -1"},
        ErrorCase{"DownlinkRetentionZero", "[outbox]\ndownlink_retention_hours = 0\n", 2, 28,
                  "outbox.downlink_retention_hours", "got 0"},
        ErrorCase{"IdempotencyRetentionZero", "[store]\nidempotency_retention_hours = 0\n", 2, 31,
                  "store.idempotency_retention_hours", "got 0"},
        ErrorCase{"DeviceRecordDaysZero", "[store]\ndevice_record_days = 0\n", 2, 22,
                  "store.device_record_days", "got 0"},
        ErrorCase{"WalLimitTooSmall", "[store]\nwal_limit_mib = 3\n", 2, 17, "store.wal_limit_mib",
                  "expected an integer from 4 to 4096, got 3"},
        ErrorCase{"WalLimitTooLarge", "[store]\nwal_limit_mib = 4097\n", 2, 17, "store.wal_limit_mib",
                  "got 4097"},
        ErrorCase{"MetricsIntervalZero", "[metrics]\ninterval_s = 0\n", 2, 14, "metrics.interval_s",
                  "got 0"},
        ErrorCase{"MetricsEnabledNotABool", "[metrics]\nenabled = \"yes\"\n", 2, 11, "metrics.enabled",
                  "expected true or false"},
        // ---- identity ----
        ErrorCase{"EmptyGatewayId", "[gateway]\nid = \"\"\n", 2, 6, "gateway.id",
                  "expected a non-empty string"},
        ErrorCase{"GatewayIdWithTopicSeparator", "[gateway]\nid = \"dock/3\"\n", 2, 6, "gateway.id",
                  "got \"dock/3\""},
        ErrorCase{"EmptySite", "[gateway]\nsite = \"\"\n", 2, 8, "gateway.site",
                  "expected a non-empty site code"},
        // ---- the site's time zone ----
        ErrorCase{"UnknownTimeZone", "[site]\ntimezone = \"Asia/Shenzhen\"\n", 2, 12, "site.timezone",
                  "unknown time zone \"Asia/Shenzhen\""},
        ErrorCase{"TimeZoneAsOffset", "[site]\ntimezone = \"+08:00\"\n", 2, 12, "site.timezone",
                  "expected an IANA name such as \"Asia/Shanghai\""},
        ErrorCase{"TimeZoneNotAString", "[site]\ntimezone = 8\n", 2, 12, "site.timezone",
                  "got integer 8"},
        ErrorCase{"CurrencyNotACode", "[site]\ncurrency = \"yuan\"\n", 2, 12, "site.currency",
                  "three capital letters such as \"CNY\", got \"yuan\""}),
    [](const ::testing::TestParamInfo<ErrorCase>& info) { return info.param.name; });

TEST(ConfigErrors, EveryErrorInTheFileIsReportedNotJustTheFirst) {
  auto errors = errors_of(
      "[gateway]\n"                 // 1
      "id = \"\"\n"                 // 2
      "[log]\n"                     // 3
      "level = \"loud\"\n"          // 4
      "[inventory]\n"               // 5
      "negative_stock = \"no\"\n"   // 6
      "max_batch = 0\n"             // 7
      "colour = \"red\"\n"          // 8
      "[outbox]\n"                  // 9
      "retention_hours = -5\n"      // 10
      "[uplink]\n"                  // 11
      "host = \"x\"\n");            // 12
  std::map<std::string, int> line_of;
  for (const auto& e : errors) line_of[e.key] = e.line;
  EXPECT_EQ(errors.size(), 7u) << all(errors);
  EXPECT_EQ(line_of["gateway.id"], 2);
  EXPECT_EQ(line_of["log.level"], 4);
  EXPECT_EQ(line_of["inventory.negative_stock"], 6);
  EXPECT_EQ(line_of["inventory.max_batch"], 7);
  EXPECT_EQ(line_of["inventory.colour"], 8);
  EXPECT_EQ(line_of["outbox.retention_hours"], 10);
  EXPECT_EQ(line_of["uplink"], 11);
  // In the order a person reads the file, not toml++'s key order.
  for (size_t i = 1; i < errors.size(); ++i) EXPECT_LT(errors[i - 1].line, errors[i].line) << all(errors);
}

TEST(ConfigErrors, FailureStatusCountsTheErrors) {
  std::vector<ConfigError> errors;
  auto r = parse("[log]\nlevel = 1\n[inventory]\nmax_batch = 0\n", "gw.toml", &errors);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().to_string(), "config: gw.toml: 2 errors in the configuration");
}

TEST(ConfigErrors, NullErrorListStillFails) {
  EXPECT_FALSE(parse("[log]\nlevel = 1\n", "gw.toml", nullptr).is_ok());
  EXPECT_FALSE(parse("[log\n", "gw.toml", nullptr).is_ok());
}

TEST(ConfigError, ToStringNamesFileLineColumnKeyAndMessage) {
  ConfigError e{12, 3, "inventory.negative_stock", "expected \"block\" or \"allow\", got \"maybe\""};
  EXPECT_EQ(e.to_string("gateway.toml"),
            "gateway.toml:12:3: inventory.negative_stock: expected \"block\" or \"allow\", got "
            "\"maybe\"");
  EXPECT_EQ((ConfigError{0, 0, "", "cannot read the file: No such file or directory"})
                .to_string("x.toml"),
            "x.toml: cannot read the file: No such file or directory");
  EXPECT_EQ((ConfigError{4, 0, "", "syntax error: x"}).to_string("x.toml"), "x.toml:4: syntax error: x");
}

TEST(ConfigParse, EmptyFileIsTheDefaults) {
  std::vector<ConfigError> errors;
  auto r = parse("", "empty.toml", &errors);
  ASSERT_TRUE(r.is_ok()) << all(errors);
  Config expected = defaults();
  expected.source = "empty.toml";
  EXPECT_EQ(*r, expected);
}

TEST(ConfigParse, EveryKeyIsRead) {
  std::vector<ConfigError> errors;
  auto r = parse(
      "[gateway]\nid = \"dock-gw.2_b\"\nsite = \"WH-SH\"\n"
      "[log]\nlevel = \"debug\"\n"
      "[store]\npath = \"/data/jxc.db\"\nwal_limit_mib = 16\n"
      "[inventory]\nnegative_stock = \"allow\"\nover_receipt_tolerance_pct = 2.5\nmax_batch = 100000\n"
      "[outbox]\nretention_hours = 0\n"
      "[site]\ntimezone = \"Asia/Shanghai\"\n",
      "gw.toml", &errors);
  ASSERT_TRUE(r.is_ok()) << all(errors);
  EXPECT_EQ(r->gateway.id, "dock-gw.2_b");
  EXPECT_EQ(r->gateway.site, "WH-SH");
  EXPECT_EQ(r->log.level, "debug");
  EXPECT_EQ(r->store.path, "/data/jxc.db");
  EXPECT_EQ(r->store.wal_limit_mib, 16);
  EXPECT_EQ(r->inventory.negative_stock, NegativeStock::allow);
  EXPECT_DOUBLE_EQ(r->inventory.over_receipt_tolerance_pct, 2.5);
  EXPECT_EQ(r->inventory.max_batch, 100000);
  EXPECT_EQ(r->outbox.retention_hours, 0);
  EXPECT_EQ(r->site.timezone, "Asia/Shanghai");
  EXPECT_EQ(r->time_zone().name(), "Asia/Shanghai");
  EXPECT_EQ(r->source, "gw.toml");
}

TEST(ConfigParse, IntegerToleranceAndInlineTablesAreAccepted) {
  std::vector<ConfigError> errors;
  auto r = parse("inventory = { over_receipt_tolerance_pct = 5, max_batch = 1 }\n", "gw.toml", &errors);
  ASSERT_TRUE(r.is_ok()) << all(errors);
  EXPECT_DOUBLE_EQ(r->inventory.over_receipt_tolerance_pct, 5.0);
  EXPECT_EQ(r->inventory.max_batch, 1);
}

// ---- files and paths ----

class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) ::setenv(name, value, 1); else ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (old_) ::setenv(name_, old_->c_str(), 1); else ::unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(StorePath, DefaultsToVarUnderTheWorkingDirectoryOutsideSystemd) {
  ScopedEnv env("STATE_DIRECTORY", nullptr);
  EXPECT_EQ(defaults().store_path(), "./var/jxc-edge.db");
}

TEST(StorePath, UsesTheFirstStateDirectoryUnderSystemd) {
  {
    ScopedEnv env("STATE_DIRECTORY", "/var/lib/jxc-edge");
    EXPECT_EQ(defaults().store_path(), "/var/lib/jxc-edge/jxc-edge.db");
  }
  {
    ScopedEnv env("STATE_DIRECTORY", "/var/lib/jxc-edge:/var/lib/other");
    EXPECT_EQ(defaults().store_path(), "/var/lib/jxc-edge/jxc-edge.db");
  }
  {
    ScopedEnv env("STATE_DIRECTORY", "");
    EXPECT_EQ(defaults().store_path(), "./var/jxc-edge.db");
  }
}

TEST(StorePath, AnExplicitPathWins) {
  ScopedEnv env("STATE_DIRECTORY", "/var/lib/jxc-edge");
  Config c = defaults();
  c.store.path = "/srv/x.db";
  EXPECT_EQ(c.store_path(), "/srv/x.db");
}

TEST(LoadFile, MissingFileIsOneErrorAboutTheWholeFile) {
  std::vector<ConfigError> errors;
  auto r = load_file("/nonexistent/gw.toml", &errors);
  ASSERT_FALSE(r.is_ok());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 0);
  EXPECT_EQ(errors[0].to_string("/nonexistent/gw.toml"),
            "/nonexistent/gw.toml: cannot read the file: No such file or directory");
}

TEST(LoadFile, DirectoryIsRefused) {
  std::vector<ConfigError> errors;
  EXPECT_FALSE(load_file(std::filesystem::temp_directory_path().string(), &errors).is_ok());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].message.find("directory"), std::string::npos);
}

TEST(LoadFile, ErrorsCarryTheirPositionsFromAFile) {
  auto dir = std::filesystem::temp_directory_path() / ("jxc-config-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = (dir / "gw.toml").string();
  std::ofstream(path) << "[gateway]\nid = \"gw-7\"\n\n[log]\nlevel = \"chatty\"\n";
  std::vector<ConfigError> errors;
  auto r = load_file(path, &errors);
  std::filesystem::remove_all(dir);
  ASSERT_FALSE(r.is_ok());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].to_string(path).substr(0, path.size() + 17), path + ":5:9: log.level: ");
}

TEST(Levels, AreTheOnesTheLoggerKnows) {
  EXPECT_EQ(log_levels(),
            (std::vector<std::string>{"trace", "debug", "info", "warn", "error", "critical", "off"}));
}

}  // namespace
}  // namespace jxc::config
