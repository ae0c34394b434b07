#include "edge/inventory/opening_stock.h"

#include <charconv>
#include <map>

#include "edge/inventory/documents.h"
#include "edge/inventory/quantity.h"
#include "edge/inventory/serials.h"

namespace jxc::inventory {
namespace {

bool is_date(const std::string& s) {
  TimeMs t = 0;
  return s.size() == 10 && parse_iso8601(s, &t);
}

/// The rows' problems with the item and what depends on it (lot, expiry,
/// serial, quantity).
void check_item_columns(Tx& tx, const OpeningRow& r, std::vector<OpeningProblem>& out) {
  auto bad = [&](const char* column, std::string why) { out.push_back({r.row, column, std::move(why)}); };
  if (r.sku.empty()) {
    bad("sku", "no SKU");
    return;
  }
  auto item = tx.item(r.sku);
  if (!item) {
    bad("sku", item.status().reason());
    return;
  }
  if (!item->active) bad("sku", "item " + r.sku + " is retired: no new stock of it may come in");
  if (item->lot_tracked && r.lot.empty()) bad("lot", "item " + r.sku + " is lot-tracked: a lot is required");
  if (!item->lot_tracked && !r.lot.empty())
    bad("lot", "item " + r.sku + " is not lot-tracked but lot '" + r.lot + "' was given");
  if (!r.expiry.empty()) {
    if (!is_date(r.expiry)) bad("expiry", "expiry '" + r.expiry + "' is not a YYYY-MM-DD date");
    else if (!item->lot_tracked) bad("expiry", "an expiry is kept per lot, and item " + r.sku + " is not lot-tracked");
  }
  if (!r.serial.empty() && !item->serial_tracked)
    bad("serial", "item " + r.sku + " is not serial-tracked; leave the serial column empty");
  if (r.serial.empty() && item->serial_tracked)
    bad("serial", "item " + r.sku + " is serial-tracked: one row per unit, with its serial");
  else if (item->serial_tracked)
    if (Status s = check_line_serials(*item, 1, {r.serial}); !s) bad("serial", s.reason());
  if (r.quantity.empty()) {
    bad("quantity", "no quantity");
    return;
  }
  auto q = to_stored(r.quantity, r.unit, item->units, r.sku);
  if (!q) bad("quantity", q.status().reason());
  else if (*q <= 0) bad("quantity", "quantity must be positive, got " + r.quantity);
  else if (item->serial_tracked && *q != 1)
    bad("quantity", "a row with a serial is one unit: quantity must be 1, got " + r.quantity);
}

}  // namespace

Result<std::vector<OpeningProblem>> check_opening_rows(Tx& tx, const OpeningRequest& req) {
  std::vector<OpeningProblem> out;
  std::map<std::pair<std::string, std::string>, std::size_t> serial_rows;  // (sku, serial) -> first row
  for (const auto& r : req.rows) {
    check_item_columns(tx, r, out);
    if (!r.serial.empty()) {
      auto [at, fresh] = serial_rows.emplace(std::make_pair(r.sku, r.serial), r.row);
      if (!fresh)
        out.push_back({r.row, "serial", "serial " + r.serial + " of item " + r.sku + " is on row " +
                                            std::to_string(at->second) + " too"});
    }
    if (r.location.empty()) {
      out.push_back({r.row, "location", "no location"});
    } else if (auto loc = tx.physical_location(r.location, "location"); !loc) {
      out.push_back({r.row, "location", loc.status().reason()});
    } else if (!loc->active) {
      out.push_back({r.row, "location", "location " + r.location + " is retired: stock may not be put in"});
    }
  }
  return out;
}

Result<DocumentResult> post_opening(Tx& tx, const OpeningRequest& req, std::vector<OpeningProblem>* problems) {
  problems->clear();  // the writer may run a request twice
  if (req.rows.empty()) return error(Errc::invalid_argument, "an opening balance needs at least one row");
  if (!req.force) {
    JXC_ASSIGN(auto moved, tx.db().query_int("SELECT count(*) FROM movements"));
    if (moved > 0)
      return error(Errc::invalid_state,
                   "the ledger already has " + std::to_string(moved) +
                       " movement(s): an opening balance goes in before any other movement (--force posts it "
                       "anyway, added to the stock there is)");
  }
  JXC_ASSIGN(*problems, check_opening_rows(tx, req));
  if (!problems->empty())
    return error(Errc::invalid_argument,
                 "nothing posted: " + std::to_string(problems->size()) + " problem(s) in the opening balance");

  DocumentRequest doc;
  doc.type = DocType::opening;
  doc.number = req.number;
  doc.source = req.source;
  doc.note = req.note;
  doc.reason = "opening";
  doc.lines.reserve(req.rows.size());
  for (const auto& r : req.rows) {
    DocLine l;
    l.sku = r.sku;
    l.lot = r.lot;
    if (!r.expiry.empty()) l.expiry = r.expiry;
    l.entered = r.quantity;
    l.unit = r.unit;
    l.to = r.location;
    l.unit_cost = r.unit_cost;
    if (!r.serial.empty()) l.serials = {r.serial};
    doc.lines.push_back(std::move(l));
  }
  auto posted = create_and_post(tx, doc);
  if (!posted) {
    // Checked above, so only what depends on several rows together (stock
    // values that overflow) lands here; name the row the engine names.
    const Status s = posted.status();
    std::size_t line = 0;
    const std::string_view fact = s.fact("line");
    std::from_chars(fact.data(), fact.data() + fact.size(), line);
    if (line >= 1 && line <= req.rows.size()) problems->push_back({req.rows[line - 1].row, "", s.reason()});
    return s;
  }
  return posted;
}

}  // namespace jxc::inventory
