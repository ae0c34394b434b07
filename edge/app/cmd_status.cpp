// jxc-edge status: the daemon and its store at a glance — which store and
// why, whether a daemon runs on it, its devices (from the file the daemon
// keeps beside the store), the uplink's backlog, open alerts and documents
// held for review. Reads only: it neither creates nor locks anything.
#include <iostream>
#include <memory>
#include <optional>

#include "edge/alerts/alert_store.h"
#include "edge/app/cli_support.h"
#include "edge/app/commands.h"
#include "edge/app/output.h"
#include "edge/inventory/held_documents.h"
#include "edge/inventory/outbox.h"
#include "edge/inventory/store_summary.h"
#include "edge/service/status_file.h"
#include "edge/service/store_lock.h"

namespace jxc::app {
namespace {

struct StatusArgs {
  StoreOptions store;
  bool json = false;
};

constexpr std::size_t kListed = 5;  // alerts and held documents named; the rest counted

struct Gathered {
  StoreLocation where;
  std::optional<pid_t> daemon;                    // holding the store
  std::optional<service::StatusFile> file;        // written by that daemon
  std::string file_problem;                       // why there is no (current) file
  inventory::StoreSummary summary;
  inventory::OutboxStats outbox;
  std::vector<alerts::Alert> alerts;
  std::vector<inventory::HeldDocument> held;
  std::int64_t held_count = 0;
};

Gathered gather(const StatusArgs& a) {
  Gathered g;
  g.where = store_location(a.store);
  auto q = open_queries(a.store);
  g.daemon = service::StoreLock::holder(g.where.store_path);
  if (g.daemon) {
    auto file = service::read_status_file(g.where.store_path);
    if (!file) g.file_problem = file.status().reason();
    // The file of an earlier daemon on this store says nothing of this one.
    else if (*g.daemon != 0 && file->pid != *g.daemon)
      g.file_problem = "the status file is from pid " + std::to_string(file->pid) + ", not the running daemon";
    else g.file = std::move(file).value();
  }
  g.summary = take(inventory::store_summary(*q));
  g.outbox = take(inventory::Outbox::stats(*q));
  g.alerts = take(alerts::load_alerts(*q, {true, 1000}));
  g.held = take(inventory::held_documents(*q, kListed));
  g.held_count = take(inventory::held_document_count(*q));
  return g;
}

Json as_json(const Gathered& g) {
  Json devices = Json::array();
  if (g.file)
    for (const auto& d : g.file->devices)
      devices.push_back({{"id", d.id}, {"kind", d.kind}, {"state", std::string(devices::to_string(d.state))},
                         {"detail", d.detail}, {"since", json_time(d.since)}});
  Json alerts = Json::array();
  for (const auto& al : g.alerts)
    alerts.push_back({{"id", al.id}, {"kind", std::string(alerts::to_string(al.key.kind))},
                      {"severity", std::string(alerts::to_string(al.severity))}, {"item", al.key.item},
                      {"location", al.key.location}, {"detail", al.detail}, {"raised_at", json_time(al.raised_at)}});
  Json held = Json::array();
  for (const auto& d : g.held)
    held.push_back({{"number", d.number}, {"order", d.order}, {"source", d.source},
                    {"created_at", json_time(d.created_at)}, {"exceptions", d.exceptions}});
  return {{"store", {{"path", g.where.store_path}, {"why", g.where.why}, {"config", g.where.config_file},
                     {"schema_version", g.summary.schema_version}, {"epoch", g.outbox.epoch},
                     {"movements", g.summary.last_movement_id}, {"documents", g.summary.last_document_id}}},
          {"daemon", {{"running", g.daemon.has_value()},
                      {"pid", g.daemon && *g.daemon > 0 ? Json(*g.daemon) : Json(nullptr)},
                      {"started_at", g.file ? json_time(g.file->started_at) : Json(nullptr)},
                      {"status", g.file ? Json(g.file->line) : Json(nullptr)},
                      {"problem", g.file_problem.empty() ? Json(nullptr) : Json(g.file_problem)}}},
          {"devices", devices},
          {"outbox", {{"last_seq", g.outbox.last_seq}, {"acked_up_to", g.outbox.acked_up_to},
                      {"pending", std::max<std::int64_t>(0, g.outbox.last_seq - g.outbox.acked_up_to)},
                      {"stored", g.outbox.stored}}},
          {"open_alerts", alerts},
          {"held_documents", {{"count", g.held_count}, {"newest", held}}}};
}

void print_text(const Gathered& g, const TimeZone& zone) {
  std::ostream& out = std::cout;
  out << "store    " << g.where.store_path << " (" << g.where.why << ")\n"
      << "         schema " << g.summary.schema_version << ", epoch " << g.outbox.epoch << ", "
      << g.summary.last_movement_id << " movements, " << g.summary.last_document_id << " documents\n";
  if (!g.daemon) {
    out << "daemon   not running on this store\n";
  } else {
    out << "daemon   running" << (*g.daemon > 0 ? ", pid " + std::to_string(*g.daemon) : std::string());
    if (g.file) out << ", since " << short_time(g.file->started_at, zone) << "\n         " << g.file->line;
    else out << " (" << g.file_problem << ")";
    out << "\n";
    if (g.file && !g.file->devices.empty()) {
      Table t({"DEVICE", "KIND", "STATE", "SINCE", "DETAIL"});
      for (const auto& d : g.file->devices)
        t.add({d.id, d.kind, std::string(devices::to_string(d.state)), short_time(d.since, zone),
               d.detail.empty() ? "-" : d.detail});
      t.print(out);
    }
  }
  const std::int64_t pending = std::max<std::int64_t>(0, g.outbox.last_seq - g.outbox.acked_up_to);
  out << "uplink   " << pending << (pending == 1 ? " event" : " events") << " waiting for the central system (seq "
      << g.outbox.last_seq << ", acknowledged up to " << g.outbox.acked_up_to << ")\n";
  out << "alerts   " << g.alerts.size() << " open\n";
  for (std::size_t i = 0; i < g.alerts.size() && i < kListed; ++i) {
    const auto& al = g.alerts[i];
    // The alert's own sentence names the item as the managers read it.
    out << "         #" << al.id << " " << alerts::to_string(al.key.kind) << " (" << alerts::to_string(al.severity)
        << "), raised " << short_time(al.raised_at, zone) << ": " << al.detail << "\n";
  }
  if (g.alerts.size() > kListed) out << "         ... and " << g.alerts.size() - kListed << " more (jxc-edge alerts list)\n";
  out << "held     " << g.held_count << (g.held_count == 1 ? " document" : " documents") << " held for review\n";
  for (const auto& d : g.held) {
    out << "         " << d.number << (d.order.empty() ? "" : " against " + d.order) << " from " << d.source << ", "
        << short_time(d.created_at, zone);
    for (const auto& e : d.exceptions) out << "; " << e;
    out << "\n";
  }
}

void run_status(const StatusArgs& a) {
  Gathered g = gather(a);
  if (a.json) {
    print_json(std::cout, as_json(g));
    return;
  }
  print_text(g, site_zone(a.store));
}

}  // namespace

void add_status_command(CLI::App& app) {
  auto args = std::make_shared<StatusArgs>();
  CLI::App* c = app.add_subcommand("status",
                                   "the daemon and its store at a glance: store, devices, uplink backlog, "
                                   "open alerts, documents held for review");
  c->add_flag("--json", args->json, "JSON object");
  add_store_options(*c, args->store);
  c->callback([args] { run_status(*args); });
}

}  // namespace jxc::app
