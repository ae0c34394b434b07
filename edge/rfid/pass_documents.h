#pragma once
// What settled passes and forklift moves become in the books:
//   - an inbound pass: a receipt against the expected receipt open for the
//     door (or for any door), an outbound pass: an issue against the open pick
//     list. SGTIN tags give the item (by GTIN) and count one unit per distinct
//     serial; an SSCC pallet tag stands for the pallet's contents listed in
//     the ASN when none of those items' own tags were read. Tags that name no
//     item, pallets not on the order, ambiguous cross-reads, and quantity
//     differences are exceptions: the document is held for review.
//     Raw (non-GS1) tags mapped to an item in master data count like SGTINs:
//     one unit per distinct tag. A serial-tracked item's lines name their
//     units: an SGTIN's serial, a raw tag's EPC (hex). A tag of one of its
//     packs (a case GTIN), or a pallet listing it, names no unit's serial:
//     an exception, not a line. A pass with no bookable line but something
//     a person must see (only unexpected tags, no direction) is still held
//     for review, as a document without lines.
//   - a forklift move: a transfer of the load to the location whose tag was
//     read before it, from the bin that holds it by the books (see
//     choose_source); when that is not clear, held for review. A unit of a
//     serial-tracked item is taken from where its serial is in stock.
// Each document carries an idempotency key derived from the pass or move, so
// that committing it again never books it twice.
//
// Thread-safety: one PassDocuments per thread (it owns a read connection).

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "edge/common/status.h"
#include "edge/config/portal.h"
#include "edge/inventory/device_records.h"
#include "edge/inventory/engine.h"
#include "edge/inventory/queries.h"
#include "edge/rfid/portal.h"

namespace jxc::rfid {

struct PlannedDocument {
  inventory::DocumentRequest request;
  bool auto_post = true;  // post when clean; otherwise leave a draft
  /// Why a pass would be held for review (none for a forklift move): for the
  /// device records, beside the exceptions' text.
  inventory::PassReasons reasons;
};

class PassDocuments {
 public:
  PassDocuments(inventory::Queries& queries, const config::PortalConfig& config)
      : q_(queries), config_(config) {}

  /// The document a settled pass becomes. Errors when there is none to make
  /// (direction unknown, nothing that names an item); the reason says why.
  Result<PlannedDocument> for_pass(const Pass& pass);
  Result<PlannedDocument> for_move(const ForkliftMove& move);

  /// A raw EPC is a location when a location carries it as its RFID tag,
  /// a load when an item does.
  TagRole classify_raw(const identifiers::Epc& epc);

 private:
  struct TaggedUnit {
    inventory::Item item;
    std::string lot;
  };
  struct Counted {
    std::map<std::pair<std::string, std::string>, inventory::Qty> qty;  // (sku, lot) -> smallest units
    std::map<std::pair<std::string, std::string>, std::vector<std::string>> serials;  // serial-tracked (sku, lot)
    std::vector<std::string> exceptions;
    inventory::PassReasons reasons;  // of the exceptions
  };
  Counted count_tags(const Pass& pass, const inventory::Order* order);
  std::optional<TaggedUnit> item_of_raw(const identifiers::Epc& epc);
  void choose_source(const config::PortalConfig::Forklift& f, const std::string& to, inventory::DocLine& line,
                     std::vector<std::string>& exceptions);
  const config::PortalConfig::Door* door(const std::string& id) const;
  const config::PortalConfig::Forklift* forklift(const std::string& id) const;
  std::optional<inventory::Order> open_order_for(inventory::OrderKind kind, const std::string& door);
  /// The item and pack level an SGTIN's GTIN names: a case's tag is one
  /// case, `factor` of the item's smallest units.
  std::optional<inventory::GtinPack> pack_by_gtin(const std::string& gtin);
  /// ASN lines that arrive on this pallet, from the given order or any order.
  std::vector<inventory::OrderLine> pallet_contents(const std::string& sscc, const inventory::Order* order);
  std::optional<inventory::Location> location_of(const identifiers::Epc& epc);

  inventory::Queries& q_;
  const config::PortalConfig& config_;
};

/// Commits a planned document: posted when auto_post (held as a draft for
/// review when it has exceptions), created as a draft otherwise. A post the
/// engine refuses (e.g. not enough stock for an issue) is kept as a draft for
/// review with the refusal as an exception, never dropped.
Result<inventory::DocumentResult> commit(inventory::Engine& engine, PlannedDocument doc);

}  // namespace jxc::rfid
