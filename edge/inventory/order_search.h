#pragma once
// Expected receipts and pick lists as a list shows them: newest first, a page
// at a time, with their totals (lines, quantity expected, received or picked
// so far). Reads on a Queries connection; Queries::order() has the lines.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "edge/common/status.h"
#include "edge/inventory/queries.h"

namespace jxc::inventory {

struct OrderSearch {
  std::optional<OrderKind> kind;
  std::string state;   // open, closed, cancelled; empty: any
  std::string number;  // exact; empty: any
  std::int64_t before_id = 0;  // ids below this; 0: from the newest
  std::size_t limit = 100;
};

struct OrderSummary {
  std::int64_t id = 0;
  OrderKind kind = OrderKind::expected_receipt;
  std::string number, ref, partner, door, state;
  std::string source;  // who made it (Order::source)
  std::optional<double> tolerance_pct;
  TimeMs created_at = 0;
  std::int64_t lines = 0;
  Qty qty = 0;   // expected, all lines
  Qty done = 0;  // received or picked so far
};

Result<std::vector<OrderSummary>> find_orders(Queries& q, const OrderSearch& f);

}  // namespace jxc::inventory
