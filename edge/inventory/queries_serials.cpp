// Queries: serials of serial-tracked items, where each is and how it got there.
#include <string>

#include "edge/inventory/queries.h"
#include "edge/inventory/read_tx.h"

namespace jxc::inventory {

using read_side::collect;
using read_side::ReadTx;

namespace {

constexpr const char* kSerialColumns =
    "SELECT i.sku, s.serial, s.lot, l.code, s.status, d.number, s.updated_at, s.id FROM serials s "
    "JOIN items i ON i.id=s.item_id JOIN locations l ON l.id=s.location_id JOIN documents d ON d.id=s.doc_id ";

SerialState serial_row(const store::Stmt& s) {
  return SerialState{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), s.int64(6)};
}

Status require_item(store::Db& db, const std::string& sku) {
  JXC_ASSIGN(auto* st, db.cached("SELECT 1 FROM items WHERE sku=?1"));
  st->bind_all(sku);
  JXC_ASSIGN(bool row, st->step());
  st->reset();
  if (!row) return error(Errc::unknown_item, "no item with SKU '" + sku + "'").with("key", sku);
  return Status::ok();
}

}  // namespace

Result<SerialState> Queries::serial(const std::string& sku, const std::string& serial) {
  ReadTx rt(*db_);
  JXC_TRY(require_item(*db_, sku));
  static const std::string sql = std::string(kSerialColumns) + "WHERE i.sku=?1 AND s.serial=?2";
  JXC_ASSIGN(auto* st, db_->cached(sql.c_str()));
  st->bind_all(sku, serial);
  JXC_ASSIGN(bool row, st->step());
  if (!row)
    return error(Errc::unknown_item, "item " + sku + " has no serial '" + serial + "'").with("key", sku + " " + serial);
  SerialState out = serial_row(*st);
  const std::int64_t id = st->int64(7);
  st->reset();
  JXC_ASSIGN(auto* h, db_->cached(
                          "SELECT m.id, d.number, d.type, f.code, t.code, m.lot, m.occurred_at, m.recorded_at "
                          "FROM serial_moves sm JOIN movements m ON m.id=sm.movement_id "
                          "JOIN documents d ON d.id=m.doc_id JOIN locations f ON f.id=m.from_location "
                          "JOIN locations t ON t.id=m.to_location WHERE sm.serial_id=?1 ORDER BY m.id"));
  h->bind_all(id);
  JXC_ASSIGN(out.history, collect<SerialMove>(h, [](const store::Stmt& s) {
               SerialMove m;
               m.movement_id = s.int64(0);
               m.doc_number = s.text(1);
               parse_doc_type(s.text(2), &m.doc_type);
               m.from = s.text(3);
               m.to = s.text(4);
               m.lot = s.text(5);
               m.occurred_at = s.int64(6);
               m.recorded_at = s.int64(7);
               return m;
             }));
  return out;
}

Result<std::vector<SerialState>> Queries::serials(const SerialFilter& f) {
  ReadTx rt(*db_);
  JXC_TRY(require_item(*db_, f.sku));
  if (!f.location.empty()) {
    JXC_ASSIGN(auto* known, db_->cached("SELECT 1 FROM locations WHERE code=?1"));
    known->bind_all(f.location);
    JXC_ASSIGN(bool row, known->step());
    known->reset();
    if (!row) return error(Errc::unknown_location, "no location with code '" + f.location + "'").with("key", f.location);
  }
  // A location filter takes the location and everything below it.
  static const std::string sql =
      "WITH RECURSIVE scope(id) AS ("
      "  SELECT id FROM locations WHERE code=?2"
      "  UNION SELECT l.id FROM locations l JOIN scope s ON l.parent_id=s.id) " +
      std::string(kSerialColumns) +
      "WHERE i.sku=?1 AND (?2='' OR s.location_id IN (SELECT id FROM scope)) AND (?3='' OR s.status=?3) "
      "AND s.serial>?4 ORDER BY s.serial LIMIT ?5";
  JXC_ASSIGN(auto* st, db_->cached(sql.c_str()));
  st->bind_all(f.sku, f.location, f.status, f.after, static_cast<std::int64_t>(f.limit));
  return collect<SerialState>(st, serial_row);
}

}  // namespace jxc::inventory
