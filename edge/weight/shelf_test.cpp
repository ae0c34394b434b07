// Scenarios of weight against the books, on a real store with a manual clock.
#include "edge/weight/shelf.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>

#include <nlohmann/json.hpp>

#include "edge/inventory/outbox.h"
#include "edge/inventory/test_store.h"
#include "edge/inventory/weight_records.h"
#include "edge/weight/weight_store.h"

namespace jxc::weight {
namespace {

using namespace std::chrono_literals;
using inventory::testing::line;

class ShelfTest : public inventory::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    seed();
  }

  std::shared_ptr<Shelf> make_shelf(double unit_g) {
    SlotSpec s;
    s.id = "A-01-tea";
    s.item = "TEA-500";
    s.bin = "A-01";
    s.rules.tare_g = 100;
    s.rules.unit_g = unit_g;
    s.rules.tolerance = 0.2;
    s.rules.band_g = 5;
    s.rules.window_ms = 1000;
    ShelfOptions o;
    o.match_window_ms = 60000;
    o.recheck_ms = 1000;
    o.reload_ms = 5000;
    auto shelf = std::make_shared<Shelf>(*engine_, clock_, std::vector<SlotSpec>{s}, o);
    EXPECT_TRUE(shelf->load().is_ok());
    return shelf;
  }

  // A stable weight held for 1.5 s, one sample every 100 ms.
  void weigh(Shelf& shelf, double grams, const std::string& slot = "A-01-tea") {
    for (int i = 0; i < 15; ++i) {
      Sample s;
      s.at_ms = std::chrono::duration_cast<std::chrono::milliseconds>(clock_.steady_now().time_since_epoch()).count();
      s.grams = grams;
      shelf.on_reading(slot, s);
      clock_.advance(100ms);
    }
  }
  std::optional<ShelfLevel> level(const std::string& sku, const std::string& bin) {
    auto levels = shelf_levels(q());
    EXPECT_TRUE(levels.is_ok()) << levels.status().to_string();
    if (!levels.is_ok()) return std::nullopt;
    for (const auto& l : *levels)
      if (l.sku == sku && l.bin == bin) return l;
    return std::nullopt;
  }
  std::optional<SlotRecord> stored(const std::string& slot) {
    auto slots = list_slots(q());
    EXPECT_TRUE(slots.is_ok());
    if (!slots.is_ok()) return std::nullopt;
    for (const auto& s : *slots)
      if (s.slot == slot) return s;
    return std::nullopt;
  }
  // Lets the writer finish what the shelf submitted (jobs run in order).
  void settle(Shelf& shelf) {
    shelf.tick();
    ASSERT_TRUE(engine_->run<bool>([](inventory::Tx&) -> Result<bool> { return true; }).is_ok());
  }
  std::vector<std::string> events_of(const std::string& type) {
    std::vector<std::string> out;
    auto events = inventory::Outbox::peek_after(q(), 0, 1000);
    EXPECT_TRUE(events.is_ok());
    if (!events.is_ok()) return out;
    for (const auto& e : events.value())
      if (e.type == type) out.push_back(e.payload);
    return out;
  }
};

// Goods sold by weight: loose rice in kg to the gram. The net weight is the
// quantity; an issue of 1.25 kg is confirmed by the shelf losing 1,250 g,
// within the scale's stability band, and a loss nobody booked opens a
// discrepancy in grams whose acceptance books exactly what was weighed.
TEST_F(ShelfTest, WeighedGoodsAreBookedAndConfirmedByTheirWeight) {
  inventory::Item rice{"RICE-KG", "Loose rice", "kg", {}, std::nullopt, false, 6};
  rice.decimals = 3;
  ASSERT_TRUE(engine_->import_items({rice}).is_ok());
  inventory::DocumentRequest in;
  in.type = inventory::DocType::receipt;
  in.to = "A-01";
  in.lines = {line("RICE-KG", 0)};
  in.lines[0].entered = "2.5";
  ASSERT_TRUE(engine_->post(in).is_ok());

  SlotSpec s;
  s.id = "A-01-rice";
  s.item = "RICE-KG";
  s.bin = "A-01";
  s.rules.tare_g = 100;
  s.rules.unit_g = inventory::weighed_unit_g(rice);
  s.rules.weighed = true;
  s.rules.band_g = 5;
  s.rules.window_ms = 1000;
  ShelfOptions o;
  o.match_window_ms = 60000;
  auto shelf = std::make_shared<Shelf>(*engine_, clock_, std::vector<SlotSpec>{s}, o);
  ASSERT_TRUE(shelf->load().is_ok());
  weigh(*shelf, 100 + 2500.3, "A-01-rice");
  settle(*shelf);
  ASSERT_EQ(shelf->slot("A-01-rice")->count, 2500);
  EXPECT_EQ(shelf->pending(), 0u) << "2.5 kg on the shelf, 2.500 kg in the books";

  inventory::DocumentRequest out;
  out.type = inventory::DocType::issue;
  out.from = "A-01";
  out.lines = {line("RICE-KG", 0)};
  out.lines[0].entered = "1.25";
  ASSERT_TRUE(engine_->post(out).is_ok());
  weigh(*shelf, 100 + 1251.2, "A-01-rice");  // the scale reads a gram over
  settle(*shelf);
  EXPECT_EQ(shelf->slot("A-01-rice")->count, 1251);
  EXPECT_EQ(shelf->pending(), 0u);
  EXPECT_EQ(shelf->totals().discrepancies, 0u);
  EXPECT_EQ(events_of("weight.confirmed").size(), 1u);

  // 200 g gone without a document: a discrepancy once the window passes.
  weigh(*shelf, 100 + 1051, "A-01-rice");
  settle(*shelf);
  clock_.advance(61s);
  shelf->tick();
  settle(*shelf);
  ASSERT_EQ(shelf->totals().discrepancies, 1u);
  auto open = list_discrepancies(q(), true);
  ASSERT_TRUE(open.is_ok());
  ASSERT_EQ(open->size(), 1u);
  EXPECT_EQ((*open)[0].book, 1250);
  EXPECT_EQ((*open)[0].weighed, 1051);
  auto accepted = engine_->run<Discrepancy>(
      [id = (*open)[0].id](inventory::Tx& tx) { return accept_discrepancy(tx, id, "boss"); });
  ASSERT_TRUE(accepted.is_ok()) << accepted.status().to_string();
  EXPECT_EQ(on_hand("RICE-KG", "A-01"), 1051);

  // Weighed goods are not calibrated: their unit is the gram.
  auto cal = engine_->run<SlotRecord>(
      [](inventory::Tx& tx) { return calibrate_slot(tx, "A-01-rice", 10, "boss"); });
  ASSERT_FALSE(cal.is_ok());
  EXPECT_NE(cal.status().reason().find("sold by weight"), std::string::npos) << cal.status().reason();
  expect_consistent();
}

TEST_F(ShelfTest, APickIsConfirmedByWeight) {
  receive("TEA-500", 10, "A-01");
  auto shelf = make_shelf(500);
  weigh(*shelf, 100 + 10 * 500);
  settle(*shelf);
  ASSERT_EQ(shelf->slot("A-01-tea")->count, 10);
  EXPECT_EQ(shelf->pending(), 0u) << "the first count matches the book";

  // The picker scans the issue, then takes two packs off the shelf.
  inventory::DocumentRequest issue;
  issue.type = inventory::DocType::issue;
  issue.from = "A-01";
  issue.lines = {line("TEA-500", 2)};
  auto posted = engine_->post(issue);
  ASSERT_TRUE(posted.is_ok()) << posted.status().to_string();
  weigh(*shelf, 100 + 8 * 500 + 3);
  settle(*shelf);
  EXPECT_EQ(shelf->slot("A-01-tea")->count, 8);
  EXPECT_EQ(shelf->pending(), 0u);
  EXPECT_EQ(shelf->totals().discrepancies, 0u);
  auto confirmed = events_of("weight.confirmed");
  ASSERT_EQ(confirmed.size(), 1u);
  auto ev = nlohmann::json::parse(confirmed[0]);
  EXPECT_EQ(ev["document"], posted->number);
  EXPECT_EQ(ev["before_qty"], 10);
  EXPECT_EQ(ev["measured_qty"], 8);
}

/// The pick of APickIsConfirmedByWeight: ten packs weighed, two issued.
std::string issue_two(inventory::Engine& engine) {
  inventory::DocumentRequest issue;
  issue.type = inventory::DocType::issue;
  issue.from = "A-01";
  issue.lines = {line("TEA-500", 2)};
  auto posted = engine.post(issue);
  EXPECT_TRUE(posted.is_ok()) << posted.status().to_string();
  return posted ? posted->number : "";
}

TEST_F(ShelfTest, AConfirmationWhoseAnswerWasLostAfterItsCommitIsNotWrittenTwice) {
  // Shared with the writer, which may run a later job after this body returns.
  auto countdown = std::make_shared<std::atomic<int>>(0);
  inventory::EngineTuning tuning;
  tuning.lose_answer = [countdown] { return countdown->fetch_sub(1) == 1; };
  open_engine({}, tuning);
  receive("TEA-500", 10, "A-01");
  auto shelf = make_shelf(500);
  weigh(*shelf, 100 + 10 * 500);
  settle(*shelf);
  const std::string number = issue_two(*engine_);
  *countdown = 3;  // the slot's motion and its new count are saved, then the check's answer is lost
  weigh(*shelf, 100 + 8 * 500);
  settle(*shelf);
  EXPECT_LE(countdown->load(), 0);
  EXPECT_EQ(shelf->totals().store_errors, 1u);
  EXPECT_EQ(shelf->pending(), 1u);
  clock_.advance(5s);  // past the back-off
  settle(*shelf);
  EXPECT_EQ(shelf->pending(), 0u);
  auto confirmed = events_of("weight.confirmed");
  ASSERT_EQ(confirmed.size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(confirmed[0])["document"], number);
}

TEST_F(ShelfTest, AChangeMetByALockedStoreIsConfirmedOnceItIsReleased) {
  inventory::EngineTuning tuning;
  tuning.busy_timeout_ms = 20;
  open_engine({}, tuning);
  receive("TEA-500", 10, "A-01");
  auto shelf = make_shelf(500);
  weigh(*shelf, 100 + 10 * 500);
  settle(*shelf);
  issue_two(*engine_);
  {
    inventory::testing::WriteLockHolder cli_import(store_path_);
    weigh(*shelf, 100 + 8 * 500);
    for (int i = 0; i < 5000 && shelf->totals().store_errors < 1; ++i) std::this_thread::sleep_for(2ms);
    EXPECT_GE(shelf->totals().store_errors, 1u);
    EXPECT_EQ(shelf->pending(), 1u);
  }
  clock_.advance(10s);  // past the back-off, within the match window
  settle(*shelf);
  EXPECT_EQ(shelf->pending(), 0u);
  EXPECT_EQ(shelf->totals().confirmed, 1u + 1u);  // the first count, then the pick
  EXPECT_EQ(events_of("weight.confirmed").size(), 1u);
  expect_consistent();
}

TEST_F(ShelfTest, APickPostedAfterTheWeightChangedIsStillMatched) {
  receive("TEA-500", 5, "A-01");
  auto shelf = make_shelf(500);
  weigh(*shelf, 100 + 5 * 500);
  settle(*shelf);
  weigh(*shelf, 100 + 4 * 500);
  settle(*shelf);
  EXPECT_EQ(shelf->pending(), 1u) << "waiting for the ledger";
  clock_.advance(20s);
  inventory::DocumentRequest issue;
  issue.type = inventory::DocType::issue;
  issue.from = "A-01";
  issue.lines = {line("TEA-500", 1)};
  ASSERT_TRUE(engine_->post(issue).is_ok());
  settle(*shelf);
  EXPECT_EQ(shelf->pending(), 0u);
  EXPECT_EQ(shelf->totals().discrepancies, 0u);
  EXPECT_EQ(events_of("weight.confirmed").size(), 1u);
}

// The window's two sides. Before: a pick posted at the desk long before the
// goods leave the shelf (more than a match window) is named, because it is
// what the books did since the shelf last counted. After: a pick posted
// within the window after the change explains it; one posted after the
// window has passed comes too late, the change is a discrepancy.
TEST_F(ShelfTest, APickPostedLongBeforeTheGoodsLeaveIsNamedInTheConfirmation) {
  receive("TEA-500", 10, "A-01");
  auto shelf = make_shelf(500);
  weigh(*shelf, 100 + 10 * 500);
  settle(*shelf);
  clock_.advance(10min);
  const std::string pick = issue_two(*engine_);
  clock_.advance(5min);  // five match windows later the picker takes the goods
  weigh(*shelf, 100 + 8 * 500);
  settle(*shelf);
  EXPECT_EQ(shelf->pending(), 0u);
  auto confirmed = events_of("weight.confirmed");
  ASSERT_EQ(confirmed.size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(confirmed[0])["document"], pick);
}

TEST_F(ShelfTest, APickPostedAfterTheWindowComesTooLate) {
  receive("TEA-500", 10, "A-01");
  auto shelf = make_shelf(500);
  weigh(*shelf, 100 + 10 * 500);
  settle(*shelf);
  weigh(*shelf, 100 + 8 * 500);
  settle(*shelf);
  clock_.advance(59s);
  settle(*shelf);
  EXPECT_TRUE(events_of("weight.discrepancy").empty()) << "still within the window";
  clock_.advance(2s);
  settle(*shelf);
  settle(*shelf);
  ASSERT_EQ(events_of("weight.discrepancy").size(), 1u);
  issue_two(*engine_);
  settle(*shelf);
  EXPECT_TRUE(events_of("weight.confirmed").empty());
}

TEST_F(ShelfTest, AnUnexplainedRemovalRaisesADiscrepancyThatIsAccepted) {
  receive("TEA-500", 10, "A-01");
  auto shelf = make_shelf(500);
  weigh(*shelf, 100 + 10 * 500);
  settle(*shelf);
  weigh(*shelf, 100 + 7 * 500);  // three packs gone, no document
  settle(*shelf);
  EXPECT_EQ(shelf->pending(), 1u);
  EXPECT_TRUE(events_of("weight.discrepancy").empty()) << "not before the window has passed";
  clock_.advance(61s);
  settle(*shelf);
  settle(*shelf);
  EXPECT_EQ(shelf->pending(), 0u);
  auto events = events_of("weight.discrepancy");
  ASSERT_EQ(events.size(), 1u);
  auto ev = nlohmann::json::parse(events[0]);
  EXPECT_EQ(ev["book_qty"], 10);
  EXPECT_EQ(ev["measured_qty"], 7);
  EXPECT_EQ(ev["before_qty"], 10);

  auto open = list_discrepancies(q(), true);
  ASSERT_TRUE(open.is_ok());
  ASSERT_EQ(open->size(), 1u);
  std::int64_t id = (*open)[0].id;
  auto accepted = engine_->run<Discrepancy>([id](inventory::Tx& tx) { return accept_discrepancy(tx, id, "manager"); });
  ASSERT_TRUE(accepted.is_ok()) << accepted.status().to_string();
  EXPECT_EQ(accepted->state, "accepted");
  EXPECT_FALSE(accepted->document.empty());
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 7);
  auto again = engine_->run<Discrepancy>([id](inventory::Tx& tx) { return accept_discrepancy(tx, id, "manager"); });
  EXPECT_EQ(again.status().code(), Errc::invalid_state);
  expect_consistent();
}

// A shelf's weight says how many, not which units: a discrepancy of a
// serial-tracked item is settled by counting the bin by serial.
TEST_F(ShelfTest, AWeightDiscrepancyOfASerialTrackedItemIsNotAcceptedByWeight) {
  seed_serial_items();
  inventory::DocumentRequest r;
  r.type = inventory::DocType::receipt;
  r.to = "A-01";
  r.lines = {inventory::testing::serial_line("PHONE-1", {"SN-1", "SN-2"})};
  ASSERT_TRUE(engine_->post(r).is_ok());
  auto id = engine_->run<std::int64_t>([](inventory::Tx& tx) -> Result<std::int64_t> {
    JXC_ASSIGN(auto item, tx.item("PHONE-1"));
    JXC_ASSIGN(auto bin, tx.location("A-01"));
    return inventory::insert_discrepancy(tx, "A-01-phone", item.id, bin.id, 2, 1);
  });
  ASSERT_TRUE(id.is_ok()) << id.status().to_string();
  auto accepted =
      engine_->run<Discrepancy>([id = *id](inventory::Tx& tx) { return accept_discrepancy(tx, id, "carol"); });
  ASSERT_FALSE(accepted.is_ok());
  EXPECT_EQ(accepted.status().code(), Errc::invalid_state);
  EXPECT_NE(accepted.status().reason().find("count the bin by serial"), std::string::npos)
      << accepted.status().reason();
  EXPECT_EQ(on_hand("PHONE-1", "A-01"), 2);
  auto dismissed =
      engine_->run<Discrepancy>([id = *id](inventory::Tx& tx) { return dismiss_discrepancy(tx, id, "carol"); });
  EXPECT_TRUE(dismissed.is_ok()) << dismissed.status().to_string();
}

TEST_F(ShelfTest, ADismissedDiscrepancyLeavesTheBooksAlone) {
  receive("TEA-500", 4, "A-01");
  auto shelf = make_shelf(500);
  weigh(*shelf, 100 + 6 * 500);  // two more than the books say
  settle(*shelf);
  clock_.advance(61s);
  settle(*shelf);
  settle(*shelf);
  auto open = list_discrepancies(q(), true);
  ASSERT_TRUE(open.is_ok());
  ASSERT_EQ(open->size(), 1u);
  EXPECT_EQ((*open)[0].weighed, 6);
  std::int64_t id = (*open)[0].id;
  auto d = engine_->run<Discrepancy>([id](inventory::Tx& tx) { return dismiss_discrepancy(tx, id, "manager"); });
  ASSERT_TRUE(d.is_ok());
  EXPECT_EQ(d->state, "dismissed");
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 4);
}

TEST_F(ShelfTest, CalibrationSetsTheUnitWeightFromWhatLiesOnTheSlot) {
  receive("TEA-500", 6, "A-01");
  auto shelf = make_shelf(0);
  weigh(*shelf, 100 + 6 * 250);
  settle(*shelf);
  EXPECT_EQ(shelf->slot("A-01-tea")->status, SlotStatus::no_unit_weight);
  auto cal = engine_->run<SlotRecord>([](inventory::Tx& tx) { return calibrate_slot(tx, "A-01-tea", 6, "tech"); });
  ASSERT_TRUE(cal.is_ok()) << cal.status().to_string();
  EXPECT_DOUBLE_EQ(*cal->calibrated_unit_g, 250);
  clock_.advance(6s);
  settle(*shelf);  // reload picks up the calibration
  settle(*shelf);
  weigh(*shelf, 100 + 6 * 250);
  settle(*shelf);
  EXPECT_EQ(shelf->slot("A-01-tea")->count, 6);
  EXPECT_EQ(shelf->totals().discrepancies, 0u);
  auto slots = list_slots(q());
  ASSERT_TRUE(slots.is_ok());
  ASSERT_EQ(slots->size(), 1u);
  EXPECT_EQ((*slots)[0].count, 6);
  EXPECT_EQ(events_of("weight.calibrated").size(), 1u);
}

TEST_F(ShelfTest, CalibratingWithNothingWeighedIsRefused) {
  auto shelf = make_shelf(0);
  auto cal = engine_->run<SlotRecord>([](inventory::Tx& tx) { return calibrate_slot(tx, "A-01-tea", 6, "tech"); });
  EXPECT_EQ(cal.status().code(), Errc::invalid_state);
  auto none = engine_->run<SlotRecord>([](inventory::Tx& tx) { return calibrate_slot(tx, "nope", 6, "tech"); });
  EXPECT_EQ(none.status().code(), Errc::invalid_argument);
}

// The transmitter's overload and underload bits make the slot's count
// unknown: nothing is reconciled and the level is not judged until a stable
// reading within range comes back.
TEST_F(ShelfTest, OverloadAndUnderloadMakeTheSlotUncountable) {
  receive("TEA-500", 10, "A-01");
  auto shelf = make_shelf(500);
  weigh(*shelf, 100 + 10 * 500);
  settle(*shelf);
  ASSERT_EQ(shelf->slot("A-01-tea")->count, 10);
  ASSERT_TRUE(level("TEA-500", "A-01")->countable);

  for (bool over : {true, false}) {
    Sample s;
    s.at_ms = std::chrono::duration_cast<std::chrono::milliseconds>(clock_.steady_now().time_since_epoch()).count();
    s.grams = over ? 99999 : -50;
    s.has_stable = s.stable = true;
    (over ? s.overload : s.underload) = true;
    shelf->on_reading("A-01-tea", s);
    settle(*shelf);
    auto v = shelf->slot("A-01-tea");
    EXPECT_EQ(v->status, over ? SlotStatus::overload : SlotStatus::underload);
    EXPECT_FALSE(v->count.has_value()) << "no count is reported beyond the load cell's range";
    EXPECT_EQ(stored("A-01-tea")->status, over ? "overload" : "underload");
    EXPECT_FALSE(stored("A-01-tea")->count.has_value());
    EXPECT_FALSE(level("TEA-500", "A-01")->countable);
    EXPECT_EQ(level_text(*level("TEA-500", "A-01")), "-");
    EXPECT_EQ(shelf->pending(), 0u) << "nothing to reconcile";
  }
  weigh(*shelf, 100 + 10 * 500);
  settle(*shelf);
  auto back = level("TEA-500", "A-01");
  ASSERT_TRUE(back->countable);
  EXPECT_EQ(back->weighed, 10);
  EXPECT_EQ(back->book, 10);
  EXPECT_EQ(shelf->totals().discrepancies, 0u);
}

TEST_F(ShelfTest, LevelsJudgeTheSlotsOfAnItemInABinTogether) {
  receive("TEA-500", 7, "A-01");
  std::vector<inventory::Threshold> th = {{"TEA-500", "A-01", 10, 100, 20}, {"RICE-5", "A", 5, 50, 10}};
  ASSERT_TRUE(engine_->import_thresholds(th).is_ok());
  std::vector<SlotSpec> specs;
  for (const char* id : {"A-01-left", "A-01-right", "A-02-rice"}) {
    SlotSpec s;
    s.id = id;
    s.item = std::string(id) == "A-02-rice" ? "RICE-5" : "TEA-500";
    s.bin = std::string(id) == "A-02-rice" ? "A-02" : "A-01";
    s.rules.tare_g = 100;
    s.rules.unit_g = 500;
    s.rules.tolerance = 0.2;
    s.rules.band_g = 5;
    s.rules.window_ms = 1000;
    specs.push_back(s);
  }
  auto shelf = std::make_shared<Shelf>(*engine_, clock_, specs, ShelfOptions{});
  ASSERT_TRUE(shelf->load().is_ok());
  weigh(*shelf, 100 + 4 * 500, "A-01-left");
  settle(*shelf);
  EXPECT_FALSE(level("TEA-500", "A-01")->countable) << "one slot of the bin is not read yet";
  weigh(*shelf, 100 + 3 * 500, "A-01-right");
  weigh(*shelf, 100, "A-02-rice");
  settle(*shelf);
  auto tea = level("TEA-500", "A-01");
  ASSERT_TRUE(tea.has_value());
  EXPECT_TRUE(tea->countable);
  EXPECT_EQ(tea->weighed, 7);
  EXPECT_EQ(tea->book, 7);
  EXPECT_EQ(tea->min, 10);
  EXPECT_EQ(tea->slots, (std::vector<std::string>{"A-01-left", "A-01-right"}));
  EXPECT_EQ(level_text(*tea), "low");
  auto rice = level("RICE-5", "A-02");
  ASSERT_TRUE(rice.has_value());
  EXPECT_EQ(rice->weighed, 0);
  EXPECT_FALSE(rice->min.has_value()) << "a zone's threshold is about the whole zone, not this shelf";
  EXPECT_EQ(level_text(*rice), "-");

  weigh(*shelf, 100 + 3.5 * 500, "A-01-right");  // half a pack: needs attention
  settle(*shelf);
  EXPECT_EQ(shelf->slot("A-01-right")->status, SlotStatus::needs_attention);
  EXPECT_FALSE(level("TEA-500", "A-01")->countable);
  weigh(*shelf, 100 + 6 * 500, "A-01-right");
  settle(*shelf);
  EXPECT_EQ(level("TEA-500", "A-01")->weighed, 10);
  EXPECT_EQ(level_text(*level("TEA-500", "A-01")), "ok");
  weigh(*shelf, 100, "A-01-left");
  weigh(*shelf, 100, "A-01-right");
  settle(*shelf);
  EXPECT_EQ(level_text(*level("TEA-500", "A-01")), "empty");
}

// After a restart nothing counts until it is weighed again (nor are the last
// run's grams shown as current), and a slot that is no longer configured
// stops reporting the count it had.
TEST_F(ShelfTest, ARestartWaitsForReadingsAndRetiresRemovedSlots) {
  receive("TEA-500", 10, "A-01");
  auto shelf = make_shelf(500);
  weigh(*shelf, 100 + 10 * 500);
  settle(*shelf);
  ASSERT_EQ(stored("A-01-tea")->count, 10);
  ASSERT_EQ(stored("A-01-tea")->grams, 100 + 10 * 500);
  shelf.reset();

  shelf = make_shelf(500);
  EXPECT_EQ(stored("A-01-tea")->status, "waiting");
  EXPECT_FALSE(stored("A-01-tea")->count.has_value());
  EXPECT_FALSE(stored("A-01-tea")->grams.has_value());
  EXPECT_FALSE(level("TEA-500", "A-01")->countable);
  shelf.reset();

  SlotSpec rice;
  rice.id = "A-02-rice";
  rice.item = "RICE-5";
  rice.bin = "A-02";
  rice.rules.unit_g = 5000;
  auto other = std::make_shared<Shelf>(*engine_, clock_, std::vector<SlotSpec>{rice}, ShelfOptions{});
  ASSERT_TRUE(other->load().is_ok());
  EXPECT_EQ(stored("A-01-tea")->status, "unconfigured");
  EXPECT_FALSE(level("TEA-500", "A-01").has_value()) << "no longer a shelf";
  EXPECT_TRUE(level("RICE-5", "A-02").has_value());
}

// A reload changes what slots count with: a new tare counts from the next
// stable reading, a calibration outranks a configured unit weight, and a slot
// given another item and bin starts afresh in its new group.
TEST_F(ShelfTest, ReconfiguredSlotsCountWithTheirNewRules) {
  receive("TEA-500", 5, "A-01");
  auto shelf = make_shelf(500);
  weigh(*shelf, 100 + 5 * 500);
  settle(*shelf);
  ASSERT_EQ(shelf->slot("A-01-tea")->count, 5);

  SlotSpec spec;
  spec.id = "A-01-tea";
  spec.item = "TEA-500";
  spec.bin = "A-01";
  spec.rules.tare_g = 600;  // a heavier tray
  spec.rules.unit_g = 500;
  spec.rules.tolerance = 0.2;
  spec.rules.band_g = 5;
  spec.rules.window_ms = 1000;
  ASSERT_TRUE(shelf->reconfigure({spec}).is_ok());
  weigh(*shelf, 600 + 5 * 500);
  settle(*shelf);
  EXPECT_EQ(shelf->slot("A-01-tea")->count, 5);
  EXPECT_DOUBLE_EQ(stored("A-01-tea")->tare_g, 600);
  EXPECT_EQ(shelf->pending(), 0u) << "the same five packs on a heavier tray";

  // Calibrated at 250 g a unit: a configured unit weight does not override it.
  auto cal = engine_->run<SlotRecord>([](inventory::Tx& tx) { return calibrate_slot(tx, "A-01-tea", 10, "tech"); });
  ASSERT_TRUE(cal.is_ok()) << cal.status().to_string();
  clock_.advance(6s);
  settle(*shelf);
  settle(*shelf);
  spec.rules.unit_g = 400;
  spec.rules.tolerance = 0.1;
  ASSERT_TRUE(shelf->reconfigure({spec}).is_ok());
  weigh(*shelf, 600 + 7 * 250);
  settle(*shelf);
  EXPECT_EQ(shelf->slot("A-01-tea")->count, 7);
  EXPECT_DOUBLE_EQ(shelf->slot("A-01-tea")->unit_g, 250);

  // Now the slot holds rice in A-02: waiting, then counted in its new group;
  // the tea calibration is dropped with the tea.
  spec.item = "RICE-5";
  spec.bin = "A-02";
  spec.rules.unit_g = 5000;
  ASSERT_TRUE(shelf->reconfigure({spec}).is_ok());
  EXPECT_EQ(shelf->slot("A-01-tea")->status, SlotStatus::waiting);
  EXPECT_FALSE(shelf->slot("A-01-tea")->count.has_value());
  settle(*shelf);
  EXPECT_EQ(stored("A-01-tea")->sku, "RICE-5");
  EXPECT_FALSE(stored("A-01-tea")->calibrated_unit_g.has_value());
  weigh(*shelf, 600 + 2 * 5000);
  settle(*shelf);
  EXPECT_EQ(shelf->slot("A-01-tea")->count, 2);
  EXPECT_DOUBLE_EQ(shelf->slot("A-01-tea")->unit_g, 5000);
  EXPECT_FALSE(level("TEA-500", "A-01").has_value());
  ASSERT_TRUE(level("RICE-5", "A-02").has_value());
  EXPECT_EQ(level("RICE-5", "A-02")->weighed, 2);
  EXPECT_EQ(shelf->pending(), 1u) << "two sacks the books do not know of yet";

  spec.id = "another";
  EXPECT_EQ(shelf->reconfigure({spec}).code(), Errc::invalid_argument);
  EXPECT_EQ(shelf->reconfigure({}).code(), Errc::invalid_argument);
}

// Moving one slot elsewhere regroups the shelf; a change of another group
// still waiting for the ledger (its check perhaps in flight) carries on and
// is confirmed once.
TEST_F(ShelfTest, APendingChangeOfAnUnchangedGroupSurvivesARegrouping) {
  receive("TEA-500", 5, "A-01");
  std::vector<SlotSpec> specs;
  for (const char* id : {"A-01-tea", "A-02-rice"}) {
    SlotSpec s;
    s.id = id;
    s.item = std::string(id) == "A-01-tea" ? "TEA-500" : "RICE-5";
    s.bin = std::string(id) == "A-01-tea" ? "A-01" : "A-02";
    s.rules.tare_g = 100;
    s.rules.unit_g = 500;
    s.rules.tolerance = 0.2;
    s.rules.band_g = 5;
    s.rules.window_ms = 1000;
    specs.push_back(s);
  }
  ShelfOptions o;
  o.match_window_ms = 60000;
  auto shelf = std::make_shared<Shelf>(*engine_, clock_, specs, o);
  ASSERT_TRUE(shelf->load().is_ok());
  weigh(*shelf, 100 + 5 * 500);
  settle(*shelf);
  weigh(*shelf, 100 + 4 * 500);  // one pack gone; its check is submitted now
  specs[1].bin = "A-03";
  ASSERT_TRUE(shelf->reconfigure(specs).is_ok());
  settle(*shelf);
  EXPECT_EQ(shelf->pending(), 1u) << "still waiting for the ledger";
  inventory::DocumentRequest issue;
  issue.type = inventory::DocType::issue;
  issue.from = "A-01";
  issue.lines = {line("TEA-500", 1)};
  ASSERT_TRUE(engine_->post(issue).is_ok());
  clock_.advance(2s);
  settle(*shelf);
  settle(*shelf);
  EXPECT_EQ(shelf->pending(), 0u);
  EXPECT_EQ(events_of("weight.confirmed").size(), 1u);
  EXPECT_EQ(stored("A-02-rice")->bin, "A-03");
}

}  // namespace
}  // namespace jxc::weight
