#include "edge/inventory/month_ends.h"

#include <limits>

namespace jxc::inventory {
namespace {

/// Before every day: the "month end" of a store with none closed.
constexpr std::int64_t kBeforeAll = std::numeric_limits<DayNumber>::min();

DayNumber next_month_end(DayNumber month_end) { return last_of_month(month_end + 1); }

/// The newest and the oldest day with a row; none when there are no rows.
struct DaySpan {
  bool any = false;
  DayNumber oldest = 0, newest = 0;
};

Result<DaySpan> day_span(store::Db& db) {
  JXC_ASSIGN(auto* st, db.cached("SELECT min(day), max(day) FROM stock_days"));
  JXC_ASSIGN(bool row, st->step());
  DaySpan s;
  if (row && !st->is_null(0))
    s = {true, static_cast<DayNumber>(st->int64(0)), static_cast<DayNumber>(st->int64(1))};
  st->reset();
  return s;
}

/// The month to close after `through` (0: none closed yet, so the oldest
/// day's).
DayNumber month_after(DayNumber through, const DaySpan& span) {
  return through != 0 ? next_month_end(through) : last_of_month(span.oldest);
}

}  // namespace

Result<DayNumber> months_through(store::Db& db) {
  JXC_ASSIGN(std::int64_t m, db.query_int_cached("SELECT months_through FROM stock_stamp"));
  return static_cast<DayNumber>(m);
}

Status add_to_closed_months(store::Db& db, const DayTotalsMap& folded) {
  JXC_ASSIGN(DayNumber through, months_through(db));
  if (through == 0) return Status::ok();
  // What each position gained or lost in each closed month.
  std::map<std::pair<DayNumber, Position>, Amount> moved;
  for (const auto& [k, t] : folded) {
    if (k.day > through) continue;
    Amount& a = moved[{last_of_month(k.day), Position{k.item_id, k.location_id, k.lot}}];
    if (__builtin_add_overflow(a.qty, t.qty_in - t.qty_out, &a.qty) ||
        __builtin_add_overflow(a.value, t.value_in - t.value_out, &a.value))
      return error(Errc::invalid_argument, "a month's stock of item " + std::to_string(k.item_id) + " is too large");
  }
  JXC_ASSIGN(auto* st, db.cached("INSERT INTO stock_months(month_end,item_id,location_id,lot,qty,value) "
                                 "VALUES(?1,?2,?3,?4,?5,?6) ON CONFLICT DO UPDATE SET "
                                 "qty=qty+excluded.qty, value=value+excluded.value"));
  for (const auto& [key, a] : moved) {
    if (a.qty == 0 && a.value == 0) continue;
    const auto& [first, p] = key;
    for (DayNumber m = first; m <= through; m = next_month_end(m)) {
      st->bind_all(static_cast<std::int64_t>(m), p.item_id, p.location_id, p.lot, a.qty, a.value);
      JXC_TRY(st->run());
      st->reset();
    }
  }
  return Status::ok();
}

Result<bool> close_next_month(store::Db& db) {
  JXC_ASSIGN(DayNumber through, months_through(db));
  JXC_ASSIGN(DaySpan span, day_span(db));
  if (!span.any) return false;
  const DayNumber next = month_after(through, span);
  if (next >= span.newest) return false;  // the month is not over
  JXC_ASSIGN(auto* st, db.cached(
      "INSERT INTO stock_months(month_end,item_id,location_id,lot,qty,value) "
      "SELECT ?1, item_id, location_id, lot, sum(q), sum(v) FROM ("
      " SELECT item_id, location_id, lot, qty AS q, value AS v FROM stock_months WHERE month_end=?2"
      " UNION ALL SELECT item_id, location_id, lot, qty_in-qty_out, value_in-value_out FROM stock_days"
      "  WHERE day>?2 AND day<=?1) "
      "GROUP BY item_id, location_id, lot HAVING sum(q)<>0 OR sum(v)<>0"));
  st->bind_all(static_cast<std::int64_t>(next), through != 0 ? static_cast<std::int64_t>(through) : kBeforeAll);
  JXC_TRY(st->run());
  st->reset();
  JXC_ASSIGN(auto* mark, db.cached("UPDATE stock_stamp SET months_through=?1"));
  mark->bind_all(static_cast<std::int64_t>(next));
  JXC_TRY(mark->run());
  mark->reset();
  return next_month_end(next) < span.newest;
}

Status read_month_end(store::Db& db, DayNumber month_end, std::int64_t item_id,
                      const std::function<bool(const Position&, const Amount&)>& sink) {
  JXC_ASSIGN(auto* st, db.cached("SELECT item_id, location_id, lot, qty, value FROM stock_months "
                                 "WHERE month_end=?1 AND (?2=0 OR item_id=?2)"));
  st->bind_all(static_cast<std::int64_t>(month_end), item_id);
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    const std::int64_t item = st->int64(0);
    if (!sink(Position{item, st->int64(1), st->text(2)}, Amount{st->int64(3), st->int64(4)})) {
      st->reset();
      return error(Errc::invalid_argument, "the stock of item " + std::to_string(item) + " is too large");
    }
  }
  st->reset();
  return Status::ok();
}

Status forget_months(store::Db& db) {
  JXC_TRY(db.exec_cached("DELETE FROM stock_months"));
  return db.exec_cached("UPDATE stock_stamp SET months_through=0");
}

Status verify_month_ends(store::Db& db) {
  JXC_ASSIGN(DayNumber through, months_through(db));
  JXC_ASSIGN(DaySpan span, day_span(db));
  // Rows only for closed months, keyed by their last day.
  JXC_ASSIGN(auto keys, db.prepare("SELECT DISTINCT month_end FROM stock_months"));
  for (;;) {
    JXC_ASSIGN(bool row, keys->step());
    if (!row) break;
    const std::int64_t m = keys->int64(0);
    if (m > through || m < std::numeric_limits<DayNumber>::min() || m != last_of_month(static_cast<DayNumber>(m)))
      return error(Errc::storage, "month-end stock is kept for " + std::to_string(m) + ", not a closed month's end");
  }
  if (through == 0) return Status::ok();
  if (through != last_of_month(through)) return error(Errc::storage, "the months are marked closed mid-month");
  if (span.any && through >= span.newest) return error(Errc::storage, "the months are marked closed past the newest day");
  JXC_ASSIGN(auto st, db.prepare(
      "SELECT count(*) FROM (SELECT item_id, location_id, lot FROM ("
      " SELECT item_id, location_id, lot, qty AS q, value AS v FROM stock_months WHERE month_end=?1"
      " UNION ALL SELECT item_id, location_id, lot, -qty, -value FROM stock_months WHERE month_end=?2"
      " UNION ALL SELECT item_id, location_id, lot, qty_out-qty_in, value_out-value_in FROM stock_days"
      "  WHERE day>?2 AND day<=?1) GROUP BY 1, 2, 3 HAVING sum(q)<>0 OR sum(v)<>0)"));
  // From the oldest month anything is kept for: before it, nothing was held.
  JXC_ASSIGN(std::int64_t oldest_kept, db.query_int("SELECT coalesce(min(month_end), 0) FROM stock_months"));
  DayNumber m = span.any ? last_of_month(span.oldest) : through;
  if (oldest_kept != 0 && oldest_kept < m) m = static_cast<DayNumber>(oldest_kept);
  for (std::int64_t before = kBeforeAll; m <= through; before = m, m = next_month_end(m)) {
    st->bind_all(static_cast<std::int64_t>(m), before);
    JXC_ASSIGN(bool row, st->step());
    const std::int64_t drift = row ? st->int64(0) : 0;
    st->reset();
    if (drift != 0)
      return error(Errc::storage, std::to_string(drift) + " position(s) at the end of " + format_day(m) +
                                      " differ from the month before and the daily totals between");
  }
  return Status::ok();
}

}  // namespace jxc::inventory
