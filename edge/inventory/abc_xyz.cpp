#include "edge/inventory/abc_xyz.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>

#include "edge/inventory/month_ends.h"
#include "edge/inventory/report_reading.h"
#include "edge/inventory/reversed_issues.h"

namespace jxc::inventory {
namespace {

using report_reading::add_to;

struct AbcTally {
  Amount issued;
  bool seen = false;  // stock at the start or a movement in the period
};

Status check_abc(const AbcFilter& f) {
  if (f.last - f.first + 1 < 14) return error(Errc::invalid_argument, "ABC/XYZ needs a period of two weeks or more");
  if (!(f.a_share > 0 && f.b_share >= 0 && f.a_share + f.b_share <= 1))
    return error(Errc::invalid_argument, "the A and B shares must be above 0 and add up to at most 1");
  if (!(f.x_cv > 0 && f.y_cv >= f.x_cv))
    return error(Errc::invalid_argument, "the X and Y limits must be above 0, X's at most Y's");
  return Status::ok();
}

/// The end of the last closed month within the period; 0 for none, or when
/// the daily totals are not of this zone.
Result<DayNumber> closed_month_end_within(store::Db& db, DayNumber first, DayNumber last, const TimeZone& zone) {
  JXC_ASSIGN(const std::int64_t mark, day_totals_mark(db, zone));
  JXC_ASSIGN(const DayNumber closed, months_through(db));
  if (mark == 0 || closed == 0 || first <= 0) return DayNumber{0};
  DayNumber end = std::min(closed, last);
  if (end != last_of_month(end)) end = first_of_month(end) - 1;
  return end >= first ? end : DayNumber{0};
}

/// Hands `held` what each position held at `month_end`, a closed month's
/// end within the period: the month's rows plus the movements not folded
/// yet from before the period. (The period's own movements count the item
/// seen whatever they did to its stock.)
Status read_held_at(store::Db& db, DayNumber month_end, DayNumber first, std::int64_t only_item,
                    const TimeZone& zone, const std::function<bool(const Position&, const Amount&)>& held) {
  auto too_large = [](std::int64_t item_id) {
    return error(Errc::invalid_argument, "the stock of item " + std::to_string(item_id) + " is too large");
  };
  JXC_ASSIGN(DayTotalsMap before,
             days_after_mark(db, DayRange{std::numeric_limits<DayNumber>::min(), first - 1, only_item}, zone));
  std::map<Position, Amount> unfolded;
  for (const auto& [k, t] : before) {
    Amount& a = unfolded[Position{k.item_id, k.location_id, k.lot}];
    if (!add_to(&a, t.qty_in, t.value_in) || !add_to(&a, -t.qty_out, -t.value_out)) return too_large(k.item_id);
  }
  JXC_TRY(read_month_end(db, month_end, only_item, [&](const Position& p, const Amount& a) {
    const auto it = unfolded.empty() ? unfolded.end() : unfolded.find(p);
    if (it == unfolded.end()) return held(p, a);
    Amount sum = a;
    const bool fits = add_to(&sum, it->second.qty, it->second.value);
    unfolded.erase(it);
    return fits && held(p, sum);
  }));
  for (const auto& [p, a] : unfolded)
    if (!held(p, a)) return too_large(p.item_id);
  return Status::ok();
}

}  // namespace

Result<AbcReport> abc_xyz(Queries& q, const AbcFilter& f, const TimeZone& zone) {
  JXC_TRY(check_abc(f));
  const std::string sale(to_string(DocType::issue)), production(to_string(DocType::production_issue)),
      other(to_string(DocType::other_issue)), returned(to_string(DocType::customer_return));
  const int weeks = (f.last - f.first + 1) / 7;
  report_reading::Names names;
  std::optional<report_reading::ItemSlots> slots;  // once the names are read
  std::vector<AbcTally> tallies;                    // by slot
  std::vector<Qty> week_qty;                        // by slot, then week
  auto tally_of = [&](std::int64_t item_id, std::int64_t location_id) -> std::int32_t {
    if (!slots) {
      slots.emplace(names);
      tallies.resize(slots->size());
      week_qty.assign(slots->size() * static_cast<std::size_t>(weeks), 0);
    }
    const auto place = names.places.find(location_id);
    if (place == names.places.end() || !place->second.in_scope) return -1;
    return slots->of(item_id);
  };
  PeriodSink sink;
  sink.opening = [&](const Position& p, const Amount& a) {
    const std::int32_t slot = tally_of(p.item_id, p.location_id);
    if (slot >= 0 && (a.qty != 0 || a.value != 0)) tallies[static_cast<std::size_t>(slot)].seen = true;
    return true;
  };
  // What went out on a day, in its week and over the period.
  auto add_issued = [&](std::int32_t slot, DayNumber day, Qty qty, Money value) {
    const auto week = static_cast<std::size_t>((day - f.first) / 7);
    if (week < static_cast<std::size_t>(weeks)) {
      Qty& w = week_qty[static_cast<std::size_t>(slot) * static_cast<std::size_t>(weeks) + week];
      if (__builtin_add_overflow(w, qty, &w)) return false;
    }
    return add_to(&tallies[static_cast<std::size_t>(slot)].issued, qty, value);
  };
  sink.day = [&](const DayKey& k, const DayTotals& d) {
    const std::int32_t slot = tally_of(k.item_id, k.location_id);
    if (slot < 0) return true;
    tallies[static_cast<std::size_t>(slot)].seen = true;
    if (k.kind == sale || k.kind == production || k.kind == other)
      return add_issued(slot, k.day, d.qty_out, d.value_out);
    if (k.kind == returned) return add_issued(slot, k.day, -d.qty_in, -d.value_in);
    return true;
  };
  // An item is seen with stock at the start or a movement in the period.
  // Stock at the start that does not move in the period is still there at
  // the end of a month within it: where one is closed, its rows stand for
  // the opening (a closed month's rows, not the days before the period).
  auto snapshot = q.snapshot();
  std::int64_t only_item = 0;
  JXC_TRY(report_reading::read_names(q, f.sku, f.location, &names, &only_item));
  JXC_ASSIGN(const DayNumber month_end, closed_month_end_within(q.db(), f.first, f.last, zone));
  if (month_end == 0) {
    JXC_TRY(read_period(q.db(), DayRange{f.first, f.last, only_item}, zone, sink));
  } else {
    JXC_TRY(read_held_at(q.db(), month_end, f.first, only_item, zone, sink.opening));
    JXC_TRY(read_days(q.db(), DayRange{f.first, f.last, only_item}, zone, sink.day));
  }
  JXC_ASSIGN(const auto reversed, reversed_issues(q.db(), f.first, f.last, only_item, zone));
  for (const ReversedIssue& r : reversed) {
    const std::int32_t slot = tally_of(r.item_id, r.location_id);
    if (slot >= 0 && !add_issued(slot, r.day, r.qty, r.value))
      return report_reading::too_large(slots->item(slot).sku);
  }

  AbcReport out;
  out.weeks = weeks;
  for (std::size_t slot = 0; slot < tallies.size(); ++slot) {
    const AbcTally& t = tallies[slot];
    if (!t.seen) continue;
    const auto& item = slots->item(static_cast<std::int32_t>(slot));
    AbcRow r;
    r.sku = item.sku;
    r.name = item.name;
    r.uom = item.uom;
    r.decimals = item.decimals;
    r.issued = t.issued;
    const auto from = week_qty.begin() + static_cast<std::ptrdiff_t>(slot * static_cast<std::size_t>(weeks));
    r.weeks.assign(from, from + weeks);
    double sum = 0;
    for (Qty w : r.weeks) sum += static_cast<double>(w);
    const double mean = sum / weeks;
    if (mean > 0) {
      double squares = 0;
      for (Qty w : r.weeks) squares += (static_cast<double>(w) - mean) * (static_cast<double>(w) - mean);
      r.cv = std::sqrt(squares / (weeks - 1)) / mean;
      r.xyz = *r.cv <= f.x_cv ? 'X' : *r.cv <= f.y_cv ? 'Y' : 'Z';
    }
    if (r.issued.value > 0) out.issued_value += r.issued.value;
    out.rows.push_back(std::move(r));
  }
  std::sort(out.rows.begin(), out.rows.end(), [](const AbcRow& a, const AbcRow& b) {
    return a.issued.value != b.issued.value ? a.issued.value > b.issued.value : a.sku < b.sku;
  });
  Money before = 0;
  for (auto& r : out.rows) {
    if (r.issued.value <= 0 || out.issued_value <= 0) continue;  // C
    const double total = static_cast<double>(out.issued_value);
    const double share_before = static_cast<double>(before) / total;
    r.abc = share_before < f.a_share ? 'A' : share_before < f.a_share + f.b_share ? 'B' : 'C';
    before += r.issued.value;
    r.share = static_cast<double>(r.issued.value) / total;
    r.cumulative = static_cast<double>(before) / total;
  }
  return out;
}

}  // namespace jxc::inventory
