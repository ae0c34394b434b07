// Produces what the gateway really sends, for the contract test
// (validate_contract.py): applies the downlink fixtures to a fresh store,
// posts one document of every type, carries out every command (the central
// system's decisions too), and prints one JSON object per line:
//   {"event": <envelope>}      every outbox event, wrapped as on the wire
//   {"response": <response>}   every command response
// Usage: contract_samples <source dir> <empty temp dir>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>

#include "edge/alerts/alert_store.h"
#include "edge/inventory/count_workflow.h"
#include "edge/inventory/engine.h"
#include "edge/inventory/opening_stock.h"
#include "edge/inventory/tx.h"
#include "edge/inventory/queries.h"
#include "edge/sync/engine_downlink.h"

namespace {

using namespace jxc;
using namespace jxc::inventory;
using json = nlohmann::json;

[[noreturn]] void die(const std::string& what) {
  std::cerr << "contract_samples: " << what << "\n";
  std::exit(1);
}

template <typename T>
T must(Result<T> r, const std::string& what) {
  if (!r) die(what + ": " + r.status().to_string());
  return std::move(r).value();
}

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) die("cannot read " + p.string());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

DocLine line(const std::string& sku, Qty qty, const std::string& lot = "") {
  DocLine l;
  l.sku = sku;
  l.qty = qty;
  l.lot = lot;
  return l;
}

DocumentResult post(Engine& e, DocType type, const std::string& from, const std::string& to,
                    std::vector<DocLine> lines, const std::string& order = "", bool hold = false) {
  DocumentRequest r;
  r.type = type;
  r.from = from;
  r.to = to;
  r.order = order;
  r.lines = std::move(lines);
  r.source = "contract-samples";
  r.hold_exceptions = hold;
  return must(hold ? e.create(r) : e.post(r), "posting a " + std::string(to_string(type)));
}

/// A held receipt of one TEA-500 into RECV-1, made by contract-samples.
std::string held_receipt(Engine& e) {
  DocumentRequest r;
  r.type = DocType::receipt;
  r.to = "RECV-1";
  r.lines = {line("TEA-500", 1)};
  r.source = "contract-samples";
  r.hold_exceptions = true;
  r.exceptions = {"unexpected tag E2806894000050E000007A02: no item or location carries this RFID tag"};
  return must(e.create(r), "holding a receipt").number;
}

template <typename T>
T on_writer(Engine& e, const std::string& what, std::function<Result<T>(Tx&)> fn) {
  return must(e.run<T>(std::move(fn)), what);
}

/// Every decision of a person at the central system: carried out, repeated
/// and refused (unknown, in the wrong state, four-eyes).
template <typename Send>
void decisions(Engine& e, Send& send) {
  auto cmd = [&](const json& j, bool may_fail = false) { send("cmd", j.dump(), may_fail); };
  const json by = "王经理";
  send("asn", R"({"message_id":"asn-to-cancel","number":"ASN-1009","lines":[{"sku":"TEA-500","qty":5}]})");
  json cancel = {{"message_id", "cancel-asn"}, {"command", "cancel-order"}, {"number", "ASN-1009"}, {"by", by}};
  cmd(cancel);
  cmd(cancel);  // a duplicate
  cmd({{"message_id", "cancel-asn-again"}, {"command", "cancel-order"}, {"number", "ASN-1009"}, {"by", by}}, true);
  cmd({{"message_id", "cancel-no-order"}, {"command", "cancel-order"}, {"number", "ASN-404"}, {"by", by}}, true);

  const std::string held = held_receipt(e), other = held_receipt(e);
  cmd({{"message_id", "release-own"}, {"command", "release-document"}, {"number", held}, {"by", "contract-samples"}},
      true);
  cmd({{"message_id", "release"}, {"command", "release-document"}, {"number", held}, {"by", by}});
  cmd({{"message_id", "cancel-held"}, {"command", "cancel-document"}, {"number", other}, {"by", by}});

  CountOpen open;
  open.number = "CNT-C-0008";
  open.locations = {"A-02"};
  open.opened_by = "contract-samples";
  must(e.open_count(open), "opening a count");
  CountEntry entry;
  entry.count = open.number;
  entry.location = "A-02";
  entry.counter = "contract-samples";
  must(e.record_count(entry), "counting A-02");
  auto submit = [&] {
    on_writer<bool>(e, "submitting the count", [&](Tx& tx) -> Result<bool> {
      JXC_TRY(submit_count(tx, open.number, "contract-samples"));
      return true;
    });
  };
  submit();
  cmd({{"message_id", "reopen"}, {"command", "reopen-count"}, {"number", open.number}, {"by", by}});
  submit();
  cmd({{"message_id", "approve-own"}, {"command", "approve-count"}, {"number", open.number}, {"by", "contract-samples"}},
      true);
  cmd({{"message_id", "approve"}, {"command", "approve-count"}, {"number", open.number}, {"by", by}});

  auto suggestion = [&](const std::string& sku) {
    alerts::Suggestion s;
    s.item = sku;
    s.location = "A-01";
    s.on_hand = 3;
    s.reorder_point = 10;
    s.qty = 24;
    s.lead_time_days = 3;
    return on_writer<std::int64_t>(e, "suggesting", [&](Tx& tx) -> Result<std::int64_t> {
      JXC_TRY(alerts::store_suggest(tx, s).status());
      return s.id;
    });
  };
  const std::int64_t a = suggestion("TEA-500"), d = suggestion("RICE-5");
  cmd({{"message_id", "accept"}, {"command", "accept-suggestion"}, {"suggestion_id", std::to_string(a)}, {"by", by}});
  cmd({{"message_id", "dismiss"}, {"command", "dismiss-suggestion"}, {"suggestion_id", std::to_string(d)}, {"by", by}});

  alerts::Alert alert = alerts::make_alert({alerts::Kind::low_stock, "TEA-500", "A-01", "", ""}, 3, 10, "low", SystemClock::instance().now_ms());
  on_writer<bool>(e, "raising an alert", [&](Tx& tx) { return alerts::store_raise(tx, alert); });
  cmd({{"message_id", "ack"}, {"command", "ack-alert"}, {"alert_id", std::to_string(alert.id)}, {"by", by}});
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) die("usage: contract_samples <source dir> <temp dir>");
  std::filesystem::path fixtures = std::filesystem::path(argv[1]) / "tests" / "fixtures" / "downlink";
  EngineOptions opts;
  opts.store_path = (std::filesystem::path(argv[2]) / "contract.db").string();
  opts.gateway_id = "gw-contract";
  opts.site_id = "S1";
  auto engine = must(Engine::open(opts), "opening the store");
  auto downlink = must(sync::Downlink::open(*engine), "opening the downlink");

  std::vector<json> responses;
  auto send = [&](const std::string& kind, const std::string& payload, bool may_fail = false) {
    // Every message as an MQTT 5 request, so that its answer is a response
    // (checked against cmd-response.json) rather than a downlink.applied event.
    auto o = downlink->handle({kind, payload, true});
    if (o.response_json) responses.push_back(json::parse(*o.response_json));
    if (o.result == sync::DownlinkOutcome::Result::rejected && !may_fail)
      die(kind + " rejected: " + o.reason);
  };
  auto send_fixture = [&](const std::string& kind, const std::string& rel) {
    send(kind, read(fixtures / rel));
  };
  send_fixture("master/snapshot", "master-snapshot/v1.json");
  send_fixture("master/delta", "master-delta/v2.json");
  send_fixture("asn", "asn/po-0042-dock-1.json");
  send_fixture("asn", "asn/po-0043-any-door.json");
  send_fixture("asn", "asn/po-0044-pallets.json");
  send_fixture("asn", "asn/po-0045-costed.json");
  send_fixture("picklist", "picklist/so-7781.json");

  // The opening balance, into the ledger before anything else moves.
  {
    OpeningRequest opening;
    opening.source = "contract-samples";
    OpeningRow tea;
    tea.row = 2;
    tea.sku = "TEA-500";
    tea.location = "A-02";
    tea.quantity = "10";
    tea.unit_cost = 118000;
    opening.rows = {tea};
    std::vector<OpeningProblem> problems;
    must(engine->run<DocumentResult>([&](Tx& tx) { return post_opening(tx, opening, &problems); }),
         "posting the opening balance");
  }

  // Receipts: against an order, held for review then cancelled, and posted.
  post(*engine, DocType::receipt, "", "RECV-1", {line("TEA-500", 24), [] {
         auto l = line("MILK-1", 12, "L2611");
         l.expiry = "2027-03-31";
         return l;
       }()},
       "ASN-1001");
  auto held = post(*engine, DocType::receipt, "", "RECV-1", {line("RICE-5", 40), line("SOY-250", 5)},
                   "ASN-1002", /*hold=*/true);
  must(engine->cancel(held.number), "cancelling the held receipt");
  post(*engine, DocType::receipt, "", "RECV-1", {line("RICE-5", 40)}, "ASN-1002");
  // Against the ASN of SSCC pallets: its lines name the PO lines they fulfil.
  post(*engine, DocType::receipt, "", "RECV-1", {line("SOY-250", 48), line("TEA-500", 30)}, "ASN-1003");
  // Costs: the ASN line's, and one entered on the receipt line.
  {
    DocLine entered = line("TEA-500", 2);
    entered.unit_cost = 119000;
    post(*engine, DocType::receipt, "", "RECV-1", {line("TEA-500", 4), entered}, "ASN-1004");
  }
  // Quantities as entered: 1.25 kg of loose rice and a bag of 25 kg, booked
  // in grams; a case of soy sauce, booked as 24 bottles.
  {
    DocLine kg = line("RICE-KG", 0), bag = line("RICE-KG", 0), soy = line("SOY-250", 0);
    kg.entered = "1.25";
    bag.entered = "1";
    bag.unit = "bag";
    soy.entered = "1";
    soy.unit = "case";
    post(*engine, DocType::receipt, "", "RECV-1", {kg, bag, soy});
  }
  // Serial numbers: a serial-tracked handset received, put away and reversed
  // back, each line naming its units.
  {
    DocLine phones = line("PHONE-9", 2);
    phones.serials = {"354678090000011", "354678090000029"};
    post(*engine, DocType::receipt, "", "RECV-1", {phones});
    DocLine one = line("PHONE-9", 1);
    one.serials = {"354678090000029"};
    auto put = post(*engine, DocType::transfer, "RECV-1", "A-01", {one});
    must(engine->reverse(put.number, "put away in the wrong aisle", "contract-samples"), "reversing the putaway");
  }
  // An RFID pass with nothing bookable: held for review without lines, then cancelled.
  DocumentRequest unknown_tags;
  unknown_tags.type = DocType::receipt;
  unknown_tags.to = "RECV-1";
  unknown_tags.source = "contract-samples";
  unknown_tags.hold_exceptions = true;
  unknown_tags.exceptions = {"unexpected tag E2806894000050E000007A01: no item or location carries this RFID tag"};
  auto lineless = must(engine->post(unknown_tags), "holding a document without lines");
  must(engine->cancel(lineless.number), "cancelling the document without lines");
  // Putaway, picking and corrections.
  post(*engine, DocType::transfer, "RECV-1", "A-01", {line("TEA-500", 20), line("MILK-1", 12, "L2611")});
  post(*engine, DocType::transfer, "RECV-1", "A-04", {line("RICE-5", 30)});
  DocLine rice = line("RICE-5", 2);
  rice.from = "A-04";
  auto picked = post(*engine, DocType::issue, "A-01", "", {line("TEA-500", 6), rice}, "PL-7781");
  post(*engine, DocType::adjustment, "", "A-01", {line("TEA-500", 2)});
  post(*engine, DocType::adjustment, "", "A-01", {line("TEA-500", -1)});
  auto scrap = post(*engine, DocType::scrap, "A-01", "", {line("TEA-500", 1)});
  must(engine->reverse(scrap.number, "scrapped by mistake", "contract-samples"), "reversing the scrap");
  // Quality inspection: accepted, quarantined and rejected lines; the
  // quarantined goods released by a transfer, the rejected ones returned to
  // the supplier against the receipt.
  {
    DocLine ok = line("TEA-500", 3), held = line("SOY-250", 2), bad = line("RICE-5", 4);
    ok.inspection = inventory::Inspection::accepted;
    held.inspection = inventory::Inspection::quarantine;
    bad.inspection = inventory::Inspection::rejected;
    auto inspected = post(*engine, DocType::receipt, "", "RECV-1", {ok, held, bad});
    post(*engine, DocType::transfer, "Q-01", "A-04", {line("SOY-250", 2)});
    DocumentRequest back;
    back.type = DocType::supplier_return;
    back.from = "Q-01";
    back.reason = "failed inspection";
    back.source = "contract-samples";
    back.ref_document = inspected.number;
    back.lines = {line("RICE-5", 4)};
    back.lines[0].ref_line = 3;
    must(engine->post(back), "returning rejected goods to the supplier");
  }
  // Customer returns against the pick: one restocked, one scrapped on arrival.
  {
    DocumentRequest ret;
    ret.type = DocType::customer_return;
    ret.to = "A-01";
    ret.reason = "wrong flavour";
    ret.source = "contract-samples";
    ret.ref_document = picked.number;
    DocLine restock = line("TEA-500", 1), scrapped = line("TEA-500", 1);
    restock.ref_line = scrapped.ref_line = 1;
    restock.disposition = inventory::Disposition::restock;
    scrapped.disposition = inventory::Disposition::scrap;
    ret.lines = {restock, scrapped};
    must(engine->post(ret), "posting a customer return against the pick");
  }
  // Production and other issues and receipts, with their cost centres.
  {
    auto with_centre = [&](DocType type, const std::string& from, const std::string& to, DocLine l,
                           const std::string& centre) {
      DocumentRequest r;
      r.type = type;
      r.from = from;
      r.to = to;
      r.lines = {std::move(l)};
      r.source = "contract-samples";
      r.cost_centre = centre;
      must(engine->post(r), "posting a " + std::string(to_string(type)));
    };
    with_centre(DocType::production_issue, "A-02", "", line("TEA-500", 2), "WO-2611-07");
    DocLine made = line("TEA-500", 3);
    made.unit_cost = 95000;
    with_centre(DocType::production_receipt, "", "A-02", made, "WO-2611-07");
    with_centre(DocType::other_issue, "A-02", "", line("TEA-500", 1), "CC-CANTEEN");
    with_centre(DocType::other_receipt, "", "A-02", line("TEA-500", 1), "CC-SAMPLES");
  }

  // A count requested from the central system, counted and approved.
  send_fixture("count", "count/aisle-a.json");
  for (const std::string bin : {"A-01", "A-02", "A-04"}) {
    CountEntry c;
    c.count = "CNT-C-0007";
    c.location = bin;
    c.counter = "contract-samples";
    if (bin == "A-01") c.lines = {line("TEA-500", 15), line("MILK-1", 12, "L2611")};
    if (bin == "A-04") c.lines = {line("RICE-5", 27)};
    must(engine->record_count(c), "counting " + bin);
  }
  // Four-eyes: someone other than the counter approves.
  must(engine->approve_count("CNT-C-0007", "contract-manager", /*force=*/true), "approving the count");

  // Commands: answered, refused, and repeated.
  for (const char* f : {"cmd/ping.json", "cmd/stock.json", "cmd/replay.json", "cmd/resync.json", "cmd/replay.json"})
    send_fixture("cmd", f);
  send("cmd", R"({"message_id":"unknown-sku","command":"stock","sku":"NO-SUCH"})", true);
  send("cmd", R"({"message_id":"no-such-alert","command":"ack-alert","alert_id":"999","by":"王经理"})", true);
  send("cmd", R"({"message_id":"no-command"})", true);
  decisions(*engine, send);

  auto q = must(Queries::open(opts.store_path), "opening a reader");
  auto events = must(inventory::Outbox::peek_after(*q, 0, 100000), "reading the outbox");
  for (const auto& e : events) {
    json envelope = {{"event_id", e.event_id},
                     {"epoch", engine->epoch()},
                     {"seq", e.seq},
                     {"type", e.type},
                     {"gateway_id", opts.gateway_id},
                     {"site_id", opts.site_id},
                     {"occurred_at", format_iso8601(e.occurred_at)},
                     {"recorded_at", format_iso8601(e.recorded_at)},
                     {"schema_version", 1},
                     {"payload", json::parse(e.payload)}};
    std::cout << json{{"event", envelope}}.dump() << "\n";
  }
  for (const auto& r : responses) std::cout << json{{"response", r}}.dump() << "\n";
  return 0;
}
