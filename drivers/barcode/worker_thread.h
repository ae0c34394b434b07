#pragma once
// A device thread that blocks in poll() and can be woken to stop: the thread
// plus a self-pipe whose read end the loop polls beside its device. Shared
// by the serial and HID scanners.

#include <atomic>
#include <functional>
#include <string>
#include <thread>

namespace jxc::barcode {

class WorkerThread {
 public:
  WorkerThread() = default;
  ~WorkerThread() { stop(); }
  WorkerThread(const WorkerThread&) = delete;
  WorkerThread& operator=(const WorkerThread&) = delete;

  /// Starts `body` on its own thread. Returns the reason when the wake pipe
  /// cannot be made (nothing is started then); empty on success or when
  /// already running.
  std::string start(std::function<void()> body);
  /// Sets stopping(), wakes the poll and joins. Returns false when it was not
  /// running. Idempotent.
  bool stop();

  bool running() const { return thread_.joinable(); }
  bool stopping() const { return stopping_; }
  /// Readable once stop() is called: poll it beside the device.
  int wake_fd() const { return pipe_[0]; }

 private:
  int pipe_[2] = {-1, -1};
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace jxc::barcode
