// The read side for people and scripts: stock, ledger, verify, outbox.
// Each opens a read-only view of the store, so it never waits for the
// gateway's writer and never changes anything.
#include <algorithm>
#include <iostream>
#include <map>
#include <memory>

#include "edge/app/cli_support.h"
#include "edge/app/commands.h"
#include "edge/app/output.h"
#include "edge/inventory/stock_value.h"

namespace jxc::app {
namespace {

struct StockArgs {
  StoreOptions store;
  std::string item, location, by;
  bool zero = false, virtual_ = false, json = false, value = false;
};

/// `stock --value`: what the stock is worth, by item, location, warehouse or category.
void run_stock_value(const StockArgs& a, inventory::Queries& q) {
  inventory::StockValueFilter f;
  if (!a.by.empty() && !inventory::parse_value_by(a.by, &f.by))
    usage_error("--by '" + a.by + "': expected item, location, warehouse or category");
  f.sku = a.item;
  f.location = a.location;
  auto rows = take(inventory::stock_value(q, f));
  const std::string currency = site_currency(a.store);
  const std::string place(inventory::to_string(f.by));
  if (a.json) {
    Json out = Json::array();
    for (const auto& r : rows) {
      Json j = {{"sku", r.sku}, {"qty", r.qty}, {"decimals", r.decimals}, {"unit_cost", r.unit_cost},
                {"value", r.value}, {"currency", currency}};
      if (f.by != inventory::ValueBy::item) j[place] = r.place;
      out.push_back(std::move(j));
    }
    print_json(std::cout, out);
    return;
  }
  ItemQuantities units(q);
  std::map<std::string, std::string> names;
  std::vector<std::string> heads = {"SKU", "NAME", "QTY", "UNIT", "AVG COST", "VALUE"};
  if (f.by != inventory::ValueBy::item) heads.insert(heads.begin(), place_heading(f.by));
  Table t(heads);
  const std::size_t first = f.by == inventory::ValueBy::item ? 0 : 1;
  t.right(first + 2).right(first + 4).right(first + 5);
  inventory::Money total = 0;
  for (const auto& r : rows) {
    auto [it, fresh] = names.try_emplace(r.sku);
    if (fresh)
      if (auto item = q.item(r.sku)) it->second = item->name;
    std::vector<std::string> cells = {r.sku, it->second, units.number(r.sku, r.qty), units.units(r.sku).base,
                                      inventory::format_money(r.unit_cost), inventory::format_money(r.value)};
    if (first) cells.insert(cells.begin(), r.place.empty() ? "-" : r.place);
    t.add(cells);
    total += r.value;
  }
  t.print(std::cout);
  std::cout << "total value: " << inventory::format_money(total) << " " << currency << "\n";
}

void run_stock(const StockArgs& a) {
  auto q = open_queries(a.store);
  // The store answers an unknown SKU with no rows; a person meant something.
  if (!a.item.empty()) take(q->item(a.item));
  if (a.value) return run_stock_value(a, *q);
  if (!a.by.empty()) usage_error("--by goes with --value");
  inventory::StockFilter f;
  f.sku = a.item;
  f.location = a.location;
  f.include_zero = a.zero;
  f.include_virtual = a.virtual_;
  auto balances = take(q->stock(f));
  if (a.json) {
    Json out = Json::array();
    for (const auto& b : balances) out.push_back(to_json(b));
    print_json(std::cout, out);
    return;
  }
  std::map<std::string, std::string> names;  // one lookup per SKU, not per row
  ItemQuantities units(*q);
  Table t({"LOCATION", "SKU", "NAME", "LOT", "QTY", "UNIT"});
  t.right(4);
  inventory::Qty total = 0;
  for (const auto& b : balances) {
    auto [it, fresh] = names.try_emplace(b.sku);
    if (fresh) {
      auto item = q->item(b.sku);
      if (item) it->second = item->name;
    }
    t.add({b.location, b.sku, it->second, b.lot.empty() ? "-" : b.lot, units.number(b.sku, b.qty),
           units.units(b.sku).base});
    total += b.qty;
  }
  t.print(std::cout);
  // A total across items adds apples to pears; it means something for one item.
  if (!a.item.empty()) std::cout << "total " << a.item << ": " << units.with_unit(a.item, total) << "\n";
}

struct LedgerArgs {
  StoreOptions store;
  std::string item, location, since;
  std::size_t limit = 20;
  bool json = false;
};

void run_ledger(const LedgerArgs& a) {
  auto q = open_queries(a.store);
  inventory::LedgerFilter f;
  f.sku = a.item;
  f.location = a.location;
  if (!a.since.empty()) f.since = parse_time_option(a.since, "--since");
  // Newest first from the store, shown oldest-to-newest like a log; 0 shows
  // the whole ledger, paged so memory holds one page at a time.
  std::vector<inventory::Movement> ms;
  if (a.limit > 0) {
    f.newest_first = true;
    f.limit = a.limit;
    ms = take(q->ledger(f));
    std::reverse(ms.begin(), ms.end());
  } else {
    f.limit = 1000;
    for (;;) {
      auto page = take(q->ledger(f));
      for (auto& m : page) {
        f.after_id = std::max(f.after_id, m.id);
        ms.push_back(std::move(m));
      }
      if (page.size() < f.limit) break;
    }
  }
  if (a.json) {
    Json out = Json::array();
    for (const auto& m : ms) out.push_back(to_json(m));
    print_json(std::cout, out);
    return;
  }
  ItemQuantities units(*q);
  print_movements(std::cout, ms, site_zone(a.store), units);
}

void run_verify(const StoreOptions& store) {
  auto q = open_queries(store);
  check(q->verify());
  auto st = take(inventory::Outbox::stats(*q));
  std::cout << "ok: every balance equals the sum of its movements, every stock value the sum of its "
               "movements' values; the outbox has no gap"
            << (st.last_seq > 0 ? " up to seq " + std::to_string(st.last_seq) : std::string())
            << "\n";
}

struct OutboxArgs {
  StoreOptions store;
  std::size_t limit = 10;
  bool json = false;
};

void run_outbox(const OutboxArgs& a) {
  auto q = open_queries(a.store);
  auto st = take(inventory::Outbox::stats(*q));
  // The events the uplink still has to deliver, oldest first.
  auto events = take(inventory::Outbox::peek_after(*q, st.acked_up_to, a.limit));
  if (a.json) {
    Json ev = Json::array();
    for (const auto& e : events)
      ev.push_back(Json{{"seq", e.seq},
                        {"event_id", e.event_id},
                        {"type", e.type},
                        {"occurred_at", json_time(e.occurred_at)},
                        {"recorded_at", json_time(e.recorded_at)},
                        {"payload", Json::parse(e.payload, nullptr, false)}});
    print_json(std::cout, Json{{"epoch", st.epoch},
                               {"last_seq", st.last_seq},
                               {"acked_up_to", st.acked_up_to},
                               {"pending", st.last_seq - st.acked_up_to},
                               {"stored", st.stored},
                               {"events", ev}});
    return;
  }
  std::cout << "epoch " << st.epoch << ": last seq " << st.last_seq << ", acknowledged up to "
            << st.acked_up_to << ", " << (st.last_seq - st.acked_up_to) << " pending, "
            << st.stored << " stored\n";
  if (events.empty()) return;
  const TimeZone zone = site_zone(a.store);
  Table t({"SEQ", "TYPE", "OCCURRED", "EVENT ID"});
  t.right(0);
  for (const auto& e : events)
    t.add({std::to_string(e.seq), e.type, short_time(e.occurred_at, zone), e.event_id});
  t.print(std::cout);
  if (static_cast<std::int64_t>(events.size()) < st.last_seq - st.acked_up_to)
    std::cout << "(first " << events.size() << " pending shown; --limit shows more)\n";
}

}  // namespace

void add_stock_commands(CLI::App& app) {
  auto stock = std::make_shared<StockArgs>();
  CLI::App* s = app.add_subcommand("stock", "on-hand stock by location, item and lot");
  s->add_option("--item", stock->item, "only this SKU");
  s->add_option("--location", stock->location, "only this location and what is below it");
  s->add_flag("--zero", stock->zero, "include balances that are zero");
  s->add_flag("--virtual", stock->virtual_, "include the virtual locations (@SUPPLIER, @CUSTOMER, @ADJUSTMENT, @SCRAP, @OPENING, @PRODUCTION, @OTHER)");
  s->add_flag("--json", stock->json, "JSON array of {sku, location, lot, qty}");
  s->add_flag("--value", stock->value, "what the stock is worth at its moving-average cost");
  s->add_option("--by", stock->by, "with --value: item (default), location, warehouse or category");
  add_store_options(*s, stock->store);
  s->callback([stock] { run_stock(*stock); });

  auto ledger = std::make_shared<LedgerArgs>();
  CLI::App* l = app.add_subcommand("ledger", "the newest stock movements");
  l->add_option("--item", ledger->item, "only this SKU");
  l->add_option("--location", ledger->location, "only movements from or to this location");
  l->add_option("--since", ledger->since, "only movements recorded at or after this time");
  l->add_option("--limit", ledger->limit, "how many of the newest to show (0: all)")
      ->capture_default_str();
  l->add_flag("--json", ledger->json, "JSON array of movements");
  add_store_options(*l, ledger->store);
  l->callback([ledger] { run_ledger(*ledger); });

  auto verify = std::make_shared<StoreOptions>();
  CLI::App* v = app.add_subcommand(
      "verify", "check that balances equal the ledger and the outbox has no gap (exit 2 if not)");
  add_store_options(*v, *verify);
  v->callback([verify] { run_verify(*verify); });

  auto outbox = std::make_shared<OutboxArgs>();
  CLI::App* o = app.add_subcommand("outbox", "events waiting for the central system");
  o->add_option("--limit", outbox->limit, "how many pending events to list")->capture_default_str();
  o->add_flag("--json", outbox->json, "JSON with the counters and the events");
  add_store_options(*o, outbox->store);
  o->callback([outbox] { run_outbox(*outbox); });
}

}  // namespace jxc::app
