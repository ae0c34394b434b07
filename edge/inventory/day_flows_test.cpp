// The daily flows (day_flows.h) against the daily totals they are made of:
// wherever the fold's mark stands, the rows and the movements after the mark
// read as the ledger alone makes them, and the store's check holds.
#include "edge/inventory/day_flows.h"

#include <algorithm>

#include "edge/inventory/reports_test_fixture.h"

namespace jxc::inventory::testing {
namespace {

DocumentRequest one_line(DocType type, const std::string& from, const std::string& to, const std::string& sku,
                         Qty qty, const std::string& lot = "") {
  DocumentRequest r;
  r.type = type;
  r.source = "test";
  r.from = from;
  r.to = to;
  r.lines = {line(sku, qty, lot)};
  if (!lot.empty()) r.lines[0].expiry = "2030-01-01";
  return r;
}

class DayFlows : public Reports {
 protected:
  /// Every item's days from `first` to `last` as the reader hands them
  /// over, one string each, sorted.
  std::vector<std::string> read_all(store::Db& db, DayNumber first, DayNumber last) {
    std::vector<std::string> out;
    EXPECT_TRUE(db.exec("BEGIN").is_ok());
    auto reader = DayFlowReader::open(db, first, last, 0, zone_);
    EXPECT_TRUE(reader.is_ok()) << reader.status().to_string();
    auto ids = db.prepare("SELECT id, sku FROM items ORDER BY id");
    EXPECT_TRUE(ids.is_ok());
    while (reader.is_ok() && *(*ids)->step()) {
      const std::string sku = (*ids)->text(1);
      DayNumber before = last + 1;
      auto each = reader->back_from_last((*ids)->int64(0), [&](const DayFlow& f) {
        EXPECT_LE(f.day, before);  // newest first
        before = f.day;
        out.push_back(sku + " " + format_day(f.day) + " '" + f.lot + "' " + std::to_string(f.arrived) + " " +
                      std::to_string(f.issued));
        return true;
      });
      EXPECT_TRUE(each.is_ok()) << each.to_string();
    }
    EXPECT_TRUE(db.exec("COMMIT").is_ok());
    std::sort(out.begin(), out.end());
    return out;
  }
};

TEST_F(DayFlows, ReadTheSameWhereverTheFoldStopped) {
  reopen(tuned(1'000'000'000));
  const TimeMs start = clock_.now_ms();
  // One day of TEA-500: 10 received, 3 moved, adjusted +5 and -2, 1 sold;
  // MILK-1's lot L1 received and moved on.
  for (const auto& r : {one_line(DocType::receipt, "", "A-01", "TEA-500", 10),
                        one_line(DocType::transfer, "A-01", "A-02", "TEA-500", 3),
                        one_line(DocType::adjustment, "A-01", "A-01", "TEA-500", 5),
                        one_line(DocType::adjustment, "A-02", "A-02", "TEA-500", -2),
                        one_line(DocType::issue, "A-02", "", "TEA-500", 1),
                        one_line(DocType::receipt, "", "A-01", "MILK-1", 4, "L1"),
                        one_line(DocType::transfer, "A-01", "A-02", "MILK-1", 4, "L1")}) {
    auto posted = engine_->post(r);
    ASSERT_TRUE(posted.is_ok()) << posted.status().to_string();
    clock_.advance(std::chrono::minutes(5));
  }
  const std::string first_day = format_day(local_day(start, zone_));
  clock_.advance(std::chrono::hours(24 * 3));
  random_documents(120, 9);  // then weeks of everything, some dated back up to two days
  const DayNumber first = local_day(start, zone_) - 3, last = local_day(clock_.now_ms(), zone_) + 1;
  close_engine();

  auto opened = store::Db::open(store_path_, {});
  ASSERT_TRUE(opened.is_ok());
  store::Db& db = **opened;
  // Nothing folded: the ledger alone.
  ASSERT_TRUE(db.exec("DELETE FROM stock_days; DELETE FROM stock_months; DELETE FROM stock_flows;"
                      "UPDATE stock_stamp SET days_through=0, days_zone='', months_through=0")
                  .is_ok());
  const auto expected = read_all(db, first, last);
  ASSERT_NE(std::find(expected.begin(), expected.end(), "TEA-500 " + first_day + " '' 13 1"), expected.end());
  EXPECT_EQ(std::count_if(expected.begin(), expected.end(),
                          [&](const std::string& s) { return s.starts_with("MILK-1 " + first_day + " 'L1' 4 "); }),
            1);
  // A movement at a time.
  const std::int64_t newest = *db.query_int("SELECT max(id) FROM movements");
  for (std::int64_t n = 1; n <= newest; ++n) {
    ASSERT_TRUE(db.exec("BEGIN IMMEDIATE").is_ok());
    auto folded = fold_day_totals(db, zone_, 1);
    ASSERT_TRUE(folded.is_ok()) << folded.status().to_string();
    ASSERT_TRUE(db.exec("COMMIT").is_ok());
    ASSERT_EQ(read_all(db, first, last), expected) << "with the mark at movement " << n;
    if (n % 16 == 0) {
      const Status checked = verify_day_totals(db);
      ASSERT_TRUE(checked.is_ok()) << checked.to_string();
    }
  }
  EXPECT_EQ(*db.query_int("SELECT days_through FROM stock_stamp"), newest);
  EXPECT_TRUE(verify_day_totals(db).is_ok()) << verify_day_totals(db).to_string();
  EXPECT_GT(*db.query_int("SELECT count(*) FROM stock_flows"), 20);

  // A row the totals do not make is found by the store's check.
  ASSERT_TRUE(db.exec("UPDATE stock_flows SET qty_out=qty_out+1 WHERE item_id=(SELECT min(item_id) FROM stock_flows)")
                  .is_ok());
  const Status v = verify_day_totals(db);
  EXPECT_EQ(v.code(), Errc::storage);
  EXPECT_NE(v.reason().find("daily flow"), std::string::npos) << v.to_string();
}

}  // namespace
}  // namespace jxc::inventory::testing
