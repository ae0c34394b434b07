#pragma once
// One scan worked through a scanner's session (processor.cpp holds the
// sessions, their locks and the retry queue): what a label, a bin or an item
// means in the session's mode, and what it books. Internal to edge/scan.

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "edge/inventory/queries.h"
#include "edge/scan/processor.h"

namespace jxc::scan {

struct ScanProcessor::Session {
  std::mutex mu;  // one scan at a time per scanner
  std::unique_ptr<inventory::Queries> q;  // opened at the first scan
  ScannerSetup setup;
  Mode mode = Mode::receive;
  std::uint64_t seq = 0;
  std::string order;           // receive: expected receipt; pick: pick list
  std::string bin;             // receive: put-to; pick: picked from; move: from; count: counted
  std::vector<inventory::DocLine> held;  // move: items between the two bins; count: the bin's items
  std::string count;           // count: the count session's number
  inventory::Qty next_qty = 0;  // from a quantity label, for the next item only
  std::vector<std::string> posted;  // documents this scanner posted, newest last (undo)
  int waiting = 0;                  // its postings waiting for the store

  const std::string& source() const { return setup.user.empty() ? setup.id : setup.user; }
};

using ScanOp = std::function<Result<inventory::DocumentResult>()>;
/// Hands a posting the store could not take to the retry queue; false when full.
using WaitForStore = std::function<bool(const std::string& what, ScanOp op, bool undoable)>;

/// Works one scan `raw` (idempotency key `key`) in session `s`, filling in `r`.
Status run_scan_step(inventory::Engine& engine, inventory::Queries& q, ScanProcessor::Session& s, ScanResult& r,
                     const std::string& raw, const std::string& key, const WaitForStore& wait_for_store,
                     const LabelPatterns& labels);

}  // namespace jxc::scan
