// Random operations of every kind, many of them refused on purpose; after them
// the books must still add up: balance = Σ ledger, no negative stock under the
// block policy, every item's balances sum to zero across real and virtual
// locations, one outbox event per posting and a gapless sequence. Lines are
// entered in pack units and in decimals too (a case of 24 bottles, loose rice
// in kg to the gram): every line's stored quantity is exactly what was
// entered, and the books add up in those exact smallest units. Stock coming in
// carries random costs (or none): every item's and lot's value is exactly the
// sum of the values of the movements that crossed it, and no empty stock has
// a value. Receipt lines carry random inspection results and the quarantine
// bin Q-01 is among the bins: nothing is ever issued from it, and inspected
// goods land where their result says. Returns reference posted issues and
// receipts at random, with dispositions: no original line ever gets back
// more than it moved. The serial-tracked PHONE-1 moves with serials drawn from
// a small pool (so that many are not where a line says, or still in stock
// when received again): no serial is ever in two places, each movement of it
// names exactly its quantity of serials, every serial is where its last
// movement took it, and its in-stock serials at each bin equal its balance.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <thread>

#include "edge/inventory/quantity.h"
#include "edge/inventory/stock_value.h"
#include "edge/inventory/test_store.h"
#include "edge/store/sqlite.h"

namespace jxc::inventory::testing {
namespace {

class Invariants : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    seed();
    seed_quarantine();
    seed_serial_items();
    Item water{"WATER-24", "Water 550ml", "bottle", {}, 570.0, false, 1.5};
    water.packs = {{"case", 24, "16901234567899"}};
    Item rice{"RICE-KG", "Loose rice", "kg", {}, std::nullopt, false, 6};
    rice.decimals = 3;
    rice.packs = {{"bag", 25'000}};
    std::vector<RowError> errs;
    ASSERT_TRUE(engine_->import_items({water, rice}, &errs).is_ok());
  }
};

const std::vector<std::string> kBins = {"RECV-1", "A-01", "A-02", "A-03", "SHIP-1", "Q-01"};
const std::vector<std::string> kSkus = {"TEA-500", "RICE-5", "MILK-1",  "CUP-S",  "GHOST",
                                        "WATER-24", "RICE-KG", "PHONE-1", "PHONE-1"};

TEST_F(Invariants, TenThousandRandomOperations) {
  constexpr int kThreads = 4, kOpsEach = 2500;
  std::atomic<int> posted_events{0}, refused{0}, succeeded{0};
  std::mutex docs_mu;
  std::vector<std::string> posted_docs, open_counts, drafts, issued_docs, received_docs;
  auto pick_doc = [&](std::vector<std::string>& v, std::mt19937& rng) -> std::string {
    std::lock_guard lock(docs_mu);
    if (v.empty()) return "NONE";
    return v[rng() % v.size()];
  };
  auto remember = [&](std::vector<std::string>& v, const std::string& n) {
    std::lock_guard lock(docs_mu);
    v.push_back(n);
  };

  auto worker = [&](int seed) {
    std::mt19937 rng(static_cast<unsigned>(seed));
    auto any = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
    auto random_line = [&]() {
      std::string sku = any(kSkus);
      DocLine l = line(sku, static_cast<Qty>(rng() % 12) + (rng() % 20 == 0 ? -3 : 1));
      if (sku == "MILK-1" && rng() % 10 != 0) l.lot = "L" + std::to_string(rng() % 3);
      if (sku == "PHONE-1") {
        // 1 to 3 units of a pool of 40 serials (now and then one too few).
        l.qty = static_cast<Qty>(rng() % 3) + 1;
        const Qty named = l.qty - (rng() % 25 == 0 ? 1 : 0);
        while (static_cast<Qty>(l.serials.size()) < named) {
          std::string s = "P-" + std::to_string(rng() % 40);
          if (std::find(l.serials.begin(), l.serials.end(), s) == l.serials.end()) l.serials.push_back(s);
        }
      }
      if (sku == "WATER-24" && rng() % 2) {
        l.unit = rng() % 2 ? "case" : "bottle";
        l.entered = std::to_string(l.qty);
        l.qty = 0;
      } else if (sku == "RICE-KG") {
        // Grams as kg with up to 3 decimals (some with a 4th, refused), or bags.
        const bool bags = rng() % 4 == 0;
        l.unit = bags ? "bag" : "";
        l.entered = bags ? std::to_string(l.qty) + (rng() % 2 ? ".5" : "")
                         : format_decimal(l.qty * 100 + static_cast<Qty>(rng() % 1000), 3) +
                               (rng() % 20 == 0 ? "7" : "");
        l.qty = 0;
      }
      return l;
    };
    for (int i = 0; i < kOpsEach; ++i) {
      // Time passes, so the writer writes its cost pools now and then and
      // readers add the ledger's tail in between (cost_tail.h).
      if (i % 50 == 0) clock_.advance(std::chrono::milliseconds(400));
      Result<DocumentResult> r = error(Errc::invalid_argument, "no op");
      int kind = static_cast<int>(rng() % 14);
      DocumentRequest req;
      req.source = "fuzz";
      req.lines = {random_line()};
      if (rng() % 3 == 0) req.lines.push_back(random_line());
      // Costs on stock coming in, at random (some refused: on stock going out).
      for (auto& l : req.lines)
        if (rng() % 2) l.unit_cost = static_cast<Money>(rng() % 200'000);
      const bool costs_allowed = kind <= 2 || kind == 7 || kind == 8;
      if (!costs_allowed && rng() % 4 != 0)
        for (auto& l : req.lines) l.unit_cost.reset();
      switch (kind) {
        case 0: case 1: case 2:
          req.type = DocType::receipt;
          req.to = any(kBins);
          for (auto& l : req.lines) l.inspection = static_cast<Inspection>(rng() % 4);
          r = engine_->post(req);
          break;
        case 3: case 4:
          req.type = DocType::issue;
          req.from = any(kBins);
          r = engine_->post(req);
          break;
        case 5: case 6:
          req.type = DocType::transfer;
          req.from = any(kBins);
          req.to = any(kBins);
          r = engine_->post(req);
          break;
        case 7:
          req.type = rng() % 2 ? DocType::adjustment : DocType::scrap;
          req.from = req.to = any(kBins);
          if (req.type == DocType::adjustment && rng() % 2) req.lines[0].qty = -req.lines[0].qty;
          if (req.type == DocType::scrap) req.to.clear();
          r = engine_->post(req);
          break;
        case 8: {
          // Returns, production and other issues and receipts: one physical end each.
          constexpr DocType kOneEnd[] = {DocType::customer_return, DocType::supplier_return,
                                         DocType::production_issue, DocType::production_receipt,
                                         DocType::other_issue,      DocType::other_receipt};
          req.type = kOneEnd[rng() % 6];
          const bool comes_in = req.type == DocType::customer_return || req.type == DocType::production_receipt ||
                                req.type == DocType::other_receipt;
          (comes_in ? req.to : req.from) = any(kBins);
          if (req.type == DocType::other_issue || req.type == DocType::other_receipt) req.cost_centre = "CC-1";
          const bool is_return = req.type == DocType::customer_return || req.type == DocType::supplier_return;
          if (is_return && rng() % 3 != 0) {
            // Against a posted issue or receipt (now and then the wrong kind).
            const bool right = rng() % 8 != 0;
            const bool issue = (req.type == DocType::customer_return) == right;
            req.ref_document = pick_doc(issue ? issued_docs : received_docs, rng);
            std::vector<DocLine> original;
            {
              std::lock_guard lock(docs_mu);  // one thread at a time on the read connection
              if (auto v = q().document(req.ref_document); v.is_ok()) original = v->lines;
            }
            if (!original.empty()) {
              // One of its lines, up to a little more than it moved.
              const auto n = rng() % original.size();
              DocLine l = line(original[n].sku, static_cast<Qty>(rng() % (original[n].qty + 1)) + 1,
                               original[n].lot);
              if (!original[n].serials.empty()) {  // the units that went out, one of them perhaps too many
                l.qty = std::min<Qty>(l.qty, static_cast<Qty>(original[n].serials.size()));
                l.serials.assign(original[n].serials.begin(), original[n].serials.begin() + l.qty);
              }
              l.ref_line = rng() % 4 == 0 ? 0 : static_cast<std::int64_t>(n + 1);
              req.lines = {l};
            }
            for (auto& l : req.lines)
              if (req.type == DocType::customer_return) l.disposition = static_cast<Disposition>(rng() % 4);
          }
          r = engine_->post(req);
          break;
        }
        case 9: {
          Order o;
          o.kind = rng() % 2 ? OrderKind::expected_receipt : OrderKind::pick_list;
          o.number = "ORD-" + std::to_string(seed) + "-" + std::to_string(i);
          o.tolerance_pct = 10;
          o.lines = {{"TEA-500", "", 5, 0}, {"RICE-5", "", 3, 0}};
          if (!engine_->upsert_order(o).is_ok()) ADD_FAILURE() << "order refused";
          req.type = o.kind == OrderKind::expected_receipt ? DocType::receipt : DocType::issue;
          req.order = o.number;
          req.to = req.from = any(kBins);
          req.close_order = rng() % 2;
          req.hold_exceptions = rng() % 2;
          req.lines = {line("TEA-500", static_cast<Qty>(rng() % 7)), line("CUP-S", 1)};
          r = engine_->post(req);
          if (r.is_ok() && r->needs_review) {
            ++posted_events;  // document.needs_review
            remember(drafts, r->number);
          }
          break;
        }
        case 10:
          r = rng() % 2 ? engine_->post_document(pick_doc(drafts, rng)) : engine_->cancel(pick_doc(drafts, rng));
          break;
        case 11:
          r = engine_->reverse(pick_doc(posted_docs, rng), "fuzz", "fuzz");
          break;
        case 12: {
          CountOpen c;
          c.locations = {any(kBins)};
          c.opened_by = "m";
          c.tolerance_qty = static_cast<Qty>(rng() % 3);
          r = engine_->open_count(c);
          if (r.is_ok()) remember(open_counts, r->number);
          break;
        }
        case 13: {
          std::string c = pick_doc(open_counts, rng);
          if (rng() % 2) {
            CountEntry e;
            e.count = c;
            e.location = any(kBins);
            e.counter = "clerk";
            e.lines = {line(any({"TEA-500", "RICE-5", "CUP-S"}), static_cast<Qty>(rng() % 15))};
            r = engine_->record_count(e);
          } else {
            r = engine_->approve_count(c, "m", rng() % 2);
          }
          break;
        }
      }
      if (r.is_ok()) {
        ++succeeded;
        if (r->state == DocState::posted && !r->replayed) {
          ++posted_events;
          remember(posted_docs, r->number);
          if (r->type == DocType::issue) remember(issued_docs, r->number);
          if (r->type == DocType::receipt) remember(received_docs, r->number);
        }
      } else {
        ++refused;
        Errc c = r.status().code();
        EXPECT_TRUE(c != Errc::storage && c != Errc::unavailable) << r.status().to_string();
      }
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) threads.emplace_back(worker, 1000 + t);
  for (auto& th : threads) th.join();

  EXPECT_GT(succeeded.load(), 2000);
  EXPECT_GT(refused.load(), 1000);
  // Some refusals come after a request has written (stock found short at a
  // line): their batches were rolled back and run again with savepoints, and
  // everything below must hold all the same.
  EXPECT_GT(engine_->stats().reruns, 0u);
  expect_consistent();
  auto& db = q().db();
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM (SELECT item_id FROM balances GROUP BY item_id "
                          "HAVING sum(qty)<>0)"),
            0);
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM balances b JOIN locations l ON l.id=b.location_id "
                          "WHERE l.kind<>'virtual' AND b.qty<0"),
            0);
  // One event per posting or held document, numbered 1..N without a gap
  // (cancelled held documents add a document.cancelled event).
  std::int64_t cancelled_held = *db.query_int(
      "SELECT count(*) FROM documents WHERE state='cancelled' AND needs_review=1");
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM outbox"), posted_events.load() + cancelled_held);
  EXPECT_EQ(*db.query_int("SELECT max(seq) FROM outbox"), *db.query_int("SELECT count(*) FROM outbox"));
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM movements m JOIN documents d ON d.id=m.doc_id "
                          "WHERE d.state<>'posted'"),
            0);
  // Every line's stored quantity is what was entered, converted exactly, and
  // a posted document's movements carry exactly its lines' quantities.
  auto lines = db.prepare("SELECT i.sku, dl.entered, p.factor, i.decimals, dl.qty FROM document_lines dl "
                          "JOIN items i ON i.id=dl.item_id JOIN item_packs p ON p.item_id=i.id AND p.unit=dl.unit "
                          "WHERE dl.entered<>''");
  ASSERT_TRUE(lines.is_ok());
  int entered_lines = 0;
  while (*(*lines)->step()) {
    ++entered_lines;
    const int decimals = static_cast<int>((*lines)->int64(3));
    auto as_entered = parse_decimal((*lines)->text(1), decimals);
    ASSERT_TRUE(as_entered.is_ok()) << as_entered.status().to_string();
    EXPECT_EQ((*lines)->int64(4) * scale_of(decimals), *as_entered * (*lines)->int64(2))
        << (*lines)->text(0) << " " << (*lines)->text(1);
  }
  EXPECT_GT(entered_lines, 100);
  lines = error(Errc::internal, "read");  // finalized: the engine is reopened below
  // Rice is held to the gram, not rounded to whole kilograms.
  EXPECT_GT(*db.query_int("SELECT count(*) FROM balances b JOIN items i ON i.id=b.item_id "
                          "WHERE i.sku='RICE-KG' AND b.qty % 1000 <> 0"),
            0);
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM (SELECT d.id, dl.item_id, sum(abs(dl.qty)) AS q FROM documents d "
                          "JOIN document_lines dl ON dl.doc_id=d.id WHERE d.state='posted' AND d.type NOT IN "
                          "('count','reversal') GROUP BY d.id, dl.item_id) l "
                          "WHERE l.q <> (SELECT coalesce(sum(m.qty),0) FROM movements m "
                          "WHERE m.doc_id=l.id AND m.item_id=l.item_id)"),
            0);
  // Value = Σ movement values, per item and lot, computed here from the
  // ledger alone; an empty pool has no value; every value came from a cost.
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM stock_costs_now c WHERE c.value <> (SELECT coalesce(sum("
                          "CASE WHEN f.kind='virtual' THEN m.value ELSE -m.value END),0) FROM movements m "
                          "JOIN locations f ON f.id=m.from_location JOIN locations t ON t.id=m.to_location "
                          "WHERE m.item_id=c.item_id AND m.lot=c.lot AND (f.kind='virtual') <> (t.kind='virtual'))"),
            0);
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM stock_costs_now WHERE qty=0 AND value<>0"), 0);
  EXPECT_GT(*db.query_int("SELECT count(*) FROM stock_costs_now WHERE qty>0 AND value>0"), 3);
  EXPECT_GT(*db.query_int("SELECT count(*) FROM movements WHERE value>0"), 1000);
  // The value by item is the pools' value to the ten-thousandth.
  auto by_item = stock_value(q(), {});
  ASSERT_TRUE(by_item.is_ok()) << by_item.status().to_string();
  Money listed = 0;
  for (const auto& r : *by_item) listed += r.value;
  EXPECT_EQ(listed, *db.query_int("SELECT coalesce(sum(value),0) FROM stock_costs_now"));
  // Quarantine: nothing was issued from a quarantine bin (a reversal of a
  // return into quarantine takes its goods back from there, which is no
  // issue), and every inspected receipt line went where its result says.
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM movements m JOIN locations f ON f.id=m.from_location "
                          "JOIN documents d ON d.id=m.doc_id WHERE f.quarantine=1 AND d.type='issue'"),
            0);
  EXPECT_GT(*db.query_int("SELECT count(*) FROM movements m JOIN locations t ON t.id=m.to_location "
                          "WHERE t.quarantine=1"),
            100);
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM document_lines dl JOIN documents d ON d.id=dl.doc_id "
                          "JOIN locations t ON t.id=dl.to_location WHERE d.type='receipt' AND "
                          "((dl.inspection IN ('quarantine','rejected') AND t.quarantine=0) OR "
                          "(dl.inspection='accepted' AND t.quarantine=1))"),
            0);
  EXPECT_GT(*db.query_int("SELECT count(*) FROM document_lines dl JOIN documents d ON d.id=dl.doc_id "
                          "WHERE d.type='receipt' AND d.state='posted' AND dl.inspection='rejected'"),
            50);
  // Returns: no original line got back more than it moved, counting every
  // posted return that is not reversed; and some returns did reference one.
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM (SELECT d.ref_document AS doc, dl.ref_line AS line, "
                          "sum(dl.qty) AS back FROM documents d JOIN document_lines dl ON dl.doc_id=d.id "
                          "WHERE d.ref_document IS NOT NULL AND d.state='posted' AND NOT EXISTS "
                          "(SELECT 1 FROM documents r WHERE r.reverses=d.id AND r.state='posted') "
                          "GROUP BY 1, 2) x JOIN document_lines o ON o.doc_id=x.doc AND o.line_no=x.line "
                          "WHERE x.back > o.qty"),
            0);
  EXPECT_GT(*db.query_int("SELECT count(*) FROM documents WHERE ref_document IS NOT NULL AND state='posted'"), 30);
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM document_lines WHERE ref_line IS NOT NULL AND doc_id IN "
                          "(SELECT id FROM documents WHERE ref_document IS NULL)"),
            0);
  // Serials: each movement of the serial-tracked item names exactly its
  // quantity of them; a serial is where its last movement took it (one row
  // per serial, so never in two places); its in-stock serials at each bin
  // and lot are its balance there; and enough of them moved to tell.
  EXPECT_GT(*db.query_int("SELECT count(*) FROM movements m JOIN items i ON i.id=m.item_id WHERE i.sku='PHONE-1'"),
            60);
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM movements m JOIN items i ON i.id=m.item_id "
                          "WHERE i.serial_tracked<>0 AND m.qty <> "
                          "(SELECT count(*) FROM serial_moves sm WHERE sm.movement_id=m.id)"),
            0);
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM serial_moves sm JOIN movements m ON m.id=sm.movement_id "
                          "JOIN items i ON i.id=m.item_id WHERE i.serial_tracked=0"),
            0);
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM serials s WHERE s.movement_id <> (SELECT max(sm.movement_id) "
                          "FROM serial_moves sm WHERE sm.serial_id=s.id) OR s.location_id <> "
                          "(SELECT m.to_location FROM movements m WHERE m.id=s.movement_id)"),
            0);
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM (SELECT item_id, serial FROM serials GROUP BY 1, 2 "
                          "HAVING count(*) > 1)"),
            0);
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM balances b JOIN items i ON i.id=b.item_id "
                          "JOIN locations l ON l.id=b.location_id WHERE i.serial_tracked<>0 AND l.kind<>'virtual' "
                          "AND b.qty <> (SELECT count(*) FROM serials s WHERE s.item_id=b.item_id "
                          "AND s.location_id=b.location_id AND s.lot=b.lot AND s.status='in_stock')"),
            0);
  EXPECT_GT(*db.query_int("SELECT count(*) FROM serials WHERE status='in_stock'"), 0);
  // Some left the warehouse on the way (where they are at the end depends on
  // how the workers' documents interleaved: all may have come back).
  EXPECT_GT(*db.query_int("SELECT count(*) FROM serial_moves sm JOIN movements m ON m.id=sm.movement_id "
                          "JOIN locations l ON l.id=m.to_location WHERE l.kind='virtual'"),
            0);
  {
    // Finalized before the engine is reopened below, as `lines` above: a
    // connection with a live statement does not close.
    auto integrity = db.prepare("PRAGMA integrity_check");
    ASSERT_TRUE(integrity.is_ok());
    ASSERT_TRUE(*(*integrity)->step());
    EXPECT_EQ((*integrity)->text(0), "ok");
  }

  // The pools were written now and then, and readers added the movements
  // after the last write. A writer that starts reads them back; the rows it
  // then writes are what the ledger's sums say, to the unit and the 1/10000.
  EXPECT_GT(*db.query_int("SELECT costs_through FROM stock_stamp"), 0);
  EngineTuning every_commit;
  every_commit.cost_pools_every_ms = 0;
  open_engine({}, every_commit);
  receive("TEA-500", 1, "A-01");
  auto& after = q().db();
  EXPECT_EQ(*after.query_int("SELECT costs_through - (SELECT max(id) FROM movements) FROM stock_stamp"), 0);
  EXPECT_EQ(*after.query_int("SELECT count(*) FROM stock_costs c FULL OUTER JOIN stock_costs_now n "
                             "USING (item_id, lot) WHERE coalesce(c.qty,0) <> coalesce(n.qty,0) "
                             "OR coalesce(c.value,0) <> coalesce(n.value,0)"),
            0);
  expect_consistent();
}

}  // namespace
}  // namespace jxc::inventory::testing
