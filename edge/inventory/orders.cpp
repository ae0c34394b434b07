#include "edge/inventory/orders.h"

#include <cmath>
#include <set>
#include <sstream>

#include "edge/identifiers/check_digit.h"
#include "edge/inventory/quantity.h"

namespace jxc::inventory {

Status upsert_order(Tx& tx, const Order& o) {
  if (o.number.empty()) return error(Errc::invalid_argument, "order number is required");
  if (o.lines.empty()) return error(Errc::invalid_argument, "order " + o.number + " has no lines");
  if (o.tolerance_pct && (*o.tolerance_pct < 0 || *o.tolerance_pct > 1000))
    return error(Errc::invalid_argument, "tolerance must be 0..1000 %");
  if (o.expected_at && o.kind != OrderKind::expected_receipt)
    return error(Errc::invalid_argument, "order " + o.number + ": only an expected receipt has an expected time");
  std::vector<ItemInfo> items;
  std::vector<Qty> qtys;
  std::set<std::string> line_ids;
  for (size_t i = 0; i < o.lines.size(); ++i) {
    const auto& l = o.lines[i];
    qtys.push_back(l.qty);
    if (l.qty <= 0 && l.entered.empty())
      return error(Errc::invalid_argument,
                   "order " + o.number + " line " + std::to_string(i + 1) + ": quantity must be positive");
    const std::string where = "order " + o.number + " line " + std::to_string(i + 1) +
                              (l.sscc.empty() ? "" : " (pallet " + l.sscc + ")");
    if (!l.sscc.empty()) {
      if (o.kind != OrderKind::expected_receipt)
        return error(Errc::invalid_argument, where + ": only an expected receipt's lines arrive on a pallet");
      if (auto why = identifiers::sscc_problem(l.sscc))
        return error(Errc::invalid_argument, where + ": SSCC " + *why + ", got '" + l.sscc + "'");
    }
    if (!l.line_id.empty() && !line_ids.insert(l.line_id).second)
      return error(Errc::invalid_argument, where + ": line id '" + l.line_id + "' is already on an earlier line");
    JXC_ASSIGN(auto item, tx.item(l.sku));
    if (!l.entered.empty()) {
      auto stored = to_stored(l.entered, l.unit, item.units, l.sku);
      if (!stored) return error(stored.status().code(), where + ": " + stored.status().reason());
      if (*stored <= 0) return error(Errc::invalid_argument, where + ": quantity must be positive");
      qtys[i] = *stored;
    } else if (!l.unit.empty() && l.unit != item.units.base) {
      return error(Errc::invalid_argument,
                   where + ": a quantity in unit '" + l.unit + "' must be given as entered text");
    }
    // A retired item cannot be received (its stock may only leave), so an
    // expected receipt of it could never be fulfilled; a pick list may
    // still clear what is left.
    if (!item.active && o.kind == OrderKind::expected_receipt)
      return error(Errc::retired, "order " + o.number + " line " + std::to_string(i + 1) + ": item " + l.sku +
                                      " is retired and cannot be received");
    items.push_back(item);
  }
  JXC_ASSIGN(auto* find, tx.db().cached("SELECT id, kind, state FROM orders WHERE number=?1"));
  find->bind_all(o.number);
  JXC_ASSIGN(bool exists, find->step());
  std::int64_t id = 0;
  std::map<std::pair<std::int64_t, std::string>, Qty> done_before;
  if (exists) {
    id = find->int64(0);
    if (find->text(1) != to_string(o.kind))
      return error(Errc::conflict, "order " + o.number + " exists as a " + find->text(1));
    if (find->text(2) != "open")
      return error(Errc::invalid_state, "order " + o.number + " is " + find->text(2) +
                                            " and can no longer be changed");
    // Keep what has been received or issued so far against the new lines.
    JXC_ASSIGN(auto* done, tx.db().cached(
                               "SELECT item_id, lot, sum(done) FROM order_lines WHERE order_id=?1 "
                               "GROUP BY item_id, lot"));
    done->bind_all(id);
    for (;;) {
      JXC_ASSIGN(bool row, done->step());
      if (!row) break;
      done_before[{done->int64(0), done->text(1)}] = done->int64(2);
    }
    JXC_ASSIGN(auto* del, tx.db().cached("DELETE FROM order_lines WHERE order_id=?1"));
    del->bind_all(id);
    JXC_TRY(del->run());
    JXC_ASSIGN(auto* upd, tx.db().cached(
                              "UPDATE orders SET ref=?2, partner=?3, door=?4, tolerance_pct=?5, expected_at=?6 "
                              "WHERE id=?1"));
    upd->bind_all(id, o.ref, o.partner, o.door, o.tolerance_pct, o.expected_at);
    JXC_TRY(upd->run());
  } else {
    JXC_ASSIGN(auto* ins, tx.db().cached(
                              "INSERT INTO orders(kind,number,ref,partner,door,tolerance_pct,state,created_at,source,"
                              "expected_at) VALUES(?1,?2,?3,?4,?5,?6,'open',?7,?8,?9)"));
    ins->bind_all(std::string(to_string(o.kind)), o.number, o.ref, o.partner, o.door,
                  o.tolerance_pct, tx.now(), o.source.empty() ? std::string("unknown") : o.source, o.expected_at);
    JXC_TRY(ins->run());
    id = tx.db().last_insert_rowid();
  }
  for (size_t i = 0; i < o.lines.size(); ++i) {
    auto key = std::make_pair(items[i].id, o.lines[i].lot);
    Qty done = 0;
    if (auto it = done_before.find(key); it != done_before.end()) {
      done = std::min(it->second, qtys[i]);
      it->second -= done;
    }
    JXC_ASSIGN(auto* line, tx.db().cached(
                               "INSERT INTO order_lines(order_id,line_no,item_id,lot,qty,done,sscc,line_id,unit,"
                               "entered,unit_cost) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)"));
    const auto& l = o.lines[i];
    const bool as_entered = !l.entered.empty();
    line->bind_all(id, static_cast<std::int64_t>(i + 1), items[i].id, l.lot, qtys[i], done, l.sscc, l.line_id,
                   as_entered ? (l.unit.empty() ? items[i].units.base : l.unit) : std::string(),
                   as_entered ? format_decimal(*parse_decimal(l.entered, items[i].units.decimals),
                                               items[i].units.decimals)
                              : std::string(),
                   l.unit_cost);
    JXC_TRY(line->run());
  }
  return Status::ok();
}

Status cancel_order(Tx& tx, const std::string& number) {
  JXC_ASSIGN(auto* st, tx.db().cached("UPDATE orders SET state='cancelled' WHERE number=?1 AND state='open'"));
  st->bind_all(number);
  JXC_TRY(st->run());
  if (tx.db().changes() == 0) {
    JXC_ASSIGN(auto* q, tx.db().cached("SELECT state FROM orders WHERE number=?1"));
    q->bind_all(number);
    JXC_ASSIGN(bool row, q->step());
    if (!row) return error(Errc::unknown_order, "no order '" + number + "'").with("key", number);
    return error(Errc::invalid_state, "order " + number + " is " + q->text(0));
  }
  return Status::ok();
}

Result<OrderRef> open_order(Tx& tx, const std::string& number, OrderKind kind) {
  JXC_ASSIGN(auto* st, tx.db().cached("SELECT id, kind, state, tolerance_pct, ref FROM orders WHERE number=?1"));
  st->bind_all(number);
  JXC_ASSIGN(bool row, st->step());
  const char* what = kind == OrderKind::expected_receipt ? "expected receipt" : "pick list";
  if (!row) return error(Errc::unknown_order, std::string("no ") + what + " '" + number + "'").with("key", number);
  if (st->text(1) != to_string(kind))
    return error(Errc::invalid_argument, "order '" + number + "' is not a " + what);
  if (st->text(2) != "open")
    return error(Errc::invalid_state, std::string(what) + " '" + number + "' is " + st->text(2));
  OrderRef ref{st->int64(0), number, kind,
               st->is_null(3) ? tx.options().over_receipt_tolerance_pct : st->real(3), st->text(4)};
  return ref;
}

namespace {
struct Expected {
  Qty qty = 0, done = 0;
};
Result<std::map<std::int64_t, Expected>> expected_by_item(Tx& tx, std::int64_t order_id) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "SELECT item_id, sum(qty), sum(done) FROM order_lines WHERE order_id=?1 "
                           "GROUP BY item_id"));
  st->bind_all(order_id);
  std::map<std::int64_t, Expected> out;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    out[st->int64(0)] = {st->int64(1), st->int64(2)};
  }
  return out;
}
}  // namespace

namespace {
// A tolerance as a person writes it: 0, 2.5, 10 (never 0.000000).
std::string percent_text(double pct) {
  std::ostringstream out;
  out << pct;
  return out.str();
}
}  // namespace

Result<OrderCheck> check_against_order(Tx& tx, const OrderRef& order,
                                       const std::map<std::int64_t, Qty>& qty_by_item,
                                       const std::map<std::int64_t, std::string>& sku_by_item,
                                       bool closing, bool over_is_exception) {
  JXC_ASSIGN(auto expected, expected_by_item(tx, order.id));
  OrderCheck out;
  for (const auto& [item, qty] : qty_by_item) {
    const std::string& sku = sku_by_item.at(item);
    auto it = expected.find(item);
    if (it == expected.end()) {
      out.line_flags[item] = "unexpected";
      out.exceptions.push_back("unexpected: " + sku + " x" + std::to_string(qty) +
                               " is not on " + order.number);
      continue;
    }
    Qty after = it->second.done + qty;
    double limit = std::floor(static_cast<double>(it->second.qty) * (1.0 + order.tolerance_pct / 100.0) + 1e-9);
    if (static_cast<double>(after) > limit) {
      std::string why = sku + ": " + std::to_string(after) + " would be " +
                        (order.kind == OrderKind::expected_receipt ? "received" : "issued") +
                        " against " + std::to_string(it->second.qty) + " on " + order.number +
                        " (tolerance " + percent_text(order.tolerance_pct) + "% allows " +
                        std::to_string(static_cast<Qty>(limit)) + ")";
      if (!over_is_exception)
        return error(Errc::tolerance_exceeded, why)
            .with("sku", sku)
            .with("order", order.number)
            .with("direction", order.kind == OrderKind::expected_receipt ? "receive" : "issue")
            .with("after", std::to_string(after))
            .with("ordered", std::to_string(it->second.qty))
            .with("tolerance_pct", percent_text(order.tolerance_pct))
            .with("limit", std::to_string(static_cast<Qty>(limit)));
      out.line_flags[item] = "over";
      out.exceptions.push_back("over: " + why);
      continue;
    }
    if (after > it->second.qty) {
      out.line_flags[item] = "over";
      out.exceptions.push_back("over: " + sku + " " + std::to_string(after) + " of " +
                               std::to_string(it->second.qty) + " (within tolerance)");
    }
  }
  if (closing) {
    for (const auto& [item, e] : expected) {
      Qty now = e.done;
      if (auto q = qty_by_item.find(item); q != qty_by_item.end()) now += q->second;
      if (now < e.qty) {
        JXC_ASSIGN(auto* st, tx.db().cached("SELECT sku FROM items WHERE id=?1"));
        st->bind_all(item);
        JXC_ASSIGN(bool row, st->step());
        std::string sku = row ? st->text(0) : std::to_string(item);
        out.exceptions.push_back("short: " + sku + " " + std::to_string(now) + " of " +
                                 std::to_string(e.qty));
        // The line that brings too few says so (an item with no line at all
        // is in the exception alone).
        if (qty_by_item.count(item)) out.line_flags.emplace(item, "short");
      }
    }
  }
  return out;
}

void OrderLineIds::add(std::int64_t item_id, std::string lot, std::string id) {
  by_item_[item_id].emplace_back(std::move(lot), std::move(id));
}

std::vector<std::string> OrderLineIds::of(std::int64_t item_id, const std::string& lot) const {
  std::vector<std::string> all, same_lot;
  auto it = by_item_.find(item_id);
  if (it == by_item_.end()) return all;
  for (const auto& [l, id] : it->second) {
    all.push_back(id);
    if (!lot.empty() && l == lot) same_lot.push_back(id);
  }
  return same_lot.empty() ? all : same_lot;
}

Result<OrderLineIds> order_line_ids(Tx& tx, std::int64_t order_id) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "SELECT item_id, lot, line_id FROM order_lines WHERE order_id=?1 AND line_id<>'' "
                           "ORDER BY line_no"));
  st->bind_all(order_id);
  OrderLineIds out;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    out.add(st->int64(0), st->text(1), st->text(2));
  }
  return out;
}

Status apply_order_progress(Tx& tx, const OrderRef& order,
                            const std::map<std::int64_t, Qty>& qty_by_item, bool close) {
  for (auto [item, qty] : qty_by_item) {
    // Fill the order's lines for this item in line order; what is left over
    // (over-receipt) lands on the last line.
    JXC_ASSIGN(auto* lines, tx.db().cached(
                                "SELECT line_no, qty, done FROM order_lines WHERE order_id=?1 AND "
                                "item_id=?2 ORDER BY line_no"));
    lines->bind_all(order.id, item);
    std::vector<std::tuple<std::int64_t, Qty, Qty>> rows;
    for (;;) {
      JXC_ASSIGN(bool row, lines->step());
      if (!row) break;
      rows.emplace_back(lines->int64(0), lines->int64(1), lines->int64(2));
    }
    if (rows.empty()) continue;  // unexpected item: nothing to fulfil
    std::vector<Qty> add(rows.size(), 0);
    if (qty >= 0) {
      for (size_t i = 0; i < rows.size() && qty > 0; ++i) {
        Qty room = std::max<Qty>(0, std::get<1>(rows[i]) - std::get<2>(rows[i]));
        Qty take = i + 1 == rows.size() ? qty : std::min(room, qty);
        add[i] = take;
        qty -= take;
      }
    } else {
      for (size_t i = rows.size(); i-- > 0 && qty < 0;) {
        Qty give = std::min(std::get<2>(rows[i]), -qty);
        add[i] = -give;
        qty += give;
      }
    }
    for (size_t i = 0; i < rows.size(); ++i) {
      if (add[i] == 0) continue;
      JXC_ASSIGN(auto* upd, tx.db().cached(
                                "UPDATE order_lines SET done=done+?3 WHERE order_id=?1 AND line_no=?2"));
      upd->bind_all(order.id, std::get<0>(rows[i]), add[i]);
      JXC_TRY(upd->run());
    }
  }
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "UPDATE orders SET state='closed' WHERE id=?1 AND state='open' AND "
                           "(?2 OR NOT EXISTS (SELECT 1 FROM order_lines WHERE order_id=?1 AND done<qty))"));
  st->bind_all(order.id, close ? 1 : 0);
  return st->run();
}

}  // namespace jxc::inventory
