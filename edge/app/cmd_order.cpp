// jxc-edge order add|show|list|cancel: the expected receipts (ASN/PO) and
// pick lists that receipts and issues are checked against. They normally come
// down from the central system; these commands stand in for it. An order
// made here records the CLI user as its source, and each change is in the
// audit trail under the Unix user.
#include <iostream>
#include <memory>

#include "edge/app/cli_support.h"
#include "edge/app/commands.h"
#include "edge/app/output.h"
#include "edge/identifiers/check_digit.h"
#include "edge/inventory/orders.h"

namespace jxc::app {
namespace {

using inventory::Order;
using inventory::OrderKind;

struct AddArgs {
  StoreOptions store;
  OrderKind kind = OrderKind::expected_receipt;
  std::string number, door, partner, ref, expected_at;
  std::vector<std::string> lines;
  std::optional<double> tolerance;
};

/// An order's --line: a document line's SKU:QTY[UNIT][:LOT], then any of
/// ":id=LINE_ID" (the central system's line id) and ":sscc=SSCC" (the pallet
/// an expected receipt's line arrives on; lines naming one SSCC share it).
struct OrderLineSpec {
  std::string line, line_id, sscc;
};

OrderLineSpec split_order_line(const std::string& spec, OrderKind kind) {
  OrderLineSpec out{spec, "", ""};
  for (;;) {
    auto colon = out.line.rfind(':');
    if (colon == std::string::npos) break;
    const std::string part = out.line.substr(colon + 1);
    std::string* field = nullptr;
    if (part.rfind("id=", 0) == 0) field = &out.line_id;
    else if (part.rfind("sscc=", 0) == 0) field = &out.sscc;
    else break;
    const std::string value = part.substr(part.find('=') + 1);
    if (value.empty() || !field->empty()) usage_error("--line '" + spec + "': " + part.substr(0, part.find('=')) +
                                                      " must be given once, with a value");
    *field = value;
    out.line.erase(colon);
  }
  if (!out.sscc.empty()) {
    if (kind != OrderKind::expected_receipt) usage_error("--line '" + spec + "': a pick list line has no SSCC");
    if (auto why = identifiers::sscc_problem(out.sscc)) usage_error("--line '" + spec + "': SSCC " + *why);
  }
  return out;
}

void run_add(const AddArgs& a) {
  Order o;
  o.kind = a.kind;
  o.number = a.number;
  o.door = a.door;
  o.partner = a.partner;
  o.ref = a.ref;
  o.tolerance_pct = a.tolerance;
  if (!a.expected_at.empty()) o.expected_at = parse_time_option(a.expected_at, "--expected-at");
  std::vector<OrderLineSpec> specs;
  std::vector<std::string> plain;
  for (const auto& spec : a.lines) {
    specs.push_back(split_order_line(spec, a.kind));
    plain.push_back(specs.back().line);
  }
  auto engine = open_engine(a.store);
  auto q = open_queries(a.store);
  ItemQuantities units(*q);
  auto parsed = parse_lines(plain, QtyRule::positive);
  for (std::size_t i = 0; i < parsed.size(); ++i) {
    const auto& l = parsed[i];
    if (l.expiry) usage_error("--line " + l.sku + ": an order line has no expiry");
    inventory::OrderLine ol{l.sku, l.lot, take(units.stored(l.sku, l.entered, l.unit)), 0, specs[i].sscc,
                            specs[i].line_id};
    if (!l.unit.empty()) {  // kept as entered: "2case" shows as 2 case
      ol.unit = l.unit;
      ol.entered = l.entered;
    }
    if (l.unit_cost && a.kind != OrderKind::expected_receipt)
      usage_error("--line " + l.sku + ": only an expected receipt's lines carry a cost");
    ol.unit_cost = l.unit_cost;
    o.lines.push_back(std::move(ol));
  }
  o.source = unix_actor();  // as the contract names who made it on the box
  auto audit = box_audit("order.upsert", "order:" + o.number,
                         std::string(inventory::to_string(o.kind)) + ", " + std::to_string(o.lines.size()) +
                             (o.lines.size() == 1 ? " line" : " lines"));
  take(engine->run<bool>([&](inventory::Tx& tx) -> Result<bool> {
    JXC_TRY(inventory::upsert_order(tx, o));
    JXC_TRY(inventory::append_audit(tx, audit));
    return true;
  }));
  std::cout << "open " << inventory::to_string(a.kind) << " " << a.number << ": " << o.lines.size()
            << (o.lines.size() == 1 ? " line" : " lines") << "\n";
}

void print_order(const Order& o, ItemQuantities& units) {
  std::cout << inventory::to_string(o.kind) << " " << o.number << "  " << o.state << "\n";
  if (!o.ref.empty()) std::cout << "  ref:       " << o.ref << "\n";
  if (!o.partner.empty()) std::cout << "  partner:   " << o.partner << "\n";
  if (!o.door.empty()) std::cout << "  door:      " << o.door << "\n";
  if (o.tolerance_pct) std::cout << "  tolerance: " << *o.tolerance_pct << "%\n";
  if (o.expected_at) std::cout << "  expected:  " << format_iso8601(*o.expected_at) << "\n";
  std::cout << "  source:    " << o.source << "\n";
  Table t({"LINE ID", "SKU", "LOT", "SSCC", "AS GIVEN", "QTY", "DONE", "OPEN"});
  t.right(5).right(6).right(7);
  for (const auto& l : o.lines)
    t.add({l.line_id.empty() ? "-" : l.line_id, l.sku, l.lot.empty() ? "-" : l.lot, l.sscc.empty() ? "-" : l.sscc,
           l.entered.empty() ? "-" : l.entered + " " + l.unit, units.number(l.sku, l.qty),
           units.number(l.sku, l.done), units.number(l.sku, l.qty > l.done ? l.qty - l.done : 0)});
  t.print(std::cout);
}

struct ShowArgs {
  StoreOptions store;
  std::string number;
  bool json = false;
};

struct ListArgs {
  StoreOptions store;
  std::string kind;
  bool all = false, json = false;
};

void run_list(const ListArgs& a) {
  std::optional<OrderKind> kind;
  if (a.kind == "receipt")
    kind = OrderKind::expected_receipt;
  else if (a.kind == "pick")
    kind = OrderKind::pick_list;
  else if (!a.kind.empty())
    usage_error("--kind '" + a.kind + "' is not receipt or pick");
  auto q = open_queries(a.store);
  auto orders = take(q->orders(kind, !a.all));
  if (a.json) {
    Json out = Json::array();
    for (const auto& o : orders) out.push_back(to_json(o));
    print_json(std::cout, out);
    return;
  }
  Table t({"NUMBER", "KIND", "STATE", "PARTNER", "DOOR", "LINES", "QTY", "DONE"});
  t.right(5).right(6).right(7);
  for (const auto& o : orders) {
    inventory::Qty qty = 0, done = 0;
    for (const auto& l : o.lines) {
      qty += l.qty;
      done += l.done;
    }
    t.add({o.number, std::string(inventory::to_string(o.kind)), o.state, o.partner, o.door,
           std::to_string(o.lines.size()), std::to_string(qty), std::to_string(done)});
  }
  t.print(std::cout);
}

void add_add(CLI::App& order, const char* name, OrderKind kind, const char* help) {
  auto a = std::make_shared<AddArgs>();
  a->kind = kind;
  CLI::App* c = order.add_subcommand(name, help);
  c->add_option("number", a->number, "order number")->required();
  c->add_option("--line", a->lines,
                kind == OrderKind::expected_receipt
                    ? "SKU:QTY[UNIT][:LOT][:id=LINE_ID][:sscc=SSCC]; repeatable. UNIT: a pack unit of the item "
                      "(2case); LINE_ID: the PO line's id, echoed in receipt events; SSCC: the pallet (18 digits "
                      "with check digit) the line arrives on, lines naming one SSCC share the pallet"
                    : "SKU:QTY[UNIT][:LOT][:id=LINE_ID]; repeatable. UNIT: a pack unit of the item (2case); "
                      "LINE_ID: the SO line's id, echoed in issue events")
      ->required()
      ->allow_extra_args(false);
  c->add_option("--door", a->door,
                "dock door that expects it: the id of a [[portal.doors]] table; leave out for any door");
  c->add_option("--partner", a->partner,
                kind == OrderKind::expected_receipt ? "supplier" : "customer");
  c->add_option("--ref", a->ref, "PO or SO number in the central system");
  c->add_option("--tolerance", a->tolerance, "over-delivery allowed, in percent")
      ->check(CLI::Range(0.0, 1000.0));
  if (kind == OrderKind::expected_receipt)
    c->add_option("--expected-at", a->expected_at,
                  "when the goods are due (2026-12-05T14:00:00+08:00); an open receipt past it plus "
                  "[alerts] asn_overdue_after raises asn_overdue");
  add_store_options(*c, a->store);
  c->callback([a] { run_add(*a); });
}

}  // namespace

void add_order_commands(CLI::App& app) {
  CLI::App* order = app.add_subcommand("order", "expected receipts (ASN) and pick lists");
  order->require_subcommand(1);

  CLI::App* add = order->add_subcommand("add", "create or replace an open order");
  add->require_subcommand(1);
  add_add(*add, "receipt", OrderKind::expected_receipt, "expected receipt (ASN / purchase order)");
  add_add(*add, "pick", OrderKind::pick_list, "pick list (sales order)");

  auto show = std::make_shared<ShowArgs>();
  CLI::App* s = order->add_subcommand("show", "one order with what is done and still open");
  s->add_option("number", show->number, "order number")->required();
  s->add_flag("--json", show->json, "JSON object");
  add_store_options(*s, show->store);
  s->callback([show] {
    auto q = open_queries(show->store);
    auto o = take(q->order(show->number));
    ItemQuantities units(*q);
    if (show->json)
      print_json(std::cout, to_json(o));
    else
      print_order(o, units);
  });

  auto list = std::make_shared<ListArgs>();
  CLI::App* l = order->add_subcommand("list", "open orders (--all: closed and cancelled too)");
  l->add_option("--kind", list->kind, "receipt or pick");
  l->add_flag("--all", list->all, "include closed and cancelled orders");
  l->add_flag("--json", list->json, "JSON array");
  add_store_options(*l, list->store);
  l->callback([list] { run_list(*list); });

  auto cancel = std::make_shared<ShowArgs>();
  CLI::App* c = order->add_subcommand("cancel", "cancel an open order");
  c->add_option("number", cancel->number, "order number")->required();
  add_store_options(*c, cancel->store);
  c->callback([cancel] {
    auto engine = open_engine(cancel->store);
    auto audit = box_audit("order.cancel", "order:" + cancel->number);
    take(engine->run<bool>([&](inventory::Tx& tx) -> Result<bool> {
      JXC_TRY(inventory::cancel_order(tx, cancel->number));
      JXC_TRY(inventory::append_audit(tx, audit));
      return true;
    }));
    std::cout << "cancelled order " << cancel->number << "\n";
  });
}

}  // namespace jxc::app
