#include "edge/weight/slot_counter.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace jxc::weight {
namespace {

CountRules rules() {
  CountRules r;
  r.tare_g = 100;
  r.unit_g = 500;
  r.tolerance = 0.2;
  r.hysteresis = 0.1;
  r.band_g = 5;
  r.window_ms = 1000;
  return r;
}

// Feeds `grams` every 100 ms from `t` for `ms`, with an optional noise
// pattern (+n, -n, +n ...); returns the time after the last sample.
std::int64_t feed(SlotCounter& c, std::int64_t t, double grams, std::int64_t ms, double noise = 0) {
  for (std::int64_t i = 0; i <= ms / 100; ++i, t += 100)
    c.add(Sample{t, grams + (i % 2 ? noise : -noise)});
  return t;
}

TEST(SlotCounter, CountsWholeUnitsAfterTheWindow) {
  SlotCounter c(rules());
  c.add(Sample{0, 100 + 3 * 500});
  EXPECT_EQ(c.status(), SlotStatus::waiting) << "one sample is not yet stable";
  feed(c, 100, 100 + 3 * 500, 1000);
  EXPECT_EQ(c.status(), SlotStatus::counted);
  EXPECT_EQ(c.count(), 3);
}

// Goods sold by weight: every stable weight is a quantity in the item's
// smallest unit (here 1 g), never "not a whole number of units", and noise
// within the stability band keeps the quantity.
TEST(SlotCounter, WeighedGoodsCountTheirWeightInSmallestUnits) {
  CountRules r = rules();
  r.unit_g = 1;
  r.weighed = true;
  SlotCounter c(r);
  std::int64_t t = feed(c, 0, 100 + 1250.4, 1500);
  EXPECT_EQ(c.status(), SlotStatus::counted);
  EXPECT_EQ(c.count(), 1250);
  t = feed(c, t, 100 + 1253.6, 1500);  // within the 5 g band of 1250: the same stock
  EXPECT_EQ(c.count(), 1250);
  feed(c, t, 100 + 1237.5, 1500);      // 12.5 g taken: a change, to the gram
  EXPECT_EQ(c.status(), SlotStatus::counted);
  EXPECT_EQ(c.count(), 1238);
  CountRules pieces = rules();  // the same weights counted in 500 g units need attention
  SlotCounter p(pieces);
  feed(p, 0, 100 + 1250.4, 1500);
  EXPECT_EQ(p.status(), SlotStatus::needs_attention);
}

TEST(SlotCounter, SensorStableFlagCountsAtOnce) {
  SlotCounter c(rules());
  Sample s{0, 100 + 2 * 500};
  s.has_stable = s.stable = true;
  EXPECT_TRUE(c.add(s));
  EXPECT_EQ(c.count(), 2);
}

struct Case {
  const char* name;
  double grams;  // gross
  double noise;
  SlotStatus status;
  std::optional<std::int64_t> count;
};

TEST(SlotCounter, CountingTable) {
  const std::vector<Case> cases = {
      {"empty slot is zero", 100, 0, SlotStatus::counted, 0},
      {"noise within the band", 100 + 4 * 500, 2, SlotStatus::counted, 4},
      {"remainder just inside tolerance", 100 + 4 * 500 + 95, 0, SlotStatus::counted, 4},
      {"remainder outside tolerance", 100 + 4 * 500 + 150, 0, SlotStatus::needs_attention, std::nullopt},
      {"half a unit", 100 + 4 * 500 + 250, 0, SlotStatus::needs_attention, std::nullopt},
      {"short of a unit, inside tolerance", 100 + 5 * 500 - 80, 0, SlotStatus::counted, 5},
      {"less than the tare", 100 - 300, 0, SlotStatus::needs_attention, std::nullopt},
      {"noise wider than the band never settles", 100 + 4 * 500, 20, SlotStatus::waiting, std::nullopt},
  };
  for (const auto& k : cases) {
    SlotCounter c(rules());
    feed(c, 0, k.grams, 3000, k.noise);
    EXPECT_EQ(c.status(), k.status) << k.name;
    EXPECT_EQ(c.count(), k.count) << k.name;
  }
}

TEST(SlotCounter, SlowDriftWithinHysteresisKeepsTheCount) {
  SlotCounter c(rules());
  std::int64_t t = feed(c, 0, 100 + 3 * 500, 1500);
  ASSERT_EQ(c.count(), 3);
  // Drift of 0.5 g per sample up to +140 g (0.28 of a unit): beyond the
  // tolerance for entering a count, within tolerance + hysteresis for keeping it.
  for (double d = 0; d <= 140; d += 0.5, t += 100) c.add(Sample{t, 100 + 3 * 500 + d});
  t = feed(c, t, 100 + 3 * 500 + 140, 1500);
  EXPECT_EQ(c.status(), SlotStatus::counted);
  EXPECT_EQ(c.count(), 3);
  // Drift further, past 0.3 of a unit: now something is wrong.
  for (double d = 140; d <= 200; d += 0.5, t += 100) c.add(Sample{t, 100 + 3 * 500 + d});
  feed(c, t, 100 + 3 * 500 + 200, 1500);
  EXPECT_EQ(c.status(), SlotStatus::needs_attention);
}

TEST(SlotCounter, AWeightAtTheToleranceEdgeDoesNotFlap) {
  SlotCounter c(rules());
  std::int64_t t = feed(c, 0, 100 + 2 * 500, 1500);
  int changes = 0;
  // Stable readings alternating either side of the 0.2 tolerance edge (each
  // step is motion for a moment: the slot is unstable until it settles).
  for (int i = 0; i < 20; ++i) {
    double g = 100 + 2 * 500 + (i % 2 ? 95 : 105);
    for (int k = 0; k < 12; ++k, t += 100) {
      c.add(Sample{t, g});
      EXPECT_NE(c.status(), SlotStatus::needs_attention);
      changes += c.count() != 2;
    }
    EXPECT_EQ(c.status(), SlotStatus::counted);
  }
  EXPECT_EQ(changes, 0);
  EXPECT_EQ(c.count(), 2);
}

TEST(SlotCounter, APickChangesTheCountAfterItSettles) {
  SlotCounter c(rules());
  std::int64_t t = feed(c, 0, 100 + 6 * 500, 1500);
  ASSERT_EQ(c.count(), 6);
  // A hand on the shelf: wild readings make the slot unstable at once, its
  // count kept, and change nothing more while they last.
  EXPECT_TRUE(c.add(Sample{t, 100 + 6 * 500 + 300.0}));
  t += 100;
  EXPECT_EQ(c.status(), SlotStatus::unstable);
  EXPECT_EQ(c.count(), 6);
  for (int i = 0; i < 5; ++i, t += 100) EXPECT_FALSE(c.add(Sample{t, 100 + 6 * 500 + 300.0 * (i % 3)}));
  EXPECT_EQ(c.status(), SlotStatus::unstable);
  EXPECT_EQ(c.count(), 6);
  feed(c, t, 100 + 4 * 500, 1500);
  EXPECT_EQ(c.status(), SlotStatus::counted);
  EXPECT_EQ(c.count(), 4);
}

TEST(SlotCounter, OverloadOfflineAndMissingUnitWeight) {
  CountRules r = rules();
  r.unit_g = 0;
  SlotCounter c(r);
  feed(c, 0, 1000, 1500);
  EXPECT_EQ(c.status(), SlotStatus::no_unit_weight);
  EXPECT_DOUBLE_EQ(c.stable_grams(), 1000);
  c.set_rules(rules());
  std::int64_t t = feed(c, 2000, 1100, 1500);
  EXPECT_EQ(c.count(), 2);
  Sample over{t, 99999};
  over.overload = true;
  EXPECT_TRUE(c.add(over));
  EXPECT_EQ(c.status(), SlotStatus::overload);
  EXPECT_TRUE(c.set_offline());
  EXPECT_EQ(c.status(), SlotStatus::offline);
  feed(c, t + 100, 1100, 1500);
  EXPECT_EQ(c.status(), SlotStatus::counted);
}

TEST(SlotCounter, UnderloadIsNotCountedEither) {
  SlotCounter c(rules());
  std::int64_t t = feed(c, 0, 100 + 3 * 500, 1500);
  ASSERT_EQ(c.status(), SlotStatus::counted);
  Sample under{t, -40};
  under.underload = true;
  EXPECT_TRUE(c.add(under));
  EXPECT_EQ(c.status(), SlotStatus::underload);
  // Readings that would otherwise be stable do not count while the flag is on.
  for (int i = 0; i < 20; ++i) {
    Sample s{t + 100 * i, 100 + 3 * 500};
    s.underload = true;
    s.has_stable = s.stable = true;
    c.add(s);
  }
  EXPECT_EQ(c.status(), SlotStatus::underload);
}

// A transmitter that took its own tare reports net weights: the slot's tare
// is not subtracted a second time.
TEST(SlotCounter, ANetReadingIsNotTaredAgain) {
  CountRules r = rules();
  r.tare_g = 250;  // half a unit: subtracting it twice would be "needs attention"
  SlotCounter c(r);
  Sample s{0, 4 * 500};
  s.has_stable = s.stable = true;
  s.net = true;
  EXPECT_TRUE(c.add(s));
  EXPECT_EQ(c.status(), SlotStatus::counted);
  EXPECT_EQ(c.count(), 4);
  EXPECT_DOUBLE_EQ(c.stable_grams(), 250 + 4 * 500) << "kept as gross against the slot's tare";

  // The same weight reported gross (the tare bit clear) is tared by the slot.
  SlotCounter g(r);
  Sample gross{0, 250 + 4 * 500};
  gross.has_stable = gross.stable = true;
  g.add(gross);
  EXPECT_EQ(g.count(), 4);
  Sample untared{100, 4 * 500};
  untared.has_stable = untared.stable = true;
  g.add(untared);
  EXPECT_EQ(g.status(), SlotStatus::needs_attention) << "a gross reading is tared by the slot";
}

// A transmitter's float register can carry any bit pattern: a huge finite
// weight must not reach the int64_t conversion (undefined behaviour), and a
// NaN or infinity must not stick in the run of samples.
TEST(SlotCounter, WeightsNoScaleGivesAreRefusedAndTheSlotRecovers) {
  const double inf = std::numeric_limits<double>::infinity();
  for (double bad : {1e300, -1e300, std::nan(""), inf, -inf, 1e19, -1e19}) {
    SlotCounter c(rules());
    std::int64_t t = feed(c, 0, 100 + 3 * 500, 1000);
    ASSERT_EQ(c.count(), 3);
    Sample s{t, bad};
    s.has_stable = s.stable = true;
    EXPECT_TRUE(c.add(s)) << bad;
    EXPECT_EQ(c.status(), SlotStatus::implausible) << bad;
    EXPECT_EQ(to_string(c.status()), "implausible");
    EXPECT_EQ(c.count(), 3) << "the last count is kept: " << bad;
    // The same over a whole window, unflagged (a run made of the bad value).
    t = feed(c, t + 100, bad, 1500);
    EXPECT_EQ(c.status(), SlotStatus::implausible) << bad;
    // A plausible weight counts again at once.
    t = feed(c, t, 100 + 5 * 500, 1000);
    EXPECT_EQ(c.status(), SlotStatus::counted) << bad;
    EXPECT_EQ(c.count(), 5) << bad;
  }
}

TEST(SlotCounter, ANetReadingThatOverflowsWithTheTareIsRefused) {
  SlotCounter c(rules());
  Sample s{0, std::numeric_limits<double>::max()};
  s.has_stable = s.stable = true;
  s.net = true;  // + tare_g stays finite; the count does not fit
  c.add(s);
  EXPECT_EQ(c.status(), SlotStatus::implausible);
  EXPECT_FALSE(c.count().has_value());
}

}  // namespace
}  // namespace jxc::weight
