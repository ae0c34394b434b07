#include "edge/common/local_time.h"

#include <cstdio>
#include <cstdlib>
#include <exception>

#include <date/tz.h>

namespace jxc {
namespace {

const date::time_zone* tz(const void* p) { return static_cast<const date::time_zone*>(p); }

LocalTime civil(TimeMs t, int offset_seconds) {
  using namespace std::chrono;
  const sys_time<milliseconds> local{milliseconds(t + static_cast<TimeMs>(offset_seconds) * 1000)};
  const auto day = date::floor<date::days>(local);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<milliseconds> hms{local - day};
  LocalTime out;
  out.year = static_cast<int>(ymd.year());
  out.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  out.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
  out.hour = static_cast<int>(hms.hours().count());
  out.minute = static_cast<int>(hms.minutes().count());
  out.second = static_cast<int>(hms.seconds().count());
  out.millisecond = static_cast<int>(hms.subseconds().count());
  out.offset_seconds = offset_seconds;
  return out;
}

}  // namespace

Result<TimeZone> TimeZone::named(std::string_view iana_name) {
  if (iana_name == "UTC") return TimeZone::utc();
  try {
    TimeZone z;
    z.zone_ = date::locate_zone(iana_name);
    z.name_ = std::string(iana_name);
    return z;
  } catch (const std::exception&) {
    return error(Errc::invalid_argument,
                 "unknown time zone \"" + std::string(iana_name) +
                     "\": expected an IANA name such as \"Asia/Shanghai\" (see /usr/share/zoneinfo)");
  }
}

TimeZone TimeZone::system() {
  try {
    const date::time_zone* z = date::current_zone();
    TimeZone out;
    out.zone_ = z;
    out.name_ = std::string(z->name());
    return out;
  } catch (const std::exception&) {
    return TimeZone::utc();
  }
}

Result<TimeZone> TimeZone::configured(std::string_view iana_name) {
  if (iana_name.empty()) return system();
  return named(iana_name);
}

int TimeZone::offset_seconds(TimeMs t) const {
  if (!zone_) return 0;
  using namespace std::chrono;
  const sys_seconds at = floor<seconds>(sys_time<milliseconds>(milliseconds(t)));
  return static_cast<int>(tz(zone_)->get_info(at).offset.count());
}

LocalTime TimeZone::at(TimeMs t) const { return civil(t, offset_seconds(t)); }

std::string format_utc_offset(int offset_seconds) {
  const char sign = offset_seconds < 0 ? '-' : '+';
  const int a = std::abs(offset_seconds) / 60;
  char buf[16];
  std::snprintf(buf, sizeof buf, "UTC%c%02d:%02d", sign, a / 60, a % 60);
  return buf;
}

std::string format_local_minutes(TimeMs t, const TimeZone& zone) {
  const LocalTime l = zone.at(t);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", l.year, l.month, l.day, l.hour, l.minute);
  return std::string(buf) + " (" + format_utc_offset(l.offset_seconds) + ")";
}

std::string format_local_seconds(TimeMs t, const TimeZone& zone) {
  const LocalTime l = zone.at(t);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", l.year, l.month, l.day, l.hour, l.minute,
                l.second);
  return std::string(buf) + format_utc_offset(l.offset_seconds).substr(3);
}

std::string format_local_date(TimeMs t, const TimeZone& zone) {
  const LocalTime l = zone.at(t);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", l.year, l.month, l.day);
  return buf;
}

int local_minute_of_day(TimeMs t, const TimeZone& zone) {
  const LocalTime l = zone.at(t);
  return l.hour * 60 + l.minute;
}

DayNumber local_day(TimeMs t, const TimeZone& zone) {
  const TimeMs local = t + static_cast<TimeMs>(zone.offset_seconds(t)) * 1000;
  constexpr TimeMs kDay = 86'400'000;
  return static_cast<DayNumber>(local >= 0 ? local / kDay : -((-local + kDay - 1) / kDay));
}

Result<DayNumber> parse_day(std::string_view text, std::string_view what) {
  auto bad = [&] {
    return error(Errc::invalid_argument,
                 std::string(what) + " '" + std::string(text.substr(0, 32)) + "' is not a date like 2026-12-04");
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad();
  int parts[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8}, lengths[3] = {4, 2, 2};
  for (int i = 0; i < 3; ++i)
    for (std::size_t k = starts[i]; k < starts[i] + lengths[i]; ++k) {
      if (text[k] < '0' || text[k] > '9') return bad();
      parts[i] = parts[i] * 10 + (text[k] - '0');
    }
  const date::year_month_day ymd{date::year(parts[0]), date::month(static_cast<unsigned>(parts[1])),
                                 date::day(static_cast<unsigned>(parts[2]))};
  if (parts[0] < 1970 || !ymd.ok()) return bad();
  return static_cast<DayNumber>(date::sys_days(ymd).time_since_epoch().count());
}

std::string format_day(DayNumber d) {
  const date::year_month_day ymd{date::sys_days(date::days(d))};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

DayNumber first_of_month(DayNumber d) {
  const date::year_month_day ymd{date::sys_days(date::days(d))};
  return static_cast<DayNumber>(date::sys_days(ymd.year() / ymd.month() / 1).time_since_epoch().count());
}

DayNumber last_of_month(DayNumber d) {
  const date::year_month_day ymd{date::sys_days(date::days(d))};
  return static_cast<DayNumber>(
      date::sys_days(date::year_month_day_last(ymd.year(), date::month_day_last(ymd.month()))).time_since_epoch().count());
}

}  // namespace jxc
