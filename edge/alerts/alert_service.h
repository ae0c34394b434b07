#pragma once
// The alert rules at work: keeps the stock rules' index (alert_index.h) in
// step with every commit (Engine::add_commit_listener), runs the time-based
// rules (rules/: expiry, slow-moving, device offline, sync backlog, count
// variance, shelf weight discrepancies, shelf low stock from the weighed
// counts, escalation, replenishment demand) over what it reads through
// edge/inventory/alert_records.h when check() is called, takes conditions
// detected elsewhere (raise/clear: failing channels), reconciles what the
// rules find with the alerts open, and writes every crossing to the store
// with its outbox event through the engine.
//
// What people read is worded when an alert is raised (alert_text.h: the
// configured language, names from master data, the site's time zone) and
// stored as its detail; alerts handed to the sink carry their names.
//
// Threads: on_commit runs on the engine's writer and only touches memory
// (plus, when pick lists or receipts changed, a read of open order lines,
// and for each alert it raises a read of its item's and location's names);
// check(), raise(), clear() and ack() may be called from any other thread.
// One mutex serialises them. Writes go to the engine asynchronously; the sink
// is told of each change after its commit, on the engine's answering
// thread, and must only hand it on (the channel dispatcher posts it to its
// own thread).

#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "edge/alerts/alert.h"
#include "edge/alerts/alert_index.h"
#include "edge/alerts/alert_names.h"
#include "edge/alerts/alert_store.h"
#include "edge/alerts/alert_text.h"
#include "edge/alerts/rules/reconcile.h"
#include "edge/alerts/rules/sync_refused.h"
#include "edge/alerts/stock_rules.h"
#include "edge/common/clock.h"
#include "edge/config/alerts.h"
#include "edge/devices/health.h"
#include "edge/inventory/engine.h"
#include "edge/inventory/queries.h"

namespace jxc::alerts {

/// What changed: "raised", "cleared", "acknowledged", "escalated".
using AlertSink = std::function<void(const Alert&, const std::string& event)>;

class AlertService : public std::enable_shared_from_this<AlertService> {
 public:
  /// Alert texts are written in cfg.language with times in `zone` (the
  /// site's, config::Config::time_zone()).
  static Result<std::shared_ptr<AlertService>> create(inventory::Engine& engine,
                                                      const std::string& store_path,
                                                      config::AlertsConfig cfg,
                                                      const Clock& clock,
                                                      TimeZone zone = TimeZone::utc());
  AlertService(const AlertService&) = delete;
  AlertService& operator=(const AlertService&) = delete;

  /// Subscribes to the engine's commits (once). Call before traffic starts
  /// (the engine's listeners are fixed once it is busy): the device factory does.
  void subscribe();
  /// Subscribes if not yet done, builds the index and evaluates the current stock.
  Status start();
  /// No further evaluation or sink call after this returns.
  void stop();
  void set_sink(AlertSink sink);

  void on_commit(const inventory::CommitEffects& e);
  /// Device health: device_offline in time (check()); a "store-retries"
  /// device offline raises store_unavailable at once, told to the sink
  /// directly since the store cannot record it, and cleared when it is back.
  void on_health(const devices::DeviceHealth& now);

  /// Where check() learns of an event the broker keeps refusing (the
  /// uplink's, read from its gauge and health by whoever wires them); unset:
  /// never. Set before the first check().
  void set_poison_source(std::function<std::optional<PoisonEvent>()> source) { poison_source_ = std::move(source); }

  /// The time-based rules; call periodically (config check_seconds).
  Status check();
  /// Re-reads thresholds, locations, item parameters and open orders.
  Status reload();

  /// A condition detected outside the stock rules; raised once while open.
  void raise(Alert a);
  void clear(const Key& key);
  /// A manager acknowledges an open alert (stops escalation). Count variances
  /// are one-off findings and are cleared by their acknowledgement.
  Result<Alert> ack(std::int64_t id, const std::string& by);

  /// Waits until every write submitted so far is committed.
  Status flush();

  /// For the benchmark: the evaluation alone, without store writes.
  void evaluate_only(const inventory::CommitEffects& e, std::vector<Transition>& out);
  std::size_t watch_count();

 private:
  void on_store_health(const devices::DeviceHealth& now);
  AlertService(inventory::Engine& engine, std::unique_ptr<inventory::Queries> q,
               std::unique_ptr<inventory::Queries> timer_q, std::unique_ptr<NameBook> names,
               config::AlertsConfig cfg, const Clock& clock, TimeZone zone);
  /// Names and words the alerts of raise changes (their detail is what people read).
  void word(std::vector<Change>& changes);
  /// Hands written alerts to the sink, named for the channels.
  void tell(std::vector<Note>& notes);

  void submit(std::vector<Change> changes);
  /// Builds the index from the store on the writer (under mu_).
  Status load_locked(inventory::Tx& tx);
  void apply_orders_locked(const std::vector<inventory::OpenOrderQty>& rows, bool complete);
  void refresh_orders_locked(const std::vector<std::int64_t>* items);
  void evaluate_all_locked(std::vector<Change>& out);
  /// Raise and clear decisions for the conditions of `kinds` true now.
  void reconcile_locked(std::initializer_list<Kind> kinds, Conditions current, std::vector<Change>& out);
  Status refresh_demand();
  Result<std::vector<Alert>> find_count_variances(TimeMs now);
  void escalate(TimeMs now);

  inventory::Engine& engine_;
  std::unique_ptr<inventory::Queries> q_;        // orders refresh, under mu_
  std::unique_ptr<inventory::Queries> timer_q_;  // time-based rules, under check_mu_
  std::unique_ptr<NameBook> names_;             // master data names for texts; thread-safe
  const config::AlertsConfig cfg_;
  const Clock& clock_;
  const Wording wording_;

  std::mutex check_mu_;  // one check() at a time
  std::mutex mu_;
  std::mutex sink_mu_;  // held while the sink is called; taken before mu_
  bool started_ = false, stopped_ = false, subscribed_ = false;
  AlertSink sink_;
  AlertIndex index_;
  std::vector<std::uint32_t> dirty_;
  std::vector<Transition> scratch_;
  std::size_t skip_touched_ = 0;  // touched balances already in the loaded index
  bool skip_pending_ = false;
  std::vector<Change> pending_;  // found while loading on the writer, submitted after
  Conditions open_other_;        // open alerts outside the stock rules
  std::map<std::string, devices::DeviceHealth> devices_;
  std::map<std::string, Alert> store_alerts_;  // open store_unavailable, by device (never stored)
  std::int64_t count_mark_ = 0;  // highest approved count document already checked
  std::string fingerprint_;      // of the master data the index was built from
  std::function<std::optional<PoisonEvent>()> poison_source_;
  TimeMs demand_computed_at_ = -1;
  TimeMs slow_searched_at_ = -1;  // last full slow-moving search
};

}  // namespace jxc::alerts
