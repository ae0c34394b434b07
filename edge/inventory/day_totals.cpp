#include "edge/inventory/day_totals.h"

#include <algorithm>
#include <limits>
#include <unordered_map>

#include "edge/inventory/day_flows.h"
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

/// One side of a movement at a physical location: what went out of it or
/// came into it.
struct Side {
  std::int64_t item_id = 0, location_id = 0;
  const std::string& lot;
  const std::string& kind;  // the document's type
  TimeMs at = 0;
  Qty qty = 0;
  Money value = 0;
  bool in = false;
};

/// Hands each physical side of each movement after `after` (at most
/// `limit`; 0: all; of one item when `item_id` is not 0) to `take`, which
/// returns false when an amount no longer fits; returns the id of the last
/// movement read.
template <typename Take>
Result<std::int64_t> each_side(store::Db& db, std::int64_t after, std::int64_t limit, std::int64_t item_id,
                               Take&& take) {
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
    const std::string lot = st->text(2), kind = st->text(8);
    Side side{st->int64(1), st->int64(3), lot, kind, st->int64(7), st->int64(5), st->int64(6), false};
    bool fits = st->int64(9) != 0 || take(side);  // out of a physical location
    side.location_id = st->int64(4);
    side.in = true;
    fits = fits && (st->int64(10) != 0 || take(side));  // into one
    if (!fits) {
      st->reset();
      return error(Errc::invalid_argument, "the totals of movement " + std::to_string(last) + " are too large");
    }
  }
  st->reset();
  return last;
}

/// Adds `s` to what came in or went out; false when it no longer fits.
bool add_side(DayTotals* t, const Side& s) {
  return s.in ? add(&t->qty_in, s.qty) && add(&t->value_in, s.value)
              : add(&t->qty_out, s.qty) && add(&t->value_out, s.value);
}

/// Adds each movement after `after` (at most `limit`; 0: all) whose day
/// passes `keep` to `out`; returns the id of the last movement read.
template <typename Keep>
Result<std::int64_t> add_movements(store::Db& db, std::int64_t after, std::int64_t limit, std::int64_t item_id,
                                   const TimeZone& zone, Keep&& keep, DayTotalsMap* out) {
  TimeMs day_of = -1;  // both sides of a movement, and movements of one moment, share a day
  DayNumber day = 0;
  return each_side(db, after, limit, item_id, [&](const Side& s) {
    if (s.at != day_of) {
      day_of = s.at;
      day = local_day(s.at, zone);
    }
    return !keep(day) || add_side(&(*out)[DayKey{day, s.item_id, s.location_id, s.lot, s.kind}], s);
  });
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

Status read_days(store::Db& db, const DayRange& range, const TimeZone& zone,
                 const std::function<bool(const DayKey&, const DayTotals&)>& day) {
  JXC_ASSIGN(Mark mark, read_mark(db));
  if (mark.zone != zone.name()) mark.through = 0;
  auto too_large = [](std::int64_t item_id) {
    return error(Errc::invalid_argument, "the stock of item " + std::to_string(item_id) + " is too large");
  };
  if (mark.through > 0) {
    JXC_ASSIGN(auto* st, db.cached("SELECT day, item_id, location_id, lot, kind, qty_in, qty_out, value_in, value_out "
                                   "FROM stock_days WHERE day BETWEEN ?1 AND ?2 AND (?3=0 OR item_id=?3)"));
    st->bind_all(static_cast<std::int64_t>(range.first), static_cast<std::int64_t>(range.last), range.item_id);
    for (;;) {
      JXC_ASSIGN(bool row, st->step());
      if (!row) break;
      const DayKey k{static_cast<DayNumber>(st->int64(0)), st->int64(1), st->int64(2), st->text(3), st->text(4)};
      if (!day(k, DayTotals{st->int64(5), st->int64(6), st->int64(7), st->int64(8)})) {
        st->reset();
        return too_large(k.item_id);
      }
    }
    st->reset();
  }
  JXC_ASSIGN(DayTotalsMap tail, days_after_mark(db, range, zone));
  for (const auto& [k, t] : tail)
    if (!day(k, t)) return too_large(k.item_id);
  return Status::ok();
}

Result<DayTotalsMap> days_after_mark(store::Db& db, const DayRange& range, const TimeZone& zone) {
  JXC_ASSIGN(Mark mark, read_mark(db));
  if (mark.zone != zone.name()) mark.through = 0;
  DayTotalsMap tail;
  auto in_range = [&](DayNumber d) { return d >= range.first && d <= range.last; };
  JXC_TRY(add_movements(db, mark.through, 0, range.item_id, zone, in_range, &tail).status());
  return tail;
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
    JXC_TRY(forget_day_flows(db));
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
  JXC_TRY(add_day_flows(db, fold));
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
  // The ledger's sums up to the mark and the rows' sums, per item, location,
  // lot and type, added up in memory as each is read once (a join of the two
  // would sort both sides of every movement).
  struct Key {
    std::int64_t item_id = 0, location_id = 0;
    std::string lot, kind;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const {
      std::size_t h = static_cast<std::size_t>(k.item_id) * 0x9e3779b97f4a7c15ULL ^ static_cast<std::size_t>(k.location_id);
      h = h * 31 + std::hash<std::string>{}(k.kind);
      return k.lot.empty() ? h : h * 31 + std::hash<std::string>{}(k.lot);
    }
  };
  std::unordered_map<Key, DayTotals, KeyHash> drift;  // the ledger's minus the rows'
  JXC_ASSIGN(std::int64_t mark, db.query_int("SELECT days_through FROM stock_stamp"));
  JXC_ASSIGN(std::int64_t folded, db.query_int("SELECT count(*) FROM movements WHERE id<=" + std::to_string(mark)));
  if (folded > 0) {
    JXC_TRY(each_side(db, 0, folded, 0, [&](const Side& s) {
              return add_side(&drift[Key{s.item_id, s.location_id, s.lot, s.kind}], s);
            }).status());
  }
  JXC_ASSIGN(auto rows, db.prepare("SELECT item_id, location_id, lot, kind, qty_in, qty_out, value_in, value_out "
                                   "FROM stock_days"));
  for (;;) {
    JXC_ASSIGN(bool row, rows->step());
    if (!row) break;
    DayTotals& t = drift[Key{rows->int64(0), rows->int64(1), rows->text(2), rows->text(3)}];
    if (!add(&t.qty_in, -rows->int64(4)) || !add(&t.qty_out, -rows->int64(5)) || !add(&t.value_in, -rows->int64(6)) ||
        !add(&t.value_out, -rows->int64(7)))
      return error(Errc::storage, "the daily totals are too large to be added up");
  }
  const auto differ = std::count_if(drift.begin(), drift.end(), [](const auto& e) {
    const DayTotals& t = e.second;
    return t.qty_in != 0 || t.qty_out != 0 || t.value_in != 0 || t.value_out != 0;
  });
  if (differ != 0)
    return error(Errc::storage, std::to_string(differ) + " daily total(s) differ from the ledger's movements");
  JXC_ASSIGN(std::int64_t ahead, db.query_int("SELECT count(*) FROM stock_stamp "
                                              "WHERE days_through > (SELECT coalesce(max(id),0) FROM movements)"));
  if (ahead != 0) return error(Errc::storage, "the daily totals are marked folded past the newest movement");
  JXC_TRY(verify_month_ends(db));
  return verify_day_flows(db);
}

}  // namespace jxc::inventory
