// jxc-edge alerts list|ack|deliveries and replenish list|accept|dismiss|set: what the alert
// rules have raised, a manager's acknowledgement, and the reorder suggestions
// (accepted or dismissed by a manager) with the master data they are computed
// from.
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "edge/alerts/alert_store.h"
#include "edge/alerts/suggestion_store.h"
#include "edge/app/cli_support.h"
#include "edge/app/commands.h"
#include "edge/app/output.h"
#include "edge/inventory/alert_records.h"
#include "edge/inventory/queries.h"
#include "edge/inventory/tx.h"

namespace jxc::app {
namespace {

std::string time_or_dash(const std::optional<TimeMs>& t, const TimeZone& zone) {
  return t ? short_time(*t, zone) : "-";
}

struct ListArgs {
  StoreOptions store;
  bool all = false, json = false;
  std::size_t limit = 1000;
};

void run_list(const ListArgs& a) {
  auto q = open_queries(a.store);
  auto list = take(alerts::load_alerts(*q, {!a.all, a.limit}));
  if (a.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& al : list) out.push_back(nlohmann::json::parse(alerts::to_json(al, "")));
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return;
  }
  const TimeZone zone = site_zone(a.store);
  Table t({"ID", "KIND", "SEVERITY", "ITEM", "LOCATION", "LOT", "SUBJECT", "QTY", "THRESHOLD",
           "ORDER", "STATE", "RAISED", "ACKED BY", "ESCALATED"});
  t.right(0).right(7).right(8).right(9);
  for (const auto& al : list)
    t.add({std::to_string(al.id), std::string(alerts::to_string(al.key.kind)),
           std::string(alerts::to_string(al.severity)), al.key.item, al.key.location, al.key.lot,
           al.key.subject, std::to_string(al.qty), std::to_string(al.threshold),
           al.suggested_qty ? std::to_string(al.suggested_qty) : "", al.open ? "open" : "cleared",
           short_time(al.raised_at, zone), al.acked_by.empty() ? "-" : al.acked_by,
           time_or_dash(al.escalated_at, zone)});
  t.print(std::cout);
}

struct AckArgs {
  StoreOptions store;
  std::int64_t id = 0;
  std::string by;
};

void run_ack(const AckArgs& a) {
  auto engine = open_engine(a.store);
  auto audit = box_audit("alert.acknowledge", "alert:" + std::to_string(a.id));
  auto acked = take(engine->run<alerts::Alert>([&](inventory::Tx& tx) -> Result<alerts::Alert> {
    JXC_ASSIGN(auto acked, alerts::store_acknowledge(tx, a.id, a.by));
    JXC_TRY(inventory::append_audit(tx, audit));
    return acked;
  }));
  std::cout << "acknowledged alert " << acked.id << " (" << alerts::summary(acked) << ") by "
            << acked.acked_by << "\n";
}

struct SuggestArgs {
  StoreOptions store;
  bool all = false, json = false;
};

void run_replenish_list(const SuggestArgs& a) {
  auto q = open_queries(a.store);
  auto list = take(alerts::load_suggestions(*q, !a.all, 1000));
  if (a.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& s : list)
      out.push_back({{"id", s.id}, {"item", s.item}, {"location", s.location},
                     {"on_hand", s.on_hand}, {"expected", s.expected}, {"reserved", s.reserved},
                     {"reorder_point", s.reorder_point}, {"suggested_qty", s.qty},
                     {"mean_daily_demand", s.mean_daily}, {"sigma_daily_demand", s.sigma_daily},
                     {"lead_time_days", s.lead_time_days}, {"state", s.state},
                     {"created_at", format_iso8601(s.created_at)}});
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return;
  }
  const TimeZone zone = site_zone(a.store);
  Table t({"ID", "ITEM", "LOCATION", "ON HAND", "EXPECTED", "RESERVED", "ROP", "ORDER", "MEAN/DAY",
           "SIGMA", "LEAD", "STATE", "CREATED"});
  for (std::size_t i : {0, 3, 4, 5, 6, 7, 8, 9, 10}) t.right(i);
  auto fixed = [](double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return std::string(buf);
  };
  for (const auto& s : list)
    t.add({std::to_string(s.id), s.item, s.location, std::to_string(s.on_hand),
           std::to_string(s.expected), std::to_string(s.reserved), fixed(s.reorder_point),
           std::to_string(s.qty), fixed(s.mean_daily), fixed(s.sigma_daily),
           std::to_string(s.lead_time_days), s.state, short_time(s.created_at, zone)});
  t.print(std::cout);
}

struct DecideArgs {
  StoreOptions store;
  std::int64_t id = 0;
  std::string by;
};

void run_decide(const DecideArgs& a, bool accept) {
  auto engine = open_engine(a.store);
  const std::string by = a.by.empty() ? default_source() : a.by;
  auto audit = box_audit(accept ? "suggestion.accept" : "suggestion.dismiss", "suggestion:" + std::to_string(a.id));
  auto s = take(engine->run<alerts::Suggestion>([&](inventory::Tx& tx) -> Result<alerts::Suggestion> {
    JXC_ASSIGN(auto s, accept ? alerts::store_accept_suggestion(tx, a.id, by)
                              : alerts::store_dismiss_suggestion(tx, a.id, by));
    JXC_TRY(inventory::append_audit(tx, audit));
    return s;
  }));
  std::cout << "suggestion " << s.id << " (" << s.qty << " of " << s.item << " for " << s.location << ") "
            << s.state << " by " << s.decided_by << "\n";
}

struct SetArgs {
  StoreOptions store;
  std::string sku;
  std::optional<std::int64_t> lead_time, pack;
};

void run_replenish_set(const SetArgs& a) {
  if (!a.lead_time && !a.pack) usage_error("give --lead-time and/or --pack");
  auto engine = open_engine(a.store);
  take(engine->run<int>([&](inventory::Tx& tx) -> Result<int> {
    JXC_TRY(inventory::set_replenishment_parameters(tx, a.sku, a.lead_time, a.pack));
    return 0;
  }));
  std::cout << a.sku << ": replenishment parameters updated\n";
}

}  // namespace

void add_alert_commands(CLI::App& app) {
  CLI::App* alerts = app.add_subcommand("alerts", "alerts raised for managers");
  alerts->require_subcommand(1);

  auto list = std::make_shared<ListArgs>();
  CLI::App* l = alerts->add_subcommand("list", "open alerts (newest first)");
  l->add_flag("--all", list->all, "include cleared alerts");
  l->add_flag("--json", list->json, "JSON array");
  l->add_option("--limit", list->limit, "at most this many")->check(CLI::Range(1, 1000000));
  add_store_options(*l, list->store);
  l->callback([list] { run_list(*list); });

  auto ack = std::make_shared<AckArgs>();
  CLI::App* k = alerts->add_subcommand("ack", "acknowledge an open alert (stops its escalation)");
  k->add_option("id", ack->id, "alert id")->required()->check(CLI::PositiveNumber);
  k->add_option("--by", ack->by, "who acknowledges (default: the current user)");
  add_store_options(*k, ack->store);
  k->callback([ack] {
    if (ack->by.empty()) ack->by = default_source();
    run_ack(*ack);
  });

  auto del = std::make_shared<StoreOptions>();
  CLI::App* d = alerts->add_subcommand("deliveries", "the channel delivery log (newest first)");
  add_store_options(*d, *del);
  d->callback([del] {
    auto q = open_queries(*del);
    auto list = take(alerts::load_deliveries(*q, 200));
    const TimeZone zone = site_zone(*del);
    Table t({"ALERT", "CHANNEL", "EVENT", "ATTEMPT", "OK", "AT", "DETAIL"});
    t.right(0).right(3);
    for (const auto& x : list)
      t.add({std::to_string(x.alert_id), x.channel, x.event, std::to_string(x.attempt),
             x.ok ? "yes" : "no", short_time(x.at, zone), x.detail});
    t.print(std::cout);
  });

  CLI::App* rep = app.add_subcommand("replenish", "reorder suggestions for purchasing");
  rep->require_subcommand(1);
  auto sl = std::make_shared<SuggestArgs>();
  CLI::App* rl = rep->add_subcommand("list", "open suggestions (newest first)");
  rl->add_flag("--all", sl->all, "include covered, accepted and dismissed suggestions");
  rl->add_flag("--json", sl->json, "JSON array");
  add_store_options(*rl, sl->store);
  rl->callback([sl] { run_replenish_list(*sl); });

  for (bool accept : {true, false}) {
    auto args = std::make_shared<DecideArgs>();
    CLI::App* r = rep->add_subcommand(accept ? "accept" : "dismiss",
                                      accept ? "accept an open suggestion (to be ordered)" : "dismiss an open suggestion");
    r->add_option("id", args->id, "suggestion id")->required()->check(CLI::PositiveNumber);
    r->add_option("--by", args->by, "who decides (default: the current user)");
    add_store_options(*r, args->store);
    r->callback([args, accept] { run_decide(*args, accept); });
  }

  auto set = std::make_shared<SetArgs>();
  CLI::App* rs = rep->add_subcommand("set", "an item's lead time and pack multiple");
  rs->add_option("sku", set->sku, "item")->required();
  rs->add_option("--lead-time", set->lead_time, "days from order to receipt")
      ->check(CLI::Range(1, 3650));
  rs->add_option("--pack", set->pack, "orders are rounded up to this multiple")
      ->check(CLI::Range(1, 1000000));
  add_store_options(*rs, set->store);
  rs->callback([set] { run_replenish_set(*set); });
}

}  // namespace jxc::app
