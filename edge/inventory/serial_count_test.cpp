// Counting serial-tracked items by serial (盘点 by 序列号): a count round
// names the units found; the report says which units the book has that were
// not found and which were found that the book does not have here; the
// approval writes off the one and books in the other, by serial.
#include <gtest/gtest.h>

#include "edge/inventory/count_workflow.h"
#include "edge/inventory/serials.h"
#include "edge/inventory/stock_count.h"
#include "edge/inventory/test_store.h"

namespace jxc::inventory::testing {
namespace {

using Serials = std::vector<std::string>;

class SerialCount : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    seed();
    seed_serial_items();
  }
  void receive_serials(const std::string& bin, Serials serials) {
    DocumentRequest r;
    r.type = DocType::receipt;
    r.to = bin;
    r.source = "test";
    r.lines.push_back(serial_line("PHONE-1", std::move(serials)));
    auto done = engine_->post(r);
    ASSERT_TRUE(done.is_ok()) << done.status().to_string();
  }
  std::string open(std::vector<std::string> bins) {
    CountOpen o;
    o.locations = std::move(bins);
    o.opened_by = "alice";
    auto c = engine_->open_count(o);
    EXPECT_TRUE(c.is_ok()) << c.status().to_string();
    return c.is_ok() ? c->number : "";
  }
  Result<DocumentResult> count(const std::string& number, const std::string& bin, Serials found) {
    CountEntry e;
    e.count = number;
    e.location = bin;
    e.counter = "bob";
    if (!found.empty()) {
      DocLine l = serial_line("PHONE-1", std::move(found));
      e.lines.push_back(l);
    }
    return engine_->record_count(e);
  }
  CountLine report_line(const std::string& number, const std::string& bin) {
    auto rep = q().count_report(number);
    EXPECT_TRUE(rep.is_ok()) << rep.status().to_string();
    if (rep)
      for (const auto& l : rep->lines)
        if (l.location == bin && l.sku == "PHONE-1") return l;
    ADD_FAILURE() << "no line for PHONE-1 at " << bin;
    return {};
  }
  Serials in_stock_at(const std::string& bin) { return serials_in_stock("PHONE-1", bin); }
  std::string status_of(const std::string& serial) {
    auto s = q().serial("PHONE-1", serial);
    return s ? s->location + " " + s->status : s.status().to_string();
  }
};

// Three units booked, three counted: the figures agree, the units do not.
// The approval writes off the unit not found and books in the unit found.
TEST_F(SerialCount, TheApprovalWritesOffTheUnitsNotFoundAndBooksInThoseFound) {
  receive_serials("A-01", {"SN-1", "SN-2", "SN-3"});
  const std::string c = open({"A-01"});
  ASSERT_TRUE(count(c, "A-01", {"SN-9", "SN-1", "SN-2"}).is_ok());
  CountLine l = report_line(c, "A-01");
  EXPECT_EQ(l.book, 3);
  EXPECT_EQ(l.counted, 3);
  EXPECT_EQ(l.variance, 0);
  EXPECT_EQ(l.found, Serials{"SN-9"});
  EXPECT_EQ(l.missing, Serials{"SN-3"});
  EXPECT_FALSE(l.serials_unknown);

  auto a = engine_->approve_count(c, "carol", false);
  ASSERT_TRUE(a.is_ok()) << a.status().to_string();
  EXPECT_EQ(in_stock_at("A-01"), (Serials{"SN-1", "SN-2", "SN-9"}));
  EXPECT_EQ(status_of("SN-3"), "@ADJUSTMENT written_off");
  EXPECT_EQ(on_hand("PHONE-1", "A-01"), 3);
  auto doc = q().document(c);
  ASSERT_TRUE(doc.is_ok());
  ASSERT_EQ(doc->lines.size(), 2u);
  EXPECT_EQ(doc->lines[0].qty, -1);
  EXPECT_EQ(doc->lines[0].serials, Serials{"SN-3"});
  EXPECT_EQ(doc->lines[1].qty, 1);
  EXPECT_EQ(doc->lines[1].serials, Serials{"SN-9"});
  expect_consistent();
}

// A unit booked in one bin of the count and found in another leaves the
// first before it enters the second, whatever order the bins come in.
TEST_F(SerialCount, AUnitFoundInAnotherBinOfTheCountIsMovedThere) {
  receive_serials("A-01", {"SN-1"});
  receive_serials("A-02", {"SN-2"});
  const std::string c = open({"A-01", "A-02"});
  ASSERT_TRUE(count(c, "A-01", {"SN-1", "SN-2"}).is_ok());
  ASSERT_TRUE(count(c, "A-02", {}).is_ok());
  EXPECT_EQ(report_line(c, "A-01").found, Serials{"SN-2"});
  EXPECT_EQ(report_line(c, "A-02").missing, Serials{"SN-2"});
  auto unforced = engine_->approve_count(c, "carol", false);
  EXPECT_EQ(unforced.status().code(), Errc::invalid_state) << "a variance above tolerance awaits a recount";
  auto a = engine_->approve_count(c, "carol", true);
  ASSERT_TRUE(a.is_ok()) << a.status().to_string();
  EXPECT_EQ(in_stock_at("A-01"), (Serials{"SN-1", "SN-2"}));
  EXPECT_TRUE(in_stock_at("A-02").empty());
  expect_consistent();
}

TEST_F(SerialCount, ARoundNamesOneSerialPerUnitFoundAndEachUnitOnce) {
  receive_serials("A-01", {"SN-1", "SN-2"});
  const std::string c = open({"A-01"});
  CountEntry e;
  e.count = c;
  e.location = "A-01";
  e.counter = "bob";
  e.lines = {line("PHONE-1", 2)};
  auto none = engine_->record_count(e);
  EXPECT_EQ(none.status().code(), Errc::invalid_argument);
  EXPECT_NE(none.status().reason().find("serial-tracked"), std::string::npos) << none.status().reason();
  e.lines = {serial_line("PHONE-1", {"SN-1"})};
  e.lines[0].qty = 2;
  EXPECT_EQ(engine_->record_count(e).status().code(), Errc::invalid_argument);
  e.lines = {serial_line("PHONE-1", {"SN-1"}), serial_line("PHONE-1", {"SN-1"})};
  auto twice = engine_->record_count(e);
  EXPECT_EQ(twice.status().code(), Errc::invalid_argument);
  EXPECT_NE(twice.status().reason().find("counted twice"), std::string::npos) << twice.status().reason();
  // An item not tracked by serial is counted without serials.
  e.lines = {serial_line("TEA-500", {"X-1"})};
  EXPECT_EQ(engine_->record_count(e).status().code(), Errc::invalid_argument);
  // None found names none.
  e.lines = {line("PHONE-1", 0)};
  ASSERT_TRUE(engine_->record_count(e).is_ok());
  EXPECT_EQ(report_line(c, "A-01").missing, (Serials{"SN-1", "SN-2"}));
}

// The line-by-line entry (the HTTP API's) sets the units found of the item
// in the bin's round, replacing what it recorded before.
TEST_F(SerialCount, ALineEnteredAgainReplacesTheUnitsItFound) {
  receive_serials("A-01", {"SN-1", "SN-2"});
  const std::string c = open({"A-01"});
  CountLineEntry e;
  e.count = c;
  e.location = "A-01";
  e.counter = "bob";
  e.sku = "PHONE-1";
  e.qty = 2;
  e.serials = {"SN-2", "SN-7"};
  auto first = engine_->run<CountLineResult>([&e](Tx& tx) { return record_count_line(tx, e); });
  ASSERT_TRUE(first.is_ok()) << first.status().to_string();
  EXPECT_EQ(report_line(c, "A-01").found, Serials{"SN-7"});
  e.serials = {"SN-1", "SN-2"};
  ASSERT_TRUE(engine_->run<CountLineResult>([&e](Tx& tx) { return record_count_line(tx, e); }).is_ok());
  CountLine l = report_line(c, "A-01");
  EXPECT_TRUE(l.found.empty());
  EXPECT_TRUE(l.missing.empty());
  e.serials = {"SN-1"};
  auto short_list = engine_->run<CountLineResult>([&e](Tx& tx) { return record_count_line(tx, e); });
  EXPECT_EQ(short_list.status().code(), Errc::invalid_argument);
}

// Which units differ is known only for the units booked when the bin was
// counted: a movement at the bin since stops the approval, forced or not,
// until the bin is counted again.
TEST_F(SerialCount, AUnitThatMovedAfterItsBinWasCountedStopsTheApprovalUntilARecount) {
  receive_serials("A-01", {"SN-1", "SN-2"});
  const std::string c = open({"A-01"});
  ASSERT_TRUE(count(c, "A-01", {"SN-1"}).is_ok());
  DocumentRequest out;
  out.type = DocType::issue;
  out.from = "A-01";
  out.lines = {serial_line("PHONE-1", {"SN-1"})};
  ASSERT_TRUE(engine_->post(out).is_ok());
  EXPECT_TRUE(report_line(c, "A-01").serials_unknown);
  auto a = engine_->approve_count(c, "carol", true);
  ASSERT_FALSE(a.is_ok());
  EXPECT_EQ(a.status().code(), Errc::invalid_state);
  EXPECT_NE(a.status().reason().find("recount the bin by serial"), std::string::npos) << a.status().reason();
  EXPECT_EQ(on_hand("PHONE-1", "A-01"), 1);

  auto asked = engine_->run<std::vector<std::string>>(
      [&c](Tx& tx) { return request_recount(tx, c, {}, "carol"); });
  ASSERT_TRUE(asked.is_ok()) << asked.status().to_string();
  EXPECT_EQ(*asked, std::vector<std::string>{"A-01"});
  ASSERT_TRUE(count(c, "A-01", {}).is_ok());  // SN-2 is not there either
  CountLine l = report_line(c, "A-01");
  EXPECT_FALSE(l.serials_unknown);
  EXPECT_EQ(l.missing, Serials{"SN-2"});
  ASSERT_TRUE(engine_->approve_count(c, "carol", true).is_ok());
  EXPECT_EQ(on_hand("PHONE-1", "A-01"), 0);
  EXPECT_EQ(status_of("SN-2"), "@ADJUSTMENT written_off");
  expect_consistent();
}

// A unit found here that the book has in stock in a bin outside the count
// cannot be booked in twice: the approval says where it is.
TEST_F(SerialCount, AUnitBookedInABinOutsideTheCountIsNotBookedInTwice) {
  receive_serials("A-02", {"SN-5"});
  const std::string c = open({"A-01"});
  ASSERT_TRUE(count(c, "A-01", {"SN-5"}).is_ok());
  auto a = engine_->approve_count(c, "carol", true);
  ASSERT_FALSE(a.is_ok());
  EXPECT_NE(a.status().reason().find("A-02"), std::string::npos) << a.status().reason();
  EXPECT_EQ(in_stock_at("A-02"), Serials{"SN-5"});
  EXPECT_TRUE(in_stock_at("A-01").empty());
  expect_consistent();
}

}  // namespace
}  // namespace jxc::inventory::testing
