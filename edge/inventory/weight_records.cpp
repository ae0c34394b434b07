#include "edge/inventory/weight_records.h"

#include <algorithm>

#include "edge/store/sqlite.h"

namespace jxc::inventory {
namespace {

const char* kDiscrepancySelect =
    "SELECT d.id, d.slot, i.sku, l.code, d.book, d.weighed, d.detected_at, d.state, "
    "coalesce(d.resolved_at,0), coalesce(d.resolved_by,''), coalesce(doc.number,'') "
    "FROM weight_discrepancies d JOIN items i ON i.id=d.item_id JOIN locations l ON l.id=d.location_id "
    "LEFT JOIN documents doc ON doc.id=d.doc_id ";

WeightDiscrepancy discrepancy_row(const store::Stmt& st) {
  WeightDiscrepancy d;
  d.id = st.int64(0);
  d.slot = st.text(1);
  d.sku = st.text(2);
  d.bin = st.text(3);
  d.book = st.int64(4);
  d.weighed = st.int64(5);
  d.detected_at = st.int64(6);
  d.state = st.text(7);
  d.resolved_at = st.int64(8);
  d.resolved_by = st.text(9);
  d.document = st.text(10);
  return d;
}

const char* kSlotSelect =
    "SELECT s.slot, i.sku, l.code, s.tare_g, s.unit_weight_g, coalesce(s.calibrated_at,0), s.grams, "
    "s.count, s.status, s.updated_at FROM weight_slots s JOIN items i ON i.id=s.item_id "
    "JOIN locations l ON l.id=s.location_id ";

SlotRecord slot_row(const store::Stmt& st) {
  SlotRecord r;
  r.slot = st.text(0);
  r.sku = st.text(1);
  r.bin = st.text(2);
  r.tare_g = st.real(3);
  if (!st.is_null(4)) r.calibrated_unit_g = st.real(4);
  r.calibrated_at = st.int64(5);
  if (!st.is_null(6)) r.grams = st.real(6);
  if (!st.is_null(7)) r.count = st.int64(7);
  r.status = st.text(8);
  r.updated_at = st.int64(9);
  return r;
}

}  // namespace

Status save_slot_record(Tx& tx, const SlotRecord& r) {
  JXC_ASSIGN(auto item, tx.item(r.sku));
  JXC_ASSIGN(auto bin, tx.physical_location(r.bin, "slot bin"));
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "INSERT INTO weight_slots(slot,item_id,location_id,tare_g,grams,count,status,updated_at) "
                           "VALUES(?1,?2,?3,?4,?5,?6,?7,?8) ON CONFLICT(slot) DO UPDATE SET "
                           "unit_weight_g=iif(item_id=excluded.item_id, unit_weight_g, NULL), "
                           "calibrated_at=iif(item_id=excluded.item_id, calibrated_at, NULL), "
                           "calibrated_by=iif(item_id=excluded.item_id, calibrated_by, NULL), "
                           "item_id=excluded.item_id, location_id=excluded.location_id, tare_g=excluded.tare_g, "
                           "grams=iif(?9, NULL, coalesce(excluded.grams, grams)), count=excluded.count, "
                           "status=excluded.status, updated_at=excluded.updated_at"));
  st->bind_all(r.slot, item.id, bin.id, r.tare_g, r.grams, r.count, r.status, tx.now(), r.forget_grams ? 1 : 0);
  return st->run();
}

Result<std::vector<std::string>> configured_slot_ids(Tx& tx) {
  JXC_ASSIGN(auto* st, tx.db().cached("SELECT slot FROM weight_slots WHERE status <> 'unconfigured'"));
  std::vector<std::string> out;
  while (true) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    out.push_back(st->text(0));
  }
  return out;
}

Status mark_slot_unconfigured(Tx& tx, const std::string& slot) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "UPDATE weight_slots SET status='unconfigured', count=NULL, updated_at=?2 "
                           "WHERE slot=?1"));
  st->bind_all(slot, tx.now());
  return st->run();
}

Result<std::vector<std::pair<std::string, double>>> slot_calibrations(Tx& tx) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "SELECT slot, unit_weight_g FROM weight_slots WHERE unit_weight_g IS NOT NULL"));
  std::vector<std::pair<std::string, double>> out;
  while (true) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    out.emplace_back(st->text(0), st->real(1));
  }
  return out;
}

Result<std::optional<SlotRecord>> slot_record(Tx& tx, const std::string& slot) {
  JXC_ASSIGN(auto st, tx.db().prepare(std::string(kSlotSelect) + "WHERE s.slot=?1"));
  st->bind(1, slot);
  JXC_ASSIGN(bool row, st->step());
  if (!row) return std::optional<SlotRecord>();
  return std::optional<SlotRecord>(slot_row(*st));
}

Status set_slot_calibration(Tx& tx, const std::string& slot, double unit_g, const std::string& by) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "UPDATE weight_slots SET unit_weight_g=?2, calibrated_at=?3, calibrated_by=?4 "
                           "WHERE slot=?1"));
  st->bind_all(slot, unit_g, tx.now(), by);
  return st->run();
}

Result<Qty> bin_balance(Tx& tx, std::int64_t item_id, std::int64_t location_id) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "SELECT coalesce(sum(qty),0) FROM balances WHERE item_id=?1 AND location_id=?2"));
  st->bind_all(item_id, location_id);
  JXC_ASSIGN(bool row, st->step());
  Qty q = row ? st->int64(0) : 0;
  st->reset();
  return q;
}

Result<std::string> latest_movement_document(Tx& tx, std::int64_t item_id, std::int64_t location_id,
                                             TimeMs since) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "SELECT d.number FROM movements m JOIN documents d ON d.id=m.doc_id "
                           "WHERE m.item_id=?1 AND (m.from_location=?2 OR m.to_location=?2) "
                           "AND m.recorded_at>=?3 ORDER BY m.id DESC LIMIT 1"));
  st->bind_all(item_id, location_id, since);
  JXC_ASSIGN(bool row, st->step());
  std::string number = row ? st->text(0) : std::string();
  st->reset();
  return number;
}

Result<std::optional<std::string>> recorded_confirmation(Tx& tx, const std::string& key) {
  JXC_ASSIGN(auto* st, tx.db().cached("SELECT result FROM requests WHERE key=?1"));
  st->bind_all(key);
  JXC_ASSIGN(bool row, st->step());
  std::optional<std::string> document;
  if (row) document = st->text(0);
  st->reset();
  return document;
}

Status record_confirmation(Tx& tx, const std::string& key, const std::string& document) {
  JXC_ASSIGN(auto* st, tx.db().cached("INSERT INTO requests(key,doc_id,result,created_at) VALUES(?1,NULL,?2,?3)"));
  st->bind_all(key, document, tx.now());
  return st->run();
}

Result<std::int64_t> find_open_discrepancy(Tx& tx, std::int64_t item_id, std::int64_t location_id,
                                           Qty book, Qty weighed) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "SELECT id FROM weight_discrepancies WHERE state='open' AND item_id=?1 "
                           "AND location_id=?2 AND book=?3 AND weighed=?4"));
  st->bind_all(item_id, location_id, book, weighed);
  JXC_ASSIGN(bool row, st->step());
  std::int64_t id = row ? st->int64(0) : 0;
  st->reset();
  return id;
}

Result<std::int64_t> insert_discrepancy(Tx& tx, const std::string& slot, std::int64_t item_id,
                                        std::int64_t location_id, Qty book, Qty weighed) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "INSERT INTO weight_discrepancies(slot,item_id,location_id,book,weighed,detected_at,state) "
                           "VALUES(?1,?2,?3,?4,?5,?6,'open')"));
  st->bind_all(slot, item_id, location_id, book, weighed, tx.now());
  JXC_TRY(st->run());
  return tx.db().last_insert_rowid();
}

Result<WeightDiscrepancy> weight_discrepancy(Tx& tx, std::int64_t id) {
  JXC_ASSIGN(auto st, tx.db().prepare(std::string(kDiscrepancySelect) + "WHERE d.id=?1"));
  st->bind(1, id);
  JXC_ASSIGN(bool row, st->step());
  if (!row) return error(Errc::unknown_document, "no weight discrepancy #" + std::to_string(id));
  return discrepancy_row(*st);
}

Status resolve_discrepancy(Tx& tx, std::int64_t id, const std::string& state, const std::string& by,
                           std::int64_t doc_id) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "UPDATE weight_discrepancies SET state=?2, resolved_at=?3, resolved_by=?4, "
                           "doc_id=nullif(?5,0) WHERE id=?1"));
  st->bind_all(id, state, tx.now(), by, doc_id);
  return st->run();
}

Result<std::vector<SlotRecord>> slot_records(Queries& q) {
  JXC_ASSIGN(auto st, q.db().prepare(std::string(kSlotSelect) + "ORDER BY s.slot"));
  std::vector<SlotRecord> out;
  while (true) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    out.push_back(slot_row(*st));
  }
  return out;
}

Result<std::vector<ShelfRow>> shelf_rows(Queries& q) {
  JXC_ASSIGN(auto st, q.db().prepare(
                          "SELECT i.sku, l.code, group_concat(s.slot, char(31)), "
                          "sum(s.status = 'counted' AND s.count IS NOT NULL), coalesce(sum(s.count), 0), "
                          "(SELECT coalesce(sum(b.qty), 0) FROM balances b "
                          "  WHERE b.item_id = s.item_id AND b.location_id = s.location_id), "
                          "(SELECT t.min_qty FROM thresholds t "
                          "  WHERE t.item_id = s.item_id AND t.location_id = s.location_id) "
                          "FROM weight_slots s JOIN items i ON i.id = s.item_id "
                          "JOIN locations l ON l.id = s.location_id "
                          "WHERE s.status <> 'unconfigured' GROUP BY s.item_id, s.location_id "
                          "ORDER BY i.sku, l.code"));
  std::vector<ShelfRow> out;
  while (true) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    ShelfRow r;
    r.sku = st->text(0);
    r.bin = st->text(1);
    const std::string slots = st->text(2);
    for (std::size_t at = 0;;) {
      std::size_t end = slots.find('\x1f', at);
      r.slots.push_back(slots.substr(at, end == std::string::npos ? std::string::npos : end - at));
      if (end == std::string::npos) break;
      at = end + 1;
    }
    std::sort(r.slots.begin(), r.slots.end());
    r.counted = st->int64(3);
    r.count_sum = st->int64(4);
    r.book = st->int64(5);
    if (!st->is_null(6)) r.min = st->int64(6);
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<WeightDiscrepancy>> weight_discrepancies(Queries& q, bool open_only) {
  JXC_ASSIGN(auto st, q.db().prepare(std::string(kDiscrepancySelect) +
                                     (open_only ? "WHERE d.state='open' " : "") + "ORDER BY d.id"));
  std::vector<WeightDiscrepancy> out;
  while (true) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    out.push_back(discrepancy_row(*st));
  }
  return out;
}

Result<std::vector<WeightDiscrepancy>> weight_discrepancy_page(Queries& q, bool open_only, std::int64_t before_id,
                                                               std::size_t limit) {
  JXC_ASSIGN(auto st, q.db().prepare(std::string(kDiscrepancySelect) + "WHERE (?1 = 0 OR d.id < ?1) " +
                                     (open_only ? "AND d.state='open' " : "") + "ORDER BY d.id DESC LIMIT ?2"));
  st->bind_all(before_id, static_cast<std::int64_t>(limit));
  std::vector<WeightDiscrepancy> out;
  while (true) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    out.push_back(discrepancy_row(*st));
  }
  return out;
}

Result<std::int64_t> open_weight_discrepancy_count(Queries& q) {
  return q.db().query_int("SELECT count(*) FROM weight_discrepancies WHERE state='open'");
}

}  // namespace jxc::inventory
