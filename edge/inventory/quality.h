#pragma once
// Quality quarantine. A quarantine bin (Location::quarantine, one or more
// per warehouse in master data) holds goods awaiting inspection or a
// decision: they count in the books and in value like any stock, but are
// not available. Where stock is taken or counted as available:
//   - issues (sales, pick lists, scanner picks, RFID door passes: all post
//     issue documents) are refused from a quarantine bin: held goods must
//     not be sold;
//   - transfers may leave it (release: to an available bin) or enter it (a
//     later hold); scrap and supplier returns may leave it (reject); counts
//     and adjustments see it like any bin, since they correct the books;
//   - stock alerts and replenishment leave it out of the on-hand of the
//     zones and warehouses above it (alert_index.cpp), so held goods do not
//     hide a shortage; a threshold set on the quarantine bin itself still
//     watches it.
// A receipt line inspected `quarantine` or `rejected`, and a customer return
// with disposition `quarantine`, go to the quarantine bin of the warehouse
// the line names (or to the line's own bin when that is one). An expected
// receipt counts every line received against it, whatever its inspection
// result: the goods arrived; sending rejected ones back is a supplier return
// and does not reopen the order.

#include "edge/inventory/document_lines.h"
#include "edge/inventory/tx.h"

namespace jxc::inventory {

/// The quarantine bin nearest to `near`: one under the closest of its
/// ancestors (its zone, then its warehouse, then its site) that has an
/// active quarantine bin below it; the first by code when several are.
/// Errc::invalid_argument naming the warehouse when there is none.
Result<LocationInfo> quarantine_bin_for(Tx& tx, const LocationInfo& near);

/// Routes and checks a resolved line of a document of `type` by its
/// inspection result or disposition, and refuses an issue from a quarantine
/// bin. Run by resolve_line once the line's ends are known.
Status apply_quality(Tx& tx, DocType type, const DocLine& given, ResolvedLine& r);

}  // namespace jxc::inventory
