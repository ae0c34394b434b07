#include "edge/inventory/overdue_orders.h"

#include "edge/store/sqlite.h"

namespace jxc::inventory {

Result<std::vector<OverdueOrder>> open_receipts_due_before(Queries& q, TimeMs cutoff) {
  JXC_ASSIGN(auto st, q.db().prepare(
                          "SELECT o.id, o.number, o.ref, o.partner, o.door, o.expected_at, i.sku, i.name, i.uom, "
                          "i.decimals, ol.qty - ol.done FROM orders o "
                          "LEFT JOIN order_lines ol ON ol.order_id = o.id AND ol.done < ol.qty "
                          "LEFT JOIN items i ON i.id = ol.item_id "
                          "WHERE o.state = 'open' AND o.kind = 'expected_receipt' AND o.expected_at IS NOT NULL "
                          "AND o.expected_at < ?1 ORDER BY o.expected_at, o.id, ol.line_no"));
  st->bind_all(cutoff);
  std::vector<OverdueOrder> out;
  std::int64_t last_id = 0;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    if (out.empty() || st->int64(0) != last_id) {
      last_id = st->int64(0);
      out.push_back({st->text(1), st->text(2), st->text(3), st->text(4), st->int64(5), {}});
    }
    if (!st->is_null(6))
      out.back().lines.push_back(
          {st->text(6), st->text(7), st->text(8), static_cast<int>(st->int64(9)), st->int64(10)});
  }
  return out;
}

}  // namespace jxc::inventory
