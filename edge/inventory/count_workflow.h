#pragma once
// The steps around a stock count that people take one at a time, as the
// local HTTP API offers them: a counter records one line (a bin, an item, a
// lot, the quantity found); a manager asks for bins to be counted again;
// counting is submitted as done, and a submitted count is reopened or
// approved. Each runs on the writer inside the caller's transaction, so the
// caller can add its audit entry to the same commit.

#include <string>
#include <vector>

#include "edge/inventory/tx.h"

namespace jxc::inventory {

struct CountLineEntry {
  std::string count;     // count document number
  std::string location;  // a bin in the count's scope
  std::string counter;   // who counted
  std::string sku, lot;
  Qty qty = 0;  // found; 0 says "looked, none there"
  std::vector<std::string> serials;  // serial-tracked items: the units found, one per unit
};

struct CountLineResult {
  std::string count, location, sku, lot;
  std::int64_t round = 0;
  Qty qty = 0;
};

/// Sets what was found of (sku, lot) in the bin's current round. A bin not
/// yet counted, or one a manager asked to be counted again, starts a new
/// round with this line; a recount replaces the bin's earlier round whole.
Result<CountLineResult> record_count_line(Tx& tx, const CountLineEntry& e);

/// Asks for `bins` (every bin with a variance when empty) to be counted
/// again; a submitted count goes back to counting. Returns the bins.
Result<std::vector<std::string>> request_recount(Tx& tx, const std::string& number,
                                                 const std::vector<std::string>& bins, const std::string& by);

/// Counting is done: no more lines until the count is reopened.
Status submit_count(Tx& tx, const std::string& number, const std::string& by);

/// A submitted count goes back to counting; `by` reopened it.
Status reopen_count(Tx& tx, const std::string& number, const std::string& by);

/// approve_count() for a count that has been submitted.
Result<DocumentResult> approve_submitted_count(Tx& tx, const std::string& number, const std::string& approver,
                                               bool force);

}  // namespace jxc::inventory
