#pragma once
// Durations the time-based rules count in.

#include "edge/common/clock.h"

namespace jxc::alerts {

inline constexpr TimeMs kMinuteMs = 60'000;
inline constexpr TimeMs kHourMs = 3'600'000;
inline constexpr TimeMs kDayMs = 86'400'000;

}  // namespace jxc::alerts
