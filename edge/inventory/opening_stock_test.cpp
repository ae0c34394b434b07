// The opening balance: one `opening` document from @OPENING at the rows'
// costs, all or nothing, every row's problems named, refused once the ledger
// has movements unless forced.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "edge/inventory/cost.h"
#include "edge/inventory/opening_stock.h"
#include "edge/inventory/outbox.h"
#include "edge/inventory/stock_value.h"
#include "edge/inventory/test_store.h"

namespace jxc::inventory::testing {
namespace {

class OpeningStock : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    seed();
  }
  OpeningRow row(std::size_t n, std::string sku, std::string location, std::string qty,
                 std::optional<Money> cost = std::nullopt, std::string lot = "") {
    OpeningRow r;
    r.row = n;
    r.sku = std::move(sku);
    r.location = std::move(location);
    r.quantity = std::move(qty);
    r.unit_cost = cost;
    r.lot = std::move(lot);
    return r;
  }
  Result<DocumentResult> post(OpeningRequest req, std::vector<OpeningProblem>* problems) {
    req.source = "test";
    return engine_->run<DocumentResult>([&](Tx& tx) { return post_opening(tx, req, problems); });
  }
  std::int64_t count(const std::string& sql) { return *query_int(q(), sql); }
};

TEST_F(OpeningStock, PostsOneOpeningDocumentAtTheRowsCosts) {
  OpeningRequest req;
  req.rows = {row(2, "TEA-500", "A-01", "10", 120000), row(3, "TEA-500", "A-02", "30", 100000),
              row(4, "MILK-1", "A-01", "6", 80000, "L1"), row(5, "RICE-5", "A-03", "4")};
  req.rows[2].expiry = "2027-01-31";
  std::vector<OpeningProblem> problems;
  auto r = post(req, &problems);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(r->type, DocType::opening);
  EXPECT_EQ(r->number.substr(0, 4), "OPN-");
  EXPECT_EQ(r->movements, 4);
  EXPECT_EQ(count("SELECT count(*) FROM documents WHERE type='opening' AND state='posted'"), 1);
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 10);
  EXPECT_EQ(on_hand("TEA-500", "A-02"), 30);
  EXPECT_EQ(count("SELECT count(*) FROM movements m JOIN locations l ON l.id=m.from_location "
                  "WHERE l.code='@OPENING'"),
            4);
  // The average starts from the opening costs: (10 x 12 + 30 x 10) / 40 = 10.5.
  auto tea = cost_pool(q(), "TEA-500", "");
  ASSERT_TRUE(tea.is_ok()) << tea.status().to_string();
  EXPECT_EQ(tea->qty, 40);
  EXPECT_EQ(tea->value, 4'200'000);
  EXPECT_EQ(tea->unit_cost, 105'000);
  // A row without a cost comes in at the item's master-data cost (30).
  EXPECT_EQ(cost_pool(q(), "RICE-5", "")->value, 4 * 300'000);
  EXPECT_EQ(*query_int(q(), "SELECT count(*) FROM lots WHERE lot='L1' AND expiry='2027-01-31'"), 1);
  // The central system hears of it as opening.posted, with values.
  auto events = Outbox::peek_after(q(), 0, 100);
  ASSERT_TRUE(events.is_ok());
  ASSERT_FALSE(events->empty());
  EXPECT_EQ(events->back().type, "opening.posted");
  auto payload = nlohmann::json::parse(events->back().payload);
  EXPECT_EQ(payload["document"]["type"], "opening");
  EXPECT_EQ(payload["movements"][0]["from"], "@OPENING");
  EXPECT_EQ(payload["movements"][0]["value"], 1'200'000);
  expect_consistent();
}

TEST_F(OpeningStock, EveryRowsProblemsAreNamedAndNothingIsWritten) {
  OpeningRequest req;
  req.rows = {row(2, "TEA-500", "A-01", "10", 120000),
              row(3, "NO-SUCH", "A-01", "1"),
              row(4, "MILK-1", "A-01", "2"),                // no lot
              row(5, "TEA-500", "@SUPPLIER", "1.5"),        // virtual location, decimals
              row(6, "TEA-500", "A-02", "0"),
              row(7, "CUP-S", "NOWHERE", "5")};
  req.rows[1].serial = "";
  OpeningRow serial = row(8, "TEA-500", "A-03", "1");
  serial.serial = "SN-0001";
  req.rows.push_back(serial);
  std::vector<OpeningProblem> problems;
  auto r = post(req, &problems);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), Errc::invalid_argument);
  auto has = [&](std::size_t n, const std::string& column, const std::string& words) {
    for (const auto& p : problems)
      if (p.row == n && p.column == column && p.reason.find(words) != std::string::npos) return true;
    return false;
  };
  EXPECT_TRUE(has(3, "sku", "NO-SUCH"));
  EXPECT_TRUE(has(4, "lot", "lot-tracked"));
  EXPECT_TRUE(has(5, "location", "virtual"));
  EXPECT_TRUE(has(5, "quantity", "1.5"));
  EXPECT_TRUE(has(6, "quantity", "positive"));
  EXPECT_TRUE(has(7, "location", "NOWHERE"));
  EXPECT_TRUE(has(8, "serial", "item TEA-500 is not serial-tracked"));
  for (const auto& p : problems) EXPECT_NE(p.row, 2u) << p.column << ": " << p.reason;
  EXPECT_EQ(problems.size(), 7u);
  EXPECT_EQ(count("SELECT count(*) FROM documents"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM movements"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM outbox"), 0);
}

// A serial-tracked item's opening balance is one row per unit with its
// serial: each is in stock where its row says. A row without a serial, with
// a quantity other than 1, or a serial twice, is named and nothing is posted.
TEST_F(OpeningStock, SerialTrackedItemsOpenOneRowPerSerial) {
  seed_serial_items();
  OpeningRequest bad;
  bad.rows = {row(2, "PHONE-1", "A-01", "1"), row(3, "PHONE-1", "A-01", "2"), row(4, "PHONE-1", "A-02", "1"),
              row(5, "PHONE-1", "A-02", "1")};
  bad.rows[1].serial = "SN-2";
  bad.rows[2].serial = "SN-3";
  bad.rows[3].serial = "SN-3";
  std::vector<OpeningProblem> problems;
  ASSERT_FALSE(post(bad, &problems).is_ok());
  auto has = [&](std::size_t row, const std::string& column, const std::string& what) {
    for (const auto& p : problems)
      if (p.row == row && p.column == column && p.reason.find(what) != std::string::npos) return true;
    return false;
  };
  EXPECT_TRUE(has(2, "serial", "one row per unit, with its serial"));
  EXPECT_TRUE(has(3, "quantity", "quantity must be 1"));
  EXPECT_TRUE(has(5, "serial", "serial SN-3 of item PHONE-1 is on row 4 too"));
  EXPECT_EQ(problems.size(), 3u);
  EXPECT_EQ(count("SELECT count(*) FROM serials"), 0);

  OpeningRequest req;
  req.rows = {row(2, "PHONE-1", "A-01", "1", 9000000), row(3, "PHONE-1", "A-01", "1", 9000000),
              row(4, "PHONE-1", "A-02", "1", 9000000), row(5, "METER-L", "A-02", "1", 1500000, "L9")};
  req.rows[0].serial = "SN-1";
  req.rows[1].serial = "SN-2";
  req.rows[2].serial = "SN-3";
  req.rows[3].serial = "M-1";
  auto r = post(req, &problems);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(on_hand("PHONE-1", "A-01"), 2);
  EXPECT_EQ(on_hand("PHONE-1", "A-02"), 1);
  auto sn3 = q().serial("PHONE-1", "SN-3");
  ASSERT_TRUE(sn3.is_ok());
  EXPECT_EQ(sn3->location, "A-02");
  EXPECT_EQ(sn3->doc_number, r->number);
  EXPECT_EQ(sn3->history.at(0).from, "@OPENING");
  EXPECT_EQ(q().serial("METER-L", "M-1")->lot, "L9");
  expect_consistent();
}

TEST_F(OpeningStock, RefusedOnceTheLedgerHasMovementsUnlessForced) {
  receive("TEA-500", 5, "A-01");
  OpeningRequest req;
  req.rows = {row(2, "TEA-500", "A-01", "10", 120000)};
  std::vector<OpeningProblem> problems;
  auto refused = post(req, &problems);
  ASSERT_FALSE(refused.is_ok());
  EXPECT_EQ(refused.status().code(), Errc::invalid_state);
  EXPECT_NE(refused.status().reason().find("1 movement"), std::string::npos) << refused.status().reason();
  EXPECT_EQ(count("SELECT count(*) FROM documents WHERE type='opening'"), 0);
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 5);

  req.force = true;
  auto forced = post(req, &problems);
  ASSERT_TRUE(forced.is_ok()) << forced.status().to_string();
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 15);
  // The opening stock averages with what was there (5 at 12.5, 10 at 12).
  EXPECT_EQ(cost_pool(q(), "TEA-500", "")->value, 5 * 125'000 + 10 * 120'000);
  // A second opening balance is refused too: the ledger is not empty.
  req.force = false;
  EXPECT_EQ(post(req, &problems).status().code(), Errc::invalid_state);
  expect_consistent();
}

TEST_F(OpeningStock, QuantitiesInPackUnitsAndDecimals) {
  std::vector<RowError> errs;
  Item kg{"RICE-KG", "Loose rice", "kg", {}, std::nullopt, false, 6.0};
  kg.decimals = 3;
  kg.packs = {{"bag", 25000, std::nullopt}};
  ASSERT_TRUE(engine_->import_items({kg}, &errs).is_ok());
  OpeningRequest req;
  OpeningRow bags = row(2, "RICE-KG", "A-01", "2", 60000);
  bags.unit = "bag";
  req.rows = {bags, row(3, "RICE-KG", "A-02", "1.25", 60000)};
  std::vector<OpeningProblem> problems;
  auto r = post(req, &problems);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(on_hand("RICE-KG", "A-01"), 50000);
  EXPECT_EQ(on_hand("RICE-KG", "A-02"), 1250);
  EXPECT_EQ(cost_pool(q(), "RICE-KG", "")->value, (50 + 1) * 60000 + 15000);
  expect_consistent();
}

}  // namespace
}  // namespace jxc::inventory::testing
