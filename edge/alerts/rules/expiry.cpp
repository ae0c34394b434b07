#include "edge/alerts/rules/expiry.h"

#include "edge/alerts/rules/time_units.h"

namespace jxc::alerts {
namespace {

std::string date_of(TimeMs ms) { return format_iso8601(ms).substr(0, 10); }

std::int64_t days_between(const std::string& from, const std::string& to) {
  TimeMs a = 0, b = 0;
  if (!parse_iso8601(from, &a) || !parse_iso8601(to, &b)) return 0;
  return (b - a) / kDayMs;
}

}  // namespace

std::string expiry_horizon(TimeMs now, std::int64_t window_days) { return date_of(now + window_days * kDayMs); }

Conditions expiry_conditions(const std::vector<inventory::LotOnHand>& lots, TimeMs now,
                             std::int64_t window_days) {
  const std::string today = date_of(now);
  const std::string horizon = expiry_horizon(now, window_days);
  Conditions out;
  for (const auto& l : lots) {
    if (l.qty <= 0 || l.expiry.empty() || l.expiry > horizon) continue;
    const bool expired = l.expiry < today;
    const std::int64_t left = days_between(today, l.expiry);
    Alert a = make_alert({expired ? Kind::lot_expired : Kind::lot_expiring, l.sku, l.location, l.lot, ""},
                         l.qty, window_days,
                         std::to_string(l.qty) + " on hand " +
                             (expired ? "expired on " + l.expiry
                                      : "expire on " + l.expiry + " (in " + std::to_string(left) + " days)"),
                         now);
    a.facts.date = l.expiry;
    a.facts.days = left;
    out.emplace(a.key.text(), std::move(a));
  }
  return out;
}

}  // namespace jxc::alerts
