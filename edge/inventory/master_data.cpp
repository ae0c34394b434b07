#include "edge/inventory/master_data.h"

#include <map>
#include <set>

#include "edge/identifiers/check_digit.h"
#include "edge/identifiers/epc.h"
#include "edge/inventory/quantity.h"

namespace jxc::inventory {

Status rejected_import(std::size_t bad, std::size_t total) {
  return error(Errc::invalid_argument, "nothing imported: " + std::to_string(bad) + " of " +
                                           std::to_string(total) + " records are invalid");
}

namespace {

bool valid_code(const std::string& s) {
  if (s.empty() || s.size() > 64 || s[0] == '@') return false;
  for (unsigned char c : s)
    if (c <= ' ' || c == 0x7f) return false;
  return true;
}

}  // namespace

namespace {

bool valid_unit(const std::string& u) {
  if (u.empty() || u.size() > 16) return false;
  for (unsigned char c : u)
    if (c <= ' ' || c == 0x7f) return false;
  return true;
}

/// The item's GTINs with the pack level each is printed on: the base unit's
/// own and each pack's.
std::vector<std::pair<std::string, std::string>> gtins_by_unit(const Item& it) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& g : it.gtins) out.emplace_back(g, it.uom);
  for (const auto& p : it.packs)
    if (p.gtin) out.emplace_back(*p.gtin, p.unit);
  return out;
}

/// An item's decimals say what its stored quantities mean, so they may only
/// change while nothing is stored in them.
Result<bool> has_quantities(Tx& tx, const std::string& sku) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "SELECT EXISTS(SELECT 1 FROM movements WHERE item_id=i.id) "
                           "OR EXISTS(SELECT 1 FROM document_lines WHERE item_id=i.id) "
                           "OR EXISTS(SELECT 1 FROM order_lines WHERE item_id=i.id) "
                           "OR EXISTS(SELECT 1 FROM thresholds WHERE item_id=i.id) "
                           "FROM items i WHERE i.sku=?1"));
  st->bind_all(sku);
  JXC_ASSIGN(bool row, st->step());
  bool used = row && st->int64(0) != 0;
  st->reset();
  return used;
}

/// Whether any document or movement names the item: they were written with
/// serials or without, as the item was tracked then.
Result<bool> has_bookings(Tx& tx, const std::string& sku) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "SELECT EXISTS(SELECT 1 FROM movements WHERE item_id=i.id) "
                           "OR EXISTS(SELECT 1 FROM document_lines WHERE item_id=i.id) "
                           "FROM items i WHERE i.sku=?1"));
  st->bind_all(sku);
  JXC_ASSIGN(bool row, st->step());
  bool used = row && st->int64(0) != 0;
  st->reset();
  return used;
}

}  // namespace

Result<std::size_t> import_items(Tx& tx, const std::vector<Item>& items,
                                 std::vector<RowError>& errors) {
  std::set<std::string> skus;
  // normalised GTIN -> SKU and pack unit, within this import
  std::map<std::string, std::pair<std::string, std::string>> gtin_owner;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Item& it = items[i];
    auto bad = [&](std::string why) { errors.push_back({i + 1, "SKU '" + it.sku + "': " + why}); };
    if (!valid_code(it.sku)) {
      errors.push_back({i + 1, "SKU '" + it.sku + "' is empty, too long, or has spaces or control characters"});
      continue;
    }
    if (!skus.insert(it.sku).second) bad("appears twice in this import");
    if (it.uom.empty()) bad("unit of measure is empty");
    else if (!valid_unit(it.uom)) bad("unit of measure '" + it.uom + "' is longer than 16 bytes or has spaces");
    if (it.unit_weight_g && !(*it.unit_weight_g > 0)) bad("unit weight must be positive grams");
    if (!(it.unit_cost >= 0)) bad("unit cost must not be negative");
    if (it.decimals < 0 || it.decimals > kMaxDecimals)
      bad("decimals must be 0 to " + std::to_string(kMaxDecimals) + ", got " + std::to_string(it.decimals));
    std::set<std::string> units;
    for (const auto& p : it.packs) {
      if (!valid_unit(p.unit)) {
        bad("pack unit '" + p.unit + "' is empty, longer than 16 bytes or has spaces");
        continue;
      }
      if (!units.insert(p.unit).second) bad("pack unit '" + p.unit + "' is listed twice");
      if (p.factor <= 0) bad("pack '" + p.unit + "' needs a positive factor");
      if (p.unit == it.uom && it.decimals >= 0 && it.decimals <= kMaxDecimals && p.factor != scale_of(it.decimals))
        bad("pack '" + p.unit + "' is the base unit, whose factor is 1");
    }
    // A serial is one whole unit: a serial-tracked item is counted in whole
    // base units.
    if (it.serial_tracked && it.decimals != 0)
      bad("a serial-tracked item is counted in whole units: decimals must be 0, got " + std::to_string(it.decimals));
    if (it.decimals >= 0 && it.decimals <= kMaxDecimals) {
      JXC_ASSIGN(auto* cur, tx.db().cached("SELECT decimals, serial_tracked FROM items WHERE sku=?1"));
      cur->bind_all(it.sku);
      JXC_ASSIGN(bool known, cur->step());
      const int was = known ? static_cast<int>(cur->int64(0)) : it.decimals;
      const bool was_serial = known ? cur->int64(1) != 0 : it.serial_tracked;
      cur->reset();
      // Stock and documents of the item were booked with serials or without;
      // turning tracking on or off would leave them saying the other.
      if (was_serial != it.serial_tracked) {
        JXC_ASSIGN(bool used, has_bookings(tx, it.sku));
        if (used)
          bad(std::string("serial tracking cannot be turned ") + (it.serial_tracked ? "on" : "off") +
              ": the item has stock or documents booked " + (it.serial_tracked ? "without" : "with") + " serials");
      }
      if (was != it.decimals) {
        JXC_ASSIGN(bool used, has_quantities(tx, it.sku));
        if (used)
          bad("decimals cannot change from " + std::to_string(was) + " to " + std::to_string(it.decimals) +
              ": the item has stock, documents, orders or thresholds whose quantities would change meaning");
      }
    }
    for (const auto& [g, unit] : gtins_by_unit(it)) {
      auto n = identifiers::normalize_gtin(g);
      if (!n) {
        bad("GTIN '" + g + "' is not a GTIN-8/12/13/14 with a valid check digit");
        continue;
      }
      auto [pos, fresh] = gtin_owner.emplace(*n, std::make_pair(it.sku, unit));
      if (!fresh && pos->second.first != it.sku) bad("GTIN " + g + " is also given to SKU " + pos->second.first);
      else if (!fresh && pos->second.second != unit)
        bad("GTIN " + g + " is given to both " + pos->second.second + " and " + unit);
      // A GTIN already owned by another item in the store is a conflict too.
      JXC_ASSIGN(auto* st, tx.db().cached(
                               "SELECT i.sku FROM item_gtins g JOIN items i ON i.id=g.item_id "
                               "WHERE g.gtin=?1"));
      st->bind_all(*n);
      JXC_ASSIGN(bool row, st->step());
      if (row && st->text(0) != it.sku && !skus.count(st->text(0)))
        bad("GTIN " + g + " belongs to SKU " + st->text(0));
    }
  }
  if (!errors.empty()) return rejected_import(errors.size(), items.size());

  for (const Item& it : items) {
    JXC_ASSIGN(auto* up, tx.db().cached(
                             "INSERT INTO items(sku,name,uom,unit_weight_g,lot_tracked,unit_cost,decimals,serial_tracked,category) "
                             "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9) ON CONFLICT(sku) DO UPDATE SET "
                             "name=excluded.name, uom=excluded.uom, "
                             "unit_weight_g=excluded.unit_weight_g, "
                             "lot_tracked=excluded.lot_tracked, unit_cost=excluded.unit_cost, "
                             "decimals=excluded.decimals, serial_tracked=excluded.serial_tracked, "
                             "category=excluded.category, active=1"));
    up->bind_all(it.sku, it.name, it.uom, it.unit_weight_g, it.lot_tracked ? 1 : 0, it.unit_cost, it.decimals,
                 it.serial_tracked ? 1 : 0, it.category);
    JXC_TRY(up->run());
    for (const char* sql : {"DELETE FROM item_gtins WHERE item_id=(SELECT id FROM items WHERE sku=?1)",
                            "DELETE FROM item_packs WHERE item_id=(SELECT id FROM items WHERE sku=?1)"}) {
      JXC_ASSIGN(auto* del, tx.db().cached(sql));
      del->bind_all(it.sku);
      JXC_TRY(del->run());
    }
    std::vector<Pack> levels = {Pack{it.uom, scale_of(it.decimals)}};
    for (const auto& p : it.packs)
      if (p.unit != it.uom) levels.push_back(p);
    for (const auto& p : levels) {
      JXC_ASSIGN(auto* ins, tx.db().cached("INSERT INTO item_packs(item_id,unit,factor) "
                                           "SELECT id, ?2, ?3 FROM items WHERE sku=?1"));
      ins->bind_all(it.sku, p.unit, p.factor);
      JXC_TRY(ins->run());
    }
    for (const auto& [g, unit] : gtins_by_unit(it)) {
      JXC_ASSIGN(auto* ins, tx.db().cached(
                                "INSERT OR REPLACE INTO item_gtins(gtin,item_id,unit) "
                                "SELECT ?1, id, ?3 FROM items WHERE sku=?2"));
      ins->bind_all(*identifiers::normalize_gtin(g), it.sku, unit);
      JXC_TRY(ins->run());
    }
  }
  tx.master_data_changed();
  return items.size();
}

Result<std::size_t> import_locations(Tx& tx, const std::vector<Location>& locs,
                                     std::vector<RowError>& errors) {
  std::map<std::string, const Location*> by_code;
  for (std::size_t i = 0; i < locs.size(); ++i) {
    const Location& l = locs[i];
    if (!valid_code(l.code)) {
      errors.push_back({i + 1, "location code '" + l.code +
                                   "' is empty, too long, starts with '@' or has spaces"});
      continue;
    }
    if (!by_code.emplace(l.code, &l).second)
      errors.push_back({i + 1, "location '" + l.code + "' appears twice in this import"});
  }
  // The parent's kind decides what may sit below it: site > warehouse > zone > bin.
  auto kind_of = [&](const std::string& code) -> Result<LocationKind> {
    if (auto it = by_code.find(code); it != by_code.end()) return it->second->kind;
    JXC_ASSIGN(auto info, tx.location(code));
    return info.kind;
  };
  for (std::size_t i = 0; i < locs.size(); ++i) {
    const Location& l = locs[i];
    auto bad = [&](std::string why) { errors.push_back({i + 1, "location '" + l.code + "': " + why}); };
    if (l.kind == LocationKind::virtual_) {
      bad("virtual locations are built in");
      continue;
    }
    if (l.kind == LocationKind::site) {
      if (!l.parent.empty()) bad("a site has no parent");
    } else if (l.parent.empty()) {
      bad("a " + std::string(to_string(l.kind)) + " needs a parent");
    } else if (l.parent == l.code) {
      bad("is its own parent");
    } else {
      auto pk = kind_of(l.parent);
      if (!pk) {
        bad("parent '" + l.parent + "' is unknown");
      } else {
        LocationKind p = *pk;
        bool ok = (l.kind == LocationKind::warehouse && p == LocationKind::site) ||
                  (l.kind == LocationKind::zone &&
                   (p == LocationKind::warehouse || p == LocationKind::zone)) ||
                  (l.kind == LocationKind::bin &&
                   (p == LocationKind::zone || p == LocationKind::warehouse));
        if (!ok)
          bad("a " + std::string(to_string(l.kind)) + " cannot be placed under a " +
              std::string(to_string(p)) + " ('" + l.parent + "')");
      }
    }
    if (l.negative_stock && l.kind != LocationKind::site)
      bad("negative_stock policy is set per site, not on a " + std::string(to_string(l.kind)));
    if (l.quarantine && l.kind != LocationKind::bin)
      bad("quarantine is a kind of bin, not of a " + std::string(to_string(l.kind)));
    if (l.gln && !identifiers::gs1_check_digit_ok(*l.gln))
      bad("GLN '" + *l.gln + "' has a wrong check digit or is not 13 digits");
    if (l.gln && l.gln->size() != 13) bad("GLN '" + *l.gln + "' is not 13 digits");
    if (l.rfid_tag) {
      // One tag, one meaning: a tag standing for a unit of an item is no bin label.
      JXC_ASSIGN(auto* st, tx.db().cached("SELECT i.sku FROM item_rfid_tags t JOIN items i ON i.id=t.item_id "
                                          "WHERE t.epc_hex=upper(?1)"));
      st->bind_all(*l.rfid_tag);
      JXC_ASSIGN(bool taken, st->step());
      if (taken) bad("RFID tag '" + *l.rfid_tag + "' stands for a unit of item " + st->text(0));
    }
  }
  if (!errors.empty()) return rejected_import(errors.size(), locs.size());

  for (const Location& l : locs) {
    JXC_ASSIGN(auto* up, tx.db().cached(
                             "INSERT INTO locations(code,name,kind,barcode,gln,rfid_tag,negative_stock,quarantine) "
                             "VALUES(?1,?2,?3,?4,?5,?6,?7,?8) ON CONFLICT(code) DO UPDATE SET "
                             "name=excluded.name, kind=excluded.kind, barcode=excluded.barcode, "
                             "gln=excluded.gln, rfid_tag=excluded.rfid_tag, "
                             "negative_stock=excluded.negative_stock, quarantine=excluded.quarantine, active=1"));
    std::optional<std::string> policy;
    if (l.negative_stock) policy = *l.negative_stock == NegativePolicy::allow ? "allow" : "block";
    up->bind_all(l.code, l.name, std::string(to_string(l.kind)), l.barcode, l.gln, l.rfid_tag, policy,
                 l.quarantine ? 1 : 0);
    Status s = up->run();
    if (!s) {
      if (s.code() == Errc::conflict)
        return error(Errc::conflict, "location '" + l.code +
                                         "': its barcode, GLN or RFID tag is already used by "
                                         "another location (" + s.reason() + ")");
      return s;
    }
  }
  for (const Location& l : locs) {
    JXC_ASSIGN(auto* st, tx.db().cached(
                             "UPDATE locations SET parent_id=(SELECT id FROM locations WHERE code=?2) "
                             "WHERE code=?1"));
    if (l.parent.empty())
      st->bind(1, l.code).bind_null(2);
    else
      st->bind_all(l.code, l.parent);
    JXC_TRY(st->run());
  }
  // Re-derive every location's site: a move of a zone moves its bins with it.
  JXC_TRY(tx.db().exec(
      "WITH RECURSIVE tree(id, site) AS ("
      "  SELECT id, id FROM locations WHERE kind='site'"
      "  UNION ALL SELECT l.id, t.site FROM locations l JOIN tree t ON l.parent_id=t.id)"
      "UPDATE locations SET site_id=(SELECT site FROM tree WHERE tree.id=locations.id) "
      "WHERE kind<>'virtual'"));
  JXC_ASSIGN(std::int64_t orphans,
             tx.db().query_int("SELECT count(*) FROM locations WHERE kind<>'virtual' AND site_id IS NULL"));
  if (orphans > 0)
    return error(Errc::invalid_argument,
                 "nothing imported: the hierarchy would leave " + std::to_string(orphans) +
                     " location(s) without a site (a parent cycle?)");
  tx.master_data_changed();
  return locs.size();
}

Result<std::size_t> import_thresholds(Tx& tx, const std::vector<Threshold>& ths,
                                      std::vector<RowError>& errors) {
  std::set<std::pair<std::string, std::string>> seen;
  for (std::size_t i = 0; i < ths.size(); ++i) {
    const Threshold& t = ths[i];
    auto bad = [&](std::string why) {
      errors.push_back({i + 1, t.sku + " @ " + t.location + ": " + why});
    };
    if (auto r = tx.item(t.sku); !r) bad(r.status().reason());
    if (auto r = tx.location(t.location); !r)
      bad(r.status().reason());
    else if (r->is_virtual())
      bad("thresholds apply to real locations");
    if (t.min < 0 || t.max < 0 || t.reorder < 0) bad("quantities must not be negative");
    if (t.max < t.min) bad("max (" + std::to_string(t.max) + ") is below min (" + std::to_string(t.min) + ")");
    if (!seen.insert({t.sku, t.location}).second) bad("appears twice in this import");
  }
  if (!errors.empty()) return rejected_import(errors.size(), ths.size());
  for (const Threshold& t : ths) {
    JXC_ASSIGN(auto item, tx.item(t.sku));
    JXC_ASSIGN(auto loc, tx.location(t.location));
    JXC_ASSIGN(auto* st, tx.db().cached(
                             "INSERT INTO thresholds(item_id,location_id,min_qty,max_qty,reorder_qty) "
                             "VALUES(?1,?2,?3,?4,?5) ON CONFLICT DO UPDATE SET "
                             "min_qty=excluded.min_qty, max_qty=excluded.max_qty, "
                             "reorder_qty=excluded.reorder_qty"));
    st->bind_all(item.id, loc.id, t.min, t.max, t.reorder);
    JXC_TRY(st->run());
  }
  return ths.size();
}

Status retire_items(Tx& tx, const std::vector<std::string>& skus) {
  for (const auto& sku : skus) {
    JXC_ASSIGN(auto item, tx.item(sku));
    JXC_ASSIGN(auto* st, tx.db().cached("UPDATE items SET active=0 WHERE id=?1"));
    st->bind_all(item.id);
    JXC_TRY(st->run());
    JXC_ASSIGN(auto* g, tx.db().cached("DELETE FROM item_gtins WHERE item_id=?1"));
    g->bind_all(item.id);
    JXC_TRY(g->run());
    JXC_ASSIGN(auto* t, tx.db().cached("DELETE FROM item_rfid_tags WHERE item_id=?1"));
    t->bind_all(item.id);
    JXC_TRY(t->run());
  }
  tx.master_data_changed();
  return Status::ok();
}

Status retire_locations(Tx& tx, const std::vector<std::string>& codes) {
  for (const auto& code : codes) {
    JXC_ASSIGN(auto loc, tx.location(code));
    if (loc.is_virtual())
      return error(Errc::invalid_argument, "location '" + code + "' is built in and cannot be retired");
    JXC_ASSIGN(auto* st, tx.db().cached("UPDATE locations SET active=0 WHERE id=?1"));
    st->bind_all(loc.id);
    JXC_TRY(st->run());
  }
  tx.master_data_changed();
  return Status::ok();
}

namespace {

/// The tag's hex upper-cased, or why it is not one: whole bytes, at least 16
/// bits and no more than an EPC bank holds (496 bits).
Result<std::string> normalize_epc_hex(const std::string& hex) {
  if (hex.empty()) return error(Errc::invalid_argument, "the EPC is empty");
  if (hex.size() % 2 != 0 || hex.size() < 4 || hex.size() > 124)
    return error(Errc::invalid_argument, "EPC '" + hex + "' must be 2 to 62 whole bytes of hex");
  std::string out;
  out.reserve(hex.size());
  for (char c : hex) {
    if (c >= 'a' && c <= 'f') c = static_cast<char>(c - 'a' + 'A');
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F')))
      return error(Errc::invalid_argument, "EPC '" + hex + "' is not hexadecimal");
    out.push_back(c);
  }
  return out;
}

}  // namespace

Result<std::size_t> import_item_tags(Tx& tx, const std::vector<ItemTag>& tags, std::vector<RowError>& errors) {
  std::set<std::string> seen;
  std::vector<std::string> hexes(tags.size());
  for (std::size_t i = 0; i < tags.size(); ++i) {
    const ItemTag& t = tags[i];
    auto bad = [&](std::string why) { errors.push_back({i + 1, "tag '" + t.epc_hex + "': " + why}); };
    auto hex = normalize_epc_hex(t.epc_hex);
    if (!hex) {
      errors.push_back({i + 1, hex.status().reason()});
      continue;
    }
    hexes[i] = *hex;
    if (!seen.insert(*hex).second) bad("appears twice in this import");
    // A valid GS1 EPC names its item by itself (SGTIN) or is no item at all;
    // mapping it here would give one tag two meanings.
    std::vector<std::uint8_t> bytes;
    for (std::size_t k = 0; k < hex->size(); k += 2)
      bytes.push_back(static_cast<std::uint8_t>(std::stoi(hex->substr(k, 2), nullptr, 16)));
    if (auto e = identifiers::decode_epc(bytes); e && e->scheme != identifiers::EpcScheme::raw)
      bad("is a GS1 EPC (" + e->id_uri + "); only raw tags are mapped to items");
    auto item = tx.item(t.sku);
    if (!item) {
      bad(item.status().reason());
      continue;
    }
    if (!item->lot_tracked && !t.lot.empty()) bad("item " + t.sku + " is not lot-tracked, so the tag has no lot");
    JXC_ASSIGN(auto* loc, tx.db().cached("SELECT code FROM locations WHERE rfid_tag=?1"));
    loc->bind_all(*hex);
    JXC_ASSIGN(bool taken, loc->step());
    if (taken) bad("is the RFID tag of location " + loc->text(0));
  }
  if (!errors.empty()) return rejected_import(errors.size(), tags.size());
  for (std::size_t i = 0; i < tags.size(); ++i) {
    JXC_ASSIGN(auto item, tx.item(tags[i].sku));
    JXC_ASSIGN(auto* up, tx.db().cached(
                             "INSERT INTO item_rfid_tags(epc_hex,item_id,lot) VALUES(?1,?2,?3) "
                             "ON CONFLICT(epc_hex) DO UPDATE SET item_id=excluded.item_id, lot=excluded.lot"));
    up->bind_all(hexes[i], item.id, tags[i].lot);
    JXC_TRY(up->run());
  }
  tx.master_data_changed();
  return tags.size();
}

namespace {

/// Every code in `table` (items: sku, locations: code) that `keep` does not list.
Result<std::vector<std::string>> codes_not_in(Tx& tx, const char* sql, const std::set<std::string>& keep) {
  std::vector<std::string> out;
  JXC_ASSIGN(auto* st, tx.db().cached(sql));
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    if (!keep.count(st->text(0))) out.push_back(st->text(0));
  }
  return out;
}

}  // namespace

Status retire_items_except(Tx& tx, const std::set<std::string>& keep) {
  JXC_ASSIGN(auto gone, codes_not_in(tx, "SELECT sku FROM items WHERE active=1", keep));
  return retire_items(tx, gone);
}

Status retire_locations_except(Tx& tx, const std::set<std::string>& keep) {
  JXC_ASSIGN(auto gone,
             codes_not_in(tx, "SELECT code FROM locations WHERE active=1 AND kind<>'virtual'", keep));
  return retire_locations(tx, gone);
}

Status remove_thresholds(Tx& tx, const std::vector<std::pair<std::string, std::string>>& sku_location) {
  for (const auto& [sku, code] : sku_location) {
    JXC_ASSIGN(auto item, tx.item(sku));
    JXC_ASSIGN(auto loc, tx.location(code));
    JXC_ASSIGN(auto* st, tx.db().cached("DELETE FROM thresholds WHERE item_id=?1 AND location_id=?2"));
    st->bind_all(item.id, loc.id);
    JXC_TRY(st->run());
  }
  return Status::ok();
}

Status clear_thresholds(Tx& tx) { return tx.db().exec("DELETE FROM thresholds"); }

}  // namespace jxc::inventory
