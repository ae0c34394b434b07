#include "edge/weight/slot_counter.h"

#include <algorithm>
#include <cmath>

#include "edge/weight/grams_precision.h"

namespace jxc::weight {

namespace {
constexpr double kMaxUnits = 9007199254740992.0;  // 2^53
}  // namespace

std::string_view to_string(SlotStatus s) {
  switch (s) {
    case SlotStatus::waiting: return "waiting";
    case SlotStatus::counted: return "counted";
    case SlotStatus::unstable: return "unstable";
    case SlotStatus::needs_attention: return "needs_attention";
    case SlotStatus::overload: return "overload";
    case SlotStatus::underload: return "underload";
    case SlotStatus::no_unit_weight: return "no_unit_weight";
    case SlotStatus::offline: return "offline";
    case SlotStatus::implausible: return "implausible";
  }
  return "?";
}

bool SlotCounter::settle(SlotStatus st, std::optional<std::int64_t> count) {
  bool changed = st != status_ || count != count_;
  status_ = st;
  count_ = count;
  return changed;
}

bool SlotCounter::set_offline() {
  run_n_ = 0;
  return settle(SlotStatus::offline, count_);
}

void SlotCounter::set_rules(const CountRules& rules) {
  rules_ = rules;
  run_n_ = 0;
}

bool SlotCounter::add(const Sample& s) {
  if (s.overload) {
    run_n_ = 0;
    return settle(SlotStatus::overload, count_);
  }
  if (s.underload) {
    run_n_ = 0;
    return settle(SlotStatus::underload, count_);
  }
  // NaN would stick in the run (every comparison with it is false) and
  // an infinity has no count: neither enters the run.
  if (!std::isfinite(s.grams)) {
    run_n_ = 0;
    return settle(SlotStatus::implausible, count_);
  }
  // Gross as this slot's tare sees it, whether or not the transmitter tared.
  const double gross = s.net ? s.grams + rules_.tare_g : s.grams;
  // Extend the run while the weight stays within the band, else start anew.
  double lo = std::min(run_min_, gross), hi = std::max(run_max_, gross);
  if (run_n_ == 0 || hi - lo > rules_.band_g) {
    run_start_ = s.at_ms;
    run_min_ = run_max_ = run_sum_ = gross;
    run_n_ = 1;
  } else {
    run_min_ = lo;
    run_max_ = hi;
    run_sum_ += gross;
    ++run_n_;
  }
  double grams;
  if (s.at_ms - run_start_ >= rules_.window_ms) {
    grams = run_sum_ / static_cast<double>(run_n_);
  } else if (s.has_stable && s.stable) {
    grams = gross;
  } else {
    // Hands on the shelf: a counted slot keeps its count and says it is
    // moving; a slot coming back from offline or a limit waits for a stable
    // reading.
    if (status_ == SlotStatus::counted) return settle(SlotStatus::unstable, count_);
    if (status_ == SlotStatus::offline || status_ == SlotStatus::overload ||
        status_ == SlotStatus::underload)
      return settle(SlotStatus::waiting, count_);
    return false;
  }
  // An average of a run has more digits than any reading had.
  stable_grams_ = at_scale_precision(grams, rules_.resolution_g);
  has_stable_grams_ = true;

  if (rules_.unit_g <= 0) return settle(SlotStatus::no_unit_weight, count_);
  double units = (grams - rules_.tare_g) / rules_.unit_g;
  // Beyond 2^53 a double is no longer a whole count and the conversion to
  // int64_t may overflow (undefined behaviour): no shelf holds that much.
  if (!(std::fabs(units) < kMaxUnits)) return settle(SlotStatus::implausible, count_);
  // Weighed goods keep their quantity while the weight stays within the
  // stability band of it: the scale's own noise is no change of stock.
  const double keep = rules_.weighed ? std::max(rules_.tolerance + rules_.hysteresis, rules_.band_g / rules_.unit_g)
                                     : rules_.tolerance + rules_.hysteresis;
  if (count_ && (status_ == SlotStatus::counted || status_ == SlotStatus::unstable) &&
      std::fabs(units - static_cast<double>(*count_)) <= keep)
    return settle(SlotStatus::counted, count_);
  double nearest = std::round(units);
  if (nearest >= 0 && (rules_.weighed || std::fabs(units - nearest) <= rules_.tolerance))
    return settle(SlotStatus::counted, static_cast<std::int64_t>(nearest));
  return settle(SlotStatus::needs_attention, count_);
}

}  // namespace jxc::weight
