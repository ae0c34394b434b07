#include "edge/weight/weight_store.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "edge/inventory/documents.h"
#include "edge/inventory/outbox.h"
#include "edge/inventory/queries.h"
#include "edge/store/sqlite.h"

namespace jxc::weight {

using inventory::Qty;
using inventory::Tx;
using Json = nlohmann::ordered_json;

namespace {

Result<Qty> book_balance(Tx& tx, std::int64_t item_id, std::int64_t location_id) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "SELECT coalesce(sum(qty),0) FROM balances WHERE item_id=?1 AND location_id=?2"));
  st->bind_all(item_id, location_id);
  JXC_ASSIGN(bool row, st->step());
  Qty q = row ? st->int64(0) : 0;
  st->reset();
  return q;
}

const char* kDiscrepancySelect =
    "SELECT d.id, d.slot, i.sku, l.code, d.book, d.weighed, d.detected_at, d.state, "
    "coalesce(d.resolved_at,0), coalesce(d.resolved_by,''), coalesce(doc.number,'') "
    "FROM weight_discrepancies d JOIN items i ON i.id=d.item_id JOIN locations l ON l.id=d.location_id "
    "LEFT JOIN documents doc ON doc.id=d.doc_id ";

Discrepancy discrepancy_row(const store::Stmt& st) {
  Discrepancy d;
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

Result<Discrepancy> discrepancy(store::Db& db, std::int64_t id) {
  JXC_ASSIGN(auto st, db.prepare(std::string(kDiscrepancySelect) + "WHERE d.id=?1"));
  st->bind(1, id);
  JXC_ASSIGN(bool row, st->step());
  if (!row) return error(Errc::invalid_argument, "no weight discrepancy #" + std::to_string(id));
  return discrepancy_row(*st);
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

Result<Discrepancy> open_discrepancy(Tx& tx, std::int64_t id) {
  JXC_ASSIGN(auto d, discrepancy(tx.db(), id));
  if (d.state != "open")
    return error(Errc::invalid_state, "weight discrepancy #" + std::to_string(id) + " is already " + d.state);
  return d;
}

Status close_discrepancy(Tx& tx, std::int64_t id, const std::string& state, const std::string& by,
                         std::int64_t doc_id) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "UPDATE weight_discrepancies SET state=?2, resolved_at=?3, resolved_by=?4, "
                           "doc_id=nullif(?5,0) WHERE id=?1"));
  st->bind_all(id, state, tx.now(), by, doc_id);
  return st->run();
}

}  // namespace

Status save_slot(Tx& tx, const SlotRecord& r) {
  JXC_ASSIGN(auto item, tx.item(r.sku));
  JXC_ASSIGN(auto bin, tx.physical_location(r.bin, "slot bin"));
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "INSERT INTO weight_slots(slot,item_id,location_id,tare_g,grams,count,status,updated_at) "
                           "VALUES(?1,?2,?3,?4,?5,?6,?7,?8) ON CONFLICT(slot) DO UPDATE SET "
                           "unit_weight_g=iif(item_id=excluded.item_id, unit_weight_g, NULL), "
                           "calibrated_at=iif(item_id=excluded.item_id, calibrated_at, NULL), "
                           "calibrated_by=iif(item_id=excluded.item_id, calibrated_by, NULL), "
                           "item_id=excluded.item_id, location_id=excluded.location_id, tare_g=excluded.tare_g, "
                           "grams=coalesce(excluded.grams, grams), count=excluded.count, "
                           "status=excluded.status, updated_at=excluded.updated_at"));
  st->bind_all(r.slot, item.id, bin.id, r.tare_g, r.grams, r.count, r.status, tx.now());
  return st->run();
}

Status retire_slots(Tx& tx, const std::vector<std::string>& configured) {
  std::vector<std::string> stored;
  {
    JXC_ASSIGN(auto st, tx.db().prepare("SELECT slot FROM weight_slots WHERE status <> 'unconfigured'"));
    while (true) {
      JXC_ASSIGN(bool row, st->step());
      if (!row) break;
      stored.push_back(st->text(0));
    }
  }
  for (const auto& slot : stored) {
    if (std::find(configured.begin(), configured.end(), slot) != configured.end()) continue;
    JXC_ASSIGN(auto* st, tx.db().cached(
                             "UPDATE weight_slots SET status='unconfigured', count=NULL, updated_at=?2 "
                             "WHERE slot=?1"));
    st->bind_all(slot, tx.now());
    JXC_TRY(st->run());
  }
  return Status::ok();
}

Result<std::vector<std::pair<std::string, double>>> calibrations(Tx& tx) {
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

Result<SlotRecord> calibrate_slot(Tx& tx, const std::string& slot, std::int64_t units,
                                  const std::string& by) {
  if (units <= 0)
    return error(Errc::invalid_argument, "a calibration needs at least one unit on the slot");
  JXC_ASSIGN(auto st, tx.db().prepare(std::string(kSlotSelect) + "WHERE s.slot=?1"));
  st->bind(1, slot);
  JXC_ASSIGN(bool row, st->step());
  if (!row)
    return error(Errc::invalid_argument,
                 "slot " + slot + " has not reported yet; is the gateway running with it configured?");
  SlotRecord r = slot_row(*st);
  st.reset();
  if (!r.grams)
    return error(Errc::invalid_state, "slot " + slot + " has no stable weight yet");
  double unit = (*r.grams - r.tare_g) / static_cast<double>(units);
  if (!(unit > 0))
    return error(Errc::invalid_state, "slot " + slot + " weighs " + std::to_string(*r.grams) +
                                          " g, no more than its tare of " + std::to_string(r.tare_g) + " g");
  JXC_ASSIGN(auto* up, tx.db().cached(
                           "UPDATE weight_slots SET unit_weight_g=?2, calibrated_at=?3, calibrated_by=?4 "
                           "WHERE slot=?1"));
  up->bind_all(slot, unit, tx.now(), by);
  JXC_TRY(up->run());
  Json ev = {{"slot", slot}, {"sku", r.sku}, {"bin", r.bin}, {"units", units},
             {"grams", *r.grams}, {"unit_weight_g", unit}, {"by", by}};
  JXC_ASSIGN(auto seq, inventory::append_event(tx, "weight.calibrated", tx.now(), ev.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
  (void)seq;
  r.calibrated_unit_g = unit;
  r.calibrated_at = tx.now();
  return r;
}

Result<Reconciliation> reconcile(Tx& tx, const ReconcileRequest& r) {
  JXC_ASSIGN(auto item, tx.item(r.sku));
  JXC_ASSIGN(auto bin, tx.physical_location(r.bin, "slot bin"));
  Reconciliation out;
  JXC_ASSIGN(out.book, book_balance(tx, item.id, bin.id));
  if (out.book == r.weighed) {
    out.outcome = Reconciliation::confirmed;
    JXC_ASSIGN(auto* st, tx.db().cached(
                             "SELECT d.number FROM movements m JOIN documents d ON d.id=m.doc_id "
                             "WHERE m.item_id=?1 AND (m.from_location=?2 OR m.to_location=?2) "
                             "AND m.recorded_at>=?3 ORDER BY m.id DESC LIMIT 1"));
    st->bind_all(item.id, bin.id, r.changed_at - r.window_ms);
    JXC_ASSIGN(bool row, st->step());
    if (row) out.document = st->text(0);
    st->reset();
    if (r.before >= 0 && r.before != r.weighed) {
      Json ev = {{"slot", r.slot}, {"sku", r.sku}, {"bin", r.bin}, {"before", r.before},
                 {"weighed", r.weighed}, {"book", out.book},
                 {"document", out.document.empty() ? Json(nullptr) : Json(out.document)}};
      JXC_ASSIGN(auto seq, inventory::append_event(tx, "weight.confirmed", r.changed_at, ev.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
      (void)seq;
    }
    return out;
  }
  if (!r.final) return out;
  // Unexplained. One open discrepancy per item and bin is enough: refresh it.
  JXC_ASSIGN(auto* find, tx.db().cached(
                             "SELECT id FROM weight_discrepancies WHERE state='open' AND item_id=?1 "
                             "AND location_id=?2 AND book=?3 AND weighed=?4"));
  find->bind_all(item.id, bin.id, out.book, r.weighed);
  JXC_ASSIGN(bool same, find->step());
  std::int64_t existing = same ? find->int64(0) : 0;
  find->reset();
  out.outcome = Reconciliation::discrepancy;
  if (existing) {
    out.discrepancy_id = existing;
    return out;
  }
  JXC_ASSIGN(auto* ins, tx.db().cached(
                            "INSERT INTO weight_discrepancies(slot,item_id,location_id,book,weighed,detected_at,state) "
                            "VALUES(?1,?2,?3,?4,?5,?6,'open')"));
  ins->bind_all(r.slot, item.id, bin.id, out.book, r.weighed, tx.now());
  JXC_TRY(ins->run());
  out.discrepancy_id = tx.db().last_insert_rowid();
  Json ev = {{"discrepancy", out.discrepancy_id}, {"slot", r.slot}, {"sku", r.sku}, {"bin", r.bin},
             {"book", out.book}, {"weighed", r.weighed},
             {"before", r.before >= 0 ? Json(r.before) : Json(nullptr)},
             {"changed_at", format_iso8601(r.changed_at)}};
  JXC_ASSIGN(auto seq, inventory::append_event(tx, "weight.discrepancy", r.changed_at, ev.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
  (void)seq;
  return out;
}

Result<Discrepancy> accept_discrepancy(Tx& tx, std::int64_t id, const std::string& by) {
  JXC_ASSIGN(auto d, open_discrepancy(tx, id));
  JXC_ASSIGN(auto item, tx.item(d.sku));
  if (item.lot_tracked)
    return error(Errc::invalid_state, "item " + d.sku + " is lot-tracked: a weight cannot say which lot; count the bin");
  JXC_ASSIGN(auto bin, tx.physical_location(d.bin, "slot bin"));
  JXC_ASSIGN(Qty book, book_balance(tx, item.id, bin.id));
  std::int64_t doc_id = 0;
  if (d.weighed != book) {
    inventory::DocumentRequest req;
    req.type = inventory::DocType::adjustment;
    req.to = d.bin;
    req.reason = "weight stock check";
    req.source = by;
    req.note = "weight discrepancy #" + std::to_string(id) + " on slot " + d.slot;
    inventory::DocLine line;
    line.sku = d.sku;
    line.qty = d.weighed - book;
    req.lines.push_back(line);
    JXC_ASSIGN(auto draft, inventory::create_document(tx, req));
    JXC_ASSIGN(auto posted, inventory::post_document(tx, draft.number));
    doc_id = posted.doc_id;
  }
  JXC_TRY(close_discrepancy(tx, id, "accepted", by, doc_id));
  return discrepancy(tx.db(), id);
}

Result<Discrepancy> dismiss_discrepancy(Tx& tx, std::int64_t id, const std::string& by) {
  JXC_ASSIGN(auto d, open_discrepancy(tx, id));
  (void)d;
  JXC_TRY(close_discrepancy(tx, id, "dismissed", by, 0));
  return discrepancy(tx.db(), id);
}

Result<std::vector<SlotRecord>> list_slots(store::Db& db) {
  JXC_ASSIGN(auto st, db.prepare(std::string(kSlotSelect) + "ORDER BY s.slot"));
  std::vector<SlotRecord> out;
  while (true) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    out.push_back(slot_row(*st));
  }
  return out;
}

Result<std::vector<ShelfLevel>> shelf_levels(store::Db& db) {
  JXC_ASSIGN(auto st, db.prepare(
                          "SELECT i.sku, l.code, group_concat(s.slot, char(31)), count(*), "
                          "sum(s.status = 'counted' AND s.count IS NOT NULL), coalesce(sum(s.count), 0), "
                          "(SELECT coalesce(sum(b.qty), 0) FROM balances b "
                          "  WHERE b.item_id = s.item_id AND b.location_id = s.location_id), "
                          "(SELECT t.min_qty FROM thresholds t "
                          "  WHERE t.item_id = s.item_id AND t.location_id = s.location_id) "
                          "FROM weight_slots s JOIN items i ON i.id = s.item_id "
                          "JOIN locations l ON l.id = s.location_id "
                          "WHERE s.status <> 'unconfigured' GROUP BY s.item_id, s.location_id "
                          "ORDER BY i.sku, l.code"));
  std::vector<ShelfLevel> out;
  while (true) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    ShelfLevel l;
    l.sku = st->text(0);
    l.bin = st->text(1);
    const std::string slots = st->text(2);
    for (std::size_t at = 0;;) {
      std::size_t end = slots.find('\x1f', at);
      l.slots.push_back(slots.substr(at, end == std::string::npos ? std::string::npos : end - at));
      if (end == std::string::npos) break;
      at = end + 1;
    }
    std::sort(l.slots.begin(), l.slots.end());
    l.countable = st->int64(3) == st->int64(4);
    if (l.countable) l.weighed = st->int64(5);
    l.book = st->int64(6);
    if (!st->is_null(7)) l.min = st->int64(7);
    out.push_back(std::move(l));
  }
  return out;
}

std::string_view level_text(const ShelfLevel& l) {
  if (!l.countable || !l.min) return "-";
  if (l.weighed <= 0) return "empty";
  return l.weighed < *l.min ? "low" : "ok";
}

Result<std::vector<Discrepancy>> list_discrepancies(store::Db& db, bool open_only) {
  JXC_ASSIGN(auto st, db.prepare(std::string(kDiscrepancySelect) +
                                 (open_only ? "WHERE d.state='open' " : "") + "ORDER BY d.id"));
  std::vector<Discrepancy> out;
  while (true) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    out.push_back(discrepancy_row(*st));
  }
  return out;
}

Result<std::vector<ShelfLevel>> shelf_levels(inventory::Queries& q) { return shelf_levels(q.db()); }

Result<std::vector<Discrepancy>> list_discrepancies(inventory::Queries& q, bool open_only) {
  return list_discrepancies(q.db(), open_only);
}

}  // namespace jxc::weight
