#pragma once
// Expected receipts (ASNs) that are late: one asn_overdue alert (subject: the
// order's number) for each open ASN whose expected time plus the grace has
// passed; it clears when the ASN is received in full (closed) or cancelled.

#include <vector>

#include "edge/alerts/rules/reconcile.h"
#include "edge/inventory/overdue_orders.h"

namespace jxc::alerts {

/// The expected time before which an open ASN is overdue at `now`.
TimeMs asn_overdue_cutoff(TimeMs now, std::int64_t grace_minutes);

/// One condition per ASN of `late` (open, expected before the cutoff): qty
/// the minutes it is overdue, threshold the grace; the facts carry its
/// supplier, expected time and what is still to come, for the texts.
Conditions asn_overdue_conditions(const std::vector<inventory::OverdueOrder>& late, TimeMs now,
                                  std::int64_t grace_minutes);

}  // namespace jxc::alerts
