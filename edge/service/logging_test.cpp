#include "edge/service/logging.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <regex>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

namespace jxc::service {
namespace {

std::string render(LogFormat format, spdlog::level::level_enum level, const std::string& text) {
  std::ostringstream os;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_st>(os);
  sink->set_formatter(make_formatter(format));
  spdlog::logger logger("t", sink);
  logger.set_level(spdlog::level::trace);
  logger.log(level, text);
  return os.str();
}

TEST(LogFormat, JournalLinesCarryTheSyslogPriorityAndNoTimestamp) {
  EXPECT_EQ(render(LogFormat::journal, spdlog::level::info, "ready"), "<6>ready\n");
  EXPECT_EQ(render(LogFormat::journal, spdlog::level::warn, "w"), "<4>w\n");
  EXPECT_EQ(render(LogFormat::journal, spdlog::level::err, "e"), "<3>e\n");
  EXPECT_EQ(render(LogFormat::journal, spdlog::level::critical, "c"), "<2>c\n");
  EXPECT_EQ(render(LogFormat::journal, spdlog::level::debug, "d"), "<7>d\n");
  EXPECT_EQ(render(LogFormat::journal, spdlog::level::trace, "t"), "<7>t\n");
}

TEST(LogFormat, PlainLinesAreTimestamped) {
  std::string line = render(LogFormat::plain, spdlog::level::info, "ready");
  EXPECT_TRUE(std::regex_match(line, std::regex(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} info ready\n)")))
      << line;
}

TEST(JournalStream, MatchesOnlyTheStreamItNames) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  struct stat st {};
  ASSERT_EQ(::fstat(fileno(f), &st), 0);
  std::string same = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
  std::string other = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino + 1);
  EXPECT_TRUE(is_journal_stream(same.c_str(), fileno(f)));
  EXPECT_FALSE(is_journal_stream(other.c_str(), fileno(f)));
  EXPECT_FALSE(is_journal_stream(nullptr, fileno(f)));
  EXPECT_FALSE(is_journal_stream("", fileno(f)));
  EXPECT_FALSE(is_journal_stream((same + "x").c_str(), fileno(f)));
  std::fclose(f);
}

TEST(LogLevel, OnlyKnownNamesAreAccepted) {
  auto before = spdlog::get_level();
  EXPECT_TRUE(set_log_level("debug").is_ok());
  EXPECT_EQ(spdlog::get_level(), spdlog::level::debug);
  EXPECT_TRUE(set_log_level("warn").is_ok());
  EXPECT_EQ(spdlog::get_level(), spdlog::level::warn);
  EXPECT_EQ(set_log_level("loud").code(), Errc::invalid_argument);
  EXPECT_EQ(spdlog::get_level(), spdlog::level::warn);
  spdlog::set_level(before);
}

}  // namespace
}  // namespace jxc::service
