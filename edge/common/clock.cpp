#include "edge/common/clock.h"

#include <cstdio>
#include <ctime>

namespace jxc {

TimeMs SystemClock::now_ms() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::chrono::steady_clock::time_point SystemClock::steady_now() const {
  return std::chrono::steady_clock::now();
}

const SystemClock& SystemClock::instance() {
  static const SystemClock clock;
  return clock;
}

std::string format_iso8601(TimeMs ms) {
  // Civil date from days since 1970-01-01 (H. Hinnant's days_from_civil,
  // inverted); every posted document formats several times, and snprintf
  // with gmtime_r cost more than the rest of its payload.
  std::int64_t secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  const int frac = static_cast<int>(ms - secs * 1000);
  std::int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  const int sod = static_cast<int>(secs - days * 86400);
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%lld-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<long long>(year),
                  month, day, sod / 3600, sod / 60 % 60, sod % 60, frac);
    return buf;
  }
  char out[] = "0000-00-00T00:00:00.000Z";
  auto put = [&out](int at, unsigned v, int width) {
    for (int i = at + width - 1; i >= at; --i, v /= 10) out[i] = static_cast<char>('0' + v % 10);
  };
  put(0, static_cast<unsigned>(year), 4);
  put(5, month, 2);
  put(8, day, 2);
  put(11, static_cast<unsigned>(sod / 3600), 2);
  put(14, static_cast<unsigned>(sod / 60 % 60), 2);
  put(17, static_cast<unsigned>(sod % 60), 2);
  put(20, static_cast<unsigned>(frac), 3);
  return std::string(out, sizeof out - 1);
}

namespace {
bool digits(const std::string& s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}
}  // namespace

bool parse_iso8601(const std::string& s, TimeMs* out) {
  int y, mo, d, h = 0, mi = 0, sec = 0, ms = 0;
  if (!digits(s, 0, 4, &y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, &mo) ||
      s[7] != '-' || !digits(s, 8, 2, &d))
    return false;
  size_t p = 10;
  int offset_min = 0;
  if (p < s.size()) {
    if (s[p] != 'T' && s[p] != ' ') return false;
    if (!digits(s, p + 1, 2, &h) || s.size() < p + 9 || s[p + 3] != ':' ||
        !digits(s, p + 4, 2, &mi) || s[p + 6] != ':' || !digits(s, p + 7, 2, &sec))
      return false;
    p += 9;
    if (p < s.size() && s[p] == '.') {
      ++p;
      int scale = 100;
      size_t start = p;
      while (p < s.size() && s[p] >= '0' && s[p] <= '9') {
        ms += (s[p] - '0') * scale;
        scale /= 10;
        ++p;
      }
      if (p == start) return false;
    }
    if (p == s.size()) return false;  // a time needs a zone: Z or an offset
    if (s[p] == 'Z') {
      ++p;
    } else if (s[p] == '+' || s[p] == '-') {
      int oh, om;
      if (!digits(s, p + 1, 2, &oh) || s.size() < p + 6 || s[p + 3] != ':' ||
          !digits(s, p + 4, 2, &om))
        return false;
      offset_min = (oh * 60 + om) * (s[p] == '+' ? 1 : -1);
      p += 6;
    } else {
      return false;
    }
    if (p != s.size()) return false;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return false;
  static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d > mdays[mo - 1]) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (mo == 2 && d == 29 && !leap) return false;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  TimeMs secs = static_cast<TimeMs>(timegm(&tm));
  *out = (secs - offset_min * 60) * 1000 + ms;
  return true;
}

}  // namespace jxc
