#pragma once
// Documents found by what a person filters on (type, state, a time range, an
// item on a line, who made them), newest first, a page at a time; and the
// reversal links between documents. Reads on a Queries connection.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "edge/common/status.h"
#include "edge/inventory/queries.h"

namespace jxc::inventory {

struct DocumentSearch {
  std::optional<DocType> type;
  std::optional<DocState> state;
  TimeMs since = 0;    // occurred_at >= since; 0: no lower bound
  TimeMs until = 0;    // occurred_at < until; 0: no upper bound
  std::string sku;     // documents with a line of this item; empty: any
  std::string source;  // exact ("user:alice", a device id); empty: any
  std::int64_t before_id = 0;  // ids below this; 0: from the newest
  std::size_t limit = 100;
};

/// A document's head as a list shows it.
struct DocumentSummary {
  std::int64_t id = 0;
  std::string number;
  DocType type = DocType::transfer;
  DocState state = DocState::draft;
  bool needs_review = false;
  std::string order;  // expected receipt or pick list number; empty: none
  std::string source;
  TimeMs occurred_at = 0, created_at = 0;
  std::optional<TimeMs> posted_at;
  std::int64_t lines = 0;
};

/// Matching documents, newest (highest id) first. An unknown `sku` is
/// Errc::unknown_item rather than an empty page.
Result<std::vector<DocumentSummary>> find_documents(Queries& q, const DocumentSearch& f);

/// The posted document a reversal undoes, and the posted reversal that undid
/// a document; empty where there is none.
struct DocumentLinks {
  std::string reverses;
  std::string reversed_by;
};
Result<DocumentLinks> document_links(Queries& q, std::int64_t doc_id);

}  // namespace jxc::inventory
