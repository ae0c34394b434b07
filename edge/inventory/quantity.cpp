#include "edge/inventory/quantity.h"

#include <limits>

namespace jxc::inventory {

Qty scale_of(int decimals) {
  Qty s = 1;
  for (int i = 0; i < decimals; ++i) s *= 10;
  return s;
}

Result<Qty> parse_decimal(std::string_view text, int decimals, std::string_view what) {
  const std::string shown(text);
  auto bad = [&](const std::string& why) {
    return error(Errc::invalid_argument, std::string(what) + " '" + shown + "' " + why);
  };
  if (decimals < 0 || decimals > kMaxDecimals) return bad("has no valid number of decimals");
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  Qty whole = 0;
  std::size_t whole_digits = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++whole_digits)
    if (__builtin_mul_overflow(whole, Qty{10}, &whole) || __builtin_add_overflow(whole, Qty{text[i] - '0'}, &whole))
      return bad("is too large");
  Qty frac = 0;
  std::size_t frac_digits = 0;
  if (i < text.size() && text[i] == '.') {
    for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++frac_digits) {
      if (static_cast<int>(frac_digits) < decimals) {
        frac = frac * 10 + (text[i] - '0');
      } else if (text[i] != '0') {
        return bad(decimals == 0 ? "must be a whole number (the unit has no decimals)"
                                 : "has more than " + std::to_string(decimals) +
                                       " decimals (the unit's precision); it is not rounded");
      }
    }
    if (frac_digits == 0) return bad("is not a number");
  }
  if (i != text.size() || whole_digits + frac_digits == 0) return bad("is not a number");
  for (std::size_t d = frac_digits; static_cast<int>(d) < decimals; ++d) frac *= 10;
  Qty out = 0;
  if (__builtin_mul_overflow(whole, scale_of(decimals), &out) || __builtin_add_overflow(out, frac, &out))
    return bad("is too large");
  return negative ? -out : out;
}

std::string format_decimal(Qty scaled, int decimals) {
  if (decimals <= 0) return std::to_string(scaled);
  const Qty scale = scale_of(decimals);
  // The magnitude as unsigned, so that the most negative value prints too.
  auto mag = scaled < 0 ? 0 - static_cast<std::uint64_t>(scaled) : static_cast<std::uint64_t>(scaled);
  std::string frac = std::to_string(mag % static_cast<std::uint64_t>(scale));
  frac.insert(0, static_cast<std::size_t>(decimals) - frac.size(), '0');
  std::string out(scaled < 0 ? 1 : 0, '-');
  out += std::to_string(mag / static_cast<std::uint64_t>(scale));
  out += '.';
  out += frac;
  return out;
}

Qty ItemUnits::factor_of(std::string_view unit) const {
  if (unit.empty() || unit == base) return scale_of(decimals);
  for (const auto& p : packs)
    if (p.unit == unit) return p.factor;
  return 0;
}

std::string ItemUnits::known_units() const {
  std::string out;
  for (const auto& p : packs) out += p.unit + ", ";
  return out + base;
}

ItemUnits units_of(const Item& item) {
  ItemUnits u{item.uom, item.decimals, {}};
  for (const auto& p : item.packs) u.packs.push_back({p.unit, p.factor});
  return u;
}

Result<Qty> to_stored(std::string_view text, std::string_view unit, const ItemUnits& units,
                      std::string_view sku) {
  const Qty factor = units.factor_of(unit);
  if (factor <= 0)
    return error(Errc::invalid_argument, "item " + std::string(sku) + " has no unit '" + std::string(unit) +
                                             "' (its units: " + units.known_units() + ")");
  auto scaled = parse_decimal(text, units.decimals);
  if (!scaled)
    return error(Errc::invalid_argument, "item " + std::string(sku) + " in " +
                                             std::string(unit.empty() ? units.base : unit) + ": " +
                                             scaled.status().reason());
  // scaled / 10^decimals packs of `factor` smallest units each.
  Qty product = 0;
  if (__builtin_mul_overflow(*scaled, factor, &product))
    return error(Errc::invalid_argument, "quantity '" + std::string(text) + "' of item " + std::string(sku) +
                                             " is too large");
  const Qty scale = scale_of(units.decimals);
  if (product % scale != 0)
    return error(Errc::invalid_argument,
                 std::string(text) + " " + std::string(unit) + " of item " + std::string(sku) +
                     " is not a whole number of its smallest unit (1 " + std::string(unit) + " = " +
                     format_decimal(factor, units.decimals) + " " + units.base + ")");
  return product / scale;
}

double grams_per_unit(std::string_view unit) {
  if (unit == "kg" || unit == "KG" || unit == "公斤" || unit == "千克") return 1000;
  if (unit == "g" || unit == "克") return 1;
  if (unit == "斤") return 500;
  if (unit == "两") return 50;
  if (unit == "t" || unit == "吨") return 1'000'000;
  return 0;
}

double weighed_unit_g(const Item& item) {
  const double g = grams_per_unit(item.uom);
  if (item.decimals <= 0 || g <= 0) return 0;
  return g / static_cast<double>(scale_of(item.decimals));
}

std::string format_qty(Qty stored, const ItemUnits& units) {
  std::string out = format_decimal(stored, units.decimals);
  return units.base.empty() ? out : out + " " + units.base;
}

}  // namespace jxc::inventory
