// jxc-edge doc list|show|confirm|post|cancel|reverse: documents after they
// were made, by number. Drafts move on to confirmed and posted; a posted
// document is never edited, only reversed by a new document.
#include <functional>
#include <iostream>
#include <memory>
#include <string_view>

#include "edge/app/cli_support.h"
#include "edge/app/commands.h"
#include "edge/app/output.h"
#include "edge/reports/report_words.h"
#include "edge/inventory/documents.h"
#include "edge/inventory/held_documents.h"
#include "edge/inventory/tx.h"

namespace jxc::app {
namespace {

struct ListArgs {
  StoreOptions store;
  std::string type, state;
  std::size_t limit = 50;
  bool json = false;
};

void run_list(const ListArgs& a) {
  inventory::DocumentFilter f;
  f.limit = a.limit;
  if (!a.type.empty()) {
    inventory::DocType t;
    if (!inventory::parse_doc_type(dashes_to_underscores(a.type), &t))
      usage_error("--type '" + a.type + "' is not a document type");
    f.type = t;
  }
  if (!a.state.empty()) {
    inventory::DocState s;
    if (!inventory::parse_doc_state(a.state, &s))
      usage_error("--state '" + a.state + "' is not one of draft, confirmed, posted, cancelled");
    f.state = s;
  }
  auto q = open_queries(a.store);
  auto docs = take(q->documents(f));
  if (a.json) {
    Json out = Json::array();
    for (const auto& d : docs) out.push_back(to_json(d));
    print_json(std::cout, out);
    return;
  }
  Table t({"NUMBER", "TYPE", "STATE", "MOVES", "REVIEW", "EXCEPTIONS"});
  t.right(3);
  for (const auto& d : docs)
    t.add({d.number, std::string(inventory::to_string(d.type)),
           std::string(inventory::to_string(d.state)), std::to_string(d.movements),
           d.needs_review ? "yes" : "", d.exceptions.empty() ? "" : std::to_string(d.exceptions.size())});
  t.print(std::cout);
}

/// What a person reads for a line's inspection result or disposition:
/// the Chinese name with the contract's word; empty when there is none.
std::string quality_name(inventory::Inspection i, inventory::Disposition d) {
  using inventory::Disposition;
  using inventory::Inspection;
  switch (i) {
    case Inspection::accepted: return "合格 accepted";
    case Inspection::quarantine: return "隔离 quarantine";
    case Inspection::rejected: return "不合格 rejected";
    case Inspection::none: break;
  }
  switch (d) {
    case Disposition::restock: return "重新上架 restock";
    case Disposition::quarantine: return "隔离 quarantine";
    case Disposition::scrap: return "报废 scrap";
    case Disposition::none: break;
  }
  return {};
}

struct ShowArgs {
  StoreOptions store;
  std::string number;
  bool json = false;
};

void run_show(const ShowArgs& a) {
  auto q = open_queries(a.store);
  auto v = take(q->document(a.number));
  if (a.json) {
    print_json(std::cout, to_json(v));
    return;
  }
  const TimeZone zone = site_zone(a.store);
  const auto& h = v.head;
  std::cout << inventory::to_string(h.type) << " (" << reports::doc_type_words(h.type, reports::Language::zh_CN) << ") " << h.number << "  "
            << inventory::to_string(h.state)
            << (h.needs_review ? "  (needs review)" : "") << "\n";
  auto field = [](const char* name, const std::string& value) {
    if (!value.empty()) std::cout << "  " << name << value << "\n";
  };
  field("order:     ", v.order);
  if (!v.from.empty() || !v.to.empty())
    std::cout << "  from/to:   " << (v.from.empty() ? "-" : v.from) << " -> "
              << (v.to.empty() ? "-" : v.to) << "\n";
  field("reason:    ", v.reason);
  field("returns:   ", v.ref_document);
  field("source:    ", v.source);
  field("note:      ", v.note);
  field("cost centre: ", v.cost_centre);
  field("occurred:  ", short_time(v.occurred_at, zone));
  field("created:   ", short_time(v.created_at, zone));
  if (v.confirmed_at) field("confirmed: ", short_time(*v.confirmed_at, zone));
  if (v.posted_at) field("posted:    ", short_time(*v.posted_at, zone));
  if (v.cancelled_at) field("cancelled: ", short_time(*v.cancelled_at, zone));
  if (h.first_seq > 0)
    std::cout << "  outbox:    seq " << h.first_seq << ".." << h.last_seq << "\n";
  for (const auto& e : h.exceptions) std::cout << "  exception: " << e << "\n";

  std::cout << "\nlines\n";
  // QTY in the item's base unit with its decimals; ENTERED the pack quantity
  // the line was entered as, when it was not the base unit.
  ItemQuantities units(*q);
  // QUALITY: a receipt line's inspection result or a customer return's
  // disposition; RETURNS: the line of the returned document.
  Table lines({"#", "SKU", "LOT", "EXPIRY", "QTY", "ENTERED", "FROM", "TO", "FLAG", "QUALITY", "RETURNS"});
  lines.right(0).right(4).right(5);
  std::size_t n = 0;
  for (const auto& l : v.lines) {
    const bool in_pack = !l.entered.empty() && l.unit != units.units(l.sku).base;
    std::string quality = quality_name(l.inspection, l.disposition);
    lines.add({std::to_string(++n), l.sku, l.lot.empty() ? "-" : l.lot, l.expiry.value_or("-"),
               units.with_unit(l.sku, l.qty), in_pack ? l.entered + " " + l.unit : "-",
               l.from.empty() ? "-" : l.from, l.to.empty() ? "-" : l.to, l.flag.empty() ? "-" : l.flag,
               quality.empty() ? "-" : quality,
               l.ref_line ? v.ref_document + " #" + std::to_string(l.ref_line) : "-"});
  }
  lines.print(std::cout);
  if (!v.movements.empty()) {
    std::cout << "\nmovements\n";
    print_movements(std::cout, v.movements, zone, units);
  }
}

/// The arguments shared by the commands that move a document along.
struct StepArgs {
  StoreOptions store;
  std::string number, reason, source, key;
  bool json = false;
};

using Step = std::function<Result<inventory::DocumentResult>(inventory::Engine&, const StepArgs&)>;

// A document held for review is released as every entry point releases it,
// under the site's four-eyes rule, by the person running the command;
// anything else is posted.
Result<inventory::DocumentResult> post_or_release(inventory::Engine& e, const StepArgs& a) {
  auto view = open_queries(a.store)->document(a.number);
  const bool held = view && view->head.needs_review &&
                    (view->head.state == inventory::DocState::draft || view->head.state == inventory::DocState::confirmed);
  if (!held)
    return audited(e, a.key, box_audit("document.post", "document:" + a.number),
                   [&](inventory::Tx& tx) { return inventory::post_document(tx, a.number); });
  const std::string by = a.source.empty() ? default_source() : a.source;
  const bool four_eyes = site_four_eyes(a.store);
  return audited(e, a.key, box_audit("document.release", "document:" + a.number),
                 [&](inventory::Tx& tx) { return inventory::release_held_document(tx, a.number, by, four_eyes); });
}

void add_step(CLI::App& doc, const char* name, const char* help, Step step,
              bool takes_key = false, bool takes_reason = false, bool takes_by = false) {
  auto args = std::make_shared<StepArgs>();
  CLI::App* c = doc.add_subcommand(name, help);
  c->add_option("number", args->number, "document number")->required();
  if (takes_key)
    c->add_option("--key", args->key, "idempotency key: a repeat returns the first result");
  if (takes_reason) {
    c->add_option("--reason", args->reason, "why (kept on the document)")->required();
    c->add_option("--source", args->source, "who or what asks (default cli:$USER)");
  }
  if (takes_by)
    c->add_option("--by", args->source,
                  "who decides (default cli:$USER); with [site] four_eyes a held document is released by "
                  "another person than whoever made or last edited it");
  c->add_flag("--json", args->json, "print the result as JSON");
  add_store_options(*c, args->store);
  c->callback([args, step] {
    auto engine = open_engine(args->store);
    auto r = take(step(*engine, *args));
    if (args->json)
      print_json(std::cout, to_json(r));
    else
      print_result(std::cout, r);
  });
}

}  // namespace

void add_doc_commands(CLI::App& app) {
  CLI::App* doc = app.add_subcommand("doc", "list, show and move documents along");
  doc->require_subcommand(1);

  auto list = std::make_shared<ListArgs>();
  CLI::App* l = doc->add_subcommand("list", "newest documents first");
  l->add_option("--type", list->type, "receipt, issue, transfer, count, adjustment, scrap, "
                                      "customer-return, supplier-return, reversal, opening, production-issue, "
                                      "production-receipt, other-issue, other-receipt");
  l->add_option("--state", list->state, "draft, confirmed, posted, cancelled");
  l->add_option("--limit", list->limit, "how many")->capture_default_str();
  l->add_flag("--json", list->json, "JSON array of document heads");
  add_store_options(*l, list->store);
  l->callback([list] { run_list(*list); });

  auto show = std::make_shared<ShowArgs>();
  CLI::App* s = doc->add_subcommand("show", "one document with its lines and movements");
  s->add_option("number", show->number, "document number")->required();
  s->add_flag("--json", show->json, "JSON object");
  add_store_options(*s, show->store);
  s->callback([show] { run_show(*show); });

  add_step(*doc, "confirm", "confirm a draft", [](inventory::Engine& e, const StepArgs& a) {
    return audited(e, "", box_audit("document.confirm", "document:" + a.number),
                   [&](inventory::Tx& tx) { return inventory::confirm_document(tx, a.number); });
  });
  add_step(*doc, "post", "post a draft or confirmed document, or release one held for review (moves stock)",
           post_or_release, true, false, true);
  add_step(*doc, "cancel", "cancel a draft or confirmed document", [](inventory::Engine& e, const StepArgs& a) {
    return audited(e, "", box_audit("document.cancel", "document:" + a.number),
                   [&](inventory::Tx& tx) { return inventory::cancel_document(tx, a.number); });
  });
  add_step(
      *doc, "reverse", "post a reversal that undoes a posted document",
      [](inventory::Engine& e, const StepArgs& a) {
        const std::string source = a.source.empty() ? default_source() : a.source;
        return audited(e, a.key, box_audit("document.reverse", "document:" + a.number, a.reason),
                       [&](inventory::Tx& tx) { return inventory::reverse_document(tx, a.number, a.reason, source); });
      },
      true, true);
}

}  // namespace jxc::app
