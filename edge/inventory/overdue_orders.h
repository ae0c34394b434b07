#pragma once
// Expected receipts that are late, for the asn_overdue alert rule
// (edge/alerts/rules/asn_overdue.h): open ones whose expected time is before
// a cutoff, with what is still to come, named as master data names it.

#include <vector>

#include "edge/inventory/queries.h"

namespace jxc::inventory {

struct OverdueLine {
  std::string sku, name, uom;
  int decimals = 0;
  Qty open = 0;  // ordered minus received, in smallest units
};

struct OverdueOrder {
  std::string number, ref, partner, door;
  TimeMs expected_at = 0;
  std::vector<OverdueLine> lines;  // lines still open, in line order
};

/// Open expected receipts whose expected_at is before `cutoff`.
Result<std::vector<OverdueOrder>> open_receipts_due_before(Queries& q, TimeMs cutoff);

}  // namespace jxc::inventory
