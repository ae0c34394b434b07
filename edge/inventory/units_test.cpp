// Units and packs, decimal quantities: master data carries an item's base
// unit, decimals and pack levels; a document line entered in any of them is
// booked in exact smallest units and keeps what was entered.
#include <gtest/gtest.h>

#include "edge/inventory/test_store.h"

namespace jxc::inventory::testing {
namespace {

class Units : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    seed();
    Item water{"WATER-24", "Water 550ml", "bottle", {"6901234567892"}, 570.0, false, 1.5};
    water.packs = {{"case", 24, "16901234567899"}, {"pallet", 24 * 40, std::nullopt}};
    Item rice{"RICE-KG", "Loose rice", "kg", {}, std::nullopt, false, 6};
    rice.decimals = 3;
    rice.packs = {{"bag", 25'000, "4006381333931"}};
    std::vector<RowError> errs;
    // TEA-500 gives up its GTIN to the water's bottle; RICE-5 its own to the rice bag.
    Item tea{"TEA-500", "Green tea 500g", "EA", {}, 520.0, false, 12.5};
    Item rice5{"RICE-5", "Rice 5kg", "EA", {}, 5000.0, false, 30};
    auto r = engine_->import_items({tea, rice5, water, rice}, &errs);
    ASSERT_TRUE(r.is_ok()) << r.status().to_string() << (errs.empty() ? "" : " " + errs[0].reason);
  }
  DocLine entered(const std::string& sku, const std::string& qty, const std::string& unit = "") {
    DocLine l = line(sku, 0);
    l.entered = qty;
    l.unit = unit;
    return l;
  }
};

TEST_F(Units, MasterDataKeepsBaseUnitDecimalsAndPacks) {
  auto water = q().item("WATER-24");
  ASSERT_TRUE(water.is_ok()) << water.status().to_string();
  EXPECT_EQ(water->uom, "bottle");
  EXPECT_EQ(water->decimals, 0);
  EXPECT_EQ(water->gtins, std::vector<std::string>{"06901234567892"});
  ASSERT_EQ(water->packs.size(), 2u);
  EXPECT_EQ(water->packs[0].unit, "pallet");
  EXPECT_EQ(water->packs[0].factor, 960);
  EXPECT_FALSE(water->packs[0].gtin);
  EXPECT_EQ(water->packs[1].unit, "case");
  EXPECT_EQ(water->packs[1].gtin, "16901234567899");
  auto rice = q().item("RICE-KG");
  ASSERT_TRUE(rice.is_ok());
  EXPECT_EQ(rice->decimals, 3);
  EXPECT_EQ(rice->packs.at(0).factor, 25'000);

  auto byCase = q().pack_by_gtin("16901234567899");
  ASSERT_TRUE(byCase.is_ok()) << byCase.status().to_string();
  EXPECT_EQ(byCase->item.sku, "WATER-24");
  EXPECT_EQ(byCase->unit, "case");
  EXPECT_EQ(byCase->factor, 24);
  auto byBottle = q().pack_by_gtin("6901234567892");
  ASSERT_TRUE(byBottle.is_ok());
  EXPECT_EQ(byBottle->unit, "bottle");
  EXPECT_EQ(byBottle->factor, 1);
  EXPECT_EQ(q().pack_by_gtin("4006381333931")->factor, 25'000);
}

TEST_F(Units, LinesEnteredInPacksAndDecimalsAreBookedInSmallestUnits) {
  DocumentRequest req;
  req.type = DocType::receipt;
  req.to = "A-01";
  req.lines = {entered("WATER-24", "2", "case"), entered("WATER-24", "5"), entered("RICE-KG", "1.25"),
               entered("RICE-KG", "0.5", "bag")};
  auto r = engine_->post(req);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(on_hand("WATER-24", "A-01"), 2 * 24 + 5);
  EXPECT_EQ(on_hand("RICE-KG", "A-01"), 1250 + 12'500);
  auto doc = q().document(r->number);
  ASSERT_TRUE(doc.is_ok());
  ASSERT_EQ(doc->lines.size(), 4u);
  EXPECT_EQ(doc->lines[0].qty, 48);
  EXPECT_EQ(doc->lines[0].unit, "case");
  EXPECT_EQ(doc->lines[0].entered, "2");
  EXPECT_EQ(doc->lines[1].unit, "bottle");
  EXPECT_EQ(doc->lines[2].qty, 1250);
  EXPECT_EQ(doc->lines[2].entered, "1.250");
  EXPECT_EQ(doc->lines[2].unit, "kg");
  EXPECT_EQ(doc->lines[3].entered, "0.500");
  EXPECT_EQ(doc->lines[3].unit, "bag");

  // A loss of 0.75 kg by adjustment, signed as entered.
  DocumentRequest adj;
  adj.type = DocType::adjustment;
  adj.to = "A-01";
  adj.lines = {entered("RICE-KG", "-0.75")};
  ASSERT_TRUE(engine_->post(adj).is_ok());
  EXPECT_EQ(on_hand("RICE-KG", "A-01"), 13'000);
  expect_consistent();
}

TEST_F(Units, QuantitiesThatCannotBeBookedExactlyAreRefused) {
  auto refused = [&](DocLine l, const std::string& why) {
    DocumentRequest req;
    req.type = DocType::receipt;
    req.to = "A-01";
    req.lines = {std::move(l)};
    auto r = engine_->post(req);
    ASSERT_FALSE(r.is_ok()) << why;
    EXPECT_EQ(r.status().code(), Errc::invalid_argument);
    EXPECT_NE(r.status().reason().find(why), std::string::npos) << r.status().reason();
  };
  refused(entered("RICE-KG", "1.2345"), "more than 3 decimals");
  refused(entered("WATER-24", "1.5"), "whole number");
  refused(entered("WATER-24", "0.5", "case"), "whole number");
  refused(entered("WATER-24", "1", "crate"), "no unit 'crate'");
  refused(entered("RICE-KG", "-1"), "must be positive");
  DocLine disagree = entered("WATER-24", "1", "case");
  disagree.qty = 12;
  refused(disagree, "disagrees");
  EXPECT_EQ(on_hand("WATER-24", "A-01"), 0);
}

TEST_F(Units, BadPackMasterDataIsRefusedWholly) {
  std::vector<RowError> errs;
  Item dup{"BOX", "Box", "EA", {}, std::nullopt, false, 0};
  dup.packs = {{"case", 10}, {"case", 12}};
  Item zero{"BOX2", "Box", "EA", {}, std::nullopt, false, 0};
  zero.packs = {{"case", 0}};
  Item base{"BOX3", "Box", "EA", {}, std::nullopt, false, 0};
  base.packs = {{"EA", 6}};
  Item decimals{"BOX4", "Box", "kg", {}, std::nullopt, false, 0};
  decimals.decimals = 4;
  Item taken{"BOX5", "Box", "EA", {}, std::nullopt, false, 0};
  taken.packs = {{"case", 6, "16901234567899"}};
  auto r = engine_->import_items({dup, zero, base, decimals, taken}, &errs);
  ASSERT_FALSE(r.is_ok());
  ASSERT_EQ(errs.size(), 5u);
  EXPECT_NE(errs[0].reason.find("listed twice"), std::string::npos) << errs[0].reason;
  EXPECT_NE(errs[1].reason.find("positive factor"), std::string::npos) << errs[1].reason;
  EXPECT_NE(errs[2].reason.find("base unit"), std::string::npos) << errs[2].reason;
  EXPECT_NE(errs[3].reason.find("decimals must be 0 to 3"), std::string::npos) << errs[3].reason;
  EXPECT_NE(errs[4].reason.find("belongs to SKU WATER-24"), std::string::npos) << errs[4].reason;
  EXPECT_FALSE(q().item("BOX").is_ok());
}

TEST_F(Units, DecimalsCannotChangeOnceQuantitiesAreStored) {
  Item rice{"RICE-KG", "Loose rice", "kg", {}, std::nullopt, false, 6};
  rice.decimals = 2;
  std::vector<RowError> errs;
  ASSERT_TRUE(engine_->import_items({rice}, &errs).is_ok()) << (errs.empty() ? "" : errs[0].reason);
  receive("RICE-KG", 100, "A-01");
  rice.decimals = 3;
  errs.clear();
  ASSERT_FALSE(engine_->import_items({rice}, &errs).is_ok());
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_NE(errs[0].reason.find("decimals cannot change from 2 to 3"), std::string::npos) << errs[0].reason;
  EXPECT_EQ(q().item("RICE-KG")->decimals, 2);
}

}  // namespace
}  // namespace jxc::inventory::testing
