#include "edge/inventory/pick_suggestions.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "edge/store/sqlite.h"

namespace jxc::inventory {
namespace {

/// The stock of an item available for picking (physical locations other than
/// quarantine bins) with each lot's expiry, in picking order: earliest expiry
/// first, lots without one last, then by location code and lot.
Result<std::vector<PickSource>> stock_in_picking_order(Queries& q, const std::string& sku, const std::string& lot) {
  JXC_ASSIGN(auto* st, q.db().cached(
                           "SELECT l.code, b.lot, t.expiry, b.qty FROM balances b "
                           "JOIN items i ON i.id=b.item_id JOIN locations l ON l.id=b.location_id "
                           "LEFT JOIN lots t ON t.item_id=b.item_id AND t.lot=b.lot "
                           "WHERE i.sku=?1 AND (?2='' OR b.lot=?2) AND b.qty>0 AND l.kind<>'virtual' AND l.quarantine=0 "
                           "ORDER BY t.expiry IS NULL, t.expiry, l.code, b.lot"));
  st->bind_all(sku, lot);
  std::vector<PickSource> out;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    PickSource s;
    s.location = st->text(0);
    s.lot = st->text(1);
    if (!st->is_null(2)) s.expiry = st->text(2);
    s.on_hand = st->int64(3);
    out.push_back(std::move(s));
  }
  st->reset();
  return out;
}

}  // namespace

Result<PickSuggestions> pick_suggestions(Queries& q, const std::string& number) {
  JXC_ASSIGN(auto order, q.order(number));
  if (order.kind != OrderKind::pick_list)
    return error(Errc::invalid_argument, "order '" + number + "' is an expected receipt, not a pick list");
  if (order.state != "open")
    return error(Errc::invalid_state, "pick list '" + number + "' is " + order.state + ": nothing is left to pick");
  PickSuggestions out;
  out.number = order.number;
  out.ref = order.ref;
  out.partner = order.partner;
  out.state = order.state;
  // What earlier lines of this list were proposed, per item, bin and lot.
  std::map<std::tuple<std::string, std::string, std::string>, Qty> taken;
  for (std::size_t i = 0; i < order.lines.size(); ++i) {
    const OrderLine& l = order.lines[i];
    if (l.done >= l.qty) continue;
    PickLineSuggestion s;
    s.line = static_cast<int>(i + 1);
    s.sku = l.sku;
    s.lot = l.lot;
    s.ordered = l.qty;
    s.done = l.done;
    s.open = l.qty - l.done;
    JXC_ASSIGN(auto stock, stock_in_picking_order(q, l.sku, l.lot));
    for (auto& src : stock) {
      if (s.proposed >= s.open) break;
      Qty& used = taken[{l.sku, src.location, src.lot}];
      const Qty left = src.on_hand - used;
      if (left <= 0) continue;
      src.qty = std::min(left, s.open - s.proposed);
      used += src.qty;
      s.proposed += src.qty;
      s.sources.push_back(std::move(src));
    }
    out.lines.push_back(std::move(s));
  }
  return out;
}

}  // namespace jxc::inventory
