#pragma once
// The warehouse's vocabulary: master data, documents, orders and movements as
// the engine accepts and returns them. Quantities are exact integers in the
// item's smallest unit (its unit of measure divided by 10^decimals, see
// quantity.h); times are UTC milliseconds (see edge/common/clock.h).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edge/common/clock.h"

namespace jxc::inventory {

using Qty = std::int64_t;
/// An amount of money: a whole number of 1/10000 of the site's currency
/// (CNY by default), so that 12.5 yuan is 125000. A unit cost is such an
/// amount per base unit of the item (per EA, per kg); see cost.h.
using Money = std::int64_t;

/// Virtual locations that stand for the world outside the warehouse. Their
/// balances mirror the physical ones, so all balances of an item sum to zero.
inline constexpr std::string_view kSupplier = "@SUPPLIER";
inline constexpr std::string_view kCustomer = "@CUSTOMER";
inline constexpr std::string_view kAdjustment = "@ADJUSTMENT";
inline constexpr std::string_view kScrap = "@SCRAP";
inline constexpr std::string_view kOpening = "@OPENING";        // where an opening balance comes from
inline constexpr std::string_view kProduction = "@PRODUCTION";  // production: issued to, received from
inline constexpr std::string_view kOther = "@OTHER";            // other issues and receipts

enum class NegativePolicy { block, allow };

/// A pack level of an item (inner, case, pallet): its unit code, how many of
/// the item's smallest units it holds, and the GTIN printed on it, if any.
struct Pack {
  std::string unit;
  Qty factor = 1;
  std::optional<std::string> gtin = {};
};

struct Item {
  std::string sku;
  std::string name;
  std::string uom = "EA";          // the base unit: what balances are counted in
  std::vector<std::string> gtins;  // GTINs of one base unit
  std::optional<double> unit_weight_g;
  bool lot_tracked = false;
  double unit_cost = 0;
  int decimals = 0;         // 0-3: quantities of the base unit have this many decimals
  std::vector<Pack> packs = {};  // pack levels other than the base unit
  /// Each unit has a serial number (序列号) of its own: every line that moves
  /// the item names the serials it moves, and its stock at a location is the
  /// number of its serials in stock there (serials.h). Quantities are whole
  /// base units (decimals 0).
  bool serial_tracked = false;
  /// 商品类别 from master data (the reports total by it); "" for none.
  std::string category = {};
};

/// What a GTIN names: an item and the pack level the GTIN is printed on.
struct GtinPack {
  Item item;
  std::string unit;  // the pack's unit, or the item's base unit
  Qty factor = 1;    // the item's smallest units in one of it
};

/// A raw RFID tag (an EPC that is not a GS1 key, e.g. a chip-serial E2... tag)
/// that stands for one unit of an item: each physical tag is its own record.
struct ItemTag {
  std::string epc_hex;  // the EPC bank's bytes as hex (stored upper case)
  std::string sku;
  std::string lot;      // lot-tracked items: the lot the tagged unit belongs to
};

enum class LocationKind { site, warehouse, zone, bin, virtual_ };
std::string_view to_string(LocationKind k);
bool parse_location_kind(std::string_view s, LocationKind* out);

struct Location {
  std::string code;
  std::string name;
  LocationKind kind = LocationKind::bin;
  std::string parent;  // code of the parent; empty for a site
  std::optional<std::string> barcode, gln, rfid_tag;
  std::optional<NegativePolicy> negative_stock;  // sites only; unset = gateway default
  /// Bins only: goods held here await inspection or a decision (quality
  /// quarantine). They count in the books and in value but are not
  /// available: no sale is issued from here and stock alerts and
  /// replenishment above the bin leave them out (see quality.h).
  bool quarantine = false;
};

/// One rejected record of an import; `index` is 1-based in the submitted list.
struct RowError {
  std::size_t index = 0;
  std::string reason;
};

struct Threshold {
  std::string sku;
  std::string location;
  Qty min = 0, max = 0, reorder = 0;
};

enum class DocType {
  receipt,          // 采购入库: supplier -> location, against an expected receipt
  issue,            // 销售出库: location -> customer, against a pick list
  transfer,         // 调拨/上架: location -> location
  count,            // 盘点
  adjustment,       // 库存调整: signed quantities
  scrap,            // 报废: location -> scrap
  customer_return,  // 销售退货: customer -> location
  supplier_return,  // 采购退货: location -> supplier
  reversal,         // reverses every movement of a posted document
  opening,             // 期初库存: opening -> location, once, before any other movement
  production_issue,    // 生产领料: location -> production
  production_receipt,  // 生产入库: production -> location
  other_issue,         // 其他出库: location -> other, for a cost centre or destination
  other_receipt,       // 其他入库: other -> location, from a cost centre or source
};
std::string_view to_string(DocType t);
bool parse_doc_type(std::string_view s, DocType* out);

/// A receipt line's quality inspection (到货验收). `none`: not inspected;
/// the goods go where the line says. `quarantine` and `rejected` goods go to
/// the quarantine bin of the line's warehouse (quality.h); rejected ones wait
/// there for a supplier return that references the receipt.
enum class Inspection { none, accepted, quarantine, rejected };
std::string_view to_string(Inspection i);  // "" for none
bool parse_inspection(std::string_view s, Inspection* out);

/// What happens to goods a customer returns: back on the shelf (`restock`),
/// held in the warehouse's quarantine bin, or written off as they arrive
/// (`scrap`: the movement goes from @CUSTOMER straight to @SCRAP).
enum class Disposition { none, restock, quarantine, scrap };
std::string_view to_string(Disposition d);  // "" for none
bool parse_disposition(std::string_view s, Disposition* out);

enum class DocState { draft, confirmed, posted, cancelled };
std::string_view to_string(DocState s);
bool parse_doc_state(std::string_view s, DocState* out);

struct DocLine {
  std::string sku;
  std::string lot;
  std::optional<std::string> expiry;  // YYYY-MM-DD, for lot-tracked items
  Qty qty = 0;  // > 0; for adjustments the sign says gain (+) or loss (-)
  std::string from;  // overrides the document's from-location for this line
  std::string to;    // overrides the document's to-location for this line
  std::string flag;  // set by the engine: short, over, unexpected, negative
  /// The quantity as a person or label gave it: `entered` (decimal text) in
  /// `unit` (a pack level or the base unit; empty: the base unit). When
  /// `entered` is set the engine converts it to `qty` (which must then be 0
  /// or the same) and keeps both on the line for display.
  std::string unit = {};
  std::string entered = {};
  /// Stock coming in (receipt, customer return, gain adjustment): its cost
  /// per base unit. Unset on a receipt: the order line's, else the item's
  /// master-data cost, else the current average (see cost.h).
  std::optional<Money> unit_cost = {};
  /// Receipts: the line's inspection result.
  Inspection inspection = Inspection::none;
  /// Returns: the line (1-based) of the document in
  /// DocumentRequest::ref_document this line returns; 0: none.
  std::int64_t ref_line = 0;
  /// Customer returns: what happens to the goods (none: restock).
  Disposition disposition = Disposition::none;
  /// Serial-tracked items: the serial of each unit the line moves (as many
  /// as its quantity in base units); other items: none (serials.h).
  std::vector<std::string> serials = {};
};

struct DocumentRequest {
  DocType type = DocType::transfer;
  std::string number;  // empty: the engine assigns TYPE-000001 style numbers
  std::string order;   // expected receipt (receipt) or pick list (issue) number
  std::string from, to;
  std::vector<DocLine> lines;
  std::string reason;
  std::string source;  // device id or user
  std::string note;
  /// Production and other issues and receipts: the cost centre, work order
  /// or destination the goods are charged to or come from (required on
  /// other issues and receipts; refused on every other type).
  std::string cost_centre = {};
  TimeMs occurred_at = 0;  // 0: the engine's clock
  bool close_order = false;  // this is the last receipt/issue against the order
  /// When the document has exceptions (short, over, unexpected lines), keep it
  /// as a draft flagged needs_review instead of posting it (RFID passes).
  /// More than the order's tolerance is then an exception too, not a refusal;
  /// posting the draft checks the tolerance again.
  bool hold_exceptions = false;
  /// Exceptions the caller found that no line can show (e.g. RFID tags that
  /// name no known item); listed with the engine's own, and with
  /// hold_exceptions they hold the document too, and let it have no lines
  /// (then it can only be reviewed and cancelled, never posted).
  std::vector<std::string> exceptions = {};
  std::string idempotency_key;
  /// Returns: the posted document returned against (a customer return: an
  /// issue; a supplier return: a receipt); its lines are named by
  /// DocLine::ref_line. Empty: a return that references nothing.
  std::string ref_document = {};
};

/// What a document operation produced. `replayed` is true when the request's
/// idempotency key had been seen and this is the first result again.
struct DocumentResult {
  std::int64_t doc_id = 0;
  std::string number;
  DocType type = DocType::transfer;
  DocState state = DocState::draft;
  bool needs_review = false;
  std::vector<std::string> exceptions;
  int movements = 0;
  std::int64_t first_seq = 0, last_seq = 0;  // outbox entries written, 0 if none
  bool replayed = false;
};

enum class OrderKind { expected_receipt, pick_list };
std::string_view to_string(OrderKind k);

struct OrderLine {
  std::string sku;
  std::string lot;
  Qty qty = 0;
  Qty done = 0;  // read only: received or issued so far
  /// ASN only: the pallet (SSCC-18, digits) this quantity arrives on; empty
  /// when not known. Several lines may name the same pallet. (Initialised
  /// so that `{sku, lot, qty, done}` stays a complete initializer.)
  std::string sscc = {};
  /// The central system's id of this PO/SO line, echoed in the events of the
  /// documents that fulfil it; empty when not given.
  std::string line_id = {};
  /// The quantity as given: `entered` in `unit` (a pack level or the base
  /// unit), converted into `qty` when the order is written; both empty when
  /// `qty` was given in smallest units.
  std::string unit = {}, entered = {};
  /// Expected receipts: the purchase cost per base unit, which a receipt
  /// against the line books unless the receipt line gives its own.
  std::optional<Money> unit_cost = {};
};

/// An expected receipt (ASN / purchase order) or a pick list (sales order).
struct Order {
  OrderKind kind = OrderKind::expected_receipt;
  std::string number;
  std::string ref;      // PO or SO number in the central system
  std::string partner;  // supplier or customer
  std::string door;     // read point that expects it; empty = any door
  std::optional<double> tolerance_pct;  // unset: the engine default
  std::vector<OrderLine> lines;
  /// Expected receipts: when the goods are due (UTC); an open one past it
  /// (plus [alerts] asn_overdue_after) raises asn_overdue.
  std::optional<TimeMs> expected_at = {};
  std::string state = "open";  // read only: open, closed, cancelled
  /// Who made it: "user:alice", "token:7:alice", "unix:root", "central";
  /// kept from the first write (a later upsert changes the order, not its
  /// maker); "unknown" when not given.
  std::string source;
};

struct Movement {
  std::int64_t id = 0;
  std::int64_t doc_id = 0;
  std::string doc_number;
  std::string sku;
  std::string lot;
  std::string from, to;
  Qty qty = 0;
  std::string reason, source;
  TimeMs occurred_at = 0, recorded_at = 0;
  std::string idempotency_key;
  std::int64_t reverses = 0;
  std::string flags;
  Money value = 0;  // qty at its cost when posted (see cost.h)
};

/// One movement of a serial: the document and ledger row that moved it.
struct SerialMove {
  std::int64_t movement_id = 0;
  std::string doc_number;
  DocType doc_type = DocType::transfer;
  std::string from, to;
  std::string lot;
  TimeMs occurred_at = 0, recorded_at = 0;
};

/// A serial of a serial-tracked item as it is now: where (a physical location
/// while in stock, else the virtual end it left to), its lot, its status
/// (in_stock, shipped, returned, scrapped, consumed, issued, written_off,
/// withdrawn; see serials.h) and the document that last moved it. `history`
/// is filled by Queries::serial only, oldest first.
struct SerialState {
  std::string sku;
  std::string serial;
  std::string lot;
  std::string location;
  std::string status;
  std::string doc_number;
  TimeMs updated_at = 0;
  std::vector<SerialMove> history = {};
};

struct Balance {
  std::string sku;
  std::string location;
  std::string lot;
  Qty qty = 0;
};

struct OutboxEvent {
  std::int64_t seq = 0;
  std::string event_id;
  std::string type;
  TimeMs occurred_at = 0, recorded_at = 0;
  std::string payload;  // JSON object
};

// ---- stock counts (盘点) ----

struct CountOpen {
  std::vector<std::string> locations;  // bins, or zones/warehouses that expand to their bins
  Qty tolerance_qty = 0;               // |variance| above this asks for a recount
  std::string opened_by;
  std::string number;
  std::string idempotency_key;
  bool blind = false;              // counters are not shown the book while the count is open
  std::vector<std::string> items;  // SKUs; empty: every item in the bins
};

struct CountEntry {
  std::string count;  // count document number
  std::string location;
  std::string counter;
  std::vector<DocLine> lines;  // sku, lot, qty counted; an empty list means the bin is empty
  std::string idempotency_key;
};

struct CountLine {
  std::string location, sku, lot;
  Qty book = 0;     // snapshot plus movements up to the time the bin was counted
  Qty counted = 0;
  Qty variance = 0;  // counted - book
  double value = 0;  // variance x unit cost
  int rounds = 0;
  bool recount = false;  // variance above tolerance and not yet confirmed by a recount
  // Serial-tracked items, counted by serial: the units counted here that the
  // book has elsewhere or not at all, and those booked here that were not
  // counted. `serials_unknown`: which units differ cannot be said (the item
  // moved at this bin after its round, or the round named no serials).
  std::vector<std::string> found, missing;
  bool serials_unknown = false;
};

struct CountReport {
  std::string number;
  DocState state = DocState::confirmed;
  std::vector<std::string> uncounted;  // bins in scope that nobody counted yet
  std::vector<std::string> recount_requested;  // bins a manager asked to be counted again, not yet recounted
  std::vector<CountLine> lines;
  double total_value = 0;
};

}  // namespace jxc::inventory
