#include "edge/alerts/rules/weight_discrepancy.h"

namespace jxc::alerts {

Conditions weight_discrepancy_conditions(const std::vector<weight::Discrepancy>& open, TimeMs now) {
  Conditions out;
  for (const auto& d : open) {
    const std::string id = std::to_string(d.id);
    Alert a = make_alert({Kind::weight_discrepancy, d.sku, d.bin, "", "shelf " + d.slot + " #" + id}, d.weighed,
                         d.book,
                         "shelf " + d.slot + " weighs " + std::to_string(d.weighed) + " units, the books say " +
                             std::to_string(d.book) + " (discrepancy #" + id + ")",
                         now);
    a.facts.book = d.book;
    a.facts.document = id;
    a.facts.slots = {d.slot};
    out.emplace(a.key.text(), std::move(a));
  }
  return out;
}

}  // namespace jxc::alerts
