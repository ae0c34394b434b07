// Queries: expected receipts and pick lists with their lines.
#include <string>

#include "edge/inventory/queries.h"
#include "edge/inventory/read_tx.h"

namespace jxc::inventory {

using read_side::collect;
using read_side::ReadTx;

namespace {
Result<std::vector<OrderLine>> order_lines(store::Db& db, std::int64_t order_id) {
  JXC_ASSIGN(auto* st, db.cached(
                           "SELECT i.sku, ol.lot, ol.qty, ol.done, ol.sscc, ol.line_id, ol.unit, ol.entered, "
                           "ol.unit_cost FROM order_lines ol "
                           "JOIN items i ON i.id=ol.item_id WHERE ol.order_id=?1 ORDER BY ol.line_no"));
  st->bind_all(order_id);
  return collect<OrderLine>(st, [](const store::Stmt& s) {
    OrderLine l{s.text(0), s.text(1), s.int64(2), s.int64(3), s.text(4), s.text(5), s.text(6), s.text(7)};
    if (!s.is_null(8)) l.unit_cost = s.int64(8);
    return l;
  });
}

Order order_head(const store::Stmt& s) {
  Order o;
  o.kind = s.text(1) == "pick_list" ? OrderKind::pick_list : OrderKind::expected_receipt;
  o.number = s.text(2);
  o.ref = s.text(3);
  o.partner = s.text(4);
  o.door = s.text(5);
  if (!s.is_null(6)) o.tolerance_pct = s.real(6);
  o.state = s.text(7);
  o.source = s.text(8);
  if (!s.is_null(9)) o.expected_at = s.int64(9);
  return o;
}
constexpr const char* kOrderColumns =
    "SELECT id, kind, number, ref, partner, door, tolerance_pct, state, source, expected_at FROM orders ";
const std::string kNoDoor;
}  // namespace

Result<Order> Queries::order(const std::string& number) {
  ReadTx rt(*db_);
  static const std::string sql = std::string(kOrderColumns) + "WHERE number=?1";
  JXC_ASSIGN(auto* st, db_->cached(sql.c_str()));
  st->bind_all(number);
  JXC_ASSIGN(bool row, st->step());
  if (!row) return error(Errc::unknown_order, "no order '" + number + "'").with("key", number);
  Order o = order_head(*st);
  JXC_ASSIGN(o.lines, order_lines(*db_, st->int64(0)));
  return o;
}

Result<std::vector<Order>> Queries::orders(std::optional<OrderKind> kind, bool open_only) {
  ReadTx rt(*db_);
  static const std::string sql = std::string(kOrderColumns) +
                                 "WHERE (?1='' OR kind=?1) AND (?2=0 OR state='open') ORDER BY id";
  JXC_ASSIGN(auto* st, db_->cached(sql.c_str()));
  st->bind_all(kind ? std::string(to_string(*kind)) : std::string(), open_only ? 1 : 0);
  std::vector<std::pair<std::int64_t, Order>> heads;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    heads.emplace_back(st->int64(0), order_head(*st));
  }
  std::vector<Order> out;
  for (auto& [id, o] : heads) {
    JXC_ASSIGN(o.lines, order_lines(*db_, id));
    out.push_back(std::move(o));
  }
  return out;
}

Result<std::optional<Order>> Queries::open_order_for_door(OrderKind kind, const std::string& door) {
  ReadTx rt(*db_);
  // Two probes of the orders_open index rather than one OR, which would scan.
  // An order with a document held for review against it waits for that
  // decision (drafts are few: the documents_state index finds them).
  static const std::string sql = std::string(kOrderColumns) +
                                 "WHERE kind=?1 AND door=?2 AND state='open' AND NOT EXISTS (SELECT 1 FROM "
                                 "documents d WHERE d.state='draft' AND d.needs_review=1 AND d.order_id=orders.id) "
                                 "ORDER BY id LIMIT 1";
  for (const std::string* d : {&door, &kNoDoor}) {
    JXC_ASSIGN(auto* st, db_->cached(sql.c_str()));
    st->bind_all(std::string(to_string(kind)), *d);
    JXC_ASSIGN(bool row, st->step());
    if (!row) continue;
    std::int64_t id = st->int64(0);
    Order o = order_head(*st);
    st->reset();
    JXC_ASSIGN(o.lines, order_lines(*db_, id));
    return std::optional<Order>(std::move(o));
  }
  return std::optional<Order>();
}

Result<std::vector<OrderLine>> Queries::pallet_lines(const std::string& sscc) {
  ReadTx rt(*db_);
  JXC_ASSIGN(auto* st, db_->cached(
                           "SELECT i.sku, ol.lot, ol.qty, ol.done, ol.sscc FROM order_lines ol "
                           "JOIN items i ON i.id=ol.item_id WHERE ol.sscc=?1 AND ol.order_id=("
                           "SELECT max(l.order_id) FROM order_lines l JOIN orders o ON o.id=l.order_id "
                           "WHERE l.sscc=?1 AND l.sscc<>'' AND o.kind='expected_receipt') "  // <>'': the partial index
                           "ORDER BY ol.line_no"));
  st->bind_all(sscc);
  return collect<OrderLine>(st, [](const store::Stmt& s) {
    return OrderLine{s.text(0), s.text(1), s.int64(2), s.int64(3), s.text(4)};
  });
}

}  // namespace jxc::inventory
