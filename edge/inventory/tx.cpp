#include "edge/inventory/tx.h"

#include <cstdio>

namespace jxc::inventory {

Result<ItemInfo> Tx::item(const std::string& sku) {
  if (auto it = state_.items.find(sku); it != state_.items.end()) return it->second;
  JXC_ASSIGN(auto* st, db_.cached("SELECT id, lot_tracked, unit_cost, active FROM items WHERE sku=?1"));
  st->bind_all(sku);
  JXC_ASSIGN(bool row, st->step());
  if (!row) return error(Errc::unknown_item, "no item with SKU '" + sku + "'");
  ItemInfo info{st->int64(0), sku, st->int64(1) != 0, st->real(2), st->int64(3) != 0};
  state_.items.emplace(sku, info);
  return info;
}

Result<LocationInfo> Tx::location(const std::string& code) {
  if (auto it = state_.locations.find(code); it != state_.locations.end()) return it->second;
  JXC_ASSIGN(auto* st, db_.cached(
                           "SELECT l.id, l.kind, s.negative_stock, l.active FROM locations l "
                           "LEFT JOIN locations s ON s.id = l.site_id WHERE l.code=?1"));
  st->bind_all(code);
  JXC_ASSIGN(bool row, st->step());
  if (!row) return error(Errc::unknown_location, "no location with code '" + code + "'");
  LocationInfo info;
  info.id = st->int64(0);
  info.code = code;
  parse_location_kind(st->text(1), &info.kind);
  info.policy = opts_.negative_stock;
  if (!st->is_null(2)) info.policy = st->text(2) == "allow" ? NegativePolicy::allow : NegativePolicy::block;
  info.active = st->int64(3) != 0;
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

std::string Tx::new_uuid() {
  std::uint64_t a = state_.rng(), b = state_.rng();
  a = (a & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  b = (b & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // variant 10
  char buf[37];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xffff),
                static_cast<unsigned>(b >> 48),
                static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return buf;
}

}  // namespace jxc::inventory
