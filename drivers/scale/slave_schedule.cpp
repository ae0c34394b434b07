#include "drivers/scale/slave_schedule.h"

#include <algorithm>

namespace jxc::scale {

SlaveSchedule::SlaveSchedule(SchedulePolicy p, std::size_t slaves, std::int64_t now_ms)
    : p_(p), slaves_(slaves) {
  for (auto& s : slaves_) s.due_ms = now_ms;
}

std::size_t SlaveSchedule::next(std::int64_t* due_ms) const {
  std::size_t best = 0;
  for (std::size_t i = 1; i < slaves_.size(); ++i)
    if (slaves_[i].due_ms < slaves_[best].due_ms) best = i;
  if (due_ms) *due_ms = slaves_.empty() ? 0 : slaves_[best].due_ms;
  return best;
}

bool SlaveSchedule::succeeded(std::size_t i, std::int64_t now_ms) {
  Slave& s = slaves_[i];
  bool changed = s.offline;
  s.failures = 0;
  s.offline = false;
  s.backoff_ms = 0;
  // Keep the cadence, but never queue up polls missed while the bus was busy.
  s.due_ms = std::max(s.due_ms + p_.poll_interval_ms, now_ms);
  return changed;
}

bool SlaveSchedule::failed(std::size_t i, std::int64_t now_ms) {
  Slave& s = slaves_[i];
  ++s.failures;
  bool changed = false;
  if (!s.offline && s.failures >= p_.offline_after) {
    s.offline = true;
    changed = true;
  }
  if (s.offline) {
    s.backoff_ms = s.backoff_ms == 0 ? 2 * p_.poll_interval_ms : 2 * s.backoff_ms;
    s.backoff_ms = std::min(s.backoff_ms, p_.backoff_max_ms);
    s.due_ms = now_ms + s.backoff_ms;
  } else {
    s.due_ms = std::max(s.due_ms + p_.poll_interval_ms, now_ms);
  }
  return changed;
}

std::size_t SlaveSchedule::offline_count() const {
  return static_cast<std::size_t>(std::count_if(slaves_.begin(), slaves_.end(),
                                                [](const Slave& s) { return s.offline; }));
}

}  // namespace jxc::scale
