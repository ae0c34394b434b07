#include "edge/inventory/stock_ageing.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "edge/inventory/cost.h"
#include "edge/inventory/cost_tail.h"
#include "edge/inventory/report_reading.h"
#include "edge/inventory/stock_value.h"

namespace jxc::inventory {
namespace {

using report_reading::add_to;

/// One lot's stock and what is still to be dated of it.
struct Held {
  Amount on_hand;
  Qty undated = 0;
  std::vector<std::pair<DayNumber, Qty>> layers;  // (arrival day, quantity), newest first
};

/// What came into a lot on a day on one document type, less what left.
struct ArrivalKey {
  std::int64_t item_id = 0;
  DayNumber day = 0;
  int kind = 0;
  std::string lot;
  bool operator==(const ArrivalKey&) const = default;
};
struct ArrivalKeyHash {
  std::size_t operator()(const ArrivalKey& k) const {
    std::size_t h = static_cast<std::size_t>(k.item_id) * 0x9e3779b97f4a7c15ULL;
    h ^= static_cast<std::size_t>(k.day) * 1000003u + static_cast<std::size_t>(k.kind);
    return k.lot.empty() ? h : h * 31 + std::hash<std::string>{}(k.lot);
  }
};

Status check_ageing(const AgeingFilter& f) {
  if (f.bounds.empty() || f.bounds.size() > 12)
    return error(Errc::invalid_argument, "an ageing needs 1 to 12 bucket bounds");
  for (std::size_t i = 0; i < f.bounds.size(); ++i)
    if (f.bounds[i] < 1 || (i > 0 && f.bounds[i] <= f.bounds[i - 1]))
      return error(Errc::invalid_argument, "bucket bounds must be whole days above 0, each above the one before");
  if (f.idle_days < 1) return error(Errc::invalid_argument, "idle days must be at least 1");
  return Status::ok();
}

}  // namespace

Result<std::vector<AgeingRow>> stock_ageing(Queries& q, const AgeingFilter& f, const TimeZone& zone) {
  JXC_TRY(check_ageing(f));
  const std::string transfer(to_string(DocType::transfer));
  const std::string issue_kinds[] = {std::string(to_string(DocType::issue)),
                                     std::string(to_string(DocType::production_issue)),
                                     std::string(to_string(DocType::other_issue))};
  auto snapshot = q.snapshot();

  // The stock of each lot at the end of the day.
  report_reading::Names names;
  std::unordered_map<PoolKey, Held, PoolKeyHash> held;
  PeriodSink stock;
  stock.opening = [&](const Position& p, const Amount& a) {
    return names.items.count(p.item_id) == 0 || add_to(&held[PoolKey{p.item_id, p.lot}].on_hand, a.qty, a.value);
  };
  stock.day = [](const DayKey&, const DayTotals&) { return true; };  // none: the period is empty
  std::int64_t only_item = 0;
  JXC_TRY(report_reading::read_report(q, f.sku, "", f.day + 1, f.day, zone, &names, stock, &only_item));
  std::unordered_map<std::int64_t, std::optional<DayNumber>> last_issue;  // of the items holding stock
  std::size_t undated = 0;  // lots with stock not yet dated
  for (auto it = held.begin(); it != held.end();) {
    if (it->second.on_hand.qty <= 0) {
      it = held.erase(it);
      continue;
    }
    it->second.undated = it->second.on_hand.qty;
    ++undated;
    last_issue.try_emplace(it->first.item_id);
    ++it;
  }
  std::size_t issue_unknown = last_issue.size();

  // Back from the day, a window at a time, until every lot's stock is dated
  // and every item's last issue found (or the ledger's start is reached).
  std::vector<std::string> kinds;  // a type's number in the keys below
  auto kind_number = [&](const std::string& kind) {
    const auto it = std::find(kinds.begin(), kinds.end(), kind);
    if (it != kinds.end()) return static_cast<int>(it - kinds.begin());
    kinds.push_back(kind);
    return static_cast<int>(kinds.size() - 1);
  };
  // Back from the day, the newest 90 days first, then the rest of the
  // lookback, until every lot's stock is dated and every item's last issue
  // found. Stock arrives in the oldest bucket when no arrival in the last
  // bound's days dates it, so nothing older is read.
  const int lookback = std::max(f.idle_days, f.bounds.back());
  const DayNumber dated_from = f.day - f.bounds.back();  // arrivals before it date nothing
  DayNumber window_last = f.day;
  for (const int span : {90, lookback - 90}) {
    if ((undated == 0 && issue_unknown == 0) || span <= 0) break;
    const DayNumber window_first = window_last - std::min(span, lookback) + 1;
    std::unordered_map<ArrivalKey, Qty, ArrivalKeyHash> arrived;
    auto day = [&](const DayKey& k, const DayTotals& t) {
      auto issue = last_issue.find(k.item_id);
      if (issue == last_issue.end()) return true;  // holds nothing now
      if (t.qty_out > 0 && (!issue->second || *issue->second < k.day) &&
          std::find(std::begin(issue_kinds), std::end(issue_kinds), k.kind) != std::end(issue_kinds)) {
        if (!issue->second) --issue_unknown;
        issue->second = k.day;
      }
      if (k.kind == transfer || k.day < dated_from) return true;
      const auto h = held.find(PoolKey{k.item_id, k.lot});
      if (h == held.end() || h->second.undated == 0) return true;
      Qty& net = arrived[ArrivalKey{k.item_id, k.day, kind_number(k.kind), k.lot}];
      return !__builtin_add_overflow(net, t.qty_in - t.qty_out, &net);
    };
    JXC_TRY(read_days(q.db(), DayRange{window_first, window_last, only_item}, zone, day));
    // The window's arrivals per lot, newest first, date what is left undated.
    std::map<PoolKey, std::vector<std::pair<DayNumber, Qty>>> per_lot;
    for (const auto& [k, qty] : arrived)
      if (qty > 0) per_lot[PoolKey{k.item_id, k.lot}].emplace_back(k.day, qty);
    for (auto& [key, list] : per_lot) {
      std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
      Held& h = held[key];
      for (const auto& [d, qty] : list) {
        if (h.undated == 0) break;
        const Qty take = std::min(qty, h.undated);
        if (!h.layers.empty() && h.layers.back().first == d) h.layers.back().second += take;
        else h.layers.emplace_back(d, take);
        h.undated -= take;
      }
      if (h.undated == 0) --undated;
    }
    window_last = window_first - 1;
  }

  // Each lot's layers into buckets, valued at the lot's average.
  const std::size_t nb = f.bounds.size() + 1;
  auto bucket_of = [&](int age) {
    std::size_t i = 0;
    while (i < f.bounds.size() && age > f.bounds[i]) ++i;
    return i;
  };
  std::map<std::string, AgeingRow> rows;  // by SKU
  std::set<std::string> older_than_ledger;  // items with stock no arrival dates
  for (const auto& [key, h] : held) {
    const auto& item = names.items[key.item_id];
    auto [it, fresh] = rows.try_emplace(item.sku);
    AgeingRow& r = it->second;
    if (fresh) {
      r.sku = item.sku;
      r.name = item.name;
      r.uom = item.uom;
      r.decimals = item.decimals;
      r.buckets.assign(nb, Amount{});
      r.last_issue = last_issue[key.item_id];
      r.idle = !r.last_issue || *r.last_issue <= f.day - f.idle_days;
    }
    if (!add_to(&r.on_hand, h.on_hand.qty, h.on_hand.value)) return report_reading::too_large(item.sku);
    std::vector<Qty> qty(nb, 0);
    for (const auto& [d, n] : h.layers) qty[bucket_of(f.day - d)] += n;
    qty[nb - 1] += h.undated;
    if (h.undated > 0) older_than_ledger.insert(item.sku);
    else if (!r.oldest_arrival || h.layers.back().first < *r.oldest_arrival) r.oldest_arrival = h.layers.back().first;
    // The oldest bucket holding any takes the value left.
    std::size_t oldest_bucket = nb - 1;
    while (oldest_bucket > 0 && qty[oldest_bucket] == 0) --oldest_bucket;
    const CostPool pool{h.on_hand.qty, h.on_hand.value, 0};
    Money left = h.on_hand.value;
    for (std::size_t i = 0; i < nb; ++i) {
      if (qty[i] == 0) continue;
      Money value = left;
      if (i != oldest_bucket) {
        JXC_ASSIGN(value, valued_at(pool, qty[i], item.decimals));
        left -= value;
      }
      if (!add_to(&r.buckets[i], qty[i], value)) return report_reading::too_large(item.sku);
    }
  }
  std::vector<AgeingRow> out;
  out.reserve(rows.size());
  for (auto& [sku, r] : rows) {
    if (older_than_ledger.count(sku) != 0) r.oldest_arrival.reset();
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace jxc::inventory
