#include "edge/sync/engine_downlink.h"

#include <nlohmann/json.hpp>

#include <exception>
#include <set>

#include "edge/alerts/alert_store.h"
#include "edge/inventory/downlink_records.h"
#include "edge/inventory/master_data.h"
#include "edge/inventory/orders.h"
#include "edge/inventory/outbox.h"
#include "edge/inventory/stock_count.h"
#include "edge/inventory/tx.h"
#include "edge/sync/central_decisions.h"

namespace jxc::sync {
namespace {

using inventory::Tx;
using json = nlohmann::json;
using Outcome = DownlinkOutcome;

constexpr std::size_t kProblemsShown = 10;

// Answers carry text from the message (ids, reasons): bytes that are not
// UTF-8 are replaced rather than failing the answer.
std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

Outcome rejected(std::string reason, std::string message_id = {}) {
  Outcome o;
  o.result = Outcome::Result::rejected;
  o.reason = std::move(reason);
  o.message_id = std::move(message_id);
  return o;
}

std::string join_problems(const std::vector<std::string>& problems) {
  std::string out;
  for (std::size_t i = 0; i < problems.size() && i < kProblemsShown; ++i)
    out += (i ? "; " : "") + problems[i];
  if (problems.size() > kProblemsShown)
    out += "; and " + std::to_string(problems.size() - kProblemsShown) + " more";
  return out;
}

// ---- inside the transaction ----

/// An import's refusal with the records it names: "items: nothing imported:
/// 1 of 3 records are invalid: #2 SKU 'X': ...".
template <typename Rows, typename Import>
Status import(Tx& tx, const char* what, const Rows& rows, Import fn) {
  if (rows.empty()) return Status::ok();
  std::vector<inventory::RowError> errors;
  auto r = fn(tx, rows, errors);
  if (r) return Status::ok();
  std::string reason = std::string(what) + ": " + r.status().reason();
  for (std::size_t i = 0; i < errors.size() && i < kProblemsShown; ++i)
    reason += (i ? "; #" : ": #") + std::to_string(errors[i].index) + " " + errors[i].reason;
  return error(r.status().code(), reason);
}

Status in_context(const char* what, Status s) {
  if (s) return s;
  return error(s.code(), std::string(what) + ": " + s.reason());
}

Status apply_snapshot(Tx& tx, const MasterSnapshot& s) {
  JXC_ASSIGN(std::int64_t current, inventory::master_data_version(tx));
  if (s.version < current)
    return error(Errc::invalid_argument, "snapshot version " + std::to_string(s.version) +
                                             " is older than the applied version " +
                                             std::to_string(current));
  std::set<std::string> skus, codes;
  for (const auto& i : s.data.items) skus.insert(i.sku);
  for (const auto& l : s.data.locations) codes.insert(l.code);
  // Retire the items first so that their GTINs are free for the new ones.
  JXC_TRY(in_context("items", inventory::retire_items_except(tx, skus)));
  JXC_TRY(import(tx, "locations", s.data.locations, inventory::import_locations));
  JXC_TRY(import(tx, "items", s.data.items, inventory::import_items));
  JXC_TRY(in_context("locations", inventory::retire_locations_except(tx, codes)));
  JXC_TRY(inventory::clear_thresholds(tx));
  JXC_TRY(import(tx, "thresholds", s.data.thresholds, inventory::import_thresholds));
  return inventory::set_master_data_version(tx, s.version);
}

Status apply_delta(Tx& tx, const MasterDelta& d) {
  JXC_ASSIGN(std::int64_t current, inventory::master_data_version(tx));
  if (d.version <= current)
    return error(Errc::invalid_argument, "delta version " + std::to_string(d.version) +
                                             " is not newer than the applied version " +
                                             std::to_string(current) + " (an old or repeated delta)");
  if (d.version > current + 1)
    return error(Errc::invalid_argument,
                 "delta version " + std::to_string(d.version) + " leaves a gap: the applied version is " +
                     std::to_string(current) + ", so version " + std::to_string(current + 1) +
                     " must come first (or a full snapshot)");
  JXC_TRY(import(tx, "upsert.locations", d.upsert.locations, inventory::import_locations));
  JXC_TRY(import(tx, "upsert.items", d.upsert.items, inventory::import_items));
  JXC_TRY(import(tx, "upsert.thresholds", d.upsert.thresholds, inventory::import_thresholds));
  JXC_TRY(in_context("retire.thresholds", inventory::remove_thresholds(tx, d.remove_thresholds)));
  JXC_TRY(in_context("retire.items", inventory::retire_items(tx, d.retire_items)));
  JXC_TRY(in_context("retire.locations", inventory::retire_locations(tx, d.retire_locations)));
  return inventory::set_master_data_version(tx, d.version);
}

Status apply_body(Tx& tx, const DownlinkBody& body) {
  if (auto* s = std::get_if<MasterSnapshot>(&body)) return apply_snapshot(tx, *s);
  if (auto* d = std::get_if<MasterDelta>(&body)) return apply_delta(tx, *d);
  if (auto* o = std::get_if<inventory::Order>(&body))
    return in_context(o->kind == inventory::OrderKind::expected_receipt ? "expected receipt"
                                                                         : "pick list",
                      inventory::upsert_order(tx, *o));
  if (auto* c = std::get_if<inventory::CountOpen>(&body)) {
    auto r = inventory::open_count(tx, *c);
    return in_context("count", r.status());
  }
  return Status::ok();  // replay and resync change nothing here; decisions are applied by the caller
}

}  // namespace

Downlink::Downlink(inventory::Engine& engine, std::unique_ptr<inventory::Queries> queries,
                   const Clock& clock, DownlinkOptions options)
    : engine_(engine), queries_(std::move(queries)), clock_(clock), options_(options) {}

Result<std::unique_ptr<Downlink>> Downlink::open(inventory::Engine& engine, const Clock& clock,
                                                 DownlinkOptions options) {
  JXC_ASSIGN(auto q, inventory::Queries::open(engine.options().store_path));
  return std::unique_ptr<Downlink>(new Downlink(engine, std::move(q), clock, options));
}

Result<std::int64_t> Downlink::master_data_version() {
  std::lock_guard lock(queries_mu_);
  return inventory::master_data_version(*queries_);
}

DownlinkOutcome Downlink::handle(const DownlinkMessage& message) {
  try {
    ParseOutcome parsed = parse_downlink(message.kind, message.payload, options_.max_payload_bytes);
    if (!parsed.ok()) {
      Outcome o = rejected(join_problems(parsed.problems), parsed.message_id);
      o.response_json = dump(json{{"message_id", parsed.message_id},
                                  {"ok", false},
                                  {"reason", o.reason},
                                  {"gateway_id", engine_.options().gateway_id},
                                  {"gateway_time", format_iso8601(clock_.now_ms())}});
      return o;
    }
    return handle_parsed(message, parsed.message);
  } catch (const std::exception& e) {
    return rejected(std::string("internal error while handling the message: ") + e.what());
  } catch (...) {
    return rejected("internal error while handling the message");
  }
}

DownlinkOutcome Downlink::handle_parsed(const DownlinkMessage& received, ParsedDownlink& message) {
  const std::string& kind = received.kind;
  const auto* command = std::get_if<Command>(&message.body);
  if (command && (command->name == Command::Name::ping || command->name == Command::Name::stock))
    return answer(message, *command);

  if (command && command->name == Command::Name::replay) {
    // Refused before anything is recorded, so that a corrected request with
    // the same message id is still served.
    if (!command->epoch.empty() && command->epoch != engine_.epoch())
      return answer_error(message, *command,
                          "replay asked for epoch '" + command->epoch + "' but this store's epoch is '" +
                              engine_.epoch() + "': the store was created anew, start from seq 1");
    std::int64_t last = 0;
    {
      std::lock_guard lock(queries_mu_);
      auto stats = inventory::Outbox::stats(*queries_);
      if (!stats) return answer_error(message, *command, stats.status().reason());
      last = stats->last_seq;
    }
    if (command->from_seq > last + 1)
      return answer_error(message, *command,
                          "replay from seq " + std::to_string(command->from_seq) +
                              " but the newest event is " + std::to_string(last));
  }

  enum class Done { applied, duplicate };
  const std::string id = message.message_id;
  std::optional<json> decided;  // a decision: what it did, for the answer
  auto result = engine_.run<Done>([&](Tx& tx) -> Result<Done> {
    JXC_ASSIGN(bool seen, inventory::downlink_applied(tx, id));
    if (seen) return Done::duplicate;
    JXC_TRY(apply_body(tx, message.body));
    if (command && is_decision(command->name)) {
      // The change, its events and its audit entry are written here, with
      // the message id's record.
      JXC_ASSIGN(json done, apply_decision(tx, *command, id));
      decided = std::move(done);
    }
    JXC_TRY(inventory::record_downlink_applied(tx, id, kind));
    // A sender that gave no response topic learns from the event stream
    // that the message was applied, in the same transaction as the change.
    if (!received.has_response_topic) {
      json ev = {{"message_id", id}, {"kind", kind}, {"applied_at", format_iso8601(tx.now())}};
      JXC_TRY(inventory::Outbox::append(tx, "downlink.applied", tx.now(), dump(ev)).status());
    }
    return Done::applied;
  });
  if (!result) {
    if (command) return answer_error(message, *command, result.status().reason(), result.status().code());
    Outcome o = rejected(result.status().reason(), id);
    o.response_json = dump(json{{"message_id", id},
                                {"kind", kind},
                                {"ok", false},
                                {"reason", o.reason},
                                {"gateway_id", engine_.options().gateway_id},
                                {"gateway_time", format_iso8601(clock_.now_ms())}});
    return o;
  }
  const bool duplicate = *result == Done::duplicate;
  if (command) return answer(message, *command, duplicate, decided ? &*decided : nullptr);
  Outcome o;
  o.result = duplicate ? Outcome::Result::duplicate : Outcome::Result::applied;
  o.message_id = id;
  if (duplicate) o.reason = "message " + id + " was applied before";
  json r = {{"message_id", id},
            {"kind", kind},
            {"ok", true},
            {"gateway_id", engine_.options().gateway_id},
            {"gateway_time", format_iso8601(clock_.now_ms())}};
  if (duplicate) r["duplicate"] = true;
  o.response_json = dump(r);
  return o;
}

DownlinkOutcome Downlink::answer_error(const ParsedDownlink& message, const Command& command,
                                       std::string reason, Errc code) {
  Outcome o = rejected(reason, message.message_id);
  json r = {{"message_id", message.message_id},
            {"command", command_name(command.name)},
            {"ok", false},
            {"reason", std::move(reason)},
            {"gateway_id", engine_.options().gateway_id},
            {"gateway_time", format_iso8601(clock_.now_ms())}};
  if (is_decision(command.name)) {
    r.update(decision_subject(command));
    // What kind of refusal, for the central system to act on.
    if (code != Errc::ok) r["code"] = std::string(errc_name(code));
  }
  o.response_json = dump(r);
  return o;
}

DownlinkOutcome Downlink::answer(const ParsedDownlink& message, const Command& command, bool duplicate,
                                 const json* decided) {
  json r = {{"message_id", message.message_id},
            {"command", command_name(command.name)},
            {"ok", true},
            {"gateway_id", engine_.options().gateway_id},
            {"epoch", engine_.epoch()},
            {"gateway_time", format_iso8601(clock_.now_ms())}};
  if (duplicate) r["duplicate"] = true;
  Outcome o;
  o.result = duplicate ? Outcome::Result::duplicate : Outcome::Result::applied;
  o.message_id = message.message_id;
  if (duplicate) o.reason = "message " + message.message_id + " was applied before";
  auto fail = [&](std::string reason) { return answer_error(message, command, std::move(reason)); };
  std::lock_guard lock(queries_mu_);
  switch (command.name) {
    case Command::Name::ping:
      break;
    case Command::Name::stock: {
      auto item = queries_->item(command.sku);
      if (!item) return fail(item.status().reason());
      if (!command.location.empty()) {
        auto loc = queries_->location(command.location);
        if (!loc) return fail(loc.status().reason());
      }
      inventory::StockFilter f;
      f.sku = command.sku;
      f.location = command.location;
      auto balances = queries_->stock(f);
      if (!balances) return fail(balances.status().reason());
      json list = json::array();
      inventory::Qty total = 0;
      for (const auto& b : *balances) {
        json e = {{"location", b.location}, {"qty", b.qty}};
        if (!b.lot.empty()) e["lot"] = b.lot;
        list.push_back(std::move(e));
        total += b.qty;
      }
      r["sku"] = command.sku;
      if (!command.location.empty()) r["location"] = command.location;
      r["uom"] = item->uom;
      r["total"] = total;
      r["balances"] = std::move(list);
      break;
    }
    case Command::Name::replay: {
      auto stats = inventory::Outbox::stats(*queries_);
      if (!stats) return fail(stats.status().reason());
      // Pruning removes acknowledged events from the front; whatever remains
      // can be sent again.
      std::int64_t oldest = stats->first_seq > 0 ? stats->first_seq : stats->last_seq + 1;
      r["from_seq"] = command.from_seq;
      r["last_seq"] = stats->last_seq;
      r["oldest_available_seq"] = oldest;
      // Events already pruned cannot be sent again; the central system learns
      // it here instead of waiting for a gap that never fills.
      r["complete"] = command.from_seq >= oldest;
      o.action = Outcome::Action::replay;
      o.replay_from_seq = std::max(command.from_seq, oldest);
      break;
    }
    case Command::Name::resync: {
      auto v = inventory::master_data_version(*queries_);
      if (!v) return fail(v.status().reason());
      r["master_data_version"] = *v;
      o.action = Outcome::Action::resync_master_data;
      break;
    }
    case Command::Name::ack_alert: {
      if (decided) {
        r.update(*decided);
        break;
      }
      // A repeated delivery is answered with the alert as it stands now.
      auto found = alerts::load_alert(*queries_, command.alert_id);
      if (!found) return fail(found.status().reason());
      if (!*found) return fail("no alert with id " + std::to_string(command.alert_id));
      r.update(alert_answer(**found));
      break;
    }
    default:
      // The other decisions: what this delivery did, or for a repeat what
      // the decision was about (it was carried out by the first delivery).
      r.update(decided ? *decided : decision_subject(command));
      break;
  }
  if (duplicate) o.action = Outcome::Action::none;  // carried out once per message id
  o.response_json = dump(r);
  return o;
}

Result<std::int64_t> prune_applied_messages(inventory::Engine& engine, TimeMs older_than) {
  return engine.run<std::int64_t>(
      [older_than](Tx& tx) { return inventory::prune_downlink_applied(tx, older_than); });
}

}  // namespace jxc::sync
