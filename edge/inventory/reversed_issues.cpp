#include "edge/inventory/reversed_issues.h"

#include <string>

#include "edge/inventory/types.h"

namespace jxc::inventory {

Result<std::vector<ReversedIssue>> reversed_issues(store::Db& db, DayNumber first, DayNumber last,
                                                   std::int64_t item_id, const TimeZone& zone) {
  static const std::string sql =
      "SELECT m.item_id, m.from_location, m.to_location, f.kind='virtual', t.kind='virtual', m.qty, m.value, "
      "m.occurred_at FROM documents r INDEXED BY documents_reverses "
      "JOIN documents o ON o.id = r.reverses JOIN movements m ON m.doc_id = r.id "
      "JOIN locations f ON f.id = m.from_location JOIN locations t ON t.id = m.to_location "
      "WHERE r.reverses IS NOT NULL AND o.type IN ('" + std::string(to_string(DocType::issue)) + "','" +
      std::string(to_string(DocType::production_issue)) + "','" + std::string(to_string(DocType::other_issue)) +
      "','" + std::string(to_string(DocType::customer_return)) + "') "
      "AND (?1 = 0 OR m.item_id = ?1) AND m.occurred_at BETWEEN ?2 AND ?3";
  // A local day lies within a day and a half of the UTC day of its number.
  constexpr std::int64_t kDayMs = 24 * 3600 * 1000;
  JXC_ASSIGN(auto* st, db.cached(sql.c_str()));
  st->bind_all(item_id, (static_cast<std::int64_t>(first) - 2) * kDayMs,
               (static_cast<std::int64_t>(last) + 3) * kDayMs);
  std::vector<ReversedIssue> out;
  for (;;) {
    auto row = st->step();
    if (!row.is_ok()) {
      st->reset();
      return row.status();
    }
    if (!*row) break;
    const DayNumber day = local_day(st->int64(7), zone);
    if (day < first || day > last) continue;
    const std::int64_t item = st->int64(0);
    const Qty qty = st->int64(5);
    const Money value = st->int64(6);
    // Out of a location adds to the goods issued; into one takes from them.
    if (st->int64(3) == 0) out.push_back({day, item, st->int64(1), qty, value});
    if (st->int64(4) == 0) out.push_back({day, item, st->int64(2), -qty, -value});
  }
  st->reset();
  return out;
}

}  // namespace jxc::inventory
