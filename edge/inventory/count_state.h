#pragma once
// A stock count's session row as the count's functions read it: where it
// stands, its scope and who counted. Shared by the counting, the workflow
// around it (lines, recounts, submission) and the reports; works on the
// writer's connection and on a reader's alike.

#include <cstdint>
#include <string>
#include <vector>

#include "edge/common/status.h"
#include "edge/inventory/types.h"

namespace jxc::store {
class Db;
}

namespace jxc::inventory {

struct CountState {
  std::int64_t doc_id = 0;
  DocState state = DocState::confirmed;  // confirmed while open, posted once approved
  std::int64_t ledger_mark = 0;
  Qty tolerance = 0;
  bool blind = false;
  std::string submitted_by;  // "" while counting goes on
  bool submitted() const { return !submitted_by.empty(); }
};

/// The count `number`: unknown_document when there is none, invalid_argument
/// when that document is not a count.
Result<CountState> find_count(store::Db& db, const std::string& number);

/// invalid_state unless the count is open and not submitted.
Status require_counting(const CountState& s, const std::string& number);

/// Everyone who recorded anything in the count, sorted.
Result<std::vector<std::string>> count_counters(store::Db& db, std::int64_t doc_id);

/// Whether the count covers the item (a count without an item list covers all).
Result<bool> count_covers_item(store::Db& db, std::int64_t doc_id, std::int64_t item_id);

}  // namespace jxc::inventory
