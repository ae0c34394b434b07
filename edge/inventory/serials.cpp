#include "edge/inventory/serials.h"

#include <nlohmann/json.hpp>

#include <set>

#include "edge/inventory/ledger.h"

namespace jxc::inventory {
namespace {

constexpr std::size_t kMaxSerialBytes = 128;

bool valid_serial(const std::string& s) {
  if (s.empty() || s.size() > kMaxSerialBytes) return false;
  for (unsigned char c : s)
    if (c <= ' ' || c == 0x7f) return false;
  return true;
}

std::string what(const MovementDraft& m, const std::string& serial) {
  return "serial " + serial + " of item " + m.item->sku;
}

}  // namespace

std::string_view serial_status_at(const LocationInfo& at) {
  if (!at.is_virtual()) return "in_stock";
  if (at.code == kCustomer) return "shipped";
  if (at.code == kSupplier) return "returned";
  if (at.code == kScrap) return "scrapped";
  if (at.code == kProduction) return "consumed";
  if (at.code == kAdjustment) return "written_off";
  if (at.code == kOpening) return "withdrawn";
  return "issued";  // @OTHER, and any virtual location added later
}

Status check_line_serials(const ItemInfo& item, Qty qty, const std::vector<std::string>& serials) {
  if (!item.serial_tracked) {
    if (serials.empty()) return Status::ok();
    return error(Errc::invalid_argument, "item " + item.sku + " is not serial-tracked but serials were given");
  }
  const Qty units = qty < 0 ? -qty : qty;
  if (serials.empty())
    return error(Errc::invalid_argument, "item " + item.sku + " is serial-tracked: the line names the serial of each of its " +
                                             std::to_string(units) + " unit(s)");
  if (static_cast<Qty>(serials.size()) != units)
    return error(Errc::invalid_argument, "item " + item.sku + " is serial-tracked: the line moves " +
                                             std::to_string(units) + " unit(s) but names " +
                                             std::to_string(serials.size()) + " serial(s)");
  std::set<std::string_view> seen;
  for (const auto& s : serials) {
    if (!valid_serial(s))
      return error(Errc::invalid_argument, "serial '" + s + "' is empty, longer than " +
                                               std::to_string(kMaxSerialBytes) + " bytes or has spaces");
    if (!seen.insert(s).second)
      return error(Errc::invalid_argument, "serial " + s + " is named twice on the line");
  }
  return Status::ok();
}

Status check_counted_serials(const ItemInfo& item, Qty counted, const std::vector<std::string>& serials) {
  if (counted == 0 && serials.empty()) return Status::ok();
  return check_line_serials(item, counted, serials);
}

Status check_serials_can_move(Tx& tx, const MovementDraft& m) {
  if (Status s = check_line_serials(*m.item, m.qty, m.serials); !s) return s;
  if (!m.item->serial_tracked) return Status::ok();
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "SELECT s.status, l.code, s.lot, d.number FROM serials s "
                           "JOIN locations l ON l.id=s.location_id JOIN documents d ON d.id=s.doc_id "
                           "WHERE s.item_id=?1 AND s.serial=?2"));
  for (const auto& serial : m.serials) {
    st->bind_all(m.item->id, serial);
    JXC_ASSIGN(bool known, st->step());
    const std::string status = known ? st->text(0) : "";
    const std::string at = known ? st->text(1) : "";
    const std::string lot = known ? st->text(2) : "";
    const std::string by = known ? st->text(3) : "";
    st->reset();
    const bool in_stock = status == "in_stock";
    if (m.from->is_virtual()) {
      if (in_stock)
        return error(Errc::conflict, what(m, serial) + " is already in stock at " + at + " (" + by +
                                         "); a serial is received once until it leaves")
            .with("sku", m.item->sku)
            .with("serial", serial)
            .with("location", at);
      continue;
    }
    std::string why;
    if (!known) why = "has never been received";
    else if (!in_stock) why = "is " + status + " (" + by + ")";
    else if (at != m.from->code) why = "is at " + at;
    else if (lot != m.lot) why = "is in lot " + (lot.empty() ? std::string("(none)") : lot);
    if (!why.empty())
      return error(Errc::insufficient_stock, what(m, serial) + " " + why + ", not in stock at " + m.from->code +
                                                 (m.lot.empty() ? "" : " lot " + m.lot))
          .with("sku", m.item->sku)
          .with("serial", serial)
          .with("location", m.from->code)
          .with("lot", m.lot);
  }
  return Status::ok();
}

Status record_serial_moves(Tx& tx, const MovementDraft& m, std::int64_t movement_id) {
  if (m.serials.empty()) return Status::ok();
  const std::string status(serial_status_at(*m.to));
  JXC_ASSIGN(auto* up, tx.db().cached(
                           "INSERT INTO serials(item_id,serial,lot,location_id,status,doc_id,movement_id,updated_at) "
                           "VALUES(?1,?2,?3,?4,?5,?6,?7,?8) ON CONFLICT(item_id,serial) DO UPDATE SET "
                           "lot=excluded.lot, location_id=excluded.location_id, status=excluded.status, "
                           "doc_id=excluded.doc_id, movement_id=excluded.movement_id, updated_at=excluded.updated_at"));
  JXC_ASSIGN(auto* moved, tx.db().cached(
                              "INSERT INTO serial_moves(movement_id,serial_id) "
                              "SELECT ?1, id FROM serials WHERE item_id=?2 AND serial=?3"));
  for (const auto& serial : m.serials) {
    // A statement is rewound before it is bound again: its text parameters
    // are bound in place (store/sqlite.h), and SQLite refuses a new binding
    // of a statement that has run, keeping the old one over the new text.
    up->reset();
    moved->reset();
    up->bind_all(m.item->id, serial, m.lot, m.to->id, status, m.doc_id, movement_id, tx.now());
    JXC_TRY(up->run());
    moved->bind_all(movement_id, m.item->id, serial);
    JXC_TRY(moved->run());
  }
  return Status::ok();
}

Result<std::vector<std::string>> serials_of_movement(Tx& tx, std::int64_t movement_id) {
  // The line's own list keeps the order it was given in.
  JXC_ASSIGN(auto* st, tx.db().cached("SELECT s.serial FROM serial_moves sm JOIN serials s ON s.id=sm.serial_id "
                                      "WHERE sm.movement_id=?1 ORDER BY s.serial"));
  st->bind_all(movement_id);
  std::vector<std::string> out;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    out.push_back(st->text(0));
  }
  return out;
}

std::optional<std::string> serials_json(const std::vector<std::string>& serials) {
  if (serials.empty()) return std::nullopt;
  return nlohmann::json(serials).dump();
}

std::vector<std::string> serials_from_json(std::string_view text) {
  std::vector<std::string> out;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& e : j)
    if (e.is_string()) out.push_back(e.get<std::string>());
  return out;
}

}  // namespace jxc::inventory
