// Every scan is counted for the device report (inventory/device_records.h):
// accepted, or rejected with the code of the step that refused it.
#include <gtest/gtest.h>

#include "edge/inventory/device_performance.h"
#include "edge/inventory/test_store.h"
#include "edge/scan/processor.h"

namespace jxc::scan {
namespace {

using namespace inventory;

class ScanTallies : public testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    seed();
    std::vector<Item> more;
    more.push_back({"YOG-1", "Yogurt", "EA", {"09501101530003"}, 150.0, true, 1.5});
    ASSERT_TRUE(engine_->import_items(more).is_ok());
    auto p = ScanProcessor::open(*engine_, store_path_, LabelPatterns{}, clock_);
    ASSERT_TRUE(p.is_ok()) << p.status().to_string();
    proc_ = std::move(p).value();
    Order o;
    o.kind = OrderKind::expected_receipt;
    o.number = "PO-7";
    o.lines = {{"TEA-500", "", 5}, {"YOG-1", "", 5}};
    ASSERT_TRUE(engine_->upsert_order(o).is_ok());
  }
  void TearDown() override {
    proc_.reset();
    StoreTest::TearDown();
  }

  std::unique_ptr<ScanProcessor> proc_;
};

TEST_F(ScanTallies, EachRejectedScanIsCountedUnderItsReason) {
  proc_->add_scanner({"dock-1", Mode::receive, "li.wei"});
  const std::string tea = "]C10106901234567892";
  auto scan = [&](const std::string& raw, bool accepted) {
    auto r = proc_->handle("dock-1", raw);
    EXPECT_EQ(r.accepted, accepted) << raw << ": " << r.message;
  };
  scan(tea, false);                    // out_of_sequence: no order scanned
  scan("PO-9", false);                 // unknown_order... or an unknown barcode
  scan("PO-7", true);
  scan("]C0LOC:RECV-1", true);
  scan(tea, true);
  scan("]C10104006381333931", false);  // not_on_order: RICE-5
  scan("]C10109501101530003", false);  // lot_or_serial: YOG-1 without a lot
  scan("]C10109501101530004", false);  // bad_gs1: check digit
  scan("NOISE#1", false);              // unknown_barcode
  scan("]C0LOC:NOWHERE", false);       // unknown_bin
  ASSERT_TRUE(engine_->run<bool>([](Tx&) -> Result<bool> { return true; }).is_ok());

  const DayNumber today = local_day(clock_.now_ms(), TimeZone::utc());
  auto report = device_performance(q(), today, today, TimeZone::utc());
  ASSERT_TRUE(report.is_ok()) << report.status().to_string();
  ASSERT_EQ(report->scanners.size(), 1u);
  const auto& s = report->scanners[0];
  EXPECT_EQ(s.scanner, "dock-1");
  EXPECT_EQ(s.scans, 10);
  EXPECT_EQ(s.accepted, 3);
  EXPECT_EQ(s.rejected, 7);
  auto n = [&](ScanReject r) { return s.by_reason[static_cast<std::size_t>(r)]; };
  EXPECT_EQ(n(ScanReject::out_of_sequence), 1);
  EXPECT_EQ(n(ScanReject::not_on_order), 1);
  EXPECT_EQ(n(ScanReject::lot_or_serial), 1);
  EXPECT_EQ(n(ScanReject::bad_gs1), 1);
  EXPECT_EQ(n(ScanReject::unknown_bin), 1);
  EXPECT_EQ(n(ScanReject::unknown_order) + n(ScanReject::unknown_barcode), 2);
  EXPECT_EQ(n(ScanReject::refused), 0);
  ASSERT_TRUE(s.rejected_share.has_value());
  EXPECT_DOUBLE_EQ(*s.rejected_share, 0.7);
}

}  // namespace
}  // namespace jxc::scan
