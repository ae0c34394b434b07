// Scan workflows against a real store: every scenario drives a ScanProcessor
// with the bytes a scanner would send and checks the ledger it leaves.
#include "edge/scan/processor.h"

#include <gtest/gtest.h>

#include <thread>

#include "edge/inventory/device_performance.h"
#include "edge/inventory/test_store.h"

namespace jxc::scan {
namespace {

using namespace inventory;
using namespace inventory::testing;

const std::string GS = "\x1D";
// GS1-128 with AIM prefix: GTIN of TEA-500 (6901234567892 padded to 14).
const std::string kTea = "]C10106901234567892";
const std::string kRice = "]C10104006381333931";
const std::string kYogurt = "]C10109501101530003";  // lot-tracked item added below

class ScanFlow : public StoreTest {
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
  }
  void TearDown() override {
    proc_.reset();
    StoreTest::TearDown();
  }

  void order(OrderKind kind, const std::string& number, std::vector<OrderLine> lines) {
    Order o;
    o.kind = kind;
    o.number = number;
    o.lines = std::move(lines);
    Status s = engine_->upsert_order(o);
    ASSERT_TRUE(s.is_ok()) << s.to_string();
  }

  ScanResult ok(const std::string& scanner, const std::string& raw) {
    auto r = proc_->handle(scanner, raw);
    EXPECT_TRUE(r.accepted) << raw << ": " << r.message;
    return r;
  }
  ScanResult rejected(const std::string& scanner, const std::string& raw, const std::string& why) {
    auto r = proc_->handle(scanner, raw);
    EXPECT_FALSE(r.accepted) << raw << ": " << r.message;
    EXPECT_NE(r.message.find(why), std::string::npos) << raw << ": " << r.message;
    EXPECT_EQ(r.raw, raw);  // the raw scan is kept with every error
    return r;
  }
  Qty lot_on_hand(const std::string& sku, const std::string& bin, const std::string& lot) {
    auto b = q().stock(stock_of(sku, bin));
    EXPECT_TRUE(b.is_ok());
    Qty n = 0;
    for (const auto& x : *b)
      if (x.lot == lot) n += x.qty;
    return n;
  }

  std::unique_ptr<ScanProcessor> proc_;
};

TEST_F(ScanFlow, ReceiveAPurchaseOrderWithLotsAndExpiry) {
  order(OrderKind::expected_receipt, "PO-1001", {{"TEA-500", "", 13}, {"YOG-1", "", 30}});
  proc_->add_scanner({"dock-1", Mode::receive, "li.wei"});

  rejected("dock-1", kTea, "scan the expected receipt");
  ok("dock-1", "PO-1001");
  rejected("dock-1", kTea, "scan the bin you receive into");
  ok("dock-1", "]C0LOC:RECV-1");                       // bin label read as plain Code 128
  auto one = ok("dock-1", kTea);                      // +1
  EXPECT_FALSE(one.document.empty());
  ok("dock-1", kTea + "3712");                        // a case of 12 (AI 37)
  ok("dock-1", "%QTY:20");
  ok("dock-1", kYogurt + "17270630" "10LOT-A");       // expiry then lot, 20 keyed
  ok("dock-1", GS + "0109501101530003" "10LOT-B" + GS + "17270715" "3010");  // leading GS, AI 30
  rejected("dock-1", kRice, "RICE-5 is not on PO-1001");
  rejected("dock-1", kYogurt, "lot-tracked");
  rejected("dock-1", "]C10109501101530004", "bad check digit");
  rejected("dock-1", "NOISE#1", "not a known label, GTIN or SKU");

  EXPECT_EQ(on_hand("TEA-500", "RECV-1"), 13);
  EXPECT_EQ(lot_on_hand("YOG-1", "RECV-1", "LOT-A"), 20);
  EXPECT_EQ(lot_on_hand("YOG-1", "RECV-1", "LOT-B"), 10);
  auto o = q().order("PO-1001");
  ASSERT_TRUE(o.is_ok());
  EXPECT_EQ(o->lines[0].done, 13);
  EXPECT_EQ(o->lines[1].done, 30);
  auto doc = q().document(one.document);
  ASSERT_TRUE(doc.is_ok());
  EXPECT_EQ(doc->source, "li.wei");
  EXPECT_EQ(doc->order, "PO-1001");
  // The expiry from AI 17 is stored with the lot.
  EXPECT_EQ(*query_int(q(), "SELECT count(*) FROM lots WHERE lot='LOT-A' AND expiry='2027-06-30'"), 1);

  // Undo reverses the last receipt (10 of LOT-B).
  auto u = ok("dock-1", "%UNDO");
  EXPECT_NE(u.message.find("reversed"), std::string::npos);
  EXPECT_EQ(lot_on_hand("YOG-1", "RECV-1", "LOT-B"), 0);
  EXPECT_EQ(q().order("PO-1001")->lines[1].done, 20);

  auto recent = proc_->results().recent("dock-1", 100);
  ASSERT_EQ(recent.size(), 14u);
  EXPECT_EQ(recent.front().seq, 14u);
  EXPECT_EQ(recent[2].raw, "]C10109501101530004");
  EXPECT_FALSE(recent[2].accepted);
  expect_consistent();
}

// A serial-tracked handset: each unit's label carries its serial (AI 21),
// which receiving, moving and picking book; a label without one, a quantity
// of more than one, or a serial that is elsewhere is refused with the reason.
TEST_F(ScanFlow, SerialTrackedItemsAreBookedByTheSerialOnEachUnitsLabel) {
  seed_serial_items();
  const std::string phone = "]C10106901234555554";  // PHONE-1
  order(OrderKind::expected_receipt, "PO-2001", {{"PHONE-1", "", 3}});
  proc_->add_scanner({"dock-1", Mode::receive, ""});
  ok("dock-1", "PO-2001");
  ok("dock-1", "LOC:RECV-1");
  rejected("dock-1", phone, "scan its GS1 label with the serial (AI 21)");
  ok("dock-1", phone + "21SN1001");
  rejected("dock-1", phone + "21SN1001", "serial SN1001 of item PHONE-1 is already in stock at RECV-1");
  ok("dock-1", "%QTY:2");
  rejected("dock-1", phone + "21SN1003", "is one unit");
  ok("dock-1", "%QTY:1");
  ok("dock-1", phone + "21SN1002");
  EXPECT_EQ(on_hand("PHONE-1", "RECV-1"), 2);
  EXPECT_EQ(q().serial("PHONE-1", "SN1001")->location, "RECV-1");

  proc_->add_scanner({"mover", Mode::move, ""});
  ok("mover", "LOC:RECV-1");
  ok("mover", phone + "21SN1001");
  rejected("mover", phone + "21SN1001", "scanned already");
  ok("mover", "LOC:A-01");
  EXPECT_EQ(q().serial("PHONE-1", "SN1001")->location, "A-01");

  order(OrderKind::pick_list, "PL-2001", {{"PHONE-1", "", 1}});
  proc_->add_scanner({"picker", Mode::pick, ""});
  ok("picker", "PL-2001");
  ok("picker", "LOC:A-01");
  rejected("picker", phone + "21SN1002", "is at RECV-1, not in stock at A-01");
  ok("picker", phone + "21SN1001");
  auto shipped = q().serial("PHONE-1", "SN1001");
  ASSERT_TRUE(shipped.is_ok());
  EXPECT_EQ(shipped->status, "shipped");
  EXPECT_EQ(shipped->history.size(), 3u);
  expect_consistent();
}

// Counting by serial: each unit once, however often its label is read; the
// approval writes off the unit not found and books in the one found.
TEST_F(ScanFlow, ACountTakesEachSerialOnce) {
  seed_serial_items();
  const std::string phone = "]C10106901234555554";  // PHONE-1
  DocumentRequest in = receipt_into("A-01", "PHONE-1", 2);
  in.lines[0].serials = {"SN1", "SN2"};
  ASSERT_TRUE(engine_->post(in).is_ok());
  CountOpen req;
  req.locations = {"A-01"};
  req.opened_by = "manager";
  auto c = engine_->open_count(req);
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  proc_->add_scanner({"hand-1", Mode::count, "ann"});
  ok("hand-1", c->number);
  ok("hand-1", "LOC:A-01");
  ok("hand-1", phone + "21SN1");
  rejected("hand-1", phone + "21SN1", "scanned already");
  ok("hand-1", phone + "21SN3");  // SN2 is not there, SN3 is
  ok("hand-1", "%FINISH");
  auto report = q().count_report(c->number);
  ASSERT_TRUE(report.is_ok());
  ASSERT_EQ(report->lines.size(), 1u);
  EXPECT_EQ(report->lines[0].counted, 2);
  EXPECT_EQ(report->lines[0].variance, 0);
  EXPECT_EQ(report->lines[0].found, std::vector<std::string>{"SN3"});
  EXPECT_EQ(report->lines[0].missing, std::vector<std::string>{"SN2"});
  auto approved = engine_->approve_count(c->number, "boss", false);
  ASSERT_TRUE(approved.is_ok()) << approved.status().to_string();
  EXPECT_EQ(q().serial("PHONE-1", "SN3")->location, "A-01");
  EXPECT_EQ(q().serial("PHONE-1", "SN2")->status, "written_off");
  EXPECT_EQ(on_hand("PHONE-1", "A-01"), 2);
  expect_consistent();
}

TEST_F(ScanFlow, PickAgainstAPickListRejectsAWrongItem) {
  receive("TEA-500", 10, "A-01");
  receive("RICE-5", 10, "A-01");
  order(OrderKind::pick_list, "PL-7", {{"TEA-500", "", 2}});
  proc_->add_scanner({"picker", Mode::pick, ""});

  rejected("picker", "PO-1", "expected receipt scanned in pick mode");
  ok("picker", "PL-7");
  ok("picker", "LOC:A-01");
  ok("picker", kTea);
  auto wrong = rejected("picker", kRice, "RICE-5 is not on PL-7");
  EXPECT_EQ(wrong.kind, "item");
  ok("picker", "TEA-500");  // SKU barcode
  rejected("picker", kTea, "2 of 2 picked");
  ok("picker", "%FINISH");

  EXPECT_EQ(on_hand("TEA-500", "A-01"), 8);
  EXPECT_EQ(on_hand("RICE-5", "A-01"), 10);
  EXPECT_EQ(q().order("PL-7")->lines[0].done, 2);
  expect_consistent();
}

// A case's GTIN names the case: one scan receives the case's 24 units, a
// keyed or labelled count counts cases, and the line keeps "2 case".
TEST_F(ScanFlow, ACaseGtinReceivesTheCaseInBaseUnits) {
  Item tea{"TEA-500", "Green tea 500g", "EA", {"6901234567892"}, 520.0, false, 12.5};
  tea.packs = {{"case", 24, "16901234567899"}};
  ASSERT_TRUE(engine_->import_items({tea}).is_ok());
  order(OrderKind::expected_receipt, "PO-24", {{"TEA-500", "", 100}});
  proc_->add_scanner({"dock-1", Mode::receive, ""});
  ok("dock-1", "PO-24");
  ok("dock-1", "LOC:RECV-1");
  auto one = ok("dock-1", "]C10116901234567899");
  EXPECT_NE(one.message.find("received 1 case x TEA-500 (24 of 100"), std::string::npos) << one.message;
  ok("dock-1", "%QTY:2");
  ok("dock-1", "]C10116901234567899");
  ok("dock-1", kTea);  // one unit by the unit's own GTIN
  EXPECT_EQ(on_hand("TEA-500", "RECV-1"), 24 + 48 + 1);
  EXPECT_EQ(q().order("PO-24")->lines[0].done, 73);
  auto doc = q().document(one.document);
  ASSERT_TRUE(doc.is_ok());
  EXPECT_EQ(doc->lines[0].qty, 24);
  EXPECT_EQ(doc->lines[0].unit, "case");
  EXPECT_EQ(doc->lines[0].entered, "1");
  expect_consistent();
}

// A receiving scanner set to quarantine (到货验收 pending) books what it
// receives into the warehouse's quarantine bin, counted against the order.
TEST_F(ScanFlow, AQuarantiningScannerReceivesIntoTheQuarantineBin) {
  seed_quarantine();
  order(OrderKind::expected_receipt, "PO-30", {{"TEA-500", "", 10}});
  ScannerSetup setup{"dock-2", Mode::receive, ""};
  setup.receipt_inspection = inventory::Inspection::quarantine;
  proc_->add_scanner(setup);
  ok("dock-2", "PO-30");
  ok("dock-2", "LOC:RECV-1");
  auto r = ok("dock-2", kTea);
  EXPECT_EQ(on_hand("TEA-500", "RECV-1"), 0);
  EXPECT_EQ(on_hand("TEA-500", "Q-01"), 1);
  EXPECT_EQ(q().order("PO-30")->lines[0].done, 1);
  auto doc = q().document(r.document);
  ASSERT_TRUE(doc.is_ok());
  EXPECT_EQ(doc->lines[0].inspection, inventory::Inspection::quarantine);
  // Another scanner without the setting books where it is told.
  proc_->add_scanner({"dock-1", Mode::receive, ""});
  ok("dock-1", "PO-30");
  ok("dock-1", "LOC:RECV-1");
  ok("dock-1", kTea);
  EXPECT_EQ(on_hand("TEA-500", "RECV-1"), 1);
  expect_consistent();
}

TEST_F(ScanFlow, MoveHoldsItemsBetweenTwoBins) {
  receive("TEA-500", 5, "A-01");
  proc_->add_scanner({"mover", Mode::receive, ""});
  ok("mover", "%MOVE");
  EXPECT_EQ(proc_->mode("mover"), Mode::move);
  rejected("mover", kTea, "scan the from-bin first");
  ok("mover", "LOC:A-01");
  ok("mover", kTea + "373");
  ok("mover", kTea);
  ok("mover", kTea);
  ok("mover", "%UNDO");  // takes back the last held unit
  rejected("mover", "%FINISH", "still held");
  rejected("mover", "LOC:A-01", "the to-bin is the from-bin");
  rejected("mover", "LOC:A", "A is not a bin");
  auto done = ok("mover", "LOC:A-02");
  EXPECT_NE(done.message.find("to A-02"), std::string::npos);
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 1);
  EXPECT_EQ(on_hand("TEA-500", "A-02"), 4);

  // A move the stock cannot cover is refused and nothing moves.
  ok("mover", "LOC:A-01");
  ok("mover", "%QTY:5");
  ok("mover", kTea);
  rejected("mover", "LOC:A-03", "has 1, needs 5");
  EXPECT_EQ(on_hand("TEA-500", "A-03"), 0);
  expect_consistent();
}

TEST_F(ScanFlow, CountWithTwoCountersAMidCountMovementARecountAndApproval) {
  receive("TEA-500", 10, "A-01");
  receive("RICE-5", 4, "A-02");
  CountOpen req;
  req.locations = {"A"};
  req.tolerance_qty = 1;
  req.opened_by = "manager";
  auto c = engine_->open_count(req);
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  const std::string count = c->number;
  proc_->add_scanner({"hand-1", Mode::count, "ann"});
  proc_->add_scanner({"hand-2", Mode::count, "bo"});

  rejected("hand-1", "LOC:A-01", "scan the count sheet first");
  ok("hand-1", count);
  rejected("hand-1", "LOC:RECV-1", "RECV-1 is not part of count " + count);
  ok("hand-2", count);
  ok("hand-1", "LOC:A-01");
  auto seen = ok("hand-1", "%QTY:7");
  ok("hand-1", kTea);  // 7 counted; book is 10: beyond tolerance -> recount
  EXPECT_EQ(seen.message.find("10"), std::string::npos);  // blind: the book is never shown
  ok("hand-2", "LOC:A-02");
  ok("hand-2", kRice);
  ok("hand-2", kRice);
  ok("hand-2", "%UNDO");  // one scanned twice by mistake
  ok("hand-2", "LOC:A-03");  // records A-02 (1 rice), opens A-03
  ok("hand-2", "%FINISH");   // A-03 empty

  // A movement in the middle of the count: 3 rice leave A-02 after it was counted.
  DocumentRequest iss;
  iss.type = DocType::issue;
  iss.from = "A-02";
  iss.lines.push_back(line("RICE-5", 3));
  ASSERT_TRUE(engine_->post(iss).is_ok());
  ok("hand-1", "%FINISH");   // records A-01

  // are off by more than the tolerance: approval is refused.
  EXPECT_FALSE(engine_->approve_count(count, "manager", false).is_ok());
  // Recounts: A-01 really holds 7 (confirms the loss); A-02 now holds 1 (4 - 3 issued).
  ok("hand-2", "LOC:A-01");
  ok("hand-2", "%QTY:7");
  ok("hand-2", kTea);
  ok("hand-2", "LOC:A-02");
  ok("hand-2", kRice);
  ok("hand-2", "%FINISH");

  auto scope = q().count_scope(count);
  ASSERT_TRUE(scope.is_ok());
  EXPECT_EQ(*scope, (std::vector<std::string>{"A-01", "A-02", "A-03"}));
  auto rep = q().count_report(count);
  ASSERT_TRUE(rep.is_ok()) << rep.status().to_string();
  EXPECT_TRUE(rep->uncounted.empty());
  for (const auto& l : rep->lines) EXPECT_FALSE(l.recount) << l.location << " " << l.sku;
  auto ap = engine_->approve_count(count, "manager", false);
  ASSERT_TRUE(ap.is_ok()) << ap.status().to_string();
  // A counter still in the bin after approval is told, and is not stuck.
  ok("hand-1", "LOC:A-03");
  ok("hand-1", kTea);
  rejected("hand-1", "%FINISH", "A-03 not recorded");
  ok("hand-1", "%FINISH");
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 7);   // 盘亏 3
  EXPECT_EQ(on_hand("RICE-5", "A-02"), 1);    // the issue was not counted as a loss
  expect_consistent();
}

TEST_F(ScanFlow, ScannersScanAtTheSameTimeEachInItsOwnWorkflow) {
  order(OrderKind::expected_receipt, "PO-1", {{"TEA-500", "", 1000}});
  order(OrderKind::expected_receipt, "PO-2", {{"RICE-5", "", 1000}});
  proc_->add_scanner({"a", Mode::receive, ""});
  proc_->add_scanner({"b", Mode::receive, ""});
  auto clerk = [&](const std::string& id, const std::string& po, const std::string& bin,
                   const std::string& item) {
    proc_->handle(id, po);
    proc_->handle(id, bin);
    for (int i = 0; i < 25; ++i) proc_->handle(id, item);
  };
  std::thread a(clerk, "a", "PO-1", "LOC:A-01", kTea);
  std::thread b(clerk, "b", "PO-2", "LOC:A-02", kRice);
  a.join();
  b.join();
  for (const char* id : {"a", "b"})
    for (const auto& r : proc_->results().recent(id, 100)) EXPECT_TRUE(r.accepted) << id << ": " << r.message;
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 25);
  EXPECT_EQ(on_hand("RICE-5", "A-02"), 25);
  expect_consistent();
}

TEST_F(ScanFlow, CommandsAndLabelsRefusedOutOfPlace) {
  proc_->add_scanner({"s", Mode::receive, ""});
  rejected("s", "%QTY:0", "quantity must be");
  rejected("s", "PO-404", "no order");
  rejected("s", "LOC:Z-99", "no location");
  rejected("s", "%UNDO", "nothing to undo");
  rejected("s", "CNT-000001", "count sheet scanned in receive mode");
  rejected("s", "00106141412345678908", "labels a pallet");
  auto r = ok("s", "%COUNT");
  EXPECT_EQ(r.mode, Mode::count);
  EXPECT_EQ(r.kind, "command");
}

// Every scan is counted for the device report (inventory/device_records.h):
// accepted, or rejected under the code of the step that refused it.
TEST_F(ScanFlow, EachRejectedScanIsCountedUnderItsReason) {
  order(OrderKind::expected_receipt, "PO-7", {{"TEA-500", "", 5}, {"YOG-1", "", 5}});
  proc_->add_scanner({"dock-1", Mode::receive, "li.wei"});
  rejected("dock-1", kTea, "scan the expected receipt");  // out_of_sequence
  proc_->handle("dock-1", "PO-9");                         // no such order or label
  ok("dock-1", "PO-7");
  ok("dock-1", "]C0LOC:RECV-1");
  ok("dock-1", kTea);
  rejected("dock-1", kRice, "is not on PO-7");              // not_on_order
  rejected("dock-1", kYogurt, "lot-tracked");               // lot_or_serial
  rejected("dock-1", "]C10109501101530004", "check digit");  // bad_gs1
  rejected("dock-1", "NOISE#1", "not a known label");       // unknown_barcode
  proc_->handle("dock-1", "]C0LOC:NOWHERE");               // unknown_bin
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
