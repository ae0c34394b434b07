// Quality inspection on a real store: a receipt line's inspection result
// decides where its goods go, quarantined goods count in the books and in
// value but cannot be issued, and they are released by a transfer.
#include "edge/inventory/quality.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "edge/inventory/stock_value.h"
#include "edge/inventory/test_store.h"

namespace jxc::inventory::testing {
namespace {

using nlohmann::json;

/// The standard warehouse with a quarantine zone and bin in W1.
class Quality : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    seed();
    seed_quarantine();
  }
  static DocLine inspected(const std::string& sku, Qty qty, Inspection i) {
    DocLine l = line(sku, qty);
    l.inspection = i;
    return l;
  }
  json last_event() {
    auto st = q().db().prepare("SELECT payload FROM outbox ORDER BY seq DESC LIMIT 1");
    EXPECT_TRUE(st.is_ok());
    EXPECT_TRUE(*(*st)->step());
    return json::parse((*st)->text(0));
  }
  DocumentRequest receipt(std::vector<DocLine> lines) {
    DocumentRequest r;
    r.type = DocType::receipt;
    r.to = "A-01";
    r.source = "test";
    r.lines = std::move(lines);
    return r;
  }
};

TEST_F(Quality, InspectionResultsDecideWhereTheGoodsGo) {
  auto r = engine_->post(receipt({inspected("TEA-500", 10, Inspection::accepted),
                                  inspected("RICE-5", 4, Inspection::quarantine),
                                  inspected("CUP-S", 3, Inspection::rejected)}));
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 10);
  EXPECT_EQ(on_hand("RICE-5", "A-01"), 0);
  EXPECT_EQ(on_hand("RICE-5", "Q-01"), 4);
  EXPECT_EQ(on_hand("CUP-S", "Q-01"), 3);
  json e = last_event();
  EXPECT_EQ(e["document"]["lines"][0]["inspection"], "accepted");
  EXPECT_EQ(e["document"]["lines"][1]["inspection"], "quarantine");
  EXPECT_EQ(e["document"]["lines"][1]["to"], "Q-01");
  EXPECT_EQ(e["document"]["lines"][2]["inspection"], "rejected");
  EXPECT_EQ(e["movements"][2]["to"], "Q-01");
  auto v = q().document(r->number);
  ASSERT_TRUE(v.is_ok());
  EXPECT_EQ(v->lines[1].inspection, Inspection::quarantine);
  EXPECT_EQ(v->lines[1].to, "Q-01");
  EXPECT_EQ(v->lines[2].inspection, Inspection::rejected);
  // Held goods are stock: they keep their value.
  auto pool = cost_pool(q(), "RICE-5", "");
  ASSERT_TRUE(pool.is_ok());
  EXPECT_EQ(pool->qty, 4);
  EXPECT_EQ(pool->value, 4 * 30 * 10000);
  expect_consistent();
}

TEST_F(Quality, AnUninspectedReceiptGoesWhereItSaysAndRecordsNothing) {
  auto r = engine_->post(receipt({line("TEA-500", 2)}));
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 2);
  EXPECT_FALSE(last_event()["document"]["lines"][0].contains("inspection"));
}

TEST_F(Quality, QuarantinedStockIsNotIssuedUntilReleased) {
  ASSERT_TRUE(engine_->post(receipt({inspected("TEA-500", 5, Inspection::quarantine)})).is_ok());
  DocumentRequest issue;
  issue.type = DocType::issue;
  issue.from = "Q-01";
  issue.lines = {line("TEA-500", 1)};
  auto refused = engine_->post(issue);
  ASSERT_FALSE(refused.is_ok());
  EXPECT_NE(refused.status().reason().find("quarantine bin"), std::string::npos) << refused.status().to_string();
  EXPECT_EQ(on_hand("TEA-500", "Q-01"), 5);

  DocumentRequest release;
  release.type = DocType::transfer;
  release.from = "Q-01";
  release.to = "A-02";
  release.reason = "release";
  release.lines = {line("TEA-500", 3)};
  ASSERT_TRUE(engine_->post(release).is_ok());
  issue.from = "A-02";
  ASSERT_TRUE(engine_->post(issue).is_ok());
  EXPECT_EQ(on_hand("TEA-500", "A-02"), 2);

  // The rest is rejected later: scrapped from quarantine.
  DocumentRequest scrap;
  scrap.type = DocType::scrap;
  scrap.from = "Q-01";
  scrap.lines = {line("TEA-500", 2)};
  ASSERT_TRUE(engine_->post(scrap).is_ok());
  EXPECT_EQ(on_hand("TEA-500", "Q-01"), 0);
  expect_consistent();
}

TEST_F(Quality, ADraftKeepsItsInspectionUntilPosted) {
  auto d = engine_->create(receipt({inspected("RICE-5", 2, Inspection::rejected)}));
  ASSERT_TRUE(d.is_ok()) << d.status().to_string();
  ASSERT_TRUE(engine_->post_document(d->number).is_ok());
  EXPECT_EQ(on_hand("RICE-5", "Q-01"), 2);
  json e = last_event();
  EXPECT_EQ(e["document"]["lines"][0]["inspection"], "rejected");
  EXPECT_EQ(e["document"]["lines"][0]["to"], "Q-01");
}

TEST_F(Quality, RefusesWhatDoesNotAddUp) {
  // Accepted goods into a quarantine bin.
  DocumentRequest r = receipt({inspected("TEA-500", 1, Inspection::accepted)});
  r.to = "Q-01";
  auto a = engine_->post(r);
  ASSERT_FALSE(a.is_ok());
  EXPECT_NE(a.status().reason().find("accepted goods"), std::string::npos) << a.status().to_string();
  // An inspection on anything but a receipt.
  DocumentRequest t;
  t.type = DocType::transfer;
  t.from = "A-01";
  t.to = "A-02";
  t.lines = {inspected("TEA-500", 1, Inspection::accepted)};
  auto b = engine_->post(t);
  ASSERT_FALSE(b.is_ok());
  EXPECT_NE(b.status().reason().find("receipt lines only"), std::string::npos) << b.status().to_string();
  // Quarantine is a kind of bin.
  Location zone;
  zone.code = "QZ";
  zone.kind = LocationKind::zone;
  zone.parent = "W1";
  zone.quarantine = true;
  std::vector<RowError> errs;
  EXPECT_FALSE(engine_->import_locations({zone}, &errs).is_ok());
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_NE(errs[0].reason.find("quarantine is a kind of bin"), std::string::npos) << errs[0].reason;
}

class NoQuarantine : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    seed();
  }
};

TEST_F(NoQuarantine, AQuarantinedLineNeedsAQuarantineBin) {
  DocumentRequest r = receipt_into("A-01", "TEA-500", 1);
  r.lines[0].inspection = Inspection::quarantine;
  auto refused = engine_->post(r);
  ASSERT_FALSE(refused.is_ok());
  EXPECT_NE(refused.status().reason().find("no quarantine bin holds goods from A-01"), std::string::npos)
      << refused.status().to_string();
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 0);
}

}  // namespace
}  // namespace jxc::inventory::testing
