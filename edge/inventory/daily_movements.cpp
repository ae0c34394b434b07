#include "edge/inventory/daily_movements.h"

#include <map>

#include "edge/store/sqlite.h"

namespace jxc::inventory {

Result<std::vector<DayMovements>> daily_movements(Queries& q, int days, TimeMs now, const TimeZone& zone) {
  constexpr TimeMs kDay = 24LL * 3600 * 1000;
  // The days asked for, by their local date; a day is 23 to 25 hours where
  // clocks change, so the dates come from the zone, never from arithmetic
  // on local midnights.
  std::vector<DayMovements> out;
  std::map<std::string, std::size_t> index;
  for (int back = days - 1; back >= 0; --back) {
    std::string date = format_local_date(now - back * kDay, zone);
    if (index.count(date)) continue;
    index[date] = out.size();
    out.push_back({date});
  }
  // Movements are recorded in id order by the one writer, so their
  // recording times grow with the id (give or take a clock step, hence the
  // extra day); one occurring before the first day is skipped.
  const TimeMs stop_before = now - static_cast<TimeMs>(days + 1) * kDay;
  JXC_ASSIGN(auto* st, q.db().cached(
                           "SELECT m.occurred_at, m.recorded_at, m.value, f.kind='virtual', t.kind='virtual' "
                           "FROM movements m JOIN locations f ON f.id=m.from_location "
                           "JOIN locations t ON t.id=m.to_location ORDER BY m.id DESC"));
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    if (st->int64(1) < stop_before) break;
    auto it = index.find(format_local_date(st->int64(0), zone));
    if (it == index.end()) continue;
    DayMovements& d = out[it->second];
    const bool from_outside = st->int64(3) != 0, to_outside = st->int64(4) != 0;
    const Money value = st->int64(2);
    if (from_outside && !to_outside) {
      ++d.in;
      d.value_in += value;
    } else if (!from_outside && to_outside) {
      ++d.out;
      d.value_out += value;
    } else if (!from_outside && !to_outside) {
      ++d.internal;
    }
  }
  st->reset();
  return out;
}

}  // namespace jxc::inventory
