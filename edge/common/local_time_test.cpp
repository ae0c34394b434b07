#include "edge/common/local_time.h"

#include <gtest/gtest.h>

namespace jxc {
namespace {

constexpr TimeMs kBerlinSpringBefore = 1'774'745'940'000;  // 2026-03-29T00:59:00Z
constexpr TimeMs kBerlinSpringAfter = 1'774'746'000'000;   // 2026-03-29T01:00:00Z
constexpr TimeMs kBerlinAutumnBefore = 1'792'889'940'000;  // 2026-10-25T00:59:00Z
constexpr TimeMs kBerlinAutumnAfter = 1'792'890'000'000;   // 2026-10-25T01:00:00Z
constexpr TimeMs kDecemberMorning = 1'796'371'500'000;     // 2026-12-04T08:05:00Z
constexpr TimeMs kDecemberEvening = 1'796'401'800'000;     // 2026-12-04T16:30:00Z

TimeZone zone(const char* name) {
  auto z = TimeZone::named(name);
  EXPECT_TRUE(z.is_ok()) << z.status().to_string();
  return z ? *z : TimeZone::utc();
}

TEST(LocalTime, ShanghaiIsEightHoursAheadAllYear) {
  const TimeZone sh = zone("Asia/Shanghai");
  EXPECT_EQ(sh.name(), "Asia/Shanghai");
  EXPECT_EQ(format_local_minutes(kDecemberMorning, sh), "2026-12-04 16:05 (UTC+08:00)");
  EXPECT_EQ(format_local_minutes(kBerlinSpringAfter, sh), "2026-03-29 09:00 (UTC+08:00)");
  EXPECT_EQ(format_local_seconds(kDecemberMorning + 9'000, sh), "2026-12-04 16:05:09+08:00");
}

TEST(LocalTime, TheLocalDayTurnsAtLocalMidnight) {
  const TimeZone sh = zone("Asia/Shanghai");
  // 16:30 UTC is 00:30 the next day in Shanghai.
  EXPECT_EQ(format_local_date(kDecemberEvening, sh), "2026-12-05");
  EXPECT_EQ(local_minute_of_day(kDecemberEvening, sh), 30);
  EXPECT_EQ(format_local_date(kDecemberEvening, TimeZone::utc()), "2026-12-04");
  EXPECT_EQ(local_minute_of_day(kDecemberEvening, TimeZone::utc()), 16 * 60 + 30);
}

TEST(LocalTime, BerlinSkipsAnHourInSpringAndRepeatsOneInAutumn) {
  const TimeZone be = zone("Europe/Berlin");
  EXPECT_EQ(format_local_minutes(kBerlinSpringBefore, be), "2026-03-29 01:59 (UTC+01:00)");
  EXPECT_EQ(format_local_minutes(kBerlinSpringAfter, be), "2026-03-29 03:00 (UTC+02:00)");
  EXPECT_EQ(format_local_minutes(kBerlinAutumnBefore, be), "2026-10-25 02:59 (UTC+02:00)");
  EXPECT_EQ(format_local_minutes(kBerlinAutumnAfter, be), "2026-10-25 02:00 (UTC+01:00)");
  EXPECT_EQ(be.offset_seconds(kDecemberMorning), 3600);
}

TEST(LocalTime, UtcHasNoOffset) {
  const TimeZone u = TimeZone::utc();
  EXPECT_EQ(u.name(), "UTC");
  EXPECT_EQ(format_local_minutes(kDecemberMorning, u), "2026-12-04 08:05 (UTC+00:00)");
  EXPECT_EQ(format_local_minutes(kDecemberMorning, zone("UTC")), "2026-12-04 08:05 (UTC+00:00)");
  EXPECT_EQ(format_local_minutes(kDecemberMorning, zone("Etc/UTC")), "2026-12-04 08:05 (UTC+00:00)");
}

TEST(LocalTime, OffsetsWestOfGreenwichAndByHalfHours) {
  EXPECT_EQ(format_utc_offset(-3 * 3600 - 1800), "UTC-03:30");
  EXPECT_EQ(format_utc_offset(5 * 3600 + 2700), "UTC+05:45");
  EXPECT_EQ(format_local_minutes(kDecemberMorning, zone("America/St_Johns")), "2026-12-04 04:35 (UTC-03:30)");
}

TEST(LocalTime, AnUnknownZoneIsAnErrorNamingIt) {
  for (const char* bad : {"Asia/Shenzhen", "", "../../etc/passwd", "Mars/Olympus"}) {
    auto z = TimeZone::named(bad);
    ASSERT_FALSE(z.is_ok()) << bad;
    EXPECT_EQ(z.status().code(), Errc::invalid_argument);
    EXPECT_NE(z.status().reason().find(std::string("\"") + bad + "\""), std::string::npos) << z.status().reason();
  }
}

TEST(LocalTime, NoConfiguredZoneMeansTheSystemOne) {
  auto z = TimeZone::configured("");
  ASSERT_TRUE(z.is_ok());
  EXPECT_EQ(z->name(), TimeZone::system().name());
  auto named = TimeZone::configured("Asia/Shanghai");
  ASSERT_TRUE(named.is_ok());
  EXPECT_EQ(named->name(), "Asia/Shanghai");
}

TEST(LocalTime, DaysAreNumberedFromTheFirstOf1970InTheLocalCalendar) {
  EXPECT_EQ(*parse_day("1970-01-01"), 0);
  EXPECT_EQ(*parse_day("2026-12-04"), 20'791);
  EXPECT_EQ(format_day(20'791), "2026-12-04");
  EXPECT_EQ(format_day(*parse_day("2028-02-29")), "2028-02-29");
  // 16:30 UTC is past midnight in Shanghai, not yet in Berlin.
  EXPECT_EQ(format_day(local_day(kDecemberEvening, zone("Asia/Shanghai"))), "2026-12-05");
  EXPECT_EQ(format_day(local_day(kDecemberEvening, zone("Europe/Berlin"))), "2026-12-04");
  // Around summer time's end the day is still told by the local clock.
  EXPECT_EQ(format_day(local_day(kBerlinAutumnAfter, zone("Europe/Berlin"))), "2026-10-25");
  EXPECT_EQ(local_day(-1, TimeZone::utc()), -1);
  for (const char* bad : {"2026-02-29", "2026-13-01", "2026-1-01", "26-12-04", "2026/12/04", "1969-12-31",
                          "２０２６-12-04", "2026-12-04 ", ""}) {
    auto d = parse_day(bad, "from");
    ASSERT_FALSE(d.is_ok()) << bad;
    EXPECT_EQ(d.status().code(), Errc::invalid_argument);
    EXPECT_NE(d.status().reason().find("from '"), std::string::npos) << d.status().reason();
  }
}

TEST(LocalTime, MonthsBeginAndEndOnTheirCalendarDays) {
  auto day = [](const char* d) { return *parse_day(d); };
  EXPECT_EQ(format_day(first_of_month(day("2026-12-04"))), "2026-12-01");
  EXPECT_EQ(format_day(last_of_month(day("2026-12-04"))), "2026-12-31");
  EXPECT_EQ(format_day(last_of_month(day("2028-02-01"))), "2028-02-29");  // leap year
  EXPECT_EQ(format_day(last_of_month(day("2100-02-10"))), "2100-02-28");  // not one
  EXPECT_EQ(format_day(last_of_month(day("2026-04-30"))), "2026-04-30");
  EXPECT_EQ(format_day(first_of_month(day("2026-01-01"))), "2026-01-01");
  EXPECT_EQ(last_of_month(day("2026-12-31")) + 1, day("2027-01-01"));
  EXPECT_EQ(first_of_month(0), 0);
}

}  // namespace
}  // namespace jxc
