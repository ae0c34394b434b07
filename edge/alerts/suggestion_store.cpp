#include "edge/alerts/suggestion_store.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "edge/inventory/outbox.h"
#include "edge/inventory/queries.h"
#include "edge/inventory/tx.h"

namespace jxc::alerts {
namespace {

std::string suggested_payload(const Suggestion& s, const inventory::EngineOptions& o, TimeMs now) {
  // The fields of docs/contract/schemas/events/replenishment.suggested.json.
  // A suggestion with demand history ("forecast") has a reorder point of
  // mean × lead time plus safety stock; without, it is the item's fixed min.
  const bool forecast = s.mean_daily > 0;
  nlohmann::json j = {{"suggestion_id", std::to_string(s.id)},
                      {"gateway_id", o.gateway_id},
                      {"site_id", o.site_id},
                      {"sku", s.item},
                      {"location", s.location},
                      {"on_hand", s.on_hand},
                      {"expected_receipts", s.expected},
                      {"open_picks", s.reserved},
                      {"projected", s.on_hand + s.expected - s.reserved},
                      {"reorder_point", s.reorder_point},
                      {"suggested_qty", s.qty},
                      {"basis", forecast ? "forecast" : "thresholds"},
                      {"mean_daily_demand", s.mean_daily},
                      {"sigma_daily_demand", s.sigma_daily},
                      {"lead_time_days", s.lead_time_days},
                      {"suggested_at", format_iso8601(s.created_at ? s.created_at : now)}};
  if (forecast)
    j["safety_stock"] = std::max(0.0, s.reorder_point - s.mean_daily * static_cast<double>(s.lead_time_days));
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<Suggestion> decide(inventory::Tx& tx, std::int64_t id, const std::string& state, const std::string& by) {
  JXC_ASSIGN(auto found, inventory::suggestion_by_id(tx, id));
  if (!found) return error(Errc::unknown_document, "no replenishment suggestion with id " + std::to_string(id));
  if (!found->open)
    return error(Errc::invalid_state,
                 "replenishment suggestion " + std::to_string(id) + " is already " + found->state);
  JXC_TRY(inventory::mark_suggestion_decided(tx, id, state, by));
  found->state = state;
  found->open = false;
  found->decided_by = by;
  found->decided_at = tx.now();
  return std::move(*found);
}

}  // namespace

Result<Suggestion> store_accept_suggestion(inventory::Tx& tx, std::int64_t id, const std::string& by) {
  return decide(tx, id, "accepted", by);
}

Result<Suggestion> store_dismiss_suggestion(inventory::Tx& tx, std::int64_t id, const std::string& by) {
  return decide(tx, id, "dismissed", by);
}

Result<bool> store_suggest(inventory::Tx& tx, Suggestion& s) {
  JXC_ASSIGN(bool made, inventory::insert_suggestion(tx, s));
  if (!made) return false;
  JXC_ASSIGN(auto seq, inventory::Outbox::append(tx, "replenishment.suggested", tx.now(),
                                               suggested_payload(s, tx.options(), tx.now())));
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
