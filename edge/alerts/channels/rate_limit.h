#pragma once
// A robot's rate limit as sliding windows ("20 messages in any 60 s"), kept
// per channel by the dispatcher. Pure: times in, times out, no clock.
//
// Documented limits: DingTalk group robots 20 messages a minute, WeCom group
// robots 20 a minute, Feishu/Lark custom robots 100 a minute and 5 a second.

#include <deque>
#include <string>
#include <vector>

#include "edge/common/clock.h"

namespace jxc::alerts::channels {

struct RateRule {
  int count = 0;         // at most this many messages
  TimeMs window_ms = 0;  // in any window this long
};

/// The limits of a channel kind; none for webhook and smtp.
std::vector<RateRule> robot_rate_rules(const std::string& kind);

class RateLimit {
 public:
  RateLimit() = default;
  explicit RateLimit(std::vector<RateRule> rules) : rules_(std::move(rules)) {}
  bool limited() const { return !rules_.empty(); }
  /// The earliest time at or after `now` a message may go.
  TimeMs next_free(TimeMs now) const;
  /// A message went at `now`.
  void take(TimeMs now);
  /// The robot said it is over its limit: nothing more until a whole
  /// window from `now` has passed.
  void saturate(TimeMs now);

 private:
  std::vector<RateRule> rules_;
  std::deque<TimeMs> sent_;  // oldest first, as long as the largest count
};

}  // namespace jxc::alerts::channels
