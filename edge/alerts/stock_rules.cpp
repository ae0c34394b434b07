#include "edge/alerts/stock_rules.h"

#include <cmath>

#include "edge/alerts/replenishment.h"

namespace jxc::alerts {

void StockRules::set_locations(const std::vector<std::pair<std::int64_t, std::int64_t>>& child_parent) {
  std::unordered_map<std::int64_t, std::int64_t> parent(child_parent.begin(), child_parent.end());
  chain_.clear();
  for (const auto& [id, p] : child_parent) {
    auto& c = chain_[id];
    c.push_back(id);
    std::int64_t up = p;
    for (int depth = 0; up != 0 && depth < 16; ++depth) {  // depth bound guards against a cycle
      c.push_back(up);
      auto it = parent.find(up);
      up = it == parent.end() ? 0 : it->second;
    }
  }
}

void StockRules::add_watch(const Watch& w) {
  auto idx = static_cast<std::uint32_t>(watches_.size());
  if (!by_key_.emplace(key(w.item_id, w.location_id), idx).second) return;
  watches_.push_back(w);
  by_item_[w.item_id].push_back(idx);
}

void StockRules::seed(std::int64_t item_id, std::int64_t location_id, Qty qty) {
  auto c = chain_.find(location_id);
  if (c == chain_.end()) return;
  for (std::int64_t loc : c->second)
    if (Watch* w = find(item_id, loc)) w->on_hand += qty;
}

void StockRules::set_reserved(std::int64_t item_id, Qty q) {
  if (q == 0) reserved_.erase(item_id); else reserved_[item_id] = q;
}
void StockRules::set_expected(std::int64_t item_id, Qty q) {
  if (q == 0) expected_.erase(item_id); else expected_[item_id] = q;
}
Qty StockRules::reserved(std::int64_t item_id) const {
  auto it = reserved_.find(item_id);
  return it == reserved_.end() ? 0 : it->second;
}
Qty StockRules::expected(std::int64_t item_id) const {
  auto it = expected_.find(item_id);
  return it == expected_.end() ? 0 : it->second;
}

std::vector<std::int64_t> StockRules::items_with_orders() const {
  std::vector<std::int64_t> out;
  for (const auto& [item, q] : reserved_) out.push_back(item);
  for (const auto& [item, q] : expected_)
    if (!reserved_.count(item)) out.push_back(item);
  return out;
}

const Watch* StockRules::find(std::int64_t item_id, std::int64_t location_id) const {
  auto it = by_key_.find(key(item_id, location_id));
  return it == by_key_.end() ? nullptr : &watches_[it->second];
}
Watch* StockRules::find(std::int64_t item_id, std::int64_t location_id) {
  auto it = by_key_.find(key(item_id, location_id));
  return it == by_key_.end() ? nullptr : &watches_[it->second];
}

Qty hysteresis_margin(Qty threshold, double pct) {
  auto m = static_cast<Qty>(std::ceil(static_cast<double>(threshold) * pct / 100.0));
  return m < 1 ? 1 : m;
}

void StockRules::add(std::int64_t item_id, std::int64_t location_id, Qty delta,
                     std::vector<std::uint32_t>& dirty) {
  auto c = chain_.find(location_id);
  if (c == chain_.end()) return;  // virtual locations are not watched
  for (std::int64_t loc : c->second) {
    auto it = by_key_.find(key(item_id, loc));
    if (it == by_key_.end()) continue;
    Watch& w = watches_[it->second];
    w.on_hand += delta;
    if (!w.dirty) {
      w.dirty = true;
      dirty.push_back(it->second);
    }
  }
}

void StockRules::evaluate_dirty(std::vector<std::uint32_t>& dirty, std::vector<Transition>& out) {
  for (auto idx : dirty) {
    watches_[idx].dirty = false;
    evaluate(idx, out);
  }
  dirty.clear();
}

void StockRules::evaluate_all(std::vector<Transition>& out) {
  for (std::uint32_t i = 0; i < watches_.size(); ++i) evaluate(i, out);
}

void StockRules::evaluate_item(std::int64_t item_id, std::vector<Transition>& out) {
  auto it = by_item_.find(item_id);
  if (it == by_item_.end()) return;
  for (auto idx : it->second) evaluate(idx, out);
}

void StockRules::evaluate(std::uint32_t idx, std::vector<Transition>& out) {
  Watch& w = watches_[idx];
  const Qty reserved = reserved_.empty() ? 0 : this->reserved(w.item_id);
  const Qty available = w.on_hand - reserved;
  auto emit = [&](Kind k, bool raise, Qty qty, Qty threshold, Qty suggested) {
    out.push_back(Transition{k, false, raise, idx, qty, threshold, suggested});
  };
  // Stockout: nothing available; ends once some stock is back past the margin.
  if (!w.out && available <= 0) {
    w.out = true;
    emit(Kind::stockout, true, available, 0, low_stock_order(w, available));
  } else if (w.out && available >= margin(w.min)) {
    w.out = false;
    emit(Kind::stockout, false, available, 0, 0);
  }
  if (w.min > 0) {
    if (!w.low && available < w.min) {
      w.low = true;
      emit(Kind::low_stock, true, available, w.min, low_stock_order(w, available));
    } else if (w.low && available >= w.min + margin(w.min)) {
      w.low = false;
      emit(Kind::low_stock, false, available, w.min, 0);
    }
  }
  if (w.max > 0) {
    if (!w.over && w.on_hand > w.max) {
      w.over = true;
      emit(Kind::overstock, true, w.on_hand, w.max, 0);
    } else if (w.over && w.on_hand <= w.max - margin(w.max)) {
      w.over = false;
      emit(Kind::overstock, false, w.on_hand, w.max, 0);
    }
  }
  if (w.reorder_point >= 0) {
    const Qty projected = w.on_hand + (expected_.empty() ? 0 : expected(w.item_id)) - reserved;
    const double p = static_cast<double>(projected);
    if (!w.below_rop && p <= w.reorder_point) {
      w.below_rop = true;
      ReorderPolicy pol;
      pol.min = w.min;
      pol.max = w.max;
      pol.reorder_qty = w.reorder;
      pol.pack_multiple = w.pack_multiple;
      ReorderPoint rp;
      rp.reorder_point = w.reorder_point;
      out.push_back(Transition{Kind::low_stock, true, true, idx, projected,
                               static_cast<Qty>(std::ceil(w.reorder_point)),
                               order_quantity(p, rp, pol)});
    } else if (w.below_rop && p > w.reorder_point) {
      w.below_rop = false;
      out.push_back(Transition{Kind::low_stock, true, false, idx, projected,
                               static_cast<Qty>(std::ceil(w.reorder_point)), 0});
    }
  }
}

std::string stock_detail(const Transition& t, Qty on_hand, Qty reserved) {
  const std::string stock = "on hand " + std::to_string(on_hand) + ", reserved " + std::to_string(reserved);
  switch (t.kind) {
    case Kind::stockout:
      return "nothing available (" + stock + "); order " + std::to_string(t.suggested);
    case Kind::low_stock:
      return "available " + std::to_string(t.qty) + " (" + stock + ") is below min " +
             std::to_string(t.threshold) + "; order " + std::to_string(t.suggested);
    default:
      return "on hand " + std::to_string(t.qty) + " is above max " + std::to_string(t.threshold);
  }
}

Qty low_stock_order(const Watch& w, Qty available) {
  ReorderPolicy p;
  p.min = w.min;
  p.max = w.max;
  p.reorder_qty = w.reorder;
  p.pack_multiple = w.pack_multiple;
  ReorderPoint rp;
  rp.reorder_point = static_cast<double>(w.min);
  return order_quantity(static_cast<double>(available), rp, p);
}

}  // namespace jxc::alerts
