// Documents, expected receipts and pick lists: every operation's success and
// each refusal the document lists for it.
#include "tests/contract/http_samples.h"

namespace jxc::samples {
namespace {

std::string number_of(const http::testing::Reply& r, const std::string& what) {
  auto j = r.json();
  if (r.status / 100 != 2 || !j.contains("number")) die(what + ": " + std::to_string(r.status) + " " + r.body);
  return j["number"];
}

}  // namespace

void documents(Run& run) {
  const Args clerk_writes = with(run.clerk, {"-H", "X-CSRF-Token: " + run.clerk_csrf});
  const Args op = run.operator_token;
  const Args boss = run.manager;

  // Orders first: documents are checked against them.
  const std::string asn =
      R"({"kind":"receipt","number":"ASN-100","ref":"PO-9","partner":"Tea Co","tolerance_pct":10,)"
      R"("lines":[{"sku":"TEA-500","qty":10},{"sku":"MILK-1","qty":4,"lot":"L2","sscc":"106141411234567897"}]})";
  run.call("POST", "/api/v1/orders", "/api/v1/orders", with(with(boss, kJson), data(asn)));
  run.call("POST", "/api/v1/orders", "/api/v1/orders", with(with(boss, kJson), data(asn)));
  run.call("POST", "/api/v1/orders", "/api/v1/orders",
           with(with(boss, kJson), data(R"({"kind":"pick","number":"SO-100","lines":[{"sku":"TEA-500","qty":3}]})")));
  run.call("POST", "/api/v1/orders", "/api/v1/orders",
           with(with(boss, kJson), data(R"({"kind":"pick","number":"SO-101","lines":[{"sku":"TEA-500","qty":1}]})")));
  // As the central system's ASN gives it: due time, PO line ids, a quantity as entered.
  run.call("POST", "/api/v1/orders", "/api/v1/orders",
           with(with(boss, kJson),
                data(R"({"kind":"receipt","number":"ASN-101","expected_at":"2026-12-05T06:00:00Z","lines":[)"
                     R"({"sku":"TEA-500","quantity":"12","line_id":"10"},{"sku":"MILK-1","qty":2,"lot":"L2","line_id":"20"}]})")));
  run.call("GET", "/api/v1/orders/{number}", "/api/v1/orders/ASN-101", run.clerk);
  run.call("POST", "/api/v1/orders", "/api/v1/orders", with(with(op, kJson), data(asn)));
  run.call("POST", "/api/v1/orders", "/api/v1/orders", with(boss, data(asn)));
  run.call("POST", "/api/v1/orders", "/api/v1/orders",
           with(with(boss, kJson), data(R"({"kind":"asn","number":"X","lines":[{"sku":"TEA-500","qty":1}]})")));
  run.call("POST", "/api/v1/orders", "/api/v1/orders",
           with(with(boss, kJson), data(R"({"kind":"pick","number":"ASN-100","lines":[{"sku":"TEA-500","qty":1}]})")));
  run.call("POST", "/api/v1/orders", "/api/v1/orders",
           with(with(boss, kJson), data(R"({"kind":"pick","number":"SO-9","lines":[{"sku":"NOPE","qty":1}]})")));
  run.call("POST", "/api/v1/orders", "/api/v1/orders",
           with(with(boss, kJson), data(R"({"kind":"pick","number":"SO-9","partner":")" + std::string(1100, 'x') + "\"}")));
  run.call("POST", "/api/v1/orders", "/api/v1/orders", with(kJson, data(asn)));
  run.call("GET", "/api/v1/orders", "/api/v1/orders", run.clerk);
  run.call("GET", "/api/v1/orders", "/api/v1/orders?kind=receipt&state=open&limit=1", run.clerk);
  run.call("GET", "/api/v1/orders", "/api/v1/orders?kind=asn", run.clerk);
  run.call("GET", "/api/v1/orders", "/api/v1/orders", {});
  run.call("GET", "/api/v1/orders/{number}", "/api/v1/orders/ASN-100", run.clerk);
  run.call("GET", "/api/v1/orders/{number}", "/api/v1/orders/NOPE", run.clerk);
  run.call("GET", "/api/v1/orders/{number}", "/api/v1/orders/ASN-100", {});
  // Where to pick (FEFO), before and after a pick list is cancelled.
  run.call("GET", "/api/v1/orders/{number}/picks", "/api/v1/orders/SO-101/picks", run.clerk);
  run.call("GET", "/api/v1/orders/{number}/picks", "/api/v1/orders/ASN-100/picks", run.clerk);
  run.call("GET", "/api/v1/orders/{number}/picks", "/api/v1/orders/NOPE/picks", run.clerk);
  run.call("GET", "/api/v1/orders/{number}/picks", "/api/v1/orders/SO-101/picks", {});
  run.call("POST", "/api/v1/orders/{number}/cancel", "/api/v1/orders/SO-101/cancel", boss);
  run.call("POST", "/api/v1/orders/{number}/cancel", "/api/v1/orders/SO-101/cancel", boss);
  run.call("GET", "/api/v1/orders/{number}/picks", "/api/v1/orders/SO-101/picks", run.clerk);
  run.call("POST", "/api/v1/orders/{number}/cancel", "/api/v1/orders/NOPE/cancel", boss);
  run.call("POST", "/api/v1/orders/{number}/cancel", "/api/v1/orders/SO-100/cancel", op);
  run.call("POST", "/api/v1/orders/{number}/cancel", "/api/v1/orders/SO-100/cancel", {});

  // A draft against the expected receipt, confirmed and posted.
  const std::string receipt =
      R"({"type":"receipt","to":"A-01","order":"ASN-100","note":"dock 1","lines":[{"sku":"TEA-500","qty":6},)"
      R"({"sku":"MILK-1","qty":4,"lot":"L2","expiry":"2027-03-31","unit_cost":98000}]})";
  std::string draft = number_of(run.call("POST", "/api/v1/documents", "/api/v1/documents",
                                         with(with(clerk_writes, kJson), data(receipt))),
                                "draft receipt");
  const std::string at = "/api/v1/documents/" + draft;
  run.call("GET", "/api/v1/documents/{number}", at, run.clerk);
  run.call("POST", "/api/v1/documents/{number}/confirm", at + "/confirm", with(op, {"-H", "Idempotency-Key: confirm-1"}));
  run.call("POST", "/api/v1/documents/{number}/confirm", at + "/confirm", op);
  run.call("POST", "/api/v1/documents/{number}/post", at + "/post", with(op, {"-H", "Idempotency-Key: post-1"}));
  run.call("POST", "/api/v1/documents/{number}/post", at + "/post", with(op, {"-H", "Idempotency-Key: post-1"}));
  run.call("POST", "/api/v1/documents/{number}/post", at + "/post", op);
  run.call("GET", "/api/v1/documents/{number}", at, run.clerk);

  // Quantities as entered: a case of tea and 1.25 kg of rice, kept as a
  // draft; more decimals than the item has are refused.
  const std::string packs = number_of(
      run.call("POST", "/api/v1/documents", "/api/v1/documents",
               with(with(op, kJson), data(R"({"type":"receipt","to":"A-01","lines":[)"
                                          R"({"sku":"TEA-500","quantity":"1","unit":"case"},)"
                                          R"({"sku":"RICE-KG","quantity":1.25}]})"))),
      "receipt in packs");
  run.call("GET", "/api/v1/documents/{number}", "/api/v1/documents/" + packs, run.clerk);
  run.call("POST", "/api/v1/documents", "/api/v1/documents",
           with(with(op, kJson), data(R"({"type":"receipt","to":"A-01","lines":[{"sku":"RICE-KG","quantity":"1.2345"}]})")));
  run.call("POST", "/api/v1/documents", "/api/v1/documents",
           with(with(op, kJson), data(R"({"type":"receipt","to":"A-01","lines":[{"sku":"TEA-500","qty":1,"quantity":"1"}]})")));

  // Created and posted in one go, and retried under the same key.
  const Args issue = with(kJson, data(R"({"type":"issue","from":"A-01","order":"SO-100","post":true,)"
                                      R"("lines":[{"sku":"TEA-500","qty":3}]})"));
  const Args key = {"-H", "Idempotency-Key: hh-0001"};
  std::string issued =
      number_of(run.call("POST", "/api/v1/documents", "/api/v1/documents", with(with(op, key), issue)), "issue");
  run.call("POST", "/api/v1/documents", "/api/v1/documents", with(with(op, key), issue));
  run.call("POST", "/api/v1/documents", "/api/v1/documents",
           with(with(op, key), with(kJson, data(R"({"type":"transfer","from":"A-01","to":"A-01","lines":[{"sku":"TEA-500","qty":1}]})"))));
  // Quality inspection: accepted and quarantined lines, shown with the bin
  // each went to; nothing is issued from the quarantine bin.
  const std::string inspected = number_of(
      run.call("POST", "/api/v1/documents", "/api/v1/documents",
               with(op, with(kJson, data(R"({"type":"receipt","to":"A-01","post":true,"lines":[)"
                                         R"({"sku":"TEA-500","qty":2,"inspection":"accepted"},)"
                                         R"({"sku":"TEA-500","qty":1,"inspection":"quarantine"}]})")))),
      "inspected receipt");
  run.call("GET", "/api/v1/documents/{number}", "/api/v1/documents/" + inspected, run.clerk);
  run.call("POST", "/api/v1/documents", "/api/v1/documents",
           with(op, with(kJson, data(R"({"type":"issue","from":"Q-01","post":true,"lines":[{"sku":"TEA-500","qty":1}]})"))));
  run.call("POST", "/api/v1/documents", "/api/v1/documents",
           with(op, with(kJson, data(R"({"type":"receipt","to":"A-01","lines":[{"sku":"TEA-500","qty":1,"inspection":"fine"}]})"))));
  // A customer return against an issue, then one of more than it shipped.
  const std::string sold = number_of(
      run.call("POST", "/api/v1/documents", "/api/v1/documents",
               with(op, with(kJson, data(R"({"type":"issue","from":"A-01","post":true,"lines":[{"sku":"TEA-500","qty":2}]})")))),
      "issue to return against");
  const std::string returned = number_of(
      run.call("POST", "/api/v1/documents", "/api/v1/documents",
               with(op, with(kJson, data(R"({"type":"customer_return","to":"A-01","post":true,"reason":"damaged",)"
                                         R"("ref_document":")" + sold + R"(","lines":[{"sku":"TEA-500","qty":1,)"
                                         R"("ref_line":1,"disposition":"restock"}]})")))),
      "customer return");
  run.call("GET", "/api/v1/documents/{number}", "/api/v1/documents/" + returned, run.clerk);
  run.call("POST", "/api/v1/documents", "/api/v1/documents",
           with(op, with(kJson, data(R"({"type":"customer_return","to":"A-01","post":true,"ref_document":")" + sold +
                                     R"(","lines":[{"sku":"TEA-500","qty":3,"ref_line":1,"disposition":"restock"}]})"))));
  run.call("POST", "/api/v1/documents", "/api/v1/documents",
           with(op, with(kJson, data(R"({"type":"customer_return","to":"A-01","ref_document":"NOPE-9",)"
                                     R"("lines":[{"sku":"TEA-500","qty":1}]})"))));
  // Issues to and receipts from production, other issues and receipts with their cost centres.
  for (const char* body :
       {R"({"type":"production_receipt","to":"A-01","cost_centre":"WO-7","post":true,)"
        R"("lines":[{"sku":"TEA-500","qty":4,"unit_cost":95000}]})",
        R"({"type":"production_issue","from":"A-01","cost_centre":"WO-8","post":true,"lines":[{"sku":"TEA-500","qty":1}]})",
        R"({"type":"other_receipt","to":"A-01","cost_centre":"CC-SAMPLES","post":true,"lines":[{"sku":"TEA-500","qty":1}]})",
        R"({"type":"other_issue","from":"A-01","cost_centre":"CC-CANTEEN","post":true,"lines":[{"sku":"TEA-500","qty":1}]})"}) {
    const std::string n = number_of(run.call("POST", "/api/v1/documents", "/api/v1/documents", with(op, with(kJson, data(body)))),
                                    "production or other document");
    run.call("GET", "/api/v1/documents/{number}", "/api/v1/documents/" + n, run.clerk);
  }
  run.call("POST", "/api/v1/documents", "/api/v1/documents",
           with(op, with(kJson, data(R"({"type":"other_issue","from":"A-01","lines":[{"sku":"TEA-500","qty":1}]})"))));
  run.call("POST", "/api/v1/documents", "/api/v1/documents",
           with(op, with(kJson, data(R"({"type":"opening","to":"A-01","lines":[{"sku":"TEA-500","qty":1}]})"))));
  run.call("GET", "/api/v1/documents", "/api/v1/documents?type=production_receipt", run.clerk);
  // Refusals of a new document.
  run.call("POST", "/api/v1/documents", "/api/v1/documents",
           with(op, with(kJson, data(R"({"type":"issue","from":"A-01","post":true,"lines":[{"sku":"TEA-500","qty":999}]})"))));
  run.call("POST", "/api/v1/documents", "/api/v1/documents",
           with(op, with(kJson, data(R"({"type":"receipt","to":"A-01","order":"ASN-100","post":true,"lines":[{"sku":"TEA-500","qty":50}]})"))));
  run.call("POST", "/api/v1/documents", "/api/v1/documents",
           with(op, with(kJson, data(R"({"type":"receipt","to":"A-01","lines":[{"sku":"TEA-500","qty":1}],"colour":"red"})"))));
  run.call("POST", "/api/v1/documents", "/api/v1/documents",
           with(op, with(kJson, data(R"({"type":"receipt","number":")" + draft + R"(","to":"A-01","lines":[{"sku":"TEA-500","qty":1}]})"))));
  run.call("POST", "/api/v1/documents", "/api/v1/documents", with(op, data(R"({"type":"receipt"})")));
  run.call("POST", "/api/v1/documents", "/api/v1/documents",
           with(op, with(kJson, data(R"({"type":"receipt","note":")" + std::string(1100, 'x') + "\"}"))));
  run.call("POST", "/api/v1/documents", "/api/v1/documents", with(run.clerk, with(kJson, data(R"({"type":"receipt"})"))));
  run.call("POST", "/api/v1/documents", "/api/v1/documents", with(kJson, data(R"({"type":"receipt"})")));

  // A draft cancelled, then refused everything else.
  std::string cancelled = number_of(
      run.call("POST", "/api/v1/documents", "/api/v1/documents",
               with(op, with(kJson, data(R"({"type":"receipt","to":"A-01","lines":[{"sku":"TEA-500","qty":1}]})")))),
      "draft to cancel");
  const std::string c_at = "/api/v1/documents/" + cancelled;
  run.call("POST", "/api/v1/documents/{number}/cancel", c_at + "/cancel", with(op, {"-H", "Idempotency-Key: cancel-1"}));
  run.call("POST", "/api/v1/documents/{number}/cancel", c_at + "/cancel", op);
  run.call("POST", "/api/v1/documents/{number}/post", c_at + "/post", op);
  run.call("POST", "/api/v1/documents/{number}/confirm", c_at + "/confirm", op);
  for (const char* step : {"confirm", "post", "cancel"}) {
    const std::string tmpl = std::string("/api/v1/documents/{number}/") + step;
    run.call("POST", tmpl, std::string("/api/v1/documents/NOPE-1/") + step, op);
    run.call("POST", tmpl, c_at + "/" + step, run.clerk);
    run.call("POST", tmpl, c_at + "/" + step, {});
    run.call("POST", tmpl, c_at + "/" + step, with(op, {"-H", "Idempotency-Key: " + std::string(201, 'k')}));
  }
  // A draft over the order's tolerance once the order has changed: refused when posted.
  std::string over = number_of(
      run.call("POST", "/api/v1/documents", "/api/v1/documents",
               with(op, with(kJson, data(R"({"type":"receipt","to":"A-01","order":"ASN-100","lines":[{"sku":"TEA-500","qty":4}]})")))),
      "draft over tolerance");
  run.call("POST", "/api/v1/orders", "/api/v1/orders",
           with(with(boss, kJson), data(R"({"kind":"receipt","number":"ASN-100","tolerance_pct":0,"lines":[{"sku":"TEA-500","qty":8}]})")));
  run.call("POST", "/api/v1/documents/{number}/post", "/api/v1/documents/" + over + "/post", op);
  // A key used for one document is refused for another.
  run.call("POST", "/api/v1/documents/{number}/confirm", "/api/v1/documents/" + over + "/confirm",
           with(op, {"-H", "Idempotency-Key: confirm-1"}));
  run.call("POST", "/api/v1/documents/{number}/cancel", "/api/v1/documents/" + over + "/cancel",
           with(op, {"-H", "Idempotency-Key: cancel-1"}));

  // Reversal by a manager.
  const std::string r_at = "/api/v1/documents/" + issued + "/reverse";
  const Args why = with(kJson, data(R"({"reason":"wrong customer"})"));
  run.call("POST", "/api/v1/documents/{number}/reverse", r_at, with(op, why));
  std::string reversal = number_of(run.call("POST", "/api/v1/documents/{number}/reverse", r_at, with(boss, why)), "reversal");
  run.call("POST", "/api/v1/documents/{number}/reverse", r_at, with(boss, why));
  run.call("POST", "/api/v1/documents/{number}/reverse", "/api/v1/documents/NOPE-1/reverse", with(boss, why));
  run.call("POST", "/api/v1/documents/{number}/reverse", r_at, with(boss, with(kJson, data(R"({"reason":""})"))));
  run.call("POST", "/api/v1/documents/{number}/reverse", r_at, with(boss, data(R"({"reason":"x"})")));
  run.call("POST", "/api/v1/documents/{number}/reverse", r_at,
           with(boss, with(kJson, data(R"({"reason":")" + std::string(1100, 'x') + "\"}"))));
  run.call("POST", "/api/v1/documents/{number}/reverse", r_at, with(kJson, data(R"({"reason":"x"})")));
  // The lot the receipt brought in has left again: its reversal would take
  // stock that is not there.
  run.call("POST", "/api/v1/documents", "/api/v1/documents",
           with(op, with(kJson, data(R"({"type":"issue","from":"A-01","post":true,"lines":[{"sku":"MILK-1","lot":"L2","qty":4}]})"))));
  run.call("POST", "/api/v1/documents/{number}/reverse", at + "/reverse",
           with(boss, with(kJson, data(R"({"reason":"not ours"})"))));
  run.call("GET", "/api/v1/documents/{number}", "/api/v1/documents/" + reversal, run.clerk);
  run.call("GET", "/api/v1/documents/{number}", "/api/v1/documents/" + issued, run.clerk);
  run.call("GET", "/api/v1/documents/{number}", "/api/v1/documents/NOPE-1", run.clerk);
  run.call("GET", "/api/v1/documents/{number}", at, {});

  run.call("GET", "/api/v1/documents", "/api/v1/documents", run.clerk);
  run.call("GET", "/api/v1/documents", "/api/v1/documents?type=receipt&state=posted&sku=TEA-500&limit=1", run.clerk);
  run.call("GET", "/api/v1/documents", "/api/v1/documents?since=2025-01-01&until=2030-01-01T00:00:00Z&source=samples",
           run.clerk);
  run.call("GET", "/api/v1/documents", "/api/v1/documents?state=open", run.clerk);
  run.call("GET", "/api/v1/documents", "/api/v1/documents?sku=NOPE", run.clerk);
  run.call("GET", "/api/v1/documents", "/api/v1/documents", {});
}

}  // namespace jxc::samples
