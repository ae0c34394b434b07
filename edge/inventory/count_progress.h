#pragma once
// What a count's people do between opening and approval, as the writer
// reports it to commit listeners (the HTTP API's event streams): a line
// recorded, a recount asked for, the counting submitted or reopened.
// Approval is the count.approved outbox event. Nothing here is stored.

#include <cstdint>
#include <string>
#include <vector>

#include "edge/inventory/types.h"

namespace jxc::inventory {

struct CountProgress {
  enum class Step { line, recount, submitted, reopened };
  Step step = Step::line;
  std::string count;  // the count's number
  std::string by;     // who did it ("user:alice"); "" when not known
  bool blind = false; // the count hides the book from its counters
  // Step::line: what was found where, in which round of the bin.
  std::string bin, sku, lot;
  Qty qty = 0;
  std::int64_t round = 0;
  // Step::recount: the bins to count again.
  std::vector<std::string> bins;
};

/// "count.line", "count.recount", "count.submitted", "count.reopened".
const char* event_name(CountProgress::Step s);

}  // namespace jxc::inventory
