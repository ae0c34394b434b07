#pragma once
// Turns one slot's stream of weights into a unit count: pure code over
// samples and their times, so that tests and the benchmark drive it without a
// sensor or a clock of their own.
//
// A sample counts only when it is stable: the sensor's stable flag is set, or
// the weight has stayed within `band_g` for `window_ms` (the mean of that run
// is then the weight). Count = round((weight - tare) / unit), accepted only
// when the remainder is within `tolerance` of a unit; otherwise the slot needs
// attention (mixed items, something lying on the shelf) instead of guessing.
// A net sample (the transmitter tared itself) is referred back to the slot's
// tare first, so a run of samples, the stable weight kept for calibration and
// the count all speak of one scale whether or not the transmitter is tared.
// Hysteresis: a slot keeps the count it holds while the remainder stays
// within tolerance + hysteresis, so a weight near a tolerance edge does not
// flap between a count and "needs attention" or between two counts.
//
// A sample that is not a finite number is refused, as is a stable weight of
// more units than a count holds (|units| >= 2^53, e.g. 1e300 g from a
// transmitter's float register): the slot is then `implausible`, keeping its
// last count, until a plausible stable weight arrives.
//
// Not thread-safe: one owner (the Shelf, under its lock).

#include <cstdint>
#include <optional>
#include <string_view>

namespace jxc::weight {

struct Sample {
  std::int64_t at_ms = 0;  // monotonic milliseconds
  double grams = 0;
  bool has_stable = false;  // the sensor reports stability
  bool stable = false;
  bool overload = false;
  bool underload = false;
  /// The transmitter has taken its own tare (its "tare done" bit is set), so
  /// `grams` is already net of the container: the slot's tare_g is not
  /// subtracted again. Transmitters without such a bit always report gross.
  bool net = false;
};

struct CountRules {
  double tare_g = 0;
  double unit_g = 0;  // 0: unknown (not calibrated, no master data)
  double tolerance = 0.25;
  double hysteresis = 0.1;
  double band_g = 2;
  std::int64_t window_ms = 1000;
  /// What the transmitter resolves (grams_precision.h); 0: a float register.
  double resolution_g = 0;
  /// Goods sold by weight (inventory::weighed_unit_g): unit_g is the weight of
  /// the item's smallest unit (1 g for kg with 3 decimals) and every weight is
  /// a quantity, rounded to that unit, never "not a whole number of units".
  bool weighed = false;
  bool operator==(const CountRules&) const = default;
};

enum class SlotStatus {
  waiting,          // no stable reading yet
  counted,          // `count` is what lies on the slot
  unstable,         // the weight is moving (hands on the shelf): `count` is the last one counted
  needs_attention,  // the weight is not a whole number of units
  overload,         // beyond the load cell's range
  underload,        // below zero (slot lifted, tare wrong)
  no_unit_weight,   // nothing to divide by: calibrate the slot
  offline,          // the sensor does not answer
  implausible,      // a weight no scale gives (not finite, or beyond any count): refused
};
std::string_view to_string(SlotStatus s);

class SlotCounter {
 public:
  explicit SlotCounter(CountRules rules = {}) : rules_(rules) {}

  /// Feeds one sample. Returns true when the status or the count changed.
  bool add(const Sample& s);
  /// The sensor stopped answering; true when that is a change.
  bool set_offline();
  /// New tare or unit weight (calibration); the next stable sample recounts.
  void set_rules(const CountRules& rules);

  SlotStatus status() const { return status_; }
  /// The count last accepted; meaningful while status() is counted, and kept
  /// (for reconciliation) through an unstable or unreadable spell.
  std::optional<std::int64_t> count() const { return count_; }
  /// The last stable weight, in grams (gross, tare included; a net reading
  /// has the slot's tare_g added back).
  double stable_grams() const { return stable_grams_; }
  bool has_stable_grams() const { return has_stable_grams_; }
  const CountRules& rules() const { return rules_; }

 private:
  bool settle(SlotStatus st, std::optional<std::int64_t> count);

  CountRules rules_;
  // The current run of samples within the band.
  std::int64_t run_start_ = 0;
  double run_min_ = 0, run_max_ = 0, run_sum_ = 0;
  std::int64_t run_n_ = 0;

  SlotStatus status_ = SlotStatus::waiting;
  std::optional<std::int64_t> count_;
  double stable_grams_ = 0;
  bool has_stable_grams_ = false;
};

}  // namespace jxc::weight
