#include "edge/inventory/order_search.h"

#include "edge/store/sqlite.h"

namespace jxc::inventory {

Result<std::vector<OrderSummary>> find_orders(Queries& q, const OrderSearch& f) {
  JXC_ASSIGN(auto st, q.db().prepare(
                          "SELECT o.id, o.kind, o.number, o.ref, o.partner, o.door, o.tolerance_pct, o.state, "
                          "o.created_at, count(l.line_no), coalesce(sum(l.qty),0), coalesce(sum(l.done),0), o.source "
                          "FROM orders o LEFT JOIN order_lines l ON l.order_id=o.id "
                          "WHERE (?1=0 OR o.id<?1) AND (?2='' OR o.kind=?2) AND (?3='' OR o.state=?3) "
                          "AND (?4='' OR o.number=?4) "
                          "GROUP BY o.id ORDER BY o.id DESC LIMIT ?5"));
  st->bind_all(f.before_id, f.kind ? std::string(to_string(*f.kind)) : std::string(), f.state, f.number,
               static_cast<std::int64_t>(f.limit));
  std::vector<OrderSummary> out;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    OrderSummary o;
    o.id = st->int64(0);
    o.kind = st->text(1) == "pick_list" ? OrderKind::pick_list : OrderKind::expected_receipt;
    o.number = st->text(2);
    o.ref = st->text(3);
    o.partner = st->text(4);
    o.door = st->text(5);
    if (!st->is_null(6)) o.tolerance_pct = st->real(6);
    o.state = st->text(7);
    o.created_at = st->int64(8);
    o.lines = st->int64(9);
    o.qty = st->int64(10);
    o.done = st->int64(11);
    o.source = st->text(12);
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace jxc::inventory
