#include "edge/alerts/channels/rate_limit.h"

#include <algorithm>

namespace jxc::alerts::channels {

std::vector<RateRule> robot_rate_rules(const std::string& kind) {
  if (kind == "dingtalk" || kind == "wecom") return {{20, 60'000}};
  if (kind == "feishu") return {{100, 60'000}, {5, 1'000}};
  return {};
}

TimeMs RateLimit::next_free(TimeMs now) const {
  TimeMs at = now;
  for (const RateRule& r : rules_) {
    const auto n = static_cast<std::size_t>(r.count);
    if (sent_.size() < n) continue;
    // The count-th newest message must have left the window.
    const TimeMs oldest_counted = sent_[sent_.size() - n];
    at = std::max(at, oldest_counted + r.window_ms);
  }
  return at;
}

void RateLimit::take(TimeMs now) {
  sent_.push_back(now);
  std::size_t keep = 0;
  for (const RateRule& r : rules_) keep = std::max(keep, static_cast<std::size_t>(r.count));
  while (sent_.size() > keep) sent_.pop_front();
}

void RateLimit::saturate(TimeMs now) {
  for (const RateRule& r : rules_)
    for (int i = 0; i < r.count; ++i) take(now);
}

}  // namespace jxc::alerts::channels
