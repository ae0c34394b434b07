#include "edge/common/clock.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <ctime>

#include "edge/common/status.h"

namespace jxc {

TEST(Iso8601, RoundTripsMilliseconds) {
  TimeMs t = 1'763'884'800'123;  // 2025-11-23T08:00:00.123Z
  EXPECT_EQ(format_iso8601(t), "2025-11-23T08:00:00.123Z");
  TimeMs back = 0;
  ASSERT_TRUE(parse_iso8601(format_iso8601(t), &back));
  EXPECT_EQ(back, t);
}

// The formatter's own calendar arithmetic against the C library's, over
// leap days, century rules, the epoch and before it.
TEST(Iso8601, FormatsLikeTheCLibraryAcrossTheCalendar) {
  auto reference = [](TimeMs ms) {
    std::time_t secs = static_cast<std::time_t>(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
    int frac = static_cast<int>(ms - static_cast<TimeMs>(secs) * 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, frac);
    return std::string(buf);
  };
  EXPECT_EQ(format_iso8601(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_iso8601(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(format_iso8601(951'782'400'000), "2000-02-29T00:00:00.000Z");
  EXPECT_EQ(format_iso8601(253'402'300'799'999), "9999-12-31T23:59:59.999Z");
  // Every ~37 hours and a few ms from 1900 to 2200: all month ends, leap
  // days and the non-leap 1900 and 2100.
  for (TimeMs t = -2'208'988'800'000; t < 7'258'118'400'000; t += 133'337'777)
    ASSERT_EQ(format_iso8601(t), reference(t)) << t;
  for (TimeMs t : {TimeMs{-2'203'891'200'000}, TimeMs{4'107'542'400'000}, TimeMs{4'107'628'799'999}})
    EXPECT_EQ(format_iso8601(t), reference(t)) << t;
}

TEST(Iso8601, AcceptsDatesAndOffsets) {
  TimeMs a = 0, b = 0, d = 0;
  ASSERT_TRUE(parse_iso8601("2026-11-23T16:00:00+08:00", &a));
  ASSERT_TRUE(parse_iso8601("2026-11-23T08:00:00Z", &b));
  EXPECT_EQ(a, b);
  ASSERT_TRUE(parse_iso8601("2026-11-23", &d));
  EXPECT_EQ(b - d, 8 * 3600 * 1000);
}

TEST(Iso8601, RejectsMalformed) {
  TimeMs t = 0;
  for (const char* s : {"", "2026-13-01", "2026-02-30", "2025-02-29", "2026-11-23T08:00:00",
                        "2026-11-23T25:00:00Z", "2026/11/23", "2026-11-23T08:00:00Zjunk",
                        "2026-11-23T08:00:00.Z"})
    EXPECT_FALSE(parse_iso8601(s, &t)) << s;
}

TEST(ManualClock, MovesOnlyWhenTold) {
  ManualClock c(1000);
  EXPECT_EQ(c.now_ms(), 1000);
  c.advance(std::chrono::milliseconds(250));
  EXPECT_EQ(c.now_ms(), 1250);
}

TEST(Status, CarriesCodeAndReason) {
  Status s = error(Errc::insufficient_stock, "A at BIN-1 has 3, needs 5");
  EXPECT_FALSE(s.is_ok());
  EXPECT_EQ(s.to_string(), "insufficient_stock: A at BIN-1 has 3, needs 5");
  Result<int> r = s;
  EXPECT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), Errc::insufficient_stock);
  Result<int> v = 7;
  EXPECT_EQ(*v, 7);
}

}  // namespace jxc
