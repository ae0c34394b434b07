#include "edge/inventory/stock_ageing.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

#include "edge/inventory/cost.h"
#include "edge/inventory/cost_tail.h"
#include "edge/inventory/day_flows.h"
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
  // Per item holding stock, its lots to date and its last issue.
  struct HeldItem {
    std::vector<std::pair<const std::string*, Held*>> lots;
    std::optional<DayNumber> last_issue;
  };
  std::map<std::int64_t, HeldItem> items;  // in item order: neighbouring rows share pages
  for (auto it = held.begin(); it != held.end();) {
    if (it->second.on_hand.qty <= 0) {
      it = held.erase(it);
      continue;
    }
    it->second.undated = it->second.on_hand.qty;
    items[it->first.item_id].lots.emplace_back(&it->first.lot, &it->second);
    ++it;
  }

  // Each item's days back from the day, newest first, until its stock is
  // dated and its last issue found. Stock no arrival within the last bound's
  // days dates is in the oldest bucket, so nothing older is read for it.
  const int lookback = std::max(f.idle_days, f.bounds.back());
  const DayNumber dated_from = f.day - f.bounds.back();  // arrivals before it date nothing
  JXC_ASSIGN(auto flows, DayFlowReader::open(q.db(), f.day - lookback + 1, f.day, only_item, zone));
  for (auto& entry : items) {
    HeldItem& item = entry.second;  // not a structured binding: clang 14 lambdas cannot capture one
    std::size_t undated = item.lots.size();
    JXC_TRY(flows.back_from_last(entry.first, [&](const DayFlow& d) {
      if (d.issued > 0 && !item.last_issue) item.last_issue = d.day;
      if (d.arrived > 0 && d.day >= dated_from)
        for (auto& [lot, h] : item.lots) {
          if (*lot != d.lot || h->undated == 0) continue;
          const Qty take = std::min(d.arrived, h->undated);
          if (!h->layers.empty() && h->layers.back().first == d.day) h->layers.back().second += take;
          else h->layers.emplace_back(d.day, take);
          h->undated -= take;
          if (h->undated == 0) --undated;
        }
      return undated > 0 || !item.last_issue;
    }));
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
      r.last_issue = items[key.item_id].last_issue;
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
