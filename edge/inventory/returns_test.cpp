// Returns against what they return, on a real store: the reference to the
// original document and line, the limit of what went out on that line, the
// disposition of what comes back, and the cost it comes back at.
#include "edge/inventory/returns.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "edge/inventory/stock_value.h"
#include "edge/inventory/test_store.h"

namespace jxc::inventory::testing {
namespace {

using nlohmann::json;

class Returns : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    seed();
    seed_quarantine();
    // 10 in at 10.0000, 4 out at that average, 10 more in at 20.0000: the
    // average is then 16.2500, and the 4 went out at 10.0000.
    receive_at("TEA-500", 10, 100000);
    DocumentRequest is;
    is.type = DocType::issue;
    is.from = "A-01";
    is.lines = {line("TEA-500", 4), line("RICE-5", 1)};
    auto r = engine_->post(is);
    ASSERT_TRUE(r.is_ok()) << r.status().to_string();
    issue_ = r->number;
    receive_at("TEA-500", 10, 200000);
  }
  void receive_at(const std::string& sku, Qty qty, Money cost) {
    DocumentRequest r = receipt_into("A-01", sku, qty);
    r.lines[0].unit_cost = cost;
    if (sku == "TEA-500") r.lines.push_back([] { DocLine l = line("RICE-5", 5); l.unit_cost = 300000; return l; }());
    auto p = engine_->post(r);
    ASSERT_TRUE(p.is_ok()) << p.status().to_string();
    receipt_ = p->number;
  }
  static DocumentRequest customer_return(const std::string& ref, std::vector<DocLine> lines) {
    DocumentRequest r;
    r.type = DocType::customer_return;
    r.to = "A-02";
    r.reason = "damaged in transit";
    r.source = "test";
    r.ref_document = ref;
    r.lines = std::move(lines);
    return r;
  }
  static DocLine returned(const std::string& sku, Qty qty, std::int64_t ref_line, Disposition d) {
    DocLine l = line(sku, qty);
    l.ref_line = ref_line;
    l.disposition = d;
    return l;
  }
  json last_event() {
    auto st = q().db().prepare("SELECT payload FROM outbox ORDER BY seq DESC LIMIT 1");
    EXPECT_TRUE(st.is_ok());
    EXPECT_TRUE(*(*st)->step());
    return json::parse((*st)->text(0));
  }
  std::string issue_, receipt_;
};

TEST_F(Returns, ACustomerReturnComesBackAtTheCostItWentOutAt) {
  auto r = engine_->post(customer_return(issue_, {returned("TEA-500", 2, 1, Disposition::restock)}));
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(on_hand("TEA-500", "A-02"), 2);
  json e = last_event();
  EXPECT_EQ(e["document"]["ref_document"], issue_);
  EXPECT_EQ(e["document"]["reason"], "damaged in transit");
  EXPECT_EQ(e["document"]["lines"][0]["ref_line"], 1);
  EXPECT_EQ(e["document"]["lines"][0]["disposition"], "restock");
  EXPECT_EQ(e["movements"][0]["value"], 200000);  // 2 at 10.0000, not at the average 16.2500
  auto v = q().document(r->number);
  ASSERT_TRUE(v.is_ok());
  EXPECT_EQ(v->ref_document, issue_);
  EXPECT_EQ(v->lines[0].ref_line, 1);
  EXPECT_EQ(v->lines[0].disposition, Disposition::restock);
  expect_consistent();
}

TEST_F(Returns, NoMoreComesBackThanWentOutCountingEarlierReturns) {
  ASSERT_TRUE(engine_->post(customer_return(issue_, {returned("TEA-500", 3, 1, Disposition::restock)})).is_ok());
  auto over = engine_->post(customer_return(issue_, {returned("TEA-500", 2, 1, Disposition::restock)}));
  ASSERT_FALSE(over.is_ok());
  EXPECT_NE(over.status().reason().find("moved 4 of TEA-500, 3 came back before"), std::string::npos)
      << over.status().to_string();
  // Two lines of one return against the same original line add up too.
  auto split = engine_->post(customer_return(
      issue_, {returned("TEA-500", 1, 1, Disposition::restock), returned("TEA-500", 1, 1, Disposition::quarantine)}));
  ASSERT_FALSE(split.is_ok());
  EXPECT_EQ(on_hand("TEA-500", "A-02"), 3);
  // The last one fits; a line without a number takes its item's line.
  auto last = engine_->post(customer_return(issue_, {returned("TEA-500", 1, 0, Disposition::restock)}));
  ASSERT_TRUE(last.is_ok()) << last.status().to_string();
  EXPECT_EQ(last_event()["document"]["lines"][0]["ref_line"], 1);
  // A reversed return gives its quantity back.
  ASSERT_TRUE(engine_->reverse(last->number, "entered twice", "test").is_ok());
  EXPECT_TRUE(engine_->post(customer_return(issue_, {returned("TEA-500", 1, 1, Disposition::restock)})).is_ok());
  expect_consistent();
}

TEST_F(Returns, DispositionsQuarantineAndScrap) {
  auto q1 = engine_->post(customer_return(issue_, {returned("TEA-500", 1, 1, Disposition::quarantine)}));
  ASSERT_TRUE(q1.is_ok()) << q1.status().to_string();
  EXPECT_EQ(on_hand("TEA-500", "Q-01"), 1);
  EXPECT_EQ(on_hand("TEA-500", "A-02"), 0);
  auto pool_before = cost_pool(q(), "TEA-500", "");
  ASSERT_TRUE(pool_before.is_ok());
  auto s = engine_->post(customer_return(issue_, {returned("TEA-500", 2, 1, Disposition::scrap)}));
  ASSERT_TRUE(s.is_ok()) << s.status().to_string();
  json e = last_event();
  EXPECT_EQ(e["movements"][0]["from"], "@CUSTOMER");
  EXPECT_EQ(e["movements"][0]["to"], "@SCRAP");
  EXPECT_EQ(e["document"]["lines"][0]["disposition"], "scrap");
  // Written off as it arrived: the stock and its value are as they were.
  auto pool_after = cost_pool(q(), "TEA-500", "");
  ASSERT_TRUE(pool_after.is_ok());
  EXPECT_EQ(pool_after->qty, pool_before->qty);
  EXPECT_EQ(pool_after->value, pool_before->value);
  EXPECT_EQ(on_hand("TEA-500", "A-02"), 0);
  // Restocking into a quarantine bin says what is meant instead.
  DocumentRequest wrong = customer_return(issue_, {returned("TEA-500", 1, 1, Disposition::restock)});
  wrong.to = "Q-01";
  EXPECT_FALSE(engine_->post(wrong).is_ok());
  expect_consistent();
}

TEST_F(Returns, RejectedGoodsGoBackToTheSupplierAgainstTheReceipt) {
  DocumentRequest rc = receipt_into("A-01", "CUP-S", 6);
  rc.lines[0].inspection = Inspection::rejected;
  rc.lines[0].unit_cost = 5000;
  auto received = engine_->post(rc);
  ASSERT_TRUE(received.is_ok()) << received.status().to_string();
  EXPECT_EQ(on_hand("CUP-S", "Q-01"), 6);
  DocumentRequest back;
  back.type = DocType::supplier_return;
  back.from = "Q-01";
  back.reason = "failed inspection";
  back.ref_document = received->number;
  back.lines = {returned("CUP-S", 6, 1, Disposition::none)};
  auto r = engine_->post(back);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(on_hand("CUP-S", "Q-01"), 0);
  json e = last_event();
  EXPECT_EQ(e["document"]["type"], "supplier_return");
  EXPECT_EQ(e["document"]["ref_document"], received->number);
  EXPECT_EQ(e["movements"][0]["value"], 30000);  // at the average, 0.5000 each
  back.lines[0].qty = 1;
  auto again = engine_->post(back);
  ASSERT_FALSE(again.is_ok());
  EXPECT_NE(again.status().reason().find("6 came back before"), std::string::npos) << again.status().to_string();
  // The receipt cannot be reversed while the return stands.
  auto rev = engine_->reverse(received->number, "", "test");
  ASSERT_FALSE(rev.is_ok());
  EXPECT_NE(rev.status().reason().find("reverse the return first"), std::string::npos) << rev.status().to_string();
  expect_consistent();
}

TEST_F(Returns, RefusesAReferenceThatDoesNotFit) {
  // A customer return against a receipt.
  auto a = engine_->post(customer_return(receipt_, {returned("TEA-500", 1, 1, Disposition::restock)}));
  ASSERT_FALSE(a.is_ok());
  EXPECT_NE(a.status().reason().find("returns what a issue moved"), std::string::npos) << a.status().to_string();
  // The wrong item for the line.
  auto b = engine_->post(customer_return(issue_, {returned("RICE-5", 1, 1, Disposition::restock)}));
  ASSERT_FALSE(b.is_ok());
  EXPECT_NE(b.status().reason().find("is TEA-500, not RICE-5"), std::string::npos) << b.status().to_string();
  // An item not on it.
  auto c = engine_->post(customer_return(issue_, {returned("CUP-S", 1, 0, Disposition::restock)}));
  ASSERT_FALSE(c.is_ok());
  // No document: nothing says how much went out.
  auto d = engine_->post(customer_return("", {returned("TEA-500", 1, 0, Disposition::restock)}));
  ASSERT_FALSE(d.is_ok());
  EXPECT_EQ(d.status().reason(),
            "a customer return names the issue it returns, so that no more comes back than went out; goods with "
            "no such record come in or go out on a receipt, an issue or an adjustment");
  EXPECT_EQ(d.status().fact("field"), "ref_document");
  DocumentRequest unreferenced;
  unreferenced.type = DocType::supplier_return;
  unreferenced.from = "A-01";
  unreferenced.lines = {returned("TEA-500", 1, 0, Disposition::none)};
  auto u = engine_->post(unreferenced);
  ASSERT_FALSE(u.is_ok());
  EXPECT_NE(u.status().reason().find("a supplier return names the receipt it returns"), std::string::npos)
      << u.status().to_string();
  // A disposition on a supplier return.
  DocumentRequest sr;
  sr.type = DocType::supplier_return;
  sr.from = "A-01";
  sr.ref_document = receipt_;
  sr.lines = {returned("TEA-500", 1, 0, Disposition::scrap)};
  auto s = engine_->post(sr);
  ASSERT_FALSE(s.is_ok());
  EXPECT_NE(s.status().reason().find("a supplier return has no disposition"), std::string::npos)
      << s.status().to_string();
  // A reversed original has nothing left to return.
  DocumentRequest is;
  is.type = DocType::issue;
  is.from = "A-01";
  is.lines = {line("RICE-5", 1)};
  auto issued = engine_->post(is);
  ASSERT_TRUE(issued.is_ok());
  ASSERT_TRUE(engine_->reverse(issued->number, "", "test").is_ok());
  auto e = engine_->post(customer_return(issued->number, {returned("RICE-5", 1, 1, Disposition::restock)}));
  ASSERT_FALSE(e.is_ok());
  EXPECT_NE(e.status().reason().find("was reversed"), std::string::npos) << e.status().to_string();
  expect_consistent();
}

TEST_F(Returns, ADraftReturnIsCheckedAgainWhenPosted) {
  auto d1 = engine_->create(customer_return(issue_, {returned("TEA-500", 3, 1, Disposition::restock)}));
  auto d2 = engine_->create(customer_return(issue_, {returned("TEA-500", 3, 1, Disposition::restock)}));
  ASSERT_TRUE(d1.is_ok() && d2.is_ok());
  ASSERT_TRUE(engine_->post_document(d1->number).is_ok());
  auto late = engine_->post_document(d2->number);
  ASSERT_FALSE(late.is_ok());
  EXPECT_NE(late.status().reason().find("3 came back before"), std::string::npos) << late.status().to_string();
  // The draft path values the return at the original's cost too.
  EXPECT_EQ(last_event()["movements"][0]["value"], 300000);
  expect_consistent();
}

}  // namespace
}  // namespace jxc::inventory::testing
