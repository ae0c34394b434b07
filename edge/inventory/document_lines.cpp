#include "edge/inventory/document_lines.h"

#include <cmath>

#include "edge/inventory/cost.h"
#include "edge/inventory/quality.h"
#include "edge/inventory/serials.h"

namespace jxc::inventory {
namespace {

/// Which end of a movement is fixed to a virtual location for each type, and
/// which ends the document (or a line) must name.
struct Shape {
  std::string_view fixed_from, fixed_to;  // virtual ends; empty = physical
};
Shape shape_of(DocType t) {
  switch (t) {
    case DocType::receipt: return {kSupplier, {}};
    case DocType::issue: return {{}, kCustomer};
    case DocType::scrap: return {{}, kScrap};
    case DocType::customer_return: return {kCustomer, {}};
    case DocType::supplier_return: return {{}, kSupplier};
    case DocType::opening: return {kOpening, {}};
    case DocType::production_issue: return {{}, kProduction};
    case DocType::production_receipt: return {kProduction, {}};
    case DocType::other_issue: return {{}, kOther};
    case DocType::other_receipt: return {kOther, {}};
    default: return {{}, {}};
  }
}

bool valid_expiry(const std::string& s) {
  TimeMs t = 0;
  return s.size() == 10 && parse_iso8601(s, &t);
}

}  // namespace

Status refuse_retired(const ResolvedLine& l) {
  if (!l.item.active && l.from.is_virtual() && !l.to.is_virtual())
    return error(Errc::retired, "item " + l.item.sku +
                                    " is retired: its stock may be issued, moved, scrapped or adjusted "
                                    "down, but no new stock of it may come in");
  if (!l.to.active && !l.to.is_virtual())
    return error(Errc::retired, "location " + l.to.code +
                                    " is retired: stock may be taken out of it but not put in");
  return Status::ok();
}

Result<ResolvedLine> resolve_line(Tx& tx, DocType type, const std::string& doc_from,
                                  const std::string& doc_to, const DocLine& l, std::size_t n) {
  auto where = [&](const Status& s) { return s.on_line(n); };
  ResolvedLine r;
  auto item = tx.item(l.sku);
  if (!item) return where(item.status());
  r.item = std::move(*item);
  r.lot = l.lot;
  r.expiry = l.expiry;
  r.qty = l.qty;
  if (!l.entered.empty()) {
    auto stored = to_stored(l.entered, l.unit, r.item.units, l.sku);
    if (!stored) return where(stored.status());
    if (l.qty != 0 && l.qty != *stored)
      return where(error(Errc::invalid_argument, "quantity " + std::to_string(l.qty) + " disagrees with " +
                                                     l.entered + " " + l.unit));
    r.qty = *stored;
    r.unit = l.unit.empty() ? r.item.units.base : l.unit;
    r.entered = format_decimal(*parse_decimal(l.entered, r.item.units.decimals), r.item.units.decimals);
  } else if (!l.unit.empty() && l.unit != r.item.units.base) {
    return where(error(Errc::invalid_argument, "a quantity in unit '" + l.unit + "' must be given as entered text"));
  }
  if (type == DocType::adjustment ? r.qty == 0 : r.qty <= 0)
    return where(error(Errc::invalid_argument,
                       type == DocType::adjustment
                           ? "adjustment quantity must not be zero (+ gain, - loss)"
                           : "quantity must be positive, got " +
                                 (l.entered.empty() ? std::to_string(l.qty) : l.entered)));
  if (r.item.lot_tracked && r.lot.empty())
    return where(error(Errc::invalid_argument, "item " + l.sku + " is lot-tracked: a lot is required"));
  if (!r.item.lot_tracked && !r.lot.empty())
    return where(error(Errc::invalid_argument, "item " + l.sku + " is not lot-tracked but lot '" +
                                                   r.lot + "' was given"));
  if (r.expiry && !valid_expiry(*r.expiry))
    return where(error(Errc::invalid_argument, "expiry '" + *r.expiry + "' is not a YYYY-MM-DD date"));
  // Every document that moves a serial-tracked item names its units: a line
  // without them could not say which serials moved, and the serials in stock
  // would stop adding up to the balance.
  if (Status s = check_line_serials(r.item, r.qty, l.serials); !s) return where(s);
  r.serials = l.serials;

  std::string from = l.from.empty() ? doc_from : l.from;
  std::string to = l.to.empty() ? doc_to : l.to;
  r.unit_cost = l.unit_cost;
  if (r.unit_cost && *r.unit_cost < 0)
    return where(error(Errc::invalid_argument, "unit cost must not be negative"));
  if (r.unit_cost && (type == DocType::adjustment ? r.qty < 0 : !brings_stock_in(type)))
    return where(error(Errc::invalid_argument,
                       "a unit cost is given only for stock coming in (receipt, customer return, opening, "
                       "production or other receipt, gain adjustment); stock going out is valued at the average"));
  if (type == DocType::adjustment) {
    // One physical location; the sign says which way stock goes.
    std::string at = !to.empty() ? to : from;
    auto loc = tx.physical_location(at, "adjustment");
    if (!loc) return where(loc.status());
    auto adj = tx.location(std::string(kAdjustment));
    if (!adj) return adj.status();
    r.from = r.qty > 0 ? *adj : *loc;
    r.to = r.qty > 0 ? *loc : *adj;
    if (Status s = refuse_retired(r); !s) return where(s);
    return r;
  }
  Shape sh = shape_of(type);
  if (!sh.fixed_from.empty()) {
    auto v = tx.location(std::string(sh.fixed_from));
    if (!v) return v.status();
    r.from = std::move(*v);
  } else {
    auto loc = tx.physical_location(from, "from");
    if (!loc) return where(loc.status());
    r.from = std::move(*loc);
  }
  if (!sh.fixed_to.empty()) {
    auto v = tx.location(std::string(sh.fixed_to));
    if (!v) return v.status();
    r.to = std::move(*v);
  } else {
    auto loc = tx.physical_location(to, "to");
    if (!loc) return where(loc.status());
    r.to = std::move(*loc);
  }
  if (Status s = apply_quality(tx, type, l, r); !s) return where(s);
  if (l.ref_line < 0) return where(error(Errc::invalid_argument, "a referenced line number is 1 or more"));
  if (l.ref_line > 0 && type != DocType::customer_return && type != DocType::supplier_return)
    return where(error(Errc::invalid_argument, "only a return references a line of another document"));
  r.ref_line = l.ref_line;
  if (r.from.id == r.to.id)
    return where(error(Errc::invalid_argument, "from and to are both '" + r.from.code + "'"));
  if (Status s = refuse_retired(r); !s) return where(s);
  return r;
}

bool brings_stock_in(DocType t) {
  return t == DocType::receipt || t == DocType::customer_return || t == DocType::opening ||
         t == DocType::production_receipt || t == DocType::other_receipt;
}

bool comes_in(const ResolvedLine& l) { return l.from.is_virtual() && !l.to.is_virtual(); }

Status default_unit_costs(Tx& tx, DocType type, std::optional<std::int64_t> order_id,
                          std::vector<ResolvedLine>& lines) {
  if (type != DocType::receipt && type != DocType::opening && type != DocType::production_receipt &&
      type != DocType::other_receipt)
    return Status::ok();
  for (auto& l : lines) {
    if (l.unit_cost) continue;
    if (order_id) {
      // The line for this lot, else one for any lot of the item.
      JXC_ASSIGN(auto* st, tx.db().cached(
                               "SELECT unit_cost FROM order_lines WHERE order_id=?1 AND item_id=?2 "
                               "AND unit_cost IS NOT NULL AND (lot=?3 OR lot='') "
                               "ORDER BY lot=?3 DESC, line_no LIMIT 1"));
      st->bind_all(*order_id, l.item.id, l.lot);
      JXC_ASSIGN(bool row, st->step());
      if (row) l.unit_cost = st->int64(0);
      st->reset();
      if (l.unit_cost) continue;
    }
    if (std::isfinite(l.item.unit_cost) && l.item.unit_cost > 0 && l.item.unit_cost < 1e14)
      l.unit_cost = static_cast<Money>(std::llround(l.item.unit_cost * kMoneyScale));
  }
  return Status::ok();
}

std::map<std::int64_t, Qty> qty_by_item(const std::vector<ResolvedLine>& lines) {
  std::map<std::int64_t, Qty> out;
  for (const auto& l : lines) out[l.item.id] += l.qty;
  return out;
}
std::map<std::int64_t, std::string> sku_by_item(const std::vector<ResolvedLine>& lines) {
  std::map<std::int64_t, std::string> out;
  for (const auto& l : lines) out[l.item.id] = l.item.sku;
  return out;
}

Result<std::vector<ResolvedLine>> load_lines(Tx& tx, const DocRow& doc) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "SELECT i.sku, dl.lot, dl.expiry, dl.qty, f.code, t.code, dl.unit_cost, "
                           "dl.inspection, dl.disposition, coalesce(dl.ref_line,0), dl.serials FROM document_lines dl JOIN items i ON i.id=dl.item_id "
                           "JOIN locations f ON f.id=dl.from_location "
                           "JOIN locations t ON t.id=dl.to_location "
                           "WHERE dl.doc_id=?1 ORDER BY dl.line_no"));
  st->bind_all(doc.id);
  struct Raw {
    std::string sku, lot;
    std::optional<std::string> expiry;
    Qty qty;
    std::string from, to;
    std::optional<Money> unit_cost;
    std::string inspection, disposition;
    std::int64_t ref_line = 0;
    std::vector<std::string> serials = {};
  };
  std::vector<Raw> raws;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    Raw r{st->text(0), st->text(1), std::nullopt, st->int64(3), st->text(4), st->text(5), std::nullopt,
          st->text(7), st->text(8), st->int64(9)};
    if (!st->is_null(2)) r.expiry = st->text(2);
    if (!st->is_null(6)) r.unit_cost = st->int64(6);
    if (!st->is_null(10)) r.serials = serials_from_json(st->text(10));
    raws.push_back(std::move(r));
  }
  std::vector<ResolvedLine> out;
  out.reserve(raws.size());
  for (auto& r : raws) {
    ResolvedLine l;
    JXC_ASSIGN(l.item, tx.item(r.sku));
    l.lot = r.lot;
    l.expiry = r.expiry;
    l.qty = r.qty;
    l.unit_cost = r.unit_cost;
    parse_inspection(r.inspection, &l.inspection);
    parse_disposition(r.disposition, &l.disposition);
    l.ref_line = r.ref_line;
    l.serials = std::move(r.serials);
    JXC_ASSIGN(l.from, tx.location(r.from));
    JXC_ASSIGN(l.to, tx.location(r.to));
    if (Status s = refuse_retired(l); !s)
      return s.on_line(out.size() + 1);
    out.push_back(std::move(l));
  }
  return out;
}

Status note_lot(Tx& tx, const ResolvedLine& l, std::vector<std::string>& exceptions) {
  if (l.lot.empty()) return Status::ok();
  JXC_ASSIGN(auto* find, tx.db().cached("SELECT expiry FROM lots WHERE item_id=?1 AND lot=?2"));
  find->bind_all(l.item.id, l.lot);
  JXC_ASSIGN(bool row, find->step());
  if (row) {
    if (l.expiry && !find->is_null(0) && find->text(0) != *l.expiry)
      exceptions.push_back("expiry: " + l.item.sku + " lot " + l.lot + " is recorded as expiring " +
                           find->text(0) + ", this document says " + *l.expiry);
    if (l.expiry && find->is_null(0)) {
      JXC_ASSIGN(auto* upd, tx.db().cached("UPDATE lots SET expiry=?3 WHERE item_id=?1 AND lot=?2"));
      upd->bind_all(l.item.id, l.lot, *l.expiry);
      JXC_TRY(upd->run());
    }
    return Status::ok();
  }
  JXC_ASSIGN(auto* ins, tx.db().cached("INSERT INTO lots(item_id,lot,expiry) VALUES(?1,?2,?3)"));
  ins->bind_all(l.item.id, l.lot, l.expiry);
  return ins->run();
}

}  // namespace jxc::inventory
