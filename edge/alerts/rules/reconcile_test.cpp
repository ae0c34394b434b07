// reconcile(): conditions true now against the open alerts, as a table.
#include <gtest/gtest.h>

#include "edge/alerts/rules/reconcile.h"

namespace jxc::alerts {
namespace {

Alert cond(Kind k, const std::string& item) {
  Alert a;
  a.key = {k, item, "A-01", "", ""};
  return a;
}

Conditions set_of(const std::vector<Alert>& v) {
  Conditions out;
  for (const auto& a : v) out.emplace(a.key.text(), a);
  return out;
}

TEST(Reconcile, RaisesWhatStartsClearsWhatEndsAndLeavesOtherKindsAlone) {
  const Alert exp_a = cond(Kind::lot_expiring, "A");
  const Alert exp_b = cond(Kind::lot_expiring, "B");
  const Alert old_c = cond(Kind::lot_expired, "C");
  const Alert dev = cond(Kind::device_offline, "D");
  struct Case {
    const char* name;
    std::vector<Alert> open, current;
    std::vector<std::string> raised, cleared;  // items
    std::size_t open_after;
  };
  const std::vector<Case> cases = {
      {"nothing open, nothing true", {}, {}, {}, {}, 0},
      {"a condition starts", {}, {exp_a}, {"A"}, {}, 1},
      {"still true: not raised again", {exp_a}, {exp_a}, {}, {}, 1},
      {"it ends", {exp_a}, {}, {}, {"A"}, 0},
      {"one ends, another starts", {exp_a}, {exp_b}, {"B"}, {"A"}, 1},
      {"a governed second kind ends too", {old_c}, {}, {}, {"C"}, 0},
      {"another kind's alert stays open", {dev}, {}, {}, {}, 1},
      {"another kind's alert stays beside a new one", {dev}, {exp_a}, {"A"}, {}, 2},
  };
  for (const auto& c : cases) {
    Conditions open = set_of(c.open);
    Decisions d = reconcile({Kind::lot_expiring, Kind::lot_expired}, set_of(c.current), open);
    std::vector<std::string> raised, cleared;
    for (const auto& a : d.raise) raised.push_back(a.key.item);
    for (const auto& k : d.clear) cleared.push_back(k.item);
    EXPECT_EQ(raised, c.raised) << c.name;
    EXPECT_EQ(cleared, c.cleared) << c.name;
    EXPECT_EQ(open.size(), c.open_after) << c.name;
  }
}

}  // namespace
}  // namespace jxc::alerts
