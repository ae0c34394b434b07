// jxc-edge post receipt|issue|transfer|adjustment|scrap|customer-return|supplier-return|
//               production-issue|production-receipt|other-issue|other-receipt
//
// Makes one document from the command line and posts it (or, with --draft,
// keeps it as a draft for `doc confirm` / `doc post`). The virtual end of a
// movement (@SUPPLIER, @CUSTOMER, @SCRAP, @ADJUSTMENT, @PRODUCTION, @OTHER) is the engine's to
// choose; each type only asks for the physical ends it has.
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
  std::string from, to, order, number, source, reason, note, at, key, cost_centre;
  bool close = false, hold = false, draft = false, json = false;
};

void run_post(const PostArgs& a) {
  inventory::DocumentRequest req;
  req.type = a.type;
  req.lines = parse_lines(
      a.lines, a.type == DocType::adjustment ? QtyRule::signed_nonzero : QtyRule::positive);
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
  c->add_option("--line", a->lines,
                spec.type == DocType::adjustment
                    ? "SKU:QTY[:LOT[:EXPIRY]][@COST], QTY signed, COST per base unit on a gain; repeatable"
                    : spec.to && !spec.from
                          ? "SKU:QTY[:LOT[:EXPIRY]][@COST], COST per base unit (default: the order's, the item's "
                            "or the average); repeatable"
                          : "SKU:QTY[:LOT[:EXPIRY]]; repeatable")
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
