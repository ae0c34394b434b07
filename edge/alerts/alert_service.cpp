#include "edge/alerts/alert_service.h"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "edge/alerts/rules/asn_overdue.h"
#include "edge/alerts/rules/count_variance.h"
#include "edge/alerts/rules/demand.h"
#include "edge/alerts/rules/device_offline.h"
#include "edge/alerts/rules/store_unavailable.h"
#include "edge/alerts/rules/escalation.h"
#include "edge/alerts/rules/expiry.h"
#include "edge/alerts/rules/shelf_stock.h"
#include "edge/alerts/rules/slow_moving.h"
#include "edge/alerts/rules/sync_backlog.h"
#include "edge/alerts/rules/weight_discrepancy.h"
#include "edge/inventory/alert_records.h"
#include "edge/inventory/tx.h"
#include "edge/weight/weight_store.h"

namespace jxc::alerts {
namespace {

IndexSettings index_settings(const config::AlertsConfig& cfg) {
  IndexSettings s;
  s.hysteresis_pct = cfg.hysteresis_pct;
  s.warehouse_scope = cfg.scope == "warehouse";
  s.service_level = cfg.service_level_pct / 100.0;
  s.default_lead_time_days = cfg.default_lead_time_days;
  return s;
}

}  // namespace

Result<std::shared_ptr<AlertService>> AlertService::create(inventory::Engine& engine,
                                                           const std::string& store_path,
                                                           config::AlertsConfig cfg,
                                                           const Clock& clock, TimeZone zone) {
  JXC_ASSIGN(auto q, inventory::Queries::open(store_path));
  JXC_ASSIGN(auto tq, inventory::Queries::open(store_path));
  JXC_ASSIGN(auto names, NameBook::open(store_path));
  return std::shared_ptr<AlertService>(new AlertService(engine, std::move(q), std::move(tq), std::move(names),
                                                        std::move(cfg), clock, std::move(zone)));
}

AlertService::AlertService(inventory::Engine& engine, std::unique_ptr<inventory::Queries> q,
                           std::unique_ptr<inventory::Queries> timer_q, std::unique_ptr<NameBook> names,
                           config::AlertsConfig cfg, const Clock& clock, TimeZone zone)
    : engine_(engine),
      q_(std::move(q)),
      timer_q_(std::move(timer_q)),
      names_(std::move(names)),
      cfg_(std::move(cfg)),
      clock_(clock),
      wording_{parse_language(cfg_.language), std::move(zone)},
      index_(index_settings(cfg_)) {}

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
    JXC_TRY(load_locked(tx));
    skip_touched_ = tx.effects().balances.size();
    skip_pending_ = true;
    started_ = true;
    stopped_ = false;
    return 0;
  });
  JXC_TRY(loaded);
  JXC_ASSIGN(fingerprint_, inventory::master_data_changes(*timer_q_));
  std::vector<Change> changes;
  {
    std::lock_guard lock(mu_);
    changes.swap(pending_);
    evaluate_all_locked(changes);
  }
  submit(std::move(changes));
  return Status::ok();
}

void AlertService::stop() {
  {
    std::lock_guard lock(mu_);
    stopped_ = true;
    sink_ = nullptr;
  }
  // A sink call in progress on the engine's answering thread ends before
  // stop() returns: the sink's owner (the dispatcher) may go right after.
  std::lock_guard calling(sink_mu_);
}

void AlertService::set_sink(AlertSink sink) {
  std::lock_guard lock(mu_);
  sink_ = std::move(sink);
}

std::size_t AlertService::watch_count() {
  std::lock_guard lock(mu_);
  return index_.rules().size();
}

// ---- the index ----

Status AlertService::load_locked(inventory::Tx& tx) {
  const bool first = !started_;
  JXC_ASSIGN(auto rows, inventory::alert_index_rows(tx));
  index_.load(rows, pending_);
  JXC_ASSIGN(auto orders, inventory::open_order_quantities(tx));
  apply_orders_locked(orders, true);
  if (first) {
    // Restore what the store says is open, so a restart raises nothing twice.
    JXC_ASSIGN(auto open, load_alerts(tx, {true, 1'000'000}));
    JXC_ASSIGN(auto suggestions, load_suggestions(tx, true, 1'000'000));
    for (auto& [k, a] : index_.restore(std::move(open), suggestions, pending_)) open_other_[k] = std::move(a);
  }
  return Status::ok();
}

void AlertService::apply_orders_locked(const std::vector<inventory::OpenOrderQty>& rows, bool complete) {
  const auto changed = index_.set_orders(rows, complete);
  if (changed.empty() || !started_) return;
  std::vector<Transition> ts;
  for (auto item : changed) index_.rules().evaluate_item(item, ts);
  std::vector<Change> changes;
  index_.to_changes(ts, clock_.now_ms(), changes);
  submit(std::move(changes));
}

void AlertService::refresh_orders_locked(const std::vector<std::int64_t>* items) {
  auto rows = items ? inventory::open_order_quantities(*q_, *items) : inventory::open_order_quantities(*q_);
  if (!rows) {
    spdlog::warn("alerts: cannot read open orders: {}", rows.status().to_string());
    return;
  }
  apply_orders_locked(*rows, items == nullptr);
}

void AlertService::evaluate_all_locked(std::vector<Change>& out) {
  std::vector<Transition> ts;
  index_.rules().evaluate_all(ts);
  index_.to_changes(ts, clock_.now_ms(), out);
}

Status AlertService::reload() {
  JXC_TRY(engine_.run<int>([this](inventory::Tx& tx) -> Result<int> {
    std::lock_guard lock(mu_);
    JXC_TRY(load_locked(tx));
    skip_touched_ = tx.effects().balances.size();
    skip_pending_ = true;
    return 0;
  }));
  std::vector<Change> changes;
  {
    std::lock_guard lock(mu_);
    changes.swap(pending_);
    index_.set_reorder_points();
    evaluate_all_locked(changes);
  }
  submit(std::move(changes));
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
  StockRules& rules = index_.rules();
  if (e.balances.empty()) {
    // Orders (pick lists, expected receipts) change without moving stock and
    // without events; so do acknowledgements. Re-read the open order lines.
    if (e.events == 0) refresh_orders_locked(nullptr);
    return;
  }
  std::vector<std::int64_t> ordered;
  for (std::size_t i = first; i < e.balances.size(); ++i) {
    const auto& t = e.balances[i];
    rules.add(t.item_id, t.location_id, t.delta, dirty_);
    if ((rules.reserved(t.item_id) || rules.expected(t.item_id)) &&
        std::find(ordered.begin(), ordered.end(), t.item_id) == ordered.end())
      ordered.push_back(t.item_id);
  }
  // An issue against a pick list, a receipt against an expected receipt.
  if (!ordered.empty()) refresh_orders_locked(&ordered);
  scratch_.clear();
  rules.evaluate_dirty(dirty_, scratch_);
  if (scratch_.empty()) return;
  std::vector<Change> changes;
  index_.to_changes(scratch_, clock_.now_ms(), changes);
  submit(std::move(changes));
}

void AlertService::evaluate_only(const inventory::CommitEffects& e, std::vector<Transition>& out) {
  std::lock_guard lock(mu_);
  StockRules& rules = index_.rules();
  for (const auto& t : e.balances) rules.add(t.item_id, t.location_id, t.delta, dirty_);
  rules.evaluate_dirty(dirty_, out);
}

// ---- writing ----

void AlertService::word(std::vector<Change>& changes) {
  for (Change& c : changes) {
    if (c.type != Change::raise) continue;
    names_->name(c.alert);
    c.alert.detail = describe(c.alert, wording_);
  }
}

void AlertService::tell(std::vector<Note>& notes) {
  std::lock_guard calling(sink_mu_);  // stop() waits for this call
  AlertSink sink;
  {
    std::lock_guard lock(mu_);
    if (stopped_) return;
    sink = sink_;
  }
  if (!sink) return;
  for (auto& [a, event] : notes) {
    if (a.names.item.empty() && a.names.location.empty()) names_->name(a);  // read back from the store
    sink(a, event);
  }
}

void AlertService::submit(std::vector<Change> changes) {
  if (changes.empty()) return;
  word(changes);
  auto notes = std::make_shared<std::vector<Note>>();
  auto shared = std::make_shared<std::vector<Change>>(std::move(changes));
  std::weak_ptr<AlertService> weak = weak_from_this();
  engine_.submit_async<int>(
      [shared, notes](inventory::Tx& tx) -> Result<int> {
        JXC_ASSIGN(*notes, store_changes(tx, *shared));
        return 0;
      },
      [weak, notes](Result<int> r) {
        if (!r) {
          spdlog::error("alerts: cannot record alerts: {}", r.status().to_string());
          return;
        }
        if (auto self = weak.lock()) self->tell(*notes);
      });
}

Status AlertService::flush() {
  return engine_.run<int>([](inventory::Tx&) -> Result<int> { return 0; }).status();
}

void AlertService::reconcile_locked(std::initializer_list<Kind> kinds, Conditions current,
                                    std::vector<Change>& out) {
  Decisions d = reconcile(kinds, std::move(current), open_other_);
  for (Key& k : d.clear) out.push_back(clear_change(std::move(k)));
  for (Alert& a : d.raise) out.push_back(raise_change(std::move(a)));
}

// ---- conditions from elsewhere ----

void AlertService::raise(Alert a) {
  if (a.raised_at == 0) a.raised_at = clock_.now_ms();
  std::vector<Change> changes;
  {
    std::lock_guard lock(mu_);
    if (stopped_) return;
    auto [it, fresh] = open_other_.emplace(a.key.text(), a);
    if (!fresh) return;  // raised once per crossing
    changes.push_back(raise_change(std::move(a)));
  }
  submit(std::move(changes));
}

void AlertService::clear(const Key& key) {
  std::vector<Change> changes;
  {
    std::lock_guard lock(mu_);
    if (stopped_ || open_other_.erase(key.text()) == 0) return;
    changes.push_back(clear_change(key));
  }
  submit(std::move(changes));
}

void AlertService::on_store_health(const devices::DeviceHealth& now) {
  std::optional<Alert> raised = store_unavailable_alert(now, clock_.now_ms());
  std::optional<Alert> cleared;
  std::lock_guard calling(sink_mu_);  // stop() waits for this call
  AlertSink sink;
  {
    std::lock_guard lock(mu_);
    if (stopped_) return;
    auto open = store_alerts_.find(now.id);
    if (raised && open == store_alerts_.end()) {
      store_alerts_.emplace(now.id, *raised);
    } else if (!raised && open != store_alerts_.end()) {
      cleared = std::move(open->second);
      cleared->open = false;
      cleared->cleared_at = clock_.now_ms();
      store_alerts_.erase(open);
    } else {
      return;  // raised once while it lasts
    }
    sink = sink_;
  }
  if (raised) {
    spdlog::error("alerts: raised {}: {}", to_string(raised->key.kind), raised->detail);
    if (sink) sink(*raised, "raised");
  } else {
    spdlog::info("alerts: cleared {} of {}", to_string(cleared->key.kind), now.id);
    if (sink) sink(*cleared, "cleared");
  }
}

Result<Alert> AlertService::ack(std::int64_t id, const std::string& by) {
  if (by.empty()) return error(Errc::invalid_argument, "an acknowledgement names who gives it");
  JXC_ASSIGN(Alert a, engine_.run<Alert>([id, by](inventory::Tx& tx) { return store_ack(tx, id, by); }));
  if (a.key.kind == Kind::count_variance) clear(a.key);
  return a;
}

void AlertService::on_health(const devices::DeviceHealth& now) {
  if (now.kind == kStoreRetriesKind) return on_store_health(now);
  std::vector<Change> changes;
  {
    std::lock_guard lock(mu_);
    devices_[now.id] = now;
    if (!started_ || stopped_) return;
    reconcile_locked({Kind::device_offline},
                     device_offline_conditions(devices_, clock_.now_ms(), cfg_.device_offline_minutes), changes);
  }
  submit(std::move(changes));
}

// ---- time-based rules ----

Status AlertService::refresh_demand() {
  const DemandWindow window = demand_window(clock_.now_ms(), cfg_.history_days);
  std::int64_t customer = 0;
  {
    std::lock_guard lock(mu_);
    customer = index_.customer_id();
  }
  JXC_ASSIGN(auto issues, inventory::daily_issues(*timer_q_, customer, window.from, window.to));
  auto demand = demand_by_item(issues, cfg_.history_days);
  std::vector<Change> changes;
  {
    std::lock_guard lock(mu_);
    index_.set_demand(std::move(demand));
    demand_computed_at_ = clock_.now_ms();
    evaluate_all_locked(changes);
  }
  submit(std::move(changes));
  return Status::ok();
}

Result<std::vector<Alert>> AlertService::find_count_variances(TimeMs now) {
  JXC_ASSIGN(auto counts, inventory::posted_counts_after(*timer_q_, count_mark_));
  std::vector<Alert> out;
  for (const auto& c : counts) {
    count_mark_ = c.id;
    // Alerted before (and perhaps acknowledged) by an earlier run: not again.
    JXC_ASSIGN(bool seen, inventory::count_variance_alerted(*timer_q_, c.number));
    if (seen) continue;
    JXC_ASSIGN(auto report, timer_q_->count_report(c.number));
    for (Alert& a : count_variance_alerts(report, cfg_.count_variance_qty, now)) out.push_back(std::move(a));
  }
  return out;
}

Status AlertService::check() {
  std::lock_guard check_lock(check_mu_);
  {
    std::lock_guard lock(mu_);
    if (!started_ || stopped_) return Status::ok();
  }
  JXC_ASSIGN(std::string fp, inventory::master_data_changes(*timer_q_));
  if (fp != fingerprint_) {
    JXC_TRY(reload());
    fingerprint_ = fp;
  }
  const TimeMs now = clock_.now_ms();
  if (demand_due(now, demand_computed_at_)) JXC_TRY(refresh_demand());

  std::int64_t customer = 0;
  std::vector<std::pair<std::string, std::string>> open_slow;
  {
    std::lock_guard lock(mu_);
    customer = index_.customer_id();
    for (const auto& [k, a] : open_other_)
      if (a.key.kind == Kind::slow_moving) open_slow.emplace_back(a.key.item, a.key.location);
  }
  JXC_ASSIGN(auto lots, inventory::lots_expiring_by(*timer_q_, expiry_horizon(now, cfg_.expiry_days)));
  std::vector<inventory::IdleStock> idle;
  if (slow_moving_search_due(now, slow_searched_at_)) {
    JXC_ASSIGN(idle, inventory::idle_stock_before(*timer_q_, customer,
                                                  slow_moving_cutoff(now, cfg_.slow_moving_days)));
    slow_searched_at_ = now;
  } else {
    JXC_ASSIGN(idle, inventory::idle_stock_of(*timer_q_, customer, open_slow));
  }
  JXC_ASSIGN(auto backlog, inventory::outbox_backlog(*timer_q_));
  JXC_ASSIGN(auto late_asns, inventory::open_receipts_due_before(
                                 *timer_q_, asn_overdue_cutoff(now, cfg_.asn_overdue_minutes)));
  JXC_ASSIGN(auto counts, find_count_variances(now));
  JXC_ASSIGN(auto discrepancies, weight::list_discrepancies(*timer_q_, true));
  JXC_ASSIGN(auto shelves, weight::shelf_levels(*timer_q_));
  const std::optional<PoisonEvent> poison = poison_source_ ? poison_source_() : std::nullopt;
  std::vector<Change> changes;
  {
    std::lock_guard lock(mu_);
    reconcile_locked({Kind::lot_expiring, Kind::lot_expired}, expiry_conditions(lots, now, cfg_.expiry_days),
                     changes);
    reconcile_locked({Kind::slow_moving}, slow_moving_conditions(idle, now, cfg_.slow_moving_days), changes);
    reconcile_locked({Kind::sync_backlog},
                     sync_backlog_conditions(backlog, now, cfg_.backlog_events, cfg_.backlog_minutes), changes);
    reconcile_locked({Kind::weight_discrepancy}, weight_discrepancy_conditions(discrepancies, now), changes);
    reconcile_locked({Kind::asn_overdue}, asn_overdue_conditions(late_asns, now, cfg_.asn_overdue_minutes),
                     changes);
    reconcile_locked({Kind::sync_refused}, sync_refused_conditions(poison, now), changes);
    reconcile_locked({Kind::shelf_low_stock, Kind::shelf_empty},
                     shelf_stock_conditions(shelves, open_other_, cfg_.hysteresis_pct, now), changes);
    reconcile_locked({Kind::device_offline},
                     device_offline_conditions(devices_, now, cfg_.device_offline_minutes), changes);
    for (Alert& a : counts) {  // one-off findings: raised once, cleared by their acknowledgement
      if (open_other_.emplace(a.key.text(), a).second) changes.push_back(raise_change(std::move(a)));
    }
  }
  submit(std::move(changes));
  escalate(now);
  return Status::ok();
}

// Open, unacknowledged alerts older than the configured time escalate once.
void AlertService::escalate(TimeMs now) {
  const TimeMs before = escalation_cutoff(now, cfg_.escalation_minutes);
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
        std::vector<Note> notes;
        for (Alert& a : *escalated) notes.emplace_back(std::move(a), "escalated");
        self->tell(notes);
      });
}

}  // namespace jxc::alerts
