#pragma once
// The lines of a document resolved against master data: the item, lot and
// the two ends each line's movement will have, checked against the type's
// shape and the retirement rule. Run on the writer inside a Tx.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "edge/inventory/documents.h"
#include "edge/inventory/tx.h"

namespace jxc::inventory {

/// A line resolved against master data: the ends its movement will have.
struct ResolvedLine {
  ItemInfo item;
  std::string lot;
  std::optional<std::string> expiry;
  Qty qty = 0;  // signed for adjustments, in the item's smallest units
  LocationInfo from, to;
  std::string unit, entered;  // the quantity as entered, kept for display (DocLine)
  std::optional<Money> unit_cost;  // stock coming in at this cost per base unit
  Inspection inspection = Inspection::none;      // receipts (quality.h)
  Disposition disposition = Disposition::none;  // customer returns
  std::int64_t ref_line = 0;  // returns: the line of the referenced document; 0: none
  std::optional<Money> value;  // the movement's value when set by the line (returns.h)
  std::vector<std::string> serials;  // serial-tracked items: one per unit moved (serials.h)
};

/// Retired master data may be emptied, never filled (the rule is stated in
/// engine.h): a retired item may leave stock or move between bins but no new
/// stock of it may come in from outside (receipt, customer return, gain), and
/// nothing may be put into a retired location. Checked when a document is
/// created and again when a draft is posted, since either may be retired in
/// between.
Status refuse_retired(const ResolvedLine& l);

/// Line `n` (1-based, for messages) of a request for a document of `type`
/// whose document-level ends are `doc_from` and `doc_to`.
Result<ResolvedLine> resolve_line(Tx& tx, DocType type, const std::string& doc_from,
                                  const std::string& doc_to, const DocLine& l, std::size_t n);

/// Stock coming in from outside: a receipt, a customer return, a gain.
bool comes_in(const ResolvedLine& l);

/// The types whose every line brings stock in from outside (a receipt, a
/// customer return, an opening balance, a production or other receipt):
/// their lines may carry a unit cost and record their lots' expiry.
bool brings_stock_in(DocType t);

/// The cost the lines of a receipt (from a supplier, from production, any
/// other receipt or an opening balance) without one of their own come in
/// at: the order line's for the item (and lot) when it has one, else the
/// item's master-data cost when above 0; lines of other documents are left
/// unset (at the average).
Status default_unit_costs(Tx& tx, DocType type, std::optional<std::int64_t> order_id,
                          std::vector<ResolvedLine>& lines);

/// Loads a stored document's lines resolved for posting.
Result<std::vector<ResolvedLine>> load_lines(Tx& tx, const DocRow& doc);

/// Records a lot's expiry the first time it is received; a different expiry
/// for a known lot is an exception for a person, not a silent overwrite.
Status note_lot(Tx& tx, const ResolvedLine& l, std::vector<std::string>& exceptions);

/// The lines' quantities and SKUs by item id (an item on several lines once).
std::map<std::int64_t, Qty> qty_by_item(const std::vector<ResolvedLine>& lines);
std::map<std::int64_t, std::string> sku_by_item(const std::vector<ResolvedLine>& lines);

}  // namespace jxc::inventory
