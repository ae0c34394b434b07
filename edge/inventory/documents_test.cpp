// Documents: each type posts the movements it should, checks itself against
// its order, and a bad request is refused with a typed reason and writes
// nothing.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "edge/inventory/document_events.h"
#include "edge/inventory/documents.h"
#include "edge/inventory/master_data.h"
#include "edge/inventory/outbox.h"
#include "edge/inventory/tx.h"
#include "edge/inventory/test_store.h"

namespace jxc::inventory::testing {
namespace {

class Documents : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    seed();
  }
  Order asn(const std::string& number, std::vector<std::pair<std::string, Qty>> lines,
            std::optional<double> tolerance = std::nullopt) {
    Order o;
    o.kind = OrderKind::expected_receipt;
    o.number = number;
    o.ref = "PO-" + number;
    o.partner = "Supplier Co";
    o.door = "DOOR-3";
    o.tolerance_pct = tolerance;
    for (auto& [sku, qty] : lines) o.lines.push_back({sku, "", qty, 0});
    return o;
  }
  DocumentRequest receipt_against(const std::string& order, std::vector<DocLine> lines) {
    DocumentRequest r;
    r.type = DocType::receipt;
    r.order = order;
    r.to = "RECV-1";
    r.lines = std::move(lines);
    r.source = "door-3";
    return r;
  }
  std::int64_t movements() { return *q().db().query_int("SELECT count(*) FROM movements"); }
  std::int64_t events() { return *q().db().query_int("SELECT count(*) FROM outbox"); }
};

// A document numbers itself PREFIX-<its row id>; a number already given to
// another document (one imported under it) is skipped, never reused.
TEST_F(Documents, OwnNumbersFollowTheRowIdAndSkipNumbersAlreadyTaken) {
  auto receipt = [&](const std::string& number) {
    DocumentRequest r = receipt_into("A-01", "TEA-500", 1);
    r.number = number;
    return engine_->post(r);
  };
  auto pad = [](std::int64_t v) {
    std::string d = std::to_string(v);
    return "RCV-" + std::string(6 - d.size(), '0') + d;
  };
  auto first = receipt("");
  ASSERT_TRUE(first.is_ok()) << first.status().to_string();
  const std::int64_t n = first->doc_id;
  EXPECT_EQ(first->number, pad(n));
  // Take the number the document after next would give itself.
  ASSERT_TRUE(receipt(pad(n + 2)).is_ok());  // row n+1, number n+2
  auto skipped = receipt("");                // row n+2: its own number is taken
  ASSERT_TRUE(skipped.is_ok()) << skipped.status().to_string();
  EXPECT_EQ(skipped->number, pad(n + 3));
  auto next = receipt("");                   // row n+3: n+3 is taken now too
  ASSERT_TRUE(next.is_ok()) << next.status().to_string();
  EXPECT_EQ(next->number, pad(n + 4));
  auto again = receipt(pad(n + 2));          // a given number is never reused
  EXPECT_EQ(again.status().code(), Errc::conflict);
  EXPECT_NE(again.status().reason().find(pad(n + 2) + "' is taken"), std::string::npos)
      << again.status().reason();
  auto numbers = q().db().query_int("SELECT count(DISTINCT number) FROM documents");
  EXPECT_EQ(*numbers, *q().db().query_int("SELECT count(*) FROM documents"));
  expect_consistent();
}

TEST_F(Documents, ReceiptAgainstAsnPostsAndFulfilsTheOrder) {
  ASSERT_TRUE(engine_->upsert_order(asn("ASN-1", {{"TEA-500", 10}, {"RICE-5", 4}})).is_ok());
  auto r = engine_->post(receipt_against("ASN-1", {line("TEA-500", 10), line("RICE-5", 4)}));
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(r->state, DocState::posted);
  EXPECT_EQ(r->movements, 2);
  EXPECT_TRUE(r->exceptions.empty());
  EXPECT_GT(r->first_seq, 0);
  EXPECT_EQ(on_hand("TEA-500", "RECV-1"), 10);
  EXPECT_EQ(on_hand("RICE-5", "RECV-1"), 4);
  EXPECT_EQ(on_hand("TEA-500", "@SUPPLIER"), -10);  // the world outside mirrors the warehouse
  auto o = q().order("ASN-1");
  ASSERT_TRUE(o.is_ok());
  EXPECT_EQ(o->state, "closed");  // every line complete
  EXPECT_EQ(o->lines[0].done, 10);
  expect_consistent();
}

TEST_F(Documents, PartialReceiptsLeaveTheOrderOpenUntilComplete) {
  ASSERT_TRUE(engine_->upsert_order(asn("ASN-2", {{"TEA-500", 10}})).is_ok());
  ASSERT_TRUE(engine_->post(receipt_against("ASN-2", {line("TEA-500", 6)})).is_ok());
  EXPECT_EQ(q().order("ASN-2")->state, "open");
  EXPECT_EQ(q().order("ASN-2")->lines[0].done, 6);
  ASSERT_TRUE(engine_->post(receipt_against("ASN-2", {line("TEA-500", 4)})).is_ok());
  EXPECT_EQ(q().order("ASN-2")->state, "closed");
}

TEST_F(Documents, OverReceiptWithinToleranceIsFlaggedBeyondItIsRefused) {
  ASSERT_TRUE(engine_->upsert_order(asn("ASN-3", {{"TEA-500", 10}}, 10.0)).is_ok());
  auto over = engine_->post(receipt_against("ASN-3", {line("TEA-500", 11)}));
  ASSERT_TRUE(over.is_ok()) << over.status().to_string();
  ASSERT_EQ(over->exceptions.size(), 1u);
  EXPECT_NE(over->exceptions[0].find("over: TEA-500 11 of 10"), std::string::npos);

  ASSERT_TRUE(engine_->upsert_order(asn("ASN-4", {{"TEA-500", 10}}, 10.0)).is_ok());
  std::int64_t before = movements();
  auto too_much = engine_->post(receipt_against("ASN-4", {line("TEA-500", 12)}));
  ASSERT_FALSE(too_much.is_ok());
  EXPECT_EQ(too_much.status().code(), Errc::tolerance_exceeded);
  EXPECT_NE(too_much.status().reason().find("allows 11"), std::string::npos) << too_much.status().reason();
  EXPECT_EQ(movements(), before);
  EXPECT_EQ(q().order("ASN-4")->lines[0].done, 0);
}

TEST_F(Documents, ShortAndUnexpectedLinesAreFlaggedWhenClosing) {
  ASSERT_TRUE(engine_->upsert_order(asn("ASN-5", {{"TEA-500", 10}, {"RICE-5", 5}})).is_ok());
  auto req = receipt_against("ASN-5", {line("TEA-500", 8), line("CUP-S", 3)});
  req.close_order = true;
  auto r = engine_->post(req);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(r->state, DocState::posted);
  ASSERT_EQ(r->exceptions.size(), 3u);
  std::string all = r->exceptions[0] + "|" + r->exceptions[1] + "|" + r->exceptions[2];
  EXPECT_NE(all.find("unexpected: CUP-S x3"), std::string::npos) << all;
  EXPECT_NE(all.find("short: TEA-500 8 of 10"), std::string::npos) << all;
  EXPECT_NE(all.find("short: RICE-5 0 of 5"), std::string::npos) << all;
  EXPECT_EQ(q().order("ASN-5")->state, "closed");
  auto view = q().document(r->number);
  ASSERT_TRUE(view.is_ok());
  EXPECT_EQ(view->lines[1].flag, "unexpected");

  // A retry with the same key is answered with the stored first result, field
  // for field.
  ASSERT_TRUE(engine_->upsert_order(asn("ASN-6", {{"TEA-500", 10}})).is_ok());
  auto keyed = receipt_against("ASN-6", {line("TEA-500", 4), line("CUP-S", 1)});
  keyed.close_order = true;
  keyed.idempotency_key = "dock-7 \"pass\" 1";
  auto a = engine_->post(keyed);
  auto b = engine_->post(keyed);
  ASSERT_TRUE(a.is_ok() && b.is_ok());
  EXPECT_FALSE(a->replayed);
  EXPECT_TRUE(b->replayed);
  EXPECT_EQ(b->doc_id, a->doc_id);
  EXPECT_EQ(b->number, a->number);
  EXPECT_EQ(b->type, a->type);
  EXPECT_EQ(b->state, a->state);
  EXPECT_EQ(b->needs_review, a->needs_review);
  EXPECT_EQ(b->exceptions, a->exceptions);
  EXPECT_EQ(a->exceptions.size(), 2u);
  EXPECT_EQ(b->movements, a->movements);
  EXPECT_EQ(b->first_seq, a->first_seq);
  EXPECT_EQ(b->last_seq, a->last_seq);
}

TEST_F(Documents, HeldExceptionsWaitForReviewThenPost) {
  ASSERT_TRUE(engine_->upsert_order(asn("ASN-6", {{"TEA-500", 10}})).is_ok());
  auto req = receipt_against("ASN-6", {line("TEA-500", 9), line("CUP-S", 1)});
  req.close_order = true;
  req.hold_exceptions = true;
  std::int64_t ev = events();
  auto held = engine_->post(req);
  ASSERT_TRUE(held.is_ok()) << held.status().to_string();
  EXPECT_EQ(held->state, DocState::draft);
  EXPECT_TRUE(held->needs_review);
  EXPECT_EQ(held->movements, 0);
  EXPECT_EQ(on_hand("TEA-500", "RECV-1"), 0);
  EXPECT_EQ(events(), ev + 1);  // document.needs_review
  EXPECT_EQ(Outbox::peek_after(q(), ev, 10)->at(0).type, "document.needs_review");

  auto posted = engine_->post_document(held->number);
  ASSERT_TRUE(posted.is_ok()) << posted.status().to_string();
  EXPECT_EQ(posted->state, DocState::posted);
  EXPECT_FALSE(posted->needs_review);
  EXPECT_EQ(on_hand("TEA-500", "RECV-1"), 9);
  EXPECT_EQ(q().order("ASN-6")->state, "closed");
}

// The exceptions a document was held for stay on it when a person posts it,
// beside those the check against the order finds again.
TEST_F(Documents, PostingAHeldDocumentKeepsTheExceptionsItWasHeldFor) {
  ASSERT_TRUE(engine_->upsert_order(asn("ASN-7", {{"TEA-500", 10}})).is_ok());
  auto req = receipt_against("ASN-7", {line("TEA-500", 9)});
  req.close_order = true;
  req.hold_exceptions = true;
  req.exceptions = {"unexpected tag urn:epc:id:sgtin:0614141.812345.6789: no item has GTIN 00614141123452"};
  auto held = engine_->post(req);
  ASSERT_TRUE(held.is_ok()) << held.status().to_string();
  ASSERT_TRUE(held->needs_review);
  const std::int64_t ev = events();
  auto posted = engine_->post_document(held->number);
  ASSERT_TRUE(posted.is_ok()) << posted.status().to_string();
  const std::vector<std::string> trail = {req.exceptions[0], "short: TEA-500 9 of 10"};
  EXPECT_EQ(posted->exceptions, trail);
  auto view = q().document(held->number);
  ASSERT_TRUE(view.is_ok());
  EXPECT_EQ(view->head.exceptions, trail);
  // The posted event carries them too.
  auto out = Outbox::peek_after(q(), ev, 10);
  ASSERT_TRUE(out.is_ok());
  ASSERT_EQ(out->size(), 1u);
  auto payload = nlohmann::json::parse(out->at(0).payload);
  EXPECT_EQ(payload["document"]["exceptions"], nlohmann::json(trail));
}

// While a document held for review against an order is undecided, the next
// pass at the door does not book against the same order.
TEST_F(Documents, AnOrderWithADocumentHeldForReviewIsNotOfferedForTheNextPass) {
  ASSERT_TRUE(engine_->upsert_order(asn("ASN-8", {{"TEA-500", 10}})).is_ok());
  ASSERT_TRUE(engine_->upsert_order(asn("ASN-9", {{"TEA-500", 5}})).is_ok());
  EXPECT_EQ(q().open_order_for_door(OrderKind::expected_receipt, "DOOR-3").value()->number, "ASN-8");
  auto req = receipt_against("ASN-8", {line("TEA-500", 4)});
  req.close_order = true;
  req.hold_exceptions = true;
  auto held = engine_->post(req);
  ASSERT_TRUE(held.is_ok() && held->needs_review);
  EXPECT_EQ(q().open_order_for_door(OrderKind::expected_receipt, "DOOR-3").value()->number, "ASN-9");
  EXPECT_EQ(q().order("ASN-8")->state, "open");
  // Decided (cancelled): the order is offered again.
  ASSERT_TRUE(engine_->cancel(held->number).is_ok());
  EXPECT_EQ(q().open_order_for_door(OrderKind::expected_receipt, "DOOR-3").value()->number, "ASN-8");
}

TEST_F(Documents, DraftConfirmPostLifecycleAndStateErrors) {
  DocumentRequest req;
  req.type = DocType::receipt;
  req.to = "RECV-1";
  req.lines = {line("TEA-500", 5)};
  auto d = engine_->create(req);
  ASSERT_TRUE(d.is_ok());
  EXPECT_EQ(d->state, DocState::draft);
  EXPECT_EQ(on_hand("TEA-500", "RECV-1"), 0);
  auto c = engine_->confirm(d->number);
  ASSERT_TRUE(c.is_ok());
  EXPECT_EQ(c->state, DocState::confirmed);
  EXPECT_EQ(engine_->confirm(d->number).status().code(), Errc::invalid_state);
  auto p = engine_->post_document(d->number);
  ASSERT_TRUE(p.is_ok());
  EXPECT_EQ(p->state, DocState::posted);
  EXPECT_EQ(on_hand("TEA-500", "RECV-1"), 5);
  EXPECT_EQ(engine_->post_document(d->number).status().code(), Errc::invalid_state);
  EXPECT_EQ(engine_->cancel(d->number).status().code(), Errc::invalid_state);

  auto d2 = engine_->create(req);
  ASSERT_TRUE(d2.is_ok());
  ASSERT_TRUE(engine_->cancel(d2->number).is_ok());
  EXPECT_EQ(engine_->post_document(d2->number).status().code(), Errc::invalid_state);
  EXPECT_EQ(on_hand("TEA-500", "RECV-1"), 5);
  EXPECT_EQ(engine_->post_document("NOPE-1").status().code(), Errc::unknown_document);
}

TEST_F(Documents, TransferIssueScrapAndReturnsMoveStockBetweenTheRightEnds) {
  const DocumentResult received = receive("TEA-500", 20, "RECV-1");
  DocumentRequest t;
  t.type = DocType::transfer;
  t.from = "RECV-1";
  t.to = "A-01";
  t.lines = {line("TEA-500", 20)};
  ASSERT_TRUE(engine_->post(t).is_ok());

  Order pick;
  pick.kind = OrderKind::pick_list;
  pick.number = "PICK-1";
  pick.lines = {{"TEA-500", "", 5, 0}};
  ASSERT_TRUE(engine_->upsert_order(pick).is_ok());
  DocumentRequest iss;
  iss.type = DocType::issue;
  iss.order = "PICK-1";
  iss.from = "A-01";
  iss.lines = {line("TEA-500", 5)};
  auto ir = engine_->post(iss);
  ASSERT_TRUE(ir.is_ok()) << ir.status().to_string();
  EXPECT_EQ(q().order("PICK-1")->state, "closed");

  DocumentRequest scrap;
  scrap.type = DocType::scrap;
  scrap.from = "A-01";
  scrap.reason = "damaged";
  scrap.lines = {line("TEA-500", 1)};
  ASSERT_TRUE(engine_->post(scrap).is_ok());

  DocumentRequest cret;
  cret.type = DocType::customer_return;
  cret.to = "A-02";
  cret.ref_document = ir->number;
  cret.lines = {line("TEA-500", 2)};
  ASSERT_TRUE(engine_->post(cret).is_ok());

  DocumentRequest sret;
  sret.type = DocType::supplier_return;
  sret.from = "A-01";
  sret.ref_document = received.number;
  sret.lines = {line("TEA-500", 3)};
  ASSERT_TRUE(engine_->post(sret).is_ok());

  EXPECT_EQ(on_hand("TEA-500", "RECV-1"), 0);
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 20 - 5 - 1 - 3);
  EXPECT_EQ(on_hand("TEA-500", "A-02"), 2);
  EXPECT_EQ(on_hand("TEA-500", "@CUSTOMER"), 5 - 2);
  EXPECT_EQ(on_hand("TEA-500", "@SCRAP"), 1);
  EXPECT_EQ(on_hand("TEA-500", "@SUPPLIER"), -20 + 3);
  auto types = Outbox::peek_after(q(), 0, 100);
  ASSERT_TRUE(types.is_ok());
  std::vector<std::string> seen;
  for (auto& e : *types) seen.push_back(e.type);
  EXPECT_EQ(seen, (std::vector<std::string>{"receipt.posted", "transfer.posted", "issue.posted",
                                            "scrap.posted", "return.posted", "return.posted"}));
  expect_consistent();
}

TEST_F(Documents, AdjustmentSignSaysGainOrLoss) {
  DocumentRequest adj;
  adj.type = DocType::adjustment;
  adj.to = "A-03";
  adj.reason = "found";
  adj.lines = {line("CUP-S", 7)};
  ASSERT_TRUE(engine_->post(adj).is_ok());
  adj.lines = {line("CUP-S", -2)};
  ASSERT_TRUE(engine_->post(adj).is_ok());
  EXPECT_EQ(on_hand("CUP-S", "A-03"), 5);
  EXPECT_EQ(on_hand("CUP-S", "@ADJUSTMENT"), -5);
  adj.lines = {line("CUP-S", 0)};
  EXPECT_EQ(engine_->post(adj).status().code(), Errc::invalid_argument);
}

TEST_F(Documents, BlockPolicyRefusesNegativeStockAndWritesNothing) {
  receive("TEA-500", 3, "A-01");
  std::int64_t m = movements(), ev = events();
  DocumentRequest iss;
  iss.type = DocType::issue;
  iss.from = "A-01";
  iss.lines = {line("TEA-500", 2), line("TEA-500", 2)};  // the second line runs out
  auto r = engine_->post(iss);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), Errc::insufficient_stock);
  EXPECT_NE(r.status().reason().find("line 2: item TEA-500 at A-01 has 1, needs 2"), std::string::npos)
      << r.status().reason();
  EXPECT_EQ(movements(), m);
  EXPECT_EQ(events(), ev);
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 3);
  EXPECT_EQ(*q().db().query_int("SELECT count(*) FROM documents WHERE type='issue'"), 0);
}

TEST_F(Documents, AllowPolicyPostsBelowZeroAndFlagsIt) {
  Location site;
  site.code = "S1";
  site.kind = LocationKind::site;
  site.barcode = "LOC:S1";
  site.negative_stock = NegativePolicy::allow;
  ASSERT_TRUE(engine_->import_locations({site}).is_ok());
  DocumentRequest iss;
  iss.type = DocType::issue;
  iss.from = "A-01";
  iss.lines = {line("RICE-5", 2)};
  auto r = engine_->post(iss);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  ASSERT_EQ(r->exceptions.size(), 1u);
  EXPECT_NE(r->exceptions[0].find("negative: RICE-5 at A-01"), std::string::npos);
  EXPECT_EQ(on_hand("RICE-5", "A-01"), -2);
  auto led = q().ledger(ledger_of("RICE-5"));
  ASSERT_EQ(led->size(), 1u);
  EXPECT_EQ(led->at(0).flags, "negative");
  expect_consistent();
}

TEST_F(Documents, BadRequestsGetTypedReasons) {
  auto post = [&](DocumentRequest r) { return engine_->post(std::move(r)).status(); };
  DocumentRequest r;
  r.type = DocType::receipt;
  r.to = "RECV-1";
  r.lines = {line("NOPE", 1)};
  EXPECT_EQ(post(r).code(), Errc::unknown_item);
  r.lines = {line("TEA-500", 1)};
  r.to = "NOWHERE";
  EXPECT_EQ(post(r).code(), Errc::unknown_location);
  r.to = "@CUSTOMER";
  EXPECT_EQ(post(r).code(), Errc::invalid_argument);
  r.to = "RECV-1";
  r.lines = {line("TEA-500", -1)};
  EXPECT_EQ(post(r).code(), Errc::invalid_argument);
  r.lines = {};
  EXPECT_EQ(post(r).code(), Errc::invalid_argument);
  r.lines = {line("MILK-1", 1)};  // lot-tracked without a lot
  EXPECT_NE(post(r).reason().find("lot-tracked"), std::string::npos);
  r.lines = {line("MILK-1", 1, "L1")};
  r.lines[0].expiry = "2027-02-30";
  EXPECT_NE(post(r).reason().find("not a YYYY-MM-DD"), std::string::npos);
  r.order = "NO-SUCH-ASN";
  r.lines = {line("TEA-500", 1)};
  EXPECT_EQ(post(r).code(), Errc::unknown_order);
  DocumentRequest t;
  t.type = DocType::transfer;
  t.from = "A-01";
  t.to = "A-01";
  t.lines = {line("TEA-500", 1)};
  EXPECT_EQ(post(t).code(), Errc::invalid_argument);
  t.order = "X";
  EXPECT_EQ(post(t).code(), Errc::invalid_argument);
  EXPECT_EQ(movements(), 0);
  EXPECT_EQ(events(), 0);
  EXPECT_EQ(*q().db().query_int("SELECT count(*) FROM documents"), 0);
}

TEST_F(Documents, LotsKeepTheirExpiryAndBalancesArePerLot) {
  receive("MILK-1", 6, "A-02", "L1");
  receive("MILK-1", 4, "A-02", "L2");
  auto s = q().stock(stock_of("MILK-1", "A-02"));
  ASSERT_TRUE(s.is_ok());
  ASSERT_EQ(s->size(), 2u);
  EXPECT_EQ(s->at(0).lot, "L1");
  EXPECT_EQ(s->at(0).qty, 6);
  EXPECT_EQ(on_hand("MILK-1", "A-02"), 10);
  EXPECT_EQ(*q().db().query_int("SELECT count(*) FROM lots WHERE expiry='2027-06-30'"), 2);
  DocumentRequest iss;
  iss.type = DocType::issue;
  iss.from = "A-02";
  iss.lines = {line("MILK-1", 5, "L2")};
  EXPECT_EQ(engine_->post(iss).status().code(), Errc::insufficient_stock);
}

TEST_F(Documents, StockOfAZoneIncludesItsBins) {
  receive("TEA-500", 3, "A-01");
  receive("TEA-500", 4, "A-02");
  auto s = q().stock(stock_of("", "A"));
  ASSERT_TRUE(s.is_ok());
  ASSERT_EQ(s->size(), 2u);
  EXPECT_EQ(q().stock(stock_of("", "NOPE")).status().code(), Errc::unknown_location);
}

TEST_F(Documents, ReversalUndoesMovementsAndOrderProgressOnce) {
  ASSERT_TRUE(engine_->upsert_order(asn("ASN-R", {{"TEA-500", 10}})).is_ok());
  auto r = engine_->post(receipt_against("ASN-R", {line("TEA-500", 6)}));
  ASSERT_TRUE(r.is_ok());
  auto rev = engine_->reverse(r->number, "wrong pallet", "clerk-1");
  ASSERT_TRUE(rev.is_ok()) << rev.status().to_string();
  EXPECT_EQ(rev->type, DocType::reversal);
  EXPECT_EQ(on_hand("TEA-500", "RECV-1"), 0);
  EXPECT_EQ(q().order("ASN-R")->lines[0].done, 0);
  auto again = engine_->reverse(r->number, "", "clerk-1");
  EXPECT_EQ(again.status().code(), Errc::invalid_state);
  EXPECT_EQ(engine_->reverse(rev->number, "", "x").status().code(), Errc::invalid_state);
  auto led = q().ledger(ledger_of("TEA-500"));
  ASSERT_EQ(led->size(), 2u);
  EXPECT_EQ(led->at(1).reverses, led->at(0).id);
  expect_consistent();
}

TEST_F(Documents, ReversalOfAnIssuedReceiptIsRefusedUnderBlockPolicy) {
  auto r = receive("TEA-500", 5, "A-01");
  DocumentRequest iss;
  iss.type = DocType::issue;
  iss.from = "A-01";
  iss.lines = {line("TEA-500", 4)};
  ASSERT_TRUE(engine_->post(iss).is_ok());
  auto rev = engine_->reverse(r.number, "", "x");
  EXPECT_EQ(rev.status().code(), Errc::insufficient_stock);
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 1);
}

TEST_F(Documents, OrderUpsertKeepsProgressAndRefusesClosedOrders) {
  ASSERT_TRUE(engine_->upsert_order(asn("ASN-U", {{"TEA-500", 10}})).is_ok());
  ASSERT_TRUE(engine_->post(receipt_against("ASN-U", {line("TEA-500", 4)})).is_ok());
  ASSERT_TRUE(engine_->upsert_order(asn("ASN-U", {{"TEA-500", 12}, {"RICE-5", 1}})).is_ok());
  auto o = q().order("ASN-U");
  EXPECT_EQ(o->lines[0].qty, 12);
  EXPECT_EQ(o->lines[0].done, 4);
  ASSERT_TRUE(engine_->cancel_order("ASN-U").is_ok());
  EXPECT_EQ(engine_->upsert_order(asn("ASN-U", {{"TEA-500", 1}})).code(), Errc::invalid_state);
  EXPECT_EQ(engine_->post(receipt_against("ASN-U", {line("TEA-500", 1)})).status().code(),
            Errc::invalid_state);
  EXPECT_EQ(engine_->cancel_order("NOPE").code(), Errc::unknown_order);
}

// Engine::post fills the posted event from what it has in hand instead of
// reading the document back; both go through one builder and must give the
// same text, or the central system would see different payloads for a post
// and a draft-then-post.
TEST_F(Documents, APostedEventBuiltInMemoryEqualsTheOneReadBackFromTheStore) {
  ASSERT_TRUE(engine_->upsert_order(asn("ASN-9", {{"TEA-500", 5}}, 50.0)).is_ok());
  auto req = receipt_against("ASN-9", {line("TEA-500", 6), line("MILK-1", 3, "L1")});
  req.lines[1].expiry = "2027-01-31";
  req.reason = "truck 7";
  req.note = "seal intact";
  req.from = "";
  auto r = engine_->post(req);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  ASSERT_FALSE(r->exceptions.empty());  // over within tolerance, and an unexpected item
  auto events = Outbox::peek_after(q(), r->first_seq - 1, 1);
  ASSERT_TRUE(events.is_ok());
  ASSERT_EQ(events->size(), 1u);
  const std::string in_memory = events->front().payload;

  auto reread = engine_->run<std::string>([&](Tx& tx) -> Result<std::string> {
    JXC_ASSIGN(std::int64_t seq, append_document_event(tx, r->doc_id, "receipt.posted"));
    JXC_ASSIGN(auto* st, tx.db().cached("SELECT payload FROM outbox WHERE seq=?1"));
    st->bind_all(seq);
    JXC_ASSIGN(bool row, st->step());
    if (!row) return error(Errc::storage, "no event");
    return st->text(0);
  });
  ASSERT_TRUE(reread.is_ok()) << reread.status().to_string();
  EXPECT_EQ(nlohmann::json::parse(in_memory), nlohmann::json::parse(*reread));
  EXPECT_EQ(in_memory, *reread);
  EXPECT_NE(in_memory.find("\"ref\":\"PO-ASN-9\""), std::string::npos) << in_memory;
}

TEST_F(Documents, LedgerPagesNewestFirstWithoutReadingFromTheStart) {
  for (int i = 1; i <= 5; ++i) {
    DocumentRequest r;
    r.type = DocType::receipt;
    r.to = "A-01";
    r.lines = {line("TEA-500", i)};
    ASSERT_TRUE(engine_->post(r).is_ok());
  }
  LedgerFilter f = ledger_of("TEA-500");
  f.newest_first = true;
  f.limit = 2;
  auto page = q().ledger(f);
  ASSERT_TRUE(page.is_ok());
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ(page->at(0).qty, 5);
  EXPECT_EQ(page->at(1).qty, 4);
  f.before_id = page->back().id;
  auto next = q().ledger(f);
  ASSERT_EQ(next->size(), 2u);
  EXPECT_EQ(next->at(0).qty, 3);
  EXPECT_EQ(next->at(1).qty, 2);
  f.before_id = next->back().id;
  f.limit = 10;
  auto last = q().ledger(f);
  ASSERT_EQ(last->size(), 1u);
  EXPECT_EQ(last->at(0).qty, 1);
}

TEST_F(Documents, TheOpenOrderForADoorIsItsOwnOldestThenOneForAnyDoor) {
  auto for_any_door = asn("ASN-ANY", {{"TEA-500", 1}});
  for_any_door.door = "";
  ASSERT_TRUE(engine_->upsert_order(for_any_door).is_ok());
  EXPECT_EQ(q().open_order_for_door(OrderKind::expected_receipt, "DOOR-3").value()->number, "ASN-ANY");
  ASSERT_TRUE(engine_->upsert_order(asn("ASN-OLD", {{"TEA-500", 2}})).is_ok());  // DOOR-3
  ASSERT_TRUE(engine_->upsert_order(asn("ASN-NEW", {{"RICE-5", 3}})).is_ok());
  auto first = q().open_order_for_door(OrderKind::expected_receipt, "DOOR-3");
  ASSERT_TRUE(first.is_ok());
  ASSERT_TRUE(first->has_value());
  EXPECT_EQ((*first)->number, "ASN-OLD");
  ASSERT_EQ((*first)->lines.size(), 1u);
  EXPECT_EQ((*first)->lines[0].qty, 2);
  ASSERT_TRUE(engine_->cancel_order("ASN-OLD").is_ok());
  EXPECT_EQ(q().open_order_for_door(OrderKind::expected_receipt, "DOOR-3").value()->number, "ASN-NEW");
  EXPECT_FALSE(q().open_order_for_door(OrderKind::pick_list, "DOOR-3").value().has_value());
}

TEST_F(Documents, APalletIsDescribedByTheLatestAsnThatListsIt) {
  const std::string sscc = "106141411234567897";
  auto first = asn("ASN-P1", {{"TEA-500", 10}});
  first.lines[0].sscc = sscc;
  ASSERT_TRUE(engine_->upsert_order(first).is_ok());
  auto second = asn("ASN-P2", {{"RICE-5", 4}, {"CUP-S", 6}});
  second.lines[0].sscc = sscc;
  second.lines[1].sscc = sscc;
  ASSERT_TRUE(engine_->upsert_order(second).is_ok());
  auto lines = q().pallet_lines(sscc);
  ASSERT_TRUE(lines.is_ok());
  ASSERT_EQ(lines->size(), 2u);
  EXPECT_EQ(lines->at(0).sku, "RICE-5");
  EXPECT_EQ(lines->at(1).sku, "CUP-S");
  EXPECT_TRUE(q().pallet_lines("100000000000000007")->empty());
}

// Retired master data may be emptied, never filled: the rule in engine.h.
TEST_F(Documents, RetiredItemsAndLocationsMayBeEmptiedButNeverFilled) {
  receive("TEA-500", 10, "A-01");
  receive("RICE-5", 4, "A-02");
  auto draft = [&] {
    DocumentRequest r;
    r.type = DocType::receipt;
    r.to = "A-02";
    r.lines = {line("TEA-500", 1)};
    return r;
  }();
  auto held = engine_->create(draft);  // a draft made before the retirement
  ASSERT_TRUE(held.is_ok()) << held.status().to_string();
  auto retired = engine_->run<bool>([](Tx& tx) -> Result<bool> {
    JXC_TRY(retire_items(tx, {"TEA-500"}));
    JXC_TRY(retire_locations(tx, {"A-02"}));
    return true;
  });
  ASSERT_TRUE(retired.is_ok()) << retired.status().to_string();
  const std::int64_t seq_before = Outbox::stats(q()).value().last_seq;
  auto refused = [&](DocumentRequest r, const std::string& reason) {
    auto res = engine_->post(r);
    ASSERT_FALSE(res.is_ok()) << reason;
    EXPECT_EQ(res.status().code(), Errc::retired) << res.status().to_string();
    EXPECT_NE(res.status().reason().find(reason), std::string::npos) << res.status().to_string();
  };
  DocumentRequest rcv;
  rcv.type = DocType::receipt;
  rcv.to = "RECV-1";
  rcv.lines = {line("CUP-S", 1), line("TEA-500", 3)};
  refused(rcv, "line 2: item TEA-500 is retired");
  DocumentRequest cret;
  cret.type = DocType::customer_return;
  cret.to = "A-01";
  cret.lines = {line("TEA-500", 1)};
  refused(cret, "item TEA-500 is retired");
  DocumentRequest gain;
  gain.type = DocType::adjustment;
  gain.to = "A-01";
  gain.lines = {line("TEA-500", 2)};
  refused(gain, "item TEA-500 is retired");
  DocumentRequest into;
  into.type = DocType::transfer;
  into.from = "A-01";
  into.to = "A-02";
  into.lines = {line("CUP-S", 1)};
  refused(into, "location A-02 is retired");
  auto posted = engine_->post_document(held->number);
  ASSERT_FALSE(posted.is_ok());
  EXPECT_EQ(posted.status().code(), Errc::retired) << posted.status().to_string();
  // Nothing was written by any of the refusals.
  EXPECT_EQ(Outbox::stats(q()).value().last_seq, seq_before);
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 10);
  EXPECT_EQ(on_hand("CUP-S", "RECV-1"), 0);

  // What is there can be cleared: moved, issued, scrapped, adjusted down,
  // and taken out of the retired bin.
  DocumentRequest move;
  move.type = DocType::transfer;
  move.from = "A-01";
  move.to = "A-03";
  move.lines = {line("TEA-500", 2)};
  DocumentRequest iss;
  iss.type = DocType::issue;
  iss.from = "A-01";
  iss.lines = {line("TEA-500", 5)};
  DocumentRequest scrap;
  scrap.type = DocType::scrap;
  scrap.from = "A-03";
  scrap.lines = {line("TEA-500", 2)};
  DocumentRequest loss;
  loss.type = DocType::adjustment;
  loss.to = "A-01";
  loss.lines = {line("TEA-500", -3)};
  DocumentRequest out_of_bin;
  out_of_bin.type = DocType::transfer;
  out_of_bin.from = "A-02";
  out_of_bin.to = "A-01";
  out_of_bin.lines = {line("RICE-5", 4)};
  for (auto* r : {&move, &iss, &scrap, &loss, &out_of_bin}) {
    auto res = engine_->post(*r);
    EXPECT_TRUE(res.is_ok()) << res.status().to_string();
  }
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 0);
  EXPECT_EQ(on_hand("TEA-500", "A-03"), 0);
  EXPECT_EQ(on_hand("RICE-5", "A-02"), 0);
  expect_consistent();
}

}  // namespace
}  // namespace jxc::inventory::testing
