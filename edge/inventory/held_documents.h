#pragma once
// Documents held for review (drafts and confirmed documents flagged
// needs_review: an RFID pass short, over or with unexpected tags against its
// ASN or pick list, a forklift move whose source is unclear) and the
// decisions a manager takes on them: edit the lines, release (post) or
// cancel. Every entry point (the HTTP API, the CLI, a central decision) goes
// through these functions, so the four-eyes rule holds for all of them.
// Writes run on the writer inside a Tx; reads take a read-only Queries.

#include <optional>
#include <string>
#include <vector>

#include "edge/inventory/queries.h"
#include "edge/inventory/tx.h"

namespace jxc::inventory {

/// Replaces every line of a held document with `lines`, checked as a new
/// document's lines are (items, lots, ends, retirement, its order with
/// over-tolerance as an exception), flagged and with the order's exceptions
/// made again (the caller's own, such as unexpected tags, stay), and records
/// `by` as the document's last editor. The document stays held.
/// Errc::invalid_state when it is not a held draft or confirmed document;
/// Errc::invalid_argument for no lines or a bad line.
Result<DocumentResult> replace_held_lines(Tx& tx, const std::string& number, const std::vector<DocLine>& lines,
                                          const std::string& by);

/// Posts a held document as post_document does. With `four_eyes`, `by` must
/// be another person than whoever created it (its source) and whoever last
/// edited its lines: Errc::four_eyes otherwise. Errc::invalid_state when it
/// is not held (or already posted or cancelled).
Result<DocumentResult> release_held_document(Tx& tx, const std::string& number, const std::string& by,
                                             bool four_eyes);

/// Cancels a held document (cancel_document). Errc::invalid_state when it is
/// not held.
Result<DocumentResult> cancel_held_document(Tx& tx, const std::string& number);

/// A held document as the inbox lists it.
struct HeldDocument {
  std::string number;
  DocType type = DocType::receipt;
  DocState state = DocState::draft;
  std::string order;   // the expected receipt or pick list; "" for none
  std::string source;  // who or what made it: a door, a forklift, a user
  TimeMs created_at = 0;
  std::string edited_by;  // "" until a person edits its lines
  std::optional<TimeMs> edited_at;
  std::vector<std::string> exceptions;
  std::vector<DocLine> lines;  // sku, lot, qty, from, to, flag
};

/// Held documents, newest first, at most `limit`.
Result<std::vector<HeldDocument>> held_documents(Queries& q, std::size_t limit);
/// How many documents are held.
Result<std::int64_t> held_document_count(Queries& q);

}  // namespace jxc::inventory
