// Production and other issues and receipts (生产领料, 生产入库, 其他出库,
// 其他入库): their virtual ends, their costs and their cost centres.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "edge/inventory/document_events.h"
#include "edge/inventory/documents.h"
#include "edge/inventory/outbox.h"
#include "edge/inventory/stock_value.h"
#include "edge/inventory/test_store.h"

namespace jxc::inventory::testing {
namespace {

class DocumentKinds : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    seed();
  }
  DocumentRequest doc(DocType type, std::vector<DocLine> lines, std::string cost_centre) {
    DocumentRequest r;
    r.type = type;
    r.lines = std::move(lines);
    r.source = "test";
    r.cost_centre = std::move(cost_centre);
    if (type == DocType::production_issue || type == DocType::other_issue) r.from = "A-01";
    else r.to = "A-01";
    return r;
  }
  nlohmann::json last_event(std::string* type) {
    auto events = Outbox::peek_after(q(), 0, 1000);
    EXPECT_TRUE(events.is_ok() && !events->empty());
    if (!events.is_ok() || events->empty()) return {};
    *type = events->back().type;
    return nlohmann::json::parse(events->back().payload);
  }
};

TEST_F(DocumentKinds, EachKindMovesStockBetweenItsVirtualEndAndTheBin) {
  struct Case {
    DocType type;
    const char* prefix;
    const char* from;
    const char* to;
    const char* event;
  };
  receive("TEA-500", 100, "A-01");
  for (const Case& c : {Case{DocType::production_issue, "PIS-", "A-01", "@PRODUCTION", "production.posted"},
                        Case{DocType::production_receipt, "PRC-", "@PRODUCTION", "A-01", "production.posted"},
                        Case{DocType::other_issue, "OIS-", "A-01", "@OTHER", "other.posted"},
                        Case{DocType::other_receipt, "ORC-", "@OTHER", "A-01", "other.posted"}}) {
    SCOPED_TRACE(std::string(to_string(c.type)));
    auto r = engine_->post(doc(c.type, {line("TEA-500", 4)}, "CC-100"));
    ASSERT_TRUE(r.is_ok()) << r.status().to_string();
    EXPECT_EQ(r->number.substr(0, 4), c.prefix);
    std::string type;
    auto e = last_event(&type);
    EXPECT_EQ(type, c.event);
    EXPECT_EQ(e["document"]["type"], std::string(to_string(c.type)));
    EXPECT_EQ(e["document"]["cost_centre"], "CC-100");
    EXPECT_EQ(e["movements"][0]["from"], c.from);
    EXPECT_EQ(e["movements"][0]["to"], c.to);
    EXPECT_EQ(posted_event_type(c.type), c.event);
  }
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 100);
  expect_consistent();
}

TEST_F(DocumentKinds, ReceiptsCarryACostAndIssuesGoAtTheAverage) {
  receive("TEA-500", 10, "A-01");  // at the item's 12.5
  DocLine made = line("TEA-500", 10);
  made.unit_cost = 105'000;  // 10.5 from production
  ASSERT_TRUE(engine_->post(doc(DocType::production_receipt, {made}, "WO-7")).is_ok());
  EXPECT_EQ(cost_pool(q(), "TEA-500", "")->unit_cost, 115'000);
  DocLine found = line("TEA-500", 5);  // no cost: the item's master-data cost
  ASSERT_TRUE(engine_->post(doc(DocType::other_receipt, {found}, "LOST-AND-FOUND")).is_ok());
  EXPECT_EQ(cost_pool(q(), "TEA-500", "")->value, 10 * 125'000 + 10 * 105'000 + 5 * 125'000);
  ASSERT_TRUE(engine_->post(doc(DocType::production_issue, {line("TEA-500", 5)}, "WO-8")).is_ok());
  std::string type;
  auto e = last_event(&type);
  // 5 of 25 at (1,250,000 + 1,050,000 + 625,000) / 25 = 117,000 each.
  EXPECT_EQ(e["movements"][0]["value"], 585'000);
  // An issue takes no cost of its own.
  DocLine priced = line("TEA-500", 1);
  priced.unit_cost = 1;
  auto refused = engine_->post(doc(DocType::other_issue, {priced}, "CC-1"));
  EXPECT_EQ(refused.status().code(), Errc::invalid_argument);
  expect_consistent();
}

TEST_F(DocumentKinds, CostCentreRules) {
  receive("TEA-500", 10, "A-01");
  auto no_centre = engine_->post(doc(DocType::other_issue, {line("TEA-500", 1)}, ""));
  EXPECT_EQ(no_centre.status().code(), Errc::invalid_argument);
  EXPECT_NE(no_centre.status().reason().find("cost centre"), std::string::npos);
  EXPECT_EQ(engine_->post(doc(DocType::other_receipt, {line("TEA-500", 1)}, "")).status().code(),
            Errc::invalid_argument);
  // Production may go without one.
  EXPECT_TRUE(engine_->post(doc(DocType::production_issue, {line("TEA-500", 1)}, "")).is_ok());
  DocumentRequest transfer;
  transfer.type = DocType::transfer;
  transfer.from = "A-01";
  transfer.to = "A-02";
  transfer.lines = {line("TEA-500", 1)};
  transfer.cost_centre = "CC-1";
  EXPECT_EQ(engine_->post(transfer).status().code(), Errc::invalid_argument);
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 9);
  // A draft keeps its cost centre until it is posted.
  DocumentRequest draft = doc(DocType::other_issue, {line("TEA-500", 2)}, "CANTEEN");
  auto d = engine_->run<DocumentResult>([&](Tx& tx) { return create_document(tx, draft); });
  ASSERT_TRUE(d.is_ok()) << d.status().to_string();
  ASSERT_TRUE(engine_->run<DocumentResult>([&](Tx& tx) { return post_document(tx, d->number); }).is_ok());
  std::string type;
  auto e = last_event(&type);
  EXPECT_EQ(type, "other.posted");
  EXPECT_EQ(e["document"]["cost_centre"], "CANTEEN");
  // Reversed like any other document: the stock and its value come back.
  const Money before = cost_pool(q(), "TEA-500", "")->value;
  auto undone = engine_->reverse(d->number, "wrong cost centre", "test");
  ASSERT_TRUE(undone.is_ok()) << undone.status().to_string();
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 9);
  EXPECT_EQ(cost_pool(q(), "TEA-500", "")->value, before + 2 * 125'000);
  expect_consistent();
}

}  // namespace
}  // namespace jxc::inventory::testing
