#pragma once
// The shelves record their discrepancies in the store (edge/weight); an open
// one is an alert until a manager accepts or dismisses it there.

#include <vector>

#include "edge/alerts/rules/reconcile.h"
#include "edge/weight/weight_store.h"

namespace jxc::alerts {

/// `open`: the discrepancies open now.
Conditions weight_discrepancy_conditions(const std::vector<weight::Discrepancy>& open, TimeMs now);

}  // namespace jxc::alerts
