// Serial numbers on a real store: documents move the serials of
// serial-tracked items with their stock, refuse what is not where a line
// says, and reversal brings the same units back.
#include "edge/inventory/serials.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "edge/inventory/test_store.h"

namespace jxc::inventory::testing {
namespace {

using nlohmann::json;

class Serials : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    seed();
    seed_serial_items();
  }
  Result<DocumentResult> receive_serials(const std::string& bin, std::vector<std::string> serials,
                                         const std::string& sku = "PHONE-1", const std::string& lot = "") {
    DocumentRequest r;
    r.type = DocType::receipt;
    r.to = bin;
    r.source = "test";
    r.lines.push_back(serial_line(sku, std::move(serials), lot));
    return engine_->post(r);
  }
  Result<DocumentResult> move(DocType type, const std::string& from, const std::string& to,
                              std::vector<std::string> serials) {
    DocumentRequest r;
    r.type = type;
    r.from = from;
    r.to = to;
    r.source = "test";
    r.lines.push_back(serial_line("PHONE-1", std::move(serials)));
    return engine_->post(r);
  }
  std::string where(const std::string& serial, const std::string& sku = "PHONE-1") {
    auto s = q().serial(sku, serial);
    return s ? s->location + " " + s->status : s.status().to_string();
  }
  std::vector<std::string> in_stock_at(const std::string& location) { return serials_in_stock("PHONE-1", location); }
  json last_event() {
    auto st = q().db().prepare("SELECT payload FROM outbox ORDER BY seq DESC LIMIT 1");
    EXPECT_TRUE(st.is_ok());
    EXPECT_TRUE(*(*st)->step());
    return json::parse((*st)->text(0));
  }
};

TEST_F(Serials, ReceivedSerialsAreInStockWhereTheReceiptPutThem) {
  auto r = receive_serials("RECV-1", {"SN-001", "SN-002", "SN-003"});
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(on_hand("PHONE-1", "RECV-1"), 3);
  EXPECT_EQ(in_stock_at("RECV-1"), (std::vector<std::string>{"SN-001", "SN-002", "SN-003"}));
  auto s = q().serial("PHONE-1", "SN-002");
  ASSERT_TRUE(s.is_ok()) << s.status().to_string();
  EXPECT_EQ(s->location, "RECV-1");
  EXPECT_EQ(s->status, "in_stock");
  EXPECT_EQ(s->doc_number, r->number);
  ASSERT_EQ(s->history.size(), 1u);
  EXPECT_EQ(s->history[0].from, "@SUPPLIER");
  EXPECT_EQ(s->history[0].to, "RECV-1");
  EXPECT_EQ(s->history[0].doc_type, DocType::receipt);
  // The document keeps the line's serials, and its event carries them.
  auto v = q().document(r->number);
  ASSERT_TRUE(v.is_ok());
  EXPECT_EQ(v->lines[0].serials, (std::vector<std::string>{"SN-001", "SN-002", "SN-003"}));
  json e = last_event();
  EXPECT_EQ(e["document"]["lines"][0]["serials"], json({"SN-001", "SN-002", "SN-003"}));
  expect_consistent();
}

// Regression: the second serial of a line was recorded over the first one's
// text (a statement bound again without being rewound), so serials of
// different lengths came out as "P-4\0".
TEST_F(Serials, EverySerialOfALineIsRecordedAsGiven) {
  ASSERT_TRUE(receive_serials("A-01", {"LONG-SERIAL-22", "S3", "P-4"}).is_ok());
  EXPECT_EQ(in_stock_at("A-01"), (std::vector<std::string>{"LONG-SERIAL-22", "P-4", "S3"}));
  ASSERT_TRUE(move(DocType::transfer, "A-01", "A-02", {"S3", "LONG-SERIAL-22"}).is_ok());
  EXPECT_EQ(in_stock_at("A-02"), (std::vector<std::string>{"LONG-SERIAL-22", "S3"}));
  expect_consistent();
}

TEST_F(Serials, MovedAndIssuedSerialsFollowTheirDocuments) {
  ASSERT_TRUE(receive_serials("RECV-1", {"SN-1", "SN-2", "SN-3", "SN-4"}).is_ok());
  auto put = move(DocType::transfer, "RECV-1", "A-01", {"SN-2", "SN-3"});
  ASSERT_TRUE(put.is_ok()) << put.status().to_string();
  auto iss = move(DocType::issue, "A-01", "", {"SN-3"});
  ASSERT_TRUE(iss.is_ok()) << iss.status().to_string();
  auto scr = move(DocType::scrap, "RECV-1", "", {"SN-4"});
  ASSERT_TRUE(scr.is_ok()) << scr.status().to_string();
  EXPECT_EQ(where("SN-1"), "RECV-1 in_stock");
  EXPECT_EQ(where("SN-2"), "A-01 in_stock");
  EXPECT_EQ(where("SN-3"), "@CUSTOMER shipped");
  EXPECT_EQ(where("SN-4"), "@SCRAP scrapped");
  EXPECT_EQ(on_hand("PHONE-1", "RECV-1"), 1);
  EXPECT_EQ(on_hand("PHONE-1", "A-01"), 1);
  auto s = q().serial("PHONE-1", "SN-3");
  ASSERT_TRUE(s.is_ok());
  ASSERT_EQ(s->history.size(), 3u);
  EXPECT_EQ(s->history[1].doc_number, put->number);
  EXPECT_EQ(s->history[2].doc_number, iss->number);
  EXPECT_EQ(s->doc_number, iss->number);
  // An adjustment names the serial it finds or loses.
  DocumentRequest loss;
  loss.type = DocType::adjustment;
  loss.to = "A-01";
  loss.reason = "lost";
  DocLine l = serial_line("PHONE-1", {"SN-2"});
  l.qty = -1;
  loss.lines = {l};
  ASSERT_TRUE(engine_->post(loss).is_ok());
  EXPECT_EQ(where("SN-2"), "@ADJUSTMENT written_off");
  expect_consistent();
}

TEST_F(Serials, ASerialInStockCannotBeReceivedAgain) {
  ASSERT_TRUE(receive_serials("RECV-1", {"SN-1"}).is_ok());
  auto again = receive_serials("A-02", {"SN-7", "SN-1"});
  ASSERT_FALSE(again.is_ok());
  EXPECT_EQ(again.status().code(), Errc::conflict);
  EXPECT_NE(again.status().reason().find("serial SN-1 of item PHONE-1 is already in stock at RECV-1"),
            std::string::npos)
      << again.status().reason();
  // Nothing of the refused receipt is booked, SN-7 included.
  EXPECT_EQ(on_hand("PHONE-1", "A-02"), 0);
  EXPECT_FALSE(q().serial("PHONE-1", "SN-7").is_ok());
  // Twice on one line, or on two lines of one document, is refused too.
  EXPECT_EQ(receive_serials("A-02", {"SN-8", "SN-8"}).status().code(), Errc::invalid_argument);
  DocumentRequest two = receipt_into("A-02", "PHONE-1", 0);
  two.lines = {serial_line("PHONE-1", {"SN-9"}), serial_line("PHONE-1", {"SN-9"})};
  EXPECT_EQ(engine_->post(two).status().code(), Errc::conflict);
  // A serial that left may come back: a customer return puts it in stock.
  auto shipped = move(DocType::issue, "RECV-1", "", {"SN-1"});
  ASSERT_TRUE(shipped.is_ok());
  DocumentRequest ret;
  ret.type = DocType::customer_return;
  ret.to = "A-03";
  ret.ref_document = shipped->number;
  ret.lines = {serial_line("PHONE-1", {"SN-1"})};
  ASSERT_TRUE(engine_->post(ret).is_ok());
  EXPECT_EQ(where("SN-1"), "A-03 in_stock");
  expect_consistent();
}

TEST_F(Serials, ASerialThatIsNotAtTheSourceCannotLeaveIt) {
  ASSERT_TRUE(receive_serials("RECV-1", {"SN-1", "SN-2"}).is_ok());
  ASSERT_TRUE(receive_serials("A-01", {"SN-3"}).is_ok());
  auto elsewhere = move(DocType::issue, "RECV-1", "", {"SN-3"});
  ASSERT_FALSE(elsewhere.is_ok());
  EXPECT_EQ(elsewhere.status().code(), Errc::insufficient_stock);
  EXPECT_NE(elsewhere.status().reason().find("serial SN-3 of item PHONE-1 is at A-01, not in stock at RECV-1"),
            std::string::npos)
      << elsewhere.status().reason();
  auto unknown = move(DocType::transfer, "RECV-1", "A-02", {"SN-404"});
  ASSERT_FALSE(unknown.is_ok());
  EXPECT_NE(unknown.status().reason().find("has never been received"), std::string::npos)
      << unknown.status().reason();
  ASSERT_TRUE(move(DocType::issue, "RECV-1", "", {"SN-1"}).is_ok());
  auto gone = move(DocType::issue, "RECV-1", "", {"SN-1"});
  ASSERT_FALSE(gone.is_ok());
  EXPECT_NE(gone.status().reason().find("is shipped"), std::string::npos) << gone.status().reason();
  EXPECT_EQ(on_hand("PHONE-1", "RECV-1"), 1);
  expect_consistent();
}

TEST_F(Serials, LinesOfSerialTrackedItemsNameOneSerialPerUnitAndOthersNone) {
  auto none = engine_->post(receipt_into("RECV-1", "PHONE-1", 2));
  ASSERT_FALSE(none.is_ok());
  EXPECT_EQ(none.status().code(), Errc::invalid_argument);
  EXPECT_NE(none.status().reason().find("is serial-tracked"), std::string::npos) << none.status().reason();
  DocumentRequest short_of = receipt_into("RECV-1", "PHONE-1", 3);
  short_of.lines[0].serials = {"SN-1", "SN-2"};
  EXPECT_NE(engine_->post(short_of).status().reason().find("moves 3 unit(s) but names 2 serial(s)"),
            std::string::npos);
  DocumentRequest tea = receipt_into("RECV-1", "TEA-500", 1);
  tea.lines[0].serials = {"SN-1"};
  EXPECT_NE(engine_->post(tea).status().reason().find("not serial-tracked"), std::string::npos);
  EXPECT_EQ(receive_serials("RECV-1", {"has space"}).status().code(), Errc::invalid_argument);
  // Serial tracking cannot be switched once the item has been booked.
  ASSERT_TRUE(receive_serials("RECV-1", {"SN-1"}).is_ok());
  Item phone{"PHONE-1", "Handset", "EA", {"06901234555554"}, 180.0, false, 900};
  std::vector<RowError> errs;
  EXPECT_FALSE(engine_->import_items({phone}, &errs).is_ok());
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_NE(errs[0].reason.find("serial tracking cannot be turned off"), std::string::npos) << errs[0].reason;
  Item fractional{"CABLE-M", "Cable", "m", {}, std::nullopt, false, 1, 2};
  fractional.serial_tracked = true;
  errs.clear();
  EXPECT_FALSE(engine_->import_items({fractional}, &errs).is_ok());
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_NE(errs[0].reason.find("whole units"), std::string::npos) << errs[0].reason;
}

TEST_F(Serials, AReturnAgainstAnIssueTakesBackUnitsThatIssueMoved) {
  ASSERT_TRUE(receive_serials("A-01", {"SN-1", "SN-2", "SN-3"}).is_ok());
  auto iss = move(DocType::issue, "A-01", "", {"SN-1", "SN-2"});
  ASSERT_TRUE(iss.is_ok());
  ASSERT_TRUE(move(DocType::issue, "A-01", "", {"SN-3"}).is_ok());
  DocumentRequest ret;
  ret.type = DocType::customer_return;
  ret.to = "A-02";
  ret.ref_document = iss->number;
  ret.lines = {serial_line("PHONE-1", {"SN-3"})};
  auto wrong = engine_->post(ret);
  ASSERT_FALSE(wrong.is_ok());
  EXPECT_NE(wrong.status().reason().find("serial SN-3 of item PHONE-1 is not among those line 1"), std::string::npos)
      << wrong.status().reason();
  ret.lines = {serial_line("PHONE-1", {"SN-2"})};
  ASSERT_TRUE(engine_->post(ret).is_ok());
  EXPECT_EQ(where("SN-2"), "A-02 in_stock");
  expect_consistent();
}

TEST_F(Serials, ReversalBringsTheSameSerialsBack) {
  auto rcv = receive_serials("RECV-1", {"SN-1", "SN-2"});
  ASSERT_TRUE(rcv.is_ok());
  auto iss = move(DocType::issue, "RECV-1", "", {"SN-2"});
  ASSERT_TRUE(iss.is_ok());
  auto rev = engine_->reverse(iss->number, "wrong unit", "test");
  ASSERT_TRUE(rev.is_ok()) << rev.status().to_string();
  EXPECT_EQ(where("SN-2"), "RECV-1 in_stock");
  auto s = q().serial("PHONE-1", "SN-2");
  ASSERT_TRUE(s.is_ok());
  EXPECT_EQ(s->doc_number, rev->number);
  EXPECT_EQ(s->history.size(), 3u);
  auto v = q().document(rev->number);
  ASSERT_TRUE(v.is_ok());
  EXPECT_EQ(v->lines[0].serials, (std::vector<std::string>{"SN-2"}));
  // A receipt whose serials have since moved cannot be undone as it was.
  ASSERT_TRUE(move(DocType::transfer, "RECV-1", "A-01", {"SN-1"}).is_ok());
  auto refused = engine_->reverse(rcv->number, "", "test");
  ASSERT_FALSE(refused.is_ok());
  EXPECT_NE(refused.status().reason().find("SN-1"), std::string::npos) << refused.status().reason();
  ASSERT_TRUE(move(DocType::transfer, "A-01", "RECV-1", {"SN-1"}).is_ok());
  ASSERT_TRUE(engine_->reverse(rcv->number, "", "test").is_ok());
  EXPECT_EQ(where("SN-1"), "@SUPPLIER returned");
  EXPECT_EQ(on_hand("PHONE-1", "RECV-1"), 0);
  expect_consistent();
}

TEST_F(Serials, ADraftPostsTheSerialsItWasWrittenWith) {
  DocumentRequest r;
  r.type = DocType::receipt;
  r.to = "A-01";
  r.lines = {serial_line("METER-L", {"M-1", "M-2"}, "L7")};
  r.lines[0].expiry = "2030-01-01";
  auto d = engine_->create(r);
  ASSERT_TRUE(d.is_ok()) << d.status().to_string();
  auto p = engine_->post_document(d->number);
  ASSERT_TRUE(p.is_ok()) << p.status().to_string();
  EXPECT_EQ(where("M-1", "METER-L"), "A-01 in_stock");
  auto s = q().serial("METER-L", "M-2");
  ASSERT_TRUE(s.is_ok());
  EXPECT_EQ(s->lot, "L7");
  // Taken out under another lot, it is not there.
  DocumentRequest out;
  out.type = DocType::issue;
  out.from = "A-01";
  out.lines = {serial_line("METER-L", {"M-1"}, "L8")};
  auto wrong_lot = engine_->post(out);
  ASSERT_FALSE(wrong_lot.is_ok());
  EXPECT_NE(wrong_lot.status().reason().find("is in lot L7"), std::string::npos) << wrong_lot.status().reason();
  expect_consistent();
}

TEST_F(Serials, AnItemsSerialsAreListedByLocationAndStatus) {
  ASSERT_TRUE(receive_serials("A-01", {"SN-1", "SN-2"}).is_ok());
  ASSERT_TRUE(receive_serials("A-02", {"SN-3"}).is_ok());
  ASSERT_TRUE(move(DocType::issue, "A-02", "", {"SN-3"}).is_ok());
  EXPECT_EQ(in_stock_at("A"), (std::vector<std::string>{"SN-1", "SN-2"}));  // the zone takes its bins
  EXPECT_TRUE(in_stock_at("A-02").empty());
  SerialFilter all;
  all.sku = "PHONE-1";
  auto every = q().serials(all);
  ASSERT_TRUE(every.is_ok());
  EXPECT_EQ(every->size(), 3u);
  all.after = "SN-1";
  all.limit = 1;
  auto page = q().serials(all);
  ASSERT_TRUE(page.is_ok());
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].serial, "SN-2");
  EXPECT_EQ(q().serial("PHONE-1", "SN-9").status().code(), Errc::unknown_item);
  EXPECT_EQ(q().serial("NOPE", "SN-1").status().code(), Errc::unknown_item);
}

}  // namespace
}  // namespace jxc::inventory::testing
