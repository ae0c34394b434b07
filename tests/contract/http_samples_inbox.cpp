// The exception inbox: held documents, weight discrepancies, alerts and
// replenishment suggestions, each decision's success and its refusals.
#include "edge/alerts/alert_store.h"
#include "edge/alerts/suggestion_store.h"
#include "edge/inventory/tx.h"
#include "edge/inventory/weight_records.h"
#include "tests/contract/http_samples.h"

namespace jxc::samples {
namespace {

template <typename T>
T must(Result<T> r, const std::string& what) {
  if (!r) die(what + ": " + r.status().to_string());
  return std::move(r).value();
}

// A receipt against `order`, 3 of the 10 it expects, held for review with a
// tag no item carries.
std::string hold(Run& run, const std::string& order) {
  inventory::Order asn;
  asn.number = order;
  asn.lines = {{"TEA-500", "", 10, 0}};
  if (Status s = run.engine.upsert_order(asn); !s) die("order: " + s.to_string());
  inventory::DocumentRequest req;
  req.type = inventory::DocType::receipt;
  req.order = order;
  req.to = "A-01";
  req.lines = {{"TEA-500", "", std::nullopt, 3, "", "", ""}};
  req.close_order = true;
  req.source = "door-1";
  req.hold_exceptions = true;
  req.exceptions = {"unexpected tag urn:epc:id:sgtin:0614141.812345.6789: no item has GTIN 00614141123452"};
  return must(run.engine.post(req), "held receipt").number;
}

std::string seed_exceptions(Run& run) {
  return std::to_string(must(run.engine.run<std::int64_t>([](inventory::Tx& tx) -> Result<std::int64_t> {
    JXC_ASSIGN(auto item, tx.item("TEA-500"));
    JXC_ASSIGN(auto bin, tx.location("A-01"));
    JXC_ASSIGN(auto first, inventory::insert_discrepancy(tx, "S1-1", item.id, bin.id, 10, 9));
    JXC_ASSIGN(auto second, inventory::insert_discrepancy(tx, "S1-1", item.id, bin.id, 10, 11));
    (void)second;
    for (auto kind : {alerts::Kind::low_stock, alerts::Kind::overstock}) {
      alerts::Alert a = alerts::make_alert({kind, "TEA-500", "A-01", "", ""}, 3, 10, "绿茶 500g (TEA-500)", tx.now());
      JXC_ASSIGN(bool opened, alerts::store_raise(tx, a));
      (void)opened;
    }
    for (const char* location : {"A-01", "A"}) {
      alerts::Suggestion s;
      s.item = "TEA-500";
      s.location = location;
      s.on_hand = 3;
      s.reorder_point = 10;
      s.qty = 20;
      s.lead_time_days = 3;
      JXC_ASSIGN(bool made, alerts::store_suggest(tx, s));
      (void)made;
    }
    return first;
  }), "exceptions"));
}

}  // namespace

void inbox(Run& run) {
  const std::string held = hold(run, "ASN-IN-1"), other = hold(run, "ASN-IN-2");
  const std::string first = seed_exceptions(run);
  const std::string second = std::to_string(std::stoll(first) + 1);
  const Args clerk_write = with(run.clerk, {"-H", "X-CSRF-Token: " + run.clerk_csrf});

  run.call("GET", "/api/v1/inbox", "/api/v1/inbox", run.manager);
  run.call("GET", "/api/v1/inbox", "/api/v1/inbox?limit=2", run.manager);
  run.call("GET", "/api/v1/inbox", "/api/v1/inbox?limit=0", run.manager);
  run.call("GET", "/api/v1/inbox", "/api/v1/inbox", run.operator_token);
  run.call("GET", "/api/v1/inbox", "/api/v1/inbox", {});

  // Held documents: edited by the manager, so released by someone else.
  const std::string lines = "/api/v1/inbox/documents/{number}/lines";
  const std::string release = "/api/v1/inbox/documents/{number}/release";
  const std::string cancel = "/api/v1/inbox/documents/{number}/cancel";
  const std::string doc = "/api/v1/inbox/documents/" + held;
  run.call("PUT", lines, doc + "/lines", with(run.manager, with(kJson, data(R"({"lines":[{"sku":"TEA-500","qty":10}]})"))));
  run.call("PUT", lines, doc + "/lines", with(run.manager, with(kJson, data(R"({"lines":[]})"))));
  run.call("PUT", lines, doc + "/lines", with(run.manager, data(R"({"lines":[{"sku":"TEA-500","qty":1}]})")));
  run.call("PUT", lines, doc + "/lines", with(run.manager, with(kJson, data(std::string(2000, ' ')))));
  run.call("PUT", lines, "/api/v1/inbox/documents/NOPE-1/lines",
           with(run.manager, with(kJson, data(R"({"lines":[{"sku":"TEA-500","qty":1}]})"))));
  run.call("PUT", lines, doc + "/lines", with(clerk_write, with(kJson, data(R"({"lines":[{"sku":"TEA-500","qty":1}]})"))));
  run.call("PUT", lines, doc + "/lines", with(kJson, data(R"({"lines":[{"sku":"TEA-500","qty":1}]})")));
  run.call("POST", release, doc + "/release", run.manager);  // four_eyes
  run.call("POST", release, doc + "/release", run.operator_token);
  run.call("POST", release, doc + "/release", {});
  run.call("POST", release, "/api/v1/inbox/documents/NOPE-1/release", run.admin);
  run.call("POST", release, doc + "/release", run.admin);
  run.call("POST", release, doc + "/release", run.admin);  // posted already
  run.call("PUT", lines, doc + "/lines", with(run.manager, with(kJson, data(R"({"lines":[{"sku":"TEA-500","qty":1}]})"))));
  run.call("POST", cancel, "/api/v1/inbox/documents/" + other + "/cancel", run.operator_token);
  run.call("POST", cancel, "/api/v1/inbox/documents/" + other + "/cancel", {});
  run.call("POST", cancel, "/api/v1/inbox/documents/NOPE-1/cancel", run.manager);
  run.call("POST", cancel, "/api/v1/inbox/documents/" + other + "/cancel", run.manager);
  run.call("POST", cancel, "/api/v1/inbox/documents/" + other + "/cancel", run.manager);  // cancelled already

  // Weight discrepancies.
  run.call("GET", "/api/v1/discrepancies", "/api/v1/discrepancies", run.manager);
  run.call("GET", "/api/v1/discrepancies", "/api/v1/discrepancies?state=all&limit=1", run.manager);
  run.call("GET", "/api/v1/discrepancies", "/api/v1/discrepancies?state=closed", run.manager);
  run.call("GET", "/api/v1/discrepancies", "/api/v1/discrepancies", run.operator_token);
  run.call("GET", "/api/v1/discrepancies", "/api/v1/discrepancies", {});
  const std::string accept = "/api/v1/discrepancies/{id}/accept", dismiss = "/api/v1/discrepancies/{id}/dismiss";
  run.call("POST", accept, "/api/v1/discrepancies/" + first + "/accept", run.operator_token);
  run.call("POST", accept, "/api/v1/discrepancies/" + first + "/accept", {});
  run.call("POST", accept, "/api/v1/discrepancies/" + first + "/accept", run.manager);
  run.call("POST", accept, "/api/v1/discrepancies/" + first + "/accept", run.manager);  // resolved already
  run.call("POST", accept, "/api/v1/discrepancies/999/accept", run.manager);
  run.call("POST", accept, "/api/v1/discrepancies/x/accept", run.manager);
  run.call("POST", dismiss, "/api/v1/discrepancies/" + second + "/dismiss", run.operator_token);
  run.call("POST", dismiss, "/api/v1/discrepancies/" + second + "/dismiss", {});
  run.call("POST", dismiss, "/api/v1/discrepancies/" + second + "/dismiss", run.manager);
  run.call("POST", dismiss, "/api/v1/discrepancies/" + second + "/dismiss", run.manager);
  run.call("POST", dismiss, "/api/v1/discrepancies/999/dismiss", run.manager);
  run.call("POST", dismiss, "/api/v1/discrepancies/0/dismiss", run.manager);

  // Alerts.
  run.call("GET", "/api/v1/alerts", "/api/v1/alerts", run.manager);
  run.call("GET", "/api/v1/alerts", "/api/v1/alerts?state=open&kind=low_stock&severity=warning&limit=1", run.manager);
  run.call("GET", "/api/v1/alerts", "/api/v1/alerts?state=closed", run.manager);
  run.call("GET", "/api/v1/alerts", "/api/v1/alerts", run.operator_token);
  run.call("GET", "/api/v1/alerts", "/api/v1/alerts", {});
  auto alerts = must(run.engine.run<std::vector<alerts::Alert>>([](inventory::Tx& tx) {
    return alerts::load_alerts(tx, {true, 10});
  }), "alerts");
  const std::string ack = "/api/v1/alerts/{id}/acknowledge";
  const std::string open_id = std::to_string(alerts.front().id);
  run.call("POST", ack, "/api/v1/alerts/" + open_id + "/acknowledge", run.operator_token);
  run.call("POST", ack, "/api/v1/alerts/" + open_id + "/acknowledge", {});
  run.call("POST", ack, "/api/v1/alerts/" + open_id + "/acknowledge", run.manager);
  run.call("POST", ack, "/api/v1/alerts/999/acknowledge", run.manager);
  run.call("POST", ack, "/api/v1/alerts/x/acknowledge", run.manager);
  must(run.engine.run<int>([&](inventory::Tx& tx) -> Result<int> {
    JXC_TRY(alerts::store_clear(tx, alerts.front().key).status());
    return 0;
  }), "clear");
  run.call("POST", ack, "/api/v1/alerts/" + open_id + "/acknowledge", run.manager);  // cleared
  run.call("GET", "/api/v1/alerts", "/api/v1/alerts?state=cleared", run.manager);

  // Replenishment suggestions.
  run.call("GET", "/api/v1/suggestions", "/api/v1/suggestions", run.manager);
  run.call("GET", "/api/v1/suggestions", "/api/v1/suggestions?state=all&limit=1", run.manager);
  run.call("GET", "/api/v1/suggestions", "/api/v1/suggestions?state=x", run.manager);
  run.call("GET", "/api/v1/suggestions", "/api/v1/suggestions", run.operator_token);
  run.call("GET", "/api/v1/suggestions", "/api/v1/suggestions", {});
  auto open = must(run.engine.run<std::vector<alerts::Suggestion>>([](inventory::Tx& tx) {
    return alerts::load_suggestions(tx, true, 10);
  }), "suggestions");
  const std::string s1 = std::to_string(open.at(0).id), s2 = std::to_string(open.at(1).id);
  const std::string s_accept = "/api/v1/suggestions/{id}/accept", s_dismiss = "/api/v1/suggestions/{id}/dismiss";
  run.call("POST", s_accept, "/api/v1/suggestions/" + s1 + "/accept", run.operator_token);
  run.call("POST", s_accept, "/api/v1/suggestions/" + s1 + "/accept", {});
  run.call("POST", s_accept, "/api/v1/suggestions/" + s1 + "/accept", run.manager);
  run.call("POST", s_accept, "/api/v1/suggestions/" + s1 + "/accept", run.manager);
  run.call("POST", s_accept, "/api/v1/suggestions/999/accept", run.manager);
  run.call("POST", s_accept, "/api/v1/suggestions/x/accept", run.manager);
  run.call("POST", s_dismiss, "/api/v1/suggestions/" + s2 + "/dismiss", run.operator_token);
  run.call("POST", s_dismiss, "/api/v1/suggestions/" + s2 + "/dismiss", {});
  run.call("POST", s_dismiss, "/api/v1/suggestions/" + s2 + "/dismiss", run.manager);
  run.call("POST", s_dismiss, "/api/v1/suggestions/" + s2 + "/dismiss", run.manager);
  run.call("POST", s_dismiss, "/api/v1/suggestions/999/dismiss", run.manager);
  run.call("POST", s_dismiss, "/api/v1/suggestions/0/dismiss", run.manager);
  run.call("GET", "/api/v1/inbox", "/api/v1/inbox", run.manager);
}

}  // namespace jxc::samples
