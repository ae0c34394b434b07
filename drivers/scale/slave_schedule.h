#pragma once
// When each slave on a bus is next due, and whether it is offline. Pure over
// times in milliseconds so that back-off is tested without a bus.
//
// A slave that fails `offline_after` polls in a row is offline; it is then
// tried once after a wait that doubles from twice the poll interval up to
// `backoff_max_ms`, so that a dead slave takes a bounded share of the bus. One
// good answer brings it back to the normal cadence.

#include <cstdint>
#include <vector>

namespace jxc::scale {

struct SchedulePolicy {
  std::int64_t poll_interval_ms = 100;
  int offline_after = 3;
  std::int64_t backoff_max_ms = 10000;
};

class SlaveSchedule {
 public:
  SlaveSchedule(SchedulePolicy p, std::size_t slaves, std::int64_t now_ms);

  /// The slave due first (earliest due time; ties by index), and when.
  std::size_t next(std::int64_t* due_ms) const;
  /// Record the outcome of polling slave `i` at `now_ms`. Return true when
  /// the slave's online/offline state changed.
  bool succeeded(std::size_t i, std::int64_t now_ms);
  bool failed(std::size_t i, std::int64_t now_ms);

  bool offline(std::size_t i) const { return slaves_[i].offline; }
  int failures(std::size_t i) const { return slaves_[i].failures; }
  std::int64_t backoff_ms(std::size_t i) const { return slaves_[i].backoff_ms; }
  std::size_t offline_count() const;

 private:
  struct Slave {
    std::int64_t due_ms = 0;
    int failures = 0;
    bool offline = false;
    std::int64_t backoff_ms = 0;
  };
  SchedulePolicy p_;
  std::vector<Slave> slaves_;
};

}  // namespace jxc::scale
