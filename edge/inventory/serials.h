#pragma once
// Serial numbers (序列号) of serial-tracked items, kept by the ledger. Each
// serial has one row saying where it is now, with its lot, its status and
// the document and movement that last moved it; each movement of a
// serial-tracked item names the serials it moved (its history). The ledger
// moves them with the movement, in the same transaction, so at every commit
// an item's balance at a location (and lot) = its serials in stock there.
//
// A movement from a physical location takes serials that are in stock there
// in the movement's lot; a movement from a virtual location (receipt, return,
// opening, gain) brings in serials that are not in stock anywhere. Run on the
// writer inside a Tx; the read side is Queries::serial and Queries::serials.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "edge/inventory/tx.h"

namespace jxc::inventory {

struct MovementDraft;

/// What a serial's status is once it is at `at`: in_stock at a physical
/// location; at a virtual one, what leaving to it means: shipped (@CUSTOMER),
/// returned (@SUPPLIER: a supplier return or a reversed receipt), scrapped,
/// consumed (@PRODUCTION), issued (@OTHER), written_off (@ADJUSTMENT: a loss),
/// withdrawn (@OPENING: an opening balance reversed).
std::string_view serial_status_at(const LocationInfo& at);

/// A line's serials against its item and quantity (signed for adjustments):
/// a serial-tracked item's line names one distinct serial per unit it moves;
/// any other item's line names none. A serial is 1 to 128 bytes of printable
/// text without spaces.
Status check_line_serials(const ItemInfo& item, Qty qty, const std::vector<std::string>& serials);

/// What a count found of an item in a bin, likewise: one serial per unit
/// found of a serial-tracked item; none found names none.
Status check_counted_serials(const ItemInfo& item, Qty counted, const std::vector<std::string>& serials);

/// Refuses a movement whose serials are not where it takes them from: not in
/// stock at its from-location in its lot (Errc::insufficient_stock), or, for
/// stock coming in, already in stock somewhere (Errc::conflict).
Status check_serials_can_move(Tx& tx, const MovementDraft& m);

/// Records the serials of movement `movement_id` (already checked) at the
/// movement's destination, and the movement in their history.
Status record_serial_moves(Tx& tx, const MovementDraft& m, std::int64_t movement_id);

/// The serials a movement moved, sorted.
Result<std::vector<std::string>> serials_of_movement(Tx& tx, std::int64_t movement_id);

/// A line's serials as stored (a JSON array of strings) and back; an empty
/// list is stored as NULL.
std::optional<std::string> serials_json(const std::vector<std::string>& serials);
std::vector<std::string> serials_from_json(std::string_view text);

}  // namespace jxc::inventory
