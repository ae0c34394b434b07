#include "edge/alerts/replenishment.h"

#include <cmath>
#include <limits>

namespace jxc::alerts {

double inverse_normal_cdf(double p) {
  if (!(p > 0 && p < 1)) return std::numeric_limits<double>::quiet_NaN();
  // Coefficients of P. J. Acklam's algorithm (2003).
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                             1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01,  -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  const double low = 0.02425, high = 1 - low;
  double x;
  if (p < low) {
    double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= high) {
    double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    double q = std::sqrt(-2 * std::log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  // One Halley step against the exact CDF brings the error to machine level.
  double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
  double u = e * std::sqrt(2 * M_PI) * std::exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

DemandStats demand_stats(const std::vector<std::int64_t>& daily) {
  DemandStats s;
  s.days = static_cast<int>(daily.size());
  if (daily.empty()) return s;
  double sum = 0;
  for (auto v : daily) sum += static_cast<double>(v);
  s.mean = sum / static_cast<double>(daily.size());
  if (daily.size() > 1) {
    double sq = 0;
    for (auto v : daily) sq += (static_cast<double>(v) - s.mean) * (static_cast<double>(v) - s.mean);
    s.sigma = std::sqrt(sq / static_cast<double>(daily.size() - 1));
  }
  return s;
}

ReorderPoint reorder_point(const DemandStats& d, const ReorderPolicy& p) {
  ReorderPoint r;
  if (!d.has_history()) {
    r.reorder_point = static_cast<double>(p.min);
    return r;
  }
  double z = inverse_normal_cdf(p.service_level);
  r.safety_stock = z * d.sigma * std::sqrt(p.lead_time_days);
  r.reorder_point = d.mean * p.lead_time_days + r.safety_stock;
  r.from_history = true;
  return r;
}

std::int64_t order_quantity(double projected, const ReorderPoint& rop, const ReorderPolicy& p) {
  double target = p.max > 0 ? static_cast<double>(p.max)
                            : rop.reorder_point + static_cast<double>(p.reorder_qty);
  // A max below the computed reorder point would never restock; order up to
  // the reorder point plus the reorder quantity instead.
  if (p.max > 0 && target < rop.reorder_point) target = rop.reorder_point + static_cast<double>(p.reorder_qty);
  double need = std::ceil(target - projected - 1e-9);
  if (need <= 0) return 0;
  std::int64_t pack = p.pack_multiple > 0 ? p.pack_multiple : 1;
  auto q = static_cast<std::int64_t>(need);
  return (q + pack - 1) / pack * pack;
}

}  // namespace jxc::alerts
