// jxc-edge weight slots|calibrate|discrepancies|accept|dismiss: shelf weight
// slots as the running gateway last recorded them (with the book balance and
// whether the shelf is below its bin's min), calibration ("slot S now
// holds N units"), and the discrepancies weights found against the books,
// which a manager accepts (an adjustment is posted) or dismisses.
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>

#include "edge/app/cli_support.h"
#include "edge/app/commands.h"
#include "edge/app/output.h"
#include "edge/weight/weight_store.h"

namespace jxc::app {
namespace {

std::string grams_text(std::optional<double> g) {
  if (!g) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", *g);
  return buf;
}

Json to_json(const weight::SlotRecord& r) {
  return Json{{"slot", r.slot},
              {"sku", r.sku},
              {"bin", r.bin},
              {"count", r.count ? Json(*r.count) : Json(nullptr)},
              {"status", r.status},
              {"grams", r.grams ? Json(*r.grams) : Json(nullptr)},
              {"tare_g", r.tare_g},
              {"calibrated_unit_g", r.calibrated_unit_g ? Json(*r.calibrated_unit_g) : Json(nullptr)},
              {"updated_at", json_time(r.updated_at)}};
}

Json to_json(const weight::Discrepancy& d) {
  return Json{{"id", d.id},
              {"slot", d.slot},
              {"sku", d.sku},
              {"bin", d.bin},
              {"book", d.book},
              {"weighed", d.weighed},
              {"detected_at", json_time(d.detected_at)},
              {"state", d.state},
              {"resolved_at", json_time(d.resolved_at)},
              {"resolved_by", d.resolved_by},
              {"document", d.document.empty() ? Json(nullptr) : Json(d.document)}};
}

struct ListArgs {
  StoreOptions store;
  bool json = false, all = false;
};

// Each slot beside the level of its item in its bin: the count weighed over
// every slot of that item and bin, the book balance, the bin's min and
// whether the shelf is low (what the shelf_low_stock rule judges).
void run_slots(const ListArgs& a) {
  auto q = open_queries(a.store);
  auto slots = take(weight::list_slots(*q));
  auto levels = take(weight::shelf_levels(*q));
  std::map<std::pair<std::string, std::string>, const weight::ShelfLevel*> level_of;
  for (const auto& l : levels) level_of[{l.sku, l.bin}] = &l;
  auto find = [&](const weight::SlotRecord& s) -> const weight::ShelfLevel* {
    auto it = level_of.find({s.sku, s.bin});
    return it == level_of.end() ? nullptr : it->second;
  };
  if (a.json) {
    Json out = Json::array();
    for (const auto& s : slots) {
      Json j = to_json(s);
      const weight::ShelfLevel* l = find(s);
      j["weighed"] = l && l->countable ? Json(l->weighed) : Json(nullptr);
      j["book"] = l ? Json(l->book) : Json(nullptr);
      j["min"] = l && l->min ? Json(*l->min) : Json(nullptr);
      j["level"] = l ? Json(std::string(weight::level_text(*l))) : Json(nullptr);
      out.push_back(std::move(j));
    }
    print_json(std::cout, out);
    return;
  }
  const TimeZone zone = site_zone(a.store);
  Table t({"SLOT", "SKU", "BIN", "COUNT", "WEIGHED", "BOOK", "MIN", "LEVEL", "STATUS", "GRAMS",
           "CALIBRATED UNIT G", "UPDATED"});
  t.right(3).right(4).right(5).right(6).right(9).right(10);
  ItemQuantities units(*q);  // goods sold by weight show kg with their decimals
  for (const auto& s : slots) {
    const weight::ShelfLevel* l = find(s);
    auto n = [&](std::int64_t v) { return units.number(s.sku, v); };
    t.add({s.slot, s.sku, s.bin, s.count ? n(*s.count) : "-", l && l->countable ? n(l->weighed) : "-",
           l ? n(l->book) : "-", l && l->min ? n(*l->min) : "-", l ? std::string(weight::level_text(*l)) : "-",
           s.status, grams_text(s.grams), grams_text(s.calibrated_unit_g), short_time(s.updated_at, zone)});
  }
  t.print(std::cout);
}

void run_discrepancies(const ListArgs& a) {
  auto q = open_queries(a.store);
  auto list = take(weight::list_discrepancies(*q, !a.all));
  if (a.json) {
    Json out = Json::array();
    for (const auto& d : list) out.push_back(to_json(d));
    print_json(std::cout, out);
    return;
  }
  const TimeZone zone = site_zone(a.store);
  Table t({"ID", "SLOT", "SKU", "BIN", "BOOK", "WEIGHED", "DETECTED", "STATE", "DOCUMENT"});
  t.right(0).right(4).right(5);
  ItemQuantities units(*q);
  for (const auto& d : list)
    t.add({std::to_string(d.id), d.slot, d.sku, d.bin, units.number(d.sku, d.book), units.number(d.sku, d.weighed),
           short_time(d.detected_at, zone), d.state, d.document.empty() ? "-" : d.document});
  t.print(std::cout);
}

struct CalibrateArgs {
  StoreOptions store;
  std::string slot, by;
  std::int64_t units = 0;
  bool json = false;
};

void run_calibrate(const CalibrateArgs& a) {
  auto engine = open_engine(a.store);
  std::string by = a.by.empty() ? default_source() : a.by;
  auto r = take(engine->run<weight::SlotRecord>(
      [&](inventory::Tx& tx) { return weight::calibrate_slot(tx, a.slot, a.units, by); }));
  if (a.json) {
    print_json(std::cout, to_json(r));
    return;
  }
  std::cout << "slot " << r.slot << ": " << a.units << " units of " << r.sku << " weigh "
            << grams_text(r.grams) << " g with a tare of " << grams_text(r.tare_g) << " g; unit weight "
            << grams_text(r.calibrated_unit_g) << " g\n"
            << "the running gateway applies it within a few seconds\n";
}

struct ResolveArgs {
  StoreOptions store;
  std::int64_t id = 0;
  std::string by;
  bool json = false;
};

void run_resolve(const ResolveArgs& a, bool accept) {
  auto engine = open_engine(a.store);
  std::string by = a.by.empty() ? default_source() : a.by;
  auto audit = box_audit(accept ? "discrepancy.accept" : "discrepancy.dismiss", "discrepancy:" + std::to_string(a.id));
  auto d = take(engine->run<weight::Discrepancy>([&](inventory::Tx& tx) -> Result<weight::Discrepancy> {
    JXC_ASSIGN(auto d, accept ? weight::accept_discrepancy(tx, a.id, by) : weight::dismiss_discrepancy(tx, a.id, by));
    JXC_TRY(inventory::append_audit(tx, audit));
    return d;
  }));
  if (a.json) {
    print_json(std::cout, to_json(d));
    return;
  }
  std::cout << "discrepancy #" << d.id << " " << d.state;
  if (!d.document.empty()) std::cout << ": posted " << d.document;
  std::cout << "\n";
}

}  // namespace

void add_weight_commands(CLI::App& app) {
  CLI::App* w = app.add_subcommand("weight", "shelf weight slots, calibration and discrepancies");
  w->require_subcommand(1);

  auto slots = std::make_shared<ListArgs>();
  CLI::App* s = w->add_subcommand(
      "slots", "slots with their last counts (as the gateway recorded them), the books and the bin's min");
  s->add_flag("--json", slots->json, "print JSON");
  add_store_options(*s, slots->store);
  s->callback([slots] { run_slots(*slots); });

  auto cal = std::make_shared<CalibrateArgs>();
  CLI::App* c = w->add_subcommand("calibrate", "slot S now holds N units: sets its unit weight");
  c->add_option("slot", cal->slot, "slot id")->required();
  c->add_option("units", cal->units, "units lying on the slot now")->required()->check(CLI::PositiveNumber);
  c->add_option("--by", cal->by, "who calibrates");
  c->add_flag("--json", cal->json, "print JSON");
  add_store_options(*c, cal->store);
  c->callback([cal] { run_calibrate(*cal); });

  auto list = std::make_shared<ListArgs>();
  CLI::App* d = w->add_subcommand("discrepancies", "open discrepancies between weights and the books");
  d->add_flag("--all", list->all, "resolved ones too");
  d->add_flag("--json", list->json, "print JSON");
  add_store_options(*d, list->store);
  d->callback([list] { run_discrepancies(*list); });

  for (bool accept : {true, false}) {
    auto args = std::make_shared<ResolveArgs>();
    CLI::App* r = w->add_subcommand(accept ? "accept" : "dismiss",
                                    accept ? "accept a discrepancy: post an adjustment to the weighed count"
                                           : "dismiss a discrepancy: the books stay as they are");
    r->add_option("id", args->id, "discrepancy id")->required();
    r->add_option("--by", args->by, "who decides");
    r->add_flag("--json", args->json, "print JSON");
    add_store_options(*r, args->store);
    r->callback([args, accept] { run_resolve(*args, accept); });
  }
}

}  // namespace jxc::app
