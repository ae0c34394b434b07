#pragma once
// Returns against what they return. A customer return references the posted
// issue, a supplier return the posted receipt, that the goods went out or
// came in on (DocumentRequest::ref_document), and each of its lines the line
// of that document (DocLine::ref_line). No line may take back more than its
// original line moved, counting every earlier posted return against it that
// is not reversed. Run on the writer inside a Tx.

#include <cstdint>
#include <string>
#include <vector>

#include "edge/inventory/document_lines.h"
#include "edge/inventory/tx.h"

namespace jxc::inventory {

/// The id of the document a return of `type` references by `number`: posted,
/// an issue for a customer return or a receipt for a supplier return, and
/// not reversed. Errc::invalid_argument for any other type.
Result<std::int64_t> returned_document(Tx& tx, DocType type, const std::string& number);

/// Checks the lines of return `doc_id` (0 while it is being created) that
/// reference lines of `ref_doc` (0: none, refused: a return names what it
/// returns): a
/// line without a line number takes the one line of its item and lot; the
/// item and lot must be the original line's; the quantity with what earlier
/// returns took back must not exceed the original's.
///
/// Costs: a customer return comes back at the cost it went out at, known
/// from the original movement's value (pro rata to the quantity returned),
/// unless the line gives its own unit cost; with an original of value 0
/// (stock from before costs were kept) it comes in at the current average.
/// A supplier return leaves at the average like every
/// issue (the pool's cost is what the stock is worth now; the receipt's cost
/// is already averaged into it), so nothing is set for it here.
Status check_return_lines(Tx& tx, DocType type, std::int64_t ref_doc, std::int64_t doc_id,
                          std::vector<ResolvedLine>& lines);

/// Refuses to reverse a document that posted returns not reversed reference:
/// the goods they took back would be counted twice.
Status refuse_reversal_with_returns(Tx& tx, std::int64_t doc_id, const std::string& number);

}  // namespace jxc::inventory
