#include "edge/inventory/tx.h"

#include <algorithm>

namespace jxc::inventory {

Result<ItemInfo> Tx::item(const std::string& sku) {
  if (auto it = state_.items.find(sku); it != state_.items.end()) return it->second;
  // The item and its pack levels in one statement: every row is the item,
  // with one of its packs (beside the base unit) or none.
  JXC_ASSIGN(auto* st, db_.cached(
                           "SELECT i.id, i.lot_tracked, i.unit_cost, i.active, i.uom, i.decimals, i.serial_tracked, "
                           "p.unit, p.factor FROM items i LEFT JOIN item_packs p ON p.item_id=i.id AND p.unit<>i.uom "
                           "WHERE i.sku=?1"));
  st->bind_all(sku);
  JXC_ASSIGN(bool row, st->step());
  if (!row) return error(Errc::unknown_item, "no item with SKU '" + sku + "'").with("key", sku);
  ItemInfo info{st->int64(0), sku, st->int64(1) != 0, st->real(2), st->int64(3) != 0, {}};
  info.units.base = st->text(4);
  info.units.decimals = static_cast<int>(st->int64(5));
  info.serial_tracked = st->int64(6) != 0;
  while (row && !st->is_null(7)) {
    info.units.packs.push_back({st->text(7), st->int64(8)});
    JXC_ASSIGN(row, st->step());
  }
  st->reset();
  std::sort(info.units.packs.begin(), info.units.packs.end(), [](const auto& a, const auto& b) {
    return a.factor != b.factor ? a.factor > b.factor : a.unit < b.unit;
  });
  state_.items.emplace(sku, info);
  return info;
}

Result<LocationInfo> Tx::location(const std::string& code) {
  if (auto it = state_.locations.find(code); it != state_.locations.end()) return it->second;
  JXC_ASSIGN(auto* st, db_.cached(
                           "SELECT l.id, l.kind, s.negative_stock, l.active, l.quarantine FROM locations l "
                           "LEFT JOIN locations s ON s.id = l.site_id WHERE l.code=?1"));
  st->bind_all(code);
  JXC_ASSIGN(bool row, st->step());
  if (!row) return error(Errc::unknown_location, "no location with code '" + code + "'").with("key", code);
  LocationInfo info;
  info.id = st->int64(0);
  info.code = code;
  parse_location_kind(st->text(1), &info.kind);
  info.policy = opts_.negative_stock;
  if (!st->is_null(2)) info.policy = st->text(2) == "allow" ? NegativePolicy::allow : NegativePolicy::block;
  info.active = st->int64(3) != 0;
  info.quarantine = st->int64(4) != 0;
  state_.locations.emplace(code, info);
  return info;
}

Result<LocationInfo> Tx::physical_location(const std::string& code, std::string_view role) {
  if (code.empty()) return error(Errc::invalid_argument, std::string(role) + " location is required");
  JXC_ASSIGN(auto info, location(code));
  if (info.is_virtual())
    return error(Errc::invalid_argument,
                 std::string(role) + " location '" + code + "' is virtual and holds no stock");
  return info;
}

std::string Tx::new_event_id() {
  TimeMs ms = std::max<TimeMs>(now_, 0);
  if (ms <= state_.last_id_ms) {
    // Same millisecond (or the clock went back): count on from the last id.
    ms = state_.last_id_ms;
    if (++state_.id_counter > 0xfff) {
      ++ms;
      state_.id_counter = static_cast<std::uint16_t>(state_.rng() & 0x7ff);
    }
  } else {
    // A fresh millisecond starts the counter at a random point in its lower
    // half, leaving room to count on.
    state_.id_counter = static_cast<std::uint16_t>(state_.rng() & 0x7ff);
  }
  state_.last_id_ms = ms;
  std::uint64_t rand_b = state_.rng();
  rand_b = (rand_b & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // variant 10
  auto unix_ms = static_cast<std::uint64_t>(ms) & 0xffffffffffffULL;
  // xxxxxxxx-xxxx-7xxx-yxxx-xxxxxxxxxxxx: 48 bits of time, version, 12 bits
  // of counter, 64 bits of variant and randomness.
  std::string id(36, '-');
  static constexpr char kHex[] = "0123456789abcdef";
  auto put = [&id](std::size_t at, std::uint64_t v, int digits) {
    for (int i = digits - 1; i >= 0; --i, v >>= 4) id[at + static_cast<std::size_t>(i)] = kHex[v & 0xf];
  };
  put(0, unix_ms >> 16, 8);
  put(9, unix_ms & 0xffff, 4);
  put(14, 0x7000u | state_.id_counter, 4);
  put(19, rand_b >> 48, 4);
  put(24, rand_b & 0xffffffffffffULL, 12);
  return id;
}

}  // namespace jxc::inventory
