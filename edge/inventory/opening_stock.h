#pragma once
// The opening balance (期初库存): the stock a warehouse holds when it starts
// keeping its books here, posted as one `opening` document whose lines come
// in from @OPENING at their unit cost, so that each item's (and lot's)
// moving-average cost starts from it. All or nothing: every row is checked
// first and every problem reported with its row and column; only a file
// without problems is posted. An opening balance goes into an empty ledger;
// once any movement exists it is refused unless forced.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "edge/inventory/tx.h"
#include "edge/inventory/types.h"

namespace jxc::inventory {

/// One row as a file gives it; `row` is its number in the file, for people.
struct OpeningRow {
  std::size_t row = 0;
  std::string sku, location, lot;
  std::string expiry;  // YYYY-MM-DD or empty; kept per lot
  std::string serial;  // serial-tracked items: the unit's serial (one row per unit, quantity 1); others: empty
  std::string quantity;  // decimal text in `unit`
  std::string unit;      // a pack level or the base unit; empty: the base unit
  std::optional<Money> unit_cost;  // per base unit; unset: the item's master-data cost
};

struct OpeningRequest {
  std::vector<OpeningRow> rows;
  std::string number;  // empty: the next OPN-000001
  std::string source, note;
  bool force = false;  // post even though the ledger has movements
};

/// What is wrong with one row: the column (sku, location, lot, expiry,
/// serial, quantity, unit_cost) and why.
struct OpeningProblem {
  std::size_t row = 0;
  std::string column;
  std::string reason;
};

/// Every problem of every row; empty when the rows can be posted.
Result<std::vector<OpeningProblem>> check_opening_rows(Tx& tx, const OpeningRequest& req);

/// Checks the ledger and every row, then posts the opening document.
/// Refused (Errc::invalid_state) when the ledger has any movement and
/// `force` is not set; Errc::invalid_argument with `*problems` filled when
/// any row has a problem. Nothing is written unless it is posted whole.
Result<DocumentResult> post_opening(Tx& tx, const OpeningRequest& req, std::vector<OpeningProblem>* problems);

}  // namespace jxc::inventory
