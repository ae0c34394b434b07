// jxc-edge audit: the audit trail (logins, users and tokens added, and every
// change made through the HTTP API or this command line), newest first.
#include <iostream>
#include <memory>

#include "edge/app/cli_support.h"
#include "edge/app/commands.h"
#include "edge/app/output.h"
#include "edge/inventory/audit_records.h"

namespace jxc::app {
namespace {

struct AuditArgs {
  StoreOptions store;
  std::string actor, action;
  std::size_t limit = 50;
  bool json = false;
};

void run_audit(const AuditArgs& a) {
  auto q = open_queries(a.store);
  inventory::AuditFilter f;
  f.actor = a.actor;
  f.action = a.action;
  f.limit = a.limit;
  auto entries = take(inventory::audit_entries(*q, f));
  if (a.json) {
    Json out = Json::array();
    for (const auto& e : entries)
      out.push_back({{"id", e.id}, {"at", format_iso8601(e.at)}, {"actor", e.actor}, {"action", e.action},
                     {"target", e.target}, {"detail", e.detail}, {"address", e.address}});
    print_json(std::cout, out);
    return;
  }
  Table t({"ID", "AT", "ACTOR", "ACTION", "TARGET", "DETAIL", "ADDRESS"});
  t.right(0);
  for (const auto& e : entries)
    t.add({std::to_string(e.id), format_iso8601(e.at), e.actor, e.action, e.target.empty() ? "-" : e.target,
           e.detail.empty() ? "-" : e.detail, e.address.empty() ? "-" : e.address});
  t.print(std::cout);
}

}  // namespace

void add_audit_command(CLI::App& app) {
  auto args = std::make_shared<AuditArgs>();
  CLI::App* c = app.add_subcommand("audit", "the audit trail, newest first");
  c->add_option("--actor", args->actor, "only this actor (user:NAME, token:ID:NAME, unix:NAME)");
  std::string actions;
  for (auto a : inventory::audit_actions()) actions += (actions.empty() ? "" : ", ") + std::string(a);
  c->add_option("--action", args->action, "only this action: " + actions)
      ->check([](const std::string& v) {
        for (auto a : inventory::audit_actions())
          if (a == v) return std::string();
        return "'" + v + "' is not an audit action";
      });
  c->add_option("--limit", args->limit, "at most this many")->check(CLI::Range(1, 1000000));
  c->add_flag("--json", args->json, "JSON array");
  add_store_options(*c, args->store);
  c->callback([args] { run_audit(*args); });
}

}  // namespace jxc::app
