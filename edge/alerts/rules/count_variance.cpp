#include "edge/alerts/rules/count_variance.h"

#include <cstdlib>

namespace jxc::alerts {

std::vector<Alert> count_variance_alerts(const inventory::CountReport& report, std::int64_t tolerance_qty,
                                         TimeMs now) {
  std::vector<Alert> out;
  const std::string& number = report.number;
  for (const auto& l : report.lines) {
    if (std::llabs(l.variance) <= tolerance_qty) continue;
    Alert a = make_alert({Kind::count_variance, l.sku, l.location, l.lot, number}, l.variance, tolerance_qty,
                         "count " + number + ": counted " + std::to_string(l.counted) + ", book " +
                             std::to_string(l.book) + " (variance " + std::to_string(l.variance) + ")",
                         now);
    a.facts.counted = l.counted;
    a.facts.book = l.book;
    a.facts.document = number;
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace jxc::alerts
