#include "edge/inventory/queries.h"

#include <algorithm>
#include <tuple>

#include <nlohmann/json.hpp>

#include "edge/identifiers/check_digit.h"
#include "edge/inventory/day_totals.h"
#include "edge/inventory/read_tx.h"
#include "edge/inventory/serials.h"
#include "edge/inventory/stock_count.h"
#include "edge/inventory/stock_value.h"
#include "edge/store/schema.h"
#include "edge/store/sqlite.h"

namespace jxc::inventory {
namespace {

using json = nlohmann::json;
using read_side::begin_read;
using read_side::collect;
using read_side::end_read;
using read_side::ReadTx;

Movement movement_from(const store::Stmt& st) {
  Movement m;
  m.id = st.int64(0);
  m.doc_id = st.int64(1);
  m.doc_number = st.text(2);
  m.sku = st.text(3);
  m.lot = st.text(4);
  m.from = st.text(5);
  m.to = st.text(6);
  m.qty = st.int64(7);
  m.reason = st.text(8);
  m.source = st.text(9);
  m.occurred_at = st.int64(10);
  m.recorded_at = st.int64(11);
  m.idempotency_key = st.text(12);
  m.reverses = st.is_null(13) ? 0 : st.int64(13);
  m.flags = st.text(14);
  m.value = st.int64(15);
  return m;
}

constexpr const char* kMovementColumns =
    "SELECT m.id, m.doc_id, d.number, i.sku, m.lot, f.code, t.code, m.qty, m.reason, m.source, "
    "m.occurred_at, m.recorded_at, m.idempotency_key, m.reverses, m.flags, m.value FROM movements m "
    "JOIN documents d ON d.id=m.doc_id JOIN items i ON i.id=m.item_id "
    "JOIN locations f ON f.id=m.from_location JOIN locations t ON t.id=m.to_location ";

DocumentResult head_from(const store::Stmt& st) {
  DocumentResult r;
  r.doc_id = st.int64(0);
  r.number = st.text(1);
  parse_doc_type(st.text(2), &r.type);
  parse_doc_state(st.text(3), &r.state);
  r.needs_review = st.int64(4) != 0;
  auto j = json::parse(st.text(5), nullptr, false);
  if (j.is_array())
    for (const auto& e : j)
      if (e.is_string()) r.exceptions.push_back(e.get<std::string>());
  r.movements = static_cast<int>(st.int64(6));
  return r;
}

constexpr const char* kDocHeadColumns =
    "SELECT d.id, d.number, d.type, d.state, d.needs_review, d.exceptions, "
    "(SELECT count(*) FROM movements WHERE doc_id=d.id) FROM documents d ";

Location location_from(const store::Stmt& st) {
  Location l;
  l.code = st.text(0);
  l.name = st.text(1);
  parse_location_kind(st.text(2), &l.kind);
  l.parent = st.text(3);
  if (!st.is_null(4)) l.barcode = st.text(4);
  if (!st.is_null(5)) l.gln = st.text(5);
  if (!st.is_null(6)) l.rfid_tag = st.text(6);
  if (!st.is_null(7))
    l.negative_stock = st.text(7) == "allow" ? NegativePolicy::allow : NegativePolicy::block;
  l.quarantine = st.int64(8) != 0;
  return l;
}

constexpr const char* kLocationColumns =
    "SELECT l.code, l.name, l.kind, coalesce(p.code,''), l.barcode, l.gln, l.rfid_tag, "
    "l.negative_stock, l.quarantine FROM locations l LEFT JOIN locations p ON p.id=l.parent_id ";

}  // namespace

Result<std::unique_ptr<Queries>> Queries::open(const std::string& store_path) {
  store::Db::Options opts;
  opts.read_only = true;
  // Up to 1 GiB of address space per connection (a store of years of ledger);
  // beyond it SQLite reads as usual.
  opts.mmap_bytes = std::int64_t{1} << 30;
  JXC_ASSIGN(auto db, store::Db::open(store_path, opts));
  JXC_ASSIGN(std::int64_t version, db->query_int("PRAGMA user_version"));
  if (version == 0)
    return error(Errc::storage, store_path + " is not a jxc-edge store (no schema); run the gateway once");
  if (version > store::latest_schema_version())
    return error(Errc::schema_too_new, store_path + " has schema version " + std::to_string(version) +
                                           "; this jxc-edge reads up to " +
                                           std::to_string(store::latest_schema_version()));
  return std::unique_ptr<Queries>(new Queries(std::move(db)));
}

Queries::Queries(std::unique_ptr<store::Db> db) : db_(std::move(db)) {}
Queries::Snapshot Queries::snapshot() { return Snapshot(begin_read(*db_) ? db_.get() : nullptr); }
Queries::Snapshot::~Snapshot() {
  if (db_) end_read(*db_);
}
Queries::~Queries() = default;
store::Db& Queries::db() { return *db_; }

Result<std::vector<Balance>> Queries::stock(const StockFilter& f) {
  ReadTx rt(*db_);
  if (!f.location.empty()) {
    JXC_ASSIGN(auto* known, db_->cached("SELECT 1 FROM locations WHERE code=?1"));
    known->bind_all(f.location);
    JXC_ASSIGN(bool row, known->step());
    if (!row) return error(Errc::unknown_location, "no location with code '" + f.location + "'");
  }
  // A location filter takes the location and everything below it. The SKU
  // filter is a separate statement rather than `?1='' OR sku=?1`, which would
  // keep SQLite from starting at the item and make it scan every balance.
  static constexpr const char* kScope =
      "WITH RECURSIVE scope(id) AS ("
      "  SELECT id FROM locations WHERE ?2='' OR code=?2"
      "  UNION SELECT l.id FROM locations l JOIN scope s ON l.parent_id=s.id WHERE ?2<>'')";
  static constexpr const char* kRest =
      "AND b.location_id IN (SELECT id FROM scope) "
      "AND (?3 OR l.kind<>'virtual') AND (?4 OR b.qty<>0) "
      "ORDER BY i.sku, l.code, b.lot";
  static const std::string all_items = std::string(kScope) +
                                       "SELECT i.sku, l.code, b.lot, b.qty FROM balances b "
                                       "JOIN items i ON i.id=b.item_id JOIN locations l ON l.id=b.location_id "
                                       "WHERE ?1='' " + kRest;
  static const std::string one_item = std::string(kScope) +
                                      "SELECT i.sku, l.code, b.lot, b.qty FROM items i "
                                      "JOIN balances b ON b.item_id=i.id JOIN locations l ON l.id=b.location_id "
                                      "WHERE i.sku=?1 " + kRest;
  // One item anywhere (the API's and the CLI's lookup): without the scope,
  // which would otherwise list every location on every call.
  // Its few rows are put in order here: SQLite would build a sorter for them.
  static const std::string one_item_anywhere =
      "SELECT i.sku, l.code, b.lot, b.qty FROM items i "
      "JOIN balances b ON b.item_id=i.id JOIN locations l ON l.id=b.location_id "
      "WHERE i.sku=?1 AND ?2='' AND (?3 OR l.kind<>'virtual') AND (?4 OR b.qty<>0)";
  const bool anywhere = !f.sku.empty() && f.location.empty();
  const std::string& sql = f.sku.empty() ? all_items : anywhere ? one_item_anywhere : one_item;
  JXC_ASSIGN(auto* st, db_->cached(sql.c_str()));
  st->bind_all(f.sku, f.location, f.include_virtual ? 1 : 0, f.include_zero ? 1 : 0);
  JXC_ASSIGN(auto rows, collect<Balance>(st, [](const store::Stmt& s) {
               return Balance{s.text(0), s.text(1), s.text(2), s.int64(3)};
             }));
  // std::string orders bytes as unsigned, as SQLite's BINARY collation does.
  if (anywhere)
    std::sort(rows.begin(), rows.end(), [](const Balance& a, const Balance& b) {
      return std::tie(a.location, a.lot) < std::tie(b.location, b.lot);
    });
  return rows;
}

Result<Qty> Queries::on_hand(const std::string& sku, const std::string& location) {
  ReadTx rt(*db_);
  JXC_ASSIGN(auto* st, db_->cached(
                           "SELECT coalesce(sum(b.qty),0), "
                           "(SELECT id FROM items WHERE sku=?1), (SELECT id FROM locations WHERE code=?2) "
                           "FROM balances b WHERE b.item_id=(SELECT id FROM items WHERE sku=?1) "
                           "AND b.location_id=(SELECT id FROM locations WHERE code=?2)"));
  st->bind_all(sku, location);
  JXC_ASSIGN(bool row, st->step());
  if (!row) return Qty{0};
  if (st->is_null(1)) return error(Errc::unknown_item, "no item with SKU '" + sku + "'").with("key", sku);
  if (st->is_null(2)) return error(Errc::unknown_location, "no location with code '" + location + "'");
  return st->int64(0);
}

Result<std::vector<Movement>> Queries::ledger(const LedgerFilter& f) {
  ReadTx rt(*db_);
  static const std::string where = "WHERE m.id>?1 AND (?6=0 OR m.id<?6) AND m.recorded_at>=?2 "
                                   "AND (?3='' OR i.sku=?3) AND (?4='' OR f.code=?4 OR t.code=?4) ";
  static const std::string oldest = std::string(kMovementColumns) + where + "ORDER BY m.id LIMIT ?5";
  static const std::string newest =
      std::string(kMovementColumns) + where + "ORDER BY m.id DESC LIMIT ?5";
  JXC_ASSIGN(auto* st, db_->cached(f.newest_first ? newest.c_str() : oldest.c_str()));
  st->bind_all(f.after_id, f.since, f.sku, f.location, static_cast<std::int64_t>(f.limit),
               f.before_id);
  return collect<Movement>(st, movement_from);
}

Result<std::vector<DocumentResult>> Queries::documents(const DocumentFilter& f) {
  ReadTx rt(*db_);
  static const std::string sql = std::string(kDocHeadColumns) +
                                 "WHERE (?1='' OR d.type=?1) AND (?2='' OR d.state=?2) "
                                 "ORDER BY d.id DESC LIMIT ?3";
  JXC_ASSIGN(auto* st, db_->cached(sql.c_str()));
  st->bind_all(f.type ? std::string(to_string(*f.type)) : std::string(),
               f.state ? std::string(to_string(*f.state)) : std::string(),
               static_cast<std::int64_t>(f.limit));
  return collect<DocumentResult>(st, head_from);
}

Result<DocumentView> Queries::document(const std::string& number) {
  ReadTx rt(*db_);
  static const std::string sql = std::string(kDocHeadColumns) + "WHERE d.number=?1";
  JXC_ASSIGN(auto* st, db_->cached(sql.c_str()));
  st->bind_all(number);
  JXC_ASSIGN(bool row, st->step());
  if (!row) return error(Errc::unknown_document, "no document '" + number + "'").with("key", number);
  DocumentView v;
  v.head = head_from(*st);
  JXC_ASSIGN(auto* more, db_->cached(
                             "SELECT coalesce(o.number,''), coalesce(f.code,''), coalesce(t.code,''), d.reason, "
                             "d.source, d.note, d.occurred_at, d.created_at, d.confirmed_at, d.posted_at, "
                             "d.cancelled_at, coalesce(x.number,''), d.cost_centre FROM documents d LEFT JOIN orders o ON o.id=d.order_id "
                             "LEFT JOIN documents x ON x.id=d.ref_document "
                             "LEFT JOIN locations f ON f.id=d.from_location "
                             "LEFT JOIN locations t ON t.id=d.to_location WHERE d.id=?1"));
  more->bind_all(v.head.doc_id);
  JXC_ASSIGN(bool r2, more->step());
  if (r2) {
    v.order = more->text(0);
    v.from = more->text(1);
    v.to = more->text(2);
    v.reason = more->text(3);
    v.source = more->text(4);
    v.note = more->text(5);
    v.occurred_at = more->int64(6);
    v.created_at = more->int64(7);
    if (!more->is_null(8)) v.confirmed_at = more->int64(8);
    if (!more->is_null(9)) v.posted_at = more->int64(9);
    if (!more->is_null(10)) v.cancelled_at = more->int64(10);
    v.ref_document = more->text(11);
    v.cost_centre = more->text(12);
  }
  JXC_ASSIGN(auto* ls, db_->cached(
                           "SELECT i.sku, dl.lot, dl.expiry, dl.qty, coalesce(f.code,''), coalesce(t.code,''), "
                           "dl.flag, dl.unit, dl.entered, dl.unit_cost, dl.inspection, dl.disposition, coalesce(dl.ref_line,0), "
                           "dl.serials FROM document_lines dl JOIN items i ON i.id=dl.item_id "
                           "LEFT JOIN locations f ON f.id=dl.from_location "
                           "LEFT JOIN locations t ON t.id=dl.to_location WHERE dl.doc_id=?1 ORDER BY dl.line_no"));
  ls->bind_all(v.head.doc_id);
  JXC_ASSIGN(v.lines, collect<DocLine>(ls, [](const store::Stmt& s) {
               DocLine l;
               l.sku = s.text(0);
               l.lot = s.text(1);
               if (!s.is_null(2)) l.expiry = s.text(2);
               l.qty = s.int64(3);
               l.from = s.text(4);
               l.to = s.text(5);
               l.flag = s.text(6);
               l.unit = s.text(7);
               l.entered = s.text(8);
               if (!s.is_null(9)) l.unit_cost = s.int64(9);
               parse_inspection(s.text(10), &l.inspection);
               parse_disposition(s.text(11), &l.disposition);
               l.ref_line = s.int64(12);
               if (!s.is_null(13)) l.serials = serials_from_json(s.text(13));
               return l;
             }));
  static const std::string msql = std::string(kMovementColumns) + "WHERE m.doc_id=?1 ORDER BY m.id";
  JXC_ASSIGN(auto* ms, db_->cached(msql.c_str()));
  ms->bind_all(v.head.doc_id);
  JXC_ASSIGN(v.movements, collect<Movement>(ms, movement_from));
  return v;
}

Result<CountReport> Queries::count_report(const std::string& number) {
  ReadTx rt(*db_);
  return inventory::count_report(*db_, number);
}

Result<std::vector<std::string>> Queries::count_scope(const std::string& number) {
  ReadTx rt(*db_);
  JXC_ASSIGN(auto* st, db_->cached("SELECT l.code FROM count_scope s JOIN documents d ON d.id=s.doc_id "
                                   "JOIN locations l ON l.id=s.location_id "
                                   "WHERE d.number=?1 AND d.type='count' ORDER BY l.code"));
  st->bind_all(number);
  return collect<std::string>(st, [](const store::Stmt& r) { return r.text(0); });
}

Result<std::int64_t> Queries::item_id(const std::string& sku) {
  JXC_ASSIGN(auto* st, db_->cached("SELECT id FROM items WHERE sku=?1"));
  st->bind_all(sku);
  JXC_ASSIGN(bool row, st->step());
  if (!row) return error(Errc::unknown_item, "no item with SKU '" + sku + "'").with("key", sku);
  const std::int64_t id = st->int64(0);
  st->reset();
  return id;
}

Result<std::int64_t> Queries::stock_stamp() {
  JXC_ASSIGN(auto* st, db_->cached("SELECT seq FROM stock_stamp"));
  JXC_ASSIGN(bool row, st->step());
  const std::int64_t seq = row ? st->int64(0) : 0;
  st->reset();
  return seq;
}

Result<Item> Queries::item(const std::string& sku) {
  ReadTx rt(*db_);
  JXC_ASSIGN(auto* st, db_->cached(
                           "SELECT id, sku, name, uom, unit_weight_g, lot_tracked, unit_cost, decimals, serial_tracked, "
                           "category FROM items WHERE sku=?1"));
  st->bind_all(sku);
  JXC_ASSIGN(bool row, st->step());
  if (!row) return error(Errc::unknown_item, "no item with SKU '" + sku + "'").with("key", sku);
  Item it;
  std::int64_t id = st->int64(0);
  it.sku = st->text(1);
  it.name = st->text(2);
  it.uom = st->text(3);
  if (!st->is_null(4)) it.unit_weight_g = st->real(4);
  it.lot_tracked = st->int64(5) != 0;
  it.unit_cost = st->real(6);
  it.decimals = static_cast<int>(st->int64(7));
  it.serial_tracked = st->int64(8) != 0;
  it.category = st->text(9);
  JXC_ASSIGN(auto* g, db_->cached("SELECT gtin FROM item_gtins WHERE item_id=?1 AND unit=?2 ORDER BY gtin"));
  g->bind_all(id, it.uom);
  JXC_ASSIGN(it.gtins, collect<std::string>(g, [](const store::Stmt& s) { return s.text(0); }));
  // Pack levels other than the base unit, largest first, each with one of
  // its GTINs (put in order here: SQLite would build a sorter for a few rows).
  JXC_ASSIGN(auto* p, db_->cached("SELECT p.unit, p.factor, (SELECT min(gtin) FROM item_gtins g "
                                  "WHERE g.item_id=p.item_id AND g.unit=p.unit) "
                                  "FROM item_packs p WHERE p.item_id=?1 AND p.unit<>?2"));
  p->bind_all(id, it.uom);
  JXC_ASSIGN(it.packs, collect<Pack>(p, [](const store::Stmt& s) {
               Pack pk{s.text(0), s.int64(1)};
               if (!s.is_null(2)) pk.gtin = s.text(2);
               return pk;
             }));
  std::sort(it.packs.begin(), it.packs.end(),
            [](const Pack& a, const Pack& b) { return a.factor != b.factor ? a.factor > b.factor : a.unit < b.unit; });
  return it;
}

Result<Item> Queries::item_by_gtin(const std::string& gtin) {
  JXC_ASSIGN(auto found, pack_by_gtin(gtin));
  return std::move(found.item);
}

Result<GtinPack> Queries::pack_by_gtin(const std::string& gtin) {
  ReadTx rt(*db_);
  auto n = identifiers::normalize_gtin(gtin);
  if (!n) return error(Errc::invalid_argument, "'" + gtin + "' is not a GTIN with a valid check digit");
  JXC_ASSIGN(auto* st, db_->cached(
                           "SELECT i.sku, g.unit, coalesce(p.factor, 1) FROM item_gtins g "
                           "JOIN items i ON i.id=g.item_id "
                           "LEFT JOIN item_packs p ON p.item_id=g.item_id AND p.unit=g.unit WHERE g.gtin=?1"));
  st->bind_all(*n);
  JXC_ASSIGN(bool row, st->step());
  if (!row) return error(Errc::unknown_item, "no item with GTIN " + gtin).with("key", gtin);
  GtinPack out;
  std::string sku = st->text(0);
  out.unit = st->text(1);
  out.factor = st->int64(2);
  st->reset();
  JXC_ASSIGN(out.item, item(sku));
  return out;
}

Result<ItemTag> Queries::item_tag(const std::string& epc_hex) {
  ReadTx rt(*db_);
  JXC_ASSIGN(auto* st, db_->cached("SELECT i.sku, t.lot FROM item_rfid_tags t JOIN items i ON i.id=t.item_id "
                                   "WHERE t.epc_hex=?1"));
  st->bind_all(epc_hex);
  JXC_ASSIGN(bool row, st->step());
  if (!row) return error(Errc::unknown_item, "no item carries RFID tag " + epc_hex);
  return ItemTag{epc_hex, st->text(0), st->text(1)};
}

Result<Location> Queries::location(const std::string& code) {
  ReadTx rt(*db_);
  static const std::string sql = std::string(kLocationColumns) + "WHERE l.code=?1";
  JXC_ASSIGN(auto* st, db_->cached(sql.c_str()));
  st->bind_all(code);
  JXC_ASSIGN(bool row, st->step());
  if (!row) return error(Errc::unknown_location, "no location with code '" + code + "'").with("key", code);
  return location_from(*st);
}

Result<Location> Queries::location_by_label(const std::string& label) {
  ReadTx rt(*db_);
  static const std::string sql = std::string(kLocationColumns) +
                                 "WHERE l.code=?1 OR l.barcode=?1 OR l.gln=?1 OR l.rfid_tag=?1 LIMIT 1";
  JXC_ASSIGN(auto* st, db_->cached(sql.c_str()));
  st->bind_all(label);
  JXC_ASSIGN(bool row, st->step());
  if (!row) return error(Errc::unknown_location, "no location is labelled '" + label + "'");
  return location_from(*st);
}

Result<std::vector<Threshold>> Queries::thresholds(const std::string& sku) {
  ReadTx rt(*db_);
  JXC_ASSIGN(auto* st, db_->cached(
                           "SELECT i.sku, l.code, t.min_qty, t.max_qty, t.reorder_qty FROM thresholds t "
                           "JOIN items i ON i.id=t.item_id JOIN locations l ON l.id=t.location_id "
                           "WHERE ?1='' OR i.sku=?1 ORDER BY i.sku, l.code"));
  st->bind_all(sku);
  return collect<Threshold>(st, [](const store::Stmt& s) {
    return Threshold{s.text(0), s.text(1), s.int64(2), s.int64(3), s.int64(4)};
  });
}

Status Queries::verify() {
  ReadTx rt(*db_);
  JXC_ASSIGN(std::int64_t drift,
             db_->query_int("SELECT count(*) FROM ("
                            " SELECT item_id, location_id, lot, sum(q) AS s FROM ("
                            "  SELECT item_id, to_location AS location_id, lot, qty AS q FROM movements"
                            "  UNION ALL SELECT item_id, from_location, lot, -qty FROM movements)"
                            " GROUP BY item_id, location_id, lot) l "
                            "FULL OUTER JOIN balances b USING (item_id, location_id, lot) "
                            "WHERE coalesce(l.s,0) <> coalesce(b.qty,0)"));
  if (drift != 0)
    return error(Errc::storage, std::to_string(drift) + " balance(s) differ from the sum of their movements");
  JXC_ASSIGN(std::int64_t gaps,
             db_->query_int("SELECT count(*) FROM outbox o WHERE seq > (SELECT min(seq) FROM outbox) "
                            "AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.seq=o.seq-1)"));
  if (gaps != 0) return error(Errc::storage, "the outbox has " + std::to_string(gaps) + " gap(s) in its sequence");
  JXC_ASSIGN(std::int64_t top,
             db_->query_int("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name='outbox'),0) - "
                            "coalesce((SELECT max(seq) FROM outbox), "
                            "(SELECT seq FROM sqlite_sequence WHERE name='outbox'), 0)"));
  if (top != 0)
    return error(Errc::storage, "the newest " + std::to_string(top) + " outbox event(s) are missing");
  JXC_ASSIGN(std::int64_t neg,
             db_->query_int("SELECT count(*) FROM balances b JOIN locations l ON l.id=b.location_id "
                            "LEFT JOIN locations s ON s.id=l.site_id "
                            "WHERE b.qty<0 AND l.kind<>'virtual' AND coalesce(s.negative_stock,'')<>'allow' "
                            "AND NOT EXISTS (SELECT 1 FROM movements m WHERE m.flags='negative' "
                            " AND m.from_location=b.location_id AND m.item_id=b.item_id)"));
  if (neg != 0)
    return error(Errc::storage, std::to_string(neg) + " balance(s) are negative where the policy blocks it");
  // A serial-tracked item's balance at a physical location (and lot) is the
  // number of its serials in stock there.
  JXC_ASSIGN(std::int64_t serial_drift,
             db_->query_int("SELECT count(*) FROM ("
                            " SELECT b.item_id, b.location_id, b.lot, b.qty FROM balances b"
                            " JOIN items i ON i.id=b.item_id JOIN locations l ON l.id=b.location_id"
                            " WHERE i.serial_tracked<>0 AND l.kind<>'virtual' AND b.qty<>0) b "
                            "FULL OUTER JOIN (SELECT item_id, location_id, lot, count(*) AS n FROM serials"
                            " WHERE status='in_stock' GROUP BY item_id, location_id, lot) s "
                            "USING (item_id, location_id, lot) WHERE coalesce(b.qty,0) <> coalesce(s.n,0)"));
  if (serial_drift != 0)
    return error(Errc::storage, std::to_string(serial_drift) +
                                    " balance(s) of serial-tracked items differ from their serials in stock");
  JXC_ASSIGN(std::int64_t misplaced,
             db_->query_int("SELECT count(*) FROM serials s JOIN locations l ON l.id=s.location_id "
                            "WHERE (s.status='in_stock') <> (l.kind<>'virtual')"));
  if (misplaced != 0)
    return error(Errc::storage, std::to_string(misplaced) + " serial(s) have a status that disagrees with where they are");
  JXC_TRY(verify_costs(*db_));
  return verify_day_totals(*db_);
}

}  // namespace jxc::inventory
