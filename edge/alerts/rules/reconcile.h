#pragma once
// From the conditions a rule finds true now to raise and clear decisions:
// a condition is raised once when it starts and cleared once when it ends.
// The rules below each return the conditions of their kinds that hold now;
// reconcile() compares them with the alerts open for those kinds.

#include <initializer_list>
#include <map>
#include <string>
#include <vector>

#include "edge/alerts/alert.h"

namespace jxc::alerts {

/// Alerts by Key::text().
using Conditions = std::map<std::string, Alert>;

struct Decisions {
  std::vector<Alert> raise;
  std::vector<Key> clear;
};

/// `current` holds the conditions of `kinds` true now; `open` the open alerts
/// (of any kind), updated to what is open after the decisions. Open alerts of
/// other kinds are left alone.
Decisions reconcile(std::initializer_list<Kind> kinds, Conditions current, Conditions& open);

}  // namespace jxc::alerts
