#include "drivers/barcode/worker_thread.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace jxc::barcode {

std::string WorkerThread::start(std::function<void()> body) {
  if (thread_.joinable()) return {};
  if (::pipe2(pipe_, O_CLOEXEC | O_NONBLOCK) != 0) return std::string("pipe: ") + std::strerror(errno);
  stopping_ = false;
  thread_ = std::thread(std::move(body));
  return {};
}

bool WorkerThread::stop() {
  if (!thread_.joinable()) return false;
  stopping_ = true;
  char b = 1;
  [[maybe_unused]] auto n = ::write(pipe_[1], &b, 1);
  thread_.join();
  ::close(pipe_[0]);
  ::close(pipe_[1]);
  pipe_[0] = pipe_[1] = -1;
  return true;
}

}  // namespace jxc::barcode
