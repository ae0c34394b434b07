#include "edge/weight/weight_store.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "edge/inventory/documents.h"
#include "edge/inventory/outbox.h"

namespace jxc::weight {

using inventory::Qty;
using inventory::Tx;
using Json = nlohmann::ordered_json;

namespace {

/// Event payloads are built from stored text; a byte that is not UTF-8 is
/// replaced rather than failing the unit of work.
std::string payload(const Json& ev) { return ev.dump(-1, ' ', false, Json::error_handler_t::replace); }

Result<Discrepancy> open_discrepancy(Tx& tx, std::int64_t id) {
  JXC_ASSIGN(auto d, inventory::weight_discrepancy(tx, id));
  if (d.state != "open")
    return error(Errc::invalid_state, "weight discrepancy #" + std::to_string(id) + " is already " + d.state);
  return d;
}

}  // namespace

Status save_slot(Tx& tx, const SlotRecord& r) { return inventory::save_slot_record(tx, r); }

Status retire_slots(Tx& tx, const std::vector<std::string>& configured) {
  JXC_ASSIGN(auto stored, inventory::configured_slot_ids(tx));
  for (const auto& slot : stored) {
    if (std::find(configured.begin(), configured.end(), slot) != configured.end()) continue;
    JXC_TRY(inventory::mark_slot_unconfigured(tx, slot));
  }
  return Status::ok();
}

Result<std::vector<std::pair<std::string, double>>> calibrations(Tx& tx) {
  return inventory::slot_calibrations(tx);
}

Result<SlotRecord> calibrate_slot(Tx& tx, const std::string& slot, std::int64_t units,
                                  const std::string& by) {
  if (units <= 0)
    return error(Errc::invalid_argument, "a calibration needs at least one unit on the slot");
  JXC_ASSIGN(auto found, inventory::slot_record(tx, slot));
  if (!found)
    return error(Errc::invalid_argument,
                 "slot " + slot + " has not reported yet; is the gateway running with it configured?");
  SlotRecord r = std::move(*found);
  JXC_ASSIGN(auto info, tx.item(r.sku));
  if (info.units.decimals > 0 && inventory::grams_per_unit(info.units.base) > 0)
    return error(Errc::invalid_argument, "slot " + slot + " holds " + r.sku + ", sold by weight in " +
                                             info.units.base + ": its weight is its quantity, nothing to calibrate");
  if (!r.grams)
    return error(Errc::invalid_state, "slot " + slot + " has no stable weight yet");
  double unit = (*r.grams - r.tare_g) / static_cast<double>(units);
  if (!(unit > 0))
    return error(Errc::invalid_state, "slot " + slot + " weighs " + std::to_string(*r.grams) +
                                          " g, no more than its tare of " + std::to_string(r.tare_g) + " g");
  JXC_TRY(inventory::set_slot_calibration(tx, slot, unit, by));
  Json ev = {{"slot", slot}, {"sku", r.sku}, {"location", r.bin}, {"units", units},
             {"weight_g", *r.grams}, {"unit_weight_g", unit}, {"by", by},
             {"calibrated_at", format_iso8601(tx.now())}};
  JXC_ASSIGN(auto seq, inventory::Outbox::append(tx, "weight.calibrated", tx.now(), payload(ev)));
  (void)seq;
  r.calibrated_unit_g = unit;
  r.calibrated_at = tx.now();
  return r;
}

Result<Reconciliation> reconcile(Tx& tx, const ReconcileRequest& r) {
  JXC_ASSIGN(auto item, tx.item(r.sku));
  JXC_ASSIGN(auto bin, tx.physical_location(r.bin, "slot bin"));
  Reconciliation out;
  if (!r.key.empty()) {
    JXC_ASSIGN(auto seen, inventory::recorded_confirmation(tx, r.key));
    if (seen) {
      out.outcome = Reconciliation::confirmed;
      out.book = r.weighed;
      out.document = *seen;
      return out;
    }
  }
  JXC_ASSIGN(out.book, inventory::bin_balance(tx, item.id, bin.id));
  const Qty off = out.book > r.weighed ? out.book - r.weighed : r.weighed - out.book;
  if (off <= r.tolerance) {
    out.outcome = Reconciliation::confirmed;
    JXC_ASSIGN(out.document,
               inventory::latest_movement_document(
                   tx, item.id, bin.id,
                   r.previous_change_at > 0 ? std::min(r.previous_change_at, r.changed_at - r.window_ms)
                                            : r.changed_at - r.window_ms));
    if (r.before >= 0 && r.before != r.weighed) {
      Json ev = {{"slot", r.slot}, {"device_id", r.device}, {"sku", r.sku}, {"location", r.bin},
                 {"before_qty", r.before}, {"measured_qty", r.weighed}, {"book_qty", out.book},
                 {"document", out.document.empty() ? Json(nullptr) : Json(out.document)},
                 {"changed_at", format_iso8601(r.changed_at)}};
      JXC_ASSIGN(auto seq, inventory::Outbox::append(tx, "weight.confirmed", r.changed_at, payload(ev)));
      (void)seq;
      if (!r.key.empty()) JXC_TRY(inventory::record_confirmation(tx, r.key, out.document));
    }
    return out;
  }
  if (!r.final) return out;
  // Unexplained. One open discrepancy per item and bin is enough: refresh it.
  JXC_ASSIGN(std::int64_t existing,
             inventory::find_open_discrepancy(tx, item.id, bin.id, out.book, r.weighed));
  out.outcome = Reconciliation::discrepancy;
  if (existing) {
    out.discrepancy_id = existing;
    return out;
  }
  JXC_ASSIGN(out.discrepancy_id,
             inventory::insert_discrepancy(tx, r.slot, item.id, bin.id, out.book, r.weighed));
  Json ev = {{"discrepancy_id", std::to_string(out.discrepancy_id)}, {"device_id", r.device},
             {"slot", r.slot}, {"location", r.bin}, {"sku", r.sku},
             {"book_qty", out.book}, {"measured_qty", r.weighed}, {"difference", r.weighed - out.book},
             {"before_qty", r.before >= 0 ? Json(r.before) : Json(nullptr)},
             {"detected_at", format_iso8601(r.changed_at)}};
  JXC_ASSIGN(auto seq, inventory::Outbox::append(tx, "weight.discrepancy", r.changed_at, payload(ev)));
  (void)seq;
  return out;
}

Result<Discrepancy> accept_discrepancy(Tx& tx, std::int64_t id, const std::string& by) {
  JXC_ASSIGN(auto d, open_discrepancy(tx, id));
  JXC_ASSIGN(auto item, tx.item(d.sku));
  if (item.lot_tracked)
    return error(Errc::invalid_state, "item " + d.sku + " is lot-tracked: a weight cannot say which lot; count the bin");
  if (item.serial_tracked)
    return error(Errc::invalid_state, "item " + d.sku +
                                          " is serial-tracked: a weight cannot say which units; count the bin by serial");
  JXC_ASSIGN(auto bin, tx.physical_location(d.bin, "slot bin"));
  JXC_ASSIGN(Qty book, inventory::bin_balance(tx, item.id, bin.id));
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
  JXC_TRY(inventory::resolve_discrepancy(tx, id, "accepted", by, doc_id));
  return inventory::weight_discrepancy(tx, id);
}

Result<Discrepancy> dismiss_discrepancy(Tx& tx, std::int64_t id, const std::string& by) {
  JXC_ASSIGN(auto d, open_discrepancy(tx, id));
  (void)d;
  JXC_TRY(inventory::resolve_discrepancy(tx, id, "dismissed", by, 0));
  return inventory::weight_discrepancy(tx, id);
}

Result<std::vector<SlotRecord>> list_slots(inventory::Queries& q) { return inventory::slot_records(q); }

Result<std::vector<ShelfLevel>> shelf_levels(inventory::Queries& q) {
  JXC_ASSIGN(auto rows, inventory::shelf_rows(q));
  std::vector<ShelfLevel> out;
  out.reserve(rows.size());
  for (auto& r : rows) {
    ShelfLevel l;
    l.sku = std::move(r.sku);
    l.bin = std::move(r.bin);
    l.countable = r.counted == static_cast<std::int64_t>(r.slots.size());
    l.slots = std::move(r.slots);
    if (l.countable) l.weighed = r.count_sum;
    l.book = r.book;
    l.min = r.min;
    out.push_back(std::move(l));
  }
  return out;
}

std::string_view level_text(const ShelfLevel& l) {
  if (!l.countable || !l.min) return "-";
  if (l.weighed <= 0) return "empty";
  return l.weighed < *l.min ? "low" : "ok";
}

Result<std::vector<Discrepancy>> list_discrepancies(inventory::Queries& q, bool open_only) {
  return inventory::weight_discrepancies(q, open_only);
}

}  // namespace jxc::weight
