#pragma once
// Documents and their lifecycle, run inside a Tx on the writer:
//   draft --confirm--> confirmed --post--> posted
//     \________________\___cancel___> cancelled
// Posting moves stock through the ledger, advances the order the document
// fulfils, and appends the document's event to the outbox, all in the same
// transaction. A posted document is never edited; reverse() posts its undo.

#include "edge/inventory/tx.h"

namespace jxc::inventory {

/// Validates a request and writes it as a draft (or, with hold_exceptions and
/// exceptions found, as a draft flagged needs_review). No stock moves.
Result<DocumentResult> create_document(Tx& tx, const DocumentRequest& req);

Result<DocumentResult> confirm_document(Tx& tx, const std::string& number);

/// Posts a draft or confirmed document: checks it against its order again (the
/// order may have moved on since the draft was made), posts one movement per
/// line, and writes the outbox event.
/// Creates and posts in one go (Engine::post): what create_document and
/// post_document do, without reading back what was just written. A document
/// held for review is returned as the draft.
Result<DocumentResult> create_and_post(Tx& tx, const DocumentRequest& req);
Result<DocumentResult> post_document(Tx& tx, const std::string& number);

Result<DocumentResult> cancel_document(Tx& tx, const std::string& number);

/// Posts a reversal document that undoes every movement of a posted document
/// and takes back what it fulfilled on its order.
Result<DocumentResult> reverse_document(Tx& tx, const std::string& number,
                                        const std::string& reason, const std::string& source);

/// The result as stored for a document (state, flags, exceptions, movements).
Result<DocumentResult> document_result(Tx& tx, std::int64_t doc_id);

/// Internal steps shared with stock counts.
struct DocRow {
  std::int64_t id = 0;
  std::string number;
  DocType type = DocType::transfer;
  DocState state = DocState::draft;
  std::int64_t order_id = 0;  // 0: none
  std::string reason, source;
  TimeMs occurred_at = 0;
  bool close_order = false;
  std::int64_t ref_document = 0;  // returns: the document returned against; 0: none
  std::string ref_number = {};    // and its number
};
Result<DocRow> find_document(Tx& tx, const std::string& number);
Status set_state(Tx& tx, std::int64_t doc_id, DocState state);
/// "RCV-000042": the next number for a document type.
Result<std::string> next_document_number(Tx& tx, DocType type);

}  // namespace jxc::inventory
