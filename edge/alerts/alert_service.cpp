#include "edge/alerts/alert_service.h"

#include <cmath>
#include <cstdlib>

#include <spdlog/spdlog.h>

#include "edge/alerts/alert_store.h"
#include "edge/inventory/tx.h"
#include "edge/store/sqlite.h"

namespace jxc::alerts {
namespace {

constexpr TimeMs kDayMs = 86'400'000;
constexpr TimeMs kHourMs = 3'600'000;

/// When stock of item p.item_id at p.location_id last moved for the slow-moving
/// rule: its last issue to the customer (?2) from there, or, never issued, when
/// it first arrived. One definition for the full search and the recheck.
constexpr const char* kLastIssueOfP =
    "coalesce("
    "(SELECT max(m.recorded_at) FROM movements m WHERE m.item_id = p.item_id "
    "   AND m.from_location = p.location_id AND m.to_location = ?2),"
    "(SELECT min(m.recorded_at) FROM movements m WHERE m.item_id = p.item_id "
    "   AND m.to_location = p.location_id))";
constexpr TimeMs kMinuteMs = 60'000;

std::string date_of(TimeMs ms) { return format_iso8601(ms).substr(0, 10); }

std::int64_t days_between(const std::string& from, const std::string& to) {
  TimeMs a = 0, b = 0;
  if (!parse_iso8601(from, &a) || !parse_iso8601(to, &b)) return 0;
  return (b - a) / kDayMs;
}

}  // namespace

Result<std::shared_ptr<AlertService>> AlertService::create(inventory::Engine& engine,
                                                           const std::string& store_path,
                                                           config::AlertsConfig cfg,
                                                           const Clock& clock) {
  JXC_ASSIGN(auto q, inventory::Queries::open(store_path));
  JXC_ASSIGN(auto tq, inventory::Queries::open(store_path));
  return std::shared_ptr<AlertService>(
      new AlertService(engine, std::move(q), std::move(tq), std::move(cfg), clock));
}

AlertService::AlertService(inventory::Engine& engine, std::unique_ptr<inventory::Queries> q,
                           std::unique_ptr<inventory::Queries> timer_q, config::AlertsConfig cfg,
                           const Clock& clock)
    : engine_(engine),
      q_(std::move(q)),
      timer_q_(std::move(timer_q)),
      cfg_(std::move(cfg)),
      clock_(clock),
      rules_(cfg_.hysteresis_pct) {}

void AlertService::subscribe() {
  {
    std::lock_guard lock(mu_);
    if (subscribed_) return;
    subscribed_ = true;
  }
  // The engine keeps its listeners for its whole life; the service may go first.
  std::weak_ptr<AlertService> weak = weak_from_this();
  engine_.add_commit_listener([weak](const inventory::CommitEffects& e) {
    if (auto self = weak.lock()) self->on_commit(e);
  });
}

Status AlertService::start() {
  subscribe();
  // The index is built on the writer, so every commit is either in the
  // balances it reads or delivered to on_commit afterwards. Requests of the
  // same batch that ran before this one are in both: their touched balances
  // are skipped once.
  auto loaded = engine_.run<int>([this](inventory::Tx& tx) -> Result<int> {
    std::lock_guard lock(mu_);
    JXC_TRY(load_locked(tx.db()));
    skip_touched_ = tx.effects().balances.size();
    skip_pending_ = true;
    started_ = true;
    stopped_ = false;
    return 0;
  });
  JXC_TRY(loaded);
  JXC_ASSIGN(fingerprint_, fingerprint());
  std::vector<Op> ops;
  {
    std::lock_guard lock(mu_);
    ops.swap(pending_);
    std::vector<Transition> ts;
    rules_.evaluate_all(ts);
    to_ops(ts, ops);
  }
  submit(std::move(ops));
  return Status::ok();
}

void AlertService::stop() {
  std::lock_guard lock(mu_);
  stopped_ = true;
  sink_ = nullptr;
}

void AlertService::set_sink(AlertSink sink) {
  std::lock_guard lock(mu_);
  sink_ = std::move(sink);
}

std::size_t AlertService::watch_count() {
  std::lock_guard lock(mu_);
  return rules_.size();
}

// ---- loading the index ----

Status AlertService::load_locked(store::Db& db) {
  // The names of what was watched until now, for ending alerts of removed thresholds.
  const auto old_sku = std::move(sku_of_);
  const auto old_code = std::move(code_of_);
  sku_of_.clear();
  code_of_.clear();
  item_id_of_.clear();
  location_id_of_.clear();
  lead_time_of_.clear();
  StockRules rules(cfg_.hysteresis_pct);
  std::unordered_map<std::int64_t, std::pair<std::int64_t, std::string>> parent_kind;
  std::vector<std::pair<std::int64_t, std::int64_t>> tree;
  {
    JXC_ASSIGN(auto st, db.prepare("SELECT id, coalesce(parent_id,0), kind, code FROM locations"));
    for (;;) {
      JXC_ASSIGN(bool row, st->step());
      if (!row) break;
      std::int64_t id = st->int64(0);
      code_of_[id] = st->text(3);
      location_id_of_[st->text(3)] = id;
      parent_kind[id] = {st->int64(1), st->text(2)};
      if (st->text(2) != "virtual") tree.emplace_back(id, st->int64(1));
      if (st->text(3) == "@CUSTOMER") customer_id_ = id;
    }
  }
  rules.set_locations(tree);
  std::unordered_map<std::int64_t, std::int64_t> pack_of;
  {
    JXC_ASSIGN(auto st, db.prepare("SELECT id, sku, lead_time_days, pack_multiple FROM items "
                                   "WHERE id IN (SELECT item_id FROM thresholds)"));
    for (;;) {
      JXC_ASSIGN(bool row, st->step());
      if (!row) break;
      sku_of_[st->int64(0)] = st->text(1);
      item_id_of_[st->text(1)] = st->int64(0);
      if (!st->is_null(2)) lead_time_of_[st->int64(0)] = st->int64(2);
      pack_of[st->int64(0)] = st->int64(3);
    }
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
  {
    JXC_ASSIGN(auto st, db.prepare(
                            "SELECT item_id, location_id, min_qty, max_qty, reorder_qty FROM thresholds"));
    for (;;) {
      JXC_ASSIGN(bool row, st->step());
      if (!row) break;
      Watch w;
      w.item_id = st->int64(0);
      w.location_id = cfg_.scope == "warehouse" ? warehouse_of(st->int64(1)) : st->int64(1);
      w.min = st->int64(2);
      w.max = st->int64(3);
      w.reorder = st->int64(4);
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
  }
  {
    JXC_ASSIGN(auto st, db.prepare("SELECT item_id, location_id, sum(qty) FROM balances "
                                   "WHERE item_id IN (SELECT item_id FROM thresholds) GROUP BY 1, 2"));
    for (;;) {
      JXC_ASSIGN(bool row, st->step());
      if (!row) break;
      rules.seed(st->int64(0), st->int64(1), st->int64(2));
    }
  }
  const bool first = !started_;
  // A threshold that is gone can no longer end its alerts: end them now.
  for (const Watch& w : rules_.watches()) {
    if (rules.find(w.item_id, w.location_id)) continue;
    for (auto [raised, kind] : {std::pair{w.low, Kind::low_stock}, std::pair{w.out, Kind::stockout},
                                std::pair{w.over, Kind::overstock}}) {
      if (!raised) continue;
      Op op;
      op.type = Op::clear;
      auto sku = old_sku.find(w.item_id);
      auto code = old_code.find(w.location_id);
      if (sku == old_sku.end() || code == old_code.end()) continue;
      op.alert.key = {kind, sku->second, code->second, "", ""};
      pending_.push_back(std::move(op));
    }
  }
  rules_ = std::move(rules);
  JXC_TRY(refresh_orders_locked(db, nullptr));
  if (first) {
    // Restore what the store says is open, so a restart raises nothing twice.
    JXC_ASSIGN(auto open, load_alerts(db, {true, 1'000'000}));
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
          Op op;
          op.type = Op::clear;
          op.alert.key = a.key;
          pending_.push_back(std::move(op));
        }
        continue;
      }
      open_other_[a.key.text()] = std::move(a);
    }
    JXC_ASSIGN(auto sugg, load_suggestions(db, true, 1'000'000));
    for (const auto& s : sugg) {
      auto item = item_id_of_.find(s.item);
      auto loc = location_id_of_.find(s.location);
      if (item == item_id_of_.end() || loc == location_id_of_.end()) continue;
      if (Watch* w = rules_.find(item->second, loc->second)) w->below_rop = true;
    }
  }
  return Status::ok();
}

Status AlertService::refresh_orders_locked(store::Db& db, const std::vector<std::int64_t>* items) {
  std::string sql =
      "SELECT l.item_id, o.kind, sum(max(l.qty - l.done, 0)) FROM order_lines l "
      "JOIN orders o ON o.id = l.order_id WHERE o.state = 'open'";
  if (items) sql += " AND l.item_id = ?1";
  sql += " GROUP BY 1, 2";
  JXC_ASSIGN(auto st, db.prepare(sql));
  auto read = [&](std::unordered_map<std::int64_t, std::pair<Qty, Qty>>& out) -> Status {
    for (;;) {
      JXC_ASSIGN(bool row, st->step());
      if (!row) break;
      auto& v = out[st->int64(0)];
      (st->text(1) == "pick_list" ? v.first : v.second) = st->int64(2);
    }
    return Status::ok();
  };
  std::unordered_map<std::int64_t, std::pair<Qty, Qty>> now;
  std::vector<std::int64_t> changed;
  if (items) {
    for (std::int64_t item : *items) {
      st->reset();
      st->bind(1, item);
      now[item] = {0, 0};
      JXC_TRY(read(now));
    }
  } else {
    JXC_TRY(read(now));
    // Items that had open orders and have none now.
    for (std::int64_t item : rules_.items_with_orders())
      if (!now.count(item)) now[item] = {0, 0};
  }
  for (const auto& [item, v] : now) {
    if (rules_.reserved(item) == v.first && rules_.expected(item) == v.second) continue;
    rules_.set_reserved(item, v.first);
    rules_.set_expected(item, v.second);
    changed.push_back(item);
  }
  if (changed.empty() || !started_) return Status::ok();
  std::vector<Transition> ts;
  for (auto item : changed) rules_.evaluate_item(item, ts);
  std::vector<Op> ops;
  to_ops(ts, ops);
  submit(std::move(ops));
  return Status::ok();
}

// ---- the hot path ----

void AlertService::on_commit(const inventory::CommitEffects& e) {
  std::lock_guard lock(mu_);
  if (!started_ || stopped_) return;
  std::size_t first = 0;
  if (skip_pending_) {  // the batch that loaded the index
    first = std::min(skip_touched_, e.balances.size());
    skip_pending_ = false;
  }
  if (e.balances.empty()) {
    // Orders (pick lists, expected receipts) change without moving stock and
    // without events; so do acknowledgements. Re-read the open order lines.
    if (e.events == 0)
      if (Status s = refresh_orders_locked(q_->db(), nullptr); !s)
        spdlog::warn("alerts: cannot read open orders: {}", s.to_string());
    return;
  }
  std::vector<std::int64_t> ordered;
  for (std::size_t i = first; i < e.balances.size(); ++i) {
    const auto& t = e.balances[i];
    rules_.add(t.item_id, t.location_id, t.delta, dirty_);
    if ((rules_.reserved(t.item_id) || rules_.expected(t.item_id)) &&
        std::find(ordered.begin(), ordered.end(), t.item_id) == ordered.end())
      ordered.push_back(t.item_id);
  }
  if (!ordered.empty())  // an issue against a pick list, a receipt against an expected receipt
    if (Status s = refresh_orders_locked(q_->db(), &ordered); !s)
      spdlog::warn("alerts: cannot read open orders: {}", s.to_string());
  scratch_.clear();
  rules_.evaluate_dirty(dirty_, scratch_);
  if (scratch_.empty()) return;
  std::vector<Op> ops;
  to_ops(scratch_, ops);
  submit(std::move(ops));
}

void AlertService::evaluate_only(const inventory::CommitEffects& e, std::vector<Transition>& out) {
  std::lock_guard lock(mu_);
  for (const auto& t : e.balances) rules_.add(t.item_id, t.location_id, t.delta, dirty_);
  rules_.evaluate_dirty(dirty_, out);
}

Alert AlertService::make(Kind kind, std::string item, std::string location, std::string lot,
                         std::string subject, std::int64_t qty, std::int64_t threshold,
                         std::string detail) const {
  Alert a;
  a.key = {kind, std::move(item), std::move(location), std::move(lot), std::move(subject)};
  a.severity = default_severity(kind);
  a.qty = qty;
  a.threshold = threshold;
  a.detail = std::move(detail);
  a.raised_at = clock_.now_ms();
  return a;
}

void AlertService::to_ops(const std::vector<Transition>& ts, std::vector<Op>& ops) {
  for (const Transition& t : ts) {
    const Watch& w = rules_.watches()[t.watch];
    const std::string& sku = sku_of_[w.item_id];
    const std::string& loc = code_of_[w.location_id];
    const Qty reserved = rules_.reserved(w.item_id);
    if (t.replenish) {
      Op op;
      op.type = t.raise ? Op::suggest : Op::cover;
      Suggestion& s = op.suggestion;
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
      s.lead_time_days = lt != lead_time_of_.end() ? lt->second : cfg_.default_lead_time_days;
      ops.push_back(std::move(op));
      continue;
    }
    Op op;
    if (!t.raise) {
      op.type = Op::clear;
      op.alert.key = {t.kind, sku, loc, "", ""};
      ops.push_back(std::move(op));
      continue;
    }
    std::string detail;
    const std::string stock = "on hand " + std::to_string(w.on_hand) + ", reserved " + std::to_string(reserved);
    switch (t.kind) {
      case Kind::stockout:
        detail = "nothing available (" + stock + "); order " + std::to_string(t.suggested);
        break;
      case Kind::low_stock:
        detail = "available " + std::to_string(t.qty) + " (" + stock + ") is below min " +
                 std::to_string(t.threshold) + "; order " + std::to_string(t.suggested);
        break;
      default:
        detail = "on hand " + std::to_string(t.qty) + " is above max " + std::to_string(t.threshold);
    }
    op.alert = make(t.kind, sku, loc, "", "", t.qty, t.threshold, std::move(detail));
    op.alert.suggested_qty = t.suggested;
    ops.push_back(std::move(op));
  }
}

// ---- writing ----

void AlertService::submit(std::vector<Op> ops) {
  if (ops.empty()) return;
  using Note = std::pair<Alert, std::string>;
  auto notes = std::make_shared<std::vector<Note>>();
  auto shared = std::make_shared<std::vector<Op>>(std::move(ops));
  std::weak_ptr<AlertService> weak = weak_from_this();
  engine_.submit_async<int>(
      [shared, notes](inventory::Tx& tx) -> Result<int> {
        notes->clear();
        for (Op& op : *shared) {
          switch (op.type) {
            case Op::raise: {
              JXC_ASSIGN(bool opened, store_raise(tx, op.alert));
              if (opened) notes->emplace_back(op.alert, "raised");
              break;
            }
            case Op::clear: {
              JXC_ASSIGN(auto cleared, store_clear(tx, op.alert.key));
              if (cleared) notes->emplace_back(std::move(*cleared), "cleared");
              break;
            }
            case Op::suggest: {
              JXC_ASSIGN(bool made, store_suggest(tx, op.suggestion));
              (void)made;
              break;
            }
            case Op::cover: {
              JXC_ASSIGN(bool covered, store_cover(tx, op.suggestion.item, op.suggestion.location));
              (void)covered;
              break;
            }
          }
        }
        return 0;
      },
      [weak, notes](Result<int> r) {
        if (!r) {
          spdlog::error("alerts: cannot record alerts: {}", r.status().to_string());
          return;
        }
        auto self = weak.lock();
        if (!self) return;
        AlertSink sink;
        {
          std::lock_guard lock(self->mu_);
          if (self->stopped_) return;
          sink = self->sink_;
        }
        if (sink)
          for (const auto& [a, event] : *notes) sink(a, event);
      });
}

Status AlertService::flush() {
  return engine_.run<int>([](inventory::Tx&) -> Result<int> { return 0; }).status();
}

// ---- conditions from elsewhere ----

void AlertService::raise(Alert a) {
  if (a.raised_at == 0) a.raised_at = clock_.now_ms();
  std::vector<Op> ops;
  {
    std::lock_guard lock(mu_);
    if (stopped_) return;
    auto [it, fresh] = open_other_.emplace(a.key.text(), a);
    if (!fresh) return;  // raised once per crossing
    Op op;
    op.alert = std::move(a);
    ops.push_back(std::move(op));
  }
  submit(std::move(ops));
}

void AlertService::clear(const Key& key) {
  std::vector<Op> ops;
  {
    std::lock_guard lock(mu_);
    if (stopped_ || open_other_.erase(key.text()) == 0) return;
    Op op;
    op.type = Op::clear;
    op.alert.key = key;
    ops.push_back(std::move(op));
  }
  submit(std::move(ops));
}

Result<Alert> AlertService::ack(std::int64_t id, const std::string& by) {
  if (by.empty()) return error(Errc::invalid_argument, "an acknowledgement names who gives it");
  JXC_ASSIGN(Alert a, engine_.run<Alert>([id, by](inventory::Tx& tx) { return store_ack(tx, id, by); }));
  if (a.key.kind == Kind::count_variance) clear(a.key);
  return a;
}

// ---- time-based rules ----

void AlertService::on_health(const devices::DeviceHealth& now) {
  std::vector<Op> ops;
  {
    std::lock_guard lock(mu_);
    devices_[now.id] = now;
    if (!started_ || stopped_) return;
    check_devices_locked(ops);
  }
  submit(std::move(ops));
}

void AlertService::check_devices_locked(std::vector<Op>& ops) {
  std::map<std::string, Alert> current;
  const TimeMs now = clock_.now_ms();
  const TimeMs limit = cfg_.device_offline_minutes * kMinuteMs;
  for (const auto& [id, h] : devices_) {
    if (h.state != devices::DeviceState::offline || now - h.since < limit) continue;
    Alert a = make(Kind::device_offline, "", "", "", id, (now - h.since) / kMinuteMs,
                   cfg_.device_offline_minutes,
                   h.kind + " " + id + " offline since " + format_iso8601(h.since) +
                       (h.detail.empty() ? "" : ": " + h.detail));
    current.emplace(a.key.text(), std::move(a));
  }
  reconcile_locked({Kind::device_offline}, std::move(current), ops);
}

void AlertService::reconcile_locked(std::initializer_list<Kind> kinds,
                                    std::map<std::string, Alert> current, std::vector<Op>& ops) {
  auto governed = [&](Kind k) { return std::find(kinds.begin(), kinds.end(), k) != kinds.end(); };
  for (auto it = open_other_.begin(); it != open_other_.end();) {
    if (governed(it->second.key.kind) && !current.count(it->first)) {
      Op op;
      op.type = Op::clear;
      op.alert.key = it->second.key;
      ops.push_back(std::move(op));
      it = open_other_.erase(it);
    } else {
      ++it;
    }
  }
  for (auto& [k, a] : current) {
    if (open_other_.count(k)) continue;
    open_other_.emplace(k, a);
    Op op;
    op.alert = std::move(a);
    ops.push_back(std::move(op));
  }
}

Result<std::string> AlertService::fingerprint() {
  // Triggers count every change to items, locations and thresholds (schema 9),
  // whichever process makes it.
  JXC_ASSIGN(auto st, timer_q_->db().prepare(
                          "SELECT coalesce((SELECT value FROM meta WHERE key='master_data_changes'),'')"));
  JXC_ASSIGN(bool row, st->step());
  (void)row;
  return st->text(0);
}

Status AlertService::reload() {
  std::vector<Op> ops;
  JXC_TRY(engine_.run<int>([this](inventory::Tx& tx) -> Result<int> {
    std::lock_guard lock(mu_);
    JXC_TRY(load_locked(tx.db()));
    skip_touched_ = tx.effects().balances.size();
    skip_pending_ = true;
    return 0;
  }));
  {
    std::lock_guard lock(mu_);
    ops.swap(pending_);
    if (demand_computed_at_ >= 0) set_reorder_points_locked();
    std::vector<Transition> ts;
    rules_.evaluate_all(ts);
    to_ops(ts, ops);
  }
  submit(std::move(ops));
  return Status::ok();
}

void AlertService::set_reorder_points_locked() {
  for (auto& w : rules_.watches()) {
    ReorderPolicy p;
    p.service_level = cfg_.service_level_pct / 100.0;
    auto lt = lead_time_of_.find(w.item_id);
    p.lead_time_days =
        static_cast<double>(lt != lead_time_of_.end() ? lt->second : cfg_.default_lead_time_days);
    p.min = w.min;
    auto d = demand_.find(w.item_id);
    w.reorder_point = reorder_point(d != demand_.end() ? d->second : DemandStats{}, p).reorder_point;
  }
}

Status AlertService::refresh_demand() {
  // Daily issued quantity per item over the history window that ends at the
  // start of today (UTC); days without issues count as zero demand.
  const TimeMs today = clock_.now_ms() / kDayMs * kDayMs;
  const TimeMs from = today - cfg_.history_days * kDayMs;
  std::unordered_map<std::int64_t, std::vector<std::int64_t>> daily;
  {
    std::int64_t customer = 0;
    {
      std::lock_guard lock(mu_);
      customer = customer_id_;
    }
    JXC_ASSIGN(auto st, timer_q_->db().prepare(
                            "SELECT item_id, (recorded_at - ?1) / 86400000, sum(qty) FROM movements "
                            "WHERE to_location = ?3 AND recorded_at >= ?1 AND recorded_at < ?2 "
                            "GROUP BY 1, 2"));
    st->bind_all(from, today, customer);
    for (;;) {
      JXC_ASSIGN(bool row, st->step());
      if (!row) break;
      auto& v = daily[st->int64(0)];
      if (v.empty()) v.assign(static_cast<std::size_t>(cfg_.history_days), 0);
      auto day = static_cast<std::size_t>(st->int64(1));
      if (day < v.size()) v[day] += st->int64(2);
    }
  }
  std::vector<Op> ops;
  {
    std::lock_guard lock(mu_);
    demand_.clear();
    for (const auto& [item, v] : daily) demand_[item] = demand_stats(v);
    set_reorder_points_locked();
    demand_computed_at_ = clock_.now_ms();
    std::vector<Transition> ts;
    rules_.evaluate_all(ts);
    to_ops(ts, ops);
  }
  submit(std::move(ops));
  return Status::ok();
}

Result<std::map<std::string, Alert>> AlertService::find_expiry() {
  const TimeMs now = clock_.now_ms();
  const std::string today = date_of(now);
  const std::string horizon = date_of(now + cfg_.expiry_days * kDayMs);
  JXC_ASSIGN(auto st, timer_q_->db().prepare(
                          "SELECT i.sku, l.code, b.lot, b.qty, t.expiry FROM balances b "
                          "JOIN lots t ON t.item_id = b.item_id AND t.lot = b.lot "
                          "JOIN items i ON i.id = b.item_id JOIN locations l ON l.id = b.location_id "
                          "WHERE b.qty > 0 AND l.kind <> 'virtual' AND t.expiry IS NOT NULL "
                          "AND t.expiry <= ?1"));
  st->bind_all(horizon);
  std::map<std::string, Alert> out;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    const std::string expiry = st->text(4);
    const bool expired = expiry < today;
    const std::int64_t left = days_between(today, expiry);
    Alert a = make(expired ? Kind::lot_expired : Kind::lot_expiring, st->text(0), st->text(1),
                   st->text(2), "", st->int64(3), cfg_.expiry_days,
                   std::to_string(st->int64(3)) + " on hand " +
                       (expired ? "expired on " + expiry
                                : "expire on " + expiry + " (in " + std::to_string(left) + " days)"));
    out.emplace(a.key.text(), std::move(a));
  }
  return out;
}

Result<std::map<std::string, Alert>> AlertService::find_slow_moving() {
  const TimeMs cutoff = clock_.now_ms() - cfg_.slow_moving_days * kDayMs;
  JXC_ASSIGN(auto st, timer_q_->db().prepare(
                          std::string("SELECT i.sku, l.code, b.q, b.last FROM ("
                                      "  SELECT p.item_id, p.location_id, p.q, ") +
                          kLastIssueOfP +
                          " AS last "
                          "  FROM (SELECT item_id, location_id, sum(qty) AS q FROM balances "
                          "        GROUP BY 1, 2 HAVING q > 0) p) b "
                          "JOIN items i ON i.id = b.item_id JOIN locations l ON l.id = b.location_id "
                          "WHERE l.kind <> 'virtual' AND b.last < ?1"));
  std::int64_t customer = 0;
  {
    std::lock_guard lock(mu_);
    customer = customer_id_;
  }
  st->bind_all(cutoff, customer);
  std::map<std::string, Alert> out;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    Alert a = slow_alert(st->text(0), st->text(1), st->int64(2), st->int64(3));
    out.emplace(a.key.text(), std::move(a));
  }
  slow_searched_at_ = clock_.now_ms();
  return out;
}

Result<std::map<std::string, Alert>> AlertService::recheck_slow_moving() {
  const TimeMs cutoff = clock_.now_ms() - cfg_.slow_moving_days * kDayMs;
  std::vector<std::pair<std::string, std::string>> open;
  std::int64_t customer = 0;
  {
    std::lock_guard lock(mu_);
    customer = customer_id_;
    for (const auto& [k, a] : open_other_)
      if (a.key.kind == Kind::slow_moving) open.emplace_back(a.key.item, a.key.location);
  }
  // The same judgement as the full search, for one item and location.
  JXC_ASSIGN(auto st, timer_q_->db().prepare(
                          std::string("SELECT p.q, ") + kLastIssueOfP +
                          " FROM (SELECT i.id AS item_id, l.id AS location_id, "
                          "        (SELECT coalesce(sum(b.qty), 0) FROM balances b "
                          "          WHERE b.item_id = i.id AND b.location_id = l.id) AS q "
                          "      FROM items i JOIN locations l ON l.code = ?3 WHERE i.sku = ?1) p"));
  std::map<std::string, Alert> out;
  for (const auto& [sku, code] : open) {
    st->reset();
    st->bind_all(sku, customer, code);
    JXC_ASSIGN(bool row, st->step());
    if (!row || st->int64(0) <= 0 || st->is_null(1) || st->int64(1) >= cutoff) continue;
    Alert a = slow_alert(sku, code, st->int64(0), st->int64(1));
    out.emplace(a.key.text(), std::move(a));
  }
  return out;
}

Alert AlertService::slow_alert(const std::string& sku, const std::string& code, Qty on_hand,
                               TimeMs last) {
  const std::int64_t idle = (clock_.now_ms() - last) / kDayMs;
  return make(Kind::slow_moving, sku, code, "", "", on_hand, cfg_.slow_moving_days,
              std::to_string(on_hand) + " on hand, no issue for " + std::to_string(idle) + " days");
}

Result<std::map<std::string, Alert>> AlertService::find_backlog() {
  JXC_ASSIGN(auto stats, timer_q_->outbox_stats());
  const std::int64_t pending = stats.last_seq - stats.acked_up_to;
  std::int64_t age_min = 0;
  if (pending > 0) {
    JXC_ASSIGN(auto st, timer_q_->db().prepare("SELECT min(recorded_at) FROM outbox WHERE seq > ?1"));
    st->bind_all(stats.acked_up_to);
    JXC_ASSIGN(bool row, st->step());
    if (row && !st->is_null(0)) age_min = (clock_.now_ms() - st->int64(0)) / kMinuteMs;
  }
  std::map<std::string, Alert> out;
  if (pending > cfg_.backlog_events || age_min > cfg_.backlog_minutes) {
    Alert a = make(Kind::sync_backlog, "", "", "", "outbox", pending, cfg_.backlog_events,
                   std::to_string(pending) + " events not acknowledged by the central system, oldest " +
                       std::to_string(age_min) + " minutes old (limits " +
                       std::to_string(cfg_.backlog_events) + " events, " +
                       std::to_string(cfg_.backlog_minutes) + " minutes)");
    out.emplace(a.key.text(), std::move(a));
  }
  return out;
}

Result<std::vector<Alert>> AlertService::find_count_variances() {
  JXC_ASSIGN(auto st, timer_q_->db().prepare(
                          "SELECT d.id, d.number FROM documents d JOIN count_sessions c ON c.doc_id = d.id "
                          "WHERE d.state = 'posted' AND d.id > ?1 ORDER BY d.id"));
  st->bind_all(count_mark_);
  std::vector<std::pair<std::int64_t, std::string>> docs;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    docs.emplace_back(st->int64(0), st->text(1));
  }
  std::vector<Alert> out;
  for (const auto& [id, number] : docs) {
    count_mark_ = id;
    // Alerted before (and perhaps acknowledged) by an earlier run: not again.
    JXC_ASSIGN(auto seen, timer_q_->db().prepare(
                              "SELECT count(*) FROM alerts WHERE kind = 'count_variance' AND subject = ?1"));
    seen->bind_all(number);
    JXC_ASSIGN(bool row, seen->step());
    if (row && seen->int64(0) > 0) continue;
    JXC_ASSIGN(auto report, timer_q_->count_report(number));
    for (const auto& l : report.lines) {
      if (std::llabs(l.variance) <= cfg_.count_variance_qty) continue;
      out.push_back(make(Kind::count_variance, l.sku, l.location, l.lot, number, l.variance,
                         cfg_.count_variance_qty,
                         "count " + number + ": counted " + std::to_string(l.counted) + ", book " +
                             std::to_string(l.book) + " (variance " + std::to_string(l.variance) + ")"));
    }
  }
  return out;
}

// The shelves record their discrepancies in the store (edge/weight); an open
// one is an alert until a manager accepts or dismisses it there.
Result<std::map<std::string, Alert>> AlertService::find_weight_discrepancies() {
  JXC_ASSIGN(auto list, weight::list_discrepancies(timer_q_->db(), true));
  std::map<std::string, Alert> out;
  for (const auto& d : list) {
    Alert a = make(Kind::weight_discrepancy, d.sku, d.bin, "", "shelf " + d.slot + " #" + std::to_string(d.id),
                   d.weighed, d.book,
                   "shelf " + d.slot + " weighs " + std::to_string(d.weighed) + " units, the books say " +
                       std::to_string(d.book) + " (discrepancy #" + std::to_string(d.id) + ")");
    out.emplace(a.key.text(), std::move(a));
  }
  return out;
}

// Shelf low stock is judged on what the shelves weigh, as the running shelf
// last recorded it in weight_slots, against the min of the item's threshold
// in that bin. It follows the ledger rules' hysteresis (raised below min,
// cleared at min + margin; empty at zero, cleared at the margin), keeping
// the open state in open_other_. A group whose weighed count is not known
// now (a slot unstable, needing attention, over- or underloaded, offline, or
// not yet read since start) neither raises nor clears: stale data decides
// nothing.
void AlertService::judge_shelves_locked(const std::vector<weight::ShelfLevel>& levels,
                                        std::vector<Op>& ops) {
  std::map<std::string, Alert> current;
  for (const auto& l : levels) {
    if (!l.min) continue;  // no threshold in this bin: not watched
    const Key low_key{Kind::shelf_low_stock, l.sku, l.bin, "", ""};
    const Key empty_key{Kind::shelf_empty, l.sku, l.bin, "", ""};
    if (!l.countable) {
      for (const Key& k : {low_key, empty_key})
        if (auto it = open_other_.find(k.text()); it != open_other_.end()) current.emplace(it->first, it->second);
      continue;
    }
    const Qty min = *l.min;
    const bool low_open = open_other_.count(low_key.text()) > 0;
    const bool empty_open = open_other_.count(empty_key.text()) > 0;
    const bool low = min > 0 && (low_open ? l.weighed < min + rules_.margin(min) : l.weighed < min);
    const bool empty = empty_open ? l.weighed < rules_.margin(min) : l.weighed <= 0;
    std::string slots;
    for (const auto& s : l.slots) slots += (slots.empty() ? "" : ", ") + s;
    const std::string where = "shelf " + l.bin + " (slot" + (l.slots.size() > 1 ? "s " : " ") + slots + ")";
    const std::string books = "; the books say " + std::to_string(l.book);
    if (low) {
      Alert a = make(Kind::shelf_low_stock, l.sku, l.bin, "", "", l.weighed, min,
                     where + " weighs " + std::to_string(l.weighed) + " units, below min " +
                         std::to_string(min) + books);
      current.emplace(a.key.text(), std::move(a));
    }
    if (empty) {
      Alert a = make(Kind::shelf_empty, l.sku, l.bin, "", "", l.weighed, 0, where + " is empty" + books);
      current.emplace(a.key.text(), std::move(a));
    }
  }
  reconcile_locked({Kind::shelf_low_stock, Kind::shelf_empty}, std::move(current), ops);
}

Status AlertService::check() {
  std::lock_guard check_lock(check_mu_);
  {
    std::lock_guard lock(mu_);
    if (!started_ || stopped_) return Status::ok();
  }
  JXC_ASSIGN(std::string fp, fingerprint());
  if (fp != fingerprint_) {
    JXC_TRY(reload());
    fingerprint_ = fp;
  }
  const TimeMs now = clock_.now_ms();
  if (demand_computed_at_ < 0 || now / kDayMs != demand_computed_at_ / kDayMs) JXC_TRY(refresh_demand());

  JXC_ASSIGN(auto expiry, find_expiry());
  const bool search = slow_searched_at_ < 0 || now - slow_searched_at_ >= kHourMs;
  JXC_ASSIGN(auto slow, search ? find_slow_moving() : recheck_slow_moving());
  JXC_ASSIGN(auto backlog, find_backlog());
  JXC_ASSIGN(auto counts, find_count_variances());
  JXC_ASSIGN(auto weights, find_weight_discrepancies());
  JXC_ASSIGN(auto shelves, weight::shelf_levels(timer_q_->db()));
  std::vector<Op> ops;
  {
    std::lock_guard lock(mu_);
    reconcile_locked({Kind::lot_expiring, Kind::lot_expired}, std::move(expiry), ops);
    reconcile_locked({Kind::slow_moving}, std::move(slow), ops);
    reconcile_locked({Kind::sync_backlog}, std::move(backlog), ops);
    reconcile_locked({Kind::weight_discrepancy}, std::move(weights), ops);
    judge_shelves_locked(shelves, ops);
    check_devices_locked(ops);
    for (Alert& a : counts) {
      if (!open_other_.emplace(a.key.text(), a).second) continue;
      Op op;
      op.alert = std::move(a);
      ops.push_back(std::move(op));
    }
  }
  submit(std::move(ops));

  // Escalation: open, unacknowledged, older than the configured time.
  const TimeMs before = now - cfg_.escalation_minutes * kMinuteMs;
  std::weak_ptr<AlertService> weak = weak_from_this();
  auto escalated = std::make_shared<std::vector<Alert>>();
  engine_.submit_async<int>(
      [before, escalated](inventory::Tx& tx) -> Result<int> {
        JXC_ASSIGN(*escalated, store_escalate(tx, before));
        return static_cast<int>(escalated->size());
      },
      [weak, escalated](Result<int> r) {
        auto self = weak.lock();
        if (!self || !r) return;
        AlertSink sink;
        {
          std::lock_guard lock(self->mu_);
          if (self->stopped_) return;
          sink = self->sink_;
        }
        if (sink)
          for (const Alert& a : *escalated) sink(a, "escalated");
      });
  return Status::ok();
}

}  // namespace jxc::alerts
