#include "edge/alerts/rules/shelf_stock.h"

#include "edge/alerts/stock_rules.h"

namespace jxc::alerts {

Conditions shelf_stock_conditions(const std::vector<weight::ShelfLevel>& levels, const Conditions& open,
                                  double hysteresis_pct, TimeMs now) {
  Conditions current;
  for (const auto& l : levels) {
    if (!l.min) continue;  // no threshold in this bin: not watched
    const Key low_key{Kind::shelf_low_stock, l.sku, l.bin, "", ""};
    const Key empty_key{Kind::shelf_empty, l.sku, l.bin, "", ""};
    if (!l.countable) {
      for (const Key& k : {low_key, empty_key})
        if (auto it = open.find(k.text()); it != open.end()) current.emplace(it->first, it->second);
      continue;
    }
    const Qty min = *l.min;
    const bool low_open = open.count(low_key.text()) > 0;
    const bool empty_open = open.count(empty_key.text()) > 0;
    const bool low =
        min > 0 && (low_open ? l.weighed < min + hysteresis_margin(min, hysteresis_pct) : l.weighed < min);
    const bool empty = empty_open ? l.weighed < hysteresis_margin(min, hysteresis_pct) : l.weighed <= 0;
    std::string slots;
    for (const auto& s : l.slots) slots += (slots.empty() ? "" : ", ") + s;
    const std::string where = "shelf " + l.bin + " (slot" + (l.slots.size() > 1 ? "s " : " ") + slots + ")";
    const std::string books = "; the books say " + std::to_string(l.book);
    if (low) {
      Alert a = make_alert(low_key, l.weighed, min,
                           where + " weighs " + std::to_string(l.weighed) + " units, below min " +
                               std::to_string(min) + books,
                           now);
      a.facts.book = l.book;
      a.facts.slots = l.slots;
      current.emplace(a.key.text(), std::move(a));
    }
    if (empty) {
      Alert a = make_alert(empty_key, l.weighed, 0, where + " is empty" + books, now);
      a.facts.book = l.book;
      a.facts.slots = l.slots;
      current.emplace(a.key.text(), std::move(a));
    }
  }
  return current;
}

}  // namespace jxc::alerts
