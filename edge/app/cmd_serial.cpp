// serial show|list: where a serial-tracked item's units are and how they got
// there. Read-only, like stock and ledger: a view of its own on the store.
#include <iostream>
#include <memory>

#include "edge/app/cli_support.h"
#include "edge/app/commands.h"
#include "edge/app/output.h"

namespace jxc::app {
namespace {

Json serial_json(const inventory::SerialState& s, bool with_history) {
  Json j = {{"sku", s.sku},           {"serial", s.serial},   {"lot", s.lot},
            {"location", s.location}, {"status", s.status},   {"document", s.doc_number},
            {"updated_at", json_time(s.updated_at)}};
  if (with_history) {
    Json h = Json::array();
    for (const auto& m : s.history)
      h.push_back({{"movement", m.movement_id},
                   {"document", m.doc_number},
                   {"type", inventory::to_string(m.doc_type)},
                   {"from", m.from},
                   {"to", m.to},
                   {"lot", m.lot},
                   {"occurred_at", json_time(m.occurred_at)},
                   {"recorded_at", json_time(m.recorded_at)}});
    j["history"] = std::move(h);
  }
  return j;
}

struct ShowArgs {
  StoreOptions store;
  std::string sku, serial;
  bool json = false;
};

void run_show(const ShowArgs& a) {
  auto q = open_queries(a.store);
  auto s = take(q->serial(a.sku, a.serial));
  if (a.json) {
    print_json(std::cout, serial_json(s, true));
    return;
  }
  const TimeZone zone = site_zone(a.store);
  std::cout << s.sku << " serial " << s.serial << (s.lot.empty() ? "" : " lot " + s.lot) << ": " << s.status
            << (s.status == "in_stock" ? " at " : ", at ") << s.location << " since " << s.doc_number << "\n";
  Table t({"TIME", "DOCUMENT", "TYPE", "FROM", "TO"});
  for (const auto& m : s.history)
    t.add({short_time(m.occurred_at, zone), m.doc_number, std::string(inventory::to_string(m.doc_type)), m.from,
           m.to});
  t.print(std::cout);
}

struct ListArgs {
  StoreOptions store;
  std::string sku, location, status;
  bool all = false, json = false;
  std::size_t limit = 1000;
};

void run_list(const ListArgs& a) {
  auto q = open_queries(a.store);
  inventory::SerialFilter f;
  f.sku = a.sku;
  f.location = a.location;
  // In stock unless asked otherwise: what a person looking for a unit means.
  f.status = a.all ? a.status : (a.status.empty() ? "in_stock" : a.status);
  f.limit = a.limit;
  auto rows = take(q->serials(f));
  if (a.json) {
    Json out = Json::array();
    for (const auto& s : rows) out.push_back(serial_json(s, false));
    print_json(std::cout, out);
    return;
  }
  Table t({"SERIAL", "LOT", "LOCATION", "STATUS", "DOCUMENT"});
  for (const auto& s : rows) t.add({s.serial, s.lot.empty() ? "-" : s.lot, s.location, s.status, s.doc_number});
  t.print(std::cout);
  std::cout << rows.size() << " serial(s) of " << a.sku << "\n";
}

}  // namespace

void add_serial_commands(CLI::App& app) {
  CLI::App* serial = app.add_subcommand("serial", "serial numbers of serial-tracked items: where each unit is");
  serial->require_subcommand(1);

  auto show = std::make_shared<ShowArgs>();
  CLI::App* s = serial->add_subcommand("show", "one serial: where it is, its status and every movement of it");
  s->add_option("sku", show->sku, "the item's SKU")->required();
  s->add_option("serial", show->serial, "the serial number")->required();
  s->add_flag("--json", show->json, "JSON: {sku, serial, lot, location, status, document, updated_at, history}");
  add_store_options(*s, show->store);
  s->callback([show] { run_show(*show); });

  auto list = std::make_shared<ListArgs>();
  CLI::App* l = serial->add_subcommand("list", "an item's serials in stock (sorted), or with --all every one");
  l->add_option("sku", list->sku, "the item's SKU")->required();
  l->add_option("--location", list->location, "only at this location and what is below it");
  l->add_option("--status", list->status,
                "only this status: in_stock, shipped, returned, scrapped, consumed, issued, written_off, withdrawn");
  l->add_flag("--all", list->all, "every serial the item has had, not only those in stock");
  l->add_option("--limit", list->limit, "at most this many")->capture_default_str();
  l->add_flag("--json", list->json, "JSON array of {sku, serial, lot, location, status, document, updated_at}");
  add_store_options(*l, list->store);
  l->callback([list] { run_list(*list); });
}

}  // namespace jxc::app
