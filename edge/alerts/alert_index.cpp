#include "edge/alerts/alert_index.h"

namespace jxc::alerts {

void AlertIndex::load(const inventory::AlertIndexRows& rows, std::vector<Change>& out) {
  // The names of what was watched until now, for ending alerts of removed thresholds.
  const auto old_sku = std::move(sku_of_);
  const auto old_code = std::move(code_of_);
  sku_of_.clear();
  code_of_.clear();
  item_id_of_.clear();
  location_id_of_.clear();
  lead_time_of_.clear();
  StockRules rules(settings_.hysteresis_pct);
  std::unordered_map<std::int64_t, std::pair<std::int64_t, std::string>> parent_kind;
  std::vector<std::pair<std::int64_t, std::int64_t>> tree;
  for (const auto& l : rows.locations) {
    code_of_[l.id] = l.code;
    location_id_of_[l.code] = l.id;
    parent_kind[l.id] = {l.parent_id, l.kind};
    // A quarantine bin's stock is held, not available: it counts toward a
    // threshold on the bin itself, never toward the zones and warehouses
    // above it, whose low-stock, stockout and replenishment see what can be
    // picked (quality.h).
    if (l.kind != "virtual") tree.emplace_back(l.id, l.quarantine ? 0 : l.parent_id);
    if (l.code == "@CUSTOMER") customer_id_ = l.id;
  }
  rules.set_locations(tree);
  std::unordered_map<std::int64_t, std::int64_t> pack_of;
  for (const auto& i : rows.items) {
    sku_of_[i.id] = i.sku;
    item_id_of_[i.sku] = i.id;
    if (i.lead_time_days) lead_time_of_[i.id] = *i.lead_time_days;
    pack_of[i.id] = i.pack_multiple;
  }
  auto warehouse_of = [&](std::int64_t loc) {
    for (std::int64_t at = loc, depth = 0; at != 0 && depth < 16; ++depth) {
      auto it = parent_kind.find(at);
      if (it == parent_kind.end()) break;
      if (it->second.second == "warehouse") return at;
      at = it->second.first;
    }
    return loc;  // above or outside a warehouse: as named
  };
  for (const auto& t : rows.thresholds) {
    Watch w;
    w.item_id = t.item_id;
    w.location_id = settings_.warehouse_scope ? warehouse_of(t.location_id) : t.location_id;
    w.min = t.min;
    w.max = t.max;
    w.reorder = t.reorder;
    w.pack_multiple = pack_of.count(w.item_id) ? pack_of[w.item_id] : 1;
    // Keep what was already raised or computed for the same watch.
    if (const Watch* old = rules_.find(w.item_id, w.location_id)) {
      w.low = old->low;
      w.out = old->out;
      w.over = old->over;
      w.below_rop = old->below_rop;
      w.reorder_point = old->reorder_point;
    }
    rules.add_watch(w);
  }
  for (const auto& b : rows.balances) rules.seed(b.item_id, b.location_id, b.qty);
  // A threshold that is gone can no longer end its alerts: end them now.
  for (const Watch& w : rules_.watches()) {
    if (rules.find(w.item_id, w.location_id)) continue;
    for (auto [raised, kind] : {std::pair{w.low, Kind::low_stock}, std::pair{w.out, Kind::stockout},
                                std::pair{w.over, Kind::overstock}}) {
      if (!raised) continue;
      auto sku = old_sku.find(w.item_id);
      auto code = old_code.find(w.location_id);
      if (sku == old_sku.end() || code == old_code.end()) continue;
      out.push_back(clear_change({kind, sku->second, code->second, "", ""}));
    }
  }
  rules_ = std::move(rules);
}

Conditions AlertIndex::restore(std::vector<Alert> open, const std::vector<Suggestion>& suggestions,
                               std::vector<Change>& out) {
  Conditions other;
  for (Alert& a : open) {
    auto k = a.key.kind;
    if (k == Kind::low_stock || k == Kind::stockout || k == Kind::overstock) {
      auto item = item_id_of_.find(a.key.item);
      auto loc = location_id_of_.find(a.key.location);
      Watch* w = item != item_id_of_.end() && loc != location_id_of_.end()
                     ? rules_.find(item->second, loc->second)
                     : nullptr;
      if (w) {
        (k == Kind::low_stock ? w->low : k == Kind::stockout ? w->out : w->over) = true;
      } else {
        out.push_back(clear_change(a.key));
      }
      continue;
    }
    other[a.key.text()] = std::move(a);
  }
  for (const auto& s : suggestions) {
    auto item = item_id_of_.find(s.item);
    auto loc = location_id_of_.find(s.location);
    if (item == item_id_of_.end() || loc == location_id_of_.end()) continue;
    if (Watch* w = rules_.find(item->second, loc->second)) w->below_rop = true;
  }
  return other;
}

std::vector<std::int64_t> AlertIndex::set_orders(const std::vector<inventory::OpenOrderQty>& rows,
                                                 bool complete) {
  std::unordered_map<std::int64_t, std::pair<Qty, Qty>> now;
  for (const auto& r : rows) now[r.item_id] = {r.reserved, r.expected};
  if (complete)  // items that had open orders and have none now
    for (std::int64_t item : rules_.items_with_orders())
      if (!now.count(item)) now[item] = {0, 0};
  std::vector<std::int64_t> changed;
  for (const auto& [item, v] : now) {
    if (rules_.reserved(item) == v.first && rules_.expected(item) == v.second) continue;
    rules_.set_reserved(item, v.first);
    rules_.set_expected(item, v.second);
    changed.push_back(item);
  }
  return changed;
}

void AlertIndex::set_demand(std::unordered_map<std::int64_t, DemandStats> demand) {
  demand_ = std::move(demand);
  has_demand_ = true;
  set_reorder_points();
}

void AlertIndex::set_reorder_points() {
  if (!has_demand_) return;
  for (auto& w : rules_.watches()) {
    ReorderPolicy p;
    p.service_level = settings_.service_level;
    auto lt = lead_time_of_.find(w.item_id);
    p.lead_time_days =
        static_cast<double>(lt != lead_time_of_.end() ? lt->second : settings_.default_lead_time_days);
    p.min = w.min;
    auto d = demand_.find(w.item_id);
    w.reorder_point = reorder_point(d != demand_.end() ? d->second : DemandStats{}, p).reorder_point;
  }
}

void AlertIndex::to_changes(const std::vector<Transition>& ts, TimeMs now, std::vector<Change>& out) {
  for (const Transition& t : ts) {
    const Watch& w = rules_.watches()[t.watch];
    const std::string& sku = sku_of_[w.item_id];
    const std::string& loc = code_of_[w.location_id];
    const Qty reserved = rules_.reserved(w.item_id);
    Change c;
    if (t.replenish) {
      c.type = t.raise ? Change::suggest : Change::cover;
      Suggestion& s = c.suggestion;
      s.item = sku;
      s.location = loc;
      s.on_hand = w.on_hand;
      s.expected = rules_.expected(w.item_id);
      s.reserved = reserved;
      s.reorder_point = w.reorder_point;
      s.qty = t.suggested;
      auto d = demand_.find(w.item_id);
      if (d != demand_.end()) {
        s.mean_daily = d->second.mean;
        s.sigma_daily = d->second.sigma;
      }
      auto lt = lead_time_of_.find(w.item_id);
      s.lead_time_days = lt != lead_time_of_.end() ? lt->second : settings_.default_lead_time_days;
    } else if (!t.raise) {
      c.type = Change::clear;
      c.alert.key = {t.kind, sku, loc, "", ""};
    } else {
      c.alert = make_alert({t.kind, sku, loc, "", ""}, t.qty, t.threshold,
                           stock_detail(t, w.on_hand, reserved), now);
      c.alert.suggested_qty = t.suggested;
      c.alert.facts.on_hand = w.on_hand;
      c.alert.facts.reserved = reserved;
    }
    out.push_back(std::move(c));
  }
}

}  // namespace jxc::alerts
