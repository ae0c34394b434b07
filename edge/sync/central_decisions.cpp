#include "edge/sync/central_decisions.h"

#include "edge/alerts/alert_store.h"
#include "edge/alerts/suggestion_store.h"
#include "edge/inventory/audit_records.h"
#include "edge/inventory/count_workflow.h"
#include "edge/inventory/held_documents.h"
#include "edge/inventory/orders.h"

namespace jxc::sync {
namespace {

using inventory::Tx;
using json = nlohmann::json;
using Name = Command::Name;

struct Audited {
  const char* action;  // as the HTTP API records the same decision
  std::string target;
};

Audited audited(const Command& c) {
  const std::string n = c.number;
  switch (c.name) {
    case Name::ack_alert: return {"alert.acknowledge", "alert:" + std::to_string(c.alert_id)};
    case Name::cancel_order: return {"order.cancel", "order:" + n};
    case Name::release_document: return {"document.release", "document:" + n};
    case Name::cancel_document: return {"document.cancel", "document:" + n};
    case Name::approve_count: return {"count.approve", "count:" + n};
    case Name::reopen_count: return {"count.reopen", "count:" + n};
    case Name::accept_suggestion: return {"suggestion.accept", "suggestion:" + std::to_string(c.suggestion_id)};
    case Name::dismiss_suggestion: return {"suggestion.dismiss", "suggestion:" + std::to_string(c.suggestion_id)};
    default: return {"", ""};
  }
}

json document_answer(const inventory::DocumentResult& d) {
  return {{"number", d.number}, {"state", std::string(inventory::to_string(d.state))}};
}

Result<json> carry_out(Tx& tx, const Command& c) {
  const std::string actor = central_actor(c.by);
  switch (c.name) {
    case Name::ack_alert: {
      // acked_by is the person's name as sent: the contract's alert.acknowledged carries it so.
      JXC_ASSIGN(alerts::Alert a, alerts::store_acknowledge(tx, c.alert_id, c.by));
      return alert_answer(a);
    }
    case Name::cancel_order:
      JXC_TRY(inventory::cancel_order(tx, c.number));
      return json{{"number", c.number}, {"state", "cancelled"}};
    case Name::release_document: {
      JXC_ASSIGN(auto d, inventory::release_held_document(tx, c.number, actor, tx.options().four_eyes));
      return document_answer(d);
    }
    case Name::cancel_document: {
      JXC_ASSIGN(auto d, inventory::cancel_held_document(tx, c.number));
      return document_answer(d);
    }
    case Name::approve_count: {
      JXC_ASSIGN(auto d, inventory::approve_submitted_count(tx, c.number, actor, c.force));
      (void)d;
      return json{{"number", c.number}, {"state", "approved"}};
    }
    case Name::reopen_count:
      JXC_TRY(inventory::reopen_count(tx, c.number, actor));
      return json{{"number", c.number}, {"state", "counting"}};
    case Name::accept_suggestion:
    case Name::dismiss_suggestion: {
      const bool accept = c.name == Name::accept_suggestion;
      auto s = accept ? alerts::store_accept_suggestion(tx, c.suggestion_id, actor)
                      : alerts::store_dismiss_suggestion(tx, c.suggestion_id, actor);
      if (!s) return s.status();
      return json{{"suggestion_id", std::to_string(s->id)}, {"state", s->state}};
    }
    default:
      return error(Errc::internal, std::string("'") + command_name(c.name) + "' is not a decision");
  }
}

}  // namespace

std::string central_actor(const std::string& by) { return "central:" + by; }

Result<json> apply_decision(Tx& tx, const Command& command, const std::string& message_id) {
  if (!is_decision(command.name))
    return error(Errc::internal, std::string("'") + command_name(command.name) + "' is not a decision");
  if (command.by.empty()) return error(Errc::invalid_argument, "who decides ('by') is required");
  JXC_ASSIGN(json answer, carry_out(tx, command));
  const Audited a = audited(command);
  json detail = {{"message_id", message_id}};
  if (command.force) detail["force"] = true;
  JXC_TRY(inventory::append_audit(
      tx, {0, 0, central_actor(command.by), a.action, a.target,
           detail.dump(-1, ' ', false, json::error_handler_t::replace), ""}));
  return answer;
}

json decision_subject(const Command& c) {
  switch (c.name) {
    case Name::ack_alert: return {{"alert_id", std::to_string(c.alert_id)}};
    case Name::accept_suggestion:
    case Name::dismiss_suggestion: return {{"suggestion_id", std::to_string(c.suggestion_id)}};
    default: return c.number.empty() ? json::object() : json{{"number", c.number}};
  }
}

json alert_answer(const alerts::Alert& a) {
  json r = {{"alert_id", std::to_string(a.id)}, {"state", a.open ? "open" : "cleared"}};
  if (a.acked_at) {
    r["acked_by"] = a.acked_by;
    r["acked_at"] = format_iso8601(*a.acked_at);
  }
  return r;
}

}  // namespace jxc::sync
