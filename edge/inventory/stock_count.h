#pragma once
// Stock counts (盘点). Opening a count snapshots the book of every bin in scope
// together with the ledger's high-water mark; each visit to a bin is a round
// that records what was found and the ledger mark at that moment. The book a
// bin is compared against is its snapshot plus the movements made between the
// count's start and the round, so stock that moves during a count is
// accounted for instead of being overwritten by the approval.
//
// A serial-tracked item is counted by serial: a round names the units found,
// and the report compares them with the units booked at the bin (found:
// counted, not booked there; missing: booked, not counted). The approval
// writes off the missing and books in the found, every loss before any gain,
// so a unit found in another bin of the count moves there. Which units
// differ is known only while the item has not moved at the bin since its
// round; otherwise the approval, forced or not, waits for a recount.

#include "edge/inventory/tx.h"

namespace jxc::store {
class Db;
}

namespace jxc::inventory {

Result<DocumentResult> open_count(Tx& tx, const CountOpen& req);
Result<DocumentResult> record_count(Tx& tx, const CountEntry& entry);
/// Posts adjustments (盘盈 gain from @ADJUSTMENT, 盘亏 loss to it) for every
/// variance and marks the count posted.
Result<DocumentResult> approve_count(Tx& tx, const std::string& number, const std::string& approver,
                                     bool force);

/// Book, counted and variance per bin, item and lot, as of now. Used by the
/// approval (on the writer) and by reports (on a reader).
Result<CountReport> count_report(store::Db& db, const std::string& number);

}  // namespace jxc::inventory
