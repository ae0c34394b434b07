#pragma once
// The read side of the store: stock, ledger, documents, orders, counts and the
// outbox, answered from a read-only connection of its own so that readers
// never wait for the writer (WAL). Thread-safety: one Queries per thread, or
// serialise calls; each call sees one consistent snapshot.

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "edge/common/status.h"
#include "edge/inventory/outbox.h"
#include "edge/inventory/types.h"

namespace jxc::store {
class Db;
}

namespace jxc::inventory {

struct DocumentView {
  DocumentResult head;
  std::string order;
  std::string from, to, reason, source, note;
  std::string ref_document;  // returns: the document returned against; empty: none
  std::string cost_centre;  // production and other issues and receipts; "" for none
  TimeMs occurred_at = 0, created_at = 0;
  std::optional<TimeMs> confirmed_at, posted_at, cancelled_at;
  std::vector<DocLine> lines;
  std::vector<Movement> movements;
};

struct StockFilter {
  std::string sku;       // empty: every item
  std::string location;  // empty: every location; a zone/warehouse/site includes what is below it
  bool include_virtual = false;
  bool include_zero = false;
};

struct LedgerFilter {
  std::string sku;
  std::string location;
  TimeMs since = 0;  // recorded_at >= since
  std::int64_t after_id = 0;
  std::size_t limit = 1000;
  /// Newest first, paging backwards with before_id (0: from the newest):
  /// what an operator asks for, without reading the whole ledger to find it.
  bool newest_first = false;
  std::int64_t before_id = 0;
};

struct SerialFilter {
  std::string sku;       // required
  std::string location;  // empty: anywhere; a zone/warehouse/site includes what is below it
  std::string status;    // empty: any; "in_stock" for what is on hand
  std::string after;     // paging: serials sorted after this one
  std::size_t limit = 1000;
};

struct DocumentFilter {
  std::optional<DocType> type;
  std::optional<DocState> state;
  std::size_t limit = 100;
};

class Queries {
 public:
  static Result<std::unique_ptr<Queries>> open(const std::string& store_path);
  ~Queries();

  Result<std::vector<Balance>> stock(const StockFilter& f);
  /// On hand for one item at one location (all lots), the hot path of lookups.
  Result<Qty> on_hand(const std::string& sku, const std::string& location);
  Result<std::vector<Movement>> ledger(const LedgerFilter& f);
  Result<std::vector<DocumentResult>> documents(const DocumentFilter& f);
  Result<DocumentView> document(const std::string& number);
  Result<Order> order(const std::string& number);
  Result<std::vector<Order>> orders(std::optional<OrderKind> kind, bool open_only);
  /// The oldest open order of `kind` naming `door`, else the oldest open one
  /// for any door (door ""); nullopt when there is neither. An order with a
  /// document held for review against it is passed over until that is decided.
  Result<std::optional<Order>> open_order_for_door(OrderKind kind, const std::string& door);
  /// The lines of the latest expected receipt that lists pallet `sscc`
  /// (SSCC-18 digits); empty when none does.
  Result<std::vector<OrderLine>> pallet_lines(const std::string& sscc);
  Result<CountReport> count_report(const std::string& number);
  /// The bins a count covers, by code (for checking a scanned bin at once).
  Result<std::vector<std::string>> count_scope(const std::string& number);

  /// A serial of an item with every movement of it, oldest first.
  /// Errc::unknown_item when the SKU is unknown or the item has never had
  /// this serial (queries_serials.cpp).
  Result<SerialState> serial(const std::string& sku, const std::string& serial);
  /// An item's serials, sorted, without their histories (queries_serials.cpp).
  Result<std::vector<SerialState>> serials(const SerialFilter& f);

  Result<Item> item(const std::string& sku);
  /// The store's row id of an item (what CommitEffects name items by).
  Result<std::int64_t> item_id(const std::string& sku);
  /// The stock stamp: it moves with every batch that posts movements and
  /// every change to items, GTINs, packs and locations (stock_cache.h).
  Result<std::int64_t> stock_stamp();
  /// Finds the item whose GTIN this is (GTIN-8/12/13/14, any padding).
  Result<Item> item_by_gtin(const std::string& gtin);
  /// The same, with the pack level the GTIN is printed on (a case's GTIN
  /// stands for its factor in the item's smallest units).
  Result<GtinPack> pack_by_gtin(const std::string& gtin);
  /// The item a raw RFID tag stands for (`epc_hex` upper case), with its lot.
  Result<ItemTag> item_tag(const std::string& epc_hex);
  Result<Location> location(const std::string& code);
  /// Finds a location by its code, barcode, GLN or RFID tag.
  Result<Location> location_by_label(const std::string& label);
  Result<std::vector<Threshold>> thresholds(const std::string& sku);

  /// One read transaction across several calls: whatever is read while it
  /// lives comes from one snapshot (a lookup's item, balances and values
  /// agree with each other), and the calls inside it do not each open and
  /// close their own. At most one at a time per Queries; move-only.
  class Snapshot {
   public:
    Snapshot(Snapshot&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}
    Snapshot(const Snapshot&) = delete;
    Snapshot& operator=(const Snapshot&) = delete;
    Snapshot& operator=(Snapshot&&) = delete;
    ~Snapshot();

   private:
    friend class Queries;
    explicit Snapshot(store::Db* db) : db_(db) {}
    store::Db* db_;  // null: nothing to end (already inside one, or moved from)
  };
  [[nodiscard]] Snapshot snapshot();

  /// Consistency checks used by tests and `jxc-edge verify`: every balance
  /// equals the sum of its movements, and the outbox has no gap.
  Status verify();

  store::Db& db();

 private:
  explicit Queries(std::unique_ptr<store::Db> db);
  std::unique_ptr<store::Db> db_;
};

}  // namespace jxc::inventory
