#include "edge/inventory/cost.h"

#include <limits>

#include "edge/inventory/quantity.h"

namespace jxc::inventory {
namespace {

using Wide = __int128;

/// num / den rounded half away from zero; den > 0.
Wide divide_rounded(Wide num, Wide den) {
  const Wide q = num / den, r = num % den;
  if (2 * (r < 0 ? -r : r) >= den) return num < 0 ? q - 1 : q + 1;
  return q;
}

Result<Money> fit(Wide v) {
  if (v > std::numeric_limits<Money>::max() || v < std::numeric_limits<Money>::min())
    return error(Errc::invalid_argument, "the value is too large to be kept");
  return static_cast<Money>(v);
}

}  // namespace

Result<Money> value_at_cost(Qty qty, Money unit_cost, int decimals) {
  return fit(divide_rounded(Wide{qty} * unit_cost, scale_of(decimals)));
}

Result<Money> average_cost(Qty qty, Money value, int decimals) {
  return fit(divide_rounded(Wide{value} * scale_of(decimals), qty));
}

Result<Money> value_at_average(const CostPool& pool, Qty n, int decimals) {
  if (pool.qty > 0) return fit(divide_rounded(Wide{pool.value} * n, pool.qty));
  return value_at_cost(n, pool.unit_cost, decimals);
}

Result<Money> value_out(const CostPool& pool, Qty n, std::optional<Money> given, int decimals) {
  if (pool.qty == n) return pool.value;
  if (given) return *given;
  return value_at_average(pool, n, decimals);
}

Result<Money> value_in(const CostPool& pool, Qty n, std::optional<Money> given, int decimals) {
  if (pool.qty + n == 0) return fit(-Wide{pool.value});
  if (given) return *given;
  return value_at_average(pool, n, decimals);
}

Result<CostPool> apply_to_pool(const CostPool& pool, Qty delta_qty, Money delta_value, int decimals) {
  CostPool out = pool;
  if (__builtin_add_overflow(pool.qty, delta_qty, &out.qty))
    return error(Errc::invalid_argument, "the quantity is too large to be kept");
  JXC_ASSIGN(out.value, fit(Wide{pool.value} + delta_value));
  if (out.qty > 0) {
    JXC_ASSIGN(out.unit_cost, average_cost(out.qty, out.value, decimals));
  }
  return out;
}

Result<Money> parse_money(std::string_view text, std::string_view what) {
  const std::string shown(text);
  auto bad = [&](const std::string& why) {
    return error(Errc::invalid_argument, std::string(what) + " '" + shown + "' " + why);
  };
  std::size_t i = 0;
  Money whole = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i)
    if (__builtin_mul_overflow(whole, Money{10}, &whole) || __builtin_add_overflow(whole, Money{text[i] - '0'}, &whole))
      return bad("is too large");
  const std::size_t whole_digits = i;
  Money frac = 0;
  int frac_digits = 0;
  if (i < text.size() && text[i] == '.') {
    for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++frac_digits) {
      if (frac_digits >= kMoneyDecimals) {
        if (text[i] != '0') return bad("has more than 4 decimals; it is not rounded");
      } else {
        frac = frac * 10 + (text[i] - '0');
      }
    }
    if (frac_digits == 0) return bad("is not a number");
  }
  if (i != text.size() || whole_digits + static_cast<std::size_t>(frac_digits) == 0)
    return bad(!text.empty() && text[0] == '-' ? "must not be negative" : "is not a number");
  for (int d = frac_digits; d < kMoneyDecimals; ++d) frac *= 10;
  Money out = 0;
  if (__builtin_mul_overflow(whole, kMoneyScale, &out) || __builtin_add_overflow(out, frac, &out))
    return bad("is too large");
  return out;
}

std::string format_money(Money m) {
  // The magnitude as unsigned, so that the most negative value prints too.
  auto mag = m < 0 ? 0 - static_cast<std::uint64_t>(m) : static_cast<std::uint64_t>(m);
  std::string frac = std::to_string(mag % static_cast<std::uint64_t>(kMoneyScale));
  frac.insert(0, static_cast<std::size_t>(kMoneyDecimals) - frac.size(), '0');
  return (m < 0 ? "-" : "") + std::to_string(mag / static_cast<std::uint64_t>(kMoneyScale)) + "." + frac;
}

}  // namespace jxc::inventory
