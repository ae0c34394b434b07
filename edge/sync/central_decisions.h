#pragma once
// The decisions people at the central system take, carried out on this
// gateway: cancel an open expected receipt or pick list, release (post) or
// cancel a document held for review, approve or reopen a submitted count,
// acknowledge an alert, accept or dismiss a replenishment suggestion.
//
// Each goes through the same inventory and alert functions as the local
// HTTP API's decisions, so their rules hold whoever decides, and each writes
// its audit entry (actor "central:<by>", the message id in the detail) in the
// transaction that makes the change.
//
// Four-eyes ([site] four_eyes, the engine's option): the person named in
// `by` is compared by name with the people behind the work, whatever way
// they acted ("user:li", "unix:li", "central:li" and "li" are one person):
// a count is approved by someone other than its counters, a held document
// released by someone other than its creator and its last editor. The
// central system's user names and the gateway's local user names are taken
// to name the same people.

#include <nlohmann/json.hpp>

#include <string>

#include "edge/alerts/alert.h"
#include "edge/common/status.h"
#include "edge/inventory/tx.h"
#include "edge/sync/downlink_messages.h"

namespace jxc::sync {

/// The actor a central decision is recorded under: "central:<by>".
std::string central_actor(const std::string& by);

/// Carries out the decision (is_decision(command.name)) and appends its audit
/// entry. Returns the answer's fields that say what it did (the number or id
/// and the state it left). A refusal changes nothing: its Status says why
/// (unknown_order, unknown_document, invalid_state, four_eyes, ...).
Result<nlohmann::json> apply_decision(inventory::Tx& tx, const Command& command, const std::string& message_id);

/// The answer's fields naming what the decision is about (number,
/// suggestion_id or alert_id), for a repeat and for a refusal.
nlohmann::json decision_subject(const Command& command);

/// An ack-alert's answer fields for an alert as it stands.
nlohmann::json alert_answer(const alerts::Alert& a);

}  // namespace jxc::sync
