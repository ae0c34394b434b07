#pragma once
// What a scale driver feeds: readings of slots (by slot id from the
// configuration) and the loss of a slot's sensor. Called from the driver's
// own threads; implementations must be thread-safe and quick.

#include <string>

#include "edge/weight/slot_counter.h"

namespace jxc::weight {

class WeightSink {
 public:
  virtual ~WeightSink() = default;
  virtual void on_reading(const std::string& slot, const Sample& s) = 0;
  virtual void on_offline(const std::string& slot) = 0;
  /// After each pass over a bus: a chance for time-based work (match windows).
  virtual void on_idle() {}
};

}  // namespace jxc::weight
