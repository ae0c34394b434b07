// jxc-edge post receipt|issue|transfer|adjustment|scrap|customer-return|supplier-return|
//               production-issue|production-receipt|other-issue|other-receipt
//
// Makes one document from the command line and posts it (or, with --draft,
// keeps it as a draft for `doc confirm` / `doc post`). The virtual end of a
// movement (@SUPPLIER, @CUSTOMER, @SCRAP, @ADJUSTMENT, @PRODUCTION, @OTHER) is the engine's to
// choose; each type only asks for the physical ends it has.
#include <charconv>
#include <iostream>
#include <memory>

#include "edge/app/cli_support.h"
#include "edge/app/commands.h"
#include "edge/app/output.h"
#include "edge/inventory/documents.h"

namespace jxc::app {
namespace {

using inventory::DocType;

struct PostArgs {
  StoreOptions store;
  DocType type = DocType::transfer;
  std::vector<std::string> lines;
  std::string from, to, order, number, source, reason, note, at, key, ref, cost_centre;
  bool close = false, hold = false, draft = false, json = false;
};

bool is_return(DocType t) { return t == DocType::customer_return || t == DocType::supplier_return; }

/// A --line: a document line (SKU:QTY[UNIT][:LOT[:EXPIRY]][@COST]) then any
/// of ":inspect=accepted|quarantine|rejected" (receipts), ":ref=N" (a
/// return: the line of the --ref document it returns),
/// ":disp=restock|quarantine|scrap" (a customer return's disposition) and
/// ":sn=S1,S2" (a serial-tracked item's serials, one per unit).
inventory::DocLine parse_post_line(const std::string& spec, DocType type) {
  std::string rest = spec;
  std::string inspect, ref, disp, sn;
  for (;;) {
    auto colon = rest.rfind(':');
    if (colon == std::string::npos) break;
    const std::string part = rest.substr(colon + 1);
    std::string* field = nullptr;
    if (part.rfind("inspect=", 0) == 0) field = &inspect;
    else if (part.rfind("ref=", 0) == 0) field = &ref;
    else if (part.rfind("disp=", 0) == 0) field = &disp;
    else if (part.rfind("sn=", 0) == 0) field = &sn;
    else break;
    const std::string name = part.substr(0, part.find('='));
    const std::string value = part.substr(part.find('=') + 1);
    if (value.empty() || !field->empty()) usage_error("--line '" + spec + "': " + name + " must be given once, with a value");
    *field = value;
    rest.erase(colon);
  }
  auto parsed = parse_line(rest, type == DocType::adjustment ? QtyRule::signed_nonzero : QtyRule::positive);
  if (!parsed) usage_error(parsed.status().reason());
  inventory::DocLine l = std::move(parsed).value();
  if (!inspect.empty()) {
    if (type != DocType::receipt) usage_error("--line '" + spec + "': only a receipt line has an inspection result");
    if (!inventory::parse_inspection(inspect, &l.inspection) || l.inspection == inventory::Inspection::none)
      usage_error("--line '" + spec + "': inspect=" + inspect + " is not accepted, quarantine or rejected");
  }
  if (!disp.empty()) {
    if (type != DocType::customer_return)
      usage_error("--line '" + spec + "': only a customer return line has a disposition");
    if (!inventory::parse_disposition(disp, &l.disposition) || l.disposition == inventory::Disposition::none)
      usage_error("--line '" + spec + "': disp=" + disp + " is not restock, quarantine or scrap");
  }
  l.serials = split_serials(sn);
  if (!ref.empty()) {
    if (!is_return(type)) usage_error("--line '" + spec + "': only a return line references a line");
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(ref.data(), ref.data() + ref.size(), n);
    if (ec != std::errc() || end != ref.data() + ref.size() || n < 1)
      usage_error("--line '" + spec + "': ref=" + ref + " is not a line number (1 or more)");
    l.ref_line = n;
  }
  return l;
}

void run_post(const PostArgs& a) {
  inventory::DocumentRequest req;
  req.type = a.type;
  for (const auto& spec : a.lines) req.lines.push_back(parse_post_line(spec, a.type));
  req.ref_document = a.ref;
  req.from = a.from;
  req.to = a.to;
  req.order = a.order;
  req.number = a.number;
  req.source = a.source.empty() ? default_source() : a.source;
  req.reason = a.reason;
  req.note = a.note;
  req.cost_centre = a.cost_centre;
  if (!a.at.empty()) req.occurred_at = parse_time_option(a.at, "--at");
  req.close_order = a.close;
  req.hold_exceptions = a.hold;
  req.idempotency_key = a.key;

  auto engine = open_engine(a.store);
  const std::string key = req.idempotency_key;
  auto r = take(audited(*engine, key, box_audit("document.create", ""), [&](inventory::Tx& tx) {
    return a.draft ? inventory::create_document(tx, req) : inventory::create_and_post(tx, req);
  }));
  if (a.json)
    print_json(std::cout, to_json(r));
  else
    print_result(std::cout, r);
}

/// Which physical ends a type has and whether it works against an order.
struct TypeSpec {
  const char* name;
  DocType type;
  const char* help;
  bool from, to;   // has a physical from / to
  bool order;      // receipt against an ASN, issue against a pick list
};

constexpr TypeSpec kTypes[] = {
    {"receipt", DocType::receipt, "采购入库 goods in from a supplier", false, true, true},
    {"issue", DocType::issue, "销售出库 goods out to a customer", true, false, true},
    {"transfer", DocType::transfer, "调拨/上架 move between locations", true, true, false},
    {"adjustment", DocType::adjustment, "库存调整 signed: SKU:5 is a gain, SKU:-3 a loss", false,
     true, false},
    {"scrap", DocType::scrap, "报废 write off damaged or expired stock", true, false, false},
    {"customer-return", DocType::customer_return, "销售退货 goods back from a customer", false,
     true, false},
    {"supplier-return", DocType::supplier_return, "采购退货 goods back to a supplier", true, false,
     false},
    {"production-issue", DocType::production_issue, "生产领料 materials issued to production", true, false,
     false},
    {"production-receipt", DocType::production_receipt, "生产入库 finished goods received from production",
     false, true, false},
    {"other-issue", DocType::other_issue, "其他出库 goods out to a cost centre or destination", true, false,
     false},
    {"other-receipt", DocType::other_receipt, "其他入库 goods in from a cost centre or source", false, true,
     false},
};

void add_type(CLI::App& post, const TypeSpec& spec) {
  auto a = std::make_shared<PostArgs>();
  a->type = spec.type;
  CLI::App* c = post.add_subcommand(spec.name, spec.help);
  const char* line_help =
      spec.type == DocType::adjustment
          ? "SKU:QTY[:LOT[:EXPIRY]][@COST], QTY signed, COST per base unit on a gain; repeatable"
      : spec.type == DocType::receipt
          ? "SKU:QTY[:LOT[:EXPIRY]][@COST][:inspect=accepted|quarantine|rejected], COST per base unit "
            "(default: the order's, the item's or the average); quarantined and rejected goods go to the "
            "warehouse's quarantine bin; repeatable"
      : spec.type == DocType::customer_return
          ? "SKU:QTY[:LOT[:EXPIRY]][@COST][:ref=N][:disp=restock|quarantine|scrap], N the line of the --ref "
            "issue (default: its line of the item), COST per base unit (default: the cost it went out at); "
            "repeatable"
      : spec.type == DocType::supplier_return
          ? "SKU:QTY[:LOT[:EXPIRY]][:ref=N], N the line of the --ref receipt (default: its line of the item); "
            "repeatable"
          : "SKU:QTY[:LOT[:EXPIRY]]; repeatable";
  c->add_option("--line", a->lines,
                std::string(line_help) + "; a serial-tracked item's line ends in :sn=S1,S2,... (one serial per unit)")
      ->required()
      ->allow_extra_args(false);
  // --location names the one physical end of the types that have only one.
  if (spec.from && spec.to) {
    c->add_option("--from", a->from, "location the stock leaves")->required();
    c->add_option("--to", a->to, "location the stock goes to")->required();
  } else if (spec.type == DocType::adjustment) {
    c->add_option("--location,--to", a->to, "location whose stock is adjusted")->required();
  } else if (spec.from) {
    c->add_option("--from,--location", a->from, "location the stock leaves")->required();
  } else {
    c->add_option("--to,--location", a->to, "location the stock goes to")->required();
  }
  if (spec.order) {
    c->add_option("--order", a->order,
                  spec.type == DocType::receipt ? "expected receipt (ASN) it fulfils"
                                                : "pick list it fulfils");
    c->add_flag("--close", a->close, "last document for the order: flag short lines and close it");
    c->add_flag("--hold", a->hold, "keep as a draft needing review when there are exceptions");
  }
  if (is_return(spec.type))
    c->add_option("--ref", a->ref,
                  spec.type == DocType::customer_return
                      ? "the posted issue returned (no line may get back more than it shipped)"
                      : "the posted receipt returned (no line may go back more than it received)");
  if (spec.type == DocType::other_issue || spec.type == DocType::other_receipt)
    c->add_option("--cost-centre", a->cost_centre, "cost centre or destination the goods are charged to or come from")
        ->required();
  else if (spec.type == DocType::production_issue || spec.type == DocType::production_receipt)
    c->add_option("--cost-centre", a->cost_centre, "cost centre or work order");
  c->add_option("--number", a->number, "document number (default: the next TYPE-000001)");
  c->add_option("--source", a->source, "device or user (default cli:$USER)");
  c->add_option("--reason", a->reason, "why");
  c->add_option("--note", a->note, "free text kept on the document");
  c->add_option("--at", a->at, "when it happened (ISO 8601; default now)");
  c->add_option("--key", a->key, "idempotency key: a repeat returns the first result");
  c->add_flag("--draft", a->draft, "create a draft only; no stock moves");
  c->add_flag("--json", a->json, "print the result as JSON");
  add_store_options(*c, a->store);
  c->callback([a] { run_post(*a); });
}

}  // namespace

void add_post_commands(CLI::App& app) {
  CLI::App* post = app.add_subcommand("post", "make and post a document");
  post->require_subcommand(1);
  for (const auto& spec : kTypes) add_type(*post, spec);
}

}  // namespace jxc::app
