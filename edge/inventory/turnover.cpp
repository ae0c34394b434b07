#include "edge/inventory/turnover.h"

#include <algorithm>
#include <unordered_map>

#include "edge/inventory/report_reading.h"
#include "edge/inventory/reversed_issues.h"

namespace jxc::inventory {
namespace {

using report_reading::add_to;

/// What one item adds up to over the period and the demand window.
struct TurnoverTally {
  Amount opening, change, issued;
  __int128 weighted = 0;  // each day's change in value times the days it stayed in the period
  Qty demand = 0;
  bool moved = false;
};

/// Half away from zero.
Money rounded_mean(__int128 sum, int days) {
  const __int128 half = days / 2;
  return static_cast<Money>(sum >= 0 ? (sum + half) / days : -((-sum + half) / days));
}

}  // namespace

std::optional<double> turnover_ratio(Money issued_value, Money average_value) {
  if (average_value <= 0) return std::nullopt;
  return static_cast<double>(issued_value) / static_cast<double>(average_value);
}

std::optional<double> turnover_days(int days, std::optional<double> turnover) {
  if (!turnover || *turnover <= 0) return std::nullopt;
  return days / *turnover;
}

Result<TurnoverReport> turnover(Queries& q, const TurnoverFilter& f, const TimeZone& zone) {
  if (f.last < f.first) return error(Errc::invalid_argument, "the period ends before it begins");
  if (f.demand_days < 1) return error(Errc::invalid_argument, "the demand window must be at least one day");
  const std::string sale(to_string(DocType::issue)), production(to_string(DocType::production_issue)),
      other(to_string(DocType::other_issue)), returned(to_string(DocType::customer_return));
  const DayNumber demand_from = f.last - f.demand_days + 1;
  const DayNumber read_from = std::min(f.first, demand_from);
  const int days = f.last - f.first + 1;

  report_reading::Names names;
  std::unordered_map<std::int64_t, TurnoverTally> tallies;
  struct Last {
    std::int64_t item_id = -1, location_id = -1;
    TurnoverTally* tally = nullptr;
  } last;
  auto tally_of = [&](std::int64_t item_id, std::int64_t location_id) -> TurnoverTally* {
    if (item_id == last.item_id && location_id == last.location_id) return last.tally;
    TurnoverTally* t = nullptr;
    const auto place = names.places.find(location_id);
    if (place != names.places.end() && place->second.in_scope && names.items.count(item_id) != 0) {
      if (tallies.empty()) tallies.reserve(names.items.size());
      t = &tallies[item_id];
    }
    last = {item_id, location_id, t};
    return t;
  };
  PeriodSink sink;
  sink.opening = [&](const Position& p, const Amount& a) {
    TurnoverTally* t = tally_of(p.item_id, p.location_id);
    return t == nullptr || add_to(&t->opening, a.qty, a.value);
  };
  sink.day = [&](const DayKey& k, const DayTotals& d) {
    TurnoverTally* t = tally_of(k.item_id, k.location_id);
    if (t == nullptr) return true;
    if (k.day >= demand_from && k.kind == sale) t->demand += d.qty_out;
    const Qty dq = d.qty_in - d.qty_out;
    const Money dv = d.value_in - d.value_out;
    if (k.day < f.first) return add_to(&t->opening, dq, dv);
    t->moved = true;
    t->weighted += static_cast<__int128>(dv) * (f.last - k.day + 1);
    if (k.kind == sale || k.kind == production || k.kind == other) {
      if (!add_to(&t->issued, d.qty_out, d.value_out)) return false;
    } else if (k.kind == returned) {
      if (!add_to(&t->issued, -d.qty_in, -d.value_in)) return false;
    }
    return add_to(&t->change, dq, dv);
  };
  auto snapshot = q.snapshot();
  std::int64_t only_item = 0;
  JXC_TRY(report_reading::read_report(q, f.sku, f.location, read_from, f.last, zone, &names, sink, &only_item));
  JXC_ASSIGN(const auto reversed, reversed_issues(q.db(), f.first, f.last, only_item, zone));
  for (const ReversedIssue& r : reversed) {
    TurnoverTally* t = tally_of(r.item_id, r.location_id);
    if (t != nullptr && !add_to(&t->issued, r.qty, r.value))
      return report_reading::too_large(names.items[r.item_id].sku);
  }

  TurnoverReport out;
  out.days = days;
  __int128 average_sum = 0;
  for (auto& [item_id, t] : tallies) {
    const auto& item = names.items[item_id];
    TurnoverRow r;
    r.sku = item.sku;
    r.name = item.name;
    r.uom = item.uom;
    r.decimals = item.decimals;
    r.opening = t.opening;
    r.closing = t.opening;
    if (!add_to(&r.closing, t.change.qty, t.change.value)) return report_reading::too_large(item.sku);
    const bool idle = !t.moved && t.demand == 0;
    if (idle && r.opening.qty == 0 && r.opening.value == 0) continue;
    const __int128 sum = static_cast<__int128>(t.opening.value) * days + t.weighted;
    r.average_value = rounded_mean(sum, days);
    r.issued = t.issued;
    r.demand_qty = t.demand;
    r.turnover = turnover_ratio(r.issued.value, r.average_value);
    r.turnover_days = turnover_days(days, r.turnover);
    if (t.demand > 0)
      r.days_of_cover = static_cast<double>(r.closing.qty) * f.demand_days / static_cast<double>(t.demand);
    average_sum += r.average_value;
    out.opening_value += r.opening.value;
    out.closing_value += r.closing.value;
    out.issued_value += r.issued.value;
    out.rows.push_back(std::move(r));
  }
  out.average_value = static_cast<Money>(average_sum);
  out.turnover = turnover_ratio(out.issued_value, out.average_value);
  out.turnover_days = turnover_days(days, out.turnover);
  std::sort(out.rows.begin(), out.rows.end(), [](const TurnoverRow& a, const TurnoverRow& b) { return a.sku < b.sku; });
  return out;
}

}  // namespace jxc::inventory
