#include "edge/alerts/suggestion_store.h"

#include <nlohmann/json.hpp>

#include "edge/inventory/outbox.h"

namespace jxc::alerts {

Result<bool> store_suggest(inventory::Tx& tx, Suggestion& s) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "INSERT INTO replenishment_suggestions(item,location,on_hand,expected,reserved,"
                           "reorder_point,qty,mean_daily,sigma_daily,lead_time_days,state,created_at) "
                           "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,'open',?11) ON CONFLICT DO NOTHING"));
  s.created_at = tx.now();
  st->bind_all(s.item, s.location, s.on_hand, s.expected, s.reserved, s.reorder_point, s.qty,
               s.mean_daily, s.sigma_daily, s.lead_time_days, s.created_at);
  JXC_TRY(st->run());
  if (tx.db().changes() == 0) return false;
  s.id = tx.db().last_insert_rowid();
  nlohmann::json j = {{"id", s.id},
                      {"gateway_id", tx.options().gateway_id},
                      {"site_id", tx.options().site_id},
                      {"item", s.item},
                      {"location", s.location},
                      {"on_hand", s.on_hand},
                      {"expected", s.expected},
                      {"reserved", s.reserved},
                      {"projected", s.on_hand + s.expected - s.reserved},
                      {"reorder_point", s.reorder_point},
                      {"suggested_qty", s.qty},
                      {"mean_daily_demand", s.mean_daily},
                      {"sigma_daily_demand", s.sigma_daily},
                      {"lead_time_days", s.lead_time_days}};
  JXC_ASSIGN(auto seq, inventory::append_event(tx, "replenishment.suggested", tx.now(), j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
  (void)seq;
  return true;
}

Result<bool> store_cover(inventory::Tx& tx, const std::string& item, const std::string& location) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "UPDATE replenishment_suggestions SET state='covered', covered_at=?3 "
                           "WHERE item=?1 AND location=?2 AND state='open'"));
  st->bind_all(item, location, tx.now());
  JXC_TRY(st->run());
  return tx.db().changes() > 0;
}

Result<std::vector<Suggestion>> load_suggestions(store::Db& db, bool open_only, std::size_t limit) {
  JXC_ASSIGN(auto st, db.prepare(std::string(
                          "SELECT id,item,location,on_hand,expected,reserved,reorder_point,qty,"
                          "mean_daily,sigma_daily,lead_time_days,state,created_at "
                          "FROM replenishment_suggestions ") +
                          (open_only ? "WHERE state='open' " : "") + "ORDER BY id DESC LIMIT ?1"));
  st->bind_all(static_cast<std::int64_t>(limit));
  std::vector<Suggestion> out;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    Suggestion s;
    s.id = st->int64(0);
    s.item = st->text(1);
    s.location = st->text(2);
    s.on_hand = st->int64(3);
    s.expected = st->int64(4);
    s.reserved = st->int64(5);
    s.reorder_point = st->real(6);
    s.qty = st->int64(7);
    s.mean_daily = st->real(8);
    s.sigma_daily = st->real(9);
    s.lead_time_days = st->int64(10);
    s.open = st->text(11) == "open";
    s.created_at = st->int64(12);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace jxc::alerts
