#pragma once
// The site's time zone. What a person reads (alert texts, quiet hours, the
// CLI's tables) is in it; the store and the contract keep UTC (clock.h).
// Zones come from the system's time zone database (/usr/share/zoneinfo,
// through the tz library of howardhinnant-date); the process's TZ variable is
// neither read nor set. A TimeZone is an immutable handle: copy it freely and
// use it from any thread.

#include <cstdint>
#include <string>
#include <string_view>

#include "edge/common/clock.h"
#include "edge/common/status.h"

namespace jxc {

/// A moment as a clock on the wall of the site shows it.
struct LocalTime {
  int year = 1970, month = 1, day = 1;
  int hour = 0, minute = 0, second = 0, millisecond = 0;
  int offset_seconds = 0;  // local time minus UTC at that moment
};

class TimeZone {
 public:
  /// Coordinated Universal Time.
  TimeZone() = default;
  static TimeZone utc() { return {}; }
  /// An IANA zone ("Asia/Shanghai", "Europe/Berlin"); Errc::invalid_argument
  /// naming it when the system's database does not hold it.
  static Result<TimeZone> named(std::string_view iana_name);
  /// The system's zone (/etc/localtime), or UTC when it cannot be told.
  static TimeZone system();
  /// `iana_name` empty: system(); otherwise named().
  static Result<TimeZone> configured(std::string_view iana_name);

  /// "Asia/Shanghai"; "UTC" for utc().
  const std::string& name() const { return name_; }
  LocalTime at(TimeMs t) const;
  /// Local time minus UTC at `t`, in seconds.
  int offset_seconds(TimeMs t) const;

 private:
  const void* zone_ = nullptr;  // a date::time_zone of the database; nullptr: UTC
  std::string name_ = "UTC";
};

/// "UTC+08:00", "UTC-03:30", "UTC+00:00".
std::string format_utc_offset(int offset_seconds);
/// For people: "2026-12-04 16:05 (UTC+08:00)".
std::string format_local_minutes(TimeMs t, const TimeZone& zone);
/// For tables: "2026-12-04 16:05:09+08:00" (sorts like the UTC time within one offset).
std::string format_local_seconds(TimeMs t, const TimeZone& zone);
/// "2026-12-04", the local calendar day.
std::string format_local_date(TimeMs t, const TimeZone& zone);
/// Minutes since local midnight, 0 to 1439.
int local_minute_of_day(TimeMs t, const TimeZone& zone);

/// A calendar day as a number: days since 1970-01-01 (which is 0), so that
/// days sort, subtract and key a table as integers.
using DayNumber = std::int32_t;
/// The local calendar day `t` falls on.
DayNumber local_day(TimeMs t, const TimeZone& zone);
/// "2026-12-04" (a real date, years 1970 to 9999) to its number;
/// Errc::invalid_argument naming `what` otherwise.
Result<DayNumber> parse_day(std::string_view text, std::string_view what = "date");
/// The number back to "2026-12-04".
std::string format_day(DayNumber d);
/// The first and the last day of the calendar month `d` falls in.
DayNumber first_of_month(DayNumber d);
DayNumber last_of_month(DayNumber d);

}  // namespace jxc
