// The reports over a period against an independent recomputation: months of
// random documents in a zone with summer time, then the movement summary and
// the stock value as of past days, by item, location and warehouse, from
// the engine and from tests/reports/recompute_reports.py (Python, the raw
// ledger rows, zoneinfo), which must agree to the unit and the ten-thousandth.
// The daily totals behind them are checked with nothing folded, all folded,
// folded in slices, and after the site's zone changed.
#include "edge/inventory/stock_reports.h"

#include "edge/inventory/reports_test_fixture.h"

namespace jxc::inventory::testing {
namespace {

TEST_F(Reports, AgreeWithARecomputationFromTheRawLedger) {
  const TimeMs start = clock_.now_ms();
  random_documents(900, 7);
  const TimeMs end = clock_.now_ms();
  ASSERT_GT(end - start, 90 * 24 * kHour);  // months, across the end of summer time
  // The tail is whatever the writer left unfolded; read it both ways.
  const std::string a = day_of(start + 20 * 24 * kHour), b = day_of(start + 50 * 24 * kHour);
  expect_reports_agree(a, b);
  expect_reports_agree(day_of(start), day_of(end));
  expect_reports_agree(b, b);
  expect_reports_agree(day_of(start - 24 * kHour), day_of(start - 24 * kHour));  // before the first movement
  // Periods that begin or end at movements of the first hours after local
  // midnight, which a day counted in UTC would put on the day before.
  const auto near_midnight = just_after_midnight();
  ASSERT_GE(near_midnight.size(), 2u);
  for (std::size_t i = 0; i < near_midnight.size() && i < 3; ++i) {
    const std::string d = format_day(near_midnight[i]);
    expect_reports_agree(d, d);
    expect_reports_agree(format_day(near_midnight[i] - 1), format_day(near_midnight[i] - 1));
  }
  check_with_python();

  // Everything folded, every month before the newest day closed: the
  // month ends and the days since.
  EngineTuning all = tuned(0);
  all.external_poll_ms = 10;
  reopen(all);
  ASSERT_TRUE(engine_->post(receipt_into("A-01", "CUP-S", 1)).is_ok());
  EXPECT_EQ(*q().db().query_int("SELECT days_through FROM stock_stamp"),
            *q().db().query_int("SELECT max(id) FROM movements"));
  ASSERT_TRUE(wait_months_closed());
  EXPECT_GE(*q().db().query_int("SELECT count(DISTINCT month_end) FROM stock_months"), 3);
  expect_reports_agree(a, b);
  expect_reports_agree(day_of(start), day_of(clock_.now_ms()));
  expect_reports_agree(day_of(start + 35 * 24 * kHour), day_of(start + 70 * 24 * kHour));
  check_with_python();

  // A movement dated back into a closed month reaches it and every later one.
  DocumentRequest late = receipt_into("A-02", "TEA-500", 7);
  late.lines[0].unit_cost = 123456;
  late.occurred_at = start + 40 * 24 * kHour;
  ASSERT_TRUE(engine_->post(late).is_ok());
  ASSERT_TRUE(wait_months_closed());
  EXPECT_TRUE(q().verify().is_ok()) << q().verify().to_string();
  expect_reports_agree(day_of(start + 50 * 24 * kHour), day_of(start + 80 * 24 * kHour));
  expect_reports_agree(day_of(start + 40 * 24 * kHour), day_of(start + 40 * 24 * kHour));
  check_with_python();
}

TEST_F(Reports, AgreeWhenItemNumbersAreFarApart) {
  add_far_item();
  const TimeMs start = clock_.now_ms();
  far_item_documents(20);
  const TimeMs end = clock_.now_ms();
  expect_reports_agree(day_of(start), day_of(end));
  expect_reports_agree(day_of(start + 5 * 24 * kHour), day_of(end));
  check_with_python();
  MovementSummaryFilter f;
  f.first = local_day(start, zone_);
  f.last = local_day(end, zone_);
  f.by = ValueBy::location;
  auto rows = movement_summary(q(), f, zone_);
  ASSERT_TRUE(rows.is_ok());
  ASSERT_GE(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].place, "A-01");
  EXPECT_EQ((*rows)[0].sku, "AAA-FAR");
  EXPECT_EQ((*rows)[0].name, "远号商品");
  EXPECT_EQ((*rows)[0].closing.qty, 6 + 8 - 3);
}

TEST_F(Reports, MonthEndsAreTheMonthBeforePlusTheDaysBetween) {
  EngineTuning t = tuned(0);
  t.external_poll_ms = 10;
  reopen(t);
  random_documents(800, 17);  // about three months
  ASSERT_TRUE(engine_->post(receipt_into("A-01", "CUP-S", 1)).is_ok());
  ASSERT_TRUE(wait_months_closed());
  const std::int64_t closed = *q().db().query_int("SELECT months_through FROM stock_stamp");
  EXPECT_EQ(closed, last_of_month(static_cast<DayNumber>(closed)));
  EXPECT_TRUE(q().verify().is_ok()) << q().verify().to_string();
  // Each month's rows against the ledger's movements up to its end.
  auto st = q().db().prepare("SELECT DISTINCT month_end FROM stock_months ORDER BY 1");
  ASSERT_TRUE(st.is_ok());
  int months = 0;
  while (*(*st)->step()) {
    const auto end = static_cast<DayNumber>((*st)->int64(0));
    using Stock = std::map<Position, std::pair<Qty, Money>>;
    auto into = [](Stock* s) {
      return [s](const Position& p, const Amount& a) {
        (*s)[p].first += a.qty;
        (*s)[p].second += a.value;
        return true;
      };
    };
    Stock from_days, kept;
    ASSERT_TRUE(q().db().exec("BEGIN").is_ok());
    // Read as a report would, and each daily row up to the month's end.
    PeriodSink as_read{into(&from_days), [](const DayKey&, const DayTotals&) { return true; }};
    ASSERT_TRUE(read_period(q().db(), {end + 1, end, 0}, zone_, as_read).is_ok());
    ASSERT_TRUE(q().db().exec("COMMIT").is_ok());
    ASSERT_TRUE(read_month_end(q().db(), end, 0, into(&kept)).is_ok());
    Stock summed;
    auto days = q().db().prepare("SELECT item_id, location_id, lot, sum(qty_in-qty_out), sum(value_in-value_out) "
                                 "FROM stock_days WHERE day<=?1 GROUP BY 1, 2, 3");
    ASSERT_TRUE(days.is_ok());
    (*days)->bind_all(static_cast<std::int64_t>(end));
    while (*(*days)->step())
      summed[Position{(*days)->int64(0), (*days)->int64(1), (*days)->text(2)}] = {(*days)->int64(3), (*days)->int64(4)};
    for (Stock* s : {&from_days, &kept, &summed})
      std::erase_if(*s, [](const auto& e) { return e.second == std::pair<Qty, Money>{0, 0}; });
    EXPECT_EQ(kept, summed) << format_day(end);
    EXPECT_EQ(from_days, summed) << format_day(end);
    ++months;
  }
  EXPECT_GE(months, 3);
  // A month's row changed by hand is caught, naming the month.
  {
    auto db = store::Db::open(store_path_, {});
    ASSERT_TRUE(db.is_ok());
    ASSERT_TRUE((*db)->exec("UPDATE stock_months SET value=value+1 "
                            "WHERE month_end=(SELECT min(month_end) FROM stock_months)")
                    .is_ok());
  }
  auto v = q().verify();
  EXPECT_EQ(v.code(), Errc::storage);
  EXPECT_NE(v.reason().find("at the end of"), std::string::npos) << v.to_string();
}

TEST_F(Reports, TheDailyTotalsAreTheLedgerSumsHoweverTheyWereFolded) {
  reopen(tuned(1'000'000'000, 7));
  random_documents(300, 11);
  auto sums_agree = [&] {
    // Rows plus tail (the reader) equal the ledger's sums per item, location and kind.
    auto& db = q().db();
    std::map<std::tuple<std::int64_t, std::int64_t, std::string>, std::pair<Qty, Money>> mine, ledger;
    PeriodSink every_day;
    every_day.opening = [](const Position&, const Amount&) { return false; };  // no day is before the first
    every_day.day = [&](const DayKey& k, const DayTotals& t) {
      auto& m = mine[{k.item_id, k.location_id, k.kind}];
      m.first += t.qty_in - t.qty_out;
      m.second += t.value_in - t.value_out;
      return true;
    };
    ASSERT_TRUE(db.exec("BEGIN").is_ok());
    auto read = read_period(
        db, {std::numeric_limits<DayNumber>::min(), std::numeric_limits<DayNumber>::max(), 0}, zone_, every_day);
    ASSERT_TRUE(db.exec("COMMIT").is_ok());
    ASSERT_TRUE(read.is_ok()) << read.to_string();
    auto st = db.prepare(
        "SELECT item_id, loc, type, sum(q), sum(v) FROM ("
        " SELECT m.item_id, m.to_location AS loc, d.type, m.qty AS q, m.value AS v FROM movements m"
        "  JOIN documents d ON d.id=m.doc_id JOIN locations l ON l.id=m.to_location WHERE l.kind<>'virtual'"
        " UNION ALL SELECT m.item_id, m.from_location, d.type, -m.qty, -m.value FROM movements m"
        "  JOIN documents d ON d.id=m.doc_id JOIN locations l ON l.id=m.from_location WHERE l.kind<>'virtual')"
        " GROUP BY 1, 2, 3");
    ASSERT_TRUE(st.is_ok());
    while (*(*st)->step()) ledger[{(*st)->int64(0), (*st)->int64(1), (*st)->text(2)}] = {(*st)->int64(3), (*st)->int64(4)};
    std::erase_if(mine, [](const auto& e) { return e.second == std::pair<Qty, Money>{0, 0}; });
    std::erase_if(ledger, [](const auto& e) { return e.second == std::pair<Qty, Money>{0, 0}; });
    EXPECT_EQ(mine, ledger);
  };
  // Seven movements a batch: the folding lags the ledger.
  EXPECT_LT(*q().db().query_int("SELECT days_through FROM stock_stamp"),
            *q().db().query_int("SELECT max(id) FROM movements"));
  EXPECT_EQ(zone_mark(), kZone);
  sums_agree();
  // Slices of seven, a batch at a time, until none is left.
  reopen(tuned(1'000'000'000, 7));
  const std::int64_t newest = *q().db().query_int("SELECT max(id) FROM movements");
  for (int i = 0; i < 200 && *q().db().query_int("SELECT days_through FROM stock_stamp") < newest; ++i) {
    auto r = engine_->post(receipt_into("A-01", "CUP-S", 1));
    ASSERT_TRUE(r.is_ok());
    sums_agree();
  }
  EXPECT_GE(*q().db().query_int("SELECT days_through FROM stock_stamp"), newest);
  sums_agree();
  // Another zone: the rows are counted again in its days.
  reopen(tuned(0), "Asia/Shanghai");
  ASSERT_TRUE(engine_->post(receipt_into("A-01", "CUP-S", 1)).is_ok());
  EXPECT_EQ(zone_mark(), "Asia/Shanghai");
  zone_ = *TimeZone::named("Asia/Shanghai");
  sums_agree();
  // And a reader in the old zone reads the ledger, not the other zone's rows.
  zone_ = *TimeZone::named(kZone);
  sums_agree();
  // The store's check compares the rows with the ledger.
  EXPECT_TRUE(q().verify().is_ok()) << q().verify().to_string();
  {
    auto db = store::Db::open(store_path_, {});
    ASSERT_TRUE(db.is_ok());
    ASSERT_TRUE((*db)->exec("UPDATE stock_days SET qty_in=qty_in+1 WHERE day=(SELECT max(day) FROM stock_days)").is_ok());
  }
  auto v = q().verify();
  EXPECT_EQ(v.code(), Errc::storage);
  EXPECT_NE(v.reason().find("daily total"), std::string::npos) << v.to_string();
}

TEST_F(Reports, AnIdleWriterFoldsALongLedgerInSlices) {
  // As after the migration: a ledger the totals have not taken in, in another zone.
  reopen(tuned(1'000'000'000), "Asia/Shanghai");
  random_documents(200, 13);
  const std::int64_t newest = *q().db().query_int("SELECT max(id) FROM movements");
  ASSERT_LT(*q().db().query_int("SELECT days_through FROM stock_stamp"), newest);
  // Nobody posts: the writer folds seven movements at a time while idle.
  EngineTuning t = tuned(1'000'000'000, 7);
  t.external_poll_ms = 10;
  EngineOptions o;
  o.site_zone = zone_;
  open_engine(o, t);
  for (int i = 0; i < 1000 && *q().db().query_int("SELECT days_through FROM stock_stamp") < newest; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(*q().db().query_int("SELECT days_through FROM stock_stamp"), newest);
  EXPECT_EQ(zone_mark(), kZone);
  EXPECT_TRUE(q().verify().is_ok()) << q().verify().to_string();
}

TEST_F(Reports, ABusyWriterFoldsOnlyABacklogAndTheRestWhenIdle) {
  EngineTuning t = tuned(0);
  t.day_totals_backlog = 50;
  t.external_poll_ms = 2000;  // idle only after two seconds without a request, however slow the machine
  reopen(t);
  auto mark = [&] { return *q().db().query_int("SELECT days_through FROM stock_stamp"); };
  const std::int64_t start = mark();
  // Postings one after the other: busy.
  for (int i = 0; i < 30; ++i) ASSERT_TRUE(engine_->post(receipt_into("A-01", "CUP-S", 1)).is_ok());
  EXPECT_EQ(mark(), start);
  for (int i = 0; i < 30; ++i) ASSERT_TRUE(engine_->post(receipt_into("A-01", "CUP-S", 1)).is_ok());
  const std::int64_t newest = *q().db().query_int("SELECT max(id) FROM movements");
  EXPECT_GT(mark(), start);  // fifty waited: folded while busy
  EXPECT_LT(mark(), newest);
  // Idle: the rest.
  for (int i = 0; i < 1000 && mark() < newest; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(mark(), newest);
  EXPECT_TRUE(q().verify().is_ok());
}

TEST_F(Reports, StockValueAsOfTodayIsTheStockValueNow) {
  random_documents(400, 3);
  for (ValueBy by : {ValueBy::item, ValueBy::location, ValueBy::warehouse, ValueBy::category}) {
    auto now = stock_value(q(), {by, "", ""});
    auto today = stock_value_on(q(), local_day(clock_.now_ms(), zone_), {by, "", ""}, zone_);
    ASSERT_TRUE(now.is_ok() && today.is_ok());
    EXPECT_EQ(value_json(*today), value_json(*now));
    ASSERT_FALSE(now->empty());
  }
  // Filters: one item, one warehouse.
  auto w2 = stock_value_on(q(), local_day(clock_.now_ms(), zone_), {ValueBy::location, "TEA-500", "W2"}, zone_);
  ASSERT_TRUE(w2.is_ok());
  for (const auto& r : *w2) {
    EXPECT_EQ(r.sku, "TEA-500");
    EXPECT_EQ(r.place, "B-01");
  }
  auto now = stock_value(q(), {ValueBy::location, "TEA-500", "W2"});
  EXPECT_EQ(value_json(*w2), value_json(*now));
}

TEST_F(Reports, TheSummaryTiesOpeningPlusInMinusOutToClosingAndNamesTheItem) {
  random_documents(300, 5);
  MovementSummaryFilter f;
  f.first = local_day(clock_.now_ms(), zone_) - 10;
  f.last = local_day(clock_.now_ms(), zone_);
  f.sku = "RICE-5";
  auto rows = movement_summary(q(), f, zone_);
  ASSERT_TRUE(rows.is_ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].name, "Rice 5kg");
  // The closing is the stock now (nothing dated after today).
  auto now = stock_value(q(), {ValueBy::item, "RICE-5", ""});
  ASSERT_TRUE(now.is_ok());
  ASSERT_EQ(now->size(), 1u);
  EXPECT_GT((*now)[0].qty, 0);
  EXPECT_EQ((*rows)[0].closing.qty, (*now)[0].qty);
  EXPECT_EQ((*rows)[0].closing.value, (*now)[0].value);
  const auto& r = (*rows)[0];
  Amount sum = r.opening;
  for (const auto& [k, a] : r.in) sum = {sum.qty + a.qty, sum.value + a.value};
  for (const auto& [k, a] : r.out) sum = {sum.qty - a.qty, sum.value - a.value};
  EXPECT_EQ(sum.qty, r.closing.qty);
  EXPECT_EQ(sum.value, r.closing.value);
  EXPECT_FALSE(r.in.empty());
  f.last = f.first - 1;
  EXPECT_EQ(movement_summary(q(), f, zone_).status().code(), Errc::invalid_argument);
  f.last = f.first;
  f.sku = "NOPE";
  EXPECT_EQ(movement_summary(q(), f, zone_).status().code(), Errc::unknown_item);
  f.sku.clear();
  f.location = "NOWHERE";
  EXPECT_EQ(movement_summary(q(), f, zone_).status().code(), Errc::unknown_location);
}

}  // namespace
}  // namespace jxc::inventory::testing
