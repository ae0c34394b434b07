#pragma once
// Scheduled backups ([backup] dir, interval_hours, keep): a thread of its own
// that takes a backup every interval and keeps the newest `keep`. A copy of a
// large store takes seconds; the gateway's loop (and its watchdog pings) never
// waits for one. A failure is logged and tried again at the next interval.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace jxc::service {

class BackupSchedule {
 public:
  /// `taken` counts the backups taken; it must outlive the schedule.
  BackupSchedule(std::string store_path, std::string dir, std::size_t keep,
                 std::chrono::steady_clock::duration interval, std::atomic<std::size_t>& taken);
  ~BackupSchedule();  // stop()
  void start();
  /// Waits for a backup in progress to finish.
  void stop();

 private:
  void run();

  std::string store_path_, dir_;
  std::size_t keep_;
  std::chrono::steady_clock::duration interval_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::atomic<std::size_t>& taken_;
  std::thread thread_;
};

}  // namespace jxc::service
