#include "edge/alerts/alert.h"

#include <array>

#include <nlohmann/json.hpp>

namespace jxc::alerts {
namespace {
constexpr std::array<std::string_view, kKindCount> kKinds = {
    "low_stock",          "stockout",       "overstock",      "lot_expiring",
    "lot_expired",        "slow_moving",    "weight_discrepancy", "count_variance",
    "device_offline",     "sync_backlog",   "channel_failing", "shelf_low_stock",
    "shelf_empty",        "store_unavailable", "login_locked",  "asn_overdue",
    "sync_refused"};
constexpr std::array<std::string_view, 3> kSeverities = {"info", "warning", "critical"};
}  // namespace

std::string_view to_string(Kind k) { return kKinds[static_cast<size_t>(k)]; }
bool parse_kind(std::string_view s, Kind* out) {
  for (size_t i = 0; i < kKinds.size(); ++i)
    if (kKinds[i] == s) {
      *out = static_cast<Kind>(i);
      return true;
    }
  return false;
}

std::string_view to_string(Severity s) { return kSeverities[static_cast<size_t>(s)]; }
bool parse_severity(std::string_view s, Severity* out) {
  for (size_t i = 0; i < kSeverities.size(); ++i)
    if (kSeverities[i] == s) {
      *out = static_cast<Severity>(i);
      return true;
    }
  return false;
}

Severity default_severity(Kind k) {
  switch (k) {
    case Kind::stockout:
    case Kind::lot_expired:
    case Kind::device_offline:
    case Kind::store_unavailable:
    case Kind::sync_refused:
    case Kind::channel_failing: return Severity::critical;
    case Kind::slow_moving:
    case Kind::overstock:
    // A shelf to refill from the stock behind it, not an order to place.
    case Kind::shelf_low_stock: return Severity::info;
    default: return Severity::warning;
  }
}

std::string Key::text() const {
  std::string out(to_string(kind));
  for (const std::string* f : {&item, &location, &lot, &subject}) {
    out += '\x1f';
    out += *f;
  }
  return out;
}

Alert make_alert(Key key, std::int64_t qty, std::int64_t threshold, std::string detail, TimeMs now) {
  Alert a;
  a.severity = default_severity(key.kind);
  a.key = std::move(key);
  a.qty = qty;
  a.threshold = threshold;
  a.detail = std::move(detail);
  a.raised_at = now;
  return a;
}

std::string to_json(const Alert& a, std::string_view gateway_id) {
  // The fields of docs/contract/schemas/events/alert.raised.json; the same
  // object is the body of alert.cleared, .acknowledged and .escalated.
  nlohmann::json j = {{"alert_id", std::to_string(a.id)},
                      {"gateway_id", gateway_id},
                      {"kind", to_string(a.key.kind)},
                      {"severity", to_string(a.severity)},
                      {"state", a.open ? "open" : "cleared"},
                      {"qty", a.qty},
                      {"threshold", a.threshold},
                      {"message", a.detail},
                      {"raised_at", format_iso8601(a.raised_at)}};
  if (!a.key.item.empty()) j["sku"] = a.key.item;
  if (!a.key.location.empty()) j["location"] = a.key.location;
  if (!a.key.lot.empty()) j["lot"] = a.key.lot;
  if (!a.key.subject.empty()) {
    j["subject"] = a.key.subject;
    if (a.key.kind == Kind::device_offline) j["device_id"] = a.key.subject;
  }
  if (a.key.kind == Kind::low_stock || a.key.kind == Kind::stockout)
    j["suggested_qty"] = a.suggested_qty;
  if (a.cleared_at) j["cleared_at"] = format_iso8601(*a.cleared_at);
  if (a.acked_at) {
    j["acked_at"] = format_iso8601(*a.acked_at);
    j["acked_by"] = a.acked_by;
  }
  if (a.escalated_at) j["escalated_at"] = format_iso8601(*a.escalated_at);
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string summary(const Alert& a) {
  std::string out(to_string(a.key.kind));
  if (!a.key.item.empty()) out += " " + a.key.item;
  if (!a.key.lot.empty()) out += " lot " + a.key.lot;
  if (!a.key.location.empty()) out += " @ " + a.key.location;
  if (!a.key.subject.empty()) out += " " + a.key.subject;
  out += ": " + a.detail;
  return out;
}

}  // namespace jxc::alerts
