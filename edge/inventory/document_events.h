#pragma once
// The outbox event of a document ("receipt.posted", "count.approved",
// "document.needs_review", ...): one payload shape, written by one builder.
// A document posted in the request that created it fills the payload from
// what the writer has in hand; every other event reads the document back
// from the store (append_document_event). Both go through
// document_event_json, so the central system sees the same JSON either way.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "edge/inventory/tx.h"
#include "edge/inventory/types.h"

namespace jxc::inventory {

/// Views of the payload's parts; the builder copies what it writes, so the
/// text they point at need only outlive the call.
struct DocumentEventLine {
  std::int64_t line = 0;  // 1-based
  std::string_view sku;
  Qty qty = 0;  // signed for adjustments
  std::optional<std::string_view> from, to;
  std::string_view lot;  // empty: none
  std::optional<std::string_view> expiry;
  std::string_view flag;  // empty: none
  int decimals = 0;                  // the item's; written when > 0
  std::string_view unit = {}, entered = {};  // as entered; written when entered is not empty
  std::span<const std::string> order_line_ids = {};  // the order's line ids it fulfils; written when any
  std::optional<Money> unit_cost = {};       // stock coming in at this cost per base unit
  std::string_view inspection = {};   // receipts: accepted, quarantine, rejected; empty: not inspected
  std::string_view disposition = {};  // customer returns: restock, quarantine, scrap; empty: none given
  std::int64_t ref_line = 0;          // returns: the returned document's line; 0: none
  std::span<const std::string> serials = {};  // serial-tracked items: the units moved; written when any
};

struct DocumentEventMovement {
  std::int64_t id = 0;
  std::string_view sku, from, to;
  Qty qty = 0;  // > 0
  std::string_view reason, source;
  std::string_view occurred_at, recorded_at;  // ISO 8601
  std::string_view idempotency_key;
  std::string_view lot;  // empty: none
  std::optional<std::int64_t> reverses;
  std::string_view flags;  // empty: none
  int decimals = 0;        // the item's; written when > 0
  Money value = 0;         // the ledger's value of the movement (cost.h)
};

struct DocumentEvent {
  std::string_view gateway_id, site_id;
  std::string_view currency;  // of every amount (ISO 4217)
  std::string_view number, type, state, reason, source, note;
  std::string_view cost_centre;  // production and other issues and receipts; written when not empty
  std::string_view occurred_at;  // ISO 8601
  bool needs_review = false;
  std::span<const std::string> exceptions;
  bool has_order = false;
  std::string_view order_number, order_ref;
  std::optional<std::string_view> from, to;  // document-level ends as given
  std::optional<std::string_view> reverses;  // the document a reversal undoes
  std::optional<std::string_view> ref_document;  // the document a return returns against
  std::span<const DocumentEventLine> lines;
  std::span<const DocumentEventMovement> movements;
};

/// The payload: {gateway_id, site_id, document: {..., lines}, movements}.
std::string document_event_json(const DocumentEvent& e);

/// The event type of a posted document: "<type>.posted", "count.approved",
/// "return.posted" (both returns), "production.posted" (issues to and
/// receipts from production) or "other.posted" (other issues and receipts).
std::string posted_event_type(DocType t);

/// Reads document `doc_id` back from the store (head, lines, movements) and
/// appends its event of `type` to the outbox; returns the event's sequence.
Result<std::int64_t> append_document_event(Tx& tx, std::int64_t doc_id, const std::string& type);

}  // namespace jxc::inventory
