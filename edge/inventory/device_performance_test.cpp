// Device performance (device_performance.h) against the independent
// recomputation (tests/reports/recompute_reports.py, "devices") on months of
// random passes, scan tallies and weighing discrepancies, in a zone with
// summer time so that days of 23 and 25 hours are read.
#include <gtest/gtest.h>

#include "edge/inventory/device_performance.h"
#include "edge/inventory/reports_test_fixture.h"
#include "edge/inventory/weight_records.h"

namespace jxc::inventory::testing {
namespace {

json device_share(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

class DeviceReport : public Reports {
 protected:
  /// About `n` device events, each some minutes to hours after the last.
  void random_device_events(int n, unsigned seed) {
    std::mt19937 rng(seed);
    const std::vector<std::string> doors = {"door-1", "door-2", "dock-9"};
    const std::vector<std::string> scanners = {"hand-1", "hand-2"};
    const std::vector<std::string> skus = {"TEA-500", "RICE-5"};
    for (int i = 0; i < n; ++i) {
      clock_.advance(std::chrono::milliseconds(static_cast<TimeMs>(1 + rng() % 180) * 60'000));
      const unsigned what = rng() % 10;
      const unsigned a = rng(), b = rng();
      auto done = engine_->run<bool>([&](Tx& tx) -> Result<bool> {
        if (what < 4) {
          PassRecord p;
          p.door = doors[a % doors.size()];
          p.closed_at = tx.now() - static_cast<TimeMs>(b % 600'000);
          p.direction = a % 3 == 0 ? "outbound" : "inbound";
          p.outcome = b % 5 == 0 ? PassOutcome::none : b % 3 == 0 ? PassOutcome::held : PassOutcome::posted;
          if (p.outcome == PassOutcome::held)
            p.reasons = {(a >> 3) % 2 == 1, (a >> 4) % 2 == 1, (a >> 5) % 3 == 0, (a >> 6) % 4 == 0};
          JXC_TRY(record_pass(tx, p));
        } else if (what < 9) {
          const auto& reject = kScanRejects[b % kScanRejectCount];
          JXC_TRY(tally_scan(tx, scanners[a % scanners.size()], tx.now(), a % 3 == 0 ? to_string(reject) : ""));
        } else {
          JXC_ASSIGN(auto item, tx.item(skus[a % skus.size()]));
          JXC_ASSIGN(auto bin, tx.location(b % 2 ? "A-01" : "A-02"));
          JXC_ASSIGN(auto id, insert_discrepancy(tx, "S-" + std::to_string(a % 3), item.id, bin.id, 10, 9));
          if (b % 3 == 1) JXC_TRY(resolve_discrepancy(tx, id, "dismissed", "boss", 0));
          if (b % 3 == 2) JXC_TRY(resolve_discrepancy(tx, id, "accepted", "boss", 0));
        }
        return true;
      });
      ASSERT_TRUE(done.is_ok()) << done.status().to_string();
    }
  }

  void expect_devices_agree(const std::string& first, const std::string& last) {
    auto mine = device_performance(q(), *parse_day(first), *parse_day(last), zone_);
    ASSERT_TRUE(mine.is_ok()) << mine.status().to_string();
    json doors = json::array(), scanners = json::array(), shelves = json::array();
    for (const auto& d : mine->doors)
      doors.push_back({{"door", d.door}, {"passes", d.passes}, {"posted", d.posted}, {"held", d.held},
                       {"no_document", d.no_document}, {"missing", d.missing}, {"unexpected", d.unexpected},
                       {"ambiguous", d.ambiguous}, {"other", d.other}, {"per_hour", d.per_hour},
                       {"held_share", device_share(d.held_share)}});
    for (const auto& s : mine->scanners) {
      json by = json::object();
      for (std::size_t i = 0; i < kScanRejectCount; ++i) by[std::string(to_string(kScanRejects[i]))] = s.by_reason[i];
      scanners.push_back({{"scanner", s.scanner}, {"scans", s.scans}, {"accepted", s.accepted},
                          {"rejected", s.rejected}, {"rejected_share", device_share(s.rejected_share)},
                          {"by_reason", by}});
    }
    for (const auto& s : mine->shelves)
      shelves.push_back({{"slot", s.slot}, {"sku", s.sku}, {"name", s.name}, {"bin", s.bin},
                         {"discrepancies", s.discrepancies}, {"open", s.open}, {"accepted", s.accepted},
                         {"dismissed", s.dismissed}});
    queries_.push_back({"devices", first, last});
    answers_.push_back({{"doors", doors}, {"scanners", scanners}, {"shelves", shelves}, {"hours", mine->hours}});
  }
};

TEST_F(DeviceReport, AgreesWithARecomputationFromTheRawRows) {
  // From 2026-03-20 for about seven weeks: over the start of summer time
  // in Berlin (2026-03-29, a day of 23 hours).
  clock_.advance(std::chrono::hours(24 * 116));
  random_device_events(800, 7);
  expect_devices_agree("2026-03-01", "2026-05-31");
  expect_devices_agree("2026-04-01", "2026-04-30");
  expect_devices_agree("2026-03-29", "2026-03-29");
  expect_devices_agree("2025-01-01", "2025-01-31");  // before any record
  check_with_python();
  auto all = device_performance(q(), *parse_day("2026-03-01"), *parse_day("2026-05-31"), zone_);
  ASSERT_TRUE(all.is_ok());
  EXPECT_EQ(all->doors.size(), 3u);  // a test that reads nothing agrees with anything
  EXPECT_EQ(all->scanners.size(), 2u);
  EXPECT_FALSE(all->shelves.empty());
}

TEST_F(DeviceReport, PrunedRecordsAreGoneAndTheRestStay) {
  random_device_events(200, 11);
  const TimeMs cut = clock_.now_ms() - 5 * 24 * kHour;
  auto pruned = prune_device_records(*engine_, cut);
  ASSERT_TRUE(pruned.is_ok()) << pruned.status().to_string();
  EXPECT_GT(*pruned, 0);
  const DayNumber today = local_day(clock_.now_ms(), zone_);
  auto before = device_performance(q(), today - 400, local_day(cut, zone_) - 1, zone_);
  ASSERT_TRUE(before.is_ok());
  EXPECT_TRUE(before->doors.empty());
  EXPECT_TRUE(before->scanners.empty());
  auto after = device_performance(q(), local_day(cut, zone_) + 1, today, zone_);
  ASSERT_TRUE(after.is_ok());
  EXPECT_FALSE(after->scanners.empty());
}

}  // namespace
}  // namespace jxc::inventory::testing
