#include "edge/inventory/stock_ageing.h"

#include <algorithm>
#include <optional>
#include <utility>

#include <boost/container/small_vector.hpp>

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
  std::string lot;
  Amount on_hand;
  Qty undated = 0;
  std::vector<std::pair<DayNumber, Qty>> layers;  // (arrival day, quantity), newest first
};

/// An item's lots (most items have one) and its last issue.
struct HeldItem {
  boost::container::small_vector<Held, 1> lots;
  std::optional<DayNumber> last_issue;
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

  // The stock of each lot at the end of the day, per item by its slot.
  report_reading::Names names;
  std::optional<report_reading::ItemSlots> slots;  // once the names are read
  std::vector<HeldItem> held;
  PeriodSink stock;
  stock.opening = [&](const Position& p, const Amount& a) {
    if (!slots) {
      slots.emplace(names);
      held.resize(slots->size());
    }
    const std::int32_t slot = slots->of(p.item_id);
    if (slot < 0) return true;
    auto& lots = held[static_cast<std::size_t>(slot)].lots;
    auto lot = std::find_if(lots.begin(), lots.end(), [&](const Held& h) { return h.lot == p.lot; });
    if (lot == lots.end()) lot = lots.insert(lots.end(), Held{p.lot, {}, 0, {}});
    return add_to(&lot->on_hand, a.qty, a.value);
  };
  stock.day = [](const DayKey&, const DayTotals&) { return true; };  // none: the period is empty
  std::int64_t only_item = 0;
  JXC_TRY(report_reading::read_report(q, f.sku, "", f.day + 1, f.day, zone, &names, stock, &only_item, true));
  if (!slots) return std::vector<AgeingRow>{};
  // The lots holding stock are to be dated.
  for (auto& item : held) {
    const auto empty = [](const Held& h) { return h.on_hand.qty <= 0; };
    item.lots.erase(std::remove_if(item.lots.begin(), item.lots.end(), empty), item.lots.end());
    for (auto& h : item.lots) h.undated = h.on_hand.qty;
  }

  // Each item's days back from the day, newest first, until its stock is
  // dated and its last issue found. An arrival as old as the last bound is
  // in the bucket the bound closes; stock no younger arrival dates is in the
  // oldest bucket, so nothing older is read for it.
  const DayNumber dated_from = f.day - f.bounds.back();  // arrivals before it date nothing
  // The last issue is looked for in the last max(idle days, last bound) days.
  const DayNumber issued_from = f.day - std::max(f.idle_days, f.bounds.back()) + 1;
  JXC_ASSIGN(auto flows, DayFlowReader::open(q.db(), std::min(dated_from, issued_from), f.day, only_item, zone));
  for (std::size_t slot = 0; slot < held.size(); ++slot) {  // in item order: neighbouring rows share pages
    HeldItem& item = held[slot];
    std::size_t undated = item.lots.size();
    if (undated == 0) continue;
    JXC_TRY(flows.back_from_last(slots->id(static_cast<std::int32_t>(slot)), [&](const DayFlow& d) {
      if (d.issued > 0 && !item.last_issue && d.day >= issued_from) item.last_issue = d.day;
      if (d.arrived > 0 && d.day >= dated_from)
        for (auto& h : item.lots) {
          if (h.lot != d.lot || h.undated == 0) continue;
          const Qty take = std::min(d.arrived, h.undated);
          if (!h.layers.empty() && h.layers.back().first == d.day) h.layers.back().second += take;
          else h.layers.emplace_back(d.day, take);
          h.undated -= take;
          if (h.undated == 0) --undated;
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
  std::vector<std::int32_t> order;  // the slots holding stock, by SKU
  for (std::size_t slot = 0; slot < held.size(); ++slot)
    if (!held[slot].lots.empty()) order.push_back(static_cast<std::int32_t>(slot));
  std::sort(order.begin(), order.end(),
            [&](std::int32_t a, std::int32_t b) { return slots->item(a).sku_order < slots->item(b).sku_order; });
  std::vector<AgeingRow> out;
  out.reserve(order.size());
  for (const std::int32_t slot : order) {
    const HeldItem& held_item = held[static_cast<std::size_t>(slot)];
    const auto& item = slots->item(slot);
    AgeingRow& r = out.emplace_back();
    r.sku = item.sku;
    r.name = item.name;
    r.uom = item.uom;
    r.decimals = item.decimals;
    r.buckets.assign(nb, Amount{});
    r.last_issue = held_item.last_issue;
    r.idle = !r.last_issue || *r.last_issue <= f.day - f.idle_days;
    bool older_than_ledger = false;  // some stock no arrival dates
    for (const Held& h : held_item.lots) {
      if (!add_to(&r.on_hand, h.on_hand.qty, h.on_hand.value)) return report_reading::too_large(item.sku);
      std::vector<Qty> qty(nb, 0);
      for (const auto& [d, n] : h.layers) qty[bucket_of(f.day - d)] += n;
      qty[nb - 1] += h.undated;
      if (h.undated > 0) older_than_ledger = true;
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
    if (older_than_ledger) r.oldest_arrival.reset();
  }
  return out;
}

}  // namespace jxc::inventory
