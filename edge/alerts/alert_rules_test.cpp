// The alert rules against a real store: crossings with hysteresis, no storm
// under oscillation, reservations from pick lists, expiry windows, device
// offline, backlog, escalation with a manual clock, and restart.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "edge/alerts/alert_service.h"
#include "edge/alerts/alert_store.h"
#include "edge/inventory/outbox.h"
#include "edge/inventory/test_store.h"
#include "edge/weight/shelf.h"
#include "edge/weight/weight_store.h"

namespace jxc::alerts {
namespace {

using namespace std::chrono_literals;
using inventory::DocType;
using inventory::DocumentRequest;
using inventory::testing::line;

class AlertRulesTest : public inventory::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    seed();
    std::vector<inventory::Threshold> th = {{"TEA-500", "A-01", 10, 100, 20}};
    ASSERT_TRUE(engine_->import_thresholds(th).is_ok());
    cfg_.backlog_events = 1'000'000;
    cfg_.backlog_minutes = 1'000'000;
  }
  void TearDown() override {
    if (svc_) svc_->stop();
    svc_.reset();
    StoreTest::TearDown();
  }

  void start_service() {
    auto s = AlertService::create(*engine_, store_path_, cfg_, clock_, zone_);
    ASSERT_TRUE(s.is_ok()) << s.status().to_string();
    svc_ = *s;
    svc_->set_sink([this](const Alert& a, const std::string& event) {
      std::lock_guard l(mu_);
      seen_.push_back(event + " " + std::string(to_string(a.key.kind)));
      told_.push_back(a);
    });
    ASSERT_TRUE(svc_->start().is_ok());
    ASSERT_TRUE(svc_->flush().is_ok());
  }

  void issue(const std::string& sku, inventory::Qty qty, const std::string& bin = "A-01") {
    DocumentRequest req;
    req.type = DocType::issue;
    req.from = bin;
    req.lines.push_back(line(sku, qty));
    req.source = "test";
    auto r = engine_->post(req);
    ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  }

  std::vector<Alert> open_alerts() {
    EXPECT_TRUE(svc_->flush().is_ok());
    auto r = load_alerts(q(), {true, 1000});
    EXPECT_TRUE(r.is_ok());
    return r.is_ok() ? *r : std::vector<Alert>{};
  }
  const Alert* find(const std::vector<Alert>& v, Kind k) {
    for (const auto& a : v)
      if (a.key.kind == k) return &a;
    return nullptr;
  }
  int events(const std::string& type, Kind kind) {
    EXPECT_TRUE(svc_->flush().is_ok());
    auto ev = inventory::Outbox::peek_after(q(), 0, 100000);
    int n = 0;
    for (const auto& e : *ev)
      if (e.type == type && e.payload.find("\"kind\":\"" + std::string(to_string(kind)) + "\"") !=
                                std::string::npos)
        ++n;
    return n;
  }

  config::AlertsConfig cfg_;
  TimeZone zone_;
  std::shared_ptr<AlertService> svc_;
  std::mutex mu_;
  std::vector<std::string> seen_;
  std::vector<Alert> told_;  // what the sink was handed
};

TEST_F(AlertRulesTest, LowStockAndStockoutRaiseOnceAndClearWithHysteresis) {
  receive("TEA-500", 50, "A-01");
  start_service();
  EXPECT_TRUE(open_alerts().empty());

  issue("TEA-500", 45);  // available 5 < min 10
  auto open = open_alerts();
  ASSERT_EQ(open.size(), 1u);
  const Alert* low = find(open, Kind::low_stock);
  ASSERT_NE(low, nullptr);
  EXPECT_EQ(low->key.item, "TEA-500");
  EXPECT_EQ(low->key.location, "A-01");
  EXPECT_EQ(low->qty, 5);
  EXPECT_EQ(low->threshold, 10);
  EXPECT_EQ(low->suggested_qty, 95);  // up to max 100

  issue("TEA-500", 5);  // nothing left
  open = open_alerts();
  EXPECT_NE(find(open, Kind::stockout), nullptr);
  EXPECT_EQ(open.size(), 2u);

  receive("TEA-500", 10, "A-01");  // back at min: stockout ends, low stock needs min + margin
  open = open_alerts();
  EXPECT_EQ(find(open, Kind::stockout), nullptr);
  EXPECT_NE(find(open, Kind::low_stock), nullptr);

  receive("TEA-500", 1, "A-01");  // 11 = min + 10 %
  EXPECT_TRUE(open_alerts().empty());
  EXPECT_EQ(events("alert.raised", Kind::low_stock), 1);
  EXPECT_EQ(events("alert.cleared", Kind::low_stock), 1);
  EXPECT_EQ(events("alert.raised", Kind::stockout), 1);
  EXPECT_EQ(events("alert.cleared", Kind::stockout), 1);
  std::lock_guard l(mu_);
  EXPECT_EQ(seen_.size(), 4u);
}

// Quarantined goods are held, not available: a threshold on the warehouse
// does not count them, one on the quarantine bin itself does.
TEST_F(AlertRulesTest, QuarantinedStockDoesNotCoverAWarehouseThreshold) {
  seed_quarantine();
  std::vector<inventory::Threshold> th = {{"RICE-5", "W1", 10, 100, 20}, {"RICE-5", "Q-01", 0, 100, 0}};
  ASSERT_TRUE(engine_->import_thresholds(th).is_ok());
  receive("RICE-5", 12, "A-01");
  start_service();
  auto at = [&](const std::vector<Alert>& v, Kind k, const std::string& loc) -> const Alert* {
    for (const auto& a : v)
      if (a.key.kind == k && a.key.item == "RICE-5" && a.key.location == loc) return &a;
    return nullptr;
  };
  auto open = open_alerts();
  EXPECT_EQ(at(open, Kind::low_stock, "W1"), nullptr);
  EXPECT_NE(at(open, Kind::stockout, "Q-01"), nullptr);  // nothing held yet
  DocumentRequest hold;
  hold.type = DocType::transfer;
  hold.from = "A-01";
  hold.to = "Q-01";
  hold.source = "test";
  hold.lines = {line("RICE-5", 8)};
  ASSERT_TRUE(engine_->post(hold).is_ok());
  open = open_alerts();
  const Alert* low = at(open, Kind::low_stock, "W1");
  ASSERT_NE(low, nullptr);
  EXPECT_EQ(low->qty, 4);  // 12 in the warehouse, 8 of them held
  // The quarantine bin's own threshold sees what it holds.
  EXPECT_EQ(at(open, Kind::stockout, "Q-01"), nullptr);
}

// What a manager reads is worded at raise time from master data: the item's
// name and unit, the location's name, in the configured language; the
// channels are handed named alerts, cleared ones too.
TEST_F(AlertRulesTest, TheAlertTextNamesTheItemAndLocationInTheSitesLanguage) {
  inventory::Location a01;
  a01.code = "A-01";
  a01.name = "A区01号货架";
  a01.kind = inventory::LocationKind::bin;
  a01.parent = "A";
  a01.barcode = "LOC:A-01";
  ASSERT_TRUE(engine_->import_locations({a01}).is_ok());
  auto sh = TimeZone::named("Asia/Shanghai");
  ASSERT_TRUE(sh.is_ok());
  zone_ = *sh;
  receive("TEA-500", 50, "A-01");
  start_service();
  issue("TEA-500", 45);
  const auto open = open_alerts();
  const Alert* low = find(open, Kind::low_stock);
  ASSERT_NE(low, nullptr);
  const std::string text =
      "Green tea 500g (TEA-500) 在 A区01号货架 (A-01) 可用 5 EA，低于预警值 10 EA（在库 5 EA，已预留 0 EA）；建议补货 95 EA。";
  EXPECT_EQ(low->detail, text);
  // The event for the central system carries the same sentence as its message.
  auto ev = inventory::Outbox::peek_after(q(), 0, 1000);
  ASSERT_TRUE(ev.is_ok());
  int raised = 0;
  for (const auto& e : *ev)
    if (e.type == "alert.raised") {
      ++raised;
      EXPECT_EQ(nlohmann::json::parse(e.payload)["message"], text);
    }
  EXPECT_EQ(raised, 1);

  receive("TEA-500", 60, "A-01");
  ASSERT_TRUE(open_alerts().empty());
  std::lock_guard l(mu_);
  ASSERT_EQ(told_.size(), 2u);
  EXPECT_EQ(seen_, (std::vector<std::string>{"raised low_stock", "cleared low_stock"}));
  for (const Alert& a : told_) {
    EXPECT_EQ(a.names.item, "Green tea 500g");
    EXPECT_EQ(a.names.uom, "EA");
    EXPECT_EQ(a.names.location, "A区01号货架");
  }
}

TEST_F(AlertRulesTest, QuantityWobblingAroundMinDoesNotStorm) {
  receive("TEA-500", 10, "A-01");
  start_service();
  for (int i = 0; i < 50; ++i) {
    issue("TEA-500", 1);              // 9: below min
    receive("TEA-500", 1, "A-01");    // 10: at min, not past the margin
  }
  EXPECT_EQ(events("alert.raised", Kind::low_stock), 1);
  EXPECT_EQ(events("alert.cleared", Kind::low_stock), 0);
  EXPECT_EQ(open_alerts().size(), 1u);
}

TEST_F(AlertRulesTest, OverstockClearsOnlyBelowMaxMinusMargin) {
  receive("TEA-500", 50, "A-01");
  start_service();
  receive("TEA-500", 70, "A-01");  // 120 > 100
  EXPECT_NE(find(open_alerts(), Kind::overstock), nullptr);
  issue("TEA-500", 25);  // 95: still within the margin of 10
  EXPECT_NE(find(open_alerts(), Kind::overstock), nullptr);
  issue("TEA-500", 5);  // 90
  EXPECT_EQ(find(open_alerts(), Kind::overstock), nullptr);
}

TEST_F(AlertRulesTest, OpenPickListsReserveStock) {
  receive("TEA-500", 50, "A-01");
  start_service();
  inventory::Order pick;
  pick.kind = inventory::OrderKind::pick_list;
  pick.number = "SO-1";
  pick.lines.push_back({"TEA-500", "", 45, 0});
  ASSERT_TRUE(engine_->upsert_order(pick).is_ok());
  auto open = open_alerts();
  const Alert* low = find(open, Kind::low_stock);
  ASSERT_NE(low, nullptr);
  EXPECT_EQ(low->qty, 5);  // 50 on hand - 45 reserved

  // Issuing against the pick list moves stock and the reservation together.
  DocumentRequest req;
  req.type = DocType::issue;
  req.order = "SO-1";
  req.from = "A-01";
  req.lines.push_back(line("TEA-500", 20));
  ASSERT_TRUE(engine_->post(req).is_ok());
  EXPECT_EQ(events("alert.raised", Kind::low_stock), 1);

  ASSERT_TRUE(engine_->cancel_order("SO-1").is_ok());  // 30 available again
  EXPECT_EQ(find(open_alerts(), Kind::low_stock), nullptr);
}

TEST_F(AlertRulesTest, LotsExpiringWithinTheWindowThenExpired) {
  cfg_.expiry_days = 7;
  start_service();
  const std::string soon = format_iso8601(clock_.now_ms() + 3 * 86'400'000LL).substr(0, 10);
  const std::string later = format_iso8601(clock_.now_ms() + 30 * 86'400'000LL).substr(0, 10);
  for (auto [lot, expiry] : {std::pair{"L1", soon}, std::pair{"L2", later}}) {
    DocumentRequest req;
    req.type = DocType::receipt;
    req.to = "A-02";
    req.lines.push_back(line("MILK-1", 5, lot));
    req.lines.back().expiry = expiry;
    ASSERT_TRUE(engine_->post(req).is_ok());
  }
  ASSERT_TRUE(svc_->check().is_ok());
  auto open = open_alerts();
  const Alert* expiring = find(open, Kind::lot_expiring);
  ASSERT_NE(expiring, nullptr);
  EXPECT_EQ(expiring->key.lot, "L1");
  EXPECT_EQ(expiring->qty, 5);
  EXPECT_EQ(find(open, Kind::lot_expired), nullptr);

  ASSERT_TRUE(svc_->check().is_ok());  // still true: not raised again
  EXPECT_EQ(events("alert.raised", Kind::lot_expiring), 1);

  clock_.advance(std::chrono::hours(24 * 4));
  ASSERT_TRUE(svc_->check().is_ok());
  open = open_alerts();
  EXPECT_EQ(find(open, Kind::lot_expiring), nullptr);
  ASSERT_NE(find(open, Kind::lot_expired), nullptr);
  EXPECT_EQ(find(open, Kind::lot_expired)->key.lot, "L1");
}

TEST_F(AlertRulesTest, UnacknowledgedAlertsEscalateAfterTheConfiguredTime) {
  cfg_.escalation_minutes = 60;
  receive("TEA-500", 50, "A-01");
  receive("RICE-5", 5, "A-02");
  std::vector<inventory::Threshold> th = {{"RICE-5", "A-02", 10, 50, 10}};
  ASSERT_TRUE(engine_->import_thresholds(th).is_ok());
  start_service();  // RICE-5 is low from the start
  issue("TEA-500", 45);
  auto open = open_alerts();
  ASSERT_EQ(open.size(), 2u);
  std::int64_t rice = 0;
  for (const auto& a : open)
    if (a.key.item == "RICE-5") rice = a.id;
  ASSERT_TRUE(svc_->ack(rice, "manager-li").is_ok());

  clock_.advance(59min);
  ASSERT_TRUE(svc_->check().is_ok());
  for (const auto& a : open_alerts()) EXPECT_FALSE(a.escalated_at) << a.key.item;

  clock_.advance(2min);
  ASSERT_TRUE(svc_->check().is_ok());
  for (const auto& a : open_alerts()) {
    if (a.key.item == "TEA-500") {
      EXPECT_TRUE(a.escalated_at);
    } else {
      EXPECT_FALSE(a.escalated_at);  // acknowledged in time
      EXPECT_EQ(a.acked_by, "manager-li");
    }
  }
  ASSERT_TRUE(svc_->check().is_ok());  // escalates once
  EXPECT_EQ(events("alert.escalated", Kind::low_stock), 1);
}

TEST_F(AlertRulesTest, OpenAlertsSurviveARestartAndAreNotRaisedAgain) {
  receive("TEA-500", 50, "A-01");
  start_service();
  issue("TEA-500", 45);
  ASSERT_EQ(open_alerts().size(), 1u);
  svc_->stop();
  svc_.reset();
  close_engine();
  open_engine();
  start_service();
  issue("TEA-500", 1);  // still low: nothing new
  EXPECT_EQ(events("alert.raised", Kind::low_stock), 1);
  receive("TEA-500", 20, "A-01");  // 24: cleared after the restart
  EXPECT_TRUE(open_alerts().empty());
  EXPECT_EQ(events("alert.cleared", Kind::low_stock), 1);
}

TEST_F(AlertRulesTest, AlertsOfARemovedThresholdEndAtReload) {
  receive("TEA-500", 5, "A-01");
  start_service();
  ASSERT_NE(find(open_alerts(), Kind::low_stock), nullptr);
  ASSERT_TRUE(inventory::testing::exec_sql(*engine_, "DELETE FROM thresholds").is_ok());
  ASSERT_TRUE(svc_->check().is_ok());  // the master data changed: reloaded
  EXPECT_EQ(find(open_alerts(), Kind::low_stock), nullptr);
  EXPECT_EQ(events("alert.cleared", Kind::low_stock), 1);
}

TEST_F(AlertRulesTest, DeviceOfflineLongerThanTheLimit) {
  cfg_.device_offline_minutes = 5;
  start_service();
  devices::DeviceHealth h{"door-1-reader", "rfid", devices::DeviceState::offline, "refused",
                          clock_.now_ms()};
  svc_->on_health(h);
  clock_.advance(4min);
  ASSERT_TRUE(svc_->check().is_ok());
  EXPECT_EQ(find(open_alerts(), Kind::device_offline), nullptr);
  clock_.advance(2min);
  ASSERT_TRUE(svc_->check().is_ok());
  auto open = open_alerts();
  ASSERT_NE(find(open, Kind::device_offline), nullptr);
  EXPECT_EQ(find(open, Kind::device_offline)->key.subject, "door-1-reader");
  h.state = devices::DeviceState::online;
  h.since = clock_.now_ms();
  svc_->on_health(h);
  EXPECT_EQ(find(open_alerts(), Kind::device_offline), nullptr);
}

TEST_F(AlertRulesTest, AStoreThatCannotTakeWritesGoesToTheChannelsAtOnceAndIsNeverStored) {
  cfg_.device_offline_minutes = 5;
  start_service();
  std::vector<std::pair<std::string, Alert>> told;
  svc_->set_sink([&](const Alert& a, const std::string& event) {
    std::lock_guard l(mu_);
    told.emplace_back(event, a);
  });
  devices::DeviceHealth h{"rfid-portal/store-retries", "store-retries", devices::DeviceState::degraded,
                          "1 posting(s) waiting for the store: unavailable: database is locked", clock_.now_ms()};
  svc_->on_health(h);  // a lock that may pass: no alert yet
  EXPECT_TRUE(told.empty());
  h.state = devices::DeviceState::offline;
  h.detail = "1 posting(s) waiting for the store: storage: database or disk is full";
  svc_->on_health(h);
  svc_->on_health(h);  // once while it lasts
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(told[0].first, "raised");
  const Alert& a = told[0].second;
  EXPECT_EQ(a.key.kind, Kind::store_unavailable);
  EXPECT_EQ(a.key.subject, "rfid-portal/store-retries");
  EXPECT_EQ(a.severity, Severity::critical);
  EXPECT_NE(a.detail.find("库存数据库无法写入"), std::string::npos) << a.detail;
  EXPECT_NE(a.detail.find("The stock store cannot take writes"), std::string::npos) << a.detail;
  EXPECT_NE(a.detail.find("database or disk is full"), std::string::npos) << a.detail;
  clock_.advance(10min);
  ASSERT_TRUE(svc_->check().is_ok());
  // Neither stored nor a device_offline besides.
  auto open = open_alerts();
  EXPECT_EQ(find(open, Kind::store_unavailable), nullptr);
  EXPECT_EQ(find(open, Kind::device_offline), nullptr);
  EXPECT_EQ(*inventory::testing::query_int(
                q(), "SELECT count(*) FROM alerts WHERE kind IN ('store_unavailable', 'device_offline')"),
            0);
  h.state = devices::DeviceState::online;
  h.detail = "nothing waiting for the store";
  svc_->on_health(h);
  ASSERT_EQ(told.size(), 2u);
  EXPECT_EQ(told[1].first, "cleared");
  EXPECT_EQ(told[1].second.key.kind, Kind::store_unavailable);
  EXPECT_FALSE(told[1].second.open);
}

TEST_F(AlertRulesTest, SyncBacklogAboveSize) {
  cfg_.backlog_events = 3;
  receive("TEA-500", 50, "A-01");
  start_service();
  ASSERT_TRUE(svc_->check().is_ok());
  EXPECT_EQ(find(open_alerts(), Kind::sync_backlog), nullptr);
  for (int i = 0; i < 3; ++i) receive("TEA-500", 1, "A-01");
  ASSERT_TRUE(svc_->check().is_ok());
  ASSERT_NE(find(open_alerts(), Kind::sync_backlog), nullptr);
  auto stats = inventory::Outbox::stats(q());
  ASSERT_TRUE(inventory::Outbox::acknowledge_up_to(*engine_, stats->epoch, stats->last_seq).is_ok());
  ASSERT_TRUE(svc_->check().is_ok());
  EXPECT_EQ(find(open_alerts(), Kind::sync_backlog), nullptr);
}

TEST_F(AlertRulesTest, StockWithNoIssueForTheConfiguredDaysIsSlowMoving) {
  cfg_.slow_moving_days = 30;
  receive("TEA-500", 50, "A-01");
  receive("RICE-5", 20, "A-02");
  start_service();
  clock_.advance(std::chrono::hours(24 * 20));
  issue("TEA-500", 1);  // TEA-500 moves; RICE-5 has not since it arrived
  clock_.advance(std::chrono::hours(24 * 11));
  ASSERT_TRUE(svc_->check().is_ok());
  auto open = open_alerts();
  const Alert* slow = find(open, Kind::slow_moving);
  ASSERT_NE(slow, nullptr);
  EXPECT_EQ(slow->key.item, "RICE-5");
  EXPECT_EQ(slow->key.location, "A-02");
  EXPECT_EQ(slow->qty, 20);
  EXPECT_EQ(slow->threshold, 30);
  issue("RICE-5", 1, "A-02");
  ASSERT_TRUE(svc_->check().is_ok());
  EXPECT_EQ(find(open_alerts(), Kind::slow_moving), nullptr);
}

// The full search for slow-moving stock runs at most hourly; the checks in
// between only look again at alerts already open. Stock that turns slow
// between two searches is reported by the next one, within the hour.
TEST_F(AlertRulesTest, SlowMovingStockIsSearchedHourlyAndOpenAlertsRecheckedEachTime) {
  cfg_.slow_moving_days = 30;
  receive("RICE-5", 20, "A-02");
  start_service();
  clock_.advance(std::chrono::hours(24 * 30) - std::chrono::minutes(30));
  ASSERT_TRUE(svc_->check().is_ok());  // a full search: not slow yet
  EXPECT_EQ(find(open_alerts(), Kind::slow_moving), nullptr);
  clock_.advance(std::chrono::minutes(40));  // slow now, but no search is due
  ASSERT_TRUE(svc_->check().is_ok());
  EXPECT_EQ(find(open_alerts(), Kind::slow_moving), nullptr);
  clock_.advance(std::chrono::minutes(30));  // an hour since the last search
  ASSERT_TRUE(svc_->check().is_ok());
  const std::vector<Alert> open = open_alerts();  // outlives the pointer into it
  const Alert* slow = find(open, Kind::slow_moving);
  ASSERT_NE(slow, nullptr);
  EXPECT_EQ(slow->key.item, "RICE-5");
  // Between searches, the open alert is judged again at every check: with
  // nothing moved it stays open; emptying the bin by an issue clears it.
  clock_.advance(std::chrono::minutes(1));
  ASSERT_TRUE(svc_->check().is_ok());
  EXPECT_NE(find(open_alerts(), Kind::slow_moving), nullptr);
  issue("RICE-5", 20, "A-02");
  clock_.advance(std::chrono::minutes(1));
  ASSERT_TRUE(svc_->check().is_ok());
  EXPECT_EQ(find(open_alerts(), Kind::slow_moving), nullptr);
}

TEST_F(AlertRulesTest, ExternalConditionsRaiseOnceAndClear) {
  receive("TEA-500", 50, "A-01");
  start_service();
  Alert a;
  a.key = {Kind::weight_discrepancy, "RICE-5", "A-02", "", "shelf-scale-3"};
  a.severity = Severity::warning;
  a.qty = 4870;
  a.threshold = 5000;
  a.detail = "shelf weighs 4870 g, book says 5000 g";
  svc_->raise(a);
  svc_->raise(a);
  auto open = open_alerts();
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].qty, 4870);
  svc_->clear(a.key);
  EXPECT_TRUE(open_alerts().empty());
  EXPECT_EQ(events("alert.raised", Kind::weight_discrepancy), 1);
}

TEST_F(AlertRulesTest, CountVarianceAboveToleranceUntilAcknowledged) {
  cfg_.count_variance_qty = 2;
  receive("TEA-500", 50, "A-01");
  start_service();
  inventory::CountOpen open_req;
  open_req.locations = {"A-01"};
  open_req.tolerance_qty = 100;
  open_req.opened_by = "test";
  auto count = engine_->open_count(open_req);
  ASSERT_TRUE(count.is_ok()) << count.status().to_string();
  inventory::CountEntry entry;
  entry.count = count->number;
  entry.location = "A-01";
  entry.counter = "test";
  entry.lines.push_back(line("TEA-500", 45));
  ASSERT_TRUE(engine_->record_count(entry).is_ok());
  ASSERT_TRUE(engine_->approve_count(count->number, "boss", false).is_ok());
  ASSERT_TRUE(svc_->check().is_ok());
  auto alerts = open_alerts();
  const Alert* v = find(alerts, Kind::count_variance);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->qty, -5);
  EXPECT_EQ(v->threshold, 2);
  ASSERT_TRUE(svc_->ack(v->id, "boss").is_ok());
  ASSERT_TRUE(svc_->check().is_ok());
  EXPECT_EQ(find(open_alerts(), Kind::count_variance), nullptr);
  EXPECT_EQ(events("alert.raised", Kind::count_variance), 1);
}

TEST_F(AlertRulesTest, AnOpenShelfDiscrepancyIsAnAlertUntilItIsResolved) {
  receive("TEA-500", 50, "A-01");
  start_service();
  auto found = engine_->run<weight::Reconciliation>([&](inventory::Tx& tx) {
    weight::ReconcileRequest r;
    r.slot = "A-01-left";
    r.sku = "TEA-500";
    r.bin = "A-01";
    r.before = 50;
    r.weighed = 47;
    r.changed_at = clock_.now_ms();
    r.final = true;
    return weight::reconcile(tx, r);
  });
  ASSERT_TRUE(found.is_ok()) << found.status().to_string();
  ASSERT_EQ(found->outcome, weight::Reconciliation::discrepancy);

  ASSERT_TRUE(svc_->check().is_ok());
  ASSERT_TRUE(svc_->check().is_ok());  // still open: not raised twice
  auto open = open_alerts();
  const Alert* a = find(open, Kind::weight_discrepancy);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->key.item, "TEA-500");
  EXPECT_EQ(a->key.location, "A-01");
  EXPECT_EQ(a->qty, 47);
  EXPECT_EQ(a->threshold, 50);
  EXPECT_EQ(events("alert.raised", Kind::weight_discrepancy), 1);

  auto dismissed = engine_->run<weight::Discrepancy>(
      [&](inventory::Tx& tx) { return weight::dismiss_discrepancy(tx, found->discrepancy_id, "manager"); });
  ASSERT_TRUE(dismissed.is_ok()) << dismissed.status().to_string();
  ASSERT_TRUE(svc_->check().is_ok());
  EXPECT_EQ(find(open_alerts(), Kind::weight_discrepancy), nullptr);
  EXPECT_EQ(events("alert.cleared", Kind::weight_discrepancy), 1);
}

// ---- shelf low stock from live weighed counts ----

class ShelfAlertsTest : public AlertRulesTest {
 protected:
  void TearDown() override {
    shelf_.reset();
    AlertRulesTest::TearDown();
  }
  // One slot of TEA-500 in A-01 (threshold min 10): 100 g tray, 500 g packs.
  void make_shelf(const std::string& sku = "TEA-500", const std::string& bin = "A-01") {
    weight::SlotSpec s;
    s.id = "slot-1";
    s.item = sku;
    s.bin = bin;
    s.rules.tare_g = 100;
    s.rules.unit_g = 500;
    s.rules.tolerance = 0.2;
    s.rules.band_g = 5;
    s.rules.window_ms = 1000;
    shelf_ = std::make_shared<weight::Shelf>(*engine_, clock_, std::vector<weight::SlotSpec>{s},
                                             weight::ShelfOptions{});
    ASSERT_TRUE(shelf_->load().is_ok());
  }
  weight::Sample sample(double grams) {
    weight::Sample s;
    s.at_ms = std::chrono::duration_cast<std::chrono::milliseconds>(clock_.steady_now().time_since_epoch()).count();
    s.grams = grams;
    return s;
  }
  // `units` packs held still for 1.5 s, then one run of the timer rules.
  void weigh_and_check(double units) {
    for (int i = 0; i < 15; ++i) {
      shelf_->on_reading("slot-1", sample(100 + units * 500));
      clock_.advance(100ms);
    }
    check();
  }
  void check() {
    ASSERT_TRUE(svc_->flush().is_ok());  // the shelf's writes are queued before this
    ASSERT_TRUE(svc_->check().is_ok());
    ASSERT_TRUE(svc_->flush().is_ok());
  }
  std::shared_ptr<weight::Shelf> shelf_;
};

TEST_F(ShelfAlertsTest, ShelfLowStockRaisesOnceAndClearsWithHysteresis) {
  receive("TEA-500", 50, "A-01");  // the books are fine: the shelf alone is low
  start_service();
  make_shelf();
  weigh_and_check(12);
  EXPECT_TRUE(open_alerts().empty());

  weigh_and_check(9);
  auto open = open_alerts();
  ASSERT_EQ(open.size(), 1u);
  const Alert* low = find(open, Kind::shelf_low_stock);
  ASSERT_NE(low, nullptr);
  EXPECT_EQ(low->key.item, "TEA-500");
  EXPECT_EQ(low->key.location, "A-01");
  EXPECT_EQ(low->qty, 9);
  EXPECT_EQ(low->threshold, 10);
  EXPECT_EQ(low->severity, Severity::info);
  EXPECT_NE(low->detail.find("账面为 50"), std::string::npos) << low->detail;  // "the books say 50"
  EXPECT_EQ(find(open, Kind::low_stock), nullptr);

  // Wobbling around min, and back at min: the margin (1 unit) is not passed.
  for (int i = 0; i < 3; ++i) {
    weigh_and_check(10);
    weigh_and_check(9);
  }
  weigh_and_check(10);
  EXPECT_NE(find(open_alerts(), Kind::shelf_low_stock), nullptr);
  EXPECT_EQ(events("alert.raised", Kind::shelf_low_stock), 1);
  EXPECT_EQ(events("alert.cleared", Kind::shelf_low_stock), 0);

  weigh_and_check(11);  // min + margin
  EXPECT_TRUE(open_alerts().empty());
  EXPECT_EQ(events("alert.cleared", Kind::shelf_low_stock), 1);
  EXPECT_EQ(events("alert.raised", Kind::shelf_empty), 0);
}

// A count that is not known now (needs attention, overload, offline) neither
// raises nor clears; an empty shelf raises shelf_empty beside low stock.
TEST_F(ShelfAlertsTest, UnknownCountsDecideNothingAndAnEmptyShelfIsEmpty) {
  receive("TEA-500", 50, "A-01");
  start_service();
  make_shelf();
  weigh_and_check(2.5);  // half a pack: needs attention
  ASSERT_EQ(shelf_->slot("slot-1")->status, weight::SlotStatus::needs_attention);
  EXPECT_TRUE(open_alerts().empty());
  auto over = sample(0);
  over.overload = true;
  shelf_->on_reading("slot-1", over);
  check();
  EXPECT_TRUE(open_alerts().empty());

  weigh_and_check(0);
  auto open = open_alerts();
  ASSERT_NE(find(open, Kind::shelf_empty), nullptr);
  ASSERT_NE(find(open, Kind::shelf_low_stock), nullptr);
  EXPECT_EQ(find(open, Kind::shelf_empty)->qty, 0);

  shelf_->on_offline("slot-1");
  check();
  EXPECT_EQ(open_alerts().size(), 2u) << "an offline sensor clears nothing";
  weigh_and_check(3.5);
  EXPECT_EQ(open_alerts().size(), 2u) << "nor does a count that needs attention";
  EXPECT_EQ(events("alert.cleared", Kind::shelf_empty), 0);

  weigh_and_check(12);
  EXPECT_TRUE(open_alerts().empty());
  EXPECT_EQ(events("alert.raised", Kind::shelf_empty), 1);
  EXPECT_EQ(events("alert.cleared", Kind::shelf_empty), 1);
  EXPECT_EQ(events("alert.cleared", Kind::shelf_low_stock), 1);
}

TEST_F(ShelfAlertsTest, OpenShelfAlertsSurviveARestart) {
  receive("TEA-500", 50, "A-01");
  start_service();
  make_shelf();
  weigh_and_check(5);
  ASSERT_NE(find(open_alerts(), Kind::shelf_low_stock), nullptr);
  shelf_.reset();
  svc_->stop();
  svc_.reset();
  close_engine();
  open_engine();
  start_service();
  make_shelf();  // waiting for its first reading: the alert stays open
  check();
  EXPECT_NE(find(open_alerts(), Kind::shelf_low_stock), nullptr);
  EXPECT_EQ(open_alerts().size(), 1u) << "a slot not read since the restart raises nothing";
  weigh_and_check(5);
  EXPECT_EQ(events("alert.raised", Kind::shelf_low_stock), 1);
  weigh_and_check(12);
  EXPECT_TRUE(open_alerts().empty());
  EXPECT_EQ(events("alert.cleared", Kind::shelf_low_stock), 1);
}

// Only a threshold set on the bin itself watches a shelf; when it goes, its
// shelf alerts end.
TEST_F(ShelfAlertsTest, OnlyTheBinsOwnThresholdWatchesAShelf) {
  std::vector<inventory::Threshold> th = {{"RICE-5", "A", 5, 50, 10}};
  ASSERT_TRUE(engine_->import_thresholds(th).is_ok());
  receive("TEA-500", 50, "A-01");
  receive("RICE-5", 20, "A-03");
  start_service();
  make_shelf("RICE-5", "A-02");
  weigh_and_check(0);
  EXPECT_TRUE(open_alerts().empty()) << "the zone's min is about the zone";

  shelf_.reset();
  make_shelf();
  weigh_and_check(3);
  ASSERT_NE(find(open_alerts(), Kind::shelf_low_stock), nullptr);
  ASSERT_TRUE(inventory::testing::exec_sql(*engine_,
                                           "DELETE FROM thresholds WHERE location_id = "
                                           "(SELECT id FROM locations WHERE code = 'A-01')")
                  .is_ok());
  check();
  EXPECT_EQ(find(open_alerts(), Kind::shelf_low_stock), nullptr);
  EXPECT_EQ(events("alert.cleared", Kind::shelf_low_stock), 1);
}

}  // namespace
}  // namespace jxc::alerts
