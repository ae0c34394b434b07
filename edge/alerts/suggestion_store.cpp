#include "edge/alerts/suggestion_store.h"

#include <nlohmann/json.hpp>

#include "edge/inventory/outbox.h"
#include "edge/inventory/queries.h"
#include "edge/inventory/tx.h"

namespace jxc::alerts {
namespace {

std::string suggested_payload(const Suggestion& s, const inventory::EngineOptions& o) {
  nlohmann::json j = {{"id", s.id},
                      {"gateway_id", o.gateway_id},
                      {"site_id", o.site_id},
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
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

Result<bool> store_suggest(inventory::Tx& tx, Suggestion& s) {
  JXC_ASSIGN(bool made, inventory::insert_suggestion(tx, s));
  if (!made) return false;
  JXC_ASSIGN(auto seq, inventory::Outbox::append(tx, "replenishment.suggested", tx.now(),
                                               suggested_payload(s, tx.options())));
  (void)seq;
  return true;
}

Result<bool> store_cover(inventory::Tx& tx, const std::string& item, const std::string& location) {
  return inventory::cover_suggestion(tx, item, location);
}

Result<std::vector<Suggestion>> load_suggestions(inventory::Queries& q, bool open_only, std::size_t limit) {
  return inventory::list_suggestions(q, open_only, limit);
}

Result<std::vector<Suggestion>> load_suggestions(inventory::Tx& tx, bool open_only, std::size_t limit) {
  return inventory::list_suggestions(tx, open_only, limit);
}

}  // namespace jxc::alerts
