// Costs and value through the engine on a real store: receipts at their
// cost move the moving average, what goes out is valued at it, events carry
// the values, and the value by item, location and warehouse adds up.
#include "edge/inventory/stock_value.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "edge/inventory/test_store.h"
#include "edge/store/schema.h"
#include "edge/store/sqlite.h"

namespace jxc::inventory::testing {
namespace {

using nlohmann::json;

class Costs : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    seed();
  }
  DocumentResult post(DocumentRequest req) {
    req.source = "test";
    auto r = engine_->post(std::move(req));
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    return r.is_ok() ? *r : DocumentResult{};
  }
  DocumentResult receive_at(const std::string& sku, Qty qty, const std::string& bin, Money cost,
                            const std::string& lot = "") {
    DocumentRequest req = receipt_into(bin, sku, qty, lot);
    req.lines.back().unit_cost = cost;
    return post(std::move(req));
  }
  CostPool pool(const std::string& sku, const std::string& lot = "") {
    auto p = cost_pool(q(), sku, lot);
    EXPECT_TRUE(p.is_ok()) << p.status().to_string();
    return p.is_ok() ? *p : CostPool{};
  }
  json last_event() {
    auto st = q().db().prepare("SELECT payload FROM outbox ORDER BY seq DESC LIMIT 1");
    EXPECT_TRUE(st.is_ok());
    EXPECT_TRUE(*(*st)->step());
    return json::parse((*st)->text(0));
  }
  std::vector<StockValueRow> value(ValueBy by, const std::string& sku = "", const std::string& location = "") {
    auto r = stock_value(q(), {by, sku, location});
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    return r.is_ok() ? *r : std::vector<StockValueRow>{};
  }
};

TEST_F(Costs, ReceiptsMoveTheAverageAndIssuesGoOutAtIt) {
  receive_at("CUP-S", 10, "A-01", 100000);  // 10 at 10.0000
  receive_at("CUP-S", 30, "A-02", 140000);  // 30 at 14.0000
  EXPECT_EQ(pool("CUP-S").value, 5200000);
  EXPECT_EQ(pool("CUP-S").unit_cost, 130000);
  DocumentRequest issue;
  issue.type = DocType::issue;
  issue.from = "A-01";
  issue.lines = {line("CUP-S", 4)};
  post(issue);
  json e = last_event();
  EXPECT_EQ(e["currency"], "CNY");
  EXPECT_EQ(e["movements"][0]["value"], 520000);  // 4 at the average 13.0000
  EXPECT_EQ(pool("CUP-S").qty, 36);
  EXPECT_EQ(pool("CUP-S").value, 4680000);
  EXPECT_EQ(pool("CUP-S").unit_cost, 130000);
  expect_consistent();
}

TEST_F(Costs, AReceiptTakesItsCostFromTheLineTheOrderOrMasterData) {
  Order o;
  o.number = "PO-1";
  o.lines = {{"CUP-S", "", 10, 0}, {"RICE-5", "", 5, 0}};
  o.lines[0].unit_cost = 15000;  // 1.5000 per cup on the order
  ASSERT_TRUE(engine_->upsert_order(o).is_ok());
  DocumentRequest r = receipt_into("A-01", "CUP-S", 10);
  r.order = "PO-1";
  r.lines.push_back(line("RICE-5", 5));
  r.lines.push_back(line("TEA-500", 2));
  r.lines.back().unit_cost = 90000;  // entered: 9.0000
  post(r);
  json e = last_event();
  EXPECT_EQ(e["document"]["lines"][0]["unit_cost"], 15000);   // the order line's
  EXPECT_EQ(e["document"]["lines"][1]["unit_cost"], 300000);  // RICE-5's master-data cost, 30
  EXPECT_EQ(e["document"]["lines"][2]["unit_cost"], 90000);
  EXPECT_EQ(e["movements"][0]["value"], 150000);
  EXPECT_EQ(e["movements"][1]["value"], 1500000);
  EXPECT_EQ(e["movements"][2]["value"], 180000);
  auto view = q().document(e["document"]["number"].get<std::string>());
  ASSERT_TRUE(view.is_ok());
  EXPECT_EQ(view->lines[0].unit_cost, 15000);
  EXPECT_EQ(view->movements[2].value, 180000);
}

TEST_F(Costs, StockGoingOutTakesNoCostOfItsOwn) {
  receive_at("CUP-S", 10, "A-01", 100000);
  DocumentRequest issue;
  issue.type = DocType::issue;
  issue.from = "A-01";
  issue.lines = {line("CUP-S", 1)};
  issue.lines[0].unit_cost = 1;
  auto r = engine_->post(issue);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), Errc::invalid_argument);
  DocumentRequest gain;
  gain.type = DocType::adjustment;
  gain.to = "A-01";
  gain.lines = {line("CUP-S", 2)};
  gain.lines[0].unit_cost = -1;
  EXPECT_FALSE(engine_->post(gain).is_ok());
  gain.lines[0].unit_cost = std::nullopt;  // a gain without a cost comes in at the average
  post(gain);
  EXPECT_EQ(last_event()["movements"][0]["value"], 200000);
  EXPECT_EQ(pool("CUP-S").value, 1200000);
}

TEST_F(Costs, LotsKeepAveragesOfTheirOwn) {
  receive_at("MILK-1", 10, "A-01", 50000, "L1");
  receive_at("MILK-1", 10, "A-01", 70000, "L2");
  DocumentRequest scrap;
  scrap.type = DocType::scrap;
  scrap.from = "A-01";
  scrap.lines = {line("MILK-1", 3, "L2")};
  post(scrap);
  EXPECT_EQ(last_event()["movements"][0]["value"], 210000);  // L2's 7.0000, not the item's 6.0000
  EXPECT_EQ(pool("MILK-1", "L1").value, 500000);
  EXPECT_EQ(pool("MILK-1", "L2").value, 490000);
  auto by_item = value(ValueBy::item, "MILK-1");
  ASSERT_EQ(by_item.size(), 1u);
  EXPECT_EQ(by_item[0].qty, 17);
  EXPECT_EQ(by_item[0].value, 990000);
  expect_consistent();
}

TEST_F(Costs, ValueByItemLocationAndWarehouseAddsUp) {
  receive_at("CUP-S", 3, "A-01", 10);  // 3 units worth 0.0030: 0.0010 each
  receive_at("TEA-500", 2, "A-02", 125000);
  DocumentRequest move;
  move.type = DocType::transfer;
  move.from = "A-01";
  move.to = "A-03";
  move.lines = {line("CUP-S", 1)};
  post(move);
  EXPECT_EQ(last_event()["movements"][0]["value"], 10);
  auto by_location = value(ValueBy::location);
  ASSERT_EQ(by_location.size(), 3u);
  EXPECT_EQ(by_location[0].place, "A-01");
  EXPECT_EQ(by_location[0].value, 20);
  EXPECT_EQ(by_location[1].place, "A-02");
  EXPECT_EQ(by_location[1].value, 250000);
  EXPECT_EQ(by_location[2].place, "A-03");
  EXPECT_EQ(by_location[2].value, 10);
  auto by_warehouse = value(ValueBy::warehouse);
  ASSERT_EQ(by_warehouse.size(), 2u);
  EXPECT_EQ(by_warehouse[0].place, "W1");
  EXPECT_EQ(by_warehouse[0].sku, "CUP-S");
  EXPECT_EQ(by_warehouse[0].value, 30);
  EXPECT_EQ(by_warehouse[1].value, 250000);
  auto in_zone = value(ValueBy::item, "", "A");
  ASSERT_EQ(in_zone.size(), 2u);
  EXPECT_EQ(in_zone[0].value, 30);
  EXPECT_EQ(in_zone[1].unit_cost, 125000);
  EXPECT_FALSE(stock_value(q(), {ValueBy::item, "", "NOWHERE"}).is_ok());
}

TEST_F(Costs, APoolMovedByAnotherProcessIsReadAgain) {
  receive_at("CUP-S", 10, "A-01", 100000);  // this writer now holds the pool: 10 at 10.0000
  {
    // The operator CLI on the same file receives 10 more at 30.0000.
    EngineOptions other;
    other.store_path = store_path_;
    other.site_id = "S1";
    auto cli = Engine::open(other, clock_);
    ASSERT_TRUE(cli.is_ok()) << cli.status().to_string();
    DocumentRequest r = receipt_into("A-01", "CUP-S", 10);
    r.lines.back().unit_cost = 300000;
    r.source = "cli";
    ASSERT_TRUE((*cli)->post(std::move(r)).is_ok());
  }
  DocumentRequest issue;
  issue.type = DocType::issue;
  issue.from = "A-01";
  issue.lines = {line("CUP-S", 5)};
  post(issue);
  EXPECT_EQ(last_event()["movements"][0]["value"], 1000000);  // 5 at the average of both, 20.0000
  EXPECT_EQ(pool("CUP-S").qty, 15);
  EXPECT_EQ(pool("CUP-S").value, 3000000);
  expect_consistent();
}

TEST_F(Costs, AReversalPutsThePoolBackAsItWas) {
  receive_at("CUP-S", 10, "A-01", 10000);
  auto second = receive_at("CUP-S", 10, "A-01", 30000);
  EXPECT_EQ(pool("CUP-S").unit_cost, 20000);
  ASSERT_TRUE(engine_->reverse(second.number, "wrong price", "test").is_ok());
  EXPECT_EQ(last_event()["movements"][0]["value"], 300000);
  EXPECT_EQ(pool("CUP-S").qty, 10);
  EXPECT_EQ(pool("CUP-S").value, 100000);
  expect_consistent();
}

TEST_F(Costs, AReversalThatEmptiesThePoolTakesWhatIsLeft) {
  receive_at("CUP-S", 10, "A-01", 10000);
  auto second = receive_at("CUP-S", 10, "A-01", 30000);
  DocumentRequest issue;
  issue.type = DocType::issue;
  issue.from = "A-01";
  issue.lines = {line("CUP-S", 10)};
  post(issue);  // 10 at the average 2.0000: 10 left worth 20.0000
  ASSERT_TRUE(engine_->reverse(second.number, "wrong supplier", "test").is_ok());
  // The receipt was booked at 30.0000, but only 20.0000 is left to take.
  EXPECT_EQ(last_event()["movements"][0]["value"], 200000);
  EXPECT_EQ(pool("CUP-S").qty, 0);
  EXPECT_EQ(pool("CUP-S").value, 0);
  expect_consistent();
}

TEST_F(Costs, ADraftPostedLaterKeepsItsCost) {
  DocumentRequest r = receipt_into("A-01", "CUP-S", 4);
  r.lines[0].unit_cost = 25000;
  r.source = "test";
  auto draft = engine_->create(r);
  ASSERT_TRUE(draft.is_ok()) << draft.status().to_string();
  ASSERT_TRUE(engine_->post_document(draft->number).is_ok());
  json e = last_event();
  EXPECT_EQ(e["document"]["lines"][0]["unit_cost"], 25000);
  EXPECT_EQ(e["movements"][0]["value"], 100000);
  EXPECT_EQ(e["currency"], "CNY");
}

TEST_F(Costs, VerifyFindsAPoolThatDisagreesWithTheLedger) {
  receive_at("CUP-S", 10, "A-01", 10000);
  expect_consistent();
  ASSERT_TRUE(exec_sql(*engine_, "UPDATE stock_costs SET value = value + 1").is_ok());
  auto v = q().verify();
  EXPECT_FALSE(v.is_ok());
  EXPECT_NE(v.reason().find("1 cost pool(s) differ from the sum of their movements' values"), std::string::npos)
      << v.to_string();
  ASSERT_TRUE(exec_sql(*engine_, "UPDATE stock_costs SET value = value - 1, qty = qty + 1").is_ok());
  EXPECT_FALSE(q().verify().is_ok());
}

// A store from before costs were kept (schema 17) with stock in it: its
// stock enters at value 0, and the first receipt with a cost averages with it.
TEST_F(Costs, StockFromBeforeCostsEntersAtZeroValue) {
  const std::string old_path = dir_.file("schema17.db");
  {
    auto db = store::Db::open(old_path, {});
    ASSERT_TRUE(db.is_ok());
    ASSERT_TRUE(store::migrate_to(**db, 17).is_ok());
    ASSERT_TRUE((*db)->exec(
        "INSERT INTO locations(code, kind) VALUES('B-1', 'bin');"
        "INSERT INTO items(sku, name) VALUES('OLD-1', 'Old stock');"
        "INSERT INTO item_packs(item_id, unit, factor) SELECT id, 'EA', 1 FROM items;"
        "INSERT INTO documents(type, number, state, occurred_at, created_at) VALUES('receipt', 'RCV-1', 'posted', 1, 1);"
        "INSERT INTO movements(doc_id, item_id, from_location, to_location, qty, reason, source, occurred_at,"
        " recorded_at, idempotency_key) SELECT 1, 1, (SELECT id FROM locations WHERE code='@SUPPLIER'),"
        " (SELECT id FROM locations WHERE code='B-1'), 6, 'receipt', 'old', 1, 1, 'RCV-1/1';"
        "INSERT INTO balances(item_id, location_id, lot, qty) SELECT 1, id, '', 6 FROM locations WHERE code='B-1';"
        "INSERT INTO balances(item_id, location_id, lot, qty) SELECT 1, id, '', -6 FROM locations WHERE code='@SUPPLIER';")
                    .is_ok());
  }
  close_engine();
  store_path_ = old_path;
  open_engine();
  EXPECT_EQ(pool("OLD-1").qty, 6);
  EXPECT_EQ(pool("OLD-1").value, 0);
  expect_consistent();
  receive_at("OLD-1", 2, "B-1", 40000);
  EXPECT_EQ(pool("OLD-1").value, 80000);
  EXPECT_EQ(pool("OLD-1").unit_cost, 10000);  // 8.0000 over 8 units
  expect_consistent();
}

}  // namespace
}  // namespace jxc::inventory::testing
