#include "edge/inventory/day_totals.h"

#include <limits>

#include "edge/inventory/month_ends.h"

namespace jxc::inventory {
namespace {

struct Mark {
  std::int64_t through = 0;
  std::string zone;
};

Result<Mark> read_mark(store::Db& db) {
  JXC_ASSIGN(auto* st, db.cached("SELECT days_through, days_zone FROM stock_stamp"));
  JXC_ASSIGN(bool row, st->step());
  Mark m;
  if (row) m = {st->int64(0), st->text(1)};
  st->reset();
  return m;
}

bool add(Money* to, Money v) { return !__builtin_add_overflow(*to, v, to); }

/// Adds each movement after `after` (at most `limit`; 0: all) whose day
/// passes `keep` to `out`; returns the id of the last movement read.
template <typename Keep>
Result<std::int64_t> add_movements(store::Db& db, std::int64_t after, std::int64_t limit, std::int64_t item_id,
                                   const TimeZone& zone, Keep&& keep, DayTotalsMap* out) {
  JXC_ASSIGN(auto* st, db.cached(
      "SELECT m.id, m.item_id, m.lot, m.from_location, m.to_location, m.qty, m.value, m.occurred_at, d.type, "
      "f.kind='virtual', t.kind='virtual' "
      "FROM movements m JOIN documents d ON d.id=m.doc_id "
      "JOIN locations f ON f.id=m.from_location JOIN locations t ON t.id=m.to_location "
      "WHERE m.id>?1 AND (?3=0 OR m.item_id=?3) ORDER BY m.id LIMIT ?2"));
  st->bind_all(after, limit > 0 ? limit : std::int64_t{-1}, item_id);
  std::int64_t last = after;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    last = st->int64(0);
    const DayNumber day = local_day(st->int64(7), zone);
    if (!keep(day)) continue;
    const std::int64_t item = st->int64(1);
    const Qty qty = st->int64(5);
    const Money value = st->int64(6);
    std::string lot = st->text(2), kind = st->text(8);
    bool fits = true;
    if (st->int64(9) == 0) {  // out of a physical location
      DayTotals& t = (*out)[DayKey{day, item, st->int64(3), lot, kind}];
      fits = add(&t.qty_out, qty) && add(&t.value_out, value);
    }
    if (fits && st->int64(10) == 0) {  // into one
      DayTotals& t = (*out)[DayKey{day, item, st->int64(4), std::move(lot), std::move(kind)}];
      fits = add(&t.qty_in, qty) && add(&t.value_in, value);
    }
    if (!fits) {
      st->reset();
      return error(Errc::invalid_argument, "the day's totals of movement " + std::to_string(last) + " are too large");
    }
  }
  st->reset();
  return last;
}

}  // namespace

Status read_period(store::Db& db, const DayRange& range, const TimeZone& zone, const PeriodSink& sink) {
  JXC_ASSIGN(Mark mark, read_mark(db));
  if (mark.zone != zone.name()) mark.through = 0;
  // A day before the period is part of its opening.
  auto take = [&](const DayKey& k, const DayTotals& t) {
    if (k.day >= range.first) return sink.day(k, t);
    Amount a{t.qty_in, t.value_in};
    return add(&a.qty, -t.qty_out) && add(&a.value, -t.value_out) &&
           sink.opening(Position{k.item_id, k.location_id, k.lot}, a);
  };
  auto too_large = [](std::int64_t item_id) {
    return error(Errc::invalid_argument, "the stock of item " + std::to_string(item_id) + " is too large");
  };
  if (mark.through > 0) {
    // The opening: the last closed month before the period, then its days.
    DayNumber from = std::numeric_limits<DayNumber>::min();
    JXC_ASSIGN(DayNumber closed, months_through(db));
    if (closed != 0 && range.first > 0) {  // (days before 1970 open from nothing)
      const DayNumber base = range.first > closed ? closed : static_cast<DayNumber>(first_of_month(range.first) - 1);
      JXC_TRY(read_month_end(db, base, range.item_id, sink.opening));
      from = base + 1;
    }
    JXC_ASSIGN(auto* st, db.cached("SELECT day, item_id, location_id, lot, kind, qty_in, qty_out, value_in, value_out "
                                   "FROM stock_days WHERE day BETWEEN ?1 AND ?2 AND (?3=0 OR item_id=?3)"));
    st->bind_all(static_cast<std::int64_t>(from), static_cast<std::int64_t>(range.last), range.item_id);
    for (;;) {
      JXC_ASSIGN(bool row, st->step());
      if (!row) break;
      const DayKey k{static_cast<DayNumber>(st->int64(0)), st->int64(1), st->int64(2), st->text(3), st->text(4)};
      if (!take(k, DayTotals{st->int64(5), st->int64(6), st->int64(7), st->int64(8)})) {
        st->reset();
        return too_large(k.item_id);
      }
    }
    st->reset();
  }
  // The movements after the mark, of any day up to the last.
  DayTotalsMap tail;
  auto up_to_last = [&](DayNumber d) { return d <= range.last; };
  JXC_TRY(add_movements(db, mark.through, 0, range.item_id, zone, up_to_last, &tail).status());
  for (const auto& [k, t] : tail)
    if (!take(k, t)) return too_large(k.item_id);
  return Status::ok();
}

Result<std::int64_t> day_totals_mark(store::Db& db, const TimeZone& zone) {
  JXC_ASSIGN(Mark mark, read_mark(db));
  return mark.zone == zone.name() ? mark.through : 0;
}

Result<Folded> fold_day_totals(store::Db& db, const TimeZone& zone, std::int64_t limit) {
  JXC_ASSIGN(Mark mark, read_mark(db));
  if (mark.zone != zone.name()) {
    // Days of another zone: count every movement again in this one's.
    JXC_TRY(db.exec_cached("DELETE FROM stock_days"));
    JXC_TRY(forget_months(db));
    mark.through = 0;
  }
  DayTotalsMap fold;
  JXC_ASSIGN(std::int64_t last,
             add_movements(db, mark.through, limit, 0, zone, [](DayNumber) { return true; }, &fold));
  JXC_ASSIGN(auto* st, db.cached("INSERT INTO stock_days(day,item_id,location_id,lot,kind,qty_in,qty_out,value_in,"
                                 "value_out) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9) ON CONFLICT DO UPDATE SET "
                                 "qty_in=qty_in+excluded.qty_in, qty_out=qty_out+excluded.qty_out, "
                                 "value_in=value_in+excluded.value_in, value_out=value_out+excluded.value_out"));
  for (const auto& [k, t] : fold) {  // in key order: neighbouring rows share pages
    st->bind_all(static_cast<std::int64_t>(k.day), k.item_id, k.location_id, k.lot, k.kind, t.qty_in, t.qty_out,
                 t.value_in, t.value_out);
    JXC_TRY(st->run());
    st->reset();
  }
  JXC_TRY(add_to_closed_months(db, fold));
  JXC_ASSIGN(auto* mark_st, db.cached("UPDATE stock_stamp SET days_through=?1, days_zone=?2"));
  mark_st->bind_all(last, zone.name());
  JXC_TRY(mark_st->run());
  mark_st->reset();
  JXC_ASSIGN(bool months_left, close_next_month(db));
  if (limit <= 0) return Folded{last, months_left};
  JXC_ASSIGN(std::int64_t newest, db.query_int_cached("SELECT coalesce(max(id),0) FROM movements"));
  return Folded{last, months_left || newest > last};
}

Status verify_day_totals(store::Db& db) {
  JXC_ASSIGN(std::int64_t drift,
             db.query_int("WITH ledger AS ("
                          " SELECT m.item_id, m.to_location AS location_id, m.lot, d.type AS kind,"
                          "  m.qty AS qty_in, 0 AS qty_out, m.value AS value_in, 0 AS value_out"
                          " FROM movements m JOIN documents d ON d.id=m.doc_id JOIN locations l ON l.id=m.to_location"
                          " WHERE l.kind<>'virtual' AND m.id<=(SELECT days_through FROM stock_stamp)"
                          " UNION ALL SELECT m.item_id, m.from_location, m.lot, d.type, 0, m.qty, 0, m.value"
                          " FROM movements m JOIN documents d ON d.id=m.doc_id JOIN locations l ON l.id=m.from_location"
                          " WHERE l.kind<>'virtual' AND m.id<=(SELECT days_through FROM stock_stamp)),"
                          " l AS (SELECT item_id, location_id, lot, kind, sum(qty_in) AS qi, sum(qty_out) AS qo,"
                          "  sum(value_in) AS vi, sum(value_out) AS vo FROM ledger GROUP BY 1, 2, 3, 4),"
                          " r AS (SELECT item_id, location_id, lot, kind, sum(qty_in) AS qi, sum(qty_out) AS qo,"
                          "  sum(value_in) AS vi, sum(value_out) AS vo FROM stock_days GROUP BY 1, 2, 3, 4) "
                          "SELECT count(*) FROM l FULL OUTER JOIN r USING (item_id, location_id, lot, kind) "
                          "WHERE coalesce(l.qi,0)<>coalesce(r.qi,0) OR coalesce(l.qo,0)<>coalesce(r.qo,0)"
                          " OR coalesce(l.vi,0)<>coalesce(r.vi,0) OR coalesce(l.vo,0)<>coalesce(r.vo,0)"));
  if (drift != 0)
    return error(Errc::storage, std::to_string(drift) + " daily total(s) differ from the ledger's movements");
  JXC_ASSIGN(std::int64_t ahead, db.query_int("SELECT count(*) FROM stock_stamp "
                                              "WHERE days_through > (SELECT coalesce(max(id),0) FROM movements)"));
  if (ahead != 0) return error(Errc::storage, "the daily totals are marked folded past the newest movement");
  return verify_month_ends(db);
}

}  // namespace jxc::inventory
