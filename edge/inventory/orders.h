#pragma once
// Expected receipts (ASN/PO) and pick lists: what a receipt or an issue is
// checked against, and how far each order has been fulfilled.

#include <map>
#include <vector>

#include "edge/inventory/tx.h"

namespace jxc::inventory {

Status upsert_order(Tx& tx, const Order& order);
Status cancel_order(Tx& tx, const std::string& number);

struct OrderRef {
  std::int64_t id = 0;
  std::string number;
  OrderKind kind = OrderKind::expected_receipt;
  double tolerance_pct = 0;
  std::string ref = {};  // PO / SO number in the central system
};

/// An open order of the given kind, or why it cannot be used.
Result<OrderRef> open_order(Tx& tx, const std::string& number, OrderKind kind);

/// Quantities per item for checking a document against its order.
struct OrderCheck {
  std::map<std::int64_t, std::string> line_flags;  // item id -> over / unexpected / short
  std::vector<std::string> exceptions;             // for people: what differs and by how much
};

/// Compares the document's quantities per item with what the order still
/// expects. More than the tolerance allows is Errc::tolerance_exceeded (an
/// exception flagged "over" when `over_is_exception`, for documents held for
/// review: posting checks again); over within tolerance, unexpected items and
/// (when closing) short lines are exceptions.
Result<OrderCheck> check_against_order(Tx& tx, const OrderRef& order,
                                       const std::map<std::int64_t, Qty>& qty_by_item,
                                       const std::map<std::int64_t, std::string>& sku_by_item,
                                       bool closing, bool over_is_exception = false);

/// The central system's ids of an order's lines (those that have one), for
/// the events of documents against it: a document line names the ids of the
/// order's lines of its item, only those of its lot when some have it.
class OrderLineIds {
 public:
  void add(std::int64_t item_id, std::string lot, std::string id);
  std::vector<std::string> of(std::int64_t item_id, const std::string& lot) const;

 private:
  std::map<std::int64_t, std::vector<std::pair<std::string, std::string>>> by_item_;  // (lot, id)
};
Result<OrderLineIds> order_line_ids(Tx& tx, std::int64_t order_id);

/// Records the document's quantities as fulfilled (negative to undo), and
/// closes the order when asked or when every line is complete.
Status apply_order_progress(Tx& tx, const OrderRef& order,
                            const std::map<std::int64_t, Qty>& qty_by_item, bool close);

}  // namespace jxc::inventory
