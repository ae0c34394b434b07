#pragma once
// What the exception inbox's handlers share: names beside SKUs and location
// codes, the JSON of each kind of exception (held documents, weight
// discrepancies, alerts, replenishment suggestions) with its short summary
// in Chinese and English, and the decision written with its audit row in one
// engine request.

#include <functional>
#include <map>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "edge/alerts/alert.h"
#include "edge/alerts/suggestion_store.h"
#include "edge/http/api_context.h"
#include "edge/http/auth.h"
#include "edge/http/handler_support.h"
#include "edge/http/problem.h"
#include "edge/inventory/audit_records.h"
#include "edge/inventory/held_documents.h"
#include "edge/inventory/queries.h"
#include "edge/inventory/weight_records.h"

namespace jxc::http::inbox {

using http::failed;

/// Item and location names, one lookup each however many rows name them; ""
/// for an unknown code.
class Names {
 public:
  explicit Names(inventory::Queries& q) : q_(q) {}
  const inventory::Item& item(const std::string& sku);
  const std::string& location(const std::string& code);
  /// JSON name of an item: its name, or null when there is no SKU.
  nlohmann::json item_name(const std::string& sku);

 private:
  inventory::Queries& q_;
  std::map<std::string, inventory::Item> items_;
  std::map<std::string, std::string> locations_;
};

/// {"zh-CN": ..., "en": ...}
nlohmann::json both(const std::string& zh, const std::string& en);

/// The path parameter `id` as a positive integer, or the 400 problem.
std::variant<std::int64_t, Response> id_param(const Request& req);

nlohmann::json held_json(const inventory::HeldDocument& d, Names& names, const config::Config& config);
nlohmann::json discrepancy_json(const inventory::WeightDiscrepancy& d, Names& names);
nlohmann::json alert_json(alerts::Alert a, Names& names, const ApiContext& ctx);
nlohmann::json suggestion_json(const alerts::Suggestion& s, Names& names);
nlohmann::json document_result_json(const inventory::DocumentResult& r);

/// Runs `decide` and appends `audit` (its detail filled from the decision by
/// `detail`, when given) in one engine request.
template <typename T>
Result<T> decide_with_audit(ApiContext& ctx, std::function<Result<T>(inventory::Tx&)> decide,
                            inventory::AuditEntry audit,
                            std::function<std::string(const T&)> detail = nullptr) {
  return ctx.engine.run<T>([decide = std::move(decide), audit = std::move(audit),
                            detail = std::move(detail)](inventory::Tx& tx) -> Result<T> {
    JXC_ASSIGN(T done, decide(tx));
    inventory::AuditEntry e = audit;
    if (detail) e.detail = detail(done);
    JXC_TRY(inventory::append_audit(tx, e));
    return done;
  });
}

/// The audit entry of a decision by `who` on `target`.
inventory::AuditEntry audit_of(const Principal& who, const Request& req, std::string action, std::string target);

/// `who` acknowledges open alert `id`: the store's acknowledgement (which
/// stops its escalation and writes the alert.acknowledged event) and the
/// audit row in one engine request. The API's operation and the alert page
/// both acknowledge through it.
Result<alerts::Alert> acknowledge_alert(ApiContext& ctx, const Request& req, const Principal& who, std::int64_t id);

}  // namespace jxc::http::inbox
